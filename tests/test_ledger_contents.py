"""The feed ledger after any run of incremental builds holds what a full build's ledger holds: nothing of an
article removed or changed since (the files it named, the ids its translations pointed at, the post ids its records
named) is kept."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Site
from jiading_cli.app import feeds as run
from jiading_cli.app.settings import load as load_config
from jiading_cli.incremental.ledger import store
from jiading_cli.incremental.ledger.files import UNKNOWN, loads
from jiading_cli.incremental.ledger.model import Ledger
from tinyimages import png_bytes

NOW = "2026-11-27T12:00:00+08:00"
CONFIG_EXTRA = '\n[feeds]\nlimit = 3\ncontent = "full"\n'
ID = "urn:uuid:00000000-0000-4000-8000-0000000000{n:02d}"
FIRST = 8  # articles the site starts with: 1 to 8 in English, each naming an image of its own


def article(
    root: Path, n: int, version: int = 0, lang: str = "en", translates: int | None = None, post: str | None = None
) -> None:
    """Article ``n``: ``version`` changes its body, tags and the image it names (``img-{n}-{version}.png``); ``post``:
    the Facebook post id its record names, JD187 suppressed in the file (two articles may name one post)."""
    image = f"img-{n}-{version}.png"
    if not (root / "articles" / image).exists():  # the same bytes each time: written again, a named file changed
        (root / "articles" / image).write_bytes(png_bytes(n, version + 1))
    extra = f"translations: {{en: '{ID.format(n=translates)}'}}\n" if translates else ""
    if post:
        record = f"{{network: facebook, state: posted, remote_id: '{post}'}}"
        extra += f"jiading: {{ignore: [JD187]}}\nsyndication:\n  - {record}\n"
    tags = ["finance", "parks", "talent"][version % 3]
    front = (
        f"---\nid: {ID.format(n=n)}\ntitle: Park {n} opens\ndate: 2021-05-{n:02d}T09:30:00+08:00\n"
        f"summary: Park {n} opens in Jiading.\ntags: [{tags}]\ncategory: Investment\nlang: {lang}\n"
        f"slug: park-{n}\n{extra}---\nJiading opens park {n}, version {version}.\n\n![Plan](../{image})\n"
    )
    (root / "articles" / lang / f"park-{n}.md").write_text(front, encoding="utf-8")


def age(root: Path) -> None:
    """Every file written since the last build an hour old, as files are between two real runs (none changed
    moments before a build); the others left alone (setting a time changes a file's ctime)."""
    past = time.time() - 3600
    for path in (root / "articles").rglob("*"):
        if path.is_file() and path.stat().st_mtime > past + 60:
            os.utime(path, (past, past))


def build(site: Site) -> None:
    age(site.root)
    result = site.run("feed", "build", "--now", NOW)
    assert result.exit_code == 0, result.output


def contents(root: Path) -> dict[str, Any]:
    """What the site's ledger holds, as values: the base and the changes since folded together."""
    config = load_config(root, None, dt.date(2026, 11, 27))
    ledger: Ledger | None = store.load(config, config.output_path, False)
    assert ledger is not None
    return {
        "lines": sorted(line.removeprefix(UNKNOWN) for line in ledger.lines),
        "refs": ledger.refs,
        "outputs": ledger.outputs,
        "groups": {key: (g.first, g.names, g.size) for key, g in ledger.groups.items()},
        "feeds": ledger.feeds,
        "warnings": ledger.warnings,
        "drafts": ledger.drafts,
        "targets": ledger.targets,
        "warned": ledger.merged_warned(),
        "ids": ledger.all_ids(),
        "urls": ledger.all_urls(),
        "posts": ledger.all_posts(),
        "items": {name: loads(data) for name, data in ledger.merged_items().items()},
    }


def kept_articles(root: Path) -> set[str]:
    """The article files whose briefs or articles the ledger keeps."""
    config = load_config(root, None, dt.date(2026, 11, 27))
    ledger = store.load(config, config.output_path, False)
    assert ledger is not None
    return set(ledger.merged_briefs()) | set(ledger.merged_articles())


def present(root: Path) -> set[str]:
    """The article files there are, named as the ledger names them."""
    return {os.fspath(path) for path in (root / "articles").rglob("*.md")}


Step = tuple[str, int]
STEPS = st.lists(
    st.tuples(st.sampled_from(["add", "edit", "remove", "translate", "post"]), st.integers(1, 14)),
    min_size=1,
    max_size=6,
)


KEPT = 3  # articles 1 to 3 are never removed: the translations point at them


def apply(root: Path, step: Step, versions: dict[tuple[str, int], int], posts: dict[tuple[str, int], str]) -> None:
    """Add, edit or remove article ``n``, write it as a Chinese translation of one of the first ones, or give it a
    record of a post id (articles four apart name one) or take its record away."""
    action, n = step
    if action == "post":
        for lang in ("en", "zh-CN"):
            if (lang, n) in versions:
                if posts.pop((lang, n), None) is None:
                    posts[(lang, n)] = f"1234_{n % 4}"
                translates = 1 + n % KEPT if lang == "zh-CN" else None
                article(root, n, versions[(lang, n)], lang, translates, posts.get((lang, n)))
        return
    if action == "remove":
        for lang in ("en", "zh-CN"):
            path = root / "articles" / lang / f"park-{n}.md"
            if path.exists() and n > KEPT:
                path.unlink()
                versions.pop((lang, n))
                posts.pop((lang, n), None)
        return
    lang, translates = ("zh-CN", 1 + n % KEPT) if action == "translate" else ("en", None)
    if action == "add" and ("en", n) in versions:
        return
    other = "zh-CN" if lang == "en" else "en"
    if (other, n) in versions or (lang == "zh-CN" and n <= KEPT):
        return  # one article for each id; the articles translated are English
    versions[(lang, n)] = versions.get((lang, n), -1) + 1
    article(root, n, versions[(lang, n)], lang, translates, posts.get((lang, n)))


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ledger") / "site"
    root.mkdir()
    from conftest import CONFIG

    (root / "jiading.toml").write_text(CONFIG + CONFIG_EXTRA, encoding="utf-8")
    for lang in ("en", "zh-CN"):
        (root / "articles" / lang).mkdir(parents=True)
    for n in range(1, FIRST + 1):
        article(root, n)
    return root


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_after_incremental_builds_the_ledger_holds_what_a_full_build_writes(
    base: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, steps: list[Step]
) -> None:
    root = tmp_path_factory.mktemp("run") / "site"
    shutil.copytree(base, root)
    monkeypatch.chdir(root)
    site = Site(root, __import__("typer.testing").testing.CliRunner())
    build(site)
    versions = {("en", n): 0 for n in range(1, FIRST + 1)}
    posts: dict[tuple[str, int], str] = {}
    for step in steps:
        apply(root, step, versions, posts)
        build(site)
    after_steps = contents(root)
    assert kept_articles(root) <= present(root)
    shutil.rmtree(root / ".jiading-cache")
    full: list[int] = []
    real = run._full

    def counted(*args: Any, **kwargs: Any) -> Any:
        full.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(run, "_full", counted)
    build(site)
    assert full == [1]
    whole = contents(root)
    assert {key for key in whole if after_steps[key] != whole[key]} == set()
