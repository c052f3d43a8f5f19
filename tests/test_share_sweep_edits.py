"""An article edited while its post is in flight: the edit is kept, and whatever the file became, what was sent is
never hidden. A post that went out is recorded, or named with its id and the command that records it; an outcome
not known keeps its intent (put back if the edit dropped it); nothing is posted twice by the next run."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from share.sites import ARTICLE, ARTICLE_ID, FEED_PATH, ShareSite, make_site

TITLE, DATE = "Financial industry to boost Jiading", "2017-07-03T18:00:00+08:00"
PLAIN = ARTICLE.format(id=ARTICLE_ID, title=TITLE, date=DATE, extra="")
SAVED = "the same text (an editor saving its buffer, without the intent)"
EDITS = {  # what the file is made while the request is in flight
    SAVED: PLAIN,
    "a new title": PLAIN.replace("Financial industry", "Finance"),
    "a new paragraph": PLAIN + "\nA second paragraph.\n",
    "CRLF line ends": PLAIN.replace("\n", "\r\n"),
    "no front matter": "Shanghai's Jiading district signed a memorandum on July 3.\n",
    "YAML that does not parse": "---\ntitle: [unclosed\n---\nbody\n",
    "a flow mapping": "---\n{title: x}\n---\nbody\n",
    "syndication that is not a list": PLAIN.replace("tags:", "syndication: 5\ntags:"),
    "bytes that are not UTF-8": "---\ntitle: caf\udce9\n---\n",
}
ANSWERS = {  # the Graph API's answer, and what it means
    "posted": (200, {"id": "1234_987"}),
    "unknown": (200, {}),
    "failed": (400, {"error": {"message": "Error validating access token", "type": "OAuthException", "code": 190}}),
}
KNOWN = {SAVED, "a new title", "a new paragraph", "CRLF line ends"}


def _site(root: Path, base: str) -> tuple[ShareSite, Path]:
    site = make_site(root, base=base)
    return site, site.article()


def _without_records(text: str) -> str:
    return re.sub(r"(?m)^syndication:\n(?:[- ] .*\n)*", "", text.replace("\r\n", "\n"))


@pytest.mark.parametrize("answer", sorted(ANSWERS))
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edit_during_the_request_is_kept_and_what_was_sent_is_never_hidden(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, edit: str, answer: str
) -> None:
    root = tmp_path
    monkeypatch.chdir(root)
    site, path = _site(root, httpserver.url_for("/"))
    status, body = ANSWERS[answer]

    def respond(request: Request) -> Response:
        path.write_bytes(EDITS[edit].encode("utf-8", "surrogateescape"))
        return Response(json.dumps(body), status=status, content_type="application/json")

    httpserver.expect_oneshot_request(FEED_PATH, method="POST").respond_with_handler(respond)
    result = site.run("share", "--post", "--network", "facebook")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    rows = [line for line in result.output.splitlines() if " facebook " in line]
    assert len(rows) == 1, result.output
    [row] = rows
    readable = edit in KNOWN
    if readable:  # the edit is kept, with the outcome recorded in it
        assert _without_records(path.read_text(encoding="utf-8")) == _without_records(EDITS[edit])
        states = [r["state"] for r in site.records()]
        assert states == {"posted": ["posted"], "unknown": ["intent"], "failed": []}[answer], (row, states)
    else:  # the file is as the edit left it
        assert path.read_bytes() == EDITS[edit].encode("utf-8", "surrogateescape")
    if answer == "posted":
        assert result.exit_code == (0 if readable else 1), row
        if not readable:  # the post is named, with the command that records it once the file is fixed
            assert row.startswith("pending ") and "posted as https://www.facebook.com/1234/posts/987" in row
            assert "--resolve articles/a.md --network facebook --remote-id 1234_987`" in row
    elif answer == "failed":
        assert result.exit_code == 1 and "Error validating access token" in row, row
    else:
        assert result.exit_code == 1 and row.startswith("pending "), row
    assert sorted(p.name for p in (root / "articles").iterdir()) == ["a.md"]  # no temporary file left
    if readable:  # the next run posts only what is known not to be posted
        httpserver.expect_oneshot_request(FEED_PATH, method="POST").respond_with_json({"id": "1234_988"})
        site.run("share", "--post", "--network", "facebook")
        assert len(httpserver.log) == (2 if answer == "failed" else 1)


def test_a_yaml_error_in_a_record_write_is_one_line_with_the_files_line(tmp_path: Path) -> None:
    from jiading_cli.share import records
    from jiading_cli.share.request import ShareError

    with pytest.raises(ShareError) as raised:
        records.edit(b"---\nid: x\ntitle: [unclosed\n---\nbody\n", lambda found: found, "a.md")
    assert "\n" not in str(raised.value) and "on line 4" in str(raised.value), str(raised.value)


@settings(max_examples=30)
@given(
    saves=st.integers(min_value=1, max_value=6),
    text=st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=40),
)
def test_an_edit_saved_while_a_record_is_staged_is_kept(saves: int, text: str) -> None:
    """An editor saving the article while jiading writes and syncs its new bytes (before they go in place): the
    save is kept and the record written over it, or, saved again every time, the file is left as the editor left
    it and the write fails in one line."""
    import tempfile

    from jiading_cli.base import files
    from jiading_cli.share import records
    from jiading_cli.share.lock import site_lock
    from jiading_cli.share.request import ShareError

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.md"
        path.write_text(PLAIN, encoding="utf-8")
        staged = files.stage
        edits: list[str] = []

        def saving(target: Path, data: bytes, **options: object) -> Path:
            made = staged(target, data, **options)  # type: ignore[arg-type]
            if len(edits) < saves:
                edits.append(f"{text} {len(edits)}")
                target.write_text(path.read_text(encoding="utf-8") + edits[-1] + "\n", encoding="utf-8")
            return made

        done = records.record("facebook", ARTICLE_ID, "posted", dt.datetime(2026, 11, 27, tzinfo=dt.UTC))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(files, "stage", saving)
            try:
                with site_lock(Path(folder), [path]):  # as every run that writes a record holds it
                    records.update(path, records.replacing("facebook", done), "a.md")
            except ShareError as exc:
                assert saves >= records.TRIES and "kept changing" in str(exc)
                assert records.current(path, "a.md") == []
            else:
                assert records.current(path, "a.md") == [done.mapping()]
        body = path.read_text(encoding="utf-8")
        assert all(f"{edit}\n" in body for edit in edits)  # every save is kept
        assert sorted(p.name for p in Path(folder).iterdir()) == [".jiading-cache", "a.md"]
