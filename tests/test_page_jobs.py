"""A large build's article pages made by forked processes beside the first (``incremental/pagejobs.py``) give
the files, the manifests, the page store and the errors of a build in one process, and leave no stray file."""

from __future__ import annotations

import array
import fcntl
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from conftest import tree
from jiading_cli.base import tempnames
from jiading_cli.cli import app
from jiading_cli.feeds.write import Writer
from jiading_cli.incremental import forks, pagejobs
from jiading_cli.incremental.pickles import opened

REPO = Path(__file__).resolve().parent.parent
NOW = "2026-11-27T12:00:00+08:00"
MARK = ".jiading-pages.json.writing"
DIVISION = "ZeroDivisionError: division by zero"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated site of 60 articles (two languages, translations, images, tags, categories)."""
    out = tmp_path_factory.mktemp("corpus")
    command = [sys.executable, str(REPO / "benchmarks" / "corpus.py"), "--count", "60", "--out", str(out)]
    subprocess.run([*command, "--only", "jiading"], check=True, capture_output=True)
    return out / "jiading"


def site(corpus: Path, tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(corpus, root)
    return root


def build(root: Path, jobs: int) -> Result:
    here = Path.cwd()
    os.chdir(root)
    try:
        env = {"JIADING_NOW": NOW, "JIADING_CONFIG": None, "JIADING_CACHE": None, "JIADING_JOBS": str(jobs)}
        return CliRunner().invoke(app, ["build"], env=env)
    finally:
        os.chdir(here)


def folders(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


def page_store(root: Path) -> Any:
    """The page store's records, each page's mtime, ctime and inode left out (the pages were written at other
    moments, in other folders), and each article's fact without its file's stat line (which marks a file changed
    moments before as unknown), and the files articles name without their stats."""
    (found,) = (root / ".jiading-cache").glob("pages-" + "?" * 16 + ".pickle")  # the base: a full build's
    form, salt, _, entries, views, digests, facts, resolved, named, shape = pickle.loads(opened(found.read_bytes()))
    pages = [(path, key, digest, size) for path, (key, digest, size, *_) in entries.items()]
    kept = [(name, fields, record) for name, (_, fields, record) in facts.items()]
    return form, salt, pages, list(views.items()), list(digests.items()), kept, resolved, sorted(named), shape


def unread(fd: int) -> int:
    """The bytes waiting in the pipe ``fd``."""
    found = array.array("i", [0])
    fcntl.ioctl(fd, termios.FIONREAD, found)
    return found[0]


def unhurried(take: Callable[[pagejobs.PageJobs], int | None]) -> Callable[[pagejobs.PageJobs], int | None]:
    """``PageJobs._take`` that, in the first process, lets the forked ones take a batch each before it takes
    one, and then take the lead: on a loaded machine the first process could otherwise make every batch before
    a forked one is running, and a test of what forked processes make would test nothing."""

    def taken(self: pagejobs.PageJobs) -> int | None:
        if os.getpid() == self.parent and self.queue is not None and self.helpers:
            total = len(self.batches) * pagejobs.TOKEN
            end = time.monotonic() + 30
            while time.monotonic() < end:
                left = unread(self.queue)
                if left == 0 or (total - left) // pagejobs.TOKEN - len(self.mine) >= len(self.helpers):
                    break
                time.sleep(0.005)
            time.sleep(0.02)
        return take(self)

    return taken


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Pages shared from a few on, in small batches; the number of batches each build's writer adopted from
    forked processes (so that a test knows they made some)."""
    monkeypatch.setattr(pagejobs, "PER_PROCESS", 4)
    monkeypatch.setattr(pagejobs, "BATCH", 3)
    monkeypatch.setattr(pagejobs.PageJobs, "_take", unhurried(pagejobs.PageJobs._take))
    adopted: list[int] = []
    real = Writer.adopt

    def counted(self: Writer, handed: Any) -> None:
        adopted.append(len(handed))
        real(self, handed)

    monkeypatch.setattr(Writer, "adopt", counted)
    return adopted


