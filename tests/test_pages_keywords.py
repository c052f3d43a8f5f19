"""An article page's JSON-LD ``keywords`` hold each tag as a value of its own: a tag that holds a comma
(``Bob, Jr.``) is one keyword, where one text of the tags joined by commas read as two (schema.org's ``keywords``,
as text, is split at its commas)."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CONFIG, Site
from jiading_cli.content.names import each_once


def keywords(root: Path) -> object:
    page = next((root / "public").rglob("a/index.html")).read_text(encoding="utf-8")
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found is not None
    return json.loads(found.group(1)).get("keywords")


def test_a_tag_holding_a_comma_is_one_keyword(site: Site) -> None:
    site.article(tags=json.dumps(["Bob, Jr.", "a;b", "金融，投资", "x"], ensure_ascii=False))
    assert site.run("build").exit_code == 0
    assert keywords(site.root) == ["Bob, Jr.", "a;b", "金融，投资", "x"]


TAG = st.text(st.sampled_from("ab金, ;|/"), min_size=1, max_size=6).map(str.strip).filter(lambda tag: tag.strip(",;|/"))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tags=st.lists(TAG, min_size=1, max_size=5))
def test_drawn_tags_are_the_keywords_each_once(tmp_path_factory: pytest.TempPathFactory, tags: list[str]) -> None:
    """Tags of letters, commas, semicolons and bars: the keywords are the tags as the site groups them, one value
    each, whatever they hold."""
    root = tmp_path_factory.mktemp("tags")
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    site = Site(root, CliRunner())
    site.article(tags=json.dumps(tags, ensure_ascii=False))
    with contextlib.chdir(root):
        result = site.run("build")
    assert result.exit_code == 0, result.output
    assert keywords(root) == list(each_once(tags))
