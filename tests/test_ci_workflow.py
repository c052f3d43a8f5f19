"""The CI workflow `jiading init` writes, run as GitHub Actions runs it (``share/actions.py``): each job in a
workspace of its own, checking out what the workflow's own ``ref:`` names from a local bare repository, its
``run:`` lines through bash, against the loopback Facebook, LinkedIn and SMTP server. Runs that follow one
another post each article once to each network, email included, even when the second was triggered by a commit
made before the first pushed its records; a link is posted only once its page is deployed; the records reach the
repository when an editor pushed in between, and a run replaced while it waited loses nothing."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import jiading_cli
from jiading_cli.app.workflow import workflow_text
from share.actions import Repository, Run, condition, git, queued
from share.fakes import FakeFacebook, FakeLinkedIn
from share.sites import ARTICLE, NOW, TOKENS, make_site
from share.smtpd import Inbox, smtp_server

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

WORKFLOW = ".github/workflows/jiading.yml"
NETWORKS = ("facebook", "linkedin", "email")
FIRST = "/en/news/2017/07/a/"


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


def _page(url: str) -> str:
    return urlsplit(url).path


@dataclass
class Site:
    """The repository, the networks the runs post to, and an editor's clone that pushes to it."""

    tmp: Path
    repo: Repository
    flow: dict[str, Any]
    facebook: FakeFacebook
    linkedin: FakeLinkedIn
    inbox: Inbox
    editor: Path

    def run(self, event: str, sha: str | None = None) -> Run:
        """A run triggered by ``event`` on main (by its head now, unless ``sha`` names the commit)."""
        return Run(self.flow, self.repo, event, sha or self.repo.head())

    def push(self, name: str, title: str, number: int, date: str = "2026-11-20T09:00:00+08:00") -> str:
        """An editor adds an article and pushes it: the commit, which triggers a run."""
        git(self.editor, "pull", "--quiet", "--rebase", env=self.repo.env)
        front = {"id": f"urn:uuid:5f0c2d43-1b0e-4c55-9a43-8e1f6a3c2b{number:02d}", "date": date}
        (self.editor / "articles" / name).write_text(ARTICLE.format(title=title, extra="", **front), encoding="utf-8")
        git(self.editor, "add", "--all", env=self.repo.env)
        git(self.editor, "commit", "--quiet", "-m", f"Add {title}", env=self.repo.env)
        git(self.editor, "push", "--quiet", "origin", "main", env=self.repo.env)
        return self.repo.head()

    def checked_out(self, run: Run, job: str) -> str:
        """The commit ``job`` of ``run`` checked out."""
        [commit] = [commit for number, name, commit in self.repo.checkouts if (number, name) == (run.run_id, job)]
        return commit

    def log(self, commit: str) -> list[str]:
        return git(self.repo.origin, "log", "--format=%s", commit, env=self.repo.env).splitlines()

    def posted(self) -> Counter[tuple[str, str]]:
        """How many times each page was posted to each network: by the post's link, or the email's."""
        found: Counter[tuple[str, str]] = Counter()
        found.update(("facebook", _page(p["attachments"]["data"][0]["unshimmed_url"])) for p in self.facebook.posts)
        found.update(("linkedin", _page(p["content"]["article"]["source"])) for p in self.linkedin.posts)
        for index in range(len(self.inbox.messages)):
            plain = self.inbox.parsed(index).get_body(("plain",))
            assert plain is not None
            link = re.search(r"Read it online: (\S+)", plain.get_content())
            assert link, plain.get_content()
            found["email", _page(link[1])] += 1
        return found

    def records(self) -> dict[str, list[str]]:
        """The networks each article of main records, by file."""
        fresh = self.tmp / f"fresh-{len(list(self.tmp.glob('fresh-*')))}"
        git(self.tmp, "clone", "--quiet", str(self.repo.origin), str(fresh), env=self.repo.env)
        found = {}
        for path in sorted((fresh / "articles").glob("*.md")):
            front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
            found[path.name] = [r["network"] for r in front.get("syndication") or [] if r["state"] == "posted"]
        return found


