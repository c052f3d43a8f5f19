"""A web address names a host that can be looked up, wherever jiading reads one: ``jiading.toml``'s URLs, an
article's image and canonical URL, a link in its body. One check (``base.urls.host_problem``, inside
``parse_url``) refuses the others, each with one line saying why."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CONFIG, Site, untimed
from jiading_cli.base.urls import parse_url
from jiading_cli.model import kinds, uris

EMPTY = "has an empty label (two dots, or a dot at its start)"
BAD = {
    "https://invest..jiading.com/": f"its host 'invest..jiading.com' {EMPTY}",
    "https://.jiading.com/": f"its host '.jiading.com' {EMPTY}",
    "https://:443/": "it names no host",
    "https:///news": "it names no host",
    "https://-jiading.com/": "its host '-jiading.com' has a label other than letters, digits, '-' and '_' (not at "
    "its ends)",
    "https://jiading-.com/": "its host 'jiading-.com' has a label other than letters, digits, '-' and '_' (not at "
    "its ends)",
    "https://%6aiading.com/": "its host '%6aiading.com' has a label other than letters, digits, '-' and '_' (not at "
    "its ends)",
    "https://xn--.com/": "its host 'xn--.com' has an 'xn--' label that is not IDNA's ASCII form of any name",
    f"https://{'a' * 64}.com/": f"its host '{'a' * 64}.com' has a label longer than 63 characters",
    f"https://{'a.' * 127}com/": "its host name is longer than 253 characters",
    "https://[fe80::zz]/": "its host 'fe80::zz' is not an IPv6 address",
    "https://[::1]x/": "its host '[::1]x' is not an IPv6 address",
    "https://x[::1]/": "its host 'x[::1]' is not an IPv6 address",
    "https://[::1]]:8443/": "its host '[::1]]:8443' is not an IPv6 address",
    "https://[fe80::1%25eth0]/": "its host 'fe80::1%25eth0' has a zone, an interface of the machine reading it, as no "
    "link may",
}
GOOD = [
    "https://news.example.com/",
    "https://news.example.com./",
    "https://localhost:8443/",
    "https://203.0.113.7/",
    "https://[2001:db8::1]/",
    "https://[2001:DB8:0::01]:8443/",
    "https://[::ffff:192.0.2.1]/",
    "https://my_host.example.com/",
    "https://嘉定.中国/news",
    "HTTPS://NEWS.EXAMPLE.COM/",
]


@pytest.mark.parametrize("url", sorted(BAD))
def test_a_web_address_without_a_host_that_can_be_looked_up_is_not_a_url(url: str) -> None:
    assert parse_url(url) == BAD[url]
    with pytest.raises(kinds.Expected) as raised:
        kinds.https_url(url)
    assert raised.value.found == f"{url!r}, where {BAD[url]}"


@pytest.mark.parametrize("url", GOOD)
def test_host_names_addresses_and_internationalised_names_are_taken(url: str) -> None:
    assert not isinstance(parse_url(url), str)
    assert kinds.https_url(url)


def test_other_schemes_name_no_host() -> None:
    for url in ("mailto:press@example.com", "tel:+862112345678", "file:///etc/hosts", "urn:uuid:1"):
        assert not isinstance(parse_url(url), str)


LDH = re.compile(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?")


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_every_host_taken_is_labels_a_resolver_takes(host: str) -> None:
    """Whatever text stands for the host, a URL taken names either an IP literal or labels of 1 to 63 letters,
    digits, '-' and '_' (IDNA for the others), 253 characters at most."""
    parts = parse_url(f"https://{host}/news")
    if isinstance(parts, str):
        return
    url = uris.uri(f"https://{host}/news") if not host.isascii() else f"https://{host}/news"
    name = (parse_url(url).hostname or "").removesuffix(".")  # type: ignore[union-attr]  # taken above
    if "[" in url.split("/")[2]:
        return
    assert 0 < len(name) <= 253
    assert all(len(label) <= 63 and LDH.fullmatch(label) for label in name.split(".")), name


def test_the_config_and_every_article_field_report_the_host(site: Site) -> None:
    (site.root / "jiading.toml").write_text(
        CONFIG.replace("https://news.example.com", "https://news..example.com"), encoding="utf-8"
    )
    result = site.run("validate")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: jiading.toml:3: error JD002 site.base_url: expected an absolute https:// URL, got "
        "'https://news..example.com', where its host 'news..example.com' has an empty label (two dots, or a dot "
        "at its start)\n"
    )
    (site.root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    site.article(
        image="https://:443/lead.png",
        image_alt="The signing",
        canonical_url="https://-news.example.com/a",
        body="Read [the report](https://reports..example.com/2017.pdf).\n",
    )
    result = site.run("validate")
    assert result.exit_code == 1
    assert untimed(result.output).splitlines() == [
        "articles/a.md:6: error JD160 image: expected an existing file or an https URL, got "
        "'https://:443/lead.png', where it names no host",
        "articles/a.md:8: error JD170 canonical_url: expected an absolute https:// URL, got "
        "'https://-news.example.com/a', where its host '-news.example.com' has a label other than letters, "
        "digits, '-' and '_' (not at its ends)",
        "articles/a.md:10: error JD163 body: expected a URL or a file name, got "
        "'https://reports..example.com/2017.pdf': its host 'reports..example.com' has an empty label (two dots, "
        "or a dot at its start)",
        "",
        "3 errors, 0 warnings, 0 notes in 1 file",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Mail <press@example.com>, or see <https://reports..example.com/2017.pdf>.\n",  # no link but autolinks
        "See [the hall](https://example.com/hall) and <https://reports..example.com/2017.pdf>.\n",
        "Read <https://reports..example.com/2017.pdf>: <https://example.com/a?b=1&c=2>, `code`.\n",  # code: cmark reads
    ],
)
def test_an_autolink_is_checked_as_a_link_is_whatever_else_the_body_holds(site: Site, body: str) -> None:
    site.article(body=body)
    result = site.run("validate")
    assert result.exit_code == 1
    assert untimed(result.output).splitlines() == [
        "articles/a.md:7: error JD163 body: expected a URL or a file name, got "
        "'https://reports..example.com/2017.pdf': its host 'reports..example.com' has an empty label (two dots, "
        "or a dot at its start)",
        "",
        "1 error, 0 warnings, 0 notes in 1 file",
    ]
