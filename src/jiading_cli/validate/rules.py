"""Validation rules: every check `jiading validate` runs, each with a stable code."""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from jiading_cli.base.xmlchars import NOT_XML, xml_clean
from jiading_cli.config import Config
from jiading_cli.content.site import is_local_reference, public_url
from jiading_cli.content.slug import is_slug
from jiading_cli.model import kinds
from jiading_cli.model.errors import Problem, Severity
from jiading_cli.share.checks import RULES as SHARE_RULES
from jiading_cli.share.checks import check_share
from jiading_cli.validate.suppress import RULES as SUPPRESS_RULES

if TYPE_CHECKING:
    from jiading_cli.model.article import Article

RULES: dict[str, tuple[Severity, str]] = {
    "JD001": ("error", "jiading.toml is not valid TOML or not UTF-8"),
    "JD002": ("error", "a config key has a value of the wrong kind"),
    "JD003": ("warning", "unknown config key or table"),
    "JD004": ("error", "a required config key is missing"),
    "JD005": ("error", "a secret (token, password) written in jiading.toml"),
    "JD100": ("error", "the file cannot be read as UTF-8 text"),
    "JD101": ("error", "front matter is not valid YAML"),
    "JD102": ("error", "no front matter, or front matter that is not a mapping"),
    "JD103": ("error", "a required field (id, title, date) is missing"),
    "JD104": ("error", "a field has a value of the wrong type"),
    "JD105": ("warning", "unknown front-matter field"),
    "JD106": ("error", "a field is given twice (including author and authors)"),
    "JD110": ("warning", "a date has no UTC offset; the site time zone is assumed"),
    "JD111": ("error", "updated is before date"),
    "JD112": ("info", "the article is scheduled: dated in the future and not a draft"),
    "JD120": ("error", "id is not a permanent URI (urn:uuid:…, tag:…, https://…)"),
    "JD121": ("error", "two articles share an id"),
    "JD122": ("error", "two articles share a public URL"),
    "JD123": ("error", "slug is not lowercase ASCII words joined by '-'"),
    "JD130": ("error", "lang or a translation key is not a BCP 47 language tag"),
    "JD131": ("error", "a translation points to an id no article has"),
    "JD132": ("warning", "a translation's article is in another language than its key says"),
    "JD140": ("error", "a control character XML 1.0 cannot carry, in a field or the body"),
    "JD141": ("error", "a line break or '=?' in a field that goes into an email header"),
    "JD150": ("warning", "summary is missing"),
    "JD151": ("warning", "summary is shorter or longer than share cards show well"),
    "JD160": ("error", "image is neither an existing local file nor an absolute https URL"),
    "JD161": ("warning", "image has no image_alt text"),
    "JD162": ("error", "a relative link or image in the body points to a missing file"),
    "JD170": ("error", "canonical_url is not an absolute https URL"),
    **SHARE_RULES,
    **SUPPRESS_RULES,
}

URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
HEADER_FIELDS = ("title", "authors")
LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*(?:<([^>\n]*)>|([^)\s]+))")
REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*(?:<([^>\n]*)>|(\S+))", re.MULTILINE)
HTML_REF = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
LINK_MARKS = ("](", "]:", "=")  # a line without one of these has no link, image or reference
LINK_AFTER = ("(", ":")  # what follows "]" in the first two marks
MARKED = (("](", LINK), ("]:", REF_DEF), ("=", HTML_REF))  # each pattern, after the mark it cannot match without


def _p(article: Article, code: str, name: str, message: str, line: int | None = None) -> Problem:
    severity = RULES[code][0]
    where = line if line is not None else article.line_of(name)
    return Problem(article.path, where, code, severity, name, message)


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def check_id(article: Article) -> list[Problem]:
    expected = "expected a permanent URI such as 'urn:uuid:…' or 'tag:example.com,2017:…'"
    if not URI.match(article.id):
        return [_p(article, "JD120", "id", f"{expected}, got {article.id!r}")]
    if article.id.lower().startswith("urn:uuid:"):
        try:
            uuid.UUID(article.id[9:])
        except ValueError:
            return [_p(article, "JD120", "id", f"expected a UUID after 'urn:uuid:', got {article.id[9:]!r}")]
    return []


def check_dates(article: Article) -> list[Problem]:
    problems = []
    if article.updated and article.updated < article.date:
        problems.append(
            _p(
                article,
                "JD111",
                "updated",
                f"expected a time on or after date {article.date.isoformat()}, got {article.updated.isoformat()}",
            )
        )
    return problems


def check_schedule(article: Article, now: dt.datetime) -> list[Problem]:
    if not article.draft and article.date > now:
        return [_p(article, "JD112", "date", f"scheduled: will be published at {article.date.isoformat()}")]
    return []


