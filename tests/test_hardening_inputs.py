"""Input that used to hang, explode or crash: each is now a rule-coded line, in bounded time, alike with and
without the cache."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import NOW, OTHER_ID, Site, front
from jiading_cli.base.printable import CONTROL

BODY = "Body.\n"
TIMED = re.compile(r" \(\d+\.\d\d s\)")


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line[0].isdigit()]


def untimed(text: str) -> str:
    return TIMED.sub("", text)


def both_ways(site: Site, *args: str) -> str:
    """The output of a command with the cache and the fast reader on, after checking it is the same off."""
    on = site.run(*args)
    off = site.run(*args, env={"JIADING_CACHE": "off", "JIADING_FAST_FRONT": "off"})
    assert (on.exit_code, untimed(on.stdout)) == (off.exit_code, untimed(off.stdout))
    return untimed(on.stdout)


def bomb(levels: int = 9) -> str:
    """Lists of ten aliases nine deep: 10^9 items if aliases were expanded."""
    rows = ["u0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    rows += [f"u{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, levels)]
    return "\n".join(rows) + f"\ntags: *a{levels - 1}\n"


# ---------------------------------------------------------------- denial of service


def test_an_alias_bomb_is_refused_at_once_and_every_alias_named(site: Site) -> None:
    site.write("articles/a.md", front().replace("---\n", "---\n" + bomb(), 1) + BODY)
    out = both_ways(site, "validate")
    assert "articles/a.md:3: error JD114 u1: expected the value written out, found a YAML alias (*name)" in out
    assert "articles/a.md:11: error JD114 tags:" in out
    assert out.endswith("9 errors, 1 warning, 0 notes in 1 file\n")


@pytest.mark.parametrize("command", [["validate"], ["list"], ["feed", "build"]])
def test_a_fifo_a_device_and_a_folder_named_md_are_one_line_each_never_a_hang(site: Site, command: list[str]) -> None:
    site.article()
    os.mkfifo(site.root / "articles/pipe.md")
    (site.root / "articles/zero.md").symlink_to("/dev/zero")
    (site.root / "articles/random.md").symlink_to("/dev/urandom")
    result = subprocess.run(
        [sys.executable, "-m", "jiading_cli", *command],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "JIADING_NOW": NOW},
    )
    shown = result.stdout + result.stderr
    if command == ["list"]:
        assert (result.returncode, result.stderr.splitlines()) == (
            1,
            [
                "Error: articles/pipe.md: JD100 expected a regular file, found a FIFO",
                "Error: articles/random.md: JD100 expected a regular file, found a character device",
                "Error: articles/zero.md: JD100 expected a regular file, found a character device",
            ],
        )
        return
    assert result.returncode == 1
    assert "articles/pipe.md: error JD100 expected a regular file, found a FIFO" in shown
    assert "articles/zero.md: error JD100 expected a regular file, found a character device" in shown
    assert "articles/random.md: error JD100 expected a regular file, found a character device" in shown


def test_a_file_named_as_an_article_argument_that_is_a_fifo_is_refused(site: Site) -> None:
    os.mkfifo(site.root / "articles/pipe.md")
    out = both_ways(site, "validate", "articles/pipe.md")
    assert lines(out) == ["articles/pipe.md: error JD100 expected a regular file, found a FIFO"]


def test_a_file_past_the_size_limit_is_refused_without_reading_it(site: Site) -> None:
    size = len(site.write("articles/a.md", front() + "x" * (4 * 1024 * 1024) + "\n").read_bytes())
    out = both_ways(site, "validate")
    assert lines(out) == [
        f"articles/a.md: error JD108 expected a file of at most 4,194,304 bytes, found {size:,}; split the article"
    ]


def test_front_matter_and_values_past_their_limits_are_located(site: Site) -> None:
    site.article("a.md", summary="x" * 70_000)
    site.write("articles/b.md", front(id=OTHER_ID).replace("---\n", "---\n" + "k: v\n" * 60_000, 1) + BODY)
    out = both_ways(site, "validate")
    assert "articles/a.md:5: error JD108 summary: expected text of at most 65,536 characters, found 70,000" in out
    assert "articles/b.md:2: error JD108 expected front matter of at most 262,144 characters, found 300,199" in out


def test_nesting_past_the_limit_is_the_same_message_with_and_without_the_cache(site: Site) -> None:
    site.article(category="{a: " * 999 + "x" + "}" * 999)
    site.article("b.md", id=OTHER_ID, syndication="[" * 17 + "]" * 17)
    out = both_ways(site, "validate")
    assert "articles/a.md:6: error JD108 category: expected lists and mappings nested at most 16 deep" in out
    assert "articles/b.md:6: error JD108 syndication: expected lists and mappings nested at most 16 deep" in out


def test_many_problems_in_one_file_are_capped_in_text_and_all_in_json(site: Site) -> None:
    site.write("articles/a.md", front().replace("---\n", "---\n" + "".join(f"k{n}: v\n" for n in range(120)), 1) + BODY)
    out = untimed(site.run("validate").stdout)
    assert out.count("warning JD105") == 50
    assert "articles/a.md: 70 more problems not shown; `--format json` lists every one\n" in out
    assert out.endswith("0 errors, 120 warnings, 0 notes in 1 file\n")
    assert len(json.loads(site.run("validate", "--format", "json").stdout)["problems"]) == 120
    github = site.run("validate", "--format", "github").stdout
    assert github.count("::warning ") == 50 and "::notice file=articles/a.md::70 more problems" in github


# ---------------------------------------------------------------- tracebacks


@pytest.mark.parametrize("command", [["validate"], ["feed", "build"]])
def test_urls_python_cannot_split_are_problems_in_every_place(site: Site, command: list[str]) -> None:
    site.article(
        canonical_url='"https://exam]ple.com/a"',
        image='"https://[x/a.jpg"',
        image_alt="A photo",
        body="See [x](https://[oops/a) and ![i](http://[::1/x.png) on [a port](https://a:99999/).\n",
    )
    out = both_ways(site, *command)
    assert lines(out) == [
        "articles/a.md:6: error JD170 canonical_url: expected an absolute https:// URL, got "
        "'https://exam]ple.com/a', where its host has a '[' or ']' without its pair",
        "articles/a.md:7: error JD160 image: expected an existing file or an https URL, got 'https://[x/a.jpg', "
        "where its host has a '[' or ']' without its pair",
        "articles/a.md:10: error JD163 body: expected a URL or a file name, got 'http://[::1/x.png': its host has a "
        "'[' or ']' without its pair",
        "articles/a.md:10: error JD163 body: expected a URL or a file name, got 'https://[oops/a': its host has a "
        "'[' or ']' without its pair",
        "articles/a.md:10: error JD163 body: expected a URL or a file name, got 'https://a:99999/': its port is not "
        "a number from 0 to 65535",
    ]


def test_a_canonical_url_with_a_port_out_of_range_is_refused(site: Site) -> None:
    site.article(canonical_url='"https://a:99999/"')
    assert lines(both_ways(site, "validate")) == [
        "articles/a.md:6: error JD170 canonical_url: expected an absolute https:// URL, got 'https://a:99999/', "
        "where its port is not a number from 0 to 65535"
    ]


@pytest.mark.parametrize("command", [["validate"], ["feed", "build"], ["list"]])
def test_tags_whose_text_their_constructor_refuses_are_problems(site: Site, command: list[str]) -> None:
    site.article(draft="!!bool maybe", updated="!!timestamp nonsense", syndication="[{x: !!bool perhaps}]")
    result = site.run(*command)
    shown = result.stdout + result.stderr
    assert result.exit_code == (0 if command == ["list"] else 1) and "Traceback" not in shown
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if command == ["validate"]:
        assert lines(both_ways(site, *command)) == [
            "articles/a.md:6: error JD104 draft: cannot read the value: expected true or false for !!bool, got 'maybe'",
            "articles/a.md:7: error JD104 updated: cannot read the value: expected a date such as "
            "2017-07-03T09:00:00+08:00 for !!timestamp, got 'nonsense'",
            "articles/a.md:8: error JD104 syndication: cannot read the value: expected true or false for !!bool, got "
            "'perhaps'",
        ]


def test_a_nul_in_a_referenced_path_is_a_problem_with_the_cache_on(site: Site) -> None:
    site.article(image='"a%00b.png"', image_alt="A photo", body="See [x](a%00b.pdf).\n")
    for _ in range(2):  # the second run is the one build avoidance answers
        assert lines(site.run("validate").stdout) == [
            "articles/a.md:6: error JD160 image: expected a file name, got 'a%00b.png': its path holds %00, which no "
            "file name can",
            "articles/a.md:9: error JD163 body: expected a URL or a file name, got 'a%00b.pdf': its path holds %00, "
            "which no file name can",
        ]
    assert site.run("feed", "build").exit_code == 1


def test_a_file_name_that_is_not_utf8_is_named_escaped_and_json_stays_utf8(site: Site) -> None:
    site.article()
    (site.root / os.fsdecode(b"articles/\xff.md")).write_text(front(id=OTHER_ID) + BODY, encoding="utf-8")
    out = both_ways(site, "validate")
    assert lines(out) == [
        "articles/\\xff.md: error JD100 expected a file name in UTF-8, found other bytes (shown as \\x..); rename "
        "the file"
    ]
    raw = subprocess.run(
        [sys.executable, "-m", "jiading_cli", "validate", "--format", "json"],
        cwd=site.root,
        capture_output=True,
        timeout=60,
        check=False,
    ).stdout
    assert json.loads(raw.decode("utf-8"))["problems"][0]["path"] == "articles/\\xff.md"
    assert site.run("feed", "build").exit_code == 1


@pytest.mark.parametrize("control", ["\n", "\r", "\t", "\x1b[31m", "\x7f", "\x85", "\x9b2J"])
def test_a_file_name_with_a_control_character_is_one_escaped_line_and_never_reaches_the_terminal(
    site: Site, control: str
) -> None:
    site.article()
    (site.root / f"articles/a{control}b.md").write_text(front(id=OTHER_ID) + BODY, encoding="utf-8")
    shown = "a" + repr(control)[1:-1] + "b"
    out = both_ways(site, "validate")
    problem = f"articles/{shown}.md: error JD100 expected a file name without control characters, found U+"
    assert [line[: len(problem)] for line in lines(out)] == [problem]
    for command in (("validate",), ("list",), ("build",), ("validate", "--format", "json")):
        result = site.run(*command)
        printed = result.stdout + result.stderr
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", printed), (command, printed)
        assert "\t" not in printed or command == ("list",)  # list's columns are tab-separated
        assert result.exit_code != 0 or command == ("list",), (command, printed)


def test_an_argument_with_control_characters_is_shown_escaped_in_errors(site: Site) -> None:
    site.article()
    result = site.run("--config", "c\x1b]0;title\x07.toml", "validate")
    assert result.exit_code == 2
    assert "Error: c\\x1b]0;title\\x07.toml: no such config file" in result.stderr
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stderr)


AWKWARD_PATHS = [
    "a" * 300,  # longer than a file name may be
    "articles/" + "b" * 5000 + ".md",  # and than a path may be
    "articles/" + "c/" * 1100,  # deeper than the interpreter may recurse
    "articles/x\x1by.md",
    "articles/../x",  # every path stays in the test's own folder: init writes where it is told
    "-",
]


@pytest.mark.parametrize("awkward", AWKWARD_PATHS)
@pytest.mark.parametrize(
    "command",
    [("validate", "{}"), ("share", "{}"), ("build", "--out", "{}"), ("feed", "build", "--out", "{}"), ("init", "{}")],
)
def test_a_path_argument_no_file_can_have_is_one_error_line(site: Site, command: tuple[str, ...], awkward: str) -> None:
    site.article()
    try:
        result = site.run(*(part.format(awkward) for part in command), "--yes" if command[0] == "init" else "-q")
    finally:
        _remove_deep(site.root)  # a tree deeper than shutil.rmtree (recursive) can remove
    assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.exception)
    assert result.exit_code in (0, 1, 2), (command, result.output[-300:])
    assert "Traceback" not in result.output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.output)


def _remove_deep(root: Path) -> None:
    """Remove the folders under ``root`` that hold nothing but folders (and the files jiading wrote), deepest first."""
    stack, seen = [root], []
    while stack:
        folder = stack.pop()
        seen.append(folder)
        stack.extend(entry for entry in folder.iterdir() if entry.is_dir() and not entry.is_symlink())
    for folder in reversed(seen[1:]):
        for entry in folder.iterdir():
            if not entry.is_dir():
                entry.unlink()
        folder.rmdir()


# ---------------------------------------------------------------- results that depended on the run


def test_a_set_is_described_the_same_way_under_every_hash_seed(site: Site) -> None:
    site.article(draft="!!set {alpha, beta, gamma, delta}")

    def run(seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed, "JIADING_CACHE": "off", "JIADING_NOW": NOW}
        command = [sys.executable, "-m", "jiading_cli", "validate"]
        return untimed(subprocess.run(command, cwd=site.root, capture_output=True, text=True, env=env).stdout)

    outputs = {run(seed) for seed in ("1", "2", "3", "4")}
    assert outputs == {
        "articles/a.md:6: error JD104 draft: expected true or false, got a set of 4\n\n"
        "1 error, 0 warnings, 0 notes in 1 file\n"
    }


def test_the_fifo_reader_never_blocks_even_when_called_directly(tmp_path: Path) -> None:
    from jiading_cli.content.source import Unreadable, read_file

    os.mkfifo(tmp_path / "p")
    with pytest.raises(Unreadable, match="a FIFO"):
        read_file(tmp_path / "p")
    with pytest.raises(Unreadable, match="a folder"):
        read_file(tmp_path)
    with pytest.raises(Unreadable, match="NUL"):
        read_file("a\0b")


def test_an_article_in_a_folder_whose_name_is_not_utf8_is_shown_escaped_in_valid_json(site: Site) -> None:
    folder = site.root / os.fsdecode(b"articles/\xfe")
    folder.mkdir()
    (folder / "a.md").write_text(front(id="nope") + BODY, encoding="utf-8")
    raw = subprocess.run(
        [sys.executable, "-m", "jiading_cli", "validate", "--format", "json"],
        cwd=site.root,
        capture_output=True,
        timeout=60,
        check=False,
    ).stdout
    assert [p["path"] for p in json.loads(raw.decode("utf-8"))["problems"]] == ["articles/\\xfe/a.md"]


def test_a_problem_holding_text_utf8_cannot_carry_is_escaped() -> None:
    from jiading_cli.model.errors import Problem

    problem = Problem("a\udcff.md", 1, "JD104", "error", "title", "got '\ud800'")
    # a byte not UTF-8 as the byte, as every message shows it; a lone surrogate of text as Python writes it
    assert problem.render().encode("utf-8") == b"a\\xff.md:1: error JD104 title: got '\\ud800'"


def test_a_body_link_to_a_fifo_a_socket_or_a_folder_is_one_line_each_not_a_link_to_nothing(site: Site) -> None:
    """Only a regular file is published: a link to anything else would lead nowhere on the site."""
    import socket

    site.article(body="See [the pipe](pipe.bin), [the socket](s.sock), [the folder](files/) and [it](files).\n")
    os.mkfifo(site.root / "articles/pipe.bin")
    (site.root / "articles/files").mkdir()
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(site.root / "articles/s.sock"))
        for args in (["validate"], ["build"]):
            out = both_ways(site, *args)
            assert sorted(lines(out)) == [
                "articles/a.md:7: error JD162 body: expected a file to publish, got 'files' (a folder, not a file)",
                "articles/a.md:7: error JD162 body: expected a file to publish, got 'files/' (a folder, not a file)",
                "articles/a.md:7: error JD162 body: expected a file to publish, got 'pipe.bin' "
                "(not a regular file but a FIFO)",
                "articles/a.md:7: error JD162 body: expected a file to publish, got 's.sock' "
                "(not a regular file but a socket)",
            ]
    assert not (site.root / "public").exists()


@pytest.mark.parametrize(
    ("written", "on_disk", "said"),
    [
        ("caf\u00e9.png", "cafe\u0301.png", "'cafe\\u0301.png' differs from it only in how its accents are encoded"),
        ("cafe\u0301.png", "caf\u00e9.png", "'café.png' differs from it only in how its accents are encoded"),
        ("Photo.PNG", "photo.png", "'photo.png' differs from it only in case"),
    ],
)
def test_a_file_named_but_for_case_or_unicode_form_is_named_in_the_error(
    site: Site, written: str, on_disk: str, said: str
) -> None:
    """The web server tells such names apart, as Linux does: the error shows the name the file has."""
    site.article(body=f"![The hall]({written})\n", image=written, image_alt="The hall")
    (site.root / "articles" / on_disk).write_bytes(b"png")
    out = both_ways(site, "validate")
    for where in ("6: error JD160 image: expected an existing file", "9: error JD162 body: expected the linked file"):
        assert f"articles/a.md:{where}" in out, out
    assert out.count(f"(no such file; {said}") == 2, out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    folder=st.text(st.characters(min_codepoint=1, max_codepoint=0xA0, blacklist_characters="/"), min_size=1, max_size=6)
    .filter(lambda name: not name.startswith(".") and CONTROL.search(name) is not None)  # a dot folder is not read
    .map(os.fsencode)
    | st.sampled_from([b"x\xffy", b"\x80", b"caf\xe9"])
)
def test_an_article_in_a_folder_whose_name_cannot_be_shown_is_one_jd100_line_naming_the_folder(
    site: Site, folder: bytes
) -> None:
    """A message shows such a name escaped, and a file the article names beside it would be looked for under the
    shown name: the article is refused as one line naming the folder, never said to name a file that is not there."""
    shutil.rmtree(site.root / "articles")
    where = site.root / "articles" / os.fsdecode(folder)
    where.mkdir(parents=True)
    (where / "a.md").write_text(front() + "[the plan](plan.pdf)\n", encoding="utf-8")
    (where / "plan.pdf").write_bytes(b"%PDF-1.4\n")
    out = both_ways(site, "validate")
    (line,) = [line for line in lines(out) if " error " in line]  # a name Windows cannot hold is JD117 too
    assert line.startswith("articles/") and " error JD100 expected a folder name " in line, line
    assert line.endswith("; rename the folder"), line
    assert "JD162" not in out
    assert site.run("build").exit_code == 1