def online(site: Site) -> None:
    """Between any two jobs: every link posted is a page the site online has (a card, never a broken one)."""
    for _network, page in site.posted():
        assert site.repo.deployed is not None, f"{page} was posted before any page was deployed"
        assert (site.repo.deployed / page.lstrip("/") / "index.html").is_file(), f"{page} posted before it was online"


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer) -> Iterator[Site]:
    """A bare `origin` holding a site of one published article, whose networks are the loopback servers."""
    with smtp_server(starttls=False, require_tls_auth=False) as inbox:
        work = tmp_path / "work"
        work.mkdir()
        made = make_site(work, base=httpserver.url_for("/"), smtp_port=inbox.port, reconcile=True)
        config = work / "jiading.toml"
        config.write_text(
            config.read_text(encoding="utf-8").replace("[share]\n", f"[share]\nnetworks = {json.dumps(NETWORKS)}\n"),
            encoding="utf-8",
        )
        made.article()
        origin = tmp_path / "origin.git"
        path = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
        env = {"PATH": path, "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C.UTF-8"}
        env["PYTHONPATH"] = str(Path(jiading_cli.__file__).parent.parent)  # the runner's jiading: this one
        env |= {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.com"}
        env |= {"GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.com"}
        git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin), env=env)
        git(work, "init", "--quiet", "--initial-branch=main", env=env)
        git(work, "add", "--all", env=env)
        git(work, "commit", "--quiet", "-m", "First article", env=env)
        git(work, "push", "--quiet", str(origin), "main", env=env)
        git(tmp_path, "clone", "--quiet", str(origin), str(tmp_path / "editor"), env=env)
        repo = Repository(tmp_path, origin, env, dict(TOKENS), clock=dt.datetime.fromisoformat(NOW))  # no JIADING_NOW
        found = Site(tmp_path, repo, workflow(tmp_path), FakeFacebook(httpserver).serve(),
                     FakeLinkedIn(httpserver).serve(), inbox, tmp_path / "editor")  # fmt: skip
        repo.watch = lambda _repo: online(found)
        serve_check(httpserver)
        yield found


def serve_check(httpserver: HTTPServer) -> None:
    """The read-only calls of `share --check`."""
    page = {"id": "1234", "name": "Invest in Jiading"}
    httpserver.expect_request("/v25.0/1234", method="GET", query_string={"fields": "id,name"}).respond_with_json(page)
    organization = {"id": 5678, "localizedName": "Jiading Investment Promotion"}
    httpserver.expect_request("/rest/organizations/5678", method="GET").respond_with_json(organization)


def shell(run: Run, job: str) -> list[tuple[str, int, str]]:
    """The job's shell steps that ran, each by its first line: (line, exit status, output)."""
    return [(script.split("\n")[0], status, output) for script, status, output in run.jobs[job].steps]


def said(run: Run, job: str, line: str) -> str:
    """The output of the step of ``job`` whose script starts with ``line``."""
    [output] = [output for first, _, output in shell(run, job) if first.startswith(line)]
    return output


def test_the_workflow_serializes_publishing_runs_and_shares_what_it_deployed(tmp_path: Path) -> None:
    """The settings exactly-once rests on, so that an edit dropping one fails here as well as below."""
    flow = workflow(tmp_path)
    groups = {}
    for event, ref in [("push", "refs/heads/main"), ("schedule", "refs/heads/main"),
                       ("workflow_dispatch", "refs/heads/main"), ("pull_request", "refs/pull/7/merge"),
                       ("workflow_dispatch", "refs/heads/feature")]:  # fmt: skip
        two = [Run(flow, Repository(tmp_path, tmp_path, {}), event, "0" * 40, ref) for _ in range(2)]
        groups[event, ref] = [run.group() for run in two]
        jobs = {name for name, job in flow["jobs"].items() if _if(job, two[0])}
        assert jobs == ({"build", "share"} if ref == "refs/heads/main" else {"validate"}), (event, ref)
    publishing = {group for (_, ref), pair in groups.items() if ref == "refs/heads/main" for group in pair}
    assert len(publishing) == 1, groups  # every run that publishes main waits for the one before
    others = [group for (_, ref), pair in groups.items() if ref != "refs/heads/main" for group in pair]
    assert len(set(others)) == len(others) and not set(others) & publishing  # the others never wait
    assert flow["concurrency"]["cancel-in-progress"] is False
    assert all("concurrency" not in job for job in flow["jobs"].values())
    build, share = flow["jobs"]["build"], flow["jobs"]["share"]
    assert build["steps"][0] == {"uses": "actions/checkout@v4", "with": {"ref": "${{ github.ref }}"}}
    assert build["outputs"] == {"commit": "${{ steps.built.outputs.commit }}", "now": "${{ steps.built.outputs.now }}"}
    assert build["steps"][1]["id"] == "built"
    assert build["steps"][1]["run"].startswith('echo "commit=$(git rev-parse HEAD)" >> "$GITHUB_OUTPUT"\n')
    [built] = [step for step in build["steps"] if step.get("run") == "jiading build"]
    assert built["env"] == {"JIADING_NOW": "${{ steps.built.outputs.now }}"}  # share posts as of the same moment
    assert share["env"]["JIADING_NOW"] == "${{ needs.build.outputs.now }}"
    assert share["needs"] == "build"
    checkout = {"ref": "${{ needs.build.outputs.commit }}", "fetch-depth": 0}
    assert share["steps"][0] == {"uses": "actions/checkout@v4", "with": checkout}
    steps = [step.get("name") or step.get("run") or step["uses"] for step in share["steps"]]
    guard = steps.index("Stop while syndication records wait outside main")  # records left on a branch
    assert guard < steps.index("jiading share --post --yes") and "if" not in share["steps"][guard]


