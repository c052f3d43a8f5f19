"""The mark of a build writing (``.jiading-pages.json.writing`` beside the pages' manifest): a build killed
with SIGKILL while it writes leaves it, and the next build then removes every temporary file the killed one
left; a build that ended, well or with an error, leaves neither the mark nor a folder of its own that is
empty."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import jiading_cli.pages as shipped_pages
from conftest import CONFIG, NOW, Site
from jiading_cli.base import files, tempnames

PAGES_MARK = ".jiading-pages.json.writing"
FEEDS_MARK = ".jiading-manifest.json.writing"
ARTICLES = 60


def many_articles(root: Path, title: str = "Jiading grows") -> None:
    """Articles enough that writing their pages takes a moment, each page in a folder of its own; the site's
    ``article.html`` makes each page take longer, so that a page is staged (its file written beside its
    place) well before the last page is made and every one is put in place, however fast pages are made."""
    root.mkdir(exist_ok=True)
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    shipped = (Path(shipped_pages.__file__).parent / "templates" / "article.html").read_text(encoding="utf-8")
    slow = shipped.replace(
        "{% block main %}",
        "{% block main %}{% for _ in range(3) %}{% for _ in range(100000) %}{% endfor %}{% endfor %}",
        1,
    )
    assert slow != shipped
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "article.html").write_text(slow, encoding="utf-8")
    for n in range(ARTICLES):
        path = root / "articles" / f"a{n:02d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(f"{title}, paragraph {p}. " + "Invest in Jiading. " * 40 for p in range(6))
        path.write_text(
            f"---\nid: urn:uuid:00000000-0000-4000-8000-{n:012d}\ntitle: {title} {n}\n"
            f"date: 2017-07-{1 + n % 28:02d}T{n % 24:02d}:00:00+08:00\nsummary: Article {n}.\n"
            f"tags: [tag-{n % 7}]\n---\n{body}\n",
            encoding="utf-8",
        )


def jiading(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "jiading_cli", *args]
    run_env = {**os.environ, "JIADING_NOW": NOW, "JIADING_CONFIG": "", **env}
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=run_env, check=False)


def temporary(folder: Path) -> list[Path]:
    return list(tempnames.leftovers(folder))


def pages(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but temporary files and the marks, by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not tempnames.is_leftover(p.name) and p.name not in (PAGES_MARK, FEEDS_MARK)
    }


def folders(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


def killed_while_staging(root: Path, limit: float = 120) -> None:
    """Start ``jiading build`` and kill it with SIGKILL as soon as one of its pages is staged."""
    command = [sys.executable, "-m", "jiading_cli", "build"]
    env = {**os.environ, "JIADING_NOW": NOW, "JIADING_CONFIG": ""}
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.monotonic() + limit
    try:
        while process.poll() is None and time.monotonic() < end:
            if _pages_staged(root):
                break
            time.sleep(0.001)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()


def _pages_staged(root: Path) -> list[Path]:
    return [p for p in temporary(root / "public") if p.name.startswith(".index.html.")]


def test_a_build_killed_while_writing_leaves_its_mark_and_the_next_removes_its_temporary_files(
    tmp_path: Path,
) -> None:
    root = tmp_path / "site"
    many_articles(root)
    assert jiading(root, "build").returncode == 0
    public = root / "public"
    before = pages(public)
    many_articles(root, "Jiading grows faster")  # every page changes: each is staged beside its old one
    killed_while_staging(root)
    assert _pages_staged(root), "the build was not killed while it wrote its pages"
    assert (public / PAGES_MARK).is_file()
    assert {name: data for name, data in pages(public).items() if name.endswith(".html")} == {
        name: data for name, data in before.items() if name.endswith(".html")
    }
    finished = jiading(root, "build")
    assert finished.returncode == 0, finished.stderr
    assert temporary(public) == [] and not (public / PAGES_MARK).exists()
    cold = jiading(root, "build", "--out", str(tmp_path / "cold"), JIADING_CACHE="off")
    assert cold.returncode == 0 and pages(tmp_path / "cold") == pages(public)


def test_a_cold_build_killed_while_writing_then_built_again_leaves_no_temporary_file(tmp_path: Path) -> None:
    """The killed build made the folders: the next one finds them, with the killed one's files in them."""
    root = tmp_path / "site"
    many_articles(root)
    killed_while_staging(root)
    public = root / "public"
    assert _pages_staged(root) and (public / PAGES_MARK).is_file()
    finished = jiading(root, "build")
    assert finished.returncode == 0, finished.stderr
    assert temporary(public) == [] and not (public / PAGES_MARK).exists()
    assert sum(1 for name in pages(public) if name.endswith("/index.html")) > ARTICLES


