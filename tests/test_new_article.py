"""`jiading new-article`: complete front matter, safe paths, never overwriting."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Site, untimed

NEW = "articles/en/2026/financial-industry-to-boost-jiading.md"


def test_creates_a_draft_that_validates_as_it_is(site: Site) -> None:
    result = site.run(
        "new-article",
        "Financial industry to boost Jiading",
        "--summary",
        "Jiading and Shanghai's finance office sign a cooperation memorandum.",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == NEW + "\n"
    assert untimed(site.run("validate").stdout) == "0 errors, 0 warnings, 0 notes in 1 file\n"


def test_front_matter_is_complete_with_a_fresh_permanent_id(site: Site) -> None:
    site.run(
        "new-article",
        "Financial industry to boost Jiading",
        "--tag",
        "finance",
        "--tag",
        "policy",
        "--category",
        "News",
        "--author",
        "Ma Chunlei",
    )
    text = (site.root / NEW).read_text(encoding="utf-8")
    fields = yaml.safe_load(text.split("---\n")[1])
    assert fields["id"].startswith("urn:uuid:")
    assert fields["date"].isoformat() == "2026-11-27T12:00:00+08:00"
    assert fields["tags"] == ["finance", "policy"]
    assert (fields["category"], fields["authors"], fields["lang"]) == ("News", ["Ma Chunlei"], "en")
    assert (fields["slug"], fields["draft"]) == ("financial-industry-to-boost-jiading", True)


def test_two_articles_get_different_ids(site: Site) -> None:
    site.run("new-article", "One", "--json")
    second = json.loads(site.run("new-article", "Two", "--json").stdout)
    first_text = (site.root / "articles/en/2026/one.md").read_text(encoding="utf-8")
    assert second["id"] not in first_text


def test_chinese_title_gets_a_pinyin_slug(site: Site) -> None:
    result = site.run("new-article", "金融业助力嘉定发展", "--lang", "zh-CN", "--date", "2017-07-03T18:00:00+08:00")
    assert result.stdout == "articles/zh-cn/2017/jin-rong-ye-zhu-li-jia-ding-fa-zhan.md\n"


def test_publish_and_json(site: Site) -> None:
    data = json.loads(site.run("new-article", "Open day", "--publish", "--json").stdout)
    assert data["path"] == "articles/en/2026/open-day.md" and data["slug"] == "open-day"
    assert "draft: false" in (site.root / data["path"]).read_text(encoding="utf-8")


def test_existing_file_is_never_overwritten(site: Site) -> None:
    path = site.write("articles/en/2026/open-day.md", "my words\n")
    result = site.run("new-article", "Open day")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: articles/en/2026/open-day.md: already exists; not overwritten (choose another --slug)\n"
    )
    assert path.read_text(encoding="utf-8") == "my words\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["open-day.md"]


def test_slug_cannot_escape_the_articles_folder(site: Site) -> None:
    result = site.run("new-article", "x", "--slug", "../../../etc/passwd")
    assert result.stdout == "articles/en/2026/etc-passwd.md\n"
    result = site.run("new-article", "../../evil/../../title")
    assert result.stdout == "articles/en/2026/evil-title.md\n"


def test_title_with_nothing_to_slug_asks_for_a_slug(site: Site) -> None:
    result = site.run("new-article", "¿?¡!")
    assert result.exit_code == 2
    assert "TITLE: cannot make an ASCII slug from '¿?¡!'; pass --slug with latin letters" in result.stderr


def test_bad_date_and_lang_are_usage_errors(site: Site) -> None:
    assert "--date: expected an ISO 8601 date" in site.run("new-article", "x", "--date", "3 July").stderr
    result = site.run("new-article", "x", "--lang", "../x")
    assert result.exit_code == 2 and "--lang: expected a BCP 47 language tag" in result.stderr


def test_date_without_offset_uses_the_site_time_zone(site: Site) -> None:
    site.run("new-article", "Old news", "--date", "2017-07-03 09:30")
    text = (site.root / "articles/en/2017/old-news.md").read_text(encoding="utf-8")
    assert "date: 2017-07-03 09:30:00+08:00" in text


def test_edit_opens_the_editor_on_the_new_file(site: Site, tmp_path: Path) -> None:
    log = tmp_path / "opened.txt"
    editor = f"{sys.executable} -c \"import sys; open({str(log)!r}, 'w').write(sys.argv[1])\""
    result = site.run("new-article", "Open day", "--edit", env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == 0, result.output
    assert log.read_text() == str(site.root / "articles/en/2026/open-day.md")


def test_edit_without_an_editor_creates_nothing(site: Site) -> None:
    result = site.run("new-article", "Open day", "--edit", env={"EDITOR": "", "VISUAL": ""})
    assert result.exit_code == 2
    assert result.stderr == "Error: --edit: set VISUAL or EDITOR to the editor to open\n"
    assert not (site.root / "articles/en").exists()


CANNOT = "Error: EDITOR: expected an editor that can be run, found no program "


@pytest.mark.parametrize(
    ("editor", "line"),
    [
        (
            "/nonexistent/editor",
            "Error: EDITOR: expected an editor that can be run, found no program '/nonexistent/editor'",
        ),
        ("nosuch-editor --wait", f"{CANNOT}'nosuch-editor'"),
        ("'vim", "Error: EDITOR: expected an editor's command, found \"'vim\" (No closing quotation)"),
        ('""', "Error: EDITOR: expected an editor's command, found '\"\"'"),
    ],
    ids=["missing", "missing with arguments", "unbalanced quote", "empty word"],
)
def test_an_editor_that_cannot_be_run_is_a_usage_error_before_anything_is_written(
    site: Site, editor: str, line: str
) -> None:
    result = site.run("new-article", "Open day", "--edit", env={"EDITOR": editor, "VISUAL": ""})
    assert (result.exit_code, result.stderr) == (2, line + "\n")
    assert not (site.root / "articles/en").exists()


@pytest.mark.parametrize(
    ("code", "said"),
    [("sys.exit(3)", "exited with status 3"), ("os.kill(os.getpid(), signal.SIGKILL)", "was killed by SIGKILL")],
    ids=["failed", "killed"],
)
def test_an_editor_that_fails_is_one_line_and_the_article_stays(site: Site, code: str, said: str) -> None:
    editor = f'{sys.executable} -c "import os, signal, sys; {code}"'
    result = site.run("new-article", "Open day", "--edit", env={"EDITOR": editor, "VISUAL": ""})
    shown = "articles/en/2026/open-day.md"
    assert result.exit_code == 1
    assert result.stderr == f"Error: {shown}: written, but the editor {sys.executable!r} {said}\n"
    assert result.stdout == f"{shown}\n"
    assert "id: urn:uuid:" in (site.root / shown).read_text(encoding="utf-8")  # complete, as made


def test_visual_is_taken_before_editor(site: Site, tmp_path: Path) -> None:
    log = tmp_path / "opened.txt"
    visual = f"{sys.executable} -c \"import sys; open({str(log)!r}, 'w').write('visual')\""
    result = site.run("new-article", "Open day", "--edit", env={"EDITOR": "/nonexistent/editor", "VISUAL": visual})
    assert result.exit_code == 0, result.output
    assert log.read_text() == "visual"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    day=st.sampled_from(["0001-01-01", "0001-12-31", "0002-01-01", "1850-01-01", "9998-12-31", "9999-12-31"]),
    time=st.sampled_from(["", "T00:00:00", "T23:59:00", "T12:00:00+14:00", "T12:00:00-12:00", "T00:00:00Z"]),
)
def test_a_date_new_article_refuses_is_refused_as_validate_refuses_it(site: Site, day: str, time: str) -> None:
    """``--date`` is held to what ``date:`` is, and its first problem is the one validate says of the field (a year out
    of range before a local mean time's offset of seconds, which no offset written would mend)."""
    site.article("probe.md", date=f"'{day}{time}'", jiading="{ignore: [JD110]}")
    said = [line for line in site.run("validate").stdout.splitlines() if " error JD104 date: " in line]
    (site.root / "articles/probe.md").unlink()
    result = site.run("new-article", "Park opens", "--date", f"{day}{time}")
    if not said:
        assert result.exit_code == 0, result.output
        shutil.rmtree(site.root / "articles/en")  # the next example's to make again
        return
    assert result.exit_code == 2
    expected = said[0].partition(" date: ")[2].partition(",")[0]  # what it expects, before its example
    assert result.stderr.startswith(f"Error: --date: {expected}"), (said, result.stderr)


@pytest.mark.parametrize(
    ("date", "part"),
    [
        ("2026-02-29", "its day 29 is not from 1 to 28"),
        ("2026-13-01", "its month 13"),
        ("2026-01-01T24:00", "its hour 24"),
    ],
)
def test_a_date_written_right_that_names_no_day_says_which_part(site: Site, date: str, part: str) -> None:
    """``--date 2026-02-29`` is written as a date is: it is refused for the day that does not exist, never as if
    it were not written as ISO 8601."""
    result = site.run("new-article", "Leap", "--date", date)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: --date: expected a day and time that exist, got '{date}' (")
    assert part in result.stderr
