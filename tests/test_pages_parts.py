"""The parts of a page on their own: tel: URIs, dates by language, message catalogues, safe JSON-LD."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Site
from jiading_cli.base.tel import tel_uri
from jiading_cli.content.markdown import link_articles
from jiading_cli.content.messages import CATALOGUES, catalogue_name, messages
from jiading_cli.pages.article import linked
from jiading_cli.pages.dates import local_date
from jiading_cli.pages.head import indented_json, script_json
from jiading_cli.pages.qrcode import MASK
from jiading_cli.pages.sharebar import qr_inline
from tinyimages import png_bytes

PNG = png_bytes(200, 100)


@pytest.mark.parametrize(
    ("phone", "uri"),
    [
        ("0086-10-53270173", "tel:+86-10-53270173"),
        ("+86 10 5327 0173", "tel:+86-10-5327-0173"),
        ("+1 (555) 010.0199", "tel:+1-555-010-0199"),
        ("010 5327 0173", "tel:01053270173"),
        ("+44 (0)20 7946 0000", "tel:+44-20-7946-0000"),
        ("0044(0)20-7946-0000", "tel:+44-20-7946-0000"),
        ("(021) 5327 0173", "tel:02153270173"),
        ("1-800-FLOWERS", None),
        ("0086-10-53270173 ext. 5", None),
        ("call us", None),
        ("+", None),
        ("+86 10 ５３２７", None),
        ("(0)20 7946 0000", "tel:02079460000"),  # no country code: the brackets are a group as any other
        ("(+86) 21 6999 1234", "tel:+86-21-6999-1234"),  # the country code in brackets, as Chinese sites write it
        ("(0086)21-6999-1234", "tel:+86-21-6999-1234"),
        ("( +86 ) 21 6999 1234", "tel:+86-21-6999-1234"),
        ("(+86)", None),  # a country code and no number
        ("(+086) 21 6999", None),  # a country code starts with no 0
        ("(+86 21) 6999 1234", None),  # the bracket holds the country code alone
        ("(+86) (0) 21 6999", "tel:+86-21-6999"),  # the trunk prefix after it, left out
        # what dials nothing, or another country: no tel: link is made of it (JD002)
        ("(0)", None),  # fewer than three digits
        ("+44 (0)", None),
        ("+(0)21", None),  # a country code starts with no 0
        ("000 86 21", None),
        ("+0 123", None),
        ("- 12", None),  # a separator at either end
        ("12 -", None),
        ("86)(21", None),  # a bracket not closed, or inside another
        ("((21))", None),
        ("+86 (21 6991", None),
        ("+86 21 (0) 6991", None),  # a trunk prefix only right after the country code
    ],
)
def test_phone_numbers_become_rfc_3966_uris(phone: str, uri: str | None) -> None:
    assert tel_uri(phone) == uri


PHONE_TEXT = st.text(st.sampled_from("+0123456789 -.()()x５\t"), max_size=24)


@given(PHONE_TEXT)
def test_a_phone_number_is_a_tel_uri_of_its_digits_or_refused_by_the_config(phone: str) -> None:
    """Whatever site.phone holds: a tel: URI of RFC 3966's shape and of the number's digits, or JD002 (pages
    would otherwise show no phone and no call link, without a word)."""
    from jiading_cli.config.sections import phone as checked
    from jiading_cli.model.kinds import Expected

    uri = tel_uri(phone)
    try:
        checked(phone)
    except Expected:
        assert uri is None or not phone.strip()
        return
    assert uri is not None and re.fullmatch(r"tel:(\+\d+(-\d+)*|\d+)", uri)
    written = phone.strip()
    world = written.startswith(("+", "00"))  # a country code follows: '00' is dialled as '+'
    rest = written[1:] if written.startswith("+") else written[2:] if world else written
    rest = re.sub(r"\(\s*0\s*\)", "", rest) if world else rest
    assert uri.startswith("tel:+") == world
    assert uri.removeprefix("tel:").removeprefix("+").replace("-", "") == "".join(c for c in rest if c.isdigit())


def test_dates_follow_the_article_language() -> None:
    when = dt.datetime(2017, 7, 3, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert local_date(when, messages("en")) == "3 July 2017"
    assert local_date(when, messages("zh-CN")) == "2017年7月3日"


def test_languages_pick_their_catalogue() -> None:
    tags = ("zh-CN", "zh", "zh-Hans", "zh_SG", "zh-Hans-HK", "en-US", "de", "zh-Latn", "zh-yue")
    assert [catalogue_name(tag) for tag in tags] == ["zh-Hans"] * 5 + ["en"] * 4
    traditional = ("zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-TW", "zh_HK", "zh-Hant-CN", "zh-hant-hk-x-news")
    assert {catalogue_name(tag) for tag in traditional} == {"zh-Hant"}
    assert messages("zh-CN").text("share_on", network="微博") == "分享到微博"
    assert messages("zh-TW").text("share_on", network="微博") == "分享至微博"
    when = dt.datetime(2017, 7, 3, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert local_date(when, messages("zh-HK")) == "2017年7月3日"


CHINESE = st.tuples(
    st.sampled_from(["Hans", "Hant", None]),
    st.sampled_from(["CN", "SG", "MY", "TW", "HK", "MO", None]),
    st.sampled_from(["", "-x-news", "-pinyin"]),
    st.sampled_from(["-", "_"]),
    st.booleans(),
)


@given(CHINESE)
def test_chinese_takes_the_catalogue_of_its_script(drawn: tuple[str | None, str | None, str, str, bool]) -> None:
    """A Chinese tag in any case, written with '-' or '_': the script it names, else its region's (Taiwan, Hong
    Kong and Macau write Traditional characters; the mainland, Singapore and Malaysia Simplified)."""
    script, region, tail, mark, upper = drawn
    tag = mark.join(part for part in ("zh", script, region) if part) + (tail if mark == "-" else "")
    tag = tag.upper() if upper else tag
    traditional = script == "Hant" or (script is None and region in ("TW", "HK", "MO"))
    assert catalogue_name(tag) == ("zh-Hant" if traditional else "zh-Hans")
    assert messages(tag).text("share") == "分享"


def test_every_catalogue_has_every_key() -> None:
    keys = [
        set(tomllib.loads(resources.files("jiading_cli").joinpath("data", "messages", f"{name}.toml").read_text()))
        for name in CATALOGUES
    ]
    assert all(found == keys[0] for found in keys)


def test_json_ld_cannot_end_its_script_element() -> None:
    text = script_json({"headline": "</script><script>alert(1)</script> & more"})
    assert "</" not in text and "&" not in text
    assert json.loads(text) == {"headline": "</script><script>alert(1)</script> & more"}


@given(st.text(min_size=1, max_size=120))
@settings(max_examples=40, deadline=None)
def test_the_qr_svg_draws_exactly_the_dark_modules_segno_computes(url: str) -> None:
    svg = qr_inline(url, "QR", scale=3, border=2)
    drawn = set()
    for x, y, moves in re.findall(r"M(\d+) (\d+)\.5((?:m\d+ 0h\d+)+)", svg):
        at = int(x) - 2
        for light, dark in re.findall(r"m(\d+) 0h(\d+)", moves):
            at += int(light)
            drawn |= {(at + i, int(y) - 2) for i in range(int(dark))}
            at += int(dark)
    matrix = segno.make(url, error="m", micro=False, mask=MASK).matrix
    assert drawn == {(x, y) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark}
    size = (len(matrix) + 4) * 3
    assert f'width="{size}" height="{size}"' in svg and 'aria-label="QR"' in svg


JSON_KEYS = st.text(max_size=6) | st.integers() | st.booleans() | st.none() | st.floats()
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
        | st.dictionaries(JSON_KEYS, inner, max_size=3)
    ),
    max_leaves=20,
)


@given(JSON)
@settings(max_examples=300, deadline=None)
def test_indented_json_is_what_json_dumps_writes(data: object) -> None:
    assert indented_json(data) == json.dumps(data, ensure_ascii=False, indent=2)


HTML_PIECES = ['<a href="', "<a HREF='", '"', "'", ">x</a>", "../en/a.md", "b.MD", "c.Md", "d.mD", ".m", "d", "#top",
               "?q", "https://news.example.com/a.md", " ", "é", "嘉定"]  # fmt: skip
LINKS = {"https://news.example.com/a.md": "https://news.example.com/en/a/", "https://news.example.com/b.MD": "/b/"}


@given(st.lists(st.sampled_from(HTML_PIECES) | st.text(max_size=3), max_size=12).map("".join))
@settings(max_examples=300, deadline=None)
def test_a_body_is_linked_as_link_articles_links_it(html: str) -> None:
    assert linked(html, LINKS) == link_articles(html, LINKS)


def test_articles_showing_one_image_each_keep_their_own_description(site: Site) -> None:
    from jiading_cli.config import load_config
    from jiading_cli.content.site import load_file
    from jiading_cli.pages.context import Pages
    from jiading_cli.share.opengraph import image

    (site.root / "articles" / "images").mkdir()
    (site.root / "articles" / "images" / "park.png").write_bytes(PNG)
    named = [("park", "images/park.png", "The park"), ("quarter", "images/park.png", "The new quarter"),
             ("same", "images/park.png", "The park"), ("far", "https://example.com/a.jpg", "A photo"),
             ("again", "https://example.com/a.jpg", None)]  # fmt: skip
    paths: list[Path] = []
    for slug, picture, alt in named:
        fields = {"slug": slug, "image": picture, "image_alt": alt} if alt else {"slug": slug, "image": picture}
        paths.append(site.article(f"{slug}.md", id=f"urn:uuid:00000000-0000-4000-8000-{len(paths):012d}", **fields))
    site.article("sub/deep.md", id="urn:uuid:00000000-0000-4000-8000-000000000099", image="images/park.png")
    config = load_config(site.root)
    pages = Pages(config, {"en": "en"})
    articles = [load_file(config, path).article for path in [*paths, site.root / "articles" / "sub" / "deep.md"]]
    for article in articles:
        assert article is not None
        assert pages.picture(article) == image(config, article)
    assert [getattr(pages.picture(a), "alt", "") for a in articles if a] == [
        "The park",
        "The new quarter",
        "The park",
        "A photo",
        None,
        None,
    ]
