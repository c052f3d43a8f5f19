"""A sweep over long random sequences of edits of many kinds, each followed by `jiading build` (or a preview) from
the caches the builds before it left: every file of the output is the one a build without any cache, into an
empty output folder, writes from the same sources, and a build that fails leaves the output as it was.

The edits: the files articles name (an image, a lead image, an attachment) changed in place (the same size, the
same mtime too, another size), replaced by a rename, deleted (the build must fail) and added again; an article's
slug, lang, id, title, summary, body (the same size and mtime too), lead image, draft flag and translations;
articles moved to another folder, renamed, added and deleted; ``jiading.toml``'s title, ``per_page``,
``feeds.limit`` and permalink; templates of the site's own (new ones, and shipped ones overridden) written,
changed and removed; files touched. A build follows its edits at once, within the two seconds in which a file's
stat cannot be trusted, or after every source has been made an hour old; one build in four is a preview."""

from __future__ import annotations

import os
import random
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Site, tree
from jiading_cli.pages.theme import SHIPPED
from test_delta import ID, age, article, write_news
from tinyimages import noisy_png, png_bytes

PDF = b"%%PDF-1.4\n%% brochure %02d\n%%%%EOF\n"
LINKS = "\nSee [park 9](park-9.md) and [the brochure](brochure.pdf).\n"
FOOTER = '<footer class="site">Jiading news {n:02d}</footer>\n'
PAGE_404 = "<!doctype html><html lang=en><title>Gone {n:02d}</title><p>Nothing.</p></html>\n"
OVERRIDES = (  # a theme file, and a mark in it to change
    ("list.html", 'class="teasers"', 'class="teasers e{n:02d}"'),
    ("article.html", "<h1>", '<h1 class="e{n:02d}">'),
    ("base.html", "<body", "<body data-e={n:02d}"),
    ("style.css", "\n", "\n/* e{n:02d} */\n"),
)
FOLDERS = ("en", "more")  # an article moved between them keeps its image's relative path


@pytest.fixture
def news(site: Site) -> Site:
    """The feeds' tests' site (``test_delta.write_news``), with an attachment one article names, one article
    linking another and a news list of a few articles a page, built once, then aged."""
    write_news(site)
    config = site.root / "jiading.toml"
    config.write_text(config.read_text() + "\n[pages]\nper_page = 2\n")
    (site.root / "articles/en/brochure.pdf").write_bytes(PDF % 0)
    (site.root / "articles/hall.png").write_bytes(noisy_png(4, 4, 0))  # a lead image, once an article names it
    linking = site.root / "articles/en/park-7.md"
    linking.write_text(linking.read_text(encoding="utf-8") + LINKS, encoding="utf-8")
    (site.root / "articles/more").mkdir()
    aged(site.root)
    assert site.run("build").exit_code == 0
    return site


def run(site: Site, root: Path, preview: bool, cache: bool = True) -> tuple[int, dict[str, dict[str, bytes]]]:
    """`jiading build` of the site at ``root``: its exit code and every file of both output folders."""
    args = ["--config", str(root / "jiading.toml"), "build", *(["--include-drafts"] if preview else [])]
    result = site.run(*args, env=None if cache else {"JIADING_CACHE": "off"})
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, {name: tree(root / name) for name in ("public", "public-preview")}


def cold(site: Site, copy: Path, preview: bool) -> tuple[int, dict[str, dict[str, bytes]]]:
    """The same sources built without any cache into an empty output folder, in a copy."""
    shutil.rmtree(copy, ignore_errors=True)
    ignored = shutil.ignore_patterns(".jiading-cache", "public", "public-preview")
    shutil.copytree(site.root, copy, ignore=ignored, symlinks=True)
    return run(site, copy, preview, cache=False)


