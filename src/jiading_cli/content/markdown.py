"""Markdown to HTML for pages, feeds and email, with every link and image made absolute.

The Markdown is CommonMark with GitHub's tables and strikethrough (``~~text~~``), rendered by cmark-gfm
(:mod:`.gfm`). A bare URL stays text: ``<https://…>`` makes a link.

Raw HTML in a body is escaped, as Hugo does by default: prose such as ``<chips>`` shows as written
instead of becoming an element that readers drop, and a ``<script>`` never goes out as one. An HTML
comment on one line (``<!-- jiading: ignore JD162 -->``, a note to editors) is not content: it is left out.
A link to a ``javascript:``, ``vbscript:``, ``file:`` or ``data:`` URL (but ``data:image/png``, ``gif``, ``jpeg``
or ``webp``, for a link as for an image: :mod:`.dropped`) keeps its text and loses its target: it is an ``<a>``
without ``href``; such an image is its ``alt`` text. A link or image with an empty target (``[a]()``) is the
same: no ``href=""`` nor ``src=""`` ever goes out.
A link holds no other: an autolink written in a link's text, which cmark nests, is its text (:func:`_unnested`; not with
``unsafe_html``, where a link tag may be the body's own).
``[markdown] unsafe_html = true`` passes raw HTML through, the URLs of its attributes
(:mod:`.htmlrefs`: ``src``, ``href``, ``srcset``, ``poster``…) made absolute too, and leaves every URL as written.

A character no output may carry (:data:`~jiading_cli.base.xmlchars.NOT_OUTPUT`: a control character, a
noncharacter) that rendering gives, from a character reference (``&#x1b;``), in a link's title or an image's
``alt``, or from raw HTML, becomes U+FFFD, as cmark does for ``&#0;``; a character reference to one in raw
HTML becomes ``&#xFFFD;``. But a reference to U+0080 to U+009F reads as HTML reads it, the Windows-1252
character of that byte (``&#150;``, an en dash, as old pages wrote it), where Windows-1252 has one. Validation
refuses such a character written as itself (``JD140``).

Feed readers ignore ``xml:base`` and mail clients have no base at all, so every relative
reference is rewritten (:func:`absolute`): a file beside the article becomes its public asset URL, as does a
site path naming a file of the articles folder (``/en/doc.txt``); another site path (``/about/``) joins the base
URL, an anchor (``#x``) or a query (``?x=1``) joins the article URL.
A link to another article's Markdown file becomes that article's public URL in a step
after rendering, :func:`link_articles`, so that a body's HTML depends on its own article alone.
"""

from __future__ import annotations

import html as entities
import re
from collections.abc import Callable, Iterable, Iterator, Mapping

from jiading_cli.base.iphosts import ip_address, split_port
from jiading_cli.base.urls import HostError, ascii_host
from jiading_cli.base.xmlchars import NOT_OUTPUT, output_clean
from jiading_cli.config import Config
from jiading_cli.content.escaped import comment_pattern, escaped_html
from jiading_cli.content.htmlrefs import NUMERIC, SPACE, html_urls, instead, output_reference, rewritten, unescape
from jiading_cli.content.resolver import file_url
from jiading_cli.content.site import asset_url, names_site_file, public_url
from jiading_cli.content.targets import is_local_reference, is_rooted
from jiading_cli.model.article import Article

COMMENT = re.compile(comment_pattern("<", ">"))
MARKDOWN_NAME = re.compile(r"\.[mM][dD]")  # ".md" in any case: one pass, from each "."
MADE_REF = re.compile(r'(<(?:a href|img src)=)(")([^"]*)"')  # a link or image cmark wrote
NO_TARGET = re.compile(r'<a href=""|<img src="" alt="([^"]*)"(?: title="[^"]*")? />')  # cmark's, target dropped
QUERY_OR_FRAGMENT = re.compile("[?#]")  # where a URL's path ends
QUERY_OR_PATH = re.compile("[/?#]")  # where a URL's authority ends
ANCHOR = re.compile(r"<a(?: [^>]*)?>|</a>")  # a link's start or end tag as cmark writes it
HOST = re.compile(r"((?:https?:)?//|mailto:[^@/?#]*@)(%5B[^/?#@]*?%5D|[^/?#:@]+)", re.IGNORECASE)
"""Where a host lies: a name, or an IPv6 address in the brackets cmark percent-encodes (``%5B::1%5D``)."""


