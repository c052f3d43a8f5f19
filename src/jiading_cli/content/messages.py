"""User-interface strings: one message catalogue per language (English, Simplified and Traditional Chinese shipped).

A catalogue is a TOML file ``data/messages/{name}.toml``: ``key = "text"``, with ``{placeholders}``
filled in by :meth:`Messages.text`; its name is the BCP 47 tag of the language it is written in. An
article's language picks its catalogue (:func:`catalogue_name`): Chinese written in Simplified characters
(``zh``, ``zh-CN``, ``zh-SG``, ``zh-Hans`` and its subtags) takes Simplified Chinese, Chinese written in
Traditional characters (``zh-TW``, ``zh-HK``, ``zh-MO``, ``zh-Hant`` and its subtags) Traditional Chinese;
any other language takes English. A page whose catalogue is not in its own language says so around the
catalogue's words (:func:`foreign`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

CATALOGUES = ("en", "zh-Hans", "zh-Hant")
SHIPPED = Path(__file__).resolve().parent.parent / "data" / "messages"  # the catalogues' folder, in the package
SIMPLIFIED = frozenset({"zh", "zh-cn", "zh-hans", "zh-sg", "zh-hans-cn", "zh-hans-sg"})  # known without langcodes
TRADITIONAL = frozenset({"zh-tw", "zh-hk", "zh-mo", "zh-hant", "zh-hant-tw", "zh-hant-hk", "zh-hant-mo"})
SCRIPTS = {"Hans": "zh-Hans", "Hant": "zh-Hant"}  # the Chinese catalogue of each script


class MessageError(LookupError):
    """A message asked for that the catalogue does not have, or without a value its text needs."""


def filling(key: str, name: str, value: object) -> None:
    """``value`` as the value of placeholder ``{name}`` of message ``key``: text or a number, else a
    :class:`MessageError` saying what it is (a template's ``t("share_on", network=none)``, or a generator its
    ``map`` gave, would otherwise show ``Share on None``, or Python's text for a generator with its address)."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return
    kind = "none" if value is None else f"a {type(value).__name__}"
    raise MessageError(f"t({key!r}): expected text or a number for {{{name}}}, got {kind}")


@dataclass(frozen=True, slots=True)
class Messages:
    """One language's strings; ``name`` is the catalogue's, the BCP 47 tag of its language (``en``, ``zh-Hans``,
    ``zh-Hant``)."""

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
        for name, value in values.items():
            filling(key, name, value)
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


@lru_cache(maxsize=1024)
def catalogue_name(lang: str) -> str:
    """The catalogue for a BCP 47 language tag: Chinese in the script the tag names, else the one it is most likely
    written in where the tag's region is (CLDR's likely subtags: ``zh-TW`` Traditional, ``zh-MY`` Simplified);
    English for any other language, and for Chinese written in another script (``zh-Latn``, pinyin)."""
    tag = lang.replace("_", "-").lower()
    if tag in SIMPLIFIED:
        return "zh-Hans"
    if tag in TRADITIONAL:
        return "zh-Hant"
    if tag.split("-", 1)[0] != "zh":
        return "en"
    import langcodes

    try:
        found = langcodes.Language.get(tag)
        script = found.script or (found.maximize().script if found.language == "zh" else None)
    except (ValueError, LookupError):  # not a tag langcodes can read
        return "en"
    return SCRIPTS.get(script or "", "en") if found.language == "zh" else "en"


def foreign(lang: str) -> str | None:
    """The tag of the catalogue a page of ``lang`` takes when it is not written in ``lang``'s own language and
    script (``en`` on a page in ``fr``, ``ar`` or ``en-Arab``), so that its words must say their language; None when it
    is (``en``, ``en-US`` and ``en-Latn`` take ``en``; each Chinese tag takes the catalogue of its script)."""
    name = catalogue_name(lang)
    if name != "en":
        return None
    subtags = lang.replace("_", "-").lower().split("-x-", 1)[0].split("-")  # private use names no script
    if subtags[0] != "en":
        return name
    script = next((subtag for subtag in subtags[1:] if len(subtag) == 4 and subtag.isalpha()), "latn")
    return None if script == "latn" else name


@cache
def _load(name: str) -> Messages:
    text = (SHIPPED / f"{name}.toml").read_text(encoding="utf-8")
    strings = {key: str(value) for key, value in tomllib.loads(text).items()}
    return Messages(name, strings)


def messages(lang: str) -> Messages:
    """The catalogue an article in ``lang`` is shown with."""
    return _load(catalogue_name(lang))


def marks(words: str, around: str) -> str | None:
    """The tag a run of catalogue ``words``' text (a catalogue's name) must say inside an element of language
    ``around``: None when ``around`` is written in that catalogue's language (``en`` words in ``en-US``, ``zh-Hans``
    words in ``zh-CN``), else the catalogue's (``en`` words in ``fr``, ``ar`` or ``zh-CN``)."""
    return None if catalogue_name(around) == words and foreign(around) is None else words


def said(tag: str | None) -> str:
    """The HTML attributes saying language ``tag`` and its direction (``' lang="en" dir="ltr"'``); none for None."""
    from jiading_cli.model.languages import direction

    return "" if tag is None else f' lang="{tag}" dir="{direction(tag)}"'