def one_then_many(root: Path, jobs: int) -> tuple[tuple[Result, dict[str, bytes], Any], ...]:
    """The same site built cold in one process, then in ``jobs``: what each printed, wrote and stored."""
    made = []
    for count in (1, jobs):
        shutil.rmtree(root / "public", ignore_errors=True)
        shutil.rmtree(root / ".jiading-cache", ignore_errors=True)
        result = build(root, count)
        made.append((result, tree(root / "public"), page_store(root)))
    return tuple(made)


@pytest.mark.parametrize("jobs", [2, 3])
def test_pages_made_by_forked_processes_are_the_files_and_page_store_of_one_process(
    corpus: Path, tmp_path: Path, shared: list[int], jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jiading_cli.pages import reuse

    # Every file is taken as settled, so that both builds keep the same files' digests, however long after
    # the site was copied each of them starts.
    monkeypatch.setattr(reuse, "RACY_NS", 0)
    root = site(corpus, tmp_path)
    (one, one_files, one_store), (many, many_files, many_store) = one_then_many(root, jobs)
    assert one.exit_code == 0 and many.exit_code == 0, many.output
    assert sum(1 for count in shared if count) > 1  # batches made by forked processes, adopted
    assert many.output.splitlines()[:3] == one.output.splitlines()[:3]  # the files' counts
    assert many_files == one_files  # every page, feed and asset, and both manifests
    assert many_store == one_store
    assert not (root / "public" / MARK).exists() and list(tempnames.leftovers(root / "public")) == []


def test_a_build_after_a_shared_one_keeps_every_page(corpus: Path, tmp_path: Path, shared: list[int]) -> None:
    root = site(corpus, tmp_path)
    assert build(root, 2).exit_code == 0 and shared
    first = tree(root / "public")
    result = build(root, 2)
    assert result.exit_code == 0
    assert "0 new, 0 changed" in result.output and tree(root / "public") == first


def failing(root: Path, template: str) -> None:
    (root / "templates").mkdir(exist_ok=True)
    body = f'{{% extends "base.html" %}}\n{{% block main %}}\n<h1>Kept</h1>\n{template}\n{{% endblock %}}\n'
    (root / "templates" / "article.html").write_text(body, encoding="utf-8")


def oldest_slug(root: Path) -> str:
    """The slug of the oldest article shown (the last in the pages' order)."""
    found = []
    for path in (root / "articles").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if "\ndraft: true" not in text:
            found.append((text.split("\ndate: ")[1][:25], text.split("\nslug: ")[1].split("\n")[0]))
    return min(found)[1]


def failed_build(root: Path, jobs: int) -> tuple[Result, set[str], dict[str, bytes]]:
    shutil.rmtree(root / "public", ignore_errors=True)
    shutil.rmtree(root / ".jiading-cache", ignore_errors=True)
    result = build(root, jobs)
    return result, folders(root / "public"), tree(root / "public")


@pytest.mark.parametrize("which", ["every page", "the last page"])
def test_a_template_error_in_pages_shared_out_is_the_line_and_exit_code_of_one_process(
    corpus: Path, tmp_path: Path, shared: list[int], which: str
) -> None:
    root = site(corpus, tmp_path)
    condition = "true" if which == "every page" else f"{oldest_slug(root) + '/'!r} in article.url"
    failing(root, f"{{% if {condition} %}}{{{{ 1 / 0 }}}}{{% endif %}}")
    one, one_folders, one_files = failed_build(root, 1)
    many, many_folders, many_files = failed_build(root, 2)
    assert one.exit_code == many.exit_code == 1
    assert many.stderr == one.stderr == f"Error: templates/article.html:4: template: {DIVISION}\n"
    assert many_files == one_files and not any(name.endswith(".html") for name in many_files)  # the feeds alone
    assert many_folders == one_folders and list(tempnames.leftovers(root / "public")) == []
    if which == "the last page":
        assert shared  # batches a forked process made before the error, adopted and then removed


def as_in_the_manifests(public: Path) -> None:
    """The output folder holds exactly the files its manifests list, the manifests and the folders they need:
    no stray file, no empty folder."""
    listed = {".jiading-manifest.json", ".jiading-pages.json"}
    for manifest in listed.copy():
        if (public / manifest).exists():
            listed |= set(json.loads((public / manifest).read_text(encoding="utf-8"))["files"])
    needed = {Path(name).parent.as_posix() for name in listed}
    needed |= {parent.as_posix() for name in needed for parent in Path(name).parents}
    assert set(tree(public)) == {name for name in listed if (public / name).exists()}
    assert folders(public) == needed - {"."}


@pytest.fixture
def killed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each forked process killed (SIGKILL) once it has staged its first batch's pages, their folders made: it
    hands nothing over. The batches it was killed in, as the first process learns of them."""
    real = pagejobs.PageJobs._make

    def dying(self: pagejobs.PageJobs, number: int) -> None:
        real(self, number)
        if os.getpid() != self.parent:
            self.writer._collect(0)  # every page of the batch staged, in the folders made for it
            os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(pagejobs.PageJobs, "_make", dying)
    failed: list[int] = []
    join = pagejobs.PageJobs._join

    def joined(self: pagejobs.PageJobs, wait: bool) -> None:
        failed.extend(number for number in range(len(self.batches)) if number not in self.mine)
        join(self, wait)

    monkeypatch.setattr(pagejobs.PageJobs, "_join", joined)
    return failed


def test_a_forked_process_killed_mid_build_leaves_the_files_and_folders_of_one_process(
    corpus: Path, tmp_path: Path, shared: list[int], killed: list[int]
) -> None:
    root = site(corpus, tmp_path)
    result = build(root, 2)
    assert result.exit_code == 0, result.output
    assert killed and not any(shared)  # a forked process made pages, and handed none over
    many = tree(root / "public")
    shutil.rmtree(root / "public")
    shutil.rmtree(root / ".jiading-cache")
    assert build(root, 1).exit_code == 0
    assert many == tree(root / "public")
    as_in_the_manifests(root / "public")


def test_a_failed_build_whose_forked_process_was_killed_leaves_no_empty_folder(
    corpus: Path, tmp_path: Path, shared: list[int], killed: list[int]
) -> None:
    root = site(corpus, tmp_path)
    failing(root, f"{{% if {oldest_slug(root) + '/'!r} in article.url %}}{{{{ 1 / 0 }}}}{{% endif %}}")
    one, one_folders, one_files = failed_build(root, 1)
    many, many_folders, many_files = failed_build(root, 2)
    assert killed, "no forked process made pages"
    assert one.exit_code == many.exit_code == 1 and many.stderr == one.stderr
    assert (many_folders, many_files) == (one_folders, one_files)
    as_in_the_manifests(root / "public")
    assert list(tempnames.leftovers(root / "public")) == [] and not (root / "public" / MARK).exists()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads a process's state from /proc")
def test_a_build_interrupted_once_a_forked_process_was_killed_leaves_no_page_and_no_empty_folder(
    corpus: Path, tmp_path: Path, shared: list[int], killed: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site(corpus, tmp_path)
    (root / "public").mkdir()

    def interrupted(self: pagejobs.PageJobs) -> None:
        end = time.monotonic() + 60
        while any(alive(helper.child.pid) for helper in self.helpers) and time.monotonic() < end:
            time.sleep(0.01)  # each forked process made its folders and was killed
        raise KeyboardInterrupt

    monkeypatch.setattr(pagejobs.PageJobs, "_take_all", interrupted)
    result = build(root, 2)
    assert result.exit_code == 130 and result.stderr == "Error: interrupted\n"
    assert killed and not [name for name in tree(root / "public") if name.endswith(".html")]  # the feeds alone
    as_in_the_manifests(root / "public")


def touched(root: Path) -> None:
    """Every article file changed, keeping its size (its last line break becomes a space)."""
    for path in (root / "articles").rglob("*.md"):
        data = path.read_bytes()
        path.write_bytes(data[:-1] + b" ")


def edited_before(real: Callable[..., Any], root: Path) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        touched(root)
        return real(*args, **kwargs)

    return wrapped


def test_an_article_changed_before_pages_are_shared_out_is_the_line_of_one_process(
    corpus: Path, tmp_path: Path, shared: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from jiading_cli.pages import build as pages

    roots = {jobs: site(corpus, tmp_path / str(jobs)) for jobs in (1, 2)}
    with monkeypatch.context() as patch:  # one process: changed before the pages, found by their first read
        patch.setattr(pages, "build_pages", edited_before(pages.build_pages, roots[1]))
        one = build(roots[1], 1)
    forked: list[int] = []
    real = forks.start

    def counted(work: Any, *, told: bool) -> forks.Child | None:
        child = real(work, told=told)
        forked.append(0 if child is None else child.pid)
        return child

    monkeypatch.setattr(forks, "start", counted)
    monkeypatch.setattr(pagejobs.PageJobs, "_fork", edited_before(pagejobs.PageJobs._fork, roots[2]))
    many = build(roots[2], 2)
    assert one.exit_code == many.exit_code == 1 and forked and all(forked)
    assert one.stderr.endswith(": the file changed after this run checked it; run the command again\n")
    assert many.stderr == one.stderr
    for root in roots.values():
        assert not [name for name in tree(root / "public") if name.endswith(".html")]
    assert folders(roots[2] / "public") == folders(roots[1] / "public")
    assert list(tempnames.leftovers(roots[2] / "public")) == [] and not (roots[2] / "public" / MARK).exists()


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
            found += [int(child) for child in handle.read().split()]
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ")[1][0] != "Z"
    except OSError:
        return False


def many_articles(root: Path, count: int) -> None:
    """Small articles enough for their pages to be shared out with the default settings."""
    from conftest import CONFIG

    (root / "articles").mkdir(parents=True)
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    for n in range(count):
        (root / "articles" / f"a{n:03d}.md").write_text(
            f"---\nid: urn:uuid:00000000-0000-4000-8000-{n:012d}\ntitle: Jiading grows {n}\n"
            f"date: 2017-07-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00+08:00\nsummary: Article {n}.\n"
            f"tags: [tag-{n % 7}]\n---\nInvest in Jiading, paragraph {n}.\n",
            encoding="utf-8",
        )


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads a process's children from /proc")
def test_a_build_killed_while_pages_are_shared_out_is_tidied_by_the_next(tmp_path: Path) -> None:
    root = tmp_path / "site"
    many_articles(root, 2 * pagejobs.PER_PROCESS + 50)
    env = {**os.environ, "JIADING_NOW": NOW, "JIADING_CONFIG": "", "JIADING_JOBS": "2"}
    command = [sys.executable, "-m", "jiading_cli", "build"]
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    helpers: list[int] = []
    end = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < end and not helpers:
        staged = [p for p in tempnames.leftovers(root / "public") if p.name.startswith(".index.html.")]
        helpers = children(process.pid) if staged else []
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert helpers, "the build was not killed while a forked process made pages"
    while any(alive(pid) for pid in helpers) and time.monotonic() < end:  # it stops at its next batch
        time.sleep(0.01)
    assert not any(alive(pid) for pid in helpers)
    finished = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    public = root / "public"
    assert list(tempnames.leftovers(public)) == [] and not (public / MARK).exists()
    plain = {**env, "JIADING_CACHE": "off"}
    cold = subprocess.run([*command, "--out", "cold"], cwd=root, env=plain, capture_output=True, check=False)
    assert cold.returncode == 0
    assert tree(root / "cold") == tree(public)  # manifests included


@given(st.lists(st.integers(0, 50), max_size=3000))
def test_batches_hold_every_page_once_in_order(indexes: list[int]) -> None:
    todo = [(index, f"p{n}/index.html") for n, index in enumerate(indexes)]
    found = pagejobs.batches(todo)
    assert [job for batch in found for job in batch] == todo
    assert len(found) <= pagejobs.TOKENS and all(len(batch) >= pagejobs.BATCH for batch in found[:-1])


def test_no_process_is_forked_while_another_thread_runs(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A thread that holds a lock when the process forks leaves it held in the child for ever (the preview
    server's threads, say): while one runs beside the build, the build makes every page itself, the same."""
    monkeypatch.setattr(pagejobs, "PER_PROCESS", 4)
    monkeypatch.setattr(pagejobs, "BATCH", 3)
    root = site(corpus, tmp_path)
    alone = build(root, 1)
    expected = tree(root / "public")
    shutil.rmtree(root / "public")
    shutil.rmtree(root / ".jiading-cache")
    forked: list[int] = []
    real = forks.start

    def counted(*args: Any, **kwargs: Any) -> Any:
        forked.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(forks, "start", counted)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, name="preview-server")
    other.start()
    try:
        assert not forks.available()
        result = build(root, 2)
    finally:
        stop.set()
        other.join()
    assert result.exit_code == alone.exit_code == 0, result.output
    assert forked == [] and tree(root / "public") == expected
    me = threading.current_thread()
    monkeypatch.setattr(threading, "enumerate", lambda: [me])
    assert forks.available()
    monkeypatch.setattr(threading, "enumerate", lambda: [me, other])
    assert not forks.available()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads a process's state from /proc")
