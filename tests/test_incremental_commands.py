"""`jiading build`, `feed build` and `validate` from the caches the runs before them left say and write what the same
command says and writes without any cache, into an empty output folder: the same exit code, the same problem
lines on stdout and stderr (the counts of files new, changed and removed aside, which a folder built before
rightly changes), and the same files.

The sweep draws sequences of what a person does between runs: an article's title, date (a year's folder, a time
still to come), summary, tags, category, language, slug (one naming a language's folder, under a permalink of
the slug alone), draft flag, ``updated`` time and translations (a key of another case, of the article's own
language, two articles naming one) edited; articles added, deleted, renamed and moved to another year's or
language's folder; an image or attachment an article names removed, restored and replaced at the same size (and
mtime); ``jiading.toml``'s title, base URL, language, feed limit, pages and permalink; a template of the site's
own written and removed; time passing, so that a scheduled article comes due; an article broken and repaired; a
file touched or written back as it was; a store of the cache deleted; and the sources aged by an hour. A second
sweep draws `syndication` records too: a post id from a few, so that two articles record one (JD187), a record
added, taken away, copied from another article, and JD187 suppressed in a file."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import TIMED, tree
from jiading_cli.cli import app
from jiading_cli.pages.theme import SHIPPED
from tinyimages import noisy_png

ID = "urn:uuid:00000000-0000-4000-8000-0000000000{n:02d}"
DEFAULT = "/{lang}/news/{year}/{month}/{slug}/"
CONFIG = """[site]
title = "{title}"
base_url = "{base}"
language = "{language}"
timezone = "Asia/Shanghai"
permalink = "{permalink}"

[feeds]
limit = {limit}

