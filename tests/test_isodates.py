"""A date is exactly YYYY-MM-DD and a time that day, 'T', HH:MM[:SS[.f]] and Z or an offset, wherever jiading reads
one (--since, --date, --now, JIADING_NOW, share.since, the front matter): the other forms Python's fromisoformat
reads (a week's day 2026W441, the basic form 20261101, a year's day 2026-305, an hour alone) are one line, exit 2."""

from __future__ import annotations

import datetime as dt
import re
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


TWO = st.integers(0, 99).map(lambda n: f"{n:02d}")


@st.composite
def written_times(draw: st.DrawFn) -> str:
    """A time in the documented form whose every part is any two digits (or a year of any four): a month 13, a day
    29 of February, an hour 24, a second 60 (a leap second), an offset +24:00 or +08:60."""
    year = f"{draw(st.integers(0, 9999)):04d}"
    day = f"{year}-{draw(TWO)}-{draw(TWO)}"
    if draw(st.booleans()):
        return day
    clock = f"{draw(TWO)}:{draw(TWO)}" + draw(st.sampled_from(["", f":{draw(TWO)}", f":{draw(TWO)}.5"]))
    offset = draw(st.sampled_from(["", "Z", f"+{draw(TWO)}:{draw(TWO)}", f"-{draw(TWO)}:{draw(TWO)}"]))
    return f"{day}{draw(st.sampled_from('T '))}{clock}{offset}"


@given(written_times())
def test_a_time_is_read_as_written_or_refused_naming_the_part_that_names_nothing(text: str) -> None:
    """Each part is read as it is written, never carried into the next (Python read +08:60 as +09:00), and a part
    that names nothing is said in words, never Python's ('offset must be a timedelta strictly between…')."""
    parts = isodates.MOMENT.fullmatch(text)
    assert parts
    numbers = {key: int(value) for key, value in parts.groupdict().items() if value and key != "tz_sign"}
    try:
        moment = isodates.moment(text)
    except ValueError as exc:
        assert re.fullmatch(
            r"its (year|month|day|hour|minute|second) [0-9]+ is not from [0-9]+ to [0-9]+", str(exc)
        ) or (
            re.fullmatch(
                r"its UTC offset [+-][0-9:]+ (is not between -23:59 and \+23:59|has [0-9]+ (minutes|seconds), "
                r"not from 0 to 59)",
                str(exc),
            )
        ), str(exc)
        return
    for key in ("year", "month", "day", "hour", "minute", "second"):
        assert getattr(moment, key) == numbers.get(key, 0)
    if "tz_hour" in numbers:
        sign = -1 if parts["tz_sign"] == "-" else 1
        assert moment.utcoffset() == sign * dt.timedelta(hours=numbers["tz_hour"], minutes=numbers["tz_minute"])
    if text[10:] or len(text) == 10:
        assert isodates.DAY.fullmatch(text) is None or isodates.day(text) == moment.date()


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("2017-02-29", "its day 29 is not from 1 to 28"),
        ("2017-07-03T24:00:00Z", "its hour 24 is not from 0 to 23"),
        ("2016-12-31T23:59:60Z", "its second 60 is not from 0 to 59"),
        ("2017-07-03T10:00:00+08:60", "its UTC offset +08:60 has 60 minutes, not from 0 to 59"),
        ("2017-07-03T10:00:00+24:00", "its UTC offset +24:00 is not between -23:59 and +23:59"),
    ],
)
def test_every_reader_of_a_date_names_the_part_that_names_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str, said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path)
    site.article()
    runs = {"--now": site.run("build", "--now", written), "--date": site.run("new-article", "T", "--date", written)}
    for name, result in runs.items():
        assert result.exit_code == 2, (name, result.output)
        assert result.stderr == f"Error: {name}: expected a day and time that exist, got '{written}' ({said})\n"
    for form in (written, f"'{written}'"):  # as YAML reads it, and as jiading reads it
        (tmp_path / "articles" / "bad.md").write_text(
            f"---\nid: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\ntitle: T\ndate: {form}\n---\nBody.\n", "utf-8"
        )
        result = site.run("validate", "articles/bad.md")
        assert result.exit_code == 1
        [line] = [line for line in result.stdout.splitlines() if "JD104" in line]
        assert line.startswith("articles/bad.md:4: error JD104 date: ") and said in line, line


@pytest.mark.parametrize(
    ("written", "said"),
    [("2017-02-29", "its day 29 is not from 1 to 28"), ("2017-13-01", "its month 13"), ("0000-01-01", "its year 0")],
)
def test_every_reader_of_a_day_names_the_part_that_names_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str, said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path)
    site.article()
    result = site.run("share", "--digest", "--since", written)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Error: --since: expected a date as YYYY-MM-DD, such as 2017-07-01, got '{written}'"
    )
    assert f"({said}" in result.stderr
    config = (tmp_path / "jiading.toml").read_text(encoding="utf-8")
    (tmp_path / "jiading.toml").write_text(config.replace("[share]\n", f'[share]\nsince = "{written}"\n'), "utf-8")
    result = site.run("share")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert f"share.since: expected a date as YYYY-MM-DD, such as 2026-12-01, got '{written}' ({said}" in line


def test_no_year_is_written_by_strftime() -> None:
    """glibc's strftime writes year 999 as '999' and year 2 as '2' (which RSS readers take for 2002): every year
    jiading writes is four digits, from ``isoformat`` or ``f"{year:04d}"``, never from ``%Y`` (or ``%G``, ``%C``,
    ``%y``, ``%F``, ``%D``, ``%c``, ``%x``, which hold one)."""
    import ast

    found = []
    for path in sorted((Path(__file__).parent.parent / "src").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "strftime":
                written = node.args[0]
            elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:  # f"{moment:%Y}"
                written = node.format_spec
            else:
                continue
            text = "".join(str(part.value) for part in ast.walk(written) if isinstance(part, ast.Constant))
            if re.search(r"%[YGCyFDcx]", text):
                found.append(f"{path.name}:{node.lineno}: {text}")
    assert not found, found
