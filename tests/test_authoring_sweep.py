"""The authoring commands driven with what an author, or someone sending an article in a pull request, may
put in front of them: text that would act on a terminal, folders named through links."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CONFIG, OTHER_ID, STANDING, Site, front
from jiading_cli.base.printable import CONTROL
from jiading_cli.cli import tables


def _yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, every character outside printable ASCII as an escape."""
    out = []
    for char in text:
        if " " <= char <= "~" and char not in '"\\':
            out.append(char)
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def _listed(site: Site, terminal: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(tables, "is_terminal", lambda stream=None: terminal)
    result = site.run("list", env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    return result.stdout


EVIL = "Evil \x1b[2J\x1b]0;pwned\x07\ttab \u202egnp.exe\x9b"


@pytest.mark.parametrize("terminal", [False, True])
def test_a_title_that_would_act_on_a_terminal_is_listed_as_escapes(
    site: Site, terminal: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.article("evil.md", title=_yaml_quoted(EVIL))
    out = _listed(site, terminal, monkeypatch)
    assert CONTROL.search(out.replace("\n", "").replace("\t", "")) is None, repr(out)
    assert "Evil \\x1b[2J\\x1b]0;pwned\\x07 tab \\u202egnp.exe\\x9b" in out
    rows = out.splitlines()
    assert len(rows) == (2 if terminal else 1)  # the header on a terminal, then the article's one row
    if not terminal:
        assert len(rows[0].split("\t")) == 5  # the tab in the title does not make a sixth cell


title_text = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), min_size=1, max_size=30
).filter(lambda t: t.strip() != "")


@given(title=title_text, terminal=st.booleans())
def test_no_title_sends_a_control_character_to_the_output_of_list(
    tmp_path_factory: pytest.TempPathFactory, title: str, terminal: bool
) -> None:
    root = tmp_path_factory.mktemp("site")
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    site = Site(root, CliRunner())
    site.article("a.md", title=_yaml_quoted(title))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("JIADING_CONFIG", raising=False)
        out = _listed(site, terminal, patch)
    rows = out.splitlines()
    assert CONTROL.search(out.replace("\n", "").replace("\t", "")) is None, repr(out)
    assert len(rows) <= (2 if terminal else 1), repr(out)  # never more rows than articles (and a header)
    for row in rows if not terminal else rows[1:]:
        assert len(row.split("\t")) == 5 or terminal, repr(row)


@given(cell=st.text(st.characters(blacklist_categories=["Cs"])), terminal=st.booleans())
def test_a_table_shows_every_cell_without_control_characters(cell: str, terminal: bool) -> None:
    columns = [tables.Column("a"), tables.Column("b", shrink=1)]
    rows = [("x", cell), (cell, "y")]
    out = tables.fitted(columns, rows, 80) if terminal else tables.tab_separated(rows)
    assert CONTROL.search(out.replace("\n", "").replace("\t", "")) is None
    assert len(out.split("\n")) == len(rows) + (1 if terminal else 0)
    if not terminal:
        assert all(len(line.split("\t")) == 2 for line in out.split("\n"))


def _report(site: Site, *paths: str) -> tuple[int, Any]:
    result = site.run("validate", "--format", "json", *paths)
    data = json.loads(result.stdout) if result.stdout.startswith("{") else result.stderr
    if isinstance(data, dict):
        data = {key: data[key] for key in ("files", "errors", "warnings", "problems")}
    return result.exit_code, data


def _linked_site(site: Site) -> None:
    site.article("en/2026/one.md")
    site.article("en/2026/two.md", id=OTHER_ID, title="Two", summary=None)  # JD150: a problem to compare
    (site.root / "articles/en/2026/self").symlink_to(".")
    (site.root / "articles/en/up").symlink_to("..")
    (site.root / "articles/alias").symlink_to("en")


SPELLINGS = [
    "articles/en/2026/self",
    "articles/en/2026/self/",
    "articles/en/2026/self/self/.",
    "articles/alias/2026",
    "articles/alias/2026/self",
    "articles/en/up/en/2026",
    "articles//en/./2026/",
    "articles/en/../en/2026",
]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_folder_named_through_a_link_is_checked_once_as_itself(site: Site, spelling: str) -> None:
    _linked_site(site)
    expected = _report(site, "articles/en/2026")
    assert expected[0] == 0 and expected[1]["files"] == 2 and expected[1]["warnings"] == 2  # JD150, JD116 (self)
    assert _report(site, spelling) == expected
    assert _report(site, str(site.root / spelling)) == expected
    assert _report(site, spelling, "articles/en/2026/one.md") == expected


@pytest.mark.parametrize("spelling", ["articles/en/up", "articles/alias/up", "articles/en/2026/self/../up"])
def test_a_link_to_a_folder_holding_the_articles_checks_every_article_once(site: Site, spelling: str) -> None:
    _linked_site(site)
    assert _report(site, spelling) == _report(site)


def test_a_folder_link_leading_out_of_the_articles_is_refused_in_one_line(
    site: Site, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "x.md").write_text("not an article\n", encoding="utf-8")
    site.article("a.md")
    (site.root / "articles/out").symlink_to(elsewhere)
    result = site.run("validate", "articles/out")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: articles/out: expected a file or folder inside articles/, found a symbolic link to {elsewhere}\n"
    )
    assert site.run("validate").exit_code == 0  # the whole site's walk leaves the linked folder out


