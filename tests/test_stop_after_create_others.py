"""A stop (Ctrl-C) in the instant after a command other than `build` creates any file, or as it begins to fill one,
leaves nothing of the command behind and loses nothing: exit 130 and one line, no temporary file, an article or
``.gitignore`` the command did not make either as it was or as the command makes it (a share record added whole),
nothing posted twice, and the next run ends as an undisturbed one does. `init` (a new site, and beside a
``.gitignore`` already there), `new-article`, `validate` and `list` (their cache), `feed ping` (the feeds still owed
a ping) and `share --post`, `--adopt` and `--update` (the records written into articles, an email's in each of its
transactions, its lock, its cache) are each stopped as each file they make is created, and as each begins to be
filled, and as each is put in place. On a file system without hard links an article was made where it goes, and a
stop the instant it was made left it there empty; a stop as the record of an email that had gone out was written
left its intent, which the next run could only call pending, as did one as an intent went in place, before its
request; a stop as an edit's record was written had the next `--update` send it again; and a file init or new-
article put in place was left there by a stop the instant it was."""

from __future__ import annotations

import errno
import os
import re
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner, Result
from werkzeug import Request, Response

from conftest import NOW
from jiading_cli.base import stops, tempnames
from jiading_cli.cli import app
from share.fakes import FakeFacebook, FakeLinkedIn
from share.scripted_smtp import scripted_smtp
from share.sites import TOKENS, make_site, real_clock
from share.smtpd import Inbox, smtp_server
from test_faults_hostile import _files, _site

UUID = re.compile(rb"urn:uuid:[0-9a-f-]{36}")
MOMENTS = ["created", "filling", "placed"]
INIT = ["init", "--yes", "--title", "T", "--base-url", "https://news.example.com", "--language", "en,zh-CN"]
INIT += ["--timezone", "Asia/Shanghai"]
IDS = [f"urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a1{n}" for n in range(3)]


@dataclass
class Stopping:
    """Patches ``os.open`` and ``os.write`` so that the ``nth`` file created under ``root`` raises ``stop()``
    (Ctrl-C's KeyboardInterrupt unless told) the instant its open returns (``created``) or at the first write to it
    (``filling``); and ``os.link`` and ``os.replace`` so that the ``nth`` file put in place under ``root`` raises it
    the instant it is there (``placed``)."""

    root: Path
    moment: str
    stop: Callable[[], BaseException] = KeyboardInterrupt
    nth: int = 0
    filling: int = -1

    def __post_init__(self) -> None:
        self.created: list[str] = []

    @contextmanager
    def patched(self, monkeypatch: pytest.MonkeyPatch, nth: int) -> Iterator[list[str]]:
        real_open, real_write, real_link, real_replace = os.open, os.write, os.link, os.replace
        self.nth, self.filling, self.created = nth, -1, []

        def opening(path: str | Path, flags: int, mode: int = 0o777, **kw: object) -> int:
            fd = real_open(path, flags, mode, **kw)  # type: ignore[arg-type]
            whole = Path(os.path.abspath(path)) if kw.get("dir_fd") is None else None
            if self.moment != "placed" and flags & os.O_CREAT and whole is not None and whole.is_relative_to(self.root):
                self.created.append(whole.relative_to(self.root).as_posix())
                if len(self.created) == self.nth:
                    if self.moment == "created":
                        raise self.stop()
                    self.filling = fd
            return fd

        def writing(fd: int, data: bytes) -> int:
            if fd == self.filling:
                self.filling = -1
                raise self.stop()
            return real_write(fd, data)

        def placing(real: Callable[..., None]) -> Callable[..., None]:
            def place(source: str | Path, target: str | Path, **kw: object) -> None:
                real(source, target, **kw)
                whole = Path(os.path.abspath(target))
                if self.moment == "placed" and kw.get("dst_dir_fd") is None and whole.is_relative_to(self.root):
                    self.created.append(whole.relative_to(self.root).as_posix())
                    if len(self.created) == self.nth:
                        raise self.stop()

            return place

        with monkeypatch.context() as patch:
            patch.setattr(os, "link", placing(real_link))
            patch.setattr(os, "replace", placing(real_replace))
            patch.setattr(os, "open", opening)
            patch.setattr(os, "write", writing)
            yield self.created


