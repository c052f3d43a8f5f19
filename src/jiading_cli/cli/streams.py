"""The process's standard streams, made safe to write whatever lies at their other end.

A command's results go to stdout and its problems to stderr. Either may be closed when jiading starts
(``jiading build >&-``), or fail while it runs: a pipe whose reader has gone (``jiading rule | head -1``), a full
disk (``jiading list > /dev/full``), an I/O error. None of that ends a command in a traceback, and none of it stops
the command's work half-way: what cannot be written is dropped, the command finishes as it would, and
:func:`failure` says what became of its output (see ``docs/exit-codes.md``).

A standard file descriptor that is closed when jiading starts is opened on ``/dev/null`` first: otherwise the
first file the command opened would take its number, and whatever was written to that stream would land in
the file (an output page, a feed).
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import select
import sys
from contextlib import suppress
from typing import TYPE_CHECKING, TextIO

from jiading_cli.base.printable import printable

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

__all__ = ["failure", "guard"]


class Guarded(io.RawIOBase):
    """A standard stream's file descriptor: every write succeeds as far as the writer knows; the first that
    fails is kept in :attr:`failed`, and nothing more is written after it."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd
        self.failed: OSError | None = None

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        return os.isatty(self.fd)

    def write(self, data: ReadableBuffer, /) -> int:
        view = memoryview(data).cast("B")
        size = len(view)
        while view and self.failed is None:
            try:
                view = view[os.write(self.fd, view) :]
            except BlockingIOError:  # a stream left non-blocking by another program: wait until it takes more
                select.select([], [self.fd], [])
            except OSError as exc:
                self.failed = exc
        return size


def _opened(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def escaped(failure: UnicodeError) -> tuple[str, int]:
    """The error handler of a stream whose encoding cannot write every character (``PYTHONIOENCODING=latin-1``, a
    terminal in ISO-8859-1 or Windows-1252): each character it cannot write as JSON's escape of it, ``\\uXXXX``
    (a character beyond U+FFFF as two, its UTF-16 pair), never a traceback. In a line of text it reads as the
    character's number, as :func:`~jiading_cli.base.printable.printable` writes a control character; inside a JSON
    string, where every character a command's JSON holds beyond ASCII stands, it reads back as the same text, so
    ``--json`` stays one valid document with the exact strings."""
    if not isinstance(failure, UnicodeEncodeError):
        raise failure
    units = failure.object[failure.start : failure.end].encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{units[at]:02x}{units[at + 1]:02x}" for at in range(0, len(units), 2)), failure.end


def bytes_named(failure: UnicodeError) -> tuple[str, int]:
    """The error handler of stderr: a byte not UTF-8 that reaches it unescaped (a lone surrogate, U+DC80 to U+DCFF,
    as Python reads such a byte of an argument, a variable or a file name) as the byte, ``\\xff``, as every message
    shows it (:func:`~jiading_cli.base.printable.printable`), never ``\\udcff``; any other character the stream
    cannot write as :func:`escaped` writes it."""
    if not isinstance(failure, UnicodeEncodeError):
        raise failure
    shown = []
    for char in failure.object[failure.start : failure.end]:
        if 0xDC80 <= ord(char) <= 0xDCFF:
            shown.append(printable(char))
        else:
            shown.append(escaped(UnicodeEncodeError(failure.encoding, char, 0, 1, failure.reason))[0])
    return "".join(shown), failure.end


codecs.register_error("jiading-escape", escaped)
codecs.register_error("jiading-bytes", bytes_named)


PROBE = ("Error: " + "x" * 70 + ".. a/b.md\tc + - ~ \\ 'q'\n", "2026-01-02\tdone\n")
"""Lines as a command writes them, each written on its own: long words, dots, spaces, tabs, quotes, '+' and '-'."""


def _writes_text(encoding: str, errors: str) -> bool:
    """Whether a stream in ``encoding`` writes text as text: lines written one by one (:data:`PROBE`) read back as
    the same lines, and a character beyond ASCII is written somehow (as itself or as ``errors`` writes it). A codec
    Python takes for a text encoding that writes no such thing (``PYTHONIOENCODING=idna``, which refuses a label
    longer than 63 characters and any error handler; ``undefined``, which writes nothing; ``punycode``, which ends
    each write with a '-') is replaced by UTF-8, so that no line of a command is lost or garbled in it, nor the
    process ended by Python's "lost sys.stderr"."""
    try:
        encoder = codecs.getincrementalencoder(encoding)(errors)
        written = b"".join(encoder.encode(line) for line in PROBE) + encoder.encode("", final=True)
        encoder.encode("\u91d1\U0001f600\n")
        read = codecs.getincrementaldecoder(encoding)("strict").decode(written, final=True)
    except Exception:  # noqa: BLE001 - a codec may raise anything for text it was never made for
        return False
    return bool(read == "".join(PROBE))


def _text(fd: int, was: TextIO | None) -> TextIO:
    """A text stream over :class:`Guarded` ``fd``, encoded and buffered as Python made the stream it replaces, but
    for its encoding's limits: an ASCII stream (``PYTHONIOENCODING=ascii``) writes UTF-8, as the command line's
    library (click) writes every line it is given to such a stream, so that all of a command's output is in one
    encoding; any other that cannot write every character writes those it cannot as :func:`escaped` does, and stderr
    a byte not UTF-8 as :func:`bytes_named` does."""
    raw = Guarded(fd)
    encoding = was.encoding if was is not None else "utf-8"
    errors = (was.errors if was is not None else None) or "strict"
    name = codecs.lookup(encoding).name
    if name == "ascii":
        encoding = "utf-8"
    elif not name.startswith("utf-"):
        errors = "jiading-escape"
    if not _writes_text(encoding, "jiading-bytes" if fd == 2 else errors):
        encoding = "utf-8"
    if fd == 2:  # problems are read by people: a byte not UTF-8 in one shown as every message shows it
        errors = "jiading-bytes"
    lines = bool(was.line_buffering) if was is not None else False
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding=encoding, errors=errors, line_buffering=lines)


def guard() -> None:
    """Open every closed standard descriptor on ``/dev/null``; write stdout and stderr through :class:`Guarded`."""
    for fd in (0, 1, 2):
        if not _opened(fd):
            found = os.open(os.devnull, os.O_RDWR)
            if found != fd:
                os.dup2(found, fd)
                os.close(found)
    if sys.stdin is None:
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115  # the process's, for its whole life
    for name, fd in (("stdout", 1), ("stderr", 2)):
        was = getattr(sys, name)
        if was is not None:
            with suppress(OSError, ValueError):
                was.flush()
        setattr(sys, name, _text(fd, was))


def _failed(stream: object) -> OSError | None:
    buffer = getattr(stream, "buffer", None)
    raw = getattr(buffer, "raw", None)
    return raw.failed if isinstance(raw, Guarded) else None


def failure(status: int) -> int:
    """The exit status once the output is flushed: ``status``, or 1 for a command that succeeded but whose results
    could not be written to stdout (said in one line on stderr). A pipe whose reader has gone before the end
    (``| head``) is no failure: its reader chose to stop reading, and the status says what the command found."""
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):
            stream.flush()
    lost = _failed(sys.stdout)
    if lost is None or lost.errno == errno.EPIPE:
        return status
    reason = lost.strerror or str(lost)
    sys.stderr.write(f"Error: the command's output could not be written to stdout: {reason}\n")
    sys.stderr.flush()
    return status or 1