def test_a_cold_build_interrupted_while_keying_beside_the_makers_leaves_no_page_and_no_process(
    corpus: Path, tmp_path: Path, shared: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build starts the forked processes before this one keys its pages: stopped then, once a forked
    process has handed pages over, it leaves what one process stopped there leaves, and no process behind."""
    from jiading_cli.pages import build as pages_build

    root = site(corpus, tmp_path)
    (root / "public").mkdir()
    begun: list[pagejobs.PageJobs] = []
    begin = pagejobs.PageJobs.begin

    pids: list[int] = []

    def began(self: pagejobs.PageJobs, *args: Any) -> bool:
        begun.append(self)
        found = begin(self, *args)
        pids.extend(helper.child.pid for helper in self.helpers)
        return found

    keyed = [0]
    real = pages_build.quick_article_key

    def keying(*args: Any) -> Any:
        keyed[0] += 1
        if keyed[0] == 20:
            end = time.monotonic() + 60
            while not any(os.fstat(h.records.fileno()).st_size for h in begun[0].helpers) and time.monotonic() < end:
                time.sleep(0.01)  # a forked process has handed a batch over
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(pagejobs.PageJobs, "begin", began)
    monkeypatch.setattr(pages_build, "quick_article_key", keying)
    monkeypatch.setattr(pagejobs.PageJobs, "_take", pagejobs.PageJobs._take)  # the forked ones need not wait
    result = build(root, 2)
    assert result.exit_code == 130 and result.stderr == "Error: interrupted\n"
    assert begun and pids and shared  # begun at once; a forked process handed pages over, then was stopped
    assert not any(alive(pid) for pid in pids)
    assert not [name for name in tree(root / "public") if name.endswith(".html")]
    as_in_the_manifests(root / "public")
    assert list(tempnames.leftovers(root / "public")) == [] and not (root / "public" / MARK).exists()


def test_what_made_the_article_pages_is_let_go_once_they_are_made(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Making the article pages needs the build's page context (held by their ``make``); once every page is made it
    is let go, whoever still holds the page makers, so what the build does after them (its assets keyed and copied,
    every file put in place) does not carry it: a build that kept its makers in a local variable held 8 MiB more at
    its peak on 10k articles with an image each."""
    import gc
    import weakref

    makes: list[weakref.ref[Callable[[int], bytes]]] = []
    held: list[bool] = []
    start, keep = pagejobs.PageJobs.start, Writer.keep

    def started(self: pagejobs.PageJobs, make: Callable[[int], bytes]) -> None:
        makes.append(weakref.ref(make))
        start(self, make)

    def kept(self: Writer, *args: Any, **kwargs: Any) -> Any:
        if makes:  # the pages' writer, its pages made and its assets copied
            gc.collect()
            held.append(any(made() is not None for made in makes))
        return keep(self, *args, **kwargs)

    monkeypatch.setattr(pagejobs.PageJobs, "start", started)
    monkeypatch.setattr(Writer, "keep", kept)
    result = build(site(corpus, tmp_path), 2)
    assert result.exit_code == 0, result.output
    assert held == [False]
