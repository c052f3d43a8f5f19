"""Validation rules: every check `jiading validate` runs, each with a stable code (see ``codes``).

The rules about one article's fields are in ``fields``, those about the files it names in ``references``;
this module runs them all and holds the rules across articles.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from jiading_cli.base.printable import printable, quoted
from jiading_cli.config import Config
from jiading_cli.content import limits
from jiading_cli.content.layout import page_file, site_file
from jiading_cli.content.site import public_url
from jiading_cli.content.slug import MAX_LENGTH, slugify
from jiading_cli.model import languages
from jiading_cli.model.article import naming
from jiading_cli.model.errors import Problem, Severity, describe
from jiading_cli.validate.codes import RULES as CODES
from jiading_cli.validate.codes import SHARE_RULES
from jiading_cli.validate.codes import problem as _p
from jiading_cli.validate.fields import CONTENT_CHECKS
from jiading_cli.validate.filecheck import Reference, check_files, referenced_files
from jiading_cli.validate.moment import check_moment, check_schedule
from jiading_cli.validate.probe import Probe
from jiading_cli.validate.rawbalance import RULES as RAW_BALANCE_RULES
from jiading_cli.validate.rawbalance import check_balance
from jiading_cli.validate.rawhtml import RULES as RAW_HTML_RULES
from jiading_cli.validate.rawhtml import check_raw_html
from jiading_cli.validate.references import body_references, local_references, targets
from jiading_cli.validate.schemes import check_schemes
from jiading_cli.validate.suppress import RULES as SUPPRESS_RULES

if TYPE_CHECKING:
    from jiading_cli.model.article import Article

URL_MAX = 2048  # characters of a public URL: the sitemap protocol's limit; a QR code holds 2,331 bytes

__all__ = [
    "RULES",
    "Probe",
    "Reference",
    "body_references",
    "check_article",
    "check_content",
    "check_files",
    "check_posts",
    "check_schedule",
    "check_site",
    "local_references",
    "post_keys",
    "referenced_files",
    "targets",
]

RULES: dict[str, tuple[Severity, str]] = {
    **CODES,
    **SHARE_RULES,
    **SUPPRESS_RULES,
    **RAW_HTML_RULES,
    **RAW_BALANCE_RULES,
}

Rule = Callable[["Article", Config], list[Problem]]
"""A rule given by a layer above (sharing's JD180-JD186): one article and the config in, problems out."""


def check_content(article: Article, config: Config, extra: Sequence[Rule] = ()) -> list[Problem]:
    """Every rule whose answer depends only on the article and the config (cached between runs).

    ``config.rules`` (sharing's, given by the application layer when it loads the config) and ``extra`` run too.
    """
    return [
        *(problem for check in CONTENT_CHECKS for problem in check(article, config)),
        *(problem for rule in (*config.rules, *extra) for problem in rule(article, config)),
        *check_raw_html(article, config),
        *check_balance(article, config),
        *check_schemes(article, config),
    ]


def check_article(article: Article, config: Config, now: dt.datetime) -> list[Problem]:
    """Every per-article rule: content, the moment's (schedule), and the files the article names."""
    return [
        *check_content(article, config),
        *check_moment(article, now),
        *check_files(article, config, local_references(article, config.markdown.unsafe_html)),
    ]


def _same(text: str) -> str:
    """What two ids that read alike have in common: ``urn:uuid:0B9A…`` is ``urn:uuid:0b9a…`` (one UUID), and
    ``tag:…:café`` is the same whether its 'é' is one character or 'e' and an accent (NFC and NFD)."""
    return unicodedata.normalize("NFC", text).casefold() if not text.isascii() else text.casefold()


def check_site(articles: list[Article], config: Config, urls: Sequence[str] | None = None) -> list[Problem]:
    """Rules across articles: duplicate ids, URLs and post ids, translations that lead nowhere.

    ``articles`` may hold partial ones (see ``Loaded.partial``); ``urls``: each article's ``public_url``,
    when already known.
    """
    problems = []
    by_id: dict[str, Article] = {}  # the first article with each id, by its id as written
    firsts: dict[str, dict[str, Article]] = {"JD121": {}, "JD122": {}}  # the first with each id (any case) and URL
    known = [public_url(config, article) for article in articles] if urls is None else urls
    langs = {article.lang.lower() for article in articles}
    for article, url in zip(articles, known, strict=True):
        problems += check_url(article, url, config, langs)
        if "id" not in article.unread:
            by_id.setdefault(article.id, article)
        for code, name, what, value, key in (
            ("JD121", "id", "id", article.id, _same(article.id)),
            ("JD122", "slug", "public URL", url, url),
        ):
            if article.unread and (code == "JD122" or "id" in article.unread):
                continue  # a placeholder is no one's id, and a URL made with one is no one's URL
            first = firsts[code].setdefault(key, article)
            if first is not article:
                same = first.id if code == "JD121" else url
                but = "" if same == value else " but for case or Unicode form"
                message = f"expected a unique {what}, but {first.path} has the same{but}: {same}"
                problems.append(_p(article, code, name, message))
    return problems + check_translations(articles, by_id, firsts["JD121"]) + check_posts(articles)


FIELD = "syndication"
DIGEST = "digest"  # a digest's record, its Message-ID on every article the one message lists (share.registry's)


def post_keys(article: Article) -> tuple[tuple[str, str], ...]:
    """The posts ``article``'s records name, each once, as (network, post id): a record of a network and a post id
    as text (any other is JD183's), but a digest's, which names one message of many articles."""
    found: dict[tuple[str, str], None] = {}
    for item in article.syndication:
        if isinstance(item, dict):
            network, remote = item.get("network"), item.get("remote_id")
            if isinstance(network, str) and isinstance(remote, str) and network and remote and network != DIGEST:
                found[network, remote] = None
    return tuple(found)


def check_posts(articles: Sequence[Article]) -> list[Problem]:
    """JD187: a post id two articles record for one network, said of each, naming another that records it (a post
    is one article's: `share` refuses both, and would otherwise edit one's post with the other's text)."""
    holders: dict[tuple[str, str], list[Article]] = {}
    severity, _ = SHARE_RULES["JD187"]
    for article in articles:
        if article.syndication:  # most articles have no record: nothing else is looked at
            for key in post_keys(article):
                holders.setdefault(key, []).append(article)
    problems = []
    for (network, remote), held in holders.items():
        if len(held) == 1:
            continue
        for article in held:
            others = [other.path for other in held if other is not article]
            who = f"{others[0]} records" if len(others) == 1 else f"{others[0]} and {len(others) - 1} more record"
            message = f"expected a post id no other article records, got {quoted(remote)}, which {who} too"
            said = f"{message} ({printable(network)})"
            problems.append(Problem(article.path, article.line_of(FIELD), "JD187", severity, FIELD, said))
    return problems


def check_url(article: Article, url: str, config: Config, langs: Collection[str]) -> list[Problem]:
    """JD124 and JD125: the article's public URL ``url`` is short enough and takes no file of the site's, whose
    languages ``langs`` (every article's, in lower case) each have a folder of their own."""
    if article.unread:
        return []
    problems = []
    if len(url) > URL_MAX:
        message = f"expected a public URL of at most {URL_MAX:,} characters, got one of {len(url):,}: {url[:60]}…"
        problems.append(_p(article, "JD124", "slug", message))
    for field, what, name, folder in _lists(article, config) if config.pages.enabled else ():
        if (longest := len(folder) + LIST_ROOM) > URL_MAX:
            message = (
                f"expected the news list of {what} {name!r} at a URL of at most {URL_MAX:,} characters with its "
                f"older pages, got one of up to {longest:,}: {folder[:60]}…"
            )
            problems.append(_p(article, "JD124", field, message))
    if article.category and "{category" in config.site.permalink and not slugify(article.category):
        message = (
            f"expected a name with a letter or digit, which site.permalink's {{category}} makes a folder of the "
            f"article's URL from, got {describe(article.category)}; add a word, or take {{category}} out of the "
            "permalink"
        )
        problems.append(_p(article, "JD126", "category", message))
    if config.pages.enabled and len(langs) > limits.LANGUAGES and article.lang.lower() not in _kept(langs):
        message = (
            f"expected the site's articles in at most {limits.LANGUAGES} languages, found {len(langs):,}; "
            f"{printable(article.lang)!r} is past the first {limits.LANGUAGES} in alphabetical order: every page "
            "links each language's home page and each version of its article, so pages grow with their square"
        )
        problems.append(_p(article, "JD108", "lang", message))
    path = url[len(config.site.base_url.rstrip("/")) :]
    if (taken := site_file(page_file(path), langs)) is not None:
        message = f"expected a page of the article's own, got {path!r}, {taken}; change the slug or permalink"
        problems.append(_p(article, "JD125", "slug", message))
    return problems


_KEPT: list[tuple[Collection[str], frozenset[str]]] = []  # the last ``langs`` past the limit, with its kept ones


def _kept(langs: Collection[str]) -> frozenset[str]:
    """The first ``limits.LANGUAGES`` of ``langs`` in alphabetical order, sorted once for every article that one
    collection is checked with (a sort per article would cost articles times languages)."""
    if not _KEPT or _KEPT[0][0] is not langs:
        _KEPT[:] = [(langs, frozenset(sorted(langs)[: limits.LANGUAGES]))]
    return _KEPT[0][1]


LIST_ROOM = len("page/") + 10 + len("/")  # what a news list's URL grows by for an older page: ``page/123/``
HASH_ROOM = len("-") + 8  # what a slug may be given when another name has it: ``c-951a4d36``
SLUG_ROOM = MAX_LENGTH + 2 * HASH_ROOM  # the longest a group's folder name is (``feeds.sets.slugs``), and more


def _lists(article: Article, config: Config) -> list[tuple[str, str, str, str]]:
    """The news lists the article is on, each as its field, its kind, its name and the longest URL its folder may
    have: its language's, its category's and each tag's (a slug with a hash of its name, as one another name has)."""
    from jiading_cli.content.layout import GROUP_FOLDERS

    base = config.site.base_url.rstrip("/")
    found = [("lang", "language", article.lang, f"{base}/{article.lang.lower()}/")]
    for field, kind, names in (("category", "category", (article.category,)), ("tags", "tag", article.tags)):
        folder = f"{base}/{GROUP_FOLDERS[kind]}/"
        if len(folder) + SLUG_ROOM + len("/") + LIST_ROOM <= URL_MAX:
            continue  # no name's list can reach the limit: no slug is worked out (a Chinese name's reads pinyin)
        found += [(field, kind, name, f"{folder}{slugify(name)}{'x' * HASH_ROOM}/") for name in names if name]
    return found


def check_translations(
    articles: Sequence[Article], by_id: Mapping[str, Article], alike: Mapping[str, Article]
) -> list[Problem]:
    """JD131 and JD132 of ``articles``, whose translations lead to the articles of ``by_id`` (the first article
    with each id, by its id as written; ``alike``: by the id as JD121 compares them); every article naming one of
    ``articles`` is among them."""
    problems = []
    for article in articles:
        given: dict[str, str] = {}  # each language named, in lower case: the key naming it first
        for tag, target in article.translations.items():
            found = by_id.get(target)
            named = given.setdefault(tag.lower(), tag)
            if named != tag:  # pages and feeds would show one of the two, unsaid which
                message = f"expected one translation per language, got {tag!r} and {named!r}"
                problems.append(_p(article, "JD132", "translations", message))
            elif found is None or found is article:
                whose = "(this article's own id)" if found is article else _unknown(target, alike, article)
                message = f"expected the id of another article for {tag!r}, got {target!r} {whose}"
                problems.append(_p(article, "JD131", "translations", message))
            elif languages.check(tag):
                continue  # JD130 says the key is no language tag
            elif tag.lower() == article.lang.lower():
                message = f"expected a language other than this article's own ({article.lang!r}), got {tag!r}"
                problems.append(_p(article, "JD132", "translations", message))
            elif found.lang.lower() != tag.lower():
                problems.append(_p(article, "JD132", "translations", f"{found.path} is in {found.lang!r}, not {tag!r}"))
    return problems + _versions(articles, by_id)


def _unknown(target: str, alike: Mapping[str, Article], article: Article) -> str:
    """Why no article is the one a translation names: none has its id, or one has it but for case or Unicode form
    (the same id to JD121, never a second one), named with the id as it writes it, to be written the same here."""
    other = alike.get(_same(target))
    if other is None:
        return "(no article has it)"
    if other is article:
        return f"(this article's own id, written {article.id!r})"
    return f"({other.path} has it but for case or Unicode form, written {other.id!r}: write it so)"


def _versions(articles: Sequence[Article], by_id: Mapping[str, Article]) -> list[Problem]:
    """JD132 where an article would have two versions in one language: a translation is one both ways (its page lists
    the articles it names and those naming it, ``pages.article.alternates``, the first of each language), so an
    article of a language it names another of, or two of one language naming it, are a version its page leaves out.
    (An article naming one of its own language, or two of one language named, is said where it is named, above.)"""
    named_by = naming(articles)
    problems = []
    for article in articles:
        if "id" in article.unread or article.id not in named_by:
            continue
        named = [by_id[i] for _, i in sorted(article.translations.items()) if i in by_id and by_id[i] is not article]
        seen: dict[str, Article] = {article.lang.lower(): article}
        for other in named:
            seen.setdefault(other.lang.lower(), other)
        for other in named_by[article.id]:
            first = seen.setdefault(other.lang.lower(), other)
            if first is other or first is article or first.id == other.id:
                continue
            if any(first is one for one in named):
                both = f"{first.path}, named here, and {other.path}, which names this article as its translation"
            else:
                both = f"{first.path} and {other.path}, which both name this article as their translation"
            message = (
                f"expected one version in {other.lang!r}, got {both}: its page lists {first.path} alone; "
                "take one of the two translations out"
            )
            problems.append(_p(article, "JD132", "translations", message))
    return problems
