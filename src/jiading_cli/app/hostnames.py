"""The names the preview server answers to: a request must name this machine (``127.0.0.1``, ``localhost``), or the
preview, drafts and share previews among them, could be read by any site a browser opens.

The server listens on ``127.0.0.1`` alone, but a page of another site (``evil.example``) can have its name lead to
``127.0.0.1`` a moment after the browser loaded it (DNS rebinding): the browser then sends that page's requests to the
preview, as the same site, and hands it the answers. Such a request still names the other site, in its ``Host``
header or in a target of absolute form (``GET http://evil.example:8000/…``); one naming an IP address, ``localhost``
or a name below ``localhost`` (which never leads elsewhere, RFC 6761) is the user's own, and one naming none (an
HTTP/1.0 or 0.9 client) cannot come from such a page: a browser always names the site.
"""

from __future__ import annotations

from jiading_cli.base.iphosts import ip_address, split_port


def host_name(host: str) -> str:
    """The host a ``Host`` header or a URL's authority names, without its user, its port or a final '.': lower case,
    an IPv6 address in its brackets (``[::1]``; one not closed, ``[::1``, is no host)."""
    return split_port(host.strip().rpartition("@")[2].lower())[0].rstrip(".")


def ours(host: str | None) -> bool:
    """Whether a request naming ``host`` (a ``Host`` header or a target's authority; None or empty: none named) may be
    answered: it names an IP address, ``localhost`` or a name below it."""
    name = host_name(host or "")
    if not name or name == "localhost" or name.endswith(".localhost"):
        return True
    return ip_address(name, zone=True) is not None
