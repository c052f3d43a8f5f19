"""A web address of the front matter (``canonical_url``, ``image``) is written in every output as the URL validation
checked: however it is written (spaces around it, an international host, a character no URI may hold), an article
that validates carries exactly that URL, never the text around it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site, front
from jiading_cli.config import Config, load_config
from jiading_cli.content.site import load_file
from jiading_cli.model import kinds
from jiading_cli.share.opengraph import image, og_url
from jiading_cli.validate.fields import check_media

SPACES = ["", " ", "  ", "\t", "\u3000", "\u00a0", " \t "]
URLS = ["https://news.example.com/x", "https://例子.测试/图.png", "https://example.com/a?q=<x>", "https://ex.com/a b"]


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Config]:
    root = tmp_path_factory.mktemp("site")
    made = Site(root, None)  # type: ignore[arg-type]
    made.write("jiading.toml", CONFIG)
    return made, load_config(root)


@settings(max_examples=120, derandomize=True)  # the same draws in every run: CI is not where a new one is found
@given(
    lead=st.sampled_from(SPACES),
    url=st.sampled_from(URLS),
    trail=st.sampled_from(SPACES),
    field=st.sampled_from(["canonical_url", "image"]),
)
@example(lead=" ", url="https://news.example.com/x", trail=" ", field="canonical_url")
def test_a_web_address_is_written_as_validation_read_it(
    place: tuple[Site, Config], lead: str, url: str, trail: str, field: str
) -> None:
    site, config = place
    written = lead + url + trail
    extra = {"image_alt": "A picture"} if field == "image" else {}
    path = site.write("articles/en/a.md", front(**{field: json.dumps(written)}, **extra) + "Body.\n")
    article = load_file(config, Path(path)).article
    assert article is not None
    if check_media(article, config):
        return  # refused: nothing is written
    checked = kinds.https_url(written)
    if field == "canonical_url":
        assert article.canonical_url == checked
        assert og_url(config, article) == checked  # the page's canonical link, og:url and JSON-LD
    else:
        shown = image(config, article)
        assert shown is not None and shown.url == checked  # og:image, the feeds' enclosure, the page's lead image
