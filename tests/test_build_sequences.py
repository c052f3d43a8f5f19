"""Edits one after another, each followed by `jiading build` over a settled site: always a cold build's files.

Between two edits every input is old (as a site is between two commits), so each build may store its
answer and the next may reuse it; the outputs are left as the build wrote them. The edits include the
files articles name (a new attachment, one rewritten, one no longer named) beside the articles
themselves (added, renamed, redated, made drafts, scheduled), the site's templates, its settings and the
clock, with another command on the same caches now and then: whatever an answer is keyed by must be what
the build made, not what it started from.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from conftest import Site
from tinyimages import png_bytes, write_image

NOW = "2026-11-27T12:00:00+08:00"
SHIPPED_FOOTER = (Path(__file__).parents[1] / "src/jiading_cli/pages/templates/footer.html").read_text(encoding="utf-8")
ID = "urn:uuid:00000000-0000-4000-8000-00000001{n:04d}"


@dataclass
class Spec:
    """What article ``n`` is now: the attachments it names (beside it), its day, whether a draft, its file's name."""

    files: tuple[str, ...] = ()
    day: int = 0
    draft: bool = False
    stem: str = ""
    when: str = ""  # its date, when not a day of 2021 (``day``)
    tags: str = "[parks]"
    broken: bool = False  # a date no calendar has: the article does not validate
    title: str = ""
    link: int = 0  # the article (1 or 2, which stay) whose Markdown file its body links
    translates: int = 0  # the English article (1 or 2) it is the Chinese version of


def article(site: Site, n: int, files: tuple[str, ...] = (), spec: Spec | None = None) -> Path:
    """Article ``n``, naming the shared image and ``files`` (beside it, in ``articles/en/``)."""
    spec = spec or Spec(files, n)
    day = (
        "2021-02-30T09:30:00+08:00"
        if spec.broken
        else spec.when or f"2021-{5 + (spec.day - 1) // 28:02d}-{1 + (spec.day - 1) % 28:02d}T09:30:00+08:00"
    )
    links = "".join(f"\n\nSee [file {i}](../en/{name}).\n" for i, name in enumerate(spec.files))
    links += f"\n\nRead [park {spec.link}](../en/park-{spec.link}.md).\n" if spec.link else ""
    draft = "draft: true\n" if spec.draft else ""
    draft += f"translations: {{en: '{ID.format(n=spec.translates)}'}}\n" if spec.translates else ""
    lead = "image: ../plan.png\nimage_alt: The plan\n" if n % 2 else ""  # its size shown in the page
    lang = "zh-CN" if spec.translates else "en"
    return site.write(
        f"articles/{lang.lower()}/{spec.stem or f'park-{n}'}.md",
        f"---\nid: {ID.format(n=n)}\ntitle: {spec.title or f'Park {n} opens'}\ndate: {day}\n"
        f"summary: Park {n} opens in Jiading.\n{lead}tags: {spec.tags}\nlang: {lang}\nslug: park-{n}\n{draft}---\n"
        f"Jiading opens park {n}.\n\n![Plan](../plan.png)\n{links}",
    )


def age_inputs(root: Path, since: float) -> None:
    """The articles, the files they name and the settings changed at or after ``since`` (a time from
    ``time.time()``) an hour old, the others left as they are (a file aged has a new ctime: an edit); the output
    folder and the cache as the last build left them."""
    past = time.time() - 3600
    for path in [root / "jiading.toml", *(root / "articles").rglob("*"), *(root / "templates").rglob("*")]:
        if path.is_file() and path.stat().st_mtime >= since - 1:
            os.utime(path, (past, past))


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cold(site: Site, elsewhere: Path, now: str = NOW, command: str = "build") -> dict[str, bytes]:
    shutil.rmtree(elsewhere, ignore_errors=True)
    shutil.copytree(site.root, elsewhere, symlinks=True, ignore=shutil.ignore_patterns(".jiading-cache", "public"))
    off = {"JIADING_NOW": now, "JIADING_CACHE": "off"}
    result = site.run("--config", str(elsewhere / "jiading.toml"), *command.split(), env=off)
    assert result.exit_code == 0, result.output
    return files(elsewhere / "public")


def build(site: Site, now: str = NOW, command: str = "build", fails: bool = False) -> None:
    result = site.run(*command.split(), env={"JIADING_NOW": now})
    assert result.exit_code == (1 if fails else 0), result.output
    if fails:
        assert "JD" in result.output and "Traceback" not in result.output, result.output


# another command first, on the same caches (a preview build writes its own folder)
BEFORE = ("", "", "feed build", "validate", "build --include-drafts", "feed build --include-drafts")


