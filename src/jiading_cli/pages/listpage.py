"""A page of a news list as the shipped ``base.html`` and ``list.html`` render it, written directly.

An article added to a site changes the front page of each list it is on (and now and then makes an
archive page), and an article edited or re-dated every page from its place to the front, though each
page is the frame of its language, its own head, breadcrumb and page links, and teasers the last build
wrote already. For a site that
keeps ``base.html`` and ``list.html`` as shipped, :class:`ListPage` writes the same text itself: the
frame as article pages take it (:mod:`jiading_cli.pages.shipped`), and each article's teaser (all but
the page's words for "read more", so one text serves the lists of every language) made once per build
and kept with the article's inputs for the next build (:meth:`~jiading_cli.pages.reuse.Inputs.view`),
so that a page whose articles moved is a join of kept text.

It steps aside to the templates when the two files the site's theme finds are not the text it was written
for (a site's own ``list.html`` or ``base.html``, or a shipped file changed since; compared by their
digest), and when a template it takes text from fails (a site's own masthead or footer), so that the error
is the one the templates give. ``tests/test_pages_listpage.py`` holds its pages to the templates'.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jiading_cli.model.article import Article
from jiading_cli.model.languages import direction
from jiading_cli.pages.chrome import Chrome
from jiading_cli.pages.context import Pages, SiteView
from jiading_cli.pages.listing import Pagination, Rendered, Sheet, Teaser, sheet_page, teaser
from jiading_cli.pages.marks import chrome_lang, text_lang
from jiading_cli.pages.reuse import Inputs
from jiading_cli.pages.shipped import Frame, ShippedPage, _e, frame
from jiading_cli.pages.theme import Theme

TEMPLATES = ("base.html", "list.html")
WRITTEN_FOR = "1700a177b3d322ec52299e6a7aa5107a68b81cf7a70e51ac94faec508a055c31"  # digest(TEMPLATES' shipped text)
KIND = b"teaser text"  # a teaser's text, kept with its article's inputs: the kind of its view


@dataclass(frozen=True, slots=True)
class ListWords:
    """The parts of a list page that are the same on every list page of one language (and its ``site``)."""

    frame: Frame
    more: str  # the "read more" link: its opening tag's end, its text, the hidden rest of its name up to the title
    end_more: str  # the end of the "read more" link after the title; the teaser's end
    lang: str  # the page's
    empty: str  # a list without articles
    pagination: str  # the page links' opening
    newer: str  # the link to the page of newer articles, after its URL
    older: str  # the link to the page of older articles, after its URL
    end: str  # the main element's end, the page's with the footer


def list_words(chrome: Chrome, site: SiteView, t: Callable[..., str], lang: str) -> ListWords:
    """A list page of ``lang``'s parts, with ``site`` and the catalogue's ``t`` (the masthead and footer:
    ``chrome``'s)."""
    around = frame(chrome, site, t, lang, "list.html")
    return ListWords(
        frame=around,
        more=f'>{_e(t("read_more"))}<span class="visually-hidden">{_e(t("colon"))}<span',
        end_more="</span></span></a></p>\n</li>\n",
        lang=lang,
        empty=f"<p{chrome_lang(lang)}>{_e(t('no_articles'))}</p>\n",
        pagination=f'<nav class="pagination" aria-label="{_e(t("pagination"))}"{chrome_lang(lang)}>\n',
        newer=f'" rel="prev">{_e(t("newer_articles"))}</a>\n',
        older=f'" rel="next">{_e(t("older_articles"))}</a>\n',
        end="</main>\n" + around.footer,
    )


def teaser_text(item: Teaser) -> tuple[str, str]:
    """An article's teaser as ``list.html`` writes it, in two parts that are the same on a page of any language:
    up to the end of the "read more" link's address, and the title that ends that link's accessible name (the
    page's words, :attr:`ListWords.more` and :attr:`ListWords.end_more`, go after each)."""
    link, title = _e(item.href), _e(item.title)
    out = ['<li class="teaser" lang="', _e(item.lang), '" dir="', direction(item.lang), '">\n']
    if item.image:
        out += (
            '<a class="thumb" href="', link, '" tabindex="-1" aria-hidden="true"><img src="', _e(item.image),
            '" alt="" loading="lazy"></a>\n',
        )  # fmt: skip
    out += (
        '<h2><a href="', link, '">', title, '</a></h2>\n<p class="meta"><time datetime="', _e(item.date_iso), '">',
        _e(item.date), "</time></p>\n<p>", _e(item.summary), '</p>\n<p><a class="more-link" href="', link,
    )  # fmt: skip
    return ("".join(out), title)


class ListPage(ShippedPage[ListWords]):
    """The list pages of one build with one theme: written directly when the theme's ``base.html`` and
    ``list.html`` are the shipped ones, else (and on any template error) rendered by the templates.

    ``inputs``: the build's, with which each teaser's text is kept for the next build (none: made in this one).
    """

    def __init__(self, look: Theme, pages: Pages, inputs: Inputs | None = None) -> None:
        super().__init__(look, TEMPLATES, WRITTEN_FOR)
        self.pages = pages
        self.inputs = inputs

    def render(self, sheet: Sheet, made: Rendered | None = None) -> str:
        """The page of ``sheet`` as the theme's templates render it; ``made``: its variables, when at hand."""
        chrome = self.shipped()
        if chrome is not None:
            variables = (made or sheet_page(self.pages, sheet, self.inputs, teasers=False)).context
            found = self._words(chrome, variables)
            if found is not None:
                return self._page(found, variables, sheet.articles)
        made = made or sheet_page(self.pages, sheet, self.inputs)
        return self.look.render(made.template, made.context)

    def _made(self, chrome: Chrome, site: SiteView, t: Callable[..., str], lang: str) -> ListWords:
        return list_words(chrome, site, t, lang)

    def _page(self, w: ListWords, context: Mapping[str, Any], articles: Sequence[Article]) -> str:
        out: list[str] = []
        self._opening(out, w.frame, context["head"], context["breadcrumb"])
        out += ("<h1>", _e(context["heading"]), "</h1>\n")
        if articles:
            out.append('<ul class="teasers">\n')
            more, end_more, lang = w.more, w.end_more, w.lang
            for article in articles:
                start, title = self._teaser(article)
                said, own = chrome_lang(article.lang, lang), text_lang(article.lang, lang)  # the words, the title
                out += (start, '"', said, more, own, ">", title, end_more)
            out.append("</ul>\n")
        else:
            out.append(w.empty)
        pagination: Pagination = context["pagination"]
        if pagination.newer or pagination.older:
            out.append(w.pagination)
            if pagination.newer:
                out += ('<a href="', _e(pagination.newer), w.newer)
            if pagination.older:
                out += ('<a href="', _e(pagination.older), w.older)
            out.append("</nav>\n")
        out.append(w.end)
        return "".join(out)

    def _teaser(self, article: Article) -> tuple[str, str]:
        """The article's teaser (:func:`teaser_text`): made once per build, kept with the article's inputs."""
        parts: tuple[str, str] = self.pages.once(("teaser text", article.id), lambda: self._kept(article))
        return parts

    def _kept(self, article: Article) -> tuple[str, str]:
        def make() -> tuple[str, str]:  # the teaser's fields are not kept as well: its text is all a page needs
            return teaser_text(teaser(self.pages, article))

        if self.inputs is None:
            return make()
        kept: tuple[str, str] = self.inputs.view(article, make, KIND)  # type: ignore[assignment]  # make's two strings
        return kept
