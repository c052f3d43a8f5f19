"""An article saved as UTF-16 or UTF-32 (what many Windows editors call "Unicode"), with a byte-order mark or
without one, is one JD100 line saying which was found and what to do, where it was the first byte UTF-8 cannot
read (0xff) or a NUL byte; a UTF-8 byte-order mark is read past; a site template in one is named the same way."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import front, validate_in
from jiading_cli.base.encodings import wide
from jiading_cli.content.loader import parse
from jiading_cli.model.article import Defaults
from pages.sample import make, run

DEFAULTS = Defaults(timezone="Asia/Shanghai", lang="en", authors=("Newsroom",))
TEXT = front(title="嘉定 Jiading opens a park") + "Jiading opened a park on Monday. 嘉定区新建公园。\n"
FOUND = {
    "utf-16": "UTF-16 (little-endian, with a byte-order mark)",
    "utf-16-le": "UTF-16 (little-endian, without a byte-order mark)",
    "utf-16-be": "UTF-16 (big-endian, without a byte-order mark)",
    "utf-32": "UTF-32 (little-endian, with a byte-order mark)",
    "utf-32-le": "UTF-32 (little-endian, without a byte-order mark)",
    "utf-32-be": "UTF-32 (big-endian, without a byte-order mark)",
}
MARKED = {"utf-16-be": b"\xfe\xff", "utf-32-be": b"\x00\x00\xfe\xff"}  # Python writes its platform's order


def _encoded(text: str, encoding: str, marked: bool = False) -> bytes:
    return (MARKED[encoding] if marked else b"") + text.encode(encoding)


def _validate(root: Path, data: bytes) -> tuple[int, str]:
    (root / "articles").mkdir()
    (root / "articles/a.md").write_bytes(data)
    (root / "jiading.toml").write_text('[site]\ntitle = "News"\nbase_url = "https://news.example.com/"\n')
    result = validate_in(root)
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("encoding", "marked"), [*((name, False) for name in FOUND), *((name, True) for name in MARKED)]
)
def test_an_article_in_utf16_or_utf32_is_one_line_naming_what_was_found(
    tmp_path: Path, encoding: str, marked: bool
) -> None:
    found = FOUND[encoding].replace("without", "with") if marked else FOUND[encoding]
    code, output = _validate(tmp_path, _encoded(TEXT, encoding, marked))
    assert code == 1, output
    assert output.splitlines()[0] == (
        f"articles/a.md:1: error JD100 expected UTF-8, found {found}; save the file as UTF-8"
    ), output
    assert output.count("JD1") == 1, output


def test_a_utf8_byte_order_mark_is_read_past(tmp_path: Path) -> None:
    code, output = _validate(tmp_path, b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert code == 0 and "0 errors" in output, output
    loaded = parse(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "articles/a.md", DEFAULTS, "a")
    assert loaded.article is not None and loaded.article.title == "嘉定 Jiading opens a park"


def test_a_binary_file_is_not_taken_for_utf16() -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    problems = [p.render() for p in parse(data, "articles/a.md", DEFAULTS, "a").problems]
    assert problems == ["articles/a.md:1: error JD100 expected UTF-8 text, found byte 0x89"]
    nul = [p.render() for p in parse(b"---\ntitle: x\x00\n---\n", "articles/a.md", DEFAULTS, "a").problems]
    assert nul == ["articles/a.md:2: error JD100 expected a text file, found a NUL byte"]


@given(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\x00"), max_size=200),
    st.sampled_from(sorted(FOUND)),
)
def test_any_article_text_in_a_wide_encoding_is_named_and_utf8_never_is(body: str, encoding: str) -> None:
    """Front matter (ASCII keys) and any text after it: saved in a wide encoding, it is named as that encoding;
    saved as UTF-8, it is never taken for one."""
    text = "---\ntitle: " + body[:20] + "\n---\n" + body
    assert wide(text.encode(encoding)) == FOUND[encoding]
    assert wide(text.encode("utf-8")) is None
    assert wide(b"\xef\xbb\xbf" + text.encode("utf-8")) is None


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_site_template_in_utf16_is_named_as_such(tmp_path: Path, encoding: str) -> None:
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/masthead.html").write_bytes("<header>News</header>\n".encode(encoding))
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: templates/masthead.html:1: template: expected UTF-8, found {FOUND[encoding]}; save the file as UTF-8\n"
    )


def test_a_site_template_with_a_utf8_byte_order_mark_is_read_past(tmp_path: Path) -> None:
    """The mark is not text: kept, it would land in the middle of every page that includes the template."""
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/masthead.html").write_bytes(b"\xef\xbb\xbf<header>Marked news</header>\n")
    result = run(tmp_path, "build")
    assert result.exit_code == 0, result.output
    pages = [path.read_text(encoding="utf-8") for path in (tmp_path / "public").rglob("index.html")]
    assert pages and all("<header>Marked news</header>" in page and "\ufeff" not in page for page in pages)


@pytest.mark.parametrize(
    ("encoding", "marked"), [*((name, False) for name in FOUND), *((name, True) for name in MARKED)]
)
def test_a_config_in_utf16_or_utf32_is_one_line_naming_what_was_found(
    tmp_path: Path, encoding: str, marked: bool
) -> None:
    found = FOUND[encoding].replace("without", "with") if marked else FOUND[encoding]
    (tmp_path / "articles").mkdir()
    config = '[site]\ntitle = "嘉定 News"\nbase_url = "https://news.example.com/"\n'
    (tmp_path / "jiading.toml").write_bytes(_encoded(config, encoding, marked))
    result = validate_in(tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: jiading.toml:1: error JD001 expected UTF-8, found {found}; save the file as UTF-8\n",
    )


@given(
    rows=st.lists(st.text(alphabet="ab #:-", max_size=6), min_size=1, max_size=12),
    ends=st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=12, max_size=12),
    where=st.integers(0, 11),
    bad=st.sampled_from([b"\xff", b"\x00", b"\xc0\xaf", b"\xed\xa0\x80"]),
)
def test_a_byte_that_is_no_text_is_said_on_the_line_an_editor_shows_it_on(
    rows: list[str], ends: list[str], where: int, bad: bytes
) -> None:
    """Whatever ends the lines (LF, CRLF, or a carriage return alone, as an old Mac editor saves), the line of a
    byte UTF-8 cannot read, or of a NUL, is the one that holds it as an editor splits the file into lines."""
    where = min(where, len(rows) - 1)
    head = "".join(row + end for row, end in zip(rows[:where], ends, strict=False)).encode()
    raw = head + bad + "".join(row + end for row, end in zip(rows[where:], ends[where:], strict=False)).encode()
    found = parse(raw, "articles/a.md", DEFAULTS, "a").problems
    assert [problem.code for problem in found] == ["JD100"]
    if "found UTF-" in found[0].message:  # a few bytes with NULs among them read as UTF-16 or UTF-32: line 1
        return
    shown = io.TextIOWrapper(io.BytesIO(raw), encoding="latin-1", newline=None).read().split("\n")
    assert bad[:1].decode("latin-1") in shown[found[0].line - 1], (found[0].render(), shown)


# Sentences people write, and the names a hint may give a file of them in the script's older encoding (Big5's bytes
# are often GB 2312's too). A few words are not enough to tell an encoding by (German 'Größe' alone is a GB 2312 pair).
SCRIPTS = {
    "Windows-1252": (
        [
            "Der neue Park in Jiading ist größer als die Straße nach München.",
            "Le café du parc est très bon, dit le maire à la presse.",
            "“Smart quotes” and dashes – as Word types them – in a résumé.",
            "El señor Pérez inauguró la exposición en el centro.",
        ],
        ("Windows-1252",),
    ),
    "GBK": (["嘉定区新建公园，金融业助力嘉定发展。", "上海市政府国际会议中心今天开幕。"], ("GBK",)),
    "Big5": (["嘉定區新建公園，金融業助力發展。", "臺灣國際會議中心今天開幕。"], ("Big5", "GBK")),
    "Shift JIS": (["東京の公園で日本語の文章を書きます。", "ひらがなとカタカナで書かれた記事です。"], ("Shift JIS",)),
}
CODECS = {"Windows-1252": "cp1252", "GBK": "gbk", "Big5": "big5", "Shift JIS": "shift_jis"}


@settings(max_examples=120, deadline=None)
@given(script=st.sampled_from(sorted(SCRIPTS)), data=st.data())
def test_an_article_in_a_legacy_encoding_is_told_which_or_nothing_wrong(script: str, data: st.DataObject) -> None:
    """A file saved in an older encoding is named by the one it is in, or one its bytes equally are, never by another
    script's: a German or French file saved by Word is never told it looks like Chinese (GB 18030 decodes nearly any
    bytes), nor a Chinese or Japanese one that it looks Western; Windows-1252 and GBK, the two a site in English and
    Chinese meets most, are named."""
    sentences, names = SCRIPTS[script]
    chosen = data.draw(st.lists(st.sampled_from(sentences), min_size=1, max_size=4))
    raw = (front(title="Park") + "\n\n".join(chosen) + "\n").encode(CODECS[script])
    (problem,) = parse(raw, "articles/a.md", DEFAULTS, "a").problems
    assert problem.code == "JD100"
    named = problem.message.partition("looks like ")[2]
    assert named.startswith(names) or (not named and script not in ("Windows-1252", "GBK")), problem.message


@settings(max_examples=120, deadline=None)
@given(
    script=st.sampled_from(sorted(SCRIPTS)),
    data=st.data(),
    flaw=st.sampled_from([b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\x80", b"\xc3", b"\xe5\x98", b"\xff", b"\xf0\x9f\x98"]),
)
def test_a_utf8_file_with_one_flaw_is_never_told_it_is_in_another_encoding(
    script: str, data: st.DataObject, flaw: bytes
) -> None:
    """A file saved as UTF-8 with one place that is not (a surrogate written as UTF-8 bytes, as Java's modified UTF-8
    writes one; a character cut in two; a stray byte) is told what is wrong at that byte, never that it looks like
    Windows-1252 or GBK: its UTF-8 letters read as Windows-1252 ones too, and saving it again in another encoding
    would not help."""
    sentences, _ = SCRIPTS[script]
    chosen = data.draw(st.lists(st.sampled_from(sentences), min_size=2, max_size=4))
    where = data.draw(st.integers(0, len(chosen)))
    body = "\n\n".join(chosen).encode()
    cut = len("\n\n".join(chosen[:where]).encode())
    raw = front(title="Park").encode() + body[:cut] + flaw + body[cut:] + b"\n"
    (problem,) = parse(raw, "articles/a.md", DEFAULTS, "a").problems
    assert problem.code == "JD100"
    assert "looks like" not in problem.message, problem.message
    if flaw.startswith(b"\xed"):
        assert "a surrogate (U+D800 to U+DFFF) written as UTF-8 bytes" in problem.message, problem.message
