"""Value checkers of email addresses and headers (the site config's ``[email]`` and ``site.email``), as
:mod:`jiading_cli.model.kinds` checks other values: each returns the value or raises ``Expected``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from jiading_cli.model.kinds import Expected, line_list, nonempty_line, text
from jiading_cli.model.listed import items_of

if TYPE_CHECKING:
    from email.headerregistry import Address

# An addr-spec (RFC 5322, 3.4.1) and nothing else: a dot-atom or a quoted local part, "@", a domain of labels. No
# comment, group, route or list: "a:evil@attacker.example" (a group) and "(x)a@example.com" (a comment) are another
# address, or the same one again, to a mail parser. Letters beyond ASCII pass here (RFC 6532), for share's check to
# say that SMTP without SMTPUTF8 cannot carry them. The last label of the domain is letters, or an internationalised
# one in its ASCII form (xn-- and its punycode, as .рф is xn--p1ai): never all digits, which would be an IP address.
# (Every character beyond ASCII as a class of its own: one class holding ASCII and \u0080-\U0010ffff together is
# slow to compile, in every run that loads this module (see benchmarks/RESULTS.md); these two match the same.)
_ATEXT = r"(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]|[^\x00-\x7f])"
_LOCAL = rf'(?:{_ATEXT}++(?:\.{_ATEXT}++)*|"(?:[ !#-\[\]-~]|\\[ -~])*")'
_TOP = r"(?:[A-Za-z]{2,}|[Xx][Nn]--[A-Za-z0-9-]+)"
EMAIL = re.compile(rf"{_LOCAL}@(?:[A-Za-z0-9-]++\.)+{_TOP}")
LINE = 998
"""Longest value handed to Python's email parser, in characters: a line of a message (RFC 5322, 2.1.1). The parser
takes time that grows as the square of a value's length (100,000 characters of '#a x ' took 10 s), and no address
or sender a message can carry is longer."""


def read_back(value: str) -> Address | None:
    """The one address Python's email parser reads in ``value`` (as a To header), or None: none, several, or one
    read with a defect (a letter beyond ASCII in the local part aside); none in a value longer than :data:`LINE`."""
    if len(value) > LINE:
        return None
    from email import errors

    try:
        header = _parsed(value)
        found: tuple[Address, ...] = tuple(getattr(header, "addresses", ()))
    except Exception:  # noqa: BLE001 - the parser fails in its own ways ('.:' is an AttributeError): no address
        return None
    defects = [d for d in header.defects if not isinstance(d, errors.NonASCIILocalPartDefect)]
    return found[0] if len(found) == 1 and not defects else None


def _parsed(value: str) -> Any:
    """``value`` as Python's email parser reads a To header; imported only then (every command reads a config, and
    few read an address in it)."""
    from email import policy

    return policy.default.header_factory("To", value)


def email_address(value: Any) -> str:
    """A plain addr-spec (``news@example.com``), taken only when the email parser reads it back as exactly it."""
    address = text(value).strip()
    back = read_back(address)
    if not EMAIL.fullmatch(address) or back is None or back.addr_spec != address:
        raise Expected(_ascii_domain(address) or "an email address such as 'news@example.com'")
    return address


def _ascii_domain(address: str) -> str | None:
    """For an address whose domain is written in letters beyond ASCII, what to write instead: the domain in its ASCII
    form (IDNA's xn-- labels), which every mail server takes; else None."""
    local, _, domain = address.rpartition("@")
    if not local or domain.isascii() or len(domain) > LINE:
        return None
    try:
        written = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    found = f"{local}@{written}"
    return (
        f"its domain in ASCII, as '{found}' (an internationalised domain in its xn-- form)"
        if EMAIL.fullmatch(found)
        else None
    )


def mailbox_key(address: str) -> tuple[str, str]:
    """The mailbox an addr-spec names, to compare: its local part as the parser reads it (quotes taken off), and its
    domain, each in any case (``A@Example.com`` is ``a@example.com``)."""
    back = read_back(address)
    local, _, domain = (back.addr_spec if back else address).rpartition("@")
    if back is not None:
        local = back.username
    return local.lower(), domain.lower()


def header_text(value: Any) -> str:
    """Text for an email header as written: one line, not blank, no control character (a tab included), and no '=?',
    which a mail client could decode as an RFC 2047 encoded word of someone else's choosing."""
    found = nonempty_line(value)
    if any(ord(c) < 32 or ord(c) == 127 for c in found) or "=?" in found:
        raise Expected("one line of plain text for an email header, without control characters or '=?'")
    return found


def mailbox(value: Any) -> str:
    """A sender: 'Name <news@example.com>' or a bare address, exactly one, as :func:`email_address` takes it."""
    found = header_text(value)
    back = read_back(found)
    address = back.addr_spec if back else ""
    bare = found == address
    if not EMAIL.fullmatch(address) or not (bare or found.endswith(f"<{address}>")):
        raise Expected(_ascii_domain(address) or "one address such as 'News <news@example.com>' or 'news@example.com'")
    return found


def email_list(value: Any) -> tuple[str, ...]:
    """Addresses, each once: a mailbox listed twice (in any case, quoted or not) would be sent the message twice."""
    items = line_list(value)
    addresses = []
    wrong: list[tuple[int, Expected]] = []  # every wrong item said at once, with what the first expected
    for number, item in enumerate(items, 1):
        try:
            addresses.append(email_address(item))
        except Expected as exc:
            wrong.append((number, exc))
    if wrong:  # one problem for each thing expected, naming the items that are not it
        said: dict[str, list[int]] = {}
        for number, problem in wrong:
            said.setdefault(problem.expected, []).append(number)
        each = [Expected(expected, items_of(items, numbers)) for expected, numbers in said.items()]
        raise Expected(each[0].expected, each[0].found, more=tuple(each[1:]))
    seen: dict[tuple[str, str], str] = {}
    for address in addresses:
        key = mailbox_key(address)
        if key in seen:
            raise Expected("each address once", f"{seen[key]!r} and {address!r}")
        seen[key] = address
    return tuple(addresses)
