"""A date is exactly YYYY-MM-DD and a time that day, 'T', HH:MM[:SS[.f]] and Z or an offset, wherever jiading reads
one (--since, --date, --now, JIADING_NOW, share.since, the front matter): the other forms Python's fromisoformat
reads (a week's day 2026W441, the basic form 20261101, a year's day 2026-305, an hour alone) are one line, exit 2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiading_cli.base import isodates
from share.sites import make_site

OTHER_FORMS = ["2026W441", "20261101", "2026-W44-1", "2026-305", "2026305", "2026-11-01T09", "20261101T090000+0800"]


@given(st.dates())
def test_every_day_written_as_the_docs_write_it_is_read_back(day: dt.date) -> None:
    assert isodates.day(day.isoformat()) == day


@given(st.datetimes(timezones=st.timezones()).filter(lambda m: m.utcoffset() is not None))
def test_every_time_written_as_the_docs_write_it_is_read_back(moment: dt.datetime) -> None:
    written = moment.isoformat()
    assert isodates.moment(written).isoformat() == written


@given(st.text(st.sampled_from("0123456789-WT:+Z. "), max_size=24))
def test_whatever_fromisoformat_reads_is_taken_only_in_the_documented_form(text: str) -> None:
    for read, pattern in ((isodates.day, isodates.DAY), (isodates.moment, isodates.MOMENT)):
        try:
            read(text)
        except ValueError:
            continue
        assert pattern.fullmatch(text.strip())


@pytest.mark.parametrize("form", OTHER_FORMS)
def test_another_iso_form_is_refused_by_every_date_option_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path)
    site.article()
    runs = {
        "--since": site.run("share", "--digest", "--since", form),
        "--now": site.run("build", "--now", form),
        "JIADING_NOW": site.run("share", env={"JIADING_NOW": form}),
    }
    for name, result in runs.items():
        assert result.exit_code == 2, (name, result.output)
        [line] = result.stderr.splitlines()
        assert name in line and "Traceback" not in result.output
    config = (tmp_path / "jiading.toml").read_text(encoding="utf-8")
    (tmp_path / "jiading.toml").write_text(config.replace("[share]\n", f'[share]\nsince = "{form}"\n'), "utf-8")
    result = site.run("share")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "error JD002 share.since: expected a date as YYYY-MM-DD" in line


def test_the_digest_since_is_exactly_yyyy_mm_dd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path)
    site.article()
    result = site.run("share", "--digest", "--since", "2026W441")
    assert result.exit_code == 2
    assert result.stderr == "Error: --since: expected a date as YYYY-MM-DD, such as 2017-07-01, got '2026W441'\n"
    assert site.run("share", "--digest", "--since", "2017-07-01").exit_code == 0
