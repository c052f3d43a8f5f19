"""`jiading validate`: every rule, every format, every exit code."""

from __future__ import annotations

import json

import pytest

from conftest import GOOD_ID, OTHER_ID, Site, front, untimed
from jiading_cli.validate.rules import RULES
from tinyimages import write_image


def test_clean_site_exits_0_with_a_summary(site: Site) -> None:
    site.article()
    result = site.run("validate")
    assert result.exit_code == 0
    assert untimed(result.stdout) == "0 errors, 0 warnings, 0 notes in 1 file\n"


def test_every_problem_in_every_file_is_reported_in_one_run(site: Site) -> None:
    site.article("a.md", id="nope", lang="english")
    site.article("b.md", id=OTHER_ID, date="yesterday")
    result = site.run("validate")
    assert result.exit_code == 1
    assert untimed(result.stdout).splitlines() == [
        "articles/a.md:2: error JD120 id: expected a permanent URI such as 'urn:uuid:…' or "
        "'tag:example.com,2017:…', got 'nope'",
        "articles/a.md:6: error JD130 lang: expected a BCP 47 language tag in the IANA registry, such as 'en' or "
        "'zh-CN', got 'english'",
        "",
        "articles/b.md:4: error JD104 date: expected an ISO 8601 date with a UTC offset, "
        "such as 2017-07-03T09:00:00+08:00, got 'yesterday'",
        "",
        "3 errors, 0 warnings, 0 notes in 2 files",
    ]


BODY = "Body.\n"

# Each rule with an article that breaks it: (code, file name, text of the file, extra files).
CASES: list[tuple[str, str, str]] = [
    ("JD100", "a.md", "---\ntitle: caf\udce9\n---\n"),
    ("JD101", "a.md", "---\ntitle: [x\n---\n"),
    ("JD102", "a.md", "no front matter\n"),
    ("JD103", "a.md", "---\ntitle: T\n---\n"),
    ("JD104", "a.md", front(draft="maybe") + BODY),
    ("JD105", "a.md", front(tagz="x") + BODY),
    ("JD106", "a.md", front(author="A", authors="B") + BODY),
    ("JD110", "a.md", front(date="2017-07-03") + BODY),
    ("JD111", "a.md", front(updated="2017-07-01T00:00:00+08:00") + BODY),
    ("JD112", "a.md", front(date="2030-01-01T00:00:00+08:00") + BODY),
    ("JD120", "a.md", front(id="urn:uuid:not-a-uuid") + BODY),
    ("JD123", "a.md", front(slug="'Not a slug'") + BODY),
    ("JD130", "a.md", front(lang="'zh_CN'") + BODY),
    ("JD131", "a.md", front(translations=f"{{zh-CN: {OTHER_ID}}}") + BODY),
    ("JD140", "a.md", front() + "Bell \x07 in the body\n"),
    ("JD141", "a.md", front(title="'Hello =?utf-8?q?x?='") + BODY),
    ("JD142", "a.md", front(tags='["integrated\\ncircuits"]') + BODY),
    ("JD143", "a.md", front(title='"Jiading \\u202enepo krap"') + BODY),
    ("JD150", "a.md", front(summary=None) + BODY),
    ("JD151", "a.md", front(summary="Too short") + BODY),
    ("JD160", "a.md", front(image="missing.jpg", image_alt="A photo") + BODY),
    ("JD161", "a.md", front(image="https://cdn.example.com/a.jpg") + BODY),
    ("JD162", "a.md", front() + "See [the report](report.pdf).\n"),
    ("JD170", "a.md", front(canonical_url="http://example.com/a") + BODY),
    ("JD114", "a.md", front(title="&t Financial industry", category="*t") + BODY),
    ("JD108", "a.md", front(category="'" + "x" * 70_000 + "'") + BODY),
    ("JD109", "a.md", front(title="Big news in #Jiading") + BODY),
    ("JD113", "a.md", front(date="1986-05-04 02:30:00") + BODY),
    ("JD115", "a.md", front(updated="2062-07-03T18:00:00+08:00") + BODY),
    ("JD152", "a.md", front()),
    ("JD153", "a.md", front() + "<<<<<<< HEAD\nIt hosts 40 firms.\n=======\nIt hosts 45 firms.\n>>>>>>> main\n"),
    ("JD163", "a.md", front() + "See [x](https://[oops/a).\n"),
    ("JD164", "a.md", front() + "See [x](../../etc/hostname).\n"),
    ("JD165", "a.md", front() + "See [the plan](javascript:openPlan()).\n"),
    ("JD190", "a.md", front() + "Talks on <chips> and cars.\n"),
]


