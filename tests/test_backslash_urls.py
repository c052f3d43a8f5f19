"""A backslash in a web address of raw HTML is read as browsers read it: a '/'.

The URL standard reads ``\\`` as ``/`` in the path of an ``https:`` URL and of a reference without a scheme, so
``<a href="/\\evil.example/x">`` on a page leads every browser to ``https://evil.example/x``. The feeds and the email,
which make each reference absolute for readers without the page's URL, read it as a path of the site
(``https://news.example.com/\\evil.example/x``): the subscriber was sent elsewhere than the page's reader, and
validation, reading it as a path of the site too, never looked at the host it names.
"""

from __future__ import annotations

import dataclasses
import json
import re
from html import escape, unescape
from urllib.parse import urlsplit

import feedparser
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site
from jiading_cli.config import Config
from jiading_cli.content.htmlrefs import attribute_url, rewritten, slashed
from jiading_cli.content.markdown import render_html
from jiading_cli.content.plaintext import text_of
from jiading_cli.model.article import Article

HOSTS = st.sampled_from(["evil.example", "cdn.example.org", "xn--fsqu00a.example"])
PATHS = st.sampled_from(["", "/", "/x", "/a/b.png", "/a\\b"])
AFTER = st.sampled_from(["", "?q=\\1", "#\\top", "?a=1&b=\\2#\\c"])


@st.composite
def leads(draw: st.DrawFn) -> str:
    """Two or more of '/' and '\\' with a backslash among them: what the URL standard reads as ``//``."""
    marks = draw(st.lists(st.sampled_from("/\\"), min_size=2, max_size=4))
    return "".join(marks) if "\\" in marks else "\\" + "".join(marks[1:])


def _hrefs(html: str) -> list[str]:
    return [unescape(found) for found in re.findall(r'(?:href|src)="([^"]*)"', html)]


@settings(max_examples=60)
@given(lead=leads(), host=HOSTS, path=PATHS, after=AFTER, tag=st.sampled_from(["a", "img"]))
@example(lead="/\\", host="evil.example", path="/x", after="", tag="a")
@example(lead="\\\\", host="evil.example", path="", after="?q=\\1", tag="img")
def test_a_backslash_leads_where_a_browser_goes(
    rendering: tuple[Config, Article], lead: str, host: str, path: str, after: str, tag: str
) -> None:
    config, article = rendering
    attribute = "href" if tag == "a" else "src"
    body = (
        f'<{tag} {attribute}="{lead}{host}{path}{after}">x</{tag}>\n'
        if tag == "a"
        else f'<img src="{lead}{host}{path}{after}" alt="x">\n'
    )
    html = render_html(config, dataclasses.replace(article, body=body))
    (url,) = _hrefs(html)
    parts = urlsplit(url)
    assert (parts.scheme, parts.hostname, parts.path) == ("https", host, path.replace("\\", "/")), html
    assert url.endswith(after), html  # a query and a fragment keep their backslashes, as browsers keep them
    if tag == "a":
        assert url in text_of(html)  # the email's text part gives the link its HTML part gives


def test_a_mailto_or_data_url_keeps_its_backslashes(rendering: tuple[Config, Article]) -> None:
    config, article = rendering
    body = '<a href="mailto:a\\b@news.example.com">m</a> <img src="data:image/gif;base64,R0\\lG" alt="d">\n'
    html = render_html(config, dataclasses.replace(article, body=body))
    assert _hrefs(html) == ["mailto:a\\b@news.example.com", "data:image/gif;base64,R0\\lG"]


def test_every_feed_links_the_host_the_page_leads_to(site: Site) -> None:
    site.write("jiading.toml", CONFIG + "[markdown]\nunsafe_html = true\n")
    site.article(body='See <a href="/\\evil.example/x">the plan</a>.\n')
    result = site.run("build")
    assert result.exit_code == 0, result.output
    public = site.root / "public"
    content = json.loads((public / "feed.json").read_text(encoding="utf-8"))["items"][0]["content_html"]
    assert _hrefs(content) == ["https://evil.example/x"]
    for name in ("feed.xml", "atom.xml"):
        entry = feedparser.parse((public / name).read_bytes()).entries[0]
        assert _hrefs(entry.content[0].value) == ["https://evil.example/x"], name


@given(lead=leads(), host=HOSTS, path=PATHS, after=AFTER, around=st.sampled_from(["", " ", "&#32;", "\t"]))
def test_one_reading_of_an_attribute_with_or_without_its_backslashes_read_as_browsers_read_them(
    lead: str, host: str, path: str, after: str, around: str
) -> None:
    """``attribute_url`` is the one reading: what validation checks (backslashes read as '/'), and what the
    renderer swaps (backslashes kept, so that a URL left as it is stays as written but for them)."""
    written = f"{around}{lead}{host}{path}{after}{around}"
    kept = attribute_url(written, slash=False)
    assert kept == f"{lead}{host}{path}{after}"
    read = f"{lead}{host}{path}".replace("\\", "/") + after
    assert attribute_url(written) == slashed(kept) == read
    assert rewritten(f'<a href="{written}">x</a>', lambda url: url) == f'<a href="{escape(read)}">x</a>'
    plain = f'<a href="{around}https://{host}/x{after}{around}">x</a>'
    assert rewritten(plain, lambda url: url) == plain  # nothing read otherwise: left as written
