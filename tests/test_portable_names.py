"""A name in the articles folder that a checkout on Windows or macOS cannot hold as it is (a device name, a dot or a
space at its end, a character Windows does not allow, two names of a folder that differ only in case or Unicode
form) is one JD117 warning in every run over the whole site, from that run's own walk."""

from __future__ import annotations

import os
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import GOOD_ID, OTHER_ID, Site, untimed
from jiading_cli.content.portable import DEVICES, FORBIDDEN, folded, odd_names, unportable

THIRD_ID = "urn:uuid:2c4e6a80-1b3d-4f5a-8c7e-9d0f1a2b3c4d"


def lines(site: Site, *args: str) -> list[str]:
    result = site.run("validate", *args)
    assert result.exit_code == 0, result.output
    return [line for line in untimed(result.stdout).splitlines() if line]


@pytest.mark.parametrize("device", sorted(DEVICES))
def test_every_windows_device_name_is_refused_whatever_its_case_and_extension(device: str) -> None:
    said = f"{device} is a device name on Windows, whatever the extension: git cannot check it out there"
    for spelled in (device.lower(), device.upper(), device.title()):
        for ending in ("", ".md", ".tar.gz", " .md", "  "):
            assert unportable(spelled + ending) == said, spelled + ending


@pytest.mark.parametrize("name", ["auxiliary.md", "con-ference.md", "com10.md", "lpt.md", "nul-2026", "prn_x", "a.con"])
def test_a_name_that_only_begins_like_a_device_is_kept(name: str) -> None:
    assert unportable(name) is None


@pytest.mark.parametrize(("name", "why"), [("notes.", "a dot or a space at the end"), ("notes ", "a dot or a space")])
def test_a_name_ending_in_a_dot_or_a_space_is_refused(name: str, why: str) -> None:
    assert why in (unportable(name) or "")


@given(st.text(alphabet="abc-_.09" + "".join(sorted(FORBIDDEN)), min_size=1, max_size=12))
def test_a_character_windows_does_not_allow_is_named_in_the_reason(name: str) -> None:
    found = unportable(name)
    bad = sorted(FORBIDDEN.intersection(name))
    if name.split(".", 1)[0].rstrip(" ").upper() in DEVICES or name.endswith((".", " ")):
        assert found is not None
    elif bad:
        assert found == f"Windows allows no {' '.join(bad)} in a name: git cannot check it out there"
    else:
        assert found is None


@given(st.lists(st.text(alphabet="aAbBéE\u0301-", min_size=1, max_size=4), max_size=8))
def test_of_names_alike_but_for_case_or_form_the_first_in_order_is_kept_and_the_others_named(names: list[str]) -> None:
    found = dict(odd_names(names))
    kept: dict[str, str] = {}
    for name in sorted(names):
        first = kept.setdefault(folded(name), name)
        assert (name in found) == (first != name)
        if first != name:
            assert found[name].startswith(f"'{first}' in the same folder differs from it only in case or Unicode form")
    assert len({folded(name) for name in names}) == len(set(names)) - len(found)


def test_each_odd_name_is_one_warning_and_the_articles_stay_in_the_site(site: Site) -> None:
    site.article("en/aux.md", slug="aux-forum")
    site.article("en/Park.md", id=OTHER_ID, slug="park-opens")
    site.article("en/park.md", id=THIRD_ID, slug="park-opens-2")
    (site.root / "articles/images").mkdir()
    (site.root / "articles/Images").mkdir()
    assert lines(site) == [
        "articles/en/aux.md: warning JD117 expected a name every system's checkout can hold, found 'aux.md': AUX is "
        "a device name on Windows, whatever the extension: git cannot check it out there; rename it",
        "articles/en/park.md: warning JD117 expected a name every system's checkout can hold, found 'park.md': "
        "'Park.md' in the same folder differs from it only in case or Unicode form, which Windows and macOS do not "
        "tell apart: a checkout there keeps one of the two; rename it",
        "articles/images: warning JD117 expected a name every system's checkout can hold, found 'images': 'Images' "
        "in the same folder differs from it only in case or Unicode form, which Windows and macOS do not tell apart: "
        "a checkout there keeps one of the two; rename it",
        "0 errors, 3 warnings, 0 notes in 3 files",
    ]
    built = site.run("build")
    assert built.exit_code == 0, built.output
    assert "Warning: articles/en/aux.md: JD117 expected a name" in built.stderr
    assert (site.root / "public/en/news/2017/07/aux-forum/index.html").is_file()


