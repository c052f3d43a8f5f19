"""A store is unpickled from the bytes read from disk without a copy of them (``pickles._Reader``): whatever a
pickle of any protocol holds comes back as ``pickle.loads`` gives it, and a cut or damaged one is refused."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiading_cli.incremental.pickles import UNREADABLE, Damaged, opened, safe_loads, sealed

PLAIN = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
BINARY = st.binary(max_size=300) | st.datetimes(timezones=st.just(dt.UTC))  # globals before protocol 3: refused


def _values(leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=20), inner),
        max_leaves=40,
    )


VALUES = _values(PLAIN | BINARY)


@given(
    st.one_of(
        st.tuples(_values(PLAIN), st.integers(0, pickle.HIGHEST_PROTOCOL)),  # 0 reads its text by lines
        st.tuples(VALUES, st.integers(3, pickle.HIGHEST_PROTOCOL)),  # 5 reads its bytes into buffers
    )
)
def test_what_any_protocol_pickled_comes_back(value_and_protocol: tuple[Any, int]) -> None:
    value, protocol = value_and_protocol
    data = pickle.dumps(value, protocol=protocol)
    assert safe_loads(data) == pickle.loads(data)
    assert safe_loads(opened(sealed(data))) == pickle.loads(data)


def test_a_long_text_line_and_large_bytes_come_back() -> None:
    text, blob = "x" * 100_000 + "\n中", bytes(range(256)) * 4_000
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert safe_loads(pickle.dumps(text, protocol=protocol)) == text
    for protocol in range(3, pickle.HIGHEST_PROTOCOL + 1):
        assert safe_loads(pickle.dumps((text, blob), protocol=protocol)) == (text, blob)


@given(VALUES, st.data())
def test_a_cut_pickle_is_refused(value: Any, data: st.DataObject) -> None:
    whole = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    cut = data.draw(st.integers(min_value=0, max_value=len(whole) - 1))
    with pytest.raises(UNREADABLE):
        safe_loads(whole[:cut])


def test_a_changed_byte_is_refused_before_it_is_read() -> None:
    sealed_data = bytearray(sealed(pickle.dumps({"a": 1})))
    sealed_data[3] ^= 1
    with pytest.raises(Damaged):
        opened(bytes(sealed_data))