class Editor:
    """The edits an editor makes between two builds, drawn at random; each says what it did."""

    def __init__(self, site: Site, rng: random.Random) -> None:
        self.site, self.rng, self.root = site, rng, site.root
        self.gone: dict[Path, bytes] = {}  # a file an article names, deleted (the build must fail), to re-add

    # --- helpers -----------------------------------------------------------------------------------------
    def articles(self) -> list[Path]:
        return sorted(p for folder in ("en", "more") for p in (self.root / "articles" / folder).glob("*.md"))

    def pick(self) -> Path:
        return self.rng.choice(self.articles())

    def sub(self, path: Path, pattern: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(pattern, new, text, count=1, flags=re.MULTILINE), encoding="utf-8")

    def named(self) -> Path:
        return self.root / "articles" / self.rng.choice(["plan.png", "hall.png", "en/brochure.pdf"])

    def content(self, path: Path, step: int, same_size: bool) -> bytes:
        if path.suffix == ".pdf":
            return PDF % (step % 100) if same_size else PDF % step + b"x" * (step % 7 + 1)
        if same_size:
            size = len(path.read_bytes())
            for seed in range(step, step + 50):
                made = noisy_png(4, 4, seed)
                if len(made) == size and made != path.read_bytes():
                    return made
        return png_bytes(1 + step % 5, 2)

    # --- the edits ---------------------------------------------------------------------------------------
    def named_same_size(self, step: int) -> str:
        path = self.named()
        path.write_bytes(self.content(path, step, same_size=True))
        return f"{path.name}: same size, other bytes"

    def named_same_mtime(self, step: int) -> str:
        path = self.named()
        before = path.stat()
        path.write_bytes(self.content(path, step, same_size=True))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        return f"{path.name}: same size and mtime, other bytes"

    def named_other_size(self, step: int) -> str:
        path = self.named()
        path.write_bytes(self.content(path, step, same_size=False))
        return f"{path.name}: another size"

    def named_replaced(self, step: int) -> str:
        path = self.named()
        new = path.with_name("incoming" + path.suffix)
        before = path.stat().st_mtime_ns
        new.write_bytes(self.content(path, step, same_size=self.rng.random() < 0.5))
        if self.rng.random() < 0.5:
            os.utime(new, ns=(before, before))
        new.replace(path)
        return f"{path.name}: replaced by a rename"

    def named_deleted(self, step: int) -> str:
        path = self.named()
        self.gone[path] = path.read_bytes()
        path.unlink()
        return f"{path.name}: deleted"

    def readd(self) -> str:
        names = []
        for path, data in self.gone.items():
            path.write_bytes(data)
            names.append(path.name)
        self.gone.clear()
        return f"{', '.join(names)}: added again"

    def slug(self, step: int) -> str:
        path = self.pick()
        self.sub(path, r"^slug: .*", f"slug: {path.stem}-s{step}")
        return f"{path.name}: slug"

    def lang(self, step: int) -> str:
        path = self.pick()
        text = path.read_text(encoding="utf-8")
        if "translations:" in text or ID.format(n=9) in text:
            return "no lang change (a translated article)"
        self.sub(path, r"^lang: .*", "lang: zh-CN" if "lang: en" in text else "lang: en")
        return f"{path.name}: lang"

    def translation(self, step: int) -> str:
        zh, en = self.root / "articles/zh-CN/park-12.md", self.root / "articles/en/park-9.md"
        if not en.exists():
            return "no translation change (park 9 moved or renamed)"
        zh_text, en_text = zh.read_text(encoding="utf-8"), en.read_text(encoding="utf-8")
        if "translations:" in zh_text and "translations:" in en_text:
            self.sub(en, r"^translations: .*\n", "")
            return "park-9.md: translation removed"
        if "translations:" in zh_text:
            if self.rng.random() < 0.5:
                self.sub(zh, r"^translations: .*\n", "")
                return "park-12.md: translation removed"
            self.sub(en, r"^lang: ", f"translations: {{zh-CN: '{ID.format(n=12)}'}}\nlang: ")
            return "park-9.md: translation added"
        self.sub(zh, r"^lang: ", f"translations: {{en: '{ID.format(n=9)}'}}\nlang: ")
        return "park-12.md: translation added"

    def summary(self, step: int) -> str:
        path = self.pick()
        self.sub(path, r"^summary: .*", f"summary: News {step} from Jiading.")
        return f"{path.name}: summary"

    def title(self, step: int) -> str:
        path = self.rng.choice([*self.articles(), self.root / "articles/zh-CN/park-12.md"])
        self.sub(path, r"^title: .*", f"title: Park news {step}")
        return f"{path.name}: title"

    def body(self, step: int) -> str:
        path = self.pick()
        path.write_text(path.read_text(encoding="utf-8") + f"\nMore news {step}.\n", encoding="utf-8")
        return f"{path.name}: body"

    def body_same_mtime(self, step: int) -> str:
        """The same size and mtime, other bytes: only the ctime (and the build's two seconds) can tell."""
        path = self.pick()
        before, text = path.stat(), path.read_text(encoding="utf-8")
        changed = re.sub(r"Jiading (opens|OPENS)", lambda m: "Jiading " + m[1].swapcase(), text, count=1)
        path.write_text(changed, encoding="utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        return f"{path.name}: body, same size and mtime"

    def moved(self, step: int) -> str:
        path = self.pick()
        folder = FOLDERS[path.parent.name == "en"]
        if path.name == "park-7.md" and folder != "en":  # its links are relative to its folder
            return "no move (the linking article)"
        path.rename(self.root / "articles" / folder / path.name)
        return f"{path.name}: moved to {folder}/"

    def renamed(self, step: int) -> str:
        path = self.pick()
        if path.name == "park-9.md":  # park 7 links it by its file name
            return "no rename (a linked article)"
        path.rename(path.with_name(f"r{step}-{path.name}"))
        return f"{path.name}: renamed"

    def new_id(self, step: int) -> str:
        path = self.pick()
        if ID.format(n=9) in path.read_text(encoding="utf-8"):
            return "no id change (a translated article)"
        self.sub(path, r"^id: .*", f"id: {ID.format(n=50 + step)}")
        return f"{path.name}: id"

    def added(self, step: int) -> str:
        article(self.site, 20 + step)
        return f"park-{20 + step}.md: added"

    def deleted(self, step: int) -> str:
        path = self.pick()
        if len(self.articles()) < 5 or path.name in ("park-9.md", "park-7.md"):
            return "no deletion"
        path.unlink()
        return f"{path.name}: deleted"

    def draft(self, step: int) -> str:
        path = self.pick()
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("draft: true\n", "") if "draft: true" in text else text.replace("lang:", "draft: true\nlang:"),
            encoding="utf-8",
        )
        return f"{path.name}: draft flipped"

    def same_mtime(self, path: Path, write: Callable[[], object]) -> str:
        """``write`` run, then, half the time, the file's mtime put back as it was (or as a new file's, now)."""
        before = path.stat().st_mtime_ns if path.exists() else None
        write()
        if before is None or self.rng.random() < 0.5:
            return ""
        os.utime(path, ns=(before, before))
        return ", same mtime"

    def lead_image(self, step: int) -> str:
        path = self.pick()
        text = path.read_text(encoding="utf-8")
        if "image: " in text:
            self.sub(path, r"^image: .*\nimage_alt: .*\n", "")
            return f"{path.name}: lead image removed"
        image = self.rng.choice(["plan.png", "hall.png"])
        self.sub(path, r"^lang: ", f"image: ../{image}\nimage_alt: The plan\nlang: ")
        return f"{path.name}: lead image added"

    def config(self, step: int) -> str:
        path = self.root / "jiading.toml"
        text = path.read_text(encoding="utf-8")
        which = self.rng.choice(["title", "per_page", "limit", "permalink"])
        if which == "title":
            text = re.sub(r'^title = ".*"', f'title = "Invest in Jiading {step}"', text, count=1, flags=re.M)
        elif which == "per_page":
            text = re.sub(r"^per_page = \d+", f"per_page = {self.rng.randint(1, 4)}", text, flags=re.M)
        elif which == "limit":
            text = re.sub(r"^limit = \d+", f"limit = {self.rng.randint(1, 5)}", text, flags=re.M)
        else:
            pattern = self.rng.choice(
                ["/{lang}/news/{year}/{month}/{slug}/", "/{lang}/{category}/{slug}/", "/{lang}/n/{year}/{day}/{slug}/"]
            )
            text = re.sub(r'^permalink = ".*"\n', "", text, flags=re.M)
            text = text.replace("[site]\n", f'[site]\npermalink = "{pattern}"\n', 1)
        how = self.same_mtime(path, lambda: path.write_text(text, encoding="utf-8"))
        return f"jiading.toml: {which}{how}"

    def template(self, step: int) -> str:
        path = self.root / "templates" / self.rng.choice(["footer.html", "404.html"])
        if path.exists() and self.rng.random() < 0.5:
            path.unlink()
            return f"templates/{path.name}: removed"
        path.parent.mkdir(exist_ok=True)
        text = PAGE_404 if path.name == "404.html" else FOOTER
        how = self.same_mtime(path, lambda: path.write_text(text.format(n=step % 100), encoding="utf-8"))
        return f"templates/{path.name}: written{how}"

    def theme_file(self, step: int) -> str:
        """A file of the shipped theme replaced by the site's own: the same with one mark changed."""
        name, old, new = self.rng.choice(OVERRIDES)
        path = self.root / "templates" / name
        if path.exists() and self.rng.random() < 0.4:
            path.unlink()
            return f"templates/{name}: removed"
        path.parent.mkdir(exist_ok=True)
        text = (SHIPPED / name).read_text(encoding="utf-8").replace(old, new.format(n=step % 100), 1)
        how = self.same_mtime(path, lambda: path.write_text(text, encoding="utf-8"))
        return f"templates/{name}: written{how}"

    def touched(self, step: int) -> str:
        path = self.rng.choice([*self.articles(), self.root / "articles/plan.png", self.root / "jiading.toml"])
        path.touch()
        return f"{path.name}: touched"

    def draw(self, step: int) -> str:
        if self.gone:
            return self.readd()
        kinds: list[Callable[[int], str]] = [
            self.named_same_size,
            self.named_same_mtime,
            self.named_other_size,
            self.named_replaced,
            self.named_deleted,
            self.slug,
            self.lang,
            self.translation,
            self.translation,
            self.summary,
            self.title,
            self.body,
            self.body_same_mtime,
            self.body_same_mtime,
            self.moved,
            self.renamed,
            self.new_id,
            self.added,
            self.deleted,
            self.draft,
            self.lead_image,
            self.config,
            self.config,
            self.template,
            self.theme_file,
            self.theme_file,
            self.touched,
        ]
        return self.rng.choice(kinds)(step)


