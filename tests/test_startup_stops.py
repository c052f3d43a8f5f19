"""A Ctrl-C while ``python -m jiading_cli`` loads jiading's own modules, whichever is loading, ends the process in
the one line ``Error: interrupted`` and status 130, never a traceback. ``__main__`` loaded the entry point outside
any handler: a Ctrl-C in the instant the entry module was being read (its bytecode compiled, as on a fresh clone's
first run) ended in a traceback through ``jiading_cli/__main__.py``."""

from __future__ import annotations

import subprocess
import sys

import pytest

# a Ctrl-C as the named module is looked for: what a signal in the instant it loads raises
INTERRUPTING = """
import runpy, sys

LOADING = sys.argv[1]

class Interrupting:
    def find_spec(self, name, path=None, target=None):
        if name == LOADING:
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, Interrupting())
sys.argv[1:] = ["validate"]
runpy.run_module("jiading_cli", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("module", ["jiading_cli.entry", "jiading_cli.base.stops", "jiading_cli.cli"])
def test_a_ctrl_c_while_any_of_jiadings_modules_loads_is_one_line(module: str) -> None:
    ended = subprocess.run(
        [sys.executable, "-c", INTERRUPTING, module], capture_output=True, text=True, timeout=60, check=False
    )
    assert (ended.returncode, ended.stderr, ended.stdout) == (130, "Error: interrupted\n", "")