[pages]
enabled = {enabled}
per_page = {per_page}
"""
START = time.mktime((2026, 11, 27, 12, 0, 0, 0, 0, 0)) - time.timezone - 8 * 3600  # noon in Shanghai
FIELDS = ("id", "title", "date", "updated", "summary", "tags", "category", "lang", "slug", "draft", "translations")
PDF = b"%%PDF-1.4\n%% doc %02d\n%%%%EOF\n"
COUNTS = re.compile(r"\d+ (preview )?(page|asset|feed) files?\b.*|\d+ files in .*removed.*|\t\t\t.*\tremoved")
PAGES = ".jiading-pages.json"  # the pages' manifest
STATUS = re.compile(r"\t(new|changed|unchanged)$")


def _pngs() -> list[bytes]:
    """Images of one size in bytes, of other sizes in pixels (4 × 4, 2 × 8, 8 × 2)."""
    sizes: dict[int, list[bytes]] = {}
    for width, height in ((4, 4), (2, 8), (8, 2)):
        for seed in range(60):
            made = noisy_png(width, height, seed)
            sizes.setdefault(len(made), []).append(made)
    return max(sizes.values(), key=len)


PNGS = _pngs()


def moment(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(seconds + 8 * 3600))


class Person:
    """A site and what its editor does to it, drawn by ``rng``; each action says what it did."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng, self.now, self.n = root, rng, START, 0
        self.config = {"title": "Invest in Jiading", "base": "https://news.example.com", "language": "en"}
        self.config |= {"limit": "3", "enabled": "true", "per_page": "2", "permalink": DEFAULT}
        self.articles: dict[str, dict[str, object]] = {}  # file under articles/ -> its fields and body
        media = root / "articles/media"
        media.mkdir(parents=True)
        (media / "a.png").write_bytes(PNGS[0])
        (media / "b.png").write_bytes(PNGS[1])
        (media / "doc.pdf").write_bytes(PDF % 0)
        self.write_config()
        for _ in range(5):
            self.add()

    def write_config(self) -> None:
        (self.root / "jiading.toml").write_text(CONFIG.format(**self.config), encoding="utf-8")

    def text(self, fields: dict[str, object]) -> str:
        lines = []
        for key in FIELDS:
            value = fields.get(key)
            if isinstance(value, dict):
                value = "{" + ", ".join(f"{k}: '{v}'" for k, v in value.items()) + "}"
            elif isinstance(value, list):
                value = "[" + ", ".join(value) + "]"
            if value is not None:
                lines.append(f"{key}: {value}")
        if fields.get("image"):
            lines += [f"image: {fields['image']}", "image_alt: A picture"]
        if fields.get("suppress"):
            lines.append("jiading: {ignore: [JD187]}")
        if fields.get("syndication"):
            lines.append("syndication:")
            for network, remote in fields["syndication"]:  # type: ignore[attr-defined]
                lines += [f"  - network: {network}", "    state: posted", f"    remote_id: '{remote}'"]
        return "---\n" + "\n".join(lines) + "\n---\n" + str(fields["body"])

    def put(self, name: str) -> None:
        path = self.root / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.text(self.articles[name]), encoding="utf-8")

    def pick(self) -> str:
        return self.rng.choice(sorted(self.articles))

    def add(self) -> str:
        r, self.n = self.rng, self.n + 1
        lang, year = r.choice(["en", "en", "zh-CN"]), r.choice([2025, 2026])
        body = r.choice(["", "![Plan](../../media/a.png)\n", "See [the doc](../../media/doc.pdf).\n"])
        fields: dict[str, object] = {
            "id": ID.format(n=self.n),
            "title": f"Park {self.n} opens",
            "date": f"{year}-{r.randint(1, 11):02d}-{r.randint(1, 28):02d}T09:30:00+08:00",
            "summary": f"Park {self.n} opens in Jiading for investors.",
            "tags": r.sample(["finance", "parks", "talent", "Metro"], r.randint(0, 2)),
            "category": r.choice(["Investment", "Industry", None]),
            "lang": lang,
            "slug": f"park-{self.n}",
            "body": f"Jiading opens park {self.n}.\n\n{body}",
        }
        name = f"{'en' if lang == 'en' else 'zh'}/{year}/park-{self.n}.md"
        self.articles[name] = fields
        self.put(name)
        return f"{name}: added"

    def edit(self) -> str:
        r, name = self.rng, self.pick()
        fields = self.articles[name]
        key = r.choice(["title", "date", "soon", "updated", "summary", "tags", "category", "lang", "slug", "draft"])
        key = r.choice([key, "body", "image", "translations", "translations"])
        if key == "translations":
            return self.translate(name)
        fields[key if key != "soon" else "date"] = {
            "title": lambda: f"Park news {r.randint(0, 99)}",
            "date": lambda: f"{r.choice([2024, 2025, 2026])}-{r.randint(1, 11):02d}-{r.randint(10, 28)}T09:30:00+08:00",
            "soon": lambda: moment(self.now + r.choice([1800, 7200, 86400])),
            "updated": lambda: None if fields.get("updated") else moment(self.now + r.choice([-3600, 1800, 7200])),
            "summary": lambda: f"News {r.randint(0, 999)} from Jiading today.",
            "tags": lambda: r.sample(["finance", "parks", "talent", "Metro", "metro"], r.randint(0, 3)),
            "category": lambda: r.choice(["Investment", "Industry", "investment", None]),
            "lang": lambda: r.choice(["en", "zh-CN", "fr"]),
            "slug": lambda: r.choice([f"s{r.randint(0, 9)}", f"{fields['slug']}x", "zh-cn", "fr", "en", "page"]),
            "draft": lambda: None if fields.get("draft") else "true",
            "body": lambda: f"{fields['body']}\nMore news {r.randint(0, 99)}.\n",
            "image": lambda: None if fields.get("image") else r.choice(["../../media/a.png", "../../media/b.png"]),
        }[key]()
        self.put(name)
        return f"{name}: {key}"

    def syndicate(self) -> str:
        """A record added (of a post id another article may record), taken away or copied from another article, or
        JD187 suppressed in the file or no longer."""
        r, name = self.rng, self.pick()
        fields = self.articles[name]
        records: list[tuple[str, str]] = list(fields.get("syndication") or [])  # type: ignore[call-overload]
        how = r.choice(["add", "add", "remove", "copy", "suppress"])
        if how == "add":
            network = r.choice(["facebook", "linkedin"])
            remote = r.choice(["1234_1", "1234_2"]) if network == "facebook" else f"urn:li:share:{r.randint(1, 2)}"
            records = [(n, i) for n, i in records if n != network] + [(network, remote)]
        elif how == "remove":
            records = records[1:]
        elif how == "copy":
            records = list(self.articles[self.pick()].get("syndication") or [])  # type: ignore[call-overload]
        else:
            fields["suppress"] = not fields.get("suppress")
        fields["syndication"] = records
        self.put(name)
        return f"{name}: syndication {how} {records}"

    def translate(self, name: str) -> str:
        r, fields = self.rng, self.articles[name]
        if fields.get("translations"):
            fields["translations"] = None
        else:
            others = [(k, o) for k, o in self.articles.items() if o["lang"] != fields["lang"]]
            if not others:
                return "no translation"
            other_name, other = r.choice(others)
            key = r.choice([str(other["lang"]), str(other["lang"]).upper(), str(fields["lang"])])
            fields["translations"] = {key: other["id"]}
            if r.random() < 0.7:  # one both ways
                other["translations"] = {fields["lang"]: fields["id"]}
                self.put(other_name)
        self.put(name)
        return f"{name}: translations"

    def delete(self) -> str:
        if len(self.articles) <= 3:
            return self.add()
        name = self.pick()
        del self.articles[name]
        (self.root / "articles" / name).unlink()
        return f"{name}: deleted"

    def move(self) -> str:
        name = self.pick()
        folder, year, file = name.split("/")
        new = self.rng.choice(
            [f"{folder}/{year}/r{file}", f"{folder}/{2024 if year != '2024' else 2025}/{file}", f"fr/{year}/{file}"]
        )
        if new in self.articles:
            return "no move"
        self.articles[new] = self.articles.pop(name)
        (self.root / "articles" / new).parent.mkdir(parents=True, exist_ok=True)
        (self.root / "articles" / name).rename(self.root / "articles" / new)
        return f"{name}: moved to {new}"

    def media(self) -> str:
        r = self.rng
        path = self.root / "articles/media" / r.choice(["a.png", "b.png", "doc.pdf"])
        how = r.choice(["same size and mtime", "same size", "removed", "restored"])
        if how == "removed":
            path.unlink(missing_ok=True)
        elif how == "restored" or not path.exists():
            path.write_bytes(PNGS[2] if path.suffix == ".png" else PDF % 1)
        else:
            before, old = path.stat(), path.read_bytes()
            made = [p for p in PNGS if p != old] if path.suffix == ".png" else [PDF % k for k in range(10, 20)]
            path.write_bytes(r.choice(made))
            if how == "same size and mtime":
                os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        return f"{path.name}: {how}"

    def configure(self) -> str:
        r = self.rng
        key = r.choice(list(self.config))
        self.config[key] = {
            "title": lambda: f"Invest in Jiading {r.randint(0, 9)}",
            "base": lambda: r.choice(["https://news.example.com", "https://example.org/news"]),
            "language": lambda: r.choice(["en", "zh-CN"]),
            "limit": lambda: str(r.randint(1, 4)),
            "enabled": lambda: r.choice(["true", "false"]),
            "per_page": lambda: str(r.randint(1, 3)),
            "permalink": lambda: r.choice([DEFAULT, "/{slug}/"]),
        }[key]()
        self.write_config()
        return f"jiading.toml: {key} = {self.config[key]}"

    def template(self) -> str:
        r = self.rng
        name = r.choice(["article.html", "footer.html"])
        path = self.root / "templates" / name
        if path.exists() and r.random() < 0.4:
            path.unlink()
            return f"templates/{name}: removed"
        path.parent.mkdir(exist_ok=True)
        mark = r.randint(0, 9)
        if name == "footer.html":
            path.write_text(f'<footer class="site">Footer {mark}</footer>\n', encoding="utf-8")
        else:
            path.write_text((SHIPPED / name).read_text(encoding="utf-8").replace("<h1>", f'<h1 class="e{mark}">', 1))
        return f"templates/{name}: written"

    def later(self) -> str:
        self.now += self.rng.choice([1800, 3600, 86400])
        return f"now {moment(self.now)}"

    def break_one(self) -> str:
        name = self.pick()
        path = self.root / "articles" / name
        text = path.read_text(encoding="utf-8")
        how = self.rng.choice(["date: 05/01/2017", "title: [unclosed", f"id: {self.articles[self.pick()]['id']}"])
        path.write_text(re.sub(f"^{how.split(':')[0]}: .*", how, text, count=1, flags=re.M), encoding="utf-8")
        return f"{name}: broken ({how})"

    def repair(self) -> str:
        for name in self.articles:
            if (self.root / "articles" / name).read_text(encoding="utf-8") != self.text(self.articles[name]):
                self.put(name)
        return "every article repaired"

    def touch(self) -> str:
        path = self.root / "articles" / self.pick()
        if self.rng.random() < 0.5:
            path.touch()
            return f"{path.name}: touched"
        path.write_bytes(path.read_bytes())
        return f"{path.name}: written back as it was"

    def forget(self) -> str:
        cache = self.root / ".jiading-cache"
        stores = sorted(p for p in cache.rglob("*") if p.is_file()) if cache.exists() else []
        if not stores:
            return "no store to delete"
        store = self.rng.choice(stores)
        store.unlink()
        return f"{store.relative_to(cache)}: deleted"

    def age(self) -> str:
        aged(self.root)
        return "an hour later"

    def act(self, small: bool, posts: bool = False) -> str:
        """One action; ``small``: only those an incremental build follows (no setting, template or store);
        ``posts``: syndication records drawn too."""
        actions = [self.edit] * 6 + [self.add, self.delete, self.move, self.media, self.media, self.later]
        if not small:
            actions += [self.move, self.configure, self.template, self.break_one, self.repair, self.forget]
        if posts:
            actions += [self.syndicate] * 6
        return self.rng.choice([*actions, self.touch, self.age, self.age])()


