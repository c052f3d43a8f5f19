"""The QR code of a URL as rows of modules: segno's symbol, made fast for the common case.

segno chooses the version, the error level (boosted as high as the version allows), the mode and the
mask, and draws the symbol module by module, which costs milliseconds on every article page. For text
segno writes in byte mode without ECI (ASCII that is neither all digits nor alphanumeric, as every URL
with a lowercase letter is) :func:`modules` makes the same symbol from tables computed once per version.
The codewords are made in the order they are laid (the blocks interleaved by strided slices; a block's error
correction is looked up when the block was met lately), written in binary and masked by one XOR. Read
module by module the symbol would be a look-up per module; instead it is taken by columns, a slice for each
stretch of a column that the laid bits (or the function patterns) fill in even steps, and then by rows, a
stride each. The row of the horizontal timing pattern is taken apart, so that it does not cut every column.
:func:`drawing`, which the share bar draws, takes the same columns with columns of zeros between them, so
that its rows come out packed seven modules to a byte, and writes their path from the bytes
(:mod:`.qrpath`) without writing the symbol as text or reading it again; :func:`path` packs the rows of a
text the same way, by its columns. Anything else is segno's own work and the path of its text. Property
tests hold the symbols to segno's matrix and the paths to the dark runs read one by one.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import types
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from operator import itemgetter
from typing import Any

from jiading_cli.pages.qrpath import WIDE, draw, geometry

MASK = 0  # any of the eight masks reads the same; choosing the best by the standard's scoring costs most of a code
ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
PAIRS = re.compile("(0*)(1+)")  # a light gap (maybe none) and the dark run after it
DIGITS = bytes.maketrans(b"\0\1", b"01")  # a row of modules as text
MODULES = bytes.maketrans(b"01", b"\0\1")  # and back
APART = 6  # the row of the horizontal timing pattern, taken apart from the columns (it holds no data)
PADDING = bytes([0xEC, 0x11]) * 1480  # the pad codewords, as many as version 40 may take
TABLES = f"{__name__}._segno"  # segno's folder as a package of this module's own (:func:`_segno`)


@dataclass(frozen=True, slots=True)
class Layout:
    """What every symbol of one version, error level and mask shares.

    ``text`` and ``packed`` take the masked bits in the order they are laid, then ``constants``, to the symbol
    by columns (row ``APART`` after them all): ``text`` with a column of ``\\n`` after the last, ``packed`` as
    :mod:`.qrpath` packs rows (a column of zeros before every seven modules, eight before the first). Their
    ``rows`` getters take each back to rows, a stride each.
    """

    size: int
    mask: int  # the mask over the data modules, a bit each, in the order they are laid
    length: int  # data modules: the message's bits and remainder bits
    constants: str  # the function patterns in the order of the columns, a row's end, and zeros
    text: Any  # itemgetter of slices
    text_rows: Any  # itemgetter of strides
    packed: Any  # itemgetter of slices
    packed_rows: Any  # itemgetter of strides


def modules(content: str, mask: int = MASK) -> list[bytes]:
    """The symbol of ``content`` (error level M, boosted; ``mask``) as rows of 0 and 1 bytes, no quiet zone."""
    return [row.encode("ascii").translate(MODULES) for row in symbol(content, mask).split("\n")]


def symbol(content: str, mask: int = MASK) -> str:
    """:func:`modules` as text: a line of ``0`` (light) and ``1`` (dark) for each row, joined by ``\\n``."""
    fast = _fast(content, mask)
    if fast is not None:
        return fast
    import segno

    return "\n".join(
        bytes(row).translate(DIGITS).decode("ascii")
        for row in segno.make(content, error="m", micro=False, mask=mask).matrix
    )


def dark_runs(rows: list[bytes], border: int) -> str:
    """An SVG path of the dark modules as lines one module wide (``stroke-width="1"``), one subpath a row.

    Each row is ``M x y.5`` and then ``m<light> 0h<dark>`` for each light gap and the dark run after it.
    """
    return path("\n".join(row.translate(DIGITS).decode("ascii") for row in rows), border)


def path(text: str, border: int) -> str:
    """:func:`dark_runs` of rows given as :func:`symbol` gives them: packed as bytes for :func:`.qrpath.draw`
    (by columns, a stride each, with columns of zeros between them, and back by rows), or written row by row
    when they are not as many as a symbol's or not all as long."""
    rows = text.count("\n") + 1
    width = (len(text) + 1) // rows - 1
    if width < 1 or rows > 255 or text[width :: width + 1] != "\n" * (rows - 1):
        return "".join(
            f"M{border} {y + border}.5" + "".join(f"m{len(light)} 0h{len(dark)}" for light, dark in runs)
            for y, row in enumerate(text.split("\n"))
            if (runs := PAIRS.findall(row))
        )
    columns, by_rows, zeros = _packing(width, rows)
    packed = int("".join(by_rows("".join(columns(text + zeros)))), 2)
    return draw(packed.to_bytes(rows * geometry(width)[0], "big"), width, border)


