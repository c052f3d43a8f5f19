"""The fast front-matter reader reads exactly what the YAML path reads, or steps aside for it."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from jiading_cli.content import loader, source, yamlscalars
from jiading_cli.content import quickyaml as fastfront
from jiading_cli.content import safeyaml as yamlfront
from jiading_cli.model import article

REPO = Path(__file__).resolve().parent.parent
DEFAULTS = article.Defaults(timezone="Asia/Shanghai", authors=("Newsroom",))

REQUIRED = "id: urn:uuid:0b9a4b1e\ntitle: Jiading\ndate: 2017-07-03T18:00:00+08:00\n"
CORPUS_SHAPE = """\
id: urn:uuid:fa8d8bdd-6c57-46cf-918d-9a181df334fa
title: "New quarter quarter opens in Jiading"
date: 2017-03-05T02:12:00+08:00
updated: 2017-03-11T02:12:00+08:00
summary: "From in its for to local and startup of its delegation on companies to opportunities for services."
authors: [Invest in Jiading]
tags: [automotive, education, finance, innovation]
category: Events
lang: en
slug: new-quarter-quarter-opens-in-jiading-213
image: ../../images/photo-1.png
image_alt: "New quarter quarter opens in Jiading"
draft: true
translations:
  zh-CN: urn:uuid:0bf2fff1-601f-4597-88ed-6a0321d78c0b
"""


def typed(value: Any) -> Any:
    """``value`` with the type of every part spelled out, so ``1 == True == 1.0`` cannot pass for equal."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    if isinstance(value, dt.datetime):
        return ("datetime", value.isoformat(), repr(value.tzinfo))
    if isinstance(value, dt.date):
        return ("date", value.isoformat())
    return (type(value).__name__, repr(value))


def by_yaml(front: str) -> tuple[dict[str, Any], dict[str, int], list[Any]] | None:
    node, _ = yamlfront.compose(front, "a.md")
    if node is None:
        return None
    return yamlfront.fields(node, "a.md")


def agrees(front: str) -> bool:
    """Whether the fast reader read ``front``; when it did, it must match the YAML path exactly."""
    fast = fastfront.read(front)
    if fast is None:
        return False
    slow = by_yaml(front)
    assert slow is not None, "the fast reader read front matter the YAML path rejects"
    values, lines, problems = slow
    assert problems == [], "the fast reader read front matter the YAML path reports problems in"
    assert typed(fast[0]) == typed(values)
    assert fast[1] == lines
    return True


@contextmanager
def fast_front(state: str) -> Iterator[None]:
    before = os.environ.get(fastfront.SWITCH)
    os.environ[fastfront.SWITCH] = state
    try:
        yield
    finally:
        if before is None:
            del os.environ[fastfront.SWITCH]
        else:
            os.environ[fastfront.SWITCH] = before


def parsed_both_ways(front: str) -> tuple[str, str]:
    raw = f"---\n{front}---\nBody text.\n".encode()
    with fast_front("off"):
        slow = loader.parse(raw, "articles/a.md", DEFAULTS, "a")
    with fast_front("on"):
        fast = loader.parse(raw, "articles/a.md", DEFAULTS, "a")
    assert fast == slow
    return repr(fast), repr(slow)


# --- a grammar of front matter rich in YAML traps -------------------------------------------------


def spaced(text: str) -> list[str]:
    return text.split()


