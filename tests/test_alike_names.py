"""`init` and `new-article` never make a name beside one that differs from it only in case or Unicode form (``en``
beside ``EN``, ``welcome.md`` beside ``Welcome.md``, ``café`` beside ``cafe\u0301``): Windows and macOS take the two
for one, `validate` says so of the new one (JD117), and both commands promise a site that passes it. Hypothesis puts
such a name at each place of the path the command would make; the command names it in one line, exit 1, and writes
nothing; a name that is not alike is no obstacle, and the site then validates with no problem. Nor do they make a
language's folder of a name Windows keeps for a device (``aux``, ``con``: languages of ISO 639-3)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONFIG
from jiading_cli.content.portable import DEVICES
from jiading_cli.model import languages
from test_init_edges import empty_folder, here, run
from test_new_article_edges import snapshot


def variants(name: str) -> st.SearchStrategy[str]:
    """Names alike ``name`` but for case or Unicode form, and one that is not alike at all."""
    cased = st.lists(st.booleans(), min_size=len(name), max_size=len(name)).map(
        lambda upper: "".join(c.upper() if u else c for c, u in zip(name, upper, strict=True))
    )
    return cased | st.sampled_from([unicodedata.normalize("NFD", name), name + "x"])


@st.composite
def obstacles(draw: st.DrawFn, path: str) -> tuple[str, bool]:
    """An empty folder or a file at one place of ``path`` (its folders and file), alike the name there or not: the
    relative path of what is made, and whether it is alike."""
    parts = path.split("/")
    depth = draw(st.integers(1, len(parts) - 1))  # below the articles folder itself
    name = draw(variants(parts[depth]).filter(lambda n: n != parts[depth]))
    alike = unicodedata.normalize("NFC", name).casefold() == parts[depth].casefold()
    return "/".join([*parts[:depth], name]), alike


def validated(site: Path) -> dict[str, object]:
    with here(site):
        checked = run("validate", "--format", "json")
    report: dict[str, object] = json.loads(checked.stdout)
    return report


@settings(max_examples=40, deadline=None)
@given(obstacles("articles/fr/2026/cafe.md"), st.booleans())
def test_new_article_makes_no_name_alike_one_there(obstacle: tuple[str, bool], as_file: bool) -> None:
    where, alike = obstacle
    with empty_folder() as root:
        (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
        place = root / where
        place.parent.mkdir(parents=True, exist_ok=True)
        if as_file:
            place.write_text("", encoding="utf-8")
        else:
            place.mkdir()
        before = snapshot(root)
        result = run("new-article", "Cafe", "--lang", "fr", "--date", "2026-01-02T09:00:00+08:00")
        if alike:
            assert result.exit_code in (1, 2), result.output
            (line,) = result.stderr.splitlines()
            assert line.startswith("Error: "), line
            assert "only in case or Unicode form" in line or where.lower().endswith(".md"), line  # or read as one
            assert snapshot(root) == before
        elif not as_file or not where.endswith(".md"):  # another article file there may fail the rules itself
            assert result.exit_code == 0, result.output
            problems = validated(root)["problems"]
            assert isinstance(problems, list)
            assert not [p for p in problems if p["code"] == "JD117"], problems


@settings(max_examples=30, deadline=None)
@given(obstacles("articles/en/2026/welcome.md"), st.booleans())
def test_init_makes_no_name_alike_one_there(obstacle: tuple[str, bool], as_file: bool) -> None:
    where, alike = obstacle
    with empty_folder() as root:
        place = root / "site" / where
        place.parent.mkdir(parents=True, exist_ok=True)
        if as_file:
            place.write_text("", encoding="utf-8")
        else:
            place.mkdir()
        before = snapshot(root)
        result = run("init", "--yes", "--", "site")
        if alike:
            assert result.exit_code == 1, result.output
            (line,) = result.stderr.splitlines()
            assert line.endswith("(nothing was written)"), line
            assert "only in case or Unicode form" in line or where.lower().endswith(".md"), line  # or read as one
            assert snapshot(root) == before
        elif not as_file or not where.endswith(".md"):
            assert result.exit_code == 0, result.output
            report = validated(root / "site")
            assert (report["errors"], report["warnings"]) == (0, 0), report


def test_a_language_folder_in_other_case_is_named_with_what_to_do() -> None:
    with empty_folder() as root:
        (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
        (root / "articles/EN/2025").mkdir(parents=True)
        result = run("new-article", "Park opens", "--date", "2026-01-02T09:00:00+08:00")
        assert result.exit_code == 1
        assert result.stderr == (
            "Error: articles/en/2026/park-opens.md: cannot write: articles/en would be made beside 'EN', which "
            "differs from it only in case or Unicode form: Windows and macOS do not tell the two apart, and a "
            "checkout there keeps one of them (JD117); rename 'EN' to 'en'\n"
        )


DEVICE_LANGUAGES = sorted(
    name.lower() for name in DEVICES if not languages.check(name.lower())
)  # ISO 639-3 names languages aux, con, nul and prn: each a device name on Windows


def test_some_languages_are_device_names_on_windows() -> None:
    assert {"aux", "con", "nul", "prn"} <= set(DEVICE_LANGUAGES)


@pytest.mark.parametrize("tag", DEVICE_LANGUAGES)
def test_no_language_folder_is_a_name_windows_keeps_for_a_device(tag: str) -> None:
    """A language whose folder of articles a Windows checkout cannot hold is refused by the option that gives it,
    exit 2, nothing written: by `new-article --lang`, by `init --language`, and by `new-article` taking it from
    ``site.language``."""
    with empty_folder() as root:
        result = run("init", "--yes", "--language", f"en,{tag.upper()}", "--", "site")
        assert result.exit_code == 2
        assert result.stderr.startswith("Error: --language: expected a language whose folder of articles every ")
        assert list(root.iterdir()) == []
        (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
        before = snapshot(root)
        result = run("new-article", "Park opens", "--lang", tag)
        assert result.exit_code == 2
        assert result.stderr == (
            f"Error: --lang: expected a language whose folder of articles every system's checkout can hold, got "
            f"'{tag}': {tag.upper()} is a device name on Windows, whatever the extension: git cannot check it out "
            "there\n"
        )
        assert snapshot(root) == before
        (root / "jiading.toml").write_text(CONFIG.replace('language = "en"', f'language = "{tag}"'), encoding="utf-8")
        before = snapshot(root)
        result = run("new-article", "Park opens")
        assert result.exit_code == 2 and result.stderr.startswith("Error: site.language: expected a language "), result
        assert snapshot(root) == before
