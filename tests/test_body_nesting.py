"""A body's Markdown nested deeper than ``limits.BODY_DEPTH`` is one JD108 line, on the line where it goes past.

Each quote, list item or emphasis inside another is one more element of the page, and a page deeper than 512
elements is one browsers flatten (the Nu HTML Checker's error): 10,000 ``>`` made as many quotes inside one another,
in a page built without a word. The oracle here is cmark's own XML tree, read by ElementTree: the check must
answer exactly when a node of the tree lies deeper than the limit, and a page built is never deeper than 512.
"""

from __future__ import annotations

import time
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from xml.etree.ElementTree import iterparse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CONFIG, Site
from jiading_cli.content import limits
from jiading_cli.content.gfm import cmark

BODY_LINE = 7  # the body's first line below front(): its two --- lines and four fields above
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
MESSAGE = (
    f"expected Markdown nested at most {limits.BODY_DEPTH} deep (quotes, lists, emphasis and links inside one "
    "another), found more from this line; browsers flatten a page deeper than 512 elements"
)


class Depth(HTMLParser):
    """The depth of a page's element tree (the pages are well-formed: each element is closed)."""

    def __init__(self) -> None:
        super().__init__()
        self.level = self.most = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in VOID:
            self.level += 1
            self.most = max(self.most, self.level)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.level -= 1


def tree_depth(body: str) -> int:
    """How deep cmark's tree of ``body`` nests (the document's own blocks are 1 deep)."""
    level = most = 0
    for event, _ in iterparse(BytesIO(cmark().to_xml(body).encode("utf-8")), events=("start", "end")):
        level += 1 if event == "start" else -1
        most = max(most, level - 1)
    return most


def page_depth(path: Path) -> int:
    parser = Depth()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.most


def _lines(result_stdout: str) -> list[str]:
    return [line for line in result_stdout.splitlines() if " JD" in line]


LEVEL = limits.BODY_DEPTH
CASES = {  # a body past the limit, and the line of the body it goes past on (from 0)
    "quotes": ("Intro.\n\n" + ">" * LEVEL + " x\n", 2),
    "quotes with spaces": ("> " * LEVEL + "x\n", 0),
    "lists on one line": ("- " * (LEVEL // 2) + "x\n", 0),
    "ordered lists on one line": ("1. " * (LEVEL // 2) + "x\n", 0),
    "lists by indentation": ("".join("  " * n + "- x\n" for n in range(LEVEL)), LEVEL // 2 - 1),
    "lists by tabs": (
        "".join("\t" * (n // 2) + ("  " if n % 2 else "") + "- x\n" for n in range(LEVEL)),
        LEVEL // 2 - 1,
    ),
    "quotes and lists": ("> - " * (LEVEL // 3 + 1) + "x\n", 0),
    "a quote of 10,000": ("text\n\n" + ">" * 10_000 + "\n", 2),
}


@pytest.mark.parametrize("name", CASES)
def test_markdown_nested_too_deep_is_one_line_and_nothing_is_built(site: Site, name: str) -> None:
    body, line = CASES[name]
    assert tree_depth(body) > limits.BODY_DEPTH
    site.article("en/a.md", body=body)
    checked = site.run("validate")
    assert checked.exit_code == 1
    assert _lines(checked.stdout) == [f"articles/en/a.md:{BODY_LINE + line}: error JD108 body: {MESSAGE}"]
    built = site.run("build")
    assert built.exit_code == 1 and not (site.root / "public").exists(), built.output


def test_a_deep_body_within_the_limit_builds_a_page_browsers_keep_whole(site: Site) -> None:
    body = ">" * (limits.BODY_DEPTH - 3) + " *x*\n"
    assert tree_depth(body) == limits.BODY_DEPTH
    site.article("en/a.md", body=body)
    assert site.run("validate").exit_code == 0
    assert site.run("build").exit_code == 0
    assert page_depth(site.root / "public/en/news/2017/07/a/index.html") <= 512


def test_the_check_takes_time_linear_in_the_body(site: Site) -> None:
    site.article("en/a.md", body=">" * 3_000_000 + "\n")
    started = time.monotonic()
    checked = site.run("validate")
    assert checked.exit_code == 1 and len(_lines(checked.stdout)) == 1
    assert time.monotonic() - started < 30


MARKERS = ["> ", "- ", "1. ", "* ", "+ ", "  ", "\t", "*", "_", "~~", "[", "`", "\n"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(MARKERS), st.integers(1, 60)), max_size=6))
def test_jd108_is_said_exactly_when_the_tree_goes_past_the_limit(
    tmp_path_factory: pytest.TempPathFactory, runs: list[tuple[str, int]]
) -> None:
    body = "".join(marker * count for marker, count in runs) + "x\n"  # runs of one marker: quotes, lists, emphasis…
    root = tmp_path_factory.mktemp("site")
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("JIADING_CONFIG", raising=False)
        site = Site(root, CliRunner())
        site.article("en/a.md", body=body)
        checked = site.run("validate")
        said = [line for line in _lines(checked.stdout) if " JD108 body: " in line]
        deep = tree_depth(body) > limits.BODY_DEPTH
        assert len(said) == deep, (checked.stdout, tree_depth(body))
        if not deep and checked.exit_code == 0:
            assert site.run("build").exit_code == 0
            assert page_depth(root / "public/en/news/2017/07/a/index.html") <= 512


PIECES = [*MARKERS, "    ", "1) ", "**", "***", "<a@b.co>", "![i](x.png)", "|a|b|\n|-|-|\n|", "\n\n", "x", "> - "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.integers(1, 40)), max_size=10))
def test_a_body_the_bound_calls_shallow_has_no_node_past_the_limit(runs: list[tuple[str, int]]) -> None:
    """The bound that spares most bodies the walk never spares one that goes past the limit, however it nests."""
    from jiading_cli.validate.nesting import shallow

    body = "".join(piece * count for piece, count in runs) + "x\n"
    for depth in (limits.BODY_DEPTH, 60, 45, 36):
        if shallow(body, depth):
            assert tree_depth(body) <= depth, body


INDENTS = st.sampled_from(["  ", " " * 3, "\t", "> ", ">", "1. "])


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 40), INDENTS, st.integers(0, 40), st.sampled_from(["*", "**", "~~", "[", "_", "<"]))
def test_the_bound_holds_for_containers_nested_line_by_line(levels: int, step: str, inline: int, mark: str) -> None:
    """Containers nested a level a line (lists by indentation, quotes by their markers), then inline nodes nested in
    the innermost: the bound's count of containers and of inline nodes, each near where it gives up."""
    from jiading_cli.validate.nesting import shallow

    lines = "".join(step * n + ("- x\n" if step.isspace() else "x\n") for n in range(levels))
    closing = "]" if mark == "[" else ">" if mark == "<" else mark
    body = lines + step * levels + mark * inline + "x" + closing * inline + "\n"
    for depth in (limits.BODY_DEPTH, 60, 45, 36):
        if shallow(body, depth):
            assert tree_depth(body) <= depth, body