def aged(root: Path) -> None:
    """Every source file and folder an hour old, as between two real runs."""
    past = time.time() - 3600
    for path in [root, *root.rglob("*")]:
        if not {".jiading-cache", "public", "public-preview"} & set(path.relative_to(root).parts):
            os.utime(path, (past, past))


def run(root: Path, args: list[str], now: str, cache: bool) -> tuple[int, list[str], list[str]]:
    """`jiading ARGS` inside ``root``: its exit code and the lines of its stdout and stderr, but for the counts of
    files new, changed, unchanged and removed, and the time taken."""
    env = {"JIADING_NOW": now, "JIADING_CONFIG": None, "JIADING_JOBS": "1", "JIADING_CACHE": None if cache else "off"}
    here = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(app, args, env=env)
    finally:
        os.chdir(here)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception

    def said(text: str) -> list[str]:
        return [STATUS.sub("", line) for line in TIMED.sub("", text).splitlines() if not COUNTS.fullmatch(line)]

    return result.exit_code, said(result.stdout), said(result.stderr)


COMMANDS = (["build"], ["build", "--include-drafts"], ["feed", "build"], ["feed", "build", "--include-drafts"])
COMMANDS += (["validate"], ["validate", "--strict"], ["build"])


def sweep(tmp_path: Path, seed: int, steps: int, small: bool = False, posts: bool = False) -> None:
    rng = random.Random(seed)
    root, cold = tmp_path / "site", tmp_path / "cold"
    root.mkdir()
    person = Person(root, rng)
    person.age()
    done: list[str] = []
    for _ in range(steps):
        done += [person.act(small, posts) for _ in range(rng.choice([1, 1, 2]))]
        command = rng.choice(COMMANDS)
        done.append(" ".join(command))
        out = root / ("public-preview" if "--include-drafts" in command else "public")
        before = tree(out) if out.exists() else {}
        said = run(root, command, moment(person.now), cache=True)
        shutil.rmtree(cold, ignore_errors=True)
        shutil.copytree(root, cold, ignore=shutil.ignore_patterns(".jiading-cache", "public", "public-preview"))
        trail = f"seed {seed}: {done}"
        assert said == run(cold, command, moment(person.now), cache=False), trail
        if command[0] == "validate":
            continue
        made = tree(out) if out.exists() else {}
        if said[0]:
            assert made == before, trail  # a failed build leaves the output as it was
            continue
        expected = tree(cold / out.name)
        if command[0] == "feed":  # the pages an earlier build made stay: the feeds' files are the cold build's
            pages = {PAGES, *json.loads(made.get(PAGES, b'{"files": {}}'))["files"]}
            made = {name: data for name, data in made.items() if name in expected or name not in pages}
        assert made == expected, trail


