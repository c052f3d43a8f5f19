"""Share links for buttons: Facebook, LinkedIn, X, Weibo, a mailto: link (RFC 6068) and a WeChat QR code."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from jiading_cli.base import percent
from jiading_cli.share.settings import ShareSection

UTM = ("utm_source", "utm_medium", "utm_campaign")
PLAIN = re.compile(r"https?://[-A-Za-z0-9.:]+(?:/[^?#\t\r\n]*)?")  # has neither query nor fragment; joins as written


def with_utm(url: str, share: ShareSection, network: str) -> str:
    """``url`` with the configured utm_* parameters (``{network}`` in a value names the network)."""
    utm = (share.utm_source, share.utm_medium, share.utm_campaign)
    if not any(utm):
        return url
    start, kept, fragment = _split(url)
    query = _tagged(kept, utm, network)
    # As urlunsplit joins the parts: the query, then the fragment, each after its mark when not empty.
    return start + ("?" + query if query else "") + ("#" + fragment if fragment else "")


def each_with_utm(url: str, share: ShareSection, networks: tuple[str, ...]) -> dict[str, str]:
    """:func:`with_utm` for each of ``networks`` (by network), ``url`` split once for all of them."""
    utm = (share.utm_source, share.utm_medium, share.utm_campaign)
    if not any(utm):
        return dict.fromkeys(networks, url)
    start, kept, fragment = _split(url)
    end = "#" + fragment if fragment else ""
    return {network: start + query + end for network, query in _marked(kept, utm, networks)}


@lru_cache(maxsize=16)  # a site's pages have the same networks and tags, and most URLs no query of their own
def _marked(
    kept: tuple[tuple[str, str], ...], utm: tuple[str, str, str], networks: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """Each network with its link's query as it follows the URL's start: after a ``?``, or nothing when empty."""
    return tuple((network, "?" + query if (query := _tagged(kept, utm, network)) else "") for network in networks)


@lru_cache(maxsize=64)  # an article's URL is tagged once for each network, one URL after another
def _split(url: str) -> tuple[str, tuple[tuple[str, str], ...], str]:
    """``url`` without its query and fragment (as urlunsplit joins it), its own query without utm_*, its fragment.

    A public URL (``https://host/path``, nothing urlsplit would change) is all start: :func:`split_apart` is how
    any other is split."""
    if PLAIN.fullmatch(url):
        return url, (), ""
    return split_apart(url)


def split_apart(url: str) -> tuple[str, tuple[tuple[str, str], ...], str]:
    """What :func:`_split` gives, by splitting ``url`` with urlsplit and joining it again."""
    parts = urlsplit(url)
    kept = tuple((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.startswith("utm_"))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")), kept, parts.fragment


@lru_cache(maxsize=256)  # a page's links share a few queries: its URL's own (mostly none) and the networks'
def _tagged(kept: tuple[tuple[str, str], ...], utm: tuple[str, str, str], network: str) -> str:
    """The query of a link: ``kept`` (the URL's own, without utm_*), then the utm_* parameters for ``network``."""
    params = [(name, value.replace("{network}", network)) for name, value in zip(UTM, utm, strict=True) if value]
    return urlencode([*kept, *params], quote_via=quote)


SHIMS = ("l.facebook.com", "lm.facebook.com")
SHIMS_MAX = 3  # a shim's target in a shim, at most: a network's answer might nest them without end


def without_utm(url: str) -> str:
    """``url`` as a page address: no utm_* parameters, host in lower case, Facebook's link shim undone.
    A URL ``urlsplit`` cannot read (``http://[::1``) raises ValueError."""
    parts = urlsplit(url.strip())
    for _ in range(SHIMS_MAX):
        target = dict(parse_qsl(parts.query)).get("u") if parts.netloc.lower() in SHIMS else None
        if not target:
            break
        parts = urlsplit(target.strip())
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.startswith("utm_")]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(kept, quote_via=quote), ""))


def same_page(one: str, other: str) -> bool:
    """True when two links lead to the same page, with or without the UTM parameters; a link that is no URL (one a
    network's answer holds, say) leads to none."""
    try:
        return without_utm(one) == without_utm(other)
    except ValueError:
        return False


def _query(pairs: list[tuple[str, str]]) -> str:
    """The pairs with a value, each ``name=value`` with the value percent-encoded (the names are plain words)."""
    return "&".join([name + "=" + quoted(value) for name, value in pairs if value])


@lru_cache(maxsize=64)  # a page quotes the same few texts for several links: its URL, its title
def quoted(text: str) -> str:
    """``quote(text, safe="")``: every character but ASCII letters, digits and ``_.-~`` percent-encoded as UTF-8."""
    return percent.quote(text, safe="")


def facebook(url: str) -> str:
    return "https://www.facebook.com/sharer/sharer.php?" + ("u=" + quoted(url) if url else "")  # _query, one pair


def linkedin(url: str) -> str:
    return "https://www.linkedin.com/sharing/share-offsite/?" + ("url=" + quoted(url) if url else "")  # as above


def x(text: str, url: str, via: str | None) -> str:
    return "https://x.com/intent/post?" + _query([("text", text), ("url", url), ("via", (via or "").lstrip("@"))])


def weibo(text: str, url: str, image: str | None) -> str:
    return "https://service.weibo.com/share/share.php?" + _query([("url", url), ("title", text), ("pic", image or "")])


def mailto(subject: str, body: str, to: tuple[str, ...] = ()) -> str:
    """A mailto: URI per RFC 6068: UTF-8 percent-encoded, spaces as %20, line breaks as %0D%0A, never '+'."""
    address = ",".join([quote(a, safe="@") for a in to])
    fields = [name + "=" + _lines(value) for name, value in (("subject", subject), ("body", body)) if value]
    return "mailto:" + address + ("?" + "&".join(fields) if fields else "")


def _lines(value: str) -> str:
    """``value`` percent-encoded, each line break (CRLF, CR or LF) as ``%0D%0A``."""
    if "\n" not in value and "\r" not in value:
        return quoted(value)  # one line: what joining its only line gives
    lines = (value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value).split("\n")
    return "%0D%0A".join(map(quoted, lines))


QR_BYTES = 2331  # the most a QR code holds, in byte mode at error level M (version 40)


def qr_target(tagged: str, plain: str) -> str:
    """What the WeChat QR code holds: the link with its utm tags (``tagged``), or the article's own URL when a QR
    code cannot hold the tagged one (very long utm values); a public URL always fits (JD124)."""
    return tagged if len(tagged.encode("utf-8")) <= QR_BYTES else plain


def qr_svg(url: str) -> str:
    """A QR code of ``url`` as an SVG document, made offline (WeChat users scan it to share)."""
    import io

    import segno

    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=4, border=4, xmldecl=True, svgns=True, title=url, nl=True)
    return out.getvalue().decode("utf-8")
