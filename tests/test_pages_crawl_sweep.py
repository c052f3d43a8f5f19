"""Random article bodies mixing every way Markdown and raw HTML name a file, the files there or not: after
``validate`` and ``build``, every URL into the site a page or a feed gives resolves to a file of the output
folder, but those to missing files, each of which ``validate`` reported (``JD162``); and it reported no other.

The crawl is :mod:`test_pages_crawl`'s (pages read by lxml, feeds by their XML, each ``srcset`` candidate).
"""

from __future__ import annotations

import posixpath
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import html

from pages.sample import make, run
from test_pages_crawl import BASE, from_feeds, from_pages, target
from tinyimages import PNG

FOLDER = "articles/en/2017"  # the article's, finance.md
NAMES = (
    "hall.png",
    "my photo.png",
    "中文图片.png",
    "café.png",
    "100%.png",
    "a,b.png",
    "a&b.png",
    "x(1).png",
    "n#1.png",
    "sub/deep.png",
    "../2016/old.png",
    "../../zh-cn/2017/远.png",
    "../2016/park.md",  # an article: a link to it leads to its page
)
ARTICLE = "../2016/park.md"
LINKING = ("link", "angle", "reference", "lines", "a")  # the forms a link to an article takes
SUFFIXES = ("", "", "?v=1", "#top", "?a=1&b=2#x")
GOT = re.compile(r"error JD162 body: expected .*?, got '(.*)' \(")


@dataclass(frozen=True)
class Ref:
    name: str
    form: str  # how the body names it
    written: str  # the destination as the body writes it (percent-encoded, or as the name is)
    suffix: str
    spaced: bool = False  # in an attribute, its spaces written as they are (a browser reads them as %20)


def destination(name: str, encoded: bool) -> str:
    """``name`` as a URL's path: percent-encoded (``%``, ``#``, ``?``, spaces, non-ASCII…) or as it is, but for
    what a path cannot hold as it is (``%``, ``#``, ``?``)."""
    return quote(name, safe="/") if encoded else name.replace("%", "%25").replace("#", "%23").replace("?", "%3F")


def markdown_dest(ref: Ref) -> str:
    """The destination of a Markdown link: in angle brackets when it holds what a bare one cannot (a space, an
    unbalanced parenthesis), else bare or in angle brackets as drawn."""
    url = ref.written + ref.suffix
    bare = " " not in url and "<" not in url and url.count("(") == url.count(")")
    return url if bare and ref.form != "angle" else f"<{url}>"


def attribute(ref: Ref) -> str:
    """The URL in an attribute, with ``&`` written as a character reference; a space (a ``srcset`` separator) as
    ``%20``; a comma at a ``srcset`` URL's end would end it, so a name's commas are kept inside it."""
    url = ref.written + ref.suffix
    return (url if ref.spaced else url.replace(" ", "%20")).replace("&", "&amp;")


def piece(ref: Ref) -> str:
    """The body's text naming ``ref`` (and a line of reference definitions for the reference-style forms)."""
    dest = markdown_dest(ref)
    url = attribute(ref)
    return {
        "link": f"Read [the file]({dest}).",
        "angle": f'Read [the file]({dest} "its title").',
        "image": f"![a picture]({dest})",
        "reference": f"See [the file][r-{id(ref)}].\n\n[r-{id(ref)}]: {dest}",
        "image-reference": f"![a picture][i-{id(ref)}]\n\n[i-{id(ref)}]: {dest} 'a title'",
        "nested": f"[![a picture](hall.png)]({dest})",
        "lines": f"A link [over\ntwo lines]({dest}).",
        "a": f'See <a href="{url}">the file</a>.',
        "img": f'See <img src="{url}" alt="x"> here.',
        "srcset": f'<img src="hall.png" srcset="hall.png 1x, {url} 2x" alt="x">',
        "source": f'<picture><source srcset="{url} 480w, hall.png 960w"><img src="hall.png" alt="x"></picture>',
        "poster": f"<video poster='{url}' controls></video>",
        "upper": f'<IMG SRC="{url}" ALT="x"> and <A HREF="{url}">it</A>',
        "unquoted": f"See <a href={url.replace(' ', '%20')}>the file</a> <img src={url.replace(' ', '%20')} alt=x>.",
    }[ref.form]


MARKDOWN = ("link", "angle", "image", "reference", "image-reference", "nested", "lines")
HTML = ("a", "img", "srcset", "source", "poster", "upper", "unquoted")


