"""Posting, exactly once: lock the site, check each article's records on disk, write an intent, send,
record the outcome. A post whose outcome is unknown keeps its intent until ``resolve`` settles it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jiading_cli.config import Config
from jiading_cli.content.markdown import article_links
from jiading_cli.content.site import load_file, relative, status
from jiading_cli.model.article import Article
from jiading_cli.model.errors import UsageError
from jiading_cli.share import DIGEST, facebook, linkedin, records
from jiading_cli.share.lock import site_lock
from jiading_cli.share.payloads import Plan, add_payload, digest_mail, plan_article
from jiading_cli.share.request import Delivery, HttpRequest, ShareError
from jiading_cli.share.smtp import MailSender
from jiading_cli.share.transport import Sender

Clock = Callable[[], dt.datetime]
FAILING = ("failed", "pending", "refused")


@dataclass(frozen=True)
class Row:
    """One line of the final table."""

    path: str
    network: str
    result: str  # posted, duplicate, failed, pending, refused
    detail: str = ""
    remote_id: str | None = None
    url: str | None = None


@dataclass
class Run:
    rows: list[Row] = field(default_factory=list)
    quiet: Counter[str] = field(default_factory=Counter)

    @property
    def failed(self) -> bool:
        return any(row.result in FAILING for row in self.rows)


@dataclass
class Senders:
    http: Sender | None
    mail: MailSender | None
    tokens: dict[str, str]


def resolve_hint(path: str, network: str) -> str:
    return (
        f"check {network} and run `jiading share --resolve {path} --network {network} --remote-id ID` "
        "if it went out, or `--not-posted` if it did not"
    )


def pending_row(path: str, network: str, intent: dict[str, Any]) -> Row:
    detail = f"a post started at {intent.get('time', '?')} has an unknown outcome; {resolve_hint(path, network)}"
    return Row(path, network, "pending", detail)


def _upload_image(config: Config, senders: Senders, plan: Plan) -> str:
    """Upload the article's image to LinkedIn; its URN becomes the post's thumbnail."""
    assert senders.http is not None and plan.image_file is not None
    token = senders.tokens["linkedin"]
    started = senders.http.send(linkedin.upload_request(config), token, linkedin.interpret_upload)
    if started.outcome != "posted" or not started.url or not started.remote_id:
        raise ShareError(f"could not upload the image for the thumbnail: {started.message}")
    from jiading_cli.share.imagesize import mime_type

    try:
        data = Path(plan.image_file).read_bytes()
    except OSError as exc:
        raise ShareError(f"cannot read the image {plan.image_file}: {exc.strerror}") from None
    put = HttpRequest("linkedin", "PUT", started.url, linkedin.TOKEN_ENV)
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": mime_type(plan.image_file) or "application/octet-stream",
    }
    done = senders.http.send(put, token, linkedin.interpret_put, data=data, headers=headers)
    if done.outcome != "posted":
        raise ShareError(f"could not upload the image for the thumbnail: {done.message}")
    return started.remote_id


def _send(config: Config, senders: Senders, plan: Plan, network: str) -> Delivery:
    if network == "email":
        assert senders.mail is not None and plan.mail is not None
        return senders.mail.send(plan.mail)
    assert senders.http is not None
    interpret = facebook.interpret if network == "facebook" else linkedin.interpret
    return senders.http.send(plan.requests[network], senders.tokens[network], interpret)


def _finish(
    paths: Sequence[tuple[Path, str, Article]], network: str, delivery: Delivery, sha: str, clock: Clock
) -> list[Row]:
    rows = []
    for path, shown, article in paths:
        if delivery.outcome in ("posted", "duplicate"):
            note = "already there (the network reported a duplicate)" if delivery.outcome == "duplicate" else None
            done = records.record(
                network, article.id, "posted", clock(),
                remote_id=delivery.remote_id, url=delivery.url, sha256=sha, note=note,
            )  # fmt: skip
            records.update(path, records.replacing(network, done), shown)
            detail = delivery.url or delivery.remote_id or delivery.message
            if delivery.tries > 1:
                detail += f" (after {delivery.tries} tries)"
            rows.append(Row(shown, network, delivery.outcome, detail, delivery.remote_id, delivery.url))
        elif delivery.outcome == "failed":
            records.update(path, records.replacing(network, None), shown)
            rows.append(Row(shown, network, "failed", delivery.message))
        else:
            rows.append(Row(shown, network, "pending", f"{delivery.message}; {resolve_hint(shown, network)}"))
    return rows


def deliver(
    config: Config,
    senders: Senders,
    path: Path,
    article: Article,
    network: str,
    langs: dict[str, str],
    clock: Clock,
    article_urls: Mapping[str, str] | None = None,
) -> list[Row]:
    """Post one article to one network: intent, request, record."""
    shown = relative(config, path)
    moment = clock()
    plan = plan_article(config, article, moment, [network], langs, article_urls)
    if network in plan.problems:
        return [Row(shown, network, "failed", plan.problems[network])]
    try:
        if network == "linkedin" and plan.image_file:
            add_payload(config, plan, network, moment, thumbnail=_upload_image(config, senders, plan))
    except ShareError as exc:
        return [Row(shown, network, "failed", str(exc))]
    sha = plan.mail.sha256() if network == "email" and plan.mail else plan.requests[network].sha256()
    intent = records.record(network, article.id, "intent", moment, sha256=sha)
    records.update(path, records.replacing(network, intent), shown)
    delivery = _send(config, senders, plan, network)
    return _finish([(path, shown, article)], network, delivery, sha, clock)


def post(
    config: Config,
    senders: Senders,
    paths: Sequence[Path],
    networks: Sequence[str],
    explicit: bool,
    clock: Clock,
    progress: Callable[[Row], None] = lambda row: None,
) -> Run:
    """Post every selected article to every network it is not yet on. One failure never stops the rest."""
    from jiading_cli.app.validate import validate

    moment = clock()
    report = validate(config, moment)
    errors = Counter(p.path for p in report.problems if p.severity == "error")
    langs = {a.id: a.lang for a in report.articles}
    article_urls = article_links(config, report.articles)
    run = Run()
    with site_lock(config.root):
        for path in paths:
            loaded = load_file(config, path)  # fresh, under the lock: another run may have posted meanwhile
            shown = relative(config, path)
            article = loaded.article
            if article is None:
                run.rows.append(Row(shown, "-", "refused", "cannot be loaded; run `jiading validate`"))
                continue
            state = status(article, moment)
            if state != "published":
                if explicit:
                    why = "a draft" if state == "draft" else f"dated in the future ({article.date.isoformat()})"
                    run.rows.append(Row(shown, "-", "refused", f"not posted: it is {why}"))
                else:
                    run.quiet[state] += 1
                continue
            if errors[shown]:
                detail = f"not posted: {errors[shown]} validation error(s); run `jiading validate {shown}`"
                run.rows.append(Row(shown, "-", "refused", detail))
                continue
            for network in networks:
                found = records.find(article.syndication, network)
                if found and found.get("state") == "posted":
                    run.quiet["already posted"] += 1
                    continue
                if found:
                    row = pending_row(shown, network, found)
                    run.rows.append(row)
                    progress(row)
                    continue
                try:
                    rows = deliver(config, senders, path, article, network, langs, clock, article_urls)
                except ShareError as exc:
                    rows = [Row(shown, network, "failed", str(exc))]
                for row in rows:
                    run.rows.append(row)
                    progress(row)
    return run


def post_digest(
    config: Config, senders: Senders, chosen: Sequence[tuple[Path, Article]], since: dt.date, clock: Clock
) -> Run:
    """Send one digest message listing ``chosen`` and record it on each of them."""
    run = Run()
    with site_lock(config.root):
        fresh: list[tuple[Path, str, Article]] = []
        for path, _ in chosen:
            loaded = load_file(config, path)
            shown = relative(config, path)
            if loaded.article is None:
                continue
            found = records.find(loaded.article.syndication, DIGEST)
            if found and found.get("state") == "posted":
                run.quiet["already in a digest"] += 1
            elif found:
                run.rows.append(pending_row(shown, DIGEST, found))
            else:
                fresh.append((path, shown, loaded.article))
        if not fresh:
            return run
        assert senders.mail is not None
        moment = clock()
        mail = digest_mail(config, [a for _, _, a in fresh], since, moment)
        sha = mail.sha256()
        written: list[tuple[Path, str]] = []
        try:
            for path, shown, article in fresh:
                records.update(
                    path,
                    records.replacing(DIGEST, records.record(DIGEST, article.id, "intent", moment, sha256=sha)),
                    shown,
                )
                written.append((path, shown))
        except ShareError as exc:
            for path, shown in written:
                records.update(path, records.replacing(DIGEST, None), shown)
            run.rows.append(Row(str(exc).split(":")[0], DIGEST, "failed", str(exc)))
            return run
        delivery = senders.mail.send(mail)
        run.rows.extend(_finish(fresh, DIGEST, delivery, sha, clock))
    return run


def resolve(
    config: Config,
    path: Path,
    network: str,
    remote_id: str | None,
    url: str | None,
    not_posted: bool,
    clock: Clock,
) -> str:
    """Settle a post whose outcome was unknown: it went out (with its remote id), or it did not."""
    shown = relative(config, path)
    loaded = load_file(config, path)
    if loaded.article is None:
        raise UsageError(f"{shown}: cannot be loaded; run `jiading validate {shown}`")
    article = loaded.article
    with site_lock(config.root):
        found = records.find(records.current(path, shown), network)
        if not_posted:
            if not found or found.get("state") != "intent":
                raise UsageError(f"{shown}: no pending {network} post to resolve")
            records.update(path, records.replacing(network, None), shown)
            return f"{shown}: {network}: recorded as not posted; the next `jiading share --post` posts it"
        if found and found.get("state") == "posted":
            raise UsageError(f"{shown}: {network}: already recorded as posted ({found.get('remote_id')})")
        assert remote_id is not None
        if url is None and network == "facebook":
            url = facebook.post_url(remote_id)
        elif url is None and network == "linkedin":
            url = linkedin.post_url(remote_id)
        sha = found.get("sha256") if found else None
        done = records.record(
            network, article.id, "posted", clock(),
            remote_id=remote_id, url=url, sha256=sha, note="resolved by hand",
        )  # fmt: skip
        records.update(path, records.replacing(network, done), shown)
        return f"{shown}: {network}: recorded as posted ({remote_id})"
