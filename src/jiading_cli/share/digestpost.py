"""Sending a digest once: one message listing the articles, recorded on each as network ``digest``, in as many SMTP
transactions as the server takes (:mod:`.mailsend`); a digest that went to some of its recipients goes to the rest
when the articles it listed are listed again with the ``--since`` it was made with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from jiading_cli.base import realclock
from jiading_cli.config import Config
from jiading_cli.content.site import load_file, relative
from jiading_cli.share import records
from jiading_cli.share.checks import untrusted_records
from jiading_cli.share.email import digest_mail, sending_moment
from jiading_cli.share.lock import site_lock, still_held
from jiading_cli.share.mailsend import Progress, Recorded, resume_problem
from jiading_cli.share.outcomes import Row, Target, finish, pending_row
from jiading_cli.share.post import Clock, Run, Senders
from jiading_cli.share.registry import DIGEST
from jiading_cli.share.request import ShareError


def post_digest(
    config: Config,
    senders: Senders,
    paths: Sequence[Path],
    since: dt.date,
    clock: Clock,
    refused: Sequence[tuple[Path, str]],
) -> Run:
    """Send one digest message listing the articles at ``paths`` and record it on each of them; each file
    ``refused`` by the choice of the digest's articles (one that cannot be read, or has a validation error) is a
    refused row, as ``--post`` refuses it alone. The articles of a digest that went to some of its recipients
    (a partial record) are sent it again, to the rest of them, first."""
    run = Run()
    for path, why in refused:
        run.rows.append(Row(relative(config, path), DIGEST, "refused", why))
    with site_lock(config.root, paths):
        fresh: list[Target] = []
        begun: dict[str, list[tuple[Target, records.Record]]] = {}  # partial digests by Message-ID
        for path in paths:
            loaded = load_file(config, path)
            shown = relative(config, path)
            if loaded.article is None:
                run.rows.append(Row(shown, DIGEST, "refused", "not in the digest: it cannot be read now"))
                continue
            if (untrusted := untrusted_records(loaded, senders.registry, config)) is not None:  # as --post checks it
                why = f"not in the digest: {untrusted} (`jiading validate {shown}`)"
                run.rows.append(Row(shown, DIGEST, "refused", why))
                continue
            found = records.find(loaded.article.syndication, DIGEST)
            if found and found.posted:
                run.quiet["already in a digest"] += 1
            elif found and found.partial:
                begun.setdefault(found.remote_id or "", []).append((Target(path, shown, loaded.article), found))
            elif found:
                run.rows.append(pending_row(shown, DIGEST, found))
            else:
                fresh.append(Target(path, shown, loaded.article))
        for started in begun.values():
            run.rows.extend(_send(config, senders, [target for target, _ in started], since, started[0][1]))
        if fresh:
            run.rows.extend(_send(config, senders, fresh, since, None))
    return run


def _send(
    config: Config, senders: Senders, targets: list[Target], since: dt.date,
    found: records.Record | None,
) -> list[Row]:  # fmt: skip
    """The digest of ``targets``, sent to each recipient that does not have it (``found``: its partial record)."""
    connection = senders.connections["email"]
    assert connection.mail is not None
    try:
        still_held()  # the cache folder deleted meanwhile: another run may hold a new lock, and send it too
    except ShareError as exc:
        return [Row(target.shown, DIGEST, "failed", str(exc)) for target in targets]
    mail = digest_mail(config, [t.article for t in targets], since, sending_moment(config))  # its Date: now
    if found is not None and (problem := resume_problem(found, mail)):
        made = f"{problem} (a digest is the same message only of the same articles and --since)"
        return [Row(target.shown, DIGEST, "failed", made) for target in targets]
    sha = mail.sha256()
    progress = Progress([Recorded(t.path, t.shown, t.article.id) for t in targets], DIGEST, mail, sha)
    try:
        delivery = progress.send(connection.mail, found)
    except ShareError as exc:  # the first intent could not be written: nothing was sent
        kept = [_undo(target, found) for target in targets]
        problem = next((why for why in kept if why), None)
        return [Row(str(exc).split(":")[0], DIGEST, "failed", str(exc) + (f" ({problem})" if problem else ""))]
    started = progress.started or realclock.now()
    return finish(targets, DIGEST, delivery, sha, started=started, leaves=progress.kept)


def _undo(target: Target, found: records.Record | None) -> str | None:
    """Put back the article's record as it was before an intent was written on it; why it could not be, or None."""
    try:
        records.update(target.path, records.replacing(DIGEST, found), target.shown)
    except ShareError as exc:
        return str(exc)
    return None
