"""Hostile inputs to `jiading build`'s pages: what a site's templates folder holds, the names its articles use, the
folders it writes to. Each ends in one line naming the file and what was expected, with a documented exit code, and
a build that reuses an earlier one's answer gives the same line a cold one gives."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import settle, shell_signals, tree
from pages.sample import NOT_A_FILE, NOW, make, run

PART_PAGE = '{% extends "base.html" %}\n{% block main %}\n{% include "parts/part.html" %}\n{% endblock %}\n'


STANDING = NOT_A_FILE


def _linked_parts(root: Path) -> Path:
    """A site whose article.html includes parts/part.html, from a folder of parts the templates folder links to."""
    (root / "templates").mkdir()
    (root / "shared").mkdir()
    (root / "shared/part.html").write_text("<p>First part</p>\n", encoding="utf-8")
    (root / "templates/parts").symlink_to("../shared")
    (root / "templates/article.html").write_text(PART_PAGE, encoding="utf-8")
    return root / "shared/part.html"


@pytest.mark.parametrize("name", ["article.html", "base.html", "list.html", "parts/part.html"])
@pytest.mark.parametrize("kind", list(STANDING))
def test_a_build_that_could_reuse_the_last_one_names_what_stands_at_a_template_name(
    tmp_path: Path, name: str, kind: str
) -> None:
    """A built site, then something other than a file put where a template of the site goes (or where a
    template in a folder the templates folder links to goes): the next build names it as a cold build does, never
    reuses the last build's answer or pages as if the site kept the shipped theme."""
    make(tmp_path)
    _linked_parts(tmp_path)
    settle(tmp_path)
    assert run(tmp_path, "build").exit_code == 0
    assert "0 new, 0 changed" in run(tmp_path, "build").output  # the answer the next build would reuse
    target = tmp_path / ("shared/part.html" if name == "parts/part.html" else f"templates/{name}")
    if target.exists():
        target.unlink()
    put, said = STANDING[kind]
    put(target)
    warm = run(tmp_path, "build")
    assert warm.exit_code == 1, warm.output
    assert warm.stderr == f"Error: templates/{name}: template: {said}\n"
    shutil.rmtree(tmp_path / ".jiading-cache")
    cold = run(tmp_path, "build")
    assert (cold.exit_code, cold.stderr) == (warm.exit_code, warm.stderr)


@pytest.mark.parametrize("edit", ["the part's text", "the link to another folder of parts"])
def test_an_edit_in_a_folder_the_templates_folder_links_to_is_built(tmp_path: Path, edit: str) -> None:
    """The templates folder's own files untouched, a template read through a link to a folder changes: the next
    build makes the pages with it, never reuses the last build's answer."""
    make(tmp_path)
    part = _linked_parts(tmp_path)
    (tmp_path / "other").mkdir()
    (tmp_path / "other/part.html").write_text("<p>Second part</p>\n", encoding="utf-8")
    settle(tmp_path)
    assert run(tmp_path, "build").exit_code == 0
    page = tmp_path / "public/en/news/2017/07/financial-industry-to-boost-jiading/index.html"
    assert "<p>First part</p>" in page.read_text(encoding="utf-8")
    if edit == "the part's text":
        part.write_text("<p>Second part</p>\n", encoding="utf-8")
        settle(tmp_path / "shared")
    else:
        (tmp_path / "templates/parts").unlink()
        (tmp_path / "templates/parts").symlink_to("../other")
    result = run(tmp_path, "build")
    assert result.exit_code == 0, result.output
    assert "<p>Second part</p>" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "put", "kind"),
    [
        ("notes", os.mkfifo, "a FIFO"),
        ("zero.html", lambda path: path.symlink_to("/dev/zero"), "a character device"),
        ("deep/er/pipe", os.mkfifo, "a FIFO"),
    ],
)
def test_a_fifo_or_a_device_anywhere_in_the_templates_folder_is_named_never_read(
    tmp_path: Path, name: str, put: Callable[[Path], None], kind: str
) -> None:
    """No build can tell what a FIFO or a device holds without waiting or reading for ever: one in the templates
    folder, a template's name or not, ends the build in one line naming it, warm or cold, before anything is
    written."""
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    settle(tmp_path)
    assert run(tmp_path, "build").exit_code == 0
    before = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "public").rglob("*"))
    (tmp_path / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
    put(tmp_path / "templates" / name)
    for _ in ("warm", "cold"):
        result = run(tmp_path, "build")
        assert result.exit_code == 1, result.output
        assert result.stderr == f"Error: templates/{name}: template: expected a template file, got {kind}\n"
        assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "public").rglob("*")) == before
        shutil.rmtree(tmp_path / ".jiading-cache", ignore_errors=True)


