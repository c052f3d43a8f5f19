"""Files named with any characters a file system takes, as the lead image, a body image and an attachment, each
reference spelt any way that names the file (percent-encoded or as the name is, after ``./`` or ``sub/../``, with a
query or a fragment), beside a second file whose name differs only in Unicode form or in case: after ``validate``
and ``build``, each file is copied once, and every URL that names it — the page's ``src`` and ``href``, ``og:image``,
the feeds' enclosures, JSON Feed's ``image`` and attachments, the email's ``<img>`` — gives the one URL the copy is
at, whose bytes are the file's.

A reference that reads as a URL naming no file where its text spells a file's name (``a?b.png``, ``n#1.pdf``,
``100%.png``, ``a:b.png``, ``sub\\deep.png``) is an error saying how to write it, and the spelling it gives names the
file. The crawl is :mod:`test_pages_crawl`'s.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jiading_cli.content.targets import has_scheme
from pages.sample import make, run
from test_pages_crawl import BASE, EMAIL, from_email, from_feeds, from_pages, target
from tinyimages import png_bytes

FOLDER = "articles/en/2017"  # finance.md's, whose image is signing.png and whose body names hall.png
TRICKY = " %#?&+'\"<>;=@[]{}!$()*,:~^`|\\ＡＢ　，中文éÉåÅ\u0301\u00a0"
NAME = st.text(st.sampled_from([*"abcXYZ019-_.", *TRICKY]), min_size=1, max_size=12)


def name_of(drawn: str, form: str) -> str:
    """A file's name from ``drawn``: a PNG image's, in Unicode form ``form``, never hidden nor ``.``/``..``."""
    return unicodedata.normalize(form, "p" + drawn.strip(".") + ".png")


def as_url(name: str, way: str) -> str:
    """``name`` as a reference's path: every character but letters percent-encoded, or as it is but for what a URL
    reads otherwise (``%``, ``#``, ``?``; a ``:`` before any ``/`` makes a scheme, so ``./`` goes before it)."""
    if way == "encoded":
        return quote(name, safe="")
    spelt = name.replace("%", "%25").replace("#", "%23").replace("?", "%3F")
    return "./" + spelt if has_scheme(spelt) or way == "dot" else spelt


def markdown(url: str) -> str:
    """A URL as a Markdown link's destination in ``<>``, which reads ``<``, ``>`` and a backslash (an escape) and
    ``&`` (a character reference) otherwise: those are percent-encoded there."""
    for char in "<>\\&":
        url = url.replace(char, quote(char))
    return f"<{url}>"


def crawled(root: Path) -> dict[str, set[str]]:
    """Every URL into the site the pages, feeds and an email give, by the path it names below the output folder."""
    out = root / "public"
    found: dict[str, set[str]] = {}
    for url in [*from_pages(out), *from_feeds(out), *from_email(root)]:
        path = target(out, url)
        if path is not None:
            found.setdefault(path.relative_to(out).as_posix(), set()).add(urlsplit(url)._replace(fragment="").geturl())
    return found


@settings(max_examples=12, deadline=None)
@given(
    drawn=NAME,
    form=st.sampled_from(["NFC", "NFD"]),
    ways=st.tuples(*[st.sampled_from(["encoded", "raw", "dot"])] * 3),
    suffix=st.sampled_from(["", "?v=2", "#page=3", "?a=1&b=2"]),
)
@example(drawn="é", form="NFD", ways=("raw", "encoded", "dot"), suffix="?v=2")
@example(drawn="a:b ＡＢ\\<>&?#%", form="NFC", ways=("raw", "raw", "raw"), suffix="#page=3")
def test_a_file_of_any_name_spelt_any_way_is_copied_once_and_every_place_gives_its_one_url(
    drawn: str, form: str, ways: tuple[str, str, str], suffix: str
) -> None:
    name = name_of(drawn, form)
    other = unicodedata.normalize("NFD" if form == "NFC" else "NFC", name)
    twin = other if other != name else name.upper().replace(".PNG", ".png")
    with tempfile.TemporaryDirectory() as scratch:
        root = make(Path(scratch))
        config = root / "jiading.toml"
        config.write_text(config.read_text(encoding="utf-8") + EMAIL, encoding="utf-8")
        folder = root / FOLDER
        files = {name: png_bytes(2, 1)}
        if twin != name:
            files[twin] = png_bytes(3, 1)  # differs from it only in form or case: a file of its own, and its URL
        for each, data in files.items():
            (folder / each).write_bytes(data)
        article = folder / "finance.md"
        text = article.read_text(encoding="utf-8").replace(
            "image: signing.png", f"image: {json.dumps(as_url(name, ways[0]))}"
        )
        picture, attached = (markdown(as_url(name, way) + suffix) for way in ways[1:])
        body = f"\n![the picture]({picture})\n\n[the file]({attached})\n"
        if twin != name:
            body += f"\n[its twin]({markdown(as_url(twin, 'encoded'))})\n"
        article.write_text(text + body, encoding="utf-8")
        checked = run(root, "validate")
        assert " error " not in checked.output, checked.output
        assert run(root, "build").exit_code == 0
        out = root / "public"
        urls = crawled(root)
        assert sorted(path for path in urls if not (out / path).is_file()) == []
        for each, data in files.items():
            path = f"en/2017/{each}"
            assert (out / path).read_bytes() == data
            copies = [found for found in out.rglob("*.png") if found.read_bytes() == data]
            assert copies == [out / path]
            given = {url.partition("?")[0] for url in urls.get(path, ())}
            assert given == {f"/{quote(path)}", f"{BASE}/{quote(path)}"}, (each, given)
        page = next(out.rglob("financial-industry-to-boost-jiading/index.html")).read_text(encoding="utf-8")
        (og,) = re.findall(r'<meta property="og:image" content="([^"]*)"', page)
        assert unquote(og) == f"{BASE}/en/2017/{name}"
        feed = json.loads((out / "feed.json").read_text(encoding="utf-8"))
        (item,) = [item for item in feed["items"] if "financial-industry" in item["url"]]
        assert unquote(item["image"]) == f"{BASE}/en/2017/{name}"


def named(root: Path, field: str, reference: str) -> None:
    """finance.md names ``reference`` as its image, or in a link of its body (in ``<>``, as it is written)."""
    article = root / FOLDER / "finance.md"
    text = article.read_text(encoding="utf-8")
    if field == "image":
        article.write_text(text.replace("image: signing.png", f"image: {json.dumps(reference)}"), encoding="utf-8")
    else:
        article.write_text(text + f"\nSee [the file](<{reference}>).\n", encoding="utf-8")


def spelt_again(root: Path, field: str, name: str) -> str:
    """The reference the errors lead to, from ``name`` as written: each error's line ends with the reference to
    write, which is written in its place until ``validate`` passes."""
    reference = name
    original = (root / FOLDER / "finance.md").read_text(encoding="utf-8")
    for _ in range(3):
        (root / FOLDER / "finance.md").write_text(original, encoding="utf-8")
        named(root, field, reference)
        checked = run(root, "validate")
        errors = [line for line in checked.output.splitlines() if " error " in line]
        if not errors:
            return reference
        (line,) = errors
        codes = ("JD160 image",) if field == "image" else ("JD162 body", "JD163 body")
        assert line.startswith(f"{FOLDER}/finance.md:") and any(f" error {code}: " in line for code in codes), line
        said = re.findall(r"'([^']*)'\)?$", line)  # the last thing the line quotes: the reference to write
        assert said and said[0] != reference, line
        reference = said[0]
    raise AssertionError(f"{name!r}: still an error after {reference!r}")


@settings(max_examples=30, deadline=None)
@given(middle=st.text(st.sampled_from("ab1F4?#%: &+é.~=;"), max_size=6), field=st.sampled_from(["image", "body"]))
@example(middle="a?b", field="body")
@example(middle="#1", field="image")
@example(middle="%41", field="body")
@example(middle="a:b", field="image")
@example(middle=":%", field="body")
@example(middle=":?", field="body")
@example(middle="##", field="image")
def test_a_file_named_as_it_is_is_linked_or_the_error_says_the_reference_that_links_it(middle: str, field: str) -> None:
    """A file whose name a URL reads otherwise (``a?b.png``, ``n#1.png``, ``%41.png``, ``a:b.png``) named as it is:
    either that names it, or the error says the reference to write, which does; and the page then links the
    file, whose bytes are published there."""
    name = "p" + middle + ".png"
    with tempfile.TemporaryDirectory() as scratch:
        root = make(Path(scratch))
        data = png_bytes(2, 2)
        (root / FOLDER / name).write_bytes(data)
        spelt_again(root, field, name)
        assert run(root, "build").exit_code == 0
        out = root / "public"
        page = next(out.rglob("financial-industry-to-boost-jiading/index.html")).read_text(encoding="utf-8")
        assert f'"/en/2017/{quote(name)}' in page
        assert (out / "en/2017" / name).read_bytes() == data


@pytest.mark.parametrize("name", [" p.png", "p.png ", "  p q.png  "])
@pytest.mark.parametrize("field", ["image", "body"])
def test_a_file_whose_name_has_spaces_at_its_ends_is_linked_as_the_error_says(
    tmp_path: Path, field: str, name: str
) -> None:
    """A field's value and a link's destination lose the spaces at their ends: the error says to write them as
    %20, and the page then links the file."""
    root = make(tmp_path)
    (root / FOLDER / name).write_bytes(png_bytes(3, 3))
    spelt = spelt_again(root, field, name)
    assert unquote(spelt) == name, spelt
    assert run(root, "build").exit_code == 0
    page = next((root / "public").rglob("financial-industry-to-boost-jiading/index.html")).read_text(encoding="utf-8")
    assert f'"/en/2017/{quote(name)}' in page


@pytest.mark.parametrize("field", ["image", "body"])
def test_a_backslash_between_folders_says_to_write_a_slash(tmp_path: Path, field: str) -> None:
    root = make(tmp_path)
    (root / FOLDER / "sub").mkdir()
    (root / FOLDER / "sub/deep.png").write_bytes(png_bytes())
    named(root, field, "sub\\deep.png")
    (line,) = [line for line in run(root, "validate").output.splitlines() if " error " in line]
    assert line.endswith("(no such file; a URL's folders end in '/', not '\\': write 'sub/deep.png')"), line


def test_an_image_given_as_a_site_path_says_the_path_from_the_article_s_folder(tmp_path: Path) -> None:
    root = make(tmp_path)
    article = root / FOLDER / "finance.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("image: signing.png", "image: /en/2017/sub/s%231.png?v=2"), encoding="utf-8")
    (line,) = [line for line in run(root, "validate").output.splitlines() if " error " in line]
    assert line == (
        f"{FOLDER}/finance.md:11: error JD160 image: expected an existing file or an https URL, got "
        "'/en/2017/sub/s%231.png?v=2', a site path: the image is named from the article's folder, as "
        "'sub/s%231.png?v=2' names that file"
    )


@pytest.mark.parametrize("field", ["image", "body"])
def test_a_named_loop_of_links_or_fifo_is_said_to_be_one(tmp_path: Path, field: str) -> None:
    root = make(tmp_path)
    folder = root / FOLDER
    (folder / "loop.png").symlink_to("loop2.png")
    (folder / "loop2.png").symlink_to("loop.png")
    os.mkfifo(folder / "pipe.png")
    original = (folder / "finance.md").read_text(encoding="utf-8")
    found = []
    for name in ("loop.png", "pipe.png"):
        (folder / "finance.md").write_text(original, encoding="utf-8")
        named(root, field, name)
        found += [
            line.partition(": expected ")[2] for line in run(root, "validate").output.splitlines() if " error " in line
        ]
    what = "an existing file or an https URL" if field == "image" else "a file to publish"
    assert found == [
        f"{what}, got 'loop.png' (a loop of symbolic links, not a file)",
        f"{what}, got 'pipe.png' (not a regular file but a FIFO)",
    ]
