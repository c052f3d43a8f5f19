"""JD168: a published article linking the Markdown file of a draft or a scheduled article links a page no build
makes. The verdict depends on the other article's status and on the run's moment, so every reuse of validation
results (the stored answers and their time window, the per-article checks, the feed ledger, the page facts) must
judge the linking article again when the linked one's draft flag or date changes, or the moment passes its date."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site, tree

ID = "urn:uuid:00000000-0000-4000-8000-0000000000{n:02d}"
# what each status is written as: a date, and whether it is a draft
STATUS = {
    "published": ("2021-03-01T09:00:00+08:00", False),
    "early": ("2026-12-15T09:00:00+08:00", False),  # scheduled at the first moment, published at the others
    "late": ("2027-01-10T09:00:00+08:00", False),  # scheduled but at the last moment
    "draft": ("2021-03-01T09:00:00+08:00", True),
    "newer": ("2022-03-01T09:00:00+08:00", False),
}
SITE = CONFIG + "\n[feeds]\nlimit = 2\n"
STATES = ["published", "early", "late", "draft"]
MOMENTS = ["2026-11-27T12:00:00+08:00", "2026-12-20T12:00:00+08:00", "2027-02-01T12:00:00+08:00"]
LINKS = {"relative": "b.md", "up": "../en/b.md#part"}


def write(site: Site, name: str, n: int, state: str, body: str, when: float) -> None:
    date, draft = STATUS[state]
    text = (
        f"---\nid: {ID.format(n=n)}\ntitle: Article {n}\ndate: {date}\n"
        f"summary: Article {n} of the site, long enough a summary.\n{'draft: true' + chr(10) if draft else ''}---\n"
        + body
    )
    path = site.root / "articles" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.write_text(text, encoding="utf-8")
    os.utime(path, (when, when))  # an edit made a while ago, as between two runs


def lay_out(site: Site, linker: str, target: str, link: str, when: float) -> None:
    write(site, "en/a.md", 1, linker, f"See [the other one]({LINKS[link]}).\n", when)
    write(site, "en/b.md", 2, target, "The other one.\n", when)
    for n in range(3, 7):  # newer, and so the feeds' only items: the linking article's item is never made
        write(site, f"en/c{n}.md", n, "newer", f"Filler {n}.\n", when)


def run(site: Site, root: Path, moment: str, *args: str, cache: bool = True) -> tuple[int, list[str]]:
    env = {"JIADING_NOW": moment, **({} if cache else {"JIADING_CACHE": "off"})}
    result = site.run("--config", str(root / "jiading.toml"), *args, env=env)
    errors = [line.split(": ", 1)[1] for line in result.output.splitlines() if " error JD" in line]
    return result.exit_code, errors


def cold(site: Site, scratch: Path, moment: str) -> tuple[int, list[str], dict[str, bytes]]:
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(site.root, scratch, ignore=shutil.ignore_patterns(".jiading-cache", "public*"))
    code, errors = run(site, scratch, moment, "build", cache=False)
    return code, errors, tree(scratch / "public") if code == 0 else {}


def expected(linker: str, target: str, moment: str) -> bool:
    """Whether JD168 is due: the linker published at ``moment``, the target not."""

    def published(state: str) -> bool:
        return not STATUS[state][1] and STATUS[state][0] <= moment  # all written at +08:00

    return published(linker) and not published(target)


def test_validate_and_build_report_a_link_to_a_draft_and_a_preview_builds_it(site: Site) -> None:
    site.write("jiading.toml", SITE)
    lay_out(site, "published", "draft", "relative", time.time() - 3600)
    result = site.run("validate")
    assert result.exit_code == 1
    assert (
        "articles/en/a.md:7: error JD168 body: expected a link to a published article, got 'b.md', articles/en/b.md, "
        "a draft (no page is built for it): publish it (leave out draft: true), or link it once it is published"
    ) in result.output
    build = site.run("build")
    assert build.exit_code == 1 and "JD168" in build.output
    assert not (site.root / "public").exists()
    preview = site.run("build", "--include-drafts")
    assert preview.exit_code == 0, preview.output
    page = (site.root / "public-preview/en/news/2021/03/a/index.html").read_text(encoding="utf-8")
    assert 'href="/en/news/2021/03/b/"' in page


def test_a_link_to_a_scheduled_article_names_its_date_until_the_moment_passes_it(site: Site) -> None:
    site.write("jiading.toml", SITE)
    lay_out(site, "published", "late", "up", time.time() - 3600)
    result = site.run("validate", "--format", "json", env={"JIADING_NOW": MOMENTS[1]})
    (found,) = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "JD168"]
    assert found["message"].endswith(
        "got '../en/b.md#part', articles/en/b.md, scheduled for 2027-01-10T09:00:00+08:00 (no page is built for it "
        "before then): date this article on or after it, or link it once it is published"
    )
    assert site.run("build", env={"JIADING_NOW": MOMENTS[1]}).exit_code == 1
    assert site.run("build", env={"JIADING_NOW": MOMENTS[2]}).exit_code == 0


def test_an_incremental_build_after_the_draft_is_published_is_a_cold_one(site: Site, tmp_path: Path) -> None:
    site.write("jiading.toml", SITE)
    moment = MOMENTS[0]
    lay_out(site, "published", "published", "relative", time.time() - 7200)
    assert run(site, site.root, moment, "build")[0] == 0
    lay_out(site, "published", "draft", "relative", time.time() - 3600)
    code, errors = run(site, site.root, moment, "build")
    assert (code, [e.split(" body:")[0] for e in errors]) == (1, ["error JD168"])
    lay_out(site, "published", "published", "relative", time.time() - 1800)
    assert run(site, site.root, moment, "build")[0] == 0
    assert tree(site.root / "public") == cold(site, tmp_path / "cold", moment)[2]


@settings(max_examples=12)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(STATES),
            st.sampled_from(STATES),
            st.sampled_from(MOMENTS),
            st.sampled_from(sorted(LINKS)),
        ),
        min_size=2,
        max_size=4,
    )
)
# a linking article published while the draft it links is left as it was, its item in no feed (limit = 2)
@example(steps=[("draft", "draft", MOMENTS[0], "relative"), ("published", "draft", MOMENTS[0], "relative")])
# the moment passes the linking article's date, not the linked one's
@example(steps=[("early", "late", MOMENTS[0], "up"), ("early", "late", MOMENTS[1], "up")])
def test_cached_and_uncached_runs_agree_over_statuses_and_moments(
    tmp_path_factory: object, steps: list[tuple[str, str, str, str]]
) -> None:
    """Whatever the linking and the linked article's status and the run's moment, one after another: `validate`
    and `build` with every store in `.jiading-cache/` report what runs without any cache report, JD168 exactly when
    it is due, and write the same files."""
    from typer.testing import CliRunner

    root = Path(tmp_path_factory.mktemp("site"))  # type: ignore[attr-defined]
    site = Site(root, CliRunner())
    site.write("jiading.toml", SITE)
    when = time.time() - 36000
    for linker, target, moment, link in steps:
        when += 600
        lay_out(site, linker, target, link, when)
        due = expected(linker, target, moment)
        code, errors = run(site, root, moment, "build")
        fresh = cold(site, root.parent / (root.name + "-cold"), moment)
        assert (code, errors) == fresh[:2]
        if code == 0:
            assert tree(root / "public") == fresh[2]
        checked = run(site, root, moment, "validate")
        assert checked == run(site, root, moment, "validate", cache=False)
        assert any("JD168" in line for line in checked[1]) == due
