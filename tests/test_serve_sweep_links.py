"""A record's ``url`` is a file's text anyone may edit (or send in a pull request): the share preview links to it,
and `share --stats` reports it, only when it is an http or https link; anything else (``javascript:``, ``data:``,
a link with no scheme) is no link at all, and the record one jiading cannot trust (JD183): never read back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from pytest_httpserver import HTTPServer

from share.fakes import FakeFacebook
from share.sites import ShareSite, make_site
from test_serve_reach import reach_page

URLS = {
    "javascript:alert(1)": None, "JaVaScRiPt:alert(1)": None, " javascript:alert(1)": None,
    "java\tscript:alert(1)": None, "data:text/html,<script>alert(1)</script>": None, "vbscript:msgbox(1)": None,
    "//evil.example/x": None, "http:evil": None, "https://x\u202e/": None, "file:///etc/passwd": None,
    "https://www.facebook.com/1234/posts/1": "https://www.facebook.com/1234/posts/1",
    "HTTP://www.facebook.com/1234/posts/1": "HTTP://www.facebook.com/1234/posts/1",
}  # fmt: skip


def _posted(site: ShareSite, url: str) -> None:
    record = {"network": "facebook", "state": "posted", "remote_id": "1234_1", "url": url}
    site.article(extra=yaml.safe_dump({"syndication": [record]}, allow_unicode=True, sort_keys=False, width=4096))


@pytest.mark.parametrize("url", sorted(URLS))
def test_a_records_url_is_a_link_only_when_it_is_http(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path, base=httpserver.url_for("/"))
    facebook = FakeFacebook(httpserver).serve()
    facebook.add("https://news.example.com/en/news/2017/07/a/")
    _posted(site, url)
    stats = site.run("share", "--stats", "--json", "--network", "facebook")
    [row] = json.loads(stats.stdout)["posts"]
    assert row["url"] == URLS[url], stats.stdout
    if URLS[url] is None:  # the record is an error of its own, which the preview shows as the site's problem
        assert "JD183" in row["problem"], stats.stdout
        assert "facebook: url: expected the post's http:// or https:// URL" in site.run("validate").output
        return
    table = reach_page(tmp_path, {"JIADING_FACEBOOK_TOKEN": "fb-secret-token"})
    links = re.findall(r'<a href="([^"]*)"', table)
    assert links == ([URLS[url]] if URLS[url] else []), table
