"""An article file's bytes and text: read only from regular files within the size limit, decoded as UTF-8,
and split into front matter and body. Any input gives text or a located problem; nothing blocks.

A loaded article's body may be held as :class:`Kept`: read again from its file each time it is wanted, and
used only when the file's bytes are still the ones it was loaded (and checked) from.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from jiading_cli.base.encodings import expected_utf8
from jiading_cli.base.printable import CONTROL, printable
from jiading_cli.content import limits
from jiading_cli.model.article import digest
from jiading_cli.model.errors import Problem, Raced, describe

OPENING = re.compile(r"---[ \t]*\n")
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u00a0"  # what a line may hold that no editor shows
CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
AGAIN = "after this run checked it; run the command again"
READ_MORE = 1 << 16  # bytes read at a time from a file that grew after its stat


class Unreadable(Exception):
    """The file cannot be read as an article; the message says why, as a user reads it, under rule ``code``."""

    def __init__(self, message: str, code: str = "JD100") -> None:
        super().__init__(message)
        self.code = code


class Changed(Raced):
    """An article's file is no longer what it was when it was loaded and checked: nothing is made from it."""


class Recent:
    """The body read last, shared by the bodies of one load: a page reads its article's body for its key and
    again to render it, one after the other, and the file is read once. It holds at most one body."""

    __slots__ = ("last",)

    def __init__(self) -> None:
        self.last: tuple[Kept, str] | None = None


