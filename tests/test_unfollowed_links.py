"""A symbolic link in the articles folder that the walk does not follow (to a folder, to nothing, a loop of links) is
one JD116 warning in every run over the whole site, from that run's own walk: the articles under it are left out,
never unsaid, and a link added or removed since a stored answer is seen by the next warm run."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import Site, untimed
from jiading_cli.app.settings import load
from jiading_cli.content.site import walked
from jiading_cli.incremental import listing

OUTSIDE = (
    "articles/more: warning JD116 a symbolic link to a folder; jiading does not follow links to folders, so the "
    "articles under it are not part of the site; move them into articles/ or link each file"
)
SAID = "Warning: articles/more: JD116 " + OUTSIDE.split(" JD116 ", 1)[1]  # as build, feed build and list print it
INSIDE = (
    "articles/alias: warning JD116 a symbolic link to articles/en, a folder inside articles/; jiading does not "
    "follow links to folders: its articles are part of the site under articles/en, not under this link; remove the "
    "link"
)
NOTHING = (
    "articles/gone: warning JD116 a symbolic link to nothing (its target is missing); jiading does not follow it, so "
    "nothing under it is part of the site; remove it, or make it lead to a file"
)
LOOP = (
    "articles/loop: warning JD116 a loop of symbolic links; jiading does not follow it, so nothing under it is part "
    "of the site; remove it"
)


def age(root: Path) -> None:
    """Every file and folder an hour old (links left as they are), as between two real runs: a run's answer is
    stored, and the next one recalls it."""
    past = time.time() - 3600
    for path in [root, *root.rglob("*")]:
        if ".jiading-cache" not in path.parts:
            os.utime(path, (past, past), follow_symlinks=False)


def shared(site: Site) -> Path:
    """A folder of articles beside the site's articles folder (outside it)."""
    site.article("en/a.md")
    site.write("shared/b.md", (site.root / "articles/en/a.md").read_text(encoding="utf-8").replace("0b9a", "1b9a"))
    return site.root / "shared"


def lines(site: Site, *args: str) -> list[str]:
    result = site.run("validate", *args)
    assert result.exit_code == 0, result.output
    return [line for line in untimed(result.stdout).splitlines() if line]


def warm(site: Site, monkeypatch: pytest.MonkeyPatch, *args: str) -> list[str]:
    """``validate``'s lines, from the answer the last run stored (never validated again)."""

    def no_validation(*args: object, **kwargs: object) -> None:
        raise AssertionError("the stored answer should have been used")

    with monkeypatch.context() as patch:
        patch.setattr("jiading_cli.app.validate.validate", no_validation)
        return lines(site, *args)


def test_a_link_to_a_folder_outside_is_one_warning_and_its_articles_stay_out(site: Site) -> None:
    (site.root / "articles/more").symlink_to(shared(site))
    assert lines(site) == [OUTSIDE, "0 errors, 1 warning, 0 notes in 1 file"]
    strict = site.run("validate", "--strict")
    assert strict.exit_code == 1 and OUTSIDE in strict.stdout


def test_a_link_to_a_folder_inside_says_where_its_articles_are(site: Site) -> None:
    site.article("en/a.md")
    (site.root / "articles/alias").symlink_to("en")
    assert lines(site) == [INSIDE, "0 errors, 1 warning, 0 notes in 1 file"]


def test_a_link_to_the_site_holding_the_articles_is_said_so(site: Site) -> None:
    site.article("en/a.md")
    (site.root / "articles/en/up").symlink_to("../..")
    assert lines(site)[0] == (
        "articles/en/up: warning JD116 a symbolic link to the site, a folder holding articles/; jiading does not "
        "follow links to folders: its articles are part of the site under their own paths, not under this link; "
        "remove the link"
    )


def test_a_link_to_a_file_is_an_article_and_no_warning(site: Site) -> None:
    site.article("en/a.md")
    site.write("elsewhere/b.txt", "not an article, not linked as one\n")
    (site.root / "articles/b.md").symlink_to(site.root / "articles/en/a.md")
    (site.root / "articles/note.txt").symlink_to(site.root / "elsewhere/b.txt")
    result = site.run("validate")
    assert "JD116" not in result.stdout
    assert "articles/b.md has the same" in result.stdout  # the linked file was read: its id is a's


def test_a_link_to_nothing_and_a_loop_are_one_line_each(site: Site) -> None:
    site.article("en/a.md")
    (site.root / "articles/gone").symlink_to("nowhere")
    (site.root / "articles/loop").symlink_to("loop")
    (site.root / "articles/.hidden").symlink_to("nowhere")  # hidden, as a hidden folder is: left out unsaid
    assert lines(site) == [NOTHING, LOOP, "0 errors, 2 warnings, 0 notes in 1 file"]


def test_a_link_to_nothing_named_as_an_article_is_the_unreadable_file_it_is(site: Site) -> None:
    site.article("en/a.md")
    (site.root / "articles/gone.md").symlink_to("nowhere.md")
    result = site.run("validate")
    assert result.exit_code == 1
    assert "JD116" not in result.stdout and "articles/gone.md: error JD100" in result.stdout


def test_validate_ignore_leaves_it_out(site: Site) -> None:
    config = site.root / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8") + '[validate]\nignore = ["JD116"]\n', encoding="utf-8")
    (site.root / "articles/more").symlink_to(shared(site))
    assert lines(site) == ["0 errors, 0 warnings, 0 notes in 1 file"]
    built = site.run("build")
    assert built.exit_code == 0 and "JD116" not in built.stderr


