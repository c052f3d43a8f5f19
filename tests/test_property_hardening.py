"""Any front matter and any body, and every config key with any value: `validate`, `list`, `feed build`, `build` and
`share` give lines and exit codes, never an exception, the same with and without the cache and the fast reader, in
time that grows linearly with the input.

Runs with a fixed seed and budget (``derandomize``), so CI sees the same examples every time.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from jiading_cli.cli import app

CONFIG = '[site]\ntitle = "Invest in Jiading"\nbase_url = "https://news.example.com"\ntimezone = "America/New_York"\n'
IDS = ["urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10", "urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5"]
NOW = "2026-11-27T12:00:00+08:00"
WAYS = [  # (JIADING_CACHE, JIADING_FAST_FRONT): the slow path first, then each accelerator, then a warm cache
    {"JIADING_CACHE": "off", "JIADING_FAST_FRONT": "off"},
    {"JIADING_CACHE": "off", "JIADING_FAST_FRONT": "on"},
    {"JIADING_CACHE": "on", "JIADING_FAST_FRONT": "off"},
    {"JIADING_CACHE": "on", "JIADING_FAST_FRONT": "on"},
    {"JIADING_CACHE": "on", "JIADING_FAST_FRONT": "on"},
]
PROPERTY = settings(
    derandomize=True,
    database=None,
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

odd = st.text(
    st.one_of(
        st.characters(exclude_categories=("Cs",)),
        st.sampled_from("\u200d\u202e\ufeff\u0085\u2028\u0301#:[]{}&*!|>'\"%@`\\,?-"),
    ),
    max_size=30,
)
scalars = st.one_of(
    odd.map(lambda text: " ".join(text.split())),
    odd.map(lambda text: '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'),
    st.sampled_from(['"\\ud800"', '"\\x00"', "'it''s'", "~", "null", "yes", "0x1F", "1e400", "1.10", "-.inf"]),
    st.integers().map(str),
    st.sampled_from(["2017-07-03T18:00:00+08:00", "2017-03-12 02:30:00", "2017-13-45", "0001-01-01", "2017-07-03"]),
    st.sampled_from(["!!bool maybe", "!!bool yes", "!!int x", "!!int 12", "!!float y", "!!timestamp nonsense"]),
    st.sampled_from(["!!binary x", "!!binary aGk=", "!!set {a, b, c}", "!!omap [a: 1]", "!!pairs [1]", "!!null x"]),
    st.sampled_from(["!!str [1]", "!!map x", "!!seq y", "!!python/object:os.system ls", "!custom x", "!<tag:x> y"]),
    st.sampled_from(["https://[oops/a", "https://a:99999/", "a%00b.png", "../../../../etc/hostname", "cn", "zh-CN"]),
    st.integers(0, 3000).map(lambda n: "x" * n),
    st.sampled_from(["x" * 70_000, "Big news #Jiading #Auto", "Jiading: a park", "a # b"]),
)


@st.composite
def values(draw: st.DrawFn, depth: int = 0) -> str:
    """A YAML value in flow style: scalars, lists and mappings nested up to 40 deep, with anchors and aliases."""
    kind = draw(st.integers(0, 9 if depth < 4 else 4))
    if kind <= 4:
        return draw(scalars)
    if kind == 5:
        return "[" * (n := draw(st.integers(10, 40))) + "x" + "]" * n
    if kind == 6:
        return "&a [" + ", ".join(["x"] * 10) + "]"
    if kind == 7:
        return draw(st.sampled_from(["*a", "[*a, *a, *a]", "{<<: *a}", "&b {k: *b}"]))
    items = draw(st.lists(values(depth + 1), max_size=4))
    if kind == 8:
        return "[" + ", ".join(items) + "]"
    return "{" + ", ".join(f"k{n}: {item}" for n, item in enumerate(items)) + "}"


KEYS = ["id", "title", "date", "updated", "summary", "author", "authors", "tags", "category", "lang", "slug"]
KEYS += ["image", "image_alt", "draft", "canonical_url", "translations", "share", "syndication", "tagz", "x"]


CLEAN = st.sampled_from(
    [
        "tags: [parks, 嘉定]",
        "category: Investment",
        "image: photo.png",
        "image_alt: A photo",
        "summary: A new industrial park opens in Jiading.",
        "lang: zh-CN",
        "draft: true",
        'share: {x: "Parks #Jiading"}',
        "updated: 2018-01-01T00:00:00Z",
        "author: Newsroom",
    ]
)


@st.composite
def front_matter(draw: st.DrawFn, index: int, clean: bool) -> str:
    rows = [f"id: {IDS[index]}", "title: A park opens", "date: 2017-07-03T18:00:00+08:00"]
    if clean:
        return "---\n" + "\n".join(rows + draw(st.lists(CLEAN, max_size=6, unique=True))) + "\n---\n"
    rows = [row for row in rows if draw(st.integers(0, 9))]  # now and then a required field is missing
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=6)):
        rows.insert(draw(st.integers(0, len(rows))), f"{key}: {draw(values())}")
    if draw(st.booleans()):
        rows.append("tags:\n  - a #b\n  - c")
    return "---\n" + "\n".join(rows) + "\n---\n"


TARGETS = st.sampled_from(
    [
        "https://[oops/a",
        "http://[::1/x.png",
        "http://[::1]/x",
        "https://a:99999/",
        "https://a:0/",
        "a%00b.png",
        "../../../../etc/hostname",
        "../jiading.toml",
        "photo.png",
        "b.md#top",
        "#frag",
        "/about/",
        "//cdn.example.com/a.png",
        "mailto:news@example.com",
        "a b",
        "[x]",
        "%zz",
        "?q=1",
        "https://example.com/a?b=c#d",
    ]
)


@st.composite
def body(draw: st.DrawFn, clean: bool) -> str:
    if clean:
        return draw(st.sampled_from(["Body.\n", "See [the photo](photo.png) and [more](https://e.com/a#b).\n"]))
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        target = draw(st.one_of(TARGETS, odd.map(lambda text: text.replace(")", "").replace("\n", ""))))
        form = draw(st.sampled_from(["[t]({})", "![i]({})", "[t](<{}>)", '<a href="{}">x</a>', "\n[r]: {}\n"]))
        parts.append(form.format(target))
    parts.append(draw(st.sampled_from(["", "Body.", "`[c](x.png)`", "[[[", "]](", "\x00", "\n```\n[f](y.png)\n"])))
    return " ".join(parts) + "\n"


def run(root: Path, way: dict[str, str], *args: str) -> Result:
    result = CliRunner().invoke(app, ["--config", str(root), *args], env={"JIADING_NOW": NOW, **way})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@st.composite
def site(draw: st.DrawFn) -> tuple[str, str, str]:
    """Two articles' front matter and a body: a third of the time all clean, to be built into feeds."""
    clean = not draw(st.integers(0, 2))
    return draw(front_matter(0, clean)), draw(front_matter(1, clean or draw(st.booleans()))), draw(body(clean))


