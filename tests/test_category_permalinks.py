"""A category that gives `{category}` in `site.permalink` no folder name (punctuation, symbols, emoji, marks: all
that its slug drops) is `JD126` on the article's category line, and `new-article` refuses it: never an empty
folder in the article's permanent URL (`/en//park/`), nor the folder of articles without a category."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site, tree
from jiading_cli.content.slug import slugify
from jiading_cli.model.errors import describe
from jiading_cli.model.kinds import blank

PERMALINK = 'permalink = "/{lang}/{category}/{slug}/"\n'
# Characters a slug drops: punctuation, symbols, emoji and marks; only the categories made of them alone are drawn.
DROPPED = st.characters(categories=["Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Mn"])
NAMELESS = st.text(DROPPED, min_size=1, max_size=6).filter(lambda text: not blank(text) and not slugify(text))


def _line(category: str) -> str:
    return (
        f"articles/a.md:6: error JD126 category: expected a name with a letter or digit, which site.permalink's "
        f"{{category}} makes a folder of the article's URL from, got {describe(category)}; add a word, or take "
        "{category} out of the permalink"
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(category=NAMELESS)
@example(category="!!!")
@example(category="😀")
@example(category="\u0301!")
def test_a_category_with_no_folder_name_is_refused_on_its_line(site: Site, category: str) -> None:
    """(The one article and the config are written whole for each draw.)"""
    site.write("jiading.toml", CONFIG + PERMALINK)
    site.article(category=json.dumps(category, ensure_ascii=False))
    result = site.run("validate")
    assert result.exit_code == 1, result.output
    assert [line for line in result.output.splitlines() if "JD126" in line] == [_line(category)]
    before = tree(site.root)
    built = site.run("build")
    assert built.exit_code == 1 and _line(category) in built.output
    assert not (site.root / "public").exists() and tree(site.root).keys() >= before.keys()


def test_new_article_refuses_such_a_category_and_writes_nothing(site: Site) -> None:
    site.write("jiading.toml", CONFIG + PERMALINK)
    result = site.run("new-article", "Park opens", "--category", "!!!")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: --category: JD126 expected a name with a letter or digit, which site.permalink's {category} makes "
        "a folder of the article's URL from, got '!!!'; add a word, or take {category} out of the permalink; the "
        "new article would not pass `jiading validate`\n"
    )
    assert not (site.root / "articles").exists() or not list((site.root / "articles").rglob("*.md"))


def test_without_category_in_the_permalink_any_category_is_taken(site: Site) -> None:
    site.article(category='"!!!"')
    assert site.run("validate").exit_code == 0
