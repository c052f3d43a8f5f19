"""The QR codes of article pages: the fast drawing of a symbol is segno's symbol, module for module."""

from __future__ import annotations

import string
import textwrap
from random import Random
from typing import Any
from urllib.parse import quote

import segno
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jiading_cli.pages.qrcode import DIGITS, dark_runs, drawing, modules, path, symbol
from jiading_cli.pages.qrpath import draw, geometry

URL_CHARACTERS = string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%"


def segno_rows(content: str, mask: int) -> list[bytes]:
    return [bytes(row) for row in segno.make(content, error="m", micro=False, mask=mask).matrix]


@given(
    st.one_of(
        st.text(URL_CHARACTERS, min_size=1, max_size=400).map(lambda path: "https://www.example.com/" + path),
        st.text(string.printable, min_size=1, max_size=2000),
        st.text(min_size=1, max_size=60),  # non-ASCII, digits only, alphanumeric: segno's own work
    ),
    st.integers(0, 7),
)
@settings(max_examples=150, deadline=None)
@example("https://www.investinjiading.com/en/news/2017/07/jiading/?utm_source=wechat&utm_medium=social", 0)
@example("HTTPS://EXAMPLE.COM/A", 0)
@example("12345678901234567890", 3)
@example("https://例子.cn/新闻/", 0)
@example("x" * 2300, 5)  # version 40
def test_every_symbol_is_segnos(content: str, mask: int) -> None:
    assert modules(content, mask) == segno_rows(content, mask)


def test_a_stream_ending_on_a_codeword_boundary_is_padded_as_segno_pads_it() -> None:
    for length in range(1, 300):  # every length meets each version's boundaries and boosted levels
        content = "a" * length
        assert modules(content) == segno_rows(content, 0), length


def run_by_run(rows: list[bytes], border: int) -> str:
    """The path as it reads: per row with a dark module, ``M x y.5`` and ``m<gap> 0h<run>`` for each dark run."""
    path = ""
    for y, row in enumerate(rows):
        moves, at = "", 0
        while (start := row.find(b"\1", at)) != -1:
            end = len(row.rstrip(b"\0")) if b"\0" not in row[start:] else row.index(b"\0", start)
            moves += f"m{start - at} 0h{end - start}"
            at = end
        path += f"M{border} {y + border}.5{moves}" if moves else ""
    return path


@given(
    st.integers(1, 177).flatmap(
        lambda width: st.lists(st.binary(min_size=width, max_size=width).map(lambda b: bytes(c & 1 for c in b)))
    ),
    st.integers(0, 4),
)
@settings(max_examples=300, deadline=None)
@example([b"\0\0\0", b"\1\1\1", b"\1\0\1", b"\0\1\0"], 2)
@example([b"\0" * 9 + b"\1" * 2 + b"\0" * 3, b"\1" * 12 + b"\0\1", b"\0" * 14, b"\1\0" * 7], 1)  # stretches past 10
def test_the_path_of_any_rows_is_their_dark_runs_one_by_one(rows: list[bytes], border: int) -> None:
    assert dark_runs(rows, border) == run_by_run(rows, border)


def url_of(length: int, draw: Random) -> str:
    """A URL of ``length`` bytes (at least 9): an https address, then characters URLs are made of."""
    return ("https://a" + "".join(draw.choice(URL_CHARACTERS) for _ in range(length)))[:length]


def least_and_most() -> list[int]:
    """For each version, the fewest bytes it holds at error level M and the most (the next version's fewest, less
    one), from 9 bytes (the shortest URL) to 2331 (version 40's most)."""
    from segno import consts as segno_consts

    consts: Any = segno_consts  # segno's tables are not annotated
    most = [(consts.SYMBOL_CAPACITY[v][consts.ERROR_LEVEL_M] - 4 - (8 if v < 10 else 16)) // 8 for v in range(1, 41)]
    return sorted({n for m in most for n in (m, m + 1) if 9 <= n <= 2331})


def test_a_url_of_each_versions_fewest_and_most_bytes_is_segnos() -> None:
    draw = Random(7)
    for length in least_and_most():
        url = url_of(length, draw)
        assert modules(url) == segno_rows(url, 0), length


@given(st.integers(9, 2331), st.randoms(use_true_random=False))
@settings(max_examples=40, deadline=None)
def test_a_url_of_any_length_is_segnos(length: int, draw: Random) -> None:
    url = url_of(length, draw)
    assert modules(url) == segno_rows(url, 0)


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=40))
@settings(max_examples=40, deadline=None)
def test_a_chinese_url_is_segnos_as_written_and_percent_encoded(slug: str) -> None:
    for url in (f"https://例子.cn/新闻/{slug}/", "https://www.example.com/zh/" + quote(slug) + "/?utm_medium=social"):
        assert modules(url) == segno_rows(url, 0)


