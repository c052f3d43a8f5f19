"""`jiading list`: what is published, scheduled and drafted."""

from __future__ import annotations

import json

from conftest import OTHER_ID, Site


def test_table_lists_published_and_scheduled_newest_first(site: Site) -> None:
    site.article("old.md", title="Old news")
    site.article("soon.md", id=OTHER_ID, title="Coming soon", date="2030-01-01T09:00:00+08:00")
    site.article("draft.md", id="urn:uuid:11111111-2222-4333-8444-555555555555", title="Half done", draft="true")
    lines = site.run("list").stdout.splitlines()
    assert [line.split() for line in lines] == [
        ["date", "status", "lang", "title", "path"],
        ["2030-01-01", "09:00", "scheduled", "en", "Coming", "soon", "articles/soon.md"],
        ["2017-07-03", "18:00", "published", "en", "Old", "news", "articles/old.md"],
    ]


def test_drafts_are_listed_on_request(site: Site) -> None:
    site.article("draft.md", title="Half done", draft="true")
    data = json.loads(site.run("list", "--json", "--drafts").stdout)
    assert data == [
        {
            "date": "2017-07-03T18:00:00+08:00",
            "status": "draft",
            "lang": "en",
            "title": "Half done",
            "path": "articles/draft.md",
            "id": "urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10",
        }
    ]


def test_unreadable_files_are_counted_on_stderr(site: Site) -> None:
    site.article("good.md")
    site.write("articles/bad.md", "no front matter\n")
    result = site.run("list")
    assert result.exit_code == 0
    assert result.stderr == "Warning: 1 file(s) could not be read; run `jiading validate`\n"
