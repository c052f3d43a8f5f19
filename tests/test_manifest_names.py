"""A manifest's names are checked all at once (``manifest.all_safe``) and one by one (``safe_name``) only when that
fails: the quick check never takes a list the slow one would refuse a name of, and a manifest is read the same
either way. Its bytes are what ``json.dumps(..., indent=2)`` writes."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jiading_cli.feeds.manifest import MANIFEST, all_safe, manifest_bytes, parsed, safe_name

PARTS = st.sampled_from(["a", "b.xml", "", ".", "..", "\0", "\udcff", "\ud800", "中", " ", "\\", MANIFEST])
NAMES = st.lists(PARTS, min_size=1, max_size=4).map("/".join)
SURROGATE = re.compile("[\ud800-\udfff]")
LISTS = st.lists(st.one_of(NAMES, st.text()), max_size=6)


@settings(max_examples=2000, deadline=None)
@given(LISTS)
def test_names_taken_all_at_once_are_names_each_taken_alone(names: list[str]) -> None:
    if all_safe(names):
        assert all(safe_name(name) for name in names)
    if names and all(safe_name(name) for name in names) and "\0" not in "".join(names):
        assert all_safe(names), "the quick check takes what each name's check takes"


WRITTEN = st.one_of(NAMES, st.text()).filter(lambda name: not SURROGATE.search(name))  # a file a build writes


@settings(max_examples=500, deadline=None)
@given(
    st.dictionaries(WRITTEN, st.text(alphabet=st.characters(blacklist_categories=["Cs"])), max_size=6), st.booleans()
)
def test_a_manifest_reads_back_its_safe_names_and_is_written_as_json_writes_it(
    files: dict[str, str], preview: bool
) -> None:
    data = manifest_bytes(files, preview)
    expected = {"generator": "jiading", "preview": preview, "files": dict(sorted(files.items()))}
    assert data == (json.dumps(expected, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    found, problem = parsed(data)
    assert problem is None
    assert found == {name: value for name, value in files.items() if safe_name(name)}
