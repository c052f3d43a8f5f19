"""Share links carry the site's utm_* parameters: the query of each link is the one urllib writes for it."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from hypothesis import example, given, settings
from hypothesis import strategies as st

from jiading_cli.share.links import with_utm
from jiading_cli.share.settings import ShareSection


def tagged_one_by_one(url: str, share: ShareSection, network: str) -> str:
    """The URL split, its utm_* parameters dropped, the site's added and the URL joined again, for this link alone."""
    params = [
        (name, value.replace("{network}", network))
        for name, value in (("utm_source", share.utm_source), ("utm_medium", share.utm_medium),
                            ("utm_campaign", share.utm_campaign))
        if value
    ]  # fmt: skip
    if not params:
        return url
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.startswith("utm_")]
    return urlunsplit(
        (parts.scheme, parts.netloc, parts.path, urlencode(kept + params, quote_via=quote), parts.fragment)
    )


def outcome(make: Callable[[], str]) -> tuple[str, str]:
    """The link made, or the error raised (text urllib cannot split, such as a lone '[' in the host)."""
    try:
        return "link", make()
    except ValueError as exc:
        return "error", str(exc)


PIECES = ["https://news.example.com", "[", "]", "HTTP://Example.COM:8080", "/en/news/", "a b", "嘉定", "?", "&",
          "=", "#", "%20", "utm_source=old", "utm_medium", "x=1", ";", "//", "mailto:", ""]  # fmt: skip
VALUES = st.sampled_from(["", "social", "{network}", "jiading {network}", "a&b=c", "新闻"]) | st.text(max_size=4)


@given(
    st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=8).map("".join),
    VALUES,
    VALUES,
    VALUES,
    st.sampled_from(["facebook", "x", "weibo", "wechat", "email", "telegram", "linkedin"]),
)
@settings(max_examples=400)
def test_a_link_carries_what_splitting_and_joining_it_alone_gives(
    url: str, source: str, medium: str, campaign: str, network: str
) -> None:
    share = ShareSection(utm_source=source, utm_medium=medium, utm_campaign=campaign)
    assert outcome(lambda: with_utm(url, share, network)) == outcome(lambda: tagged_one_by_one(url, share, network))


PUBLIC = ["https://", "http://", "HTTPS://", "www.investinjiading.com", "localhost:8080", "[::1]", "a@b", "/en/",
          "/", "news/2024/", "%E5%98%89", "嘉定", "?", "#", "&", "x=1", " ", "\t", "\n", "\x00", "//", ":", ".",
          "-"]  # fmt: skip
URLS = st.lists(st.sampled_from(PUBLIC) | st.text(max_size=2), max_size=8).map("".join)


@given(URLS)
@settings(max_examples=400)
@example("https://www.investinjiading.com/en/news/2024/12/open-day/")
@example("http://localhost:8080")
@example("https://a.b/嘉定 x%20y/")
@example("https://a.b/\x00\x7f")
@example("http:////x")
@example("https://a.b/x?")
@example("https://a.b/x#")
@example("HTTPS://A.B/x")
def test_a_url_is_split_as_urlsplit_splits_it(url: str) -> None:
    from jiading_cli.share.links import _split, split_apart

    def split(how: Callable[[str], object]) -> tuple[str, object]:
        try:
            return "parts", how(url)
        except ValueError as exc:
            return "error", str(exc)

    assert split(_split) == split(split_apart)


@given(URLS, VALUES, VALUES, VALUES)
def test_the_links_of_a_page_are_each_networks_own(url: str, source: str, medium: str, campaign: str) -> None:
    from jiading_cli.share.links import each_with_utm

    share = ShareSection(utm_source=source, utm_medium=medium, utm_campaign=campaign)
    networks = ("x", "weibo", "email", "facebook", "linkedin", "telegram", "wechat")

    def one_by_one() -> str:
        return repr({network: with_utm(url, share, network) for network in networks})

    assert outcome(lambda: repr(each_with_utm(url, share, networks))) == outcome(one_by_one)
