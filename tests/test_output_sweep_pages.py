"""Articles of hostile text — markup and its end tags in every field (``</script>``, ``-->``, ``]]>``, quotes),
``javascript:`` links and images, raw HTML with event handlers, ``srcset``, forms and ``<base>``, right-to-left
and combining text, Chinese punctuation, full-width and case variants of one tag, very long words, template
syntax — for a site below a path (``https://x.org/news/``): whatever ``validate`` lets through, the build's
pages carry no script but the theme's, no event handler, no ``javascript:`` URL and a JSON-LD that parses to
the article's own title; every feed passes its schema and readers; the sitemap parses."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree, html
from typer.testing import CliRunner

from feeds.checks import check_atom, check_json, check_rss
from jiading_cli.cli import app

CONFIG = """\
[site]
title = "T </script> & \\"q\\" -->"
base_url = "https://x.org/news/"
timezone = "UTC"
language = "en"
phone = "0086-10-53270173"
email = "a@x.org"

[pages]
per_page = 2
"""
BITS = [
    "</script>", "<!--", "-->", '"', "'", "&", "&amp;", "<", ">", "]]>", "{{ x }}", "{% if %}", "مرحبا",
    "e\u0301", "，", "。", "「引」", "《书》", "👨\u200d👩\u200d👧", "x" * 300, "\\", "javascript:alert(1)",
    "\u00a0", "\u2066ab\u2069", "%2F", "?", "#", " ", "金融", "0", "true", "null", "`", "*", "_", "[", "]",
    "\u3000", "ｆｉｎａｎｃｅ", "Finance", "finance", "ﬁ", "Å", "A\u030a",
]  # fmt: skip
BODY = [
    "[l](javascript:alert(1))", "![i](javascript:x)", '<img src=x srcset="javascript:a 1x" onerror=alert(1)>',
    "<script>alert(1)</script>", '<a href="javascript:a">x</a>', '[a](https://x.org/?a=1&b="2")',
    '![a](https://x.org/a.png "t\\"itle")', "```\n</script>\n```", "| a | b |\n|---|---|\n| <x> | & |",
    "<svg onload=alert(1)>", "<iframe src=javascript:a>", "<form action=javascript:a><button>x</button></form>",
    '<base href="https://evil.example/">', '<meta http-equiv=refresh content="0;url=https://evil.example">',
    "&#x3c;script&#x3e;", "<https://x.org/a>",
]  # fmt: skip
CHECKS = {"feed.xml": check_rss, "atom.xml": check_atom, "feed.json": check_json}
text = st.lists(st.sampled_from(BITS), min_size=1, max_size=6).map("".join)


@st.composite
def article(draw: st.DrawFn, index: int) -> str:
    fields = {
        "id": f"urn:uuid:00000000-0000-4000-8000-{index:012d}",
        "title": draw(text),
        "date": f"2017-0{1 + index % 9}-1{index % 10}T10:00:00+08:00",
        "summary": "A summary long enough for share cards " + draw(text),
        "lang": draw(st.sampled_from(["en", "zh-CN"])),
        "slug": f"a-{index}",
        "tags": draw(st.lists(text, max_size=3)),
        "category": draw(text),
        "authors": [draw(text)],
    }
    body = "\n\n".join(draw(st.lists(st.one_of(st.sampled_from(BODY), text), min_size=1, max_size=6)))
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n" + body + "\n"


def check_page(page: Path, titles: set[str]) -> None:
    doc = html.fromstring(page.read_bytes())
    for script in doc.xpath("//script"):
        kind, src = script.get("type"), script.get("src")
        assert (kind, src) == (None, "/news/assets/jiading.js") or (kind == "application/ld+json" and src is None)
    for data in doc.xpath("//script[@type='application/ld+json']/text()"):
        assert " ".join(json.loads(data)["headline"].split()) in titles, page
    for element in doc.iter():
        if isinstance(element.tag, str):
            assert not [name for name in element.attrib if name.lower().startswith("on")], page
    urls = "//@href | //@src | //@srcset | //@action | //@formaction | //meta[contains(@property, ':url')]/@content"
    for value in doc.xpath(urls + " | //meta[contains(@property, ':image')]/@content"):
        assert not value.strip().lower().startswith(("javascript:", "vbscript:", "data:text")), (page, value)
    assert not doc.xpath("//base | //iframe | //form"), page
    # only a folder of the articles' URLs (en/news/2017/) refreshes, in its head, to its canonical list page
    refresh = doc.xpath("//meta[@http-equiv]")
    if refresh:
        canonical = doc.xpath("//head/link[@rel='canonical']/@href")
        assert len(refresh) == 1 and refresh[0].getparent().tag == "head" and len(canonical) == 1, page
        assert refresh[0].get("content") == "0; url=" + canonical[0].removeprefix("https://x.org"), page
        assert not doc.xpath("//article") and doc.xpath("//meta[@name='robots']/@content") == ["noindex"], page


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources=st.lists(st.integers(0, 2**16), min_size=1, max_size=5, unique=True).flatmap(
    lambda keys: st.tuples(*(article(key) for key in keys))
))  # fmt: skip
def test_hostile_articles_make_safe_pages_and_valid_feeds(sources: tuple[str, ...]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
        for number, source in enumerate(sources):
            (root / "articles" / f"a{number}.md").parent.mkdir(exist_ok=True)
            (root / "articles" / f"a{number}.md").write_text(source, encoding="utf-8")
        runner = CliRunner()
        checked = runner.invoke(app, ["--config", str(root), "validate"])
        built = runner.invoke(app, ["--config", str(root), "build", "--now", "2026-01-01T00:00:00Z"])
        assert built.exception is None or isinstance(built.exception, SystemExit), built.exception
        event("rejected" if checked.exit_code == 1 else "built")
        if checked.exit_code == 1:
            assert built.exit_code == 1 and not (root / "public").exists(), built.output
            return
        assert built.exit_code == 0, built.output
        out = root / "public"
        titles = {" ".join(yaml.safe_load(source.split("---\n")[1])["title"].split()) for source in sources}
        for page in out.rglob("*.html"):
            check_page(page, titles)
        for path in out.rglob("*"):
            if path.name in CHECKS:
                CHECKS[path.name](path.read_bytes())
        etree.parse(str(out / "sitemap.xml"))