PERMALINKS = ["/{slug}/", "/{slug}", "/{slug}.html", "/{lang}/{slug}/", "/{category}/{slug}/", "/{lang}/{slug}.html"]
RESERVED = ["index", "404", "sitemap", "robots", "feed", "atom", "assets", "tags", "categories", "page", "en", "fr"]


@given(
    permalink=st.sampled_from(PERMALINKS),
    slug=st.sampled_from(RESERVED) | st.from_regex(r"[a-z0-9]{1,6}", fullmatch=True),
    lang=st.sampled_from(["en", "fr", "zh-CN"]),
    category=st.sampled_from([None, "tags", "en", "news"]),
    existing=st.sampled_from([None, "fr", "en", "tags", "zh-cn"]),
)
def test_new_article_writes_only_what_the_site_then_validates(
    tmp_path_factory: pytest.TempPathFactory,
    permalink: str,
    slug: str,
    lang: str,
    category: str | None,
    existing: str | None,
) -> None:
    """Whatever the permalink, slug, language and category: either `new-article` refuses, one line a problem,
    with nothing written, or it writes a file after which `validate` finds no error it did not find before."""
    root = tmp_path_factory.mktemp("site")
    (root / "jiading.toml").write_text(CONFIG + f'permalink = "{permalink}"\n', encoding="utf-8")
    (root / "articles").mkdir()
    site = Site(root, CliRunner())
    if existing is not None:
        site.article("old.md", slug=existing, category="old")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("JIADING_CONFIG", raising=False)
        before = _report(site)
        files = sorted(p for p in (root / "articles").rglob("*"))
        options = ["--slug", slug, "--lang", lang, "--publish", *(["--category", category] if category else [])]
        made = site.run("new-article", "A new article", *options)
        if made.exit_code == 0:
            after = _report(site)
            errors = [p for p in after[1]["problems"] if p["severity"] == "error"]
            assert errors == [p for p in before[1]["problems"] if p["severity"] == "error"], made.stdout
        else:
            assert made.exit_code in (1, 2), made.output
            assert made.stderr and all(line.startswith("Error: ") for line in made.stderr.splitlines())
            assert sorted(p for p in (root / "articles").rglob("*")) == files


def test_a_new_language_whose_news_list_takes_an_articles_page_is_refused_naming_that_article(site: Site) -> None:
    site.write("jiading.toml", CONFIG + 'permalink = "/{slug}/"\n')
    site.article("old.md", slug="fr")
    made = site.run("new-article", "Bonjour", "--lang", "fr")
    assert made.exit_code == 2
    assert made.stderr == (
        "Error: articles/fr/2026/bonjour.md: JD125 articles/old.md: expected a page of the article's own, got "
        "'/fr/', the fr/ news list or its feeds; change the slug or permalink; with the new article, that one "
        "would not pass `jiading validate`\n"
    )
    assert not (site.root / "articles/fr").exists()


def test_a_slug_whose_page_is_one_of_the_sites_own_is_refused_naming_the_option(site: Site) -> None:
    site.write("jiading.toml", CONFIG + 'permalink = "/{slug}/"\n')
    made = site.run("new-article", "Tags", "--publish")
    assert made.exit_code == 2
    assert made.stderr == (
        "Error: --slug: JD125 expected a page of the article's own, got '/tags/', in the site's tags/ folder; "
        "change the slug or permalink; the new article would not pass `jiading validate`\n"
    )
    assert list((site.root / "articles").iterdir()) == []


