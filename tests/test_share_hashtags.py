"""Hashtags as a reader of the network sees them: each tag's words whole, marks and joiners on their letters kept,
and each tag once, as the site groups names and as the networks compare hashtags."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from jiading_cli.content.names import each_once, name_key
from jiading_cli.share import text
from jiading_cli.share.fill import _overridden
from jiading_cli.share.network import TextSpec
from share.sites import ShareSite, make_site

STYLES = ("facebook", "x", "weibo", "linkedin", "email")
# Letters and digits of scripts whose words carry marks (Devanagari, Bengali, Thai, Latin with an accent typed
# apart, Persian with its non-joiner), and the marks and joiners written inside such words.
BASES = st.sampled_from([*"नमसतदकहबলখกนทაბგ", "e", "a", "Z", "7", "م", "خ", "ا", "嘉"])
INSIDE = st.sampled_from(["\u094d", "\u0947", "\u093f", "\u0940", "\u09cd", "\u0e35", "\u0e48", "\u0301", "\u0308"])
JOINED = st.sampled_from(["\u200c", "\u200d"])
WORD = st.tuples(BASES, st.lists(BASES | INSIDE | st.tuples(JOINED, BASES).map("".join), max_size=6)).map(
    lambda drawn: drawn[0] + "".join(drawn[1])
)
BETWEEN = st.sampled_from([" ", "  ", "-", "+", ", ", "·", "\u3000", "/"])


def camel(words: list[str]) -> str:
    return words[0] if len(words) == 1 else "".join(w[:1].title() + w[1:] for w in words)


@given(st.lists(WORD, min_size=1, max_size=4), BETWEEN)
@example(["नमस्ते", "दुनिया"], " ")
@example(["e\u0301cole"], " ")
@example(["می\u200cخواهم"], " ")
def test_a_hashtag_keeps_every_word_of_its_tag_whole(words: list[str], between: str) -> None:
    tag = between.join(words)
    assert text.hashtag(tag, "x") == "#" + camel(words)
    assert text.hashtag(tag, "weibo") == "#" + camel(words) + "#"
    assert text.little_text(text.hashtag(tag, "linkedin")) == "{hashtag|\\#|" + camel(words) + "}"


def test_a_word_of_a_script_without_capitals_is_kept_as_written() -> None:
    """Georgian has no capitals in its running text: upper case would write Mtavruli letters in the hashtag."""
    assert text.hashtag("ქართული ენა", "x") == "#ქართულიენა"
    assert text.hashtag("integrated circuits", "x") == "#IntegratedCircuits"


@given(WORD, st.sampled_from(["", " ", ", ", ".", "!"]))
def test_a_hashtag_of_an_override_is_its_word_whole(word: str, after: str) -> None:
    made = _overridden(f"Open #{word}{after}", TextSpec(style="linkedin", override_hashtags=True))
    assert made == f"Open {text.HASH_OPEN}{word}{text.HASH_CLOSE}{after}".strip()


def spellings(name: str) -> st.SearchStrategy[str]:
    """``name`` as it may be written for the same tag: in other case, full width, with other spaces."""
    full = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)
    return st.sampled_from([name, name.lower(), name.upper(), full, full.upper(), f" {name} ", name.title()])


NAMES = st.sampled_from(["Finance", "integrated circuits", "AB", "a]]>b", "नमस्ते", "C++", "c", "新能源汽车", "_"])


@given(st.lists(NAMES.flatmap(spellings), max_size=12))
def test_each_tag_gives_one_hashtag_once_however_it_is_spelled(tags: list[str]) -> None:
    for style in STYLES:
        made = text.hashtags(tuple(tags), style).split(" ") if text.hashtags(tuple(tags), style) else []
        keys = [name_key(text.plain(h)) for h in made]
        assert len(keys) == len(set(keys)), made
        firsts = each_once(tags)  # the first spelling of each name, as its tag page shows it
        expected = {name_key(text.plain(text.hashtag(t, style))) for t in firsts} - {""}
        assert set(keys) == expected


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    return make_site(tmp_path, base=httpserver.url_for("/"))


def test_the_dry_run_shows_each_tag_once_and_whole(site: ShareSite) -> None:
    path = site.article()
    source = path.read_text(encoding="utf-8")
    tags = '[Finance, finance, "ＦＩＮＡＮＣＥ", "नमस्ते दुनिया", "a]]>b", AB]'
    source = source.replace("tags: [finance, integrated circuits]", f"tags: {tags}\nshare: {{linkedin: 'Hi #नमस्ते'}}")
    path.write_text(source, encoding="utf-8")
    result = site.run("share", "--json", "articles/a.md")
    assert result.exit_code == 0, result.output
    payloads = json.loads(result.stdout)["articles"][0]["payloads"]
    message = unicodedata.normalize("NFC", json.dumps(payloads["facebook"], ensure_ascii=False))
    assert "#Finance #नमस्तेदुनिया #AB" in message and "#finance" not in message and "#नमस" + "त" not in message
    assert "{hashtag|\\\\#|नमस्ते}" in json.dumps(payloads["linkedin"], ensure_ascii=False)
