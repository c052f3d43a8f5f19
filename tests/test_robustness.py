"""What daily use throws at new-article, validate and list: odd YAML, odd files, odd config, odd options."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import GOOD_ID, OTHER_ID, Site, untimed
from tinyimages import write_image


def errors(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line[0].isdigit()]


# ---------------------------------------------------------------- odd YAML


@pytest.mark.parametrize("date", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"])
def test_a_date_no_time_zone_can_show_is_a_located_error_not_a_crash(site: Site, date: str) -> None:
    site.article(date=date)
    result = site.run("validate")
    assert result.exit_code == 1
    assert errors(result.stdout) == [
        f"articles/a.md:4: error JD104 date: expected a date from 0002-01-01T00:00:00Z to 9998-12-31T00:00:00Z, "
        f"got {date}"
    ]
    assert site.run("list").exit_code == 0


def test_an_unreadable_date_is_one_line_with_expected_and_found(site: Site) -> None:
    site.article(date="2017-13-45")
    result = site.run("validate")
    assert errors(result.stdout) == [
        "articles/a.md:4: error JD104 date: cannot read the value: its month 13 is not from 1 to 12; expected an ISO "
        "8601 date with a UTC offset, such as 2017-07-03T09:00:00+08:00, got '2017-13-45'"
    ]


def test_a_python_tag_is_one_line_naming_the_tag(site: Site) -> None:
    site.article(id="!!python/object:os.system ls")
    result = site.run("validate")
    assert result.exit_code == 1
    [line] = errors(result.stdout)
    assert line.startswith("articles/a.md:2: error JD104 id: cannot read the value: could not determine a constructor")
    assert line.endswith("expected a plain value without a YAML tag, got 'ls'")


def test_numbers_in_text_fields_stay_as_written(site: Site) -> None:
    site.article(title="1e400", tags="[1.10, 0x1F]")
    result = site.run("list", "--json")
    assert json.loads(result.stdout)[0]["title"] == "1e400"
    from jiading_cli.config import load_config
    from jiading_cli.content.site import load_file

    article = load_file(load_config(site.root), site.root / "articles/a.md").article
    assert article is not None and article.tags == ("1.10", "0x1F")


def test_a_key_that_is_a_list_is_named_plainly(site: Site) -> None:
    site.article(body="Body.\n", **{"? [a, b]\n": "c"})
    result = site.run("validate")
    assert "articles/a.md:6: error JD104 expected a field name, got a list or mapping" in result.stdout


def test_a_mapping_with_a_wrong_value_says_which_entry(site: Site) -> None:
    site.article(share="{facebook: [1]}")
    result = site.run("validate")
    assert errors(result.stdout) == [
        "articles/a.md:6: error JD104 share: expected a mapping of name: text, got 'facebook': a list of 1"
    ]


# ---------------------------------------------------------------- odd files


def test_a_symlinked_article_keeps_its_own_path(site: Site) -> None:
    site.article("a.md")
    (site.root / "articles/b.md").symlink_to("a.md")
    result = site.run("validate")
    assert errors(result.stdout) == [
        f"articles/b.md:2: error JD121 id: expected a unique id, but articles/a.md has the same: {GOOD_ID}"
    ]


def test_a_broken_link_and_an_upper_case_extension_are_not_skipped(site: Site) -> None:
    """A link named as an article that leads to nothing is an article that cannot be read (an error, not JD116's
    warning: its page would go from the site unsaid), and its line says it is a link, and to what."""
    (site.root / "articles/gone.md").symlink_to("nowhere.md")
    site.article("upper.MD", id=OTHER_ID)
    (site.root / "articles/folder.md").mkdir()
    result = site.run("validate")
    assert errors(result.stdout) == [
        "articles/folder.md: error JD100 expected a regular file, found a folder",
        "articles/gone.md: error JD100 cannot read the file: it is a symbolic link to nothing ('nowhere.md' is "
        "missing)",
    ]
    assert untimed(result.stdout).endswith("in 3 files\n")


def test_a_slug_from_the_file_name_says_so(site: Site) -> None:
    site.article("with space.md")
    result = site.run("validate")
    assert errors(result.stdout) == [
        "articles/with space.md:1: error JD123 slug: expected lowercase ASCII words joined by '-', at most 200 "
        "characters, such as 'financial-industry', got 'with space' from the file name (add a slug field or rename "
        "the file)"
    ]


@pytest.mark.parametrize(("length", "valid"), [(200, True), (201, False), (3000, False)])
def test_a_slug_is_at_most_a_folder_name_any_file_system_takes(site: Site, length: int, valid: bool) -> None:
    site.article(slug="a" * length)
    result = site.run("build")
    assert "Traceback" not in result.output
    if valid:
        assert result.exit_code == 0, result.output
        assert len(list((site.root / "public").rglob(f"{'a' * length}/index.html"))) == 1
    else:
        assert result.exit_code == 1
        assert "error JD123 slug: expected lowercase ASCII words joined by '-', at most 200 characters" in result.output


def test_validate_refuses_a_path_outside_the_articles_folder(
    site: Site, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "x.md"
    outside.write_text("not an article", encoding="utf-8")
    result = site.run("validate", str(outside))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {outside}: expected a file or folder inside articles/\n"


def test_validate_of_the_site_folder_checks_every_article_from_a_subfolder(site: Site) -> None:
    site.article("en/a.md")
    os.chdir(site.root / "articles/en")
    assert untimed(site.run("validate", "../..").stdout) == "0 errors, 0 warnings, 0 notes in 1 file\n"
    result = site.run("validate", "missing.md")
    assert (result.exit_code, result.stderr) == (2, "Error: missing.md: no such file or folder\n")


def test_a_link_in_angle_brackets_may_hold_spaces(site: Site) -> None:
    write_image(site.root / "articles/img/a b.png")
    site.article(body="![x](<img/a b.png>) [y](<img/a%20b.png>)\n")
    assert site.run("validate").exit_code == 0


def test_an_image_named_with_a_hash_gets_a_hint(site: Site) -> None:
    write_image(site.root / "articles/a#1.png")
    site.article(image="'a#1.png'", image_alt="x")
    assert errors(site.run("validate").stdout) == [
        "articles/a.md:6: error JD160 image: expected an existing file or an https URL, got 'a#1.png' "
        "(it is read as a URL: write '#' as %23, '?' as %3F and '%' as %25: 'a%231.png')"
    ]


# ---------------------------------------------------------------- odd config


def config(site: Site, text: str) -> None:
    (site.root / "jiading.toml").write_text(
        '[site]\ntitle = "T"\nbase_url = "https://news.example.com"\n' + text, encoding="utf-8"
    )


def test_config_that_is_not_utf8_says_where(site: Site) -> None:
    (site.root / "jiading.toml").write_bytes(b'[site]\ntitle = "T\xff"\n')
    result = site.run("validate")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: jiading.toml:2: error JD001 expected UTF-8 text, found byte 0xff\n",
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('permalink = "/{slug!r}/"', "a path such as"),
        ('permalink = "/{slug:>99999999}/"', "a path such as"),
        ('output_dir = "."', "a folder inside the site other than the site folder itself"),
        ('output_dir = "./"', "a folder inside the site other than the site folder itself"),
    ],
)
def test_config_values_that_would_make_broken_urls_or_paths_are_refused(site: Site, line: str, expected: str) -> None:
    config(site, line + "\n")
    result = site.run("validate")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: jiading.toml:4: error JD002 site.")
    assert expected in result.stderr


def test_base_url_with_a_query_is_refused(site: Site) -> None:
    (site.root / "jiading.toml").write_text('[site]\ntitle = "T"\nbase_url = "https://x.com/?a=1"\n', encoding="utf-8")
    result = site.run("validate")
    assert result.stderr == (
        "Error: jiading.toml:3: error JD002 site.base_url: expected an absolute https:// URL without '?' or '#', "
        "such as 'https://www.example.com', got 'https://x.com/?a=1'\n"
    )


def test_missing_key_message_keeps_the_case_of_its_documentation(site: Site) -> None:
    (site.root / "jiading.toml").write_text('[site]\ntitle = "T"\n', encoding="utf-8")
    result = site.run("validate")
    assert "expected absolute https URL of the site's home page." in result.stderr


# ---------------------------------------------------------------- new-article


@pytest.mark.parametrize("date", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"])
def test_new_article_refuses_a_date_out_of_range(site: Site, date: str) -> None:
    result = site.run("new-article", "Hello", "--date", date)
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: --date: expected a date from 0002-01-01T00:00:00Z to 9998-12-31T00:00:00Z, got {date!r}\n",
    )


@pytest.mark.parametrize("option", ["TITLE", "--summary", "--category"])
def test_new_article_refuses_control_characters_validate_would_reject(site: Site, option: str) -> None:
    args = ["Hello\x07"] if option == "TITLE" else ["Hello", option, "a\x07b"]
    result = site.run("new-article", *args)
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {option}: expected text without control characters, found U+0007\n",
    )
    assert not list((site.root / "articles").rglob("*.md"))


def test_new_article_where_a_file_blocks_the_folder_is_one_line(site: Site) -> None:
    site.write("articles/en", "a file")
    result = site.run("new-article", "Hello", "--date", "2017-07-03")
    assert result.exit_code == 1
    assert result.stderr == "Error: articles/en/2017/hello.md: cannot write: articles/en is a file, not a folder\n"


def test_new_article_splits_comma_tags_and_refuses_blank_items(site: Site) -> None:
    """Tags split at commas, the same tag given twice kept once; a blank item between commas is refused, nothing
    written (tests/test_comma_lists.py), as an option given nothing at all is (tests/test_new_article_edges.py)."""
    refused = site.run("new-article", "Hello", "--tag", "a, b,, ", "--tag", "b")
    assert refused.exit_code == 2
    assert refused.output == "Error: --tag: expected a tag between each two commas, found entry 3 of 'a, b,, ' empty\n"
    assert list((site.root / "articles").rglob("*.md")) == []
    result = site.run("new-article", "Hello", "--tag", "a, b", "--tag", "b")
    text = (site.root / result.stdout.strip()).read_text(encoding="utf-8")
    assert "authors:\n- Newsroom\ntags:\n- a\n- b\ncategory: null\n" in text
    assert site.run("validate").exit_code == 0


def test_new_article_with_quotes_colons_emoji_and_chinese_validates(site: Site) -> None:
    result = site.run("new-article", '嘉定 "金融": 🚀 # x', "--summary", "One: two # three, 'quoted' \"twice\".")
    assert result.stdout == "articles/en/2026/jia-ding-jin-rong-x.md\n"
    assert site.run("validate").exit_code == 0
    assert json.loads(site.run("list", "--drafts", "--json").stdout)[0]["title"] == '嘉定 "金融": 🚀 # x'


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes whatever the mode bits say")
def test_unreadable_article_and_read_only_folder_are_one_line_each(site: Site) -> None:
    path: Path = site.article()
    path.chmod(0)
    try:
        result = site.run("validate")
        assert errors(result.stdout) == ["articles/a.md: error JD100 cannot read the file: Permission denied"]
        (site.root / "articles").chmod(0o555)
        result = site.run("new-article", "Hello", "--lang", "fr")
        assert result.exit_code == 1
        assert result.stderr.endswith(": cannot write: Permission denied\n")
    finally:
        (site.root / "articles").chmod(0o755)
        path.chmod(0o644)


def test_list_shows_brackets_in_titles_and_paths_as_written(site: Site) -> None:
    site.article("[red]x/[b]y.md", title="'[/] [bold]x[/bold]'", slug="y")
    result = site.run("list")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split("\t")[-2:] == ["[/] [bold]x[/bold]", "articles/[red]x/[b]y.md"]


def test_a_public_url_too_long_for_a_sitemap_is_an_error(site: Site) -> None:
    config = site.root / "jiading.toml"
    text = config.read_text(encoding="utf-8")
    long_base = "https://news.example.com/" + "section/" * 230
    config.write_text(text.replace('base_url = "https://news.example.com"', f'base_url = "{long_base}"'), "utf-8")
    site.article(slug="a" * 200)
    result = site.run("validate")
    assert result.exit_code == 1, result.output
    [line] = [row for row in result.stdout.splitlines() if "JD124" in row]
    assert "error JD124 slug: expected a public URL of at most 2,048 characters, got one of 2," in line


def test_utm_values_too_long_for_a_qr_code_leave_the_qr_code_the_articles_url(site: Site) -> None:
    config = site.root / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8") + f'\n[share]\nutm_campaign = "{"c" * 3000}"\n', "utf-8")
    site.article()
    built = site.run("build")
    assert built.exit_code == 0, built.output
    shown = site.run("share", "--json")
    assert shown.exit_code == 0, shown.output
    [article] = json.loads(shown.stdout)["articles"]
    assert article["links"]["wechat"] == article["url"]
    assert "utm_campaign%3Dccc" in article["links"]["facebook"]


def test_a_folder_named_as_an_article_is_one_error_and_is_not_walked(site: Site) -> None:
    """A folder `notes.md` is an article that cannot be read, never a folder whose files are published unseen."""
    site.article("en/notes.md/inner.md", id=OTHER_ID)
    site.article("en/a.md")
    line = "articles/en/notes.md: error JD100 expected a regular file, found a folder"
    for paths in ((), ("articles/en/notes.md",), ()):  # the second run of the whole site reads its stored walk
        result = site.run("validate", *paths)
        assert result.exit_code == 1 and errors(result.stdout) == [line], result.stdout
    listed = site.run("list")
    assert "inner.md" not in listed.stdout and listed.exit_code == 1
    assert listed.stderr == "Error: articles/en/notes.md: JD100 expected a regular file, found a folder\n"


def test_a_loop_of_links_named_as_an_article_says_so(site: Site) -> None:
    (site.root / "articles/round.md").symlink_to("round.md")
    result = site.run("validate")
    said = "articles/round.md: error JD100 cannot read the file: it is a loop of symbolic links"
    assert errors(result.stdout) == [said]


def test_a_file_of_its_opening_line_alone_is_front_matter_never_closed(site: Site) -> None:
    """``---`` alone, no line break after it: it said ``expected the file to start with a '---' line …, found
    '---'``, which reads as its own contradiction."""
    (site.root / "articles/open.md").write_bytes(b"---")
    result = site.run("validate")
    assert errors(result.stdout) == [
        "articles/open.md:1: error JD102 front matter is never closed: the file is its opening '---' alone; expected "
        "the fields and a '---' line"
    ]
