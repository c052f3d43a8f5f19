"""`init`'s closing `Next:` line: the folder written as one shell word that bash reads back as its name, whatever
characters the name holds (control characters, a byte that is not UTF-8), and nothing in it a terminal acts on."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jiading_cli.base.printable import printable
from jiading_cli.cli.site import _shell_word

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")

NAMES = st.one_of(
    st.text(st.characters(exclude_characters="/\x00", exclude_categories=("Cs",)), min_size=1, max_size=12),
    st.binary(min_size=1, max_size=10).filter(lambda b: b"/" not in b and b"\x00" not in b).map(os.fsdecode),
).filter(lambda name: name not in (".", "..") and len(os.fsencode(name)) <= 255)


def _cd_with_bash(where: Path, word: str) -> bytes:
    done = subprocess.run(
        ["bash", "-c", f'cd {word} && printf %s "$PWD"'],
        cwd=where,
        capture_output=True,
        check=False,
        env={"PATH": os.defpath},
    )
    assert done.returncode == 0, (word, done.stderr)
    return done.stdout


@settings(max_examples=150, deadline=None)
@example("x\ty")
@example("new\nline")
@example("-x\x1b[31m")
@example(os.fsdecode(b"x\xff"))
@example("it's \\ $HOME `id`")
@example("\u202eevil\u0085")
@given(NAMES)
def test_the_folder_is_one_word_bash_reads_as_its_name_and_a_terminal_shows_as_it_is(name: str) -> None:
    word = _shell_word(name)
    assert printable(word) == word and "\n" not in word, word  # no escaping left to apply: shown as it is
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        (where / name).mkdir()
        assert _cd_with_bash(where, word) == os.fsencode(where.resolve() / name), word


@pytest.mark.parametrize("name", ["x\ty", "new\nline"])
def test_init_prints_the_line_bash_runs_into_the_new_site(tmp_path: Path, name: str) -> None:
    import sys

    flags = ["--yes", "--title", "T", "--base-url", "https://example.com/"]
    done = subprocess.run(
        [sys.executable, "-m", "jiading_cli", "init", name, *flags], cwd=tmp_path, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    last = done.stdout.decode("utf-8").splitlines()[-1]
    assert last.startswith("Next: cd $'") and " && jiading new-article" in last, last
    word = last.removeprefix("Next: cd ").split(" && ", 1)[0]
    assert _cd_with_bash(tmp_path, word) == os.fsencode(tmp_path.resolve() / name)