def _chosen(created: list[str], every: str | None = None) -> list[int]:
    """The creations (counted from 1) a stop is tried at: each of a file that is no temporary one (a lock, a mark),
    each first temporary file of its target, the last temporary file, and each under the folder ``every``."""
    temps = [n for n, path in enumerate(created, 1) if tempnames.is_leftover(os.path.basename(path))]
    firsts: dict[str, int] = {}
    for n in temps:
        name = os.path.basename(created[n - 1])
        firsts.setdefault(os.path.dirname(created[n - 1]) + "/" + name[: name.rindex(tempnames.TEMP_INFIX)], n)
    others = [n for n in range(1, len(created) + 1) if n not in temps]
    under = [n for n, path in enumerate(created, 1) if every is not None and path.startswith(every)]
    return sorted({*others, *firsts.values(), *temps[-1:], *under})


def _stray(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if tempnames.is_leftover(p.name))


def _kept(tree: dict[str, bytes]) -> dict[str, bytes]:
    """A site's files but its cache (whose stores hold the moments they were written)."""
    return {path: UUID.sub(b"urn:uuid:-", data) for path, data in tree.items() if not path.startswith(".jiading-cache")}


STOPS: dict[str, tuple[Callable[[], BaseException], int, str]] = {
    "ctrl-c": (KeyboardInterrupt, 130, "Error: interrupted"),
    "sigterm": (lambda: stops.Stopped(signal.SIGTERM), 143, "Error: stopped by SIGTERM"),
}


def _stopped(result: Result, where: str, moment: str, stop: str) -> bool:
    """Whether the run was stopped: its exit status and its one line last (a file filled by other means than
    ``os.write`` is never stopped at filling)."""
    if result.exit_code == 0:
        assert moment == "filling", where
        return False
    said = (result.exit_code, result.output.strip().splitlines()[-1])
    assert said == STOPS[stop][1:], where
    return True


def _search(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    moment: str,
    prepare: Callable[[Path], None],
    command: Callable[[Path], Result],
    after: Callable[[Path, dict[str, bytes], dict[str, bytes], str], None] = lambda *_: None,
    ended: Callable[[str], None] = lambda _: None,
    stop: str = "ctrl-c",
    every: str | None = None,
) -> list[str]:
    """Stop ``command``, run in a site ``prepare`` makes, at each chosen creation; each stopped run leaves no
    temporary file and what ``after`` (given the files before and after the stopped run) asks, and the next run
    ends with the files an undisturbed run gives and what ``ended`` asks. ``stop``: a key of STOPS; ``every``: see
    :func:`_chosen`. Returns what an undisturbed run creates."""

    def fresh(name: str) -> Path:
        root = tmp_path / name
        root.mkdir()
        monkeypatch.chdir(root)
        prepare(root)
        return root

    root = fresh("undisturbed")
    with Stopping(root, moment).patched(monkeypatch, 0) as created:
        done = command(root)
    assert done.exit_code == 0, done.output
    made, good = list(created), _kept(_files(root))
    assert made
    ended("undisturbed")
    for n in _chosen(made, every):
        root = fresh(f"stopped-{n}")
        before = _files(root)
        with Stopping(root, moment, STOPS[stop][0]).patched(monkeypatch, n):
            stopped = command(root)
        where = f"stopped as {made[n - 1]} was {moment}"
        _stopped(stopped, where, moment, stop)
        assert _stray(root) == [], where
        after(root, before, _files(root), where)
        again = command(root)
        assert again.exit_code == 0, (where, again.output)
        assert _kept(_files(root)) == good, where
        ended(where)
    return made


def _invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env={"JIADING_NOW": NOW, "JIADING_CONFIG": None, **(env or {})})


def _untouched_or_whole(names: list[str], grown: Callable[[bytes, bytes], bool]) -> Callable[..., None]:
    """``after``: each of ``names`` there before is as it was, or as ``grown`` says the command makes it."""

    def check(root: Path, before: dict[str, bytes], now: dict[str, bytes], where: str) -> None:
        for name in names:
            if name in before:
                assert name in now, where
                assert now[name] == before[name] or grown(before[name], now[name]), where

    return check


def _no_links(source: object, target: object, **kw: object) -> None:
    raise OSError(errno.EPERM, "Operation not permitted")


@pytest.mark.parametrize("links", [True, False], ids=["links", "no-links"])
@pytest.mark.parametrize("moment", MOMENTS)
def test_init_of_a_new_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str, links: bool) -> None:
    if not links:
        if moment == "placed":
            pytest.skip("without hard links each file is made where it goes, never put in place")
        monkeypatch.setattr(os, "link", _no_links)
    made = _search(tmp_path, monkeypatch, moment, lambda root: None, lambda root: _invoke(*INIT, "site"))
    assert any(path.startswith(("site/jiading.toml", "site/.jiading.toml.")) for path in made)


GITIGNORE = b"__pycache__/\n*.pyc\n"