WORDS = [
    *spaced("yes Yes YES yEs no No NO on On ON oN off Off OFF true True TRUE tRUE false False FALSE y Y n N"),
    *spaced("null Null NULL nULL ~ <<  = !  & *"),
    *spaced("0 12 -3 +4 0x1F 0X1f 0o17 017 08 0b101 1_000 1:30 190:20:30 -1:00 1.5 -.5 +.5 1e3 1.0e+3 6.8523015e+5"),
    *spaced(".inf -.Inf +.INF .NaN .nan 1.10 1e400 0. 1__0 0x_1 1.2.3 -"),
    *spaced("2017-07-03 2017-7-3 2017-07-03T18:00:00+08:00 2017-07-03t18:00:00.5Z 2017-02-30 2017-13-01"),
    "2017-07-03 18:00:00",
    "2017-07-03T18:00:00 +08",
    "2001-12-14 21:59:43.10 -5",
    "9999-12-31T23:59:59-12:00",
    *spaced("2017-02-30T18:00:00+08:00 2017-07-03T24:00:00+08:00 2017-07-03T18:00:00+24:00 2017-07-03T18:00:00-23:59"),
    *spaced("2017-07-03T18:00:00-00:00 2017-07-03T18:00:00+05:45 0001-01-01T00:00:00+01:00 2017-07-03T18:60:00+08:00"),
    "0001-01-01",
    *spaced("urn:uuid:cbecbde6-b559-4a73 http://x.y/z?a=1#f zh-CN en Jiading 嘉定 金融业助力嘉定发展 🎉 Ünïcödé"),
    *spaced("a:b a: a#b #x -x ?x :x ... --- [a] {a} it's \\ \\n %x @x `x a,b"),
    "Invest in Jiading",
    "a: b",
    "a #b",
    "- x",
    "? x",
    ": x",
    "a  b",
    "\u00a0nbsp",
    "x\u2028y",
    "x\x85y",
    "\ufeffbom",
]
ESCAPES = [r"\n", r"\t", r"\x41", r"\u4e2d", r"\U0001F389", r"\/", r"\0", r"\e", r"\N", r"\_", r"\L", r"\P"]
ESCAPES += [r"\ ", r"\\", r"\"", r"\q", r"\x4", r"\ud800", r"\U00110000", "\\"]
ALPHABET = [*"ab Z09:#-?,[]{}&*!|>'\"%@`\\.~+_/中🎉é", "\t"]
KEYS = ["id", "title", "date", "updated", "summary", "authors", "author", "tags", "category", "lang", "slug"]
KEYS += ["image", "image_alt", "draft", "canonical_url", "translations", "share", "syndication", "zh-CN", "x.y"]
KEYS += ["1", "true", "yes", "null", "~", "2017-01-01", "a b", "-k", "? k", '"q"', "'q'", "<<", "=", "k#", "&a k"]

SUBKEYS = ["en", "zh-CN", "facebook", "x", "weibo", "linkedin", "email"]
TAME = [*"abcxyzJ0129 -_./,'\"中文嘉定🎉é:#!&[]"]

words = st.sampled_from(WORDS)
traps = st.one_of(words, st.text(alphabet=ALPHABET, max_size=10))
starts = st.sampled_from([*"abcxyzJ0129._/中文嘉定🎉é", "", " "])
tame = st.one_of(words, *[st.builds(str.__add__, starts, st.text(alphabet=TAME, max_size=12))] * 3)
trap_keys = st.one_of(st.sampled_from(KEYS), st.text(alphabet=ALPHABET, min_size=1, max_size=4))
tame_keys = st.one_of(*[st.sampled_from(SUBKEYS)] * 5, trap_keys)


def quoted_body(parts: list[str]) -> str:
    return "".join(part if part in ESCAPES else part.replace("\\", "\\\\").replace('"', '\\"') for part in parts)


