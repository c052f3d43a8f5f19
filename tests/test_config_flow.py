"""Config values as they flow into what a build makes: a ``site.base_url`` drawn from the ways one may be written
(its scheme's and host's case, an internationalised or numeric host, a port, a path of folders, escaped or not, a
trailing slash) is taken, and then every URL the pages and feeds give resolves, as a browser resolves it, to a file
of the output folder served at that URL; or refused in one line naming the key, with nothing written. A
``site.phone`` written in any of the forms the configuration page documents is taken, as a call link dialling its
digits.

The crawl is :mod:`test_pages_crawl`'s (pages read by lxml, feeds by their XML, each ``srcset`` candidate).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import html

from jiading_cli.base.tel import tel_uri
from jiading_cli.config import load_config
from jiading_cli.config.sections import phone
from jiading_cli.share import links
from pages.sample import make, run
from test_config_edges import load, one_line_problems, toml_string
from test_pages_crawl import BASE, from_feeds, from_pages

HOSTS = (
    "news.example.com",
    "News.Example.COM",
    "例子.测试",
    "ｅｘａｍｐｌｅ.com",
    "xn--bcher-kva.de",
    "127.0.0.1",
    "[2001:db8::1]",
    "[2001:DB8::1]",
)
FOLDERS = ("news", "N", "新闻", "a%20b", "~x", "%41", ".", "..", "%2e", "%2E%2e", ".%2e", "%2e.", "")
DOTS = re.compile("%2e", re.IGNORECASE)


def browser_path(path: str) -> str:
    """``path`` with its dot segments removed as a browser removes them (the URL Standard): a folder ``.``, ``..``
    or either written with ``%2e`` in any case, each its own folder."""
    kept: list[str] = []
    folders = path.split("/")
    for index, name in enumerate(folders[1:], start=1):
        dots = DOTS.sub(".", name)
        last = index == len(folders) - 1
        if dots == "..":
            kept = kept[:-1]
        if dots in (".", ".."):
            kept += [""] if last else []
        else:
            kept.append(name)
    return "/" + "/".join(kept)


def served(out: Path, url: str, base: str) -> Path | None:
    """The file serving ``url`` (absolute, or from the root) when the output folder is served at ``base`` as
    written, as a browser asks for it; None for another origin, a path outside the folder's."""
    origin = "https://" + urlsplit(base).netloc
    if url.startswith("/") and not url.startswith("//"):
        url = origin + url
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.netloc.lower() != urlsplit(base).netloc.lower():
        return None
    path, root = browser_path(parts.path), urlsplit(base).path.rstrip("/")
    if not (path + "/").startswith(root + "/"):
        return out / "outside the folder the site is served at" / path.lstrip("/")
    rest = unquote(path[len(root) :])
    return out / (rest.lstrip("/") + ("index.html" if rest.endswith("/") else ""))


@st.composite
def base_urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(("https", "HTTPS", "Https")))
    port = draw(st.sampled_from(("", ":443", ":8443")))
    folders = draw(st.lists(st.sampled_from(FOLDERS), max_size=3))
    path = "".join("/" + name for name in folders) + draw(st.sampled_from(("", "/")))
    return f"{scheme}://{draw(st.sampled_from(HOSTS))}{port}{path}"


def dotted(url: str) -> bool:
    """Whether the path of ``url`` has a folder that is empty, ``.`` or ``..`` as a browser reads it."""
    _, slash, rest = url.split("://", 1)[1].partition("/")
    names = rest.removesuffix("/").split("/")
    return slash + rest not in ("", "/") and any(DOTS.sub(".", name) in ("", ".", "..") for name in names)


