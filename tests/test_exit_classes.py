"""Every failure class the exit-codes page names, provoked for every command that can meet it: the documented status,
and problems said in ``Error:`` lines on stderr (one line each, never a traceback). With ``--json``, stdout is one JSON
document or, for a run that stopped before it had a result, nothing (``docs/exit-codes.md``).

Each run is a process, as a user runs it (``python -m jiading_cli``), in a copy of the site ``init`` makes; a run that
mode bits must stop drops the capabilities that pass over them (``setpriv``), as the suite runs as root.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import REPO, shell_signals
from test_unreadable_folders import DROPPED, SETPRIV

FULL = "Error: the command's output could not be written to stdout: No space left on device"
NETWORK = """\
page_id = "1234"
api_base = "http://127.0.0.1:{port}"
"""
SITE_COMMANDS = [
    ["validate"], ["list"], ["build"], ["feed", "build"], ["share"], ["share", "--post", "--yes"],
    ["new-article", "Open day"], ["serve", "--port", "0"],
]  # fmt: skip


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site as ``init`` makes it, an English and a Chinese article in it, copied for each run."""
    root = tmp_path_factory.mktemp("made")
    init = ["init", "site", "--yes", "--title", "嘉定新闻", "--base-url", "https://news.example.com"]
    init += ["--language", "en,zh-CN", "--timezone", "Asia/Shanghai"]
    done = subprocess.run(_command(init), cwd=root, capture_output=True, text=True, check=False, env=_env())
    assert done.returncode == 0, done.stderr
    site = root / "site"
    _edit(site, "[share]\n", "[share]\ntimeout = 0.5\nattempts = 1\n")
    return site


def _edit(site: Path, old: str, new: str) -> None:
    text = (site / "jiading.toml").read_text(encoding="utf-8")
    assert old in text
    (site / "jiading.toml").write_text(text.replace(old, new, 1), encoding="utf-8")


def _env(**more: str) -> dict[str, str]:
    every = {**os.environ, "PYTHONPATH": str(REPO / "src"), "JIADING_CACHE": "off", **more}
    every["JIADING_NOW"] = "2026-12-31T12:00:00+08:00"
    every["JIADING_FACEBOOK_TOKEN"] = "token"
    every.pop("JIADING_CONFIG", None)
    return every


def _command(args: list[str], dropped: bool = False) -> list[str]:
    command = [sys.executable, "-m", "jiading_cli", *args]
    if dropped:
        assert SETPRIV is not None
        command = [SETPRIV, *DROPPED, *command]
    return command


@dataclass
class Case:
    """A failure class: how to provoke it in a fresh copy of the site, and what every command it touches gives."""

    name: str
    setup: Callable[[Path], None]
    codes: dict[tuple[str, ...], int]
    dropped: bool = False  # run where mode bits stop the process
    said: dict[tuple[str, ...], str] = field(default_factory=dict)  # a part of the last Error: line, by command


def _config(text: str) -> Callable[[Path], None]:
    def setup(site: Path) -> None:
        with (site / "jiading.toml").open("a", encoding="utf-8") as config:
            config.write(text)

    return setup


def _no_site(site: Path) -> None:
    (site / "jiading.toml").unlink()


def _unreadable_config(site: Path) -> None:
    (site / "jiading.toml").chmod(0)


def _invalid_article(site: Path) -> None:
    (site / "articles/zh-cn/2026/坏.md").write_text("---\ntitle: [未闭合\n---\n正文\n", encoding="utf-8")


def _output_a_file(site: Path) -> None:
    (site / "public").write_text("a file", encoding="utf-8")
    (site / "public-preview").write_text("a file", encoding="utf-8")


def _output_shut(site: Path) -> None:
    for name in ("public", "public-preview", "out"):
        (site / name).mkdir(mode=0o555)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _network_down(site: Path) -> None:
    _edit(site, "[facebook]\n", "[facebook]\n" + NETWORK.format(port=_closed_port()))


