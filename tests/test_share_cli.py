"""`jiading share` as a user meets it: dry runs, refusals, one failure not stopping the rest, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from pytest_httpserver import HTTPServer

from share.sites import FEED_PATH, ShareSite, make_site

OTHER_ID = "urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5"


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    return make_site(tmp_path, base=httpserver.url_for("/"))


def test_a_dry_run_sends_nothing_and_never_prints_a_secret(site: ShareSite, httpserver: HTTPServer) -> None:
    site.article()
    result = site.run("share", "articles/a.md")
    assert result.exit_code == 0, result.output
    assert "Authorization: Bearer ***" in result.output
    assert "fb-secret-token" not in result.output and "li-secret-token" not in result.output
    assert f"facebook: POST {httpserver.url_for('/v25.0/1234/feed')}" in result.output
    assert '<meta property="og:url" content="https://news.example.com/en/news/2017/07/a/">' in result.output
    assert httpserver.log == []


def test_an_article_can_be_named_by_its_id(site: ShareSite) -> None:
    site.article()
    result = site.run("share", "--json", "urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10")
    assert result.exit_code == 0
    assert [a["path"] for a in json.loads(result.stdout)["articles"]] == ["articles/a.md"]


def test_a_share_override_replaces_the_template(site: ShareSite) -> None:
    site.article(extra="share:\n  facebook: Come to the open day in Jiading!\n")
    result = site.run("share", "--json", "--network", "facebook")
    form = json.loads(result.stdout)["articles"][0]["payloads"]["facebook"]["form"]
    assert form["message"] == "Come to the open day in Jiading!"


def test_a_long_override_is_cut_at_a_word_with_an_ellipsis_and_validate_warns(site: ShareSite) -> None:
    site.article(extra="share:\n  linkedin: " + "Jiading grows " * 300 + "\n")
    warned = site.run("validate")
    assert "warning JD180 share: linkedin: the share override is longer than the 3000 allowed" in warned.output
    shown = site.run("share", "--json", "--network", "linkedin")
    commentary = json.loads(shown.stdout)["articles"][0]["payloads"]["linkedin"]["json"]["commentary"]
    assert commentary.endswith("Jiading grows…") and len(commentary) <= 3000


def test_a_scheduled_article_becomes_a_scheduled_facebook_post_in_the_dry_run(site: ShareSite) -> None:
    site.article(date="2026-12-01T09:00:00+08:00")
    result = site.run("share", "--json", "--network", "facebook")
    form = json.loads(result.stdout)["articles"][0]["payloads"]["facebook"]["form"]
    assert form["published"] == "false" and form["scheduled_publish_time"] == "1796086800"


def test_post_refuses_named_drafts_and_future_articles(site: ShareSite, httpserver: HTTPServer) -> None:
    site.article("a.md", extra="draft: true\n")
    site.article("b.md", date="2027-01-01T09:00:00+08:00", id=OTHER_ID)
    result = site.run("share", "--post", "articles/a.md", "articles/b.md")
    assert result.exit_code == 1
    assert "refused    -         articles/a.md  not posted: it is a draft" in result.output
    assert "refused    -         articles/b.md  not posted: it is dated in the future (2027-01-01T09:00:00+08:00)" in (
        result.output
    )
    assert httpserver.log == []


def test_post_skips_drafts_quietly_when_posting_everything(site: ShareSite) -> None:
    site.article("a.md", extra="draft: true\n")
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 0
    assert result.output == "nothing to post; skipped: 1 draft\n"


def test_post_refuses_an_article_with_validation_errors(site: ShareSite, httpserver: HTTPServer) -> None:
    site.article(id="not-a-uri")
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1
    assert "not posted: 1 validation error(s); run `jiading validate articles/a.md`" in result.output
    assert httpserver.log == []


def test_one_failure_does_not_stop_the_others(site: ShareSite, httpserver: HTTPServer) -> None:
    site.article("a.md")
    site.article("b.md", title="Open day", id=OTHER_ID)
    error = {"error": {"message": "Invalid parameter", "type": "OAuthException", "code": 100}}
    httpserver.expect_ordered_request(FEED_PATH).respond_with_json(error, status=400)
    httpserver.expect_ordered_request(FEED_PATH).respond_with_json({"id": "1234_2"})
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "failed     facebook  articles/a.md  Facebook rejected the post (code 100: Invalid parameter)"
    assert lines[1] == "posted     facebook  articles/b.md  https://www.facebook.com/1234/posts/2"
    assert lines[2] == "1 failed, 1 posted"
    assert parse_qs(httpserver.log[1][0].get_data(as_text=True))["message"][0].startswith("Open day")


def test_post_results_as_json(site: ShareSite, httpserver: HTTPServer) -> None:
    site.article()
    httpserver.expect_oneshot_request(FEED_PATH).respond_with_json({"id": "1234_2"})
    result = site.run("share", "--post", "--network", "facebook", "--json")
    data = json.loads(result.stdout)
    assert data["ok"] is True
    assert data["results"][0] | {"detail": ""} == {
        "path": "articles/a.md",
        "network": "facebook",
        "result": "posted",
        "detail": "",
        "remote_id": "1234_2",
        "url": "https://www.facebook.com/1234/posts/2",
    }


def test_pending_leaves_out_what_is_already_posted(site: ShareSite) -> None:
    record = (
        "syndication:\n- network: facebook\n"
        "  article: urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10\n  state: posted\n  remote_id: '1234_1'\n"
    )
    site.article(extra=record)
    result = site.run("share", "--pending", "--json")
    [article] = json.loads(result.stdout)["articles"]
    assert sorted(article["payloads"]) == ["email", "linkedin"]
    nothing = site.run("share", "--pending", "--network", "facebook")
    assert nothing.exit_code == 0 and nothing.output == "nothing to share; skipped: 1 already posted\n"


def test_a_missing_token_stops_before_anything_is_sent(site: ShareSite, httpserver: HTTPServer) -> None:
    site.article()
    result = site.run("share", "--post", "--network", "linkedin", env={"JIADING_LINKEDIN_TOKEN": ""})
    assert result.exit_code == 2
    assert (
        result.stderr
        == "Error: linkedin: set JIADING_LINKEDIN_TOKEN to the access token (it is never read from a file)\n"
    )
    assert site.records() == []


def test_a_network_that_is_not_configured_is_a_usage_error(site: ShareSite) -> None:
    site.article()
    config = (site.root / "jiading.toml").read_text(encoding="utf-8").replace('page_id = "1234"\n', "")
    (site.root / "jiading.toml").write_text(config, encoding="utf-8")
    result = site.run("share", "--network", "facebook")
    assert result.exit_code == 2
    assert "Error: --network facebook: set facebook.page_id in jiading.toml" in result.stderr


def test_validate_reports_records_it_cannot_trust_and_pending_posts(site: ShareSite) -> None:
    records = (
        "syndication:\n- network: facebook\n  state: maybe\n"
        "- network: linkedin\n  state: intent\n  time: '2026-11-27T04:00:00Z'\n"
        "share:\n  myspace: hello\n"
    )
    site.article(extra=records)
    result = site.run("validate")
    assert result.exit_code == 1
    assert "error JD183 syndication: expected state 'intent', 'posted' or 'partial', got 'maybe'" in result.output
    assert "warning JD184 syndication: linkedin: a post started at 2026-11-27T04:00:00Z has an unknown outcome" in (
        result.output
    )
    assert "warning JD181 share: expected one of facebook, linkedin, email, x, weibo, got 'myspace'" in result.output


def test_out_writes_an_eml_file_and_a_qr_code(site: ShareSite, tmp_path: Path) -> None:
    site.article()
    result = site.run("share", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    folder = tmp_path / "out" / "en" / "a"
    assert (folder / "email.eml").read_bytes().startswith(b"From: Newsroom <news@example.com>\r\n")
    assert (folder / "wechat-qr.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_validate_warns_about_an_empty_override_and_a_subject_that_would_forge_a_header(site: ShareSite) -> None:
    config = (site.root / "jiading.toml").read_text(encoding="utf-8")
    config = config.replace("[email]\n", '[email]\nsubject = "{category}: {title}"\n')
    (site.root / "jiading.toml").write_text(config, encoding="utf-8")
    site.article(extra="category: '=?utf-8?q?Bcc?='\nshare:\n  x: ''\n")
    result = site.run("validate")
    assert result.exit_code == 1
    assert "warning JD182 share: x: expected the text to share, got nothing" in result.output
    assert "a.md:7: error JD185 category: the email subject: expected plain text for an email header, found '=?'" in (
        result.output
    )


# A field an email subject may name, a value of it the sender refuses in a header, and the line the field is on
SUMMARY = "summary: Jiading signed a memorandum of strategic cooperation on finance with Shanghai.\n"
SUBJECT_FIELDS = [
    ("title", 'title: "tab\\there"\n', 3),
    ("summary", "summary: |\n  two\n  lines\n", 5),
    ("summary", 'summary: "a\\tb"\n', 5),
    ("category", 'category: "=?utf-8?q?Bcc?="\n', 7),
    ("category", 'category: "a\\tb"\n', 7),
    ("author", 'authors: ["A\\tB"]\n', 7),
    ("hashtags", "", 0),
]


@pytest.mark.parametrize(("name", "written", "line"), SUBJECT_FIELDS)
def test_a_subject_the_sender_refuses_is_said_of_the_field_that_carries_it(
    site: ShareSite, name: str, written: str, line: int
) -> None:
    """JD185 said 'title' on the title's line whatever field of the subject carried the fault: a line break in the
    summary of '{title} {summary}' was blamed on a title without one. It names the field, on its line."""
    config = (site.root / "jiading.toml").read_text(encoding="utf-8")
    (site.root / "jiading.toml").write_text(config.replace("[email]\n", f'[email]\nsubject = "{{title}} {{{name}}}"\n'))
    path = site.article(extra="" if line in (0, 3, 5) else written)
    text = path.read_text(encoding="utf-8")
    if line == 3:
        text = text.replace("title: Financial industry to boost Jiading\n", written)
    elif line == 5:
        text = text.replace(SUMMARY, written)
    path.write_text(text, encoding="utf-8")
    checked = site.run("validate")
    shown = site.run("share", "--network", "email")
    if not line:
        assert (checked.exit_code, shown.exit_code) == (0, 0), checked.output
        return
    assert (checked.exit_code, shown.exit_code) == (1, 1), (checked.output, shown.output)
    field = {"author": "authors"}.get(name, name)
    said = [each for each in checked.output.splitlines() if " JD185 " in each]
    assert len(said) == 1 and said[0].startswith(f"articles/a.md:{line}: error JD185 {field}: the email subject: "), (
        checked.output
    )
    assert "not shared" in shown.output, shown.output


def test_validate_refuses_a_record_whose_post_id_is_not_in_its_networks_form(site: ShareSite) -> None:
    records = (
        "syndication:\n- network: facebook\n  state: posted\n  remote_id: 1234_5/../../me/feed\n"
        "- network: linkedin\n  state: posted\n  remote_id: urn:li:share:7000\n"
    )
    site.article(extra=records)
    result = site.run("validate")
    assert result.exit_code == 1
    assert (
        "error JD183 syndication: facebook: remote_id: expected a Facebook post id such as 1234567890_9876543210, "
        "got '1234_5/../../me/feed'"
    ) in result.output.replace("\n  ", " ")
    assert "linkedin: remote_id" not in result.output


@pytest.mark.parametrize("network", ["facebok", "Facebook", "linkedin ", "myspace", "x"])
def test_a_record_of_a_network_jiading_does_not_post_to_is_refused_before_anything_is_posted(
    site: ShareSite, network: str
) -> None:
    """A misspelt record (``facebok``) is no record of the Facebook post: were it taken as it stands, the next
    ``--post`` would post to Facebook again."""
    site.article(extra=f"syndication:\n- network: '{network}'\n  state: posted\n  remote_id: '1234_5678'\n")
    result = site.run("validate")
    assert result.exit_code == 1
    assert (
        "error JD183 syndication: expected the record of a network among 'facebook', 'linkedin', 'email', "
        f"'digest', got {network!r}"
    ) in result.output.replace("\n  ", " ")
    posted = site.run("share", "--post", "--network", "facebook")
    assert posted.exit_code == 1 and "not posted: 1 validation error(s)" in posted.output  # before any request
    assert [record["network"] for record in site.records()] == [network]


def test_a_digest_record_is_a_record_of_a_network_jiading_posts_to(site: ShareSite) -> None:
    site.article(extra="syndication:\n- network: digest\n  state: posted\n")
    result = site.run("validate")
    assert "JD183" not in result.output


OTHER = "urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5"


@pytest.mark.parametrize(
    ("records", "line"),
    [
        (  # retyped without quotes: YAML reads 1234_1 as the number 12341, another object of the API
            "- network: facebook\n  state: posted\n  remote_id: 1234_1\n",
            "facebook: remote_id: expected the id as text in quotes, as `jiading share` writes it, got 12341",
        ),
        (  # a translation made by copying the English file, its records with it
            f"- network: facebook\n  article: {OTHER}\n  state: posted\n  remote_id: '1234_1'\n",
            f"facebook: expected a record of this article (urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10), found "
            f"one of '{OTHER}'",
        ),
        (
            "- network: facebook\n  state: posted\n  remote_id: '1234_1'\n"
            "- network: facebook\n  state: posted\n  remote_id: '1234_2'\n",
            "facebook: expected one record for each network, found a second",
        ),
        (
            "- network: facebook\n  state: intent\n  time: '2026-11-27T04:00:00Z'\n"
            "- network: facebook\n  state: posted\n  remote_id: '1234_2'\n",
            "facebook: expected one record for each network, found a second",
        ),
    ],
)
def test_a_record_that_is_not_this_articles_one_post_is_refused_and_nothing_is_sent(
    site: ShareSite, httpserver: HTTPServer, records: str, line: str
) -> None:
    """Corrections and stats go to the post a record names: a record of another article, a second record of a
    network, or an id YAML read as a number would send them, with the token, to another object."""
    site.article(extra="syndication:\n" + records, title="A new title")
    result = site.run("validate")
    assert result.exit_code == 1
    assert f"error JD183 syndication: {line}" in result.output.replace("\n  ", " ")
    for command in (("--update",), ("--post",), ("--stats",)):
        run = site.run("share", *command, "--network", "facebook")
        assert run.exit_code != 0, run.output
    assert httpserver.log == []


def test_a_record_goes_to_the_file_a_symbolic_link_leads_to(site: ShareSite, httpserver: HTTPServer) -> None:
    """The walk follows a link to an article file; the record is written where it leads, and the link stays."""
    shared = site.root / "shared"
    shared.mkdir()
    site.article("a.md").rename(shared / "a.md")
    (site.root / "articles/a.md").symlink_to("../shared/a.md")
    httpserver.expect_oneshot_request(FEED_PATH).respond_with_json({"id": "1234_2"})
    result = site.run("share", "--post", "--network", "facebook")
    assert result.exit_code == 0, result.output
    assert (site.root / "articles/a.md").is_symlink()
    assert [(r["state"], r["remote_id"]) for r in site.records()] == [("posted", "1234_2")]
    again = site.run("share", "--post", "--network", "facebook")
    assert again.output == "nothing to post; skipped: 1 already posted\n"
    assert len(httpserver.log) == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--check", "--post"), "--check and --post do not go together; run one at a time"),
        (("--stats", "--post"), "--stats and --post do not go together; run one at a time"),
        (("--stats", "--check"), "--stats and --check do not go together; run one at a time"),
        (("--update", "--post"), "--update and --post do not go together; run one at a time"),
        (("--digest", "--stats"), "--digest and --stats do not go together; run one at a time"),
        (("--adopt", "--update"), "--adopt and --update do not go together; run one at a time"),
        (("--digest", "--network", "facebook"), "--network does not go with --digest: a digest is one email"),
        (("--stats", "--csv", "--json"), "--csv and --json do not go together; choose one"),
    ],
)
def test_options_that_would_be_left_unused_are_a_usage_error(
    site: ShareSite, httpserver: HTTPServer, args: tuple[str, ...], said: str
) -> None:
    """A run does one thing: an option it would not use is refused, never passed over unsaid."""
    site.article()
    result = site.run("share", *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {said}") and result.stdout == ""
    assert httpserver.log == [] and site.records() == []


def test_a_run_with_nothing_to_do_says_what_it_had_nothing_to_do(site: ShareSite) -> None:
    site.article()
    assert site.run("share", "--adopt", "--network", "facebook").exit_code == 0
    again = site.run("share", "--adopt", "--network", "facebook")
    assert again.output == "nothing to adopt; skipped: 1 already recorded\n"


def test_each_open_graph_tag_of_the_dry_run_is_one_line_whatever_its_text_holds(site: ShareSite) -> None:
    """A summary may hold a line or paragraph separator (U+2028, U+2029), which the tag carries as text: the dry run
    shows each tag on one line with it escaped, as the payloads show it, never the tag cut in two."""
    path = site.article()
    summary = "Jiading signed a memorandum of strategic cooperation on finance with Shanghai."
    source = path.read_text(encoding="utf-8").replace(summary, '"Jiading signed\\u2028a memorandum\\u2029on finance."')
    path.write_text(source, encoding="utf-8")
    result = site.run("share", "articles/a.md")
    assert result.exit_code == 0, result.output
    tags = [line for line in result.stdout.splitlines() if "description" in line and "<meta" in line]
    assert tags and all(line.rstrip().endswith('">') for line in tags), tags
    assert all("Jiading signed\\u2028a memorandum\\u2029on finance." in line for line in tags), tags
