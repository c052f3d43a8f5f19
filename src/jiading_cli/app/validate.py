"""Validate a site: load every article, run every rule, return every problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jiading_cli.app.share import share_rules
from jiading_cli.config import Config
from jiading_cli.content.site import article_files, public_url, relative
from jiading_cli.incremental.articles import load_cached
from jiading_cli.incremental.checks import Checks, Entry
from jiading_cli.model.errors import Problem
from jiading_cli.validate.rules import (
    Probe,
    check_content,
    check_files,
    check_schedule,
    check_site,
    local_references,
    referenced_files,
)

if TYPE_CHECKING:
    from jiading_cli.model.article import Article, Loaded


@dataclass(frozen=True)
class Report:
    """What validation found. ``articles`` are every article that loaded, in path order."""

    files: int
    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
    references: tuple[str, ...] = ()  # every local file an article names (whether it exists or not)
    urls: tuple[str, ...] = ()  # each article's public URL, beside ``articles`` (whole-site runs only)

    def count(self, severity: str) -> int:
        return sum(1 for p in self.problems if p.severity == severity)

    def failed(self, strict: bool = False) -> bool:
        return self.count("error") > 0 or (strict and self.count("warning") > 0)


# What validating one article yields: its entry for the store of rule results, the files it names,
# and the problems of the per-article rules that are never cached (the schedule, the files it names)
Checked = tuple[Entry, list[str], list[Problem]]


def _content(config: Config, now: dt.datetime, probe: Probe) -> Callable[[Loaded], Checked | None]:
    """Validating one loaded file on its own, run where it is parsed (in whichever process)."""

    def derive(item: Loaded) -> Checked | None:
        return check_alone(config, item, now, probe)

    return derive


def check_alone(config: Config, item: Loaded, now: dt.datetime, probe: Probe) -> Checked | None:
    """Every rule that looks at one loaded file without the other articles; None when it has no article."""
    if item.article is None:
        return None
    entry = _checked(config, item.digest, item.article)
    return (entry, *_outside(config, item.article, entry, now, probe))


def _checked(config: Config, digest: bytes, article: Article) -> Entry:
    problems = check_content(article, config, share_rules())
    return (digest, tuple(problems), local_references(article), public_url(config, article))


def _outside(
    config: Config, article: Article, entry: Entry, now: dt.datetime, probe: Probe
) -> tuple[list[str], list[Problem]]:
    """The files an article names, and the problems of the rules that look at the clock and at those files."""
    named = referenced_files(config, article, entry[2])
    return named, [*check_schedule(article, now), *check_files(article, config, entry[2], named, probe)]


def validate(
    config: Config, now: dt.datetime, paths: Sequence[str] = (), every: Sequence[str | Path] | None = None
) -> Report:
    """Check the whole site; report problems only for ``paths`` when given.

    Cross-article rules (duplicate ids and URLs, translations) always see every article.
    """
    every = article_files(config) if every is None else every
    ordered: Sequence[str | Path] = every
    wanted: set[str] | None = None
    if paths:
        chosen = article_files(config, paths)
        both: list[Path] = sorted({Path(p) for p in every} | set(chosen), key=lambda p: p.as_posix())
        ordered = both
        wanted = {relative(config, p) for p in chosen}
    probe = Probe()  # each named file is looked up once in this process
    loaded, derived = load_cached(config, ordered, _content(config, now, probe))
    if wanted is None:
        wanted = {item.path for item in loaded}
    articles = [item.article for item in loaded if item.article is not None]
    problems: list[Problem] = []
    checks = Checks(config)
    references: list[str] = []
    urls: list[str] = []
    for item in loaded:
        problems.extend(item.problems)
        article = item.article
        if article is None:
            continue
        fresh: Checked | None = derived.get(item.path)
        cached = checks.get(item.path, item.digest)
        if cached is None:
            cached = _checked(config, item.digest, article) if fresh is None else fresh[0]
            checks.put(item.path, cached)
        named, outside = _outside(config, article, cached, now, probe) if fresh is None else fresh[1:]
        problems.extend(cached[1])
        problems.extend(outside)
        references.extend(named)
        urls.append(cached[3])
    checks.save({item.path for item in loaded})
    problems.extend(check_site(articles, config, urls))
    ignored = set(config.validate.ignore)
    shown = sorted(p for p in problems if p.code not in ignored and p.path in wanted)
    kept = tuple(a for a in articles if a.path in wanted)
    whole = () if paths else tuple(urls)
    return Report(len(wanted), kept, tuple(shown), tuple(references), whole)