EVERY_SITE_COMMAND = {tuple(command): 2 for command in SITE_COMMANDS} | {
    ("rule", "JD101"): 0,
    ("completion", "bash"): 0,
}
CASES = [
    Case("no site", _no_site, EVERY_SITE_COMMAND, said={("list",): "no jiading.toml in"}),
    Case("invalid jiading.toml", _config("\n[site\n"), EVERY_SITE_COMMAND, said={("build",): "JD001 invalid TOML"}),
    Case(
        "unreadable jiading.toml",
        _unreadable_config,
        EVERY_SITE_COMMAND,
        dropped=True,
        said={("validate",): "jiading.toml: cannot read: Permission denied"},
    ),
    Case(
        "an invalid article",
        _invalid_article,
        {
            ("validate",): 1,
            ("list",): 0,
            ("build",): 1,
            ("feed", "build"): 1,
            ("share",): 1,
            ("share", "--post", "--yes"): 1,
            ("share", "--digest", "--since", "2026-01-01"): 1,
            ("new-article", "Open day"): 0,
            ("build", "--json"): 1,
            ("feed", "build", "--json"): 1,
            ("validate", "--format", "json"): 1,
            ("share", "--json"): 1,
            ("list", "--json"): 0,
        },
        said={("build",): "nothing written", ("share",): "JD101 YAML syntax error"},
    ),
    Case(
        "an output folder that is a file",
        _output_a_file,
        {
            ("build",): 1,
            ("feed", "build"): 1,
            ("build", "--include-drafts"): 1,
            ("build", "--json"): 1,
            ("feed", "build", "--json"): 1,
            ("share", "--out", "public"): 1,
            ("share", "--out", "public", "--json"): 1,
            ("serve", "--port", "0"): 2,
            ("list",): 0,
        },
        said={
            ("build",): "public: cannot write: a file is in the way",
            ("serve", "--port", "0"): "public-preview: expected",
        },
    ),
    Case(
        "an output folder that cannot be written",
        _output_shut,
        {
            ("build",): 1,
            ("feed", "build"): 1,
            ("build", "--include-drafts"): 1,
            ("build", "--json"): 1,
            ("feed", "build", "--json"): 1,
            ("share", "--out", "out"): 1,
            ("share", "--out", "out", "--json"): 1,
        },
        dropped=True,
        said={("feed", "build"): "cannot write: Permission denied"},
    ),
    Case(
        "a network that cannot be reached",
        _network_down,
        {("share", "--post", "--yes"): 1, ("share", "--post", "--yes", "--json"): 1, ("share", "--check"): 1},
    ),
    Case(
        "a bad option value",
        lambda site: None,
        {
            ("validate", "--format", "xml"): 2,
            ("list", "--published=maybe"): 2,
            ("build", "--now", "yesterday"): 2,
            ("feed", "build", "--now", "2026-01-01T00:00:00"): 2,
            ("share", "--since", "2026W441", "--digest"): 2,
            ("share", "--network", "myspace"): 2,
            ("new-article", "Open day", "--date", "soon"): 2,
            ("serve", "--port", "http"): 2,
            ("rule", "JD999"): 2,
            ("completion", "tcsh"): 2,
            ("init", "new", "--yes", "--timezone", "Mars/Base"): 2,
            ("build", "--json", "--out", ""): 2,
        },
        said={("rule", "JD999"): "JD999", ("serve", "--port", "http"): "--port"},
    ),
]


def _run(site: Path, args: list[str], dropped: bool = False, **streams: object) -> subprocess.CompletedProcess[bytes]:
    streams.setdefault("stdout", subprocess.PIPE)
    streams.setdefault("stderr", subprocess.PIPE)
    streams.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        _command(args, dropped), cwd=site, env=_env(), check=False, timeout=60, **streams
    )


def held_to_the_page(done: subprocess.CompletedProcess[bytes], code: int, json_output: bool) -> list[str]:
    """``done`` as the exit-codes page says a run ends: its status, its problems each one ``Error:`` line on stderr
    (a failure has one at least), never a traceback; with ``--json``, stdout one JSON document or, for a run that
    stopped before it had a result, nothing. Its stderr lines."""
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert done.returncode == code, err
    lines = err.splitlines()
    if code:  # said: in an Error: line, or in the result itself (a validation report, a row per post that failed)
        assert any(line.startswith("Error:") for line in lines) or done.stdout, err
    if json_output and done.stdout:
        json.loads(done.stdout.decode("utf-8"))
    return lines


def _cases() -> Iterator[tuple[Case, tuple[str, ...]]]:
    for case in CASES:
        for command in case.codes:
            yield case, command


@pytest.mark.parametrize(
    ("case", "command"), list(_cases()), ids=lambda v: v.name if isinstance(v, Case) else " ".join(v)
)
def test_each_failure_class_ends_in_its_documented_status(
    made: Path, tmp_path: Path, case: Case, command: tuple[str, ...]
) -> None:
    if case.dropped and SETPRIV is None:
        pytest.skip("setpriv (util-linux) is needed to drop capabilities")
    site = tmp_path / "site"
    shutil.copytree(made, site)
    case.setup(site)
    before = {path: path.read_bytes() for path in (site / "articles").rglob("*.md")}
    done = _run(site, list(command), case.dropped)
    lines = held_to_the_page(done, case.codes[command], "--json" in command or "json" in command)
    if part := case.said.get(command):
        assert part in [line for line in lines if line.startswith("Error:")][-1], lines
    if done.returncode and command[0] != "share":  # a failed run changes no article (share records its posts)
        assert {path: path.read_bytes() for path in (site / "articles").rglob("*.md")} == before


