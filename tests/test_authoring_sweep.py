"""The authoring commands driven with what an author, or someone sending an article in a pull request, may
put in front of them: text that would act on a terminal, folders named through links."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CONFIG, Site
from jiading_cli.base.printable import CONTROL
from jiading_cli.cli import tables


def _yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, every character outside printable ASCII as an escape."""
    out = []
    for char in text:
        if " " <= char <= "~" and char not in '"\\':
            out.append(char)
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def _listed(site: Site, terminal: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(tables, "is_terminal", lambda stream=None: terminal)
    result = site.run("list", env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    return result.stdout


EVIL = "Evil \x1b[2J\x1b]0;pwned\x07\ttab \u202egnp.exe\x9b"


@pytest.mark.parametrize("terminal", [False, True])
def test_a_title_that_would_act_on_a_terminal_is_listed_as_escapes(
    site: Site, terminal: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.article("evil.md", title=_yaml_quoted(EVIL))
    out = _listed(site, terminal, monkeypatch)
    assert CONTROL.search(out.replace("\n", "").replace("\t", "")) is None, repr(out)
    assert "Evil \\x1b[2J\\x1b]0;pwned\\x07 tab \\u202egnp.exe\\x9b" in out
    rows = out.splitlines()
    assert len(rows) == (2 if terminal else 1)  # the header on a terminal, then the article's one row
    if not terminal:
        assert len(rows[0].split("\t")) == 5  # the tab in the title does not make a sixth cell


title_text = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), min_size=1, max_size=30
).filter(lambda t: t.strip() != "")


@given(title=title_text, terminal=st.booleans())
def test_no_title_sends_a_control_character_to_the_output_of_list(
    tmp_path_factory: pytest.TempPathFactory, title: str, terminal: bool
) -> None:
    root = tmp_path_factory.mktemp("site")
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    site = Site(root, CliRunner())
    site.article("a.md", title=_yaml_quoted(title))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("JIADING_CONFIG", raising=False)
        out = _listed(site, terminal, patch)
    rows = out.splitlines()
    assert CONTROL.search(out.replace("\n", "").replace("\t", "")) is None, repr(out)
    assert len(rows) <= (2 if terminal else 1), repr(out)  # never more rows than articles (and a header)
    for row in rows if not terminal else rows[1:]:
        assert len(row.split("\t")) == 5 or terminal, repr(row)


@given(cell=st.text(st.characters(blacklist_categories=["Cs"])), terminal=st.booleans())
def test_a_table_shows_every_cell_without_control_characters(cell: str, terminal: bool) -> None:
    columns = [tables.Column("a"), tables.Column("b", shrink=1)]
    rows = [("x", cell), (cell, "y")]
    out = tables.fitted(columns, rows, 80) if terminal else tables.tab_separated(rows)
    assert CONTROL.search(out.replace("\n", "").replace("\t", "")) is None
    assert len(out.split("\n")) == len(rows) + (1 if terminal else 0)
    if not terminal:
        assert all(len(line.split("\t")) == 2 for line in out.split("\n"))