def test_the_other_files_of_the_articles_folder_are_held_to_it_too(site: Site) -> None:
    site.article("en/a.md")
    site.write("articles/en/images/photo.jpg", "")
    site.write("articles/en/images/Photo.JPG", "")
    site.write("articles/en/images/aux.png", "")
    site.write("articles/en/images/.hidden:file", "")  # hidden, as a hidden folder is: left out unsaid
    found = [line.split(": warning ", 1)[0] for line in lines(site) if " JD117 " in line]
    assert found == ["articles/en/images/aux.png", "articles/en/images/photo.jpg"]


def test_a_name_in_another_unicode_form_is_one_on_macos(site: Site) -> None:
    composed = unicodedata.normalize("NFC", "café")
    decomposed = unicodedata.normalize("NFD", "café")
    os.makedirs(site.root / "articles" / composed)
    os.makedirs(site.root / "articles" / decomposed)
    site.article(f"{composed}/a.md")
    found = lines(site)
    assert len(found) == 2 and " JD117 " in found[0] and "Unicode form" in found[0]


def test_it_is_seen_again_after_a_rename_however_much_a_warm_run_recalls(site: Site) -> None:
    site.article("en/con.md", slug="conference")
    assert lines(site)[0].startswith("articles/en/con.md: warning JD117")
    (site.root / "articles/en/con.md").rename(site.root / "articles/en/conference.md")
    assert lines(site) == ["0 errors, 0 warnings, 0 notes in 1 file"]
    (site.root / "articles/en/conference.md").rename(site.root / "articles/en/con.md")
    assert lines(site)[0].startswith("articles/en/con.md: warning JD117")


def test_validate_ignore_leaves_it_out_and_no_article_can(site: Site) -> None:
    site.article("en/nul.md", slug="null-results")
    config = site.root / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8") + '[validate]\nignore = ["JD117"]\n', encoding="utf-8")
    assert lines(site) == ["0 errors, 0 warnings, 0 notes in 1 file"]
    said = site.run("rule", "JD117")
    assert 'no article can leave it unreported; validate.ignore = ["JD117"] in jiading.toml does.' in said.stdout


def test_a_named_file_reports_none_and_a_named_folder_the_names_below_it(site: Site) -> None:
    site.article("en/a.md")
    site.article("zh/prn.md", id=OTHER_ID, slug="printing")
    assert lines(site, "articles/en/a.md") == ["0 errors, 0 warnings, 0 notes in 1 file"]
    assert lines(site, "articles/zh")[0].startswith("articles/zh/prn.md: warning JD117")
    assert GOOD_ID  # both articles valid, so only JD117 is said


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["Aux"],
            "Error: TITLE: expected a file name every system's checkout can hold, would make 'aux.md': AUX is a "
            "device name on Windows, whatever the extension: git cannot check it out there; pass --slug with "
            "another name",
        ),
        (
            ["Open day", "--slug", "LPT1"],
            "Error: --slug: expected a file name every system's checkout can hold, would "
            "make 'lpt1.md': LPT1 is a device name on Windows",
        ),
        (
            ["Park"],
            "Error: TITLE: expected a file name every system's checkout can hold, would make 'park.md': "
            "'Park.md' in the same folder differs from it only in case or Unicode form",
        ),
    ],
)
def test_new_article_makes_no_file_a_checkout_elsewhere_cannot_hold(site: Site, args: list[str], said: str) -> None:
    site.write("articles/en/2017/Park.md", "kept as it is\n")
    before = sorted(p for p in (site.root / "articles").rglob("*"))
    result = site.run("new-article", *args, "--date", "2017-07-03T18:00:00+08:00")
    assert result.exit_code == 2 and result.stderr.startswith(said), result.output
    assert sorted(p for p in (site.root / "articles").rglob("*")) == before
    made = site.run("new-article", *args[:1], "--slug", "open-day", "--date", "2017-07-03T18:00:00+08:00")
    assert made.exit_code == 0 and made.stdout == "articles/en/2017/open-day.md\n", made.output
