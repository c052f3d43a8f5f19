"""JD165: a link or image whose target the renderer drops is reported, and only such a one.

The property draws bodies of links and images whose targets play every trick on the scheme (its case, character
references, backslashes, percent-encoding, spaces, look-alike letters, autolinks, reference definitions, angle
brackets, images inside links, links inside images) and holds the rule to the rendered HTML: it reports a link
exactly when the HTML lost that link's target (``href=""``, ``src=""``), on the line where the link starts.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site
from jiading_cli.content.dropped import DANGEROUS, dropped
from jiading_cli.content.escaped import escaped_html, escaped_source

LOST = re.compile(r'<(?:a href|img src)=""')

SCHEMES = ["javascript", "vbscript", "file", "data", "https", "mailto", "javascripts", "vbs", "dat", "fil"]
PAYLOADS = [
    "alert(1)", "//host/x", "image/png;base64,AAAA", "image/PNG,x", "image/svg+xml,x", "image/gi", "image/webp",
    "text/html,x", "x", "///etc/passwd", "void(0)",
]  # fmt: skip
LETTER_TRICKS = {"a": ["&#97;", "&#x61;", "&#X61;", "&#0000097;"], "j": ["&#x6a;", "&#106;", "%6a"], "s": ["ſ"]}
COLONS = [":", "&#58;", "&#x3a;", "&colon;", "\\:", "&#92;:", "%3a", "&#x3A;", "\\\\:"]
LEADS = ["", " ", "  ", "&#32;", "&#x09;", "\t", "&#0;", "%20"]
INSIDE = ["", "&#x09;", "\t", "&#x0a;", "&nbsp;", "\\"]


@st.composite
def targets(draw: st.DrawFn) -> str:
    """A link target, often one of the dropped schemes written some other way."""
    scheme = draw(st.sampled_from(SCHEMES))
    letters = []
    for char in scheme:
        char = char.upper() if draw(st.booleans()) else char
        if draw(st.integers(0, 9)) == 0:
            char = draw(st.sampled_from(LETTER_TRICKS.get(char.lower(), [char])))
        letters.append(char)
    if draw(st.integers(0, 7)) == 0:
        letters.insert(draw(st.integers(0, len(letters))), draw(st.sampled_from(INSIDE)))
    colon = draw(st.sampled_from(COLONS)) if draw(st.integers(0, 3)) == 0 else ":"
    lead = draw(st.sampled_from(LEADS)) if draw(st.integers(0, 3)) == 0 else ""
    return lead + "".join(letters) + colon + draw(st.sampled_from(PAYLOADS))


BEFORE = [
    "", "Prose `code\nspan` then\n", "A line\\\nbreak\n", "Soft\nbreak ", "**Bold** ", "a < b ", "<b>raw</b> ",
    "\\<i> ", "`a](<b` ", "<!-- note --> ", "<https://x.org/a> ", "[not a link](<x y\n",
]  # fmt: skip
BLOCKS = [
    "{}", "- {}", "> {}", "1. item\n\n   {}", "| a | b |\n|---|---|\n| x | {} |", "# {}", "{}\n===",
    "> - > {}", "| a |\n|---|\n| 1 |\n| {} |",
]  # fmt: skip


@dataclass
class Drawn:
    body: str
    lines: set[int]  # from 0: the lines a link or an image starts on


@st.composite
def bodies(draw: st.DrawFn) -> Drawn:
    """A body of paragraphs, list items, quotes and table rows, each holding links of every form."""
    rows: list[str] = []
    starts: set[int] = set()
    definitions: list[str] = []
    for number in range(draw(st.integers(1, 6))):
        target = draw(targets())
        form = draw(st.sampled_from(["inline", "angle", "titled", "image", "autolink", "reference", "shortcut"]))
        link = {
            "inline": f"[text {number}]({target})",
            "angle": f"[text {number}](<{target}>)",
            "titled": f'[text {number}](\n{target} "a\ntitle")',
            "image": f"![alt {number}]({target})",
            "autolink": f"<{target}>",
            "reference": f"[text {number}][r{number}]",
            "shortcut": f"[r{number}]",
        }[form]
        if form in ("reference", "shortcut"):
            definitions.append(f"[r{number}]: {target}")
        if draw(st.integers(0, 5)) == 0:
            link = f"[![inner {number}]({draw(targets())})]({target})"  # an image inside a link
        elif draw(st.integers(0, 7)) == 0:
            link = f"![outer [inner {number}]({target})](photo.png)"  # a link inside an image: alt text only
        before = draw(st.sampled_from(BEFORE))
        block = draw(st.sampled_from(BLOCKS))
        text = block.format(before + link)
        if "|" in block and "\n" in before + link:
            text = block.format(link.replace("\n", " "))
        rows.append(text)
        first = sum(row.count("\n") + 1 for row in rows[:-1]) + len(rows) - 1  # blank lines between blocks
        starts.add(first + text[: text.index(link.replace("\n", " ") if link not in text else link)].count("\n"))
    if draw(st.integers(0, 5)) == 0:  # every stand-in for '<' taken: the body is rendered with '&lt;' for each
        rows.append("\u2e1e\u2e1f\u2e2e\u2e35\u2e39")
    body = "\n\n".join(rows + definitions) + "\n"
    return Drawn(body, starts)


@settings(max_examples=300)
@given(bodies())
@example(Drawn("[a](JaVaScRiPt:alert(1))\n", {0}))
@example(Drawn("[a](java&#x09;script:alert(1))\n", {0}))
@example(Drawn("[a](  javascript:alert(1))\n", {0}))
@example(Drawn("[a](%6aavascript:alert(1))\n", {0}))
@example(Drawn("<javascript:alert(1)>\n", {0}))
@example(Drawn("[a][r]\n\n[r]: javascript:alert(1)\n", {0}))
@example(Drawn("[r]: javascript:x\n[a][r]\n", {1}))
@example(Drawn("![a](data:image/png;base64,AA) ![b](data:image/svg+xml,x)\n", {0}))
@example(Drawn("[a\nb](javascript:x)\n", {0}))
@example(Drawn("x\\\ny [a](\nfile:z\n) [b](vbscript:q)\n", {1, 3}))
@example(Drawn("[a](javaſcript:x) [b](&#106;avascript:x) [c](javascript\\:x) [d](javascript&#92;:x)\n", {0}))
def test_the_rule_reports_exactly_the_links_whose_target_the_html_lost(drawn: Drawn) -> None:
    found = dropped(drawn.body)
    html = escaped_html(drawn.body)
    assert len(found) == len(LOST.findall(html)), html
    assert {item.line for item in found} <= drawn.lines
    for item in found:
        assert DANGEROUS.match(item.url) and item.scheme in ("javascript", "vbscript", "file", "data")


@settings(max_examples=300)
@given(bodies())
@example(Drawn("[r]: javascript:x\n[a][r]\n\n[b](file:y)\n", {1, 3}))
@example(Drawn("# [a](file:x)\n\nT [b](file:y)\n===\n\n| a |\n|---|\n| [c](file:z) |\n", {0, 2, 7}))
def test_a_line_told_by_cmarks_block_is_markdown_its(drawn: Drawn) -> None:
    """The quick way (the line of a block of one line, from cmark) places each dropped link where markdown-it-py,
    which tells where every link starts, places it."""
    from jiading_cli.content import dropped as module

    source, _ = escaped_source(drawn.body)
    found = module.cmark_links(source)
    quick, slow = module._lines(source, found), module._lines(source, found, quick=False)
    assert [at for at, item in zip(quick, found, strict=True) if module._scheme(item)] == [
        at for at, item in zip(slow, found, strict=True) if module._scheme(item)
    ]


@settings(max_examples=500)
@given(st.text(alphabet="javscriptbfledmgIJAVSCRIPTDEFLGMN:/;+ \t\x0bſKk\u0130", max_size=24))
@example("data:image/png")
@example("DATA:IMAGE/WEBP;x")
@example("data:image/pn")
@example("javaſcript:")
def test_the_scheme_test_is_cmarks_own(url: str) -> None:
    """:data:`DANGEROUS` says what ``_scan_dangerous_url``, the test cmark's HTML renderer applies, says."""
    from cmarkgfm import _cmark

    scan = ctypes.CDLL(_cmark.__file__)._scan_dangerous_url
    scan.argtypes, scan.restype = [ctypes.c_char_p], ctypes.c_int32
    assert (DANGEROUS.match(url) is not None) == (scan(url.encode("utf-8")) > 0)


