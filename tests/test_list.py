"""`jiading list`: what is published, scheduled and drafted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import OTHER_ID, Site, front


def test_piped_list_is_every_article_newest_first_one_tab_separated_line_each(site: Site) -> None:
    site.article("old.md", title="Old news")
    site.article("soon.md", id=OTHER_ID, title="Coming soon", date="2030-01-01T09:00:00+08:00")
    site.article("draft.md", id="urn:uuid:11111111-2222-4333-8444-555555555555", title="Half done", draft="true")
    lines = site.run("list").stdout.splitlines()
    assert [line.split("\t") for line in lines] == [
        ["2030-01-01 09:00", "scheduled", "en", "Coming soon", "articles/soon.md"],
        ["2017-07-03 18:00", "published", "en", "Old news", "articles/old.md"],
        ["2017-07-03 18:00", "draft", "en", "Half done", "articles/draft.md"],
    ]


def test_published_leaves_out_drafts_and_scheduled_articles(site: Site) -> None:
    site.article("old.md", title="Old news")
    site.article("soon.md", id=OTHER_ID, title="Coming soon", date="2030-01-01T09:00:00+08:00")
    site.article("draft.md", id="urn:uuid:11111111-2222-4333-8444-555555555555", title="Half done", draft="true")
    lines = site.run("list", "--published").stdout.splitlines()
    assert lines == ["2017-07-03 18:00\tpublished\ten\tOld news\tarticles/old.md"]


def test_an_empty_list_says_how_to_make_an_article(site: Site) -> None:
    result = site.run("list")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "No articles yet; create one with: jiading new-article TITLE\n"


def test_drafts_are_listed_with_their_status(site: Site) -> None:
    site.article("draft.md", title="Half done", draft="true")
    data = json.loads(site.run("list", "--json").stdout)
    assert data == [
        {
            "date": "2017-07-03T18:00:00+08:00",
            "status": "draft",
            "lang": "en",
            "title": "Half done",
            "path": "articles/draft.md",
            "id": "urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10",
            "root": str(site.root),
        }
    ]


def test_the_json_list_names_each_path_in_the_site_and_the_site_wherever_it_is_made(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.article("en/a.md")
    monkeypatch.chdir(site.root / "articles" / "en")
    [row] = json.loads(site.run("list", "--json").stdout)
    assert (row["path"], row["root"]) == ("articles/en/a.md", str(site.root))
    assert (Path(row["root"]) / row["path"]).is_file()


def test_each_file_giving_no_article_is_named_on_stderr_with_why(site: Site) -> None:
    site.article("good.md")
    site.write("articles/bad.md", "no front matter\n")
    site.write("articles/late.md", front(date="soon") + "Body.\n")
    result = site.run("list")
    assert result.exit_code == 0
    assert result.stderr == (
        "Warning: articles/bad.md: not listed: line 1: JD102 expected the file to start with a '---' line opening "
        "the front matter, found 'no front matter'; `jiading validate` shows every problem\n"
        "Warning: articles/late.md: not listed: line 4: JD104 date: expected an ISO 8601 date with a UTC offset, "
        "such as 2017-07-03T09:00:00+08:00, got 'soon'; `jiading validate` shows every problem\n"
    )


BREAKS = ["title: [", "date: soon", "id:", "title: {a: b}", "---x", "\t- x", "date: 2026-02-30"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([None, *BREAKS]), min_size=1, max_size=5))
def test_every_article_file_is_listed_or_named_with_what_validate_says_first(
    site: Site, kinds: list[str | None]
) -> None:
    """Each file of the articles folder is a row of the list, or a warning line naming it and the first error
    `validate` gives it: none is left out unsaid."""
    shutil.rmtree(site.root / "articles")
    for n, broken in enumerate(kinds):
        text = front(id=f"urn:uuid:00000000-0000-4000-8000-{n:012d}", slug=f"a{n}") + "Body.\n"
        if broken is not None:
            text = text.replace("\nsummary:", f"\n{broken}\nsummary:", 1)
        site.write(f"articles/a{n}.md", text)
    result = site.run("list")
    listed = {row.split("\t")[4] for row in result.stdout.splitlines()}
    said = {row.split(": ")[1]: row for row in result.stderr.splitlines() if row.startswith("Warning: ")}
    assert listed | set(said) == {f"articles/a{n}.md" for n in range(len(kinds))}
    assert not listed & set(said)
    report = json.loads(site.run("validate", "--format", "json").stdout)
    for path, row in said.items():
        first = min(
            (p for p in report["problems"] if p["path"] == path and p["severity"] == "error"), key=lambda p: p["line"]
        )
        assert row.startswith(f"Warning: {path}: not listed: line {first['line']}: {first['code']} "), (row, first)


def test_a_title_is_listed_on_one_line_its_breaks_as_spaces_or_escapes(site: Site) -> None:
    """A tab, a line feed or a carriage return is a space; the other breaks (U+0085, U+2028, U+2029) and controls are
    escapes, so a piped line stays one article's, and tab-separated."""
    site.article(title='"A\\tB\\nC\\rD\\u2028E\\u2029F\\u0085G\\u001bH"')
    (line,) = site.run("list").stdout.splitlines()
    assert line.split("\t")[3] == "A B C D\\u2028E\\u2029F\\x85G\\x1bH"
