"""A host that is an IP address is read one way in every place that reads one: a link (validate, and the pages, feeds
and email that put back the brackets cmark percent-encodes), ``email.smtp_host``, a ``no_proxy`` entry, the base of
an API whose links are followed, the preview's ``Host`` header.

Hypothesis writes IPv6 addresses as people do (any case, leading zeros, ``::``, an IPv4 tail as in
``::ffff:192.0.2.1``), with a zone (``%eth0``) or a port, and spoils them as a typo would (a bracket left open or
doubled, text outside the brackets, nothing inside, an IPvFuture ``[v1.x]``, an IPv4 address in brackets, a
percent-escape, a group of five digits); each is held to what the URL Standard reads (no zone in a link) and, where a
socket on this machine is what uses it, to what that socket takes (a zone allowed).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re

from hypothesis import example, given
from hypothesis import strategies as st

from jiading_cli.app.hostnames import ours
from jiading_cli.base.iphosts import ip_address, split_port
from jiading_cli.base.route import Route
from jiading_cli.base.urls import parse_url
from jiading_cli.config import Config
from jiading_cli.content import markdown as render
from jiading_cli.model import kinds
from jiading_cli.model.article import Article
from jiading_cli.share import replies


@dataclasses.dataclass(frozen=True)
class Written:
    """A host as written, the address it names where a link may name it, and where a socket here may."""

    text: str
    web: ipaddress.IPv6Address | None
    here: ipaddress.IPv6Address | None


@st.composite
def ipv6_texts(draw: st.DrawFn, five_digits: bool = False) -> tuple[str, ipaddress.IPv6Address]:
    """An IPv6 address as people write it, and the address; with ``five_digits``, one group padded to five."""
    address = draw(st.ip_addresses(v=6))
    groups = [int(group, 16) for group in address.exploded.split(":")]
    tail = draw(st.booleans())
    if tail:
        *groups, high, low = groups
        four = f"{high >> 8}.{high & 255}.{low >> 8}.{low & 255}"
    texts = []
    for group in groups:
        digits = format(group, "x")
        digits = digits.zfill(draw(st.integers(len(digits), 4)))
        texts.append(digits.upper() if draw(st.booleans()) else digits)
    if five_digits:
        texts[0] = "0" + texts[0].zfill(4)
    zeros = [i for i, group in enumerate(groups) if group == 0 and not (five_digits and i == 0)]
    if zeros and draw(st.booleans()):
        start = draw(st.sampled_from(zeros))
        end = start + 1
        while end < len(groups) and groups[end] == 0 and draw(st.booleans()):
            end += 1
        right = texts[end:] + ([four] if tail else [])
        return ":".join(texts[:start]) + "::" + ":".join(right), address
    return ":".join(texts + ([four] if tail else [])), address


ZONES = st.from_regex(r"[A-Za-z0-9._~-]{1,8}", fullmatch=True) | st.sampled_from(["eth0", "25eth0", "1"])


@st.composite
def hosts(draw: st.DrawFn) -> Written:
    """An IPv6 address in brackets, with a zone or without, or one of the ways such a host is mistyped."""
    text, address = draw(ipv6_texts())
    kind = draw(st.sampled_from(["plain", "zone", "spoilt", "five digits"]))
    if kind == "plain":
        return Written(f"[{text}]", address, address)
    if kind == "zone":
        zone = draw(ZONES)
        return Written(f"[{text}%{zone}]", None, ipaddress.IPv6Address(f"{address}%{zone}"))
    if kind == "five digits":
        return Written(f"[{draw(ipv6_texts(five_digits=True))[0]}]", None, None)
    four = draw(st.ip_addresses(v=4))
    spoilt = [
        "[]", f"[{text}", f"{text}]", f"[{text}]x", f"x[{text}]", f"[{text}]]", f"[[{text}]]", f"[ {text}]",
        f"[v1.{text}]", "[v7.x]", f"[{four}]", "[" + text.replace(":", "%3A", 1) + "]", f"[{text}%]",
    ]  # fmt: skip
    return Written(draw(st.sampled_from(spoilt)), None, None)


PORTS = st.sampled_from(["", ":8443", ":80", ":"])


@given(host=hosts(), port=PORTS)
@example(host=Written("x[::1]", None, None), port="")
@example(host=Written("[::1]x", None, None), port="")
@example(host=Written("[fe80::1%25eth0]", None, ipaddress.IPv6Address("fe80::1%25eth0")), port="")
def test_every_place_reads_a_host_in_brackets_alike(host: Written, port: str) -> None:
    assert ip_address(host.text) == host.web
    assert ip_address(host.text, zone=True) == host.here
    assert split_port(host.text + port) == (host.text, port[1:]) or host.here is None
    # a link: what the URL Standard reads
    assert isinstance(parse_url(f"https://{host.text}{port}/x"), str) == (host.web is None), host
    # the preview's Host header, and email.smtp_host: a socket of this machine
    assert ours(host.text + port) == (host.here is not None)
    try:
        taken = kinds.host(host.text) == host.text
    except kinds.Expected:
        taken = False
    assert taken == (host.here is not None), host


@given(written=ipv6_texts(), other=ipv6_texts())
def test_a_no_proxy_entry_names_an_address_however_either_is_written(
    written: tuple[str, ipaddress.IPv6Address], other: tuple[str, ipaddress.IPv6Address]
) -> None:
    route = Route.of({"https_proxy": "http://proxy.example:3128", "no_proxy": f"[{written[0]}]:443"})
    direct = route.proxy_for(f"https://[{other[0]}]/x") == {}
    assert direct == (written[1] == other[1])


@given(four=st.ip_addresses(v=4), dot=st.sampled_from(["", "."]), first=st.integers(1, 255))
@example(four=ipaddress.IPv4Address("192.0.2.1"), dot=".", first=7)
def test_an_address_an_api_is_at_lets_no_link_take_the_token_to_another(
    four: ipaddress.IPv4Address, dot: str, first: int
) -> None:
    """An API at an IP address is at that address alone: a link to another, ``https://7.0.2.1./`` from
    ``https://192.0.2.1./``, is not followed, with the final '.' or without."""
    own, _, rest = str(four).partition(".")
    if first != int(own):
        assert replies.follows(f"https://{first}.{rest}{dot}/next", f"https://{four}{dot}") is None


@given(host=hosts(), port=PORTS)
@example(host=Written("[fe80::1%25eth0]", None, None), port="")
@example(host=Written("[%3A%3A1]", None, None), port="")
def test_a_page_names_a_host_in_brackets_only_when_a_link_may(
    rendering: tuple[Config, Article], host: Written, port: str
) -> None:
    """cmark percent-encodes the brackets of a link's host (``%5B::1%5D``); they are put back in the page for an
    address a link may name, and for nothing else: never a host other than the one written."""
    if " " in host.text:
        return  # no link in Markdown holds a space
    config, article = rendering
    body = f"[a](https://{host.text}{port}/x)\n"
    page = render.render_html(config, dataclasses.replace(article, body=body))
    named = re.findall(r'href="https://([^/"]*)/x"', page)
    assert len(named) == 1, page
    assert (named[0] == host.text + port) == (host.web is not None), page
    if host.web is None:
        assert "[" not in named[0], page
