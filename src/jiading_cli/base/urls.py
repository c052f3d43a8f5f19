"""The one guarded URL parse: any text gives its parts or the reason it is not a URL, never an exception.

``urllib.parse.urlsplit`` raises for some text (``https://[oops/a``: "Invalid IPv6 URL"), and reading a
port raises for a port out of range (``https://a:99999/``). Every URL jiading reads from a file goes
through :func:`parse_url`, so a URL that cannot be read is a located problem, not a traceback.
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
            return "its host has a '[' or ']' without its pair"
        if "port" in reason.lower():
            return "its port is not a number from 0 to 65535"
        return f"it cannot be read as a URL: {reason}"
    return parts


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