@pytest.mark.parametrize("seed", range(12))
def test_every_command_from_the_caches_says_and_writes_what_a_cold_one_does(tmp_path: Path, seed: int) -> None:
    sweep(tmp_path, seed, steps=15)


@pytest.mark.parametrize("seed", range(6))
def test_every_command_after_small_edits_says_and_writes_what_a_cold_one_does(tmp_path: Path, seed: int) -> None:
    """Only the edits an incremental build follows, so that most builds are incremental ones."""
    sweep(tmp_path, seed, steps=20, small=True)


@pytest.mark.parametrize("seed", range(12))
def test_every_command_after_records_of_one_post_id_says_and_writes_what_a_cold_one_does(
    tmp_path: Path, seed: int
) -> None:
    """Syndication records drawn beside the small edits: two articles recording one post id (JD187) come and go."""
    sweep(tmp_path, seed, steps=20, small=True, posts=True)


@pytest.mark.parametrize("seed", range(4))
def test_every_command_after_records_and_any_change_says_and_writes_what_a_cold_one_does(
    tmp_path: Path, seed: int
) -> None:
    """Syndication records drawn beside every other change: settings, templates, broken articles, stores deleted."""
    sweep(tmp_path, seed, steps=15, posts=True)


def _write(root: Path, name: str, n: int, lang: str, extra: str = "", slug: str = "") -> Path:
    path = root / "articles" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\nid: {ID.format(n=n)}\ntitle: Park {n} opens\ndate: 2025-0{n}-01T09:30:00+08:00\n"
        f"summary: Park {n} opens in Jiading for investors.\nlang: {lang}\nslug: {slug or f'park-{n}'}\n{extra}---\n"
        f"Jiading opens park {n}.\n",
        encoding="utf-8",
    )
    return path


