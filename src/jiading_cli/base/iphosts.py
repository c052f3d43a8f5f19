"""A host that is an IP address, read one way wherever jiading reads one: in a link, an API base, ``email.smtp_host``,
a ``no_proxy`` entry, a request's ``Host`` header.

An IPv4 address is four numbers from 0 to 255 in decimal, none with a leading zero (``192.0.2.1``; a final ``.`` as
browsers allow it). An IPv6 address is written in brackets in a URL (RFC 3986's IP-literal, the URL Standard's IPv6
host: ``[2001:db8::1]``, any case, ``[::ffff:192.0.2.1]``), the brackets around the whole host and nothing outside
them but a port (``[::1]:8080``): ``[::1``, ``[]``, ``[::1]x``, ``x[::1]``, an IPv4 address in brackets, an IPvFuture
(``[v1.x]``) and a percent-escape inside the brackets are none. A zone (``fe80::1%eth0``) names an interface of this
machine, which a socket can use and a link on the web cannot: the URL Standard reads none, so only a caller that
connects from here takes one, its letters those of RFC 6874's ZoneID (letters, digits, ``-``, ``.``, ``_``, ``~``).
"""

from __future__ import annotations

import ipaddress
import re

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

ZONE = re.compile(r"[A-Za-z0-9._~-]+")  # an interface's name or number after an IPv6 address's '%'


def ip_address(host: str, *, bare: bool = False, zone: bool = False) -> Address | None:
    """The IP address the host ``host`` (no port, no user) is, or None when it is a name or no host at all.

    An IPv6 address must be in brackets, or, with ``bare``, may be without them (a setting, a ``no_proxy`` entry, the
    host ``urlsplit`` gives); it may have a zone only with ``zone``."""
    if host.startswith("["):
        if not host.endswith("]"):
            return None
        return _ipv6(host[1:-1], zone)
    if ":" in host:
        return _ipv6(host, zone) if bare else None
    try:
        return ipaddress.IPv4Address(host.removesuffix("."))
    except ValueError:
        return None


def _ipv6(text: str, zone: bool) -> ipaddress.IPv6Address | None:
    _, percent, interface = text.partition("%")
    if percent and not (zone and ZONE.fullmatch(interface)):
        return None
    try:
        return ipaddress.IPv6Address(text)
    except ValueError:
        return None


def split_port(authority: str) -> tuple[str, str]:
    """``host:port`` (a URL's authority after its user, a ``Host`` header) as its host and the text after the ':'
    that ends it ('' when none): an IPv6 address's brackets are the host's, with the ':' inside them; anything after
    the ']' other than a port is left in the host, which then is none (``[::1]x``), as is a host of several ':'
    outside brackets (``::1``)."""
    if authority.startswith("["):
        inside, closed, after = authority.partition("]")
        if closed and (not after or after.startswith(":")):
            return inside + closed, after[1:]
        return authority, ""
    if authority.count(":") > 1:  # an IPv6 address without its brackets: no host a URL or a Host header names
        return authority, ""
    host, _, port = authority.partition(":")
    return host, port


def unbracketed(host: str) -> str:
    """``host`` without the brackets around an IPv6 address (``[::1]`` is ``::1``); any other as it is."""
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host
