"""Value checkers shared by the site config and the article schema.

Each checker takes a raw value (from TOML or YAML) and returns the normalised value,
or raises :class:`Expected` naming what it wanted. Messages are built by the caller,
which knows the file, line and field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import SplitResult, urlsplit

from jiading_cli.base.printable import SHOWS_NOTHING
from jiading_cli.base.urls import DRIVE, host_problem, parse_url
from jiading_cli.model.listed import items_of

T = TypeVar("T")
K = TypeVar("K")
Checker = Callable[[Any], T]

RULE_CODE = re.compile(r"^JD[0-9]{3}$")
LIST_SEPARATOR = re.compile("[,\uff0c\u3001]")
LINE_BREAKS = "\n\r\x85\u2028\u2029"
"""The line breaks XML 1.0 lets through (the others ``str.splitlines`` knows, such as U+000B, are control
characters, refused anyway): what Python's email headers split at, and what no value of one line may hold."""
LINE_BREAK = re.compile(f"[{LINE_BREAKS}]")


class Expected(ValueError):
    """The value is not what the field takes; ``expected`` says what it takes, ``found`` what was wrong, ``at`` where
    inside the value (a table's key, '.zh-CN', appended to the field's path) when it is not the whole value;
    ``more``: the other problems of the same value, each at its own place (every wrong key of a table)."""

    def __init__(self, expected: str, found: str | None = None, at: str = "", more: tuple[Expected, ...] = ()) -> None:
        super().__init__(expected)
        self.expected = expected
        self.found = found
        self.at = at
        self.more = more

    def each(self) -> tuple[Expected, ...]:
        """This problem and the others of the value."""
        return (self, *self.more)


def text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int):  # a fraction's text is not as written: 1.10, 1e400
        raise Expected("a string", f"the number {value!r}; write it in quotes" if isinstance(value, float) else None)
    return str(value)


NOTHING_SHOWN = frozenset({"Cf", "Mn", "Me"})  # format characters; marks that sit on another character


def blank(value: str) -> bool:
    """True for text that shows nothing: empty, or only spaces, invisible format characters (U+200B, U+FEFF...),
    the other characters that show nothing (:data:`SHOWS_NOTHING`: a Hangul filler, U+3164, the Braille blank...)
    and combining marks with no character to sit on (U+0301 alone, which a browser shows as nothing or a dotted
    circle)."""
    return all(c.isspace() or unicodedata.category(c) in NOTHING_SHOWN or SHOWS_NOTHING.match(c) for c in value)


def nonempty_text(value: Any) -> str:
    result = text(value).strip()
    if blank(result):
        raise Expected("a non-empty string")
    return result


def shown_or_none(value: Any) -> str | None:
    """Text without the white space around it, or None for text that shows nothing (:func:`blank`): a field that
    may be left out (``image_alt``) read as not given, as an empty one is, never carried into a page or a card as
    an ``alt`` no one can read."""
    result = text(value).strip()
    return None if blank(result) else result


def line(value: Any) -> str:
    """Text of one line: a name, a title or a header, which a line break would split or forge."""
    found = text(value)
    if LINE_BREAK.search(found):
        raise Expected("one line of text")
    return found


def nonempty_line(value: Any) -> str:
    """:func:`line`, showing something (:func:`nonempty_text`)."""
    return nonempty_text(line(value))


def nonempty_reference(value: Any) -> str:
    """:func:`reference`, not empty."""
    return reference(nonempty_text(value))


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise Expected("true or false")


def whole(most: int, what: str = "a whole number") -> Checker[int]:
    """A whole number from 1 to ``most`` (a port, a length, a count): every number of ``jiading.toml`` is read by
    this or :func:`number`, with the range its key's line on the config page states."""

    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
            raise Expected(f"{what} from 1 to {most}")
        return value

    return check


