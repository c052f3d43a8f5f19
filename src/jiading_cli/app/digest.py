"""`share --digest`: one email listing the articles published since a day, shown, written or sent once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from jiading_cli.app.share import Clock, Options, Outcome, Selection, connect, dump, run_outcome
from jiading_cli.base import isodates
from jiading_cli.config import Config
from jiading_cli.model.errors import UsageError

if TYPE_CHECKING:
    from jiading_cli.model.article import Article
    from jiading_cli.share.registry import Registry


def _since(value: str | None) -> dt.date:
    if value is None:
        raise UsageError("--digest: expected --since DATE, e.g. --since 2017-07-01")
    try:
        return isodates.day(value)
    except ValueError as exc:
        why = f" ({exc})" if isodates.DAY.fullmatch(value.strip()) else ""  # which part names nothing (2017-02-29)
        raise UsageError(f"--since: expected a date as YYYY-MM-DD, such as 2017-07-01, got {value!r}{why}") from None


@dataclass(frozen=True, slots=True)
class DigestChoice:
    """The articles a digest lists, and their files; ``refused``: each file left out of it, and why; ``pending``:
    each file left out as in a digest whose outcome is unknown, with what its row says."""

    paths: list[Path]
    articles: list[Article]
    refused: list[tuple[Path, str]]
    pending: list[tuple[Path, str]] = field(default_factory=list)
    digested: int = 0  # articles left out as already in a digest sent


def digest_articles(config: Config, paths: Sequence[Path], since: dt.date, now: dt.datetime) -> DigestChoice:
    """The one choice of a digest's articles, for the dry run, ``--out`` and ``--post`` alike: published articles
    dated on or after ``since`` (local date) in no digest yet, so the email shown is the one ``--post`` sends. One
    in a digest sent is left out and counted; one in a digest whose outcome is unknown is left out and said pending,
    as ``--post`` says it. An article that cannot be read, or has a validation error, is never listed: it is
    refused, said, and the run exits 1."""
    from collections import Counter

    from jiading_cli.app.articles import load_articles as load_all
    from jiading_cli.app.validate import validate
    from jiading_cli.content.site import local_date, relative, status
    from jiading_cli.share import records
    from jiading_cli.share.outcomes import pending_row
    from jiading_cli.share.registry import DIGEST

    report = validate(config, now)  # an article with an error is never sent, in a digest or alone
    errors = Counter(p.path for p in report.problems if p.severity == "error")
    chosen = DigestChoice([], [], [])
    for path, item in zip(paths, load_all(config, paths), strict=True):
        article = item.article
        check = f"run `jiading validate {relative(config, path)}`"
        if article is None:
            chosen.refused.append((path, f"not in the digest: it cannot be read; {check}"))
            continue
        if status(article, now) != "published" or local_date(config, article.date).date() < since:
            continue
        if errors.get(article.path):
            why = f"not in the digest: {errors[article.path]} validation error(s); {check}"
            chosen.refused.append((path, why))
            continue
        digested = records.find(article.syndication, DIGEST)
        if digested is not None and digested.posted:
            chosen = replace(chosen, digested=chosen.digested + 1)
            continue
        if digested is not None and digested.partial:  # sent to the rest by --post, with the --since it was made with
            why = f"in a digest sent to the first {digested.sent} of its recipients, which --post sends to the rest"
            chosen.pending.append((path, why))
            continue
        if digested is not None:  # its outcome unknown: never sent again blind, in this digest or another
            chosen.pending.append((path, pending_row(relative(config, path), DIGEST, digested).detail))
            continue
        chosen.paths.append(path)
        chosen.articles.append(article)
    return chosen


def digest(
    config: Config, registry: Registry, chosen: Selection, options: Options, clock: Clock, env: Mapping[str, str]
) -> Outcome:
    """One email listing the articles published since ``--since``: shown, written to ``--out``, or sent once; the
    articles are those :func:`digest_articles` chooses, whichever of these it is."""
    from jiading_cli.base.together import write_together
    from jiading_cli.content.site import relative
    from jiading_cli.model.errors import JiadingError, cannot
    from jiading_cli.share.digestpost import post_digest
    from jiading_cli.share.email import digest_mail, envelope_line, mail_data

    since = _since(options.since)
    moment = clock()
    found = digest_articles(config, chosen.paths, since, moment)
    refused = [(path, f"{relative(config, path)}: {why}") for path, why in found.refused]
    refused += [(path, f"{relative(config, path)}: pending: {why}") for path, why in found.pending]
    if not found.paths and not refused:
        if found.digested:
            return Outcome(f"every published article since {since.isoformat()} is in a digest already\n")
        return Outcome(f"no published article since {since.isoformat()} to put in a digest\n")
    if options.post:
        senders = connect(config, registry, ["email"], env, None if options.as_json else options.progress)
        waiting = [path for path, _ in found.pending]  # said pending by the run, which reads each again
        run = post_digest(config, senders, [*found.paths, *waiting], since, clock, found.refused)
        return run_outcome(run, options.as_json, options.shown)
    said = "".join(f"{line}\n" for _, line in refused)
    if not found.paths:
        return Outcome(said, failed=True)
    mail = digest_mail(config, found.articles, since, moment)
    if options.out:
        target = options.out / f"digest-{since.isoformat()}.eml"
        failed = lambda path, exc: JiadingError(cannot(str(path), exc))  # noqa: E731
        write_together([(target, mail.data)], failed, durable=True, root=options.out)
    if options.as_json:
        return Outcome(dump({"digest": mail_data(config, mail)}), failed=bool(refused))
    envelope = [said for said in [envelope_line(mail)] if said]
    return Outcome(said + "\n".join([*mail.headers, *envelope]) + "\n\n" + mail.text, failed=bool(refused))
