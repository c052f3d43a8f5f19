"""Absolute URLs written as the URIs they stand for: what files, pages, feeds and requests take of a URL an article
or the config gives (:func:`uri`), and whether one is written so already (:func:`is_uri`)."""

from __future__ import annotations

import re

from jiading_cli.model.kinds import Expected

NOT_URI = re.compile(r'["<>\\^`{|}]')  # ASCII characters no URI may hold (RFC 3986, 2), space aside
AFTER_HOST = re.compile(r"[/?#]")  # where the host and port of an absolute URL end
BRACKETS = re.compile(r"[\[\]]")  # what only an IPv6 host may hold: '[' and ']' are nowhere else in a URI


def is_uri(url: str) -> bool:
    """Whether ``url`` is written as the URI it stands for already (:func:`uri` would give it back as it is)."""
    if not url.isascii() or NOT_URI.search(url):
        return False
    authority = url.partition("//")[2]
    end = AFTER_HOST.search(authority)
    return end is None or not BRACKETS.search(authority, end.start())


def uri(url: str) -> str:
    """An absolute URL as files and requests take it: an internationalised one as the URI it stands for, its host
    in IDNA's ASCII form (``xn--``) and its other characters percent-encoded as UTF-8; an ASCII one as it is, but
    for the characters no URI may hold (RFC 3986: ``"<>\\^`{|}``, and ``[`` and ``]`` but around an IPv6 host),
    percent-encoded too."""
    if is_uri(url):
        return url
    from urllib.parse import quote, urlsplit, urlunsplit

    from jiading_cli.base.urls import HostError, ascii_host, written_host

    parts = urlsplit(url)
    try:
        host = ascii_host(written_host(parts))
    except HostError as refused:
        raise Expected("a host name IDNA takes", str(refused)) from None
    user = parts.netloc.rpartition("@")[0]
    where = (quote(user, safe="%:!$&'()*+,;=-._~") + "@" if user else "") + host
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


DEFAULT_PORTS = {"http": 80, "https": 443}
"""Each scheme's own port, which a URL naming it names the same origin as one without it (RFC 3986 6.2.3)."""


def origin_as_read(url: str) -> str:
    """``url`` (an absolute http or https URI) with its scheme and host as a browser reads them, the one origin every
    URL made from it names: in lowercase (``HTTPS://News.Example.COM`` is ``https://news.example.com``), without its
    scheme's own port, however written (``:443`` for https, ``:80`` for http, ``:0443``, a bare ``:``); another port
    stays (``:8443``). The path and what follows are kept as written."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.hostname or ""  # in lowercase; an IPv6 address without its brackets
    where = f"[{host}]" if ":" in host else host
    port = parts.port
    where += f":{port}" if port is not None and port != DEFAULT_PORTS.get(parts.scheme) else ""
    return f"{parts.scheme}://{where}{url[len(parts.scheme) + len('://') + len(parts.netloc) :]}"
