"""A key given twice inside a field (``translations``, ``share``, a ``syndication`` record), at any depth, in block
or flow style, however quoted, is ``JD106`` on the field's line naming the key and both of its lines, as a field
given twice is: YAML forbids it, and PyYAML would keep the last value silently (a translation or a share text
other than the one read first, a record naming two networks)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import front
from test_load import load, rendered

KEYS = ["a", "zh-CN", "facebook"]
WRITTEN = {"a": ["a", "'a'", '"a"'], "zh-CN": ["zh-CN", "'zh-CN'"], "facebook": ["facebook", '"facebook"']}

Pairs = list[tuple[str, Any]]


def tree(leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Text, lists and mappings (lists of pairs, so that a key may come twice), nested a few deep."""
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, min_size=1, max_size=3)
            | st.lists(st.tuples(st.sampled_from(KEYS), inner), min_size=1, max_size=4).map(tuple)
        ),
        max_leaves=12,
    )


def twice(value: Any) -> bool:
    """Whether a mapping anywhere in ``value`` has a key twice."""
    if isinstance(value, tuple):
        keys = [key for key, _ in value]
        return len(keys) != len(set(keys)) or any(twice(item) for _, item in value)
    if isinstance(value, list):
        return any(twice(item) for item in value)
    return False


def flow(value: Any, draw: st.DrawFn) -> str:
    if isinstance(value, tuple):
        return "{" + ", ".join(f"{draw(st.sampled_from(WRITTEN[k]))}: {flow(v, draw)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(item, draw) for item in value) + "]"
    return str(value)


def block(value: Any, indent: int, draw: st.DrawFn) -> str:
    """The value after its key's colon: a mapping as indented lines (or in flow), anything else in flow."""
    if not isinstance(value, tuple) or draw(st.booleans()):
        return " " + flow(value, draw)
    pad = " " * indent
    rows = [f"\n{pad}{draw(st.sampled_from(WRITTEN[k]))}:{block(v, indent + 2, draw)}" for k, v in value]
    return "".join(rows)


@settings(max_examples=150, deadline=None)
@given(value=tree(st.sampled_from(["x", "'y'", "z z"])), field=st.sampled_from(["notes", "share"]), data=st.data())
def test_a_key_given_twice_at_any_depth_is_said_on_its_field(value: Any, field: str, data: st.DataObject) -> None:
    written = block(value, 2, data.draw)
    said = rendered(load(front(**{field: written.removeprefix(" ")}) + "Body.\n"))
    doubled = [row for row in said if " JD106 " in row]
    if twice(value):
        assert len(doubled) == 1, said
        assert doubled[0].startswith(f"articles/a.md:6: error JD106 {field}: expected each key once, found '")
        assert " given twice (" in doubled[0]
    else:
        assert not doubled, said


def test_a_translation_given_twice_names_the_key_and_both_lines() -> None:
    text = "\n  zh-CN: urn:uuid:5a3add5e-8ef6-4ddd-b08d-5c0e6b8f3c99\n  zh-CN: urn:x:other"
    loaded = load(front(translations=text) + "Body.\n")
    assert rendered(loaded) == [
        "articles/a.md:6: error JD106 translations: expected each key once, found 'zh-CN' given twice "
        "(lines 7 and 8); keep one"
    ]


def test_a_key_twice_in_one_flow_mapping_is_said_on_its_line() -> None:
    loaded = load(front(share="{facebook: Hello, 'facebook': Bye}") + "Body.\n")
    assert rendered(loaded) == [
        "articles/a.md:6: error JD106 share: expected each key once, found 'facebook' given twice "
        "(both on line 6); keep one"
    ]


def test_a_syndication_record_naming_two_networks_is_refused() -> None:
    record = "\n- network: facebook\n  network: linkedin\n  state: posted"
    assert (
        " JD106 syndication: expected each key once, found 'network' given twice (lines 7 and 8)"
        in (rendered(load(front(syndication=record) + "Body.\n"))[0])
    )


def test_a_merge_key_given_twice_is_said_as_a_merge_key() -> None:
    """Every merge key is JD114, whatever its value (docs/front-matter.md), given twice too: never JD106 for it."""
    said = rendered(load(front(share="\n  <<: {x: a}\n  <<: {x: b}") + "Body.\n"))
    assert [row.split(" ", 3)[2] for row in said] == ["JD114"], said
