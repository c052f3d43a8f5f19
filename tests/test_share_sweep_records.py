"""Records edited by hand into shapes `jiading share` never writes: an id not in its network's form is put in no
request (it would name another object of the API, sent with the token), and a front matter that holds itself is
one line; neither is ever a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from jiading_cli.share.facebook import NETWORK as FACEBOOK
from jiading_cli.share.linkedin import NETWORK as LINKEDIN
from share.sites import make_site

FORMS = {"facebook": FACEBOOK.remote_form, "linkedin": LINKEDIN.remote_form}
ODD_IDS = st.one_of(
    st.sampled_from(["1234", "me", "1234/feed", "1234_1?fields=x", "1234_1#x", "../1234", "1234_1%2Ffeed"]),
    st.sampled_from(["urn:li:share:1/x", "urn:li:share:1?x", "urn:li:organization:5678", "urn:li:share:"]),
    st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=30),
    st.text(min_size=1, max_size=20),
)  # fmt: skip


def _record(network: str, remote_id: str) -> str:
    record = {"network": network, "state": "posted", "remote_id": remote_id, "text_sha256": "0" * 64}
    return yaml.safe_dump({"syndication": [record]}, allow_unicode=True, sort_keys=False, width=4096)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(network="facebook", remote_id="1234/feed", command="--update")
@example(network="linkedin", remote_id="urn:li:share:1/x", command="--stats")
@given(network=st.sampled_from(sorted(FORMS)), remote_id=ODD_IDS, command=st.sampled_from(["--stats", "--update"]))
def test_a_recorded_id_not_in_its_networks_form_is_put_in_no_request(
    tmp_path_factory: pytest.TempPathFactory,
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    network: str,
    remote_id: str,
    command: str,
) -> None:
    if FORMS[network].fullmatch(remote_id) or "\x00" in remote_id:
        return  # an id in its form (or one YAML cannot carry) is not this test's
    httpserver.clear()
    root = tmp_path_factory.mktemp("records")
    monkeypatch.chdir(root)
    site = make_site(root, base=httpserver.url_for("/"))
    site.article(extra=_record(network, remote_id))
    result = site.run("share", command, "articles/a.md", "--network", network)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    assert httpserver.log == [], [request.path for request, _ in httpserver.log]
    assert "Traceback" not in result.output


SELF = "syndication: &a\n  - network: facebook\n    state: intent\n    note: *a\n"


@pytest.mark.parametrize(
    "args",
    [
        ["share", "--resolve", "articles/a.md", "--network", "facebook", "--not-posted"],
        ["share", "--resolve", "articles/a.md", "--network", "facebook", "--remote-id", "1234_5"],
        ["share", "--adopt", "articles/a.md", "--network", "facebook"],
        ["share", "--post", "articles/a.md", "--network", "facebook"],
        ["share", "--update", "articles/a.md", "--network", "facebook"],
        ["share", "--pending"],
        ["share", "--stats", "--network", "facebook"],
    ],
)
def test_a_front_matter_that_holds_itself_is_one_line_and_the_file_is_kept(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    path = site.article(extra=SELF)
    before = path.read_bytes()
    result = site.run(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2), result.output
    assert path.read_bytes() == before and httpserver.log == []
    for line in result.output.splitlines():
        assert not re.match(r"\s*(Traceback|File \")", line), result.output