def _if(job: dict[str, Any], run: Run) -> bool:
    return condition(job.get("if"), {"github": run.github}, "success")


def test_a_run_triggered_before_the_one_before_pushed_its_records_posts_nothing_again(site: Site) -> None:
    first = site.run("push", site.push("b.md", "Second article", 1))
    second: list[Run] = []

    def meanwhile() -> list[Run]:  # while the first run builds: a push, whose commit has none of its records
        second.append(site.run("push", site.push("c.md", "Third article", 2)))
        return second

    ran = queued(first, meanwhile)
    pages = (FIRST, "/en/news/2026/11/b/", "/en/news/2026/11/c/")
    assert site.posted() == {(network, page): 1 for network in NETWORKS for page in pages}
    assert ran == [first, *second]
    assert [job.status for run in ran for job in run.jobs.values()] == ["skipped", "success", "success"] * 2
    pushed = said(first, "share", "git add --update")
    assert "Push refused (attempt 1 of 5): rebasing onto the newer main." in pushed
    assert "Syndication records pushed.\n" in pushed
    posts = re.findall(r"^posted +(\w+) +(\S+)", said(second[0], "share", "jiading share --post"), re.MULTILINE)
    assert posts == [(network, "articles/c.md") for network in NETWORKS]  # only what the first run did not post
    assert site.records() == {name: list(NETWORKS) for name in ("a.md", "b.md", "c.md")}
    built, shared = (site.checked_out(second[0], job) for job in ("build", "share"))
    assert shared == built and "Record where articles were shared" in site.log(built)  # the first run's records


def test_a_waiting_run_replaced_by_a_newer_one_loses_nothing(site: Site) -> None:
    first = site.run("schedule")
    waiting: list[Run] = []

    def meanwhile() -> list[Run]:  # two pushes while the daily run builds: the second run waits, the third replaces it
        waiting.append(site.run("push", site.push("b.md", "Second article", 1)))
        waiting.append(site.run("workflow_dispatch", site.push("c.md", "Third article", 2)))
        return waiting

    ran = queued(first, meanwhile)
    assert ran == [first, waiting[1]] and waiting[0].jobs == {}
    assert [status for _, status, _ in shell(first, "share")] == [0, 0, 0, 0]  # --check on the daily run
    checked = said(first, "share", "jiading share --check")
    assert "ok         facebook  the token reads the Page 'Invest in Jiading' (1234)" in checked
    pages = (FIRST, "/en/news/2026/11/b/", "/en/news/2026/11/c/")
    assert site.posted() == {(network, page): 1 for network in NETWORKS for page in pages}
    assert site.records() == {name: list(NETWORKS) for name in ("a.md", "b.md", "c.md")}


def test_an_article_that_comes_due_between_build_and_share_waits_for_the_next_run(site: Site) -> None:
    due = (site.repo.clock + dt.timedelta(seconds=90)).isoformat()  # the first run builds a minute on, shares two
    first = site.run("push", site.push("b.md", "Second article", 1, date=due))
    first.whole()
    assert site.repo.deployed is not None and not (site.repo.deployed / "en" / "news" / "2026").exists()
    assert site.posted() == {(network, FIRST): 1 for network in NETWORKS}  # not online, so not posted
    site.run("schedule").whole()
    pages = (FIRST, "/en/news/2026/11/b/")
    assert site.posted() == {(network, page): 1 for network in NETWORKS for page in pages}