@st.composite
def refs(draw: st.DrawFn, unsafe: bool) -> Ref:
    form = draw(st.sampled_from(MARKDOWN + HTML if unsafe else MARKDOWN))
    name = draw(st.sampled_from(NAMES))
    if (form in ("srcset", "source") and "," in name) or (name == ARTICLE and form not in LINKING):
        name = "hall.png"  # a candidate's URL ending in a comma loses it (HTML's rule); an article is no image
    encoded = draw(st.booleans())
    written = destination(name, encoded)
    if not written.startswith("../"):
        written = draw(st.sampled_from(["", "./", "sub/../", "./sub/./../"])) + written
    # an unquoted attribute value holds no '=' (HTML and CommonMark alike): `<a href=x?v=1>` is no tag but text
    suffixes = [suffix for suffix in SUFFIXES if "=" not in suffix] if form == "unquoted" else SUFFIXES
    return Ref(name, form, written, draw(st.sampled_from(suffixes)), spaced=not encoded and form in ("a", "img"))


BASES = (BASE, BASE + "/news", BASE + "/zh/新闻")


@st.composite
def sites(draw: st.DrawFn) -> Drawn:
    unsafe = draw(st.booleans())
    named = draw(st.lists(refs(unsafe), min_size=1, max_size=8))
    there = draw(st.sets(st.sampled_from(NAMES)))
    return Drawn(unsafe, named, frozenset(there) | {"hall.png", ARTICLE}, draw(st.sampled_from(BASES)))


@dataclass(frozen=True)
class Drawn:
    unsafe: bool
    named: list[Ref]
    there: frozenset[str]
    base: str = BASE


OTHERS = "\n\nAlso [home](/), [the feed]({base}/feed.xml) and [elsewhere](<https://x.org/a b.png>).\n"


def crawl(drawn: Drawn) -> None:
    unsafe, named, there, base = drawn.unsafe, drawn.named, drawn.there, drawn.base
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        make(root)
        config = root / "jiading.toml"
        settings = config.read_text(encoding="utf-8").replace(BASE, base)
        config.write_text(settings + ("\n[markdown]\nunsafe_html = true\n" * unsafe))
        folder = root / FOLDER
        for name in there - {ARTICLE}:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(PNG)
        body = "\n\n".join(piece(ref) for ref in named) + OTHERS.format(base=base)
        with (folder / "finance.md").open("a", encoding="utf-8") as article:
            article.write("\n" + body)
        checked = run(root, "validate")
        errors = [line for line in checked.output.splitlines() if " error " in line]
        assert all(GOT.search(line) for line in errors), checked.output  # no error but a missing file
        reported = {unquote(re.split("[?#]", m.group(1))[0]) for line in errors if (m := GOT.search(line))}
        missing = {ref.name for ref in named} - there
        assert {posixpath.normpath(name) for name in reported} == missing, (body, checked.output)
        config.write_text(config.read_text(encoding="utf-8") + '\n[validate]\nignore = ["JD162"]\n')
        built = run(root, "build")
        assert built.exit_code == 0, built.output
        out = root / "public"
        unresolved = {
            unquote(urlsplit(url).path)
            for url in [*from_pages(out, base), *from_feeds(out)]
            if (path := target(out, url, base)) is not None and not path.is_file()
        }
        below = unquote(urlsplit(base).path)
        gone = {posixpath.normpath(f"{below}/en/2017/{name}") for name in missing}
        assert unresolved <= gone, (body, sorted(unresolved - gone))


@settings(max_examples=40)
@given(sites())
@example(Drawn(True, [Ref("a,b.png", "img", "a,b.png", "")], frozenset({"hall.png", "a,b.png"})))
@example(Drawn(False, [Ref("hall.png", "nested", "sub/../hall.png", "#x")], frozenset({"hall.png"}), BASES[2]))
@example(Drawn(True, [Ref("hall.png", "unquoted", "hall.png", "#top")], frozenset({"hall.png"})))
def test_every_url_into_the_site_resolves_or_was_reported(drawn: Drawn) -> None:
    crawl(drawn)


LINKS = [
    ("[![The hall](hall.png)](report.pdf)", "report.pdf"),  # a link around an image
    ("A link [over\ntwo lines](report.pdf).", "report.pdf"),
    ("The [annual [2017] report](report.pdf).", "report.pdf"),  # brackets in its text
    ("The [report](report\\_2017.pdf).", "report_2017.pdf"),  # a backslash escape
    ("The [report](caf&eacute;.pdf).", "café.pdf"),  # a character reference
    ("The [report](x(1).pdf).", "x(1).pdf"),  # parentheses, balanced, in the destination
    ("[r]: report.pdf\n\nThe [report][r] and [again][r].", "report.pdf"),
]


