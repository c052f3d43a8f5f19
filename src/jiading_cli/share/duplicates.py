"""A duplicate answer that names no post (Facebook's error 506, "Duplicate status message"), settled by reading the
network's posts back. Such a network refuses a post as a duplicate of any recent post with the same text: the
article's own (a record lost), another article's (the same text), or one made by hand. The answer alone never says
which, so it is never recorded as the article's post until a post read back is placed as the article's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from jiading_cli.base.printable import printable, shortened
from jiading_cli.share import readback, records
from jiading_cli.share.network import Connection, Draft, Listed, Lookup, Network
from jiading_cli.share.request import Delivery

GIVE_TEXT = "give this article a text of its own (a `share` override) and post again"


def settled(
    network: Network, draft: Draft, connection: Connection, settle: records.Record | None, known: readback.Known,
    taken: Callable[[str], bool], delivery: Delivery, shown: str,
) -> Delivery:  # fmt: skip
    """What a duplicate naming no post (``delivery``) is, by the network's posts read back as a lost record or an
    unknown outcome is settled (:func:`readback.lookup`, :func:`readback.placed`; ``settle``: the intent of an earlier
    request whose outcome was unknown): a duplicate naming the post linking the article (or placed as its own by its
    text); a duplicate naming another article's post of the same text (``taken``: its id is in another article's
    record, or this run's), which the caller refuses as it refuses any duplicate of another article's post; an
    outcome unknown when the posts cannot be read (:mod:`.replies`: only a listing in its documented form is one);
    else a post failed, nothing recorded, in one line saying what the network said and what was found."""
    lookup = readback.lookup(network, draft, connection, settle)
    refused = f"{network.label} refused the post as a duplicate {delivery.said or delivery.message}"
    if lookup.state == "unsupported":
        return delivery
    if lookup.state == "unknown":
        said = f"{refused}, and its posts could not be read to find the post it is a duplicate of ({lookup.message})"
        return replace(delivery, outcome="unknown", message=said, standing=lookup.standing, silent=lookup.silent)
    if lookup.state == "found":
        return _named(delivery, lookup, f"found on {network.label} linking the article")
    placed = readback.placed(network, draft, lookup, known)
    if isinstance(placed, Lookup):
        return _named(delivery, placed, f"found on {network.label} {placed.message}")
    same = [post for post in lookup.listed if post.remote_id is not None and post.text == draft.text.value]
    theirs = next((post for post in same if post.remote_id is not None and taken(post.remote_id)), None)
    if theirs is not None:  # the caller's check of every post id answered: another article's, never recorded here
        return replace(delivery, remote_id=theirs.remote_id, url=theirs.url)
    if isinstance(placed, readback.Stray):
        adopt = f"jiading share --adopt {shown} --network {network.name} --remote-id {placed.post.remote_id or 'ID'}"
        found = (
            f"{refused}; no post read back links the article, and the post {_linking(placed.post, placed.link)}, a "
            "page no article of the site has now, may be the article's from before its slug or site.base_url "
            f"changed; nothing was recorded: if it is, record it (`{adopt}`), else {GIVE_TEXT}"
        )
        return _failed(delivery, found)
    if same:  # linking a page of the site now, which no record names: another article's
        found = (
            f"{refused} of {_linking(same[0])}, another page of the site, with the very same text: the same text was "
            f"posted for another article; nothing was recorded: {GIVE_TEXT}"
        )
        return _failed(delivery, found)
    found = (
        f"{refused}, but lists no post of the article nor one with its text since the article's date: the post it is "
        f"a duplicate of is older, or was made by hand; nothing was recorded: {GIVE_TEXT}, or, if the article is "
        f"posted, record its post (`jiading share --adopt {shown} --network {network.name} --remote-id ID`)"
    )
    return _failed(delivery, found)


def _linking(post: Listed, link: str | None = None) -> str:
    """A post read back as a line names it: its id and the link it shares."""
    shared = link or (post.links[0] if post.links else None)
    named = post.remote_id or "(its id not in the network's form)"
    return f"{named} linking {printable(shortened(shared))}" if shared else f"{named} linking nothing"


def _named(delivery: Delivery, found: Lookup, how: str) -> Delivery:
    """The duplicate, naming the post read back as the article's."""
    note = f"already there (the network reported a duplicate; {how})"
    return replace(delivery, remote_id=found.remote_id, url=found.url, note=note)


def _failed(delivery: Delivery, message: str) -> Delivery:
    return Delivery("failed", message, tries=delivery.tries, notes=delivery.notes)