def absolute(config: Config, article: Article, ref: str) -> str:
    """The absolute URL a reference in ``article`` means: one with a scheme, which a feed reader or a mail client
    (no base URL, ``xml:base`` ignored) follows as the page does.

    Resolved as RFC 3986 resolves a reference against the article's URL, whatever its form: a fragment
    (``#x``) or a query (``?x=1``, which keeps no fragment of the page's) joins the article's URL, which has
    neither; a path (``a.png``, ``./a.png``, ``../images/a.png``) names a file beside the article, at its public
    URL (:func:`~jiading_cli.content.site.asset_url`); a site path names the articles folder's file at that path
    when there is one (``/en/doc.txt``, ``/en/b.md``: :func:`~jiading_cli.content.site.names_site_file`), linked as a
    relative reference to it is, else it is a page of the wider site (``/about/``) and joins the base URL; a
    reference without a scheme to another host (``//cdn…``, or ``///cdn…`` as browsers read it) takes ``https:``.
    A URL with a scheme is left as it is.
    """
    if ref.startswith(("#", "?")):
        return public_url(config, article) + ref
    if is_rooted(ref):  # the articles folder's file at that path, as a relative link to it; else the wider site's
        return (
            asset_url(config, article, ref) if names_site_file(config, ref) else config.site.base_url.rstrip("/") + ref
        )
    if ref.startswith("//"):  # its host after every '/' that leads it, as browsers read '///cdn…'
        return "https://" + ref.lstrip("/")
    if is_local_reference(ref):
        return asset_url(config, article, ref)
    return ref


def resolver(config: Config, article: Article) -> Callable[[str], str]:
    """The one function that makes a reference in ``article``'s body the URL its outputs give it: an international
    host in its ``xn--`` form (:func:`_ascii_host`), then :func:`absolute`. The HTML of pages, feeds and email
    takes each link and image from it, and so does the email's text part (:func:`~.plaintext.text_of`), so the
    two parts of an email never show one link otherwise. Applied to a URL it made, it gives that URL again."""
    return lambda ref: absolute(config, article, _ascii_host(ref) if "%" in ref else ref)


def render_html(config: Config, article: Article) -> str:
    """The article body as HTML with absolute links; deterministic for the same input."""
    resolve = resolver(config, article)
    if config.markdown.unsafe_html:
        from jiading_cli.content.gfm import cmark
        from jiading_cli.content.htmltree import unnested_links

        html = _targeted(cmark().to_html(article.body, unsafe=True))
        html = rewritten(unnested_links(html) if html.count("<a") > 1 and _nests(html) else html, resolve)
    else:
        html = _absolute_refs(resolve, MADE_REF, _unnested(_targeted(escaped_html(article.body))))
    return _outputtable(html)


