"""Share text: templates, hashtags, cutting to a network's limit, and LinkedIn's "little text" escaping."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from jiading_cli.content.names import each_once, name_key

ELLIPSIS = "…"

X_LIMIT = 280  # weighted: most CJK characters count 2, a link counts 23
X_LINK = 23
WEIBO_LIMIT = 2000

LITTLE_RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")
HASH_OPEN, HASH_CLOSE = "\ufdd0", "\ufdd1"
"""The marks around a LinkedIn hashtag until it is escaped: noncharacters, which no text a template is filled with may
hold (refused in an article, JD140, and in jiading.toml, JD006), so an article's own characters are never taken for
a hashtag's (a private-use U+E000 in a title, which a font may draw, stays the character it is)."""
CJK = r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]"  # compiled when first cut
JOINERS = "\u200c\u200d"  # zero-width non-joiner and joiner: inside a word of Persian, Hindi, Malayalam …
EXTENDERS = frozenset("\u200d\ufe0e\ufe0f")
TRIM = " \n\t.,;:，。、；：-—\u200d"  # what a cut text never ends in before its ellipsis (a joiner would join it)
ASCII = [chr(code) for code in range(128)]
ASCII_WORD_ENDS = re.compile(  # a place after ASCII punctuation or before ASCII white space (see cuts_by_character)
    "(?<=[" + re.escape("".join(c for c in ASCII if unicodedata.category(c).startswith("P"))) + "])"
    "|(?=[" + re.escape("".join(c for c in ASCII if c.isspace())) + "])"
)
BLANKS = re.compile(r"\n{3,}")
LINK = re.compile(r"(https?://\S+)")  # a link as X counts it
HEAVY = re.compile("[^\x00-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")  # what X counts 2 (see x_length)


@cache
def _cjk() -> re.Pattern[str]:
    return re.compile(CJK)  # slow to compile (see benchmarks/RESULTS.md): not for a run that never cuts a text


@dataclass(frozen=True)
class Fitted:
    text: str
    cut: bool
    length: int
    limit: int | None


def _in_word(char: str, begun: bool) -> bool:
    """Whether ``char`` is part of a hashtag's word: a letter or digit, or, once one began it, a mark written on one (a
    vowel sign or a virama of Devanagari, Bengali, Thai …, an accent typed apart, U+0301) or a joiner."""
    if char.isalnum():
        return True
    return begun and (char in JOINERS or unicodedata.category(char).startswith("M"))


def word_end(text: str, start: int) -> int:
    """Where the word of a hashtag that starts at ``start`` (a letter or digit) ends: after its letters, digits, marks,
    joiners between them and underscores, as the networks read a ``#word`` (a joiner at its end is not its)."""
    end = start
    while end < len(text) and (text[end] == "_" or _in_word(text[end], end > start)):
        end += 1
    while end > start and text[end - 1] in JOINERS:
        end -= 1
    return end


def tag_words(tag: str) -> list[str]:
    """The words of ``tag`` a hashtag joins: each run of letters and digits with the marks written on them and the
    joiners inside it (``नमस्ते`` is one word, never ``नमस`` and ``त``), and each ``_`` a word of its own."""
    words: list[str] = []
    start = 0
    while start < len(tag):
        if tag[start] == "_":
            words.append("_")
            start += 1
        elif tag[start].isalnum():
            end = start + 1
            while end < len(tag) and _in_word(tag[end], True):
                end += 1
            end = len(tag[:end].rstrip(JOINERS))
            words.append(tag[start:end])
            start = end
        else:
            start += 1
    return words


@lru_cache(maxsize=4096)  # a site's articles share their tags
def hashtag(tag: str, style: str) -> str:
    """``integrated circuits`` → ``#IntegratedCircuits``; ``style`` is facebook, x, weibo, linkedin or email."""
    words = tag_words(tag)
    if not words:
        return ""
    # Each word starts with its first letter's title case: a capital where the script has one ('integrated' is
    # 'Integrated'), the letter itself where it has none, as Georgian's (never its Mtavruli, which upper case gives)
    name = words[0] if len(words) == 1 else "".join(w[:1].title() + w[1:] for w in words)
    if style == "weibo":
        return f"#{name}#"
    if style == "linkedin":
        return f"{HASH_OPEN}{name}{HASH_CLOSE}"
    return f"#{name}"


def hashtags(tags: tuple[str, ...], style: str) -> str:
    """Each tag's hashtag in ``style`` (a tag without one has none), in the order of the tags, once as the site groups
    the tags' names (``Finance`` and ``ＦＩＮＡＮＣＥ`` are one tag) and once as the networks compare hashtags, without
    case or width (``a]]>b`` and ``AB`` give one ``#AB``)."""
    seen: dict[str, str] = {}
    for tag in each_once(tags):
        made = hashtag(tag, style)
        if made:
            seen.setdefault(name_key(made), made)
    return " ".join(seen.values())


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill a template (checked when the config loaded) and tidy blank lines left by empty values."""
    text = template.format_map(values if type(values) is dict else dict(values))
    # One line (a title, most X and Weibo texts) has no line to tidy: what :func:`tidy` leaves of it is it stripped.
    return tidy(text) if "\n" in text else text.strip()


def tidy(text: str) -> str:
    """Each line without the spaces after it, no more than one blank line in a row, none first or last."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    joined = "\n".join(lines)
    return (BLANKS.sub("\n\n", joined) if "\n\n\n" in joined else joined).strip()


