"""Text nested deeper than a parser can follow (``[[[[…]]]]``): one error line or a file taken as unreadable, never a
traceback. Python's JSON and TOML readers follow nesting by recursion and raise ``RecursionError`` (no
``ValueError``) past some hundreds of levels; every reader of text from outside the program is held to this.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Site, front, tree
from jiading_cli.base import jsontext
from jiading_cli.share.request import error_json

SRC = Path(__file__).resolve().parent.parent / "src" / "jiading_cli"
DEEP = 100_000


def _deep(open_: str = "[", close: str = "]") -> str:
    return open_ * DEEP + close * DEEP


def test_deep_json_is_malformed_json() -> None:
    with pytest.raises(ValueError, match="nested too deeply"):
        jsontext.loads(_deep())
    with pytest.raises(ValueError, match="nested too deeply"):
        jsontext.loads('{"a":' * DEEP + "1" + "}" * DEEP)
    assert jsontext.loads("[[1]]") == [[1]]


def test_a_servers_deeply_nested_reply_is_no_error_object() -> None:
    assert error_json(_deep().encode()) is None
    assert error_json(b'{"error": {"message": "x"}}') == {"error": {"message": "x"}}


@pytest.mark.parametrize("value", [_deep(), "{a=" * DEEP + "1" + "}" * DEEP], ids=["arrays", "inline tables"])
def test_deep_toml_is_one_jd001_line_naming_where(site: Site, value: str) -> None:
    config = site.root / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8") + f"\n[pages]\nextra = {value}\n", encoding="utf-8")
    line = config.read_text(encoding="utf-8").count("\n")  # the last line
    result = site.run("validate")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"Error: jiading.toml:{line}: error JD001 expected keys nested at most 100 deep (tables, dotted keys, arrays "
        "and inline tables), found deeper"
    ]


def _site(site: Site) -> None:
    site.article("en/a.md", tags="[finance, 金融]")
    site.article("en/b.md", id="urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5", title="Another article", slug="b")


@pytest.mark.parametrize(
    "planted",
    [
        "public/.jiading-manifest.json",
        "public/.jiading-pages.json",
        ".jiading-cache/feeds.json",
        ".jiading-cache/pinyin.json",
    ],
)
def test_a_deeply_nested_file_the_build_reads_is_taken_as_unreadable(site: Site, tmp_path: Path, planted: str) -> None:
    """A store of the cache nested too deep is not used; a manifest so nested is none a build writes, which stops the
    build in one line before anything is written (tests/test_manifest_damage.py), never a traceback."""
    _site(site)
    assert site.run("build").exit_code == 0
    clean = tree(site.root / "public")
    target = site.root / planted
    target.write_text(_deep(), encoding="utf-8")
    result = site.run("build")
    assert "Traceback" not in result.output
    after = tree(site.root / "public")
    if planted.startswith("public/"):
        assert result.exit_code == 1, result.output
        assert result.output.splitlines() == [
            f"Error: {planted}: expected the manifest of the files the last build wrote, found text that is not JSON "
            "(JSON nested too deeply to read); without it none of them is removed when no longer made: remove public/ "
            "and build again, or remove the manifest to keep them (nothing was written)"
        ]
        assert after == {**clean, planted.removeprefix("public/"): _deep().encode()}  # nothing written
    else:
        assert result.exit_code == 0, result.output
        assert after == clean


def test_only_the_guarded_readers_parse_json_or_toml() -> None:
    """JSON is decoded by ``base.jsontext`` alone; TOML from outside by ``parse_config`` alone, which reports nesting
    too deep (the message catalogues are the package's own, and a quoted key is one string), and the hint for a
    look-alike character, which reads the file again with a line mended, as ``parse_config`` reads it."""
    json_readers, toml_readers = set(), set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(SRC).as_posix()
        if re.search(r"\bjson\.loads?\(", text):
            json_readers.add(name)
        if re.search(r"\btomllib\.loads?\(", text):
            toml_readers.add(name)
    assert json_readers == {"base/jsontext.py"}
    assert toml_readers == {"config/__init__.py", "config/lines.py", "config/tomlhints.py", "content/messages.py"}


def test_front_matter_nested_deeply_is_one_error_line(site: Site) -> None:
    site.write("articles/a.md", front(extra=_deep()) + "Body.\n")
    result = site.run("validate")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert [line for line in result.output.splitlines() if line.startswith("articles/a.md")]
