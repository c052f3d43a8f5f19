"""The files a build lists are shown as every message shows a path (``content.source.shown_path``), however the
names under the output folder are written: ``content.site.below`` shows printable ASCII names without looking at
them again, and must show every name as the slow way would."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiading_cli.config import load_config
from jiading_cli.content.site import below
from jiading_cli.content.source import shown_path

NAMES = st.text(st.sampled_from(["a", "/", ".", " ", "\\", "\x1b", "\n", "\x7f", "\u202e", "\udcff", "中", "é"]))


FOLDER = os.fsdecode(b"out\xff\x1b")  # a folder name that is neither UTF-8 nor printable


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = tmp_path_factory.mktemp("site")
    (made / "jiading.toml").write_text('[site]\ntitle = "T"\nbase_url = "https://example.com"\n', encoding="utf-8")
    (made / FOLDER).mkdir()
    return made


@settings(max_examples=300, deadline=None)
@given(name=st.one_of(NAMES, st.text()))
def test_a_name_below_the_output_folder_is_shown_as_its_whole_path_is(root: Path, name: str) -> None:
    show = below(load_config(root), root / FOLDER)
    assert show(name) == shown_path(FOLDER + "/" + name)