BODY = """\
See the [plan](JaVaScRiPt:openPlan()) and the [map](https://jiading.gov.cn/map).

- The [brochure][b] and ![the logo](data:image/png;base64,iVBORw0KGgo=)
- ![a chart](data:text/html,<b>x</b>)

[b]: file:///C:/brochure.pdf
"""


def _article(site: Site, body: str = BODY, config: str = CONFIG, extra: str = "") -> None:
    site.write("jiading.toml", config)
    site.article(body=body, **({"jiading": extra} if extra else {}))


def test_validate_names_the_file_the_line_and_the_scheme(site: Site) -> None:
    _article(site)
    result = site.run("validate")
    assert result.exit_code == 0, result.stdout
    shown = [line for line in result.stdout.splitlines() if "JD165" in line]
    assert shown == [
        "articles/a.md:7: warning JD165 body: expected a web address, got a link to a javascript: URL "
        "('JaVaScRiPt:openPlan()'): its target will be dropped; pages, feeds and email show the link's text, "
        "linking nowhere",
        "articles/a.md:9: warning JD165 body: expected a web address, got a link to a file: URL "
        "('file:///C:/brochure.pdf'): its target will be dropped; pages, feeds and email show the link's text, "
        "linking nowhere",
        "articles/a.md:10: warning JD165 body: expected a web address, got an image from a data: URL "
        "('data:text/html,<b>x</b>'): its target will be dropped; pages, feeds and email show its alt text and "
        "no image (an image's data:image/png, gif, jpeg or webp is kept)",
    ]
    assert site.run("validate", "--strict").exit_code == 1


