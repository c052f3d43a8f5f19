"""What one article's change in an incremental feed build does to the others: ids, URLs, post ids and language
versions.

An incremental build (:mod:`.delta`) goes on only where no other article's checks or items change with it; anything
else is :class:`~.groups.Fallback`, a full build. A translation is one both ways: an article's item lists the
articles it names and those naming it (``feeds.items``), so an article with ``translations`` that comes, goes or
changes its id, URL, language, whether it is published or its ``translations`` is a full build; otherwise the
articles naming an article are those its last item listed (:func:`naming`).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from jiading_cli.config import Config
from jiading_cli.content.site import public_url
from jiading_cli.incremental.ledger.groups import Fallback
from jiading_cli.incremental.ledger.model import Brief, Ledger, count, post_key
from jiading_cli.validate import suppress
from jiading_cli.validate.published import published_clash
from jiading_cli.validate.rules import check_translations, check_url

if TYPE_CHECKING:
    from jiading_cli.incremental.ledger.delta import Delta
    from jiading_cli.model.article import Article


def check_site(config: Config, delta: Delta, name: str, old: Brief | None, new: Brief | None) -> int:
    """Keep ids, URLs, languages and translation targets right, or fall back where other articles' results would
    change.

    Returns how many warnings the rules across articles give ``new``: the rules of a full build's validation
    (:func:`~jiading_cli.validate.rules.check_translations`), run on it and the articles around it.
    """
    ledger = delta.ledger
    if _versions_moved(old, new):
        raise Fallback  # the items of the articles it names list it (a translation is one both ways), or did
    if old is not None:
        seen = (old.id, old.url, old.lang, old.chosen)
        if old.id in ledger.targets and (new is None or seen != (new.id, new.url, new.lang, new.chosen)):
            raise Fallback  # another article's translation is checked against it and shows its URL
        if ledger.id_of(old.id) != name:
            raise Fallback
        ledger.set_id(old.id, None)
        ledger.set_url(old.url, False)
        _release(ledger, name, old)
        ledger.add_targets((target for _, target in old.translations), by=-1)
        count(ledger.languages, old.lang.lower(), -1)
    if new is None:
        if old is None:
            raise Fallback  # a file the ledger does not know is gone: the ledger is not this site's
        return 0
    if ledger.id_of(new.id) is not None or ledger.has_url(new.url):
        raise Fallback  # JD121 or JD122: a full build reports both articles
    if new.id in ledger.targets and (old is None or old.id != new.id):
        raise Fallback  # a translation that led nowhere would now lead here
    _claim(ledger, name, new)
    ledger.set_id(new.id, name)
    ledger.set_url(new.url, True)
    ledger.add_targets(target for _, target in new.translations)
    count(ledger.languages, new.lang.lower(), 1)
    found = _translations(delta, delta.fresh[name])
    if found and suppress.marked(delta.fresh[name]):
        raise Fallback  # the file may suppress JD132: a full build's validation says
    return 0 if "JD132" in config.validate.ignore else found


def _release(ledger: Ledger, name: str, old: Brief) -> None:
    """The posts the article in file ``name`` recorded, recorded by none now; Fallback when another article records
    one too (a full build whose JD187 each file suppressed): who records it is then not at hand."""
    for post in old.posts:
        if ledger.post_of(key := post_key(*post)) != name:
            raise Fallback
        ledger.changed.posts[key] = None


def _claim(ledger: Ledger, name: str, new: Brief) -> None:
    """The posts the article in file ``name`` records now, its own; Fallback when another article records one (JD187:
    a full build reports both articles)."""
    for post in new.posts:
        if ledger.post_of(post_key(*post)) is not None:
            raise Fallback
    for post in new.posts:
        ledger.changed.posts[post_key(*post)] = name


def check_urls(config: Config, delta: Delta, languages: Collection[str]) -> None:
    """Once every change is taken in: Fallback when the site's ``languages`` (as the last build had them) changed,
    since each has a folder that any article's page may take (JD125), or when the page of an article read takes
    a file of the site's or its URL is too long (JD124, JD125), or a file it names would be published where the
    site writes its own (JD169; a link to an article's Markdown file is a full build already)."""
    if set(delta.ledger.languages) != set(languages):
        raise Fallback
    for article in delta.fresh.values():
        if check_url(article, public_url(config, article), config, languages):
            raise Fallback  # an error: a full build's validation reports it
    for name in delta.fresh:  # a file it names published where the site writes its own (JD169): an error too
        if any(published_clash(config, path, languages, ()) for path in delta.naming.get(name) or ()):
            raise Fallback


def _translations(delta: Delta, article: Article) -> int:
    """The warnings of JD132 a full build's validation gives ``article``, from the article and every article its
    translations name or naming it; Fallback when what decides it is not at hand (JD131, or articles naming it
    that it does not name, but for one naming an article that names none, which no other version can clash
    with), or on an error."""
    ledger = delta.ledger
    if not article.translations and article.id not in ledger.targets:
        return 0
    around: dict[str, Article] = {article.id: article}
    for target in article.translations.values():
        other = ledger.id_of(target)
        if other is None:
            raise Fallback  # JD131: a full build reports it
        around.setdefault(target, delta.fresh.get(other) or delta.article(other))
    naming = sum(list(a.translations.values()).count(article.id) for a in around.values() if a is not article)
    unknown = ledger.targets.get(article.id, 0) - naming  # the articles naming it that it does not name
    if unknown and (article.translations or unknown > 1):
        raise Fallback  # which languages they are in decides: they are not at hand
    mine = [p for p in check_translations(list(around.values()), around, {}) if p.path == article.path]
    if any(p.severity == "error" for p in mine):
        raise Fallback
    return sum(1 for p in mine if p.severity == "warning")


def _versions_moved(old: Brief | None, new: Brief | None) -> bool:
    """Whether an article with ``translations`` (before or after) came, went, or changed what the items of the
    articles it names show of it."""
    if not ((old is not None and old.translations) or (new is not None and new.translations)):
        return False
    return old is None or new is None or _versioned(old) != _versioned(new)


def _versioned(brief: Brief) -> tuple[object, ...]:
    """What the items of the articles it names show of an article naming them."""
    return (brief.id, brief.url, brief.lang, brief.chosen, brief.translations)


def target(delta: Delta, key: str) -> tuple[str, str] | None:
    name = delta.ledger.id_of(key)
    found = delta.brief(name) if name else None
    return (found.lang, found.url) if found and found.chosen else None


def naming(delta: Delta, article: Article) -> tuple[tuple[str, str], ...]:
    """The articles naming ``article`` in their ``translations``, as its last item listed them: none names it, or
    each that does is as it was (one that came, went or changed is a full build, :func:`_check_site`), as is the
    article's own id, language and ``translations``, so its last item's translations are its translations now.
    Fallback when it has no last item (it was in no feed): who names it is not at hand."""
    ledger = delta.ledger
    if article.id not in ledger.targets:
        return ()
    name = ledger.id_of(article.id)
    made = ledger.item(name) if name is not None else None
    if made is None:
        raise Fallback
    return made.item.translations
