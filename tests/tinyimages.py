"""Real, tiny images of each type the web shows, for tests that publish a file named as an image (``JD166``
reads every such file's header: ``b"fake"`` written to ``photo.png`` is an error)."""

from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(width: int = 1, height: int = 1) -> bytes:
    """A white PNG image of ``width`` × ``height`` pixels (8-bit greyscale)."""
    rows = b"".join(b"\x00" + b"\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b"")


def noisy_png(width: int, height: int, seed: int = 0) -> bytes:
    """A PNG image of ``width`` × ``height`` pixels of noise (8-bit greyscale): about as many bytes as pixels."""
    import random

    pixels = random.Random(seed)
    rows = b"".join(b"\x00" + pixels.randbytes(width) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b"")


def png_header(width: int, height: int) -> bytes:
    """A PNG file of ``width`` × ``height`` pixels as a header reads it, its pixel data empty: a size no test need
    make (a 50-megapixel photo) for code that reads the header alone."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"")) + _chunk(b"IEND", b"")


PNG = png_bytes()
JPEG = base64.b64decode(  # 1 × 1, baseline
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////"
    "////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA="
)
GIF = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")  # 1 × 1
WEBP = base64.b64decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")  # 1 × 1, lossless
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'
AVIF = (  # the boxes that open an AVIF file: ftyp, then meta (its header is all that is read)
    b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x00\x00\x00\x0cmeta\x00\x00\x00\x00"
)

BY_SUFFIX = {".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".gif": GIF, ".webp": WEBP, ".svg": SVG, ".avif": AVIF}


def image_bytes(name: str | Path) -> bytes:
    """A tiny image of the type ``name``'s suffix gives."""
    return BY_SUFFIX[Path(name).suffix.lower()]


def write_image(path: Path) -> Path:
    """Write a tiny image of the type ``path``'s suffix gives (its folder made), and return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(image_bytes(path))
    return path