@pytest.mark.parametrize(
    "command", [["validate"], ["build"], ["feed", "build"], ["share"], ["validate", "--format", "json"]], ids=" ".join
)
def test_a_failed_run_keeps_its_status_whatever_becomes_of_stdout(
    made: Path, tmp_path: Path, command: list[str]
) -> None:
    site = tmp_path / "site"
    shutil.copytree(made, site)
    _invalid_article(site)
    normal = _run(site, command)
    assert normal.returncode == 1
    with open("/dev/full", "wb") as full:
        lost = _run(site, command, stdout=full)
    assert held_to_the_page(lost, 1, False) == [*normal.stderr.decode().splitlines(), FULL]
    read, write = os.pipe()
    os.close(read)  # `| head -0`: the reader gone before the first line
    try:
        gone = _run(site, command, stdout=write)
    finally:
        os.close(write)
    assert gone.stderr == normal.stderr and gone.returncode == 1


@contextmanager
def _hanging_server() -> Iterator[int]:
    """A port that takes connections and never answers: a request to it waits until the run is stopped."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield int(server.getsockname()[1])


@contextmanager
def _site_lock(site: Path) -> Iterator[None]:
    """Another run's lock on the site's folder, which ``new-article`` waits its turn for."""
    fd = os.open(site, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _stopped(
    site: Path, args: list[str], number: int, ready: Callable[[bytes], bool]
) -> subprocess.CompletedProcess[bytes]:
    process = subprocess.Popen(
        _command(args), cwd=site, env=_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, preexec_fn=shell_signals,
    )  # fmt: skip
    seen = {1: b"", 2: b""}  # what it wrote so far on stdout and stderr, read as it comes
    deadline = time.monotonic() + 30
    assert process.stdout is not None and process.stderr is not None
    for stream in (process.stdout, process.stderr):
        os.set_blocking(stream.fileno(), False)
    while not ready(seen[1] + seen[2]) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        seen[1] += process.stdout.read() or b""
        seen[2] += process.stderr.read() or b""
    time.sleep(0.2)
    process.send_signal(number)
    out, err = process.communicate(timeout=30)
    return subprocess.CompletedProcess(args, process.returncode, seen[1] + (out or b""), seen[2] + (err or b""))


@pytest.mark.parametrize(
    ("number", "said"),
    [(signal.SIGINT, "Error: interrupted"), (signal.SIGTERM, "Error: stopped by SIGTERM")],
    ids=["SIGINT", "SIGTERM"],
)
@pytest.mark.parametrize("waiting", ["new-article for the site's lock", "share --post for an answer", "serve"])
def test_a_command_stopped_while_it_waits_says_so_in_one_line(
    made: Path, tmp_path: Path, number: int, said: str, waiting: str
) -> None:
    site = tmp_path / "site"
    shutil.copytree(made, site)
    before = {path: path.read_bytes() for path in (site / "articles").rglob("*.md")}
    with _hanging_server() as port, _site_lock(site):
        if waiting.startswith("new-article"):
            done = _stopped(site, ["new-article", "Open day", "--json"], number, lambda err: True)
        elif waiting.startswith("share"):
            _edit(site, "[facebook]\n", "[facebook]\n" + NETWORK.format(port=port))
            done = _stopped(
                site, ["share", "--post", "--yes", "--network", "facebook"], number, lambda err: b"GET" in err
            )
        else:
            done = _stopped(site, ["serve", "--port", "0"], number, lambda seen: b"Serving" in seen)
    lines = held_to_the_page(done, 128 + number, False)
    if waiting == "serve" and number == signal.SIGINT:  # Ctrl-C is how it stops: no error
        assert (lines, done.stdout.splitlines()[-1]) == ([], b"Stopped")
        return
    assert lines[-1] == (
        said if waiting != "serve" else "Error: jiading serve was killed (SIGTERM); the preview stopped"
    )
    assert done.stdout == b"" or waiting == "serve"
    if waiting.startswith("new-article"):  # nothing written
        assert {path: path.read_bytes() for path in (site / "articles").rglob("*.md")} == before


def test_questions_without_a_terminal_take_the_defaults(tmp_path: Path) -> None:
    """``init`` asks nothing without a terminal, its input closed or a file alike."""
    for name, stdin in (("closed", None), ("file", subprocess.DEVNULL)):
        streams: dict[str, object] = {"stdin": stdin} if stdin is not None else {"preexec_fn": lambda: os.close(0)}
        done = _run(tmp_path, ["init", name], **streams)
        held_to_the_page(done, 0, False)
        assert 'title = "News"' in (tmp_path / name / "jiading.toml").read_text(encoding="utf-8")
