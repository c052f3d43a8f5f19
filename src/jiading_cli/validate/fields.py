"""The rules about one article's fields and body: each looks at the article alone (cached between runs)."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jiading_cli.base.alike import lookalike_note
from jiading_cli.base.xmlchars import NOT_OUTPUT, output_clean, unwanted_kind
from jiading_cli.config import Config
from jiading_cli.content.slug import LONGEST, is_slug
from jiading_cli.content.targets import is_local_reference, is_rooted, may_be_a_name
from jiading_cli.model import kinds, languages
from jiading_cli.model.errors import Problem
from jiading_cli.model.fields import FIELDS, LINE_BREAKS, ONE_LINE
from jiading_cli.validate.bidi import check_bidi, check_body_bidi
from jiading_cli.validate.codes import problem as _p
from jiading_cli.validate.conflicts import check_conflicts
from jiading_cli.validate.nesting import check_nesting

if TYPE_CHECKING:
    from jiading_cli.model.article import Article

URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?:[^\s\"<>\\^`{|}%]|%[0-9A-Fa-f]{2})+")
"""A URI (or an IRI: other characters than ASCII are taken as they are): a scheme, then characters a URI may hold,
'%' only before two hex digits."""
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:.")
NOT_URI = re.compile(r"[\s\"<>\\^`{|}]|%(?![0-9A-Fa-f]{2})")
HEADER_FIELDS = frozenset({"title", "authors"})
LINE_BREAK = re.compile(f"[{LINE_BREAKS}]")
SHAPED = frozenset({"id", "lang", "slug", "image", "canonical_url", "translations"})
# The one-line fields no rule of their own shape checks, in the order of the front-matter schema (title first).
LINE_FIELDS = tuple(name for name in FIELDS if name in ONE_LINE - SHAPED)
"""One-line fields whose own rule refuses a line break in them (JD120, JD130, JD123, JD160, JD170, JD131): the
sweep in tests/test_article_edges.py holds each to it."""


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


def check_id(article: Article, config: Config | None = None) -> list[Problem]:
    expected = "expected a permanent URI such as 'urn:uuid:…' or 'tag:example.com,2017:…'"
    if "id" in article.unread:
        return []
    if not URI.fullmatch(article.id):
        bad = NOT_URI.search(article.id) if SCHEME.match(article.id) else None
        where = f", where {bad.group()!r} cannot be in a URI (write it as {quote(bad.group(), safe='')})" if bad else ""
        return [_p(article, "JD120", "id", f"{expected}, got {article.id!r}{where}")]
    if (unseen := _unseen(article.id)) is not None:
        return [_p(article, "JD120", "id", f"{expected}, got {article.id!r}, where {unseen}")]
    if article.id.lower().startswith("urn:uuid:"):
        written = article.id[9:]
        try:
            made = str(uuid.UUID(written))
        except ValueError:
            made = ""
        if made != written.lower():  # uuid.UUID also takes '{…}', 'urn:uuid:…' and the hex without its '-'
            wanted = "expected a UUID of 32 hex digits in groups of 8-4-4-4-12 after 'urn:uuid:'"
            hint = f" (did you mean {'urn:uuid:' + made!r}?)" if made else ""
            return [_p(article, "JD120", "id", f"{wanted}, got {written!r}{lookalike_note(written)}{hint}")]
    return []


def _unseen(written: str) -> str | None:
    """What keeps an id that reads as a URI from being one a feed takes (an IRI, RFC 3987): a character no one sees or
    that turns the text around (a format character: a zero-width space, a bidirectional mark, RFC 3987 4.1), which
    would make two ids that look alike differ, or one show as another; a private-use character; a second '#'."""
    for char in written:
        kind = unicodedata.category(char)
        if kind in ("Cf", "Co"):
            name = unicodedata.name(char, "a private-use character").lower()
            return f"U+{ord(char):04X} ({name}) is in it, which shows as nothing, or as no agreed character"
    if written.count("#") > 1:
        return "'#' comes twice: a URI has one fragment, after its one '#'"
    return None


def check_dates(article: Article, config: Config | None = None) -> list[Problem]:
    problems = []
    if article.updated and "date" not in article.unread and article.updated < article.date:
        problems.append(
            _p(
                article,
                "JD111",
                "updated",
                f"expected a time on or after date {article.date.isoformat()}, got {article.updated.isoformat()}",
            )
        )
    return problems


def check_language(article: Article, config: Config | None = None) -> list[Problem]:
    problems = []
    for tag, name in [(article.lang, "lang")] + [(key, "translations") for key in article.translations]:
        if wrong := languages.check(tag):
            problems.append(_p(article, "JD130", name, f"expected {wrong}, got {tag!r}{lookalike_note(tag)}"))
    if not is_slug(article.slug):
        source = "" if "slug" in article.lines else " from the file name (add a slug field or rename the file)"
        problems.append(
            _p(
                article,
                "JD123",
                "slug",
                f"expected lowercase ASCII words joined by '-', at most {LONGEST} characters, such as "
                f"'financial-industry', got {article.slug!r}{lookalike_note(article.slug)}{source}",
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


def _unwanted(char: str) -> str:
    """JD140's message for ``char``, a character of ``NOT_OUTPUT``."""
    return f"expected text without {unwanted_kind(char)}, found U+{ord(char):04X}"


