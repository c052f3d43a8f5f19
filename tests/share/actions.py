"""GitHub Actions, as far as the workflow `jiading init` writes needs it, run on this machine: a run's jobs in the order
of their ``needs``, each in a workspace of its own; ``${{ }}`` expressions and ``if:`` conditions (the operators and
functions the workflow uses); ``actions/checkout`` as it fetches and checks out (the commit that triggered the run
unless ``ref`` names another, one commit deep unless ``fetch-depth: 0``), from a local bare repository; step and job
outputs (``$GITHUB_OUTPUT``); Pages' upload and deploy as a folder that is the site online; a step's
``continue-on-error``; the workflow's ``concurrency`` group, which decides whether a run waits for another; and the
runner's clock, as ``date`` tells it, a minute on for each job."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jiading_cli import __version__

TOKEN = re.compile(r"\s*(?:('(?:[^']|'')*')|(==|!=|&&|\|\||!|\(|\)|,)|([A-Za-z_][\w.-]*)|(\S))")
SHA = re.compile(r"^[0-9a-f]{40}$")
RUN_IDS = itertools.count(1001)


class Context(dict[str, Any]):
    """A context of expressions (``github``, ``steps``, ``needs``): a missing property is null (``''``)."""

    def __getattr__(self, name: str) -> Any:
        value = self.get(name.replace("-", "_"), "")
        return Context(value) if isinstance(value, dict) else value


def evaluate(expression: str, contexts: Mapping[str, Any], status: str = "success") -> Any:
    """One expression, ``${{ }}`` taken off, translated token by token into Python's and/or/not and read."""
    python = []
    for literal, operator, name, other in TOKEN.findall(expression.strip()):
        assert not other, f"an expression this harness cannot read: {expression}"
        if literal:
            python.append(repr(literal[1:-1].replace("''", "'")))
        elif operator:
            python.append({"&&": " and ", "||": " or ", "!": " not "}.get(operator, operator))
        elif name in ("always", "success", "failure", "format"):
            python.append(f"_{name}")
        else:
            head, *rest = name.split(".")
            python.append(".".join([f"_{head}", *(part.replace("-", "_") for part in rest)]))
    names: dict[str, Any] = {f"_{key}": Context(value) for key, value in contexts.items()}
    names |= {"_always": lambda: True, "_success": lambda: status == "success", "_failure": lambda: status != "success"}
    names["_format"] = lambda text, *values: re.sub(r"\{(\d+)\}", lambda m: str(values[int(m[1])]), text)
    return eval("".join(python), {"__builtins__": {}}, names)  # the workflow's own expressions, nothing else


def interpolate(text: str, contexts: Mapping[str, Any]) -> str:
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: str(evaluate(m[1], contexts)), text)


def condition(text: str | None, contexts: Mapping[str, Any], status: str) -> bool:
    """An ``if:``: a step without one runs only while everything before it succeeded."""
    if not text:
        return status == "success"
    expression = text.strip().removeprefix("${{").removesuffix("}}")
    if not re.search(r"\b(always|success|failure)\(\)", expression):
        expression = f"success() && ({expression})"
    return bool(evaluate(expression, contexts, status))


def git(folder: Path, *args: str, env: Mapping[str, str]) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True, env=dict(env))
    return done.stdout


@dataclass
class Repository:
    """The bare repository runs check out and push to, and where the site online is."""

    tmp: Path
    origin: Path
    env: dict[str, str]  # the runner's environment
    secrets: dict[str, str] = field(default_factory=dict)  # the repository's secrets (one not set is '')
    deployed: Path | None = None  # the folder Pages serves, once a run deployed one
    checkouts: list[tuple[int, str, str]] = field(default_factory=list)  # (run id, job, commit), in order
    watch: Callable[[Repository], None] | None = None  # called after each job, to check what holds between jobs
    clock: dt.datetime = dt.datetime(2026, 11, 27, 4, 0, tzinfo=dt.UTC)  # the runners' time, as `date` says it

    def runner_path(self) -> str:
        """``PATH`` with a ``date`` that tells the runners' clock first."""
        shims = self.tmp / "runner-bin"
        if not shims.exists():
            shims.mkdir()
            real = shutil.which("date")
            assert real is not None
            (shims / "date").write_text(f'#!/bin/sh\nexec {real} -d "$RUNNER_CLOCK" "$@"\n', encoding="utf-8")
            (shims / "date").chmod(0o755)
        return f"{shims}:{self.env['PATH']}"

    def head(self) -> str:
        return git(self.origin, "rev-parse", "refs/heads/main", env=self.env).strip()


