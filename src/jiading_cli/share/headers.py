"""Structured email headers: written as the ASCII they are, folded only between their items, never encoded.

A structured header (``Message-ID``, ``References``, ``In-Reply-To``, ``List-Unsubscribe``,
``List-Unsubscribe-Post``, ``Content-Language``) holds no RFC 2047 encoded word: a reader decodes none there
(RFC 2047 section 5, RFC 2369, RFC 8058), so an encoded ``List-Unsubscribe`` is no unsubscribe link at all.
Python's email package writes a long value of one as encoded words; the message's policy
(:data:`jiading_cli.share.mail.FACTORY`) writes each of these names with :func:`fold` instead, and
:func:`problem` is the one predicate of what can be written so: the config (``email.list_unsubscribe``) and the
message builder refuse anything else.
:func:`one_click_problem` is the one predicate of when ``List-Unsubscribe-Post`` may be written, for both alike.
:func:`text` writes the one header of text, ``Subject``, so that a reader reads it back as given.
"""

from __future__ import annotations

import base64
import re

from jiading_cli.model import kinds

STRUCTURED = (
    "Message-ID",
    "References",
    "In-Reply-To",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "Content-Language",
)
WIDTH = 78  # a line's length to keep within (RFC 5322 2.1.1 "SHOULD"), unless one item alone is longer
LIMIT = 998  # a line's length no header may pass (RFC 5322 2.1.1 "MUST")
ENCODED = 42  # bytes of text in one encoded word: 68 characters, a line of 78 with "Subject: " before it

# An item is a run of characters without whitespace, where a <…> and a quoted string ("…", as an address's local
# part may be: '"a <b"@example.com') each count as one character: whitespace inside one is never a place to fold,
# and a '<' inside quotes is text, not the start of a <…>. Each item keeps the whitespace before it, so the items
# joined are the value again. An item starts only where no space is before it: from every space of a run, the
# spaces would each be read again.
_ITEM = re.compile(r'(?<! ) *(?:<[^<>\s]*+>|"(?:[^"\\]|\\.)*+"|[^\s<>"])+')
_URI = r"<[!-;=?-~]++>"  # one <URI> of List-Unsubscribe: printable ASCII, no space, '<' or '>'
_UNSUBSCRIBE = re.compile(rf"{_URI}(?: *+, *+{_URI})*")


def problem(name: str, value: str) -> str | None:
    """What keeps ``value`` from being written as header ``name`` in ASCII, folded only between its items, or None."""
    if not value or value != value.strip(" "):
        return "expected a value without spaces at its ends"
    if not value.isascii() or not value.isprintable():
        return (
            "expected printable ASCII (a structured header is never encoded: percent-encode a URL's other "
            "characters, and write an internationalised host in its xn-- form)"
        )
    if "=?" in value:
        return "expected no '=?' (an RFC 2047 encoded word, which no reader may decode in this header)"
    items = _ITEM.findall(value)
    if "".join(items) != value:
        return "expected each '<' closed by a '>' with no space or '<' between, and each '\"' closed by a '\"'"
    first, *rest = items
    longest = max([len(name) + 2 + len(first), *(len(item) for item in rest)])  # an item keeps its spaces
    if longest > LIMIT:
        return f"expected at most {LIMIT} characters on a line between spaces, found {longest}"
    return None


def header_problem(value: str) -> str | None:
    """What keeps ``value`` out of an email header, or None: the one predicate of the sender and of ``validate``
    (JD185), so an article validate passes is never refused at send time."""
    if kinds.LINE_BREAK.search(value):  # U+2028 and the like too, at which Python's email headers split
        return "expected one line for an email header, found a line break"
    if "=?" in value:
        return "expected plain text for an email header, found '=?' (an RFC 2047 encoded word)"
    if any(ord(c) < 32 or 127 <= ord(c) <= 159 for c in value):
        return "expected plain text for an email header, found a control character"
    return None


