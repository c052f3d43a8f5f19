"""Validation rules about sharing (JD180–JD186), handed to `jiading validate` by the application layer.

Their codes and severities are listed with every other rule in ``validate.rules.RULES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from jiading_cli.config import Config
from jiading_cli.model import kinds
from jiading_cli.model.errors import Problem, Severity
from jiading_cli.share.email import settings as email_settings
from jiading_cli.share.network import TextSpec
from jiading_cli.share.registry import Registry
from jiading_cli.share.settings import share

if TYPE_CHECKING:
    from jiading_cli.model.article import Article, Loaded

FIELD = "syndication"

SEVERITY: dict[str, Severity] = {
    "JD180": "warning",
    "JD181": "warning",
    "JD182": "warning",
    "JD183": "error",
    "JD184": "warning",
    "JD185": "error",
    "JD186": "warning",
}


def _p(article: Article, code: str, name: str, message: str) -> Problem:
    return Problem(article.path, article.line_of(name), code, SEVERITY[code], name, message)


def _url_bound(config: Config, article: Article) -> int:
    """At least the length of the article's URL with utm parameters (a Chinese category's pinyin included)."""
    settings = share(config)
    utm = len(settings.utm_source) + len(settings.utm_medium) + len(settings.utm_campaign) + 60
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
        "site": config.site.title_in(article.lang),
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


def _specs(config: Config, registry: Registry) -> dict[str, tuple[str, TextSpec]]:
    """Each text with a limit: every network's, and the X and Weibo share links'."""
    from jiading_cli.share.fill import WEIBO, x_spec

    found = {n.name: (n.template(config), n.text) for n in registry.networks if n.text.limit is not None}
    found["x"] = (share(config).x_template, x_spec(config))
    found["weibo"] = (share(config).weibo_template, WEIBO)
    return found


FIELD_OF = {"title": "title", "summary": "summary", "hashtags": "tags", "author": "authors", "category": "category"}


def _blamed(template: str, filled: dict[str, str]) -> str:
    """The field whose text takes the most room in a share text that is too long (its tags, if those)."""
    named = [name for name in _names(template) if name in FIELD_OF]
    return FIELD_OF[max(named, key=lambda name: len(filled[name]), default="title")]


def _overrides(article: Article, registry: Registry) -> list[Problem]:
    problems = []
    known = registry.overrides()
    for name, value in article.share.items():
        if name not in known:
            problems.append(_p(article, "JD181", "share", f"expected one of {', '.join(known)}, got {name!r}"))
        elif kinds.blank(value):  # spaces and characters no one sees alone: a post that says nothing
            problems.append(_p(article, "JD182", "share", f"{name}: expected the text to share, got nothing"))
    return problems


def _lengths(article: Article, config: Config, registry: Registry, raw: dict[str, str]) -> list[Problem]:
    from jiading_cli.share.fill import share_text, values

    problems = []
    for network, (template, spec) in _specs(config, registry).items():
        if not _may_be_too_long(template, raw, spec.limit, article.share.get(network)):
            continue
        result = share_text(config, article, network, template, spec)
        if result.cut:
            where = "share" if result.override else _blamed(template, values(config, article, network, spec.style))
            what = "the share override" if result.override else "the text from the template"
            message = f"{network}: {what} is longer than the {result.limit} allowed; it will be cut with '…'"
            problems.append(_p(article, "JD180", where, message))
    return problems


def _subject(article: Article, config: Config, raw: dict[str, str]) -> list[Problem]:
    """The email subject as the sender makes it, held to the sender's own predicate (:func:`.headers.header_problem`): a
    tab in the title, which validate passed, used to fail at send time. The problem is said of the field whose text
    carries it (the first the template names), on its line: a line break in the summary of ``{title} {summary}``
    was said of the title. A field whose rule reports it itself (JD141: a line break or '=?' in the title or an
    author) is not said twice."""
    from jiading_cli.share.fill import values
    from jiading_cli.share.headers import header_problem
    from jiading_cli.share.text import render
    from jiading_cli.validate.fields import LINE_BREAK

    template = email_settings(config).subject
    filled = values(config, article, "email", "email")
    problem = header_problem(render(template, filled))
    if problem is None:
        return []
    named = [name for name in _names(template) if name in FIELD_OF]
    carrying = [name for name in named if header_problem(filled[name])]
    name = (carrying or named or ["title"])[0]
    if FIELD_OF[name] in ("title", "authors") and any(
        LINE_BREAK.search(text) or "=?" in text for text in _texts(getattr(article, FIELD_OF[name], None))
    ):  # JD141 reports it, by its predicate
        return []
    return [_p(article, "JD185", FIELD_OF[name], f"the email subject: {problem}")]


def _thumbnail(article: Article, config: Config, registry: Registry) -> list[Problem]:
    """JD186: a local lead image whose name says it is of a kind LinkedIn does not take as a thumbnail, where
    `share` posts to LinkedIn: its post goes without one (:mod:`.thumbnails`; by the name alone, so that the
    rule's result follows from the article and the config, as every rule's kept between runs does)."""
    from jiading_cli.content.targets import is_local_reference
    from jiading_cli.share.payloads import default_networks
    from jiading_cli.share.thumbnails import named_problem

    ref = article.image
    if not ref or not is_local_reference(ref) or (found := named_problem(ref)) is None:
        return []
    if "linkedin" not in default_networks(config, registry):
        return []
    said = f"linkedin: expected a JPEG, PNG or GIF image, the kinds LinkedIn takes as a thumbnail, found {found}"
    return [_p(article, "JD186", "image", f"{said}: the LinkedIn post goes without a thumbnail")]


def _texts(value: Any) -> list[str]:
    """A field's texts: itself when it is one, its items when a list."""
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)] if isinstance(value, (list, tuple)) else []


