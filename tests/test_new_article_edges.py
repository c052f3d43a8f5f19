"""`jiading new-article` against adversarial arguments and file-system states: every article it writes loads and
passes `jiading validate`, or it refuses in one line per problem with a documented exit code, writing nothing;
it never writes outside the folder `validate` reads, over anything that is there, or half a file."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from conftest import CONFIG, NOW, Site
from jiading_cli.cli import app
from jiading_cli.model.kinds import blank

LONG = "word " * 2000
# Values each option is tried with: empty, blank, punctuation, emoji, right-to-left, very long, line breaks of
# every kind, YAML's and TOML's own characters, quotes, backslashes, control characters, Chinese, paths.
ADVERSARIAL = [
    "", " ", "\t", "!!!", "¿?¡!", "😀😀", "مرحبا بالعالم", "\u202eabc", "שלום", LONG, "x" * 10_000, "a\nb", "a\r\nb",
    "a\rb", "a\u2028b", "a\u2029b", "a\x85b", "a\x0bb", "---", "--- x", "a: b", ": x", "# x", "a #b", "- x", "? x",
    "[x]", "{x}", "&a *b", "!tag x", "%x", "@x", "`x", "|", ">", "'", '"', "a'b\"c", "\\", "a\\b", "\\n", "a\x00b",
    "a\x01b", "a\x1bb", "a\x7fb", "\ufeffx", "\udcff", "null", "~", "true", "123", "1e9", "2026-01-01", "中文标题",
    "金融业助力嘉定发展", "こんにちは", "한국어", "=?utf-8?q?x?=", "a =? b", "/", "..", "../x", "a/b", "%2F",
    "a%2Fb", ".hidden", "CON", "nul", "aux.md", "UPPER", "a b", "-", "ＡＢＣ", "a.md", "welcome", "en", "EN",
    "zh-cn", "ZH-cn", "en_US", "cn", "x", "i-klingon", "qaa", "de-CH-1901", " en", "0001-01-01", "9999-12-31",
    "2026-02-30", "20260101", "2026-W01", "2026-11-27T12:00:00Z", "2026-01-01T24:00", "nan",
]  # fmt: skip
OPTIONS = ["TITLE", "--slug", "--lang", "--tag", "--category", "--summary", "--author", "--date"]
VALUES = st.sampled_from(ADVERSARIAL) | st.text(max_size=40)


@contextmanager
def new_site() -> Iterator[Path]:
    """A site with one article, as the current folder (a `site` fixture for each drawn example)."""
    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="jiading-edges-") as folder:
        root = Path(folder, "site")
        (root / "articles/en/2026").mkdir(parents=True)
        (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
        (root / "articles/en/2026/existing.md").write_text(EXISTING, encoding="utf-8")
        (Path(folder) / "outside").mkdir()
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(here)


EXISTING = """\
---
id: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10
title: Open day
date: 2026-11-20T10:00:00+08:00
summary: Jiading's innovation park opens its doors to visitors for a day.
lang: en
slug: open-day
---
Body.
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"JIADING_NOW": NOW, "JIADING_CONFIG": None})


WHOLE = 1 << 20  # a file up to this size is compared by its bytes; a larger one (another test's) by its stat


def snapshot(folder: Path) -> dict[str, tuple[str, bytes]]:
    """Everything under ``folder`` as it is (no link followed): each name's kind and bytes or link target. The
    folder may be the one every test's own lies in: a large file there (another test's) is known by its size and
    mtime, never read whole."""
    found: dict[str, tuple[str, bytes]] = {}
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(parent, name)
            info = path.lstat()
            mode = info.st_mode
            if stat.S_ISLNK(mode):
                found[path.relative_to(folder).as_posix()] = ("link", os.readlink(path).encode())
            elif stat.S_ISREG(mode) and info.st_size > WHOLE:
                found[path.relative_to(folder).as_posix()] = ("file", f"{info.st_size} {info.st_mtime_ns}".encode())
            elif stat.S_ISREG(mode):
                found[path.relative_to(folder).as_posix()] = ("file", path.read_bytes())
            else:
                found[path.relative_to(folder).as_posix()] = ("dir" if stat.S_ISDIR(mode) else "other", b"")
    return found


def without_cache(tree: dict[str, tuple[str, bytes]]) -> dict[str, tuple[str, bytes]]:
    """``tree`` without the site's cache, which any command may write (see docs/caching.md)."""
    return {name: value for name, value in tree.items() if "/.jiading-cache" not in f"/{name}"}


