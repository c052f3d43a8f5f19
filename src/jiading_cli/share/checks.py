"""Validation rules about sharing (JD180–JD189), run by `jiading validate` so problems show before `share`."""

from __future__ import annotations

from jiading_cli.article import Article
from jiading_cli.config import Config
from jiading_cli.errors import Problem, Severity

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


def check_share(article: Article, config: Config) -> list[Problem]:
    from jiading_cli.share import OVERRIDES, records
    from jiading_cli.share.plan import share_text, values
    from jiading_cli.share.text import render

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
    for network, template in templates.items():
        result = share_text(config, article, network, template)
        if result.cut:
            where = "share" if result.override else "title"
            what = "the share override" if result.override else "the text from the template"
            problems.append(
                _p(
                    article,
                    "JD180",
                    where,
                    f"{network}: {what} is longer than the {result.limit} allowed; it will be cut with '…'",
                )
            )
    subject = render(config.email.subject, values(config, article, "email", "email"))
    title_bad = any(mark in article.title for mark in ("\n", "\r", "=?"))  # JD141 reports the title itself
    if not title_bad and any(mark in subject for mark in ("\n", "\r", "=?")):
        problems.append(_p(article, "JD185", "title", "expected one line without '=?' for the email subject"))
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