@PROPERTY
@given(site())
def test_any_article_gives_the_same_lines_every_way_and_never_an_exception(drawn: tuple[str, str, str]) -> None:
    first, second, text = drawn
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
        (root / "articles").mkdir()
        (root / "articles/photo.png").write_bytes(b"png")
        (root / "articles/a.md").write_text(first + text, encoding="utf-8", errors="surrogatepass")
        (root / "articles/b.md").write_text(second + "Body.\n", encoding="utf-8", errors="surrogatepass")
        checked = [run(root, way, "validate", "--format", "json") for way in WAYS]
        assert len({(r.exit_code, r.stdout) for r in checked}) == 1, [r.stdout for r in checked]
        json.loads(checked[0].stdout)
        event("accepted" if checked[0].exit_code == 0 else "rejected")
        listed = [run(root, way, "list", "--json") for way in WAYS]
        assert len({(r.exit_code, r.stdout) for r in listed}) == 1
        outs = [root / f"out{n}" for n in range(len(WAYS))]
        built = [run(root, way, "feed", "build", "--out", str(out)) for out, way in zip(outs, WAYS, strict=True)]
        assert {r.exit_code for r in built} == {checked[0].exit_code}
        if checked[0].exit_code == 0:
            trees = [outputs(out) for out in outs]
            assert "feed.xml" in trees[0] and all(tree == trees[0] for tree in trees)
        site_built = run(root, WAYS[-1], "build", "--out", str(root / "site"))
        assert site_built.exit_code == checked[0].exit_code, site_built.output
        shown = run(root, WAYS[-1], "share", "--out", str(root / "payloads"))
        assert shown.exit_code in (0, 1)
        assert shown.exit_code == 1 or checked[0].exit_code == 0  # an article with an error is not shared


# ---------------------------------------------------------------- any config value