def judge(root: Path, args: list[str]) -> dict[str, object] | None:
    """Run ``new-article ARGS`` in ``root`` and hold the outcome to the command's promise; the front matter
    written (None when refused)."""
    before = without_cache(snapshot(root.parent))
    result = run("new-article", *args)
    after = without_cache(snapshot(root.parent))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        new = sorted(set(after) - set(before))
        assert len(new) >= 1 and all(name.startswith("site/articles/") for name in new), new
        files = [name for name in new if after[name][0] == "file"]
        assert files == [f"site/{result.stdout.strip()}"], (files, result.stdout)
        assert {name: after[name] for name in before} == before  # nothing that was there changed
        text = after[files[0]][1].decode("utf-8")
        assert text.startswith("---\n") and yaml.safe_load(text.split("---\n")[1])["id"].startswith("urn:uuid:")
        checked = run("validate", "--format", "json")
        assert checked.exit_code == 0, (args, checked.output)
        assert json.loads(checked.stdout)["errors"] == 0
        fields: dict[str, object] = yaml.safe_load(text.split("---\n")[1])
        assert fields["title"] == args[-1].strip()  # the title as given, whatever YAML makes of its characters
        return fields
    else:
        assert result.exit_code in (1, 2), (args, result.exit_code, result.output)
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith("Error: ") for line in lines), (args, result.stderr)
        assert all(len(line) <= 1_200 for line in lines), lines  # a value is quoted cut, never whole
        assert result.stdout == ""
        assert after == before, args  # nothing written, nothing left behind
    return None


@settings(max_examples=120, deadline=None)
@given(
    title=VALUES,
    options=st.lists(st.tuples(st.sampled_from(OPTIONS[1:]), VALUES), max_size=3),
    publish=st.booleans(),
)
@example(title="Open day", options=[], publish=False)  # the existing article's URL
@example(title="a: b", options=[("--tag", "a\nb")], publish=False)
@example(title="Jiading", options=[("--slug", "x" * 201)], publish=True)
@example(title="Jiading", options=[("--lang", "ZH-cn"), ("--slug", "../../../etc/passwd")], publish=False)
def test_every_new_article_validates_or_is_refused_in_one_line_per_problem(
    title: str, options: list[tuple[str, str]], publish: bool
) -> None:
    args = [*(part for option in options for part in option), *(["--publish"] if publish else []), "--", title]
    with new_site() as root:
        fields = judge(root, args)
    if fields is not None:
        given = [t.strip() for option, value in options if option == "--tag" for t in re.split("[,，、]", value)]
        once: dict[str, str] = {}  # each tag once as the site groups them (case, width, spaces), as first spelt
        for tag in (t for t in given if not blank(t)):
            once.setdefault(" ".join(unicodedata.normalize("NFKC", tag).casefold().split()), tag)
        assert fields["tags"] == list(once.values())


@pytest.mark.parametrize("option", OPTIONS)
@pytest.mark.parametrize("value", ADVERSARIAL, ids=lambda value: repr(value)[:30])
def test_each_adversarial_value_of_each_option(option: str, value: str) -> None:
    args = ["--", value] if option == "TITLE" else [option, value, "--", "Jiading opens a park"]
    with new_site() as root:
        if judge(root, args) is None and (result := run("new-article", *args)).exit_code == 2:
            # a value refused names the option it was given to, whichever check or rule refuses it
            assert all(line.startswith(f"Error: {option}: ") for line in result.stderr.splitlines()), result.stderr


# ---------------------------------------------------------------- what the user sees


def refused(site: Site, args: list[str], code: int, line: str) -> None:
    """``new-article ARGS`` refused with exactly ``line``, and nothing but the site's cache written."""
    before = without_cache(snapshot(site.root.parent))
    result = site.run("new-article", *args)
    assert (result.exit_code, result.stderr, result.stdout) == (code, f"Error: {line}\n", "")
    assert without_cache(snapshot(site.root.parent)) == before


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("a\u2028b", "TITLE: expected one line of text, got 'a\\u2028b'"),
        ("a\tb", "TITLE: expected one line of text without a tab, got 'a\\tb'; use a space"),
        ("a\x85b", "TITLE: expected one line of text, got 'a\\x85b'"),
        ("  ", "TITLE: expected one line of text, got '  '"),
        ("😀😀", "TITLE: cannot make an ASCII slug from '😀😀'; pass --slug with latin letters"),
    ],
)
def test_a_title_that_is_not_one_line_with_latin_letters_is_refused(site: Site, title: str, message: str) -> None:
    refused(site, [title], 2, message)


@pytest.mark.parametrize("option", ["--tag", "--category", "--author"])
def test_a_one_line_option_with_a_line_break_is_refused(site: Site, option: str) -> None:
    refused(
        site,
        ["Jiading opens a park", option, "finance\nfake: true"],
        2,
        f"{option}: expected one line of text, got 'finance\\nfake: true'",
    )


