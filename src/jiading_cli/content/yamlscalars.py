"""Plain YAML scalars as PyYAML resolves and builds them, without importing PyYAML: for :mod:`.quickyaml`.

A plain scalar's tag is found with a copy of PyYAML's resolver table (a test compares it with PyYAML's
own); booleans and nulls are built as its SafeConstructor builds them, the usual date
(``2017-07-03T09:00:00+08:00``) exactly as its timestamp constructor does, other timestamps by that
constructor itself; numbers are kept as written, as the loader keeps them.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache
from typing import Any

STR = "tag:yaml.org,2002:str"
NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
BOOL, NULL, TIMESTAMP = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"
BUILT_TAGS = frozenset({BOOL, NULL, TIMESTAMP})
# The usual date (2017-07-03T09:00:00+08:00): a timestamp to YAML's resolver, built here as its constructor builds it
STAMP = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})([-+])([0-9]{2}):([0-9]{2})")


class Outside(Exception):
    """The text is outside the subset read here; the YAML path reads it."""


# PyYAML's implicit resolvers (yaml/resolver.py), in its order, by the first characters each looks at:
# a plain scalar's tag is the first of its first character's patterns that matches, else str. Copied so
# that reading the usual front matter does not import PyYAML; a test compares them with PyYAML's own.
IMPLICIT: tuple[tuple[str, str, str], ...] = (
    (
        "tag:yaml.org,2002:bool",
        r"""^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$""",
        "yYnNtTfFoO",
    ),
    (
        "tag:yaml.org,2002:float",
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
    (
        "tag:yaml.org,2002:int",
        r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
        "-+0123456789",
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
    (
        "tag:yaml.org,2002:null",
        r"""^(?: ~
                    |null|Null|NULL
                    | )$""",
        "~nN",
    ),
    (
        "tag:yaml.org,2002:timestamp",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        "0123456789",
    ),
    ("tag:yaml.org,2002:value", r"^(?:=)$", "="),
    ("tag:yaml.org,2002:yaml", r"^(?:!|&|\*)$", "!&*"),
)
BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}  # SafeConstructor's


@cache
def _pattern(tag: str) -> re.Pattern[str]:
    """A resolver's pattern, compiled on first use (as PyYAML compiles them: verbose)."""
    return re.compile(next(pattern for name, pattern, _ in IMPLICIT if name == tag), re.X)


@cache
def _resolvers(first: str) -> tuple[str, ...]:
    """The tags whose patterns PyYAML tries for a scalar starting with ``first``, in its order."""
    return tuple(tag for tag, _, firsts in IMPLICIT if first in firsts)


def resolve(text: str) -> str:
    """The tag PyYAML's resolver gives the plain scalar ``text`` (never empty here)."""
    for tag in _resolvers(text[0]):
        if _pattern(tag).match(text):
            return tag
    return STR


def scalar(text: str, *, numbers_as_text: bool = True) -> Any:
    """A plain scalar's value: strings and (where the loader keeps them as written) numbers as text."""
    if numbers_as_text and (stamp := STAMP.fullmatch(text)) is not None:
        return _stamp(stamp)
    tag = resolve(text)
    if tag == STR or (numbers_as_text and tag in NUMBER_TAGS):
        return text
    if tag not in BUILT_TAGS or not numbers_as_text:
        raise Outside
    if tag == BOOL:
        return BOOLS[text.lower()]
    if tag == NULL:
        return None
    try:
        return _timestamp(text)
    except (ValueError, TypeError, OverflowError) as exc:
        raise Outside from exc


def _timestamp(text: str) -> Any:
    """A timestamp in another form than ``STAMP``'s, as the YAML path's constructor builds it (rare: imports it)."""
    import yaml

    from jiading_cli.content.safeyaml import SafeLoader

    stamp = SafeLoader.timestamp_regexp.match(text)
    if stamp is not None and int(stamp["tz_minute"] or 0) > 59:  # carried into the hours by PyYAML: no offset
        raise ValueError(f"{text}: offset minutes past 59")
    return SafeLoader("").construct_yaml_timestamp(yaml.ScalarNode(TIMESTAMP, text))


def _stamp(match: re.Match[str]) -> dt.datetime:
    """What PyYAML's timestamp constructor builds for ``STAMP``'s form of its timestamp."""
    year, month, day, hour, minute, second, sign, tz_hour, tz_minute = match.groups()
    try:
        zone = _zone(sign, tz_hour, tz_minute)
        return dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), 0, tzinfo=zone)
    except ValueError as exc:
        raise Outside from exc


@lru_cache(maxsize=256)
def _zone(sign: str, hours: str, minutes: str) -> dt.timezone:
    """The offset PyYAML builds, one object per offset: a pickle of many articles then holds each once. Minutes past
    59 (+08:60), which PyYAML carries into the hours, are no offset: the YAML path refuses them (``safeyaml``)."""
    if int(minutes) > 59:
        raise ValueError(f"{sign}{hours}:{minutes}: minutes past 59")
    delta = dt.timedelta(hours=int(hours), minutes=int(minutes))
    return dt.timezone(-delta if sign == "-" else delta)