SITE_KEYS = ["title", "base_url", "description", "language", "timezone", "authors", "copyright", "articles_dir"]
SITE_KEYS += ["output_dir", "permalink", "phone"]
SECTION_KEYS = {
    "feeds": ["limit", "content", "per_language", "per_category", "per_tag", "ping_timeout"],
    "pages": ["enabled", "per_page", "templates_dir"],
    "share": ["utm_source", "utm_medium", "utm_campaign", "x_template", "weibo_template", "mailto_template"],
    "email": ["to", "smtp_host", "smtp_port", "subject", "template"],
}
HOSTILE = ['"' + "x" * 300 + '"', '"' + "x" * 5000 + '"', '"."', '".."', '"articles"', '"/"', '"{nope}"', '"{"']
HOSTILE += ['"../.."', '"\\u0000"', '""', "-1", "0", "10000000000000000000000", "[]", "{}", "true", "1.5", "nan"]
HOSTILE += ["inf", '["a", 1]', "1979-05-27T07:32:00Z", '"a/b/c"', '"' + "中" * 400 + '"', '"public"']


def _config(section: str, row: str) -> str:
    """The test config with ``row`` in ``section`` (replacing the key in ``[site]``)."""
    key = row.split(" = ")[0]
    lines = [line for line in CONFIG.splitlines() if not (section == "site" and line.startswith(f"{key} = "))]
    return "\n".join([*lines, row] if section == "site" else [*lines, f"[{section}]", row]) + "\n"


@pytest.mark.parametrize("value", HOSTILE)
def test_every_config_key_with_any_value_gives_lines_and_an_exit_code(value: str) -> None:
    """Every key given the value: a config error line (exit 2), or commands that run; never an exception."""
    keys = [("site", key) for key in SITE_KEYS] + [(name, k) for name, ks in SECTION_KEYS.items() for k in ks]
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "site"
        (root / "articles").mkdir(parents=True)
        (root / "articles/a.md").write_text(
            f"---\nid: {IDS[0]}\ntitle: A park opens\ndate: 2017-07-03T18:00:00+08:00\n"
            "summary: A new industrial park opens in Jiading.\n---\nBody.\n",
            encoding="utf-8",
        )
        for section, key in keys:
            (root / "jiading.toml").write_text(_config(section, f"{key} = {value}"), encoding="utf-8")
            checked = run(root, WAYS[-1], "validate")
            assert checked.exit_code in (0, 1, 2), checked.output
            if checked.exit_code != 2:
                for args in (["build"], ["share"]):
                    assert run(root, WAYS[-1], *args).exit_code in (0, 1, 2), (key, args)
            assert sorted(p.name for p in Path(scratch).iterdir()) == ["site"]  # nothing written beside it


# ---------------------------------------------------------------- linear time

SIZES = (1, 4)  # input at size n and 4n: linear work takes about 4 times as long, quadratic 16


def _article(front: str, text: str = "Body.\n") -> str:
    head = f"id: {IDS[0]}\ntitle: T\ndate: 2017-07-03T18:00:00+08:00\nsummary: A park opens in Jiading today.\n"
    return "---\n" + head + front + "---\n" + text


GROWING: dict[str, Callable[[int], str]] = {
    "a long title": lambda n: _article("").replace("title: T", "title: " + "Jiading parks 嘉定 " * (900 * n)),
    "a long share text": lambda n: _article(f"share: {{facebook: {'word ' * (3000 * n)}}}\n"),
    "many unknown keys": lambda n: _article("".join(f"key{k}: v\n" for k in range(1500 * n))),
    "many links": lambda n: _article(
        "", "".join(f"[a](https://e.com/{k}) ![i](../x{k}.png)\n" for k in range(700 * n))
    ),
    "a long body": lambda n: _article("", "Jiading opens a park. " * (12000 * n)),
    "many aliases": lambda n: _article("a: &a [x]\n" + "".join(f"k{k}: *a\n" for k in range(1200 * n))),
    "many tagged values": lambda n: _article("".join(f"k{k}: !!bool maybe\n" for k in range(1200 * n))),
}


def _cost(root: Path, source: str) -> float:
    (root / "articles/a.md").write_text(source, encoding="utf-8")
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        run(root, {"JIADING_CACHE": "off"}, "validate")
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize("shape", list(GROWING))
def test_validation_time_grows_linearly_with_the_input(tmp_path: Path, shape: str) -> None:
    (tmp_path / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "articles").mkdir()
    _cost(tmp_path, GROWING[shape](1))  # modules loaded and patterns compiled before measuring
    small, large = (_cost(tmp_path, GROWING[shape](n)) for n in SIZES)
    assert large < 8 * small + 0.05, f"{shape}: {small:.3f} s at n, {large:.3f} s at 4n"
