"""A list's or a table's checker names the item that is wrong: a list's by its place (``item 2 of 3``), a table's by
its key, which goes on the key's path (``email.site_titles.xx-YYYY``), with what was expected and what was found."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from jiading_cli.config import parse_config
from jiading_cli.model.errors import ConfigError
from jiading_cli.share.registry import current

BASE = '[site]\ntitle = "T"\nbase_url = "https://e.com"\n'
LISTS = {  # key: (its n-th good item, a bad one)
    "validate.ignore": (lambda n: f"JD1{50 + n}", "jd1x"),
    "site.authors": (lambda n: f"Author {n}", "two\nlines"),
    "email.to": (lambda n: f"a{n}@example.com", "not an address"),
    "share.networks": (lambda n: ["email", "facebook", "linkedin"][n % 3], "tiktok"),
}
TAGS = ["en", "fr", "de", "zh-CN", "ja"]
BAD_TITLES = {"a line break": "a\nb", "empty": "", "invisible": "\u200b", "a list": ["x"], "a boolean": True}


def problems(text: str) -> list[str]:
    try:
        parse_config(text, Path("jiading.toml"), current().plugins())
    except ConfigError as exc:
        return [p.render() for p in exc.problems if p.severity == "error"]
    return []


def toml(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string, list or number is TOML's too


@given(st.sampled_from(sorted(LISTS)), st.integers(0, 3), st.integers(0, 3))
def test_a_wrong_item_of_a_list_is_named_by_its_place(key: str, where: int, count: int) -> None:
    good, bad = LISTS[key]
    section, name = key.split(".")
    items = [good(n) for n in range(count)]
    where = min(where, count)
    items.insert(where, bad)
    line = f"{name} = {toml(items)}\n"
    text = BASE + line if section == "site" else BASE + f"[{section}]\n{line}"
    found = problems(text)
    assert len(found) == 1, found
    assert f"error JD002 {key}: expected " in found[0]
    assert found[0].endswith(f"(item {where + 1} of {len(items)})"), found[0]


@given(st.sampled_from(TAGS), st.sampled_from(sorted(BAD_TITLES)), st.booleans())
def test_a_wrong_key_or_value_of_a_table_is_named_by_its_key(tag: str, kind: str, bad_key: bool) -> None:
    entries = {t: f"Title {t}" for t in TAGS if t != tag}
    if bad_key:
        entries["xx-YYYY"] = "x"
        shown, path = "got the key 'xx-YYYY'", "email.site_titles.xx-YYYY"
    else:
        entries[tag] = BAD_TITLES[kind]
        shown, path = "got ", f"email.site_titles.{tag}"
    table = ", ".join(f'"{k}" = {toml(v)}' for k, v in entries.items())
    found = problems(BASE + f"[email]\nsite_titles = {{{table}}}\n")
    assert len(found) == 1, found
    assert f"error JD002 {path}: expected " in found[0] and shown in found[0], found[0]
    assert "got a mapping" not in found[0]


def test_every_wrong_network_is_named() -> None:
    found = problems(BASE + '[share]\nnetworks = ["tiktok", 5]\n')
    assert [line.rpartition("got ")[2] for line in found] == ["'5' (item 2 of 2)", "'tiktok' (item 1 of 2)"]


@given(st.lists(st.booleans(), min_size=1, max_size=9))
def test_every_wrong_item_of_a_list_is_named_in_one_run(wrong: list[bool]) -> None:
    """One run says all that is wrong with a list, not its first wrong item alone (the next named only once that is
    fixed): each wrong item by its place, the first five named and the rest counted, in the field's one line."""
    codes = ["jd1x" if bad else f"JD1{50 + n}" for n, bad in enumerate(wrong)]
    found = problems(BASE + f"[validate]\nignore = {toml(codes)}\n")
    bad = [n for n, is_bad in enumerate(wrong, 1) if is_bad]
    if not bad:
        assert found == []
        return
    [line] = found
    named = [f"(item {n} of {len(codes)})" for n in bad[:5]]
    assert all(each in line for each in named), line
    assert (f"and {len(bad) - 5} more" in line) == (len(bad) > 5), line


@given(st.lists(st.sampled_from(["good", "bad key", "bad value"]), min_size=1, max_size=5))
def test_every_wrong_entry_of_a_table_is_its_own_line(kinds: list[str]) -> None:
    """One run says all that is wrong with a table: each wrong key or value on its own line, at its key's path,
    never the first alone (the next named only once that is fixed)."""
    entries: dict[str, object] = {}
    wrong: set[str] = set()
    for tag, kind in zip(TAGS, kinds, strict=False):
        if kind == "bad key":
            entries[f"xx-{tag}-!!"] = "x"
            wrong.add(f"email.site_titles.xx-{tag}-!!")
        else:
            entries[tag] = "two\nlines" if kind == "bad value" else f"Title {tag}"
            if kind == "bad value":
                wrong.add(f"email.site_titles.{tag}")
    table = ", ".join(f'"{k}" = {toml(v)}' for k, v in entries.items())
    found = problems(BASE + f"[email]\nsite_titles = {{{table}}}\n")
    paths = {line.split(" error JD002 ", 1)[1].split(": expected ", 1)[0] for line in found}
    assert len(found) == len(wrong) and paths == wrong, found


def test_wrong_email_recipients_are_named_in_one_run_by_what_each_lacks() -> None:
    found = problems(BASE + '[email]\nto = ["one", "a@b.com", "two", "x@例え.jp"]\n')
    assert found, found
    named = " ".join(found)
    assert "(item 1 of 4)" in named and "(item 3 of 4)" in named and "(item 4 of 4)" in named, found
    assert "(item 2 of 4)" not in named, found