@cache
def _packing(width: int, rows: int) -> tuple[Any, Any, str]:
    """Getters that take text of ``rows`` rows of ``width`` modules (then zeros) to packed columns, and those
    to rows; the zeros."""
    zeros = rows * (width + 1) - 1
    order = [
        zeros + (n * rows + i) % (8 * rows) if j < 0 else i * (width + 1) + j
        for n, j in enumerate(_wide(width))
        for i in range(rows)
    ]
    return itemgetter(*_slices(order)), itemgetter(*(slice(i, None, rows) for i in range(rows))), "0" * (8 * rows)


def _wide(width: int) -> list[int]:
    """The columns of a packed row (see .qrpath), -1 for a zero: the row's number (written over), light
    modules before its first, and a zero before every seven."""
    pad = geometry(width)[1]
    wide = [-1] * 8
    for j in range(-pad, width):
        wide += [-1, j] if (j + pad) % WIDE == 0 else [j]
    return [max(j, -1) for j in wide]


def _fast(content: str, mask: int) -> str | None:
    found = _laid(content, mask)
    if found is None:
        return None
    layout, laid = found
    return "".join(layout.text_rows("".join(layout.text(laid))))[:-1]


def drawing(content: str, mask: int = MASK, border: int = 2) -> tuple[int, str]:
    """The rows of the symbol of ``content`` and :func:`path` of them, without writing the symbol as text when
    the fast path makes it (its rows are packed as bytes for :func:`.qrpath.draw`)."""
    found = _laid(content, mask)
    if found is None:
        text = symbol(content, mask)
        return text.count("\n") + 1, path(text, border)
    layout, laid = found
    size = layout.size
    packed = int("".join(layout.packed_rows("".join(layout.packed(laid)))), 2)
    return size, draw(packed.to_bytes(size * geometry(size)[0], "big"), size, border)


def _laid(content: str, mask: int) -> tuple[Layout, str] | None:
    """The layout of ``content``'s symbol and its masked bits in the order they are laid, then its constants."""
    if not content.isascii() or not content or all(c in ALPHANUMERIC for c in content):
        return None  # another mode (numeric, alphanumeric), or bytes segno may encode otherwise
    data = content.encode("ascii")
    found = _version(len(data))
    if found is None:
        return None
    version, error = found
    layout = _layout(version, error, mask)
    laid = _message(version, error, data)
    bits = int.from_bytes(laid, "big") << (layout.length - 8 * len(laid))  # remainder bits: 0
    return layout, format(bits ^ layout.mask, f"0{layout.length}b") + layout.constants


