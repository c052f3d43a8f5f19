"""Every command's output, whatever the streams can carry and whatever the articles hold.

- A stdout or stderr in an encoding that cannot write Chinese (``PYTHONIOENCODING=latin-1``, ``cp1252``, ``ascii``;
  ``LANG=C``, ``LC_ALL=POSIX``; UTF-8 mode turned off in the C locale, where Python reads arguments and file names
  as ASCII) ends no command in a traceback: the status is the one a UTF-8 run gives, and a
  ``--json`` document read in that encoding is the very data the UTF-8 run gives (``docs/exit-codes.md``).
- For drawn hostile titles and file names (quotes, backslashes, control characters, bidirectional marks, characters
  beyond U+FFFF, lone surrogates written as YAML escapes), each ``--json`` output is one JSON document holding the
  title exactly, its keys the documented ones, whether the run succeeds, warns or fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CONFIG, NOW, REPO
from jiading_cli.cli import app

CHINESE = """\
---
id: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a11
title: 金融业助力嘉定发展 😀
slug: jin-rong
date: 2017-07-03T18:00:00+08:00
summary: 嘉定区与上海市金融服务办公室签署金融战略合作备忘录，推动金融业助力嘉定发展。
tags: [金融]
category: 经济
---
嘉定区与上海签署 [备忘录](https://example.com/)。
"""
BROKEN = "---\ntitle: [未闭合\n---\n正文\n"
COMMANDS = [
    ["list"], ["list", "--json"], ["validate"], ["validate", "--format", "json"], ["validate", "--format", "github"],
    ["build"], ["build", "--json"], ["feed", "build"], ["feed", "build", "--json"], ["share"], ["share", "--json"],
    ["share", "--out", "out"], ["rule", "JD123"], ["rule", "--json"], ["validate", "articles/缺.md"],
    ["new-article", "嘉定 😀", "--slug", "jia-ding"], ["new-article", "嘉定", "--slug", "jia-ding-2", "--json"],
]  # fmt: skip
ENCODINGS = {
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "cp1252": {"PYTHONIOENCODING": "cp1252"},
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "LANG=C": {"LANG": "C", "LC_ALL": "C"},
    "LC_ALL=POSIX": {"LC_ALL": "POSIX"},
    "PYTHONUTF8=0 LC_ALL=C": {"PYTHONUTF8": "0", "LC_ALL": "C"},  # arguments and file names handed over as ASCII
}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site with a Chinese article in a Chinese folder, and one that cannot be loaded."""
    root = tmp_path_factory.mktemp("made") / "site"
    (root / "articles/zh-cn/财经").mkdir(parents=True)
    (root / "jiading.toml").write_text(CONFIG.replace('language = "en"', 'language = "zh-CN"'), encoding="utf-8")
    (root / "articles/zh-cn/财经/金融.md").write_text(CHINESE, encoding="utf-8")
    return root


def _run(site: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    every = {**os.environ, "PYTHONPATH": str(REPO / "src"), "JIADING_CACHE": "off", "JIADING_NOW": NOW}
    for name in ("PYTHONIOENCODING", "LANG", "LC_ALL", "LC_CTYPE", "JIADING_CONFIG"):
        every.pop(name, None)
    command = [sys.executable, "-m", "jiading_cli", *args]
    return subprocess.run(command, cwd=site, env={**every, **env}, capture_output=True, check=False, timeout=60)


@pytest.mark.parametrize("broken", [False, True], ids=["clean", "an article that cannot be loaded"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_encoding_of_the_streams_ends_a_command_in_a_traceback(
    made: Path, tmp_path: Path, args: list[str], broken: bool
) -> None:
    runs = {}
    for name, env in {"UTF-8": {"LC_ALL": "C.UTF-8"}, **ENCODINGS}.items():
        site = tmp_path / name
        shutil.copytree(made, site)
        if broken:
            (site / "articles/zh-cn/财经/坏.md").write_text(BROKEN, encoding="utf-8")
        runs[name] = _run(site, args, env)
    normal = runs.pop("UTF-8")
    for name, done in runs.items():
        err = done.stderr.decode("utf-8", "replace")
        assert "Traceback" not in err and "UnicodeEncodeError" not in err, (name, err)
        assert done.returncode == normal.returncode, (name, err)
        if "--json" in args or "json" in args:
            encoding = ENCODINGS[name].get("PYTHONIOENCODING", "utf-8").replace("ascii", "utf-8")
            found, expected = json.loads(done.stdout.decode(encoding)), json.loads(normal.stdout.decode("utf-8"))
            assert _steady(found) == _steady(expected), name


def _steady(value: object) -> object:
    """``value`` without what differs between two runs in two folders: the folder, a new article's id."""
    if isinstance(value, dict):
        return {k: _steady(v) for k, v in value.items() if k not in {"root", "id", "out"}}
    if isinstance(value, list):
        return [_steady(v) for v in value]
    return value


# What each --json output's documents hold (docs/commands.md), key by key.
PROBLEM = {"path", "line", "code", "severity", "field", "message"}
REPORT = {"root", "files", "errors", "warnings", "notes", "ok", "problems"}
FEED_FILE = {"feed", "kind", "name", "format", "items", "path", "url", "status"}
FEED_BUILD = {"root", "out", "preview", "left_out", "files", "removed", "left", "pinged"}
BUILD = FEED_BUILD | {"feeds"}
LIST_ROW = {"date", "status", "lang", "title", "path", "id", "root"}
RULE = {"code", "severity", "summary", "why", "problem", "fix", "against"}

TITLE_CHARACTERS = st.characters(blacklist_categories=("Cn",), blacklist_characters="\x00") | st.sampled_from(
    ['"', "\\", "'", "\x1b", "\x07", "\t", "\x85", "\u202e", "\u2028", "\ud800", "\udcff", "😀", "嘉"]
)


def _yaml_escaped(text: str) -> str:
    """``text`` as a YAML double-quoted scalar of escapes only: what it holds reaches the loader exactly, a lone
    surrogate among them."""
    return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}" for c in text) + '"'


def _article(title: str, number: int) -> str:
    return (
        f"---\nid: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a{number:02d}\ntitle: {_yaml_escaped(title)}\n"
        f"slug: article-{number}\ndate: 2017-07-03T18:00:00+08:00\n"
        "summary: Jiading signed a memorandum of strategic cooperation on finance.\n---\nBody.\n"
    )


def _one_document(output: str) -> object:
    """The one JSON document ``output`` is, nothing before or after it."""
    decoder = json.JSONDecoder()
    value, end = decoder.raw_decode(output)
    assert output[end:].strip() == "", output[end:]
    return value


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=st.text(TITLE_CHARACTERS, min_size=1, max_size=12),
    name=st.binary(min_size=1, max_size=8).filter(
        lambda b: b"/" not in b and b"\x00" not in b and b not in {b".", b".."}
    ),
)
def test_every_json_output_is_one_document_with_the_exact_strings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, title: str, name: bytes
) -> None:
    site = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), os.urandom(6).hex().encode())))
    (site / "articles/en").mkdir(parents=True)
    (site / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    (site / "articles/en/plain.md").write_text(_article(title, 1), encoding="utf-8", errors="surrogatepass")
    with open(os.path.join(os.fsencode(site / "articles/en"), name + b".md"), "w", encoding="utf-8") as odd:
        odd.write(_article("Odd name", 2))
    monkeypatch.chdir(site)
    monkeypatch.delenv("JIADING_CONFIG", raising=False)
    runner = CliRunner()
    env = {"JIADING_NOW": NOW, "JIADING_CACHE": "off"}
    listed = runner.invoke(app, ["list", "--json"], env=env)
    rows = _one_document(listed.stdout)
    assert isinstance(rows, list) and all(set(row) == LIST_ROW for row in rows)
    titles = {row["title"] for row in rows if row["path"] == "articles/en/plain.md"}
    assert titles in ({title.strip()}, set()), (
        titles
    )  # listed with its very title (white space around it taken off), or not listed (it cannot be loaded)
    report = _one_document(runner.invoke(app, ["validate", "--format", "json"], env=env).stdout)
    assert isinstance(report, dict) and set(report) == REPORT and all(set(p) == PROBLEM for p in report["problems"])
    assert report["root"] == str(site)
    for args, keys in ((["build", "--json"], BUILD), (["feed", "build", "--json"], FEED_BUILD)):
        done = runner.invoke(app, args, env=env)
        built = _one_document(done.stdout)
        assert isinstance(built, dict)
        assert set(built) == (REPORT if done.exit_code else keys), (args, done.stderr)
        assert built["root"] == str(site)
        if not done.exit_code:
            assert all(set(row) == FEED_FILE for row in built["files" if args[0] == "feed" else "feeds"])
    shared = runner.invoke(app, ["share", "--json"], env=env)
    if shared.stdout:
        _one_document(shared.stdout)
    made = runner.invoke(app, ["new-article", title, "--slug", "new", "--json"], env=env)
    if made.exit_code == 0:
        assert set(_one_document(made.stdout)) == {"path", "id", "slug", "root"}
    else:
        assert made.stdout == "" and made.exit_code in {1, 2}, made.stderr  # refused: nothing written, nothing said


def test_every_rule_as_json_names_its_documented_keys() -> None:
    rules = _one_document(CliRunner().invoke(app, ["rule", "--json"]).stdout)
    assert isinstance(rules, list) and rules and all(set(rule) == RULE for rule in rules)


def _text_codecs() -> list[str]:
    """Every codec Python ships that it takes for a text encoding, so takes for ``PYTHONIOENCODING``."""
    import codecs
    import encodings
    import pkgutil

    found = []
    for module in sorted({found.name for found in pkgutil.iter_modules(encodings.__path__)} - {"aliases"}):
        try:
            info = codecs.lookup(module)
        except LookupError:  # a module of another platform (mbcs, oem)
            continue
        if getattr(info, "_is_text_encoding", True):
            found.append(module)
    return found


@pytest.mark.parametrize("codec", ["idna", "undefined", "punycode"])
def test_a_codec_that_writes_no_text_is_replaced_by_utf8(made: Path, codec: str) -> None:
    """``PYTHONIOENCODING=idna`` (no error handler, no label over 63 characters), ``undefined`` (writes nothing) and
    ``punycode`` (a '-' after each write) cannot carry a command's lines: they are written in UTF-8, each line whole,
    never Python's "lost sys.stderr"."""
    listed = _run(made, ["list"], {"PYTHONIOENCODING": codec})
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.decode("utf-8").splitlines() == [
        "2017-07-03 18:00\tpublished\tzh-CN\t金融业助力嘉定发展 😀\tarticles/zh-cn/财经/金融.md"
    ]
    refused = _run(made, ["bogus"], {"PYTHONIOENCODING": codec})
    assert refused.returncode == 2
    assert refused.stderr.decode("utf-8").splitlines()[0].startswith("Error: No such command 'bogus'; see '")


@pytest.fixture(scope="module")
def both_streams(tmp_path_factory: pytest.TempPathFactory, made: Path) -> Path:
    """The Chinese site and an article that cannot be loaded: ``list`` writes a row on stdout and a line on stderr."""
    root = tmp_path_factory.mktemp("both") / "site"
    shutil.copytree(made, root)
    (root / "articles/zh-cn/坏.md").write_text(BROKEN, encoding="utf-8")
    return root


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(_text_codecs()))
def test_no_text_codec_python_ships_ends_a_command_in_a_crash(both_streams: Path, codec: str) -> None:
    """A drawn one of them: the command's own status, and its lines on both streams read back in the stream's
    encoding or, where that cannot carry them, in UTF-8; never Python's "lost sys.stderr"."""
    done = _run(both_streams, ["list"], {"PYTHONIOENCODING": codec})
    assert done.returncode == 0, (codec, done.stderr[-300:])
    assert b"lost sys.std" not in done.stderr, codec
    for shown, line in ((done.stdout, "2017-07-03 18:00\tpublished"), (done.stderr, "Warning: articles/")):
        readable = []
        for encoding in (codec, "utf-8"):
            try:
                readable.append(shown.decode(encoding))
            except (UnicodeError, LookupError):
                continue
        assert any(text.startswith(line) for text in readable), (codec, shown[:80])