def little_text(text: str) -> str:
    """LinkedIn commentary: reserved characters escaped, hashtag marks turned into hashtag templates."""
    out: list[str] = []
    for piece in re.split(f"({HASH_OPEN}[^{HASH_CLOSE}]*{HASH_CLOSE})", text):
        if piece.startswith(HASH_OPEN):
            out.append("{hashtag|\\#|" + LITTLE_RESERVED.sub(r"\\\1", piece[1:-1]) + "}")
        else:
            out.append(LITTLE_RESERVED.sub(r"\\\1", piece))
    return "".join(out)


def plain(text: str) -> str:
    """Text as a reader sees it: hashtag marks become ``#Tag``."""
    return text.replace(HASH_OPEN, "#").replace(HASH_CLOSE, "")


def x_length(text: str) -> int:
    """Length as X counts it: URLs 23, characters outside the Latin-ish ranges 2.

    The characters X counts 2 are counted by one regular expression (the tests hold it to a count a character at a
    time, as X's own counter is written), and a text without ``://`` holds no link to split it at.
    """
    if "://" not in text:
        return len(text) if text.isascii() else len(text) + len(HEAVY.findall(text))
    total = 0
    for part in LINK.split(text):
        if part.startswith(("http://", "https://")):
            total += X_LINK
        elif part.isascii():
            total += len(part)
        else:
            total += len(part) + len(HEAVY.findall(part))
    return total


def _joins_previous(char: str) -> bool:
    point = ord(char)
    return (
        bool(unicodedata.combining(char))
        or char in EXTENDERS
        or 0x1F3FB <= point <= 0x1F3FF
        or 0xFE00 <= point <= 0xFE0F
        or 0xDC00 <= point <= 0xDFFF
    )


def _cuts(text: str, words: bool) -> list[int]:
    """Places a text may be cut, in order (:func:`cuts_by_character`). An ASCII text holds no hashtag marks,
    joiners, combining marks or CJK: it may be cut anywhere but before its first character, and between words
    before each space and after each punctuation mark, which one regular expression finds."""
    if not text.isascii():
        return cuts_by_character(text, words)
    if not words:
        return list(range(1, len(text)))
    return [place for match in ASCII_WORD_ENDS.finditer(text) if 0 < (place := match.start()) < len(text)]


def cuts_by_character(text: str, words: bool) -> list[int]:
    """Places a text may be cut, in order. With ``words``: before a space, after CJK characters and
    punctuation. Always: never inside a character sequence (combining marks, emoji joiners) or a hashtag."""
    found: list[int] = []
    inside = False
    for index, char in enumerate(text):
        if char == HASH_OPEN:
            inside = True
        if not inside and index and not _joins_previous(char) and text[index - 1] != "\u200d":
            before = text[index - 1]
            word_end = char.isspace() or bool(_cjk().match(before)) or unicodedata.category(before).startswith("P")
            if word_end or not words:
                found.append(index)
        if char == HASH_CLOSE:
            inside = False
    return found


def code_point_cuts(text: str) -> list[int]:
    """Places a text may be cut when not one whole character of it fits (a single character longer than the limit:
    an emoji sequence of many joined emoji, a letter under many combining marks): between any two code points, but
    never right after a joiner (U+200D, which would join the ellipsis to what it ends) nor inside a hashtag."""
    found: list[int] = []
    inside = False
    for index, char in enumerate(text):
        if char == HASH_OPEN:
            inside = True
        if not inside and index and text[index - 1] != "\u200d":
            found.append(index)
        if char == HASH_CLOSE:
            inside = False
    return found


def fit(text: str, limit: int | None, measure: Callable[[str], int] = len) -> Fitted:
    """The text, or its longest beginning cut at a word boundary plus an ellipsis, within ``limit``: at a place
    between words, else between characters, else (a text whose first character alone is longer than the limit)
    between code points (:func:`code_point_cuts`), so that a text with something to show never becomes the ellipsis
    alone while a beginning of it fits."""
    length = measure(text)
    if limit is None or length <= limit:
        return Fitted(text, False, length, limit)

    def candidate(cut: int) -> str:
        return text[:cut].rstrip(TRIM) + ELLIPSIS

    reach = _reach(text, limit, candidate, measure)
    for way in ("words", "characters", "code points"):  # a word, or a character, longer than the limit is cut inside
        head = text[: reach + 1]
        cuts = code_point_cuts(head) if way == "code points" else _cuts(head, way == "words")
        low, high = 0, len(cuts)
        while low < high:  # the first cut that no longer fits
            middle = (low + high) // 2
            if measure(candidate(cuts[middle])) <= limit:
                low = middle + 1
            else:
                high = middle
        if low:
            best = candidate(cuts[low - 1])
            return Fitted(best, True, measure(best), limit)
    return Fitted(ELLIPSIS, True, measure(ELLIPSIS), limit)


def _reach(text: str, limit: int, candidate: Callable[[int], str], measure: Callable[[str], int]) -> int:
    """A place past which no cut fits: the text is only looked at up to there, so fitting is linear in the
    limit, not in the text (a title of any length is cut as fast as a short one).

    Found by doubling from ``limit``: every measure counts each kept character at least once except a
    link (``x`` counts any link as 23), so the first cut past ``limit`` that no longer fits is usually
    the first one tried. Cuts are in order and a longer beginning never measures less, so no cut past
    a place that does not fit can fit.
    """
    reach = max(limit, 1)
    while reach < len(text) and measure(candidate(reach)) <= limit:
        reach *= 2
    return min(reach, len(text))
