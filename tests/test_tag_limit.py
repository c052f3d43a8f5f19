"""An article has at most ``limits.TAGS`` tags, however they are written; past it, one JD108 line on the field.

Each tag is a list page and three feeds, each carrying the article with all its tags, so what a build writes grew
as the square of one article's tag count: 4,000 tags (a front matter of 30 KB, well inside its limit) made 16,000
files and 1.3 GB, 20,000 tags did not finish in two minutes.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import Site
from jiading_cli.content import limits

WRITTEN: dict[str, Callable[[list[str]], str]] = {
    "a flow list": lambda tags: "[" + ", ".join(tags) + "]",
    "a block list": lambda tags: "\n" + "".join(f"  - {tag}\n" for tag in tags).rstrip("\n"),
    "a comma string": lambda tags: ", ".join(tags),
    "quoted items": lambda tags: "[" + ", ".join(f'"{tag}"' for tag in tags) + "]",
    "a tagged list (PyYAML's reader)": lambda tags: "!!seq [" + ", ".join(tags) + "]",
    "a list with a comment (PyYAML's reader)": lambda tags: "[" + ", ".join(tags) + "]  # tags",
    "the same tag again": lambda tags: "[" + ", ".join("finance" for _ in tags) + "]",
    "Chinese tags": lambda tags: "[" + ", ".join(f"新闻{tag}" for tag in tags) + "]",
}


@pytest.mark.parametrize("form", WRITTEN)
@pytest.mark.parametrize("count", [limits.TAGS + 1, limits.TAGS * 40])
def test_too_many_tags_are_one_line_and_nothing_is_built(site: Site, form: str, count: int) -> None:
    site.article("en/a.md", tags=WRITTEN[form]([f"tag{n}" for n in range(count)]))
    checked = site.run("validate")
    assert checked.exit_code == 1
    assert checked.stdout.splitlines()[0] == (
        f"articles/en/a.md:6: error JD108 tags: expected at most {limits.TAGS} tags, found {count:,}; each is a list "
        "page and three feeds carrying the article: keep the few a reader follows"
    )
    assert checked.stdout.count("\n") == 3, checked.stdout  # the line, a blank one and the summary
    built = site.run("build")
    assert built.exit_code == 1 and not (site.root / "public").exists(), built.output


@pytest.mark.parametrize("form", WRITTEN)
def test_as_many_tags_as_the_limit_build(site: Site, form: str) -> None:
    site.article("en/a.md", tags=WRITTEN[form]([f"tag{n}" for n in range(limits.TAGS)]))
    assert site.run("validate").exit_code == 0
    assert site.run("build").exit_code == 0
    folders = {path.parent.name for path in (site.root / "public/tags").glob("*/feed.xml")}
    assert len(folders) == (1 if form == "the same tag again" else limits.TAGS)


def test_new_article_refuses_too_many_tags_and_writes_nothing(site: Site) -> None:
    tags = [arg for n in range(limits.TAGS + 1) for arg in ("--tag", f"tag{n}")]
    made = site.run("new-article", "Open day", *tags)
    assert made.exit_code == 2 and made.stderr.count("\n") == 1, made.output
    assert f"JD108 expected at most {limits.TAGS} tags, found {limits.TAGS + 1}" in made.stderr
    assert not list((site.root / "articles").rglob("*.md"))