def number(least: float, most: float, what: str, example: str) -> Checker[float]:
    """A number from ``least`` to ``most``: never nan, an infinity, nor one so near 0 (``1e-320``, ``-0.0``)."""

    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not least <= value <= most:
            raise Expected(f"{what} from {least:g} to {most:g}, such as {example}")
        return float(value)

    return check


def string_list(value: Any) -> tuple[str, ...]:
    """A list of strings, or one string separated by commas (',', or the Chinese '，' and '、'); blank ones left
    out. (An article's tags and authors: a line break in one is its field's rule's to report, JD141 and JD142.)"""
    if isinstance(value, str):
        items = [part.strip() for part in LIST_SEPARATOR.split(value)]
    elif isinstance(value, list):
        wrong = [n for n, item in enumerate(value, 1) if not isinstance(item, str | int) or isinstance(item, bool)]
        if wrong:  # a fraction's text is not as written; every such item said at once
            raise Expected("a list of strings or a comma-separated string", items_of(value, wrong))
        items = [str(item).strip() for item in value]
    else:
        raise Expected("a list of strings or a comma-separated string")
    return tuple(item for item in items if not blank(item))


def line_list(value: Any) -> tuple[str, ...]:
    """:func:`string_list`, each item one line (:func:`line`)."""
    items = string_list(value)
    if wrong := [number for number, item in enumerate(items, 1) if LINE_BREAK.search(item)]:
        raise Expected("a list of strings of one line each", items_of(items, wrong))
    return items


BAD_ESCAPE = re.compile("%(?![0-9A-Fa-f]{2})")
SECOND_HASH = "a second '#' in it, which no URL's fragment may hold (write it as %23)"


def _reachable(url: str) -> str | SplitResult:
    """``parse_url``'s parts of ``url``, or why no request could reach it as written: port 0 (no server listens there),
    a '%' that starts no escape or a second '#' (the URI is not one; each reader would take it its own way)."""
    parts = parse_url(url)
    if isinstance(parts, str):
        return parts
    if parts.port == 0:
        return "its port is 0"
    if BAD_ESCAPE.search(url):
        return "a '%' in it is not followed by two hexadecimal digits"
    if "#" in parts.fragment:
        return SECOND_HASH
    return parts


def https_url(value: Any) -> str:
    url = text(value).strip()
    parts = _reachable(url)
    if isinstance(parts, str):
        raise Expected("an absolute https:// URL", f"{url!r}, where {parts}")
    if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in url):
        raise Expected("an absolute https:// URL", f"{url!r}, where {_not_https(url, parts)}")
    if "@" in parts.netloc:
        raise Expected(
            "an absolute https:// URL without a user name, such as 'https://www.example.com'",
            f"{url!r}, where a user name comes before its host (the part up to '@')",
        )
    from jiading_cli.model.uris import uri

    return uri(url)


def _not_https(url: str, parts: SplitResult) -> str:
    """Why ``url``, read as a URL, is no absolute https one: words to follow "where"."""
    space = next((char for char in url if char.isspace()), None)
    if DRIVE.match(url):
        return f"it is a Windows path (drive {url[0].upper()}:), which a URL reads as its scheme '{parts.scheme}:'"
    if parts.scheme and parts.scheme != "https":
        return f"its scheme is '{parts.scheme}:', not 'https:'"
    if not parts.scheme and url.startswith("//"):
        return f"it names no scheme: write 'https:{url}'"
    if not parts.scheme:
        alone = {"?": "a query", "#": "a fragment", "/": "a path"}.get(url[:1])
        return f"it is {alone} alone, naming no scheme or host" if alone else "it names no scheme or host"
    if not parts.netloc:
        return "it names no host"
    if space == " ":
        return "it holds a space, which a URL writes as %20"
    return f"it holds U+{ord(space or ' '):04X}, white space, which no URL holds"


