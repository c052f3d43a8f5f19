"""A one-line HTML comment in a body (a suppression marker, a note to editors) is never published."""

from __future__ import annotations

import json

from conftest import Site


def test_a_comment_line_is_left_out_of_the_feed_and_raises_no_raw_html_warning(site: Site) -> None:
    body = "First paragraph.\n\n<!-- jiading: ignore JD162 -->\n\nSecond <!-- note --> paragraph and `<!-- code -->`.\n"
    site.article(draft="false", body=body)
    report = json.loads(site.run("validate", "--format", "json").stdout)
    assert [p["code"] for p in report["problems"] if p["code"] == "JD190"] == []
    assert site.run("feed", "build").exit_code == 0
    html = json.loads((site.root / "public/feed.json").read_text(encoding="utf-8"))["items"][0]["content_html"]
    assert "jiading: ignore" not in html and "note" not in html and "<p></p>" not in html
    assert "<code>&lt;!-- code --&gt;</code>" in html


def test_other_raw_html_is_still_shown_as_text_and_warned_about(site: Site) -> None:
    site.article(draft="false", body="An MoU on <chips> and cars.\n")
    report = json.loads(site.run("validate", "--format", "json").stdout)
    assert [p["code"] for p in report["problems"]] == ["JD190"]
    site.run("feed", "build")
    html = json.loads((site.root / "public/feed.json").read_text(encoding="utf-8"))["items"][0]["content_html"]
    assert "&lt;chips&gt;" in html
