"""The one guarded URL parse: any text gives its parts or the reason it is not a URL, never an exception.

``urllib.parse.urlsplit`` raises for some text (``https://[oops/a``: "Invalid IPv6 URL"), and reading a
port raises for a port out of range (``https://a:99999/``). Every URL jiading reads from a file goes
through :func:`parse_url`, so a URL that cannot be read is a located problem, not a traceback. A web
address (``http``, ``https``) must name a host that can be looked up: a host name of labels (letters, digits,
``-`` and ``_``; IDNA for the others), an IPv4 address or a bracketed IPv6 address.

Every host jiading reads is taken through :func:`ascii_host`, as browsers take it: an ASCII one as it is written (its
``xn--`` labels checked, as browsers decode them), any other by UTS #46 and IDNA 2008 (the ``idna`` package), or
refused with the reason (:class:`HostError`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit

from jiading_cli.base.iphosts import ip_address, split_port, unbracketed


@lru_cache(maxsize=65536)  # many articles name the same images and pages
def parse_url(text: str) -> SplitResult | str:
    """The parts of ``text`` read as a URL, or why it is not one (words to follow "not a URL:")."""
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        reason = str(exc)
        if "IPv6" in reason:
            netloc = text.partition("//")[2].split("/", 1)[0]
            if netloc.count("[") == netloc.count("]") == 1 and netloc.index("[") < netloc.index("]"):
                return f"its host {netloc.partition('[')[2].partition(']')[0]!r} is not an IPv6 address"
            return "its host has a '[' or ']' without its pair"
        return f"it cannot be read as a URL: {reason}"
    try:  # whatever reading the port raises is the port's: out of range, not a number, too many digits to read
        parts.port  # noqa: B018 - read for its check
    except ValueError:
        return "its port is not a number from 0 to 65535"
    if parts.scheme in WEB:
        problem = host_problem(parts)
        if problem is not None:
            return problem
    return parts


DRIVE = re.compile(r"[A-Za-z]:(?:[\\/]|%5[Cc])")
"""A Windows path's drive at the start of a reference (``C:\\``, ``c:/``, ``D:%5C``), which a URL reads as a scheme."""
WEB = ("http", "https")  # the schemes whose URLs must name a host (``urlsplit`` gives a scheme in lower case)
HOST_MAX = 253  # characters of a host name, at most (its last dot left out)
LABEL = re.compile("[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?")  # one label of a host name, in ASCII


class HostError(ValueError):
    """A host name IDNA refuses; its text says why, in words to follow "not a URL:" (``its host '…' holds …``)."""


def host_problem(parts: SplitResult) -> str | None:
    """Why the host of a web address cannot be looked up (words to follow "not a URL:"), or None."""
    host = parts.hostname or ""
    written = split_port(parts.netloc.rpartition("@")[2])[0]
    if "[" in written or "]" in written:
        if ip_address(written) is not None:
            return None
        if ip_address(written, zone=True) is not None:
            zoned = unbracketed(written)
            return f"its host {zoned!r} has a zone, an interface of the machine reading it, as no link may"
        return f"its host {unbracketed(written)!r} is not an IPv6 address"
    if not host:
        return "it names no host"
    try:  # an ASCII host is as it is written (ascii_host's own fast path, without the call unless it has 'xn--')
        ascii_netloc = parts.netloc.isascii()
        name = host if ascii_netloc and "xn--" not in host else ascii_host(written_host(parts))
    except HostError as refused:
        return str(refused)
    name = name.removesuffix(".")
    if len(name) > HOST_MAX:
        return f"its host name is longer than {HOST_MAX} characters"
    if ends_in_number(name):
        return _address_problem(host, name)
    for label in name.split("."):
        if not label:
            return f"its host {host!r} has an empty label (two dots, or a dot at its start)"
        if len(label) > LABEL_MAX:
            return f"its host {host!r} has a label longer than {LABEL_MAX} characters"
        if not LABEL.fullmatch(label):
            return f"its host {host!r} has a label other than letters, digits, '-' and '_' (not at its ends)"
    return None


HEX = re.compile("0[xX][0-9A-Fa-f]*")
OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
IPV4 = re.compile(rf"(?:{OCTET}\.){{3}}{OCTET}")
"""An IPv4 address as written canonically: four numbers from 0 to 255 in decimal, none with a leading zero."""


def ends_in_number(name: str) -> bool:
    """Whether browsers read the ASCII host ``name`` (no trailing dot) as an IPv4 address: its last label is a number,
    in decimal or in hexadecimal after '0X' or its lower case (the URL Standard's "ends in a number")."""
    last = name.rpartition(".")[2]
    return (last.isascii() and last.isdigit()) or HEX.fullmatch(last) is not None


def _ipv4_number(part: str) -> int | None:
    """One part of an IPv4 address as browsers read it: hexadecimal after '0X' (either case), a leading 0 octal,
    else decimal."""
    digits, radix = part, 10
    if HEX.fullmatch(part):
        digits, radix = part[2:], 16
    elif len(part) > 1 and part.startswith("0"):
        digits, radix = part[1:], 8
    if not digits:
        return 0 if part else None
    if not digits.isascii() or not digits.isalnum():
        return None
    try:
        return int(digits, radix)
    except ValueError:
        return None


