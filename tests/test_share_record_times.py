"""An intent's time is read as the instant it names, in whatever form of ISO 8601 the file holds it now: a time whose
quotes a person or a tool took off is a YAML timestamp, another may carry another offset or a fraction of a second.
Read only in the form jiading writes, such a request was taken as long over, and a run in the ten minutes it may
still be becoming a post posted it again; one past what a date can hold ended in a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from jiading_cli.share.records import Record
from share.fakes import FakeLinkedIn
from share.sites import ARTICLE_ID, make_site

FORMS = {
    "as jiading writes it": lambda moment: f"'{moment.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}'",
    "without quotes (a YAML timestamp)": lambda moment: f"{moment.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}",
    "at another offset": lambda moment: moment.astimezone(dt.timezone(dt.timedelta(hours=8))).isoformat(),
    "with a space for the T": lambda moment: moment.astimezone(dt.timezone(dt.timedelta(hours=-5))).isoformat(" "),
    "with no offset (UTC, as YAML reads it)": lambda moment: moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(),
    "with a fraction of a second, quoted": lambda moment: f"'{moment.astimezone(dt.UTC).isoformat()}'",
}


@given(
    st.datetimes(dt.datetime(1970, 1, 1), dt.datetime(2200, 1, 1), timezones=st.just(dt.UTC)),
    st.sampled_from(sorted(FORMS)),
)
def test_an_intents_time_is_the_instant_it_names_in_any_form(moment: dt.datetime, form: str) -> None:
    written = FORMS[form](moment)
    [item] = yaml.safe_load(f"- network: linkedin\n  state: intent\n  time: {written}\n")
    started = Record.read(item).started()
    whole = moment if "fraction" in form else moment.replace(microsecond=0)  # to the second, as records hold times
    assert started == whole, written


@pytest.mark.parametrize("form", FORMS)
def test_a_request_is_given_its_ten_minutes_whatever_the_form_of_its_time(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    linkedin = FakeLinkedIn(httpserver).serve()
    requested = dt.datetime(2026, 11, 27, 4, 0, 0, tzinfo=dt.UTC)
    written = FORMS[form](requested)
    site.article(
        extra=f"syndication:\n- network: linkedin\n  article: {ARTICLE_ID}\n  state: intent\n  time: {written}\n"
    )
    soon = site.run("share", "--post", "--network", "linkedin", real="2026-11-27T12:05:00+08:00")
    assert soon.exit_code == 1, soon.output
    assert "it is looked for again from 2026-11-27T04:10:00Z" in soon.output
    assert linkedin.made == 0
    later = site.run("share", "--post", "--network", "linkedin", real="2026-11-27T12:11:00+08:00")
    assert later.exit_code == 0, later.output
    assert "posted     linkedin" in later.output and linkedin.made == 1


@pytest.mark.parametrize("written", ["'9999-12-31T23:55:00Z'", "'0001-01-01T00:30:00+01:00'", "'yesterday'", "''"])
def test_a_time_that_names_no_instant_a_date_can_hold_is_a_request_long_over(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, written: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
    linkedin = FakeLinkedIn(httpserver).serve()
    site.article(
        extra=f"syndication:\n- network: linkedin\n  article: {ARTICLE_ID}\n  state: intent\n  time: {written}\n"
    )
    result = site.run("share", "--post", "--network", "linkedin")
    assert result.exit_code == 0, result.output
    assert "posted     linkedin" in result.output and linkedin.made == 1
