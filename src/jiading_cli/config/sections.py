"""The site configuration's own sections, declared once: each key a dataclass field whose metadata carries its
checker and its documentation."""

from __future__ import annotations

import posixpath
import re
import string
from collections.abc import Container
from dataclasses import MISSING, dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from jiading_cli.base.alike import ONE_THERE, folded, placed
from jiading_cli.base.tel import tel_uri
from jiading_cli.model import kinds, mailboxes, zones
from jiading_cli.model.uris import origin_as_read

PERMALINK_FIELDS = frozenset({"lang", "year", "month", "day", "slug", "category"})
PATH_STOPS = frozenset("?#%\\ ")
"""Characters a permalink's own text may not hold: each would end the path, escape a character, or name a folder
other than the one the URL names."""


def permalink(value: Any) -> str:
    pattern = kinds.text(value).strip()
    expected = "a path such as '/{lang}/news/{year}/{month}/{slug}/' using " + ", ".join(
        "{" + name + "}" for name in sorted(PERMALINK_FIELDS)
    )
    try:
        parts = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(pattern)]
    except ValueError as exc:
        raise kinds.Expected(expected) from exc
    names = {name for name, _, _ in parts if name is not None}
    plain = all(not spec and conversion is None for name, spec, conversion in parts if name is not None)
    if not pattern.startswith("/") or "slug" not in names or not names <= PERMALINK_FIELDS or not plain:
        raise kinds.Expected(expected)
    folders = pattern.format_map(dict.fromkeys(PERMALINK_FIELDS, "x")).removeprefix("/").split("/")
    inside = folders[:-1] if folders[-1] == "" else folders
    wrong = [name for name in inside if name in ("", ".", "..") or not name.isprintable() or PATH_STOPS & set(name)]
    if wrong:
        raise kinds.Expected(
            "a path of folder names such as '/{lang}/news/{year}/{month}/{slug}/', without an empty, '.' or '..' "
            "folder, '?', '#', '%', '\\' or spaces",
            f"{pattern!r}",
        )
    return pattern


DOT = re.compile("%2e", re.IGNORECASE)
"""A '.' written as its escape: a folder '%2e%2e' is '..' to a browser (RFC 3986 6.2.2.2, the URL Standard's
double-dot segment), so the URLs made of the base would name each page by a path other than its own."""


def base_url(value: Any) -> str:
    url = kinds.https_url(value)
    parts = urlsplit(url)
    if parts.query or parts.fragment or "?" in url or "#" in url:
        raise kinds.Expected("an absolute https:// URL without '?' or '#', such as 'https://www.example.com'")
    if parts.username is not None or parts.password is not None:
        raise kinds.Expected("an absolute https:// URL without a user name, such as 'https://www.example.com'")
    folders = parts.path.removeprefix("/").removesuffix("/").split("/")
    if parts.path not in ("", "/") and any(DOT.sub(".", name) in ("", ".", "..") for name in folders):
        raise kinds.Expected(
            "an absolute https:// URL whose path has no empty, '.' or '..' folder (nor one written '%2e' or "
            "'%2e%2e'), such as 'https://www.example.com/news'"
        )
    return origin_as_read(url)  # as feeds.preview_url and every URL requests go to (kinds.http_url)


def phone(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):  # +86… read as a number loses its '+'
        raise kinds.Expected(
            "a phone number in quotes, such as '+86 10 5327 0173'",
            f"the number {value!r}, which keeps no '+', leading zero or space of a phone number",
        )
    number = kinds.nonempty_line(value)
    if tel_uri(number) is None:  # pages would show no phone and the share bar no call link, without a word
        raise kinds.Expected(
            "a phone number: ASCII digits, with spaces, '-', '.' or brackets between them and '+' or '00' before "
            "a country code, such as '+86 10 5327 0173' or '(+86) 10 5327 0173'"
        )
    return number


def output_dir(value: Any) -> str:
    folder = posixpath.normpath(kinds.relative_dir(value, "public"))
    if folder == ".":
        raise kinds.Expected("a folder inside the site other than the site folder itself, such as 'public'")
    return folder


OWNED = (".git", ".jiading-cache")
"""Folders whose files are not the site's to write: git's, and jiading's cache (documented as safe to delete)."""


