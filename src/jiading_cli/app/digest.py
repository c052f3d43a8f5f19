"""`share --digest`: one email listing the articles published since a day, shown, written or sent once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jiading_cli.app.share import Clock, Options, Outcome, Selection, connect, dump, run_outcome
from jiading_cli.config import Config
from jiading_cli.model.errors import UsageError

if TYPE_CHECKING:
    from jiading_cli.model.article import Article
    from jiading_cli.share.registry import Registry


def _since(value: str | None) -> dt.date:
    if value is None:
        raise UsageError("--digest: expected --since DATE, e.g. --since 2017-07-01")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"--since: expected a date such as 2017-07-01, got {value!r}") from None


@dataclass(frozen=True, slots=True)
class DigestChoice:
    """The articles a digest lists, and their files."""

    paths: list[Path]
    articles: list[Article]


def digest_articles(
    config: Config, paths: Sequence[Path], since: dt.date, unsent: bool, now: dt.datetime
) -> DigestChoice:
    """Published articles dated on or after ``since`` (local date); with ``unsent``, those in no digest sent yet."""
    from jiading_cli.app.articles import load_articles as load_all
    from jiading_cli.content.site import local_date, status
    from jiading_cli.share import records
    from jiading_cli.share.registry import DIGEST

    chosen = DigestChoice([], [])
    for path, item in zip(paths, load_all(config, paths), strict=True):
        article = item.article
        if article is None or status(article, now) != "published":
            continue
        if local_date(config, article.date).date() < since:
            continue
        digested = records.find(article.syndication, DIGEST) if unsent else None
        if digested is not None and digested.posted:  # a digest whose outcome is unknown is shown, pending
            continue
        chosen.paths.append(path)
        chosen.articles.append(article)
    return chosen


def digest(
    config: Config, registry: Registry, chosen: Selection, options: Options, clock: Clock, env: Mapping[str, str]
) -> Outcome:
    """One email listing the articles published since ``--since``: shown, written to ``--out``, or sent once."""
    from jiading_cli.base.together import write_together
    from jiading_cli.model.errors import JiadingError, cannot
    from jiading_cli.share.email import digest_mail, mail_data
    from jiading_cli.share.post import post_digest

    since = _since(options.since)
    moment = clock()
    found = digest_articles(config, chosen.paths, since, options.pending or options.post, moment)
    if not found.paths:
        return Outcome(f"no published article since {since.isoformat()} to put in a digest\n")
    if options.post:
        from collections import Counter

        from jiading_cli.app.validate import validate

        senders = connect(config, registry, ["email"], env, None if options.as_json else options.progress)
        report = validate(config, clock())  # an article with an error is never sent, in a digest or alone
        errors = Counter(p.path for p in report.problems if p.severity == "error")
        run = post_digest(config, senders, found.paths, since, clock, errors)
        return run_outcome(run, options.as_json, options.shown)
    mail = digest_mail(config, found.articles, since, moment)
    if options.out:
        target = options.out / f"digest-{since.isoformat()}.eml"
        write_together([(target, mail.data)], lambda path, exc: JiadingError(cannot(str(path), exc)), durable=True)
    if options.as_json:
        return Outcome(dump({"digest": mail_data(config, mail)}))
    return Outcome("\n".join(mail.headers) + "\n\n" + mail.text)
