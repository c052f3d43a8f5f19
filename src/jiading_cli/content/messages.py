"""User-interface strings: one message catalogue per language (English and Simplified Chinese shipped).

A catalogue is a TOML file ``data/messages/{name}.toml``: ``key = "text"``, with ``{placeholders}``
filled in by :meth:`Messages.text`. An article's language picks its catalogue: ``zh``, ``zh-CN``,
``zh-Hans`` and ``zh-SG`` take Simplified Chinese; any other language takes English.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CATALOGUES = ("en", "zh-Hans")
SHIPPED = Path(__file__).resolve().parent.parent / "data" / "messages"  # the catalogues' folder, in the package
SIMPLIFIED = frozenset({"zh", "zh-cn", "zh-hans", "zh-sg", "zh-hans-cn", "zh-hans-sg"})


class MessageError(LookupError):
    """A message asked for that the catalogue does not have, or without a value its text needs."""


@dataclass(frozen=True, slots=True)
class Messages:
    """One language's strings; ``name`` is the catalogue's (``en`` or ``zh-Hans``)."""

    name: str
    strings: dict[str, str]

    def text(self, key: str, **values: str) -> str:
        """The string ``key``, placeholders filled. A key the catalogue lacks, or a placeholder given no value (a
        template's ``t("share_on")``), is a :class:`MessageError` naming it, never a page showing ``{network}``."""
        try:
            found = self.strings[key]
        except KeyError:
            raise MessageError(f"t: expected a message of the catalogue, got {key!r} (in {self.name})") from None
        if not values and "{" not in found:
            return found
        try:
            return found.format(**values)
        except (KeyError, IndexError) as exc:
            raise MessageError(f"t({key!r}): expected a value for {{{exc.args[0]}}}, got none") from None

    def raw(self, key: str) -> str:
        """The string ``key`` with its placeholders as written, for a template filled elsewhere (an email subject)."""
        return self.strings[key]

    @property
    def locale(self) -> str:
        return self.strings["locale"]


def catalogue_name(lang: str) -> str:
    """The catalogue for a BCP 47 language tag."""
    return "zh-Hans" if lang.replace("_", "-").lower() in SIMPLIFIED else "en"


@cache
def _load(name: str) -> Messages:
    text = (SHIPPED / f"{name}.toml").read_text(encoding="utf-8")
    strings = {key: str(value) for key, value in tomllib.loads(text).items()}
    return Messages(name, strings)


def messages(lang: str) -> Messages:
    """The catalogue an article in ``lang`` is shown with."""
    return _load(catalogue_name(lang))