def site_folder(example: str) -> kinds.Checker[str]:
    """A folder of the site's own files (its articles, its templates) outside git's and the cache's folders:
    `new-article` would write articles where git keeps its own files, and deleting the cache, as its page says
    anyone may, would take the articles or the templates with it."""

    def check(value: Any) -> str:
        folder = kinds.relative_dir(value, example)
        owned = [name for name in posixpath.normpath(folder).split("/") if folded(name) in OWNED]
        if owned:
            raise kinds.Expected(
                f"a folder path inside the site outside {owned[0]}/ (its files are "
                f"{'git' if folded(owned[0]) == '.git' else 'the cache'}'s), such as '{example}'"
            )
        return folder

    return check


articles_dir = site_folder("articles")


def key(checker: kinds.Checker[Any], doc: str, default: Any = MISSING) -> Any:
    """Declare one config key: its checker, its documentation and its default."""
    meta = {"checker": checker, "doc": doc}
    if default is MISSING:
        return field(metadata=meta)
    if isinstance(default, list | dict):
        raise TypeError("use a tuple for list defaults")
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class SiteSection:
    title: str = key(kinds.nonempty_line, "Site title, shown in feeds and share cards.")
    base_url: str = key(base_url, "Absolute https URL of the site's home page.")
    description: str = key(kinds.text, "One-sentence description of the news section.", "")
    language: str = key(kinds.lang_tag, "Default language of articles (BCP 47).", "en")
    timezone: str = key(zones.timezone_name, "IANA time zone for dates without an offset.", "UTC")
    authors: tuple[str, ...] = key(kinds.line_list, "Default authors of new articles.", ())
    email: str | None = key(kinds.optional(mailboxes.email_address), "Contact email address.", None)
    phone: str | None = key(kinds.optional(phone), "Contact phone number.", None)
    copyright: str = key(kinds.line, "Copyright line for feeds.", "")
    articles_dir: str = key(articles_dir, "Folder holding the articles.", "articles")
    output_dir: str = key(output_dir, "Folder that `build` and `feed build` write to.", "public")
    permalink: str = key(permalink, "Path of an article's public URL.", "/{lang}/news/{year}/{month}/{slug}/")
    icon: str | None = key(kinds.optional(kinds.https_url), "Square icon URL for feeds.", None)
    logo: str | None = key(kinds.optional(kinds.https_url), "Wide logo URL for feeds.", None)
    titles: tuple[tuple[str, str], ...] | None = key(
        kinds.optional(kinds.per_language(kinds.nonempty_line, "title", '{zh-CN = "投资嘉定"}')),
        'The site title per language, e.g. {zh-CN = "投资嘉定"}: that language\'s pages, feeds and share cards.',
        None,
    )
    descriptions: tuple[tuple[str, str], ...] | None = key(
        kinds.optional(kinds.per_language(kinds.text, "description", '{zh-CN = "嘉定投资新闻"}')),
        "The description per language: that language's pages and feeds.",
        None,
    )
    copyrights: tuple[tuple[str, str], ...] | None = key(
        kinds.optional(kinds.per_language(kinds.line, "copyright line", '{zh-CN = "© 2017 投资嘉定"}')),
        "The copyright line per language: that language's pages and feeds.",
        None,
    )

    def title_in(self, lang: str) -> str:
        """The site's title in ``lang`` (``titles``: its exact tag, then its primary language), else ``title``."""
        return (kinds.in_language(self.titles, lang) or self.title) if self.titles else self.title

    def description_in(self, lang: str) -> str:
        """The description in ``lang`` (``descriptions``, as :meth:`title_in`), else ``description``."""
        found = kinds.in_language(self.descriptions, lang)
        return self.description if found is None else found

    def copyright_in(self, lang: str) -> str:
        """The copyright line in ``lang`` (``copyrights``, as :meth:`title_in`), else ``copyright``."""
        found = kinds.in_language(self.copyrights, lang)
        return self.copyright if found is None else found


@dataclass(frozen=True)
class ValidateSection:
    ignore: tuple[str, ...] = key(kinds.rule_codes, "Rule codes never reported.", ())
    summary_min: int = key(kinds.whole(100_000), "Shortest summary, in characters.", 20)
    summary_max: int = key(kinds.whole(100_000), "Longest summary, in characters.", 300)


