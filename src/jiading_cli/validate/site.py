"""Validate a site: load every article, run every rule, return every problem.

How articles are loaded and whether the rules' results are kept is not decided here: the caller
passes a :class:`Loader` and a :class:`Results` store (the slow, obvious ones by default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from jiading_cli.config import Config
from jiading_cli.content.site import article_files, load_all, relative
from jiading_cli.model.errors import Problem
from jiading_cli.validate import suppress
from jiading_cli.validate.codes import GUARDS
from jiading_cli.validate.linked import Linking, check_linked
from jiading_cli.validate.probe import Probe, Stat
from jiading_cli.validate.published import check_published
from jiading_cli.validate.report import Report
from jiading_cli.validate.rules import check_site
from jiading_cli.validate.single import Checked, Found, Seen, check_alone, found, outside, seen

if TYPE_CHECKING:
    from jiading_cli.model.article import Article, Loaded

Derive = Callable[["Loaded"], Any]


class Loader(Protocol):
    """Loads files as ``site.load_file`` does; ``derive`` runs on each file parsed, its result by shown path."""

    def __call__(
        self, paths: Sequence[str | Path], derive: Derive | None = None
    ) -> tuple[list[Loaded], dict[str, Any]]: ...


class Results(Protocol):
    """A store of what the rules looking at one article alone found, by path and file digest."""

    def get(self, path: str, digest: bytes) -> Found | None: ...

    def put(self, path: str, found: Found) -> None: ...

    def save(self, keep: set[str]) -> None: ...


@dataclass(frozen=True)
class Plain:
    """Loading every file in this process, and keeping nothing: the slow, obvious way."""

    config: Config

    def __call__(
        self, paths: Sequence[str | Path], derive: Derive | None = None
    ) -> tuple[list[Loaded], dict[str, Any]]:
        return load_all(self.config, [Path(path) for path in paths]), {}

    def get(self, path: str, digest: bytes) -> Found | None:
        return None

    def put(self, path: str, found: Found) -> None:
        pass

    def save(self, keep: set[str]) -> None:
        pass


def _derive(config: Config, now: dt.datetime, probe: Probe) -> Derive:
    """Validating one loaded file on its own, run where it is parsed (in whichever process)."""
    return lambda item: check_alone(config, item, now, probe)


def validate(
    config: Config,
    now: dt.datetime,
    paths: Sequence[str] = (),
    every: Sequence[str | Path] | None = None,
    *,
    load: Loader | None = None,
    results: Results | None = None,
    preview: bool = False,
) -> Report:
    """Check the whole site; report problems only for ``paths`` when given.

    Cross-article rules (duplicate ids and URLs, translations, links to articles not published at ``now``) always
    see every article. ``preview``: for a build with drafts and scheduled articles (``--include-drafts``), which
    links them as any other.
    """
    every = article_files(config) if every is None else every
    ordered: Sequence[str | Path] = every
    wanted: set[str] | None = None
    if paths:
        chosen = article_files(config, paths)
        both: list[Path] = sorted({Path(p) for p in every} | set(chosen), key=lambda p: p.as_posix())
        ordered = both
        wanted = {relative(config, p) for p in chosen}
    plain = Plain(config)
    probe = Probe()  # each named file is looked up once in this process
    loaded, derived = (load or plain)(ordered, _derive(config, now, probe))
    if wanted is None:
        wanted = {item.path for item in loaded}
    store = results or plain
    problems: list[Problem] = []
    references: list[str] = []
    looked: dict[str, Stat | None] = {}
    urls: list[str] = []
    every_article: list[Article] = []  # partial ones too (see ``Loaded.partial``): every problem in one run
    named: dict[int, tuple[str, ...]] = {}  # by article, by identity
    taken: dict[int, Seen] = {}
    linking: list[Linking] = []  # the articles whose bodies may link an article's Markdown file
    naming: list[Linking] = []  # every article, the files it names
    for item in loaded:
        problems.extend(item.problems)
        article = item.article or item.partial
        if article is None:
            continue
        every_article.append(article)
        checked = _checked(config, item, article, derived.get(item.path), store, now, probe)
        problems.extend(checked.found.problems)
        problems.extend(checked.outside)
        references.extend(checked.named)
        looked.update(checked.stats)
        named[id(article)] = tuple(checked.named)
        taken[id(article)] = seen(checked)
        urls.append(checked.found.url)
        if item.article is not None:
            naming.append((article, checked.found.references, checked.named))
            if checked.found.markdown_links:
                linking.append((article, checked.found.references, checked.named))
    store.save({item.path for item in loaded})
    articles = [item.article for item in loaded if item.article is not None]
    problems.extend(check_site(every_article, config, urls))
    problems.extend(check_published(config, every_article, naming))
    if linking and not preview:
        problems.extend(check_linked(config, articles, linking, now))
    ignored = set(config.validate.ignore) - GUARDS
    kept = tuple(a for a in articles if a.path in wanted)
    mine = (p for p in problems if p.code not in ignored and p.path in wanted)
    shown = sorted([*suppress.apply(str(config.root), mine, kept), *_ignoring(config)])
    whole = () if paths else tuple(url for url, article in zip(urls, every_article, strict=True) if not article.unread)
    each = tuple(named[id(article)] for article in kept)
    seen_by = tuple(taken[id(a)] for a in kept)
    digests = {item.path: item.digest for item in loaded if item.article is not None and item.path in wanted}
    return Report(len(wanted), kept, tuple(shown), tuple(references), whole, each, seen_by, looked, digests)


def _ignoring(config: Config) -> list[Problem]:
    """JD007 for each code of ``validate.ignore`` that leaves nothing out: no rule has it, or its rule guards what
    is published and is always reported (a typo would otherwise keep reporting what it was meant to silence,
    without a word)."""
    from jiading_cli.config import shown_path
    from jiading_cli.config.lines import key_line, key_lines
    from jiading_cli.validate.rules import RULES  # the sharing rules and the others besides codes.RULES

    odd = [code for code in config.validate.ignore if code not in RULES or code in GUARDS]
    if not odd:
        return []
    line = key_line(key_lines(config.text), "validate.ignore")  # the text loaded, never the file read again
    where = shown_path(config.path)
    return [
        Problem(
            where,
            line,
            "JD007",
            "warning",
            "validate.ignore",
            f"{code} guards what is published and is always reported",
        )
        if code in GUARDS
        else Problem(
            where,
            line,
            "JD007",
            "warning",
            "validate.ignore",
            f"expected the code of a rule, got {code!r} (no rule has it; `jiading rule` lists them)",
        )
        for code in odd
    ]


def _checked(
    config: Config,
    item: Loaded,
    article: Article,
    fresh: Checked | None,
    store: Results,
    now: dt.datetime,
    probe: Probe,
) -> Checked:
    """One article's results: from the store when it has them, else as ``derive`` found them, else found now."""
    known = store.get(item.path, item.digest)
    if known is None:
        known = found(config, item.digest, article) if fresh is None else fresh.found
        if item.digest:
            store.put(item.path, known)
    if fresh is not None and fresh.found.digest == known.digest:
        return replace(fresh, found=known)
    return outside(config, article, known, now, probe)
