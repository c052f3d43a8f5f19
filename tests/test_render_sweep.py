"""What the one rendering of a body (pages, feeds, email) may never give out, whatever the body holds.

- A character no output may carry (a control character, a noncharacter), however the body names it: a character
  reference (``&#x1b;``, ``&#x9b;``, ``&#xFDD0;``), in a link's title or an image's ``alt``, in raw HTML. The
  body passes ``validate``, so ``build`` and ``feed build`` must end well: U+FFFD stands in for each.
- An attribute with an empty value where a target was dropped (``javascript:``…) or never given: ``href=""``
  reloads the page and HTML allows no ``src=""``.
- Typed as itself in a field or the body, such a character is ``JD140``, the one definition of them
  (``NOT_OUTPUT``) shared by the rule and the rendering.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site
from feeds.checks import check_atom, check_json, check_rss
from jiading_cli.base.xmlchars import NOT_OUTPUT, NOT_XML, output_clean
from jiading_cli.config import Config, load_config
from jiading_cli.content.markdown import render_html
from jiading_cli.content.site import load_file
from jiading_cli.model.article import Article
from jiading_cli.model.fields import ONE_LINE

CHECKS = {"feed.xml": check_rss, "atom.xml": check_atom, "feed.json": check_json}
REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")
EMPTY = re.compile(r"""\b(?:href|src)\s*=\s*(?:""|'')""")

# Pieces a body is made of: character references of every form (decimal, hex, too long, to nothing), entity
# names, the places a reference is decoded (text, link destination and title, image alt, code, raw HTML).
PIECES = [
    "&#", "&#x", "&#X", ";", "0", "1", "9", "7", "b", "B", "f", "F", "e", "d", "c", "a", "8", "5",
    "&amp;", "&nbsp;", "&colon;", "&lt;", "&#0;", "&#1;", "&#x1b;", "&#x7f;", "&#x9b;", "&#128;", "&#xFFFE;",
    "&#xFDD0;", "&#x10FFFF;", "&#1114111;", "&#x1FFFF;", "&#55296;", "&#xD800;", "&#99999999;", "&#x110000;",
    "&#0000000009;", "&#x85", "&#133", "[", "](", ")", "![", " \"", "\"", "<", ">", "`", "\n", " ", "*",
    "<a title=\"", "<img alt=\"", "<b>", "</b>", "<!-- ", " -->", "<https://x.org/", "word", "嘉定",
]  # fmt: skip
BODIES = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Config, Article]:
    root = tmp_path_factory.mktemp("site")
    site = Site(root, None)  # type: ignore[arg-type]
    site.write("jiading.toml", CONFIG)
    site.article("a.md")
    safe = load_config(root)
    site.write("jiading.toml", CONFIG + "[markdown]\nunsafe_html = true\n")
    unsafe = load_config(root)
    loaded = load_file(safe, root / "articles/a.md").article
    assert loaded is not None
    return safe, unsafe, loaded


def _refused(code: int) -> bool:
    """Whether a character reference to ``code`` names what no output may carry (or no character at all)."""
    return not 0 < code < 0x110000 or NOT_OUTPUT.match(chr(code)) is not None


def _references(html: str) -> list[int]:
    found = []
    for m in REFERENCE.finditer(html):
        digits = (m.group(1) or m.group(2)).lstrip("0")
        found.append(0x110000 if len(digits) > 7 else int(digits or "0", 16 if m.group(1) else 10))
    return found


def _clean(html: str) -> None:
    """``html`` carries no character an output may not, by itself or by reference, and no empty target."""
    assert NOT_OUTPUT.search(html) is None, ascii(html)
    assert [code for code in _references(html) if _refused(code)] == [], ascii(html)
    assert EMPTY.search(html) is None, html


@settings(max_examples=600)
@given(body=BODIES)
@example(body="a &#1; &#x1b; &#xFFFE; &#x9b; &#xFDD0; &#x10FFFF;\n")
@example(body='[x](y "&#x1b;") ![&#x9b;](a.png "&#x85;")\n')
@example(body='<a title="&#x1b;" href="#&#x9b;">&#128;</a>\n')
def test_no_rendering_gives_a_character_an_output_may_not_carry(
    configs: tuple[Config, Config, Article], body: str
) -> None:
    safe, unsafe, article = configs
    for config in (safe, unsafe):
        _clean(render_html(config, dataclasses.replace(article, body=body)))


def test_a_reference_to_a_character_no_output_may_carry_reads_as_u_fffd_or_as_html_reads_it(
    configs: tuple[Config, Config, Article],
) -> None:
    safe, unsafe, article = configs
    body = "a&#1;b&#xFDD0;c&#x10FFFF;d&#65;e&#150;f&#x81;g&#x9b;h\n"  # U+0080 to U+009F as HTML reads them
    shown = "<p>a\ufffdb\ufffdc\ufffddAe\u2013f\ufffdg\u203ah</p>\n"
    assert render_html(safe, dataclasses.replace(article, body=body)) == shown
    raw = render_html(unsafe, dataclasses.replace(article, body='<b title="&#x1b;&#65;&#128;&#x8D">x</b>\n'))
    assert raw == '<p><b title="&#xFFFD;&#65;&#x20AC;&#xFFFD;">x</b></p>\n'


SCHEMES = ["javascript", "vbscript", "file", "data", "Data"]


@st.composite
def dropped_targets(draw: st.DrawFn) -> str:
    """A target the renderer drops, spelled every way cmark still reads as that scheme, or no target at all."""
    scheme = draw(st.sampled_from(SCHEMES))
    letters = [draw(st.sampled_from([c.upper(), c.lower(), f"&#{ord(c)};", f"&#x{ord(c):x};"])) for c in scheme]
    colon = draw(st.sampled_from([":", "&#58;", "&colon;", "\\:"]))
    target = "".join(letters) + colon + draw(st.sampled_from(["alert(1)", "//x/y", "text/html,x", ""]))
    return draw(st.sampled_from([target, f"<{target}>", f" {target}", "", "<>"]))


@settings(max_examples=400)
@given(
    target=dropped_targets(),
    form=st.sampled_from(["[t *e* x]({})", '![a *l* "t"]({} "ti")', "[r][d]\n\n[d]: {}", "![r][d]\n\n[d]: {}"]),
    around=st.sampled_from(["{}", "- {}", "> {}", "| a |\n|---|\n| {} |", "# {}", "**{}**"]),
)
@example(target="java\tscript:alert(1)", form="[t]({})", around="{}")  # not a link: no target to lose
@example(target="JaVaScRiPt:alert(1)", form="<{}>", around="{}")
def test_a_dropped_target_leaves_no_empty_attribute(
    configs: tuple[Config, Config, Article], target: str, form: str, around: str
) -> None:
    safe, _, article = configs
    body = around.format(form.format(target)) + "\n"
    out = render_html(safe, dataclasses.replace(article, body=body))
    _clean(out)
    seen = _Tags(out)
    assert all(attrs.get("href") for tag, attrs in seen.tags if tag == "a" and "href" in attrs), out
    assert all(attrs.get("src") for tag, attrs in seen.tags if tag == "img"), out
    assert not any(
        re.match(r"\s*(?:java|vb)script:|\s*file:", (attrs.get("href") or ""), re.I) for _, attrs in seen.tags
    )


class _Tags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def test_the_dropped_ones_show_their_text() -> None:
    from jiading_cli.content import markdown

    shown = markdown._targeted('<p><a href="" title="t">go</a> <img src="" alt="a &quot;b&quot;" title="x" /></p>')
    assert shown == '<p><a title="t">go</a> a &quot;b&quot;</p>'


def _outside_output(code: int) -> bool:
    """Independently of the pattern: what no page, feed or email may carry."""
    char = chr(code)
    if unicodedata.category(char) in ("Cc", "Cs"):
        return char not in "\t\n\r"
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def test_not_output_is_exactly_the_controls_surrogates_and_noncharacters() -> None:
    text = "".join(map(chr, range(0x110000)))
    assert [m.start() for m in NOT_OUTPUT.finditer(text)] == [c for c in range(0x110000) if _outside_output(c)]
    assert all(NOT_OUTPUT.match(m.group()) for m in NOT_XML.finditer(text))  # everything XML refuses too


@given(
    st.text(
        st.sampled_from(
            [
                "a",
                "é",
                "嘉",
                "\x7f",
                "\x85",
                "\x9f",
                "\xa0",
                "\ufdd0",
                "\ufdef",
                "\ufdf0",
                "\U0001fffe",
                "\U0010ffff",
                "\U0010fffd",
                "\x1b",
                "\t",
                "\ufffd",
                "\ud800",
                "\xbf",  # and characters whose UTF-8 shares bytes with one refused: C2 A0, EF B7 8F, E0 BF BE, ...
                "\xc2",
                "\ufdcf",
                "\ufdff",
                "\u0ffe",
                "\u0fff",
                "\ufefe",
                "\U0001fffd",
                "\U0002fffe",
                "\U0004ffff",
                "\U000ffffe",
                "\U0001ffbe",
                "\U00100000",
            ]
        )
    )
)
def test_output_clean_answers_as_the_pattern_does(text: str) -> None:
    assert output_clean(text) == (NOT_OUTPUT.search(text) is None)


def test_output_clean_answers_as_the_pattern_does_for_every_character() -> None:
    for code in range(0x110000):
        char = chr(code)
        for text in (char, f"嘉{char}a"):
            assert output_clean(text) == (NOT_OUTPUT.search(text) is None), hex(code)


FIELDS = ("title", "summary", "tags", "category", "image_alt", "body")
SAMPLES = [0x7F, 0x80, 0x85, 0x9B, 0x9F, 0xFDD0, 0xFDEF, *((plane << 16) | 0xFFFE for plane in range(17)), 0x10FFFF]


def test_every_character_no_output_may_carry_is_jd140_in_each_text_field(site: Site) -> None:
    """One article per character and field, all checked by one `validate`: each is JD140 on its field (U+0085 in a
    one-line field, a line break, is that field's one line rule's instead: one problem, one line)."""
    wanted = set()
    breaks = set()
    for number, (code, field) in enumerate((c, f) for c in SAMPLES for f in FIELDS):
        char = chr(code)
        value = f'"Jiading\\U{code:08X}park"'  # YAML's escape, as a C1 control cannot be written in YAML itself
        fields = {"id": f"urn:uuid:00000000-0000-4000-8000-{number:012d}"}
        body = "Body.\n"
        if field == "tags":
            fields["tags"] = f"[{value}]"
        elif field == "body":
            body = f"A line.\nJiading{char}park\n"
        else:
            fields[field] = value
        site.article(f"a{number}.md", body=body, **fields)
        if code == 0x85 and field in ONE_LINE:  # a line break too: that field's line rule reports it, alone
            breaks.add(f"articles/a{number}.md")
        else:
            wanted.add((f"articles/a{number}.md", field, f"U+{code:04X}"))
    result = site.run("validate")
    assert result.exit_code == 1
    for name in breaks:
        said = [line for line in result.stdout.splitlines() if line.startswith(name + ":")]
        assert len(said) == 1 and re.search(r"error JD14[12] \w+: expected one line", said[0]), said
    found = set()
    for line in result.stdout.splitlines():
        m = re.match(
            r"(articles/a\d+\.md):\d+: error JD140 (\w+): expected text without \w+ ?\w*, found (U\+\w+)$", line
        )
        if m:
            found.add(m.groups())
    assert wanted <= found, sorted(wanted - found)[:5]
    assert site.run("build").exit_code == 1 and not (site.root / "public").exists()


BUILD_PIECES = [piece for piece in PIECES if piece not in ("](", "<https://x.org/")] + ["](#", "](https://x.org/"]
BUILD_BODIES = st.lists(st.sampled_from(BUILD_PIECES), max_size=25).map("".join)  # no link to a missing file


@settings(max_examples=60, deadline=None)
@given(body=BUILD_BODIES, unsafe=st.booleans())
@example(body="a &#1; &#x1b; &#xFFFE; &#x9b; &#x10FFFF; [x](javascript:y) ![a](javascript:y)\n", unsafe=False)
@example(body='<img alt="&#x1b;" src="javascript:x" title="&#x9b;"> &#x85;\n', unsafe=True)
def test_build_and_feed_build_end_well_for_a_body_validate_accepts(body: str, unsafe: bool) -> None:
    """Through the command line: validate accepts the body (or names its problem on a line), then build and feed
    build write pages and feeds a checker accepts, never a traceback."""
    import tempfile

    from typer.testing import CliRunner

    from jiading_cli.cli import app

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        site = Site(root, CliRunner())
        site.write("jiading.toml", CONFIG + ("[markdown]\nunsafe_html = true\n" if unsafe else ""))
        (root / "articles").mkdir()
        (root / "articles/a.md").write_text(
            "---\nid: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\ntitle: T\ndate: 2017-07-03\nsummary: S\n---\n"
            + body,
            encoding="utf-8",
        )
        runner = CliRunner()
        args = ["--config", str(root)]
        checked = runner.invoke(app, [*args, "validate"])
        event("refused" if checked.exit_code == 1 else "accepted")
        if checked.exit_code == 1:
            named = [line for line in checked.stdout.splitlines() if " JD" in line]
            assert named and all(
                re.match(r"\S*articles/a\.md:\d+: (error|warning|note) JD\d+ ", line) for line in named
            )
            return
        assert checked.exit_code == 0, checked.output
        for command in (["build"], ["feed", "build", "--out", str(root / "feeds")]):
            done = runner.invoke(app, [*args, *command])
            assert done.exit_code == 0, (command, done.output, repr(done.exception))
        for folder in (root / "public", root / "feeds"):
            written = [p for p in folder.rglob("*") if p.name in CHECKS]
            assert written
            for path in written:
                CHECKS[path.name](path.read_bytes())
        for page in (root / "public").rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            assert NOT_OUTPUT.search(text) is None and EMPTY.search(text) is None, page
            assert [code for code in _references(text) if _refused(code)] == []


@pytest.mark.parametrize(
    ("html", "urls"),
    [
        (
            '<img srcset="a.png 1x, b,c.png 2x,d.png, e.png (x, y) 3w ,, f.png" src=\'g.png\'>',
            "a.png b,c.png d.png e.png f.png g.png",
        ),
        ('<video poster="p.png" src="v.mp4"><source src="w.webm"></video>', "p.png v.mp4 w.webm"),
        ('<img data-src="l.png" data-srcset="m.png 2x"> <use xlink:href="s.svg#i"/>', "l.png m.png s.svg#i"),
        ('<button data-action="toggle" formaction="f.php"> <object data="o.svg">', "f.php o.svg"),
        ('<link imagesrcset="i.png 480w"> <blockquote cite="c.html">', "i.png c.html"),
        ('<img mysrc="no.png" src = "yes.png" alt="src=x.png" srcset="">', "yes.png"),
    ],
)  # fmt: skip
def test_the_urls_raw_html_carries(html: str, urls: str) -> None:
    from jiading_cli.content.htmlrefs import html_urls, rewritten

    assert [html[start:end] for start, end in html_urls(html)] == urls.split()
    assert rewritten(html, lambda ref: ref) == html
    assert rewritten(html, lambda ref: "/x/" + ref).count("/x/") == len(urls.split())


def _in_tag(html: str, at: int) -> bool:
    """Whether the text of ``html`` from ``at`` is inside a tag, outside its values in quotes, character by character,
    as HTML's tokenizer reads it: a ``<`` opens a tag only before a letter or ``/``, a quote a value only after an
    ``=``, and a comment is no tag."""
    tag, quote, comment = False, "", False
    index = 0
    while index < at:
        char = html[index]
        if comment:
            ended = next((len(end) for end in ("-->", "--!>") if html.startswith(end, index)), 0)
            comment, index = not ended, index + (ended or 1)
            continue
        if quote:
            quote = "" if char == quote else quote
        elif char == "<" and not tag:
            if html.startswith("<!--", index):
                empty = next((len(end) for end in (">", "->") if html.startswith(end, index + 4)), 0)
                comment, index = not empty, index + 4 + empty
                continue
            after = html[index + 1 : index + 2]
            tag = (after.isascii() and after.isalpha()) or after == "/"
        elif char == ">":
            tag = False
        elif tag and char in "\"'" and html[:index].rstrip(" \t\n\r\f").endswith("="):
            quote = char
        index += 1
    return tag and not quote and not comment and index == at


def _by_pattern(html: str) -> list[tuple[int, int]]:
    """What ``html_urls`` finds, as a pattern tried at every character finds it: a value, in quotes or without them,
    of an attribute inside a tag."""
    from jiading_cli.content.htmlrefs import LIST_ATTRIBUTES, NAMES, PREFIXED, SPACE, candidates

    pattern = re.compile(rf"""(?<![\w.])({NAMES})(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>][^{SPACE}>]*))""", re.I)
    found: list[tuple[int, int]] = []
    at = 0
    while (m := pattern.search(html, at)) is not None:
        name, begin = m.group(1).lower(), m.start()
        if not _in_tag(html, begin):
            at = m.start(2) + m.group(2).index("=") + 1  # no value outside a tag: on from its "="
            continue
        at = m.end()
        if begin and html[begin - 1] in "-:" and name not in PREFIXED:
            continue
        group = next(group for group in (3, 4, 5) if m.group(group) is not None)
        start, value = m.start(group), m.group(group)
        if name in LIST_ATTRIBUTES:
            found += [(start + first, start + last) for first, last in candidates(value)]
        elif value.strip(SPACE):
            found.append((start, m.end(group)))
    return found


ATTRIBUTE_PIECES = [
    "src", "SrC", "href", "srcset", "imagesrcset", "formaction", "action", "data", "poster", "alt", "x", "data-",
    "xlink:", ".", "-", ":", "_", "é", "=", " = ", "\u3000", "\n", '"', "'", "a.png", " 1x, ", ",", "<img ", ">",
    "ſrc", "&amp;", "<", "<a ", "/>", "b.pdf", "<!--", "-->", "--!>", "<!-->", " < ", "</",
]  # fmt: skip


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(ATTRIBUTE_PIECES), max_size=30).map("".join))
@example('<p data-action="src=\'x.png\'" x-formaction="a" href = "b" alt="src="c">')
@example("<img src=a.png srcset=b.png,c.png alt=x> src=no.png <a\nhref=d.pdf>")
@example("<src=src = src")  # the name after a value without quotes is read from the value, not after it
@example("<img src=a.png =b.png href=c.pdf>")
def test_the_urls_of_attributes_are_those_the_pattern_finds(html: str) -> None:
    from jiading_cli.content.htmlrefs import html_urls

    assert list(html_urls(html)) == _by_pattern(html)
