"""The `share` command: show what would go out (default), post it once (--post), settle unknowns (--resolve)."""

from __future__ import annotations

import datetime as dt
import json
import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jiading_cli.cli.completion import articles as paths
from jiading_cli.cli.output import handled, load, now
from jiading_cli.model.errors import UsageError

if TYPE_CHECKING:
    from jiading_cli.config import Config
    from jiading_cli.model.article import Article
    from jiading_cli.share.post import Senders


class Network(StrEnum):
    facebook = "facebook"
    linkedin = "linkedin"
    email = "email"


def _select(config: Config, names: list[str]) -> tuple[list[Path], dict[str, Article]]:
    """Paths of the named articles (files, folders or ids), or every article; and every article by id."""
    from jiading_cli.app.articles import load_articles as load_all
    from jiading_cli.content.site import article_files

    every = article_files(config)
    by_id = {item.article.id: item.article for item in load_all(config, every) if item.article}
    if not names:
        return every, by_id
    paths: list[Path] = []
    for name in names:
        if Path(name).exists():
            paths.extend(article_files(config, [name]))
        elif name in by_id:
            paths.append(config.root / by_id[name].path)
        else:
            raise UsageError(f"{name}: no such file, folder or article id")
    return sorted(set(paths), key=lambda p: p.as_posix()), by_id


def _networks(config: Config, chosen: list[Network] | None) -> tuple[str, ...]:
    from jiading_cli.share.payloads import configured, default_networks

    if not chosen:
        return default_networks(config)
    ready = configured(config)
    for name in chosen:
        if ready[name.value]:
            raise UsageError(f"--network {name.value}: {ready[name.value]}")
    return tuple(dict.fromkeys(n.value for n in chosen))


def _senders(config: Config, networks: tuple[str, ...]) -> Senders:
    """Senders for the networks, with secrets from the environment; exit 2 before sending if one is missing."""
    from jiading_cli.share.facebook import TOKEN_ENV as FACEBOOK_ENV
    from jiading_cli.share.linkedin import TOKEN_ENV as LINKEDIN_ENV
    from jiading_cli.share.post import Senders
    from jiading_cli.share.smtp import PASSWORD_ENV, MailSender
    from jiading_cli.share.transport import Policy, Sender, session

    policy = Policy.from_config(config.share)
    tokens: dict[str, str] = {}
    for network, variable in (("facebook", FACEBOOK_ENV), ("linkedin", LINKEDIN_ENV)):
        if network in networks:
            token = os.environ.get(variable, "").strip()
            if not token:
                raise UsageError(f"{network}: set {variable} to the access token (it is never read from a file)")
            tokens[network] = token
    mail = None
    if "email" in networks:
        password = os.environ.get(PASSWORD_ENV)
        if config.email.smtp_user and not password:
            raise UsageError(f"email: set {PASSWORD_ENV} to the password of {config.email.smtp_user}")
        mail = MailSender(config.email, policy, password)
    http = Sender(policy, session()) if tokens else None
    return Senders(http, mail, tokens)


def _since(value: str | None) -> dt.date:
    if value is None:
        raise UsageError("--digest: expected --since DATE, e.g. --since 2017-07-01")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"--since: expected a date such as 2017-07-01, got {value!r}") from None


def _digest(
    config: Config, paths: list[Path], since: dt.date, pending: bool, post: bool, as_json: bool, out: Path | None
) -> bool:
    from jiading_cli.app.articles import load_articles as load_all
    from jiading_cli.content.site import local_date, status
    from jiading_cli.share import DIGEST, records
    from jiading_cli.share.payloads import digest_mail
    from jiading_cli.share.show import mail_data, run_data, run_text

    moment = now()
    chosen = []
    for path, item in zip(paths, load_all(config, paths), strict=True):
        article = item.article
        if article is None or status(article, moment) != "published":
            continue
        if local_date(config, article.date).date() < since:
            continue
        if (pending or post) and records.find(article.syndication, DIGEST):
            continue
        chosen.append((path, article))
    if not chosen:
        typer.echo(f"no published article since {since.isoformat()} to put in a digest")
        return True
    if post:
        from jiading_cli.share.post import post_digest

        run = post_digest(config, _senders(config, ("email",)), chosen, since, now)
        typer.echo(json.dumps(run_data(run), ensure_ascii=False, indent=2) if as_json else run_text(run), nl=as_json)
        return not run.failed
    mail = digest_mail(config, [a for _, a in chosen], since, moment)
    if out:
        from jiading_cli.share.records import write_atomic

        out.mkdir(parents=True, exist_ok=True)
        write_atomic(out / f"digest-{since.isoformat()}.eml", mail.data)
    if as_json:
        typer.echo(json.dumps({"digest": mail_data(config, mail)}, ensure_ascii=False, indent=2))
    else:
        typer.echo("\n".join(mail.headers) + "\n\n" + mail.text, nl=False)
    return True