def check_characters(article: Article, config: Config | None = None) -> list[Problem]:
    """JD140: a character no page, feed or email may carry (``NOT_OUTPUT``: a control character but tab and line
    breaks, a lone surrogate, a noncharacter), in a field or on a line of the body."""
    problems = []
    texts: list[str] = []
    for name in article.lines:
        _gather(getattr(article, name, None), texts)
    names = article.lines if texts and not output_clean("\n".join(texts)) else ()  # a line break is never found
    for name in names:
        value = getattr(article, name, None)
        one_line = name in ONE_LINE  # a line break there (U+0085, a C1 control too) is its line rule's to report
        for text in _strings(value):
            if match := NOT_OUTPUT.search(LINE_BREAK.sub("", text) if one_line else text):
                problems.append(
                    _p(
                        article,
                        "JD140",
                        name,
                        _unwanted(match.group()),
                    )
                )
                break
    lines = () if output_clean(article.body) else article.body.split("\n")
    for offset, line in enumerate(lines):  # one scan of the whole body; per line only when it finds one
        if match := NOT_OUTPUT.search(line):
            problems.append(
                _p(
                    article,
                    "JD140",
                    "body",
                    _unwanted(match.group()),
                    article.body_line + offset,
                )
            )
    return problems


def _around(text: str, at: int, reach: int = 40) -> str:
    """``text`` quoted for a message: the whole of a short one, else ``reach`` characters each side of ``at``."""
    start, end = max(0, at - reach), at + reach
    return repr(("…" if start else "") + text[start:end] + ("…" if end < len(text) else ""))


def check_lines(article: Article, config: Config | None = None) -> list[Problem]:
    """Every text of a one-line field is one line; title and authors, which go into email headers, hold no '=?'.

    One problem per field, naming the first text that breaks the rule.
    """
    problems = []
    for name in LINE_FIELDS:
        header = name in HEADER_FIELDS
        for text in _strings(getattr(article, name, None)):
            found = LINE_BREAK.search(text)
            if header and (found or "=?" in text):
                what = f"a line break ({found.group()!r})" if found else "'=?'"
                message = f"expected one line of plain text (it goes into an email header), found {what}"
                problems.append(_p(article, "JD141", name, message))
                break
            if found:
                where = _around(text, found.start())
                message = f"expected one line of text, found a line break ({found.group()!r}) in {where}"
                problems.append(_p(article, "JD142", name, message))
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


REFERENCE = re.compile(r"&#?[0-9A-Za-z]+;")  # a character reference, which may name a space: '&nbsp;', '&#x200b;'


