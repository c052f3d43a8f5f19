"""The CI workflow `jiading init` writes, run step by step: its `run:` lines go through bash in a clone of a
local bare repository, against the loopback Facebook and LinkedIn. Posting happens once, the syndication
records reach the repository even when another clone pushed in between, and a second run posts nothing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from pytest_httpserver import HTTPServer

from jiading_cli import __version__
from jiading_cli.app.init import workflow_text
from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import ARTICLE, NOW, TOKENS, make_site

WORKFLOW = ".github/workflows/jiading.yml"
NETWORKS = '[share]\nnetworks = ["facebook", "linkedin"]\n'
EVENT = re.compile(r"^github\.event_name (==|!=) '(\w+)'$")


@dataclass(frozen=True, slots=True)
class Step:
    condition: str
    run: str


@dataclass(frozen=True, slots=True)
class StepResult:
    run: str
    returncode: int
    output: str  # stdout, then stderr
    stdout: str


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.com", *args],
        cwd=folder, capture_output=True, text=True, check=True, env=_git_env(folder),
    )  # fmt: skip
    return done.stdout


def _git_env(home: Path) -> dict[str, str]:
    return {"PATH": os.environ["PATH"], "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C.UTF-8"}


def workflow(tmp_path: Path) -> dict[str, Any]:
    """The workflow file of a site made by `jiading init`."""
    made = tmp_path / "made"
    done = subprocess.run(
        [sys.executable, "-m", "jiading_cli", "init", str(made), "--title", "News", "--base-url",
         "https://news.example.com", "--language", "en"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    loaded: dict[str, Any] = yaml.safe_load((made / WORKFLOW).read_text(encoding="utf-8"))
    return loaded


def share_steps(flow: dict[str, Any]) -> list[Step]:
    """The share job's shell steps; `uses:` steps (checkout, Python) are what the test does itself."""
    steps = []
    for step in flow["jobs"]["share"]["steps"]:
        if "run" not in step:
            continue
        if step["run"].startswith("pip install"):
            assert step["run"] == f'pip install "jiading=={__version__}"'
            continue  # this checkout's jiading is on PATH instead
        steps.append(Step(step.get("if", ""), step["run"]))
    return steps


def applies(condition: str, event: str, failed: bool) -> bool:
    """The step conditions the workflow uses: none (runs unless a step failed), always(), an event test."""
    if condition == "always()":
        return True
    if failed:
        return False
    if not condition:
        return True
    found = EVENT.match(condition)
    assert found, f"a condition this test cannot evaluate: {condition}"
    return (event == found[2]) == (found[1] == "==")


def run_job(steps: list[Step], clone: Path, event: str, env: dict[str, str]) -> list[StepResult]:
    results: list[StepResult] = []
    failed = False
    for step in steps:
        if not applies(step.condition, event, failed):
            continue
        done = subprocess.run(
            ["bash", "-e", "-c", step.run], cwd=clone, capture_output=True, text=True, env=env, timeout=120, check=False
        )
        results.append(StepResult(step.run, done.returncode, done.stdout + done.stderr, done.stdout))
        failed = failed or done.returncode != 0
    return results


@dataclass
class Repository:
    tmp: Path
    origin: Path
    env: dict[str, str]

    def clone(self, name: str) -> Path:
        target = self.tmp / name
        git(self.tmp, "clone", "--quiet", str(self.origin), str(target))
        return target


@pytest.fixture
def repository(tmp_path: Path, httpserver: HTTPServer) -> Repository:
    """A bare `origin` holding a site whose networks are the loopback servers, with one published article."""
    work = tmp_path / "work"
    work.mkdir()
    site = make_site(work, base=httpserver.url_for("/"), reconcile=True)
    config = work / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[share]\n", NETWORKS), encoding="utf-8")
    site.article()
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    git(work, "init", "--quiet", "--initial-branch=main")
    git(work, "add", "--all")
    git(work, "commit", "--quiet", "-m", "First article")
    git(work, "push", "--quiet", str(origin), "main")
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    env = {**_git_env(tmp_path), **TOKENS, "PATH": path, "JIADING_NOW": NOW, "GITHUB_REF_NAME": "main"}
    env.pop("JIADING_CONFIG", None)
    return Repository(tmp_path, origin, env)


def serve_check(httpserver: HTTPServer) -> None:
    """The read-only calls of `share --check`."""
    page = {"id": "1234", "name": "Invest in Jiading"}
    httpserver.expect_request("/v25.0/1234", method="GET", query_string={"fields": "id,name"}).respond_with_json(page)
    organization = {"id": 5678, "localizedName": "Jiading Investment Promotion"}
    httpserver.expect_request("/rest/organizations/5678", method="GET").respond_with_json(organization)