def aged(root: Path) -> None:
    """Every file and folder of the sources an hour old, as between two real runs: old enough for the folders'
    listings and the whole answers to be kept (a build straight after an edit is within two seconds of it)."""
    age(root)
    past = time.time() - 3600
    for path in [root, *root.rglob("*")]:
        if path.is_dir() and not {".jiading-cache", "public", "public-preview"} & set(path.relative_to(root).parts):
            os.utime(path, (past, past))


def sweep(site: Site, copy: Path, seed: int, steps: int) -> list[str]:
    """``steps`` random edits, each, most often at once, followed by a build or a preview compared with a cold
    one; what was done, step by step."""
    rng = random.Random(seed)
    editor, done = Editor(site, rng), []
    for step in range(steps):
        done.append(editor.draw(step))
        if rng.random() < 0.25:
            done.append(editor.draw(step + 1000))  # two edits within the same second, before one build
        if rng.random() < 0.2:
            aged(site.root)  # and sometimes a pause
        preview = rng.random() < 0.25
        before = {name: tree(site.root / name) for name in ("public", "public-preview")}
        code, made = run(site, site.root, preview)
        expected_code, expected = cold(site, copy, preview)
        trail = f"seed {seed}, step {step}: {done}"
        assert code == expected_code, trail
        if code:
            assert made == before, trail  # a failed build leaves the output as it was
        else:
            name = "public-preview" if preview else "public"
            assert made[name] == expected[name], trail
    return done


