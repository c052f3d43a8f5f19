"""A site's articles are in at most ``limits.LANGUAGES`` languages; past it, one JD108 line on each article in a
language past the first ones in alphabetical order, and nothing is built.

Every page links each language's home page (its language menu) and each version of its article, so what a build
wrote grew as the square of the languages: an article in each of 100, 400 and 800 languages took 1.3 s, 6.9 s and
21.8 s, and 9.8 MB, 80 MB and 265 MB of pages.
"""

from __future__ import annotations

import itertools
import string
import uuid

import pytest

from conftest import Site
from jiading_cli.content import limits
from jiading_cli.model import languages
from jiading_cli.validate import rules


def _languages(count: int) -> list[str]:
    """``count`` registered language tags of two letters, ``en`` first, distinct in any case."""
    found = ["en"]
    for first, second in itertools.product(string.ascii_lowercase, repeat=2):
        tag = first + second
        if len(found) < count and tag != "en" and languages.check(tag) is None:
            found.append(tag)
    assert len(found) == count
    return found


def _write(site: Site, tags: list[str]) -> None:
    for number, tag in enumerate(tags):
        site.article(f"a{number}.md", id=f"urn:uuid:{uuid.UUID(int=number + 1)}", lang=tag, slug=f"a{number}")


def test_one_language_past_the_limit_is_one_line_and_nothing_is_built(site: Site) -> None:
    tags = _languages(limits.LANGUAGES + 1)
    _write(site, tags)
    checked = site.run("validate")
    assert checked.exit_code == 1
    last = sorted(tags)[-1]
    number = tags.index(last)
    assert checked.stdout.splitlines()[0] == (
        f"articles/a{number}.md:6: error JD108 lang: expected the site's articles in at most {limits.LANGUAGES} "
        f"languages, found {limits.LANGUAGES + 1}; {last!r} is past the first {limits.LANGUAGES} in alphabetical "
        "order: every page links each language's home page and each version of its article, so pages grow with "
        "their square"
    )
    assert checked.stdout.count("\n") == 3, checked.stdout  # the line, a blank one and the summary
    built = site.run("build")
    assert built.exit_code == 1 and not (site.root / "public").exists(), built.output


def test_as_many_languages_as_the_limit_validate(site: Site) -> None:
    _write(site, _languages(limits.LANGUAGES))
    checked = site.run("validate")
    assert checked.exit_code == 0, checked.output


def test_the_languages_are_sorted_once_for_every_article(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sort of the site's languages per article would cost articles times languages: one per collection."""
    sorts = []

    def counted(values: object) -> list[str]:
        sorts.append(values)
        return sorted(values)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(rules, "sorted", counted, raising=False)
    langs = {f"x{number}" for number in range(limits.LANGUAGES * 4)}
    kept = [rules._kept(langs) for _ in range(1000)]
    assert len(sorts) == 1 and len(kept[0]) == limits.LANGUAGES
    assert rules._kept(set(langs)) == kept[0] and len(sorts) == 2