def http_url(value: Any) -> str:
    """An absolute http(s) URL that requests are made to or under: API bases, a hub, a preview host (tests point them
    at loopback). Paths are added to it, so it has no query or fragment; and no user name, a secret in the file. Its
    host in lowercase and without its scheme's own port (:func:`~jiading_cli.model.uris.origin_as_read`)."""
    url = text(value).strip()
    parts = _reachable(url)
    if isinstance(parts, str):
        raise Expected("an absolute http:// or https:// URL", f"{url!r}, where {parts}")
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise Expected("an absolute http:// or https:// URL")
    if "@" in parts.netloc or "?" in url or "#" in url:
        raise Expected(
            "an absolute http:// or https:// URL without a user name, '?' or '#', such as 'https://api.example.com'"
        )
    from jiading_cli.model.uris import origin_as_read, uri

    return origin_as_read(uri(url)).rstrip("/")  # its origin as site.base_url's is read


def host(value: Any) -> str:
    """A server's host name or IP address (an IPv6 one bare or bracketed, with a zone such as ``%eth0`` if it is
    one of this machine's link-local ones), with no scheme, port, user or path."""
    from jiading_cli.base.iphosts import ip_address

    name = nonempty_line(value)
    expected = "a host name or IP address such as 'smtp.example.com', without a scheme, port or path"
    if ":" in name or name.startswith("["):  # only an IPv6 address has either
        if ip_address(name, bare=True, zone=True) is None:
            raise Expected(expected)
        return name
    if not name.isprintable() or any(c in name for c in "/?#@[]\\ "):
        raise Expected(expected)
    problem = host_problem(urlsplit(f"//{name}"))
    if problem:
        raise Expected(expected, f"{name!r}, where {problem}")
    return name


def reference(value: Any) -> str:
    """Text naming a file or a web address: an absolute http(s) URL is taken as the URI it stands for
    (:func:`.uris.uri`; one that cannot be, as written, for the rules to report), anything else as written."""
    from jiading_cli.model.uris import is_uri, uri

    found = text(value)
    if is_uri(found) or not found.lower().startswith(("https://", "http://")):
        return found
    try:
        return uri(found)
    except (Expected, ValueError):
        return found


def optional(checker: Checker[T]) -> Checker[T | None]:
    def check(value: Any) -> T | None:
        if value is None or value == "":
            return None
        return checker(value)

    return check


def lang_tag(value: Any) -> str:
    """A language tag in the IANA registry (BCP 47), with "did you mean …?" when it is not one."""
    from jiading_cli.model import languages

    tag = text(value).strip()
    wrong = languages.check(tag)
    if wrong:
        raise Expected(wrong)
    return cased_tag(tag)


def cased_tag(tag: str) -> str:
    """A language tag in the case BCP 47 writes it ('EN' is 'en', 'zh-hans-cn' is 'zh-Hans-CN'): tags differ in case
    only in how they are written, and each file jiading writes names a language one way."""
    parts = tag.split("-")
    cased = [parts[0].lower()]
    for index, part in enumerate(parts[1:], start=1):
        if len(parts[index - 1]) == 1:  # after a singleton ('x-', 'u-'): an extension, lower case
            cased.extend(p.lower() for p in parts[index:])
            break
        if len(part) == 2 and part.isalpha():
            cased.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            cased.append(part.title())
        else:
            cased.append(part.lower())
    return "-".join(cased)


def rule_codes(value: Any) -> tuple[str, ...]:
    codes = string_list(value)
    if wrong := [number for number, code in enumerate(codes, 1) if not RULE_CODE.match(code)]:
        raise Expected("a list of rule codes such as 'JD151'", items_of(codes, wrong))
    return codes


