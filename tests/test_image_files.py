"""JD166 and JD167: a local file named as an image is an image the web shows, of the type its name gives.

Each non-image (an empty file, a Git LFS pointer, HTML, text, a header of each format cut short, another
format, random bytes, one format under another's name) gives exactly one line naming the file, the line, the
field and what was found; a real image of each type gives none; only the header of a large file is read; and a
picture replaced by an LFS pointer is reported by the next validate and build though no article changed.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Site, front, untimed
from jiading_cli.base import imagesize
from jiading_cli.base.imagesize import read_header, size
from tinyimages import AVIF, GIF, JPEG, PNG, SVG, WEBP, image_bytes, png_bytes

LFS = b"version https://git-lfs.github.com/spec/v1\noid sha256:4d7a2146\nsize 123456\n"
EXPECTED = "to be a JPEG, PNG, GIF, WebP, AVIF or SVG image, found "
IMAGE_LINE = 6  # front(image=…): id, title, date, summary, then image
OFF = {"JIADING_CACHE": "off"}

# (what the file holds, what the message says was found)
NOT_IMAGES: list[tuple[bytes, str]] = [
    (b"", "an empty file"),
    (LFS, "a Git LFS pointer (run git lfs pull)"),
    (b"<!DOCTYPE html>\n<html><body>404 Not Found</body></html>\n", "HTML (a web page, perhaps an error page"),
    (b"\xef\xbb\xbf<html lang=en><head><title>Error</title>", "HTML (a web page"),
    (b"Not Found\n", "text, starting 'Not Found'"),
    (b"\n  \n", "a file of blank lines"),
    (b'<?xml version="1.0"?>\n<rss version="2.0"/>', "XML whose root element is <rss>, not <svg>"),
    (b'{"error": "not found"}', 'text, starting \'{"error": "not found"}\''),
    (PNG[:8], "a PNG image cut short (its header is incomplete or damaged)"),
    (PNG[:20], "a PNG image cut short (its header is incomplete or damaged)"),
    (PNG[:-12], "a PNG image cut short (its end, the IEND chunk, is missing)"),
    (png_bytes(0, 0), "a PNG image of 0×0 pixels, which shows nothing"),
    (JPEG[:3], "a JPEG image cut short"),
    (JPEG[:30], "a JPEG image cut short"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 7 + b"garbage!", "a JPEG image cut short"),
    (b"\xff\xd8\xff\xda\x00\x08" + b"\x00" * 40, "a JPEG image cut short"),
    (GIF[:8], "a GIF image cut short"),
    (GIF[:10], "a GIF image cut short"),  # its size, and no more
    (GIF[:-1], "a GIF image cut short (its end, the trailer, is missing)"),
    (b"\xff\xd8" + b"\xff" * 10_000, "a JPEG image cut short"),  # fill bytes, however many, are no segment
    (b"\x00\x00\x00\x14ftypavif\x00\x00\x00\x00avif", "an AVIF image cut short"),  # its ftyp box alone
    (b"\x00\x00\x00\x14ftypavif\x00\x00\x00\x00avif" + b"\x01\x02\x03\x04\x05\x06\x07\x08", "an AVIF image cut short"),
    (WEBP[:20], "a WebP image cut short"),
    (b"RIFF\x00\x00\x00\x00WEBPJUNK" + b"\x00" * 20, "a WebP image cut short"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "a HEIF (HEIC) image, which most browsers do not show"),
    (b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2", "an MP4 or QuickTime video"),
    (b"BM" + b"\x00" * 60, "a BMP image"),
    (b"II*\x00" + b"\x00" * 60, "a TIFF image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
    (b"PK\x03\x04" + b"\x00" * 30, "a ZIP archive"),
    (bytes(range(256)), "data of no image type"),
    (b"\x80\x81\x82" * 50, "data of no image type"),
]

REAL: dict[str, bytes] = {
    "a.png": PNG,
    "a.jpg": JPEG,
    "a.jpeg": JPEG,
    "a.gif": GIF,
    "a.webp": WEBP,
    "a.svg": SVG,
    "a.avif": AVIF,
    "utf-16.svg": "\ufeff".encode("utf-16-le")
    + SVG.decode().replace('"1.0"', '"1.0" encoding="UTF-16"').encode("utf-16-le"),
}


def lines(site: Site, *args: str, env: dict[str, str] | None = None) -> list[str]:
    result = site.run("validate", *args, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return [line for line in untimed(result.stdout).splitlines() if re.search(r": (error|warning|info) JD", line)]


def lead(site: Site, name: str, data: bytes) -> None:
    (site.root / "articles" / name).write_bytes(data)
    site.article("a.md", image=name, image_alt="A picture")


@pytest.mark.parametrize(("data", "found"), NOT_IMAGES, ids=[found[:30] for _, found in NOT_IMAGES])
def test_a_lead_image_that_is_no_image_is_one_error_naming_what_was_found(site: Site, data: bytes, found: str) -> None:
    lead(site, "cover.jpg", data)
    reported = lines(site, env=OFF)
    assert len(reported) == 1, reported
    assert reported[0].startswith(f"articles/a.md:{IMAGE_LINE}: error JD166 image: expected 'cover.jpg' {EXPECTED}")
    assert found in reported[0]
    assert site.run("validate", env=OFF).exit_code == 1


@pytest.mark.parametrize(("data", "found"), NOT_IMAGES[:6], ids=[found[:30] for _, found in NOT_IMAGES[:6]])
def test_a_body_image_that_is_no_image_is_one_error_on_its_line(site: Site, data: bytes, found: str) -> None:
    (site.root / "articles" / "plan.png").write_bytes(data)
    site.article("a.md", body="First line.\n\nSee ![the plan](plan.png) here.\n")
    reported = lines(site)
    assert len(reported) == 1, reported
    assert reported[0].startswith(f"articles/a.md:9: error JD166 body: expected 'plan.png' {EXPECTED}{found}")


@pytest.mark.parametrize("unsafe", [False, True])
def test_body_images_html_images_and_links_to_image_files_are_checked_but_other_links_are_not(
    site: Site, unsafe: bool
) -> None:
    """An image of raw HTML is one only with ``unsafe_html``: shown as text (JD190), it names no file."""
    if unsafe:
        site.write("jiading.toml", (site.root / "jiading.toml").read_text() + "[markdown]\nunsafe_html = true\n")
    for name in ("a.png", "b.png", "c.jpg", "d", "notes.txt"):
        (site.root / "articles" / name).write_bytes(LFS)
    body = '![one](a.png)\n\n<img src="b.png" alt="two">\n\n[three](c.jpg)\n\n![four](d)\n\n[notes](notes.txt)\n'
    site.article("a.md", body=body)
    reported = [line for line in lines(site) if " JD190 " not in line]  # raw HTML is shown as text: JD190
    assert [line.split(": expected")[0] for line in reported] == [
        f"articles/a.md:{line}: error JD166 body" for line in ((7, 9, 11, 13) if unsafe else (7, 11, 13))
    ]
    named = [line.split(" expected ", 1)[1].split(" to be ", 1)[0] for line in reported]
    assert named == (["'a.png'", "'b.png'", "'c.jpg'", "'d'"] if unsafe else ["'a.png'", "'c.jpg'", "'d'"])


@pytest.mark.parametrize("name", sorted(REAL))
def test_a_real_image_of_each_type_passes_as_the_image_and_in_the_body(site: Site, name: str) -> None:
    lead(site, name, REAL[name])
    site.write("articles/b.md", front(id="urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f6", slug="b") + f"![x]({name})\n")
    assert lines(site) == []
    assert read_header(site.root / "articles" / name).kind is not None


def test_a_png_image_named_jpg_is_a_warning_naming_the_name_it_should_have(site: Site) -> None:
    lead(site, "map.jpg", PNG)
    assert lines(site) == [
        f"articles/a.md:{IMAGE_LINE}: warning JD167 image: expected 'map.jpg' to hold the image its name gives, found "
        "a PNG image named .jpg: feeds, share cards and email declare the type its name gives; rename it 'map.png'"
    ]
    assert site.run("validate").exit_code == 0
    assert site.run("validate", "--strict").exit_code == 1


@pytest.mark.parametrize(("name", "data"), [("a.png", SVG), ("a.svg", PNG), ("a", SVG)])
def test_svg_under_another_name_or_another_type_under_svg_is_an_error(site: Site, name: str, data: bytes) -> None:
    lead(site, name, data)
    reported = lines(site)
    assert len(reported) == 1 and " error JD166 image: " in reported[0], reported
    assert "a browser shows an SVG image only as .svg" in reported[0]


def test_an_image_without_an_extension_is_a_warning(site: Site) -> None:
    lead(site, "cover", JPEG)
    assert lines(site) == [
        f"articles/a.md:{IMAGE_LINE}: warning JD167 image: expected 'cover' to hold the image its name gives, found a "
        "JPEG image named without an extension: feeds, share cards and email declare the type its name gives; "
        "rename it 'cover.jpg'"
    ]


def test_an_unreadable_image_is_an_error_not_a_traceback(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    lead(site, "cover.png", PNG)

    def failing(fd: int, count: int, offset: int) -> bytes:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "pread", failing)
    assert lines(site) == [
        f"articles/a.md:{IMAGE_LINE}: error JD166 image: expected 'cover.png' {EXPECTED}a file that cannot be read "
        "(Input/output error)"
    ]


def test_the_check_can_be_ignored_and_suppressed(site: Site) -> None:
    lead(site, "cover.png", LFS)
    site.article("a.md", image="cover.png", image_alt="A picture", jiading="{ignore: [JD166]}")
    assert lines(site) == []


SIGNATURES = [PNG[:16], JPEG[:4], GIF[:6], WEBP[:12], b"\x00\x00\x00\x1cftypavif", b"<svg ", b"<?xml ", LFS[:20], b""]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.sampled_from(SIGNATURES),
    rest=st.binary(max_size=200),
    cut=st.integers(min_value=0, max_value=400),
    name=st.sampled_from(["x.png", "x.jpg", "x.gif", "x.webp", "x.svg", "x.avif", "x"]),
)
def test_any_bytes_give_at_most_one_line_with_the_right_place_and_never_raise(
    site: Site, start: bytes, rest: bytes, cut: int, name: str
) -> None:
    data = (start + rest)[:cut]
    header = read_header_of(site.root / "articles" / name, data)
    site.article("a.md", image=name, image_alt="x")
    reported = lines(site, env=OFF)
    wanted = imagesize.EXTENSIONS.get(Path(name).suffix)
    if header.kind is not None and header.kind == wanted:
        assert reported == []
    else:
        assert len(reported) == 1, reported
        assert re.match(
            rf"articles/a\.md:{IMAGE_LINE}: (error JD166|warning JD167) image: expected '{name}' ", reported[0]
        )
        assert header.found in reported[0]


@settings(max_examples=500, deadline=None)
@given(start=st.sampled_from(SIGNATURES), rest=st.binary(max_size=300))
def test_the_header_reader_names_what_any_bytes_are_and_never_raises(
    tmp_path_factory: pytest.TempPathFactory, start: bytes, rest: bytes
) -> None:
    path = tmp_path_factory.mktemp("bytes") / "x.bin"
    header = read_header_of(path, start + rest)
    assert header.kind in (*imagesize.WEB_KINDS, None)
    assert header.found and "\n" not in header.found
    if header.size is not None:
        assert min(header.size) > 0


def read_header_of(path: Path, data: bytes) -> imagesize.Header:
    path.write_bytes(data)
    return read_header(path)


def test_only_the_header_of_a_large_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[int] = []
    pread = os.pread

    def counted(fd: int, count: int, offset: int) -> bytes:
        found = pread(fd, count, offset)
        read.append(len(found))
        return found

    monkeypatch.setattr(os, "pread", counted)
    big = 1 << 30  # a sparse file: a gigabyte, of which only the header is written
    exif = b"\xff\xe1" + (60000).to_bytes(2, "big") + bytes(59998)  # a large APP1 segment, skipped by its length
    cases = {
        "big.png": PNG[:33],
        "big.jpg": JPEG[:2] + exif + JPEG[2:],
        "big.gif": GIF[:13],
        "big.webp": WEBP,
        "big.svg": b"<svg xmlns='http://www.w3.org/2000/svg'>",
        "big.txt": b"<!-- " + b"a" * 5000,
        "lfs.png": LFS,
    }
    for name, head in cases.items():
        path = tmp_path / name
        with open(path, "wb") as handle:
            handle.write(head)
            handle.truncate(big)
        read.clear()
        header = read_header(path)
        assert sum(read) <= imagesize.PROLOGUE + imagesize.TAIL, (name, sum(read))
        if name == "big.jpg":
            assert header.size == (1, 1)
    assert size(tmp_path / "big.gif") == (1, 1)
    for name in cases:  # a gigabyte each, to whatever walks the tests' folders later
        (tmp_path / name).unlink()


def test_a_jpeg_of_many_segments_reads_a_bounded_number_of_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "many.jpg"
    path.write_bytes(JPEG[:2] + b"\xff\xfe\x00\x02" * 100_000 + JPEG[2:])  # 100,000 empty comments
    calls: list[int] = []
    pread = os.pread

    def counted(fd: int, count: int, offset: int) -> bytes:
        calls.append(count)
        return pread(fd, count, offset)

    monkeypatch.setattr(os, "pread", counted)
    header = read_header(path)
    assert len(calls) <= imagesize.JPEG_SEGMENTS + 3  # the head, a read per segment looked through, the tail
    assert header.kind == "JPEG"  # past the segments looked through: a JPEG image of a size not read


def test_a_fifo_named_as_an_image_never_blocks(site: Site) -> None:
    os.mkfifo(site.root / "articles" / "cover.png")
    site.article("a.md", image="cover.png", image_alt="x")
    reported = lines(site)
    assert len(reported) == 1 and " error JD160 image: " in reported[0]
    with pytest.raises(OSError):
        read_header(site.root / "articles" / "cover.png")


def aged(root: Path, seconds: float = 3600) -> None:
    past = time.time() - seconds
    for path in root.rglob("*"):
        if ".jiading-cache" not in path.parts and path.is_file():
            os.utime(path, (past, past))


@pytest.mark.parametrize("where", ["image", "body"])
def test_a_picture_replaced_by_an_lfs_pointer_is_reported_by_the_next_validate_and_build(
    site: Site, where: str
) -> None:
    picture = site.root / "articles" / "cover.png"
    picture.write_bytes(PNG)
    if where == "image":
        site.article("a.md", image="cover.png", image_alt="A picture")
    else:
        site.article("a.md", body="Body.\n\n![A picture](cover.png)\n")
    aged(site.root)
    for command in (("validate",), ("build", "--out", "public")):
        first = site.run(*command)
        assert first.exit_code == 0, first.output
        again = site.run(*command)  # the stored answers now stand for this site
        assert again.exit_code == 0, again.output
    picture.write_bytes(LFS)  # the article is unchanged, its stat too: only the picture is touched
    past = time.time() - 1800
    os.utime(picture, (past, past))
    line = 6 if where == "image" else 9
    want = f"articles/a.md:{line}: error JD166 {where}: expected 'cover.png' {EXPECTED}{NOT_IMAGES[1][1]}"
    for command in (("validate",), ("build", "--out", "public"), ("feed", "build", "--out", "public")):
        result = site.run(*command)
        assert result.exit_code == 1, (command, result.output)
        assert want in untimed(result.output), (command, result.output)
    picture.write_bytes(png_bytes(2, 2))  # the picture back: the next runs pass again
    os.utime(picture, (past + 900, past + 900))
    for command in (("validate",), ("build", "--out", "public")):
        assert site.run(*command).exit_code == 0


@pytest.mark.parametrize("suffix", sorted(imagesize.MIME))
def test_a_lead_image_is_declared_with_one_type_in_the_page_and_the_feed(site: Site, suffix: str) -> None:
    """The type an image's name gives is declared the same in the page's Open Graph tags and the feeds' enclosure,
    from one table, for every type the web shows (an SVG or AVIF image had none in the page)."""
    from lxml import etree, html

    (site.root / "articles" / f"lead{suffix}").write_bytes(image_bytes(f"lead{suffix}"))
    site.article(image=f"lead{suffix}", image_alt="The signing ceremony")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    page = site.root / "public/en/news/2017/07/a/index.html"
    head = html.fromstring(page.read_bytes())
    declared = head.xpath("//meta[@property='og:image:type']/@content")
    feed = etree.fromstring((site.root / "public" / "feed.xml").read_bytes())
    assert declared == feed.xpath("//enclosure/@type") == [imagesize.MIME[suffix]]