@dataclass
class JobResult:
    name: str
    status: str  # "success", "failure" or "skipped"
    steps: list[tuple[str, int, str]]  # each shell step: its script, exit status, stdout then stderr
    outputs: dict[str, str]


@dataclass
class Run:
    """One run of the workflow, for an event on ``ref`` at ``sha`` (the commit that triggered it)."""

    flow: dict[str, Any]
    repo: Repository
    event: str
    sha: str
    ref: str = "refs/heads/main"
    run_id: int = field(default_factory=lambda: next(RUN_IDS))
    jobs: dict[str, JobResult] = field(default_factory=dict)

    @property
    def github(self) -> dict[str, Any]:
        name = self.ref.rsplit("/", 1)[-1]
        return {"event_name": self.event, "sha": self.sha, "ref": self.ref, "ref_name": name, "run_id": self.run_id}

    def group(self) -> str | None:
        """The workflow's concurrency group for this run; None without one."""
        found = self.flow.get("concurrency")
        if found is None:
            return None
        return interpolate(found["group"] if isinstance(found, dict) else found, {"github": self.github})

    def ready(self) -> list[str]:
        """The jobs not run yet whose ``needs`` are done."""
        wanted = self.flow["jobs"]
        done = set(self.jobs)
        return [n for n, job in wanted.items() if n not in done and set(_needs(job)) <= done]

    def next_job(self) -> JobResult:
        """The next job that runs (those skipped before it taken as done)."""
        while (result := self.job(self.ready()[0])).status == "skipped" and self.ready():
            pass
        return result

    def whole(self) -> list[JobResult]:
        while self.ready():
            self.next_job()
        return list(self.jobs.values())

    def job(self, name: str) -> JobResult:
        spec = self.flow["jobs"][name]
        needs = {n: {"result": self.jobs[n].status, "outputs": self.jobs[n].outputs} for n in _needs(spec)}
        contexts: dict[str, Any] = {"github": self.github, "needs": needs, "steps": {}, "secrets": self.repo.secrets}
        if any(self.jobs[n].status != "success" for n in needs) or not condition(spec.get("if"), contexts, "success"):
            self.jobs[name] = JobResult(name, "skipped", [], {})
            return self.jobs[name]
        workspace = self.repo.tmp / f"run-{self.run_id}-{name}"
        workspace.mkdir()
        self.repo.clock += dt.timedelta(minutes=1)
        result = JobResult(name, "success", [], {})
        for number, step in enumerate(spec["steps"]):
            if not condition(step.get("if"), contexts, result.status):
                continue
            outputs = self._step(step, spec, workspace, contexts, result, f"{name}-{number}")
            if "id" in step:
                contexts["steps"][step["id"]] = {"outputs": outputs}
        result.outputs = {key: interpolate(value, contexts) for key, value in spec.get("outputs", {}).items()}
        self.jobs[name] = result
        if self.repo.watch is not None:
            self.repo.watch(self.repo)
        return result

    def _step(
        self, step: dict[str, Any], spec: dict[str, Any], workspace: Path, contexts: dict[str, Any], result: JobResult,
        name: str,
    ) -> dict[str, str]:  # fmt: skip
        given = {key: interpolate(str(value), contexts) for key, value in step.get("with", {}).items()}
        uses = step.get("uses", "")
        if uses.startswith("actions/checkout@"):
            commit = self._checkout(workspace, given)
            self.repo.checkouts.append((self.run_id, name.rsplit("-", 1)[0], commit))
        elif uses.startswith("actions/upload-pages-artifact@"):
            shutil.copytree(workspace / given["path"], self.repo.tmp / f"artifact-{self.run_id}")
        elif uses.startswith("actions/deploy-pages@"):
            self.repo.deployed = self.repo.tmp / f"artifact-{self.run_id}"
            return {"page_url": "https://news.example.com/"}
        elif uses:
            assert uses.startswith("actions/setup-python@"), f"an action this harness does not know: {uses}"
        elif step["run"].startswith("pip install"):
            assert step["run"] == f'pip install "jiading=={__version__}"'  # this checkout's jiading is on PATH
        else:
            return self._shell(step, spec, workspace, contexts, result, name)
        return {}

    def _shell(
        self, step: dict[str, Any], spec: dict[str, Any], workspace: Path, contexts: dict[str, Any], result: JobResult,
        name: str,
    ) -> dict[str, str]:  # fmt: skip
        output = self.repo.tmp / f"output-{self.run_id}-{name}"
        output.touch()
        env = {**self.repo.env, "GITHUB_REF_NAME": self.github["ref_name"], "GITHUB_RUN_ID": str(self.run_id)}
        env |= {
            "GITHUB_OUTPUT": str(output),
            "PATH": self.repo.runner_path(),
            "RUNNER_CLOCK": self.repo.clock.isoformat(),
        }
        for values in (spec.get("env", {}), step.get("env", {})):
            env |= {key: interpolate(str(value), contexts) for key, value in values.items()}
        script = ["bash", "-e", "-c", step["run"]]
        done = subprocess.run(script, cwd=workspace, capture_output=True, text=True, env=env, timeout=120, check=False)
        result.steps.append((step["run"], done.returncode, done.stdout + done.stderr))
        if done.returncode and not step.get("continue-on-error"):  # else its failure fails no later step
            result.status = "failure"
        pairs = (line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if "=" in line)
        return dict(pairs)

    def _checkout(self, workspace: Path, given: dict[str, str]) -> str:
        """actions/checkout: no ``ref``, the commit that triggered the run; a branch, its head now; a commit,
        that commit (detached). One commit deep, or with ``fetch-depth: 0`` every branch whole."""
        ref, commit = given.get("ref", ""), ""
        if not ref:
            ref, commit = self.ref, self.sha
        elif SHA.match(ref):
            ref, commit = "", ref
        assert not ref or ref.startswith("refs/heads/"), f"a ref this harness does not check out: {ref}"
        branch = ref.removeprefix("refs/heads/")
        env = self.repo.env
        git(workspace, "init", "--quiet", env=env)
        git(workspace, "remote", "add", "origin", self.repo.origin.as_uri(), env=env)
        if int(given.get("fetch-depth", "1")) == 0:
            git(workspace, "fetch", "--quiet", "origin", "+refs/heads/*:refs/remotes/origin/*", env=env)
        else:
            spec = f"+{commit or ref}:refs/remotes/origin/{branch}" if branch else commit
            git(workspace, "fetch", "--quiet", "--depth=1", "origin", spec, env=env)
        if branch:
            git(workspace, "checkout", "--quiet", "-B", branch, commit or f"refs/remotes/origin/{branch}", env=env)
        else:
            git(workspace, "checkout", "--quiet", "--detach", commit, env=env)
        return git(workspace, "rev-parse", "HEAD", env=env).strip()


def _needs(job: dict[str, Any]) -> list[str]:
    needs = job.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


def queued(first: Run, meanwhile: Callable[[], list[Run]]) -> list[Run]:
    """``first`` runs its first job; the runs ``meanwhile`` triggers then (an editor pushing), in order, follow as
    GitHub runs them. A run whose concurrency group is the first's waits for the whole of it, and a waiting run is
    replaced by a newer one of its group (GitHub keeps one pending run a group); a run of no common group starts
    its first job at once, beside the first run's next. The runs that ran, in order."""
    first.next_job()
    pending: dict[str, Run] = {}
    beside = []
    for run in meanwhile():
        group = run.group()
        if group is not None and group == first.group():
            pending[group] = run  # a newer pending run of the group replaces the older one
        else:
            beside.append(run)
    for run in beside:
        run.next_job()
    for run in [first, *beside, *pending.values()]:
        run.whole()
    return [first, *beside, *pending.values()]
