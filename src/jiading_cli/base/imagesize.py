"""What a local image file holds, read from its first bytes (no image library): its type and, for a PNG, GIF,
JPEG or WebP image, its width and height; or, when it is no image the web shows, what it is instead (an empty
file, a Git LFS pointer, HTML, text, another format, a header cut short).

Only the header is read: the first ``HEAD`` bytes (``PROLOGUE`` of XML whose root element, which opens an SVG
image, comes later), the last ``TAIL`` of a PNG (where its end lies) and, for a JPEG, the few bytes that open
each segment before the one giving its size (``JPEG_SEGMENTS`` at most), each segment's body skipped by its
length. The file is opened without blocking and must be a regular file
(:func:`~jiading_cli.base.files.open_regular`), so a FIFO or a device named as an image never makes a run wait.
"""

from __future__ import annotations

import os
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from jiading_cli.base.files import open_regular

# The type each image extension is served and declared as (feed enclosures, Open Graph, uploads), fixed, so that a
# machine's /etc/mime.types never changes a feed or a page.
MIME = {".avif": "image/avif", ".gif": "image/gif", ".jpeg": "image/jpeg", ".jpg": "image/jpeg", ".png": "image/png"}
MIME |= {".svg": "image/svg+xml", ".webp": "image/webp"}
WEB_KINDS = ("JPEG", "PNG", "GIF", "WebP", "AVIF", "SVG")  # the types every current browser shows
EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".jpe": "JPEG", ".jfif": "JPEG", ".png": "PNG", ".gif": "GIF"}
EXTENSIONS |= {".webp": "WebP", ".avif": "AVIF", ".svg": "SVG"}
HEAD = 512  # bytes read from the start: every signature, and the start of a text or an SVG file
PROLOGUE = 65536  # bytes read from the start of XML, to find its root element
TAIL = 1024  # bytes read from the end of a PNG: its IEND chunk, followed by at most this much else
JPEG_SEGMENTS = 1000  # segments looked through for a JPEG's frame header; past them its size is left unknown
LFS = b"version https://git-lfs.github.com/spec/"
PNG = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"
HEIF = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
VIDEO = {b"isom", b"iso2", b"mp41", b"mp42", b"avc1", b"M4V ", b"qt  ", b"3gp4", b"3gp5", b"dash"}
OTHERS = (  # signatures of formats that are no image the web shows
    (b"BM", "a BMP image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x00\x00\x01\x00", "an ICO icon"),
    (b"\xff\x0a", "a JPEG XL image"),
    (b"\x00\x00\x00\x0cJXL ", "a JPEG XL image"),
    (b"8BPS", "a Photoshop document"),
    (b"%PDF-", "a PDF document"),
    (b"%!PS", "a PostScript document"),
    (b"PK\x03\x04", "a ZIP archive (perhaps an office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)


@dataclass(frozen=True, slots=True)
class Header:
    """What a file's first bytes say: ``kind`` one of ``WEB_KINDS`` when it is an image the web shows (None when
    not); ``found`` what it is, as a message names it ("a PNG image", "a Git LFS pointer (run git lfs pull)")."""

    kind: str | None
    found: str
    size: tuple[int, int] | None = None


def mime_type(name: str) -> str | None:
    return MIME.get(Path(name.split("?", 1)[0]).suffix.lower())


def size(path: Path | str) -> tuple[int, int] | None:
    """(width, height), or None when the file is unreadable, no image, or of a type whose size is not read."""
    try:
        return read_header(path).size
    except OSError:
        return None


def read_header(path: Path | str) -> Header:
    """What the regular file at ``path`` holds. Raises OSError when it cannot be read (missing, not a regular
    file: :class:`~jiading_cli.base.files.NotRegularFile`, no permission)."""
    opened = open_regular(path)
    if opened is None:
        raise FileNotFoundError(2, "No such file or directory", os.fspath(path))
    fd, info = opened
    try:
        return _sniff(_Reader(fd, info.st_size))
    finally:
        os.close(fd)


class _Reader:
    """Reads at given offsets of an open file, never more than asked."""

    def __init__(self, fd: int, length: int) -> None:
        self.fd, self.length = fd, length

    def at(self, offset: int, count: int) -> bytes:
        parts: list[bytes] = []
        while count > 0 and offset < self.length:
            part = os.pread(self.fd, min(count, self.length - offset), offset)
            if not part:
                break
            parts.append(part)
            offset, count = offset + len(part), count - len(part)
        return b"".join(parts)


def _sniff(reader: _Reader) -> Header:
    head = reader.at(0, HEAD)
    if not head:
        return Header(None, "an empty file")
    if head.startswith(PNG):
        return _png(reader, head)
    if head.startswith(b"\xff\xd8\xff"):
        return _jpeg(reader)
    if head[:6] in (b"GIF87a", b"GIF89a"):  # its screen descriptor whole, and its trailer (';') last, as PNG's end
        gif = _measured("GIF", struct.unpack("<HH", head[6:10]) if len(head) >= 13 else None)
        if gif.kind is not None and (reader.length < 14 or reader.at(reader.length - 1, 1) != b";"):
            return Header(None, "a GIF image cut short (its end, the trailer, is missing)", gif.size)
        return gif
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _measured("WebP", _webp(head))
    if head[4:8] == b"ftyp":
        return _iso(head)
    if head.startswith(LFS):
        return Header(None, "a Git LFS pointer (run git lfs pull)")
    for signature, found in OTHERS:
        if head.startswith(signature):
            return Header(None, found)
    xml = head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    if xml and reader.length > len(head) and _root(head.decode("utf-8", "replace")) is None:
        head += reader.at(len(head), PROLOGUE - len(head))  # XML whose root follows a long prologue: read on
    return _text(head, reader.length > len(head))


def _measured(kind: str, dims: tuple[int, int] | None) -> Header:
    article = "an" if kind[0] in "AEIOU" else "a"
    if dims is None:
        return Header(None, f"{article} {kind} image cut short (its header is incomplete or damaged)")
    width, height = int(dims[0]), int(dims[1])
    if width == 0 or height == 0:
        return Header(None, f"{article} {kind} image of {width}×{height} pixels, which shows nothing")
    return Header(kind, f"{article} {kind} image", (width, height))


def _png(reader: _Reader, head: bytes) -> Header:
    if len(head) < 24 or head[12:16] != b"IHDR":
        return _measured("PNG", None)
    found = _measured("PNG", struct.unpack(">II", head[16:24]))
    if found.kind is not None and PNG_END not in reader.at(max(0, reader.length - TAIL), TAIL):
        return Header(None, "a PNG image cut short (its end, the IEND chunk, is missing)", found.size)
    return found


def _jpeg(reader: _Reader) -> Header:
    """The JPEG's size from its frame header (SOFn), each segment before it skipped by its length."""
    offset = 2
    for _ in range(JPEG_SEGMENTS):
        opening = reader.at(offset, 9)
        if len(opening) < 4:
            return _measured("JPEG", None)
        if opening[0] != 0xFF:
            return Header(None, "a JPEG image cut short (its header is incomplete or damaged)")
        marker = opening[1]
        if marker == 0xFF:  # fill bytes before a marker, skipped as one step whatever their number
            offset = _past_fill(reader, offset + 1)
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers that open no segment
            offset += 2
            continue
        if marker in (0xD9, 0xDA):  # the end, or the image data, before any frame header
            return _measured("JPEG", None)
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if len(opening) < 9:
                return _measured("JPEG", None)
            height, width = struct.unpack(">HH", opening[5:9])
            if height == 0 and width:  # a height given after the first lines (a DNL marker): not read here
                return Header("JPEG", "a JPEG image")
            return _measured("JPEG", (width, height))
        length = int.from_bytes(opening[2:4], "big")
        if length < 2:
            return _measured("JPEG", None)
        offset += 2 + length
    return Header("JPEG", "a JPEG image")


def _past_fill(reader: _Reader, offset: int) -> int:
    """The offset of the last of the fill bytes (0xFF) that run on from ``offset``: the one a marker follows."""
    while (chunk := reader.at(offset, 4096)) and (run := len(chunk) - len(chunk.lstrip(b"\xff"))) == len(chunk):
        offset += run
    return offset + (run if chunk else 0) - 1


def _webp(head: bytes) -> tuple[int, int] | None:
    kind = head[12:16]
    if len(head) < (25 if kind == b"VP8L" else 30):
        return None
    if kind == b"VP8X":
        width = int.from_bytes(head[24:27], "little") + 1
        height = int.from_bytes(head[27:30], "little") + 1
        return width, height
    if kind == b"VP8L" and head[20] == 0x2F:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        width = int.from_bytes(head[26:28], "little") & 0x3FFF
        height = int.from_bytes(head[28:30], "little") & 0x3FFF
        return width, height
    return None


def _iso(head: bytes) -> Header:
    """An ISO media file (its ``ftyp`` box first): AVIF, HEIF (HEIC) or a video, by its brands."""
    end = min(len(head), max(16, int.from_bytes(head[:4], "big")))
    brands = {head[8:12], *(head[at : at + 4] for at in range(16, end - 3, 4))}
    if brands & {b"avif", b"avis"}:  # the box after its ftyp (its meta), there and of a size a box has
        after = head[end : end + 8]
        size = int.from_bytes(after[:4], "big")  # 0: to the file's end; 1: a 64-bit size follows
        if len(after) < 8 or not (size in (0, 1) or size >= 8) or not after[4:].isalpha():
            return Header(None, "an AVIF image cut short (its header is incomplete or damaged)")
        return Header("AVIF", "an AVIF image")
    if brands & HEIF:
        return Header(None, "a HEIF (HEIC) image, which most browsers do not show")
    if brands & VIDEO:
        return Header(None, "an MP4 or QuickTime video")
    return Header(None, f"an ISO media file of brand {head[8:12].decode('latin-1')!r}")


def _text(head: bytes, more: bool) -> Header:
    """SVG, HTML, other XML, text or bytes of no known type."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16, with its byte order mark
        head = head[: len(head) // 2 * 2]
        return _marked(head.decode("utf-16", "replace"))
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if not (more and error.start >= len(head) - 3):  # a character cut by the end of what was read
            return Header(None, "data of no image type (not JPEG, PNG, GIF, WebP, AVIF or SVG, nor text)")
        text = head[: error.start].decode("utf-8-sig")
    if "\0" in text:
        return Header(None, "data of no image type (not JPEG, PNG, GIF, WebP, AVIF or SVG, nor text)")
    return _marked(text)


def _marked(text: str) -> Header:
    """SVG, HTML, other XML or other text."""
    root = _root(text)
    if root in ("svg", "svg:svg"):
        return Header("SVG", "an SVG image")
    if root == "html" or text.lstrip().lower().startswith(("<!doctype html", "<head", "<body")):
        return Header(None, "HTML (a web page, perhaps an error page saved under the image's name)")
    if root:
        return Header(None, f"XML whose root element is <{root}>, not <svg>")
    first = text.strip().split("\n", 1)[0].strip()
    if not first:
        return Header(None, "a file of blank lines")
    return Header(None, f"text, starting {first[:40] + ('…' if len(first) > 40 else '')!r}")


def _root(text: str) -> str | None:
    """The name of the root element of an XML text (in lower case), skipping its prologue; None when it opens with
    none, or not within what was read."""
    at = 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if text.startswith("<?", at):
            end = "?>"
        elif text.startswith("<!--", at):
            end = "-->"
        elif text.startswith("<!", at):  # a document type, with its internal subset in [ ] when it has one
            bracket, close = text.find("[", at), text.find(">", at)
            end = "]>" if -1 < bracket < close else ">"
        elif text.startswith("<", at):
            name = re.match(r"[^\s/>]*", text[at + 1 : at + 200])
            return name.group().lower() if name and name.group() else None
        else:
            return None
        close = text.find(end, at + 2)
        if close == -1:
            return None
        at = close + len(end)
