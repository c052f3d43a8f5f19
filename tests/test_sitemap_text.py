"""The sitemap's XML escaping: the quick path for plain text gives what ``xml.sax.saxutils`` gives for any text."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from jiading_cli.pages.head import Alternate
from jiading_cli.pages.sitemap import Entry, _attr, _text, sitemap

AWKWARD = st.text(alphabet=st.sampled_from(list("ab/:?=%é中&<>\"'\n\r\t ")))


@given(st.one_of(AWKWARD, st.text()))
def test_text_and_attributes_are_escaped_as_saxutils_escapes_them(value: str) -> None:
    assert _text(value) == escape(value)
    assert _attr(value) == quoteattr(value)


@given(st.lists(st.tuples(AWKWARD, AWKWARD), max_size=3))
def test_a_sitemap_of_awkward_urls_reads_back_as_written(pairs: list[tuple[str, str]]) -> None:
    clean = [(lang, url) for lang, url in pairs if "\r" not in lang + url]  # XML reads a lone CR as a line end
    versions = tuple(Alternate(lang, url, "", "") for lang, url in clean)
    entries = [Entry("https://example.com/a?b=1&c=<2>", "2017-07-03", versions)]
    root = etree.fromstring(sitemap(entries))
    links = root.findall(".//{http://www.w3.org/1999/xhtml}link")
    assert [(link.get("hreflang"), link.get("href")) for link in links] == clean
    assert root.findtext(".//{http://www.sitemaps.org/schemas/sitemap/0.9}loc") == entries[0].url
