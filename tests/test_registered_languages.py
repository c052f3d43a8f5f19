"""A language the IANA registry holds, and does not deprecate, is taken as written wherever a language tag is given
(``init --language``, ``new-article --lang``, ``site.language``, ``lang``), though CLDR's aliases, which ``langcodes``
reads tags by, make it another: Tagalog (``tl``) was refused as "did you mean 'fil'?", Montenegrin (``cnr``) as
"did you mean 'sr-ME'?". A deprecated one (``iw``, ``mo``, ``in``) is still refused with the tag that replaced it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiading_cli.model import languages


@cache
def _registry() -> list[dict[str, str]]:
    """The records of the IANA registry ``langcodes`` ships (the one the check reads subtags by)."""
    from langcodes.util import data_filename

    text = Path(data_filename("language-subtag-registry.txt")).read_text(encoding="utf-8")
    records = []
    for chunk in text.split("\n%%\n")[1:]:
        record: dict[str, str] = {}
        for line in chunk.replace("\n  ", " ").splitlines():
            key, _, value = line.partition(": ")
            record.setdefault(key, value)
        records.append(record)
    return records


def _languages(deprecated: bool) -> list[str]:
    return sorted(
        record["Subtag"]
        for record in _registry()
        if record.get("Type") == "language"
        and ("Deprecated" in record) == deprecated
        and ".." not in record["Subtag"]  # the private use range qaa..qtz
        and record["Subtag"] not in {"aux", "con", "nul", "prn"}  # device names on Windows: no folder of articles
    )


def test_the_set_taken_as_written_is_the_registrys() -> None:
    """Every language the registry holds and does not deprecate that ``langcodes`` reads as another is in
    :data:`languages.REGISTERED`, and nothing else is."""
    import langcodes

    read_as_another = {tag for tag in _languages(False) if (langcodes.Language.get(tag).language or tag) != tag}
    assert read_as_another == languages.REGISTERED


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_languages(False)), st.sampled_from(["", "-PH", "-ME", "-Latn", "-Latn-RS", "-419"]))
def test_every_language_the_registry_holds_is_taken(language: str, rest: str) -> None:
    """Drawn from the whole registry: the language alone is taken, and with a region or script the tag of ``en``
    with them is taken, it is too."""
    assert languages.check(language) is None, language
    if languages.check("en" + rest) is None:
        assert languages.check(language + rest) is None, language + rest


@pytest.mark.parametrize("tag", ["iw", "in", "mo", "ji", "jw"])
def test_a_deprecated_language_is_still_refused_with_its_replacement(tag: str) -> None:
    said = languages.check(tag)
    assert said is not None
    assert "did you mean" in said


def _jiading(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1", "JIADING_NOW": "2026-11-27T12:00:00+08:00"}
    env.pop("JIADING_CONFIG", None)
    command = [sys.executable, "-m", "jiading_cli", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=120)


def test_a_site_in_tagalog_and_montenegrin_is_made_and_passes(tmp_path: Path) -> None:
    made = _jiading(tmp_path, "init", "--yes", "--language", "tl,cnr,en", "site")
    assert made.returncode == 0, made.stderr
    site = tmp_path / "site"
    assert 'language = "tl"' in (site / "jiading.toml").read_text(encoding="utf-8")
    assert (site / "articles/cnr/2026/welcome.md").is_file()
    written = _jiading(site, "new-article", "--lang", "prs", "--slug", "salam", "Salam")
    assert written.returncode == 0, written.stderr
    assert "lang: prs\n" in (site / "articles/prs/2026/salam.md").read_text(encoding="utf-8")
    checked = _jiading(site, "validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "JD130" not in checked.stdout
