"""Percent-encoding of share links and article paths: the text ``urllib.parse.quote`` gives, for any text."""

from __future__ import annotations

import string
from urllib.parse import quote as slow_quote

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jiading_cli.base.percent import quote

CHARACTERS = st.one_of(
    st.sampled_from(string.printable + "%é嘉定区🇨🇳\u0301\x00\x7f\x80\uffff"),
    st.characters(exclude_categories=["Cs"]),  # any character a text can be written in UTF-8
)


@given(st.text(CHARACTERS, max_size=200), st.sampled_from(["", "/", "/-._~", "@", "%", "/嘉", "?&="]))
@settings(max_examples=400, deadline=None)
@example("100% sure: a%20b", "")
@example("嘉定区 新闻/2024?x=1#y", "/-._~")
@example("", "")
def test_any_text_is_encoded_as_urllib_encodes_it(text: str, safe: str) -> None:
    assert quote(text, safe) == slow_quote(text, safe=safe)


def test_a_share_link_keeps_letters_and_encodes_the_rest() -> None:
    assert quote("Jiading park: 嘉定 100%", "") == "Jiading%20park%3A%20%E5%98%89%E5%AE%9A%20100%25"


def test_a_lone_surrogate_cannot_be_encoded_as_with_urllib() -> None:
    with pytest.raises(UnicodeEncodeError):
        slow_quote("a\ud800b", safe="")
    with pytest.raises(UnicodeEncodeError):
        quote("a\ud800b", "")


@pytest.mark.parametrize("safe", ["", "/", "/-._~", "@", "%", "/嘉", "?&=", string.punctuation])
def test_each_character_next_to_any_other_is_encoded_as_urllib_encodes_it(safe: str) -> None:
    characters = [chr(code) for code in range(0x100)] + ["嘉", "🇨🇳", "\u0301", "\uffff", "\U0010ffff"]
    for char in characters:
        for value in (char, "a" + char + "%", char * 3 + "嘉"):
            assert quote(value, safe) == slow_quote(value, safe=safe), repr(value)
