"""Value checkers shared by the site config and the article schema.

Each checker takes a raw value (from TOML or YAML) and returns the normalised value,
or raises :class:`Expected` naming what it wanted. Messages are built by the caller,
which knows the file, line and field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from jiading_cli.base.urls import parse_url

T = TypeVar("T")
Checker = Callable[[Any], T]

EMAIL = re.compile(r"^[^@\s<>\"]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
RULE_CODE = re.compile(r"^JD\d{3}$")
LIST_SEPARATOR = re.compile("[,\uff0c\u3001]")


class Expected(ValueError):
    """The value is not what the field takes; ``expected`` says what it takes, ``found`` what was wrong."""

    def __init__(self, expected: str, found: str | None = None) -> None:
        super().__init__(expected)
        self.expected = expected
        self.found = found


def text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Expected("a string")
    return str(value)


def nonempty_text(value: Any) -> str:
    result = text(value).strip()
    if not result:
        raise Expected("a non-empty string")
    return result


def nonempty_reference(value: Any) -> str:
    """:func:`reference`, not empty."""
    return reference(nonempty_text(value))


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise Expected("true or false")


def positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Expected("a whole number of at least 1")
    return value


def string_list(value: Any) -> tuple[str, ...]:
    """A list of strings, or one string separated by commas (',', or the Chinese '，' and '、')."""
    if isinstance(value, str):
        items = [part.strip() for part in LIST_SEPARATOR.split(value)]
    elif isinstance(value, list):
        items = []
        for item in value:
            if not isinstance(item, str | int | float) or isinstance(item, bool):
                raise Expected("a list of strings or a comma-separated string")
            items.append(str(item).strip())
    else:
        raise Expected("a list of strings or a comma-separated string")
    return tuple(item for item in items if item)


def https_url(value: Any) -> str:
    url = text(value).strip()
    parts = parse_url(url)
    if isinstance(parts, str):
        raise Expected("an absolute https:// URL", f"{url!r}, where {parts}")
    if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in url):
        raise Expected("an absolute https:// URL")
    return uri(url)


def http_url(value: Any) -> str:
    """An absolute http(s) URL: API endpoints, which tests point at loopback."""
    url = text(value).strip()
    parts = parse_url(url)
    if isinstance(parts, str) or parts.scheme not in ("http", "https") or not parts.netloc:
        raise Expected("an absolute http:// or https:// URL")
    return uri(url).rstrip("/")


def reference(value: Any) -> str:
    """Text naming a file or a web address: an absolute http(s) URL is taken as the URI it stands for (:func:`uri`;
    one that cannot be, as written, for the rules to report), anything else as written."""
    found = text(value)
    if found.isascii() or not found.lower().startswith(("https://", "http://")):
        return found
    try:
        return uri(found)
    except (Expected, ValueError):
        return found


def uri(url: str) -> str:
    """An absolute URL as files and requests take it: an internationalised one as the URI it stands for, its host
    in IDNA's ASCII form (``xn--``) and its other characters percent-encoded as UTF-8; an ASCII one as it is."""
    if url.isascii():
        return url
    from urllib.parse import quote, urlsplit, urlunsplit

    from jiading_cli.base.urls import ascii_host as ascii_form

    parts = urlsplit(url)
    host = parts.hostname or ""
    ascii_host = ascii_form(host)
    if ascii_host is None:
        raise Expected(f"a host name that can be written in ASCII (IDNA), got {host!r}")
    user = parts.netloc.rpartition("@")[0]
    where = (quote(user, safe="%:!$&'()*+,;=-._~") + "@" if user else "") + ascii_host
    where += f":{parts.port}" if parts.port is not None else ""
    keep = "/%:@!$&'()*+,;=-._~"
    return urlunsplit(
        (
            parts.scheme,
            where,
            quote(parts.path, safe=keep),
            quote(parts.query, safe=keep + "?"),
            quote(parts.fragment, safe=keep + "?"),
        )
    )


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
    return tag


def email_address(value: Any) -> str:
    address = text(value).strip()
    if not EMAIL.match(address):
        raise Expected("an email address such as 'news@example.com'")
    return address


def email_list(value: Any) -> tuple[str, ...]:
    return tuple(email_address(item) for item in string_list(value))


def timezone_name(value: Any) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = text(value).strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: a name no file name can be
        raise Expected("an IANA time zone name such as 'Asia/Shanghai'") from exc
    return name


def rule_codes(value: Any) -> tuple[str, ...]:
    codes = string_list(value)
    for code in codes:
        if not RULE_CODE.match(code):
            raise Expected("a list of rule codes such as 'JD151'")
    return codes


def choice(*options: str) -> Checker[str]:
    def check(value: Any) -> str:
        if value not in options:
            raise Expected("one of " + ", ".join(repr(o) for o in options))
        return str(value)

    return check


NAME_MAX = 255  # bytes in one file or folder name, on every file system jiading writes to
PATH_MAX = 1024  # bytes in a folder path of the site's config: well within every system's limit


def relative_dir(value: Any) -> str:
    path = text(value).strip().replace("\\", "/")
    names = path.split("/")
    if not path or path.startswith("/") or ".." in names or "\0" in path:
        raise Expected("a folder path inside the site, such as 'articles'")
    if len(path.encode("utf-8")) > PATH_MAX or any(len(n.encode("utf-8")) > NAME_MAX for n in names):
        raise Expected(f"a folder path inside the site of at most {PATH_MAX} bytes, each name at most {NAME_MAX}")
    return path.rstrip("/")


def api_version(pattern: str, example: str) -> Checker[str]:
    compiled = re.compile(pattern)

    def check(value: Any) -> str:
        version = text(value).strip()
        if not compiled.match(version):
            raise Expected(f"a version such as {example!r}")
        return version

    return check
