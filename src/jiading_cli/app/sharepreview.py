"""The share previews `jiading serve` makes when asked for, from the last good build, and the page that lists them.

A share preview is answered only while its article's file holds the very bytes that build read from it (the digest
it loaded them with): checked before the page is made and again once it is made, so that what it shows is never
older than the file. A file changed since (whether or not a rebuild since failed, or one is running) is a
:class:`~jiading_cli.model.errors.Raced` naming it, which the server answers with ``409``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jiading_cli.model.errors import Raced

if TYPE_CHECKING:
    from jiading_cli.app.serve import Index, Page, Session


def unchanged(root: Path, page: Page) -> bool:
    """Whether the file of ``page``'s article holds the bytes the last good build read from it; False when it cannot
    be read, or when what the build read is not known."""
    from jiading_cli.content.source import Unreadable, read_file
    from jiading_cli.model.article import digest

    if not page.digest:
        return False
    try:
        raw = read_file(root / page.article.path).data
    except Unreadable:
        return False
    return digest(raw) == page.digest


def changed(path: str, failed: bool) -> str:
    """The line of the page answered for an article whose file changed since the last good build: reloaded after the
    rebuild the change starts, or, when the last rebuild failed, once a rebuild succeeds (its problems are in the red
    box at the top of every page of the preview, this one's too)."""
    if failed:
        return (
            f"{path}: changed since the last good build, and the last rebuild failed (its problems are at the top "
            "of this page); shown once a rebuild succeeds"
        )
    return f"{path}: changed since the last rebuild; shown once the preview is rebuilt"


def changed_page(said: str, seen: tuple[Index, int]) -> bytes:
    """The page answered (``409``) for a share preview whose article changed since the last good build: ``said``, the
    line naming it; reloaded once a good rebuild has made the index again, whether or not it changed a file (the
    file put back as that build read it, a change no page shows), and after any rebuild that changed a file."""
    import html

    from jiading_cli.app.previewbar import bar, with_bar

    page = f"<!doctype html>\n<title>Changed</title>\n<p>{html.escape(said)}</p>\n".encode()
    return with_bar(page, bar(seen, "", indexed=True))


def share_page(session: Session, path: str) -> bytes | None:
    """The share preview of the article whose page is ``path`` (relative to the folder); None if none;
    :class:`Raced` when its file changed since the last good build."""
    from jiading_cli.app.reach import standing
    from jiading_cli.content.markdown import article_links
    from jiading_cli.pages.preview import sharepage
    from jiading_cli.share.payloads import plan_article, site_versions
    from jiading_cli.share.registry import current

    with session.changes:
        index, config, failed = session.index, session.config, bool(session.problems)
    page = index.pages.get(path)
    if page is None:
        return None
    if not unchanged(config.root, page):
        raise Raced(changed(page.article.path, failed))
    moment = session.clock()
    versions_of = site_versions(index.articles, moment)
    links = article_links(config, index.articles)
    registry = current()
    try:
        plan = plan_article(config, page.article, moment, registry.names(), versions_of, registry, links)
        values = sharepage.context(config, plan, registry, page.href, page.status)
    except Raced:  # the rebuild its edit starts makes the page's article again: nothing to run by hand
        raise Raced(changed(page.article.path, failed)) from None
    values["reach"] = standing(config, registry, config.root / page.article.path, session.env)  # read now
    made = sharepage.render(values).encode("utf-8")
    if not unchanged(config.root, page):  # saved while it was made: what it shows may be of neither version
        raise Raced(changed(page.article.path, failed))
    return made


def share_index(session: Session) -> bytes:
    """A page listing every article of the last good build, each linked to its share preview."""
    from jiading_cli.app.serve import SHARE_PREFIX
    from jiading_cli.pages.preview import sharepage

    with session.changes:
        index, config = session.index, session.config
    entries = [
        {"title": p.article.title, "lang": p.article.lang, "status": p.status, "path": p.article.path,
         "href": SHARE_PREFIX + p.href}
        for p in index.pages.values()
    ]  # fmt: skip
    values = {"site": config.site.title, "entries": entries}
    return sharepage.render(values, "share-index.html").encode("utf-8")
