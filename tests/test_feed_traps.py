"""feedgen 1.0.0's known traps, each worked around by the oracle and shown here on the real output."""

from __future__ import annotations

from lxml import etree

from conftest import Site
from feeds.checks import check_atom, check_json, check_rss, read
from tinyimages import PNG

A = "{http://www.w3.org/2005/Atom}"
HUB = "https://hub.example.com/"
SELF = "https://news.example.com/atom.xml"


def built(site: Site, *args: str, hub: bool = True) -> Site:
    if hub:
        site.write("jiading.toml", (site.root / "jiading.toml").read_text() + f'\n[feeds]\nwebsub_hub = "{HUB}"\n')
    result = site.run("feed", "build", *args)
    assert result.exit_code == 0, result.output
    return site


def test_an_atom_enclosure_stays_an_enclosure_beside_one_alternate_link(site: Site) -> None:
    (site.root / "articles" / "photo.png").write_bytes(PNG.ljust(100, b"\0"))
    site.article(image="photo.png", image_alt="A photo")
    root = check_atom((built(site).root / "public" / "atom.xml").read_bytes())
    links = [(ln.get("rel"), ln.get("type"), ln.get("length")) for ln in root.find(f"{A}entry").findall(f"{A}link")]
    assert links == [("alternate", "text/html", None), ("enclosure", "image/png", "100")]


def test_the_rss_channel_link_is_the_site_not_the_last_link_given(site: Site) -> None:
    site.article()
    channel = check_rss((built(site).root / "public" / "feed.xml").read_bytes()).find("channel")
    assert channel.findtext("link") == "https://news.example.com"
    self_links = [ln.get("href") for ln in channel.findall(f"{A}link") if ln.get("rel") == "self"]
    assert self_links == ["https://news.example.com/feed.xml"]


def test_the_hub_is_announced_in_rss_atom_and_json(site: Site) -> None:
    site.article()
    public = built(site).root / "public"
    rss = check_rss((public / "feed.xml").read_bytes()).find("channel")
    atom = check_atom((public / "atom.xml").read_bytes())
    assert [ln.get("href") for ln in rss.findall(f"{A}link") if ln.get("rel") == "hub"] == [HUB.rstrip("/")]
    assert [ln.get("href") for ln in atom.findall(f"{A}link") if ln.get("rel") == "hub"] == [HUB.rstrip("/")]
    assert check_json((public / "feed.json").read_bytes())["hubs"] == [{"type": "WebSub", "url": HUB.rstrip("/")}]


def test_atom_content_is_html_never_the_invalid_cdata_type(site: Site) -> None:
    site.article(body="A **bold** move & more.\n")
    data = (built(site).root / "public" / "atom.xml").read_bytes()
    assert b'type="CDATA"' not in data and b"<![CDATA[" not in data
    entry = read(data).entries[0]
    assert entry.content[0].type == "text/html"
    assert entry.content[0].value.strip() == "<p>A <strong>bold</strong> move &amp; more.</p>"


def test_no_date_comes_from_the_clock(site: Site) -> None:
    site.article(updated="2017-07-05T09:30:00+08:00")
    public = built(site, "--now", "2030-01-01T00:00:00Z").root / "public"
    atom = check_atom((public / "atom.xml").read_bytes())
    assert atom.findtext(f"{A}updated") == "2017-07-05T09:30:00+08:00"
    assert atom.find(f"{A}entry").findtext(f"{A}published") == "2017-07-03T18:00:00+08:00"
    channel = etree.fromstring((public / "feed.xml").read_bytes()).find("channel")
    assert channel.findtext("lastBuildDate") == "Wed, 05 Jul 2017 09:30:00 +0800"
    assert channel.find("item").findtext("pubDate") == "Mon, 03 Jul 2017 18:00:00 +0800"


def test_rss_authors_are_dc_creators_because_rss_author_must_be_an_email(site: Site) -> None:
    site.article(authors="[Li Wei, Anna Smith]")
    item = check_rss((built(site).root / "public" / "feed.xml").read_bytes()).find("channel/item")
    assert item.find("author") is None
    assert [c.text for c in item.findall("{http://purl.org/dc/elements/1.1/}creator")] == ["Li Wei", "Anna Smith"]


def test_a_control_character_is_a_validation_error_not_a_feedgen_crash(site: Site) -> None:
    site.article(title='"Bell \\a here"')
    result = site.run("feed", "build")
    assert result.exit_code == 1
    assert "articles/a.md:3: error JD140 title: expected text without control characters, found U+0007" in result.stdout
    assert not (site.root / "public").exists()
