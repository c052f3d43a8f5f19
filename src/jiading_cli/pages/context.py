"""What every template sees: the site, the page's language and catalogue, the navigation and feeds."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jiading_cli.base.tel import tel_uri
from jiading_cli.config import Config
from jiading_cli.content.layout import CSS, FEED_FILES, SCRIPT
from jiading_cli.content.messages import messages
from jiading_cli.model.article import Article
from jiading_cli.pages.dates import language_name
from jiading_cli.pages.head import Feed, Head
from jiading_cli.pages.urls import href
from jiading_cli.share.links import mailto
from jiading_cli.share.opengraph import Image, image, image_url

FEED_LINKS = (
    ("application/rss+xml", FEED_FILES["rss"], "feed_rss"),
    ("application/atom+xml", FEED_FILES["atom"], "feed_atom"),
    ("application/feed+json", FEED_FILES["json"], "feed_json"),
)


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    href: str
    lang: str = ""
    current: bool = False


@dataclass(frozen=True, slots=True)
class SiteView:
    """The site as templates show it (``site``)."""

    title: str
    description: str
    email: str | None
    phone: str | None
    tel: str | None
    copyright: str
    home: str  # the navigation's Home link
    root: str  # the root page (the languages)
    css: str
    script: str
    languages: tuple[Link, ...] = ()  # each language's news list, its name in that language
    feeds: tuple[Feed, ...] = ()  # the site's, in the page's language
    mailto: str | None = None  # a mailto: URI of ``email`` (RFC 6068): '?', '#' or '%' in it percent-encoded


@dataclass(frozen=True, slots=True)
class Pages:
    """What the pages of one build share: the config, the languages' folders, the feeds written."""

    config: Config
    languages: dict[str, str]  # language key (lowercase) -> the tag as articles write it
    feeds_on: dict[str, bool] = field(default_factory=dict)  # kind -> written
    made: dict[object, Any] = field(default_factory=dict)  # what one build computes once: views by key
    sizes: dict[str, tuple[int, int] | None] = field(default_factory=dict)  # lead images' read, by article path

    def news_path(self, lang: str) -> str:
        return lang.lower() + "/"

    def once(self, key: object, make: Callable[[], Any]) -> Any:
        """``make()``, computed once per key in this build (an article's teaser is on several lists)."""
        found = self.made.get(key, self.made)
        if found is self.made:
            found = self.made[key] = make()
        return found

    def site(self, lang: str) -> SiteView:
        view: SiteView = self.once(("site", lang.lower()), lambda: self._site(lang))
        return view

    def _site(self, lang: str) -> SiteView:
        site = self.config.site
        links = tuple(
            Link(language_name(tag, messages(tag)), href(self.config, self.news_path(key)), tag, key == lang.lower())
            for key, tag in sorted(self.languages.items())
        )
        return SiteView(
            title=site.title_in(lang),
            description=site.description_in(lang),
            email=site.email,
            phone=site.phone,
            tel=tel_uri(site.phone) if site.phone else None,
            copyright=site.copyright_in(lang),
            home=self.config.pages.home_url or href(self.config, ""),
            root=href(self.config, ""),
            css=href(self.config, CSS),
            script=href(self.config, SCRIPT),
            languages=links,
            feeds=self.feeds(lang),
            mailto=mailto("", "", (site.email,)) if site.email else None,
        )

    def picture(self, article: Article) -> Image | None:
        """The article's image as Open Graph gives it (its page and the lists showing it use it)."""
        found: Image | None = self.once(("picture", article.id), lambda: self._picture(article))
        return found

    def _picture(self, article: Article) -> Image | None:
        """:func:`~jiading_cli.share.opengraph.image`, found once for each image named from one folder (many
        articles of a folder may show one image), each article's own ``image_alt`` kept."""
        folder, name = os.path.split(article.path)
        if not article.image or name in ("", ".", ".."):
            return image(self.config, article, self._measure(article))
        shared: Image = self.once(
            ("image", folder, article.image), lambda: image(self.config, article, self._measure(article))
        )
        if shared.alt == article.image_alt:
            return shared
        return Image(shared.url, shared.width, shared.height, shared.mime, article.image_alt, shared.file)

    def shown(self, article: Article) -> tuple[str, str] | None:
        """The article's image as a list shows it: its URL and alt text, without its size (:meth:`picture`'s, when
        this process found that already; else its URL alone, :func:`~jiading_cli.share.opengraph.image_url`)."""
        known = self.made.get(("picture", article.id))  # looked at, not made: an article page makes it whole
        if isinstance(known, Image):
            return known.url, known.alt or ""
        url = image_url(self.config, article)
        return None if url is None else (url, article.image_alt or "")

    def dimensions(self, path: Path) -> tuple[int, int] | None:
        """A local image's width and height, read once per file (many articles may show one image), unless
        :meth:`measured` gave it."""
        from jiading_cli.base.imagesize import size

        found: tuple[int, int] | None = self.once(("size", path), lambda: size(path))
        return found

    def measured(self, article: Article, found: tuple[int, int] | None) -> None:
        """The article's lead image's size, read already (by validation, of the file it holds the build to:
        ``validate.probe``): its page shows it, and reads no file for it."""
        self.sizes[article.path] = found

    def _measure(self, article: Article) -> Callable[[Path], tuple[int, int] | None]:
        if article.path not in self.sizes:
            return self.dimensions
        known = self.sizes.pop(article.path)
        return lambda path: known

    def feeds(self, lang: str, kind: str = "site", folder: str = "", name: str = "") -> tuple[Feed, ...]:
        """The feeds a page in ``lang`` announces: the site's, and the feed of its language, category or tag when
        written (titled in ``lang``, as that feed titles itself)."""
        found: tuple[Feed, ...] = self.once(
            ("feeds", lang.lower(), kind, folder, name), lambda: self._feeds(lang, kind, folder, name)
        )
        return found

    def _feeds(self, lang: str, kind: str, folder: str, name: str) -> tuple[Feed, ...]:
        t, site = messages(lang), self.config.site
        found = [Feed(mime, f"{site.title} ({t.text(key)})", href(self.config, file)) for mime, file, key in FEED_LINKS]
        if kind != "site" and self.feeds_on.get(kind):
            label = f"{site.title_in(lang)}: {name}"
            found += [
                Feed(mime, f"{label} ({t.text(key)})", href(self.config, f"{folder}/{file}"))
                for mime, file, key in FEED_LINKS
            ]
        return tuple(found)


def page(pages: Pages, lang: str, head: Head, crumbs: Sequence[Link], **more: Any) -> dict[str, Any]:
    """The variables of every template: ``site``, ``t``, ``lang``, ``head``, ``breadcrumb``, and ``more``."""
    t = messages(lang)
    text: Callable[..., str] = t.text
    if not head.feeds:
        head = replace(head, feeds=pages.feeds(lang))
    return {"site": pages.site(lang), "t": text, "lang": lang, "head": head, "breadcrumb": list(crumbs), **more}
