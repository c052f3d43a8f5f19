"""The CI workflow `jiading init` writes, read as GitHub reads it and as bash runs it: the file validates against
the GitHub Actions workflow schema (SchemaStore's, as ``check-jsonschema`` ships it), and every ``run:`` script
passes ShellCheck, with each ``${{ … }}`` expression standing for the word Actions puts there. The workflow's
behaviour is held by tests/test_ci_workflow.py; these hold its form."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from jiading_cli.app.workflow import workflow_text

BIN = Path(sys.executable).parent
EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def scripts(text: str) -> list[tuple[str, str]]:
    """Each step's ``run:`` script, by its job and step."""
    found = []
    for job, body in yaml.safe_load(text)["jobs"].items():
        for number, step in enumerate(body["steps"], 1):
            if "run" in step:
                found.append((f"{job}, step {number}", step["run"]))
    return found


def test_the_workflow_is_one_github_actions_reads(tmp_path: Path) -> None:
    workflow = tmp_path / "jiading.yml"
    workflow.write_text(workflow_text(), encoding="utf-8")
    checker = BIN / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("where", "script"), scripts(workflow_text()), ids=lambda value: str(value)[:40])
def test_every_run_script_passes_shellcheck(tmp_path: Path, where: str, script: str) -> None:
    # Actions runs a step's script as `bash -e {file}`; an expression is replaced by its value before it runs
    text = "#!/usr/bin/env bash\nset -e\n" + EXPRESSION.sub("EXPRESSION", script)
    path = tmp_path / "step.sh"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "shellcheck"), "--shell=bash", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{where}:\n{result.stdout}{result.stderr}"


def test_the_checks_have_scripts_to_read() -> None:
    """Nothing above passes for want of a script: the workflow has the scripts a run depends on."""
    found = scripts(workflow_text())
    assert len(found) >= 6
    assert any("$GITHUB_OUTPUT" in script for _, script in found)
