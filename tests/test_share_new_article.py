"""`new-article` never writes a file that `validate` rejects: the email-header rules run on what it would write."""

from __future__ import annotations

import pytest

from conftest import Site


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["=?utf-8?q?Forged?= subject", "--publish"], "TITLE"),
        (["Jiading news", "--author", "=?utf-8?q?Forged?="], "--author"),
    ],
)
def test_a_forged_encoded_word_is_refused_before_any_file_is_written(site: Site, args: list[str], option: str) -> None:
    result = site.run("new-article", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {option}: JD141 expected one line of plain text (it goes into an email")
    assert "the new article would not pass `jiading validate`" in result.stderr
    assert not (site.root / "articles").exists() or not any((site.root / "articles").rglob("*.md"))
    assert site.run("validate").exit_code == 0


def test_only_a_title_that_validates_is_written(site: Site) -> None:
    result = site.run("new-article", "Jiading: a =? in prose is fine only outside headers", "--publish")
    assert result.exit_code == 2 and "JD141" in result.stderr
    written = site.run("new-article", "Jiading opens a park", "--summary", "A new park opens in Jiading this week.")
    assert written.exit_code == 0, written.output
    assert site.run("validate").exit_code == 0