def drawn_as_text(content: str, mask: int, border: int) -> tuple[int, str]:
    text = symbol(content, mask)
    return text.count("\n") + 1, path(text, border)


@given(
    st.one_of(
        st.text(URL_CHARACTERS, min_size=1, max_size=400).map(lambda path: "https://www.example.com/" + path),
        st.text(string.printable, min_size=1, max_size=600),
        st.text(min_size=1, max_size=60),  # segno's own symbol, drawn from its text
    ),
    st.integers(0, 7),
    st.integers(0, 4),
)
@settings(max_examples=150, deadline=None)
@example("https://www.investinjiading.com/en/news/2017/07/jiading/?utm_source=wechat&utm_medium=social", 0, 2)
@example("x" * 2300, 7, 2)  # version 40
def test_the_drawing_of_a_symbol_is_its_texts_path(content: str, mask: int, border: int) -> None:
    assert drawing(content, mask, border) == drawn_as_text(content, mask, border)


def test_each_version_and_mask_is_drawn_as_its_text_reads() -> None:
    draw = Random(11)
    for length in least_and_most():  # every version 1 to 40, at its fewest and most bytes
        url = url_of(length, draw)
        for mask in range(8):
            assert drawing(url, mask, 2) == drawn_as_text(url, mask, 2), (length, mask)


def packed(rows: list[bytes]) -> bytes:
    """Rows packed as ``qrpath.geometry`` says: the row's number, then light modules and a 0 before every seven."""
    width = len(rows[0])
    pad = geometry(width)[1]
    bits = "".join(
        "00000000" + "".join("0" + chunk for chunk in textwrap.wrap("0" * pad + row.translate(DIGITS).decode(), 7))
        for row in rows
    )
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


@given(
    st.integers(1, 177).flatmap(
        lambda width: st.lists(
            st.one_of(
                st.binary(min_size=width, max_size=width).map(lambda b: bytes(c & 1 for c in b)),
                st.tuples(st.integers(0, width), st.integers(0, 1)).map(  # long runs, empty and full rows
                    lambda run: bytes([run[1]]) * run[0] + bytes([1 - run[1]]) * (width - run[0])
                ),
            ),
            min_size=1,
            max_size=255,
        )
    ),
    st.integers(0, 4),
)
@settings(max_examples=300, deadline=None)
@example([b"\0" * 49, b"\1" * 49, b"\0" * 20 + b"\1" * 29, b"\1" * 30 + b"\0" * 19], 2)
@example([b"\0" * 7 + b"\1" * 7 + b"\0" * 15 + b"\1", b"\1" * 21 + b"\0" * 8 + b"\1"], 0)  # runs over whole bytes
@example([b"\0" * 23 + b"\1" * 7, b"\1" * 30, b"\0" * 30, b"\0" * 9 + b"\1" * 21], 2)  # from a row's start, to its end
def test_packed_rows_are_drawn_run_by_run(rows: list[bytes], border: int) -> None:
    assert draw(packed(rows), len(rows[0]), border) == run_by_run(rows, border)


@given(
    st.lists(st.binary(max_size=40).map(lambda b: bytes(c & 1 for c in b)), max_size=300),
    st.integers(0, 4),
)
@settings(max_examples=100, deadline=None)
@example([b"\1\0\1", b"\1", b"", b"\0\1\1\1\0"], 2)  # rows not all as long
@example([b"\1\0\1"] * 300, 1)  # more rows than a packed row's number holds
@example([b"", b""], 0)
def test_the_path_of_any_rows_of_any_widths_is_their_dark_runs(rows: list[bytes], border: int) -> None:
    assert dark_runs(rows, border) == run_by_run(rows, border)


def test_a_code_drawn_the_quick_way_leaves_segno_and_its_writers_unloaded() -> None:
    """The quick path reads segno's tables and drawing from segno's folder without running its ``__init__`` (which
    imports its writers, and with them urllib, http.client and ssl); ``import segno`` is then segno's own."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from jiading_cli.pages.qrcode import modules, symbol\n"
        "rows = modules('https://www.investinjiading.com/en/news/2017/07/financial-industry/')\n"
        "assert rows and 'segno' not in sys.modules and 'urllib.request' not in sys.modules, sorted(sys.modules)\n"
        "import segno\n"
        "assert segno.make('x').matrix and 'segno.writers' in sys.modules\n"
        "print(len(rows))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 20