@pytest.mark.parametrize(("code", "name", "text"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_reports_a_breaking_article(site: Site, code: str, name: str, text: str) -> None:
    path = site.root / "articles" / name
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    result = site.run("validate", "--format", "json")
    codes = [p["code"] for p in json.loads(result.stdout)["problems"]]
    assert code in codes
    severity = RULES[code][0]
    assert result.exit_code == (1 if severity == "error" else 0)


def test_duplicate_ids_and_urls_across_the_site(site: Site) -> None:
    site.article("a.md", slug="same")
    site.article("b.md", slug="same")
    result = site.run("validate")
    assert result.exit_code == 1
    assert f"articles/b.md:2: error JD121 id: expected a unique id, but articles/a.md has the same: {GOOD_ID}" in (
        result.stdout
    )
    assert (
        "articles/b.md:6: error JD122 slug: expected a unique public URL, but articles/a.md has the same: "
        "https://news.example.com/en/news/2017/07/same/" in result.stdout
    )


def test_translation_in_the_wrong_language_is_a_warning(site: Site) -> None:
    site.article("a.md", translations=f"{{zh-CN: {OTHER_ID}}}")
    site.article("b.md", id=OTHER_ID, lang="fr")
    result = site.run("validate")
    assert "articles/a.md:6: warning JD132 translations: articles/b.md is in 'fr', not 'zh-CN'" in result.stdout


def test_scheduled_article_is_a_note_not_an_error(site: Site) -> None:
    site.article(date="2030-01-01T09:00:00+08:00")
    result = site.run("validate")
    assert result.exit_code == 0
    assert "articles/a.md:4: info JD112 date: scheduled: will be published at 2030-01-01T09:00:00+08:00" in (
        result.stdout
    )


def test_draft_dated_in_the_future_is_not_scheduled(site: Site) -> None:
    site.article(date="2030-01-01T09:00:00+08:00", draft="true")
    assert "JD112" not in site.run("validate").stdout


def test_strict_fails_on_warnings(site: Site) -> None:
    site.article(summary="Too short")
    assert site.run("validate").exit_code == 0
    assert site.run("validate", "--strict").exit_code == 1


def test_local_image_and_link_that_exist_pass(site: Site) -> None:
    write_image(site.root / "articles/img/a.jpg")
    site.write("articles/report.pdf", "pdf")
    site.article(image="img/a.jpg", image_alt="Signing ceremony", body="[r](report.pdf#p2) ![x](img/a.jpg)\n")
    assert untimed(site.run("validate").stdout) == "0 errors, 0 warnings, 0 notes in 1 file\n"


def test_links_in_code_are_not_checked(site: Site) -> None:
    site.article(body="```\n[x](missing.md)\n```\n`[y](gone.md)`\n\n    [z](indented.md)\n")
    assert site.run("validate").exit_code == 0


def test_an_indented_line_that_continues_a_paragraph_is_no_code_and_its_link_is_checked(site: Site) -> None:
    """Four spaces make code only after a blank line: this link is on the page, and its file is checked."""
    site.article(body="`[y](gone.md)`\n    [z](indented.pdf)\n")
    result = site.run("validate")
    assert result.exit_code == 1
    assert "error JD162 body: expected the linked file to exist, got 'indented.pdf' (no such file)" in result.stdout


def test_a_reference_definition_no_link_uses_names_no_file(site: Site) -> None:
    """It is on no page: nothing to check or publish; the one a link uses is checked on the definition's line."""
    site.article(body="See [the plan][p].\n\n[p]: plan.pdf\n[unused]: gone.pdf\n")
    result = site.run("validate")
    assert [line for line in result.stdout.splitlines() if "JD162" in line] == [
        "articles/a.md:9: error JD162 body: expected the linked file to exist, got 'plan.pdf' (no such file)"
    ]


def test_named_paths_limit_the_report_but_not_cross_checks(site: Site) -> None:
    site.article("a.md")
    site.article("b.md", slug="b", date="bad")
    site.article("c.md", slug="c")  # same id as a.md
    result = site.run("validate", "articles/c.md")
    assert result.exit_code == 1
    assert "articles/b.md" not in result.stdout
    assert "articles/c.md:2: error JD121 id" in result.stdout


def test_named_path_that_does_not_exist_is_a_usage_error(site: Site) -> None:
    result = site.run("validate", "articles/nope.md")
    assert result.exit_code == 2
    assert "nope.md: no such file or folder" in result.stderr


def test_json_format_is_data(site: Site) -> None:
    site.article(summary="Too short")
    data = json.loads(site.run("validate", "--format", "json").stdout)
    assert data["ok"] is True and data["warnings"] == 1 and data["files"] == 1
    assert data["problems"] == [
        {
            "path": "articles/a.md",
            "line": 5,
            "code": "JD151",
            "severity": "warning",
            "field": "summary",
            "message": "expected 20-300 characters for share cards, got 9",
        }
    ]


def test_github_format_prints_workflow_commands(site: Site) -> None:
    site.article(id="nope", summary="Too short")
    lines = untimed(site.run("validate", "--format", "github").stdout).splitlines()
    assert lines[0] == (
        "::error file=articles/a.md,line=2,title=JD120::id: expected a permanent URI such as 'urn:uuid:…' "
        "or 'tag:example.com,2017:…', got 'nope'"
    )
    assert lines[1].startswith("::warning file=articles/a.md,line=5,title=JD151::summary: expected 20-300")
    assert lines[2] == "1 error, 1 warning, 0 notes in 2 files".replace("2 files", "1 file")


def test_unknown_format_is_a_usage_error(site: Site) -> None:
    result = site.run("validate", "--format", "xml")
    assert result.exit_code == 2


def test_every_rule_code_has_a_failing_case() -> None:
    """Rules are covered here, or (share-text rules) by a test in the share tests that names them."""
    import re
    from pathlib import Path

    share_tests = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_share*.py"))
    suppress_tests = (Path(__file__).parent / "test_suppress.py").read_text(encoding="utf-8")
    article_rules = {code for code in RULES if code >= "JD100"}
    covered = (
        {c[0] for c in CASES}
        | {"JD121", "JD122", "JD124", "JD125", "JD132"}  # JD125: tests/test_site_layout.py
        | {"JD166", "JD167"}  # the files an article names as images: tests/test_image_files.py
        | {"JD168"}  # a link to a draft's or a scheduled article's file: tests/test_draft_links.py
        | {"JD169"}  # a file published where the site writes its own: tests/test_published_paths.py
        | {"JD175"}  # a file of the templates folder no page uses: tests/test_unused_templates.py
        | {"JD176"}  # a template Jinja cannot parse: tests/test_unparsed_templates.py
        | {"JD126"}  # a category no {category} folder can be made of: tests/test_category_permalinks.py
        | {"JD116"}  # the links the walk does not follow: tests/test_unfollowed_links.py
        | {"JD117"}  # the names a checkout elsewhere cannot hold: tests/test_portable_names.py
        | {"JD118"}  # what the walk cannot read: tests/test_unreadable_folders.py
        | {"JD119"}  # a front matter share cannot record in: tests/test_share_writable_front.py
        | {"JD191"}  # raw HTML (unsafe_html) that does not close what it opens: tests/test_raw_html_balance.py
        | set(re.findall(r"JD18\d", share_tests))
        | set(re.findall(r"JD107", suppress_tests))
    )
    assert article_rules - covered == set()


def test_an_ignored_code_that_leaves_nothing_out_is_a_warning_on_its_line(site: Site) -> None:
    """A code no rule has (a typo keeps the rule meant reported) and JD164 (never left out) are each a JD007
    warning on the line of validate.ignore; a real code is taken silently."""
    config = site.root / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8") + '[validate]\nignore = ["JD510", "JD164", "JD150"]\n')
    site.article(summary="''")
    result = site.run("validate")
    assert result.exit_code == 0
    assert untimed(result.output).splitlines() == [
        "jiading.toml:8: warning JD007 validate.ignore: JD164 guards what is published and is always reported",
        "jiading.toml:8: warning JD007 validate.ignore: expected the code of a rule, got 'JD510' (no rule has it; "
        "`jiading rule` lists them)",
        "",
        "0 errors, 2 warnings, 0 notes in 1 file",
    ]
