"""A merge that left a conflict in an article's front matter (two CI jobs' syndication records, two edits of a title)
is named as one, on the line of its first marker, with every marker's line: YAML's own word for it, "could not find
expected ':'" on the marker's line, said what was expected but not what was found."""

from __future__ import annotations

from pathlib import Path

import pytest

from share.sites import ARTICLE_ID, make_site

RECORD = f"- network: facebook\n  article: {ARTICLE_ID}\n  state: posted\n  remote_id: '1234_1'\n"
OTHER = f"- network: facebook\n  article: {ARTICLE_ID}\n  state: intent\n"
HEAD = "---\nid: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n"
REST = "date: 2017-07-03T18:00:00+08:00\nsummary: A summary.\n"
CASES = {
    "records of two jobs": (
        f"{HEAD}title: A\n{REST}syndication:\n<<<<<<< HEAD\n{RECORD}=======\n{OTHER}>>>>>>> records\n---\nBody.\n",
        [7, 12, 16],
    ),
    "a title edited on both sides": (
        f"{HEAD}<<<<<<< HEAD\ntitle: A\n=======\ntitle: B\n>>>>>>> edit\n{REST}---\nBody.\n",
        [3, 5, 7],
    ),
    "a conflict in git's diff3 style": (
        f"{HEAD}<<<<<<< ours\ntitle: A\n||||||| base\ntitle: O\n=======\ntitle: B\n>>>>>>> theirs\n{REST}---\nB.\n",
        [3, 5, 7, 9],
    ),
    "with CRLF line ends": (
        f"{HEAD}<<<<<<< HEAD\ntitle: A\n=======\ntitle: B\n>>>>>>> edit\n{REST}---\nBody.\n".replace("\n", "\r\n"),
        [3, 5, 7],
    ),
    "two conflicts": (
        f"{HEAD}<<<<<<< a\ntitle: A\n=======\ntitle: B\n>>>>>>> b\n{REST}"
        f"syndication:\n<<<<<<< a\n{RECORD}=======\n{OTHER}>>>>>>> b\n---\nBody.\n",
        [3, 5, 7, 11, 16, 20],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_merge_conflict_in_the_front_matter_is_named_on_its_first_markers_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path)
    text, lines = CASES[case]
    (site.root / "articles" / "a.md").write_bytes(text.encode("utf-8"))
    result = site.run("validate")
    assert result.exit_code == 1
    marks = ", ".join(str(line) for line in lines)
    assert result.output.startswith(
        f"articles/a.md:{lines[0]}: error JD101 expected one version of the front matter, found a merge conflict git "
        f"left in it (its marker lines <<<<<<<, ======= and >>>>>>> on lines {marks}): keep the lines wanted of each "
        "side, remove the markers\n"
    ), result.output


def test_a_line_of_equals_signs_without_a_conflict_is_no_conflict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path)
    (site.root / "articles" / "a.md").write_text(f"{HEAD}title: A\n=======\n{REST}---\nBody.\n", encoding="utf-8")
    result = site.run("validate")
    assert result.exit_code == 1
    assert "JD101 YAML syntax error" in result.output and "merge conflict" not in result.output