@settings(max_examples=15)
@given(base_urls())
@example("https://news.example.com/news/%2e%2e/")
@example("HTTPS://[2001:DB8::1]:8443/%2E")
@example("https://例子.测试/新闻/")
@example("https://news.example.com//")
def test_a_base_url_is_refused_in_one_line_or_every_url_built_from_it_resolves(base: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        make(root)
        config = root / "jiading.toml"
        config.write_text(config.read_text(encoding="utf-8").replace(BASE, base), encoding="utf-8")
        built = run(root, "build")
        if dotted(base):
            assert built.exit_code == 2, built.output
            assert built.output.startswith("Error: jiading.toml:3: error JD002 site.base_url: expected "), built.output
            assert len(built.output.splitlines()) == 1 and not (root / "public").exists()
            return
        assert built.exit_code == 0, built.output
        taken = load_config(config).site.base_url
        out = root / "public"
        urls = [*from_pages(out, taken.rstrip("/")), *from_feeds(out)]
        files = {url: path for url in urls if (path := served(out, url, taken)) is not None}
        assert len(files) > 50, sorted(urls)
        assert sorted(url for url, path in files.items() if not path.is_file()) == []
        page = out / "en/news/2017/07/financial-industry-to-boost-jiading/index.html"
        (said,) = html.fromstring(page.read_bytes()).xpath("//meta[@property='og:url']/@content")
        assert served(out, said, taken) == page


GAPS = ("", " ", "-", ".", " - ")


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """A phone number in a form docs/config.md gives for ``site.phone``, and the ``tel:`` URI that dials it."""
    prefix = draw(st.sampled_from(("", "+", "00")))
    groups = draw(st.lists(st.from_regex(r"[0-9]{1,4}", fullmatch=True), min_size=1, max_size=5))
    first = r"[1-9][0-9]{0,2}" if prefix else r"0?[1-9][0-9]{0,2}|0"  # a country code; '00' starts one
    groups[0] = draw(st.from_regex(first, fullmatch=True))
    if sum(map(len, groups)) < 3:
        groups.append("110")
    bracketed = [index and (group != "0" or not prefix) and draw(st.booleans()) for index, group in enumerate(groups)]
    shown = [f"({group})" if inside else group for group, inside in zip(groups, bracketed, strict=True)]
    trunk = " (0)" if prefix and len(groups) > 1 and draw(st.booleans()) else ""
    text = prefix + (draw(st.sampled_from(GAPS)) if prefix else "") + shown[0] + trunk
    if prefix and len(groups) > 1 and draw(st.booleans()):  # the country code in brackets: '(+86) 10 …'
        text = f"({prefix}{shown[0]}){trunk}"  # the groups after it follow, a gap before each
    for group in shown[1:]:
        text += draw(st.sampled_from(GAPS[1:])) + group
    uri = "tel:+" + "-".join(groups) if prefix else "tel:" + "".join(groups)
    return text, uri


@given(written_numbers())
@example(("00 86 10 5327 0173", "tel:+86-10-5327-0173"))
@example(("00-44 (0)20 7946 0000", "tel:+44-20-7946-0000"))
def test_a_phone_number_in_a_documented_form_is_taken_as_a_call_link_of_its_digits(drawn: tuple[str, str]) -> None:
    written, uri = drawn
    assert phone(written) == written
    assert tel_uri(written) == uri


ACCOUNT_TEXT = st.text(st.sampled_from("@_aZ09 /:.嘉-"), min_size=1, max_size=18)


@given(ACCOUNT_TEXT)
@example("@")
@example("https://x.com/jiading")
@example("Jia Ding")
@example("@@jd")
def test_the_x_account_is_refused_in_one_line_or_credited_as_written(written: str) -> None:
    """``share.x_via`` is credited in every X share link (``via=``) and page (``twitter:site``): what X takes as a
    user name, or JD002 on the key, never a link crediting no account."""
    found = load("share", "x_via", toml_string(written))
    name = written.strip().removeprefix("@")
    if not re.fullmatch(r"[A-Za-z0-9_]{1,15}", name):
        assert not isinstance(found, str), (written, found)
        (line,) = one_line_problems(found, "share.x_via")
        said = "a non-empty string" if not written.strip() else "an X user name"
        assert f"error JD002 share.x_via: expected {said}" in line
        return
    assert found == written.strip()
    query = urlsplit(links.x("T", "https://news.example.com/a/", found)).query
    assert query.endswith("&via=" + name)


def test_the_x_account_is_the_pages_twitter_site(tmp_path: Path) -> None:
    make(tmp_path)
    config = tmp_path / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[share]\nx_via = "@Jia_Ding"\n', encoding="utf-8")
    assert run(tmp_path, "build").exit_code == 0
    page = tmp_path / "public/en/news/2017/07/financial-industry-to-boost-jiading/index.html"
    doc = html.fromstring(page.read_bytes())
    assert doc.xpath("//meta[@name='twitter:site']/@content") == ["@Jia_Ding"]
    assert [href.rpartition("&via=")[2] for href in doc.xpath("//a/@href") if "x.com/intent" in href] == ["Jia_Ding"]
