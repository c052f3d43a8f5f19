"""Validation rules about sharing (JD180–JD189), run by `jiading validate` so problems show before `share`."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from jiading_cli.config import Config
from jiading_cli.model.errors import Problem, Severity
from jiading_cli.share import OVERRIDES

if TYPE_CHECKING:
    from jiading_cli.model.article import Article
    from jiading_cli.share.fill import ShareText

RULES: dict[str, tuple[Severity, str]] = {
    "JD180": ("warning", "a share text is longer than the network allows; it will be cut with '…'"),
    "JD181": ("warning", "`share` names a network jiading does not know"),
    "JD182": ("warning", "a `share` override is empty"),
    "JD183": ("error", "a `syndication` record jiading cannot read"),
    "JD184": ("warning", "a post with an unknown outcome waits for `jiading share --resolve`"),
    "JD185": ("error", "the email subject would carry a line break or '=?'"),
}


def _p(article: Article, code: str, name: str, message: str) -> Problem:
    return Problem(article.path, article.line_of(name), code, RULES[code][0], name, message)


MARKS = ("\n", "\r", "=?")


def _url_bound(config: Config, article: Article) -> int:
    """At least the length of the article's URL with utm parameters (a Chinese category's pinyin included)."""
    share = config.share
    utm = len(share.utm_source) + len(share.utm_medium) + len(share.utm_campaign) + 60
    fields = len(article.lang) + len(article.slug) + 8 * len(article.category or "") + 20
    return len(config.site.base_url) + len(config.site.permalink) + fields + utm


@cache
def _names(template: str) -> tuple[str, ...]:
    from jiading_cli.share.settings import template_names

    return tuple(template_names(template))


def _raw(config: Config, article: Article) -> dict[str, str]:
    return {
        "title": article.title,
        "summary": article.summary,
        "site": config.site.title,
        "author": ", ".join(article.authors),
        "category": article.category or "",
        "date": "0000-00-00",
        "url": "u" * _url_bound(config, article),
        "hashtags": " ".join(article.tags) + " " * (16 * len(article.tags)),
    }


def _may_be_too_long(template: str, raw: dict[str, str], limit: int | None, override: str | None) -> bool:
    """False when even the longest way of counting (every character doubled) stays within ``limit``."""
    if limit is None:
        return False
    if override is not None:
        return 2 * len(override) + 16 * override.count("#") > limit
    size = len(template)
    for name in _names(template):
        size += len(raw.get(name, ""))
    return 2 * size > limit


class _Texts(NamedTuple):
    share_text: Callable[[Config, Article, str, str], ShareText]
    values: Callable[[Config, Article, str, str], dict[str, str]]
    limits: dict[str, int]
    render: Callable[[str, dict[str, str]], str]


@cache
def _texts() -> _Texts:
    """The share-text builders, imported on first use (validation alone does not need them)."""
    from jiading_cli.share.fill import share_text, values
    from jiading_cli.share.text import LIMITS, render

    return _Texts(share_text, values, LIMITS, render)


FIELD_OF = {"title": "title", "summary": "summary", "hashtags": "tags", "author": "authors", "category": "category"}


def _blamed(template: str, filled: dict[str, str]) -> str:
    """The field whose text takes the most room in a share text that is too long (its tags, if those)."""
    named = [name for name in _names(template) if name in FIELD_OF]
    return FIELD_OF[max(named, key=lambda name: len(filled[name]), default="title")]


def check_share(article: Article, config: Config) -> list[Problem]:
    share_text, values, limits, render = _texts()
    problems = []
    for name, value in article.share.items():
        if name not in OVERRIDES:
            known = ", ".join(OVERRIDES)
            problems.append(_p(article, "JD181", "share", f"expected one of {known}, got {name!r}"))
        elif not value.strip():
            problems.append(_p(article, "JD182", "share", f"{name}: expected the text to share, got nothing"))
    templates = {
        "facebook": config.facebook.template,
        "linkedin": config.linkedin.template,
        "x": config.share.x_template,
        "weibo": config.share.weibo_template,
    }
    raw = _raw(config, article)
    for network, template in templates.items():
        if not _may_be_too_long(template, raw, limits.get(network), article.share.get(network)):
            continue
        result = share_text(config, article, network, template)
        if result.cut:
            where = "share" if result.override else _blamed(template, values(config, article, network, network))
            what = "the share override" if result.override else "the text from the template"
            problems.append(
                _p(
                    article,
                    "JD180",
                    where,
                    f"{network}: {what} is longer than the {result.limit} allowed; it will be cut with '…'",
                )
            )
    subject = config.email.subject
    title_bad = any(mark in article.title for mark in MARKS)  # JD141 reports the title itself
    risky = any(mark in subject for mark in MARKS) or any(
        mark in raw[name]
        for name in _names(subject)
        if name in ("summary", "site", "author", "category")
        for mark in MARKS
    )
    if risky and not title_bad:
        rendered = render(subject, values(config, article, "email", "email"))
        if any(mark in rendered for mark in MARKS):
            problems.append(_p(article, "JD185", "title", "expected one line without '=?' for the email subject"))
    if article.syndication:
        problems.extend(_check_records(article))
    return problems


def _check_records(article: Article) -> list[Problem]:
    from jiading_cli.share import records

    problems = []
    for item in article.syndication:
        reason = records.problem(item)
        if reason:
            problems.append(_p(article, "JD183", "syndication", reason))
        elif item.get("state") == "intent":
            network = item["network"]
            problems.append(
                _p(
                    article,
                    "JD184",
                    "syndication",
                    f"{network}: a post started at {item.get('time', '?')} has an unknown outcome; "
                    f"run `jiading share --resolve {article.path} --network {network} --remote-id ID` "
                    "or `--not-posted`",
                )
            )
    return problems
