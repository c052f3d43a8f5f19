"""The path of a symbol's dark runs from its rows packed seven modules to a byte, one look-up a byte.

Read module by module, a path costs a step per module. Here a symbol's rows are packed as bytes instead: a
row is a byte holding its number, then bytes of seven modules each (light modules before the first make up
the width). What a byte writes depends on its modules and on the run that reaches it: its colour and how
many modules it already has, which the two bytes before it tell (each read by ``bytes.translate``, the two
joined by one more), counted from the row's start in a row's first bytes. A row's number ends the row
before it. So each byte is one look-up in a table of the keys met so far, and the path is their join. A run
over more than two bytes is written as its parts (``#7+``) and added afterwards; a row without a dark module
is dropped.
"""

from __future__ import annotations

import re
import struct
from functools import cache
from typing import cast

WIDE = 7  # modules a byte holds, below its top bit (0)
CHAIN = 2 * (2 * WIDE - 1)  # plus the run's colour: a run over the two bytes before and more
START = CHAIN + 2  # plus the light modules before a row's first module: the state of a row's first modules
HEADER = START + WIDE  # plus what the row before ends with: 0 light, else its dark run (as CHAIN counts it)
EMPTY = re.compile(r"M\d+ \d+\.5(?=M|\Z)")  # the start of a row with no dark module
NUMBER = re.compile(r"(m?)(\d*)")


def geometry(size: int) -> tuple[int, int]:
    """Bytes a row of ``size`` modules takes (with its number's), and the light modules before its first."""
    bytes_ = -(-size // WIDE)
    return 1 + bytes_, bytes_ * WIDE - size


def draw(packed: bytes, width: int, border: int) -> str:
    """The path :func:`jiading_cli.pages.qrcode.path` writes, of rows (at most 255) of ``width`` modules
    packed as :func:`geometry` says, each row's first byte 0.

    Each byte's key is its modules (low byte) and its state (high byte): the colour and length of the run
    that reaches it, from the two bytes before it (``STATE``, then ``JOINED``), counted from the row's first
    module for a row's first three bytes; a row's number has ``HEADER`` plus the run the row before ends
    with, and one more such byte (number 255) ends the last row.
    """
    per, pad = geometry(width)
    rows = len(packed) // per
    packed += b"\0"
    states = packed.translate(STATE)
    count = len(packed)
    keys = bytearray(2 * count)
    keys[0::2] = packed
    joined = (int.from_bytes(states[1:-1], "big") << 4) | int.from_bytes(states[:-2], "big")
    keys[5::2] = joined.to_bytes(count - 2, "big").translate(JOINED)
    step = 2 * per
    numbers, starts = _frame(rows, pad)
    keys[0::step] = numbers
    keys[1::step] = keys[1::step].translate(HEADING)
    keys[1] = HEADER
    keys[3::step] = starts
    if per > 2:  # a row of more than one byte of modules
        first = packed[1::per].translate(_first(pad))
        keys[5::step] = first
        if pad and per > 3:
            second = int.from_bytes(packed[2::per].translate(STATE), "big") << 4
            keys[7::step] = (second | int.from_bytes(first, "big")).to_bytes(rows, "big").translate(JOINED)
    found = _unpack(count).unpack(keys)
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
    if bytes(per) in packed:  # maybe a row without a dark module (its first byte is 0, as the row's number)
        drawn = EMPTY.sub("", drawn)
    return drawn


def _state(byte: int) -> int:
    """The last module (0 light, 1 dark) and, doubled, the modules of its run in the byte, less one."""
    modules = f"{byte:07b}"
    run = len(modules) - len(modules.rstrip(modules[-1]))
    return (byte & 1) + 2 * (run - 1)


def _joined(pair: int) -> int:
    """The state of a byte from ``STATE`` of the byte before it (high half) and of the one before that."""
    last, before = pair >> 4, pair & 0xF
    if last >> 1 < WIDE - 1 or (last ^ before) & 1:
        return last  # the run begins in the byte before
    if before >> 1 < WIDE - 1:
        return last + 2 * ((before >> 1) + 1)  # or in the one before that
    return CHAIN + (last & 1)


def _heading(state: int) -> int:
    """A row's number's state: ``HEADER`` plus the dark run the row before ends with (0 if it ends light)."""
    if state >= CHAIN:
        return HEADER + (2 * WIDE if state & 1 else 0)
    return HEADER + ((state >> 1) + 1 if state & 1 else 0)


STATE = bytes(_state(byte) if byte < 1 << WIDE else 0 for byte in range(256))
JOINED = bytes(_joined(pair) if pair < (CHAIN << 4) else 0 for pair in range(256))
HEADING = bytes(_heading(state) if state < START else 0 for state in range(256))


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
def _frame(rows: int, pad: int) -> tuple[bytes, bytes]:
    return bytes(range(rows)) + b"\xff", bytes([START + pad]) * rows


@cache
def _unpack(count: int) -> struct.Struct:
    return struct.Struct(f"<{count}H")


@cache
def _table(border: int) -> list[str | None]:
    """What each key writes, filled as keys are met (a key is below 64 * 256)."""
    return [None] * (64 << 8)


def _piece(key: int, border: int) -> str:
    """What the byte of ``key`` writes: ``m<light> 0h`` where a dark run begins, its length where it ends; a
    row's number writes the end of the row before and the start of its own."""
    byte, state = key & 0xFF, key >> 8
    if state >= HEADER:
        ended = f"{state - HEADER}" if state > HEADER else ""
        return ended + (f"M{border} {byte + border}.5" if byte < 0xFF else "")
    if state >= START:
        before, dark = START - state, 0  # the light modules before the row's first: from where the row begins
    elif state >= CHAIN:
        before, dark = 2 * WIDE, state & 1
    else:
        before, dark = (state >> 1) + 1, state & 1
    written, at = "", -before
    for x in range(WIDE):
        module = (byte >> (WIDE - 1 - x)) & 1
        if module != dark:
            written += f"m{x - at} 0h" if module else f"{x - at}"
            at, dark = x, module
    if written or before <= WIDE:
        return written
    return f"#{before - WIDE}+"  # the run goes on over this byte: its part the next bytes do not see


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
