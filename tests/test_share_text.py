"""Share text: cutting, LinkedIn escaping, hashtags and mailto links, checked on examples and on any text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import quote, unquote

from hypothesis import example, given
from hypothesis import strategies as st

from jiading_cli.config import Config
from jiading_cli.content.names import name_key
from jiading_cli.model.article import Article
from jiading_cli.share import links, text
from jiading_cli.share.fill import ShareText

RESERVED = set("\\|{}@[]()<>#*_~")


def test_english_is_cut_at_a_word_with_an_ellipsis() -> None:
    fitted = text.fit("Financial industry to boost Jiading district", 30)
    assert fitted.text == "Financial industry to boost…" and fitted.cut


def test_chinese_is_cut_between_characters_never_inside_one() -> None:
    fitted = text.fit("嘉定区政府与上海市金融服务办公室签署战略合作备忘录", 10)
    assert fitted.text == "嘉定区政府与上海市…"


def test_a_combining_accent_stays_with_its_letter() -> None:
    assert text.fit("cafe\u0301 cafe\u0301", 6).text == "cafe\u0301…"


def test_hashtags_follow_each_networks_style() -> None:
    tags = ("finance", "integrated circuits", "新能源汽车")
    assert text.hashtags(tags, "facebook") == "#finance #IntegratedCircuits #新能源汽车"
    assert text.hashtags(tags, "weibo") == "#finance# #IntegratedCircuits# #新能源汽车#"
    assert text.little_text(text.hashtags(tags, "linkedin")) == (
        "{hashtag|\\#|finance} {hashtag|\\#|IntegratedCircuits} {hashtag|\\#|新能源汽车}"
    )


def test_x_counts_chinese_double_and_links_as_23() -> None:
    assert text.x_length("嘉定 news https://example.com/a/very/long/path/indeed") == 2 * 2 + 6 + 23


def test_mailto_uses_percent_20_and_crlf_never_plus() -> None:
    link = links.mailto("Open day + news", "Line one\nLine two & more")
    assert link == "mailto:?subject=Open%20day%20%2B%20news&body=Line%20one%0D%0ALine%20two%20%26%20more"


@given(st.text(max_size=300), st.integers(min_value=1, max_value=120))
def test_a_cut_text_fits_starts_like_the_original_and_never_splits_a_character(value: str, limit: int) -> None:
    fitted = text.fit(value, limit)
    assert len(fitted.text) <= limit
    if not fitted.cut:
        assert fitted.text == value
        return
    assert fitted.text.endswith(text.ELLIPSIS)
    kept = fitted.text[:-1]
    assert value.startswith(kept)
    rest = value[len(kept) :]
    whole = [cut for cut in text.cuts_by_character(value, False) if len(candidate(value, cut)) <= limit]
    if kept and rest and whole:  # a whole character fits: none is split
        assert not unicodedata.combining(rest[0]) and rest[0] not in "\u200d\ufe0f"


def candidate(value: str, cut: int) -> str:
    return value[:cut].rstrip(text.TRIM) + text.ELLIPSIS


def test_a_title_of_one_character_longer_than_xs_limit_is_cut_inside_it_never_to_the_ellipsis_alone() -> None:
    """A letter under hundreds of combining marks, or a family emoji joined to itself again and again: one
    character each (one grapheme cluster), longer than X's limit. It is cut between code points, as much as fits."""
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
    for title in ("e" + "\u0301" * 400, "\u200d".join([family] * 60), "\U0001f469\U0001f3fd" + "\ufe0f" * 300):
        fitted = text.fit(title + " #Parks", 256, text.x_length)
        assert fitted.cut and fitted.text != text.ELLIPSIS
        assert fitted.length <= 256 < text.x_length(fitted.text[:-1] + title[len(fitted.text) - 1] + text.ELLIPSIS)
        assert title.startswith(fitted.text[:-1]) and not fitted.text[:-1].endswith("\u200d")
        shared = x_text(title)  # as the share bar's X link and `jiading share` carry it
        assert shared.cut and shared.shown.startswith(title[:10]) and shared.shown != text.ELLIPSIS


