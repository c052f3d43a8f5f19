"""`jiading init`: a new site that validates and builds at once.

It writes ``jiading.toml`` (every key of the schema, documented, the unset ones commented out),
one example article per language (each linking the others as translations), a ``.gitignore`` and a
CI workflow. Every file is checked first: if any exists, nothing is written.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jiading_cli import __version__
from jiading_cli.base.files import create_new
from jiading_cli.config import CONFIG_NAME, SECTIONS, base_url
from jiading_cli.content.messages import catalogue_name
from jiading_cli.model import kinds
from jiading_cli.model.errors import FileExistsProblem, JiadingError, UsageError

WORKFLOW = ".github/workflows/jiading.yml"


@dataclass(frozen=True, slots=True)
class SiteAnswers:
    """What a new site is made from (from prompts or options)."""

    title: str
    base_url: str
    languages: tuple[str, ...]
    timezone: str


@dataclass(frozen=True, slots=True)
class NewFile:
    path: str  # relative to the site folder, '/'-separated
    text: str


DEFAULTS = SiteAnswers("News", "https://www.example.com", ("en",), "UTC")

# The example article in each shipped catalogue's language: title, summary, body.
EXAMPLES: dict[str, tuple[str, str, str]] = {
    "en": (
        "Welcome to {title}",
        "The first article of {title}: what this news section is and how its articles are written.",
        "This is the first article of **{title}**. Each article is a Markdown file with front matter "
        "between the `---` lines: its permanent `id`, `title`, `date`, `summary` and more.\n\n"
        "## Writing the next one\n\n"
        '- `jiading new-article "Title"` creates a draft beside this file;\n'
        "- `jiading validate` checks every article;\n"
        "- `jiading build` writes the pages and feeds to the output folder.\n",
    ),
    "zh-Hans": (
        "欢迎访问{title}",
        "{title}的第一篇文章：介绍本新闻栏目，以及文章的写作方法和发布流程。",
        "这是**{title}**的第一篇文章。每篇文章都是一个 Markdown 文件，开头的 `---` 之间是文章信息："
        "永久 `id`、`title`、`date`、`summary` 等。\n\n"
        "## 写下一篇文章\n\n"
        '- `jiading new-article "标题"` 在本文件旁边创建草稿；\n'
        "- `jiading validate` 检查所有文章；\n"
        "- `jiading build` 把页面和订阅源写入输出文件夹。\n",
    ),
}


def _checked(option: str, checker: Callable[[Any], Any], value: str) -> Any:
    try:
        return checker(value)
    except kinds.Expected as exc:
        raise UsageError(f"{option}: expected {exc.expected}, got {value!r}") from None


def answers(title: str, url: str, languages: Sequence[str], timezone: str) -> SiteAnswers:
    """The answers checked as the config would check them; one readable error for the first wrong one."""
    langs = [_checked("--language", kinds.lang_tag, lang) for value in languages for lang in value.split(",") if lang]
    if not langs:
        raise UsageError("--language: expected at least one BCP 47 language tag such as 'en' or 'zh-CN'")
    if len({lang.lower() for lang in langs}) != len(langs):
        raise UsageError(f"--language: expected each language once, got {', '.join(langs)}")
    return SiteAnswers(
        title=_checked("--title", kinds.nonempty_text, title),
        base_url=_checked("--base-url", base_url, url),
        languages=tuple(langs),
        timezone=_checked("--timezone", kinds.timezone_name, timezone),
    )


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()  # a TOML local date
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # JSON's escapes are TOML's basic-string escapes


def config_text(site: SiteAnswers, today: dt.date | None = None) -> str:
    """``jiading.toml``: every key of every section (sharing's and each network's too) with its documentation;
    the answers set, the rest commented. ``share.since`` is ``today``: older articles are never posted unasked."""
    from jiading_cli.share.registry import current

    chosen: dict[str, Any] = {
        "site.title": site.title,
        "site.base_url": site.base_url,
        "site.language": site.languages[0],
        "site.timezone": site.timezone,
    }
    if today is not None:
        chosen["share.since"] = today
    lines = [
        f"# {site.title}: the site configuration of jiading {__version__}.",
        "# A line starting with '# key =' shows the key's default; remove the '# ' to change it.",
        "# Secrets (API tokens, the SMTP password) never go here: they come from JIADING_FACEBOOK_TOKEN,",
        "# JIADING_LINKEDIN_TOKEN and JIADING_SMTP_PASSWORD in the environment.",
    ]
    for name, cls in {**SECTIONS, **current().plugins().sections}.items():
        lines += ["", f"[{name}]"]
        for spec in fields(cls):
            lines.append(f"# {spec.metadata['doc']}")
            path = f"{name}.{spec.name}"
            if path in chosen:
                lines.append(f"{spec.name} = {_toml(chosen[path])}")
            elif spec.default is MISSING or spec.default is None:
                lines.append(f"# {spec.name} =")
            else:
                lines.append(f"# {spec.name} = {_toml(spec.default)}")
    return "\n".join(lines) + "\n"


def _front(values: dict[str, Any]) -> str:
    import yaml

    return "---\n" + yaml.safe_dump(values, sort_keys=False, allow_unicode=True, width=1000) + "---\n"


def example_articles(site: SiteAnswers, now: dt.datetime) -> list[NewFile]:
    """One published example article per language, each naming the others as its translations."""
    when = now.astimezone(ZoneInfo(site.timezone)).replace(microsecond=0)
    ids = {lang: f"urn:uuid:{uuid.uuid4()}" for lang in site.languages}
    made: list[NewFile] = []
    for lang in site.languages:
        title, summary, body = (text.format(title=site.title) for text in EXAMPLES[catalogue_name(lang)])
        front = {
            "id": ids[lang],
            "title": title,
            "date": when,
            "summary": summary,
            "authors": [site.title],
            "tags": [],
            "category": None,
            "lang": lang,
            "slug": "welcome",
            "draft": False,
        }
        others = {other: ids[other] for other in site.languages if other != lang}
        if others:
            front["translations"] = others
        made.append(NewFile(f"articles/{lang.lower()}/{when.year:04d}/welcome.md", _front(front) + "\n" + body))
    return made


def gitignore_text(output_dir: str = "public") -> str:
    return (
        "# jiading: the cache of unchanged work, and the folders `jiading build` writes (never committed)\n"
        ".jiading-cache/\n"
        f"/{output_dir}/\n"
        f"/{output_dir}-preview/\n"
    )


def workflow_text() -> str:
    return f"""\
