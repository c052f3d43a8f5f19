"""An archive's commands go through every article: a file whose records jiading cannot rewrite (a front matter
`validate` passes, written as a flow mapping or indented) is one `failed` row of its own for `--adopt` and `--update`,
where it ended the run in one `Error:` line, the articles before it adopted or edited unsaid and those after it never
reached, on every run after. An article adopted without its post's id is said as such, and given the id later."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import ARTICLE_ID, ShareSite, make_site

ODD = {
    "an indented front matter": "---\n  id: {id}\n  title: Odd\n  date: 2017-07-04T18:00:00+08:00\n{extra}---\nB.\n",
    "a flow mapping": "---\n{{id: '{id}', title: Odd, date: '2017-07-04T18:00:00+08:00'}}\n---\nB.\n",
}
INDENTED_RECORD = (
    "  syndication:\n  - network: facebook\n    article: {id}\n    state: posted\n    remote_id: '1234_9'\n"
)
NETWORKS = ("--network", "facebook", "--network", "linkedin")


def uuid(number: int) -> str:
    return f"urn:uuid:11111111-2222-4333-8444-{number:012d}"


def archive(tmp_path: Path, httpserver: HTTPServer, odd: str, at: int, extra: str = "") -> tuple[ShareSite, Path]:
    """Five articles, the one at ``at`` written as ``odd``; the odd file's path."""
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    for number in range(5):
        site.article(f"a{number}.md", id=uuid(number))
    path = site.root / "articles" / f"a{at}.md"
    path.write_text(ODD[odd].format(id=uuid(at), extra=extra.format(id=uuid(at))), encoding="utf-8")
    assert site.run("validate").exit_code == 0
    return site, path


@pytest.mark.parametrize("at", [0, 2, 4])
@pytest.mark.parametrize("odd", ODD)
def test_adopt_goes_through_an_archive_past_a_file_it_cannot_write(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, odd: str, at: int
) -> None:
    monkeypatch.chdir(tmp_path)
    site, path = archive(tmp_path, httpserver, odd, at)
    before = path.read_bytes()
    result = site.run("share", "--adopt", *NETWORKS)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert set(lines[-1].split(", ")) == {"2 failed", "8 adopted"} and len(lines) == 11
    for network in ("facebook", "linkedin"):
        [row] = [line for line in lines if line.startswith(f"failed     {network:<8}  articles/a{at}.md  ")]
        assert row.split("  ")[-1].startswith("not adopted: ")
    assert path.read_bytes() == before
    for number in set(range(5)) - {at}:
        assert [r["network"] for r in site.records(f"a{number}.md")] == ["facebook", "linkedin"]


@pytest.mark.parametrize("at", [0, 2, 4])
@pytest.mark.parametrize("odd", ODD)
def test_update_goes_through_an_archive_past_a_file_it_cannot_write(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, odd: str, at: int
) -> None:
    monkeypatch.chdir(tmp_path)
    facebook, linkedin = FakeFacebook(httpserver).serve(), FakeLinkedIn(httpserver).serve()
    extra = INDENTED_RECORD if odd == "an indented front matter" else ""
    site, path = archive(tmp_path, httpserver, odd, at, extra)
    others = [f"articles/a{number}.md" for number in range(5) if number != at]
    assert site.run("share", "--post", *NETWORKS, *others).exit_code == 0
    for name in others:
        file = site.root / name
        file.write_text(file.read_text(encoding="utf-8").replace("title: Financial", "title: Corrected"), "utf-8")
    before = path.read_bytes()
    result = site.run("share", "--update", *NETWORKS)
    lines = result.output.splitlines()
    assert sum(line.startswith("updated    ") for line in lines) == 8, result.output
    if extra:  # its post on Facebook recorded: an edit it cannot record is a row, and the run goes on
        assert result.exit_code == 1
        assert f"failed     facebook  articles/a{at}.md  not updated: " in result.output
        assert set(lines[-1].partition(";")[0].split(", ")) == {"1 failed", "8 updated"}
    else:  # nothing posted: nothing to edit, whatever its form
        assert result.exit_code == 0 and lines[-1] == "8 updated; skipped: 2 not posted"
    assert path.read_bytes() == before
    assert (facebook.edits, linkedin.edits) == (4, 4)
    again = site.run("share", "--update", *NETWORKS)
    assert "updated    " not in again.output and (facebook.edits, linkedin.edits) == (4, 4)