def test_a_build_that_ended_leaves_no_mark_and_the_next_lists_no_folder(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        site.article(f"a{n}.md", id=f"urn:uuid:00000000-0000-4000-8000-00000000000{n}", title=f"News {n}")
    assert site.run("build").exit_code == 0
    public = site.root / "public"
    assert not (public / PAGES_MARK).exists() and not (public / FEEDS_MARK).exists()
    listed: list[Path] = []
    real = tempnames.remove_leftovers_in

    def counted(folder: Path) -> list[Path] | None:
        listed.append(folder)
        return real(folder)

    monkeypatch.setattr(tempnames, "remove_leftovers_in", counted)
    site.article("a0.md", id="urn:uuid:00000000-0000-4000-8000-000000000000", title="News 0, edited")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert "3 changed" in result.output and listed == []  # nothing was killed: no folder to look through
    (public / PAGES_MARK).write_text("")  # as a build killed while writing leaves it
    site.article("a1.md", id="urn:uuid:00000000-0000-4000-8000-000000000001", title="News 1, edited")
    assert site.run("build").exit_code == 0
    assert public in listed and len(listed) > 3 and not (public / PAGES_MARK).exists()


def test_a_failed_build_leaves_no_mark_no_temporary_file_and_no_folder_it_made(site: Site) -> None:
    site.article()
    assert site.run("build").exit_code == 0
    public = site.root / "public"
    before, made = pages(public), folders(public)
    site.article("b.md", id="urn:uuid:00000000-0000-4000-8000-000000000001", title="A new article", tags="[new]")
    site.write("templates/404.html", "<h1>\n{% if %}</h1>")  # the 404 page is made after every other page
    result = site.run("build")
    assert result.exit_code == 1 and "404.html:2: template: " in result.stderr
    # the feeds go in place with the pages, or not at all: the folder is as the last build left it
    assert pages(public) == before
    assert folders(public) == made  # not even the new tag's feeds' folders
    assert temporary(public) == [] and not (public / PAGES_MARK).exists() and not (public / FEEDS_MARK).exists()


def test_a_file_in_the_way_of_a_new_folder_is_one_line_naming_the_file_where_it_stands(site: Site) -> None:
    site.article()
    assert site.run("build").exit_code == 0
    public = site.root / "public"
    (public / "tags").write_text("a file of mine")  # where the new tag's folders go
    before = pages(public)
    site.article(tags="[finance]")
    result = site.run("build")
    assert result.exit_code == 1
    assert result.stderr == "Error: public/tags: cannot write: a file is in the way of the folder\n"
    assert pages(public) == before and temporary(public) == []
    assert not (public / FEEDS_MARK).exists() and not (public / PAGES_MARK).exists()


@contextlib.contextmanager
def immutable(folder: Path) -> Iterator[None]:
    """``folder`` made one nobody may add to, root included (``chattr +i``), where the file system allows it."""
    if shutil.which("chattr") is None:
        pytest.skip("no chattr on this machine")
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i refused here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_new_folder_that_cannot_be_made_fails_the_build_with_the_file_it_was_for(site: Site) -> None:
    """One line, naming the file; the mark goes with the build."""
    site.article(tags="[finance]")
    assert site.run("build").exit_code == 0
    public = site.root / "public"
    before = pages(public)
    site.article(tags="[finance, energy]")  # a new tag: its feeds' and its page's folder is new
    with immutable(public / "tags"):
        result = site.run("build")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: public/tags/energy/") and result.stderr.count("\n") == 1
    assert result.stderr.endswith(": cannot write: Operation not permitted\n")
    assert pages(public) == before and temporary(public) == []
    assert not (public / FEEDS_MARK).exists() and not (public / PAGES_MARK).exists()


def test_discard_removes_the_empty_folders_a_stager_made_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "there").mkdir()
    stager = files.Stager()
    kept = stager.stage(tmp_path / "there/new/kept/a.html", b"a")
    files.commit(kept, tmp_path / "there/new/kept/a.html")
    temp = stager.stage(tmp_path / "there/new/empty/deep/b.html", b"b")
    temp.unlink()
    stager.discard()
    assert folders(tmp_path) == {"there", "there/new", "there/new/kept"}


