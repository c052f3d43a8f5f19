"""A body built from Markdown's, HTML's and URLs' special marks, at n and at 4n: ``jiading build`` (which loads,
checks, renders and publishes it) takes about 4 times as long, never 16.

A pattern that is tried from every position of a line and scans on from each (a link's text before ``](``, say)
costs the square of the line: a few thousand ``[`` took seconds. Rather than a list of the shapes known to have
done it, every mark below is grown three ways (repeated, repeated between words, opened n times and closed n
times), on a line that ends with the marks other patterns look for first, so that a pattern added later meets
them too. CPU time, best of three runs, with the same generous margin as ``test_property_hardening.py``'s
linear-time tests (which grow front matter and plain bodies).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from jiading_cli.cli import app
from jiading_cli.validate.references import LINK

CONFIG = '[site]\ntitle = "Invest in Jiading"\nbase_url = "https://news.example.com"\ntimezone = "Asia/Shanghai"\n'
HEAD = (
    "---\nid: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\ntitle: A park opens\n"
    "date: 2017-07-03T18:00:00+08:00\nsummary: A new industrial park opens in Jiading today.\n---\n"
)
CLOSING = {"[": "]", "![": "]", "(": ")", "](": ")", "<": ">", "{": "}", "*": "*", "_": "_", "`": "`", '"': '"'}
MARKS = [
    "[", "](", "![", "(", "<", "<a href=\"", "src='", "srcset=\"a ", "poster=", "&#x9b;", "{", "*", "_", "**", "`",
    "~~", "&", "&#", "\\", ":", "=",
    "|", "#", ">", "- ", "1. ", "http://", "www.", "@", "%", "\t", "\u200b", "嘉", "\u202e", "--", '"', "](<b>",
    "\u2067", "&#x202E;", "[\u2067",
]  # fmt: skip
SIZE = 4000  # marks at n; 16,000 at 4n
# What ends each line: a pattern looked for only on lines holding its mark ("](", "]:", "=", a quote...) meets it.
TAIL = """ ](y) ]: y = "y" 'y' >)}` """


def _shapes() -> dict[str, Callable[[int], str]]:
    shapes: dict[str, Callable[[int], str]] = {}
    for mark in MARKS:
        close = CLOSING.get(mark, mark)
        shapes[f"{mark!r} repeated"] = lambda n, m=mark: m * (SIZE * n) + TAIL + "\n"
        shapes[f"{mark!r} between words"] = lambda n, m=mark: (m + "x ") * (SIZE * n) + TAIL + "\n"
        shapes[f"{mark!r} opened and closed"] = lambda n, m=mark, c=close: m * (SIZE * n) + "x" + c * (SIZE * n) + TAIL

    return shapes


SHAPES = _shapes()


def _cost(root: Path, body: str, command: str = "build", runs: int = 3, head: str = HEAD) -> float:
    (root / "articles" / "a.md").write_text(head + body, encoding="utf-8")
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        result = CliRunner().invoke(app, [command], env={"JIADING_NOW": "2026-11-27T12:00:00+08:00"})
        best = min(best, time.process_time() - started)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return best


@pytest.fixture
def bare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site of no article yet, the current folder, without a cache: each run does all its work."""
    (tmp_path / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "articles").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JIADING_CACHE", "off")
    return tmp_path


@pytest.mark.parametrize("shape", list(SHAPES))
def test_build_time_grows_linearly_with_a_body_of_marks(bare: Path, shape: str) -> None:
    _cost(bare, "Body.\n")  # modules loaded and patterns compiled before measuring
    small, large = (_cost(bare, SHAPES[shape](n)) for n in (1, 4))
    assert large < 8 * small + 0.05, f"{shape}: {small:.3f} s at n, {large:.3f} s at 4n"


# A search in C that goes back to the line's start for each mark costs the square of the line too, but so little per
# character that 16,000 marks do not show it: a line of 400,000 "](" took 0.8 s to check, 1,600,000 took 8.8 s.
LONG_SHAPES = ["](", "]:", "](<", "[a](#b) ", "]]]("]
LONG_TAIL = " ](y) ]: y"  # no code: a body without it is read at once, not line by line
LONG = 400_000  # characters of marks at n; 1,600,000 at 4n (an article may be 4 MiB)


@pytest.mark.parametrize("mark", LONG_SHAPES)
def test_validate_time_grows_linearly_with_a_long_line_of_marks(bare: Path, mark: str) -> None:
    _cost(bare, "Body.\n", "validate", 1)
    body = (mark * (LONG * n // len(mark)) + LONG_TAIL + "\n" for n in (1, 4))
    small, large = (_cost(bare, text, "validate", 2) for text in body)
    assert large < 8 * small + 0.05, f"{mark!r}: {small:.3f} s at n, {large:.3f} s at 4n"


# The pattern before a link's text could hold "[" (kept here as the reference): it found the same targets.
OLD_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*(?:<([^<>\n]*)>|([^)\s]+))")


@given(st.text(st.sampled_from("[]()!<> x\n"), max_size=60))
def test_a_links_text_without_brackets_finds_the_targets_it_found_before(line: str) -> None:
    assert [m.groups() for m in LINK.finditer(line)] == [m.groups() for m in OLD_LINK.finditer(line)]


# Each construct of Markdown's and HTML's links, cut after each of its characters and repeated on one line: a pattern
# reading a construct scans on from where it starts, and one left open there ("[a](<b", a destination's "<" with no
# ">") made each scan run to the line's end, as many times as it was repeated (80,000 characters took 5 s to check).
CONSTRUCTS = [
    '[a](<b> "t")', "![a](<b> 't')", "[a](b (t))", "[a][b]", '[a]: <b> "t"', "<https://a.b/c>", "<a@b.c>",
    "<a href=\"b\" src='c'>", "<!-- a -->", "`a`", "**a**", "~~a~~", "&#x1b;",
]  # fmt: skip
OPEN = sorted({construct[:cut] for construct in CONSTRUCTS for cut in range(2, len(construct))})
OPENED = 20_000  # characters at n; 80,000 at 4n


@pytest.mark.parametrize("opened", OPEN)
def test_validate_time_grows_linearly_with_a_line_of_constructs_left_open(bare: Path, opened: str) -> None:
    _cost(bare, "Body.\n", "validate", 1)
    unit = opened + " "
    body = (unit * (OPENED * n // len(unit)) + LONG_TAIL + "\n" for n in (1, 4))
    small, large = (_cost(bare, text, "validate", 2) for text in body)
    assert large < 8 * small + 0.05, f"{opened!r}: {small:.3f} s at n, {large:.3f} s at 4n"


# A run of white space where two parts of a pattern side by side both take it, tried at each split of the run (see
# test_pattern_backtracking.py): a suppression comment's spaces (80,000 took 82 s to validate), the spaces after a
# field's value on a line YAML could not read (128,000 took 69 s), a link's before its destination (40,000: 43 s).
RUNS = {
    "a suppression comment": ("validate", "", "<!-- jiading: ignore{} x -->\n"),
    "a value YAML cannot read": ("validate", "note: Jiading: x{}y\n", "Body.\n"),
    "a link's destination": ("build", "", "[a]({}x <\n"),
}
RUN = 4000  # spaces at n; 16,000 at 4n


@pytest.mark.parametrize("where", list(RUNS))
def test_time_grows_linearly_with_a_run_of_spaces(bare: Path, where: str) -> None:
    command, front, body = RUNS[where]
    _cost(bare, "Body.\n", command, 1)
    head = HEAD.removesuffix("---\n")
    small, large = (
        _cost(bare, body.format(" " * (RUN * n)), command, 2, head + front.format(" " * (RUN * n)) + "---\n")
        for n in (1, 4)
    )
    assert large < 8 * small + 0.05, f"{where}: {small:.3f} s at n, {large:.3f} s at 4n"
