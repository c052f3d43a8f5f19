"""What one article's change in an incremental feed build does to the others: ids, URLs and language versions.

An incremental build (:mod:`.delta`) goes on only where no other article's checks or items change with it; anything
else is :class:`~.groups.Fallback`, a full build. A translation is one both ways: an article's item lists the
articles it names and those naming it (``feeds.items``), so an article with ``translations`` that comes, goes or
changes its id, URL, language, whether it is published or its ``translations`` is a full build; otherwise the
articles naming an article are those its last item listed (:func:`naming`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiading_cli.config import Config
from jiading_cli.incremental.ledger.groups import Fallback
from jiading_cli.incremental.ledger.model import Brief
from jiading_cli.validate import suppress

if TYPE_CHECKING:
    from jiading_cli.incremental.ledger.delta import Delta
    from jiading_cli.model.article import Article


def check_site(config: Config, delta: Delta, name: str, old: Brief | None, new: Brief | None) -> int:
    """Keep ids, URLs and translation targets right, or fall back where other articles' results would change.

    Returns how many warnings the rules across articles give ``new``.
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
        ledger.add_targets((target for _, target in old.translations), by=-1)
    if new is None:
        if old is None:
            raise Fallback  # a file the ledger does not know is gone: the ledger is not this site's
        return 0
    if ledger.id_of(new.id) is not None or ledger.has_url(new.url):
        raise Fallback  # JD121 or JD122: a full build reports both articles
    if new.id in ledger.targets and (old is None or old.id != new.id):
        raise Fallback  # a translation that led nowhere would now lead here
    ledger.set_id(new.id, name)
    ledger.set_url(new.url, True)
    ledger.add_targets(target for _, target in new.translations)
    found = sum(1 for tag, target in new.translations if _elsewhere(delta, tag, target))
    if found and suppress.marked(delta.fresh[name]):
        raise Fallback  # the file may suppress JD132: a full build's validation says
    return 0 if "JD132" in config.validate.ignore else found


def _versions_moved(old: Brief | None, new: Brief | None) -> bool:
    """Whether an article with ``translations`` (before or after) came, went, or changed what the items of the
    articles it names show of it."""
    if not ((old is not None and old.translations) or (new is not None and new.translations)):
        return False
    return old is None or new is None or _versioned(old) != _versioned(new)


def _versioned(brief: Brief) -> tuple[object, ...]:
    """What the items of the articles it names show of an article naming them."""
    return (brief.id, brief.url, brief.lang, brief.chosen, brief.translations)


def _elsewhere(delta: Delta, tag: str, target: str) -> bool:
    """A translation whose article is in another language than its key (JD132); Fallback if there is none (JD131)."""
    found = delta.ledger.id_of(target)
    other = delta.brief(found) if found else None
    if other is None:
        raise Fallback
    return other.lang.lower() != tag.lower()


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