def _site(tmp_path: Path, permalink: str = DEFAULT) -> Path:
    root = tmp_path / "site"
    (root / "articles").mkdir(parents=True)
    config = {"title": "T", "base": "https://news.example.com", "language": "en", "limit": "3", "enabled": "true"}
    (root / "jiading.toml").write_text(CONFIG.format(**config, per_page="2", permalink=permalink), encoding="utf-8")
    return root


Said = tuple[int, list[str], list[str]]


def _both(root: Path, *args: str) -> tuple[Said, Said]:
    """``args`` run an hour after the last change, from the caches and, in a copy, without any."""
    aged(root)
    said = run(root, list(args), moment(START), cache=True)
    cold = root.with_name("cold")
    shutil.rmtree(cold, ignore_errors=True)
    shutil.copytree(root, cold, ignore=shutil.ignore_patterns(".jiading-cache", "public"))
    return said, run(cold, list(args), moment(START), cache=False)


def test_an_incremental_feed_build_counts_the_warning_an_article_has_for_the_articles_naming_it(
    tmp_path: Path,
) -> None:
    """JD132 of an article two articles of one language name as their translation: an edit of its body keeps it."""
    root = _site(tmp_path)
    names = f"translations: {{zh-CN: '{ID.format(n=3)}'}}\n"
    _write(root, "en/park-1.md", 1, "en", names)
    _write(root, "en/park-2.md", 2, "en", names)
    chinese = _write(root, "zh/park-3.md", 3, "zh-CN", f"translations: {{en: '{ID.format(n=1)}'}}\n")
    assert _both(root, "build")[0][2] == ["Warning: 1 warning in articles; run `jiading validate`"]
    chinese.write_text(chinese.read_text(encoding="utf-8") + "\nMore news.\n", encoding="utf-8")
    said, cold = _both(root, "feed", "build")
    assert said == cold and said[2] == ["Warning: 1 warning in articles; run `jiading validate`"]


