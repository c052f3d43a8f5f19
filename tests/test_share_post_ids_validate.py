"""JD187: a post id names one article's post, so `share` refuses to act when two articles record the same post id for
one network; `jiading validate` says so first, an error on each article's `syndication` line naming the other, so a
CI `validate` fails before a `share` run does. Incremental runs say what cold ones do (the feed ledger keeps each
post id with the article recording it): here by hand, and drawn in tests/test_incremental_commands.py and
tests/test_ledger_contents.py."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import GOOD_ID, OTHER_ID, TIMED, Site
from jiading_cli.share.registry import DIGEST
from jiading_cli.validate import rules

THIRD_ID = "urn:uuid:3c2b1a09-8f7e-4d6c-9b5a-493827160504"


def record(network: str = "facebook", remote: str = "1234_1", state: str = "posted") -> str:
    return f"  - network: {network}\n    state: {state}\n    remote_id: '{remote}'\n    time: '2017-07-04T10:00:00Z'\n"


def posted(site: Site, name: str, article_id: str, *records: str, extra: str = "") -> Path:
    """An article dated by its name's place in the alphabet, with ``records`` as its syndication field."""
    day = ord(name[0]) - ord("a") + 1
    field = "\n" + "".join(records).rstrip("\n") if records else None
    return site.article(
        name, id=article_id, date=f"2017-07-{day:02d}T18:00:00+08:00", syndication=field, **_extra(extra)
    )


def _extra(extra: str) -> dict[str, str | None]:
    return {"jiading": extra} if extra else {}


def lines(result_output: str) -> list[str]:
    return [line for line in TIMED.sub("", result_output).splitlines() if line]


def test_two_articles_recording_one_facebook_post_fail_validate_each_naming_the_other(site: Site) -> None:
    posted(site, "a.md", GOOD_ID, record())
    b = posted(site, "b.md", OTHER_ID, record())
    result = site.run("validate")
    assert result.exit_code == 1, result.output
    assert lines(result.output) == [
        "articles/a.md:6: error JD187 syndication: expected a post id no other article records, got '1234_1', "
        "which articles/b.md records too (facebook)",
        "articles/b.md:6: error JD187 syndication: expected a post id no other article records, got '1234_1', "
        "which articles/a.md records too (facebook)",
        "2 errors, 0 warnings, 0 notes in 2 files",
    ]
    b.write_text(b.read_text(encoding="utf-8").replace("1234_1", "1234_2"), encoding="utf-8")  # its own post
    fixed = site.run("validate")
    assert fixed.exit_code == 0, fixed.output
    assert "JD187" not in fixed.output


def test_one_article_named_alone_is_said_and_a_feed_build_writes_nothing(site: Site) -> None:
    posted(site, "a.md", GOOD_ID, record())
    posted(site, "b.md", OTHER_ID, record())
    alone = site.run("validate", "articles/b.md")
    assert alone.exit_code == 1
    assert [line.split(" syndication:")[0] for line in lines(alone.output)[:-1]] == ["articles/b.md:6: error JD187"]
    build = site.run("feed", "build")
    assert build.exit_code == 1 and "which articles/a.md records too (facebook)" in build.output
    assert not (site.root / "public").exists()


def test_three_articles_recording_one_post_each_name_another_and_count_the_rest(site: Site) -> None:
    for name, article_id in (("a.md", GOOD_ID), ("b.md", OTHER_ID), ("c.md", THIRD_ID)):
        posted(site, name, article_id, record("linkedin", "urn:li:share:7"))
    said = [line for line in lines(site.run("validate").output) if "JD187" in line]
    assert len(said) == 3
    assert said[0].endswith("got 'urn:li:share:7', which articles/b.md and 1 more record too (linkedin)")
    assert said[2].endswith("which articles/a.md and 1 more record too (linkedin)")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (record("facebook", "1234_1"), record("linkedin", "1234_1")),  # one id, two networks: two posts
        (record(DIGEST, "<d1@example.com>"), record(DIGEST, "<d1@example.com>")),  # one digest lists both
        (record("facebook", "1234_1"), record("facebook", "1234_10")),
    ],
    ids=["two networks", "one digest", "two ids"],
)
def test_what_is_not_one_post_recorded_twice(site: Site, first: str, second: str) -> None:
    posted(site, "a.md", GOOD_ID, first)
    posted(site, "b.md", OTHER_ID, second)
    assert "JD187" not in site.run("validate").output