@st.composite
def double_quoted(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> str:
    body = quoted_body(draw(st.lists(st.one_of(texts, texts, st.sampled_from(ESCAPES)), max_size=4)))
    return f'"{body}"' if draw(st.integers(0, 15)) else f'"{body}'


@st.composite
def single_quoted(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> str:
    text = draw(texts)
    return "'" + (text.replace("'", "''") if draw(st.integers(0, 15)) else text) + "'"


def scalars(texts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(texts, texts, double_quoted(texts), single_quoted(texts))


@st.composite
def flow_lists(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> str:
    items = draw(st.lists(scalars(texts), max_size=4))
    separator = draw(st.sampled_from([", ", ", ", ",", " , ", ",  ", ", ,"]))
    tail = draw(st.sampled_from(["]", "]", "]", " ]", ",]", "] ", "] x", ""]))
    return draw(st.sampled_from(["[", "[", "[ "])) + separator.join(items) + tail


@st.composite
def block_lists(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> list[str]:
    indent = draw(st.sampled_from(["", "", "  ", "    "]))
    items = draw(st.lists(st.one_of(scalars(texts), scalars(texts), flow_lists(texts)), min_size=1, max_size=4))
    rows = [f"{indent}- {item}" for item in items]
    if draw(st.integers(0, 7)) == 0:
        rows.insert(draw(st.integers(0, len(rows))), draw(st.sampled_from(["", "#c", "  - x", "-", "- ", "  x"])))
    return rows


@st.composite
def mappings(draw: st.DrawFn, texts: st.SearchStrategy[str], keys: st.SearchStrategy[str]) -> list[str]:
    indent = draw(st.sampled_from(["  ", "  ", "    ", " "]))
    pairs = draw(st.lists(st.tuples(keys, scalars(texts)), min_size=1, max_size=3))
    rows = [f"{indent}{key}: {value}" for key, value in pairs]
    if draw(st.integers(0, 7)) == 0:
        rows.insert(draw(st.integers(0, len(rows))), draw(st.sampled_from(["", "   x: y", "  - x", "  #c"])))
    return rows


@st.composite
def block_scalars(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> list[str]:
    header = draw(st.sampled_from([">", ">-", "|", "|-", ">", ">-", "|", "|-", ">+", "|+", ">2", "> #c", ">- "]))
    indent = draw(st.sampled_from(["  ", "  ", " ", "    "]))
    odd = st.sampled_from(["", "", "", "", "", "", "  more", " ", "   "])
    lines = draw(st.lists(st.one_of(*[texts] * 5, odd), min_size=1, max_size=5))
    lead = [draw(st.sampled_from(["", "", "", "", "", " ", "  deeper"]))] if draw(st.booleans()) else []
    return [header, *lead] + [f"{indent}{line}" if line else "" for line in lines]


@st.composite
def entries(draw: st.DrawFn) -> list[str]:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return [draw(st.sampled_from(["", "# comment", "  # indented", "   ", "#", "---x", "%YAML 1.1", "junk"]))]
    key = draw(trap_keys)
    colon = draw(st.sampled_from([": ", ": ", ":  ", ":", " : ", ":\t"]))
    if kind in (1, 2):
        rows = draw(block_lists(traps)) if kind == 1 else draw(mappings(traps, tame_keys))
        return [f"{key}:{draw(st.sampled_from(['', ' ', ' #c']))}", *rows]
    if kind == 3:
        header, *rows = draw(block_scalars(traps))
        return [f"{key}: {header}", *rows]
    value = draw(st.one_of(scalars(traps), scalars(traps), flow_lists(traps)))
    tail = draw(st.sampled_from(["", "", "", " ", " # c", "#c"]))
    rows = [f"{key}{colon}{value}{tail}"]
    if draw(st.integers(0, 7)) == 0:
        rows.append(draw(st.sampled_from(["  more", " - x", "  # c", "more", "- x"])))
    return rows


@st.composite
def documents(draw: st.DrawFn) -> str:
    rows = [row for entry in draw(st.lists(entries(), max_size=7)) for row in entry]
    return "\n".join(rows) + draw(st.sampled_from(["\n", "\n", "", "\n\n"]))


FIELDS = [key for key in KEYS[:17] if key != "syndication"]


# Mostly inside the subset: real field names, each once, with tricky but readable values.
@st.composite
def likely_documents(draw: st.DrawFn) -> str:
    names = draw(st.lists(st.sampled_from(FIELDS), unique=True, min_size=1, max_size=5))
    rows: list[str] = []
    for name in names:
        kind = draw(st.integers(0, 5))
        if kind == 0:
            rows += [f"{name}:", *draw(block_lists(tame))]
        elif kind == 1:
            rows += [f"{name}:", *draw(mappings(tame, tame_keys))]
        elif kind == 2:
            header, *more = draw(block_scalars(tame))
            rows += [f"{name}: {header}", *more]
        else:
            rows.append(f"{name}: {draw(st.one_of(scalars(tame), scalars(tame), flow_lists(tame)))}")
        if draw(st.integers(0, 6)) == 0:
            rows.append(draw(st.sampled_from(["", "# note"])))
    return "\n".join(rows) + "\n"


@st.composite
def single_fields(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(FIELDS))
    kind = draw(st.integers(0, 4))
    if kind == 0:
        rows = [f"{name}:", *draw(block_lists(tame))]
    elif kind == 1:
        rows = [f"{name}:", *draw(mappings(tame, tame_keys))]
    elif kind == 2:
        header, *more = draw(block_scalars(tame))
        rows = [f"{name}: {header}", *more]
    else:
        rows = [f"{name}: {draw(st.one_of(scalars(tame), flow_lists(tame)))}"]
    return "\n".join(rows) + "\n"


@settings(max_examples=400, deadline=None)
@given(single_fields())
def test_any_single_field_is_read_as_yaml_reads_it_or_left_to_yaml(front: str) -> None:
    event("fast" if agrees(front) else "fallback")


@settings(max_examples=400, deadline=None)
@given(documents())
def test_any_front_matter_is_read_as_yaml_reads_it_or_left_to_yaml(front: str) -> None:
    event("fast" if agrees(front) else "fallback")


@settings(max_examples=400, deadline=None)
@given(likely_documents())
def test_common_front_matter_is_read_as_yaml_reads_it_or_left_to_yaml(front: str) -> None:
    event("fast" if agrees(front) else "fallback")


@st.composite
def edited_corpus_fronts(draw: st.DrawFn) -> str:
    """The corpus's shape with a few characters inserted, deleted or lines repeated: near misses."""
    text = CORPUS_SHAPE + "canonical_url: >-\n  one\n\n  two\nkeywords:\n  - a\n  - 'b'\nshare:\n  x: c\n"
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text) - 1))
        edit = draw(st.integers(0, 2))
        if edit == 0:
            text = text[:at] + draw(st.sampled_from([*ALPHABET, "\n", "\\n", "'", '"'])) + text[at:]
        elif edit == 1:
            text = text[:at] + text[at + 1 :]
        else:
            start = text.rfind("\n", 0, at) + 1
            text = text[:start] + text[start:at] + "\n" + text[start:]
    return text


@settings(max_examples=300, deadline=None)
@given(edited_corpus_fronts())
def test_near_misses_of_the_corpus_shape_are_read_as_yaml_reads_them_or_left_to_yaml(front: str) -> None:
    event("fast" if agrees(front) else "fallback")


@settings(max_examples=250, deadline=None)
@given(st.sampled_from(["", REQUIRED]), st.one_of(documents(), likely_documents(), single_fields()))
def test_a_whole_article_loads_the_same_with_and_without_the_fast_reader(required: str, front: str) -> None:
    fast, slow = parsed_both_ways(required + front)
    assert fast == slow


# --- examples ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted((REPO / "articles").rglob("*.md")), ids=lambda p: p.name)
def test_shipped_articles_take_the_fast_path(path: Path) -> None:
    text, _ = source.decode(path.read_bytes(), path.name)
    assert text is not None
    parts = source.split(text, path.name)
    assert isinstance(parts, tuple)
    assert agrees(parts[0])


def test_front_matter_shaped_like_the_benchmark_corpus_takes_the_fast_path() -> None:
    assert agrees(CORPUS_SHAPE)
    parsed_both_ways(CORPUS_SHAPE)


@pytest.mark.parametrize(
    ("front", "values"),
    [
        ("draft: yes\n", {"draft": True}),
        ("draft: oFF\n", {"draft": "oFF"}),
        ("tags: [1.10, 0x1F, on, ~, '', \"a\\tb\"]\n", {"tags": ["1.10", "0x1F", True, None, "", "a\tb"]}),
        ("author: Newsroom\ncategory:\n", {"authors": "Newsroom", "category": None}),
        ("date: 2017-07-03\n", {"date": dt.date(2017, 7, 3)}),
        ("title: 'It''s here'  \n", {"title": "It's here"}),
        ("tags:\n- a\n- 1:30\n", {"tags": ["a", "1:30"]}),
        ("summary: >-\n  one\n  two\n\n  three\n", {"summary": "one two\nthree"}),
        ("summary: |\n  one\n  two\n", {"summary": "one\ntwo\n"}),
        ("translations:\n  zh-CN: urn:x\n  en: 'y'\n", {"translations": {"zh-CN": "urn:x", "en": "y"}}),
    ],
)
def test_values_are_what_yaml_gives(front: str, values: dict[str, Any]) -> None:
    read = fastfront.read(front)
    assert read is not None and typed(read[0]) == typed(values)
    assert agrees(front)


@pytest.mark.parametrize(
    "front",
    [
        "title: a\ntitle: b\n",
        "author: a\nauthors: b\n",
        "syndication:\n- network: x\n",
        "title: &a x\n",
        "title: !!str x\n",
        "title: a # note\n",
        "title: a\n  continued\n",
        "summary: |+\n  kept\n\n",
        "summary: >\n  ends without a line break",
        "k" * 1025 + ": a key longer than YAML allows\n",
        "share:\n  " + "k" * 1025 + ": x\n",
        "title:\ta\n",
        "share: {x: y}\n",
        "? title\n: a\n",
        "1: a\n",
        "date: 2017-02-30\n",
        'title: "\\q"\n',
        "translations:\n  en: 1\n",
        "# only a comment\n",
    ],
)
def test_text_outside_the_subset_is_left_to_yaml(front: str) -> None:
    assert fastfront.read(front) is None
    parsed_both_ways(front)


def test_the_fast_reader_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIADING_FAST_FRONT", "off")
    assert not fastfront.enabled()
    monkeypatch.setenv("JIADING_FAST_FRONT", "on")
    assert fastfront.enabled()


def test_the_unusual_characters_are_exactly_those_outside_what_yaml_reads_as_plain_text() -> None:
    allowed = re.compile("[\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
    text = "".join(map(chr, range(0x110000)))
    assert [m.start() for m in fastfront.UNUSUAL.finditer(text)] == [
        i for i, char in enumerate(text) if not allowed.match(char)
    ]


def test_the_resolver_table_is_pyyaml_s_own() -> None:
    import yaml

    table = yaml.CSafeLoader.yaml_implicit_resolvers
    ours: dict[str, list[tuple[str, str]]] = {}
    for tag, pattern, firsts in yamlscalars.IMPLICIT:
        for first in firsts:
            ours.setdefault(first, []).append((tag, pattern))
    theirs = {first: [(tag, regex.pattern) for tag, regex in found] for first, found in table.items()}
    theirs.pop("", None)  # the empty scalar: never a plain value read here
    assert ours == theirs
    for found in table.values():
        for tag, regex in found:
            # compiled verbose here; where PyYAML's is not, its pattern has no space for that to change
            assert regex.flags & re.X or not re.search(r"\s", regex.pattern), tag


PLAIN = st.text(alphabet="yYnNtTfFoOeEsSuUlLrR~-+.0123456789_:xXabcAB<=!&*iIN ", min_size=1, max_size=12)


WORDS = [
    "yes",
    "Yes",
    "YES",
    "no",
    "No",
    "NO",
    "true",
    "True",
    "TRUE",
    "false",
    "False",
    "FALSE",
    "on",
    "On",
    "ON",
    "off",
    "Off",
    "OFF",
    "null",
    "Null",
    "NULL",
    "~",
    "nULL",
    "oN",
]
NUMBERS = [
    "0",
    "-1",
    "+7",
    "0b101",
    "017",
    "0x1F",
    "1_000",
    "1:30",
    "1.5",
    "-.5",
    ".5e+3",
    "1e5",
    "1.0e-3",
    ".inf",
    "-.Inf",
    ".NaN",
    "190:20:30.15",
    "2017-07-03",
]


def _pyyaml_tag(text: str) -> str:
    import yaml

    return str(yaml.CSafeLoader("").resolve(yaml.ScalarNode, text, (True, False)))


@pytest.mark.parametrize("text", [*WORDS, *NUMBERS, "<<", "=", "!", "Financial", "Nine", "2017-07-03 09:00:00 +8"])
def test_resolver_words_and_numbers_get_the_tag_pyyaml_gives_them(text: str) -> None:
    assert yamlscalars.resolve(text) == _pyyaml_tag(text)


@settings(max_examples=3000, deadline=None)
@given(text=PLAIN.map(lambda t: t.strip()).filter(bool))
def test_plain_scalars_get_the_tag_pyyaml_gives_them(text: str) -> None:
    assert yamlscalars.resolve(text) == _pyyaml_tag(text)


@pytest.mark.parametrize(
    "text",
    ["yes", "No", "TRUE", "false", "On", "OFF", "~", "null", "Null", "NULL", "2017-07-03", "2017-7-3 9:00:00.5 +8"],
)
def test_booleans_nulls_and_other_timestamps_are_built_as_pyyaml_builds_them(text: str) -> None:
    import yaml

    assert typed(yamlscalars.scalar(text)) == typed(yaml.safe_load(f"value: {text}\n")["value"])


def test_the_usual_front_matter_is_read_without_importing_pyyaml(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"---\n{CORPUS_SHAPE}---\nBody.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from jiading_cli.content import loader\n"
        "from jiading_cli.model import article\n"
        f"loaded = loader.parse(open({str(path)!r}, 'rb').read(), 'a.md', article.Defaults(), 'a')\n"
        "print(loaded.article.title, loaded.article.draft, 'yaml' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "JIADING_FAST_FRONT"}
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert shown == "New quarter quarter opens in Jiading True False\n"


@given(
    st.sampled_from(["+", "-"]),
    st.integers(0, 30),
    st.integers(0, 99),
    st.sampled_from(["2017-07-03T18:00:00{}", "2017-07-03 18:00:00 {}", "2017-07-03T18:00:00.5{}"]),
)
def test_an_offset_is_read_as_written_or_refused_never_carried_into_the_hours(
    sign: str, hours: int, minutes: int, form: str
) -> None:
    """PyYAML builds +08:60 as nine hours; an offset is its hours and minutes as written (at most 23:59), else JD104."""
    offset = f"{sign}{hours:02d}:{minutes:02d}"
    front = f"id: urn:uuid:0b9a4b1e\ntitle: Jiading\ndate: {form.format(offset)}\n"
    raw = f"---\n{front}---\nBody text.\n".encode()
    for state in ("off", "on"):
        with fast_front(state):
            loaded = loader.parse(raw, "articles/a.md", DEFAULTS, "a")
        if hours <= 23 and minutes <= 59:
            assert loaded.article is not None, loaded.problems
            found = loaded.article.date.utcoffset()
            assert found == (-1 if sign == "-" else 1) * dt.timedelta(hours=hours, minutes=minutes)
        else:
            assert loaded.article is None
            [problem] = [p for p in loaded.problems if p.field == "date"]
            assert problem.code == "JD104"
            if hours > 23:
                assert f"its UTC offset {offset} is not between -23:59 and +23:59" in problem.message
            else:  # within the bounds, but no offset: never said to be out of them
                assert f"its UTC offset {offset} has {minutes} minutes, not from 0 to 59" in problem.message
            assert "timedelta" not in problem.message


@given(
    st.integers(0, 9999), st.integers(0, 14), st.integers(0, 33), st.integers(0, 26), st.integers(0, 62),
    st.integers(0, 62),
)  # fmt: skip
def test_a_date_out_of_range_names_its_part_in_the_projects_words(
    year: int, month: int, day: int, hour: int, minute: int, second: int
) -> None:
    """Whichever reader reads it, a date that does not exist names the part out of range, never Python's words."""
    text = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}+08:00"
    raw = f"---\nid: urn:uuid:0b9a4b1e\ntitle: Jiading\ndate: {text}\n---\nBody text.\n".encode()
    try:
        dt.datetime(year, month, day, hour, minute, second)
        exists = True
    except ValueError:
        exists = False
    for state in ("off", "on"):
        with fast_front(state):
            loaded = loader.parse(raw, "articles/a.md", DEFAULTS, "a")
        dated = [p for p in loaded.problems if p.field == "date" and p.severity == "error"]
        if exists and year >= 1:
            assert not [p for p in dated if "cannot read the value" in p.message], dated
            continue
        [problem] = dated
        assert re.search(
            r"cannot read the value: its (year|month|day|hour|minute|second) \d+ is not from", problem.message
        )
