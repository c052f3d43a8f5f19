"""Where pages live: the output file of a URL and the link a page gives another page of the site.

Every page is a folder's ``index.html`` at its URL; links between pages of the site are written
from the site's root (``/en/news/…``), so the output folder works on any host, the deployed one or
a preview server; what leaves the page (canonical, ``og:url``, the sitemap) stays absolute.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from jiading_cli.config import Config
from jiading_cli.content.htmlrefs import rewritten
from jiading_cli.content.layout import INDEX
from jiading_cli.content.markdown import made_urls


def base_path(config: Config) -> str:
    """The path of the base URL, ending in '/': '/' for ``https://example.com``."""
    return urlsplit(config.site.base_url).path.rstrip("/") + "/"


def absolute(config: Config, path: str) -> str:
    """The absolute URL of a path below the base URL (``en/`` → ``https://example.com/en/``)."""
    return config.site.base_url.rstrip("/") + "/" + path.lstrip("/")


def href(config: Config, path: str) -> str:
    """The link to a path below the base URL, from the site's root."""
    return base_path(config) + path.lstrip("/")


def output_file(config: Config, url: str) -> str | None:
    """The file (relative to the output folder) that serves ``url``; None for a URL outside the site."""
    base = config.site.base_url.rstrip("/")
    if not url.startswith(base + "/"):
        return None
    path = unquote(urlsplit(url[len(base) :]).path).lstrip("/")
    if not path or path.endswith("/"):
        return path + INDEX
    return path


def local(config: Config, html: str, body: bool = False) -> str:
    """``html`` with every link and image into the site written from its root instead of absolute: each URL of
    an attribute that carries URLs (:mod:`jiading_cli.content.htmlrefs`: every candidate of a ``srcset`` too),
    and no other text (an ``alt`` or a paragraph that quotes an address keeps it). ``body``: an article's body as
    the renderer made it, whose URLs, without ``unsafe_html``, are those of the links and images cmark wrote
    (:func:`~jiading_cli.content.markdown.made_urls`)."""
    base = config.site.base_url.rstrip("/") + "/"
    if base not in html:
        return html
    root = base_path(config)
    spans = made_urls(html) if body and not config.markdown.unsafe_html else None
    return rewritten(html, lambda url: root + url[len(base) :] if url.startswith(base) else url, spans)


def link(config: Config, url: str) -> str:
    """A link to ``url`` from a page of the site: from the site's root when inside it, else as it is."""
    base = config.site.base_url.rstrip("/")
    return base_path(config) + url[len(base) + 1 :] if url.startswith(base + "/") else url