def records_in(folder: Path) -> list[dict[str, Any]]:
    text = (folder / "articles" / "a.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    return list(front.get("syndication") or [])


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_posts_once_and_pushes_the_records_past_a_concurrent_push(
    tmp_path: Path, repository: Repository, httpserver: HTTPServer
) -> None:
    facebook = FakeFacebook(httpserver).serve()
    linkedin = FakeLinkedIn(httpserver).serve()
    serve_check(httpserver)
    steps = share_steps(workflow(tmp_path))
    shown = [s.run.split("\n")[0] for s in steps]
    assert shown == ["jiading share --check", "jiading share --post --yes", "git add --update"]

    ci = repository.clone("ci")
    other = repository.clone("other")  # an editor pushes a new draft while the job runs
    draft = other / "articles" / "b.md"
    front = {"id": "urn:uuid:5f0c2d43-1b0e-4c55-9a43-8e1f6a3c2b77", "date": "2026-11-20T09:00:00+08:00"}
    draft.write_text(ARTICLE.format(title="Next week", extra="draft: true\n", **front), encoding="utf-8")
    git(other, "add", "--all")
    git(other, "commit", "--quiet", "-m", "A draft")
    git(other, "push", "--quiet", "origin", "main")

    first = run_job(steps, ci, "schedule", repository.env)
    assert [r.returncode for r in first] == [0, 0, 0], first
    assert "ok         facebook  the token reads the Page 'Invest in Jiading' (1234)" in first[0].output
    assert "posted" in first[1].output
    assert "Push refused (attempt 1 of 5): rebasing onto the newer main." in first[2].output
    assert first[2].stdout.endswith("Syndication records pushed.\n")
    assert facebook.made == 1 and linkedin.made == 1

    fresh = repository.clone("fresh")  # what the next run checks out
    assert [r["network"] for r in records_in(fresh)] == ["facebook", "linkedin"]
    assert all(r["state"] == "posted" for r in records_in(fresh))
    assert (fresh / "articles" / "b.md").exists()
    log = git(fresh, "log", "--format=%s", "main").splitlines()
    assert log == ["Record where articles were shared", "A draft", "First article"]

    second = run_job(steps, fresh, "push", repository.env)
    assert [r.returncode for r in second] == [0, 0], second  # no check on a push
    assert "nothing to post" in second[0].output
    assert second[1].output == "No new syndication records.\n"
    assert facebook.made == 1 and linkedin.made == 1
    assert git(fresh, "log", "--format=%s", "main").splitlines() == log


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_records_that_cannot_be_pushed_fail_the_job_and_the_next_run_finds_the_posts(
    tmp_path: Path, repository: Repository, httpserver: HTTPServer
) -> None:
    facebook = FakeFacebook(httpserver).serve()
    linkedin = FakeLinkedIn(httpserver).serve()
    steps = share_steps(workflow(tmp_path))
    ci = repository.clone("ci")
    other = repository.clone("other")  # an editor edits the lines beside the records: the rebase conflicts
    article = other / "articles" / "a.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("integrated circuits]", "chips]"), encoding="utf-8")
    git(other, "commit", "--quiet", "-am", "Edit the tags")
    git(other, "push", "--quiet", "origin", "main")

    first = run_job(steps, ci, "push", repository.env)
    assert [r.returncode for r in first] == [0, 1], first
    assert "::error::The syndication records could not be pushed" in first[1].output
    assert facebook.made == 1 and linkedin.made == 1

    fresh = repository.clone("fresh")
    assert records_in(fresh) == []
    second = run_job(steps, fresh, "push", repository.env)
    assert [r.returncode for r in second] == [0, 0], second
    assert "found      facebook" in second[0].output and "found      linkedin" in second[0].output
    assert facebook.made == 1 and linkedin.made == 1  # found on the networks, not posted again
    assert "Syndication records pushed." in second[1].output


def test_the_docs_show_the_workflow_init_writes(tmp_path: Path) -> None:
    docs = (Path(__file__).parent.parent / "docs" / "sharing.md").read_text(encoding="utf-8")
    section = docs[docs.index("## Posting from CI") :]
    shown = section[section.index("```yaml\n") + 8 : section.index("```\n", section.index("```yaml\n") + 8)]
    made = yaml.safe_dump(workflow(tmp_path), sort_keys=False)
    assert yaml.safe_dump(yaml.safe_load(shown), sort_keys=False) == made
    assert shown == workflow_text()
