"""A template of the site that Jinja cannot parse is error JD176 from `validate`, at the line Jinja stopped at: the
build fails on it once a page takes it, and `validate` passed it before. Templates are drawn from the shipped
article template with one of its template marks broken, and `validate` must fail exactly where the build does."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Site, untimed
from jiading_cli.pages.theme import SHIPPED

ARTICLE = (SHIPPED / "article.html").read_text(encoding="utf-8")
MARKS = [found.start() for found in re.finditer(r"[{}%]", ARTICLE)]
BUILD_ERROR = re.compile(r"^Error: templates/article\.html:(\d+): template: (.*)$", re.MULTILINE)


def _said(site: Site) -> list[str]:
    return [line for line in untimed(site.run("validate").output).splitlines() if "JD176" in line]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(at=st.sampled_from(MARKS), replaced=st.sampled_from(["", " ", "{", "}", "%", "x"]))
def test_validate_fails_where_the_build_fails_on_a_template(site: Site, at: int, replaced: str) -> None:
    site.article("en/a.md", lang="en")
    site.write("templates/article.html", ARTICLE[:at] + replaced + ARTICLE[at + 1 :])
    said = _said(site)
    built = site.run("build")
    failed = BUILD_ERROR.search(built.output)
    if failed is None:  # the template parses (and the build says nothing of its syntax)
        assert said == [], said
        return
    assert built.exit_code == 1
    line, message = failed.groups()
    assert said == [f"templates/article.html:{line}: error JD176 expected a template Jinja reads, found: {message}"]
    assert site.run("validate").exit_code == 1


def test_a_template_no_page_takes_yet_is_named_too_and_ignore_leaves_it_out(site: Site) -> None:
    site.article("en/a.md", lang="en")
    site.write("templates/parts/later.html", "<p>{{ article.title }</p>\n")
    assert _said(site) == [
        "templates/parts/later.html:1: error JD176 expected a template Jinja reads, found: unexpected '}'"
    ]
    assert site.run("build").exit_code == 0  # no page takes it: the build has nothing to fail on
    config = site.root / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8") + '[validate]\nignore = ["JD176"]\n', encoding="utf-8")
    assert _said(site) == [] and site.run("validate").exit_code == 0