def test_records_that_cannot_be_pushed_wait_on_a_branch_and_nothing_is_posted_until_it_is_merged(site: Site) -> None:
    first = site.run("push")
    second: list[Run] = []
    article = site.editor / "articles" / "a.md"

    def edit_the_tags() -> None:  # the lines beside the records: their rebase conflicts
        text = article.read_text(encoding="utf-8")
        article.write_text(text.replace("integrated circuits]", "chips]"), encoding="utf-8")

    def meanwhile() -> list[Run]:
        edit_the_tags()
        git(site.editor, "commit", "--quiet", "-am", "Edit the tags", env=site.repo.env)
        git(site.editor, "push", "--quiet", "origin", "main", env=site.repo.env)
        second.append(site.run("push"))
        return second

    queued(first, meanwhile)
    branch = f"jiading-records-{first.run_id}"
    assert first.jobs["share"].status == "failure"
    assert f"they are on the branch {branch}. Merge it into main: no run posts until then." in said(
        first, "share", "git add"
    )
    stopped = shell(second[0], "share")  # the next run posts nothing, where it would have sent the email again
    assert [status for _, status, _ in stopped] == [1, 0] and second[0].jobs["share"].status == "failure"
    assert f"::error::The branch {branch} holds syndication records main does not have: merge it" in stopped[0][2]
    assert site.posted() == {(network, FIRST): 1 for network in NETWORKS}
    assert site.records() == {"a.md": []}

    git(site.editor, "fetch", "--quiet", "origin", env=site.repo.env)  # the editor merges it, the edit kept
    merging = ["git", "merge", "--quiet", f"origin/{branch}"]
    assert subprocess.run(merging, cwd=site.editor, env=site.repo.env, capture_output=True, check=False).returncode
    git(site.editor, "checkout", "--theirs", "articles/a.md", env=site.repo.env)
    edit_the_tags()
    git(site.editor, "commit", "--quiet", "--no-edit", "-a", env=site.repo.env)
    git(site.editor, "push", "--quiet", "origin", "main", env=site.repo.env)
    third = site.run("push")
    third.whole()
    assert [status for _, status, _ in shell(third, "share")] == [0, 0, 0]
    assert "nothing to post; skipped: 3 already posted" in said(third, "share", "jiading share --post")
    assert site.posted() == {(network, FIRST): 1 for network in NETWORKS}
    assert site.records() == {"a.md": list(NETWORKS)}
    assert "chips]" in article.read_text(encoding="utf-8")


def test_the_hub_is_pinged_once_the_new_feeds_are_online_and_a_refusal_stops_no_post(
    site: Site, httpserver: HTTPServer
) -> None:
    """The build job pings the WebSub hub only after its deploy step: each feed the hub is told of, fetched then,
    is the new one, with the article just pushed. A hub that refuses fails that step alone: the posts go out."""
    pinged: list[tuple[str, bool]] = []

    def hub(request: Request) -> Response:
        url = request.form["hub.url"]
        feed = None if site.repo.deployed is None else site.repo.deployed / urlsplit(url).path.lstrip("/")
        pinged.append((url, feed is not None and feed.is_file() and "Second story" in feed.read_text("utf-8")))
        return Response("", status=503 if len(pinged) == 1 else 204)

    httpserver.expect_request("/hub", method="POST").respond_with_handler(hub)
    config = site.editor / "jiading.toml"
    hubbed = config.read_text(encoding="utf-8") + f'\n[feeds]\nwebsub_hub = "{httpserver.url_for("/hub")}"\n'
    config.write_text(hubbed, encoding="utf-8")
    git(site.editor, "commit", "--quiet", "--all", "-m", "Name the WebSub hub", env=site.repo.env)
    run = site.run("push", site.push("b.md", "Second story", 2))
    run.whole()
    assert len(pinged) == 12 and all(online for _, online in pinged), pinged  # each feed the build made, once
    [(status, output)] = [(status, out) for first, status, out in shell(run, "build") if first == "jiading feed ping"]
    assert status == 1 and "503 SERVICE UNAVAILABLE" in output
    assert run.jobs["build"].status == "success" and run.jobs["share"].status == "success"
    assert site.posted()["facebook", "/en/news/2026/11/b/"] == 1


def test_the_docs_show_the_workflow_init_writes(tmp_path: Path) -> None:
    docs = (Path(__file__).parent.parent / "docs" / "sharing.md").read_text(encoding="utf-8")
    section = docs[docs.index("## Posting from CI") :]
    shown = section[section.index("```yaml\n") + 8 : section.index("```\n", section.index("```yaml\n") + 8)]
    made = yaml.safe_dump(workflow(tmp_path), sort_keys=False)
    assert yaml.safe_dump(yaml.safe_load(shown), sort_keys=False) == made
    assert shown == workflow_text()