BOUNDS = re.compile(r"expected a date from (\S+)Z to (\S+)Z, got '([^']+)'(?: \((\S+)Z in UTC\))?")


@given(
    moment=st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    minutes=st.integers(-12 * 60, 14 * 60),
)
def test_a_date_out_of_range_is_refused_with_bounds_it_is_truly_outside(moment: dt.datetime, minutes: int) -> None:
    """Whatever date and offset: accepted, it lies within the bounds the refusal states; refused, the message
    states bounds (and, for another offset, the instant in UTC) that show why (never 'years 2 to 9998' of a
    date in 9998)."""
    from jiading_cli.app.new_article import parse_date
    from jiading_cli.model.errors import UsageError

    given_text = moment.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes))).isoformat()
    try:
        parsed = parse_date(given_text, "UTC")
    except UsageError as exc:
        found = BOUNDS.fullmatch(str(exc).removeprefix("--date: "))
        assert found, str(exc)
        low, high = (dt.datetime.fromisoformat(b).replace(tzinfo=dt.UTC) for b in found.group(1, 2))
        assert found.group(3) == given_text
        if found.group(4):
            instant = dt.datetime.fromisoformat(found.group(4)).replace(tzinfo=dt.UTC)
            assert instant < low or instant > high
        return
    low, high = (dt.datetime.fromisoformat(b).replace(tzinfo=dt.UTC) for b in ("0002-01-01", "9998-12-31"))
    assert low <= parsed <= high


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["validate", ""], "Error: PATH: expected a file or folder, got ''\n"),
        (["validate", "articles", ""], "Error: PATH: expected a file or folder, got ''\n"),
        (["init", "--yes", ""], "Error: DIR: expected a folder, got '' (nothing was written)\n"),
        (["init", ""], "Error: DIR: expected a folder, got '' (nothing was written)\n"),
    ],
)
def test_an_empty_path_is_a_usage_error_not_the_current_folder(site: Site, args: list[str], line: str) -> None:
    """`jiading validate "$FILE"` or `jiading init "$DIR"` with the variable unset checks no whole site and starts
    no site where it runs; as `--config ''` is refused."""
    site.article("a.md")
    before = sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*"))
    result = site.run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", line)
    assert sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*")) == before


@pytest.mark.parametrize("folder", [".git", ".git/articles", "./.git", ".jiading-cache", "news/.git", ".git/"])
@pytest.mark.parametrize("command", [["new-article", "Open day"], ["validate"], ["list"]])
def test_articles_in_gits_or_the_caches_folder_are_refused_before_anything_is_written(
    site: Site, folder: str, command: list[str]
) -> None:
    site.write("jiading.toml", CONFIG + f'articles_dir = "{folder}"\n')
    before = sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*"))
    result = site.run(*command)
    owned = ".git" if ".git" in folder else ".jiading-cache"
    whose = "git" if owned == ".git" else "the cache"
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: jiading.toml:7: error JD002 site.articles_dir: expected a folder path inside the site outside "
        f"{owned}/ (its files are {whose}'s), such as 'articles', got '{folder}'\n"
    )
    assert sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*")) == before


@pytest.mark.parametrize("folder", ["news", ".news", "a/.drafts", "./articles", "git", "jiading-cache"])
def test_other_article_folders_are_taken(site: Site, folder: str) -> None:
    site.write("jiading.toml", CONFIG + f'articles_dir = "{folder}"\n')
    made = site.run("new-article", "Open day")
    assert made.exit_code == 0, made.output
    assert site.run("validate").exit_code == 0


BYTE = re.compile(r"expected UTF-8 text, found the byte 0x([0-9a-f]{2}), which is not UTF-8")


@given(raw=st.binary(min_size=1, max_size=16), option=st.sampled_from(["TITLE", "--summary", "--tag", "--author"]))
def test_an_argument_of_bytes_that_are_not_utf8_is_named_as_such_and_writes_nothing(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes, option: str
) -> None:
    """An argument as a shell passes it, in any bytes (Python hands undecodable ones over as U+DC80-U+DCFF):
    never written, never called a control character; the byte named is one of the argument's."""
    root = tmp_path_factory.mktemp("site")
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    (root / "articles").mkdir()
    value = raw.decode("utf-8", "surrogateescape")
    args = ["new-article", "--", value] if option == "TITLE" else ["new-article", "Open day", f"{option}={value}"]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("JIADING_CONFIG", raising=False)
        result = Site(root, CliRunner()).run(*args)
    assert "Traceback" not in result.output
    assert "found U+DC" not in result.stderr
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        assert result.exit_code == 2, result.output
        assert list((root / "articles").iterdir()) == []
        if found := BYTE.search(result.stderr):
            assert int(found.group(1), 16) in raw and int(found.group(1), 16) >= 0x80
        else:  # something earlier in the text is refused first: a control character or a line break
            assert result.stderr.startswith(f"Error: {option}: expected ")