def test_a_summary_may_have_line_breaks(site: Site) -> None:
    result = site.run("new-article", "Jiading opens a park", "--summary", "A new park opens.\nIt hosts start-ups.")
    assert result.exit_code == 0, result.output
    text = (site.root / result.stdout.strip()).read_text(encoding="utf-8")
    assert yaml.safe_load(text.split("---\n")[1])["summary"] == "A new park opens.\nIt hosts start-ups."


def test_an_empty_slug_is_named_as_given(site: Site) -> None:
    refused(
        site, ["Jiading", "--slug", ""], 2, "--slug: cannot make an ASCII slug from ''; pass --slug with latin letters"
    )


def test_a_given_slug_is_kept_whole_up_to_200_characters_and_refused_beyond(site: Site) -> None:
    slug = "-".join(["jiading"] * 25)  # 199 characters: more than a title's slug keeps
    result = site.run("new-article", "Jiading", "--slug", slug.upper())
    assert result.stdout == f"articles/en/2026/{slug}.md\n"
    refused(
        site, ["Jiading", "--slug", "a" * 201], 2, "--slug: expected a slug of at most 200 characters, got one of 201"
    )


@pytest.mark.parametrize(
    ("given", "written"),
    [("EN", "en"), ("zh-cn", "zh-CN"), ("ZH-hans-cn", "zh-Hans-CN"), (" zh-CN ", "zh-CN"), ("\ten\n", "en")],
)
def test_a_language_tag_is_written_in_bcp47_case(site: Site, given: str, written: str) -> None:
    result = site.run("new-article", "Jiading", "--lang", given)
    assert result.stdout == f"articles/{written.lower()}/2026/jiading.md\n"
    text = (site.root / result.stdout.strip()).read_text(encoding="utf-8")
    assert f"\nlang: {written}\n" in text


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--lang", "--lang: expected a BCP 47 language tag in the IANA registry, such as 'en' or 'zh-CN', got ''"),
        ("--date", "--date: expected an ISO 8601 date such as 2017-07-03T09:00:00+08:00, got ''"),
    ],
)
def test_an_empty_lang_or_date_is_refused_not_taken_for_the_default(site: Site, option: str, message: str) -> None:
    refused(site, ["Jiading", option, ""], 2, message)


def test_a_public_url_another_article_has_is_refused(site: Site) -> None:
    site.write("articles/old.md", EXISTING)
    refused(
        site,
        ["Open day"],
        1,
        "articles/en/2026/open-day.md: articles/old.md has the same public URL already: "
        "https://news.example.com/en/news/2026/11/open-day/ (choose another --slug)",
    )
    assert site.run("new-article", "Open day", "--slug", "open-day-2").exit_code == 0
    assert site.run("validate").exit_code == 0


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (lambda p: p.mkdir(), "a folder"),
        (lambda p: os.mkfifo(p), "a FIFO"),
        (lambda p: p.symlink_to("nowhere.md"), "a symbolic link"),
        (lambda p: p.symlink_to(p.name), "a symbolic link"),
        (lambda p: p.symlink_to(p.parents[4] / "outside.md"), "a symbolic link"),
    ],
    ids=["folder", "fifo", "dangling-link", "link-loop", "link-outside"],
)
def test_anything_at_the_path_is_never_written_over(site: Site, make: Callable[[Path], object], what: str) -> None:
    target = site.root / "articles/en/2026/open-day.md"
    target.parent.mkdir(parents=True)
    make(target)
    message = f"articles/en/2026/open-day.md: already exists ({what}); not overwritten (choose another --slug)"
    refused(site, ["Open day"], 1, message)


def test_an_existing_file_is_named_and_kept(site: Site) -> None:
    site.write("articles/en/2026/open-day.md", "my words\n")
    refused(
        site, ["Open day"], 1, "articles/en/2026/open-day.md: already exists; not overwritten (choose another --slug)"
    )


