"""A rule that looks at the run's moment is judged again for each run's moment: a stored answer (build avoidance,
the feed ledger of an incremental build) holds only while no article's date or last edit lies between the moment
it was found at and the run's (``validate.moment``). The site's cache and no cache give the same answers, whatever
the moments and the edits between them."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from pathlib import Path
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CONFIG, Site, front, untimed
from jiading_cli.cli import app
from jiading_cli.incremental import avoidance

BASE = dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC)
IDS = [f"urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f{n}" for n in range(3)]


def _at(days: int) -> str:
    return (BASE + dt.timedelta(days=days)).isoformat()


def _write(root: Path, number: int, date: int, updated: int | None, draft: bool) -> None:
    fields = {"id": IDS[number], "slug": f"a{number}", "date": _at(date), "draft": "true" if draft else None}
    fields["updated"] = None if updated is None else _at(updated)
    (root / "articles" / f"a{number}.md").write_text(front(**fields) + "Body.\n", encoding="utf-8")


def _age(root: Path) -> None:
    """Every file an hour old, as between two real runs: old enough for an answer made from it to be stored."""
    past = time.time() - 3600
    for path in root.rglob("*"):
        if ".jiading-cache" not in path.parts and path.is_file():
            os.utime(path, (past, past))


def _run(root: Path, moment: str, cached: bool, *args: str) -> tuple[int, str, str]:
    """A command run in ``root`` (so that what it prints names the same paths in every copy of a site)."""
    env = {"JIADING_NOW": moment, "JIADING_CACHE": None if cached else "off", "JIADING_CONFIG": None}
    here = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(app, list(args), env=env)
    finally:
        os.chdir(here)
    return result.exit_code, untimed(result.stdout), result.stderr


Fields = tuple[int, int | None, bool]  # an article's date and last edit (days from BASE), and whether a draft
articles = st.tuples(st.integers(-40, 40), st.none() | st.integers(-40, 80), st.booleans())


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[Fields], list[tuple[int, tuple[int, Fields] | None]]]:
    """Articles, then runs at moments (days from BASE; most a day from an article's date or last edit, either
    side, where an answer turns), each after an edit of one article or none."""
    start = draw(st.lists(articles, min_size=1, max_size=3))
    turns = sorted({day for date, updated, _ in start for day in (date, updated) if day is not None})
    near = st.tuples(st.sampled_from(turns), st.sampled_from([-1, 0, 1])).map(sum)
    edits = st.none() | st.tuples(st.integers(0, len(start) - 1), articles)
    runs = draw(st.lists(st.tuples(near | st.integers(-50, 90), edits), min_size=2, max_size=4))
    return start, runs


@settings(max_examples=20)
@given(histories())
def test_the_cache_answers_each_moment_as_no_cache_does(
    history: tuple[list[Fields], list[tuple[int, tuple[int, Fields] | None]]],
) -> None:
    """Two copies of a site, edited alike between runs at moments back and forth: one with its cache, one
    without, each with its own output folder; every run of ``validate --strict``, ``feed build`` and ``build`` alike."""
    start, moments = history
    with tempfile.TemporaryDirectory() as folder, patch.object(avoidance, "RACY_NS", 0):  # every file settled
        roots = (Path(folder) / "cached", Path(folder) / "uncached")
        for root in roots:
            (root / "articles").mkdir(parents=True)
            (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
            for number, fields in enumerate(start):
                _write(root, number, *fields)
            _age(root)
        for days, edit in moments:
            moment = _at(days)
            for root in roots:
                if edit is not None:  # aged once written, never again: a file's stat changes when it is aged
                    _write(root, edit[0], *edit[1])
                    _age(root)
            for command in (("validate", "--strict"), ("feed", "build", "--now", moment), ("build", "--now", moment)):
                cached = _run(roots[0], moment, True, *command)
                assert cached == _run(roots[1], moment, False, *command), (command, moment)


def test_an_edit_in_the_future_is_no_longer_warned_about_once_its_time_has_come(site: Site) -> None:
    _write(site.root, 0, -10, 30, False)
    _age(site.root)
    for days, warned in ((0, True), (31, False), (1, True), (60, False)):
        moment = _at(days)
        code, shown, _ = _run(site.root, moment, True, "validate", "--strict")
        assert ("JD115" in shown, code) == (warned, 1 if warned else 0), moment
        _, _, said = _run(site.root, moment, True, "feed", "build", "--now", moment)
        assert ("1 warning" in said) == warned, moment
