"""A merge that left a conflict in an article's body is an error (JD153) on the line of its first marker, with every
marker's line, and nothing is built: the page, the feeds and the email would carry both sides and git's markers.
Markers shown in a code block are an example, not a conflict, and only a whole conflict (``<<<<<<<``, then
``=======``, then ``>>>>>>>``) is one."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from share.sites import make_site

FRONT = (
    "---\nid: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\ntitle: Jiading opens a park\n"
    "date: 2017-07-03T18:00:00+08:00\nsummary: Jiading opened a park for chip start-ups on Monday.\n---\n"
)  # the body starts on line 7
CONFLICT = "<<<<<<< HEAD\nIt hosts 40 firms.\n=======\nIt hosts 45 firms.\n>>>>>>> main\n"
CASES = {
    "a paragraph edited on both sides": (f"Jiading opened a park.\n\n{CONFLICT}", [9, 11, 13]),
    "at the body's start": (CONFLICT, [7, 9, 11]),
    "in git's diff3 style": (
        "<<<<<<< ours\nA.\n||||||| base\nO.\n=======\nB.\n>>>>>>> theirs\n",
        [7, 9, 11, 13],
    ),
    "with CRLF line ends": (CONFLICT.replace("\n", "\r\n"), [7, 9, 11]),
    "markers without labels": ("<<<<<<<\nA.\n=======\nB.\n>>>>>>>\n", [7, 9, 11]),
    "inside a list item's text": ("- A.\n<<<<<<< HEAD\n- B.\n=======\n- C.\n>>>>>>> main\n", [8, 10, 12]),
}
SHOWN = {
    "in a fenced code block": f"Resolve it so:\n\n```\n{CONFLICT}```\n",
    "in a tilde fence": f"~~~text\n{CONFLICT}~~~\n",
    "in an indented code block": "Git writes:\n\n" + "".join(f"    {row}\n" for row in CONFLICT.splitlines()),
    "a line of equals signs under a heading": "Heading\n=======\n\nText.\n",
    "an opening marker alone": "<<<<<<< HEAD\nText.\n",
    "markers in the wrong order": ">>>>>>> a\n=======\n<<<<<<< b\n",
    "markers indented in a paragraph": "Text\n <<<<<<< a\n =======\n >>>>>>> b\n",
}
SLOW = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def _validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> tuple[int, str]:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path)
    (site.root / "articles" / "a.md").write_bytes((FRONT + body).encode("utf-8"))
    result = site.run("validate")
    return result.exit_code, result.output


@pytest.mark.parametrize("case", CASES)
def test_a_merge_conflict_in_the_body_is_named_on_its_first_markers_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    body, lines = CASES[case]
    status, output = _validate(tmp_path, monkeypatch, body)
    marks = ", ".join(str(line) for line in lines)
    assert status == 1
    assert (
        f"articles/a.md:{lines[0]}: error JD153 body: expected one version of the text, found a merge conflict git "
        f"left in it (its marker lines <<<<<<<, ======= and >>>>>>> on lines {marks}): keep the lines wanted of each "
        "side, remove the markers\n"
    ) in output, output


@pytest.mark.parametrize("case", SHOWN)
def test_markers_shown_or_not_making_a_conflict_are_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    status, output = _validate(tmp_path, monkeypatch, SHOWN[case])
    assert status == 0 and "JD153" not in output, output


def test_a_build_publishes_no_conflict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path)
    (site.root / "articles" / "a.md").write_bytes((FRONT + CASES["at the body's start"][0]).encode("utf-8"))
    result = site.run("build")
    assert result.exit_code == 1 and "JD153" in result.output
    assert not (site.root / "public").exists()


ROWS = st.lists(
    st.sampled_from(["<<<<<<< a", "=======", "||||||| b", ">>>>>>> c", "text", "", "```", "    code", "- item"]),
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=SLOW)
@given(rows=ROWS)
def test_a_conflict_is_reported_exactly_where_its_markers_are_lines_outside_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: list[str]
) -> None:
    """Drawn bodies: JD153 names each conflict whose three kinds of marker come in order on lines outside code
    blocks, as CommonMark reads the body; nothing else."""
    body = "\n".join(rows) + "\n"
    _, output = _validate(tmp_path, monkeypatch, body)
    expected = _conflicts(body)
    found = output.count(" JD153 ")
    assert found == expected, (body, output)


def _conflicts(body: str) -> int:
    """The conflicts of ``body``, counted with markdown-it's tokens: marker lines outside fences and code blocks."""
    from markdown_it import MarkdownIt

    code: set[int] = set()
    for token in MarkdownIt("commonmark").parse(body):
        if token.type in ("fence", "code_block") and token.map:
            code.update(range(*token.map))
    count, state = 0, ""
    for number, row in enumerate(body.split("\n")):
        if number in code:
            continue
        if row.startswith("<<<<<<<"):
            state = "<"
        elif row.startswith(("=======", "|||||||")) and state in ("<", "="):
            state = "=" if row.startswith("=") else state
        elif row.startswith(">>>>>>>") and state == "=":
            count, state = count + 1, ""
    return count
