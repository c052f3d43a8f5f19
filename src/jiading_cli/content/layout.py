"""Where a site's own files lie in its output folder — the home page, each language's news list and feeds, the
tag and category lists, the site's feeds, sitemap and theme — so that no article's page is given one of their
paths (``tests/test_site_layout.py`` holds a build's files to it)."""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import unquote

HOME_FILES = frozenset(
    {"index.html", "404.html", "sitemap.xml", "robots.txt", "feed.xml", "atom.xml", "feed.json", "feed.xsl"}
)
"""The files at the top of the output folder: the home page, the 404 page, the sitemap, robots.txt, the site's
feeds and their stylesheet."""
SITEMAP_PART = re.compile(r"sitemap-[1-9][0-9]*\.xml")
"""A part of the sitemap of a site of many pages (``pages.sitemap``), at the top of the output folder too."""
SITE_FOLDERS = ("assets/", "categories/", "tags/")
"""The folders that are the site's whole: the theme's files, the category and tag lists with their feeds."""
LANGUAGE_FILES = frozenset({"index.html", "feed.xml", "atom.xml", "feed.json"})
"""The files in each language's folder (``en/``): its news list and its feeds; its older pages are in ``page/``."""


def page_file(path: str) -> str:
    """The file (relative to the output folder) of the page at ``path`` below the base URL (``/en/a/``)."""
    name = unquote(path.split("?", 1)[0].split("#", 1)[0]).lstrip("/")
    return name + "index.html" if not name or name.endswith("/") else name


def site_file(name: str, languages: Collection[str]) -> str | None:
    """What of the site's own lies at ``name`` (a file relative to the output folder), in words; None when none
    does. ``languages``: the languages of the site's articles, in lower case."""
    if name in HOME_FILES or SITEMAP_PART.fullmatch(name):
        return "a file of the site's own at the top of the output folder"
    if name.startswith(SITE_FOLDERS):
        return f"in the site's {name.split('/', 1)[0]}/ folder"
    folder, _, rest = name.partition("/")
    if folder in languages and (rest in LANGUAGE_FILES or rest.startswith("page/")):
        return f"the {folder}/ news list or its feeds"
    return None