def browsers_ipv4(name: str) -> str | None:
    """The IPv4 address browsers read the host ``name`` as (the URL Standard's IPv4 parser: one to four numbers,
    each in decimal, octal or hexadecimal, the last filling the bytes left), or None when they refuse it."""
    numbers = [_ipv4_number(part) for part in name.split(".")]
    if len(numbers) > 4 or any(n is None for n in numbers):
        return None
    *first, last = [n for n in numbers if n is not None]
    if any(n > 255 for n in first) or last >= 256 ** (5 - len(numbers)):
        return None
    value = sum(n * 256 ** (3 - i) for i, n in enumerate(first)) + last
    return ".".join(str(value >> shift & 255) for shift in (24, 16, 8, 0))


def _address_problem(host: str, name: str) -> str | None:
    """Why a host that ends in a number (which browsers read as an IPv4 address) is refused: it is none, or it is
    written otherwise than the address it stands for; None for a canonical dotted-decimal address."""
    if IPV4.fullmatch(name):
        return None
    address = browsers_ipv4(name)
    if address is None:
        return (
            f"its host {host!r} ends in a number, so browsers read it as an IPv4 address, and it is none "
            "(expected four numbers from 0 to 255, such as '192.0.2.1')"
        )
    return f"its host {host!r} is the IPv4 address {address} as browsers read it; write it as {address!r}"


def written_host(parts: SplitResult) -> str:
    """The host of ``parts`` as it is written, an IPv6 address in its brackets. ``SplitResult.hostname`` is in lower
    case by Python's rules, which are not IDNA's: 'ΠΑΣ-1' lowers to 'πας-1', where IDNA reads 'πασ-1'."""
    return split_port(parts.netloc.rpartition("@")[2])[0]


DOTS = re.compile("[.\u3002\uff0e\uff61]")  # what separates the labels of a host name
LABEL_MAX = 63  # characters of one label of a host name, at most
CODE_POINT = re.compile("U\\+([0-9A-F]{4,6})")  # a character as idna's messages name it


@lru_cache(maxsize=4096)
def ascii_host(host: str) -> str:
    """``host`` as browsers take it: an ASCII one as it is written (:func:`host_problem` checks its labels); any
    other by UTS #46, mapped (full-width letters to ASCII, upper case to lower, what it ignores such as U+00AD SOFT
    HYPHEN left out) and in NFC, then checked by IDNA 2008 and each label outside ASCII written as ``xn--`` and its
    punycode: 'ｅｘａｍｐｌｅ.com' is 'example.com', 'BÜCHER.de' is 'xn--bcher-kva.de'. A host IDNA refuses (a bidi
    override, a joiner where no script needs one) raises :class:`HostError`, as does an ASCII one with an ``xn--``
    label that is not IDNA's form of any name ('xn--zz.com'), which browsers refuse."""
    if host.isascii():
        if "xn--" in host.lower():
            _a_labels(host)
        return host
    import idna  # only for a host outside ASCII: its tables would slow every start-up

    try:  # UTS #46 non-transitional processing, as browsers do: 'ß' stays 'ß', not 'ss'
        return idna.encode(host, uts46=True).decode("ascii")
    except ValueError as refused:  # idna's errors are UnicodeErrors; its own input limits raise them too
        raise HostError(_why(host, refused)) from None


def _a_labels(host: str) -> None:
    """Raise :class:`HostError` unless each ``xn--`` label of the ASCII ``host`` is IDNA's ASCII form of a name."""
    import idna

    for label in DOTS.split(host):
        if label[:4].lower() == "xn--":
            try:
                idna.decode(label)
            except ValueError as refused:
                raise HostError(_why(host, refused)) from None


def _why(host: str, refused: ValueError) -> str:
    """Why IDNA refuses ``host``, in words to follow "not a URL:"."""
    import unicodedata

    import idna

    said = str(refused)
    rule = str(getattr(refused, "code", None) or "")  # recent idna names the rule; an older one only says it
    shown = f"its host {host!r}"
    point = CODE_POINT.search(said)
    if isinstance(refused, idna.IDNABidiError):
        return f"{shown} has a label mixing right-to-left and left-to-right text as IDNA does not allow"
    if point:
        char = chr(int(point.group(1), 16))
        named = f"U+{ord(char):04X}" + (f" {unicodedata.name(char)}" if unicodedata.name(char, "") else "")
        if isinstance(refused, idna.InvalidCodepointContext) or "joiner" in said.lower():
            return f"{shown} holds {named}, which IDNA does not allow in that place"
        return f"{shown} holds {named}, which IDNA does not allow in a host name"
    if rule in ("empty_label", "empty_domain"):
        if any(not label for label in DOTS.split(host)[:-1]):
            return f"{shown} has an empty label (two dots, or a dot at its start)"
        return f"{shown} has a label left empty once IDNA drops what it ignores (such as U+00AD SOFT HYPHEN)"
    if rule in ("label_too_long", "domain_too_long", "input_too_long"):
        return (
            f"{shown} is longer than IDNA allows in its ASCII form ({LABEL_MAX} characters a label, "
            f"{HOST_MAX} the name)"
        )
    reasons = {
        "hyphen_start_end": "has a label starting or ending with '-'",
        "hyphen_3_4": "has a label with '--' as its 3rd and 4th characters, as only IDNA's own 'xn--' labels have",
        "leading_combiner": "has a label starting with a combining mark (an accent with no letter before it)",
        "invalid_alabel": "has an 'xn--' label that is not IDNA's ASCII form of any name",
        "non_canonical_alabel": "has an 'xn--' label that is not IDNA's ASCII form of any name",
    }
    return f"{shown} {reasons[rule]}" if rule in reasons else f"{shown} is not a host name IDNA takes: {said}"
