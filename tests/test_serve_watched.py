"""What `jiading serve` watches: every file of the site but its own output (the preview folder, the deployed output
folder however nested, the cache), and whatever the watcher meets, the server goes on."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from hypothesis import example, given, settings
from hypothesis import strategies as st

from jiading_cli.app.serve import Session

NAME = st.text(alphabet="abcpublicout-_.0", min_size=1, max_size=8).filter(
    lambda s: s not in (".", "..") and not s.startswith(".")
)


def _session(root: Path, output_dir: str) -> SimpleNamespace:
    config = SimpleNamespace(root=root, output_path=root / output_dir)
    fake = SimpleNamespace(config=config, folder=root / f"{output_dir}-preview")
    fake.unwatched = lambda: Session.unwatched(fake)  # type: ignore[arg-type]
    return fake


@settings(max_examples=300, deadline=None)
@example(["out", "public"], ["en", "index.html"], "x")
@example(["public"], ["index.html"], "x")
@given(st.lists(NAME, min_size=1, max_size=3), st.lists(NAME, min_size=1, max_size=3), NAME)
def test_the_sessions_own_folders_are_unwatched_by_full_path_however_nested(
    output: list[str], below: list[str], suffix: str
) -> None:
    root = Path("/srv/site")
    output_dir = "/".join(output)
    fake = _session(root, output_dir)
    relevant = lambda path: Session.relevant(fake, str(root / path))  # type: ignore[arg-type]  # noqa: E731
    tail = "/".join(below)
    for own in (output_dir, f"{output_dir}-preview", ".jiading-cache"):
        assert not relevant(f"{own}/{tail}"), own
        assert not relevant(own)
    # a neighbour whose name merely starts like an output folder's is the site's own file
    neighbour = f"{output_dir}{suffix}/{tail}"
    if not any(p.startswith(".") for p in neighbour.split("/")) and not neighbour.endswith(("~", ".tmp")):
        assert relevant(neighbour) == (f"{output_dir}{suffix}" != f"{output_dir}-preview"), neighbour
    assert relevant("articles/en/a.md")
