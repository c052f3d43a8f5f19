"""`jiading build` writes each page as it is made, and puts them all in place together at the end: a failure
before then leaves every file of the last build as it was and no temporary file behind."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from conftest import Site
from jiading_cli.base import files, tempnames
from pages.sample import built, run
from tinyimages import PNG

EN_PAGE = "en/news/2017/07/financial-industry-to-boost-jiading/index.html"


FEEDS = ("feed.xml", "atom.xml", "feed.json", "feed.xsl", ".jiading-manifest.json")  # written before the pages


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the pages under ``folder`` (not the feeds): its bytes and its modification time."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(FEEDS)
    }


def retitle(root: Path) -> None:
    """Change both articles' titles, so that nearly every page changes."""
    for name in ("en/2017/finance.md", "zh-cn/2017/finance.md"):
        path = root / "articles" / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("title: Financial", "title: New").replace("title: 金融", "title: 新"))


@pytest.mark.parametrize("cache", ["on", "off"])
def test_a_failure_after_pages_are_made_leaves_the_last_build_as_it_was(tmp_path: Path, cache: str) -> None:
    out = built(tmp_path)
    before = snapshot(out)
    retitle(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/404.html").write_text("<h1>\n{% if %}</h1>", encoding="utf-8")  # made after the rest
    result = run(tmp_path, "build", cache=cache)
    assert result.exit_code == 1 and "404.html:2: template: " in result.stderr
    assert snapshot(out) == before
    assert list(tempnames.leftovers(out)) == []


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_something_in_the_way_of_a_late_file_is_one_line_and_no_file_changes(tmp_path: Path, kind: str) -> None:
    out = built(tmp_path)
    (out / "sitemap.xml").unlink()  # the sitemap is made after every article and index page
    if kind == "fifo":
        os.mkfifo(out / "sitemap.xml")
    else:
        (out / "sitemap.xml").mkdir()
    before = snapshot(out)
    retitle(tmp_path)
    start = time.monotonic()
    result = run(tmp_path, "build")
    assert time.monotonic() - start < 10
    what = {"fifo": "not a regular file but a FIFO; remove it", "folder": "a folder is in the way"}[kind]
    assert result.exit_code == 1 and result.stderr == f"Error: public/sitemap.xml: cannot write: {what}\n"
    assert snapshot(out) == before
    assert list(tempnames.leftovers(out)) == []
    assert stat.S_ISFIFO((out / "sitemap.xml").stat().st_mode) or (out / "sitemap.xml").is_dir()


def test_a_file_at_a_name_the_build_keeps_is_refused_and_leaves_the_last_build_as_it_was(site: Site) -> None:
    site.article()
    assert site.run("build").exit_code == 0
    out = site.root / "public"
    before = snapshot(out)
    site.write("articles/.jiading-pages.json", "{}\n")  # a name the build keeps for its own manifest
    site.article(title="A new title", body="See [the file](.jiading-pages.json).\n")
    result = site.run("build")
    assert result.exit_code == 1  # refused by the rules (JD169), before a page is made
    assert "articles/a.md:7: error JD169 body: expected a file published at a path of its own" in result.output
    assert result.stderr == "Error: nothing written; fix the errors above and build again\n"
    assert snapshot(out) == before
    assert list(tempnames.leftovers(out)) == []


def test_a_page_of_the_same_size_but_other_bytes_is_rewritten_and_the_rest_left_alone(tmp_path: Path) -> None:
    out = built(tmp_path)
    page = out / EN_PAGE
    good = page.read_bytes()
    page.write_bytes(good.replace(b"<h1", b"<H1", 1))  # the same size, other bytes
    tampered = page.stat().st_mtime_ns
    before = snapshot(out)
    result = run(tmp_path, "build", cache="off")  # every page made again and compared with the file in place
    assert result.exit_code == 0, result.output
    assert "0 new, 1 changed" in result.output
    assert page.read_bytes() == good and page.stat().st_mtime_ns != tampered
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k != EN_PAGE} == {k: v for k, v in before.items() if k != EN_PAGE}


def test_a_killed_builds_temporary_files_go_from_a_new_pages_folder_and_nothing_else(tmp_path: Path) -> None:
    out = built(tmp_path)
    retitle(tmp_path)
    folder = out / "en/news/2017/07/new-industry-to-boost-jiading"  # the English page's new folder
    folder.mkdir(parents=True)
    leftover = folder / ".index.html.jiading-k1lled00.tmp"
    leftover.write_text("half a page")
    (out / ".jiading-pages.json.writing").write_text("")  # as a build killed while writing leaves it
    other = folder / ".index.html.mine.tmp"
    other.write_text("not jiading's")
    for name in ("en/2017/finance.md",):
        path = tmp_path / "articles" / name
        path.write_text(path.read_text(encoding="utf-8").replace("slug: financial-industry", "slug: new-industry"))
    result = run(tmp_path, "build")
    assert result.exit_code == 0, result.output
    assert not leftover.exists() and other.read_text() == "not jiading's"
    assert (folder / "index.html").is_file()
    assert list(tempnames.leftovers(out)) == [] and not (out / ".jiading-pages.json.writing").exists()


