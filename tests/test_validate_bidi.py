"""JD143: a bidirectional override, or an embedding or isolate not closed within its field, in a field feeds,
emails, share posts and pages show beside other text, is one line naming the file, the field's line and the field;
what Arabic and Hebrew text needs (marks, closed isolates) and Chinese and English text pass."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import front, validate_in
from jiading_cli.cli import app
from jiading_cli.content.loader import parse
from jiading_cli.model.article import Defaults
from jiading_cli.validate.bidi import check_bidi

DEFAULTS = Defaults(timezone="Asia/Shanghai", lang="en", authors=("Newsroom",))
LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"
ARABIC, HEBREW = "\u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd"


def _validate(root: Path, fields: dict[str, str]) -> tuple[int, list[str]]:
    quoted = {name: json.dumps(value) for name, value in fields.items()}  # YAML reads JSON's strings, escapes too
    (root / "articles").mkdir()
    (root / "articles/a.md").write_text(front(**quoted) + "Jiading opened a park.\n", encoding="utf-8")
    (root / "jiading.toml").write_text('[site]\ntitle = "News"\nbase_url = "https://news.example.com/"\n')
    result = validate_in(root)
    return result.exit_code, [line for line in result.output.splitlines() if " JD143 " in line]


SPOOFED = {
    "an override": (
        {"title": f"Jiading {RLO}nepo krap"},
        "articles/a.md:3: error JD143 title: expected no bidirectional override, found U+202E RIGHT-TO-LEFT "
        "OVERRIDE in 'Jiading \\u202enepo krap': it shows the letters after it in an order other than the one "
        "written (no language needs it; an isolate, U+2066-U+2069, sets a right-to-left phrase apart)",
    ),
    "an override closed": (
        {"summary": f"The park {LRO}opens{PDF} on Monday, in Jiading's north."},
        "articles/a.md:5: error JD143 summary: expected no bidirectional override, found U+202D LEFT-TO-RIGHT",
    ),
    "an isolate left open": (
        {"title": f"Jiading {RLI}{ARABIC}"},
        "articles/a.md:3: error JD143 title: expected each bidirectional embedding or isolate closed within the "
        f"field, found U+2067 RIGHT-TO-LEFT ISOLATE not closed by U+2069 in 'Jiading \\u2067{ARABIC}': the text "
        "after the field, in a feed, an email or a page, would be shown inside it",
    ),
    "an embedding left open": (
        {"image_alt": f"{RLE}{HEBREW} sign"},
        "articles/a.md:6: error JD143 image_alt: expected each bidirectional embedding or isolate closed within the "
        "field, found U+202B RIGHT-TO-LEFT EMBEDDING not closed by U+202C",
    ),
    "a close of nothing": (
        {"category": f"Parks{PDI}"},
        "articles/a.md:6: error JD143 category: expected each U+2069 POP DIRECTIONAL ISOLATE to close an isolate "
        "opened before it in the field, found one that closes none in 'Parks\\u2069': it would close one the text "
        "around the field opened",
    ),
    "an isolate closed by an embedding's end": (
        {"authors": f"[{json.dumps(f'{RLI}{ARABIC}{PDF}')}]"},
        "articles/a.md:6: error JD143 authors: expected each U+202C POP DIRECTIONAL FORMATTING to close an "
        "embedding opened before it",
    ),
    "a summary's line left open": (
        {"summary": f"Jiading opens a park {RLI}{ARABIC}\nfor chip start-ups{PDI} on Monday."},
        "articles/a.md:5: error JD143 summary: expected each bidirectional embedding or isolate closed within the "
        "field, found U+2067",
    ),
}


@pytest.mark.parametrize("case", list(SPOOFED))
def test_a_spoofing_control_is_one_line_naming_the_file_line_and_field(tmp_path: Path, case: str) -> None:
    fields, line = SPOOFED[case]
    if "authors" in fields:  # a YAML list, written as it is
        fields = {"authors": json.loads(fields["authors"])[0]}
    code, lines = _validate(tmp_path, fields)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(line), lines


def test_each_one_line_field_is_checked_and_a_list_reports_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    tags = [f"{RLO}a", f"{RLO}b"]
    loaded = parse(
        (front(tags=json.dumps(tags), category=json.dumps(f"{LRI}x")) + "Text.\n").encode(),
        "articles/a.md",
        DEFAULTS,
        "a",
    )
    assert loaded.article is not None
    found = [(p.field, p.line, p.code) for p in check_bidi(loaded.article)]
    assert found == [("tags", 6, "JD143"), ("category", 7, "JD143")]


PASSING = {
    "Arabic in an isolate": f"Jiading welcomes {RLI}{ARABIC}{PDI} visitors",
    "first strong isolate": f"Visitors from {FSI}{HEBREW}{PDI} and {FSI}Shanghai{PDI}",
    "marks": f"{ARABIC}{RLM} 2026 {HEBREW}{LRM} (3) {ALM}{ARABIC}",
    "a closed embedding": f"Jiading {RLE}{HEBREW}{PDF} park",
    "an embedding closed by its isolate's end": f"Jiading {RLI}{RLE}{ARABIC}{PDI} park",
    "Chinese": "嘉定区新建公园，助力芯片初创企业",
    "English": "Jiading opens a park for chip start-ups",
}


@pytest.mark.parametrize("case", list(PASSING))
def test_what_arabic_hebrew_chinese_and_english_text_needs_passes(tmp_path: Path, case: str) -> None:
    code, lines = _validate(tmp_path, {"title": PASSING[case]})
    assert (code, lines) == (0, [])


CONTROL = "[\u202a-\u202e\u2066-\u2069]"


def _oracle(text: str) -> bool:
    """Whether ``text`` is spoofing, told another way: any override, or anything left once pairs closed with
    nothing open between them are taken out again and again (an isolate's end takes out the embeddings opened
    within it)."""
    if LRO in text or RLO in text:
        return True
    while True:
        reduced = re.sub(f"[{LRE}{RLE}][^{CONTROL[1:-1]}]*{PDF}", "", text)
        reduced = re.sub(f"[{LRI}{RLI}{FSI}][^{LRI}{RLI}{FSI}{PDI}{PDF}]*{PDI}", "", reduced)
        if reduced == text:
            return re.search(CONTROL, text) is not None
        text = reduced


PIECES = st.sampled_from([LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM, "a", " ", ARABIC, "嘉定"])


@given(st.lists(PIECES, max_size=14).map(lambda pieces: "x" + "".join(pieces)))
@example(f"x{LRI}{LRE}x{PDF}{PDI}")
@example(f"x{LRE}{LRI}x{PDF}{PDI}")
@example(f"x{LRE}{LRI}x{PDI}{PDF}")
def test_any_mix_of_controls_is_one_line_or_none_as_the_rule_says(text: str) -> None:
    loaded = parse((front(title=json.dumps(text)) + "Text.\n").encode(), "articles/a.md", DEFAULTS, "a")
    assert loaded.article is not None
    problems = [p.render() for p in check_bidi(loaded.article)]
    assert len(problems) == int(_oracle(text)), (text, problems)
    for shown in problems:
        assert shown.startswith("articles/a.md:3: error JD143 title: expected ") and "\n" not in shown
        assert re.search(CONTROL, shown) is None  # the controls are written as escapes


@st.composite
def _balanced(draw: st.DrawFn, depth: int = 3) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "mark", "isolate", "embedding"] if depth else ["text", "mark"]))
        if kind == "text":
            parts.append(draw(st.sampled_from(["Jiading ", ARABIC, HEBREW, "嘉定", "2026"])))
        elif kind == "mark":
            parts.append(draw(st.sampled_from([LRM, RLM, ALM])))
        elif kind == "isolate":
            parts.append(draw(st.sampled_from([LRI, RLI, FSI])) + draw(_balanced(depth - 1)) + PDI)
        else:
            parts.append(draw(st.sampled_from([LRE, RLE])) + draw(_balanced(depth - 1)) + PDF)
    return "".join(parts)


@given(_balanced(), st.sampled_from(["title", "summary", "category", "image_alt"]))
def test_balanced_text_passes_in_every_field(text: str, field: str) -> None:
    loaded = parse(
        (front(**{field: json.dumps("Jiading " + text)}) + "Text.\n").encode(), "articles/a.md", DEFAULTS, "a"
    )
    assert loaded.article is not None
    assert check_bidi(loaded.article) == []


def test_new_article_refuses_what_validate_would_report(tmp_path: Path) -> None:
    """``jiading new-article`` writes no article ``validate`` would refuse: a spoofing title is one usage line."""
    (tmp_path / "jiading.toml").write_text('[site]\ntitle = "News"\nbase_url = "https://news.example.com/"\n')
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(app, ["new-article", "--", f"Jiading {RLO}nepo krap"], env={"JIADING_CONFIG": None})
        kept = CliRunner().invoke(app, ["new-article", "--", f"Jiading {RLI}{ARABIC}{PDI} park"])
    finally:
        os.chdir(here)
    assert result.exit_code == 2 and result.stderr == (
        "Error: TITLE: JD143 expected no bidirectional override, found U+202E RIGHT-TO-LEFT OVERRIDE in "
        "'Jiading \\u202enepo krap': it shows the letters after it in an order other than the one written (no "
        "language needs it; an isolate, U+2066-U+2069, sets a right-to-left phrase apart); the new article would "
        "not pass `jiading validate`\n"
    )
    assert kept.exit_code == 0, kept.output
    # the Arabic word is transliterated, never dropped (content/slug.py)
    assert [path.name for path in (tmp_path / "articles").rglob("*.md")] == ["jiading-mrhb-park.md"]


@given(st.lists(st.characters(codec="utf-8") | PIECES, max_size=60).map("".join))
def test_the_rule_never_raises_and_says_one_line_on_any_text(text: str) -> None:
    from jiading_cli.base.bidi import trouble

    said = trouble(text)
    assert said is None or ("\n" not in said and len(said) < 1_000 and said.startswith("expected "))


# ---------------------------------------------------------------- the body


def _body_problems(root: Path, body: str) -> list[str]:
    (root / "articles").mkdir(exist_ok=True)
    (root / "articles/a.md").write_text(front() + body, encoding="utf-8")
    (root / "jiading.toml").write_text('[site]\ntitle = "News"\nbase_url = "https://news.example.com/"\n')
    return [line for line in validate_in(root).output.splitlines() if " JD143 " in line]


def test_an_override_or_an_open_isolate_in_the_body_is_said_on_its_line(tmp_path: Path) -> None:
    body = (
        f"A first line.\n\nSee [the x {RLO}yalp](https://example.com/) now.\n\n"
        f"An isolate {RLI}{ARABIC}{PDI} closed: fine.\n\nWritten &#x202E;as a reference.\n\n"
        f"[a {RLI}b](https://example.com/) c {PDI}\n"
    )
    said = _body_problems(tmp_path, body)
    first = 7  # the body's first line: front() ends on line 6
    assert [line.split(": error ")[0] for line in said] == [
        f"articles/a.md:{first + 2}",
        f"articles/a.md:{first + 6}",
        f"articles/a.md:{first + 8}",
    ], said
    assert "expected no bidirectional override, found U+202E RIGHT-TO-LEFT OVERRIDE" in said[0]
    assert "closed within the link's text, found U+2067 RIGHT-TO-LEFT ISOLATE" in said[2]


def test_an_image_whose_text_alternative_leaves_an_isolate_open_is_said_on_its_line(tmp_path: Path) -> None:
    said = _body_problems(tmp_path, f"A line.\n\n![x {RLI}y](https://example.com/a.png) {PDI}\n")
    assert len(said) == 1 and said[0].startswith("articles/a.md:9: error JD143 body: "), said
    assert "closed within the image's text alternative" in said[0]


def test_arabic_and_hebrew_in_the_body_with_closed_isolates_and_marks_pass(tmp_path: Path) -> None:
    body = (
        f"Jiading welcomes {RLI}{ARABIC}{PDI} and {RLI}{HEBREW}{PDI} visitors{RLM}.\n\n"
        f"[{RLI}{ARABIC}{PDI}](https://example.com/) {LRM}\n\n{RLE}{HEBREW}{PDF} in an embedding.\n"
    )
    assert _body_problems(tmp_path, body) == []


BIDI_CONTROL = st.sampled_from([LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM])


@given(
    parts=st.lists(
        st.one_of(
            st.sampled_from(["word ", ARABIC, HEBREW, "\n", "\n\n", "[", "](https://example.com/) ", "*"]),
            BIDI_CONTROL,
            BIDI_CONTROL.map(lambda c: f"&#x{ord(c):X};"),
        ),
        max_size=30,
    )
)
@example(parts=["[a ", RLI, "b", "](https://example.com/) ", PDI])
def test_a_body_validate_passes_shows_every_control_closed_in_the_email_and_the_links(
    tmp_path_factory: pytest.TempPathFactory, parts: list[str]
) -> None:
    """Whatever a body validate passes without JD143: each line of the email's text part, and each link's text on
    the page, closes every control it opens, so nothing after it (a URL, the next words) is turned around."""
    from jiading_cli.base.bidi import trouble
    from jiading_cli.content.gfm import cmark
    from jiading_cli.content.plaintext import text_of

    body = "".join(parts) + "\n"
    if _body_problems(tmp_path_factory.mktemp("site"), body):
        return
    page = cmark().to_html(body, False)
    for line in text_of(page).splitlines():
        assert trouble(line, "the line") is None, (body, line)
    for text in re.findall(r"<a\b[^>]*>(.*?)</a>", page, re.DOTALL):
        import html

        assert trouble(html.unescape(re.sub(r"<[^>]*>", "", text))) is None, (body, text)


NETWORKS = ("facebook", "linkedin", "email", "x", "weibo")
# Every front matter field, each with an override inside its text where the field takes text at all.
EVERY_FIELD = {
    "title": json.dumps(f"Park {RLO}nepo"),
    "summary": json.dumps(f"Jiading opened a park. {RLO}nepo"),
    "authors": json.dumps([f"Li {RLO}iL"]),
    "tags": json.dumps([f"{RLO}parks"]),
    "category": json.dumps(f"{RLO}News"),
    "image_alt": json.dumps(f"A {RLO}park"),
    "slug": json.dumps(f"park-{RLO}"),
    "lang": json.dumps(f"en{RLO}"),
    "canonical_url": json.dumps(f"https://example.com/{RLO}a"),
    "image": json.dumps(f"https://example.com/{RLO}a.png"),
    "translations": json.dumps({"zh-CN": f"urn:uuid:{RLO}"}),
    "jiading": json.dumps({"ignore": [f"JD150{RLO}"]}),
    **{f"share.{network}": json.dumps({network: f"Park {RLO}nepo"}) for network in NETWORKS},
}


def _carries(value: object) -> bool:
    """Whether ``value`` (an article's attribute, at any depth) holds an override."""
    if isinstance(value, str):
        return RLO in value
    if isinstance(value, dict):
        return any(_carries(k) or _carries(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_carries(item) for item in value)
    if hasattr(value, "__dataclass_fields__"):
        return any(_carries(getattr(value, name)) for name in value.__dataclass_fields__)
    return False


@pytest.mark.parametrize("place", list(EVERY_FIELD))
def test_no_field_carries_an_override_into_the_outputs_unsaid(tmp_path: Path, place: str) -> None:
    """Whatever field an override is written in, either the article read carries none (the field refused it) or
    validate says so: an override reaches no page, feed, share post or email that validate passed. The share
    overrides are each network's post as written, as the title is a template's."""
    field = place.partition(".")[0]
    source = front(**{field: EVERY_FIELD[place]}) + "Jiading opened a park.\n"
    loaded = parse(source.encode(), "articles/a.md", DEFAULTS, "a")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles/a.md").write_text(source, encoding="utf-8")
    (tmp_path / "jiading.toml").write_text('[site]\ntitle = "News"\nbase_url = "https://news.example.com/"\n')
    result = validate_in(tmp_path)
    carried = loaded.article is not None and _carries(loaded.article)
    assert not carried or (result.exit_code == 1 and f" {field}: " in result.output), result.output
    if place.startswith("share."):
        assert f"articles/a.md:6: error JD143 {field}: expected no bidirectional override" in result.output