@pytest.mark.parametrize(
    ("link", "to", "blocker"),
    [
        ("articles/en/2026", "{outside}", "articles/en/2026"),
        ("articles/en/2026", "nowhere", "articles/en/2026"),
        ("articles/en/2026", "2026", "articles/en/2026"),
        ("articles/en", "en", "articles/en"),
        ("articles/en", "{outside}", "articles/en"),
    ],
    ids=["to-outside", "dangling", "loop", "loop-above", "outside-above"],
)
def test_a_link_where_a_folder_should_be_is_named_and_nothing_is_written(
    site: Site, tmp_path: Path, link: str, to: str, blocker: str
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    path = site.root / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(to.format(outside=outside))
    refused(
        site, ["Open day"], 1, f"articles/en/2026/open-day.md: cannot write: {blocker} is a symbolic link, not a folder"
    )
    assert list(outside.iterdir()) == []


def test_a_file_in_the_way_of_a_folder_is_named(site: Site) -> None:
    site.write("articles/en", "a file")
    refused(site, ["Open day"], 1, "articles/en/2026/open-day.md: cannot write: articles/en is a file, not a folder")


@pytest.mark.parametrize(
    ("make", "what"), [(lambda p: p.write_text("x"), "a file"), (lambda p: p.symlink_to("nowhere"), "a symbolic link")]
)
def test_an_articles_folder_that_is_not_one_is_a_usage_error(
    site: Site, make: Callable[[Path], object], what: str
) -> None:
    (site.root / "articles").rmdir()
    make(site.root / "articles")
    refused(site, ["Open day"], 2, f"articles: expected the folder of articles (site.articles_dir), found {what}")


def test_a_missing_articles_folder_is_made(site: Site) -> None:
    (site.root / "articles").rmdir()
    result = site.run("new-article", "Open day")
    assert result.stdout == "articles/en/2026/open-day.md\n"
    assert site.run("validate").exit_code == 0


def test_two_runs_at_once_for_one_title_write_one_file_and_refuse_the_others(site: Site) -> None:
    env = {**os.environ, "JIADING_NOW": NOW, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("JIADING_CONFIG", None)
    command = [sys.executable, "-m", "jiading_cli", "new-article", "Race day"]
    runs = [
        subprocess.Popen(command, cwd=site.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    outcomes = sorted((run.wait(timeout=120), run.stdout.read(), run.stderr.read()) for run in runs)
    refusal = "Error: articles/en/2026/race-day.md: already exists; not overwritten (choose another --slug)\n"
    assert outcomes == [(0, "articles/en/2026/race-day.md\n", ""), *[(1, "", refusal)] * 3]
    folder = site.root / "articles/en/2026"
    assert sorted(p.name for p in folder.iterdir()) == ["race-day.md"]  # no temporary file left
    assert site.run("validate").exit_code == 0


def test_runs_at_once_for_one_url_at_different_paths_write_one_file_and_refuse_the_others(site: Site) -> None:
    """Under a permalink without the language, four languages' runs for one title want four paths but one URL:
    each checks the site with the others' files in it, so one writes and three are refused (JD122)."""
    site.write(
        "jiading.toml", site.root.joinpath("jiading.toml").read_text(encoding="utf-8") + 'permalink = "/{slug}/"\n'
    )
    env = {**os.environ, "JIADING_NOW": NOW, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("JIADING_CONFIG", None)
    for round_ in range(3):
        title = f"Race {round_}"
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "jiading_cli", "new-article", title, "--lang", lang],
                cwd=site.root,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for lang in ("en", "fr", "de", "es")
        ]
        outcomes = [(run.wait(timeout=120), run.stdout.read(), run.stderr.read()) for run in runs]
        assert sorted(code for code, _, _ in outcomes) == [0, 1, 1, 1], outcomes
        for code, _, err in outcomes:
            assert code == 0 or f"has the same public URL already: https://news.example.com/race-{round_}/" in err
        assert len(list(site.root.joinpath("articles").rglob(f"race-{round_}.md"))) == 1
    assert site.run("validate").exit_code == 0


@pytest.mark.parametrize(("char", "kind"), [("\x9b", "control characters"), ("\ufdd0", "noncharacters")])
@pytest.mark.parametrize("option", ["TITLE", "--summary", "--tag"])
def test_new_article_refuses_what_no_page_can_carry(site: Site, char: str, kind: str, option: str) -> None:
    """What validate would refuse (JD140) is never written: the C1 controls and noncharacters too."""
    args = ["new-article", "Park" if option != "TITLE" else f"Pa{char}rk"]
    if option != "TITLE":
        args += [option, f"te{char}xt"]
    result = site.run(*args)
    assert result.exit_code == 2
    assert f"{option}: expected text without {kind}, found U+{ord(char):04X}" in result.stderr
    assert not list((site.root / "articles").rglob("*.md"))


@pytest.mark.parametrize("option", ["--tag", "--author", "--category"])
@pytest.mark.parametrize("value", ["", " ", "\u3000", " , ", "，、"])
def test_an_option_given_nothing_is_refused_not_dropped(site: Site, option: str, value: str) -> None:
    """``--tag "$TAG"`` with the variable unset would otherwise write an article without the tag, and say nothing."""
    result = site.run("new-article", "Park", option, value)
    assert result.exit_code == 2
    what = {"--tag": "a tag", "--author": "an author", "--category": "a category"}[option]
    assert result.stderr == f"Error: {option}: expected {what}, got {value!r}\n"
    assert not list((site.root / "articles").rglob("*.md"))


def test_an_empty_item_between_commas_is_refused_by_its_number(site: Site) -> None:
    line = "--tag: expected a tag between each two commas, found entry 3 of 'finance,parks, ' empty"
    refused(site, ["Park", "--tag", "finance,parks, "], 2, line)
