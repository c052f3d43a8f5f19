"""The article cache never changes what a load returns: warm, incremental, parallel and cold agree."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from jiading_cli.app.articles import load_articles
from jiading_cli.config import load_config
from jiading_cli.content import loader, source
from jiading_cli.content.site import article_files
from jiading_cli.incremental import articles, keys, parallel, shards
from jiading_cli.incremental.parallel import Parsed
from jiading_cli.model.article import Loaded

ROOT = Path(__file__).resolve().parent.parent

EXTRA = """---
id: urn:uuid:0b6f7d43-5a0e-4a53-9d1c-1f6f0c6a1b{n:02d}
title: Article {n}
date: 2020-03-{day:02d} 10:00
summary: A short summary of article number {n}, long enough for share cards.
tags: [finance]
---
Body of article {n}.
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped site plus a few articles, one with a date in the site's time zone."""
    shutil.copy(ROOT / "jiading.toml", tmp_path / "jiading.toml")
    shutil.copytree(ROOT / "articles", tmp_path / "articles")
    for n in range(1, 6):
        write(tmp_path / "articles" / "en" / "2020" / f"article-{n}.md", EXTRA.format(n=n, day=n))
    (tmp_path / "articles" / "broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIADING_CACHE", raising=False)
    monkeypatch.delenv("JIADING_JOBS", raising=False)
    return tmp_path


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def load(site: Path) -> list[Loaded]:
    config = load_config(site)
    return load_articles(config, article_files(config))


PARSE = loader.parse


def cold(site: Path, monkeypatch: pytest.MonkeyPatch) -> list[Loaded]:
    """A load without the cache (and without any parse counting a test has put in place)."""
    with monkeypatch.context() as patch:
        patch.setenv("JIADING_CACHE", "off")
        patch.setattr(loader, "parse", PARSE)
        return load(site)


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = loader.parse

    def counting(raw: bytes, path: str, *args: object) -> Loaded:
        seen.append(path)
        return real(raw, path, *args)  # type: ignore[arg-type]  # passes the loader's own arguments through

    monkeypatch.setattr(loader, "parse", counting)
    return seen


def assert_all_stored(site: Path, monkeypatch: pytest.MonkeyPatch, expected: object) -> None:
    """A load in this process alone gives ``expected`` without parsing anything: every file was stored."""
    monkeypatch.setenv("JIADING_JOBS", "1")  # anything left to parse would be parsed here, where it is counted
    parsed = count_parses(monkeypatch)
    assert load(site) == expected
    assert parsed == []