def test_the_site_is_validated_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jiading_cli.validate import site

    calls: list[object] = []
    real = site.validate

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(site, "validate", counted)
    built(tmp_path)
    assert len(calls) == 1  # a full build: the feeds' validation serves the pages too
    retitle(tmp_path)
    calls.clear()
    assert run(tmp_path, "build").exit_code == 0
    assert len(calls) == 1  # an incremental feed build: the pages' own


# -- the stager ---------------------------------------------------------------------------------------------


def test_a_stager_makes_missing_folders_once_and_knows_which_it_made(tmp_path: Path) -> None:
    (tmp_path / "there").mkdir()
    stager = files.Stager()
    temps = [
        stager.stage(tmp_path / "there/a.html", b"a"),
        stager.stage(tmp_path / "there/b.html", b"b"),
        stager.stage(tmp_path / "new/deep/c.html", b"c"),
    ]
    assert stager.own(tmp_path / "new/deep") and stager.own(tmp_path / "new") and not stager.own(tmp_path / "there")
    assert [t.read_bytes() for t in temps] == [b"a", b"b", b"c"]
    assert all(tempnames.is_leftover(t.name) and t.parent.name in ("there", "deep") for t in temps)
    assert all(t.stat().st_mode & 0o777 == 0o644 for t in temps)
    files.commit(temps[2], tmp_path / "new/deep/c.html")
    assert (tmp_path / "new/deep/c.html").read_bytes() == b"c"


def test_a_stager_removes_the_empty_folders_the_run_made_wherever_made_and_no_other(tmp_path: Path) -> None:
    (tmp_path / "theirs/empty").mkdir(parents=True)  # a person's empty folder, there before the run
    stager = files.Stager()
    stager.known(tmp_path)
    wanted = ["theirs/empty", "news/2017/a", "news/2017/b", "news/2018/c"]
    stager.survey(os.fspath(tmp_path / name) for name in wanted)  # as before processes are forked
    for name in ("news/2017/a", "news/2018/c"):
        (tmp_path / name).mkdir(parents=True)  # made by a forked process that was then killed, say
    temp = stager.stage(tmp_path / "news/2017/b/index.html", b"b")  # made here
    files.commit(temp, tmp_path / "news/2017/b/index.html")
    stager.discard(tmp_path, ["news/2017/b/index.html"])
    found = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert found == ["news", "news/2017", "news/2017/b", "news/2017/b/index.html", "theirs", "theirs/empty"]


def test_a_file_in_the_way_of_a_folder_fails_the_staging_and_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("a file")
    stager = files.Stager()
    with pytest.raises(NotADirectoryError):
        stager.stage(tmp_path / "blocked/index.html", b"page")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocked"]
    assert (tmp_path / "blocked").read_text() == "a file"


def test_holds_compares_a_file_with_bytes(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    assert files.holds(path, b"abc") is None
    path.write_bytes(b"abc")
    assert files.holds(path, b"abc") is True
    assert files.holds(path, b"abd") is False and files.holds(path, b"abcd") is False
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(files.NotRegularFile):
        files.holds(tmp_path / "fifo", b"")


def test_a_file_that_cannot_be_written_fails_the_build_with_its_name_and_leaves_the_last_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file is written as it is made; the first that fails is the build's error, named."""
    out = built(tmp_path)
    before = snapshot(out)
    retitle(tmp_path)
    # a name that fits, but whose temporary file's name, were it not cut short, would not (over 255 bytes)
    monkeypatch.setattr(files, "temp_prefix", lambda name: f".{name}{tempnames.TEMP_INFIX}")
    name = "c" * 240 + ".png"
    (tmp_path / "articles/en/2017" / name).write_bytes(PNG)
    article = tmp_path / "articles/en/2017/finance.md"
    article.write_text(article.read_text(encoding="utf-8") + f"\n![A chart]({name})\n", encoding="utf-8")
    result = run(tmp_path, "build")
    assert result.exit_code == 1, result.output
    assert result.stderr.count("cannot write: File name too long") == 1, result.stderr
    assert name in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert snapshot(out) == before
    assert [p for p in out.rglob("*") if tempnames.is_leftover(p.name)] == []