class Editor:
    """The edits, drawn: each article names the shared image and some attachments of its own."""

    def __init__(self, site: Site, rng: random.Random) -> None:
        self.site, self.rng = site, rng
        self.specs: dict[int, Spec] = {}
        self.made = 0
        self.now = dt.datetime.fromisoformat(NOW)

    def attachment(self) -> str:
        self.made += 1
        name = f"doc-{self.made}.pdf"
        (self.site.root / "articles/en").mkdir(parents=True, exist_ok=True)
        (self.site.root / "articles/en" / name).write_bytes(f"%PDF-1.4 attachment {self.made}\n".encode())
        return name

    def add(self, n: int) -> None:
        self.write(n, Spec(tuple(self.attachment() for _ in range(self.rng.randint(0, 2))), n % 50 + 1))

    def write(self, n: int, spec: Spec) -> None:
        was = self.specs.get(n)
        if was is not None and was.stem != spec.stem:
            self.path(n).unlink()
        self.specs[n] = spec
        article(self.site, n, spec=spec)

    def broken(self) -> bool:
        return any(spec.broken for spec in self.specs.values())

    def path(self, n: int) -> Path:
        spec = self.specs[n]
        return self.site.root / f"articles/{'zh-cn' if spec.translates else 'en'}/{spec.stem or f'park-{n}'}.md"

    KINDS = (
        "add",
        "attachment rewritten",
        "image rewritten",
        "body",
        "names another",
        "names none",
        "delete",
        "renamed",
        "redated",
        "draft flipped",
        "scheduled",
        "clock",
        "template",
        "title",
        "tags",
        "broken",
        "linked",
        "retitled",
        "links an article",
        "translated",
        "permalink",
    )
    PERMALINKS = ("/{lang}/news/{year}/{month}/{slug}/", "/{lang}/{year}/{slug}/", "/news/{year}/{month}/{day}/{slug}/")
    STAY = (1, 2)  # never removed, renamed, or made drafts: other articles link them  # fmt: skip

    def step(self, step: int) -> str:
        rng, root = self.rng, self.site.root
        kind = rng.choice(self.KINDS)
        chosen = rng.choice(sorted(self.specs))
        spec = self.specs[chosen]
        broken = [n for n, each in self.specs.items() if each.broken]
        if broken and rng.random() < 0.6:
            self.write(broken[0], replace(self.specs[broken[0]], broken=False))
            return "fixed"
        attached = sorted({name for each in self.specs.values() for name in each.files})
        if kind == "add" or len(self.specs) < 3 or (kind == "attachment rewritten" and not attached):
            self.add(100 + step)
            return "add"
        if kind == "attachment rewritten":
            path = root / "articles/en" / rng.choice(attached)
            path.write_bytes(path.read_bytes() + f"rewritten at step {step}\n".encode())
        elif kind == "image rewritten":
            (root / "articles/plan.png").write_bytes(png_bytes(2 + step, 1))  # another size, another file
        elif kind == "body":
            path = self.path(chosen)
            path.write_text(path.read_text(encoding="utf-8") + f"\nMore news {step}.\n", encoding="utf-8")
        elif kind == "names another":
            self.write(chosen, replace(spec, files=(self.attachment(),)))
        elif kind == "names none":
            self.write(chosen, replace(spec, files=()))
        elif kind in ("renamed", "draft flipped", "delete") and chosen in self.STAY:
            return f"{kind} (left)"
        elif kind == "renamed":
            self.write(chosen, replace(spec, stem=f"moved-{step}"))
        elif kind == "redated":
            self.write(chosen, replace(spec, day=rng.randint(1, 60)))
        elif kind == "draft flipped":
            self.write(chosen, replace(spec, draft=not spec.draft))
        elif kind == "scheduled":  # published once the clock passes it
            self.write(200 + step, Spec(when=(self.now + dt.timedelta(hours=rng.choice([6, 30]))).isoformat()))
        elif kind == "clock":
            self.now += dt.timedelta(days=1)
        elif kind == "template":
            footer = root / "templates/footer.html"
            if footer.exists() and rng.random() < 0.3:
                footer.unlink()
            else:
                footer.parent.mkdir(exist_ok=True)
                footer.write_text(SHIPPED_FOOTER + f"<!-- footer of step {step} -->\n", encoding="utf-8")
        elif kind == "tags":
            self.write(chosen, replace(spec, tags=rng.choice(["[parks]", "[parks, trade]", "[trade]", "[]"])))
        elif kind == "broken":
            self.write(chosen, replace(spec, broken=True))
        elif kind == "linked" and len(attached) > 1:  # an attachment made a link to another
            path, other = rng.sample(attached, 2)
            (root / "articles/en" / path).unlink()
            (root / "articles/en" / path).symlink_to(other)
        elif kind == "retitled":
            self.write(chosen, replace(spec, title=f"Park {chosen} news of step {step}"))
        elif kind == "links an article":
            self.write(chosen, replace(spec, link=rng.choice([0, *(n for n in self.STAY if n != chosen)])))
        elif kind == "translated":
            self.write(300 + step, Spec(day=step + 1, translates=rng.choice(self.STAY)))
        elif kind == "permalink":  # the folders above the articles' pages move, and the lists' pages with per_page
            config = root / "jiading.toml"
            text = re.sub(r'permalink = ".*"\n|\n\[pages\]\nper_page = .*\n', "", config.read_text())
            text = text.replace("[site]\n", f'[site]\npermalink = "{rng.choice(self.PERMALINKS)}"\n')
            config.write_text(text + f"\n[pages]\nper_page = {rng.randint(1, 3)}\n")
        elif kind == "title":
            config = root / "jiading.toml"
            config.write_text(re.sub(r'title = ".*"', f'title = "Jiading news {step}"', config.read_text()))
        else:
            self.path(chosen).unlink()
            del self.specs[chosen]
        return kind