def made_urls(html: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each URL of a link or image cmark wrote (:data:`MADE_REF`), in order. In HTML rendered
    without ``unsafe_html`` (raw HTML escaped, and every quote, ``<`` and ``>`` of text and values with it) these
    are the very URLs :func:`~.htmlrefs.html_urls` finds, found by one pattern instead of reading every tag
    (tests/test_made_urls.py)."""
    return ((m.start(3), m.end(3)) for m in MADE_REF.finditer(html) if m.group(3).strip(SPACE))


def _targeted(html: str) -> str:
    """cmark's ``html`` with each link whose target it dropped (or that had none) an ``<a>`` without ``href``, and
    each such image its ``alt`` text: ``href=""`` reloads the page, and HTML allows no ``src=""``."""
    if '=""' not in html:
        return html
    return NO_TARGET.sub(lambda m: "<a" if m.group(1) is None else m.group(1), html)


def _nests(html: str) -> bool:
    """Whether some ``<a`` starts before the ``</a>`` after the one before it: each link's end looked for once, in C
    (a ``<abbr`` is taken for a link too, and the links then read tag by tag, as they would be)."""
    start = html.find("<a")
    while start != -1:
        end = html.find("</a>", start)
        following = html.find("<a", start + 2)
        if following == -1:
            return False
        if end == -1 or following < end:
            return True
        start = following
    return False


def _unnested(html: str) -> str:
    """cmark's ``html`` (raw HTML escaped: each tag is cmark's) with each link inside another's text (an autolink,
    ``[see <https://…>](…)``, which cmark nests) its text alone: HTML allows no link inside a link, and a browser
    ends the outer one where the inner starts, so the page, the feeds and the email's two parts would each show
    another link. The link written around it keeps its target."""
    if html.count("<a") < 2 or not _nests(html):
        return html
    depth = 0

    def kept(m: re.Match[str]) -> str:
        nonlocal depth
        inner = depth > 1 if m.group().startswith("</") else depth > 0
        depth = max(depth - 1, 0) if m.group().startswith("</") else depth + 1
        return "" if inner else m.group()

    return ANCHOR.sub(kept, html)


def _outputtable(html: str) -> str:
    """``html`` with each character :data:`NOT_OUTPUT` finds, and each character reference to one, replaced
    (:func:`~jiading_cli.content.htmlrefs.instead`)."""
    if "&#" in html:
        html = NUMERIC.sub(output_reference, html)
    return html if output_clean(html) else NOT_OUTPUT.sub(lambda m: instead(m.group()), html)


def _absolute_refs(resolve: Callable[[str], str], pattern: re.Pattern[str], html: str) -> str:
    """``html`` with each URL ``pattern`` finds (group 3, between the quotes of group 2) made absolute."""
    if "=" not in html:
        return html

    def swap(m: re.Match[str]) -> str:
        ref = unescape(m.group(3))
        url = resolve(ref)
        if url == ref:
            return m.group(0)
        return m.group(1) + m.group(2) + entities.escape(url) + m.group(2)

    return pattern.sub(swap, html)


def _ascii_host(url: str) -> str:
    """``url`` with its host as browsers read the one written: cmark percent-encodes a host outside ASCII, written
    here in punycode (``xn--``) as IDNA writes it for every mail client and reader, and the brackets around an IPv6
    address (``https://[2001:db8::1]/`` becomes ``https://%5B2001:db8::1%5D/``, which names no host), put back; a URL
    with any other host is left as it is."""
    from urllib.parse import unquote

    found = HOST.match(url)
    if found is None or "%" not in found.group(2):
        return url
    written, rest = found.group(2), url[found.end() :]
    if written[:3].upper() == "%5B":  # only the brackets are cmark's: what is inside them is read as written
        host = f"[{written[3:-3]}]"
        authority = host + QUERY_OR_PATH.split(rest, 1)[0]  # a port may follow the brackets, nothing else
        named = written[-3:].upper() == "%5D" and ip_address(split_port(authority)[0]) is not None
        return found.group(1) + host + rest if named else url
    try:
        host = unquote(written, errors="strict")
    except UnicodeDecodeError:
        return url
    if host.isascii():
        return url
    try:
        return found.group(1) + ascii_host(host) + url[found.end() :]
    except HostError:  # validate reports it (JD163)
        return url


def article_links(config: Config, articles: Iterable[Article]) -> dict[str, str]:
    """For each article, the URL :func:`render_html` gives a link to its Markdown file, and its public URL."""
    return {file_url(config, config.root / a.path): public_url(config, a) for a in articles}


def mentions_markdown(text: str) -> bool:
    """Whether ``text`` holds ``.md`` in any case: only then can it link an article's Markdown file."""
    return MARKDOWN_NAME.search(text) is not None


def links_markdown(html: str) -> bool:
    """Whether a URL of ``html``'s attributes (:func:`~.htmlrefs.html_urls`) holds ``.md`` in any case: only then may
    :func:`link_articles` change it, and only then need the links to the site's articles be known."""
    return mentions_markdown(html) and any(mentions_markdown(html[start:end]) for start, end in html_urls(html))


def link_articles(html: str, links: Mapping[str, str]) -> str:
    """``html`` with each link to an article's Markdown file turned into that article's public URL, its query and
    fragment kept: each URL of an attribute, read as every other (:func:`~.htmlrefs.rewritten`: in quotes or
    without them, in a tag and nowhere else), so that the link validation takes for an article's (JD168) is the one
    the page makes, and text that only reads ``href="….md"`` stays as written.

    A step after :func:`render_html`, never inside it: what is kept for one article (its page, its feed items)
    must not depend on another article's slug, date or language, which decide that article's URL.
    """

    def swap(url: str) -> str:
        found = QUERY_OR_FRAGMENT.search(url)
        cut = len(url) if found is None else found.start()
        target = links.get(url[:cut])
        return url if target is None else target + url[cut:]

    return rewritten(html, swap) if mentions_markdown(html) else html
