"""An article's page as the shipped ``base.html``, ``article.html`` and ``share.html`` render it, written directly.

Jinja renders an article page in hundreds of steps, one escape and one generator hop for each value and
word, though most of the page is the same on every page of a language. For a site that keeps those three
files as shipped, :class:`ArticlePage` writes the same text itself: what is the same on every page of a
language (the words of the catalogue, the frame, the masthead and the footer, which it takes from
``{% chrome %}``) once per language, and the article's own values escaped as the templates escape them.

It steps aside to the templates whenever it is not sure: when the three files the site's theme finds are
not the text it was written for (a site's own ``article.html``, ``base.html`` or ``share.html``, or a
shipped file changed since; compared by their digest), and when a template it takes text from fails
(a site's own masthead or footer), so that the error is the one the templates give.
``tests/test_pages_shipped.py`` holds its pages to the templates' over generated articles.

What every page written this way shares — the check of the theme's files, the frame of ``base.html``, the
head — is :class:`ShippedPage`'s, which :mod:`jiading_cli.pages.listpage` writes the news lists with too.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from markupsafe import escape

from jiading_cli.model.languages import direction
from jiading_cli.pages.article import ArticleView
from jiading_cli.pages.chrome import Chrome
from jiading_cli.pages.context import Link, SiteView
from jiading_cli.pages.head import Feed, Head
from jiading_cli.pages.marks import chrome_lang, named, text_lang
from jiading_cli.pages.sharebar import Control, ShareBar
from jiading_cli.pages.theme import TemplateError, Theme

TEMPLATES = ("base.html", "article.html", "share.html")
WRITTEN_FOR = "ca92413dedb5ba33a5c20f0fe521fdb44dcea0910d4d0608b0248c05153165b6"  # digest(TEMPLATES' shipped text)
OPENED = ' target="_blank" rel="noopener"'  # a link of the bar that opens the network in a new tab
NEW_TAB = ("facebook", "linkedin")  # the bar's main links that do
SPECIAL = re.compile("[&<>'\"]")  # what autoescaping replaces


def digest(texts: Sequence[str]) -> str:
    """The SHA-256 of template texts, each after its length (so no two sequences share one)."""
    made = hashlib.sha256()
    for text in texts:
        data = text.encode("utf-8")
        made.update(b"%d\n" % len(data) + data)
    return made.hexdigest()


def _e(value: object) -> str:
    """``value`` as ``{{ value }}`` writes it with autoescaping on (markupsafe's ``escape``)."""
    if type(value) is not str:
        return escape(value)
    if SPECIAL.search(value) is None:
        return value
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("'", "&#39;").replace('"', "&#34;")


@dataclass(frozen=True, slots=True)
class Frame:
    """What ``base.html`` makes of a page of one language (and its ``site``) around the page's own values."""

    site: SiteView
    t: Callable[..., str]
    top: str  # up to the title
    styles: str  # the stylesheet and script, the masthead
    crumbs: str  # the breadcrumb's opening
    main: str  # the breadcrumb's end
    footer: str  # the footer, the page's end


def frame(chrome: Chrome, site: SiteView, t: Callable[..., str], lang: str, parent: str) -> Frame:
    """``base.html``'s parts for a page of ``lang`` rendered from template ``parent`` (the masthead and footer:
    ``chrome``'s)."""
    return Frame(
        site=site,
        t=t,
        top=f'<!DOCTYPE html>\n<html lang="{_e(lang)}" dir="{direction(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>',
        styles=f'<link rel="stylesheet" href="{_e(site.css)}">\n<script src="{_e(site.script)}" defer></script>\n'
        f"</head>\n<body>\n{chrome.text('masthead.html', site, t, lang, parent)}",
        crumbs=f'<nav class="breadcrumb wrap" aria-label="{_e(t("breadcrumb"))}"{chrome_lang(lang)}>\n<ol>\n',
        main="</ol>\n</nav>\n",
        footer=f"{chrome.text('footer.html', site, t, lang, parent)}</body>\n</html>\n",
    )


class Framed(Protocol):
    """A kind of page's parts of one language: ``base.html``'s among them."""

    @property
    def frame(self) -> Frame: ...


W = TypeVar("W", bound=Framed)


@dataclass(frozen=True, slots=True)
class Words:
    """The parts of an article page that are the same on every page of one language (and its ``site``)."""

    frame: Frame
    published: str
    updated: str
    by: str
    translations: str
    category: str
    tags: str
    bar: str  # the share bar's opening
    more: str  # its "more" list's opening
    wechat: str  # the QR code's caption, the copy field's opening
    copy: str  # between the copy field and the copy button's done message
    native: str  # the copy button's label and the native share button's opening
    end: str  # the share bar's end, the article's, the page's with the footer
    controls: dict[tuple[str, str, str, bool], tuple[str, str]]  # a control's text around its link, as written


def words(chrome: Chrome, site: SiteView, t: Callable[..., str], lang: str) -> Words:
    """A page of ``lang``'s parts, with ``site`` and the catalogue's ``t`` (the masthead and footer: ``chrome``'s)."""
    label = f'<span class="label"{chrome_lang(lang)}>'
    around = frame(chrome, site, t, lang, "article.html")
    return Words(
        frame=around,
        published=f'{label}{_e(t("published"))}{_e(t("colon"))}</span><time datetime="',
        updated=f'· {label}{_e(t("updated"))}{_e(t("colon"))}</span><time datetime="',
        by=f"· {label}{_e(t('by'))}</span> ",
        translations=f'<p class="translations"{chrome_lang(lang)}>{_e(t("translations"))}{_e(t("colon"))}',
        category=f'<p>{label}{_e(t("category"))}{_e(t("colon"))}</span><a href="',
        tags=f"<p>{label}{_e(t('tags'))}{_e(t('colon'))}</span>",
        bar=f'<nav class="sharebar" aria-label="{_e(t("share"))}"{chrome_lang(lang)}>\n<ul>\n',
        more=f'<li class="more">\n<details>\n<summary aria-label="{_e(t("more_ways"))}">{_e(t("more"))}</summary>\n'
        '<ul class="more-list">\n',
        wechat=f'\n<figcaption>{_e(t("wechat_scan"))}</figcaption>\n</figure>\n</li>\n<li class="copy">\n'
        f'<label>{_e(t("article_link"))}<input type="url" readonly value="',
        copy=f'" data-done="{_e(t("link_copied"))}" hidden>',
        native=f'{_e(t("copy_link"))}</button>\n</li>\n<li class="native"><button type="button" class="share-native"'
        ' data-url="',
        end=f"{_e(t('native_share'))}</button></li>\n</ul>\n</details>\n</li>\n"
        f'<li class="share-label" aria-hidden="true">{_e(t("share"))}</li>\n</ul>\n</nav>\n</article>\n</main>\n'
        + around.footer,
        controls={},
    )


class ShippedPage(Generic[W]):
    """Pages of one template of one build with one theme: written directly when the theme's files the page is
    made of (``templates``) are the shipped ones (``written_for``: their digest), else (and on any template
    error) rendered by the templates. A page's kind gives its language's parts (:meth:`_made`) and writes it."""

    def __init__(self, look: Theme, templates: Sequence[str], written_for: str) -> None:
        self.look = look
        self.templates = templates
        self.written_for = written_for
        self.by_lang: dict[str, W] = {}
        self.feeds: dict[int, tuple[tuple[Feed, ...], str]] = {}  # id(head.feeds) -> those feeds, their links
        self.metas: dict[tuple[str, str], str] = {}  # (attribute, name) -> the tag up to its content
        self.chrome: Chrome | None = None  # the theme's, once its files are known to be the shipped ones
        self.checked = False

    def shipped(self) -> Chrome | None:
        """The theme's ``{% chrome %}`` when its files are the shipped ones; else None."""
        if not self.checked:
            self.checked = True
            chrome = self.look.environment.extensions.get(Chrome.identifier)
            try:
                shipped = digest([self.look.source(name) for name in self.templates]) == self.written_for
            except (TemplateError, UnicodeDecodeError, OSError):
                shipped = False  # the templates tell what is wrong with them
            self.chrome = chrome if shipped and isinstance(chrome, Chrome) else None
        return self.chrome

    def _made(self, chrome: Chrome, site: SiteView, t: Callable[..., str], lang: str) -> W:
        raise NotImplementedError

    def _words(self, chrome: Chrome, context: Mapping[str, Any]) -> W | None:
        """The page's language's parts; None when a template they are made of fails (a site's own masthead or
        footer may raise anything: the templates then give the error, with its file and line)."""
        lang, site, t = context["lang"], context["site"], context["t"]
        found = self.by_lang.get(lang)
        if found is None or found.frame.site is not site or found.frame.t != t:
            try:
                found = self.by_lang[lang] = self._made(chrome, site, t, lang)
            except Exception:  # noqa: BLE001  # reported by the templates' own rendering of the page
                return None
        return found

    def _opening(self, out: list[str], around: Frame, head: Head, crumbs: Sequence[Link]) -> None:
        """``base.html`` up to its ``main`` block."""
        out += (around.top, _e(head.title), "</title>\n")
        self._head(out, head)
        out.append(around.styles)
        if len(crumbs) > 1:
            out.append(around.crumbs)
            for crumb in crumbs:
                said = text_lang(crumb.lang)
                if crumb.current:
                    out += ("<li", said, '><span aria-current="page">', _e(crumb.text), "</span></li>\n")
                else:
                    out += ("<li", said, '><a href="', _e(crumb.href), '">', _e(crumb.text), "</a></li>\n")
            out.append(around.main)
        out.append('<main id="content" class="wrap">\n')

    def _head(self, out: list[str], head: Head) -> None:
        if head.description:
            out += ('<meta name="description" content="', _e(head.description), '">\n')
        if head.noindex:
            out.append('<meta name="robots" content="noindex">\n')
        if head.canonical:
            out += ('<link rel="canonical" href="', _e(head.canonical), '">\n')
        for alternate in head.alternates:
            out += ('<link rel="alternate" hreflang="', _e(alternate.lang), '" href="', _e(alternate.url), '">\n')
        out.append(self._feeds(head.feeds))
        metas = self.metas
        for attribute, name, content in head.meta:
            start = metas.get((attribute, name))
            if start is None:
                start = metas[attribute, name] = f'<meta {_e(attribute)}="{_e(name)}" content="'
            out += (start, _e(content), '">\n')
        if head.jsonld:
            out += ('<script type="application/ld+json">\n', head.jsonld, "\n</script>\n")

    def _feeds(self, feeds: tuple[Feed, ...]) -> str:
        """The feeds' links: a page's language's feeds are one tuple for the build, written once."""
        found = self.feeds.get(id(feeds))
        if found is not None and found[0] is feeds:
            return found[1]
        text = "".join(
            f'<link rel="alternate" type="{_e(feed.type)}" title="{_e(feed.title)}" href="{_e(feed.href)}">\n'
            for feed in feeds
        )
        self.feeds[id(feeds)] = (feeds, text)
        return text


class ArticlePage(ShippedPage[Words]):
    """Article pages of one build with one theme: written directly when the theme's three files are the
    shipped ones, else (and on any template error) rendered by the templates."""

    def __init__(self, look: Theme) -> None:
        super().__init__(look, TEMPLATES, WRITTEN_FOR)

    def render(self, context: Mapping[str, Any]) -> str:
        """The page of ``context`` (the variables of ``article.html``), as the theme's templates render it."""
        chrome = self.shipped()
        found = self._words(chrome, context) if chrome is not None else None
        if found is None:
            return self.look.render("article.html", context)
        return self._page(found, context)

    def _made(self, chrome: Chrome, site: SiteView, t: Callable[..., str], lang: str) -> Words:
        return words(chrome, site, t, lang)

    def _page(self, w: Words, context: Mapping[str, Any]) -> str:
        out: list[str] = []
        self._opening(out, w.frame, context["head"], context["breadcrumb"])
        _article(out, w, context["article"])
        _bar(out, w, context["share"])
        out.append(w.end)
        return "".join(out)


def _article(out: list[str], w: Words, article: ArticleView) -> None:
    out += (
        '<article class="article">\n<header>\n<h1>', _e(article.title), '</h1>\n<p class="meta">\n',
        w.published, _e(article.date_iso), '">', _e(article.date), "</time>\n",
    )  # fmt: skip
    if article.updated:
        out += (w.updated, _e(article.updated_iso), '">', _e(article.updated), "</time>\n")
    if article.authors:
        out += (w.by, _e(", ".join(article.authors)), "\n")
    out.append("</p>\n")
    if article.translations:
        out.append(w.translations)
        t = w.frame.t
        for n, other in enumerate(article.translations):
            out += (
                ' · ' if n else "", '<a href="', _e(other.href), '" hreflang="', _e(other.lang), '" rel="alternate">',
                named(t, "read_in", language=other), "</a>",
            )  # fmt: skip
        out.append("</p>\n")
    out.append("</header>\n")
    image = article.image
    if image:
        out += ('<figure class="lead">\n<img src="', _e(image.src), '" alt="', _e(image.alt), '"')
        if image.width:
            out += (' width="', _e(image.width), '" height="', _e(image.height), '"')
        out.append(">\n</figure>\n")
    out += ('<div class="body">\n', article.body, "\n</div>\n")
    if article.category or article.tags:
        out.append('<footer class="terms">\n')
        if article.category:
            out += (w.category, _e(article.category.href), '">', _e(article.category.text), "</a></p>\n")
        if article.tags:
            out.append(w.tags)
            for n, tag in enumerate(article.tags):
                out += (" " if n else "", '<a class="tag" href="', _e(tag.href), '" rel="tag">', _e(tag.text), "</a>")
            out.append("</p>\n")
        out.append("</footer>\n")


def _control(out: list[str], w: Words, control: Control, opened: bool) -> None:
    """A control of the bar: its link, between its network, name and text (the same on every page, written once)."""
    key = (control.network, control.label, control.text, opened)
    around = w.controls.get(key)
    if around is None:
        around = w.controls[key] = (
            f'<li><a class="share-{_e(control.network)}" href="',
            f'" aria-label="{_e(control.label)}"{OPENED if opened else ""}>{_e(control.text)}</a></li>\n',
        )
    out += (around[0], _e(control.href), around[1])


def _bar(out: list[str], w: Words, bar: ShareBar) -> None:
    out.append(w.bar)
    for control in bar.main:
        _control(out, w, control, control.network in NEW_TAB)
    out.append(w.more)
    for control in bar.more:
        _control(out, w, control, True)
    url = _e(bar.url)
    out += (
        '<li class="wechat">\n<figure>\n', bar.qr_svg, w.wechat, url,
        '"></label>\n<button type="button" class="share-copy" data-url="', url, w.copy, w.native, url,
        '" data-title="', _e(bar.title), '" hidden>',
    )  # fmt: skip
