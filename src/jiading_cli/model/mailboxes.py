"""Value checkers of email addresses and headers (the site config's ``[email]`` and ``site.email``), as
:mod:`jiading_cli.model.kinds` checks other values: each returns the value or raises ``Expected``."""

from __future__ import annotations

import re
from typing import Any

from jiading_cli.model.kinds import Expected, item_of, line_list, nonempty_line, text

EMAIL = re.compile(r"^[^@\s<>\"]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def email_address(value: Any) -> str:
    address = text(value).strip()
    if not EMAIL.fullmatch(address):
        raise Expected("an email address such as 'news@example.com'")
    return address


def header_text(value: Any) -> str:
    """Text for an email header as written: one line, not blank, no control character (a tab included), and no '=?',
    which a mail client could decode as an RFC 2047 encoded word of someone else's choosing."""
    found = nonempty_line(value)
    if any(ord(c) < 32 or ord(c) == 127 for c in found) or "=?" in found:
        raise Expected("one line of plain text for an email header, without control characters or '=?'")
    return found


def mailbox(value: Any) -> str:
    """A sender: 'Name <news@example.com>' or a bare address, exactly one, as :func:`email_address` takes it."""
    from email.utils import getaddresses

    found = header_text(value)
    pairs = getaddresses([found])
    address = pairs[0][1] if len(pairs) == 1 else ""
    bare = found == address
    if not EMAIL.fullmatch(address) or not (bare or found.endswith(f"<{address}>")):
        raise Expected("one address such as 'News <news@example.com>' or 'news@example.com'")
    return found


def email_list(value: Any) -> tuple[str, ...]:
    """Addresses, each once: an address listed twice (in any case) would be sent the same message twice."""
    items = line_list(value)
    addresses = []
    for number, item in enumerate(items, 1):
        try:
            addresses.append(email_address(item))
        except Expected as exc:
            raise Expected(exc.expected, item_of(items, number)) from None
    seen: dict[str, str] = {}
    for address in addresses:
        if address.lower() in seen:
            raise Expected("each address once", f"{seen[address.lower()]!r} and {address!r}")
        seen[address.lower()] = address
    return tuple(addresses)