@pytest.mark.parametrize("moment", MOMENTS)
def test_init_beside_a_gitignore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    def grown(before: bytes, now: bytes) -> bool:
        return now.startswith(before) and b".jiading-cache" in now[len(before) :]

    _search(
        tmp_path,
        monkeypatch,
        moment,
        lambda root: (root / ".gitignore").write_bytes(GITIGNORE) and None,
        lambda root: _invoke(*INIT, "."),
        _untouched_or_whole([".gitignore"], grown),
    )


@pytest.mark.parametrize("links", [True, False], ids=["links", "no-links"])
@pytest.mark.parametrize("moment", MOMENTS)
def test_new_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str, links: bool) -> None:
    """On a file system without hard links (sshfs) the article is made where it goes, only while nothing is there."""
    if not links:
        monkeypatch.setattr(os, "link", _no_links)

    def prepare(root: Path) -> None:
        _site(root)

    def check(root: Path, before: dict[str, bytes], now: dict[str, bytes], where: str) -> None:
        assert {k: v for k, v in now.items() if k in before} == before, where
        assert _kept(now).keys() - before.keys() == set(), where  # a stopped run makes no article

    _search(tmp_path, monkeypatch, moment, prepare, lambda root: _invoke("new-article", "Jiading opens a park"), check)


@pytest.mark.parametrize("command", ["validate", "list"])
@pytest.mark.parametrize("moment", MOMENTS)
def test_the_cache_of_validate_and_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str, command: str
) -> None:
    def check(root: Path, before: dict[str, bytes], now: dict[str, bytes], where: str) -> None:
        assert _kept(now) == _kept(before), where

    _search(tmp_path, monkeypatch, moment, _site, lambda root: _invoke(command), check)


HUB_CONFIG = '\n[feeds]\nwebsub_hub = "{hub}"\n'


@pytest.mark.parametrize("moment", MOMENTS)
def test_feed_ping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str, httpserver: HTTPServer) -> None:
    pinged: list[str] = []

    def hub(request: Request) -> Response:
        pinged.append(request.form["hub.url"])
        return Response("", status=204)

    httpserver.expect_request("/hub", method="POST").respond_with_handler(hub)

    def prepare(root: Path) -> None:
        _site(root)
        with (root / "jiading.toml").open("a", encoding="utf-8") as config:
            config.write(HUB_CONFIG.format(hub=httpserver.url_for("/hub")))
        assert _invoke("feed", "build").exit_code == 0

    _search(tmp_path, monkeypatch, moment, prepare, lambda root: _invoke("feed", "ping"))


def _posted(facebook: FakeFacebook, linkedin: FakeLinkedIn, inbox: Inbox) -> list[str]:
    """What the networks were given, each post by its network and link, each message by its subject."""
    fb = [f"facebook {post['attachments']['data'][0]['unshimmed_url'].split('?')[0]}" for post in facebook.posts]
    li = [f"linkedin {post['content']['article']['source'].split('?')[0]}" for post in linkedin.posts]
    mail = [f"email {inbox.parsed(n)['Subject']}" for n in range(len(inbox.messages))]
    return sorted(fb + li + mail)


def _records_added(before: bytes, now: bytes) -> bool:
    """Whether ``now`` is the article ``before`` with share records added to its front matter and nothing else."""
    old, new = (yaml.safe_load(text.decode("utf-8").split("---\n")[1]) for text in (before, now))
    body = before.split(b"---\n", 2)[2] == now.split(b"---\n", 2)[2]
    added = new.pop("syndication", None)
    return body and new == old and isinstance(added, list) and all(isinstance(r, dict) for r in added)


@pytest.mark.parametrize("stop", STOPS)
@pytest.mark.parametrize("moment", MOMENTS)
def test_share_post(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str, stop: str, httpserver: HTTPServer
) -> None:
    """Every write of an article's records is stopped, by Ctrl-C and by SIGTERM."""
    peers: list[tuple[FakeFacebook, FakeLinkedIn]] = []
    with smtp_server(starttls=False, require_tls_auth=False) as inbox:

        def prepare(root: Path) -> None:
            httpserver.clear()
            inbox.messages.clear()
            peers[:] = [(FakeFacebook(httpserver).serve(), FakeLinkedIn(httpserver).serve())]
            site = make_site(root, base=httpserver.url_for("/"), smtp_port=inbox.port, reconcile=True, timeout=5)
            for n, id_ in enumerate(IDS):
                site.article(f"a{n}.md", title=f"Jiading news number {n}", id=id_)

        def share(root: Path) -> Result:
            with real_clock(NOW):
                return _invoke("share", "--post", "--yes", env=TOKENS)

        names = [f"articles/a{n}.md" for n in range(len(IDS))]
        undisturbed: list[list[str]] = []

        def once(where: str) -> None:  # every article posted once to each network, nothing twice
            undisturbed.append(_posted(*peers[0], inbox))
            assert undisturbed[-1] == undisturbed[0], where

        def check(root: Path, before: dict[str, bytes], now: dict[str, bytes], where: str) -> None:
            _untouched_or_whole(names, _records_added)(root, before, now, where)
            posted = _posted(*peers[0], inbox)
            assert len(set(posted)) == len(posted), where

        made = _search(tmp_path, monkeypatch, moment, prepare, share, check, once, stop, "articles/")
        assert len(undisturbed[0]) == 3 * len(IDS)
        assert moment == "placed" or any(path.endswith("share.lock") for path in made)


