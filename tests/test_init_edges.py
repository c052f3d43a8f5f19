"""`jiading init` against adversarial answers and file-system states: every site it makes loads and passes
`jiading validate` with no problem, or it refuses in one line per problem with a documented exit code, having
written nothing; it never writes over anything, through a link, or half a site."""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from conftest import NOW
from jiading_cli.app import newfiles
from jiading_cli.cli import app
from test_new_article_edges import ADVERSARIAL, snapshot

URLS = [
    "https://news.example.com", "https://news.example.com/", "https://news.example.com/path/", "", " ", "https://",
    "http://news.example.com", "ftp://x.com", "//news.example.com", "https://news..example.com",
    "https://news.example.com/a b", "https://news.example.com?x=1", "https://news.example.com#x",
    "https://user@news.example.com", "https://news.example.com:99999", "https://news.example.com\n",
    "https://news.example.com/\"x", "https://news.example.com/'x", "https://例子.测试", "https://[::1]/",
    "https://news.example.com/%2F", "https://news.example.com/{slug}", "HTTPS://NEWS.EXAMPLE.COM",
    "https://news.example.com/\x00", "javascript:alert(1)", "https://news.example.com/" + "x" * 3000,
]  # fmt: skip
LANGUAGES = [
    "en", "zh-CN", "en,zh-CN", "en,EN", "zh-cn", "ZH-CN,en", "en,,fr", ",", " en , fr ", "en;fr", "en_US", "cn",
    "x-private", "qaa", "zh-Hant-TW", "en,en-US", "de,fr,ja,ko,ar,he", ",".join(["en"] * 200), "", "en\nfr",
]  # fmt: skip
ZONES = [
    "UTC", "utc", "Asia/Shanghai", "asia/shanghai", "Asia/Shanghai ", "", "../../etc/passwd", "/etc/localtime",
    "localtime", "posixrules", "posix/Asia/Shanghai", "right/UTC", "Etc/GMT+14", "EST5EDT", "+08:00", "Asia",
    "zone.tab", "A" * 300, "Asia/Shanghai\n", "Asia\x00/Shanghai",
]  # fmt: skip
FLAGS = ("--yes", "--title", "Invest in Jiading", "--base-url", "https://news.example.com")
NEXT = 'jiading new-article "Title", jiading validate, jiading build'


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"JIADING_NOW": NOW, "JIADING_CONFIG": None})


@contextmanager
def here(folder: Path) -> Iterator[Path]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(before)


@contextmanager
def empty_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="jiading-init-") as folder, here(Path(folder)) as root:
        yield root


def judge(root: Path, args: list[str]) -> Result:
    """``init ARGS site`` in ``root``: a site that loads and validates with no problem, or a refusal in one line
    per problem and nothing written."""
    result = run("init", "--yes", *args, "--", "site")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        assert result.exit_code in (1, 2), (args, result.output)
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith("Error: ") for line in lines), (args, result.stderr)
        assert all(len(line) <= 1_200 for line in lines), lines  # a value is quoted cut, never whole
        assert list(root.iterdir()) == [], args
        return result
    site = root / "site"
    config = tomllib.loads((site / "jiading.toml").read_text(encoding="utf-8"))["site"]
    assert "\n" not in config["title"] and config["title"].strip() == config["title"]
    with here(site):
        checked = run("validate", "--format", "json")
    assert checked.exit_code == 0, (args, checked.output)
    report = json.loads(checked.stdout)
    assert (report["errors"], report["warnings"], report["notes"]) == (0, 0, 0), (args, report["problems"])
    assert report["files"] == len(list((site / "articles").rglob("*.md")))
    return result


@settings(max_examples=60, deadline=None)
@given(
    title=st.sampled_from(ADVERSARIAL) | st.text(max_size=40),
    url=st.sampled_from(URLS),
    languages=st.lists(st.sampled_from(LANGUAGES) | st.text(max_size=8), min_size=1, max_size=2),
    zone=st.sampled_from(ZONES) | st.text(max_size=12),
)
@example(title='a "quoted" title\\', url=URLS[0], languages=["en,zh-CN"], zone="Asia/Shanghai")
@example(title="News\n[site]\ntitle = 'x'", url=URLS[0], languages=["en"], zone="UTC")
def test_every_site_loads_and_validates_or_is_refused_in_one_line_per_problem(
    title: str, url: str, languages: list[str], zone: str
) -> None:
    args = ["--title", title, "--base-url", url, "--timezone", zone]
    for value in languages:
        args += ["--language", value]
    with empty_folder() as root:
        result = judge(root, args)
    if result.exit_code == 0:
        assert result.stdout.endswith(f"Next: cd site && {NEXT}\n")


@pytest.mark.parametrize(
    ("option", "value"),
    [
        *(("--title", value) for value in ADVERSARIAL),
        *(("--base-url", value) for value in URLS),
        *(("--language", value) for value in LANGUAGES),
        *(("--timezone", value) for value in ZONES),
    ],
    ids=lambda value: repr(value)[:30],
)
def test_each_adversarial_answer(option: str, value: str) -> None:
    answers = {"--title": "Invest in Jiading", "--base-url": "https://news.example.com", option: value}
    with empty_folder() as root:
        judge(root, [part for pair in answers.items() for part in pair])


