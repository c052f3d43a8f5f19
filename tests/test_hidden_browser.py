"""What the feeds and the email show of raw HTML that hides some of its text is what a browser shows, decided by
headless Chromium: drawn bodies of elements hidden and shown by ``hidden``, ``display`` and ``visibility`` (nested
either way, given twice, ``!important`` or not, with values a browser ignores) are put in a page, and the words of
its ``innerText`` are the words each output shows: the feeds' HTML (:func:`shown_html`, read by a reader that drops
``style`` and ``hidden``) and the email's text part (:func:`text_of`). The feeds' HTML, put in a page, shows the
page's lines: what is left out never takes the layout of what is kept with it (an end tag, the start tag that closed
an element).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jiading_cli.content.plaintext import text_of
from jiading_cli.content.shown import shown_html
from serve.cdp import Browser

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")

if BROWSER is None and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (CI installs it)", allow_module_level=True)

STYLES = [
    "display:none", "display: NONE !important", "visibility:hidden", "visibility: collapse", "visibility:visible",
    "visibility: initial", "visibility: inherit", "display:block", "display: inline-block", "display: bogus",
    "display:none; display:block", "display:block; display:none", "display:none !important; display:block",
    "visibility:hidden; visibility:visible", "visibility:visible !important; visibility:hidden",
    "visibility: hidden; visibility: nonsense", "display: none; display: 12px", "display:/* none */block",
    "color: red", "display: inline flow", "display: revert", "display: contents", "DISPLAY:NONE", "visibility: unset",
    "display:none/*;display:block*/", "display: revert-layer", "visibility: hidden ! important; visibility: visible",
]  # fmt: skip
HIDDEN = ["", " hidden", ' hidden="until-found"', ' HIDDEN="hidden"']
BLOCKS = ["div", "p", "section", "ul", "li", "dd", "dt", "h2", "address", "span"]
FORMATTING = ["b", "em"]  # only around text and each other: a block inside one makes HTML's parser open it again
# after the block's start (its "active formatting elements"), which the reader does not follow (docs/feeds.md)
WORD = re.compile(r"W\d+x")
TAG = re.compile("<[^>]*>")
HIDING_ATTRIBUTE = re.compile(r"""\s(?:style|hidden)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""", re.IGNORECASE)

Attributes = st.tuples(st.sampled_from(HIDDEN), st.none() | st.sampled_from(STYLES))
Inline = st.recursive(
    st.just("text"),
    lambda inner: st.tuples(st.sampled_from(FORMATTING), Attributes, st.lists(inner, min_size=1, max_size=3)),
)
Parts = st.recursive(
    Inline,
    lambda inner: st.tuples(st.sampled_from(BLOCKS), Attributes, st.lists(inner, min_size=1, max_size=3)),
    max_leaves=8,
)


def html_of(part: object, count: list[int]) -> str:
    """A drawn part's HTML, each word of text numbered."""
    if part == "text":
        count[0] += 1
        return f" W{count[0]}x "
    tag, (hidden, style), inner = part  # type: ignore[misc]
    attributes = hidden + (f' style="{style}"' if style else "")
    return f"<{tag}{attributes}>{''.join(html_of(child, count) for child in inner)}</{tag}>"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    assert BROWSER is not None, "chromium is not installed"
    opened = Browser(BROWSER, tmp_path_factory.mktemp("profile"), width=800, height=600)
    opened.open("data:text/html,<!DOCTYPE html><title>t</title><body>")  # read as a page is: not in quirks mode
    yield opened
    opened.close()


def lines_shown(browser: Browser, html: str) -> list[str]:
    """The lines of text a browser shows of ``html`` (``innerText``), without their white space: where an element
    hidden stood, Chromium's ``innerText`` may or may not keep a space, whatever is on either side."""
    found = browser.value(f"document.body.innerHTML = {json.dumps(html)}; document.body.innerText")
    return ["".join(line.split()) for line in found.splitlines() if line.strip()]


def read(html: str) -> str:
    """What a reader that drops ``style`` and ``hidden`` shows of ``html``."""
    return text_of(TAG.sub(lambda tag: HIDING_ATTRIBUTE.sub("", tag.group()), html))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(Parts, min_size=1, max_size=3))
@example(parts=[("div", ("", "visibility:hidden"), [("span", ("", "visibility:visible"), ["text"]), "text"])])
@example(parts=[("div", (" hidden", "display:block"), ["text"])])
@example(parts=[("div", (' hidden="until-found"', "display:block"), ["text"])])
@example(parts=[("div", ("", "display:none !important; display:block"), ["text"])])
@example(parts=[("div", (" hidden", "display: revert"), ["text"]), ("span", (' hidden="until-found"', None), ["text"])])
@example(parts=[("div", ("", "display: none; display: 12px"), ["text"])])
@example(parts=[("div", ("", "visibility:hidden"), [("p", (" hidden", "visibility:visible"), ["text"])])])
def test_every_output_shows_the_words_a_browser_shows(browser: Browser, parts: list[object]) -> None:
    count = [0]
    html = "".join(html_of(part, count) for part in parts)
    page = lines_shown(browser, html)
    shown = {word for line in page for word in WORD.findall(line)}
    feeds = shown_html(html)
    assert set(WORD.findall(read(feeds))) == shown, ("feeds", html, feeds)
    assert set(WORD.findall(text_of(html))) == shown, ("email text", html)
    assert lines_shown(browser, feeds) == page, ("feeds laid out", html, feeds)  # what is left out took only itself
