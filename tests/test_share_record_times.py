"""A record's time is read only in the form jiading writes it (UTC to the second, in quotes). Read in any form of
ISO 8601, a time a hand wrote in another (no offset meant as local time, a date alone, an offset misplaced) named
another instant, and a request still becoming a post could be taken as long over and posted again; read as "long
over" when it named none, such a post was made again blind. A time in another form is a record jiading cannot
read (JD183): one line naming it, and nothing is sent, whatever the form."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from jiading_cli.share import post
from jiading_cli.share.records import Record, utc
from share.fakes import FakeLinkedIn
from share.sites import ARTICLE_ID, make_site

ODD = {
    "without quotes (a YAML timestamp)": lambda moment: f"{moment.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}",
    "at another offset": lambda moment: f"'{moment.astimezone(dt.timezone(dt.timedelta(hours=8))).isoformat()}'",
    "with a space for the T": lambda moment: f"'{moment.astimezone(dt.UTC):%Y-%m-%d %H:%M:%SZ}'",
    "with no offset": lambda moment: f"'{moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat()}'",
    "with a fraction of a second": lambda moment: f"'{moment.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%S.5Z}'",
    "a date alone": lambda moment: f"'{moment.astimezone(dt.UTC):%Y-%m-%d}'",
    "in ISO 8601's basic form": lambda moment: f"'{moment.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}'",
    "past what a date can hold": lambda moment: "'9999-12-31T23:55:00Z'",
    "no day of the calendar": lambda moment: "'2026-02-30T04:00:00Z'",
    "a word": lambda moment: "'yesterday'",
    "empty": lambda moment: "''",
}
MOMENTS = st.datetimes(dt.datetime(1970, 1, 1), dt.datetime(2200, 1, 1), timezones=st.just(dt.UTC))


def _intent(written: str | None) -> str:
    time = "" if written is None else f"  time: {written}\n"
    return f"syndication:\n- network: linkedin\n  article: {ARTICLE_ID}\n  state: intent\n{time}"


@given(MOMENTS)
def test_a_time_as_jiading_writes_it_is_the_instant_it_names(moment: dt.datetime) -> None:
    [item] = yaml.safe_load(f"- network: linkedin\n  state: intent\n  time: '{utc(moment)}'\n")
    assert Record.read(item).started() == moment.replace(microsecond=0)


@given(MOMENTS, st.sampled_from(sorted(ODD)))
def test_a_time_in_any_other_form_names_no_instant(moment: dt.datetime, form: str) -> None:
    [item] = yaml.safe_load(f"- network: linkedin\n  state: intent\n  time: {ODD[form](moment)}\n")
    assert Record.read(item).started() is None, item


def test_a_request_as_jiading_writes_its_time_is_given_its_ten_minutes(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    linkedin = FakeLinkedIn(httpserver).serve()
    site.article(extra=_intent("'2026-11-27T04:00:00Z'"))
    soon = site.run("share", "--post", "--network", "linkedin", real="2026-11-27T12:05:00+08:00")
    assert soon.exit_code == 1, soon.output
    assert "it is looked for again from 2026-11-27T04:10:00Z" in soon.output
    assert linkedin.made == 0
    later = site.run("share", "--post", "--network", "linkedin", real="2026-11-27T12:11:00+08:00")
    assert later.exit_code == 0, later.output
    assert "posted     linkedin" in later.output and linkedin.made == 1


@pytest.mark.parametrize("form", [*ODD, "missing"])
def test_a_time_in_another_form_is_one_line_and_nothing_is_sent(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    FakeLinkedIn(httpserver).serve()
    requested = dt.datetime(2026, 11, 27, 4, 0, 0, tzinfo=dt.UTC)
    site.article(extra=_intent(None if form == "missing" else ODD[form](requested)))
    before = (tmp_path / "articles" / "a.md").read_bytes()
    for real in ("2026-11-27T12:05:00+08:00", "2027-01-01T00:00:00+08:00"):  # in its ten minutes, and long after
        result = site.run("share", "--post", "--network", "linkedin", real=real)
        assert result.exit_code == 1, result.output
        [line] = [line for line in result.output.splitlines() if "articles/a.md" in line]
        said = "not posted: its records have 1 error(s) (JD183: linkedin: "  # named, not only counted
        assert line.startswith("refused") and said in line, result.output
        assert httpserver.log == [], [request.path for request, _ in httpserver.log]
    assert (tmp_path / "articles" / "a.md").read_bytes() == before
    checked = site.run("validate", "articles/a.md")
    assert checked.exit_code != 0 and "JD183" in checked.output, checked.output
    expected = "expected the time of its request" if form == "missing" else "time: expected the UTC time"
    assert expected in checked.output and "'2026-11-27T04:00:00Z'" in checked.output, checked.output


def test_records_spoilt_after_the_site_was_validated_are_checked_again_under_the_lock(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between validating the site and taking the lock, another run, a merge or an editor may write the records:
    they are checked as the file holds them under the lock (JD183), never taken for what was posted."""
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    linkedin = FakeLinkedIn(httpserver).serve()
    path = site.article()
    spoilt = path.read_text(encoding="utf-8").replace(
        "---\nShanghai", _intent("'2026-11-27 04:00:00'") + "---\nShanghai"
    )
    locked = post.site_lock

    @contextlib.contextmanager
    def meanwhile(root: Path, articles: Sequence[Path]) -> Iterator[None]:
        path.write_text(spoilt, encoding="utf-8")  # written after validation, before the lock
        with locked(root, articles):
            yield

    monkeypatch.setattr(post, "site_lock", meanwhile)
    result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 1, result.output
    assert "not posted: its records have 1 error(s) (JD183: linkedin: time: expected" in result.output
    assert linkedin.made == 0 and httpserver.log == []
