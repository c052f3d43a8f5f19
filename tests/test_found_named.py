"""A field of a mapping or a list whose value is one, but wrong inside, is said with the part that is wrong (a key, an
item by its place), never as ``expected a mapping …, got a mapping``, which tells the writer nothing: hypothesis
writes every field of the front matter with values of every shape, and reads each JD104 line as the user does."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import front
from jiading_cli.config import parse_config
from jiading_cli.model.errors import ConfigError
from jiading_cli.model.fields import FIELDS
from jiading_cli.share.registry import BUILT_IN
from jiading_cli.validate.fields import check_language
from test_load import load, rendered

WORDS = ["JD150", "jd150", "JD１５０", "ignore", "network", "facebook", "zh-CN", "x", "", "2026-01-01"]
LEAVES = st.sampled_from(WORDS) | st.integers(-3, 3) | st.booleans() | st.none()
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(WORDS), inner, max_size=3),
    max_leaves=8,
)
JD104 = re.compile(r"error JD104 (?P<field>\w+): expected (?P<expected>.+), got (?P<found>.+)$")
BARE = {"a mapping": re.compile(r"a mapping$"), "a list": re.compile(r"a list of \d+$")}


def said_again(expected: str, found: str) -> bool:
    """Whether ``found`` only names the kind of value ``expected`` already asks for."""
    return any(expected.startswith(kind) and bare.fullmatch(found) for kind, bare in BARE.items())


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(FIELDS)), VALUES)
def test_a_value_of_the_right_shape_is_said_by_the_part_that_is_wrong(field: str, value: Any) -> None:
    written = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip()
    written = written.removesuffix("\n...").strip()
    for row in rendered(load(front(**{field: written}) + "Body.\n")):
        said = JD104.search(row)
        if said is not None and said["field"] == field:
            assert not said_again(said["expected"], said["found"]), row


def test_the_suppressions_of_a_file_name_what_is_wrong() -> None:
    def said(value: str) -> str:
        return rendered(load(front(jiading=value) + "Body.\n"))[0].partition(", got ")[2]

    assert said("{ignore: [JD150, jd151]}") == "ignore: 'jd151' (item 2 of 2)"
    assert said("{ignore: [JD１５０]}") == (  # the full-width digits of an input method, which read as ASCII ones
        "ignore: 'JD１５０' (it holds U+FF11 (fullwidth digit one), U+FF15 (fullwidth digit five), U+FF10 (fullwidth "
        "digit zero), which are not ASCII) (item 1 of 1)"
    )
    assert said("{ignore: JD150, JD151}") == "the key 'JD151'"
    assert said("{ignore: []}") == "ignore: no rule code"
    assert said("{}") == "an empty mapping"


def test_a_syndication_record_that_is_no_mapping_is_named_by_its_place() -> None:
    found = rendered(load(front(syndication="[{network: facebook, state: posted}, posted]") + "Body.\n"))
    assert found == [
        "articles/a.md:6: error JD104 syndication: expected a list of records written by `jiading share`, "
        "got 'posted' (item 2 of 2)"
    ]


UNSEEN = sorted(
    {chr(c) for c in range(0x80, 0x10000) if unicodedata.category(chr(c)) in ("Cf", "Zs") and chr(c) != " "}
    - {"\u2028", "\u2029", "\u0085"}
)  # what an editor shows as nothing, or as a space: a zero-width space, a word joiner, a no-break space, a BOM


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(["title", "summary", "tags", "lang", "slug"]), st.sampled_from(UNSEEN), st.integers(0, 8))
@example("title", "\ufeff", 0)  # at a line's start, libyaml skips a U+FEFF as a byte-order mark
def test_a_field_name_holding_a_character_no_editor_shows_names_it(field: str, unseen: str, at: int) -> None:
    """A field name read as unknown because it holds a character editors do not show (pasted with it) is said with
    that character escaped and named, and the field it looks like: never as 'title: unknown field'."""
    name = field[:at] + unseen + field[at:]
    said = [row for row in rendered(load(front(**{name: "x"}) + "Body.\n")) if " JD105 " in row]
    assert len(said) == 1, said
    assert f"unknown field {name!r}: it holds U+{ord(unseen):04X} (" in said[0], said
    assert said[0].endswith(f"which editors do not show; did you mean {field!r}?"), said


LOOKALIKES = {  # a letter of another script, or with a mark, that a reader takes for the ASCII one
    "a": "аαá", "c": "сϲ", "e": "еέé", "g": "ɡ", "i": "іιí", "l": "ӏⅼ", "m": "м", "o": "оοó", "p": "рρ",
    "s": "ѕ", "t": "т", "u": "υú", "y": "уý", "d": "ԁ", "r": "г", "n": "ո",
}  # fmt: skip
KEYS = [f"site.{name}" for name in ("title", "base_url", "language", "timezone", "authors", "permalink")] + [
    f"feeds.{name}" for name in ("limit", "content", "per_tag", "websub_hub")
]


def _alike(name: str) -> st.SearchStrategy[str]:
    """``name`` with one letter written as one that looks like it, or with a character no editor shows in it."""
    swapped = st.sampled_from([at for at, char in enumerate(name) if char in LOOKALIKES]).flatmap(
        lambda at: st.sampled_from(LOOKALIKES[name[at]]).map(lambda odd: name[:at] + odd + name[at + 1 :])
    )
    hidden = st.tuples(st.integers(0, len(name)), st.sampled_from(UNSEEN)).map(
        lambda x: name[: x[0]] + x[1] + name[x[0] :]
    )
    return swapped | hidden


def _says_why(line: str, name: str, meant: str) -> None:
    """The line names the name as written (escaped where it shows nothing), each character of it that is not what
    it looks like, by its code point, and the known name meant."""
    assert f" {name!r}: it holds U+" in line or f" {name!r} (it holds U+" in line, line
    odd = [char for char in name if not char.isascii()]
    assert all(f"U+{ord(char):04X} (" in line for char in odd), line
    assert f"did you mean {meant!r}?" in line, line


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(FIELDS)).flatmap(lambda field: st.tuples(st.just(field), _alike(field))))
def test_a_field_name_that_reads_as_a_known_one_says_why_it_is_not(case: tuple[str, str]) -> None:
    """``tіtle`` with a Cyrillic ``і`` was 'tіtle: unknown field; did you mean 'title'?', the two names alike to the
    eye: the line names the letter that is not the one it looks like, as it names a character no editor shows."""
    field, name = case
    said = [row for row in rendered(load(front(**{name: "x"}) + "Body.\n")) if " JD105 " in row]
    assert len(said) == 1, said
    _says_why(said[0], name, field)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(KEYS).flatmap(lambda key: st.tuples(st.just(key), _alike(key.split(".")[1]))))
def test_a_config_key_that_reads_as_a_known_one_says_why_it_is_not(case: tuple[str, str]) -> None:
    """``base_url`` after a zero-width space pasted with it was 'site.\u200bbase_url: unknown key (did you mean
    'base_url'?)', the space sent to the terminal as it is: the key's line names it, as a field's does."""
    key, name = case
    section, meant = key.split(".")
    text = '[site]\ntitle = "T"\nbase_url = "https://example.com"\n' + ("" if section == "site" else f"[{section}]\n")
    text += f'"{name}" = 1\n'
    config = parse_config(text, Path("/nonexistent-site/jiading.toml"), BUILT_IN.plugins())
    said = [p.message for p in config.warnings if p.code == "JD003"]
    assert len(said) == 1, said
    _says_why(said[0], name, meant)