def x_text(title: str) -> ShareText:
    import dataclasses

    from jiading_cli.share.fill import share_text, x_spec
    from jiading_cli.share.settings import share

    config, article = shipped_article()
    article = dataclasses.replace(article, title=title)
    return share_text(config, article, "x", share(config).x_template, x_spec(config))


# A title drawn from what makes one character long: a base letter, CJK or emoji, under a run of what joins it
# (combining marks, variation selectors, skin tones, more emoji after a joiner), beside spaces and the punctuation a
# cut trims.
LONE = st.sampled_from(["e", "嘉", "\U0001f468", "\u200d", "\u0301", "\ufe0f", " ", ".", "，"])
MARKS = st.lists(st.sampled_from(["\u0301", "\u0336", "\ufe0f", "\U0001f3fd", "\u200d\U0001f469"]), min_size=1)
JOINED = st.builds(lambda marks, times: "".join(marks) * times, MARKS, st.integers(min_value=0, max_value=300))
CLUSTER = st.builds(str.__add__, st.sampled_from(["e", "嘉", "\U0001f468"]), JOINED)
CLUSTERED = st.lists(LONE | CLUSTER, min_size=1, max_size=6).map("".join)


@given(CLUSTERED, st.integers(min_value=1, max_value=300), st.sampled_from([len, text.x_length]))
def test_a_cut_title_is_never_the_ellipsis_alone_while_a_beginning_of_it_fits(
    title: str, limit: int, measure: Callable[[str], int]
) -> None:
    """Whatever the title and the limit: the text fits; it is the title, or a beginning of it and the ellipsis,
    cut at a whole character when one fits, never right after a joiner; and it is the ellipsis alone only when its
    first character, on its own with the ellipsis, is longer than the limit (or shows nothing a cut keeps)."""
    fitted = text.fit(title, limit, measure)
    assert measure(fitted.text) == fitted.length
    if limit < measure(text.ELLIPSIS):  # nothing fits, not even the ellipsis
        return
    assert fitted.length <= limit
    if not fitted.cut:
        assert fitted.text == title
        return
    kept = fitted.text.removesuffix(text.ELLIPSIS)
    assert fitted.text.endswith(text.ELLIPSIS) and title.startswith(kept) and not kept.endswith("\u200d")
    first = title[0]
    if not (joins(first) or first in text.TRIM) and measure(first + text.ELLIPSIS) <= limit:
        assert kept, (title, limit)
    rest = title[len(kept) :]  # the cut is in the run of what a cut trims that begins it
    trimmed = range(len(kept), len(title) - len(rest.lstrip(text.TRIM)) + 1)
    between = {*text.cuts_by_character(title, False), len(title)}
    if any(measure(candidate(title, cut)) <= limit for cut in between - {len(title)}):
        assert between.intersection(trimmed), (title, limit, kept)  # a whole character fits: none is split


def joins(char: str) -> bool:
    """Whether ``char`` belongs with the character before it: a combining mark, a joiner, a variation selector, a
    skin tone."""
    return bool(unicodedata.combining(char)) or char in "\u200d\ufe0e\ufe0f" or 0x1F3FB <= ord(char) <= 0x1F3FF


@given(st.text(max_size=200))
def test_little_text_escapes_every_reserved_character(value: str) -> None:
    value = value.replace(text.HASH_OPEN, "").replace(text.HASH_CLOSE, "")
    escaped = text.little_text(value)
    assert re.sub(r"\\(.)", r"\1", escaped, flags=re.DOTALL) == value
    unescaped = re.sub(r"\\.", "", escaped, flags=re.DOTALL)
    assert not RESERVED & set(unescaped)


@given(st.text(max_size=100), st.text(max_size=200))
def test_a_mailto_link_has_no_plus_no_space_and_decodes_back(subject: str, body: str) -> None:
    link = links.mailto(subject, body)
    assert "+" not in link and " " not in link and "\n" not in link
    query = dict(part.split("=", 1) for part in link.split("?", 1)[1].split("&")) if "?" in link else {}
    normal = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    assert unquote(query.get("subject", "")) == subject.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    assert unquote(query.get("body", "")) == normal


