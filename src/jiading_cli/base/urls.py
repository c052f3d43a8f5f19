"""The one guarded URL parse: any text gives its parts or the reason it is not a URL, never an exception.

``urllib.parse.urlsplit`` raises for some text (``https://[oops/a``: "Invalid IPv6 URL"), and reading a
port raises for a port out of range (``https://a:99999/``). Every URL jiading reads from a file goes
through :func:`parse_url`, so a URL that cannot be read is a located problem, not a traceback. A web
address (``http``, ``https``) must name a host that can be looked up: a host name of labels (letters, digits,
``-`` and ``_``; IDNA for the others), an IPv4 address or a bracketed IPv6 address.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit


@lru_cache(maxsize=65536)  # many articles name the same images and pages
def parse_url(text: str) -> SplitResult | str:
    """The parts of ``text`` read as a URL, or why it is not one (words to follow "not a URL:")."""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - read for its check: a port that is not a number from 0 to 65535 raises
    except ValueError as exc:
        reason = str(exc)
        if "IPv6" in reason:
            netloc = text.partition("//")[2].split("/", 1)[0]
            if netloc.count("[") == netloc.count("]") == 1 and netloc.index("[") < netloc.index("]"):
                return f"its host {netloc.partition('[')[2].partition(']')[0]!r} is not an IPv6 address"
            return "its host has a '[' or ']' without its pair"
        if "port" in reason.lower():
            return "its port is not a number from 0 to 65535"
        return f"it cannot be read as a URL: {reason}"
    if parts.scheme in WEB:
        problem = host_problem(parts)
        if problem is not None:
            return problem
    return parts


WEB = ("http", "https")  # the schemes whose URLs must name a host (``urlsplit`` gives a scheme in lower case)
HOST_MAX = 253  # characters of a host name, at most (its last dot left out)
LABEL = re.compile("[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?")  # one label of a host name, in ASCII


def host_problem(parts: SplitResult) -> str | None:
    """Why the host of a web address cannot be looked up (words to follow "not a URL:"), or None."""
    import ipaddress

    host = parts.hostname or ""
    if "[" in parts.netloc:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return f"its host {host!r} is not an IPv6 address"
        return None
    if not host:
        return "it names no host"
    name = host if host.isascii() else ascii_host(host)
    if name is None:
        return f"its host {host!r} has an empty label or one longer than {LABEL_MAX} characters"
    name = name.removesuffix(".")
    if len(name) > HOST_MAX:
        return f"its host name is longer than {HOST_MAX} characters"
    for label in name.split("."):
        if not label:
            return f"its host {host!r} has an empty label (two dots, or a dot at its start)"
        if len(label) > LABEL_MAX:
            return f"its host {host!r} has a label longer than {LABEL_MAX} characters"
        if not LABEL.fullmatch(label):
            return f"its host {host!r} has a label other than letters, digits, '-' and '_' (not at its ends)"
    return None


DOTS = re.compile("[.\u3002\uff0e\uff61]")  # what separates the labels of a host name
LABEL_MAX = 63  # characters of one label of a host name, at most


def ascii_host(host: str) -> str | None:
    """An internationalised host name in IDNA's ASCII form: each label not in ASCII as ``xn--`` and its punycode;
    None when a label is empty (but the last) or longer than a host name's label may be."""
    labels = [
        label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii") for label in DOTS.split(host)
    ]
    if any(not label or len(label) > LABEL_MAX for label in labels[:-1]) or len(labels[-1]) > LABEL_MAX:
        return None
    return ".".join(labels)