# ---------------------------------------------------------------- what the user sees


def refused(root: Path, args: list[str], code: int, *lines: str) -> None:
    before = snapshot(root)
    result = run("init", *args)
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr == "".join(f"Error: {line}\n" for line in lines)
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("option", "value", "line"),
    [
        ("--title", "News\nsite", "--title: expected one line of text, got 'News\\nsite'"),
        ("--title", "News\u2028site", "--title: expected one line of text, got 'News\\u2028site'"),
        ("--title", "News\x07", "--title: expected text without control characters, found U+0007"),
        ("--title", "News\tsite", "--title: expected one line of text without a tab, got 'News\\tsite'; use a space"),
        ("--language", "en,EN", "--language: expected each language once, got 'en' and 'EN'"),
        (
            "--timezone",
            "localtime",
            "--timezone: expected an IANA time zone name such as 'Asia/Shanghai', got 'localtime'",
        ),
        (
            "--timezone",
            "posix/Asia/Shanghai",
            "--timezone: expected an IANA time zone name such as 'Asia/Shanghai', got 'posix/Asia/Shanghai'",
        ),
        (  # what is wrong with the URL is said, as jiading.toml's check says it
            "--base-url",
            "https://news..example.com",
            "--base-url: expected an absolute https:// URL, got 'https://news..example.com', where its host "
            "'news..example.com' has an empty label (two dots, or a dot at its start)",
        ),
        (
            "--base-url",
            "https://xn--zz.example.com",
            "--base-url: expected an absolute https:// URL, got 'https://xn--zz.example.com', where its host "
            "'xn--zz.example.com' has an 'xn--' label that is not IDNA's ASCII form of any name",
        ),
    ],
)
def test_a_wrong_answer_is_one_line_naming_its_option(tmp_path: Path, option: str, value: str, line: str) -> None:
    with here(tmp_path):
        refused(tmp_path, [*FLAGS, option, value], 2, line)


def test_a_title_the_examples_could_not_carry_is_refused_naming_each_field(tmp_path: Path) -> None:
    tail = "(in articles/en/2026/welcome.md); the new site would not pass `jiading validate`"
    found = "expected one line of plain text (it goes into an email header), found '=?'"
    with here(tmp_path):
        refused(
            tmp_path,
            ["--yes", "--title", "=?utf-8?q?News?=", "--base-url", "https://news.example.com"],
            2,
            f"--title: JD141 title: {found} {tail}",
            f"--title: JD141 authors: {found} {tail}",
        )


def test_a_title_too_long_for_share_cards_is_refused_with_the_warning(tmp_path: Path) -> None:
    with here(tmp_path):
        result = run("init", "--yes", "--title", "N" * 280, "--base-url", "https://news.example.com")
    assert result.exit_code == 2 and list(tmp_path.iterdir()) == []
    assert result.stderr.startswith(
        "Error: --title: JD151 summary: expected 20-300 characters for share cards, got 362 "
        "(in articles/en/2026/welcome.md); the new site would not pass `jiading validate` without a warning\n"
    )


@pytest.mark.parametrize(
    ("given", "language", "folders"),
    [("zh-cn,EN", "zh-CN", ["en", "zh-cn"]), ("ZH-hant-tw", "zh-Hant-TW", ["zh-hant-tw"])],
)
def test_languages_are_written_in_bcp47_case(tmp_path: Path, given: str, language: str, folders: list[str]) -> None:
    with here(tmp_path):
        assert run("init", *FLAGS, "--language", given).exit_code == 0
        assert run("validate").exit_code == 0
    assert tomllib.loads((tmp_path / "jiading.toml").read_text(encoding="utf-8"))["site"]["language"] == language
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == folders


