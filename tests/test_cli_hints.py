"""Every hint is right: the command or value an error message suggests is accepted, or says what to do next."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from conftest import CONFIG, Site
from share.sites import ShareSite, make_site


def suggested(text: str) -> list[str]:
    """The commands a message suggests: in backquotes, or after 'with: '."""
    found = re.findall(r"`(jiading [^`]+)`", text) + re.findall(r"with: (jiading .+)$", text, re.MULTILINE)
    return [command.removeprefix("jiading ") for command in found]


def run(site: Site, command: str, **env: str):  # type: ignore[no-untyped-def]
    return site.run(*shlex.split(command), env=env or None)


def test_the_offset_suggested_for_now_is_accepted(site: Site) -> None:
    site.article()
    for value in ("2026-12-09", "2026-12-09T10:00"):
        refused = site.run("feed", "build", "--now", value)
        assert refused.exit_code == 2
        offered = re.search(r"such as (\S+),", refused.stderr)
        assert offered, refused.stderr
        assert site.run("feed", "build", "--now", offered.group(1)).exit_code == 0


def test_a_file_that_cannot_be_read_is_named_with_the_error_validate_gives_it(site: Site) -> None:
    site.article("good.md")
    site.write("articles/bad.md", "no front matter\n")
    assert "Warning: articles/bad.md: not listed: line 1: JD102 " in site.run("list").stderr
    shown = run(site, "validate")
    assert shown.exit_code == 1 and "articles/bad.md:1: error JD102" in shown.stdout


def test_warnings_of_a_build_point_to_validate_which_shows_them(site: Site) -> None:
    site.article(summary="''")
    hint = suggested(site.run("feed", "build").stderr)
    assert hint == ["validate"]
    assert "warning JD150" in run(site, hint[0]).stdout


def test_an_unknown_rule_points_to_the_list_of_rules(site: Site) -> None:
    refused = site.run("rule", "JD999")
    assert refused.exit_code == 2
    hint = suggested(refused.stderr)
    assert hint == ["rule"]
    assert "JD150" in run(site, hint[0]).stdout


def test_an_empty_list_suggests_a_command_that_makes_an_article(site: Site) -> None:
    hint = suggested(site.run("list").stderr)
    assert hint == ["new-article TITLE"]
    assert run(site, hint[0].replace("TITLE", "'Open day'")).exit_code == 0
    assert "Open day" in site.run("list").stdout


def test_left_out_articles_are_shown_by_the_command_the_build_names(site: Site) -> None:
    site.article("a.md")
    site.article("b.md", id="urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5", slug="b", draft="true")
    site.article("c.md", id="urn:uuid:5e2f8a1c-3b4d-4e6f-8a9b-c0d1e2f3a4b5", slug="c", date="2099-01-01 09:00+08:00")
    built = site.run("build")
    said = "Left out 1 draft and 1 scheduled article; jiading list shows them"
    assert said in built.stdout
    assert said in site.run("build").stdout  # answered from the last build
    assert said in site.run("feed", "build").stdout
    assert said in site.run("feed", "build").stdout
    listed = site.run("list").stdout
    assert "\tdraft\t" in listed and "\tscheduled\t" in listed


def test_the_json_summaries_count_drafts_and_scheduled_articles_apart(site: Site) -> None:
    site.article("a.md")
    site.article("b.md", id="urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5", slug="b", draft="true")
    for command in (["feed", "build", "--json"], ["build", "--json"]):
        result = site.run(*command)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["left_out"] == {"drafts": 1, "scheduled": 0}


def test_an_existing_file_suggests_another_slug_which_works(site: Site) -> None:
    assert site.run("new-article", "Open day").exit_code == 0
    refused = site.run("new-article", "Open day")
    assert refused.exit_code == 1 and "(choose another --slug)" in refused.stderr
    assert site.run("new-article", "Open day", "--slug", "open-day-2").exit_code == 0


def test_outside_a_site_the_config_option_it_suggests_works_after_the_command(site: Site) -> None:
    (site.root / "jiading.toml").rename(site.root / "site.toml")
    lost = site.run("validate")
    assert lost.exit_code == 2 and "pass --config PATH" in lost.stderr
    assert site.run("validate", "--config", "site.toml").exit_code == 0


def test_a_misspelt_command_suggests_the_right_one(site: Site) -> None:
    refused = site.run("valdate")
    assert refused.exit_code == 2
    offered = re.search(r"Did you mean '([a-z-]+)'", refused.stderr)
    assert offered and site.run(offered.group(1)).exit_code == 0


def test_build_is_a_command_as_hugo_users_expect(site: Site) -> None:
    site.article()
    assert site.run("build").stdout.splitlines()[-1] == "20 files in public/, 0 removed"


def test_a_config_warning_beside_an_error_is_printed_as_a_warning(site: Site) -> None:
    (site.root / "jiading.toml").write_text(CONFIG + 'colour = "red"\n[feeds]\nlimit = "ten"\n', encoding="utf-8")
    result = site.run("validate")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert any(line.startswith("Warning: jiading.toml:") and "JD003" in line for line in lines), lines
    assert not any(line.startswith("Error: ") and " warning " in line for line in lines), lines


def test_help_shows_that_validate_takes_several_paths_and_whole_descriptions(site: Site) -> None:
    assert "Usage: jiading validate [OPTIONS] [PATH...]" in site.run("validate", "--help").stdout
    top = site.run("--help").stdout
    assert "..." not in top.split("Commands:")[1]


@pytest.fixture
def sharing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    return make_site(tmp_path)


def test_an_article_share_refuses_points_to_validate_which_explains_why(sharing: ShareSite) -> None:
    sharing.article(id="not-a-uri")
    refused = sharing.run("share", "--post", "--network", "facebook")
    assert refused.exit_code == 1
    hint = suggested(refused.output)
    assert hint == ["validate articles/a.md"]
    shown = sharing.run(*shlex.split(hint[0]))
    assert shown.exit_code == 1 and "articles/a.md:2: error JD120 id" in shown.output


def test_a_post_of_unknown_outcome_names_the_resolve_command_that_settles_it(sharing: ShareSite) -> None:
    intent = (
        "syndication:\n- network: linkedin\n"
        "  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n  state: intent\n  time: '2026-11-27T04:00:00Z'\n"
    )
    sharing.article(extra=intent)
    warned = sharing.run("validate")
    hint = suggested(warned.output)
    assert hint == ["share --resolve articles/a.md --network linkedin --remote-id ID"]
    settled = sharing.run(*shlex.split(hint[0].replace(" ID", " urn:li:share:42")))
    assert settled.exit_code == 0, settled.output
    assert [r["state"] for r in sharing.records()] == ["posted"]