def test_a_warm_load_parses_nothing_and_equals_a_cold_load(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = count_parses(monkeypatch)
    first = load(site)
    assert parsed == [item.path for item in first]
    parsed.clear()
    assert load(site) == first == cold(site, monkeypatch)
    assert parsed == []
    assert any(item.article is None for item in first)  # broken files are cached with their problems


def test_an_edited_article_is_reloaded_even_with_the_same_size_and_mtime(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(site)
    path = site / "articles" / "en" / "2020" / "article-3.md"
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Article 3", "Artikel 3"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    warm = load(site)
    assert warm == cold(site, monkeypatch)
    assert any(item.article and item.article.title == "Artikel 3" for item in warm)


def test_added_deleted_and_renamed_articles_match_a_cold_load(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load(site)
    write(site / "articles" / "en" / "2020" / "article-9.md", EXTRA.format(n=9, day=9))
    (site / "articles" / "en" / "2020" / "article-1.md").unlink()
    (site / "articles" / "en" / "2020" / "article-2.md").rename(site / "articles" / "en" / "2020" / "renamed.md")
    warm = load(site)
    assert warm == cold(site, monkeypatch)
    slugs = {item.article.slug for item in warm if item.article}
    assert {"article-9", "renamed"} <= slugs and not {"article-1", "article-2"} & slugs


def test_a_deleted_article_leaves_the_cache(site: Path) -> None:
    load(site)
    gone = site / "articles" / "en" / "2020" / "article-4.md"
    gone.unlink()
    load(site)
    config = load_config(site)
    stored = [shards.read_shard(shards.shard_path(config, n), shards.store_key(config)) for n in range(shards.SHARDS)]
    assert not any(str(gone) in shard for shard in stored)


def test_changing_the_time_zone_reloads_every_article(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = load(site)
    toml = site / "jiading.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("Asia/Shanghai", "Europe/Paris"), encoding="utf-8")
    after = load(site)
    assert after == cold(site, monkeypatch) != before


def test_a_config_change_that_does_not_affect_loading_keeps_the_cache(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load(site)
    toml = site / "jiading.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("limit = 20", "limit = 5"), encoding="utf-8")
    parsed = count_parses(monkeypatch)
    assert load(site) == first
    assert parsed == []


def test_touching_a_file_without_changing_it_does_not_reparse_it(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load(site)
    path = site / "articles" / "en" / "2020" / "article-5.md"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    parsed = count_parses(monkeypatch)
    assert load(site) == first == cold(site, monkeypatch)
    assert parsed == []  # the same bytes: found by hash, not parsed again


def _damaged(data: bytes, damage: object) -> bytes:
    if damage == "truncate":
        return data[: len(data) // 2]
    if damage == "a changed letter":  # still a valid pickle: only the check at its end tells
        return data.replace(b"number", b"numbez", 1)
    assert isinstance(damage, bytes)
    return damage


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\x00\x00\x00\x05\x80\x05K\x01.", "truncate", "a changed letter"])
def test_a_corrupt_cache_is_rebuilt_silently(site: Path, monkeypatch: pytest.MonkeyPatch, damage: object) -> None:
    first = load(site)
    for shard in (site / keys.DIR_NAME).glob("articles-*.pickle"):
        shard.write_bytes(_damaged(shard.read_bytes(), damage))
    assert load(site) == first == cold(site, monkeypatch)
    parsed = count_parses(monkeypatch)
    assert load(site) == first  # rebuilt: the next load comes from the cache again
    assert parsed == []


class Planted:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch planted",))


def test_a_planted_cache_file_cannot_run_code(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load(site)
    config = load_config(site)
    head = pickle.dumps(shards.store_key(config))
    for shard in (site / keys.DIR_NAME).glob("articles-*.pickle"):
        shard.write_bytes(len(head).to_bytes(4, "big") + head + pickle.dumps({"x": Planted()}))
    assert load(site) == first
    assert not (site / "planted").exists()


def test_another_jiading_version_is_ignored(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load(site)
    monkeypatch.setattr(keys, "__version__", "99.0")
    keys.environment.cache_clear()
    parsed = count_parses(monkeypatch)
    try:
        assert load(site) == first
    finally:
        keys.environment.cache_clear()
    assert parsed == [item.path for item in first]


def test_a_parallel_cold_load_equals_a_serial_one(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = cold(site, monkeypatch)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    monkeypatch.setenv("JIADING_JOBS", "2")
    assert load(site) == serial
    assert load(site) == serial


def _parallel(site: Path, monkeypatch: pytest.MonkeyPatch, processes: int) -> None:
    for n in range(10, 20):
        write(site / "articles" / "en" / "2021" / f"article-{n}.md", EXTRA.format(n=n, day=n % 28 + 1))
    (site / "articles" / "en" / "2021" / "article-12.md").write_text(EXTRA.format(n=12, day=3) + "Bell \x07\n")
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    monkeypatch.setenv("JIADING_JOBS", str(processes))


def validate_json(site: Path) -> tuple[int, str]:
    from typer.testing import CliRunner

    from jiading_cli.cli import app

    result = CliRunner().invoke(app, ["validate", "--format", "json"])
    return result.exit_code, result.stdout


def test_a_cold_validation_in_three_processes_reports_what_one_process_does(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _parallel(site, monkeypatch, 3)
    with monkeypatch.context() as patch:
        patch.setenv("JIADING_CACHE", "off")
        serial = validate_json(site)
    assert serial[0] == 1 and "JD140" in serial[1]
    assert validate_json(site) == serial  # cold, in three processes
    assert validate_json(site) == serial  # warm


def test_a_cold_validation_in_two_processes_checks_named_files_and_the_schedule_as_one_process_does(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _parallel(site, monkeypatch, 2)
    later = EXTRA.format(n=13, day=3).replace("2020-03-03", "2090-03-03") + "See [the report](missing.pdf).\n"
    write(site / "articles" / "en" / "2021" / "article-13.md", later)
    with monkeypatch.context() as patch:
        patch.setenv("JIADING_CACHE", "off")
        serial = validate_json(site)
    assert "JD112" in serial[1] and "JD162" in serial[1]
    assert validate_json(site) == serial  # cold, in two processes
    assert validate_json(site) == serial  # warm
    write(site / "articles" / "en" / "2021" / "missing.pdf", "%PDF")
    assert "JD162" not in validate_json(site)[1]


def _dies(*args: object) -> None:
    os._exit(3)


def _sends_garbage(*args: object) -> None:
    out = args[-1]
    assert hasattr(out, "write")
    out.write(b"not a pickle")
    out.flush()
    os._exit(0)


def _sends_too_little(*args: object) -> None:
    out = args[-1]
    assert hasattr(out, "write")
    pickle.dump([], out)
    out.flush()
    os._exit(0)


def _writes_its_shards_then_dies(*args: Any) -> None:
    batch, group = args[0], args[1]
    for number, items in group.items():
        batch.parse(items)
        batch.write(number)
    os._exit(3)


def _sends_whole_shards(args: tuple[Any, ...], then: bytes, status: int, empty: bool = False) -> None:
    """Sends every shard as a child does, announcing each on the pipe, then ``then`` and exits with ``status``.

    ``empty``: every file is sent as loaded without an article or a problem (well formed, but wrong).
    """
    batch, group, ready, out = args
    for number, items in group.items():
        done = batch.parse(items)
        if empty:
            done = [Parsed(p.position, Loaded(p.loaded.path, None, ()), None) for p in done if p.loaded]
        pickle.dump((number, batch.write(number), done), out)
        out.flush()
        os.write(ready, out.tell().to_bytes(8, "big"))
    out.write(then)
    out.flush()
    os._exit(status)


def _sends_all_then_dies(*args: Any) -> None:
    _sends_whole_shards(args, b"", 3, empty=True)


def _sends_all_then_garbage(*args: Any) -> None:
    _sends_whole_shards(args, b"junk", 0)


FAILING = {
    "dies": _dies,
    "garbage": _sends_garbage,
    "too-little": _sends_too_little,
    "wrote its shards, then died": _writes_its_shards_then_dies,
    "sent all, then died": _sends_all_then_dies,
    "sent all, then garbage": _sends_all_then_garbage,
}


@pytest.mark.parametrize("child", FAILING.values(), ids=list(FAILING))
def test_a_failing_helper_process_costs_time_not_results(
    site: Path, monkeypatch: pytest.MonkeyPatch, child: object
) -> None:
    _parallel(site, monkeypatch, 2)
    expected = cold(site, monkeypatch)
    monkeypatch.setattr(parallel, "_child", child)
    assert load(site) == expected
    assert validate_json(site)[0] == 1
    assert_all_stored(site, monkeypatch, expected)


def test_a_helper_that_sends_whole_shards_is_used(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _parallel(site, monkeypatch, 2)
    expected = cold(site, monkeypatch)
    monkeypatch.setattr(parallel, "_child", lambda *args: _sends_whole_shards(args, b"", 0))
    parsed = count_parses(monkeypatch)
    assert load(site) == expected
    assert 0 < len(parsed) < len(expected)  # the helper parsed the others


def test_a_helper_whose_pipe_cannot_be_read_costs_time_not_results(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _parallel(site, monkeypatch, 2)
    expected = cold(site, monkeypatch)
    real = parallel.start

    def unreadable(*args: Any) -> Any:
        helper = real(*args)
        if helper is not None:
            os.close(helper.child.hears)
            helper.child.hears = os.open(os.devnull, os.O_WRONLY)  # reading it fails
        return helper

    monkeypatch.setattr(parallel, "start", unreadable)
    assert load(site) == expected


def test_each_shard_is_written_once_by_the_process_that_parsed_its_files(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _parallel(site, monkeypatch, 2)
    expected = cold(site, monkeypatch)
    here: list[str] = []
    real = shards.write_shard

    def recording(path: Path, *args: Any) -> None:
        here.append(path.name)
        real(path, *args)

    monkeypatch.setattr(shards, "write_shard", recording)
    assert load(site) == expected
    stored = {path.name for path in (site / keys.DIR_NAME).glob("articles-*.pickle")}
    assert here and set(here) < stored  # this process wrote some shards, the helper the others
    assert len(here) == len(set(here))
    assert_all_stored(site, monkeypatch, expected)


def test_a_helper_that_parses_a_shard_writes_it_whole_after_a_deletion_in_it(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _parallel(site, monkeypatch, 2)
    for n in range(20, 60):
        write(site / "articles" / "en" / "2021" / f"article-{n}.md", EXTRA.format(n=n, day=n % 28 + 1))
    load(site)
    files = [os.fspath(path) for path in article_files(load_config(site))]
    by_shard: dict[int, list[str]] = {}
    for name in files:
        by_shard.setdefault(shards.number(name), []).append(name)
    gone, edited = next(names[:2] for names in by_shard.values() if len(names) > 1)
    Path(gone).unlink()
    Path(edited).write_text(Path(edited).read_text(encoding="utf-8") + "Edited.\n", encoding="utf-8")
    for name in files[:10]:  # enough files to parse for a helper process
        if name not in (gone, edited):
            Path(name).write_text(Path(name).read_text(encoding="utf-8") + "Edited.\n", encoding="utf-8")
    real = parallel.groups

    def all_to_the_helper(todo: Any, workers: int) -> Any:
        return [{}, real(todo, 1)[0]] if workers > 1 else real(todo, workers)

    monkeypatch.setattr(parallel, "groups", all_to_the_helper)
    expected = cold(site, monkeypatch)
    assert load(site) == expected
    assert_all_stored(site, monkeypatch, expected)


SCRIPT = """
import hashlib, sys
from pathlib import Path
from typing import Any
from jiading_cli.config import load_config
from jiading_cli.app.articles import load_articles
from jiading_cli.content.site import article_files
config = load_config(Path(sys.argv[1]))
for _ in range(5):
    loaded = load_articles(config, article_files(config))
print(hashlib.sha256(repr(loaded).encode()).hexdigest())
"""


def test_two_loads_at_once_both_get_the_cold_result(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(10, 60):
        write(site / "articles" / "en" / "2021" / f"article-{n}.md", EXTRA.format(n=n, day=n % 28 + 1))
    expected = cold(site, monkeypatch)
    runs = [
        subprocess.Popen([sys.executable, "-c", SCRIPT, str(site)], stdout=subprocess.PIPE, text=True) for _ in range(2)
    ]
    digests = {run.communicate(timeout=120)[0].strip() for run in runs}
    assert all(run.returncode == 0 for run in runs)
    import hashlib

    assert digests == {hashlib.sha256(repr(expected).encode()).hexdigest()}
    assert load(site) == expected
    assert not [p for p in (site / keys.DIR_NAME).iterdir() if p.name.endswith(".tmp")]


def test_jiading_cache_off_writes_no_cache(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold(site, monkeypatch)
    assert not (site / keys.DIR_NAME).exists()


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    seen: list[Path] = []
    real = shards.read

    def counting(path: Path) -> object:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(shards, "read", counting)
    return seen


def test_an_unchanged_file_is_not_even_read_once_its_change_is_old(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shards, "RACY_NS", 0)
    first = load(site)
    reads = count_reads(monkeypatch)
    assert load(site) == first
    assert reads == []


def test_a_file_changed_just_before_it_was_cached_is_checked_by_its_hash(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load(site)
    reads = count_reads(monkeypatch)
    assert load(site) == first
    assert len(reads) == len(first)  # stat alone is not trusted within the file system's clock tick


def test_an_edit_keeping_size_and_mtime_is_seen_after_the_racy_window(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shards, "RACY_NS", 0)
    load(site)
    path = site / "articles" / "en" / "2020" / "article-2.md"
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("number 2", "number Z"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert load(site) == cold(site, monkeypatch)


def test_the_fingerprint_covers_every_module_of_the_package() -> None:
    from jiading_cli.incremental.keys import code_digest

    package = Path(keys.__file__).resolve().parent.parent
    modules = sorted(p.relative_to(package).as_posix() for p in package.rglob("*.py"))
    assert "model/article.py" in modules and "content/site.py" in modules and "validate/rules.py" in modules
    code = "import sys; from jiading_cli.incremental.keys import code_digest; print(code_digest().hex())"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == (
        code_digest().hex()
    )


def test_a_large_load_is_frozen_for_the_collector_and_equals_a_cold_load(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    expected = cold(site, monkeypatch)
    monkeypatch.setattr(articles, "FREEZE_MIN", 1)
    gc.unfreeze()
    try:
        assert load(site) == expected
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_helper_process_that_cannot_be_started_costs_nothing_but_time(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _parallel(site, monkeypatch, 2)
    expected = cold(site, monkeypatch)

    def no_space() -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(parallel.tempfile, "TemporaryFile", no_space)
    assert load(site) == expected


@pytest.mark.parametrize("name", ["a.md", "/x/y/b.c.md", ".md", "x..md", "x.", "a.MD", "dir/.hidden.md", "noext"])
def test_the_default_slug_of_a_file_is_its_name_without_the_suffix(name: str) -> None:
    assert parallel._stem(name) == Path(name).stem


@pytest.mark.parametrize("failing", [0, 1], ids=["first-helper-fails", "second-helper-fails"])
def test_results_keep_their_order_when_a_helper_process_cannot_start(
    site: Path, monkeypatch: pytest.MonkeyPatch, failing: int
) -> None:
    _parallel(site, monkeypatch, 3)
    expected = cold(site, monkeypatch)
    real = parallel.start
    calls: list[int] = []

    def one_fails(*args: Any) -> Any:
        calls.append(len(calls))
        return None if calls[-1] == failing else real(*args)

    monkeypatch.setattr(parallel, "start", one_fails)
    assert load(site) == expected
    assert calls == [0, 1]


@pytest.mark.parametrize("size", [0, 1, source.READ_MORE - 1, source.READ_MORE, 3 * source.READ_MORE + 7])
def test_a_file_is_read_whole_with_its_stat(tmp_path: Path, size: int) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    read = shards.read(path)
    assert read is not None and read[1] == path.read_bytes() and read[0].st_size == size


def test_a_folder_or_a_missing_file_reads_as_nothing(tmp_path: Path) -> None:
    assert shards.read(tmp_path) is None
    assert shards.read(tmp_path / "missing.md") is None