def shipped_article() -> tuple[Config, Article]:
    from pathlib import Path

    from jiading_cli.app.settings import load
    from jiading_cli.content.site import article_files, load_file

    config = load(Path(__file__).resolve().parent.parent / "jiading.toml")
    article = load_file(config, article_files(config)[0]).article
    assert article is not None
    return config, article


@given(st.text(min_size=1, max_size=200), st.text(max_size=1500), st.lists(st.text(max_size=20), max_size=8))
def test_validate_warns_whenever_a_text_will_be_cut(title: str, summary: str, tags: list[str]) -> None:
    import dataclasses

    from jiading_cli.share.checks import ShareRules
    from jiading_cli.share.fill import WEIBO, share_text, x_spec
    from jiading_cli.share.registry import BUILT_IN
    from jiading_cli.share.settings import share

    config, article = shipped_article()
    article = dataclasses.replace(article, title=title, summary=summary, tags=tuple(tags))
    warned = {p.message.split(":")[0] for p in ShareRules(BUILT_IN)(article, config) if p.code == "JD180"}
    texts = {n.name: (n.template(config), n.text) for n in BUILT_IN.networks}
    texts |= {"x": (share(config).x_template, x_spec(config)), "weibo": (share(config).weibo_template, WEIBO)}
    for network, (template, spec) in texts.items():
        assert share_text(config, article, network, template, spec).cut == (network in warned)


@given(
    st.text(min_size=1, max_size=200),
    st.text(max_size=600),
    st.lists(st.text(max_size=20), max_size=8),
    st.sampled_from([None, "x", "weibo"]),
    st.text(max_size=40),
)
def test_the_share_bars_texts_from_shared_values_are_each_networks_own(
    title: str, summary: str, tags: list[str], overridden: str | None, override: str
) -> None:
    import dataclasses

    from jiading_cli.content.site import public_url
    from jiading_cli.share.fill import common, link_texts, values

    config, article = shipped_article()
    share = {overridden: override} if overridden else {}
    article = dataclasses.replace(article, title=title, summary=summary, tags=tuple(tags), share=share)
    shared, url = common(config, article), public_url(config, article)
    assert link_texts(config, article, shared, url) == link_texts(config, article)
    assert values(config, article, "email", "email", shared, url) == values(config, article, "email", "email")


# What X and the tidying of templates meet: the edges of X's light ranges, CJK, emoji and their joiners, combining
# marks, line breaks of every kind, the hashtag marks, and the beginnings of links.
TRICKY = st.sampled_from(
    [
        "\u10ff", "\u1100", "\u1fff", "\u2000", "\u200d", "\u200e", "\u200f", "\u2010", "\u201f", "\u2020", "\u2026",
        "\u2031", "\u2032", "\u2037", "\u2038", "嘉", "定", "，", "🇨🇳", "👩🏽\u200d🔬", "e\u0301", "\ufe0f", "\ud800",
        "\udfff", "\U0001f3fb", " ", "\t", "\n", "\r", "\r\n", "\x0b", "\x1c", "\u3000", "\u00a0", text.HASH_OPEN,
        text.HASH_CLOSE, "#", "http://", "https://", "https:/", "http", "://", "x.com/a?b=1", "{", "}", "é", "a",
    ]
)  # fmt: skip
TEXTS = st.lists(TRICKY | st.text(max_size=3), max_size=24).map("".join)


def x_length_by_character(value: str) -> int:
    """X's weighted length, a character at a time, as X's own counter is written: links 23, characters outside the
    light ranges 2."""
    total = 0
    for part in re.split(r"(https?://\S+)", value):
        if part.startswith(("http://", "https://")):
            total += text.X_LINK
            continue
        for char in part:
            point = ord(char)
            light = (
                point <= 0x10FF or 0x2000 <= point <= 0x200D or 0x2010 <= point <= 0x201F or 0x2032 <= point <= 0x2037
            )
            total += 1 if light else 2
    return total


@given(TEXTS)
def test_x_counts_any_text_as_counting_each_character_does(value: str) -> None:
    assert text.x_length(value) == x_length_by_character(value)


