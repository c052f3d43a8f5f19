"""A manifest of a build that is there but is not one a build writes: one line saying what to do, nothing written.

Without its list of files a build could never tell the files the last one wrote from anyone else's, and a page of an
article deleted since would stay published (it was read as empty, and the new manifest written over it).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Site, tree
from jiading_cli.feeds import manifest
from jiading_cli.feeds.mark import MARK, MARK_TEXT

HEAD = "Error: public/{name}: expected the manifest of the files the last build wrote, found "
TAIL = (
    "; without it none of them is removed when no longer made: remove public/ and build again, or remove the "
    "manifest to keep them (nothing was written)"
)


def _conflict(good: bytes) -> bytes:
    lines = good.splitlines(keepends=True)
    return b"".join(
        [*lines[:4], b"<<<<<<< HEAD\n", *lines[4:6], b"=======\n", lines[4], b">>>>>>> other\n", *lines[6:]]
    )


# How a manifest comes to be damaged (from the one a build wrote), and what the line says was found.
DAMAGE = {
    "merge conflict": (_conflict, "text that is not JSON (line 5, column 1: Expecting property name"),
    "cut short": (lambda good: good[: len(good) // 2], "text that is not JSON (line "),
    "emptied": (lambda good: b"", "text that is not JSON (line 1, column 1: Expecting value)"),
    "not UTF-8": (lambda good: good.replace(b'"files"', b'"\xff"'), "bytes that are not UTF-8 text"),
    "a list": (lambda good: b"[]\n", 'JSON without its "files" object'),
    "no files": (lambda good: b'{"generator": "jiading"}\n', 'JSON without its "files" object'),
    "files a list": (lambda good: b'{"files": ["a.html"]}\n', 'JSON without its "files" object'),
    "no digest": (lambda good: b'{"files": {"en/index.html": null}}\n', 'a file listed without its digest, as "en/'),
    "nested deep": (lambda good: b"[" * 100_000 + b"]" * 100_000, "text that is not JSON (JSON nested too deeply"),
}


FEEDS, PAGES = ".jiading-manifest.json", ".jiading-pages.json"
CASES = [
    *[(("feed", "build"), FEEDS, how) for how in sorted(DAMAGE)],
    *[(("build",), PAGES, how) for how in sorted(DAMAGE)],
    (("build",), FEEDS, "merge conflict"),
]


@pytest.mark.parametrize(("command", "name", "how"), CASES)
def test_a_damaged_manifest_is_one_line_and_nothing_is_written_or_orphaned(
    site: Site, command: tuple[str, ...], name: str, how: str
) -> None:
    damage, found = DAMAGE[how]
    gone = site.article("b.md", id="urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5", slug="gone", tags="[gone]")
    site.article()
    assert site.run(*command).exit_code == 0
    public = site.root / "public"
    listed = json.loads((public / name).read_bytes())["files"]
    (public / name).write_bytes(damage((public / name).read_bytes()))
    gone.unlink()  # its page and its tag's feeds are no longer made: the manifest alone says they may go
    before = tree(public)
    result = site.run(*command)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(HEAD.format(name=name) + found), result.stderr
    assert result.stderr.endswith(TAIL + "\n") and result.stderr.count("\n") == 1, result.stderr
    assert tree(public) == before  # the damaged manifest left for the user, and no temporary file or mark
    orphans = [path for path in listed if "gone" in path]
    assert orphans
    (public / name).unlink()  # to keep them, as the line says
    assert site.run(*command).exit_code == 0
    assert all((public / path).exists() for path in orphans)
    assert json.loads((public / name).read_text(encoding="utf-8"))["generator"] == "jiading"


def test_a_manifest_with_names_no_build_writes_is_still_read(site: Site) -> None:
    """Such names are not the build's (never removed, never a reason to stop): the manifest's other files are."""
    site.article(tags="[finance]")
    assert site.run("feed", "build").exit_code == 0
    path = site.root / "public" / ".jiading-manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["files"]["../articles/a.md"] = "sha256:0"
    path.write_text(json.dumps(data), encoding="utf-8")
    site.article()
    assert site.run("feed", "build").exit_code == 0
    assert not (site.root / "public" / "tags" / "finance").exists()


GOOD = manifest.manifest_bytes({"a.html": manifest.digest(b"a"), "en/b.html": manifest.digest(b"b")}, False)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        JSON, st.fixed_dictionaries({"files": JSON}), st.fixed_dictionaries({"files": st.dictionaries(st.text(), JSON)})
    )
)
def test_only_json_listing_each_file_with_its_digest_is_a_manifest(data: object) -> None:
    files, wrong = manifest.parsed(json.dumps(data).encode())
    listing = isinstance(data, dict) and isinstance(data.get("files"), dict)
    if listing and all(isinstance(value, str) for value in data["files"].values()):
        assert wrong is None and files == {k: v for k, v in data["files"].items() if manifest.safe_name(k)}
    else:
        assert wrong is not None and files == {}


@pytest.mark.parametrize("cut", range(len(GOOD) - 1))
def test_every_manifest_cut_short_is_damaged(cut: int) -> None:
    assert manifest.parsed(GOOD[:cut])[1] is not None


def test_a_killed_builds_notes_are_not_written_over_a_damaged_manifest(site: Site) -> None:
    """A killed build's files go into the manifest as it is read: one that is damaged is left for its line."""
    site.article(tags="[finance]")
    assert site.run("feed", "build").exit_code == 0
    public = site.root / "public"
    note = manifest.digest((public / "feed.xml").read_bytes())
    (public / (FEEDS + MARK)).write_bytes(MARK_TEXT + f"//0{note}/feed.xml\0".encode())
    (public / FEEDS).write_bytes(b"<<<<<<< HEAD\n")
    result = site.run("feed", "build")
    assert result.exit_code == 1 and result.stderr.startswith(HEAD.format(name=FEEDS)), result.stderr
    assert (public / FEEDS).read_bytes() == b"<<<<<<< HEAD\n"