def test_an_article_adopted_without_its_id_is_said_so_and_given_it_later(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    facebook = FakeFacebook(httpserver).serve()
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    path = site.article(extra="")
    assert site.run("share", "--adopt", "--network", "facebook").exit_code == 0
    path.write_text(path.read_text(encoding="utf-8").replace("title: Financial", "title: Corrected"), "utf-8")
    unknown = site.run("share", "--update", "--network", "facebook", "articles/a.md")
    assert unknown.exit_code == 0 and "not posted" not in unknown.output
    assert unknown.output == (
        "nothing to update; skipped: 1 recorded without the post's id (give it with --adopt ARTICLE --network NAME "
        "--remote-id ID)\n"
    )
    remote = facebook.add("https://news.example.com/en/news/2017/07/a/")
    given = site.run("share", "--adopt", "articles/a.md", "--network", "facebook", "--remote-id", remote)
    assert given.output == "adopted    facebook  articles/a.md  https://www.facebook.com/1234/posts/1\n1 adopted\n"
    [record] = site.records()
    assert record["remote_id"] == remote and record["note"].startswith("adopted")
    again = site.run("share", "--adopt", "articles/a.md", "--network", "facebook", "--remote-id", "1234_2")
    assert again.output == "nothing to adopt; skipped: 1 already recorded\n" and site.records() == [record]
    edited = site.run("share", "--update", "--network", "facebook", "articles/a.md")
    assert edited.exit_code == 0 and edited.stdout.startswith("updated    facebook  articles/a.md")
    assert facebook.edits == 1 and facebook.made == 0


PARTIAL = (
    "syndication:\n- network: email\n  article: {id}\n  state: partial\n  remote_id: <m.1@example.com>\n  sent: 100\n"
    "  time: '2026-11-27T04:00:00Z'\n"
)


def test_adopt_says_an_email_sent_to_some_of_its_recipients_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A partial record is no unknown outcome: --adopt said it was one ('has an unknown outcome; check the
    mailbox'), where the next --post sends the message to the rest, as the row says now."""
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path)
    path = site.article(extra=PARTIAL.format(id=ARTICLE_ID))
    before = path.read_bytes()
    result = site.run("share", "--adopt", "--network", "email")
    assert result.exit_code == 1 and "unknown outcome" not in result.output
    assert result.output.startswith(
        "failed     email     articles/a.md  not adopted: its message went to the first 100 of its recipients, and "
        "the next `jiading share --post` sends it to the rest; `jiading share --resolve articles/a.md --network email "
        "--remote-id ID` records it as sent to all\n"
    )
    assert path.read_bytes() == before


def test_an_edit_made_whose_record_cannot_be_written_is_said_and_sent_again_next_time(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file broken while the edit is in flight: the row says the post has its new text and the edit is not
    recorded (the next --update sends it again, the same edit), and the run goes on to the next article."""
    monkeypatch.chdir(tmp_path)
    facebook = FakeFacebook(httpserver)
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    paths = [site.article(f"a{n}.md", id=uuid(n)) for n in range(2)]
    edit = facebook.edit

    def breaking(request: Request) -> Response:
        if facebook.edits == 0:
            paths[0].write_text(broken, encoding="utf-8")  # an editor's save of a file left half done
        return edit(request)

    httpserver.expect_request(re.compile(r"^/v25\.0/1234_\d+$"), method="POST").respond_with_handler(breaking)
    facebook.serve()  # its own edits' handler after this one, which is asked first
    assert site.run("share", "--post", "--network", "facebook").exit_code == 0
    for path in paths:
        path.write_text(path.read_text(encoding="utf-8").replace("title: Financial", "title: Corrected"), "utf-8")
    fixed = paths[0].read_text(encoding="utf-8")
    broken = fixed.replace("title: Corrected", "title: [Corrected")
    result = site.run("share", "--update", "--network", "facebook")
    assert result.exit_code == 1
    assert (
        "failed     facebook  articles/a0.md  https://www.facebook.com/1234/posts/1 has its new text, but the edit "
        "could not be recorded (" in result.stdout
    )
    assert "the next `jiading share --update` sends it again" in result.stdout
    assert "updated    facebook  articles/a1.md" in result.stdout and facebook.edits == 2
    paths[0].write_text(fixed, encoding="utf-8")
    again = site.run("share", "--update", "--network", "facebook")
    assert again.exit_code == 0 and "updated    facebook  articles/a0.md" in again.stdout and facebook.edits == 3
