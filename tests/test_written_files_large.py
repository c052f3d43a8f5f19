"""A file a person writes and jiading reads whole (`jiading.toml`, the `.gitignore` `init` adds to) past any size
such a file has (`WRITTEN_MAX`, 1 MiB): named in one line by its size, never read into memory. A config of
gigabytes (sparse, as `truncate -s 2G` makes one) stops every command in a process of 1 GiB with that line and
exit 2, where reading it whole failed; one of 1 MiB of comments is still read, one byte more is not."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CONFIG, NOW, Site
from jiading_cli.cli import app
from test_faults_hostile import _run, _site
from test_init_edges import FLAGS, here

SIZE = 2 << 30
LIMIT = 1 << 30
WRITTEN_MAX = 1 << 20  # the most a config may hold, as docs/config.md says


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def _padded(size: int) -> str:
    """The test config, then comments up to ``size`` bytes in all."""
    pad = size - len(CONFIG.encode("utf-8"))
    lines, rest = divmod(pad, 64)
    return CONFIG + ("#" * 63 + "\n") * lines + ("#" * (rest - 1) + "\n" if rest else "")


@pytest.mark.parametrize("command", [("list",), ("validate",), ("build",), ("new-article", "Title")], ids=" ".join)
def test_a_config_of_gigabytes_is_one_line_never_read(tmp_path: Path, command: tuple[str, ...]) -> None:
    root = _site(tmp_path / "site")
    with (root / "jiading.toml").open("r+b") as handle:
        handle.truncate(SIZE)
    done = _run(root, *command, limit=_limited)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"Error: jiading.toml: expected a config of at most 1 MiB, found {SIZE:,} bytes\n"
    assert sorted(p.name for p in root.iterdir()) == ["articles", "jiading.toml"]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(over=st.integers(-2, 2) | st.integers(3, 1 << 16))
def test_a_config_is_read_up_to_the_limit_and_refused_past_it(site: Site, over: int) -> None:
    """(The site is the same for each size drawn: only its config is written, whole, each time.)"""
    size = WRITTEN_MAX + over
    (site.root / "jiading.toml").write_text(_padded(size), encoding="utf-8")
    assert (site.root / "jiading.toml").stat().st_size == size
    result = site.run("list")
    if over <= 0:
        assert result.exit_code == 0, result.output
    else:
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == f"Error: jiading.toml: expected a config of at most 1 MiB, found {size:,} bytes\n"


def test_init_names_a_gitignore_of_gigabytes_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    with (tmp_path / "site/.gitignore").open("wb") as handle:
        handle.truncate(SIZE)
    with here(tmp_path):
        result = CliRunner().invoke(app, ["init", *FLAGS, "site"], env={"JIADING_NOW": NOW, "JIADING_CONFIG": None})
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"Error: site/.gitignore: expected an ignore file of at most 1 MiB, found {SIZE:,} bytes "
        "(nothing was written)\n"
    )
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [".gitignore"]
