"""What the preview answers comes from one complete build: the articles its share previews are made from are the
ones the build made its pages from, never a load of the article files taken apart from it while an editor saves.

A rebuild whose pages were made from the changed articles alone (the rest settled: the incremental page build) loaded
every article again afterwards, for the index of what the preview serves. An article saved in that moment as editors
save (truncated, then written) was empty for that load: it was left out of the index, and its share preview was the
404 page until the next rebuild, though its page was there before and after. An article saved then with a valid text
was in the index newer than its page. A rebuild that finds an article file changed since it began, once its files
are in place, is now built again at once (as one overtaken by an edit); the index stays the last complete one."""

from __future__ import annotations

import random
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from jiading_cli.app import build as building
from jiading_cli.app import validate as validation
from jiading_cli.app.serve import SHARE_PREFIX, Session
from serve.running import Preview, serving, session_of
from serve.site import site

ROUNDS = 20  # edits per seed, each met by one rebuild
DEADLINE = 90.0  # seconds a seed may take on a loaded machine; the rounds are few enough to end well before


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            answer.read()
            return int(answer.status)
    except urllib.error.HTTPError as failed:
        failed.read()
        return int(failed.code)


def _edited(text: str, count: int) -> str:
    return text.replace("\n---\n", f"\n---\nEdit {count}.\n\n", 1)


class Editor:
    """Saves an article as editors do, at a moment drawn around a rebuild: in place, renamed into place, or truncated
    and written (the file empty meanwhile, over the drawn moment)."""

    def __init__(self, rng: random.Random, articles: list[Path]) -> None:
        self.rng, self.articles, self.count = rng, articles, 0
        self.originals = {article: article.read_text(encoding="utf-8") for article in articles}
        self.pending: Callable[[], None] | None = None  # the second half of a truncated save

    def save(self) -> None:
        self.finish()  # one save at a time
        article = self.rng.choice(self.articles)
        self.count += 1
        text = _edited(self.originals[article], self.count)
        how = self.rng.choice(["in place", "renamed into place", "truncated, then written"])
        if how == "in place":
            article.write_text(text, encoding="utf-8")
        elif how == "renamed into place":
            aside = article.with_name("." + article.name + ".saving")
            aside.write_text(text, encoding="utf-8")
            aside.replace(article)
        else:
            article.write_bytes(b"")
            self.pending = lambda: article.write_text(text, encoding="utf-8")

    def finish(self) -> None:
        if self.pending is not None:
            self.pending, finish = None, self.pending
            finish()


def _pages(preview: Preview) -> list[str]:
    origin = "/".join(preview.url.split("/")[:3])
    return [origin + SHARE_PREFIX + page.href for page in preview.session.index.pages.values()]


@pytest.mark.parametrize("seed", range(2))
def test_a_share_preview_of_an_article_there_before_and_after_is_never_missing_while_articles_are_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    session: Session = session_of(site(tmp_path))
    articles = sorted((tmp_path / "articles").rglob("*.md"))
    editor = Editor(rng, articles)
    moments = {"when": "", "built": ""}  # where in this round's rebuild the editor saves; whether it is built
    build, validate = building.build, validation.validate

    def built(*args: Any, **kwargs: Any) -> building.SiteResult:
        moments["built"] = ""
        result = build(*args, **kwargs)
        moments["built"] = "yes"  # what loads the articles from now on is the index's load
        if moments["when"] == "after the build":
            editor.save()
        if result.report is not None and rng.random() < 0.8:  # its pages made from what changed alone, as when
            result.report = None  # the other articles are settled: every article loaded again, for the index
        return result

    def loaded(*args: Any, **kwargs: Any) -> Any:
        saving = moments["built"] and moments["when"] == "as the index loads"  # truncated for it, written after
        if saving:
            editor.save()
        report = validate(*args, **kwargs)
        if saving:
            editor.finish()
        if moments["built"] and moments["when"] == "after the index loads":
            editor.save()
        return report

    monkeypatch.setattr(building, "build", built)
    monkeypatch.setattr(validation, "validate", loaded)
    answers: Counter[int] = Counter()
    wrong: list[tuple[str, int]] = []
    stop = threading.Event()

    with serving(session) as preview:
        every = _pages(preview)
        assert len(every) == len(articles)

        def asking() -> None:  # a browser asking for share previews all along
            while not stop.is_set():
                url = rng_asking.choice(every)
                code = _status(url)
                answers[code] += 1
                if code not in (200, 409):
                    wrong.append((url, code))

        rng_asking = random.Random(seed + 100)
        askers = [threading.Thread(target=asking, daemon=True)]
        for asker in askers:
            asker.start()
        started = time.monotonic()
        try:
            for _ in range(ROUNDS):
                assert time.monotonic() - started < DEADLINE
                moments["when"] = rng.choice(["after the build", "as the index loads", "after the index loads"])
                session.rebuild(["articles"])
                moments.update(when="", built="")
                editor.finish()
                for url in every:  # the page of each is there before and after: its share preview never missing
                    code = _status(url)
                    answers[code] += 1
                    if code not in (200, 409):
                        wrong.append((url, code))
        finally:
            stop.set()
            for asker in askers:
                asker.join(timeout=30)
        monkeypatch.undo()
        assert not wrong, (wrong[:5], answers)
        assert not session.rebuild(["articles"]).problems  # the edits done: every share preview the last text's
        assert [_status(url) for url in every] == [200] * len(every)
