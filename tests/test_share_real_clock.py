"""What a run is "as of" (``JIADING_NOW``) decides which articles are due, and nothing else: every moment recorded or
measured is the real clock's. The CI workflow's share job runs as of the moment its site was built, so an intent's
time and the ten minutes a request may still become a post, taken from ``JIADING_NOW``, were measured between two
builds: a run built ten minutes after the one whose request timed out late found no post yet and posted again."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable
from contextlib import chdir
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import ARTICLE_ID, ShareSite, make_site
from share.smtpd import smtp_server

URL = "https://news.example.com/en/news/2017/07/a/?utm_source=linkedin&utm_medium=social"
BUILT = dt.datetime(2026, 11, 27, 4, 0, tzinfo=dt.UTC)  # when run A's site was built: its JIADING_NOW
WAITED = "it is looked for again from"


def iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def timed_out(site: ShareSite, linkedin: FakeLinkedIn, as_of: dt.datetime, real: dt.datetime) -> None:
    """Run A: its request becomes a post, but no answer comes; the network lists the post only later."""
    linkedin.fail_after_making = [504]
    first = site.run("share", "--post", "--network", "linkedin", env={"JIADING_NOW": iso(as_of)}, real=iso(real))
    assert first.exit_code == 1 and "pending    linkedin" in first.output, first.output
    [intent] = site.records()
    assert intent["state"] == "intent" and intent["time"] == f"{real.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}"
    linkedin.posts.clear()  # not listed yet: the network finishes the request late


def test_a_run_built_ten_minutes_later_does_not_post_again_what_the_last_one_may_have_posted(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """The review's case: run A built at T, its request at T+9m times out; run B, built at T+10m, looks at T+11m."""
    with chdir(tmp_path):
        site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
        site.article()
        linkedin = FakeLinkedIn(httpserver).serve()
        timed_out(site, linkedin, BUILT, BUILT + dt.timedelta(minutes=9))
        b_built, b_looks = BUILT + dt.timedelta(minutes=10), BUILT + dt.timedelta(minutes=11)
        second = site.run(
            "share", "--post", "--network", "linkedin", env={"JIADING_NOW": iso(b_built)}, real=iso(b_looks)
        )
        assert second.exit_code == 1, second.output
        assert f"{WAITED} 2026-11-27T04:19:00Z" in second.output
        assert linkedin.made == 1 and site.records()[0]["state"] == "intent"
        linkedin.add(URL)  # the request became a post after all
        third = site.run(
            "share", "--post", "--network", "linkedin",
            env={"JIADING_NOW": iso(b_built)}, real=iso(BUILT + dt.timedelta(minutes=19)),
        )  # fmt: skip
        assert third.exit_code == 0, third.output
        assert "found on LinkedIn: the unknown outcome was a post" in third.output
        assert linkedin.made == 1 and site.records()[0]["state"] == "posted"


def test_runs_as_of_the_same_build_wait_ten_minutes_of_real_time_then_settle(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """A share job run again (the same build, the same JIADING_NOW): it waits while the request may still become a
    post, and once ten real minutes have passed, no post found means none was made, and it posts once."""
    with chdir(tmp_path):
        site = make_site(tmp_path, base=httpserver.url_for("/"), reconcile=True)
        site.article()
        linkedin = FakeLinkedIn(httpserver).serve()
        requested = BUILT + dt.timedelta(minutes=3)
        timed_out(site, linkedin, BUILT, requested)
        env = {"JIADING_NOW": iso(BUILT)}
        soon = site.run(
            "share", "--post", "--network", "linkedin", env=env, real=iso(requested + dt.timedelta(minutes=9))
        )
        assert soon.exit_code == 1 and f"{WAITED} 2026-11-27T04:13:00Z" in soon.output, soon.output
        assert linkedin.made == 1
        later = site.run(
            "share", "--post", "--network", "linkedin", env=env, real=iso(requested + dt.timedelta(minutes=10))
        )
        assert later.exit_code == 0, later.output
        assert "posted     linkedin" in later.output and linkedin.made == 2
        [record] = site.records()
        assert record["state"] == "posted" and record["time"] == "2026-11-27T04:13:00Z"


MINUTES = st.integers(-7 * 24 * 60, 7 * 24 * 60).map(lambda n: dt.timedelta(minutes=n))
SECONDS = st.integers(0, 20 * 60).map(lambda n: dt.timedelta(seconds=n))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a_as_of=MINUTES, b_as_of=MINUTES, a_real=MINUTES, after=SECONDS)
@example(
    a_as_of=dt.timedelta(0),
    b_as_of=dt.timedelta(minutes=10),
    a_real=dt.timedelta(minutes=9),
    after=dt.timedelta(minutes=2),
)
@example(a_as_of=dt.timedelta(0), b_as_of=dt.timedelta(0), a_real=dt.timedelta(0), after=dt.timedelta(minutes=10))
def test_the_wait_is_measured_on_the_real_clock_whatever_each_run_is_as_of(
    httpserver: HTTPServer, a_as_of: dt.timedelta, b_as_of: dt.timedelta, a_real: dt.timedelta, after: dt.timedelta
) -> None:
    """Two runs, each as of a moment drawn (a week either way of the build) and at a real moment drawn: the second
    waits exactly while less than ten real minutes have passed since the first's request, and never posts twice."""
    httpserver.clear()
    linkedin = FakeLinkedIn(httpserver).serve()
    with tempfile.TemporaryDirectory() as folder, chdir(folder):
        site = make_site(Path(folder), base=httpserver.url_for("/"), reconcile=True)
        site.article()
        requested = (BUILT + a_real).replace(microsecond=0)
        timed_out(site, linkedin, BUILT + a_as_of, requested)
        env = {"JIADING_NOW": iso(BUILT + b_as_of)}
        second = site.run("share", "--post", "--network", "linkedin", env=env, real=iso(requested + after))
        [record] = site.records()
    if after < dt.timedelta(minutes=10):
        assert second.exit_code == 1 and WAITED in second.output, second.output
        assert linkedin.made == 1 and record["state"] == "intent"
    else:
        assert second.exit_code == 0 and "posted     linkedin" in second.output, second.output
        assert linkedin.made == 2 and record["state"] == "posted"