def table_of(keys: Checker[K], values: Checker[T], expected: str) -> Checker[tuple[tuple[K, T], ...]]:
    """A table of ``keys`` = ``values``: a key or a value that is wrong is named by its key, as the field's path
    goes on (``email.site_titles.zh-CN``), with what its own checker expected and what was found."""

    def check(value: Any) -> tuple[tuple[K, T], ...]:
        from jiading_cli.model.errors import describe

        if not isinstance(value, dict):
            raise Expected(expected)
        found: list[tuple[K, T]] = []
        wrong: list[Expected] = []  # every wrong key or value, each named by its key
        for name, inner in value.items():
            try:
                checked = keys(name)
            except Expected as exc:
                wrong.append(Expected(exc.expected, f"the key {describe(name)}", f".{name}"))
                continue
            try:
                found.append((checked, values(inner)))
            except Expected as exc:
                wrong.append(Expected(exc.expected, exc.found or describe(inner), f".{name}"))
        if wrong:
            first = wrong[0]
            raise Expected(first.expected, first.found, first.at, tuple(wrong[1:]))
        return tuple(found)

    return check


def per_language(values: Checker[T], noun: str, example: str) -> Checker[tuple[tuple[str, T], ...]]:
    """A table of language tag = ``noun`` (``example``: one written, such as '{zh-CN = "投资嘉定"}'), each language
    once: tags are the same in any case, so ``en`` and ``EN`` are one; a wrong tag or value is named by its key."""
    table = table_of(lang_tag, values, f"a table of language = {noun}, such as {example}")

    def check(value: Any) -> tuple[tuple[str, T], ...]:
        found = table(value)
        seen: dict[str, str] = {}
        for (tag, _), written in zip(found, value, strict=True):
            if tag.lower() in seen:
                raise Expected("each language once", f"{seen[tag.lower()]!r} and {written!r}", f".{written}")
            seen[tag.lower()] = written
        return found

    return check


def in_language(table: tuple[tuple[str, T], ...] | None, lang: str) -> T | None:
    """The value ``table`` (a :func:`per_language` one) gives ``lang``: its exact tag's, in any case, else its
    primary language's (``zh`` for ``zh-CN``); None when it gives none."""
    if not table:
        return None
    found = {tag.lower(): value for tag, value in table}
    tag = lang.replace("_", "-").lower()
    return found.get(tag, found.get(tag.split("-")[0]))


def choice(*options: str) -> Checker[str]:
    def check(value: Any) -> str:
        if value not in options:
            raise Expected("one of " + ", ".join(repr(o) for o in options))
        return str(value)

    return check


NAME_MAX = 255  # bytes in one file or folder name, on every file system jiading writes to
PATH_MAX = 1024  # bytes in a folder path of the site's config: well within every system's limit


SHELL_VARIABLE = re.compile(r"\$(?:\{[^}]*\}|[A-Za-z_])|%[A-Za-z_][A-Za-z0-9_]*%")
"""A variable a shell expands (``$HOME``, ``${HOME}``, Windows' ``%USERPROFILE%``): never expanded in a config."""


def relative_dir(value: Any, example: str = "articles") -> str:
    """A folder path inside the site, as a config key names one (``site.articles_dir``, ``site.output_dir``,
    ``pages.templates_dir``). What a shell would have read as a folder elsewhere is refused, never made into a
    folder of that name inside the site: an absolute path, a drive (``C:/``), the home folder (``~``, ``~/public``,
    ``~user``) and a variable (``$HOME/public``)."""
    path = text(value).strip().replace("\\", "/")
    names = path.split("/")
    if not path or path.startswith("/") or ".." in names or DRIVE.match(path + "/"):
        raise Expected(f"a folder path inside the site, such as {example!r}")
    if names[0].startswith("~"):
        raise Expected(f"a folder path inside the site, such as {example!r} ('~' is not read as the home folder)")
    if SHELL_VARIABLE.search(path):
        raise Expected(f"a folder path inside the site, such as {example!r} (variables such as $HOME are not expanded)")
    if not path.isprintable() or any(blank(name) for name in names if name):  # a tab, U+200B, a name of marks
        raise Expected(f"a folder path inside the site of characters that show, such as {example!r}")
    if len(path.encode("utf-8")) > PATH_MAX or any(len(n.encode("utf-8")) > NAME_MAX for n in names):
        raise Expected(f"a folder path inside the site of at most {PATH_MAX} bytes, each name at most {NAME_MAX}")
    return path.rstrip("/")
