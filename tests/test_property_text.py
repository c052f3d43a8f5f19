"""Fitting a share text looks only as far as a cut can fit: the same text as looking at every cut, for any
text, limit and network, and time that does not grow with the text past the limit."""

from __future__ import annotations

import time
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from jiading_cli.share import text
from jiading_cli.share.fill import WEIBO
from jiading_cli.share.registry import BUILT_IN
from jiading_cli.share.text import ELLIPSIS, HASH_CLOSE, HASH_OPEN, TRIM, Fitted, fit, plain, x_length

WORDS = ["Jiading", "park", " ", "  ", ".", ",", "，", "。", "嘉定", "汽车", "-", "—", "\n", "e\u0301", "👩\u200d🔬"]
pieces = st.sampled_from(
    [*WORDS, f"{HASH_OPEN}Auto{HASH_CLOSE}", "https://example.com/a", "http://x.cn/" + "p" * 40, "x" * 30, "\t", "🇨🇳"]
)
texts = st.lists(pieces, max_size=60).map("".join)


def every_cut(body: str, limit: int | None, measure: Callable[[str], int]) -> Fitted:
    """``fit`` as it was: a binary search over every cut of the whole text."""
    length = measure(body)
    if limit is None or length <= limit:
        return Fitted(body, False, length, limit)

    def candidate(cut: int) -> str:
        return body[:cut].rstrip(TRIM) + ELLIPSIS

    for way in ("words", "characters", "code points"):
        cuts = text.code_point_cuts(body) if way == "code points" else text._cuts(body, way == "words")
        low, high = 0, len(cuts)
        while low < high:
            middle = (low + high) // 2
            if measure(candidate(cuts[middle])) <= limit:
                low = middle + 1
            else:
                high = middle
        if low:
            best = candidate(cuts[low - 1])
            return Fitted(best, True, measure(best), limit)
    return Fitted(ELLIPSIS, True, measure(ELLIPSIS), limit)


def measure_for(network: str) -> Callable[[str], int]:
    """How a network counts a text: its ``TextSpec``'s measure (X's share link counts as X does)."""
    if network == "x":
        return lambda text: x_length(plain(text))
    found = BUILT_IN.get(network)
    return found.text.measure if found else WEIBO.measure


@settings(derandomize=True, database=None, max_examples=600, deadline=None)
@given(body=texts, limit=st.integers(1, 120), network=st.sampled_from(["facebook", "linkedin", "x", "weibo"]))
def test_fitting_gives_what_looking_at_every_cut_gives(body: str, limit: int, network: str) -> None:
    measure = measure_for(network)
    assert fit(body, limit, measure) == every_cut(body, limit, measure)


def test_fitting_a_long_text_costs_what_the_limit_costs() -> None:
    def cost(size: int) -> float:
        body = "Jiading opens a new park 嘉定新园区. " * size
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            fit(body, 3000, measure_for("linkedin"))
            best = min(best, time.process_time() - started)
        return best

    cost(100)
    assert cost(64_000) < 4 * cost(1000) + 0.02  # 64 times the text, about the same time