def check_body(article: Article, config: Config | None = None) -> list[Problem]:
    """An article headed for the feeds has text: an empty body would go out as an empty item."""
    if article.draft or not _shows_nothing(article.body):
        return []
    message = "expected the article's text below the front matter, found nothing (write it, or set draft: true)"
    return [_p(article, "JD152", "body", message, article.body_line)]


def _shows_nothing(body: str) -> bool:
    """Whether ``body`` shows nothing: spaces and zero-width characters (:func:`kinds.blank`), or, rendered, no text
    and no image (a comment alone, which no output carries, ``&nbsp;``). Rendered only for a body that is nothing
    else once its comments and character references are left out."""
    if kinds.blank(body):
        return True
    if "<!--" not in body and "&" not in body:
        return False
    from jiading_cli.content.markdown import COMMENT

    at = 0
    while at < len(body):  # each comment matched once from its start, and the first text shown ends the search
        start = body.find("<!--", at)
        if not kinds.blank(REFERENCE.sub("", body[at : len(body) if start == -1 else start])):
            return False
        if start == -1:
            break
        found = COMMENT.match(body, start)
        if found is None:  # a comment never closed: shown as text
            return False
        at = found.end()
    from jiading_cli.content.escaped import escaped_html
    from jiading_cli.content.htmlrefs import unescape

    made = escaped_html(body)
    return "<img" not in made and kinds.blank(unescape(re.sub(r"<[^>]*>", "", made)))


HTTPS = "an absolute https:// URL"


def check_media(article: Article, config: Config) -> list[Problem]:
    problems = []
    if article.image:  # a URL of no web scheme may be a file's name: the files' check says (``filecheck``)
        if not is_local_reference(article.image) and not may_be_a_name(article.image):
            try:
                kinds.https_url(article.image)
            except kinds.Expected as exc:
                found = exc.found or repr(article.image)
                if is_rooted(article.image) and not article.image.startswith("//"):  # what to write says why
                    found = repr(article.image) + _site_path(article, config, article.image)
                message = f"expected an existing file or an https URL{_besides(exc)}, got {found}"
                problems.append(_p(article, "JD160", "image", message))
        if not article.image_alt:  # read as not given when it shows nothing (kinds.shown_or_none)
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
        except kinds.Expected as exc:
            found = exc.found or repr(article.canonical_url)
            message = f"expected an absolute https:// URL{_besides(exc)}, got {found}"
            problems.append(_p(article, "JD170", "canonical_url", message))
    return problems


def _site_path(article: Article, config: Config, ref: str) -> str:
    """What to write for an ``image`` given as a site path (``/en/2017/a.png``): a body link may be one, but the
    image is named from the article's folder (``a.png``), the way every feed, card and email reads it. Worked out
    from the text alone, as this rule's answer is kept while the article is unchanged."""
    import os

    from jiading_cli.content.targets import rooted_path, written_path

    named = config.articles_path / rooted_path(ref)  # absolute, so relpath asks nothing of the system
    path = os.path.relpath(named, (config.root / article.path).parent).replace(os.sep, "/")
    spelt = path.replace("%", "%25").replace("#", "%23").replace("?", "%3F") + ref[len(written_path(ref)) :]
    return f", a site path: the image is named from the article's folder, as {spelt!r} names that file"


def _besides(refused: kinds.Expected) -> str:
    """What :func:`kinds.https_url` asks of an address besides being an absolute https URL (" without a user name,
    such as …"), where it says more than that, so the line names what to change in an address that is one."""
    said = refused.expected
    return said.removeprefix(HTTPS) if said.startswith(HTTPS) else ""


CONTENT_CHECKS: tuple[Callable[[Article, Config], list[Problem]], ...] = (
    check_id,
    check_dates,
    check_language,
    check_characters,
    check_lines,
    check_bidi,
    check_summary,
    check_body,
    check_body_bidi,
    check_conflicts,
    check_nesting,
    check_media,
)
"""The checks of one article's fields and body, in the order their problems are reported: a new one is added here."""
