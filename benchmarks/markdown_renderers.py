"""Markdown renderers on the benchmark's corpus shapes: CPU time per body, and whether the HTML is the reference's.

    pip install markdown-it-pyrs mistune   # the other candidates (not dependencies of jiading)
    python benchmarks/markdown_renderers.py [--bodies 200] [--random 200000]

The reference is markdown-it-py as jiading configured it before cmark-gfm (CommonMark, tables,
strikethrough, raw HTML escaped). Each candidate is configured as close to that as it allows; "jiading" is
cmarkgfm as jiading renders a body now (raw HTML shown as text, one-line comments left out: see
``content/escaped.py``), without the link rewriting that follows. Besides the corpus, ``--random``
bodies made of Markdown's punctuation and words are rendered by each candidate: how many render
differently from the reference, and how many make it fail.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # the generator beside this file

PIECES = (
    "*", "**", "_", "__", "`", "``", "~~", "~", "[", "]", "(", ")", "<", ">", "&", "!", "\\", "|", "\n", "\n\n",
    "# ", "> ", "- ", "1. ", "    ", "```\n", "| a | b |\n|---|:-:|\n", "word", "嘉定", '"', "'", "x",
)  # fmt: skip
# markdown-it-pyrs: markdown-it-py's "commonmark" rules with tables and strikethrough, raw HTML left out
PYRS_RULES = (
    "blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference",
    "autolink", "backticks", "emphasis", "entity", "escape", "image", "link", "newline", "table", "strikethrough",
)  # fmt: skip


def renderers() -> dict[str, Callable[[str], str]]:
    import cmarkgfm
    import markdown_it_pyrs
    import mistune
    from cmarkgfm.cmark import Options
    from markdown_it import MarkdownIt

    def gfm(text: str) -> str:
        found: str = cmarkgfm.markdown_to_html_with_extensions(
            text, options=Options.CMARK_OPT_VALIDATE_UTF8, extensions=["table", "strikethrough"]
        )
        return found

    from jiading_cli.content.escaped import escaped_html

    reference = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    return {
        "markdown-it-py": reference.render,
        "jiading": escaped_html,
        "markdown-it-pyrs": markdown_it_pyrs.MarkdownIt("zero").enable_many(list(PYRS_RULES)).render,
        "cmarkgfm": gfm,
        "mistune": mistune.create_markdown(escape=True, plugins=["table", "strikethrough"]),  # type: ignore[dict-item]
    }


def cpu_ms(render: Callable[[str], str], bodies: list[str]) -> float:
    render(bodies[0])
    start = time.process_time()
    for body in bodies:
        render(body)
    return (time.process_time() - start) / len(bodies) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--bodies", type=int, default=200)
    parser.add_argument("--random", type=int, default=200_000)
    args = parser.parse_args()
    found = renderers()
    reference = found["markdown-it-py"]
    others = [name for name in found if name != "markdown-it-py"]
    print("| shape | " + " | ".join(f"{name} (ms)" for name in found) + " | same HTML: " + " / ".join(others) + " |")
    print("|---|" + "--:|" * len(found) + "---|")
    for shape in corpus.SHAPES:
        bodies = [corpus.item(2017, n, args.bodies, shape).body for n in range(args.bodies)]
        times = " | ".join(f"{cpu_ms(render, bodies):.3f}" for render in found.values())
        same = " / ".join(str(sum(found[name](b) == reference(b) for b in bodies)) for name in others)
        print(f"| {shape} | {times} | {same} of {len(bodies)} |")
    rng = random.Random(2017)
    texts = ["".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 12))) for _ in range(args.random)]
    print(f"\nOf {len(texts):,} random bodies:")
    for name in others:
        differ = failed = 0
        for text in texts:
            try:
                html = found[name](text)
            except BaseException:  # noqa: BLE001  # a Rust panic is a BaseException
                failed += 1
                continue
            differ += html != reference(text)
        print(f"- {name}: {differ:,} render differently, {failed:,} fail")


if __name__ == "__main__":
    main()
