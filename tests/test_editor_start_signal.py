"""A stop that comes while the editor is being started (it runs, but ``Popen`` has not returned: a loaded machine) is
taken once the editor is known, and the editor is told too and waited for, as for a stop that comes later. Taken at
once, it left the editor running untold, holding the command's output open after the command had ended."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from test_init_hostile import EDITOR  # the editor that keeps its work when told to stop

REPO = Path(__file__).resolve().parent.parent
# The editor started for real, and the signal sent before Popen returns, as a scheduler may have it.
SCRIPT = """
import os, signal, subprocess, sys, time
from pathlib import Path
from jiading_cli.app import editor
from jiading_cli.base import stops
stops.install()
real = subprocess.Popen
def started(*args, **kwargs):
    made = real(*args, **kwargs)
    while not Path(sys.argv[2] + ".started").exists():
        time.sleep(0.01)
    os.kill(os.getpid(), int(sys.argv[3]))
    time.sleep(0.2)
    return made
editor.subprocess.Popen = started
try:
    editor.edit([sys.argv[1]], Path(sys.argv[2]), "a.md")
except KeyboardInterrupt as exc:
    print("stopped", getattr(exc, "number", signal.SIGINT))
"""


STOPS = [signal.SIGTERM, signal.SIGHUP, signal.SIGINT]


def _as_from_a_terminal() -> None:
    """Each stop at its default, as a command started from a terminal has it: a suite run under ``nohup`` or as a
    shell's background job passes them on ignored, and an ignored stop is kept ignored, by jiading and the editor."""
    for number in STOPS:
        signal.signal(number, signal.SIG_DFL)


@pytest.mark.parametrize("signum", STOPS)
def test_a_stop_while_the_editor_starts_reaches_the_editor(tmp_path: Path, signum: int) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text(EDITOR, encoding="utf-8")
    editor.chmod(0o755)
    article = tmp_path / "a.md"
    article.write_text("---\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(editor), str(article), str(int(signum))],
        capture_output=True, text=True, env=env, timeout=30, check=False, preexec_fn=_as_from_a_terminal,
    )  # fmt: skip
    assert done.stdout == f"stopped {int(signum)}\n", done.stderr
    assert (tmp_path / "a.md.kept").read_text(encoding="utf-8") == f"kept on {signal.Signals(signum).name[3:]}\n"
