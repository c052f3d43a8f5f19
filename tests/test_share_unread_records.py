"""An article whose ``syndication`` field cannot be read (an empty item ``- `` left by a hand edit or a merge, a
mapping or a word where the list goes) is never taken for an article that was never shared: loading leaves such a
field out, and the article it gives has no record, which posted, sent in a digest or read back would be a second
post, a second email, or "no post". Every command that reads the records refuses it, naming the field's line, and
leaves the file as it was, whenever it is read: at the start of the run, or under the lock, after another
article's post, when an editor broke it meanwhile.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from share.fakes import FEED_PATH, FakeFacebook
from share.sites import ARTICLE_ID, make_site

POSTED = f"- network: facebook\n  article: {ARTICLE_ID}\n  state: posted\n  remote_id: '1234_9'\n"
ITEMS = st.sampled_from(["- \n", "- ~\n", "- facebook\n", "- [facebook]\n", "- 5\n", "-\n  - posted\n", POSTED])
# a field of readable records alone (one, or the same twice: JD183) is no case of these
FIELDS = st.lists(ITEMS, min_size=1, max_size=3).filter(lambda items: set(items) != {POSTED}).map("".join)
FIELDS |= st.sampled_from([" posted\n", " {network: facebook, state: posted}\n", " 5\n", " [posted]\n"])
COMMANDS = [
    ("share", "--post", "--network", "facebook"),
    ("share", "--update", "--network", "facebook"),
    ("share", "--adopt", "--network", "facebook"),
    ("share", "--stats", "--network", "facebook"),
    ("share", "--digest", "--post", "--since", "2017-01-01"),
    ("share", "--resolve", "articles/a.md", "--network", "facebook", "--not-posted"),
    ("share", "--resolve", "articles/a.md", "--network", "email", "--remote-id", "<a@example.com>"),
]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=FIELDS)
@example(field="- \n")
@example(field=POSTED + "- \n")
def test_records_that_cannot_be_read_are_refused_by_every_command(
    field: str, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.clear()
    fake = FakeFacebook(httpserver).serve()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        monkeypatch.chdir(root)
        site = make_site(root, base=httpserver.url_for("/"), reconcile=True, smtp_port=9)
        path = site.article(extra=f"syndication:{field if field.startswith(' ') else chr(10) + field}")
        before = path.read_bytes()
        for command in COMMANDS:
            result = site.run(*command)
            assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.output)
            assert result.exit_code == 1, (command, result.output)
            said = "JD104 syndication: expected a list of records written by `jiading share`"
            assert said in result.output or "1 validation error(s)" in result.output, (command, result.output)
            assert path.read_bytes() == before, command
    assert fake.made == 0


def test_records_broken_while_the_run_posts_another_article_are_not_taken_for_none(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    site.article("a.md", id="urn:uuid:00000000-0000-4000-8000-00000000000a")
    second = site.article("b.md", extra=f"syndication:\n{POSTED}")
    fake = FakeFacebook(httpserver)

    def post_and_break(request: Request) -> Response:  # an editor saves b.md, its records broken, meanwhile
        second.write_text(second.read_text(encoding="utf-8").replace("syndication:\n", "syndication:\n- \n"), "utf-8")
        return fake.post(request)

    httpserver.expect_request(FEED_PATH, method="POST").respond_with_handler(post_and_break)
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1, result.output
    assert "posted     facebook  articles/a.md" in result.output
    assert "refused    -         articles/b.md  not posted: its records cannot be read (line 7: JD104" in result.output
    assert fake.made == 1  # b.md, posted before, is not posted again