@dataclass(slots=True, eq=False)
class Kept:
    """An article's body held as where it is read again: the file (its path as loaded, and as shown), the size
    and digest of the bytes the article was loaded from, and the body's length. Each :meth:`read` gives the body
    only from those very bytes (:class:`Changed` otherwise): their text, which ends with the body the loader
    split from it, read from the file or, when this body was the last one read, held by its load's
    :class:`Recent`."""

    name: str
    shown: str
    digest: bytes
    size: int
    length: int  # of the body, in characters
    recent: Recent | None = field(default=None, repr=False)  # never stored: each load gives its own

    def __reduce__(self) -> tuple[type[Kept], tuple[str, str, bytes, int, int]]:
        return Kept, (self.name, self.shown, self.digest, self.size, self.length)

    def read(self) -> str:
        recent = self.recent
        last = None if recent is None else recent.last
        if last is not None and last[0] is self:
            return last[1]
        raw = self._bytes()
        if raw is None or digest(raw) != self.digest:
            raise Changed(f"{self.shown}: the file changed {AGAIN}")
        text, _ = decode(raw, self.shown)
        if text is None or len(text) < self.length:  # pragma: no cover - the bytes it was loaded from decode alike
            raise Changed(f"{self.shown}: the file cannot be read as it was {AGAIN}")
        body = text[len(text) - self.length :]
        if recent is not None:
            recent.last = (self, body)
        return body

    def _bytes(self) -> bytes | None:
        """The file's bytes when it is still a regular file of the same size (one read: a larger file gives
        more bytes than expected); None otherwise. Opened without blocking, as :func:`read_file` opens it."""
        try:
            handle = os.open(self.name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        except (OSError, ValueError) as exc:
            raise Changed(f"{self.shown}: {_reason(exc)} {AGAIN}") from None
        try:
            info = os.fstat(handle)
            if not stat.S_ISREG(info.st_mode) or info.st_size != self.size:
                return None
            raw = os.read(handle, self.size + 1)
        except OSError as exc:
            raise Changed(f"{self.shown}: {_reason(exc)} {AGAIN}") from None
        finally:
            os.close(handle)
        return raw if len(raw) == self.size else None


@dataclass(frozen=True, slots=True)
class Read:
    info: os.stat_result  # taken before reading, so that a later change always shows
    data: bytes


def kind(mode: int) -> str:
    """What a file that is not a regular file is, in words, as every message names it."""
    from jiading_cli.base.filekinds import kind as named

    return named(mode)


def read_file(path: str | os.PathLike[str]) -> Read:
    """The bytes of a regular file of at most ``limits.FILE_BYTES``; :class:`Unreadable` otherwise.

    Opened without blocking (a FIFO with no writer opens at once) and checked with ``fstat`` on the open
    file, so a pipe, a device (``/dev/zero``) or a folder is refused before anything is read from it.
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except (OSError, ValueError) as exc:
        raise Unreadable(_unopened(path, exc)) from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(f"expected a regular file, found {kind(info.st_mode)}")
        if info.st_size > limits.FILE_BYTES:
            raise Unreadable(_too_large(info.st_size), "JD108")
        parts = [os.read(handle, info.st_size + 1)]
        size = len(parts[0])
        while parts[-1]:
            if size > limits.FILE_BYTES:
                raise Unreadable(_too_large(size), "JD108")
            parts.append(os.read(handle, READ_MORE))
            size += len(parts[-1])
        return Read(info, parts[0] if len(parts) == 2 else b"".join(parts))
    except OSError as exc:
        raise Unreadable(_reason(exc)) from None
    finally:
        os.close(handle)


def _unopened(path: str | os.PathLike[str], exc: OSError | ValueError) -> str:
    """Why ``path`` could not be opened: what stands there when no file could be opened at all (a socket, a device
    without its driver: ``ENXIO``), named as a FIFO is; else the system's reason."""
    if isinstance(exc, OSError) and exc.errno == errno.ENXIO:
        with contextlib.suppress(OSError, ValueError):
            if not stat.S_ISREG(mode := Path(path).stat().st_mode):
                return f"expected a regular file, found {kind(mode)}"
    if isinstance(exc, OSError) and exc.errno in (errno.ENOENT, errno.ELOOP):
        with contextlib.suppress(OSError, ValueError):  # a link named as an article, to nothing or round a loop
            if (link := Path(path)).is_symlink():
                if exc.errno == errno.ELOOP:
                    return "cannot read the file: it is a loop of symbolic links"
                return f"cannot read the file: it is a symbolic link to nothing ({str(link.readlink())!r} is missing)"
    return _reason(exc)


def stat_file(path: str) -> os.stat_result | None:
    """The stat of a file an article names, following links; None when missing or not a possible path (NUL)."""
    try:
        return Path(path).stat()
    except (OSError, ValueError):
        return None


def shown_path(path: str) -> str:
    """A path as messages show it: bytes of a file name that are not UTF-8 written as ``\\xff``, control
    characters as ``\\n`` or ``\\x1b`` (:func:`~jiading_cli.base.printable.printable`)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        path = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return printable(path)


def name_problem(stem: str, path: str = "") -> str | None:
    """What is wrong with an article file's name (``stem``), or the name of a folder it is in (the folders of
    ``path``, its path from the site's folder), for messages to show it as it is; None: nothing. A message shows
    such a name escaped, so a file the article names beside it would be looked for under another name: never found.
    """
    wrong = _named_wrong(stem, "file")
    folders = path.rpartition("/")[0]
    if wrong is None and folders and not (folders.isascii() and folders.isprintable()):
        for folder in folders.split("/"):
            if (wrong := _named_wrong(folder, "folder", folder)) is not None:
                break
    return wrong


SHOWN_BYTES = " (shown as \\x..)"  # where a name whose bytes are not UTF-8 is not named in the message


def _named_wrong(name: str, kind: str, shown: str | None = None) -> str | None:
    """What is wrong with the name of a file or folder for a message to show it as it is."""
    what = SHOWN_BYTES if shown is None else f" ({shown_path(shown)})"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return f"expected a {kind} name in UTF-8, found other bytes{what}; rename the {kind}"
    found = CONTROL.search(name)
    if found is not None:
        what = "" if shown is None else what
        return f"expected a {kind} name without control characters, found U+{ord(found.group()):04X}{what}; " + (
            f"rename the {kind}"
        )
    return None


def _reason(exc: OSError | ValueError) -> str:
    if isinstance(exc, ValueError):
        return "cannot read the file: its name holds a NUL character"
    return f"cannot read the file: {exc.strerror or exc}"


def _too_large(size: int) -> str:
    return f"expected a file of at most {limits.FILE_BYTES:,} bytes, found {size:,}; split the article"


def _problem(path: str, line: int, code: str, message: str) -> Problem:
    return Problem(path, line, code, "error", "", message)


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text with BOM removed and line ends made LF, or a located problem (naming UTF-16 or UTF-32 when the
    file is in one)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if (wide := expected_utf8(raw)) is not None:
        return None, [_problem(path, 1, "JD100", wide)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        found = raw[exc.start : exc.start + 1].hex()
        message = f"expected UTF-8 text, found byte 0x{found}{_legacy(raw)}"
        return None, [_problem(path, line_of(raw, exc.start), "JD100", message)]
    if "\x00" in text:
        at = raw.index(b"\x00")
        return None, [_problem(path, line_of(raw, at), "JD100", "expected a text file, found a NUL byte")]
    return (text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text), []


def line_of(raw: bytes, at: int) -> int:
    """The line (from 1) of byte ``at`` of an article's bytes, its lines ended as the loader ends them (a line feed,
    CRLF or a carriage return alone, as an old Mac editor saves), so that a problem found before the text is
    decoded is said on the line every later one counts from and an editor shows."""
    head = raw[:at]
    if b"\r" in head:
        head = head.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return head.count(b"\n") + 1


LEGACY = (
    ("gb2312", "GBK (GB 18030) Chinese text"),  # pairs of bytes past 0xA0: what no Latin text with a lone accent is
    ("shift_jis", "Shift JIS (Japanese) text"),  # only with kana, which Japanese text has and Latin never reads as
    ("cp1252", "Windows-1252 (Western European) text, as Word and older Windows editors save it"),
    ("big5", "Big5 (Traditional Chinese) text"),
    ("gb18030", "GBK (GB 18030) Chinese text"),
)
"""The encodings an article not in UTF-8 is likely in, the most telling first: each names the file only when its
bytes decode in it to the script it is for (a German file's 'ße' or 'üb' is no GB 2312 pair; a GBK file read as
Windows-1252 is half symbols), so a file is never told it is Chinese because GB 18030 reads nearly any bytes."""
LATIN = "\u201c\u201d\u2018\u2019\u201e\u2013\u2014\u2026\u2022\u20ac\u00a0"  # the punctuation Word types


def _fits(codec: str, char: str) -> bool:
    """Whether ``char`` (not ASCII) is one text in ``codec`` holds: a Latin letter or its punctuation, or CJK."""
    if codec == "cp1252":
        return char in LATIN or (0xC0 <= ord(char) <= 0x17F and unicodedata.category(char).startswith("L"))
    return 0x3000 <= ord(char) <= 0x9FFF or 0xFF00 <= ord(char) <= 0xFFEF  # CJK, kana, full-width forms


def _legacy(raw: bytes) -> str:
    """A hint naming the encoding the bytes are likely in (:data:`LEGACY`), or ''; for bytes that are UTF-8 but
    for a flaw (:func:`_flawed_utf8`), what the flaw is instead: their bytes beyond ASCII often read as
    Windows-1252 letters too, and the file is not in it."""
    if raw.isascii() or b"\x00" in raw:
        return ""
    flaw = _flawed_utf8(raw)
    if flaw is not None:
        return flaw
    for codec, name in LEGACY:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        wide = [char for char in text if ord(char) > 0x7F]
        if codec == "shift_jis" and not any(0x3040 <= ord(char) <= 0x30FF for char in wide):
            continue
        if sum(_fits(codec, char) for char in wide) >= 0.9 * len(wide):
            return f"; the file looks like {name}: save it as UTF-8 in your editor"
    return ""


def _flawed_utf8(raw: bytes) -> str | None:
    """For bytes that are UTF-8 but for a few places, what is wrong there; else None. A surrogate (U+D800 to
    U+DFFF) written as UTF-8 bytes, as Java's modified UTF-8 and CESU-8 write characters beyond U+FFFF, is named;
    otherwise bytes whose characters beyond ASCII are two in three UTF-8 are a UTF-8 file with a byte that is no
    character (one cut in two, or pasted from a file in another encoding), not a file in another encoding."""
    try:
        raw.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        pass
    else:
        return (
            "; it is a surrogate (U+D800 to U+DFFF) written as UTF-8 bytes, which UTF-8 does not allow (Java's "
            "modified UTF-8 and CESU-8 write characters so): write the character itself, saved as UTF-8"
        )
    text = raw.decode("utf-8", "replace")
    flaws = text.count("\ufffd") - raw.count("\ufffd".encode())
    read = sum(1 for char in text if ord(char) > 0x7F) - flaws
    if read >= 2 * flaws:
        return (
            "; the rest of the file is UTF-8: that byte is no character (one cut in two, or pasted from a file in "
            "another encoding)"
        )
    return None


def split(text: str, path: str) -> tuple[str, str, int] | Problem:
    """(front matter, body, line where the body starts), or why the file has no usable front matter."""
    if not text.strip():
        return _problem(path, 1, "JD102", "empty file; expected front matter between '---' lines")
    opening = OPENING.match(text)
    if not opening:
        return _problem(path, 1, "JD102", _not_opened(text))
    closing = CLOSING.search(text, opening.end())
    if not closing:
        return _problem(path, 1, "JD102", "front matter is never closed; expected a '---' line after it")
    front = text[opening.end() : closing.start()]
    if len(front) > limits.FRONT_CHARACTERS:
        message = f"expected front matter of at most {limits.FRONT_CHARACTERS:,} characters, found {len(front):,}"
        return _problem(path, 2, "JD108", message)
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, body_start) + 1
    return front, text[body_start:], body_line


def _not_opened(text: str) -> str:
    """Why a file does not open its front matter, naming its first line as it is (an invisible character before
    the ``---``, a second byte-order mark, shown as an escape), and TOML's ``+++`` as what it is."""
    first = text.split("\n", 1)[0]
    message = f"expected the file to start with a '---' line opening the front matter, found {describe(first)}"
    if first.strip() == "---" and "\n" not in text:  # the opening line alone, the file ending with it
        return "front matter is never closed: the file is its opening '---' alone; expected the fields and a '---' line"
    if first.rstrip() == "+++":
        return message + " (TOML front matter, as Hugo writes it: write the fields as YAML between '---' lines)"
    if first.strip() != "---" and first.strip().strip(INVISIBLE) == "---":
        return message + "; remove what is before the '---'"
    return message
