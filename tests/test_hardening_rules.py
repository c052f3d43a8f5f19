"""What validation used to miss or say badly: references outside the site, hidden hashtags, bad dates that hid
the rest, unregistered language tags, and messages that now say the fix."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CONFIG, GOOD_ID, OTHER_ID, Site, front
from tinyimages import write_image

BODY = "Body.\n"


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line[0].isdigit()]


# ---------------------------------------------------------------- references stay inside the articles folder


def test_an_image_and_a_link_outside_the_site_are_errors_and_nothing_is_published(site: Site) -> None:
    site.article(
        "en/2026/a.md",
        image="../../../../../../../../etc/hostname",
        image_alt="x",
        body="[s](../../../../etc/shadow)\n",
    )
    result = site.run("validate")
    assert lines(result.stdout) == [
        "articles/en/2026/a.md:6: error JD164 image: expected a file inside the articles/ folder, got "
        "'../../../../../../../../etc/hostname', which leads outside it",
        "articles/en/2026/a.md:9: error JD164 body: expected a file inside the articles/ folder, got "
        "'../../../../etc/shadow', which leads outside it",
    ]
    assert site.run("feed", "build").exit_code == 1
    assert not (site.root / "public").exists()


def test_a_reference_outside_cannot_be_ignored_or_suppressed(site: Site) -> None:
    (site.root / "jiading.toml").write_text(CONFIG + '[validate]\nignore = ["JD164"]\n', encoding="utf-8")
    site.article(image="../../etc/hostname", image_alt="x", jiading="{ignore: [JD164]}")
    site.article("b.md", id=OTHER_ID, body="[s](../../etc/shadow)  <!-- jiading: ignore JD164 -->\n")
    result = site.run("validate")
    assert [line.split(" body:")[0].split(" image:")[0] for line in lines(result.stdout)] == [
        "articles/a.md:6: error JD164",
        "articles/b.md:7: error JD164",
        "jiading.toml:8: warning JD007 validate.ignore: JD164 guards what is published and is always reported",
    ]
    assert site.run("feed", "build").exit_code == 1


def test_a_file_beside_the_config_is_outside_the_articles_folder_even_if_it_exists(site: Site) -> None:
    site.article(body="[config](../jiading.toml)\n")
    assert lines(site.run("validate").stdout) == [
        "articles/a.md:7: error JD164 body: expected a file inside the articles/ folder, got '../jiading.toml', "
        "which leads outside it"
    ]


def test_a_symbolic_link_leading_out_of_the_articles_folder_is_refused(site: Site) -> None:
    (site.root / "articles/images").mkdir()
    (site.root / "articles/images/secret.png").symlink_to("/etc/hostname")
    site.article(image="images/secret.png", image_alt="x")
    assert "error JD164 image: expected a file inside the articles/ folder" in site.run("validate").stdout


def test_files_anywhere_inside_the_articles_folder_may_be_named(site: Site) -> None:
    write_image(site.root / "articles/images/photo.png")
    site.write("articles/notes.txt", "notes")
    site.article("en/2026/a.md", image="../../images/photo.png", image_alt="A photo", body="[n](../../notes.txt)\n")
    assert site.run("validate").stdout.startswith("0 errors, 0 warnings, 0 notes in 1 file")


def test_an_image_that_is_a_folder_or_a_fifo_is_not_a_file(site: Site) -> None:
    import os

    (site.root / "articles/pictures").mkdir()
    os.mkfifo(site.root / "articles/pipe.png")
    site.article("a.md", image="pictures", image_alt="x")
    site.article("b.md", id=OTHER_ID, image="pipe.png", image_alt="x")
    assert lines(site.run("validate").stdout) == [
        "articles/a.md:6: error JD160 image: expected an existing file or an https URL, got 'pictures' (a folder, "
        "not a file)",
        "articles/b.md:6: error JD160 image: expected an existing file or an https URL, got 'pipe.png' (not a "
        "regular file but a FIFO)",
    ]


# ---------------------------------------------------------------- what a user typed


def test_a_comment_after_a_plain_value_warns_with_the_quoted_fix(site: Site) -> None:
    site.article(
        title="Big news for the auto industry in #Jiading #Automotive",
        tags="[park, cars]",
        share="\n  weibo: 嘉定新园区开园啦 #创新#",
    )
    assert lines(site.run("validate").stdout) == [
        "articles/a.md:3: warning JD109 title: the text after ' #' is a YAML comment and is dropped; to keep it, "
        'quote the value: "Big news for the auto industry in #Jiading #Automotive"',
        "articles/a.md:8: warning JD109 share: the text after ' #' is a YAML comment and is dropped; to keep it, "
        'quote the value: "嘉定新园区开园啦 #创新#"',
    ]


def test_a_quoted_value_with_a_comment_after_it_is_left_alone(site: Site) -> None:
    site.article(title='"Big news" # checked by the desk')
    assert site.run("validate").exit_code == 0


def test_a_bad_date_no_longer_hides_the_other_problems_of_its_file(site: Site) -> None:
    site.article("a.md")
    site.article("b.md", date="2026-13-05 09:00", lang="english", image="missing.png", image_alt="x")
    assert lines(site.run("validate").stdout) == [
        "articles/b.md:2: error JD121 id: expected a unique id, but articles/a.md has the same: " + GOOD_ID,
        "articles/b.md:4: error JD104 date: expected an ISO 8601 date with a UTC offset, such as "
        "2017-07-03T09:00:00+08:00, got '2026-13-05 09:00' (its month 13 is not from 1 to 12)",
        "articles/b.md:6: error JD130 lang: expected a BCP 47 language tag in the IANA registry, such as 'en' or "
        "'zh-CN', got 'english'",
        "articles/b.md:7: error JD160 image: expected an existing file or an https URL, got 'missing.png' (no such "
        "file)",
    ]


def test_an_article_with_an_unreadable_title_never_reaches_the_feeds(site: Site) -> None:
    site.article(title="[1, 2]")
    result = site.run("feed", "build")
    assert result.exit_code == 1 and "error JD104 title" in result.stdout
    assert json.loads(site.run("list", "--json").stdout) == []


@pytest.mark.parametrize(
    ("tag", "hint"),
    [("cn", " (did you mean 'zh-CN'?)"), ("iw", " (did you mean 'he'?)"), ("i-klingon", " (did you mean 'tlh'?)")],
)
def test_a_language_tag_not_in_the_registry_says_what_was_meant(site: Site, tag: str, hint: str) -> None:
    site.article(lang=tag, translations=f"{{{tag}: {OTHER_ID}}}")
    site.article("b.md", id=OTHER_ID, lang="zh-CN")
    expected = f"expected a BCP 47 language tag in the IANA registry, such as 'en' or 'zh-CN'{hint}, got {tag!r}"
    assert [line for line in lines(site.run("validate").stdout) if "JD130" in line] == [
        f"articles/a.md:6: error JD130 lang: {expected}",
        f"articles/a.md:7: error JD130 translations: {expected}",
    ]


def test_a_language_tag_is_checked_in_the_config_and_in_new_article(site: Site) -> None:
    result = site.run("new-article", "Hello", "--lang", "cn")
    assert result.exit_code == 2
    assert "--lang: expected a BCP 47 language tag in the IANA registry, such as 'en' or 'zh-CN' (did you mean " in (
        result.stderr
    )
    assert not (site.root / "articles/cn").exists()
    (site.root / "jiading.toml").write_text(CONFIG.replace('language = "en"', 'language = "cn"'), encoding="utf-8")
    result = site.run("validate")
    assert result.exit_code == 2 and "site.language: expected a BCP 47 language tag in the IANA registry" in (
        result.stderr
    )
    assert "(did you mean 'zh-CN'?), got 'cn'" in result.stderr


def test_the_common_tags_read_without_the_registry_are_all_in_it() -> None:
    from jiading_cli.model import languages

    assert [tag for tag in languages.COMMON if languages._check(tag) is not None] == []


def test_a_bare_number_for_tags_is_refused_and_a_quoted_one_read(site: Site) -> None:
    site.article("a.md", tags="2026")
    site.article("b.md", id=OTHER_ID, tags='"2026"', authors="[1, 2]")
    for env in ({}, {"JIADING_FAST_FRONT": "off"}):
        assert lines(site.run("validate", env={"JIADING_CACHE": "off", **env}).stdout) == [
            "articles/a.md:6: error JD104 tags: expected a list of text or a text, got the number 2026; quote it "
            '("2026") or write a list'
        ]


def test_a_published_article_with_an_empty_body_is_warned_about_and_a_draft_is_not(site: Site) -> None:
    site.write("articles/a.md", front())
    site.write("articles/b.md", front(id=OTHER_ID, draft="true") + "\n\n")
    result = site.run("validate")
    assert lines(result.stdout) == [
        "articles/a.md:7: warning JD152 body: expected the article's text below the front matter, found nothing "
        "(write it, or set draft: true)"
    ]
    assert result.exit_code == 0 and site.run("validate", "--strict").exit_code == 1


def test_a_local_time_skipped_by_daylight_saving_is_an_error(site: Site) -> None:
    (site.root / "jiading.toml").write_text(CONFIG.replace("Asia/Shanghai", "America/New_York"), encoding="utf-8")
    site.article(date="2017-03-12 02:30:00")
    assert lines(site.run("validate").stdout) == [
        "articles/a.md:4: error JD113 date: 2017-03-12T02:30:00 never happened in America/New_York (its clocks were "
        "put forward); write the UTC offset meant, such as 2017-03-12T03:30:00-04:00"
    ]
    result = site.run("new-article", "Hello", "--date", "2017-03-12T02:30")
    assert result.exit_code == 2 and "never happened in America/New_York" in result.stderr


def test_a_long_tag_list_is_blamed_for_a_share_text_it_overflows(site: Site) -> None:
    tags = ", ".join(f"industrial park number {n}" for n in range(80))
    site.article(tags=f"[{tags}]")
    jd180 = [line for line in lines(site.run("validate").stdout) if "JD180" in line]
    assert jd180 and all(" JD180 tags: " in line for line in jd180)


def test_a_missing_articles_folder_says_so_and_names_init_and_a_file_there_is_named(site: Site) -> None:
    (site.root / "articles").rmdir()
    for command in (["validate"], ["list"], ["feed", "build"]):
        result = site.run(*command)
        assert (result.exit_code, result.stderr) == (
            2,
            "Error: articles/: no such folder; the articles live there (site.articles_dir in jiading.toml): create "
            "it, or start a new site with `jiading init`\n",
        )
    (site.root / "articles").write_text("", encoding="utf-8")
    result = site.run("validate")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: articles: expected the folder of articles (site.articles_dir), found a file\n",
    )


def test_an_unquoted_colon_in_a_title_suggests_quoting(site: Site) -> None:
    site.article(title="Jiading: a new park opens")
    assert lines(site.run("validate").stdout) == [
        "articles/a.md:3: error JD101 YAML syntax error: mapping values are not allowed in this context; a value "
        "holding ': ' must be quoted: title: \"Jiading: a new park opens\""
    ]


def test_a_gbk_file_is_told_to_be_saved_as_utf8(site: Site) -> None:
    (site.root / "articles/a.md").write_bytes(front(title="嘉定新闻").encode("gbk") + b"Body.\n")
    assert lines(site.run("validate").stdout) == [
        "articles/a.md:3: error JD100 expected UTF-8 text, found byte 0xbc; the file looks like GBK (GB 18030) "
        "Chinese text: save it as UTF-8 in your editor"
    ]


@given(
    st.one_of(
        st.sampled_from(["i-klingon", "i-navajo", "i-default", "i-xyz", "art-lojban", "zh-min-nan", "no-bok", "en_GB"]),
        st.from_regex(r"[A-Za-z]{1,3}([-_][A-Za-z0-9]{1,8}){0,2}", fullmatch=True),
    )
)
def test_a_language_tag_suggested_is_one_the_check_takes(tag: str) -> None:
    """'did you mean' names only a tag that would pass: following the hint never leads to another refusal."""
    from jiading_cli.model import languages

    said = languages.check(tag)
    if said is not None and "did you mean '" in said:
        suggested = said.split("did you mean '")[1].split("'?")[0]
        assert languages.check(suggested) is None, (tag, suggested)