@given(
    moment=st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    seconds=st.one_of(st.none(), st.integers(-14 * 3600, 14 * 3600)),
    zone=st.sampled_from(["UTC", "Asia/Shanghai", "America/New_York", "Asia/Kolkata", "Africa/Monrovia"]),
)
def test_a_date_new_article_takes_is_the_instant_validate_reads(
    tmp_path_factory: pytest.TempPathFactory, moment: dt.datetime, seconds: int | None, zone: str
) -> None:
    """Any --date, with an offset of any seconds or none (the site's zone, local mean time of old years too):
    refused in one line naming --date, or written so that `list --json` reads the very instant given."""
    root = tmp_path_factory.mktemp("site")
    (root / "jiading.toml").write_text(CONFIG.replace("Asia/Shanghai", zone), encoding="utf-8")
    (root / "articles").mkdir()
    aware = moment if seconds is None else moment.replace(tzinfo=dt.timezone(dt.timedelta(seconds=seconds)))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("JIADING_CONFIG", raising=False)
        site = Site(root, CliRunner())
        made = site.run("new-article", "Open day", "--date", aware.isoformat())
        if made.exit_code != 0:
            assert made.exit_code == 2 and made.stderr.count("\n") == 1, made.output
            assert made.stderr.startswith("Error: --date: "), made.stderr
            return
        listed = json.loads(site.run("list", "--json").stdout)
    from zoneinfo import ZoneInfo

    expected = aware if aware.tzinfo else aware.replace(tzinfo=ZoneInfo(zone))
    assert dt.datetime.fromisoformat(listed[0]["date"]) == expected.replace(microsecond=0)


TROUBLES = {
    "an alias": ("*a", "JD114"),
    "a !!bool that is not one": ("!!bool maybe", "JD104"),
    "a !!timestamp that is not one": ("!!timestamp '2026-01-01 00:00:00+05:30:30'", "JD104"),
    "nesting past the limit": ("[" * 80 + "]" * 80, "JD108"),
}


@pytest.mark.parametrize("trouble", sorted(TROUBLES))
@pytest.mark.parametrize("name", ["id", "title", "date"])
def test_a_required_field_whose_value_cannot_be_read_is_one_error_never_also_missing(
    site: Site, name: str, trouble: str
) -> None:
    text, code = TROUBLES[trouble]

    site.write("articles/a.md", "---\nanchor: &a x\n" + front(**{name: text}).removeprefix("---\n") + "Body.\n")
    result = site.run("validate", "--format", "json")
    problems = [(p["field"], p["code"]) for p in json.loads(result.stdout)["problems"] if p["severity"] == "error"]
    assert problems == [(name, code)], problems


UNUSABLE = {
    kind: (STANDING[kind], said)
    for kind, said in [
        ("a FIFO", "a FIFO"),
        ("a folder", "a folder"),
        ("a link to nothing", "a symbolic link to nothing"),
        ("a loop of links", "a symbolic link in a loop"),
    ]
}


@pytest.mark.parametrize("kind", sorted(UNUSABLE))
@pytest.mark.parametrize("command", [["new-article", "Open day"], ["validate"], ["list"]])
def test_an_unusable_jiading_toml_never_hands_the_command_to_the_site_above(
    site: Site, monkeypatch: pytest.MonkeyPatch, kind: str, command: list[str]
) -> None:
    """A site inside another whose jiading.toml is no file (moved away, a FIFO…): the command says so, and never
    runs on the outer site (new-article would write the article into it)."""
    site.article("a.md")
    inner = site.root / "inner"
    inner.mkdir()
    make, found = UNUSABLE[kind]
    make(inner / "jiading.toml")
    monkeypatch.chdir(inner)
    before = sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*"))
    result = site.run(*command)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"Error: {inner / 'jiading.toml'}: expected a config file (jiading.toml), found {found}\n"
    assert sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*")) == before
