"""A template of the site that Jinja cannot parse is error JD176 from `validate`, at the line Jinja stopped at: the
build fails on it once a page takes it, and `validate` passed it before. Templates are drawn from the shipped
article template with one of its template marks broken, and `validate` must fail exactly where the build does."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
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


def _fault(root: Path, kind: str, name: str, at: int) -> None:
    """Leave a template of the site at ``name`` that no build can read, as ``kind`` says."""
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = ARTICLE.encode("utf-8")
    at = at % (len(text) + 1)
    if kind == "byte":
        path.write_bytes(text[:at] + b"\xff" + text[at:])
    elif kind == "escape":
        path.write_bytes(text[:at] + b"\x1b[31m" + text[at:])
    elif kind == "utf-16":
        path.write_bytes(ARTICLE.encode("utf-16"))
    elif kind == "link to nothing":
        path.symlink_to(root / "nowhere.html")
    elif kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(root / "templates" / f"{name}.fifo")
    else:  # the templates folder itself a file
        shutil.rmtree(root / "templates")
        (root / "templates").write_text(ARTICLE, encoding="utf-8")


READ_ERROR = re.compile(r"^Error: (templates\S*): (?:template: )?(.*)$", re.MULTILINE)
FAULTS = ["byte", "escape", "utf-16", "link to nothing", "folder", "fifo", "file"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(FAULTS),
    name=st.sampled_from(["article.html", "base.html", "root.html", "parts/deep/404.html", "style.css"]),
    at=st.integers(min_value=0),
)
@example(kind="byte", name="article.html", at=3)
@example(kind="fifo", name="parts/deep/404.html", at=0)
@example(kind="file", name="article.html", at=0)
def test_validate_fails_where_the_build_cannot_read_a_template(site: Site, kind: str, name: str, at: int) -> None:
    """A template the build's loader cannot read (bytes not UTF-8, a control character, UTF-16, a link to nothing
    or a folder at its name), a FIFO anywhere in the templates folder, or a templates folder that is a file: the
    build fails on it, and `validate` fails first with JD176 saying the same, at the same place."""
    site.article("en/a.md", lang="en")
    folder = site.root / "templates"  # the fixture's site is the same for every example drawn
    if folder.is_dir():
        shutil.rmtree(folder)
    elif folder.exists():
        folder.unlink()
    folder.mkdir()
    _fault(site.root, kind, name, at)
    built = site.run("build")
    failed = READ_ERROR.search(built.output)
    if failed is None:  # a name no page takes (parts/…): the build reads it not
        assert built.exit_code == 0, built.output
        assert all("JD176" not in line for line in _said(site) if not line.startswith("templates/parts/")), _said(site)
        return
    assert built.exit_code == 1
    where, message = failed.groups()
    message = message.split("; remove it")[0]  # the build says what to do with the folder in the way
    assert _said(site) == [f"{where}: error JD176 {message}"]
    assert site.run("validate").exit_code == 1


def test_a_template_in_a_linked_folder_is_named_by_its_path_in_the_templates_folder(site: Site) -> None:
    """Partials shared through a link (``templates/parts`` leading to ``shared/``): `validate` names each file as
    the build does, by its path in the templates folder, never by where the link leads, which is no file of the
    templates folder to rename or fix."""
    site.article("en/a.md", lang="en")
    (site.root / "shared").mkdir()
    (site.root / "shared/bad.html").write_bytes(b"<p>\n\xff</p>\n")
    (site.root / "shared/misspelt.html").write_text("<p>later</p>\n", encoding="utf-8")
    (site.root / "templates").mkdir(exist_ok=True)
    (site.root / "templates/parts").symlink_to(site.root / "shared")
    site.write(
        "templates/article.html", ARTICLE.replace("{% block main %}", '{% block main %}{% include "parts/bad.html" %}')
    )
    said = untimed(site.run("validate").output)
    assert "templates/parts/bad.html:2: error JD176 expected UTF-8 text, got byte 0xff" in said.splitlines()
    assert "shared/" not in said
    built = site.run("build")
    assert "Error: templates/parts/bad.html:2: template: expected UTF-8 text, got byte 0xff" in built.output
    (site.root / "shared/bad.html").write_text("<p>made</p>\n", encoding="utf-8")  # every template read: JD175
    said = untimed(site.run("validate").output)
    assert any(line.startswith("templates/parts/misspelt.html: warning JD175 ") for line in said.splitlines()), said
    assert "shared/" not in said
