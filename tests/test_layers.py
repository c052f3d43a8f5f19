"""The speed machinery stays behind the use cases: import-linter's contracts about it hold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = ("speed-out-of-the-core", "speed-below-the-use-cases", "thin-article-and-feed-commands")


@pytest.mark.parametrize("contract", CONTRACTS)
def test_the_contract_holds(contract: str) -> None:
    command = [str(Path(sys.executable).parent / "lint-imports"), "--contract", contract, "--no-cache"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout
