"""`jiading build` and `feed build` stopped where no test of writing looked: a signal at any instant (Ctrl-C, SIGTERM,
SIGHUP, start-up included), memory or file descriptors running out, a cache store that is no file.

Whatever stops a build, it ends in one readable line and a documented exit code (128 plus the signal's number for a
signal, 1 for a limit), never a traceback; it leaves no temporary file and no mark of a build writing, in the output
folder or anywhere under the site; and the next build gives exactly what a build without any cache gives.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from conftest import CONFIG, NOW, Site, front
from jiading_cli.base import files, memory, stops, tempnames
from test_feed_faults import staging

MARKS = (".jiading-manifest.json.writing", ".jiading-pages.json.writing")
SEED = 2026
ARTICLES = 24
ONE_LINE: dict[int, str] = {
    signal.SIGINT: "Error: interrupted",
    signal.SIGTERM: "Error: stopped by SIGTERM",
    signal.SIGHUP: "Error: stopped by SIGHUP",
}


def _article(n: int) -> str:
    tags = ", ".join(f"tag-{(n + k) % 7}" for k in range(2))
    body = "\n\n".join(f"Paragraph {p} of article {n}: " + "Jiading grows. " * 20 for p in range(4))
    fields = {"id": f"urn:uuid:00000000-0000-4000-8000-{n:012d}", "title": f"Article {n}", "tags": f"[{tags}]"}
    return front(**fields, date=f"2017-{1 + n % 12:02d}-{1 + n % 28:02d}T09:00:00+08:00", category=f"C{n % 3}") + body


def _site(root: Path) -> Path:
    root.mkdir(exist_ok=True)
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    (root / "articles").mkdir(exist_ok=True)
    for n in range(ARTICLES):
        (root / "articles" / f"a{n:02d}.md").write_text(_article(n), encoding="utf-8")
    return root


def _stray(root: Path) -> list[str]:
    """jiading's temporary files and marks of a build writing, anywhere under ``root``."""
    return sorted(str(p) for p in root.rglob("*") if tempnames.is_leftover(p.name) or p.name in MARKS)


