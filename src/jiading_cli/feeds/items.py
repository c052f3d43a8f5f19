"""From articles to feed items: URL, dates, enclosure, translations and HTML.

Each article becomes an :class:`~.model.Item` once per build, however many feeds carry it.
Its body is rendered only when the item enters a full-content feed, by :attr:`Items.render`
(:func:`jiading_cli.content.markdown.render_html` unless another is given).
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Callable, Iterable
from functools import cache, cached_property
from typing import TYPE_CHECKING

from jiading_cli.base.imagesize import MIME
from jiading_cli.config import Config
from jiading_cli.content.names import each_once
from jiading_cli.content.site import asset_url, local_date, local_file, public_url, status
from jiading_cli.content.targets import is_local_reference
from jiading_cli.feeds.model import Enclosure, Item
from jiading_cli.model.errors import JiadingError

if TYPE_CHECKING:
    from jiading_cli.model.article import Article

Renderer = Callable[[Config, "Article"], str]


class FeedError(JiadingError):
    """Something on disk changed between validation and building (exit 1)."""


@cache
def _builtin_types() -> mimetypes.MimeTypes:
    return mimetypes.MimeTypes()  # Python's own table only, not the system's files


def media_type(name: str) -> str | None:
    """The MIME type of a file name or URL path, the same on every machine."""
    from pathlib import PurePosixPath
    from urllib.parse import urlsplit

    return suffix_type(PurePosixPath(urlsplit(name).path).suffix)


def suffix_type(suffix: str) -> str | None:
    """The MIME type of a file name suffix such as '.jpg' (any case)."""
    suffix = suffix.lower()
    if suffix in MIME:  # fixed for images, so a machine's /etc/mime.types never changes a feed
        return MIME[suffix]
    guessed, _ = _builtin_types().guess_type("file" + suffix, strict=True) if suffix else (None, None)
    return guessed


def _render_html(config: Config, article: Article) -> str:
    from jiading_cli.content.markdown import render_html

    return render_html(config, article)


def _article_links(config: Config, articles: list[Article]) -> dict[str, str]:
    from jiading_cli.content.markdown import article_links

    return article_links(config, articles)


def _terms(article: Article) -> tuple[str, ...]:
    """The item's categories: its category, then its tags, each name once as the site groups names (the page shows
    'Finance', 'finance' and 'ＦＩＮＡＮＣＥ' as one tag, 'Finance', its first spelling): the first spelling of each."""
    return each_once((article.category, *article.tags))


Target = Callable[[str], "tuple[str, str] | None"]  # an article id -> (language, public URL) when chosen
# an article -> the (language, public URL) of the chosen articles whose ``translations`` name it, in the order
# ``model.article.naming`` gives them (a translation is one both ways, as on the pages)
Naming = Callable[["Article"], "Iterable[tuple[str, str]]"]


class Items:
    """Builds each article's item once; ``render`` is called at most once per article."""

    def __init__(
        self,
        config: Config,
        chosen: Iterable[Article],
        now: dt.datetime,
        *,
        full: bool,
        preview: bool = False,
        render: Renderer | None = None,
        linked: Iterable[Article] = (),
        target: Target | None = None,
        links: Callable[[], dict[str, str]] | None = None,
        naming: Naming | None = None,
    ) -> None:
        """``render``: renders one body (default: ``markdown.render_html``).
        ``linked``: the articles whose Markdown files a body may link to (default: ``chosen``).

        ``target``, ``naming`` and ``links`` stand in for ``chosen`` and ``linked`` when the articles are not at
        hand: the language and URL of a translation's article, those of the articles naming one, and the links of
        :func:`article_links`.
        """
        chosen = list(chosen)
        self.config = config
        self.now = now
        self.full = full
        self.preview = preview
        self.render: Renderer = render or _render_html
        by_id = {a.id: a for a in chosen}
        self.target = target or (lambda key: None if (a := by_id.get(key)) is None else (a.lang, public_url(config, a)))
        self.naming = naming or self._naming(chosen)
        every = list(linked) or chosen
        self._links = links or (lambda: _article_links(config, every))
        self._made: dict[str, Item] = {}

    def add(self, item: Item) -> None:
        """Take an item made before for the same article, in place of making it again."""
        self._made[item.id] = item

    def made(self, article_id: str) -> Item | None:
        return self._made.get(article_id)

    def __call__(self, article: Article) -> Item:
        item = self._made.get(article.id)
        if item is None:
            item = self._made[article.id] = self._make(article)
        return item

    def _when(self, moment: dt.datetime) -> dt.datetime:
        return local_date(self.config, moment).replace(microsecond=0)

    def _title(self, article: Article) -> str:
        state = status(article, self.now)
        if self.preview and state != "published":
            return f"[{state}] {article.title}"
        return article.title

    def _image(self, article: Article) -> Enclosure | None:
        if not article.image:
            return None
        if not is_local_reference(article.image):
            return Enclosure(article.image, media_type(article.image), None)
        path = local_file(self.config, article, article.image)
        try:
            length = path.stat().st_size
        except OSError as exc:
            raise FeedError(f"{article.path}: image: cannot read {article.image!r}: {exc.strerror}") from None
        mime = suffix_type(path.suffix) or "application/octet-stream"
        return Enclosure(asset_url(self.config, article, article.image), mime, length)

    def _naming(self, chosen: list[Article]) -> Naming:
        """The chosen articles naming each article, as :data:`Naming` gives them."""
        from jiading_cli.model.article import naming

        index = naming(chosen)
        config = self.config
        return lambda article: [(other.lang, public_url(config, other)) for other in index.get(article.id, ())]

    def _translations(self, article: Article) -> tuple[tuple[str, str], ...]:
        """The article's published versions in other languages, one per language, by language: those it names (by
        key), then those naming it, as its page lists them (``pages.article.alternates``)."""
        found: dict[str, tuple[str, str]] = {}
        own = article.lang.lower()
        named = [self.target(key) for _, key in sorted(article.translations.items()) if key != article.id]
        for target in [*named, *self.naming(article)]:
            if target is not None and (key := target[0].lower()) != own:
                found.setdefault(key, target)
        return tuple(found[key] for key in sorted(found))

    @cached_property
    def links(self) -> dict[str, str]:
        return self._links()

    def _html(self, article: Article) -> str:
        """The rendered body, its links to other articles' files pointing at their public URLs, what a browser hides
        from view left out (:mod:`~jiading_cli.content.shown`): a reader may drop the ``style`` that hides it."""
        from jiading_cli.content.markdown import link_articles, links_markdown
        from jiading_cli.content.shown import for_readers

        html = for_readers(self.config, self.render(self.config, article))  # hidden from view: left out
        return link_articles(html, self.links) if links_markdown(html) else html

    def _make(self, article: Article) -> Item:
        return Item(
            id=article.id,
            url=public_url(self.config, article),
            title=self._title(article),
            published=self._when(article.date),
            updated=self._when(article.modified),
            summary=article.summary,
            html=self._html(article) if self.full else None,
            terms=_terms(article),
            authors=article.authors,
            lang=article.lang,
            image=self._image(article),
            translations=self._translations(article),
        )
