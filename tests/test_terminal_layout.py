"""Laying out for a terminal: tables that fit, folded lines, cells cut with '…', tab-separated rows."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from jiading_cli.cli.tables import Column, cells, cut, fitted, fold, tab_separated

COLUMNS = (Column("date"), Column("title", shrink=2, least=8), Column("path", shrink=1, keep_end=True, least=10))
TEXT = st.text(st.sampled_from("abc 金融业-/x"), min_size=1, max_size=60)


@given(rows=st.lists(st.tuples(st.just("2026-11-20"), TEXT, TEXT), min_size=1, max_size=5), total=st.integers(34, 120))
def test_a_table_never_is_wider_than_the_terminal_when_its_narrowest_form_fits(
    rows: list[tuple[str, str, str]], total: int
) -> None:
    for line in fitted(COLUMNS, rows, total).splitlines():
        assert cells(line) <= total, line


def test_the_least_useful_column_shrinks_first() -> None:
    rows = [("2026-11-20", "A headline much longer than it can be shown", "articles/en/2026/open-day.md")]
    lines = fitted(COLUMNS, rows, 60).splitlines()
    assert lines[1] == "2026-11-20  A headline much l…  articles/en/2026/open-day.md"


def test_a_path_keeps_its_end_when_cut() -> None:
    assert cut("articles/en/2026/open-day.md", 14, keep_end=True) == "…6/open-day.md"
    assert cut("金融业助力嘉定发展", 9) == "金融业助…"
    assert cells(cut("金融业助力嘉定发展", 9)) <= 9


def test_a_wide_character_counts_two_cells_in_the_padding() -> None:
    rows = [("2017-07-03", "金融业", "a.md"), ("2017-07-03", "Finance", "b.md")]
    lines = fitted(COLUMNS, rows, 80).splitlines()
    assert lines[1].index("a.md") + 3 == lines[2].index("b.md")  # 金融业 is six cells wide, 'Finance' seven


def test_a_line_that_fits_is_not_folded() -> None:
    assert fold("a.md:3: error JD111 updated: ", "expected a later time", 80) == [
        "a.md:3: error JD111 updated: expected a later time"
    ]


@example(message="aaaaaaaaa融融融融融融融融融融融 ", total=68)  # a trailing space alone past the edge
@given(message=st.text(st.sampled_from("ab 金融"), min_size=1, max_size=300), total=st.integers(40, 120))
def test_folding_keeps_the_head_whole_and_every_word_in_order(message: str, total: int) -> None:
    head = "articles/a.md:3: warning JD110 date: "
    lines = fold(head, message, total)
    assert lines[0].startswith(head.rstrip())
    assert all(line.startswith("    ") for line in lines[1:])
    assert "".join(message.split()) == "".join("".join(lines)[len(head) :].split())


def test_piped_rows_are_tab_separated_with_no_tab_or_line_break_inside_a_cell() -> None:
    assert tab_separated([("a\tb", "c\nd", "e")]) == "a b\tc d\te"