def test_a_named_file_reports_none_and_a_named_folder_the_links_below_it(site: Site) -> None:
    (site.root / "articles/more").symlink_to(shared(site))
    (site.root / "articles/en/alias").symlink_to(".")
    assert lines(site, "articles/en/a.md") == ["0 errors, 0 warnings, 0 notes in 1 file"]
    inside = (
        "articles/en/alias: warning JD116 a symbolic link to articles/en, a folder inside articles/; jiading does not "
        "follow links to folders: its articles are part of the site under articles/en, not under this link; remove "
        "the link"
    )
    assert lines(site, "articles/en") == [inside, "0 errors, 1 warning, 0 notes in 1 file"]
    assert lines(site, "articles") == lines(site) == [inside, OUTSIDE, "0 errors, 2 warnings, 0 notes in 1 file"]


def test_removing_the_link_ends_the_warning_on_the_next_warm_run(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    (site.root / "articles/more").symlink_to(shared(site))
    age(site.root)
    assert lines(site) == [OUTSIDE, "0 errors, 1 warning, 0 notes in 1 file"]
    assert warm(site, monkeypatch) == [OUTSIDE, "0 errors, 1 warning, 0 notes in 1 file"]
    (site.root / "articles/more").unlink()
    assert warm(site, monkeypatch) == ["0 errors, 0 warnings, 0 notes in 1 file"]


def test_adding_or_retargeting_a_link_after_a_warm_run_is_seen(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = shared(site)
    age(site.root)
    assert lines(site) == ["0 errors, 0 warnings, 0 notes in 1 file"]
    assert warm(site, monkeypatch) == ["0 errors, 0 warnings, 0 notes in 1 file"]
    link = site.root / "articles/more"
    link.symlink_to(outside)
    assert warm(site, monkeypatch) == [OUTSIDE, "0 errors, 1 warning, 0 notes in 1 file"]
    link.unlink()
    link.symlink_to(outside / "b.md")  # now a link to a file: an article (named as none, so not read)
    assert warm(site, monkeypatch) == ["0 errors, 0 warnings, 0 notes in 1 file"]


def test_build_prints_it_and_still_builds_warm_or_cold(site: Site) -> None:
    (site.root / "articles/more").symlink_to(shared(site))
    age(site.root)
    for _ in range(2):  # the second from the stored answer
        built = site.run("build")
        assert built.exit_code == 0, built.output
        assert built.stderr.splitlines() == [SAID]
        assert (site.root / "public/index.html").is_file()
        assert not list((site.root / "public").rglob("*b*.html"))  # nothing of the linked folder's article
    assert "unchanged" in built.stdout
    (site.root / "articles/more").unlink()
    assert site.run("build").stderr == ""
    fed = site.run("feed", "build")
    assert fed.exit_code == 0 and fed.stderr == ""


def test_the_preview_counts_it_among_its_warnings(site: Site) -> None:
    """`jiading serve` says how many warnings a rebuild has (`, 1 warnings (jiading validate)`): the link's is one,
    from the rebuild's own walk, and gone once the link is."""
    import datetime as dt

    from jiading_cli.app.serve import Session

    site.article("en/a.md")
    session = Session(load(site.root), lambda: dt.datetime(2026, 12, 1, tzinfo=dt.UTC), {})
    first = session.rebuild()
    assert not first.problems and first.warnings == 0
    (site.root / "articles/more").symlink_to(shared(site))
    linked = session.rebuild()
    assert not linked.problems and linked.warnings == 1
    (site.root / "articles/more").unlink()
    assert session.rebuild().warnings == 0


def test_a_failed_build_reports_it_with_the_errors(site: Site) -> None:
    (site.root / "articles/more").symlink_to(shared(site))
    site.article("en/c.md", id="nope", title="C")
    built = site.run("build")
    assert built.exit_code == 1
    assert OUTSIDE in built.stdout and "articles/en/c.md:2: error JD120" in built.stdout


def test_feed_build_and_list_print_it(site: Site) -> None:
    (site.root / "articles/more").symlink_to(shared(site))
    fed = site.run("feed", "build")
    assert fed.exit_code == 0 and fed.stderr.splitlines() == [SAID]
    listed = site.run("list")
    assert listed.exit_code == 0 and listed.stderr.splitlines() == [SAID]
    assert "articles/en/a.md" in listed.stdout and "b.md" not in listed.stdout


def test_both_walks_find_the_same_links(site: Site) -> None:
    outside = shared(site)
    (site.root / "articles/more").symlink_to(outside)
    (site.root / "articles/en/alias").symlink_to(".")
    (site.root / "articles/gone").symlink_to("nowhere")
    (site.root / "articles/loop").symlink_to("loop")
    (site.root / "articles/b.md").symlink_to(outside / "b.md")
    config = load(site.root)
    whole = walked(config)
    assert [(Path(link.path).name, link.leads) for link in whole.unfollowed] == [
        ("alias", "folder"),
        ("gone", "nothing"),
        ("loop", "loop"),
        ("more", "folder"),
    ]
    assert listing.walk(config) == whole
    assert listing.walk(config) == whole  # from the listings the first kept


def test_rule_explains_it(site: Site) -> None:
    result = site.run("rule", "JD116")
    assert result.exit_code == 0
    assert "JD116" in result.stdout and "symbolic link" in result.stdout
    assert "JD116" in site.run("rule").stdout


def test_without_the_cache_it_is_the_same_line(site: Site) -> None:
    (site.root / "articles/more").symlink_to(shared(site))
    off = site.run("validate", env={"JIADING_CACHE": "off"})
    assert off.exit_code == 0 and untimed(off.stdout) == untimed(site.run("validate").stdout)
    assert OUTSIDE in off.stdout
    built = site.run("build", env={"JIADING_CACHE": "off"})
    assert built.exit_code == 0 and built.stderr.splitlines() == [SAID]
