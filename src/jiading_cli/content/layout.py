"""Where a site's own files lie in its output folder — the home page, each language's news list and feeds, the
tag and category lists, the site's feeds, sitemap and theme — so that no article's page is given one of their
paths (``tests/test_site_layout.py`` holds a build's files to it).

The names are defined here, once: the feeds (:mod:`jiading_cli.feeds.sets`, :mod:`jiading_cli.feeds.build`) and
the pages (:mod:`jiading_cli.pages`) write their files under these names, and :func:`site_file` (JD125) reads
the same ones, so a file the site writes cannot be left out of the check.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import unquote

from jiading_cli.base.alike import ONE_THERE, folded
from jiading_cli.base.tempnames import TEMP_INFIX

FEED_FILES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
"""Each feed's file of each format, in the feed's folder: the site's at the top, a language's, category's or tag's
in its own."""
STYLESHEET = "feed.xsl"
"""The feeds' XSL stylesheet, at the top of the output folder."""
INDEX = "index.html"
"""A page's file in its folder: the home page at the top, each news list in its folder, each article's page."""
NOT_FOUND = "404.html"
ROBOTS = "robots.txt"
SITEMAP = "sitemap.xml"
SITEMAP_PART = re.compile(r"sitemap-[1-9][0-9]*\.xml")
"""A part of the sitemap of a site of many pages, at the top of the output folder too (:func:`sitemap_part`)."""
ASSETS = "assets"
CSS = f"{ASSETS}/jiading.css"
SCRIPT = f"{ASSETS}/jiading.js"
GROUP_FOLDERS = {"category": "categories", "tag": "tags"}
"""The folder of each category's and tag's news list and feeds: ``tags/{slug}/``."""
MANIFEST = ".jiading-manifest.json"
"""The feeds' manifest, at the top of the output folder: each feed file a build wrote, with its digest."""
PAGES_MANIFEST = ".jiading-pages.json"
"""The pages' and assets' manifest, beside the feeds'."""
LIST_PAGES = "page"
"""The folder of a news list's older pages, in the list's folder: ``en/page/2/``."""

TOP_FILES = frozenset({INDEX, NOT_FOUND, ROBOTS, SITEMAP, STYLESHEET, *FEED_FILES.values()})
"""The files at the top of the output folder: the home page, the 404 page, robots.txt, the sitemap, the site's
feeds and their stylesheet."""
SITE_FOLDERS = frozenset({ASSETS, *GROUP_FOLDERS.values()})
"""The folders that are the site's whole: the theme's files, the category and tag lists with their feeds."""
LANGUAGE_FILES = frozenset({INDEX, *FEED_FILES.values()})
"""The files in each language's folder (``en/``): its news list and its feeds; its older pages are in ``page/``."""


def sitemap_part(number: int) -> str:
    """The file of part ``number`` (from 1) of a sitemap in parts."""
    return f"sitemap-{number}.xml"


def list_page(folder: str, number: int) -> str:
    """The folder of older page ``number`` of the news list in ``folder``."""
    return f"{folder}/{LIST_PAGES}/{number}"


def page_file(path: str) -> str:
    """The file (relative to the output folder) of the page at ``path`` below the base URL (``/en/a/``)."""
    name = unquote(path.split("?", 1)[0].split("#", 1)[0]).lstrip("/")
    return name + INDEX if not name or name.endswith("/") else name


def site_file(name: str, languages: Collection[str]) -> str | None:
    """What of the site's own a file at ``name`` (relative to the output folder) would take, in words; None when
    nothing. It takes a file of the site's, or a folder the site writes in: as that file or folder itself, or as
    a folder on its way (``feed.xml/a/index.html`` makes ``feed.xml`` a folder); in any case or Unicode form of
    its names too (``Tags/a/index.html`` is in ``tags/`` on Windows and macOS, which take the two for one), said
    so. ``languages``: the languages of the site's articles, in lower case."""
    taken = _taken(name, languages)
    if taken is None and (taken := _taken(folded(name), languages)) is not None:
        taken += ONE_THERE
    return taken


def _taken(name: str, languages: Collection[str]) -> str | None:
    if any(own_name(part) for part in name.split("/")):
        return "a name jiading keeps for its own files (the build's manifests and marks, its temporary files)"
    top, _, rest = name.partition("/")
    if top in SITE_FOLDERS:
        return f"in the site's {top}/ folder"
    if top in TOP_FILES or SITEMAP_PART.fullmatch(top):
        return _over(top) if rest else "a file of the site's own at the top of the output folder"
    if top not in languages:
        return None
    if not rest:
        return f"a file where the site's {top}/ folder must be, for the {top}/ news list and its feeds"
    inner, _, below = rest.partition("/")
    if inner == LIST_PAGES or (inner in LANGUAGE_FILES and not below):
        return f"the {top}/ news list or its feeds"
    return _over(f"{top}/{inner}") if inner in LANGUAGE_FILES else None


def own_name(name: str) -> bool:
    """Whether a file or folder of that name is one of jiading's own, in any folder of the output: the manifests
    (``.jiading-manifest.json``), the mark of a build writing beside them (``.jiading-manifest.json.writing``),
    the temporary files staged beside each file (``.index.html.jiading-x1y2z3w4.tmp``), which a build takes away
    as a killed run's leftovers. Each starts with ``.`` and holds ``.jiading-``; no file the build writes for an
    article or a list does."""
    return name.startswith(".") and TEMP_INFIX in name


def _over(place: str) -> str:
    return f"its folder {place}/ would take the place of the site's file {place}"