@pytest.mark.parametrize("moment", MOMENTS)
def test_share_adopt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    """`share --adopt` records an archive as shared, sending nothing: each article as it was or adopted whole."""

    def prepare(root: Path) -> None:
        site = make_site(root)
        for n, id_ in enumerate(IDS):
            site.article(f"a{n}.md", title=f"Jiading news number {n}", id=id_)

    def adopt(root: Path) -> Result:
        with real_clock(NOW):
            return _invoke("share", "--adopt", "--network", "facebook", "--network", "linkedin", env=TOKENS)

    names = [f"articles/a{n}.md" for n in range(len(IDS))]
    check = _untouched_or_whole(names, _records_added)
    made = _search(tmp_path, monkeypatch, moment, prepare, adopt, check, every="articles/")
    assert any(path.startswith("articles/") for path in made)


@pytest.mark.parametrize("moment", MOMENTS)
def test_share_update(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str, httpserver: HTTPServer) -> None:
    """`share --update` after a title changed: each post is edited once, whatever stop came as its record was written
    (an edit made and not recorded is sent again by the next run)."""
    peers: list[tuple[FakeFacebook, FakeLinkedIn]] = []
    both = ["--network", "facebook", "--network", "linkedin"]

    def prepare(root: Path) -> None:
        httpserver.clear()
        peers[:] = [(FakeFacebook(httpserver).serve(), FakeLinkedIn(httpserver).serve())]
        site = make_site(root, base=httpserver.url_for("/"), timeout=5)
        for n, id_ in enumerate(IDS):
            site.article(f"a{n}.md", title=f"Jiading news number {n}", id=id_)
        with real_clock(NOW):
            assert _invoke("share", "--post", "--yes", *both, env=TOKENS).exit_code == 0
        for n in range(len(IDS)):
            article = root / "articles" / f"a{n}.md"
            article.write_text(article.read_text(encoding="utf-8").replace("news number", "news, number"), "utf-8")

    def update(root: Path) -> Result:
        with real_clock(NOW):
            return _invoke("share", "--update", *both, env=TOKENS)

    def once(where: str) -> None:
        assert (peers[0][0].edits, peers[0][1].edits) == (len(IDS), len(IDS)), where

    names = [f"articles/a{n}.md" for n in range(len(IDS))]

    def changed(before: bytes, now: bytes) -> bool:  # an edit's record: the same records, each whole
        return _records_added(before.split(b"syndication:")[0] + b"---\n" + before.split(b"---\n", 2)[2], now)

    check = _untouched_or_whole(names, changed)
    _search(tmp_path, monkeypatch, moment, prepare, update, check, once, every="articles/")


READERS = [f"reader{number}@example.com" for number in range(1, 6)]


@pytest.mark.parametrize("moment", MOMENTS)
def test_share_email_in_several_transactions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    """A server that takes 2 recipients a transaction: whatever write of the article's record a stop lands in, each
    reader gets the message once, ever, and the next run sends it to the others."""
    with scripted_smtp(limit=2) as server:

        def prepare(root: Path) -> None:
            server.envelopes.clear()
            server.messages.clear()
            site = make_site(root, smtp_port=server.port)
            config = root / "jiading.toml"
            listed = ", ".join(f'"{reader}"' for reader in READERS)
            config.write_text(config.read_text().replace('to = ["readers@example.com"]', f"to = [{listed}]"))
            site.article()

        def post(root: Path) -> Result:
            with real_clock(NOW):
                return _invoke("share", "--post", "--network", "email")

        def once(where: str) -> None:
            assert sorted(address for envelope in server.envelopes for address in envelope) == READERS, where

        check = _untouched_or_whole(["articles/a.md"], _records_added)
        _search(tmp_path, monkeypatch, moment, prepare, post, check, once, every="articles/")
