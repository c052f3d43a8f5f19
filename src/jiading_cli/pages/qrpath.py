"""The path of a symbol's dark runs from its rows packed seven modules to a byte, one look-up a byte.

:func:`jiading_cli.pages.qrcode.path` cuts the text of a symbol into stretches with a regular expression,
which reads every module one by one. A symbol made by the fast path is instead packed as bytes: a row is a
byte holding its number, then bytes of seven modules each (light modules before the first make up the
width). What a byte writes depends on its modules and on what came before it: how many modules the run that
reaches it already has (read from the byte before it by ``bytes.translate``), or that it begins or ends a
row. So each byte is one look-up in a table of the keys met so far, and the path is their join. A run longer
than a byte is written as its parts (``#7+``), added afterwards; a row without a dark module is dropped.
"""

from __future__ import annotations

import re
import struct
from functools import cache
from typing import cast

WIDE = 7  # modules a byte holds, below its top bit (0)
HEADER = 14  # the state of a row's first byte, which holds the row's number
START = 15  # plus the light modules before a row's first module: the state of a row's first modules
LAST = 0x20  # added to the state of a row's last modules
EMPTY = re.compile(r"M\d+ \d+\.5(?=M|\Z)")  # the start of a row with no dark module
NUMBER = re.compile(r"(m?)(\d*)")


def geometry(size: int) -> tuple[int, int]:
    """Bytes a row of ``size`` modules takes (with its number's), and the light modules before its first."""
    bytes_ = -(-size // WIDE)
    return 1 + bytes_, bytes_ * WIDE - size


def draw(packed: bytes, width: int, border: int) -> str:
    """The path :func:`jiading_cli.pages.qrcode.path` writes, of rows (fewer than 256) of ``width`` modules
    packed as :func:`geometry` says.

    Each byte's key is its modules (low byte) and its state (high byte): for a byte within a row the state of
    the byte before it (``STATE``), else ``HEADER``, ``START`` plus the light modules, or for a row's second byte
    the state of its first counted from the row's first module; a row's last byte has ``LAST`` added.
    """
    per, pad = geometry(width)
    keys = bytearray(2 * len(packed))
    keys[0::2] = packed
    keys[3::2] = packed[:-1].translate(STATE)
    step = 2 * per
    numbers, headers, starts = _frame(len(packed) // per, pad)
    keys[0::step] = numbers
    keys[1::step] = headers
    keys[3::step] = starts
    if pad and per > 2:  # a row of more than one byte of modules
        keys[5::step] = packed[1::per].translate(_first(pad))
    keys[step - 1 :: step] = keys[step - 1 :: step].translate(ENDING)
    found = _unpack(len(packed)).unpack(keys)
    table = cast("list[str]", _table(border))  # a key not met before is None, which join refuses
    try:
        drawn = "".join(map(table.__getitem__, found))
    except TypeError:
        for key in set(found):
            if _table(border)[key] is None:
                table[key] = _piece(key, border)
        drawn = "".join(map(table.__getitem__, found))
    if "#" in drawn:
        drawn = _added(drawn)
    if ".5M" in drawn or drawn.endswith(".5"):
        drawn = EMPTY.sub("", drawn)
    return drawn


def _state(byte: int) -> int:
    """The last module (0 light, 1 dark) and, doubled, the modules of its run in the byte, less one."""
    modules = f"{byte:07b}"
    run = len(modules) - len(modules.rstrip(modules[-1]))
    return (byte & 1) + 2 * (run - 1)


STATE = bytes(_state(byte) if byte < 1 << WIDE else 0 for byte in range(256))
ENDING = bytes((byte | LAST) & 0xFF for byte in range(256))


@cache
def _first(pad: int) -> bytes:
    """``STATE`` of a row's first byte, whose light run counts from the row's first module."""
    table = bytearray(STATE)
    for byte in range(1 << WIDE):
        light, run = not byte & 1, (STATE[byte] >> 1) + 1
        if light and run > WIDE - pad:
            table[byte] = 2 * (WIDE - pad - 1)
    return bytes(table)


@cache
def _frame(rows: int, pad: int) -> tuple[bytes, bytes, bytes]:
    return bytes(range(rows)), bytes([HEADER]) * rows, bytes([START + pad]) * rows


@cache
def _unpack(count: int) -> struct.Struct:
    return struct.Struct(f"<{count}H")


@cache
def _table(border: int) -> list[str | None]:
    """What each key writes, filled as keys are met (a key is below 64 * 256)."""
    return [None] * (64 << 8)


def _piece(key: int, border: int) -> str:
    """What the byte of ``key`` writes: ``m<light> 0h`` where a dark run begins, its length where it ends."""
    byte, state = key & 0xFF, key >> 8
    if state == HEADER:
        return f"M{border} {byte + border}.5"
    last, state = state & LAST, state & ~LAST
    if state >= START:
        before, dark = START - state, 0  # the light modules before the row's first: from where the row begins
    else:
        before, dark = (state >> 1) + 1, state & 1
    written, at, moved = "", -before, False
    for x in range(WIDE):
        module = (byte >> (WIDE - 1 - x)) & 1
        if module != dark:
            written += f"m{x - at} 0h" if module else f"{x - at}"
            at, dark, moved = x, module, True
    if last:
        return written + (f"{WIDE - at}" if dark else "")  # a row's trailing light modules are not written
    return written if moved or before <= 0 else f"#{before}+"  # the run goes on: its part so far


def _added(drawn: str) -> str:
    """``drawn`` with each run's parts (``#a+#b+``) added to the number after them, or dropped at a row's end."""
    parts = drawn.split("#")
    written, carried = [parts[0]], 0
    for part in parts[1:]:
        number, rest = part.split("+", 1)
        carried += int(number)
        if rest:
            found = NUMBER.match(rest)
            assert found is not None  # it matches any text
            written.append(f"{found[1]}{carried + int(found[2])}{rest[found.end() :]}" if found[2] else rest)
            carried = 0
    return "".join(written)