def share(
    ctx: typer.Context,
    articles: Annotated[
        list[str] | None,
        typer.Argument(
            help="Articles: files, folders or ids (default: every article).", metavar="ARTICLE", autocompletion=paths
        ),
    ] = None,
    network: Annotated[
        list[Network] | None,
        typer.Option(
            "--network", help="facebook, linkedin or email; repeat for more (default: share.networks).", metavar="NAME"
        ),
    ] = None,
    pending: Annotated[
        bool, typer.Option("--pending", help="Only published articles not yet posted to a network.")
    ] = False,
    post: Annotated[bool, typer.Option("--post", help="Send for real, once per article and network.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the payloads (or the results) as JSON.")] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Also write each payload as a file (.eml, .json, .svg) under DIR.", metavar="DIR"),
    ] = None,
    digest: Annotated[
        bool, typer.Option("--digest", help="One email listing the articles published since --since.")
    ] = False,
    since: Annotated[
        str | None, typer.Option("--since", help="First day (YYYY-MM-DD) a digest covers.", metavar="DATE")
    ] = None,
    resolve: Annotated[
        str | None,
        typer.Option("--resolve", help="Settle a post whose outcome is unknown, for this ARTICLE.", metavar="ARTICLE"),
    ] = None,
    remote_id: Annotated[
        str | None, typer.Option("--remote-id", help="With --resolve: it went out, with this id.", metavar="ID")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="With --resolve --remote-id: the post's address.", metavar="URL")
    ] = None,
    not_posted: Annotated[
        bool, typer.Option("--not-posted", help="With --resolve: it did not go out; post it next time.")
    ] = False,
) -> None:
    """Show each article's share links, Open Graph tags and payloads; with --post, send each once."""
    with handled():
        config = load(ctx)
        names = list(articles or [])
        if resolve is not None:
            _resolve(config, resolve, names, network, remote_id, url, not_posted)
            return
        if remote_id or url or not_posted:
            raise UsageError("--remote-id, --url and --not-posted go with --resolve ARTICLE")
        if since and not digest:
            raise UsageError("--since goes with --digest")
        paths, by_id = _select(config, names)
        if digest:
            ok = _digest(config, paths, _since(since), pending, post, as_json, out)
            if not ok:
                raise typer.Exit(1)
            return
        networks = _networks(config, network)
        if post:
            _post(config, paths, networks, bool(names), as_json)
            return
        _dry_run(config, paths, by_id, networks, pending, as_json, out)


def _dry_run(
    config: Config,
    paths: list[Path],
    by_id: dict[str, Article],
    networks: tuple[str, ...],
    pending: bool,
    as_json: bool,
    out: Path | None,
) -> None:
    from jiading_cli.app.articles import load_articles as load_all
    from jiading_cli.cli.paths import Here
    from jiading_cli.content.markdown import article_links
    from jiading_cli.content.site import status
    from jiading_cli.share import records
    from jiading_cli.share.payloads import plan_article
    from jiading_cli.share.show import plan_data, plan_text, write_files

    moment = now()
    langs = {key: article.lang for key, article in by_id.items()}
    article_urls = article_links(config, by_id.values())
    plans = []
    unreadable = 0
    for item in load_all(config, paths):
        article = item.article
        if article is None:
            unreadable += 1
            continue
        chosen = networks
        if pending:
            if status(article, moment) != "published":
                continue
            chosen = tuple(n for n in networks if not records.find(article.syndication, n))
            if not chosen:
                continue
        plans.append(plan_article(config, article, moment, chosen, langs, article_urls))
    if out:
        write_files(config, plans, out)
    if as_json:
        typer.echo(json.dumps({"articles": [plan_data(config, p) for p in plans]}, ensure_ascii=False, indent=2))
    else:
        typer.echo("\n".join(plan_text(config, p) for p in plans), nl=False)
        if not plans:
            typer.echo("nothing to share" + (" (every published article is posted)" if pending else ""))
    for plan in plans:
        for name, problem in plan.problems.items():
            typer.echo(f"Error: {Here(config.root)(plan.article.path)}: {name}: {problem}", err=True)
    if unreadable:
        typer.echo(f"Error: {unreadable} file(s) could not be read; run `jiading validate`", err=True)
    if unreadable or any(p.problems for p in plans):
        raise typer.Exit(1)


def _post(config: Config, paths: list[Path], networks: tuple[str, ...], explicit: bool, as_json: bool) -> None:
    from jiading_cli.share.post import post
    from jiading_cli.share.show import run_data, run_text

    senders = _senders(config, networks)
    run = post(config, senders, paths, networks, explicit, now)
    if as_json:
        typer.echo(json.dumps(run_data(run), ensure_ascii=False, indent=2))
    else:
        typer.echo(run_text(run), nl=False)
    if run.failed:
        raise typer.Exit(1)


def _resolve(
    config: Config,
    target: str,
    names: list[str],
    network: list[Network] | None,
    remote_id: str | None,
    url: str | None,
    not_posted: bool,
) -> None:
    from jiading_cli.share.post import resolve

    if names:
        raise UsageError("--resolve takes one ARTICLE as its value; give no other articles")
    if not network or len(network) != 1:
        raise UsageError("--resolve: expected exactly one --network (facebook, linkedin or email)")
    if (remote_id is None) == (not not_posted):
        raise UsageError("--resolve: expected either --remote-id ID (it went out) or --not-posted (it did not)")
    if url and not remote_id:
        raise UsageError("--url goes with --remote-id")
    paths, _ = _select(config, [target])
    if len(paths) != 1:
        raise UsageError(f"--resolve: expected one article, got {len(paths)} for {target!r}")
    typer.echo(resolve(config, paths[0], network[0].value, remote_id, url, not_posted, now))


def register(app: typer.Typer) -> None:
    app.command("share")(share)
