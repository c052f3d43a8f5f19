"""The layers hold: every import-linter contract in pyproject.toml is kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = (
    "layers",
    "thin-command-line",
    "speed-behind-the-use-cases",
    "speed-out-of-the-core",
    "speed-below-the-use-cases",
    "thin-article-and-feed-commands",
)


@pytest.mark.parametrize("contract", CONTRACTS)
def test_the_contract_holds(contract: str) -> None:
    command = [str(Path(sys.executable).parent / "lint-imports"), "--contract", contract, "--no-cache"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_every_contract_is_tested() -> None:
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"][
        "contracts"
    ]
    assert sorted(c["id"] for c in contracts) == sorted(CONTRACTS)
