"""Shared fixtures: a throwaway site in tmp_path and a CLI runner that works inside it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, settings
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner, Result

from jiading_cli.cli import app

if TYPE_CHECKING:
    from jiading_cli.config import Config
    from jiading_cli.model.article import Article

REPO = Path(__file__).resolve().parent.parent

# Property tests judge results, never speed: no deadline and no "too slow" check, which a loaded machine
# trips at random. In CI (and with JIADING_DERANDOMIZE=1) every run draws the same examples, so a failure
# there is reproducible; elsewhere each run explores new ones.
settings.register_profile(
    "jiading",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=bool(os.environ.get("CI") or os.environ.get("JIADING_DERANDOMIZE")),
    print_blob=True,
)
settings.load_profile("jiading")

# A test run started in the background (a CI script's `cmd &`, `setsid`) ignores Ctrl-C, and one under `nohup` SIGHUP:
# every command a test starts would inherit that, and keep the signal (as a command started so must), so a test of
# how a command stops would find it never stopping. Handled here instead, each is its default again in every child
# (a signal this process handles is reset for a program it starts); a test of a signal ignored ignores it itself.
for _number, _handler in ((signal.SIGINT, signal.default_int_handler), (signal.SIGHUP, signal.SIG_DFL)):
    if signal.getsignal(_number) is signal.SIG_IGN:
        signal.signal(_number, _handler)
NOW = "2026-11-27T12:00:00+08:00"

CONFIG = """\
[site]
title = "Invest in Jiading"
base_url = "https://news.example.com"
language = "en"
timezone = "Asia/Shanghai"
authors = ["Newsroom"]
"""

TIMED = re.compile(r" \(\d+\.\d\d s\)$", re.MULTILINE)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by its path relative to it, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cold_output(root: Path, elsewhere: Path) -> dict[str, bytes]:
    """The output folder a build of ``root``'s articles and settings makes without any cache, in ``elsewhere``."""
    shutil.rmtree(elsewhere, ignore_errors=True)
    elsewhere.mkdir()
    shutil.copy(root / "jiading.toml", elsewhere)
    shutil.copytree(root / "articles", elsewhere / "articles")
    result = CliRunner().invoke(
        app, ["--config", str(elsewhere), "build"], env={"JIADING_NOW": NOW, "JIADING_CACHE": "off"}
    )
    assert result.exit_code == 0, result.output
    return tree(elsewhere / "public")


def settle(root: Path) -> None:
    """Every file under ``root`` a minute old, as a site is between two edits: old enough for a build's answer
    to be stored and reused."""
    old = time.time() - 60
    for path in root.rglob("*"):
        os.utime(path, (old, old))


def _dangling(path: Path) -> None:
    path.symlink_to("moved-away")


def _looping(path: Path) -> None:
    path.symlink_to(path.name)


# What can stand where a file of jiading's (a config, a template) should be and is no file: how to put it there.
STANDING: dict[str, Callable[[Path], None]] = {
    "a FIFO": os.mkfifo,
    "a folder": Path.mkdir,
    "a link to nothing": _dangling,
    "a loop of links": _looping,
}


def shipped_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch | None = None) -> Path:
    """A copy of the shipped site (its jiading.toml and articles) in ``tmp_path/site``; with ``monkeypatch``, the
    current folder, found by its own search (no JIADING_CONFIG)."""
    root = tmp_path / "site"
    root.mkdir()
    shutil.copy(REPO / "jiading.toml", root / "jiading.toml")
    shutil.copytree(REPO / "articles", root / "articles")
    if monkeypatch is not None:
        monkeypatch.chdir(root)
        monkeypatch.delenv("JIADING_CONFIG", raising=False)
    return root


def shell_signals() -> None:
    """In a child process, before it runs: Ctrl-C, SIGTERM and SIGHUP as a person's shell leaves them. A test run
    started in the background (as a CI script may start it) has Ctrl-C ignored, which its children would inherit,
    and a command keeps a signal it was started ignoring."""
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


def untimed(text: str) -> str:
    """Output without the time taken that ends a summary line."""
    return TIMED.sub("", text)


GOOD_ID = "urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10"
OTHER_ID = "urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5"


