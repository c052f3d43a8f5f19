"""`share` prints paths relative to the current folder, as every command does, and the commands it suggests
work when typed there; `--json` keeps site-relative paths for programs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from share.sites import make_site

INTENT = (
    "syndication:\n- network: facebook\n"
    "  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n  state: intent\n  time: '2026-11-27T04:00:00Z'\n"
)


def suggested(output: str) -> list[list[str]]:
    """The commands an output suggests, as a person would type them (without `jiading`)."""
    return [found.split()[1:] for found in re.findall(r"`(jiading [^`]*)`", output)]


def test_a_refused_article_is_named_from_the_current_folder_and_its_hint_works_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path)
    site.article("en/a.md", extra="category: [not, a, string]\n")
    monkeypatch.chdir(tmp_path / "articles")
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1
    assert "refused    -         en/a.md  not posted: 1 validation error(s); run `jiading validate en/a.md`" in (
        result.output
    )
    [command] = suggested(result.output)
    assert command == ["validate", "en/a.md"]
    hinted = site.run(*command)
    assert hinted.exit_code == 1
    assert hinted.output.startswith("en/a.md:")  # the same file, found from here
    as_json = site.run("share", "--post", "--network", "facebook", "--json")
    assert (
        '"path": "articles/en/a.md"' in as_json.stdout and "run `jiading validate articles/en/a.md`" in as_json.stdout
    )
    json.loads(as_json.stdout)


def test_the_resolve_hint_of_an_unknown_outcome_works_from_a_subfolder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path)
    site.article("en/a.md", extra=INTENT)
    (tmp_path / "articles" / "en" / "2017").mkdir()
    monkeypatch.chdir(tmp_path / "articles" / "en" / "2017")
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1
    assert (
        "pending    facebook  ../a.md  a post started at 2026-11-27T04:00:00Z has an unknown outcome" in result.output
    )
    [command] = suggested(result.output)
    assert command == ["share", "--resolve", "../a.md", "--network", "facebook", "--remote-id", "ID"]
    settled = site.run(*command[:-1], "1234_99")
    assert settled.exit_code == 0, settled.output
    assert "../a.md" in settled.output
    [record] = site.records("en/a.md")
    assert record["state"] == "posted" and record["remote_id"] == "1234_99"
    again = site.run(*command[:-1], "1234_99")  # the same again: done already, exit 0, the path as typed
    assert (again.exit_code, again.output) == (
        0,
        "../a.md: facebook: already recorded as posted (1234_99); nothing to do\n",
    )
    other = site.run(*command[:-1], "1234_98")
    assert other.exit_code == 2
    assert "../a.md: facebook: already recorded as posted (1234_99), not as '1234_98'; edit its record" in other.output
    assert [record] == site.records("en/a.md")


def test_a_dry_run_names_each_article_from_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path)
    site.article("en/a.md")
    monkeypatch.chdir(tmp_path / "articles" / "en")
    result = site.run("share", "--network", "facebook")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("a.md — Financial industry to boost Jiading\n")


def test_resolve_names_an_article_that_cannot_be_loaded_from_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path)
    site.article("en/a.md", extra=INTENT)
    (tmp_path / "articles" / "en" / "a.md").write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "articles" / "en")
    result = site.run("share", "--resolve", "a.md", "--network", "facebook", "--remote-id", "1234_99")
    assert result.exit_code != 0
    assert (
        "a.md: cannot be loaded (line 3: JD101 " in result.output and "; run `jiading validate a.md`" in result.output
    )
    assert "articles/en/a.md" not in result.output
    [command] = suggested(result.output)
    assert site.run(*command).output.startswith("a.md:")  # the same file, found from here
