"""Time the two RSS/Atom writers on the feeds of one site: the direct text writer and feedgen.

Usage: ``python benchmarks/writers.py SITE [--runs N]``, SITE a jiading site (``benchmarks/corpus.py --only
jiading`` makes one). The site is built once, recording every feed handed to the writer (validation and
rendering are not timed); then each writer writes the RSS and Atom files of every feed, ``--runs`` times,
alternating, and the medians are printed, with the time each writer's first use costs in a fresh process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from feeds.feedgen_oracle import feedgen_rss_and_atom  # noqa: E402
from jiading_cli.app.validate import validate  # noqa: E402
from jiading_cli.config import load_config  # noqa: E402
from jiading_cli.feeds import xmltext  # noqa: E402
from jiading_cli.feeds.build import build_feeds  # noqa: E402
from jiading_cli.feeds.model import FeedMeta, Item  # noqa: E402

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
Feed = tuple[FeedMeta, Sequence[Item]]
Writer = Callable[[FeedMeta, Sequence[Item]], tuple[bytes, bytes]]

FIRST_USE = """
import time, datetime as dt
start = time.perf_counter()
{imports}
elapsed = time.perf_counter() - start
print(elapsed)
"""


def site_feeds(site: Path) -> list[Feed]:
    """Every feed a build of ``site`` hands to the RSS/Atom writer, with its items."""
    config = load_config(site)
    seen: list[Feed] = []
    write = xmltext.rss_and_atom

    def record(meta: FeedMeta, items: Sequence[Item]) -> tuple[bytes, bytes]:
        seen.append((meta, list(items)))
        return write(meta, items)

    xmltext.rss_and_atom = record  # type: ignore[assignment]  # seen by build_feeds, which looks it up per call
    try:
        build_feeds(config, validate(config, NOW).articles, NOW)
    finally:
        xmltext.rss_and_atom = write  # type: ignore[assignment]
    return seen


def once(writer: Writer, feeds: Sequence[Feed]) -> float:
    start = time.perf_counter()
    for meta, items in feeds:
        writer(meta, items)
    return time.perf_counter() - start


def first_use(imports: str) -> float:
    code = FIRST_USE.format(imports=imports)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    feeds = site_feeds(args.site)
    text: list[float] = []
    gen: list[float] = []
    for _ in range(args.runs):
        xmltext.rss_and_atom.__globals__["_html"].cache_clear()
        text.append(once(xmltext.rss_and_atom, feeds))
        gen.append(once(feedgen_rss_and_atom, feeds))
    items = sum(len(items) for _, items in feeds)
    print(f"{len(feeds)} feeds, {items} items, RSS and Atom each; medians of {args.runs} runs")
    print(f"direct text: {statistics.median(text):.3f} s")
    print(f"feedgen:     {statistics.median(gen):.3f} s")
    print(f"import, direct text: {first_use('import jiading_cli.feeds.xmltext'):.3f} s")
    print(f"import, feedgen:     {first_use('import feedgen.feed, lxml.etree, dateutil.tz'):.3f} s")


if __name__ == "__main__":
    main()
