"""Every output shows the text the article's page shows, with raw HTML that hides some of it.

Under `[markdown] unsafe_html = true` a body may hold `<div style="display:none">X</div>`: the page's browser hides
X, but the feeds (RSS `content:encoded`, Atom `content`, JSON Feed `content_html`) and the email's HTML part carried
it, and many feed readers and mail clients drop `style` (and `hidden`) and show it. Bodies are drawn of hidden and
shown raw HTML, nested, with Markdown between; each output, read by a reader that drops those attributes, must show
the text the page shows, and no output may hold a word hidden on the page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from xml.etree import ElementTree

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, one_article
from jiading_cli.app.settings import load
from jiading_cli.config import Config
from jiading_cli.content.markdown import render_html
from jiading_cli.content.plaintext import text_of
from jiading_cli.content.shown import shown_html
from jiading_cli.feeds.build import build_feeds
from jiading_cli.model.article import Article
from jiading_cli.share.email import article_mail

SITE = CONFIG + '[markdown]\nunsafe_html = true\n[email]\nsender = "news@example.com"\nto = ["r@example.com"]\n'
NOW = dt.datetime(2026, 11, 27, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))
HIDING = [
    '<div style="display:none">{}</div>', '<span style="DISPLAY : None !important">{}</span>', "<p hidden>{}</p>",
    '<div style="color: red; visibility: hidden">{}</div>', '<section hidden="">{}</section>', "<li hidden>{}</li>",
    "<details><summary>S</summary>{}",
]  # fmt: skip
SURELY = ("<div", "<section")  # hide what they hold, whatever it is: a block in a <p> or <span> ends it, and then
# a browser shows it; a closed <details> is a reader's to open, and no output leaves it out
SHOWING = [
    "<div>{}</div>", '<span style="display: inline">{}</span>', "<p>{}</p>", "<b>{}</b>", "<ul><li>{}</li></ul>",
    '<div style="display:none; display:block">{}</div>', "<details open><summary>S</summary>{}</details>", "{}",
    "<table><tr><td>{}</td><td>cell</td></tr></table>", "<blockquote>{}</blockquote>", "<hr hidden>{}",
    '<img hidden src="x.png" alt="gone">{}',
]  # fmt: skip
BETWEEN = ["", " ", "\n", " *em* ", " `code` ", "<br>"]  # no blank line: no Markdown paragraph, which would close
# a raw <p> or <span> (a browser shows what follows it)
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
ATOM = "{http://www.w3.org/2005/Atom}"
TAG = re.compile("<[^>]*>")
HIDING_ATTRIBUTE = re.compile(r"""\s(?:style|hidden)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""", re.IGNORECASE)

Parts = st.recursive(
    st.sampled_from(BETWEEN).map(lambda text: ("text", text)),
    lambda inner: st.tuples(st.booleans(), st.integers(0, 99), st.lists(inner, max_size=3)),
    max_leaves=8,
)


def body_of(part: object, count: list[int]) -> tuple[str, list[str]]:
    """The Markdown of a drawn part and the words it surely hides (:data:`SURELY`), each word numbered."""
    if isinstance(part, tuple) and part[0] == "text":
        count[0] += 1
        return f"{part[1]}W{count[0]}x", []
    hide, which, inner = part  # type: ignore[misc]
    made = [body_of(child, count) for child in inner]
    text = "".join(text for text, _ in made)
    words = [word for _, hid in made for word in hid]
    wrap = HIDING[which % len(HIDING)] if hide else SHOWING[which % len(SHOWING)]
    if hide and wrap.startswith(SURELY):
        words = re.findall(r"W\d+x", text)
    return wrap.format(text), words


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Article]:
    root = tmp_path_factory.mktemp("site")
    _, article = one_article(root, SITE)
    return load(root), article  # with sharing's sections: the email's


def read(html: str) -> str:
    """What a reader that drops ``style`` and ``hidden`` shows of ``html``."""
    return text_of(TAG.sub(lambda tag: HIDING_ATTRIBUTE.sub("", tag.group()), html))


def outputs(config: Config, article: Article) -> dict[str, str]:
    """Each output's HTML of the article's body, by where it is found."""
    found: dict[str, str] = {}
    for output in build_feeds(config, [article], NOW).outputs:
        if output.fmt == "json":
            found[output.path] = json.loads(output.data)["items"][0]["content_html"]
        else:
            root = ElementTree.fromstring(output.data)
            tag = CONTENT if output.fmt == "rss" else f"{ATOM}content"
            element = root.find(f".//{tag}")
            assert element is not None, output.data
            found[output.path] = element.text or ""
    message = message_from_bytes(article_mail(config, article, "Intro.", NOW).data, policy=default)
    assert isinstance(message, EmailMessage)
    for kind in ("html", "plain"):
        part = message.get_body(preferencelist=(kind,))
        assert isinstance(part, EmailMessage)
        found[f"email {kind}"] = part.get_content().replace("\r\n", "\n")
    inside = re.search(r"<body>(.*)</body>", found["email html"], re.DOTALL)  # its content, as the body's HTML is
    assert inside is not None, found["email html"]
    found["email html"] = inside.group(1)
    return found


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(Parts, min_size=1, max_size=4))
@example(parts=[(True, 0, [("text", "")]), (False, 2, [("text", " ")])])
@example(parts=[(False, 2, [("text", ""), (True, 9, [("text", "")]), ("text", "")])])
@example(parts=[(True, 7, [("text", "")]), ("text", "\n\n")])
def test_every_output_shows_the_text_the_page_shows(site: tuple[Config, Article], parts: list[object]) -> None:
    count = [0]
    made = [body_of(part, count) for part in parts]
    body = "\n\n".join(text for text, _ in made) + "\n"
    config, article = site
    article = dataclasses.replace(article, body=body)
    page = render_html(config, article)  # the body as the article's page holds it
    seen = text_of(page)
    hidden = {word for _, words in made for word in words}
    assert not any(word in seen for word in hidden), (body, seen)
    for where, html in outputs(config, article).items():
        assert not any(word in html for word in hidden), (where, body, html)
        if where.startswith("email"):  # the body between the intro and the link to the page
            assert seen.strip() in (html if where == "email plain" else read(html)), (where, body, seen, html)
        else:
            assert read(html) == seen, (where, body, page, html)


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ("<p>a<div hidden>x</div>b</p>", "<p>a</p>b</p>"),
        ("<ul><li>a<li hidden>b</li>c</ul>", "<ul><li>a</li>c</ul>"),
        ('<div style="display:none">X</div>\n<p>ok</p>', "\n<p>ok</p>"),
        ("<ul><li>a<li hidden>b<li>c</ul>", "<ul><li>a</li><li>c</ul>"),
        ("<div>a<div hidden></div>b</div>", "<div>ab</div>"),
        ("a<span hidden>x<b>y</b></span>b", "ab"),
        ("<p>a<hr hidden>b</p>", "<p>a</p>b</p>"),
        ("<p><em>a<p hidden>b<div>c</div></p>", "<p><em>a</em></p><div>c</div></p>"),
        ('<div hidden><div hidden>a</div>b</div><img hidden src="x.png">c', "c"),
        ("<details><summary>S</summary>body</details>", "<details><summary>S</summary>body</details>"),
        ("<p>no <i>hidden</i> style here</p>", "<p>no <i>hidden</i> style here</p>"),
    ],
)
def test_what_is_left_in_place_of_a_hidden_element(html: str, shown: str) -> None:
    """An element a browser hides is left out, start tag, content and end tag; one whose start tag closes elements
    shown (a paragraph, the item before) leaves their end tags, which close them still; a closed ``<details>``, which
    a reader opens, is kept."""
    assert shown_html(html) == shown


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<div hidden/>secret<p>more</p>", ""),  # HTML reads no "/>" but a void element's: the div holds what follows
        ("<p>a<hr>b</p>", "a\n\n----\n\nb\n"),  # an <hr> ends the paragraph
        ('<svg><g hidden="" /><text>shown</text></svg>', "shown\n"),  # a foreign element's "/>" ends it
    ],
)
def test_the_text_part_reads_a_tag_ended_by_a_slash_as_a_browser_does(html: str, text: str) -> None:
    assert text_of(html) == text