def test_a_loop_of_folders_in_the_templates_folder_ends(tmp_path: Path) -> None:
    """A link in the templates folder to a folder above it (the folder itself, the site) is walked once."""
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/again").symlink_to(".")
    (tmp_path / "templates/site").symlink_to("..")
    result = run(tmp_path, "build")
    assert result.exit_code == 0, result.output


INTERRUPTED = """
import os, signal, sys

number, signum = int(sys.argv[1]), int(sys.argv[2])
real_open = os.open
count = 0


def opening(path, flags, *args, **kwargs):
    global count
    fd = real_open(path, flags, *args, **kwargs)
    if flags & os.O_CREAT and ".jiading-" in os.fspath(path):
        count += 1
        if count == number:  # the signal comes while the temporary file is made, as it most often does
            os.kill(os.getpid(), signum)
    return fd


os.open = opening
sys.argv = ["jiading", "build", "-q"]
from jiading_cli.cli import main

main()
"""


def _stray(root: Path) -> list[str]:
    from jiading_cli.base.tempnames import is_leftover

    return sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*") if is_leftover(p.name) or p.name.endswith(".writing")
    )


@pytest.mark.parametrize(
    ("signum", "said"),
    [
        (signal.SIGINT, "Error: interrupted\n"),
        (signal.SIGTERM, "Error: stopped by SIGTERM\n"),
        (signal.SIGHUP, "Error: stopped by SIGHUP\n"),
    ],
)
@pytest.mark.parametrize("number", [1, 6, 9, 20, 33, 44])
def test_a_build_stopped_by_a_signal_as_a_file_is_made_leaves_no_stray_file(
    tmp_path: Path, signum: int, said: str, number: int
) -> None:
    """Ctrl-C, SIGTERM (a CI job cancelled, ``timeout``) or SIGHUP arriving the moment a build makes its
    ``number``-th temporary file (a page's, a feed's, a store's of the cache): one line, 128 plus the signal's
    number, no temporary file or mark left anywhere (a next build that finds no mark looks for none), and the next
    build gives what a build of the site from nothing gives."""
    (tmp_path / "site").mkdir()
    site = make(tmp_path / "site")
    settle(site)
    assert run(site, "build").exit_code == 0
    before = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()}
    config = site / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("Invest in", "Investing in"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src"), "JIADING_NOW": NOW}
    env.pop("JIADING_CONFIG", None)
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED, str(number), str(signum)],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=shell_signals,
    )
    assert (done.returncode, done.stderr) == (128 + signum, said), done.stdout
    assert _stray(site) == []
    now = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()}
    assert set(now) == set(before)  # every file the old one or the new one, none gone, none half-made
    assert run(site, "build").exit_code == 0
    assert _stray(site) == []
    cold = tmp_path / "cold"
    shutil.copytree(site, cold, ignore=shutil.ignore_patterns("public", ".jiading-cache"))
    assert run(cold, "build").exit_code == 0
    assert tree(site / "public") == tree(cold / "public")


@pytest.mark.parametrize(
    "folder", [".jiading-cache", ".jiading-cache/templates", "./.jiading-cache/theme/", ".git", "theme/../.git/t"]
)
def test_a_templates_folder_in_the_cache_or_in_git_is_refused_before_anything_is_written(
    tmp_path: Path, folder: str
) -> None:
    """Deleting the cache, as its page says anyone may, would take the site's templates with it; git's folder
    holds git's files. Either is refused as `site.articles_dir` is, one line naming the key, exit 2."""
    make(tmp_path)
    config = tmp_path / "jiading.toml"
    config.write_text(config.read_text().replace("[pages]\n", f'[pages]\ntemplates_dir = "{folder}"\n'))
    result = run(tmp_path, "build")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: jiading.toml:")
    assert "pages.templates_dir: expected a folder path inside the site" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "public").exists()


LINKED = [
    "en",
    "en/news/2017",
    "en/news/2017/07/financial-industry-to-boost-jiading",
    "assets",
    "tags",
    "tags/finance",
    "en/2017",
]


