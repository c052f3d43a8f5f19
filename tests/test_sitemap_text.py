"""The sitemap's XML escaping: the quick path for plain text gives what ``xml.sax.saxutils`` gives for any text."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from jiading_cli.config import Config, load_config
from jiading_cli.pages import sitemap as sitemap_module
from jiading_cli.pages.head import Alternate
from jiading_cli.pages.sitemap import URLS, Entry, _attr, _text, sitemap, sitemaps

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


@given(AWKWARD, st.one_of(st.none(), AWKWARD))
def test_an_entry_without_versions_is_the_lines_of_any_entry(url: str, lastmod: str | None) -> None:
    """Most entries have no language versions, and are written in one piece: as the lines of any entry read."""
    from jiading_cli.pages.sitemap import _url

    lines = f"  <url>\n    <loc>{escape(url)}</loc>\n" + (
        f"    <lastmod>{escape(lastmod)}</lastmod>\n" if lastmod else ""
    )
    assert _url(Entry(url, lastmod)) == lines + "  </url>\n"
    assert _url(Entry(url, lastmod, (Alternate("en", url, "", ""),))).startswith(lines)


SITE = '[site]\ntitle = "Invest in Jiading"\nbase_url = "https://news.example.com/zh"\ntimezone = "Asia/Shanghai"\n'
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _config(tmp_path: Path) -> Config:
    (tmp_path / "jiading.toml").write_text(SITE, encoding="utf-8")
    return load_config(tmp_path)


def _entries(count: int, width: int = 0) -> list[Entry]:
    return [Entry(f"https://news.example.com/zh/{n:06d}{'x' * width}/", "2017-07-03") for n in range(count)]


def _parts(files: list[tuple[str, bytes]]) -> tuple[etree._Element, list[list[str]]]:
    found = dict(files)
    index = etree.fromstring(found.pop("sitemap.xml"))
    locs = [element.text or "" for element in index.iter(f"{NS}loc")]
    names = [loc.removeprefix("https://news.example.com/zh/") for loc in locs]
    assert sorted(names) == sorted(found), "the index names every part by its URL, and nothing else"
    return index, [[e.text or "" for e in etree.fromstring(found[name]).iter(f"{NS}loc")] for name in names]


@pytest.mark.parametrize("count", [0, 1, 49_999, 50_000])
def test_a_site_of_at_most_50000_urls_has_one_sitemap(tmp_path: Path, count: int) -> None:
    entries = _entries(count)
    ((name, data),) = sitemaps(_config(tmp_path), entries)
    assert name == "sitemap.xml" and data == sitemap(entries)
    assert len(etree.fromstring(data).findall(f"{NS}url")) == count


@pytest.mark.parametrize("count", [50_001, 100_000, 120_345])
def test_more_urls_than_a_sitemap_holds_go_in_parts_under_an_index(tmp_path: Path, count: int) -> None:
    entries = _entries(count)
    index, parts = _parts(sitemaps(_config(tmp_path), list(reversed(entries))))
    assert index.tag == f"{NS}sitemapindex"
    assert all(len(part) <= URLS for part in parts) and len(parts) == -(-count // URLS)
    assert [url for part in parts for url in part] == [entry.url for entry in entries]  # each once, in URL order


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=40), st.integers(1, 5))
def test_no_part_is_over_its_size_however_long_the_urls(
    tmp_path_factory: pytest.TempPathFactory, widths: list[int], urls: int
) -> None:
    """With the limits made small, every part keeps within both, and no URL is lost or repeated."""
    config = _config(tmp_path_factory.mktemp("site"))
    entries = [Entry(f"https://news.example.com/zh/{n:03d}{'x' * w}/", None) for n, w in enumerate(widths)]
    limit = 1200
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sitemap_module, "BYTES", limit)
        patch.setattr(sitemap_module, "URLS", urls)
        files = sitemaps(config, entries)
    if len(files) == 1:
        parts = [[e.text or "" for e in etree.fromstring(files[0][1]).iter(f"{NS}loc")]]
        sizes = [len(files[0][1])]
    else:
        _, parts = _parts(files)
        sizes = [len(data) for name, data in files if name != "sitemap.xml"]
    assert [url for part in parts for url in part] == [entry.url for entry in entries]
    for part, size in zip(parts, sizes, strict=True):
        assert len(part) <= urls
        assert size <= limit or len(part) == 1  # one URL too long for any part is a part of its own


@given(st.lists(st.tuples(AWKWARD, st.one_of(st.none(), AWKWARD), st.booleans()), max_size=6))
def test_the_entries_written_in_one_piece_are_each_entry_as_written_alone(
    drawn: list[tuple[str, str | None, bool]],
) -> None:
    """A sitemap's entries are looked at for characters to escape once, all together: each is then what
    :func:`_url` writes of it alone, in URL order."""
    from jiading_cli.pages.sitemap import _lines, _url

    entries = [
        Entry(url, lastmod, (Alternate("en", url, "", ""),) if versions else ()) for url, lastmod, versions in drawn
    ]
    assert _lines(entries) == [_url(entry) for entry in sorted(entries, key=lambda entry: entry.url)]