def fold(name: str, value: str, linesep: str = "\r\n") -> str:
    """``name: value`` as written, a line break put before an item's whitespace when the line would pass
    :data:`WIDTH` (nowhere else: never inside an item or a <…>), so unfolding gives ``value`` back."""
    if found := problem(name, value):
        raise ValueError(f"{name}: {found}")
    return linesep.join(_lines(name, _ITEM.findall(value))) + linesep


def _lines(name: str, items: list[str]) -> list[str]:
    """``name: `` and ``items`` (each but the first starting with its whitespace) in lines, a line broken before an
    item where it would pass :data:`WIDTH`."""
    first, *rest = items
    lines = [f"{name}: {first}"]
    for item in rest:
        if len(lines[-1]) + len(item) > WIDTH:
            lines.append(item)
        else:
            lines[-1] += item
    return lines


def text(name: str, value: str, linesep: str = "\r\n") -> str:
    """``name: value`` for a header of text (``Subject``), written so that a reader gives ``value`` back exactly:
    printable ASCII as it is, a line break put before a space where a line would pass :data:`WIDTH`; anything else
    (another script, an ASCII word too long for a line) as RFC 2047 encoded words (UTF-8, base64) of whole
    characters, each space of the value inside one. The white space between two encoded words is no part of the
    text (RFC 2047 section 6.2), and Python's email package, folding such a value, leaves spaces of it there, where
    every reader drops them (``嘉定 区`` read back as ``嘉定区``)."""
    items = re.findall(" *[^ ]+", value)
    plain = bool(items) and value.isascii() and value.isprintable() and value == value.strip(" ")
    plain = plain and "".join(items) == value
    if plain and "=?" not in value:
        lines = _lines(name, items)
        if all(len(line) <= LIMIT for line in lines):
            return linesep.join(lines) + linesep
    words, chunk = [], b""
    for character in value:
        data = character.encode("utf-8")
        if len(chunk) + len(data) > ENCODED:
            words.append(chunk)
            chunk = b""
        chunk += data
    words.append(chunk)
    encoded = [f"=?utf-8?b?{base64.b64encode(word).decode('ascii')}?=" for word in words if word]
    return f"{name}: " + f"{linesep} ".join(encoded) + linesep


def message_id(digest: str, domain: str) -> str:
    """The Message-ID jiading makes of a message's digest and its sender's domain."""
    return f"<{digest}.jiading@{domain}>"


def unsubscribe_problem(value: str) -> str | None:
    """What keeps ``value`` from being a List-Unsubscribe (RFC 2369: <URI> items, separated by commas), or None."""
    if value.isascii() and value.isprintable() and not _UNSUBSCRIBE.fullmatch(value):
        return (
            "expected one or more <URI> separated by commas, such as '<https://news.example.com/unsubscribe>, "
            "<mailto:unsubscribe@example.com>', each URI printable ASCII without spaces"
        )
    return problem("List-Unsubscribe", value)


def unsubscribe_targets(value: str) -> list[str]:
    """The URIs a List-Unsubscribe names, in order."""
    return re.findall(r"<([^<>]*)>", value)


def one_click_problem(unsubscribe: str | None) -> str | None:
    """What keeps a message whose List-Unsubscribe is ``unsubscribe`` from carrying List-Unsubscribe-Post, or None:
    one-click unsubscribe POSTs to the List-Unsubscribe's https URI, so it needs one (RFC 8058 section 3.1)."""
    targets = unsubscribe_targets(unsubscribe) if unsubscribe else []
    if any(target[:8].lower() == "https://" and len(target) > 8 for target in targets):
        return None
    found = repr(unsubscribe) if unsubscribe else "no email.list_unsubscribe"
    return (
        "expected email.list_unsubscribe to name an https URI, such as '<https://news.example.com/unsubscribe>', "
        f"which one-click unsubscribe POSTs to (RFC 8058), got {found}"
    )