def _before_jiading(err: str) -> bool:
    """Whether ``err`` is the interpreter's own, stopped before any of jiading's code ran (Python starting, or
    ``-m`` looking for the package): no frame of its traceback is jiading's or a library's."""
    if err.startswith("Fatal Python error: init_import_site"):  # stopped importing `site`, and the .pth files it
        return True  # runs (setuptools' own among them): before any module of jiading's is even looked for
    frames = [line for line in err.splitlines() if line.startswith("  File ")]
    return bool(frames) and not any("jiading_cli" in line or "site-packages" in line for line in frames)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(
    root: Path, *args: str, cache: str = "on", limit: Callable[[], None] | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JIADING_NOW": NOW, "JIADING_CACHE": cache, "JIADING_JOBS": "1"}
    command = [sys.executable, "-m", "jiading_cli", *args]
    return subprocess.run(
        command, cwd=root, capture_output=True, text=True, env=env, check=False, preexec_fn=limit, timeout=timeout
    )


def _clean(tmp_path: Path, *args: str) -> dict[str, bytes]:
    """The output of a build without any cache, of the same site."""
    root = _site(tmp_path / "clean")
    done = _run(root, *args, cache="off")
    assert done.returncode == 0, done.stderr
    return _files(root / "public")


COMMANDS = [("build",), ("feed", "build")]
STOPS: list[tuple[str, Callable[[], BaseException], int, str]] = [
    ("ctrl-c", KeyboardInterrupt, 130, "Error: interrupted"),
    ("sigterm", lambda: stops.Stopped(signal.SIGTERM), 143, "Error: stopped by SIGTERM"),
]


INSTANTS = ["in-the-open", "after-it"]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize(("stop", "make", "code", "line"), STOPS, ids=[s[0] for s in STOPS])
@pytest.mark.parametrize("instant", INSTANTS)
@pytest.mark.parametrize("where", [0.0, 0.4, 1.0])
def test_a_stop_in_the_instant_a_temporary_file_is_made_leaves_none(
    site: Site,
    monkeypatch: pytest.MonkeyPatch,
    command: tuple[str, ...],
    stop: str,
    make: Callable[[], BaseException],
    code: int,
    line: str,
    instant: str,
    where: float,
) -> None:
    """A signal that comes while a temporary file is being opened is raised the instant the ``open`` returns,
    before its number is kept (``in-the-open``): that file goes with the rest, wherever in the build it was, an
    output file's or a cache store's (every temporary file jiading makes is opened by ``files.create_temp``). One
    raised after that, before the build noted an output file it staged (``after-it``, where another Python may
    look for signals), goes too: a build stopped so looks in every folder of its output."""
    _site(site.root)
    real_open, real_create = os.open, tempnames.create_temp
    made: list[str] = []
    outputs: list[Path] = []
    nth = [0]

    def opening(path: str | Path, flags: int, mode: int = 0o777, **kw: object) -> int:
        fd = real_open(path, flags, mode, **kw)  # type: ignore[arg-type]
        if tempnames.is_leftover(os.path.basename(path)):
            made.append(os.fspath(path))
            if len(made) == nth[0] and instant == "in-the-open":
                raise make()
        return fd

    def creating(target: Path, prefix: str, names: random.Random) -> tuple[int, Path]:
        found = real_create(target, prefix, names)
        if target.is_relative_to(site.root / "public"):
            outputs.append(target)
            if len(outputs) == nth[0] and instant == "after-it":
                raise make()
        return found

    def build() -> Result:
        shutil.rmtree(site.root / ".jiading-cache", ignore_errors=True)
        shutil.rmtree(site.root / "public", ignore_errors=True)  # every file is written anew
        made.clear()
        outputs.clear()
        with monkeypatch.context() as patched:
            patched.setattr(os, "open", opening)
            patched.setattr(files, "create_temp", creating)
            return site.run(*command, env={"JIADING_JOBS": "1"})

    first = build()
    assert first.exit_code == 0, first.output
    good, total = _files(site.root / "public"), len(made if instant == "in-the-open" else outputs)
    assert total > 10
    nth[0] = max(1, round(where * total))
    stopped = build()
    assert stopped.exit_code == code, stopped.output
    assert stopped.output.strip().splitlines()[-1] == line
    assert _stray(site.root) == [], f"the file made at that instant: {made[-1]}"
    nth[0] = 0
    again = build()
    assert again.exit_code == 0, again.output
    assert _files(site.root / "public") == good


@pytest.mark.parametrize("number", list(ONE_LINE), ids=[signal.Signals(n).name for n in ONE_LINE])
def test_a_signal_at_any_moment_ends_a_build_in_its_one_line_and_leaves_nothing(tmp_path: Path, number: int) -> None:
    """Real signals, at start-up (while Python loads jiading), while the build reads and while it writes: the
    build ends with 128 plus the signal's number and the signal's one line (or, sent before Python could listen,
    by the signal itself, saying nothing), or finishes; nothing of it is left, and the next build is a clean one."""
    good = _clean(tmp_path, "build")
    rng = random.Random(SEED + number)
    root = _site(tmp_path / "site")
    env = {**os.environ, "JIADING_NOW": NOW, "JIADING_JOBS": "1"}
    config = root / "jiading.toml"
    for round_ in range(6):
        config.write_text(CONFIG.replace("Invest in Jiading", f"Round {round_}"), encoding="utf-8")  # all anew
        process = subprocess.Popen(
            [sys.executable, "-m", "jiading_cli", "build"],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        if round_ % 3 == 2:
            (root / "public").mkdir(exist_ok=True)
            staging(root / "public", process, 60)  # type: ignore[arg-type]
        else:
            time.sleep(rng.uniform(0, 0.25) if round_ % 3 == 0 else rng.uniform(0.25, 0.6))
        process.send_signal(number)
        _, err = process.communicate(timeout=60)
        where = f"round {round_}: status {process.returncode}, stderr {err!r}"
        if not _before_jiading(err):
            assert "Traceback" not in err, where
            if process.returncode == 128 + number:
                assert err.splitlines() == [ONE_LINE[number]], where
            else:
                assert process.returncode in (0, -number), where
                assert err == "", where
        assert _stray(root) == [], where
        config.write_text(CONFIG, encoding="utf-8")
        again = _run(root, "build")
        assert again.returncode == 0, again.stderr
        assert _files(root / "public") == good, where
        assert _stray(root) == []


LIMITS = [
    ("memory", resource.RLIMIT_AS, [48 << 20, 56 << 20, 64 << 20, 80 << 20, 112 << 20]),
    ("open files", resource.RLIMIT_NOFILE, [6, 7, 8, 12]),
]


@pytest.mark.parametrize(("what", "kind", "values"), LIMITS, ids=[limit[0] for limit in LIMITS])
def test_a_resource_limit_ends_a_build_in_one_line_and_leaves_nothing(
    tmp_path: Path, what: str, kind: int, values: list[int]
) -> None:
    """Under a memory limit (``ulimit -v``) or a limit of open files (``ulimit -n``) a build succeeds with the
    files a clean build makes, or says in one line that it could not, leaving nothing half-done. No step asks
    for more memory than it needs (reading a small file into a buffer of 64 MiB failed builds that fit in
    60-110 MiB)."""
    good = _clean(tmp_path, "build")
    root = _site(tmp_path / "site")
    succeeded = 0
    for value in values:

        def limit(value: int = value) -> None:
            resource.setrlimit(kind, (value, value))

        done = _run(root, "build", limit=limit)
        where = f"{what} at {value}: status {done.returncode}, stderr {done.stderr!r}"
        assert "Traceback" not in done.stderr, where
        assert _stray(root) == [], where
        if done.returncode == 0:
            succeeded += 1
            assert done.stderr == "", where
            assert _files(root / "public") == good, where
        else:
            assert done.returncode == 1, where
            assert len(done.stderr.splitlines()) == 1, where
            assert done.stderr.startswith("Error: "), where
        again = _run(root, "build")
        assert again.returncode == 0, again.stderr
        assert _files(root / "public") == good, where
    assert succeeded, f"no {what} limit let the build through"


def test_any_memory_limit_jiading_starts_under_ends_a_run_in_one_line(tmp_path: Path) -> None:
    """The search for the next one, over memory limits a MiB apart from the lowest under which Python loads
    jiading's command line (below it, Python itself fails, or loops, before any of jiading's code can act) upwards:
    ``validate`` and ``list`` succeed, or say in one line that memory ran out (or that jiading could not start,
    where Python failed for want of it), never a traceback. Such a limit failed as modules loaded, or a library
    found no memory to map (an ImportError), or Python raised a SystemError, and the entry point passed each on."""

    def under(mib: int) -> Callable[[], None]:
        return lambda: resource.setrlimit(resource.RLIMIT_AS, (mib << 20, mib << 20))

    def loads(mib: int) -> bool:  # Python and jiading's command line, whatever jiading then does
        probe = [sys.executable, "-c", "import runpy, jiading_cli.entry, jiading_cli.cli"]
        try:
            done = subprocess.run(probe, capture_output=True, check=False, preexec_fn=under(mib), timeout=60)
        except subprocess.TimeoutExpired:  # Python's own import machinery, looping where memory ran out
            return False
        return done.returncode == 0

    root = _site(tmp_path / "site")
    # From where Python loads the command line whole, twice over: below it, Python's own import machinery may loop
    # without end where memory runs out (seen at 15 MiB, in typer's import), before any of jiading's code could act.
    lowest = next(mib for mib in range(8, 96) if loads(mib) and loads(mib + 1))
    ran = 0
    for mib in range(lowest + 2, lowest + 30):
        for command in (("validate",), ("list",)):
            done = _run(root, *command, limit=under(mib), timeout=120)
            where = f"{command} under {mib} MiB: status {done.returncode}, stderr {done.stderr!r}"
            assert "Traceback" not in done.stderr and "Fatal Python error" not in done.stderr, where
            assert _stray(root) == [], where
            if done.returncode != 0:  # memory ran out, or Python failed for want of it as modules loaded
                assert done.returncode == 1 and len(done.stderr.splitlines()) == 1, where
                assert done.stderr.startswith((memory.LINE, "Error: jiading could not start: ")), where
            ran += 1
    assert ran


@pytest.mark.parametrize("kind", ["fifo", "zero", "folder"])
def test_a_fifo_in_place_of_a_cache_store_is_no_store(tmp_path: Path, kind: str) -> None:
    """Every store of ``.jiading-cache/`` that is a FIFO, a link to ``/dev/zero`` (a device with no end) or a folder
    is a store that is not there (each is read by ``incremental.keys.read_store``): the build ignores it and makes
    what a clean build makes, never waiting on it or reading without end."""
    good = _clean(tmp_path, "build")
    root = _site(tmp_path / "site")
    assert _run(root, "build").returncode == 0
    stores = sorted(p for p in (root / ".jiading-cache").iterdir() if p.is_file())
    assert len(stores) > 5
    for store in stores:
        store.unlink()
        if kind == "fifo":
            os.mkfifo(store)
        elif kind == "zero":
            store.symlink_to("/dev/zero")
        else:
            store.mkdir()
    limit = 4 << 30  # a build that read /dev/zero would end here, not take the machine's memory
    try:
        done = _run(root, "build", limit=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)), timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("the build waited on the FIFO")
    assert done.returncode == 0, done.stderr
    assert _files(root / "public") == good


OWN_NAMES = [".jiading-manifest.json", ".jiading-pages.json", *MARKS]
OBSTACLES = ["folder", "folder-holding-a-file", "fifo", "link-to-dev-zero", "link-to-nothing", "garbage"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A site built once (copied for each case), and what a build without any cache makes of it."""
    root = _site(tmp_path_factory.mktemp("built") / "site")
    done = _run(root, "build", cache="off")
    assert done.returncode == 0, done.stderr
    return root, _files(root / "public")


@pytest.mark.parametrize("obstacle", OBSTACLES)
@pytest.mark.parametrize("name", OWN_NAMES)
def test_anything_at_one_of_jiadings_own_names_in_the_output_folder_is_one_line_or_nothing(
    tmp_path: Path, built: tuple[Path, dict[str, bytes]], name: str, obstacle: str
) -> None:
    """A manifest or a mark of a build writing that is a folder, a FIFO, a link to a device or to nothing, or
    garbage: the build ends with 0 or with 1 and one line naming it, never a traceback or a wait; a folder of
    yours there is left as it is, and the build removes none of its own staged files for a killed build's. Once
    the thing is gone, the next build makes what a clean one makes."""
    root = tmp_path / "site"
    shutil.copytree(built[0], root, symlinks=True)
    public, path = root / "public", root / "public" / name
    path.unlink(missing_ok=True)
    if obstacle.startswith("folder"):
        path.mkdir()
        if obstacle == "folder-holding-a-file":
            (path / "mine.txt").write_text("mine", encoding="utf-8")
    elif obstacle == "fifo":
        os.mkfifo(path)
    elif obstacle.startswith("link"):
        path.symlink_to("/dev/zero" if obstacle == "link-to-dev-zero" else root / "nothing")
    else:
        path.write_bytes(os.urandom(300))
    (root / "jiading.toml").write_text(CONFIG.replace("Invest in Jiading", "Edited"), encoding="utf-8")
    try:
        done = _run(root, "build", timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the build waited on {obstacle} at {name}")
    where = f"status {done.returncode}, stderr {done.stderr!r}"
    assert "Traceback" not in done.stderr, where
    assert done.returncode in (0, 1), where
    if done.returncode == 1:
        assert done.stderr.splitlines() == [done.stderr.strip()], where
        assert name in done.stderr, where
    if obstacle == "folder-holding-a-file":
        assert (path / "mine.txt").read_text(encoding="utf-8") == "mine"
    assert [p for p in _stray(root) if not p.endswith(name)] == [], where
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    again = _run(root, "build")
    assert again.returncode == 0, again.stderr
    assert _files(public) == built[1]
    assert _stray(root) == []


@pytest.mark.parametrize("first", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
@pytest.mark.parametrize("second", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_once_a_stop_has_begun_no_signal_cuts_its_clean_up_short(first: int, second: int) -> None:
    """Every command's handler raises for the first stopping signal alone; those after it are noted, and the
    command says the first (``serve``, whose own handler asks the same, is run in tests/test_serve.py)."""
    saved, told = list(stops.received), list(stops.said)
    stops.received.clear()
    stops.said.clear()
    try:
        with pytest.raises(KeyboardInterrupt):
            stops._stop(first, None)
        assert stops.stopping()
        stops._stop(second, None)  # nothing raised: the clean-up the first began goes on
        assert stops.received == [first, second] and stops.unsaid() == first
    finally:
        stops.received[:], stops.said[:] = saved, told