@pytest.mark.parametrize("seed", range(1, 7))
def test_random_edits_of_every_kind_give_a_cold_builds_files(news: Site, tmp_path: Path, seed: int) -> None:
    sweep(news, tmp_path / "cold", seed, steps=25)


def same_size_pair(name: str, text: bytes) -> tuple[bytes, bytes]:
    """Two contents of the file ``name`` of one size: the first, then another."""
    if name.endswith(".png"):
        old = noisy_png(4, 4, 0)
        return old, next(png for s in range(1, 50) if len(png := noisy_png(4, 4, s)) == len(old))
    if name.endswith(".pdf"):
        return PDF % 0, PDF % 1
    return text, text.replace(b"Jiading opens", b"Jiading OPENS")


@pytest.mark.parametrize("name", ["plan.png", "hall.png", "en/brochure.pdf", "en/park-5.md"])
def test_a_settled_file_changed_at_its_size_and_mtime_is_read_again(news: Site, tmp_path: Path, name: str) -> None:
    """A file a build found settled (over two seconds old), and whose digest it may keep by its stat, then
    changed with its size and mtime as they were (only its ctime tells): the next build reads it again.
    plan.png is an image in bodies, hall.png a lead image, brochure.pdf an attachment."""
    path = news.root / "articles" / name
    old, new = same_size_pair(name, path.read_bytes())
    path.write_bytes(old)
    if name == "hall.png":
        Editor(news, random.Random(0)).sub(
            news.root / "articles/en/park-3.md", r"^lang: ", "image: ../hall.png\nlang: "
        )
    aged(news.root)
    assert run(news, news.root, preview=False)[0] == 0
    before = path.stat()
    path.write_bytes(new)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert run(news, news.root, preview=False) == cold(news, tmp_path / "cold", preview=False)
