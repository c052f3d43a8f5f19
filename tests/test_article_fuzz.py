"""Whole article files of every kind of bad input, through `validate`, `list`, `feed build` and `build`.

Hypothesis writes one article into a site made by `jiading init` (built once, so that its output folder holds
the last build's files): front matter of random YAML (anchors and aliases, tags such as ``!!python/object``,
huge numbers, NaN and infinities, dates out of range, mappings where text belongs, keys given twice, deep
nesting, a missing closing ``---``) and a body of unbalanced Markdown, large tables, deep lists and quotes and
long chains of links; then the file's bytes are spoilt (a byte order mark, CRLF or CR line ends, tabs, NUL and
other control bytes, bytes that are not UTF-8, a very long line).

Every command must keep the documented contract (docs/exit-codes.md, docs/rules.md): an exit code in the
documented set, no traceback, every problem on one line naming the file (and a line of it, where the rule has
one), the article never rewritten, and an output folder holding exactly what the manifests list (a build that
fails leaves the last build's files as they were). A watchdog bounds each command's time in proportion to the
file's size, so a hang fails the test instead of stopping the suite.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from conftest import NOW, Site, front
from jiading_cli.base.printable import printable
from jiading_cli.cli import app
from jiading_cli.model.errors import LINE_MAX, MESSAGE_MAX
from jiading_cli.model.fields import ALIASES

ARTICLE = "articles/en/2026/fuzz.md"
MANIFESTS = (".jiading-manifest.json", ".jiading-pages.json")
EXITS = {"validate": {0, 1}, "list": {0, 1}, "feed": {0, 1}, "build": {0, 1}}  # list: 1 for a file it cannot read
PROBLEM = re.compile(r"^(?P<path>[^\n]+?\.md)(?::(?P<line>\d+))?: (?:error|warning|info) JD\d{3} ")
AT_FIELD = {"JD104", "JD106", "JD109", "JD120", "JD123", "JD130", "JD140", "JD141", "JD170"}  # on the field's line
AT_LINK = {"JD162", "JD163", "JD165", "JD190"}  # on the line of a link, an image or a piece of raw HTML
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
UNLOCATED = {"JD100", "JD108"}  # a file that cannot be read, or is past the size limit, has no line to point at
EXAMPLES = int(os.environ.get("JIADING_FUZZ_EXAMPLES", "100"))  # more to search further: JIADING_FUZZ_EXAMPLES=500
SECONDS = 30.0  # the bound of one command on a small file; a megabyte adds as much again


class Hang(BaseException):
    """A command ran past its bound (a BaseException: nothing in the code under test may swallow it)."""


@contextlib.contextmanager
def watchdog(seconds: float) -> Iterator[None]:
    def fire(signum: int, frame: object) -> None:
        raise Hang(f"a command ran for more than {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------- front matter

SCALARS = [
    "Jiading opens a park", "''", '""', "~", "null", "yes", "no", "on", "12:30:45", "0o17", "0x_1F", "1_000",
    "99999999999999999999999999999999999999", "-99999999999999999999999999", "1e400", "-1e400", ".nan", ".NaN",
    ".inf", "-.Inf", "2026-11-20", "2026-11-20T09:00:00+08:00", "0000-01-01", "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59-23:59", "10000-01-01", "2026-02-30", "2026-13-01T25:61:61", "2026-11-20T09:00:00+25:00",
    "2026-11-20 09:00:00.999999999999", "2017-03-12 02:30:00", "!!timestamp 2026-01-01", "!!binary aGVsbG8=",
    "!!python/object:os.system ['ls']", "!!python/object/apply:os.system [ls]", "!!python/name:os.system",
    "!!set {a, b}", "!!omap [a: 1, b: 2]", "!custom x", "!!str 1", "!!int 0x1F", "!!float .inf", "!!null ''",
    "!<tag:yaml.org,2002:str> x", "&anchor value", "*anchor", "*missing", "<<", '"\\x07 bell"', '"\\0 nul"',
    '"\\ud800"', '"\\U0010FFFF"', '"\\N\\_\\L\\P"', '"unterminated', "'it''s'", "'unterminated", "{", "}", "[",
    "]", "{a: b", "[a, b", "a: b: c", "- a", "? a", "x #hashtag", "x # comment", "'#'", "|", ">-", "|+9",
    "@reserved", "`reserved", "%YAML 1.2", "---", "...", "=", "<<: *anchor", "\t tab", "a\tb", "é\u2028x",
    "\u202etxt.exe", "\ufeffbom", "😀" * 40,
]  # fmt: skip
NESTED = [
    "{a: {b: {c: d}}}", "[[[[[[[[x]]]]]]]]", "[a, {b: [c, {d: e}]}]", "\n  - a\n  - - b\n    - c",
    "\n  a: 1\n  a: 2", "\n  ? [complex, key]\n  : value", "|\n  block\n\n  text", ">-\n  folded\n  text",
    "&a [x, y]", "{<<: {a: b}}", "[" * 60 + "]" * 60, "{a: " * 40 + "b" + "}" * 40,
]  # fmt: skip
FIELDS = [
    "id", "title", "date", "updated", "summary", "tags", "authors", "author", "category", "lang", "slug",
    "draft", "image", "image_alt", "canonical_url", "translations", "share", "syndication", "jiading", "unknown",
    "Title", "ID", "tags ", "", "- list item", "? complex",
]  # fmt: skip
GOOD = {
    "id": "urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10",
    "title": "Jiading opens a park",
    "date": "2026-11-20T09:00:00+08:00",
    "lang": "en",
}


FAIR = [
    "tags: [parks, '嘉定', \"a, b\", '#hash']", "summary: Jiading opens a park for chip start-ups and their staff.",
    "draft: false", "slug: a-park", "category: News", "authors: [Li Wei, '张伟']", "author: Newsroom",
    "updated: 2026-11-21T09:00:00+08:00", 'title: "<script>alert(1)</script> & \\"quotes\\" ]]> --> \\u202e"',
    "summary: " + "long " * 80, "image: https://example.com/a.png", "image_alt: A park",
    "canonical_url: https://example.com/x?a=1&b=2", "date: 2026-11-20 09:00", "date: 2026-11-20",
    "lang: zh-CN", "translations: {zh-CN: urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5}", "share: {x: Hi}",
    "jiading: {ignore: [JD150]}", 'title: "A\u2028park\x85in\u2029Jiading"', "category: News # c", "slug: Bad Slug",
    "tags: [a\u2028b, c]", "date: 2026-13-01", "title: >-\n  Folded\n  title", "summary: |\n  Two\n  lines",
]  # fmt: skip


@st.composite
def fair_front_matter(draw: st.DrawFn) -> list[str]:
    """Lines of front matter that validate, or nearly: the good fields and others written as they may be."""
    rows = [f"{key}: {value}" for key, value in GOOD.items()]
    for row in draw(st.lists(st.sampled_from(FAIR), max_size=5, unique=True)):
        key = row.split(":")[0]
        rows = [r for r in rows if not r.startswith(key + ":")] + [row]
    return rows


@st.composite
def front_matter(draw: st.DrawFn) -> list[str]:
    """Lines of front matter: the good fields, some spoilt or left out, then random fields of random YAML."""
    rows = [f"{key}: {value}" for key, value in GOOD.items() if draw(st.integers(0, 5))]
    for _ in range(draw(st.integers(0, 6))):
        key = draw(st.sampled_from([*FIELDS, *GOOD]))
        value = draw(st.one_of(st.sampled_from(SCALARS), st.sampled_from(NESTED), _long_value()))
        rows.insert(draw(st.integers(0, len(rows))), f"{key}: {value}" if key else value)
    if draw(st.integers(0, 4)) == 0:
        rows.append(draw(st.sampled_from(rows or ["title: x"])))  # a key given twice
    return rows


def _long_value() -> st.SearchStrategy[str]:
    return st.sampled_from(["x" * 70_000, "[" + ", ".join(["tag"] * 5_000) + "]", "a " * 40_000, "é" * 66_000])


# ---------------------------------------------------------------- body

BLOCKS = [
    "Jiading opened a park.", "**unbalanced *emphasis", "[unclosed link(", "[a](b", "](", "`" * 7, "```\ncode",
    "~~~\nfenced", "<script>alert(1)</script>", "<!-- note", "<!-- jiading: ignore JD165 -->", "---", "...",
    "title: looks like YAML", "# heading #", "Setext\n===", "| a |\n|---|", "&#0; &#xD800; &bogus; &amp",
    "\\", "[x](javascript:alert(1))", "<JAVASCRIPT:x>", "[r]: file:///etc/passwd\n[y][r]", "![i](data:x)",
    "[a](<b c>) [d](e 'f') [g](h \"i\")", "[x](../../../../etc/passwd)", "[x](https://[::1]:99999/)",
    "![x](%00.png)", "* * *", "1) one\n2) two", "- [ ] to do", "Term\n: definition", "\t\tindented with tabs",
    "line with trailing spaces  \nnext", "\u2028\u2029\x85\x0c\x0b", "\ud7ff\ue000\ufffe",
]  # fmt: skip


@st.composite
def body(draw: st.DrawFn) -> str:
    """Markdown: pieces from :data:`BLOCKS` and large structures (tables, lists and quotes nested deep, link
    chains, brackets), sized so that a run stays short."""
    pieces = draw(st.lists(st.sampled_from(BLOCKS), max_size=8))
    size = draw(st.sampled_from([10, 100, 1_000]))
    big = draw(
        st.sampled_from(
            [
                "",
                "| "
                + " | ".join(["h"] * 30)
                + " |\n|"
                + "---|" * 30
                + "\n"
                + ("| " + " | ".join(["c"] * 30) + " |\n") * size,
                "\n".join("  " * depth + "- item" for depth in range(size)),
                "> " * size + "deep quote",
                "[a](b)" * size,
                "[" * size + "x" + "]" * size + "(y)",
                "*" * size + "x" + "_" * size,
                "<" * size,
                "[x](javascript:y) " * size,
                "\n".join(f"[r{n}]: javascript:{n}\n[x][r{n}]" for n in range(size)),
            ]
        )
    )
    return "\n\n".join([*pieces, big]) + "\n"


# ---------------------------------------------------------------- the file's bytes


class Drawn:
    """An article file's bytes, shown short when an example fails."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"Drawn({self.data[:300]!r}{'…' if len(self.data) > 300 else ''} ({len(self.data):,} bytes))"