ASCII_FIELDS = {"lang": "zh-CN", "draft": "true", "date": "2017-07-03T18:00:00+08:00", "slug": "park-opens"}
ASCII_KEYS = {("site", "language"): "en", ("site", "timezone"): "Asia/Shanghai", ("feeds", "content"): "summary"}
SWAPS_TOO = {**LOOKALIKES, "T": "ТΤＴ", "C": "СϹ", "N": "ΝＮ", "A": "АΑ", "S": "ЅＳ"} | {
    digit: chr(ord(digit) - ord("0") + ord("０")) for digit in "0123456789"
}  # and the full-width digits an input method types


def _one_swapped(value: str) -> st.SearchStrategy[tuple[str, str]]:
    """``value`` with one letter written as one of another script that looks like it, and that letter."""
    alike = {char: [odd for odd in odds if " WITH " not in unicodedata.name(odd)] for char, odds in SWAPS_TOO.items()}
    return st.sampled_from([at for at, char in enumerate(value) if char in alike]).flatmap(
        lambda at: st.sampled_from(alike[value[at]]).map(lambda odd: (value[:at] + odd + value[at + 1 :], odd))
    )  # a letter with a mark (ú) shows as another


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(ASCII_FIELDS)).flatmap(lambda f: st.tuples(st.just(f), _one_swapped(ASCII_FIELDS[f]))))
def test_a_value_that_reads_as_the_ascii_one_expected_names_the_letter_that_is_not(
    case: tuple[str, tuple[str, str]],
) -> None:
    """``lang: еn`` with a Cyrillic ``е`` was "expected … such as 'en' …, got 'еn'", the value the same to the eye as
    the one the line asks for: the line names the letter that is not ASCII, whichever field takes only ASCII."""
    field, (value, odd) = case
    loaded = load(front(**{field: value}) + "Body.\n")
    said = [row for row in rendered(loaded) if f" {field}: " in row]
    if loaded.article is not None:  # read, and held to the rules of its language and slug
        said += [problem.message for problem in check_language(loaded.article)]
    assert said, rendered(loaded)
    assert all(f"U+{ord(odd):04X} (" in row for row in said), said


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(ASCII_KEYS)).flatmap(lambda k: st.tuples(st.just(k), _one_swapped(ASCII_KEYS[k]))))
def test_a_config_value_that_reads_as_the_ascii_one_expected_names_the_letter_that_is_not(
    case: tuple[tuple[str, str], tuple[str, str]],
) -> None:
    """``timezone = "Asia/Shanghаi"`` was "(did you mean 'Asia/Shanghai'?), got 'Asia/Shanghаi'": the same to the
    eye. The line names the letter that makes the value another."""
    (section, key), (value, odd) = case
    text = '[site]\ntitle = "T"\nbase_url = "https://example.com"\n' + ("" if section == "site" else f"[{section}]\n")
    try:
        parse_config(text + f'{key} = "{value}"\n', Path("/nonexistent-site/jiading.toml"), BUILT_IN.plugins())
    except ConfigError as exc:
        said = [p.message for p in exc.problems if p.field == f"{section}.{key}"]
    else:
        said = []
    assert len(said) == 1, said
    assert f"U+{ord(odd):04X} (" in said[0], said
