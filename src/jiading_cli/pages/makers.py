"""Who makes a build's article pages: this process as each comes, or, for many, forked processes beside it
(``incremental.pagejobs``), started at once when every page is to be made."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Protocol

from jiading_cli.config import Config
from jiading_cli.content.site import public_url
from jiading_cli.model.article import Article
from jiading_cli.pages.context import Pages
from jiading_cli.pages.output import Output
from jiading_cli.pages.reuse import View
from jiading_cli.pages.urls import output_file
from jiading_cli.validate.single import Seen


class Makers(Protocol):
    """Who makes the article pages: this process as each comes, or, for many, other processes beside it."""

    def later(self, index: int, path: str) -> bool:
        """Whether the page at ``path`` of the ``index``-th article shown is left to :meth:`start` (else it is
        made here at once)."""

    def begin(self, jobs: Sequence[tuple[int, str]], make: Callable[[int], bytes]) -> bool:
        """A build that makes every article page (none was recorded): start making ``jobs`` (each article's index
        and page path) now, beside this process keying them; False when they are left to :meth:`later`."""

    def start(self, make: Callable[[int], bytes]) -> None:
        """Every article page is known: make those left (``make(index)``: the page's bytes), each handed to
        the writer, before the list pages are made."""

    def stop(self) -> None:
        """The build failed after :meth:`begin`: stop making pages, and let go of those made."""


def begin(
    config: Config,
    pages: Pages,
    out: Output,
    makers: Makers,
    chosen: Sequence[Article],
    validated: Mapping[str, Seen] | None,
    make: Callable[[int], bytes],
) -> bool:
    """Whether ``makers`` began on every article page at once (:meth:`Makers.begin`): none was recorded, so each is
    made whatever its key. Each page's path, and the size of its image as validation read it, are found first."""
    jobs: list[tuple[int, str]] = []
    for index, article in enumerate(chosen):
        checked = validated.get(article.path) if validated else None
        if checked is not None and checked.image_size != ():
            pages.measured(article, checked.image_size or None)
        path = where(config, article, checked)[1]  # the loop keeps it among the views, in its order
        if path is not None:
            jobs.append((index, path))
    paths = {path for _, path in jobs}
    if len(paths) != len(jobs) or any(map(out.reuse.stored, paths)):  # two at one path: the keying loop says so
        return False
    return makers.begin(jobs, make)


@contextmanager
def stopped(makers: Makers | None) -> Iterator[None]:
    """Makers that began stopped, should the build fail before they are joined."""
    try:
        yield
    except BaseException:
        if makers is not None:
            makers.stop()
        raise


def where(config: Config, article: Article, seen: Seen | None = None) -> View:
    """The article's URL and the path of its page in the output folder (None outside the site); ``seen``: what its
    validation found, holding its URL."""
    url = public_url(config, article) if seen is None else seen.url
    return (url, output_file(config, url))
