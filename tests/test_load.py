"""Loading article files: any bytes give an article or located problems, never an exception."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import GOOD_ID, front
from jiading_cli.content import quickyaml
from jiading_cli.content.loader import parse
from jiading_cli.model.article import Defaults, Loaded
from jiading_cli.model.errors import describe
from jiading_cli.model.fields import ALIASES, FIELDS
from jiading_cli.validate.fields import check_dates

DEFAULTS = Defaults(timezone="Asia/Shanghai", lang="en", authors=("Newsroom",))


def load(data: bytes | str) -> Loaded:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return parse(raw, "articles/a.md", DEFAULTS, "a")


def rendered(loaded: Loaded) -> list[str]:
    return [p.render() for p in loaded.problems]


def test_valid_article_is_loaded_with_defaults() -> None:
    loaded = load(front() + "Hello.\n")
    article = loaded.article
    assert loaded.ok and article is not None
    assert article.id == GOOD_ID
    assert article.date == dt.datetime(2017, 7, 3, 10, 0, tzinfo=dt.UTC)
    assert (article.lang, article.slug, article.authors, article.draft) == ("en", "a", ("Newsroom",), False)
    assert article.body == "Hello.\n"
    assert article.body_line == 7


def test_bom_and_crlf_are_accepted() -> None:
    loaded = load(b"\xef\xbb\xbf" + (front() + "Line one.\nLine two.\n").replace("\n", "\r\n").encode())
    assert loaded.ok
    assert loaded.article is not None and loaded.article.body == "Line one.\nLine two.\n"


def test_empty_file() -> None:
    assert rendered(load(b"")) == ["articles/a.md:1: error JD102 empty file; expected front matter between '---' lines"]


def test_binary_file_reports_the_first_bad_byte() -> None:
    assert rendered(load(b"---\ntitle: x\n\x89PNG\xff")) == [
        "articles/a.md:3: error JD100 expected UTF-8 text, found byte 0x89"
    ]


def test_nul_byte_is_not_text() -> None:
    assert rendered(load("---\nid: x\x00\n---\n")) == [
        "articles/a.md:2: error JD100 expected a text file, found a NUL byte"
    ]


def test_no_front_matter_is_an_error_not_an_empty_article() -> None:
    assert rendered(load("# Just Markdown\n")) == [
        "articles/a.md:1: error JD102 expected the file to start with a '---' line opening the front matter, found "
        "'# Just Markdown'"
    ]


NOT_OPENED = "articles/a.md:1: error JD102 expected the file to start with a '---' line opening the front matter"


def test_a_file_opened_as_hugo_opens_toml_front_matter_is_told_so() -> None:
    assert rendered(load("+++\ntitle = 'x'\n+++\nBody\n")) == [
        f"{NOT_OPENED}, found '+++' (TOML front matter, as Hugo writes it: write the fields as YAML between "
        "'---' lines)"
    ]


def test_an_invisible_character_before_the_opening_line_is_shown_and_named() -> None:
    """A second byte-order mark (two files joined, an editor's), or a zero-width space pasted before the ``---``:
    the line looks like the opening one, so what is before it is shown as an escape and named."""
    for mark in ["\ufeff", "\u200b", "\u2060"]:
        assert rendered(load(f"\ufeff{mark}---\n{front()[4:]}Body\n")) == [
            f"{NOT_OPENED}, found '{mark.encode('unicode_escape').decode()}---'; remove what is before the '---'"
        ]


@given(st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=80).filter(lambda t: not t.startswith("---")))
def test_a_file_that_does_not_open_its_front_matter_names_its_first_line(first: str) -> None:
    """Whatever the first line holds, it is named in the one line of the problem, as it is (its escapes shown, and
    what shows nothing, a combining mark with nothing to sit on, by its escape, as every found value is)."""
    [problem] = load(f"{first}\n{front()}Body\n").problems
    if problem.code == "JD100":  # a character no file of text holds (U+FFFE), named as such on its own
        return
    assert problem.code == "JD102" and "\n" not in problem.message
    assert problem.message.startswith(f"{NOT_OPENED.split('JD102 ')[1]}, found "), problem.message
    assert len(first) > 60 or f"found {describe(first)}" in problem.message  # a longer one is shown by its two ends


def test_malformed_yaml_reports_its_line() -> None:
    assert rendered(load("---\nid: x\ntitle: [unclosed\n---\n")) == [
        "articles/a.md:4: error JD101 YAML syntax error: did not find expected ',' or ']'"
    ]


def test_yaml_list_or_scalar_is_not_front_matter() -> None:
    assert "got a list" in rendered(load("---\n- a\n---\n"))[0]
    assert "got a single value" in rendered(load("---\njust words\n---\n"))[0]


def test_wrong_types_name_field_line_expected_and_found() -> None:
    loaded = load(front(draft="maybe", tags="{a: 1}"))
    assert "articles/a.md:6: error JD104 draft: expected true or false, got 'maybe'" in rendered(loaded)
    assert any("JD104 tags: expected a list of strings or a comma-separated string" in r for r in rendered(loaded))


@given(st.lists(st.sampled_from(["'good'", "5", "[1]", "{a: 1}", "null", "true"]), min_size=1, max_size=8))
@settings(max_examples=40)
def test_every_wrong_entry_of_a_mapping_is_named_in_its_one_line(values: list[str]) -> None:
    """One run says all that is wrong with ``share`` and ``translations``: every entry that is not name: text, the
    first five named and the rest counted, never the first alone."""
    for field in ("share", "translations"):
        entries = ", ".join(f"k{n}: {value}" for n, value in enumerate(values))
        found = [r for r in rendered(load(front(**{field: "{" + entries + "}"}))) if f"JD104 {field}:" in r]
        bad = [n for n, value in enumerate(values) if value != "'good'"]
        if not bad:
            assert found == []
            continue
        [line] = found
        assert all(f"'k{n}': " in line for n in bad[:5]), line
        assert not any(f"'k{n}': " in line for n in range(len(values)) if n not in bad), line
        assert (f"and {len(bad) - 5} more" in line) == (len(bad) > 5), line


def test_every_record_that_is_no_mapping_and_every_wrong_code_is_named() -> None:
    lines = rendered(load(front(syndication="[1, {network: facebook}, x]", jiading="{ignore: [jd1, JD150, x], y: 1}")))
    assert any("JD104 syndication:" in r and "(item 1 of 3) and 'x' (item 3 of 3)" in r for r in lines), lines
    assert any("JD104 jiading:" in r and "the key 'y'" in r for r in lines), lines
    lines = rendered(load(front(jiading="{ignore: [jd1, JD150, x]}")))
    assert any("'jd1' (item 1 of 3) and 'x' (item 3 of 3)" in r for r in lines), lines


def test_impossible_date_is_a_type_error_on_its_line() -> None:
    loaded = load(front(date="2017-02-30 10:00:00+08:00"))
    assert rendered(loaded)[0].startswith("articles/a.md:4: error JD104 date: cannot read the value:")


def test_missing_required_fields_are_each_reported() -> None:
    loaded = load("---\nsummary: s\n---\n")
    assert [p.field for p in loaded.problems] == ["id", "title", "date"]
    assert all(p.code == "JD103" for p in loaded.problems)


def test_tags_as_comma_string_and_author_alias_are_normalised() -> None:
    article = load(front(tags="finance, innovation ,", author="Ma Chunlei")).article
    assert article is not None
    assert article.tags == ("finance", "innovation")
    assert article.authors == ("Ma Chunlei",)


@pytest.mark.parametrize("name", ["updated", "modified", "lastmod", "last_modified_at"])
@pytest.mark.parametrize("quoted", [False, True])
@pytest.mark.parametrize("fast", ["on", "off"])  # the fast reader, and the YAML path alone
def test_the_time_of_the_last_edit_is_read_under_the_names_hugo_jekyll_and_pelican_give_it(
    name: str, quoted: bool, fast: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pelican writes ``modified``, Hugo ``lastmod``, Jekyll ``last_modified_at``: dropped as unknown fields, the
    edit was in no feed; read as ``updated``, it is, and held to the same rules."""
    monkeypatch.setenv(quickyaml.SWITCH, fast)
    later = "'2017-07-04T10:00:00+08:00'" if quoted else "2017-07-04T10:00:00+08:00"
    loaded = load(front(**{name: later}))
    assert loaded.article is not None and not loaded.problems, loaded.problems
    assert loaded.article.updated == dt.datetime(2017, 7, 4, 2, tzinfo=dt.UTC)
    earlier = load(front(**{name: "2017-07-02T10:00:00+08:00"})).article
    assert earlier is not None
    assert [(p.line, p.code, p.field) for p in check_dates(earlier)] == [(6, "JD111", "updated")]
    twice = load(front(updated="2017-07-04T10:00:00+08:00", **{name: later}) if name != "updated" else front())
    assert [p.code for p in twice.problems] == ([] if name == "updated" else ["JD106"])


def test_tags_split_on_chinese_commas_too() -> None:
    article = load(front(tags="金融，投资、创新")).article
    assert article is not None and article.tags == ("金融", "投资", "创新")


def test_date_without_offset_is_read_in_the_site_time_zone_with_a_warning() -> None:
    loaded = load(front(date="2017-07-03 09:00"))
    assert loaded.article is not None
    assert loaded.article.date.isoformat() == "2017-07-03T09:00:00+08:00"
    assert rendered(loaded) == [
        "articles/a.md:4: warning JD110 date: has no UTC offset; read as 2017-07-03T09:00:00+08:00 "
        "(Asia/Shanghai); write the offset to be explicit"
    ]


def test_duplicate_field_is_reported_and_the_first_is_used() -> None:
    loaded = load(front(author="A", authors="B"))
    assert loaded.article is not None and loaded.article.authors == ("A",)
    assert "error JD106 authors: field given twice" in rendered(loaded)[0]


SPELLINGS = sorted({*ALIASES, *ALIASES.values()})
ALIKE_VALUES = {"authors": "A", "updated": "2018-01-01T00:00:00+08:00"}


@given(st.lists(st.sampled_from(SPELLINGS), min_size=2, max_size=4))
def test_a_field_given_twice_under_two_names_names_both(written: list[str]) -> None:
    """``modified:`` after ``updated:`` was 'updated: field given twice (first on line 5 …)' on a line that says
    ``modified``, and line 5 none that says ``updated`` either way: the line names the spellings that meet."""
    head = "".join(f"{name}: {ALIKE_VALUES[ALIASES.get(name, name)]}\n" for name in written)
    loaded = load(front().removesuffix("---\n") + head + "---\nBody\n")
    firsts: dict[str, tuple[str, int]] = {}
    expected = []
    for line, name in enumerate(written, start=6):  # after the four lines of front() and its opening line
        field = ALIASES.get(name, name)
        first, at = firsts.setdefault(field, (name, line))
        if at == line:
            continue
        how = f", as {name!r} here and {first!r} on line {at}, " if name != first else f" (first on line {at}, "
        close = "" if name != first else ")"
        expected.append(
            f"articles/a.md:{line}: error JD106 {field}: field given twice{how}which is used{close}; keep one"
        )
    assert [row for row in rendered(loaded) if " JD106 " in row] == expected


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_load_to_an_article_or_located_problems(data: bytes) -> None:
    loaded = load(data)
    assert loaded.article is not None or loaded.problems
    for problem in loaded.problems:
        assert problem.path == "articles/a.md" and problem.line >= 0 and problem.code.startswith("JD")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["", "---\n", "---\nid: ", "---\ntitle: x\n---\n"]))
def test_any_text_after_an_opening_loads_or_fails_cleanly(text: str, prefix: str) -> None:
    loaded = load(prefix + text + "\n---\n")
    assert loaded.article is not None or loaded.problems


VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.booleans(),
    st.none(),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=10), max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([*FIELDS, "author", "other"]), VALUES, max_size=12))
def test_any_field_values_give_problems_never_exceptions(tmp_path_factory, fields: dict[str, object]) -> None:
    import yaml

    from jiading_cli.config import parse_config
    from jiading_cli.validate.rules import check_article, check_site

    root = tmp_path_factory.mktemp("site")
    config = parse_config('[site]\ntitle = "T"\nbase_url = "https://e.com"\n', root / "jiading.toml")
    text = "---\n" + yaml.safe_dump({"id": GOOD_ID, "title": "T", "date": "2017-07-03T00:00:00+08:00", **fields})
    loaded = load(text + "---\nbody\n")
    if loaded.article is not None:
        now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        problems = check_article(loaded.article, config, now) + check_site([loaded.article], config)
        assert all(p.path == "articles/a.md" for p in problems)