@pytest.mark.parametrize("command", [["build"], ["feed", "build"]])
@pytest.mark.parametrize("warm", [False, True])
@pytest.mark.parametrize("place", LINKED)
def test_a_link_to_another_folder_inside_the_output_folder_is_in_the_way(
    tmp_path: Path, place: str, warm: bool, command: list[str]
) -> None:
    """``public/en`` (or any folder a build writes in) a link to a folder elsewhere: the build would write through
    it, over files it did not make, and remove its old files there. It is in the way, as a file there is: one line
    naming it, exit 1, nothing written through it or anywhere, the last build's files as they were."""
    site = tmp_path / "site"
    site.mkdir()
    make(site)
    public = site / "public"
    if warm:
        assert run(site, "build").exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("not jiading's\n", encoding="utf-8")
    (elsewhere / "feed.xml").write_text("not jiading's\n", encoding="utf-8")
    (public / place).parent.mkdir(parents=True, exist_ok=True)
    if (public / place).exists():
        shutil.rmtree(public / place)
    (public / place).symlink_to(elsewhere, target_is_directory=True)
    before = tree(public)
    result = run(site, *command)
    if command == ["feed", "build"] and place.startswith(("assets", "en/news", "en/2017")):
        assert result.exit_code == 0, result.output  # no feed goes there
    else:
        assert result.exit_code == 1, result.output
        assert result.stderr == (f"Error: public/{place}: cannot write: a link to a folder is in the way of it\n")
        assert tree(public) == before
    assert sorted(os.listdir(elsewhere)) == ["feed.xml", "index.html"]
    assert {p.read_text(encoding="utf-8") for p in elsewhere.iterdir()} == {"not jiading's\n"}
    assert _stray(site) == []


PIECES = [
    "{{ x }}",
    "{{ x is defined }}",
    "{% set x = 1 %}",
    "{% set x = (x ~ 'a') if x is defined else 'b' %}",
    "{% set y %}Y{{ lang }}{% endset %}",
    "{{ y is defined }}",
    "{% macro q() %}Q{% endmacro %}",
    "{{ q() if q is defined else 'no q' }}",
    "{{ varargs if varargs is defined else 'no varargs' }}",
    "{{ kwargs if kwargs is defined else 'no kwargs' }}",
    "{{ caller() if caller is defined else 'no caller' }}",
    "{{ item if item is defined else 'no item' }}",
    "{% if lang %}{% set x = 3 %}{% endif %}",
    "{{ loop.index if loop is defined else 'no loop' }}",
    "{% for z in [1, 2] %}{{ z }}{% set x = z %}{% endfor %}",
    "{{ lang }}",
]
AROUND = [
    "{body}",
    "{{% macro m(a) %}}{body}{{% endmacro %}}{{{{ m(1, 2, k=3) }}}}{{% call m(0) %}}c{{% endcall %}}",
    "{{% for item in [1, 2, 1] %}}{body}{{% endfor %}}",
]


@st.composite
def _once_templates(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6))
    start = draw(st.integers(0, len(pieces) - 1))
    end = draw(st.integers(start + 1, len(pieces)))
    pieces[start:end] = ["{% once %}", *pieces[start:end], "{% endonce %}"]
    return draw(st.sampled_from(AROUND)).format(body="".join(pieces))


def _made(folder: Path, text: str) -> str:
    from jiading_cli.pages.theme import TemplateError, theme

    (folder / "drawn.html").write_text(text, encoding="utf-8")
    try:
        return theme(folder, folder.parent).render("drawn.html", {"lang": "en"})
    except TemplateError as exc:
        return f"error: {exc}"


@settings(max_examples=150, deadline=None)
@given(_once_templates())
def test_once_gives_what_its_body_gives_without_the_tags(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    """``{% once %}`` only saves work: whatever its body does (sets a variable or defines a macro the text after it
    reads, names a macro's ``caller``, ``varargs`` or ``kwargs``, reads ``loop``), the page is what the same
    template without the tags gives, the same text or the same error."""
    folder = tmp_path_factory.mktemp("templates")
    plain = text.replace("{% once %}", "").replace("{% endonce %}", "")
    assert _made(folder, text) == _made(folder, plain), text


@pytest.mark.parametrize("command", [["build"], ["feed", "build"]])
@pytest.mark.parametrize("preview", [[], ["--include-drafts"]])
def test_an_out_given_nothing_is_refused_never_taken_for_the_deployed_folder(
    tmp_path: Path, command: list[str], preview: list[str]
) -> None:
    """``jiading build --out "$STAGING"`` with the variable unset: one line, exit 2, nothing written, as an empty
    DIR, PATH, --config or --tag is, never a build into site.output_dir (or its preview folder)."""
    make(tmp_path)
    result = run(tmp_path, *command, "--out", "", *preview)
    assert (result.exit_code, result.stderr) == (2, "Error: --out: expected a folder, got '' (nothing was written)\n")
    assert not (tmp_path / "public").exists() and not (tmp_path / "public-preview").exists()


def test_a_build_without_pages_never_looks_at_the_templates_folder(tmp_path: Path) -> None:
    """With ``[pages] enabled = false`` no template is read: a FIFO among them stops nothing."""
    make(tmp_path)
    config = tmp_path / "jiading.toml"
    config.write_text(config.read_text().replace("[pages]\n", "[pages]\nenabled = false\n"))
    (tmp_path / "templates").mkdir()
    os.mkfifo(tmp_path / "templates/notes")
    result = run(tmp_path, "build")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "public/index.html").exists()