def test_a_title_with_quotes_and_backslashes_gives_a_config_that_loads(tmp_path: Path) -> None:
    title = 'Jiading "News" \\ C:\\new # [site]'
    with here(tmp_path):
        assert run("init", "--yes", "--title", title, "--base-url", "https://news.example.com").exit_code == 0
        assert run("validate").exit_code == 0
    text = (tmp_path / "jiading.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text)["site"]["title"] == title
    assert text.startswith("# The site configuration of jiading ")


def link(target: str) -> Callable[[Path], object]:
    return lambda path: path.symlink_to(target.format(outside=path.parents[1] / "outside"))


@pytest.mark.parametrize(
    ("made", "code", "line"),
    [
        ({"site": "file"}, 2, "site: not a folder but a file"),
        ({"site": link("nowhere")}, 2, "site: not a folder but a symbolic link"),
        ({"site": link("site")}, 2, "site: not a folder but a symbolic link"),
        (  # a regular one is added to
            {"site/.gitignore": "folder"},
            1,
            "site/.gitignore: already exists (a folder); not overwritten (nothing was written)",
        ),
        (
            {"site/jiading.toml": link("nowhere")},
            1,
            "site/jiading.toml: already exists (a symbolic link); not overwritten (nothing was written)",
        ),
        (
            {"site/articles/en/2026/welcome.md": "folder"},
            1,
            "site/articles/en/2026/welcome.md: already exists (a folder); not overwritten (nothing was written)",
        ),
        (
            {"site/.github/workflows": "file"},
            1,
            "site/.github/workflows/jiading.yml: cannot write: site/.github/workflows is a file, not a folder "
            "(nothing was written)",
        ),
        (
            {"site/articles/en": "file"},
            1,
            "site/articles/en/2026/welcome.md: cannot write: site/articles/en is a file, not a folder "
            "(nothing was written)",
        ),
        (
            {"site/articles": link("{outside}")},
            1,
            "site/articles/en/2026/welcome.md: cannot write: site/articles is a symbolic link, not a folder "
            "(nothing was written)",
        ),
        (
            {"site/.github": link("{outside}")},
            1,
            "site/.github/workflows/jiading.yml: cannot write: site/.github is a symbolic link, not a folder "
            "(nothing was written)",
        ),
        ({"a": "file"}, 2, "a/b/site: not a folder (a is a file)"),
    ],
    ids=[
        "file",
        "dangling-link",
        "link-loop",
        "gitignore",
        "config-link",
        "folder-at-article",
        "file-above-workflow",
        "file-above-article",
        "articles-link-outside",
        "github-link-outside",
        "file-above-site",
    ],
)
def test_anything_in_the_way_is_named_and_nothing_is_written(
    tmp_path: Path, made: dict[str, object], code: int, line: str
) -> None:
    root = tmp_path / "work"
    (tmp_path / "outside").mkdir()
    for name, what in made.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if what == "file":
            path.write_text("mine\n", encoding="utf-8")
        elif what == "folder":
            path.mkdir()
        else:
            what(path)
    folder = "a/b/site" if "a" in made else "site"
    with here(root):
        refused(root, [*FLAGS, "--", folder], code, line)
    assert list((tmp_path / "outside").iterdir()) == []


def test_a_failure_half_way_removes_what_was_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = newfiles.create_new

    def full_disk(path: Path, data: bytes) -> None:
        if path.name == ".gitignore":
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(newfiles, "create_new", full_disk)
    (tmp_path / "site").mkdir()
    (tmp_path / "site/mine.txt").write_text("kept\n", encoding="utf-8")
    with here(tmp_path):
        refused(
            tmp_path,
            [*FLAGS, "site"],
            1,
            "site/.gitignore: cannot write: No space left on device (nothing was written)",
        )


@pytest.mark.parametrize(
    ("folder", "shown"),
    [("my site", "'my site'"), ("-x", "./-x"), ("$x;y", "'$x;y'"), ("新闻 网站", "'新闻 网站'"), ("a/../b", "a/../b")],
)
def test_the_next_step_is_a_command_a_shell_runs(tmp_path: Path, folder: str, shown: str) -> None:
    if folder.startswith("a/"):
        (tmp_path / "a").mkdir()
    with here(tmp_path):
        result = run("init", *FLAGS, "--", folder)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"Next: cd {shown} && {NEXT}"
    with here(tmp_path / folder):
        assert run("validate").exit_code == 0


def test_without_a_terminal_and_without_yes_init_takes_the_defaults(tmp_path: Path) -> None:
    with here(tmp_path):
        result = run("init")  # the runner's input is no terminal
        assert result.exit_code == 0, result.output
        assert run("validate").exit_code == 0
    site = tomllib.loads((tmp_path / "jiading.toml").read_text(encoding="utf-8"))["site"]
    assert site == {"title": "News", "base_url": "https://www.example.com", "language": "en", "timezone": "UTC"}


def test_each_file_a_site_made_already_has_is_named_in_the_way_of_init_run_again(tmp_path: Path) -> None:
    """init run again over what an init made, whole or one file of it (an example article copied in with the rest
    of a site's articles): each file there is named as in the way, never as an example with its own public URL."""
    with here(tmp_path):
        assert run("init", *FLAGS, "--language", "en,zh-CN", "--", "made").exit_code == 0
    made = sorted(p.relative_to(tmp_path / "made").as_posix() for p in (tmp_path / "made").rglob("*") if p.is_file())
    assert "articles/en/2026/welcome.md" in made
    with here(tmp_path / "made"):
        refused(tmp_path / "made", [*FLAGS, "--language", "en,zh-CN"], 1, NOTHING_THERE.format("jiading.toml"))
    for number, name in enumerate(made):
        if name == ".gitignore":  # a regular one is added to (tests/test_init_gitignore.py)
            continue
        root = tmp_path / f"again{number}"
        (root / "site" / name).parent.mkdir(parents=True)
        (root / "site" / name).write_bytes((tmp_path / "made" / name).read_bytes())
        with here(root):
            refused(root, [*FLAGS, "--language", "en,zh-CN", "--", "site"], 1, NOTHING_THERE.format(f"site/{name}"))


NOTHING_THERE = "{}: already exists; not overwritten (nothing was written)"