def test_what_validate_reports_is_what_the_built_page_lost(site: Site) -> None:
    _article(site)
    assert site.run("build").exit_code == 0
    (page,) = (site.root / "public").rglob("a/index.html") or (site.root / "public").rglob("*/index.html")
    html = page.read_text(encoding="utf-8")
    assert LOST.findall(html) == [] and 'href=""' not in html and 'src=""' not in html
    assert "<a>plan</a>" in html and "<a>brochure</a>" in html and "<li>a chart</li>" in html  # the three dropped
    assert '<a href="https://jiading.gov.cn/map">' in html
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in html


def test_with_unsafe_html_every_target_is_kept_and_nothing_reported(site: Site) -> None:
    _article(site, config=CONFIG + "[markdown]\nunsafe_html = true\n")
    result = site.run("validate", "--strict")
    assert "JD165" not in result.stdout
    assert result.exit_code == 0, result.stdout


def test_a_suppression_on_the_line_or_in_the_file_hides_it(site: Site) -> None:
    marked = BODY.replace(
        "(https://jiading.gov.cn/map).", "(https://jiading.gov.cn/map). <!-- jiading: ignore JD165 -->"
    )
    _article(site, body=marked)
    shown = site.run("validate").stdout
    assert "a.md:7: warning JD165" not in shown and "a.md:9: warning JD165" in shown
    _article(site, extra="{ignore: [JD165]}")
    result = site.run("validate", "--strict")
    assert "JD165" not in result.stdout and result.exit_code == 0, result.stdout
    site.write("jiading.toml", CONFIG + '[validate]\nignore = ["JD165"]\n')
    site.article(body=BODY)
    assert "JD165" not in site.run("validate").stdout


def test_a_body_without_any_of_the_schemes_is_never_parsed(site: Site) -> None:
    """What keeps the rule cheap: a body whose text names none of the four schemes before a colon is passed over."""
    from jiading_cli.content import dropped as module

    assert not module._may_drop("See [the map](https://x.org/?a=1&amp;b=2) at 10:30, <https://y.org>.")
    assert module._may_drop("[a](java&#115;cript\\\\:x)") and module._may_drop("Data: a table")


def test_a_less_than_sign_inside_any_links_target_is_not_raw_html(site: Site) -> None:
    """JD190 reads a link as the renderer does, whatever its scheme: ``<b>`` in a target is part of a URL."""
    _article(site, body="![a chart](data:text/html,<b>x</b>) and [a](javascript:f(<i>))\n")
    shown = site.run("validate").stdout
    assert "JD190" not in shown
    assert shown.count("JD165") == 2
