"""A host outside ASCII is taken as browsers take it: UTS #46 maps it (full-width letters to ASCII, upper case to
lower, NFC, what it ignores left out), IDNA 2008 checks it and writes it in punycode. One function,
``base.urls.ascii_host``, does it for every host jiading reads; a host IDNA refuses is one line saying why
(JD002 in ``jiading.toml``, JD163 in a body, JD170 as ``canonical_url``), never a traceback, and never written out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import idna
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import CONFIG, Site, untimed
from jiading_cli.base.urls import HostError, ascii_host, parse_url
from jiading_cli.model import kinds, uris

RLO, ZWJ, SHY = "\u202e", "\u200d", "\u00ad"
LONG = "".join(chr(0x4E00 + 97 * n) for n in range(40))  # 40 ideographs: a label of 117 characters in punycode
TAKEN = {
    "ｅｘａｍｐｌｅ.com": "example.com",  # full-width letters are ASCII ones
    "ｅｘａｍｐｌｅ．ｃｏｍ": "example.com",  # a full-width dot separates labels
    "BÜCHER.de": "xn--bcher-kva.de",  # lower case first: 'xn--BCHER-2pa' is another name
    "bücher.de": "xn--bcher-kva.de",
    f"bü{SHY}cher.de": "xn--bcher-kva.de",  # a soft hyphen inside a label is left out
    "München.de": "xn--mnchen-3ya.de",
    "例子.中国": "xn--fsqu00a.xn--fiqs8s",
    "例子。中国": "xn--fsqu00a.xn--fiqs8s",  # the ideographic full stop separates labels
    "café.fr": "xn--caf-dma.fr",
    "cafe\u0301.fr": "xn--caf-dma.fr",  # 'e' and a combining accent: the same name as 'é' (NFC)
    "straße.de": "xn--strae-oqa.de",  # non-transitional, as browsers: not 'strasse.de'
    "bücher.de.": "xn--bcher-kva.de.",
    "１２７．０．０．１": "127.0.0.1",
    "ｌｏｃａｌｈｏｓｔ": "localhost",
}
REFUSED = {
    f"{RLO}evil.com": r"its host '\u202eevil.com' holds U+202E RIGHT-TO-LEFT OVERRIDE, which IDNA does not allow "
    "in a host name",
    f"a{ZWJ}b.com": r"its host 'a\u200db.com' holds U+200D ZERO WIDTH JOINER, which IDNA does not allow in that "
    "place",
    f"{SHY}.com": r"its host '\xad.com' has a label left empty once IDNA drops what it ignores (such as U+00AD SOFT "
    "HYPHEN)",
    f"bü-{SHY}.de": r"its host 'bü-\xad.de' has a label starting or ending with '-'",
    "bü..de": "its host 'bü..de' has an empty label (two dots, or a dot at its start)",
    "a.עברית1a": "its host 'a.עברית1a' has a label mixing right-to-left and left-to-right text as IDNA does not allow",
    "\u0301bü.de": "its host '\u0301bü.de' has a label starting with a combining mark (an accent with no letter "
    "before it)",
    "xn--zz.例子": "its host 'xn--zz.例子' has an 'xn--' label that is not IDNA's ASCII form of any name",
    # an ASCII host's 'xn--' labels are decoded, as browsers decode them: one that is no name's is refused
    "xn--zz.com": "its host 'xn--zz.com' has an 'xn--' label that is not IDNA's ASCII form of any name",
    "news.XN--ABC-.com": "its host 'news.XN--ABC-.com' has an 'xn--' label that is not IDNA's ASCII form of any name",
    f"{LONG}.com": f"its host '{LONG}.com' is longer than IDNA allows in its ASCII form (63 characters a label, 253 "
    "the name)",
}


@pytest.mark.parametrize("host", sorted(TAKEN))
def test_a_host_outside_ascii_is_the_name_browsers_look_up(host: str) -> None:
    assert ascii_host(host) == TAKEN[host]
    assert ascii_host(host) == idna.encode(host, uts46=True).decode("ascii")


@pytest.mark.parametrize("host", sorted(REFUSED))
def test_a_host_idna_refuses_is_one_reason(host: str) -> None:
    with pytest.raises(HostError) as refused:
        ascii_host(host)
    assert str(refused.value) == REFUSED[host]
    assert parse_url(f"https://{host}/news") == REFUSED[host]


@pytest.mark.parametrize(
    "host", ["news.example.com", "News.Example.COM", "203.0.113.7", "localhost", "my_host.com", "XN--BCHER-KVA.de"]
)
def test_an_ascii_host_is_as_written(host: str) -> None:
    assert ascii_host(host) == host
    assert uris.uri(f"https://{host}/新闻") == f"https://{host}/%E6%96%B0%E9%97%BB"


def test_the_host_is_read_as_written_not_as_python_lowers_it() -> None:
    """Python lowers a final 'Σ' to 'ς', a letter IDNA keeps; UTS #46 maps every 'Σ' to 'σ', as browsers do."""
    assert "ΠΑΣ-1".lower() == "πας-1"
    assert uris.uri("https://ΠΑΣ-1.gr/新闻") == "https://xn---1-b9b3dq.gr/%E6%96%B0%E9%97%BB"
    assert idna.encode("πασ-1.gr").decode() == "xn---1-b9b3dq.gr"


