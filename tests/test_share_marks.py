"""An article's own characters are never taken for a hashtag: whatever its title, summary and share override hold
(any character validation passes, a private-use one included), each network's text shows them as written, and
LinkedIn's commentary holds a hashtag for each tag and no other."""

from __future__ import annotations

import dataclasses
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from jiading_cli.base.xmlchars import NOT_OUTPUT
from jiading_cli.config import Config
from jiading_cli.model.article import Article
from jiading_cli.share import text
from jiading_cli.share.fill import share_text
from jiading_cli.share.network import TextSpec
from jiading_cli.share.registry import BUILT_IN
from test_share_text import shipped_article

HASHTAG = re.compile(r"\{hashtag\|\\#\|((?:\\.|[^\\}])*)\}")  # one of LinkedIn's hashtag templates
ESCAPED = re.compile(r"\\(.)", re.DOTALL)

PIECES = [
    "\ue000", "\ue001", "\uf8ff", "\U000f0000", "#", "#tag", "{", "}", "|", "\\", "(", ")", "@", "_", "~", "*",
    "嘉定", "Jiading", " ", "a", "é", "\u200d", "\U0001f3fb",
]  # fmt: skip
CHARACTERS = st.characters(blacklist_categories=["Cs"]).filter(lambda c: NOT_OUTPUT.match(c) is None)
ONE_LINE = st.lists(st.sampled_from(PIECES) | st.text(CHARACTERS, max_size=3), max_size=12).map("".join)
WORDS = st.sampled_from(["finance", "integrated circuits", "新能源汽车", "Park"])


def texts(config: Config, article: Article) -> dict[str, tuple[str, TextSpec]]:
    """Each network's template and text spec, as the share run takes them."""
    return {network.name: (network.template(config), network.text) for network in BUILT_IN.networks}


@settings(max_examples=150, derandomize=True)  # the same draws in every run: CI is not where a new one is found
@given(title=ONE_LINE, summary=ONE_LINE, tags=st.lists(WORDS, max_size=3, unique=True))
@example(title="Price \ue000rises\ue001 today", summary="Costs \ue000fall (a lot) and @more", tags=["finance"])
def test_an_articles_own_characters_are_shown_as_written(title: str, summary: str, tags: list[str]) -> None:
    config, article = shipped_article()
    article = dataclasses.replace(article, title=f"T {title} T", summary=f"S {summary} S", tags=tuple(tags))
    for network, (template, spec) in texts(config, article).items():
        made = share_text(config, article, network, template, spec)
        if made.cut:
            continue
        shown = made.shown
        for field in ("title", "summary"):
            if "{" + field + "}" in template:
                assert getattr(article, field) in shown, (network, shown)
        if network == "linkedin":
            names = [ESCAPED.sub(r"\1", name) for name in HASHTAG.findall(made.value)]
            assert names == [text.plain(text.hashtag(tag, "linkedin")).lstrip("#") for tag in tags], made.value
            assert ESCAPED.sub(r"\1", HASHTAG.sub("", made.value)).startswith(article.title)


@settings(max_examples=100, derandomize=True)
@given(override=ONE_LINE)
@example(override="Read \ue000this\ue001 and #more")
def test_an_override_has_a_hashtag_for_each_hash_word_it_writes(override: str) -> None:
    config, article = shipped_article()
    article = dataclasses.replace(article, share={"linkedin": f"O {override} O"})
    template, spec = texts(config, article)["linkedin"]
    made = share_text(config, article, "linkedin", template, spec)
    assert made.shown == article.share["linkedin"].strip()
    written = re.findall(r"(?<!\S)#([^\W_]\w*)", made.shown)
    assert [ESCAPED.sub(r"\1", name) for name in HASHTAG.findall(made.value)] == written, made.value