@pytest.mark.parametrize("command", ["build", "feed build"])
@pytest.mark.parametrize("seed", range(6))
def test_drawn_edits_each_built_over_a_settled_site_give_a_cold_builds_files(
    site: Site, tmp_path: Path, seed: int, command: str
) -> None:
    write_image(site.root / "articles/plan.png")
    rng = random.Random(seed)
    editor = Editor(site, rng)
    now = editor.now.isoformat
    for n in range(1, 5):
        editor.add(n)
    age_inputs(site.root, 0)
    build(site, now(), command)
    done = []
    for step in range(10):
        since = time.time()
        done.append(editor.step(step))
        age_inputs(site.root, since)
        before = rng.choice(BEFORE)
        if before:
            assert site.run(*before.split(), env={"JIADING_NOW": now()}).exit_code == editor.broken()
            done.append(before)
        if editor.broken():  # refused, and the output folder left as it was
            was = files(site.root / "public")
            build(site, now(), command, fails=True)
            assert files(site.root / "public") == was, done
            continue
        build(site, now(), command)
        made = cold(site, tmp_path / "cold", now(), command)
        assert files(site.root / "public") == made, done
        build(site, now(), command)  # nothing changed: the stored answer, and the same files
        assert files(site.root / "public") == made, [*done, "again"]


def test_a_file_an_added_article_names_rewritten_after_its_build_is_copied_again(site: Site, tmp_path: Path) -> None:
    write_image(site.root / "articles/plan.png")
    editor = Editor(site, random.Random(0))
    for n in range(1, 4):
        editor.add(n)
    age_inputs(site.root, 0)
    build(site)
    since = time.time()
    article(site, 9, ("report.pdf",))
    (site.root / "articles/en/report.pdf").write_bytes(b"%PDF-1.4 first\n")
    age_inputs(site.root, since)
    build(site)  # from the ledger: the added article's file is one the answer stored now is keyed by
    since = time.time()
    (site.root / "articles/en/report.pdf").write_bytes(b"%PDF-1.4 second\n")
    age_inputs(site.root, since)
    build(site)
    assert (site.root / "public/en/report.pdf").read_bytes() == b"%PDF-1.4 second\n"
    assert files(site.root / "public") == cold(site, tmp_path / "cold")


def test_a_named_file_made_a_link_to_another_is_linked_at_its_targets_url_on_the_page_made_before(
    site: Site, tmp_path: Path
) -> None:
    write_image(site.root / "articles/plan.png")
    editor = Editor(site, random.Random(0))
    for n, named in ((1, ("a.pdf",)), (2, ("b.pdf",))):
        (site.root / "articles/en" / named[0]).parent.mkdir(parents=True, exist_ok=True)
        (site.root / "articles/en" / named[0]).write_bytes(f"%PDF-1.4 {n}\n".encode())
        editor.write(n, Spec(named, n))
    age_inputs(site.root, 0)
    build(site)
    since = time.time()
    (site.root / "articles/en/a.pdf").unlink()
    (site.root / "articles/en/a.pdf").symlink_to("b.pdf")  # one file now: published once, at b.pdf's URL
    age_inputs(site.root, since)
    build(site)
    page = (site.root / "public/en/news/2021/05/park-1/index.html").read_text(encoding="utf-8")
    assert 'href="/en/b.pdf"' in page and "a.pdf" not in page
    assert not (site.root / "public/en/a.pdf").exists()
    assert files(site.root / "public") == cold(site, tmp_path / "cold")