def test_ip_literals_keep_their_form() -> None:
    assert uris.uri("https://[2001:db8::1]:8443/新闻") == "https://[2001:db8::1]:8443/%E6%96%B0%E9%97%BB"
    assert uris.uri("https://203.0.113.7/新闻") == "https://203.0.113.7/%E6%96%B0%E9%97%BB"
    assert uris.uri("https://user@例子.中国:8443/新闻") == "https://user@xn--fsqu00a.xn--fiqs8s:8443/%E6%96%B0%E9%97%BB"


def test_a_server_host_idna_refuses_is_refused() -> None:
    assert kinds.host("smtp.Bücher.de") == "smtp.Bücher.de"
    with pytest.raises(kinds.Expected) as refused:
        kinds.host("smtp.a.עברית1a")
    assert refused.value.found == "'smtp.a.עברית1a', where " + REFUSED["a.עברית1a"].replace("'a.", "'smtp.a.")


def test_an_ascii_site_never_loads_idna() -> None:
    """idna's tables cost start-up time; a site whose hosts are ASCII does not pay it."""
    code = (
        "import sys\n"
        "from jiading_cli.base.urls import parse_url\n"
        "from jiading_cli.model import uris\n"
        "parse_url('https://news.example.com/a'); uris.uri('https://news.example.com/新闻')\n"
        "print('idna' in sys.modules)\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"


HOSTLY = [
    *"abcxyzABZ0129-_.。．｡ｅｘＡ１",
    *"üÜßẞςΣİıK",
    "\u0301",  # a combining accent
    "\u094d",  # the Devanagari virama, after which a joiner may stand
    "क",
    ZWJ,
    "\u200c",
    SHY,
    RLO,
    "\u200e",
    "\u00b7",  # a middle dot, which IDNA takes between two 'l's only
    *"עברמ",
    "\u0661",
    *"例中",
    "\ufeff",
    "\x00",
    "\ud800",
]


@given(
    st.one_of(
        st.text(st.sampled_from(HOSTLY), max_size=20),
        st.text(st.characters(exclude_characters="/?#@:[]\\"), max_size=30),
        st.builds("xn--{}.com".format, st.text(st.sampled_from("abz019-_"), max_size=8)),
    )
)
@example(f"{RLO}evil.com")
@example("xn--zz.例子")
@example("例" * 300)
@example("a\ud800.com")
@example("xn--bcher-kva.de")
def test_every_host_is_idnas_name_or_the_modules_own_error(host: str) -> None:
    """Whatever the text, the host is as written (ASCII, its 'xn--' labels each a name's), what IDNA's UTS #46
    processing gives, or a HostError."""
    expected: str | None = host
    if host.isascii():
        for label in host.split("."):
            if label.lower().startswith("xn--"):
                try:
                    idna.decode(label)
                except ValueError:
                    expected = None
    else:
        try:
            expected = idna.encode(host, uts46=True).decode("ascii")
        except ValueError:
            expected = None
    try:
        found: str | None = ascii_host(host)
    except HostError as refused:
        assert str(refused).startswith(f"its host {host!r} "), str(refused)
        assert "\n" not in str(refused)
        found = None
    assert found == expected
    if found is not None and not host.isascii():
        assert found.isascii()
        assert found == found.lower()


def _written(site: Site) -> str:
    """The article's page, the RSS feed and the JSON feed's items, as a reader gets them."""
    public = site.root / "public"
    items = json.loads((public / "feed.json").read_text(encoding="utf-8"))["items"]
    page = public / "en/news/2017/07/a/index.html"
    return "\n".join([page.read_text(encoding="utf-8"), (public / "feed.xml").read_text(encoding="utf-8"), str(items)])


def test_a_site_and_its_links_are_written_with_the_hosts_browsers_reach(site: Site) -> None:
    site.write("jiading.toml", CONFIG.replace("https://news.example.com", "https://ｎｅｗｓ.ｅｘａｍｐｌｅ.com"))
    site.article(
        canonical_url="https://BÜCHER.de/report",
        body=f"At [the shop](https://BÜCHER.de/), [the café](https://cafe\u0301.fr/), [ours](https://ex{SHY}ample.com/).\n",
    )
    result = site.run("validate")
    assert result.exit_code == 0, result.output
    result = site.run("build")
    assert result.exit_code == 0, result.output
    written = _written(site)
    for url in (
        "https://news.example.com/feed.xml",
        'href="https://xn--bcher-kva.de/"',
        'href="https://xn--caf-dma.fr/"',
        'href="https://example.com/"',
        "https://xn--bcher-kva.de/report",
    ):
        assert url in written, url
    for wrong in ("xn--BCHER", "xn--mi7c", "xn--cafe-", "xn--example-", "ｎｅｗｓ"):
        assert wrong not in written, wrong


def test_a_host_idna_refuses_is_one_line_wherever_it_is(site: Site) -> None:
    site.write("jiading.toml", CONFIG.replace("https://news.example.com", f"https://news.a{ZWJ}b.com"))
    result = site.run("validate")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: jiading.toml:3: error JD002 site.base_url: expected an absolute https:// URL, got "
        r"'https://news.a\u200db.com', where its host 'news.a\u200db.com' holds U+200D ZERO WIDTH JOINER, which "
        "IDNA does not allow in that place\n"
    )
    site.write("jiading.toml", CONFIG)
    site.article(
        canonical_url=f"https://{SHY}.example.com/a",
        body=f"Read [this](https://{RLO}evil.com/).\n",
    )
    result = site.run("validate")
    assert result.exit_code == 1
    assert untimed(result.output).splitlines() == [
        r"articles/a.md:6: error JD170 canonical_url: expected an absolute https:// URL, got "
        r"'https://\xad.example.com/a', where its host '\xad.example.com' has a label left empty once IDNA drops "
        "what it ignores (such as U+00AD SOFT HYPHEN)",
        r"articles/a.md:8: error JD163 body: expected a URL or a file name, got 'https://\u202eevil.com/': its "
        r"host '\u202eevil.com' holds U+202E RIGHT-TO-LEFT OVERRIDE, which IDNA does not allow in a host name",
        "",
        "2 errors, 0 warnings, 0 notes in 1 file",
    ]


