"""What `.jiading-cache/websub-owed.json` says is owed, over any interleaving of builds recording the feeds they
change and pings sent and answered meanwhile: a feed is owed from the build that changed it until the hub accepts
a ping sent after that change, and while a build that still makes it runs (a Hypothesis property)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jiading_cli.app import websub

URLS = [f"https://news.example.com/{name}" for name in ("feed.xml", "atom.xml", "en/feed.json", "tags/a/feed.xml")]
urls = st.sets(st.sampled_from(URLS))
build = st.tuples(st.just("build"), urls, urls)  # the feeds it makes, the ones among them it changes
send = st.tuples(st.just("send"), st.none(), st.none())  # a ping run starts: it reads what is owed
answer = st.tuples(st.just("answer"), st.integers(0, 5), urls)  # the hub answers a run: the feeds it accepts


AGAIN = [  # a feed changed, a ping sent for it, the feed no longer made, then made and changed again, then answered
    ("build", {URLS[0]}, {URLS[0]}),
    ("send", None, None),
    ("build", set(), set()),
    ("build", {URLS[0]}, {URLS[0]}),
    ("answer", 0, {URLS[0]}),
]


@settings(
    derandomize=True, database=None, max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(st.one_of(build, send, answer), max_size=14))
@example(AGAIN)
def test_a_feed_is_owed_until_a_ping_sent_after_its_last_change_is_accepted(steps: list[tuple[Any, Any, Any]]) -> None:
    root = Path(tempfile.mkdtemp())
    try:
        config: Any = SimpleNamespace(root=root, feeds=SimpleNamespace(websub_hub="http://127.0.0.1:9/hub"))
        owed: set[str] = set()
        changes = dict.fromkeys(URLS, 0)  # how many builds changed each feed
        sent: list[tuple[dict[str, int], dict[str, int]]] = []  # each run's snapshot, and the changes then
        for kind, first, second in steps:
            if kind == "build":
                made, changing = set(first), set(second) & set(first)
                websub.owe(config, sorted(made), sorted(changing))
                owed = (owed & made) | changing
                for url in changing:
                    changes[url] += 1
            elif kind == "send":
                sent.append((websub._read(root), dict(changes)))
            elif sent:
                asked, then = sent.pop(first % len(sent))
                accepted = set(second) & set(asked)
                assert websub._settle(root, asked, accepted) is None
                owed -= {url for url in accepted if changes[url] == then[url]}
            assert set(websub.owed(root)) == owed, steps
    finally:
        shutil.rmtree(root)