@pytest.mark.parametrize(("body", "name"), LINKS)
def test_a_file_is_named_as_the_renderer_reads_the_link(tmp_path: Path, body: str, name: str) -> None:
    """``validate`` and the build read a body's links as the renderer does: the file a page links to is checked
    (missing: ``JD162`` on the link's line) and published where the link leads."""
    make(tmp_path)
    folder = tmp_path / FOLDER
    with (folder / "finance.md").open("a", encoding="utf-8") as article:
        article.write("\n" + body + "\n")
    line = 22 + ("two lines" in body)  # a link is on the line of its target
    checked = run(tmp_path, "validate")
    assert checked.exit_code == 1
    assert [message for message in checked.output.splitlines() if "JD162" in message] == [
        f"articles/en/2017/finance.md:{line}: error JD162 body: expected the linked file to exist, "
        f"got '{name}' (no such file)"
    ]
    (folder / name).write_bytes(b"%PDF-1.4\n")
    built = run(tmp_path, "build")
    assert built.exit_code == 0, built.output
    out = tmp_path / "public"
    page = out / "en/news/2017/07/financial-industry-to-boost-jiading/index.html"
    wanted = {url for url in from_pages(out) if url.endswith(quote(name.rpartition("/")[2]))}
    assert {target(out, url) for url in wanted} == {out / "en/2017" / name}, sorted(wanted)
    assert (out / "en/2017" / name).read_bytes() == b"%PDF-1.4\n" and page.is_file()


def test_a_file_named_through_a_folder_that_is_not_there_is_the_one_its_url_names(tmp_path: Path) -> None:
    """``sub/../hall.png`` is ``hall.png``, as a URL's path reads it, whether or not a folder ``sub`` is there:
    checked, read and published there (an image's header was read through ``sub`` and refused as a file that
    cannot be read; a file no other link named was not published, its link in the page leading nowhere)."""
    make(tmp_path)
    source = tmp_path / FOLDER / "finance.md"
    source.write_text(source.read_text(encoding="utf-8").replace("image: signing.png", "image: sub/../signing.png"))
    with source.open("a", encoding="utf-8") as article:
        article.write("\n![The hall](sub/../hall.png) and ![a chart](sub/./../chart.png)\n")
    checked = run(tmp_path, "validate")
    assert checked.exit_code == 1
    assert [line for line in checked.output.splitlines() if " error " in line] == [
        "articles/en/2017/finance.md:22: error JD162 body: expected the linked file to exist, got "
        "'sub/./../chart.png' (no such file)"
    ]
    (tmp_path / FOLDER / "chart.png").write_bytes(PNG)
    assert run(tmp_path, "build").exit_code == 0
    out = tmp_path / "public"
    page = html.fromstring((out / "en/news/2017/07/financial-industry-to-boost-jiading/index.html").read_bytes())
    assert page.xpath("//img[@alt='The hall' or @alt='a chart']/@src") == ["/en/2017/hall.png", "/en/2017/chart.png"]
    assert (out / "en/2017/chart.png").read_bytes() == PNG  # published: it was not (the build looked through sub)
    lead = {found for url in [*from_pages(out), *from_feeds(out)] if "signing" in url and (found := target(out, url))}
    assert lead == {out / "en/2017/signing.png"}


def test_raw_html_values_without_quotes_and_tags_over_lines_are_checked_published_and_made_absolute(
    tmp_path: Path,
) -> None:
    """HTML reads ``<img src=chart.png>`` as ``<img src="chart.png">``: its file is checked and published, and its
    URL made absolute as a quoted one's (it was left as written, and led below the article's page)."""
    make(tmp_path)
    config = tmp_path / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[markdown]\nunsafe_html = true\n", encoding="utf-8")
    with (tmp_path / FOLDER / "finance.md").open("a", encoding="utf-8") as article:
        article.write('\nSee <img src=chart.png alt="src=no.png"> and <a class=x\nhref=plan.pdf>the plan</a>.\n')
    checked = run(tmp_path, "validate")
    assert [line.split(" body: ")[1] for line in checked.output.splitlines() if "JD162" in line] == [
        "expected the linked file to exist, got 'chart.png' (no such file)",
        "expected the linked file to exist, got 'plan.pdf' (no such file)",
    ]
    (tmp_path / FOLDER / "chart.png").write_bytes(PNG)
    (tmp_path / FOLDER / "plan.pdf").write_bytes(b"%PDF-1.4\n")
    assert run(tmp_path, "build").exit_code == 0
    out = tmp_path / "public"
    page = html.fromstring((out / "en/news/2017/07/financial-industry-to-boost-jiading/index.html").read_bytes())
    assert page.xpath("//img[@alt='src=no.png']/@src") == ["/en/2017/chart.png"]
    assert page.xpath("//a[text()='the plan']/@href") == ["/en/2017/plan.pdf"]
    feed = [url for url in from_feeds(out) if url.endswith(("chart.png", "plan.pdf"))]
    assert feed and all(url.startswith(BASE + "/en/2017/") for url in feed), feed
    assert (out / "en/2017/chart.png").is_file() and (out / "en/2017/plan.pdf").is_file()