def test_an_article_recording_its_own_post_twice_is_jd183s_alone(site: Site) -> None:
    posted(site, "a.md", GOOD_ID, record(), record())
    said = site.run("validate").output
    assert "JD183" in said and "JD187" not in said


def test_it_is_suppressed_as_any_rule_and_validate_ignore_takes_it(site: Site) -> None:
    """In one file by the `jiading` field; in the site by validate.ignore, which takes any sharing rule's code."""
    posted(site, "a.md", GOOD_ID, record(), extra="{ignore: [JD187]}")
    posted(site, "b.md", OTHER_ID, record())
    said = [line for line in lines(site.run("validate").output) if "JD187" in line]
    assert [line.split(":")[0] for line in said] == ["articles/b.md"]
    config = site.root / "jiading.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[validate]\nignore = ["JD187", "JD184"]\n', encoding="utf-8"
    )
    result = site.run("validate")  # a sharing rule's code is a rule's: no JD007 for it
    assert result.exit_code == 0, result.output
    assert "JD187" not in result.output and "JD007" not in result.output


def test_the_digest_network_is_shares_own_name() -> None:
    assert rules.DIGEST == DIGEST


def test_it_is_explained(site: Site) -> None:
    result = site.run("rule", "JD187")
    assert result.exit_code == 0
    assert "two articles record the same post id for one network" in result.output
    assert "remote_id: '1234_1'" in result.output


def _aged(root: Path) -> None:
    past = time.time() - 3600
    for path in (root / "articles").rglob("*.md"):
        os.utime(path, (past, past))


def _both(site: Site, *args: str) -> tuple[tuple[int, str], tuple[int, str]]:
    """``args`` from the site's caches, and in a copy without them."""
    _aged(site.root)
    warm = site.run(*args)
    cold_root = site.root.parent / f"{site.root.name}-cold"
    shutil.rmtree(cold_root, ignore_errors=True)
    shutil.copytree(site.root, cold_root, ignore=shutil.ignore_patterns(".jiading-cache", "public"))
    here = Path.cwd()
    os.chdir(cold_root)
    try:
        cold = site.run(*args, env={"JIADING_CACHE": "off"})
    finally:
        os.chdir(here)
    shown = re.compile(r"\d+ (page|asset|feed) files?\b.*|\d+ files in .*removed.*|.*\t(new|changed|unchanged)$")
    said = [
        (result.exit_code, "\n".join(x for x in lines(result.output) if not shown.fullmatch(x)))
        for result in (warm, cold)
    ]
    return said[0], said[1]


@pytest.mark.parametrize("command", [("feed", "build"), ("build",), ("validate",)])
def test_an_incremental_run_after_a_record_is_added_removed_or_edited_says_what_a_cold_one_does(
    site: Site, command: tuple[str, ...]
) -> None:
    """A feed build's ledger, then: b takes a's post id (both said), b gives it back (clean), a gives it up and b
    takes it (clean: a's post id is no longer a's), a takes it back (both said)."""
    posted(site, "a.md", GOOD_ID, record())
    posted(site, "b.md", OTHER_ID)
    steps = [
        ("b.md", OTHER_ID, (record(),), 1),
        ("b.md", OTHER_ID, (), 0),
        ("a.md", GOOD_ID, (record("facebook", "1234_3"),), 0),
        ("b.md", OTHER_ID, (record(),), 0),
        ("a.md", GOOD_ID, (record(),), 1),
    ]
    assert _both(site, "feed", "build")[0][0] == 0
    for name, article_id, records, code in steps:
        posted(site, name, article_id, *records)
        warm, cold = _both(site, *command)
        assert warm == cold, (name, records)
        assert warm[0] == code, warm
        if code:
            assert warm[1].count("error JD187") == 2, warm