@cache
def _version(size: int) -> tuple[int, int] | None:
    """The version and error level (M, boosted) of ``size`` bytes in byte mode; None when none holds them."""
    consts = _tables()
    length = size * 8
    found = next(
        (v for v in range(1, 41) if consts.SYMBOL_CAPACITY[v][consts.ERROR_LEVEL_M] >= 4 + _count_bits(v) + length),
        None,
    )
    if found is None:
        return None
    version, error, needed = found, consts.ERROR_LEVEL_M, 4 + _count_bits(found) + length
    for level in (consts.ERROR_LEVEL_Q, consts.ERROR_LEVEL_H):
        if consts.SYMBOL_CAPACITY[version][level] < needed:
            break
        error = level
    return version, error


def _tables() -> Any:
    """segno's tables (capacities, blocks, Galois field, generators), not annotated."""
    return _segno("consts")


@cache
def _segno(name: str) -> Any:
    """segno's module ``name`` (``consts``, ``encoder``: neither imports anything of segno but the other), read
    from segno's own folder as a module of a package of its own (``TABLES``), never running segno's
    ``__init__``: that imports segno's writers, and with them urllib, http.client, ssl and email, tens of
    milliseconds of a build that draws a few codes. ``import segno`` stays segno's, for the slow path."""
    package = sys.modules.get(TABLES)
    if package is None:
        spec = importlib.util.find_spec("segno")  # found, not run
        if spec is None or not spec.submodule_search_locations:
            return importlib.import_module(f"segno.{name}")  # segno is not a package here: its own error
        package = types.ModuleType(TABLES, "segno's folder, without its __init__")
        package.__path__ = list(spec.submodule_search_locations)
        sys.modules[TABLES] = package
    return importlib.import_module(f"{TABLES}.{name}")


def _count_bits(version: int) -> int:
    return 8 if version < 10 else 16


