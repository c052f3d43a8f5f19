"""The limits on what jiading reads, in one place: past each, a clear problem instead of unbounded work.

Every step that reads an article is linear in the size of its input; these bound that input, so one
file can never cost more than a bounded amount of time and memory.
"""

from __future__ import annotations

FILE_BYTES = 4 * 1024 * 1024
"""Largest article file read, in bytes (4 MiB): a long article with its front matter is under 1 MiB."""

FRONT_CHARACTERS = 256 * 1024
"""Longest front matter, in characters (256 KiB): room for many `syndication` records."""

VALUE_CHARACTERS = 65_536
"""Longest text in one front-matter value (the longest share text a network takes is 63,206)."""

TAGS = 100
"""Most tags of one article: each tag is a list page and three feeds that each carry the article, with its tags,
so the files a build writes grow as the square of an article's tag count."""

LANGUAGES = 100
"""Most languages of a site's articles: each is a home page, lists and feeds, and every page links each one (its
language menu) and each version of the article in another, so the pages a build writes grow as the square of the
count (benchmarks/RESULTS.md)."""

DEPTH = 16
"""Deepest nesting of lists and mappings in front matter (a `syndication` record needs three)."""

DEEPER = f"expected lists and mappings nested at most {DEPTH} deep, found deeper ones"
"""What a value nested past ``DEPTH`` is said to be: the same words, however deep (past the 1,000 levels the YAML
reader follows too)."""

BODY_DEPTH = 100
"""Deepest nesting of a body's Markdown (quotes, lists, emphasis and links inside one another), as cmark reads it:
a page's elements nest as deep, and browsers flatten a tree deeper than 512 (the Nu HTML Checker's error)."""

PROBLEMS_SHOWN = 50
"""Problems printed per file in the text and GitHub reports; `--format json` lists every one."""

SUGGESTED_NAME = 64
"""Longest unknown field name for which a close known name is looked for ("did you mean …?")."""
