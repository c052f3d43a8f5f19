"""Every environment variable jiading reads is checked in one place (``config/environment.py``): a value it
does not understand is one line naming the variable, exit 2, never a traceback, a hang or a guess."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from conftest import Site
from jiading_cli.config import environment
from share.sites import ShareSite, make_site

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "jiading_cli"
DOCS = ROOT / "docs" / "environment.md"
LONG = "9" * 100_000
BAD = {  # every kind of value a variable may be given by mistake
    "white space": "   ",
    "negative": "-1",
    "huge": "99999",
    "digits past int's limit": "9" * 5000,
    "non-ASCII digit": "²",
    "non-ASCII": "二",
    "control character": "on\x1b[31m",
    "very long": LONG,
}
RUN_VARIABLES = [name for name, variable in environment.VARIABLES.items() if variable.every_run]
SECRETS = [name for name, variable in environment.VARIABLES.items() if variable.secret]


def one_line(stderr: str, name: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr[:2000]
    said = lines[0].removeprefix(f"Error: {name}: ")  # a config path says what stands there, as --config does
    assert said.startswith("expected ") or (name == environment.CONFIG and "config file" in said), lines[0][:300]
    assert "Traceback" not in stderr and len(lines[0]) < 300
    return lines[0]


@pytest.mark.parametrize("name", RUN_VARIABLES)
@pytest.mark.parametrize("kind", BAD)
def test_a_value_not_understood_is_one_line_naming_the_variable(site: Site, name: str, kind: str) -> None:
    site.article()
    value = BAD[kind]
    if name == environment.CONFIG and kind in ("negative", "huge", "non-ASCII digit", "non-ASCII"):
        value = str(site.root / value)  # a path that could be one, where nothing is
    result = site.run("validate", env={name: value})
    assert result.exit_code == 2
    one_line(result.stderr, name)
    assert not (site.root / ".jiading-cache").exists()


@pytest.mark.parametrize("name", RUN_VARIABLES)
def test_an_empty_value_is_the_variable_unset(site: Site, name: str) -> None:
    site.article()
    result = site.run("validate", env={name: ""} if name != environment.NOW else {})
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("value", "shown"),
    [("0", "'auto'"), ("9", "'9'"), ("99999", "'99999'"), ("1.5", "'1.5'"), (LONG, "(100000 characters)")],
)
def test_jobs_above_the_most_jiading_starts_is_refused(site: Site, value: str, shown: str) -> None:
    site.article()
    result = site.run("validate", env={"JIADING_JOBS": value})
    if value == "0":  # 0 asks for the default, as auto does
        assert result.exit_code == 0
        return
    line = one_line(result.stderr, "JIADING_JOBS")
    assert line.startswith("Error: JIADING_JOBS: expected 'auto' or a number of processes from 1 to 8, got ")
    assert shown in line


@pytest.mark.parametrize("value", ["1", " 8 ", "auto", "AUTO", "08", "008", "0" * 5000 + "8", "00"])
def test_jobs_within_the_range_are_taken(site: Site, value: str) -> None:
    """Leading zeros or not, a number is read as the number it is: '008' is 8, as '08' is."""
    site.article()
    assert site.run("validate", env={"JIADING_JOBS": value}).exit_code == 0


@pytest.mark.parametrize(
    ("value", "jobs"), [("008", 8), ("02", 2), ("0" * 5000 + "3", 3), ("000", 5), ("auto", 5), ("009", 5), (" 7 ", 7)]
)
def test_jobs_are_the_number_given(monkeypatch: pytest.MonkeyPatch, value: str, jobs: int) -> None:
    monkeypatch.setenv("JIADING_JOBS", value)
    assert environment.jobs(5) == jobs


def test_a_config_path_where_nothing_is_names_the_variable(site: Site) -> None:
    result = site.run("validate", env={"JIADING_CONFIG": str(site.root / "elsewhere")})
    assert result.exit_code == 2
    assert one_line(result.stderr, "JIADING_CONFIG").endswith(f"{site.root / 'elsewhere'}: no such config file")


@pytest.fixture
def share_site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"), security="starttls", email_extra='smtp_user = "n@x.cn"')
    site.article()
    return site


NETWORKS = {
    "JIADING_FACEBOOK_TOKEN": "facebook",
    "JIADING_LINKEDIN_TOKEN": "linkedin",
    "JIADING_SMTP_PASSWORD": "email",
}


@pytest.mark.parametrize("name", SECRETS)
@pytest.mark.parametrize("kind", ["white space", "non-ASCII", "control character", "very long", "inner space"])
def test_a_secret_not_understood_stops_before_sending_and_is_never_shown(
    share_site: ShareSite, httpserver: HTTPServer, name: str, kind: str
) -> None:
    value = "tok en" if kind == "inner space" else BAD[kind]
    if name == environment.PASSWORD and kind == "inner space":
        return  # a password may hold a space
    result = share_site.run("share", "--post", "--network", NETWORKS[name], env={name: value})
    assert result.exit_code == 2
    line = one_line(result.stderr, name)
    assert line.endswith(f"got a value of {len(value)} character{'' if len(value) == 1 else 's'} (not shown)")
    assert value.strip() not in result.output or not value.strip()
    assert share_site.records() == [] and httpserver.log == []


def test_every_variable_is_in_the_table_and_documented() -> None:
    documented = set(re.findall(r"^\| `(JIADING_[A-Z_]+)` \|", DOCS.read_text(encoding="utf-8"), re.MULTILINE))
    assert set(environment.VARIABLES) == documented - {"JIADING_REGENERATE"}  # the tests' own
    named = set()
    for path in SRC.rglob("*.py"):
        named |= set(re.findall(r"\bJIADING_[A-Z_]*[A-Z]\b", path.read_text(encoding="utf-8")))
    assert named <= set(environment.VARIABLES)


def test_no_variable_of_jiading_is_read_but_through_the_table() -> None:
    reads = re.compile(r"(?:environ\.get|getenv|environ\[)\(?\s*[\"']([A-Z_]+)")
    for path in SRC.rglob("*.py"):
        if path.name == "environment.py":
            continue
        for name in reads.findall(path.read_text(encoding="utf-8")):
            assert not name.startswith("JIADING_"), f"{path.relative_to(ROOT)} reads {name} itself"


def test_a_config_option_no_file_system_allows_is_one_line_as_the_variable_is(site: Site) -> None:
    result = site.run("list", "--config", "x" * 300)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.splitlines() == [f"Error: {'x' * 300}: no such config file"]