@dataclass(frozen=True)
class FeedsSection:
    limit: int = key(kinds.whole(100_000), "Most items in each feed.", 20)
    content: str = key(kinds.choice("full", "summary"), "Items carry 'full' HTML or 'summary'.", "full")
    per_language: bool = key(kinds.boolean, "Also write one feed set per language.", True)
    per_category: bool = key(kinds.boolean, "Also write one feed set per category.", True)
    per_tag: bool = key(kinds.boolean, "Also write one feed set per tag.", True)
    websub_hub: str | None = key(
        kinds.optional(kinds.http_url),
        "WebSub hub announced in every feed and pinged by `feed ping` and `--ping`.",
        None,
    )
    ping_timeout: int = key(
        kinds.whole(3600, "a number of seconds"), "Seconds to wait for the WebSub hub's answer.", 10
    )
    preview_url: str | None = key(
        kinds.optional(kinds.http_url),
        "Where a preview (`feed build --include-drafts`) is served; its feeds' self links point there "
        "(default: each feed names itself by its own file name).",
        None,
    )


@dataclass(frozen=True)
class MarkdownSection:
    unsafe_html: bool = key(
        kinds.boolean,
        "Pass raw HTML in article bodies into feeds and email as it is; by default it is escaped and shows as text.",
        False,
    )


@dataclass(frozen=True)
class PagesSection:
    enabled: bool = key(kinds.boolean, "`jiading build` writes the site's pages (false: feeds and assets only).", True)
    per_page: int = key(kinds.whole(100_000), "Articles on each page of a news list.", 20)
    home_url: str | None = key(
        kinds.optional(kinds.https_url), "Target of the navigation's Home link (default: the root page).", None
    )
    templates_dir: str = key(
        site_folder("templates"), "Folder of templates replacing the default theme's, file by file.", "templates"
    )


def _apart(site: SiteSection, pages: PagesSection, written: Container[str]) -> list[tuple[str, str]]:
    """The output folder (and its preview, ``{output_dir}-preview``) apart from the site's own files, as every build
    and preview needs it (``feeds/folder.py``, ``check_apart``, which also follows links): not the articles, the
    templates, the cache, ``.git`` or ``.github`` (the CI workflow), nor inside or holding them. Said of the key
    written in the file, so that `validate` fails on what every build would refuse."""
    out = posixpath.normpath(site.output_dir)
    own = {
        "site.articles_dir": ("articles folder", posixpath.normpath(site.articles_dir)),
        "pages.templates_dir": ("templates folder", posixpath.normpath(pages.templates_dir)),
        ".jiading-cache": ("cache folder", ".jiading-cache"),
        ".git": ("git folder", ".git"),
        ".github": ("GitHub folder", ".github"),  # its CI workflow, which `init` writes: never a build's to write among
        "jiading.toml": ("config file", "jiading.toml"),  # a build would stop at a file in the way of its folder
    }
    for folder, what in ((out, "site.output_dir"), (out + "-preview", "the preview folder of site.output_dir")):
        for other, (name, path) in own.items():
            relation, alike = placed(PurePosixPath(folder), PurePosixPath(path))
            if relation:
                key = other if other.startswith(("site.", "pages.")) else "site.output_dir"
                field = key if key in written and "site.output_dir" not in written else "site.output_dir"
                told = f"{key}: {path!r}" if key != "site.output_dir" else repr(path)
                message = (
                    f"expected the output folder apart from the site's own files, found that {what} ({folder!r}) "
                    f"{relation} the site's {name} ({told}){ONE_THERE if alike else ''}"
                )
                return [(field, message)]
    return []


def across(loaded: dict[str, Any], written: Container[str] = ()) -> list[tuple[str, str]]:
    """Problems across keys of the loaded sections, as ('section.key', message): a pair of limits the wrong way round
    would make every value wrong, and an output folder among the site's own files every build; ``written``: the keys
    the file sets (a problem is said of one of them)."""
    found: list[tuple[str, str]] = []
    site, pages = loaded.get("site"), loaded.get("pages")
    if isinstance(site, SiteSection) and isinstance(pages, PagesSection):
        found += _apart(site, pages, written)
    checks = loaded.get("validate")
    if isinstance(checks, ValidateSection) and checks.summary_min > checks.summary_max:
        found.append(
            (
                "validate.summary_min",
                f"expected at most validate.summary_max ({checks.summary_max}), got {checks.summary_min}: "
                "no summary could be long enough and short enough",
            )
        )
    return found


SECTIONS: dict[str, type] = {
    "site": SiteSection,
    "validate": ValidateSection,
    "feeds": FeedsSection,
    "markdown": MarkdownSection,
    "pages": PagesSection,
}
"""The sections jiading's core reads. Others (sharing and each network) are given by ``Plugins``."""
