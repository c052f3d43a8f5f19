"""Suppressing a rule in one file or on one line, and --strict reporting suppressions that suppress nothing."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Site, untimed


def test_a_rule_ignored_in_the_front_matter_is_not_reported_for_that_file(site: Site) -> None:
    site.article("a.md", summary="''", jiading="{ignore: [JD150]}")
    result = site.run("validate", "--strict")
    assert result.exit_code == 0
    assert untimed(result.stdout) == "0 errors, 0 warnings, 0 notes in 1 file\n"


def test_the_same_rule_is_still_reported_in_other_files(site: Site) -> None:
    site.article("a.md", summary="''", jiading="{ignore: [JD150]}")
    site.article("b.md", id="urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5", slug="b", summary="''")
    result = site.run("validate")
    assert "articles/b.md:5: warning JD150" in result.stdout
    assert "articles/a.md" not in result.stdout


def test_a_marker_on_a_front_matter_line_ignores_the_rule_on_that_line_only(site: Site) -> None:
    site.article("a.md", date="2017-07-03 18:00  # jiading: ignore JD110", updated="2017-07-04 18:00")
    result = site.run("validate")
    assert "a.md:4:" not in result.stdout
    assert "articles/a.md:6: warning JD110 updated" in result.stdout


def test_a_marker_in_the_body_ignores_a_missing_link_on_its_line(site: Site) -> None:
    site.article("a.md", body="See [it](gone.pdf) <!-- jiading: ignore JD162 -->\nAnd [this](lost.pdf).\n")
    result = site.run("validate")
    assert result.exit_code == 1
    assert "gone.pdf" not in result.stdout
    assert "articles/a.md:8: error JD162 body: expected the linked file to exist, got 'lost.pdf'" in result.stdout


def test_strict_reports_a_file_suppression_that_suppresses_nothing(site: Site) -> None:
    site.article("a.md", jiading="{ignore: [JD150, JD161]}", summary="''")
    assert site.run("validate").exit_code == 0
    result = site.run("validate", "--strict")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "articles/a.md:6: warning JD107 jiading: ignore JD161: nothing in this file is reported as JD161; remove it"
    )


def test_strict_reports_a_line_marker_that_suppresses_nothing(site: Site) -> None:
    site.article("a.md", body="Text <!-- jiading: ignore JD162 -->\n")
    assert "JD107" not in site.run("validate").stdout
    result = site.run("validate", "--strict")
    assert result.exit_code == 1
    assert "articles/a.md:7: warning JD107 ignore JD162: nothing on this line is reported as JD162" in result.stdout


def test_a_jiading_field_that_is_not_a_list_of_codes_is_a_type_error(site: Site) -> None:
    site.article("a.md", jiading="{ignore: [E501]}")
    result = site.run("validate")
    assert result.exit_code == 1
    assert "articles/a.md:6: error JD104 jiading: expected a mapping {ignore: [rule codes such as JD150]}" in (
        result.stdout
    )


def test_a_build_does_not_count_a_suppressed_warning(site: Site) -> None:
    site.article("a.md", summary="''", jiading="{ignore: [JD150]}")
    result = site.run("feed", "build")
    assert result.exit_code == 0
    assert "Warning" not in result.stderr


def test_strict_reports_a_front_matter_marker_in_a_file_with_no_problem_and_no_jiading_field(site: Site) -> None:
    site.article("a.md", date="2017-07-03 18:00+08:00  # jiading: ignore JD110")
    assert "JD107" not in site.run("validate").stdout
    result = site.run("validate", "--strict")
    assert result.exit_code == 1
    assert "articles/a.md:4: warning JD107 ignore JD110: nothing on this line is reported as JD110" in result.stdout


ARTICLE_NAMES = st.builds(
    lambda stem, ending, hidden: f"{'.' if hidden else ''}{stem}{ending}",
    st.text(alphabet="aZ-_é 9", min_size=1, max_size=6).filter(lambda stem: stem.strip() == stem),
    st.sampled_from([".md", ".MD", ".Md", ".mD"]),
    st.booleans(),
)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ARTICLE_NAMES, st.booleans())
def test_a_marker_is_read_in_every_file_validate_reads_as_an_article_whatever_its_name(
    site: Site, name: str, loads: bool
) -> None:
    """A line's suppression holds in ``A.MD`` as in ``a.md``, in a hidden file named on the command line, and in a
    file whose front matter gives no article (a field of the wrong kind) as in one that loads."""
    line, field, value, code = (4, "date", "2017-07-03 18:00", "JD110") if loads else (3, "title", "[a]", "JD104")
    shutil.rmtree(site.root / "articles")
    named = str(site.article(name, slug="a", **{field: f"{value}  # jiading: ignore {code}"}).relative_to(site.root))
    marked = site.run("validate", "--strict", "--", named)
    assert (marked.exit_code, untimed(marked.stdout)) == (0, "0 errors, 0 warnings, 0 notes in 1 file\n")
    site.article(name, slug="a", **{field: value})
    assert f"{named}:{line}: {'warning' if loads else 'error'} {code} {field}: " in site.run("validate", named).stdout


def test_no_suppression_reaches_a_rule_about_the_articles_folder_s_entries(site: Site) -> None:
    site.article("aux.md", jiading="{ignore: [JD117]}")
    result = site.run("validate")
    assert "articles/aux.md: warning JD117 expected a name every system's checkout can hold" in result.stdout


CODE_FORMS = st.sampled_from(["JD150", "JD105", "jd150", "JD１５０", "JD999"])
SEPARATORS = st.sampled_from([",", ", ", "，", "、", " ，", ";"])


@st.composite
def ignore_values(draw: st.DrawFn) -> str:
    """The ignore list of a ``jiading`` field as people write it: a flow list, or one text of several separators."""
    codes = draw(st.lists(CODE_FORMS, min_size=1, max_size=3))
    if draw(st.booleans()):
        return "[" + ", ".join(codes) + "]"
    text = codes[0] + "".join(draw(SEPARATORS) + code for code in codes[1:])
    return draw(st.sampled_from(['"{}"', "{}"])).format(text)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ignore_values())
def test_a_jiading_field_the_loader_takes_suppresses_every_code_it_names(site: Site, ignore: str) -> None:
    """The ``jiading`` field is read one way: taken, it suppresses each code it names however they are separated
    (a Chinese comma too, as for tags); refused (JD104, or JD106 where YAML reads ``{ignore: JD150,JD150}`` as a
    mapping giving the key JD150 twice), it suppresses nothing and is said to be wrong."""
    site.article("a.md", summary="''", extra="x", jiading=f"{{ignore: {ignore}}}")
    said = site.run("validate", "--strict").stdout
    refused = "error JD104 jiading:" in said or "error JD106 jiading:" in said  # {ignore: A,A}: A is a key twice
    named = {code for code in ("JD150", "JD105") if code in ignore.replace("jd150", "").replace("JD１５０", "")}
    for code in ("JD150", "JD105"):
        assert (f" {code} " in said) == (refused or code not in named), said


@pytest.mark.parametrize("separator", [",", ", ", "，", "、", " ，"])
def test_a_line_comment_reads_its_codes_as_the_jiading_field_reads_them(site: Site, separator: str) -> None:
    """Codes separated by a Chinese comma suppress on a line as in the ``jiading`` field: each is read, none
    silently left out (it was neither suppressed nor said to suppress nothing)."""
    site.article("a.md", date=f"2017-07-03 18:00  # jiading: ignore JD110{separator}JD105", extra="x")
    said = site.run("validate", "--strict").stdout
    assert " JD110 " not in said
    assert "warning JD107 ignore JD105: nothing on this line is reported as JD105" in said