def test_x_counts_the_edges_of_its_light_ranges_as_each_character_does() -> None:
    edges = [0x10FF, 0x1100, 0x1FFF, 0x2000, 0x200D, 0x200E, 0x200F, 0x2010, 0x201F, 0x2020, 0x2031, 0x2032]
    for point in [*edges, 0x2037, 0x2038, 0xD800, 0xFFFF, 0x10000, 0x10FFFF]:
        for value in (chr(point), "a" + chr(point), "http:// " + chr(point), chr(point) + " https://x.y"):
            assert text.x_length(value) == x_length_by_character(value), hex(point)
    assert text.x_length("http:// 嘉定") == text.x_length("https://") == 23  # a link's start counts as a link


def render_by_lines(template: str, values: dict[str, str]) -> str:
    """A template filled and tidied one line at a time, whatever it holds."""
    filled = template.format_map(dict(values))
    lines = [line.rstrip() for line in filled.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


PLACEHOLDERS = ["{title}", "{summary}", "{url}", "{hashtags}", "{site}", "{author}", "{date}", "{category}"]
TEMPLATES = st.lists(st.sampled_from([*PLACEHOLDERS, "{{", "}}", "\n", "\r\n", "\n\n\n", " ", "【", "】"]), max_size=12)


ONE_LINE = TEXTS.map(lambda value: value.replace("\n", ""))  # a title, a name: what most templates are filled with


@given(TEMPLATES.map("".join), st.lists(TEXTS | ONE_LINE, min_size=8, max_size=8))
@example(" {title}\t", [" \u3000Jiading news\x0b "] * 8)
@example("{title}\r", ["\r嘉定\r"] * 8)
def test_a_template_is_filled_and_tidied_as_line_by_line(template: str, filling: list[str]) -> None:
    values = dict(zip([name.strip("{}") for name in PLACEHOLDERS], filling, strict=True))
    assert text.render(template, values) == render_by_lines(template, values)


@given(TEMPLATES.map("".join).map(lambda value: value.replace("\n", "")), st.lists(ONE_LINE, min_size=8, max_size=8))
def test_a_one_line_template_is_tidied_as_line_by_line(template: str, filling: list[str]) -> None:
    values = dict(zip([name.strip("{}") for name in PLACEHOLDERS], filling, strict=True))
    assert text.render(template, values) == render_by_lines(template, values)


def mailto_line_by_line(subject: str, body: str) -> str:
    """A mailto: link with each line of its subject and body percent-encoded on its own, as urllib encodes it."""

    def encode(value: str) -> str:
        lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return "%0D%0A".join(quote(line, safe="") for line in lines)

    fields = [f"{name}={encode(value)}" for name, value in (("subject", subject), ("body", body)) if value]
    return "mailto:" + ("?" + "&".join(fields) if fields else "")


@given(TEXTS | ONE_LINE, TEXTS | ONE_LINE)
@example("a\rb", "c\r\rd")
def test_a_mailto_link_is_its_lines_each_encoded(subject: str, body: str) -> None:
    def made(how: Callable[[str, str], str]) -> str:
        try:
            return how(subject, body)
        except UnicodeEncodeError:
            return "a lone surrogate"

    assert made(links.mailto) == made(mailto_line_by_line)


@given(st.lists(st.sampled_from(["finance", "integrated circuits", "新能源汽车", "_", "", "--", "Finance"]) | TEXTS))
def test_hashtags_are_each_tags_once_in_order_in_every_style(tags: list[str]) -> None:
    for style in ("facebook", "x", "weibo", "linkedin", "email"):
        made: dict[str, str] = {}
        for tag in tags:  # the first spelling of each name, then the first hashtag of each as networks compare them
            if (hashtag := text.hashtag(tag, style)) and not any(name_key(t) == name_key(tag) for t in made.values()):
                made.setdefault(name_key(hashtag), tag)
        kept = [text.hashtag(tag, style) for tag in made.values()]
        assert text.hashtags(tuple(tags), style) == " ".join(kept)


@given(st.text(st.characters(max_codepoint=0x7F), max_size=80) | TEXTS, st.booleans())
@example("Jiading: a park, (new) — and #more", True)
@example(" a\x1cb\x1f.c!d_e-f\\g", True)
def test_a_text_may_be_cut_where_looking_at_each_character_says(value: str, words: bool) -> None:
    from jiading_cli.share.text import _cuts

    assert _cuts(value, words) == text.cuts_by_character(value, words)
