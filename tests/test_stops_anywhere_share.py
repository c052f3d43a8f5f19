"""`share --post` stopped at any line of jiading's own code (the search of `test_stops_anywhere.py`), against
loopback Facebook and LinkedIn that keep what is posted: each stopped run ends in its one line and the signal's
status (or as it was to, when the stop came as it was ending), never a traceback; once a last run has posted what is
left, every article is posted once to each network, recorded once, and no file of jiading's is left behind."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from test_faults_hostile import ONE_LINE
from test_share_kill import ENV, IDS, POST, three_articles
from test_share_sweep_signals import settled_once
from test_stops_anywhere import SAMPLES, SEED, TRACED


def _post(tmp_path: Path, nth: int, number: int, start: str) -> subprocess.CompletedProcess[str]:
    env = {**ENV, "NTH": str(nth), "SIGNAL": str(number), "COUNT": str(tmp_path / "lines"), "FROM": start}
    command = [sys.executable, "-c", TRACED, *POST[POST.index("share") :]]
    return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("start", ["start", "share/post.py:post"], ids=["from-its-start", "from-its-posting"])
def test_a_post_run_stopped_at_any_line_never_posts_twice_or_leaves_a_file(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, start: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site, facebook, linkedin = three_articles(tmp_path, httpserver)
    assert _post(tmp_path, 0, 0, start).returncode == 0  # the three posted
    ids, names = list(IDS), [f"a{n}.md" for n in range(len(IDS))]
    rng = random.Random(f"{SEED}-share-{start}")
    total = 0
    for round_ in range(SAMPLES + 1):
        ids.append(f"urn:uuid:5d1c7a0e-3f2b-4c6d-9e8f-{round_:012d}")  # one article to post in every round
        names.append(f"s{round_}.md")
        site.article(names[-1], title=f"Jiading news of stop {round_}", id=ids[-1])
        if not total:  # the first round is not stopped: the lines of a run posting one article, counted
            counted = _post(tmp_path, 0, 0, start)
            assert counted.returncode == 0, counted.stdout + counted.stderr
            total = int((tmp_path / "lines").read_text(encoding="utf-8"))
            assert total > 100
            continue
        nth, number = rng.randrange(1, total + 1), rng.choice(list(ONE_LINE))
        stopped = _post(tmp_path, nth, number, start)
        where = (
            f"stopped at line {nth} of about {total}: status {stopped.returncode}, {stopped.stdout + stopped.stderr!r}"
        )
        assert "Traceback" not in stopped.stdout + stopped.stderr, where
        if stopped.returncode == 128 + number:
            assert stopped.stderr.strip().splitlines()[-1].startswith(ONE_LINE[number]), where
        else:  # stopped as it was ending: as it was to end (1: a post left pending, to be settled below)
            assert stopped.returncode in (0, 1), where
        assert [p.name for p in tmp_path.rglob("*") if p.name.endswith(".tmp")] == [], where
    settled_once(tmp_path, site, facebook, linkedin, ids, names)