def test_a_build_with_nothing_to_write_puts_no_mark_and_leaves_the_output_folder_as_it_was(site: Site) -> None:
    site.article(tags="[finance]")
    assert site.run("build").exit_code == 0
    public = site.root / "public"
    before = {p: p.stat().st_mtime_ns for p in [public, *public.rglob("*")]}
    result = site.run("build", env={"JIADING_CACHE": "off"})  # every file made again and compared
    assert result.exit_code == 0 and "0 new, 0 changed" in result.output
    assert {p: p.stat().st_mtime_ns for p in [public, *public.rglob("*")]} == before


@pytest.mark.parametrize("mark", [PAGES_MARK, FEEDS_MARK])
@pytest.mark.parametrize("changed", [True, False], ids=["an article changed", "nothing changed"])
def test_the_build_after_a_killed_one_removes_its_temporary_files_from_every_folder(
    site: Site, mark: str, changed: bool
) -> None:
    """Wherever the killed build staged a file — a folder no manifest names and no build writes again, the
    output folder's own, a page's — the next build removes it, rebuilding or reusing its last answer."""
    site.article("a.md", title="News")
    assert site.run("build").exit_code == 0
    public = site.root / "public"
    before = pages(public)
    stager = files.Stager()
    staged = [
        stager.stage(public / "a/folder/no/build/writes/index.html", b"half"),
        stager.stage(public / "feed.xml", b"<rss"),
        stager.stage(public / "en/index.html", b"<html"),
    ]
    (public / mark).write_text("")  # as a build killed while writing leaves it
    if changed:
        site.article("a.md", title="News, edited")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert not any(path.exists() for path in staged) and temporary(public) == []
    assert not (public / mark).exists()
    if not changed:
        assert " 0 new, 0 changed" in result.output and pages(public) == before


def test_the_folders_a_killed_build_made_and_the_next_does_not_need_are_removed_a_persons_never(
    tmp_path: Path,
) -> None:
    """The killed build noted each folder in its mark before making it: the next build removes those left
    empty (their articles gone meanwhile), and leaves an empty folder a person made."""
    root = tmp_path / "site"
    many_articles(root)
    public = root / "public"
    (public / "kept-by-hand").mkdir(parents=True)
    killed_while_staging(root)
    assert _pages_staged(root) and (public / PAGES_MARK).is_file()
    made = folders(public)
    for path in sorted((root / "articles").glob("a*.md"))[1:]:  # every article but one is taken out
        path.unlink()
    finished = jiading(root, "build")
    assert finished.returncode == 0, finished.stderr
    empty = [folder for folder, subfolders, names in os.walk(public) if not subfolders and not names]
    assert empty == [os.fspath(public / "kept-by-hand")]
    assert len(folders(public)) < len(made)
    assert temporary(public) == [] and not (public / PAGES_MARK).exists()
