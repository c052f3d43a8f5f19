"""What no feed could carry, or would show otherwise than written, is reported before any feed is built."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site
from jiading_cli.validate import rawhtml


@pytest.mark.parametrize("command", [("validate",), ("feed", "build"), ("list",)])
def test_a_control_character_in_a_config_string_is_a_config_error_not_a_traceback(
    site: Site, command: tuple[str, ...]
) -> None:
    site.write("jiading.toml", CONFIG.replace('title = "Invest in Jiading"', 'title = "Invest\\u0007 in Jiading"'))
    site.article()
    result = site.run(*command)
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit | None)
    assert (
        "Error: jiading.toml:2: error JD006 site.title: expected text without control characters "
        "(no page or feed can carry them), found U+0007 at character 7" in result.output
    )
    assert not (site.root / "public").exists()


def test_every_config_string_is_checked_lists_and_other_tables_too(site: Site) -> None:
    extra = '[feeds]\nwebsub_hub = "https://hub.example.com/\\u001f"\n'
    extra += '[email]\nto = ["a@example.com", "b\\u000b@example.com"]\n'
    site.write("jiading.toml", CONFIG.replace('authors = ["Newsroom"]', 'authors = ["News\\u0000room"]') + extra)
    result = site.run("validate")
    assert result.exit_code == 2
    found = [line.split(" ")[1:5] for line in result.output.splitlines() if " error JD00" in line]
    assert found == [  # one line a key: email.to's checker refuses the address, naming it (no JD006 beside it)
        ["jiading.toml:6:", "error", "JD006", "site.authors:"],
        ["jiading.toml:8:", "error", "JD006", "feeds.websub_hub:"],
        ["jiading.toml:10:", "error", "JD002", "email.to:"],
    ]
    assert "got 'b\\x0b@example.com' (item 2 of 2)" in result.output


def test_raw_html_in_a_body_is_warned_about_on_its_line(site: Site) -> None:
    site.article(body="First line.\n\nTalks on <chips> and\n<angle> brackets.\n\n<div>\nA block\n</div>\n")
    result = site.run("validate")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "JD190" in line]
    assert lines == [
        "articles/a.md:9: warning JD190 body: raw HTML '<chips>' is shown as text in feeds and email; write '&lt;' "
        "for a literal '<', or set [markdown] unsafe_html = true in jiading.toml to keep it as HTML",
        "articles/a.md:10: warning JD190 body: raw HTML '<angle>' is shown as text in feeds and email; write '&lt;' "
        "for a literal '<', or set [markdown] unsafe_html = true in jiading.toml to keep it as HTML",
        "articles/a.md:12: warning JD190 body: raw HTML '<div>' is shown as text in feeds and email; write '&lt;' "
        "for a literal '<', or set [markdown] unsafe_html = true in jiading.toml to keep it as HTML",
    ]


def test_no_raw_html_warning_for_autolinks_code_or_escaped_brackets_or_when_html_is_allowed(site: Site) -> None:
    site.article(body="See <https://example.com/a>, `<chips>` and \\<chips>.\n\n    <pre>code</pre>\n")
    assert "JD190" not in site.run("validate").output
    site.article("b.md", id="urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5", slug="b", body="Talks on <chips>.\n")
    assert "JD190" in site.run("validate").output
    site.write("jiading.toml", CONFIG + "[markdown]\nunsafe_html = true\n")
    assert "JD190" not in site.run("validate").output


PIECES = [*"<>/!?-ab1 \n\t`:@&;\"'=", "<div", "<pre", "</", "<!--", "-->", "<a ", "<x", "<https://a"]
tag_soup = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(body=tag_soup)
def test_a_body_the_quick_look_passes_over_has_no_raw_html(body: str) -> None:
    """The quick look is an accelerator: wherever the parser finds raw HTML, it looks closer."""
    found = list(rawhtml.raw_html(rawhtml.parser().parse(body)))
    assert not found or rawhtml.MAYBE_TAG.search(body), found