def test_init_writes_the_host_browsers_reach(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from jiading_cli.cli import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIADING_CONFIG", raising=False)
    result = CliRunner().invoke(app, ["init", "idn", "--yes", "--base-url", "https://ｅｘａｍｐｌｅ.com"])
    assert result.exit_code == 0, result.output
    assert 'base_url = "https://example.com"' in (tmp_path / "idn" / "jiading.toml").read_text(encoding="utf-8")


def test_the_smtp_host_is_reached_by_its_idna_2008_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python's socket would encode 'mail.straße.de' by IDNA 2003, as 'mail.strasse.de': another host."""
    import socket

    from jiading_cli.share import smtp
    from jiading_cli.share.email import EmailSection

    asked: list[str] = []

    def refuse(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        asked.append(address[0])
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(socket, "create_connection", refuse)
    section = EmailSection(smtp_host="mail.straße.de", smtp_port=25, smtp_security="none")
    with pytest.raises(ConnectionRefusedError):
        smtp._connect(section, 1.0, smtp.Held())
    assert asked == ["mail.xn--strae-oqa.de"]


def test_a_url_field_is_written_as_a_uri_whatever_ascii_it_holds(site: Site) -> None:
    """`"<>\\^`{|}` may stand in no URI (RFC 3986): an ASCII canonical URL holding them is percent-encoded too."""
    site.article(canonical_url="'https://example.com/a?q=<x>&r=\"y\"{}|^`'")
    assert site.run("validate").exit_code == 0
    result = site.run("build")
    assert result.exit_code == 0, result.output
    [page] = (site.root / "public").rglob("a/index.html")
    text = page.read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.com/a?q=%3Cx%3E&amp;r=%22y%22%7B%7D%7C%5E%60">' in text
    assert "{}|^" not in text
