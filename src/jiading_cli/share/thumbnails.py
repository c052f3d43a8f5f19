"""What LinkedIn takes as a post's thumbnail: its Images API takes a JPEG, PNG or GIF image of fewer than
36,152,320 pixels. A lead image of another kind, or larger (a 50-megapixel phone photo), is left out of the post,
which goes without a thumbnail, rather than uploaded for LinkedIn to refuse, which would fail the post in every run.

``validate`` warns by the image's name alone (JD186: a rule's result may follow only from the article and the
config); ``share`` decides by the file's first bytes as they are when it posts."""

from __future__ import annotations

from pathlib import Path

from jiading_cli.base.imagesize import EXTENSIONS, read_header
from jiading_cli.validate.images import extension

KINDS = ("JPEG", "PNG", "GIF")
MAX_PIXELS = 36_152_320  # fewer than this, as the Images API documents it
TAKEN = "LinkedIn takes a JPEG, PNG or GIF image of fewer than 36,152,320 pixels as a post's thumbnail"


def named_problem(ref: str) -> str | None:
    """What the image named ``ref`` is when its name says LinkedIn does not take it ("a WebP image"), else None."""
    kind = EXTENSIONS.get(extension(ref))  # as the image rules read it (kept: they asked it of the same reference)
    return None if kind is None or kind in KINDS else f"a {kind} image"


def file_problem(path: Path) -> str | None:
    """What the image file is when LinkedIn does not take it (its kind, or its size in pixels), by its first bytes;
    None when it does, or when the file says nothing (unreadable, or no image: the upload and JD166 say so)."""
    try:
        header = read_header(path)
    except OSError:
        return None
    if header.kind is None:
        return None
    if header.kind not in KINDS:
        return f"a {header.kind} image"
    if header.size is not None and header.size[0] * header.size[1] >= MAX_PIXELS:
        width, height = header.size
        return f"{width}×{height} pixels ({width * height:,})"
    return None