def front(**fields: str | None) -> str:
    """A complete, valid front matter with ``fields`` replacing or adding lines."""
    base: dict[str, str | None] = {
        "id": GOOD_ID,
        "title": "Financial industry to boost Jiading",
        "date": "2017-07-03T18:00:00+08:00",
        "summary": "Jiading signed a memorandum of strategic cooperation on finance.",
    }
    base.update(fields)
    lines = [f"{key}: {value}" for key, value in base.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


@dataclass
class Site:
    root: Path
    runner: CliRunner

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def article(self, name: str = "a.md", body: str = "Body.\n", **fields: str | None) -> Path:
        return self.write(f"articles/{name}", front(**fields) + body)

    def run(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return self.runner.invoke(app, list(args), env={"JIADING_NOW": NOW, **(env or {})})


def validate_in(root: Path) -> Result:
    """`jiading validate` run in ``root`` (a folder of a site whose settings are its own), from there."""
    here = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(app, ["validate"], env={"JIADING_CONFIG": None})
    finally:
        os.chdir(here)


@pytest.fixture(scope="module")
def bare_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site (config only) made once for a module's drawn examples, each of which writes its one article there
    (:func:`validate_one`)."""
    made = tmp_path_factory.mktemp("site")
    (made / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    (made / "articles").mkdir()
    return made


def validate_one(root: Path, text: str) -> Result:
    """`jiading validate` of ``articles/a.md`` in the site at ``root``, written with ``text`` first; never a
    traceback."""
    article = root / "articles" / "a.md"
    article.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["--config", str(root / "jiading.toml"), "validate", str(article)], env={"JIADING_NOW": NOW}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """An empty site (config only) with the current directory inside it."""
    (tmp_path / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "articles").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIADING_CONFIG", raising=False)
    yield Site(tmp_path, CliRunner())


@pytest.fixture(scope="module")
def rendering(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Article]:
    """A site of one article (raw HTML allowed), its config and article read once a module: the article with another
    body is rendered as the site's pages render that body."""
    from jiading_cli.config import load_config
    from jiading_cli.content.site import load_file

    root = tmp_path_factory.mktemp("site")
    made = Site(root, None)  # type: ignore[arg-type]
    made.write("jiading.toml", CONFIG + "[markdown]\nunsafe_html = true\n")
    made.article("en/a.md")
    config = load_config(root)
    loaded = load_file(config, root / "articles/en/a.md").article
    assert loaded is not None
    return config, loaded


def _untracked() -> set[str]:
    import subprocess

    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard"], cwd=REPO, capture_output=True, text=True, check=False
    )
    return set(listed.stdout.splitlines()) if listed.returncode == 0 else set()


@pytest.fixture(scope="session", autouse=True)
def _the_suite_leaves_the_repository_as_it_found_it() -> Iterator[None]:
    """A test that writes into the current folder instead of its own tmp_path fails the run."""
    before = _untracked()
    yield
    stray = sorted(_untracked() - before)
    assert not stray, f"the tests left files in the repository: {stray[:10]}"


@pytest.fixture(autouse=True)
def _no_route_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's proxy and certificate variables, if any, are not the tests': every peer is on loopback,
    reached directly and trusted as its test says, unless a test names a proxy or certificates."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    for name in ("SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def httpserver() -> Iterator[HTTPServer]:
    """The networks' HTTP peer on loopback (pytest-httpserver), for one test: started for it and stopped after
    it, so that no test leaves a thread running in the suite's process (a build forks no process while a
    thread other than its own writers runs, so one left running would keep the next tests from forking)."""
    server = HTTPServer(host="localhost", port=0)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        if server.is_running():
            server.stop()


def one_article(root: Path, config_text: str) -> tuple[Any, Any]:
    """A site of one article under ``root`` with ``config_text`` for its config: the config loaded and the article."""
    from jiading_cli.config import load_config
    from jiading_cli.content.site import load_file

    site = Site(root, None)  # type: ignore[arg-type]
    site.write("jiading.toml", config_text)
    site.article("a.md")
    config = load_config(root)
    loaded = load_file(config, root / "articles/a.md").article
    assert loaded is not None
    return config, loaded


def aged(root: Path) -> None:
    """The site's sources (its config and the articles folder's entries) a minute old, as between two edits."""
    old = time.time() - 60
    for path in [root / "jiading.toml", *(root / "articles").iterdir()]:
        os.utime(path, (old, old))


def killed_after(site: Site, args: tuple[str, ...], renames: int) -> bool:
    """Run ``args`` in a forked process ended as ``kill -9`` ends one (no clean-up) right after its ``renames``th
    file went in place; whether it was ended so (else it finished)."""
    from jiading_cli.feeds import placing

    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked process
        done = [0]
        rename = placing._rename

        def ended(temp: Path, target: Path) -> None:
            rename(temp, target)
            done[0] += 1
            if done[0] >= renames:
                os._exit(137)

        placing._rename = ended  # type: ignore[assignment]
        result = site.run(*args)
        os._exit(0 if result.exit_code == 0 else 1)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    assert code in (0, 137), code  # finished, or ended by the kill: never an error
    return code == 137