def _message(version: int, error: int, data: bytes) -> bytes:
    """The codewords in the order the symbol lays them: data in byte mode, terminator and padding, cut into
    blocks, and each block's error correction; the blocks' first codewords, then their second ones and so on,
    the data's and then the error correction's."""
    consts = _tables()
    capacity = consts.SYMBOL_CAPACITY[version][error]
    count = _count_bits(version)
    stream = (((0b0100 << count) | len(data)) << (8 * len(data))) | int.from_bytes(data, "big")
    length = 4 + count + 8 * len(data)
    ending = min(capacity - length, 4)
    stream, length = stream << ending, length + ending
    pad = 8 - length % 8  # as segno writes it: a whole zero codeword when the stream ends on a boundary
    stream, length = stream << pad, length + pad
    words = stream.to_bytes(length // 8, "big") + PADDING[: capacity // 8 - length // 8]
    blocks = [info for info in consts.ECC[version][error] for _ in range(info.num_blocks)]
    shortest, degree = blocks[0].num_data, blocks[0].num_total - blocks[0].num_data  # every block's degree
    total = sum(info.num_data for info in blocks)  # a stream ending on a boundary has one codeword more
    laid = bytearray(total + degree * len(blocks))
    longer, at = bytearray(), 0
    for n, info in enumerate(blocks):
        block = words[at : at + info.num_data]
        laid[n : len(blocks) * shortest : len(blocks)] = block[:shortest]
        laid[total + n :: len(blocks)] = _correction(block, degree)
        longer += block[shortest:]  # the longer blocks' last codewords (each is one longer than the shortest)
        at += info.num_data
    laid[len(blocks) * shortest : total] = longer
    return bytes(laid)


@lru_cache(maxsize=256)
def _correction(block: bytes, degree: int) -> bytes:
    """The Reed-Solomon remainder of ``block``: the register is one integer, its leading coefficient the
    lowest byte (so a step shifts it down, with nothing to cut), and a step is one table look-up.

    A block met lately is looked up: a site's URLs share their beginning (its address, the language, the
    date) and the share bar's end (its utm tags), so a long URL's first and last blocks are mostly ones met.
    """
    table, register = _remainders(degree), 0
    for word in block:
        register = (register >> 8) ^ table[(register & 0xFF) ^ word]
    return register.to_bytes(degree, "little")


@cache
def _remainders(degree: int) -> tuple[int, ...]:
    """For each leading coefficient, the generator's lower terms times it, as one integer of ``degree`` bytes,
    the highest term the lowest byte."""
    consts = _tables()
    exp, log, generator = consts.GALIOS_EXP, consts.GALIOS_LOG, consts.GEN_POLY[degree]
    rows = [0]
    for coefficient in range(1, 256):
        terms = bytes(exp[log[coefficient] + power] for power in generator[:degree])
        rows.append(int.from_bytes(terms, "little"))
    return tuple(rows)


@cache
def _layout(version: int, error: int, mask: int) -> Layout:
    """The function patterns, format and version information of segno's own drawing; the order of data modules."""
    encoder: Any = _segno("encoder")  # segno's functions are not annotated
    size = encoder.calc_matrix_size(version)
    matrix = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(matrix, size, size)
    encoder.add_alignment_patterns(matrix, size, size)
    order = _order(matrix, size)
    encoder.add_format_info(matrix, version, error, mask)
    encoder.add_version_info(matrix, version)
    condition = encoder.get_data_mask_functions(False)[mask]
    length = len(order)  # the laid bits, then the function patterns by columns, then row ends, then zeros
    where = {cell: n for n, cell in enumerate(order)}
    cells = [(i, j) for j in range(size) for i in range(size) if i != APART] + [(APART, j) for j in range(size)]
    at = {cell: where.get(cell, length + n) for n, cell in enumerate(cells)}  # function patterns in this order
    columns = [[at[i, j] for i in range(size)] for j in range(size)]
    ends, zeros = length + size * size, length + size * size + size
    wide = [columns[j] if j >= 0 else [-1] * size for j in _wide(size)]
    constants = "".join("0" if cell in where else "01"[matrix[cell[0]][cell[1]] & 1] for cell in cells)
    masked = bytearray(b"0" * length)
    for cell, n in where.items():
        masked[n] = ord("1") if condition(*cell) else ord("0")
    return Layout(
        size,
        int(masked, 2),
        length,
        constants + "\n" * size + "0" * (8 * size),
        *_by_columns([*columns, list(range(ends, ends + size))], zeros),
        *_by_columns(wide, zeros),
    )


def _by_columns(columns: list[list[int]], zeros: int) -> tuple[Any, Any]:
    """Getters of slices that take ``columns`` (a source index for each row; -1 for a 0) one after another,
    row ``APART`` (a row of function patterns only, in a symbol) kept for the end, and of their rows."""
    size = len(columns[0])
    order = [column[i] for column in columns for i in range(size) if i != APART]
    order += [column[APART] for column in columns]
    order = [zeros + at % (8 * size) if n < 0 else n for at, n in enumerate(order)]
    body = (size - 1) * len(columns)
    rows = (slice(body, None) if i == APART else slice(i - (i > APART), body, size - 1) for i in range(size))
    return itemgetter(*_slices(order)), itemgetter(*rows)


def _slices(indices: list[int]) -> list[slice]:
    """Slices that take ``indices`` in order, each as long a stride as they keep one."""
    steps = [after - before for before, after in pairwise(indices)] + [0]
    found: list[slice] = []
    at, last = 0, len(indices) - 1
    while at <= last:
        start, step, end = indices[at], steps[at] or 1, at
        if steps[at]:
            end += 1
            while end < last and steps[end] == step:
                end += 1
        stop = start + (end - at + 1) * step
        found.append(slice(start, stop if stop >= 0 else None, step))
        at = end + 1
    return found


def _order(matrix: Any, size: int) -> list[tuple[int, int]]:
    """The free modules in the order the message's bits are laid: two-module columns, up and down, right to left."""
    order: list[tuple[int, int]] = []
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1  # the vertical timing pattern's column is skipped
        for vertical in range(size):
            for z in (0, 1):
                j = right - z
                upwards = (right & 2) == 0
                upwards ^= j < 6
                i = (size - 1 - vertical) if upwards else vertical
                if matrix[i][j] == 0x2:
                    order.append((i, j))
    return order