@st.composite
def articles(draw: st.DrawFn) -> Drawn:
    """An article file: fair front matter or random YAML, then a body, the whole spoilt or not."""
    if draw(st.booleans()):
        return Drawn(_encoded(draw, "\n".join(["---", *draw(fair_front_matter()), "---", draw(body())]), False))
    rows = draw(front_matter())
    opening = draw(st.sampled_from(["---", "---", "---", "--- ", "---\t", "----", " ---", "", "+++"]))
    closing = draw(st.sampled_from(["---", "---", "---", "...", "--- x", "", "---\n---"]))
    return Drawn(_encoded(draw, "\n".join([opening, *rows, closing, draw(body())]), True))


def _encoded(draw: st.DrawFn, text: str, spoilt: bool) -> bytes:
    """``text`` as a file's bytes: its line ends LF, CRLF, CR or mixed, with a byte order mark or not; when
    ``spoilt``, with bytes that are not UTF-8, control bytes and a very long line too."""
    ending = draw(st.sampled_from(["\n", "\n", "\r\n", "\r", "mixed"]))
    if ending == "mixed":
        text = "".join(line + ("\r\n" if n % 2 else "\r") for n, line in enumerate(text.split("\n")))
    else:
        text = text.replace("\n", ending)
    data = text.encode("utf-8", "surrogatepass")
    if not spoilt:
        return (b"\xef\xbb\xbf" if draw(st.integers(0, 5)) == 0 else b"") + data
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        spoil = draw(st.sampled_from([b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x1b[31m", b"\x07", b"\t", b"\r"]))
        data = data[:at] + spoil + data[at:]
    if draw(st.integers(0, 5)) == 0:
        data = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf"])) + data
    if draw(st.integers(0, 9)) == 0:
        data = data.replace(b"\n", b" " * 20_000 + b"\n", 1)  # a very long line
    return data


# ---------------------------------------------------------------- running it


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site made by `jiading init` and built once."""
    root = tmp_path_factory.mktemp("fuzz") / "site"
    runner = CliRunner()
    made = runner.invoke(app, ["init", str(root), "--yes", "--language", "en"], env={"JIADING_NOW": NOW})
    assert made.exit_code == 0, made.output
    with contextlib.chdir(root):
        built = runner.invoke(app, ["build"], env={"JIADING_NOW": NOW})
    assert built.exit_code == 0, built.output
    return root


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(root: Path, args: list[str], bound: float, env: dict[str, str] | None = None) -> Result:
    with contextlib.chdir(root), watchdog(bound):
        result = CliRunner().invoke(app, args, env={"JIADING_NOW": NOW, "COLUMNS": "400", **(env or {})})
    shown = result.stdout + result.stderr
    assert result.exit_code in EXITS[args[0]], (args, result.exit_code, shown[-2000:])
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    assert "Traceback" not in shown, (args, shown[-2000:])
    return result


def check_problems(result: Result, rows: list[str]) -> None:
    """Every problem of `validate --format json` names the file, on one line, and a line of it where it has one:
    for a field's value, the line that names the field; for a link, a line where one starts."""
    report = json.loads(result.stdout)
    for problem in report["problems"]:
        assert problem["path"] in (ARTICLE, "articles/en/2026/welcome.md"), problem
        assert CONTROL.search(problem["message"] + problem["field"]) is None, problem
        assert len(problem["message"]) <= MESSAGE_MAX, problem["message"][:200]
        if problem["code"] in UNLOCATED or problem["path"] != ARTICLE:
            continue
        assert 1 <= (problem["line"] or 0) <= len(rows), (problem, len(rows))
        row = rows[problem["line"] - 1]
        if problem["code"] in AT_FIELD and problem["field"] not in ("", "body"):
            names = [problem["field"], *(alias for alias, name in ALIASES.items() if name == problem["field"])]
            shown = printable(row)  # the field as a report names it: a tab in its name as '\t'
            assert any(name in row or name in shown for name in names), (problem, row)
        elif problem["code"] in AT_LINK:
            assert "[" in row or "<" in row, (problem, row)


def check_text(result: Result) -> None:
    """Every line of the text report is a problem naming the file, a count of those not shown, or the summary."""
    for line in result.stdout.splitlines():
        if not line or re.match(r"^\d+ errors?, \d+ warnings?, \d+ notes? in ", line):
            continue
        if PROBLEM.match(line) is None:
            assert re.match(r"^articles/\S+\.md: [\d,]+ more problems? not shown", line), line


def check_output(public: Path, before: dict[str, bytes], built: Result) -> None:
    """The output folder holds what its manifests list, each file with the bytes listed; after a failed build,
    what the last build left, unchanged."""
    now = files(public)
    if built.exit_code != 0 and "nothing written" in built.stdout + built.stderr:
        assert now == before
        return
    listed = set(MANIFESTS)
    for name in MANIFESTS:
        for path, digest in json.loads(now[name])["files"].items():
            assert path in now, f"{path} is listed in {name} but not written"
            assert digest == "sha256:" + hashlib.sha256(now[path]).hexdigest(), f"{path} differs from {name}"
            listed.add(path)
    assert set(now) == listed, f"stray files: {sorted(set(now) - listed)}"
    for path, data in now.items():  # and each feed and page can be read by what reads it
        if path.endswith((".xml", ".xsl")):
            ElementTree.fromstring(data)
        elif path.endswith(".json"):
            json.loads(data)
        elif path.endswith(".html"):
            data.decode("utf-8")


def exercise(made: Path, data: bytes, unsafe: bool = False) -> None:
    with tempfile.TemporaryDirectory(dir=made.parent) as folder:
        root = Path(folder) / "site"
        shutil.copytree(made, root, symlinks=True)
        (root / ARTICLE).write_bytes(data)
        if unsafe:  # raw HTML kept as HTML: pages and feeds must still be read whole
            config = root / "jiading.toml"
            text = config.read_text(encoding="utf-8")
            assert "# unsafe_html = false" in text
            config.write_text(text.replace("# unsafe_html = false", "unsafe_html = true"), encoding="utf-8")
        rows = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").decode("utf-8", "replace").split("\n")
        bound = SECONDS * (1 + len(data) / 1_000_000)
        check_text(run(root, ["validate"], bound))
        fast = run(root, ["validate", "--format", "json"], bound)
        check_problems(fast, rows)
        slow = run(root, ["validate", "--format", "json"], bound, {"JIADING_CACHE": "off", "JIADING_FAST_FRONT": "off"})
        assert json.loads(slow.stdout)["problems"] == json.loads(fast.stdout)["problems"]
        json.loads(run(root, ["list", "--json"], bound).stdout)
        before = files(root / "public")
        check_output(root / "public", before, run(root, ["feed", "build"], bound))
        before = files(root / "public")
        built = run(root, ["build"], bound)
        event(f"build exit {built.exit_code}")
        check_output(root / "public", before, built)
        assert (root / ARTICLE).read_bytes() == data, "the article was rewritten"
        assert {p.name for p in (root / "articles").rglob("*")} == {"en", "2026", "welcome.md", "fuzz.md"}
        (root / ARTICLE).unlink()  # and the next build takes away all that article made
        before = files(root / "public")
        check_output(root / "public", before, run(root, ["build"], bound))
        assert not [path for path in files(root / "public") if "fuzz" in path or "a-park" in path]


ESCAPE_IN_FRONT = b"\xef\xbb\xbf---\n\x1b[31mtitle: x\n---\n\n"
LINE_SEPARATORS = (
    '---\nid: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\ntitle: "a\u2028b\u2029c\x85d"\nlang: en\n'
    "date: 2026-13-20\nslug: Bad Slug\ncategory: News # c\n---\nBody\n"
).encode()


@settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(articles(), st.integers(0, 3).map(lambda n: n == 0))
@example(Drawn(ESCAPE_IN_FRONT), False)
@example(Drawn(LINE_SEPARATORS), False)
def test_no_article_file_breaks_the_contract(made: Path, drawn: Drawn, unsafe: bool) -> None:
    exercise(made, drawn.data, unsafe)


# ---------------------------------------------------------------- what the search found, each held on its own

BOTH = ({}, {"JIADING_CACHE": "off", "JIADING_FAST_FRONT": "off"})


def _validate(site: Site, *args: str) -> list[str]:
    """The lines `validate` prints about ``articles/a.md``, after checking they are the same without the cache."""
    shown = [
        [line for line in site.run("validate", *args, env=env).stdout.splitlines() if "a.md" in line] for env in BOTH
    ]
    assert shown[0] == shown[1]
    return shown[0]


def test_a_character_yaml_cannot_read_is_one_line_on_its_own_line(site: Site) -> None:
    site.write("articles/a.md", front().replace("title:", "\x1b[31mtitle:") + "Body.\n")
    assert _validate(site) == [
        "articles/a.md:3: error JD101 expected text YAML can read, found the character U+001B ('\\x1b') on this "
        "line; remove it, or write it as an escape inside double quotes"
    ]


def test_no_message_can_break_a_line_or_drive_a_terminal() -> None:
    """A message quoting a library's error or a file's text (a line break, an escape) stays one line."""
    from jiading_cli.model.errors import Problem

    problem = Problem("a.md", 2, "JD101", "error", "ti\x1btle", 'bad\n  in "<unicode string>"\x1b[2J \ud800')
    assert problem.render() == 'a.md:2: error JD101 ti\\x1btle: bad\\n  in "<unicode string>"\\x1b[2J \\ud800'


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_after_a_character_yaml_takes_for_a_line_break_each_field_is_on_its_own_line(
    site: Site, separator: str
) -> None:
    """YAML ends a line at NEL, LS and PS, which editors show inside one: lines are counted as the file has them."""
    title = f'title: "Jiading{separator}opens{separator}a park"\ndate: 2026-13-20\ncategory: News # c\n'
    site.write("articles/a.md", front(title=None, date=None).replace("---\n", "---\n" + title, 1) + "Body.\n")
    shown = _validate(site)
    # YAML keeps LS and PS in a quoted scalar, a line break in the title (JD141), and folds NEL into a space
    kept = [["articles/a.md:2:", "error", "JD141"]] if separator != "\x85" else []
    assert [line.split(" ", 3)[:3] for line in shown] == [
        *kept,
        ["articles/a.md:3:", "error", "JD104"],
        ["articles/a.md:4:", "warning", "JD109"],
    ]
    site.write("articles/a.md", front(title=f"Jiading{separator}opens") + "Body.\n")
    (line,) = _validate(site)
    hint = f"; line 3 holds U+{ord(separator):04X}, which YAML reads as a line break: remove it"
    # said on the line YAML began to read as a field, the one holding the break, not the line after it
    assert line.startswith("articles/a.md:3: error JD101 YAML syntax error: ") and line.endswith(hint)


@pytest.mark.parametrize("separator", ["\u2028", "\x0c", "\x1c", "\x85"])
def test_a_suppression_is_on_the_line_the_problem_is_reported_at_after_any_character(
    site: Site, separator: str
) -> None:
    """Lines end at a line feed alone, for suppressions as for every problem, whatever other characters a body holds."""
    site.article(body=f"Before{separator}after.\n\n[plan](javascript:f()) <!-- jiading: ignore JD165 -->\n")
    shown = _validate(site, "--strict")
    assert not [line for line in shown if "JD165" in line or "JD107" in line]


def test_a_problem_quoting_a_long_value_stays_a_line_one_can_read(site: Site) -> None:
    """A link of 250,000 characters is quoted by its first 80; no message is longer than 1,000 characters."""
    from jiading_cli.model.errors import Problem

    site.article(body="![x](" + "yz" * 125_000 + ".png)\n")
    (line,) = [line for line in _validate(site) if "JD162" in line]
    target = "yz" * 39 + "y…"
    assert (
        line == f"articles/a.md:7: error JD162 body: expected the linked file to exist, got '{target}' (no such file)"
    )
    long = Problem("a.md", 2, "JD104", "error", "title", "x" * 5_000)
    assert len(long.render()) == LINE_MAX and long.message.endswith("x…")


def test_raw_html_and_links_are_reported_on_the_line_they_start_on(site: Site) -> None:
    """After a code span, a link's destination or a link's text that runs over several lines, as on any other."""
    body = "`code\nspan` <b>\n\n[a](\nfile:x\n) <i>\n\n[a\nb](javascript:y) <s>\n"
    site.article(body=body)
    shown = [line.split(" ", 3)[:3] for line in _validate(site)]
    assert shown == [
        ["articles/a.md:8:", "warning", "JD190"],
        ["articles/a.md:10:", "warning", "JD165"],
        ["articles/a.md:12:", "warning", "JD190"],
        ["articles/a.md:14:", "warning", "JD165"],
        ["articles/a.md:15:", "warning", "JD190"],
    ]