@dataclass(frozen=True, slots=True)
class ShareRules:
    """The sharing rules for one registry of networks: a rule ``validate`` runs on each article."""

    registry: Registry

    def __call__(self, article: Article, config: Config) -> list[Problem]:
        raw = _raw(config, article)
        problems = [
            *_overrides(article, self.registry),
            *_lengths(article, config, self.registry, raw),
            *_subject(article, config, raw),
            *_thumbnail(article, config, self.registry),
        ]
        if article.syndication:
            problems.extend(_check_records(article, self.registry, config))
        return problems


def _check_records(article: Article, registry: Registry, config: Config) -> list[Problem]:
    problems = []
    networks: set[str] = set()
    for item in article.syndication:
        reason = _record_problem(item, article, registry, networks, config)
        if reason:
            problems.append(_p(article, "JD183", "syndication", reason))
        elif item.get("state") == "intent":
            from jiading_cli.share.outcomes import resolve_hint  # the words of every pending post, said once

            network = item["network"]
            said = f"a post started at {item.get('time', '?')} has an unknown outcome"
            hint = resolve_hint(str(article.path), network)
            problems.append(_p(article, "JD184", "syndication", f"{network}: {said}; {hint}"))
    return problems


def unread_records(loaded: Loaded) -> str | None:
    """Why the file's records could not be read at all, or None: loading leaves out a ``syndication`` field with an
    error (a list holding an empty item, a mapping where the list goes), so the article it gives has no record.
    Such an article is never taken for one that was never shared: it is neither posted, sent in a digest, adopted,
    resolved nor read back, and every command says why, until the field is fixed."""
    first = next((p for p in loaded.problems if p.severity == "error" and p.field.startswith(FIELD)), None)
    if first is None:
        return None
    where = f"line {first.line}: " if first.line > 0 else ""
    return f"its records cannot be read ({where}{first.code} {first.field}: {first.message}); fix them by hand"


def untrusted_records(loaded: Loaded, registry: Registry, config: Config) -> str | None:
    """Why the file's records, as it holds them now, are not ones to act on, in a line ending with what to do; None:
    they are. Records that cannot be read at all (:func:`unread_records`), or one jiading would not write
    (``JD183``, :func:`record_problems`): a record changed since the site was validated (another run, a merge, an
    editor) is checked again here, under the share lock, by every path that posts, sends a digest or settles one,
    alike, so that what one refuses none takes for what was posted."""
    if (unread := unread_records(loaded)) is not None:
        return unread
    untrusted = record_problems(loaded.article, registry, config) if loaded.article is not None else []
    if untrusted:
        return f"its records have {len(untrusted)} error(s) (JD183: {untrusted[0]}); fix them by hand"
    return None


def record_problems(article: Article, registry: Registry, config: Config) -> list[str]:
    """Why each of the article's records is not one to act on (``JD183``): no request names a post it records."""
    networks: set[str] = set()
    found = (_record_problem(item, article, registry, networks, config) for item in article.syndication or ())
    return [reason for reason in found if reason]


def _record_problem(item: Any, article: Article, registry: Registry, networks: set[str], config: Config) -> str | None:
    from jiading_cli.share import recordforms

    return recordforms.problem(item) or _remote_problem(item, registry, config) or _own_problem(item, article, networks)


def _own_problem(item: dict[str, Any], article: Article, networks: set[str]) -> str | None:
    """Why a record is not this article's one record of its network (``networks``: those of the records before):
    a record of another article (a file copied with its records) would keep this one from being posted and send
    its corrections to the other's post; a second record of a network, one of them to a post never edited."""
    network, own = str(item["network"]), item.get("article")
    if own is not None and str(own) != article.id:
        return (
            f"{network}: expected a record of this article ({article.id}), found one of {str(own)!r}: remove it if "
            "the file was copied from that article's, or write this id as its `article` if the id was changed"
        )
    if network in networks:
        return (
            f"{network}: expected one record for each network, found a second: keep the one of the article's post "
            "(`jiading share --pending` and the network's own page tell which), remove the other"
        )
    networks.add(network)
    return None


def _remote_problem(item: dict[str, Any], registry: Registry, config: Config) -> str | None:
    """Why a record's network is none jiading posts to, or its ``remote_id`` is not one of its network's post ids
    (a record edited by hand): a record of a misspelt network (``facebok``) would keep nothing from being posted
    again, the network's own record missing."""
    from jiading_cli.share.registry import DIGEST

    network = str(item["network"])
    remote, chosen = item.get("remote_id"), registry.get(network)
    if chosen is None and network != DIGEST:
        known = ", ".join(repr(name) for name in (*registry.names(), DIGEST))
        return f"expected the record of a network among {known}, got {network!r}"
    if remote is None or chosen is None:
        return None
    problem = chosen.remote_problem(str(remote), config)
    return None if problem is None else f"{item['network']}: remote_id: {problem}"