def check_language(article: Article) -> list[Problem]:
    problems = []
    for tag, name in [(article.lang, "lang")] + [(key, "translations") for key in article.translations]:
        if not kinds.LANG_TAG.match(tag):
            problems.append(
                _p(article, "JD130", name, f"expected a BCP 47 language tag such as 'en' or 'zh-CN', got {tag!r}")
            )
    if not is_slug(article.slug):
        source = "" if "slug" in article.lines else " from the file name (add a slug field or rename the file)"
        problems.append(
            _p(
                article,
                "JD123",
                "slug",
                f"expected lowercase ASCII words joined by '-', such as 'financial-industry', "
                f"got {article.slug!r}{source}",
            )
        )
    return problems


def _gather(value: Any, into: list[str]) -> None:
    """Every string in ``value`` (``_strings`` without a generator per value), appended to ``into``."""
    if isinstance(value, str):
        into.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _gather(key, into)
            _gather(item, into)
    elif isinstance(value, list | tuple):
        for item in value:
            _gather(item, into)


def check_characters(article: Article) -> list[Problem]:
    problems = []
    texts: list[str] = []
    for name in article.lines:
        _gather(getattr(article, name, None), texts)
    names = article.lines if texts and not xml_clean("\n".join(texts)) else ()  # a line break is never found
    for name in names:
        value = getattr(article, name, None)
        for text in _strings(value):
            if match := NOT_XML.search(text):
                problems.append(
                    _p(
                        article,
                        "JD140",
                        name,
                        f"expected text without control characters, found U+{ord(match.group()):04X}",
                    )
                )
                break
    lines = () if xml_clean(article.body) else article.body.split("\n")
    for offset, line in enumerate(lines):  # one scan of the whole body; per line only when it finds one
        if match := NOT_XML.search(line):
            problems.append(
                _p(
                    article,
                    "JD140",
                    "body",
                    f"expected text without control characters, found U+{ord(match.group()):04X}",
                    article.body_line + offset,
                )
            )
    for name in HEADER_FIELDS:
        for text in _strings(getattr(article, name)):
            if "\n" in text or "\r" in text or "=?" in text:
                found = "a line break" if ("\n" in text or "\r" in text) else "'=?'"
                problems.append(
                    _p(
                        article,
                        "JD141",
                        name,
                        f"expected one line of plain text (it goes into an email header), found {found}",
                    )
                )
                break
    return problems


def check_summary(article: Article, config: Config) -> list[Problem]:
    low, high = config.validate.summary_min, config.validate.summary_max
    if not article.summary:
        return [
            _p(
                article,
                "JD150",
                "summary",
                f"expected one or two sentences ({low}-{high} characters) for feeds and share cards",
                article.lines.get("summary", 1),
            )
        ]
    if not low <= len(article.summary) <= high:
        return [
            _p(
                article,
                "JD151",
                "summary",
                f"expected {low}-{high} characters for share cards, got {len(article.summary)}",
            )
        ]
    return []


def check_media(article: Article, config: Config) -> list[Problem]:
    problems = []
    if article.image:
        if not is_local_reference(article.image):
            try:
                kinds.https_url(article.image)
            except kinds.Expected:
                problems.append(
                    _p(article, "JD160", "image", f"expected an existing file or an https URL, got {article.image!r}")
                )
        if not (article.image_alt or "").strip():
            problems.append(
                _p(
                    article,
                    "JD161",
                    "image_alt",
                    "expected a text alternative describing the image",
                    article.line_of("image"),
                )
            )
    if article.canonical_url:
        try:
            kinds.https_url(article.canonical_url)
        except kinds.Expected:
            problems.append(
                _p(
                    article,
                    "JD170",
                    "canonical_url",
                    f"expected an absolute https:// URL, got {article.canonical_url!r}",
                )
            )
    return problems


def body_references(body: str) -> Iterable[tuple[int, str]]:
    """(line offset, target) of every link and image in a Markdown body, outside code."""
    if "`" in body or "~~~" in body:
        return _references_by_line(body)
    return _references_at_once(body)


def _references_by_line(body: str) -> Iterable[tuple[int, str]]:
    fenced = False
    for offset, line in enumerate(body.split("\n")):
        if "`" in line or "~~~" in line:
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
                continue
            line = re.sub(r"`[^`]*`", "", line)
        if fenced or line.startswith("    ") or not any(mark in line for mark in LINK_MARKS):
            continue
        for pattern in (LINK, REF_DEF, HTML_REF):
            for match in pattern.finditer(line):
                yield offset, next(group for group in match.groups() if group is not None)


def _references_at_once(body: str) -> list[tuple[int, str]]:
    """``_references_by_line`` for a body without code: only the lines that hold a mark are looked at.

    The marks are found with ``str.find`` over the whole body ("](" and "]:" as a "]" followed by "(" or
    ":", "=" on its own), and each line that holds one goes through the patterns that can match it (each
    needs its mark), in the same order as line by line.
    """
    starts: set[int] = set()
    at = body.find("]")
    while at != -1:
        if body.startswith(LINK_AFTER, at + 1):
            starts.add(body.rfind("\n", 0, at) + 1)
        at = body.find("]", at + 1)
    at = body.find("=")
    while at != -1:
        starts.add(body.rfind("\n", 0, at) + 1)
        end = body.find("\n", at)
        at = -1 if end == -1 else body.find("=", end)
    found: list[tuple[int, str]] = []
    offset = counted = 0
    for start in sorted(starts):
        end = body.find("\n", start)
        line = body[start:] if end == -1 else body[start:end]
        if line.startswith("    "):
            continue
        offset += body.count("\n", counted, start)
        counted = start
        for mark, pattern in MARKED:
            if mark in line:
                for match in pattern.finditer(line):
                    found.append((offset, next(group for group in match.groups() if group is not None)))
    return found


