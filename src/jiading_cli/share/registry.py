"""The networks jiading posts to, in one list: each a module implementing ``network.Network``.

Adding a network is one new module (its ``Network``, its config section, how it sends), one line in
``BUILT_IN`` and its section in ``jiading.toml``. ``extended`` adds networks for a block of code
(a plug-in, or a test); the application layer reads ``current()`` once per command and passes it down.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from typing import Any

from jiading_cli.config import Finding, Plugins
from jiading_cli.model import listed
from jiading_cli.share import email, facebook, linkedin, versions
from jiading_cli.share.network import Network
from jiading_cli.share.settings import ShareSection

DIGEST = "digest"
"""The record name of an email digest (one message listing many articles)."""

LINK_TEXTS = ("x", "weibo")
"""Networks jiading only makes share links for; an article may override their text too."""


@dataclass(frozen=True, slots=True)
class Registry:
    networks: tuple[Network, ...]

    def names(self) -> tuple[str, ...]:
        return tuple(n.name for n in self.networks)

    def get(self, name: str) -> Network | None:
        return next((n for n in self.networks if n.name == name), None)

    def overrides(self) -> tuple[str, ...]:
        """Keys of an article's ``share`` mapping: literal text replacing a network's template."""
        return (*self.names(), *LINK_TEXTS)

    def plugins(self, today: dt.date | None = None) -> Plugins:
        """The config sections of sharing and of every network, with their checks across keys; with ``today``,
        a pinned API version retired (an error) or retiring within 30 days (a warning) too, for each network the
        site configures (a network it never uses has no version to pin)."""
        sections: dict[str, type] = {"share": ShareSection}
        sections.update((n.name, n.section) for n in self.networks)
        from jiading_cli.share.checks import ShareRules

        return Plugins(sections, partial(self.check, today=today), (ShareRules(self),))

    def check(self, loaded: Mapping[str, Any], today: dt.date | None = None) -> list[Finding]:
        """Problems across the keys of the sections ``loaded``: those the site configures, by name (and ``site``)."""
        found: list[Finding] = []
        share = loaded.get("share")
        chosen = share.networks if isinstance(share, ShareSection) else ()
        known = ", ".join(repr(n) for n in self.names())
        for number, name in enumerate(chosen, 1):  # each one unknown, named by its place in the list
            if name not in self.names():
                got = listed.item_of(chosen, number)
                found.append(Finding("share.networks", f"expected a list of networks among {known}, got {got}"))
        for network in self.networks:
            section = loaded.get(network.name)
            if section is None:
                continue
            found.extend(network.check(section, loaded.get("site")))
            retirement = network.retires(section)
            notice = versions.notice(retirement, today) if retirement and today else None
            found.extend([notice] if notice else [])
        return found


BUILT_IN = Registry((facebook.NETWORK, linkedin.NETWORK, email.NETWORK))

_ACTIVE: ContextVar[Registry] = ContextVar("jiading_networks", default=BUILT_IN)


def current() -> Registry:
    """The networks of this run: the built-in ones and any added by ``extended``."""
    return _ACTIVE.get()


@contextmanager
def extended(*networks: Network) -> Iterator[Registry]:
    """Add ``networks`` (after the built-in ones) while the block runs."""
    taken = set(current().names())
    clash = [n.name for n in networks if n.name in taken or n.name in (DIGEST, "share", *LINK_TEXTS)]
    if clash:
        raise ValueError(f"a network named {clash[0]!r} is already known")
    token = _ACTIVE.set(Registry((*current().networks, *networks)))
    try:
        yield _ACTIVE.get()
    finally:
        _ACTIVE.reset(token)