# Checks every pull request's articles (problems show on the changed lines) and builds the site on main.
name: jiading
on:
  pull_request:
  push:
    branches: [main]
jobs:
  validate:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "jiading=={__version__}"
      - run: jiading validate --format github
  build:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "jiading=={__version__}"
      - run: jiading build
      - uses: actions/upload-artifact@v4
        with:
          name: site
          path: public/
"""


def plan(site: SiteAnswers, now: dt.datetime) -> list[NewFile]:
    """Every file of the new site, in the order they are written."""
    return [
        NewFile(CONFIG_NAME, config_text(site, now.astimezone(ZoneInfo(site.timezone)).date())),
        *example_articles(site, now),
        NewFile(".gitignore", gitignore_text()),
        NewFile(WORKFLOW, workflow_text()),
    ]


def create(folder: Path, files: Sequence[NewFile], shown: Callable[[Path], str] = str) -> list[Path]:
    """Write ``files`` under ``folder``; if any of them exists already, write none and name it."""
    targets = [folder / new.path for new in files]
    for target in targets:
        if target.exists() or target.is_symlink():
            raise FileExistsProblem(f"{shown(target)}: already exists; not overwritten (nothing was written)")
    for target, new in zip(targets, files, strict=True):
        try:
            create_new(target, new.text.encode("utf-8"))
        except FileExistsError:
            raise FileExistsProblem(f"{shown(target)}: already exists; not overwritten") from None
        except OSError as exc:
            raise JiadingError(f"{shown(target)}: cannot write: {exc.strerror or exc}") from None
    return targets