@pytest.mark.parametrize("command", [["build"], ["feed", "build"]])
def test_an_edited_slug_whose_page_takes_a_languages_folder_stops_an_incremental_build(
    tmp_path: Path, command: list[str]
) -> None:
    root = _site(tmp_path, permalink="/{slug}/")
    english = _write(root, "en/park-1.md", 1, "en")
    _write(root, "zh/park-2.md", 2, "zh-CN")
    assert _both(root, "build")[0][0] == 0
    english.write_text(english.read_text(encoding="utf-8").replace("slug: park-1", "slug: zh-cn"), encoding="utf-8")
    said, cold = _both(root, *command)
    assert said == cold and said[0] == 1
    assert "park-1.md:7: error JD125 slug: expected a page of the article's own, got '/zh-cn/'" in said[1][0]


def test_an_added_language_whose_folder_an_unchanged_articles_page_takes_stops_an_incremental_build(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path, permalink="/{slug}/")
    _write(root, "en/park-1.md", 1, "en", slug="fr")
    _write(root, "en/park-2.md", 2, "en")
    assert _both(root, "build")[0][0] == 0
    _write(root, "fr/park-3.md", 3, "fr")
    said, cold = _both(root, "build")
    assert said == cold and said[0] == 1
    assert "park-1.md:7: error JD125 slug: expected a page of the article's own, got '/fr/'" in said[1][0]


def test_a_named_file_a_feed_build_checked_since_the_last_build_is_copied_again(tmp_path: Path) -> None:
    """An attachment replaced by one of an older mtime (as ``cp -p`` leaves it) beside an article edited, then
    `feed build` and `build` at once: the feed build checked the new attachment, the build publishes it."""
    root = _site(tmp_path)
    (root / "articles/media").mkdir()
    attachment = root / "articles/media/doc.pdf"
    attachment.write_bytes(PDF % 0)
    for n in (1, 2):
        path = _write(root, f"en/park-{n}.md", n, "en")
        path.write_text(path.read_text(encoding="utf-8") + "\nSee [the doc](../media/doc.pdf).\n", encoding="utf-8")
    assert _both(root, "build")[0][0] == 0
    old = attachment.stat().st_mtime_ns
    attachment.write_bytes(PDF % 1 + b"and more\n")
    os.utime(attachment, ns=(old, old))
    edited = root / "articles/en/park-2.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMore news.\n", encoding="utf-8")
    assert run(root, ["feed", "build"], moment(START), cache=True)[0] == 0
    assert run(root, ["build"], moment(START), cache=True)[0] == 0
    assert (root / "public/media/doc.pdf").read_bytes() == PDF % 1 + b"and more\n"
