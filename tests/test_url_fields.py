"""A web address of the front matter (``canonical_url``, ``image``) is written in every output as the URL validation
checked: however it is written (spaces around it, an international host, a character no URI may hold), an article
that validates carries exactly that URL, never the text around it."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site, front
from jiading_cli.config import Config, load_config
from jiading_cli.content.loader import parse
from jiading_cli.content.site import load_file
from jiading_cli.model import kinds
from jiading_cli.model.article import Defaults
from jiading_cli.model.errors import Problem
from jiading_cli.share.opengraph import image, og_url
from jiading_cli.validate.fields import check_id, check_media

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


def _id_problems(written: str) -> list[Problem]:
    """JD120 of an article whose id is ``written`` (as YAML has it), as validate says it."""
    loaded = parse((front(id=written) + "Body.\n").encode(), "articles/a.md", Defaults(), "a")
    assert loaded.article is not None, loaded.problems
    return [p for p in check_id(loaded.article) if p.code == "JD120"]


@settings(max_examples=60, deadline=None)
@given(
    base=st.sampled_from(
        ["urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10", "tag:news.example.com,2026:park", "https://a.b/c"]
    ),
    unseen=st.sampled_from(
        sorted(chr(c) for c in range(0xA0, 0x10000) if unicodedata.category(chr(c)) in ("Cf", "Co"))[:400]
    ),
    at=st.integers(0, 60),
)
def test_an_id_holding_a_character_no_one_sees_is_refused(base: str, unseen: str, at: int) -> None:
    """An id is read by feed readers as a string and by people as text: one holding a format character (a zero-width
    space, a bidirectional override, RFC 3987 4.1) or a private-use one would look like another id it is not, or
    show as another; JD120 names the character."""
    at = max(base.index(":") + 1, min(at, len(base)))
    written = base[:at] + unseen + base[at:]
    said = _id_problems(f'"{written}"')
    assert said and f"U+{ord(unseen):04X} (" in said[0].message, said


def test_an_id_with_two_fragments_is_refused() -> None:
    said = _id_problems("https://example.com/a#b#c")
    assert said and said[0].message.endswith("where '#' comes twice: a URI has one fragment, after its one '#'")


PCHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})"
URI = re.compile(  # RFC 3986's URI, as the Nu HTML Checker and feed validators hold an href or a src to it
    rf"https://(?:\[[0-9A-Fa-f:.]++\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{{2}})*+)(?::[0-9]*+)?"
    rf"(?:/|{PCHAR})*+(?:\?(?:[/?]|{PCHAR})*+)?(?:#(?:[/?]|{PCHAR})*+)?"
)
ASCII_MARKS = [chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum()]


@settings(max_examples=300, derandomize=True)
@given(
    marks=st.lists(st.sampled_from([*ASCII_MARKS, "é", "图", " "]), min_size=1, max_size=3),
    where=st.sampled_from(["path", "query", "fragment"]),
    field=st.sampled_from(["canonical_url", "image"]),
)
@example(marks=["[", "]"], where="query", field="image")
@example(marks=["["], where="path", field="canonical_url")
def test_a_web_address_validation_takes_is_written_as_a_uri(
    place: tuple[Site, Config], marks: list[str], where: str, field: str
) -> None:
    """Whatever ASCII mark an https address of the front matter holds in its path, query or fragment, one that
    validates is written in every page, feed and share card as RFC 3986 has a URI: '[' and ']' (allowed only around an
    IPv6 host) percent-encoded as '"' and '<' are, never a src or href the HTML checker refuses."""
    site, config = place
    inside = "".join(marks)
    written = {
        "path": f"https://news.example.com/a{inside}b.png",
        "query": f"https://news.example.com/a.png?q={inside}",
        "fragment": f"https://news.example.com/a.png#f{inside}",
    }[where]
    extra = {"image_alt": "A picture"} if field == "image" else {}
    path = site.write("articles/en/a.md", front(**{field: json.dumps(written)}, **extra) + "Body.\n")
    article = load_file(config, Path(path)).article
    if article is None or check_media(article, config):
        return  # refused: nothing is written
    shown = og_url(config, article) if field == "canonical_url" else image(config, article).url  # type: ignore[union-attr]
    assert URI.fullmatch(shown), shown


@pytest.mark.parametrize(
    "written", ["https://u:p@example.com/a", "https://u@example.com/a.png", "https://@example.com/a"]
)
@pytest.mark.parametrize("field", ["canonical_url", "image"])
def test_an_address_refused_for_what_it_holds_is_told_what_to_change(site: Site, written: str, field: str) -> None:
    """An absolute https address refused for a part of it (a user name) is told what the rule wants changed, never
    only that it should be an absolute https address, which it is."""
    extra = {"image_alt": "A picture"} if field == "image" else {}
    site.write("articles/a.md", front(**{field: json.dumps(written)}, **extra) + "Body.\n")
    result = site.run("validate")
    assert result.exit_code == 1
    said = [line for line in result.output.splitlines() if f" {field}: expected" in line]
    assert len(said) == 1 and "URL without a user name, such as 'https://www.example.com', got" in said[0], said
