"""A file of the site's templates folder that no page uses (a misspelt override, ``articel.html``, ``Article.html``)
is named by `validate` and `build` with the shipped template nearest to it (JD175), never left out without a word;
a file the theme takes by its name, or that a used template names, is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Site, untimed
from jiading_cli.pages.theme import SHIPPED
from jiading_cli.pages.unused import shipped, unused

SHIPPED_NAMES = shipped()


def _site(site: Site, templates: dict[str, str]) -> None:
    site.article("en/a.md", lang="en")
    for name, text in templates.items():
        site.write(f"templates/{name}", text)


def _unused(site: Site) -> dict[str, str]:
    """What `validate` says of the templates: each file named, by its line."""
    result = site.run("validate")
    lines = [line for line in untimed(result.output).splitlines() if "JD175" in line]
    return {line.split(":", 1)[0]: line for line in lines}


def test_a_misspelt_override_is_named_with_the_shipped_name_by_validate_and_build(site: Site) -> None:
    article = (SHIPPED / "article.html").read_text(encoding="utf-8")
    _site(site, {"articel.html": article, "Footer.html": "<footer>Ours</footer>\n"})
    said = _unused(site)
    assert sorted(said) == ["templates/Footer.html", "templates/articel.html"]
    assert "warning JD175" in said["templates/articel.html"]
    assert "(did you mean 'article.html'?)" in said["templates/articel.html"]
    assert "(did you mean 'footer.html'?)" in said["templates/Footer.html"]
    assert site.run("validate").exit_code == 0
    assert site.run("validate", "--strict").exit_code == 1
    built = site.run("build")
    assert built.exit_code == 0, built.output
    warned = [line for line in built.output.splitlines() if line.startswith("Warning: templates/")]
    assert len(warned) == 2 and all("JD175" in line and "did you mean" in line for line in warned), built.output
    assert "Ours" not in (site.root / "public/404.html").read_text(encoding="utf-8")  # not taken, as it says


def test_files_the_theme_takes_or_a_used_template_names_are_not_named(site: Site) -> None:
    base = (SHIPPED / "base.html").read_text(encoding="utf-8")
    base = base.replace('{% chrome "footer.html" %}', '{% chrome "parts/foot.html" %}{% include "parts/note.html" %}')
    _site(
        site,
        {
            "base.html": base,
            "parts/foot.html": '{% extends "footer.html" %}\n',
            "parts/note.html": '{% import "macros/m.html" as m %}{{ m.note() }}\n',
            "macros/m.html": '{% macro note() %}<p>Note</p>{% include "parts/unseen.txt" %}{% endmacro %}',
            "parts/unseen.txt": "seen after all\n",
            "style.css": "body { color: black }\n",
            "README.md": "What these templates are.\n",
            ".article.html.swp": "an editor's\n",
            "old/list.html": '{% include "old/part.html" %}\n',  # unused, and so is what only it names
            "old/part.html": "<p>Old</p>\n",
        },
    )
    said = _unused(site)
    assert sorted(said) == ["templates/old/list.html", "templates/old/part.html"]
    assert "(did you mean 'list.html'?)" in said["templates/old/list.html"]
    built = site.run("build")
    assert built.exit_code == 0, built.output
    page = (site.root / "public/en/index.html").read_text(encoding="utf-8")
    assert "<p>Note</p>seen after all" in page


def test_a_template_naming_one_by_an_expression_could_use_any_file(site: Site) -> None:
    base = (SHIPPED / "base.html").read_text(encoding="utf-8")
    _site(
        site,
        {
            "base.html": base.replace("{% block main %}", '{% include "parts/" ~ lang ~ ".html" %}{% block main %}'),
            "parts/en.html": "<p>EN</p>\n",
            "articel.html": "x\n",
        },
    )
    assert _unused(site) == {}


def test_validate_ignore_leaves_it_unreported(site: Site) -> None:
    _site(site, {"articel.html": "x\n"})
    config = site.root / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[validate]\nignore = ["JD175"]\n', encoding="utf-8")
    assert _unused(site) == {}
    assert site.run("validate", "--strict").exit_code == 0


def _edited(name: str, data: st.DataObject) -> str:
    """``name`` misspelt: a letter left out, doubled, or two swapped, or another case."""
    stem, dot, end = name.rpartition(".")
    at = data.draw(st.integers(0, len(stem) - 2))
    how = data.draw(st.sampled_from(["drop", "double", "swap", "case"]))
    if how == "drop":
        stem = stem[:at] + stem[at + 1 :]
    elif how == "double":
        stem = stem[: at + 1] + stem[at:]
    elif how == "swap" and stem[at] != stem[at + 1]:
        stem = stem[:at] + stem[at + 1] + stem[at] + stem[at + 2 :]
    else:
        stem = stem.capitalize() if stem != stem.capitalize() else stem.upper()
    return stem + dot + end


@settings(max_examples=40)
@given(st.sampled_from(SHIPPED_NAMES), st.data())
def test_any_misspelt_shipped_name_is_named_and_a_right_one_is_not(name: str, data: st.DataObject) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "templates").mkdir()
        wrong = _edited(name, data)
        (root / "templates" / name).write_text("x\n", encoding="utf-8")
        if wrong in SHIPPED_NAMES:
            return
        (root / "templates" / wrong).write_text("x\n", encoding="utf-8")
        found = dict(unused(root / "templates", root))
        assert list(found) == [wrong]
        assert found[wrong] is not None


def test_a_file_the_theme_takes_through_a_link_is_used(site: Site) -> None:
    _site(site, {"ours/article.html": (SHIPPED / "article.html").read_text(encoding="utf-8")})
    (site.root / "templates/article.html").symlink_to("ours/article.html")
    assert _unused(site) == {}
    (site.root / "templates/article.html").unlink()
    assert list(_unused(site)) == ["templates/ours/article.html"]


def test_the_preview_counts_it_among_its_warnings(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    """`jiading serve` says how many warnings a rebuild has, as `build` names them: a misspelt override is one
    (`, 1 warnings (jiading validate)`), from the folder as it is at each rebuild, and gone once the file is."""
    import datetime as dt

    from jiading_cli.app.serve import Session
    from jiading_cli.app.settings import load
    from jiading_cli.cli.serve import told

    _site(site, {})
    session = Session(load(site.root), lambda: dt.datetime(2026, 12, 1, tzinfo=dt.UTC), {})
    assert session.rebuild().warnings == 0
    site.write("templates/articel.html", (SHIPPED / "article.html").read_text(encoding="utf-8"))
    misspelt = session.rebuild()
    assert not misspelt.problems and misspelt.warnings == 1
    told(misspelt)
    assert capsys.readouterr().out.endswith(", 1 warnings (jiading validate)\n")
    (site.root / "templates/articel.html").unlink()
    assert session.rebuild().warnings == 0