INTENT = (
    f"syndication:\n- network: {{}}\n  article: {ARTICLE_ID}\n  state: intent\n  time: '2026-11-20T04:00:00Z'\n{{}}"
)
POSTED = (
    f"syndication:\n- network: {{}}\n  article: {ARTICLE_ID}\n  state: posted\n  remote_id: {{}}\n"
    f"  time: '2026-11-20T04:00:00Z'\n  text_sha256: '{'0' * 64}'\n"
)
Setup = Callable[[ShareSite, HTTPServer], list[str]]


def _post(network: str) -> Setup:
    def setup(site: ShareSite, server: HTTPServer) -> list[str]:
        (FakeFacebook if network == "facebook" else FakeLinkedIn)(server).serve()
        site.article()
        return ["share", "--post", "--network", network]

    return setup


def _found(site: ShareSite, server: HTTPServer) -> list[str]:
    FakeLinkedIn(server).serve().add(URL)
    site.article()
    return ["share", "--post", "--network", "linkedin"]


def _settled(site: ShareSite, server: HTTPServer) -> list[str]:
    FakeLinkedIn(server).serve().add(URL)
    site.article(extra=INTENT.format("linkedin", ""))
    return ["share", "--post", "--network", "linkedin"]


def _resolved(site: ShareSite, server: HTTPServer) -> list[str]:
    site.article(extra=INTENT.format("linkedin", ""))
    return ["share", "--resolve", "articles/a.md", "--network", "linkedin", "--remote-id", "urn:li:share:9"]


def _resolved_partly(site: ShareSite, server: HTTPServer) -> list[str]:
    site.article(extra=INTENT.format("email", "  remote_id: <a@example.com>\n  sent: 1\n  sending: 2\n"))
    return ["share", "--resolve", "articles/a.md", "--network", "email", "--not-posted"]


def _adopted(site: ShareSite, server: HTTPServer) -> list[str]:
    site.article()
    return ["share", "--adopt", "--network", "facebook", "articles/a.md"]


def _updated(site: ShareSite, server: HTTPServer) -> list[str]:
    FakeFacebook(server).serve().add(URL)
    site.article(extra=POSTED.format("facebook", "'1234_1'"))
    return ["share", "--update", "--network", "facebook"]


def _mailed(site: ShareSite, server: HTTPServer) -> list[str]:
    site.article()
    return ["share", "--post", "--network", "email"]


def _digested(site: ShareSite, server: HTTPServer) -> list[str]:
    site.article()
    return ["share", "--digest", "--since", "2017-07-01", "--post"]


WRITERS: dict[str, Setup] = {
    "posted to Facebook": _post("facebook"),
    "posted to LinkedIn": _post("linkedin"),
    "found before posting": _found,
    "an unknown outcome found": _settled,
    "resolved by hand": _resolved,
    "resolved as partly sent": _resolved_partly,
    "adopted": _adopted,
    "updated": _updated,
    "emailed": _mailed,
    "in a digest": _digested,
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("as_of", ["2026-11-27T12:00:00+08:00", "2027-01-05T00:00:00-05:00"])
def test_every_record_a_command_writes_says_the_real_clock_not_the_run_as_of(
    tmp_path: Path, httpserver: HTTPServer, writer: str, as_of: str
) -> None:
    """Each command that writes a record, run as of one moment at a real moment another: the times it writes are
    the real moment's."""
    real = dt.datetime(2027, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
    with chdir(tmp_path), smtp_server(starttls=False) as inbox:
        site = make_site(tmp_path, base=httpserver.url_for("/"), smtp_port=inbox.port, reconcile=True)
        command = WRITERS[writer](site, httpserver)
        result = site.run(*command, env={"JIADING_NOW": as_of}, real=iso(real))
        assert result.exit_code == 0, result.output
        [record] = site.records()
    written = {record[key] for key in ("time", "updated") if key in record} - {"2026-11-20T04:00:00Z"}  # kept
    assert written == {"2027-03-04T05:06:07Z"}, record


def test_the_system_clock_is_read_in_one_place() -> None:
    """Every moment recorded or measured comes from ``base/realclock.py``: no other module reads the date and time
    (``jiading serve``'s log lines, which record nothing, stamp the local time of day)."""
    source = Path(__file__).parents[1] / "src" / "jiading_cli"
    reads = re.compile(r"\bdatetime\.(?:now|utcnow|today)\(|\bdate\.today\(|\btime\.time\(\)")
    found = [
        f"{path.relative_to(source)}: {line.strip()}"
        for path in sorted(source.rglob("*.py"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if reads.search(line)
    ]
    assert found == [
        "base/realclock.py: return dt.datetime.now(dt.UTC)",
        'cli/serve.py: return dt.datetime.now().astimezone().strftime("%H:%M:%S")',
    ]
