"""Throwaway sites for share tests: API bases on a loopback HTTP server, SMTP on a loopback port."""

from __future__ import annotations

import datetime as dt
import socket
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner, Result

from jiading_cli.base import isodates, realclock
from jiading_cli.cli import app

NOW = "2026-11-27T12:00:00+08:00"
ARTICLE_ID = "urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10"
TOKENS = {"JIADING_FACEBOOK_TOKEN": "fb-secret-token", "JIADING_LINKEDIN_TOKEN": "li-secret-token"}
FEED_PATH = "/v25.0/1234/feed"
POSTS_PATH = "/rest/posts"

CONFIG = """\
[site]
title = "Invest in Jiading"
base_url = "https://news.example.com"
language = "en"
timezone = "Asia/Shanghai"

[share]
utm_source = "{{network}}"
utm_medium = "social"
reconcile = {reconcile}
timeout = {timeout}
attempts = 3
backoff = 0.01
backoff_max = 0.02
retry_after_max = 5

[facebook]
page_id = "1234"
api_base = "{base}"

[linkedin]
organization = "5678"
api_base = "{base}"
api_version = "202610"

[email]
sender = "Newsroom <news@example.com>"
to = ["readers@example.com"]
smtp_host = "127.0.0.1"
smtp_port = {smtp_port}
smtp_security = "{security}"
{email_extra}
"""

ARTICLE = """\
---
id: {id}
title: {title}
date: {date}
summary: Jiading signed a memorandum of strategic cooperation on finance with Shanghai.
tags: [finance, integrated circuits]
{extra}---
Shanghai's Jiading district signed a memorandum on July 3.
"""


@contextmanager
def real_clock(moment: str | dt.datetime | None) -> Iterator[None]:
    """The real clock reading ``moment`` (an ISO 8601 time with an offset) for the runs inside; None: the system's."""
    if moment is None:
        yield
        return
    pinned = isodates.moment(moment) if isinstance(moment, str) else moment
    kept = realclock.now
    realclock.now = lambda: pinned.astimezone(dt.UTC)  # type: ignore[assignment]
    try:
        yield
    finally:
        realclock.now = kept  # type: ignore[assignment]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ShareSite:
    root: Path
    runner: CliRunner

    def article(
        self,
        name: str = "a.md",
        title: str = "Financial industry to boost Jiading",
        date: str = "2017-07-03T18:00:00+08:00",
        extra: str = "",
        id: str = ARTICLE_ID,
    ) -> Path:
        path = self.root / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE.format(id=id, title=title, date=date, extra=extra), encoding="utf-8")
        return path

    def run(self, *args: str, env: dict[str, str] | None = None, real: str | None = NOW) -> Result:
        """Run jiading in this process, as of ``JIADING_NOW`` (``NOW`` unless ``env`` says another), with the real
        clock, which every moment recorded or measured is taken from, reading ``real`` (None: the system's)."""
        with real_clock(real):
            return self.runner.invoke(app, list(args), env={"JIADING_NOW": NOW, **TOKENS, **(env or {})})

    def records(self, name: str = "a.md") -> list[dict[str, Any]]:
        text = (self.root / "articles" / name).read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---\n")[1])
        return list(front.get("syndication") or [])


def make_site(
    root: Path,
    base: str = "http://127.0.0.1:9",
    smtp_port: int = 25,
    security: str = "none",
    email_extra: str = "",
    timeout: float = 0.5,
    reconcile: bool = False,
) -> ShareSite:
    """A site whose networks are on ``base``. ``reconcile``: ask the networks for their posts before posting
    (the default of ``share.reconcile``; tests of posting alone leave it off, tests of reconciling turn it on)."""
    config = CONFIG.format(
        base=base.rstrip("/"), smtp_port=smtp_port, security=security, email_extra=email_extra, timeout=timeout,
        reconcile=str(reconcile).lower(),
    )  # fmt: skip
    (root / "jiading.toml").write_text(textwrap.dedent(config), encoding="utf-8")
    (root / "articles").mkdir(exist_ok=True)
    return ShareSite(root, CliRunner())


def reconciling_site(root: Path, base: str) -> ShareSite:
    """A site of one article whose networks, on ``base``, are asked for their posts before posting."""
    made = make_site(root, base=base, reconcile=True)
    made.article()
    return made