Reference = tuple[str, int, str]  # (rule code, line, target)


def local_references(article: Article) -> tuple[Reference, ...]:
    """Every local file the article names: its image (JD160) and relative links in its body (JD162).

    Pure: depends on the article alone, so it is cached; whether the files exist is checked each run.
    """
    found: list[Reference] = []
    if article.image and is_local_reference(article.image):
        found.append(("JD160", article.line_of("image"), article.image))
    for offset, target in body_references(article.body):
        if is_local_reference(target):
            found.append(("JD162", article.body_line + offset, target))
    return tuple(found)


@lru_cache(maxsize=65536)
def reference_path(folder: str, target: str) -> str:
    """The file a relative reference names, from the folder of the article that makes it."""
    return os.path.join(folder, unquote(urlsplit(target).path))


def referenced_files(config: Config, article: Article, references: Iterable[Reference]) -> list[str]:
    """The path of each file in ``references``, in the same order."""
    folder = os.path.dirname(os.path.join(config.root, article.path))
    return [reference_path(folder, target) for _, _, target in references]


class Probe:
    """``os.path.isfile`` and ``os.path.exists``, each path asked once: for one run over many articles."""

    def __init__(self) -> None:
        self.isfile: Callable[[str], bool] = lru_cache(maxsize=None)(os.path.isfile)
        self.exists: Callable[[str], bool] = lru_cache(maxsize=None)(os.path.exists)


def check_files(
    article: Article,
    config: Config,
    references: Sequence[Reference],
    paths: Sequence[str] | None = None,
    probe: Probe | None = None,
) -> list[Problem]:
    """JD160 and JD162: the files an article names exist now (``paths``: from ``referenced_files``)."""
    problems = []
    folder = os.path.dirname(os.path.join(config.root, article.path))
    resolved = referenced_files(config, article, references) if paths is None else paths
    isfile, exists = (probe.isfile, probe.exists) if probe else (os.path.isfile, os.path.exists)
    for (code, line, target), path in zip(references, resolved, strict=True):
        if code == "JD160":
            if not isfile(path):
                hint = "no such file"
                if os.path.isfile(os.path.join(folder, target)):
                    hint = "it is read as a URL: write '#' as %23, '?' as %3F and '%' as %25"
                message = f"expected an existing file or an https URL, got {target!r} ({hint})"
                problems.append(_p(article, "JD160", "image", message, line))
        elif not exists(path):
            message = f"expected the linked file to exist, got {target!r} (no such file)"
            problems.append(_p(article, "JD162", "body", message, line))
    return problems


def check_content(article: Article, config: Config) -> list[Problem]:
    """Every rule whose answer depends only on the article and the config (cached between runs)."""
    return [
        *check_id(article),
        *check_dates(article),
        *check_language(article),
        *check_characters(article),
        *check_summary(article, config),
        *check_media(article, config),
        *check_share(article, config),
    ]


def check_article(article: Article, config: Config, now: dt.datetime) -> list[Problem]:
    """Every per-article rule: content, schedule, and the files the article names."""
    return [
        *check_content(article, config),
        *check_schedule(article, now),
        *check_files(article, config, local_references(article)),
    ]


def check_site(articles: list[Article], config: Config, urls: Sequence[str] | None = None) -> list[Problem]:
    """Rules across articles: duplicate ids and URLs, translations that lead nowhere.

    ``urls``: each article's ``public_url``, when already known.
    """
    problems = []
    by_id: dict[str, Article] = {}  # the first article with each id, and with each URL
    by_url: dict[str, Article] = {}
    known = [public_url(config, article) for article in articles] if urls is None else urls
    for article, url in zip(articles, known, strict=True):
        for code, name, what, value, firsts in (
            ("JD121", "id", "id", article.id, by_id),
            ("JD122", "slug", "public URL", url, by_url),
        ):
            first = firsts.setdefault(value, article)
            if first is not article:
                message = f"expected a unique {what}, but {first.path} has the same: {value}"
                problems.append(_p(article, code, name, message))
    for article in articles:
        for tag, target in article.translations.items():
            found = by_id.get(target)
            if found is None:
                problems.append(
                    _p(
                        article,
                        "JD131",
                        "translations",
                        f"expected the id of another article for {tag!r}, got {target!r} (no article has it)",
                    )
                )
            elif found.lang.lower() != tag.lower():
                problems.append(_p(article, "JD132", "translations", f"{found.path} is in {found.lang!r}, not {tag!r}"))
    return problems
