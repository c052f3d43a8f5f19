"""CPU time of making a site's pages, and where the article pages' part of it goes.

Usage: ``python benchmarks/article_pages.py SITE [--runs N] [--profile N] [--templates]``, SITE a jiading site
(``benchmarks/corpus.py --only jiading`` makes one). The site is validated and every body rendered once (not
timed); then the pages are made ``--runs`` times in this process as ``jiading build`` makes them, with nothing
written, and the CPU time of each run is printed with the part spent in the article pages' variables
(``article_context``, the share bar and its QR code among them) and in their HTML. ``--profile N`` then
prints the N functions of one more run under cProfile that take the most time with what they call.
``--templates`` has Jinja render the article pages, as for a site with its own templates.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jiading_cli.pages.article as article_module
import jiading_cli.pages.build as build_module
from jiading_cli.app.validate import validate
from jiading_cli.config import Config, load_config
from jiading_cli.content.markdown import render_html
from jiading_cli.model.article import Article

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def timed(spent: dict[str, float], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, adding the CPU time of each call to ``spent[name]``."""

    def call(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - start

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--templates", action="store_true", help="render article pages with Jinja")
    options = parser.parse_args()
    config = load_config(options.site)
    articles = validate(config, NOW).articles
    bodies: dict[str, str] = {}

    def render(config: Config, article: Article) -> str:
        if article.id not in bodies:
            bodies[article.id] = render_html(config, article)
        return bodies[article.id]

    if options.templates:
        from jiading_cli.pages import shipped

        shipped.WRITTEN_FOR = ""  # no theme is the one the direct page is written for
    made: list[str] = []
    build_module.build_pages(config, articles, NOW, render, lambda path, data: made.append(path))
    print(f"{len(made)} files, {len(articles)} articles")
    spent: dict[str, float] = {}
    build_module.article_context = timed(spent, "article variables", build_module.article_context)
    article_module.share_bar = timed(spent, "  share bar", article_module.share_bar)
    from jiading_cli.pages import sharebar

    sharebar.qr_inline = timed(spent, "    QR code", sharebar.qr_inline)
    try:
        from jiading_cli.pages.shipped import ArticlePage

        ArticlePage.render = timed(spent, "article HTML", ArticlePage.render)  # type: ignore[method-assign]
    except ImportError:  # before article pages were written directly: Jinja's, counted as templates'
        pass
    from jiading_cli.pages.theme import Theme

    jinja: list[str] = []
    render_template = timed(spent, "templates (Jinja)", Theme.render)

    def counted(theme: Theme, name: str, context: Any) -> str:
        jinja.append(name)
        return str(render_template(theme, name, context))

    Theme.render = counted  # type: ignore[method-assign]
    for run in range(options.runs):
        spent.clear()
        jinja.clear()
        start = time.process_time()
        build_module.build_pages(config, articles, NOW, render, lambda path, data: None)
        total = time.process_time() - start
        parts = "  ".join(f"{name.strip()} {seconds:.2f}" for name, seconds in spent.items())
        print(f"run {run + 1}: {total:.2f} s CPU  ({parts})")
    print(f"article pages rendered by Jinja in the last run: {jinja.count('article.html')}")
    if options.profile:
        profile = cProfile.Profile()
        profile.enable()
        build_module.build_pages(config, articles, NOW, render, lambda path, data: None)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(options.profile)


if __name__ == "__main__":
    main()
