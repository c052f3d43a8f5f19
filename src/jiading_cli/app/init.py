"""`jiading init`: a new site that validates and builds at once.

It writes ``jiading.toml`` (every key of the schema, documented, the unset ones commented out),
one example article per language (each linking the others as translations), a ``.gitignore`` and a
CI workflow. The answers are checked first, and so is every file made from them: the config loads and each
example passes `jiading validate` with no problem, or nothing is written and the option is named. Every place
is checked next: if a file exists, or something other than a folder is where a folder should be, nothing is
written. The files are written all or none.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import MISSING, dataclass, fields
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jiading_cli import __version__
from jiading_cli.app import ignorefile
from jiading_cli.app.ignorefile import Kept
from jiading_cli.app.newfiles import (
    NOTHING,
    alike,
    alike_there,
    blocked,
    create_all,
    in_the_way,
    kind_of,
    language_folder,
    listed,
    one_line,
    taken,
)
from jiading_cli.app.workflow import WORKFLOW, workflow_text
from jiading_cli.base.alike import ONE_THERE, placed
from jiading_cli.base.printable import printable
from jiading_cli.base.realpath import real
from jiading_cli.base.tempnames import TEMP_INFIX, TEMP_SUFFIX
from jiading_cli.config import CONFIG_NAME, SECTIONS, Config, base_url
from jiading_cli.content.messages import catalogue_name
from jiading_cli.model import kinds, zones
from jiading_cli.model.article import in_zone
from jiading_cli.model.errors import FileExistsProblem, Problem, Refusals, UsageError, describe


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
    "zh-Hant": (
        "歡迎來到{title}",
        "{title}的第一篇文章：介紹本新聞專區，以及文章的撰寫方式和發布流程。",
        "這是**{title}**的第一篇文章。每篇文章都是一個 Markdown 檔案，開頭的 `---` 之間是文章資訊："
        "永久 `id`、`title`、`date`、`summary` 等。\n\n"
        "## 撰寫下一篇文章\n\n"
        '- `jiading new-article "標題"` 在這個檔案旁邊建立草稿；\n'
        "- `jiading validate` 檢查所有文章；\n"
        "- `jiading build` 將網頁和訂閱來源寫入輸出資料夾。\n",
    ),
}


def _checked(option: str, checker: Callable[[Any], Any], value: str) -> Any:
    try:
        return checker(value)
    except kinds.Expected as exc:
        raise UsageError(f"{option}: expected {exc.expected}, got {exc.found or describe(value)}") from None


def answers(title: str, url: str, languages: Sequence[str], timezone: str) -> SiteAnswers:
    """The answers checked as the config would check them: every wrong one named, one line each (:class:`Refusals`)."""
    refused = Refusals()
    site_title = refused.take(partial(_title, title), title)
    langs = refused.take(partial(_languages, languages), DEFAULTS.languages)
    zone = refused.take(partial(_checked, "--timezone", zones.timezone_name, timezone), timezone)
    home = refused.take(partial(_checked, "--base-url", base_url, url), url)
    refused.close()
    return SiteAnswers(title=site_title, base_url=home, languages=langs, timezone=zone)


def _title(title: str) -> str:
    site_title: str = _checked("--title", kinds.nonempty_text, title)
    one_line("--title", site_title)
    return site_title


def _languages(languages: Sequence[str]) -> tuple[str, ...]:
    """Each language tag given, in the case BCP 47 writes it; every tag that is wrong named (one line each)."""
    refused = Refusals()
    langs: dict[str, str] = {}  # each tag as BCP 47 cases it, by its lower case: as given
    for value in languages:
        none: list[str] = []
        entries = refused.take(partial(listed, "--language", value, "a language tag such as 'en' or 'zh-CN'"), none)
        for lang in entries:
            tag = refused.take(partial(_checked, "--language", kinds.lang_tag, lang), None)
            if tag is None or not refused.passes(partial(language_folder, "--language", tag)):
                continue
            if (first := langs.get(tag.lower())) is not None:
                refused.lines.append(f"--language: expected each language once, got {first!r} and {lang.strip()!r}")
            else:
                langs[tag.lower()] = lang.strip()
    if not langs and not refused.lines:
        raise UsageError(f"--language: expected a language tag such as 'en' or 'zh-CN', got {','.join(languages)!r}")
    refused.close()
    return tuple(kinds.cased_tag(tag) for tag in langs.values())


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
        f"# The site configuration of jiading {__version__}.",
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
    when = in_zone(now, ZoneInfo(site.timezone)).replace(microsecond=0)  # an offset a date can have, as new-article
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
    return (  # the temporary files: what a run killed before it put them in place may leave beside their files
        "# jiading: the cache of unchanged work, the folders `jiading build` writes, its temporary files\n"
        f".jiading-cache/\n/{output_dir}/\n/{output_dir}-preview/\n.*{TEMP_INFIX}*{TEMP_SUFFIX}\n"
    )


def plan(site: SiteAnswers, now: dt.datetime) -> list[NewFile]:
    """Every file of the new site, in the order they are written."""
    return [
        NewFile(CONFIG_NAME, config_text(site, in_zone(now, ZoneInfo(site.timezone)).date())),
        *example_articles(site, now),
        NewFile(".gitignore", gitignore_text()),
        NewFile(WORKFLOW, workflow_text()),
    ]


# The option each problem of a new site comes from, by the field it is in (the examples' from the title).
OPTIONS = {"site.base_url": "--base-url", "slug": "--base-url", "site.language": "--language", "lang": "--language"}
OPTIONS |= {"site.timezone": "--timezone", "date": "--timezone"}


def verify(folder: Path, files: Sequence[NewFile]) -> None:
    """Refuse answers whose site would not pass `jiading validate` with no problem: ``jiading.toml`` loaded as
    every command loads it, and each example article checked by the rules `validate` runs on it. Each problem
    is one line naming the option it comes from."""
    from jiading_cli.config import parse_config
    from jiading_cli.content.loader import parse
    from jiading_cli.content.site import defaults
    from jiading_cli.model.errors import ConfigError
    from jiading_cli.share.registry import current
    from jiading_cli.validate.rules import check_content, check_site

    config_file, *examples = (new for new in files if new.path == CONFIG_NAME or new.path.endswith(".md"))
    try:
        # no day given: a network's pinned API version retiring soon is the release's to say, not an answer's
        config = parse_config(config_file.text, folder / CONFIG_NAME, current().plugins())
    except ConfigError as exc:
        raise _refusal(exc.problems) from None
    found = list(config.warnings)
    articles = []
    for new in examples:
        shown = printable((folder / new.path).as_posix())  # as the lines `Created …` name it
        loaded = parse(new.text.encode("utf-8"), shown, defaults(config), Path(new.path).stem)
        found += loaded.problems
        if loaded.article is not None:
            found += check_content(loaded.article, config)
            articles.append(loaded.article)
    found += check_site(articles, config)  # their public URLs (made from the base URL) and translations
    if found:
        raise _refusal(found)
    _beside_those_there(folder, config, examples)


def _beside_those_there(folder: Path, config: Config, examples: Sequence[NewFile]) -> None:
    """Refuse examples that would fail the rules across articles beside those already in the articles folder (one
    at an example's URL, JD122), as `new-article` refuses an article; the errors those have alone are not ours. An
    article at an example's own path is not one beside it but one in its way, which :func:`create` refuses as
    such (``already exists``), never as an example sharing its own public URL."""
    from jiading_cli.app.articles import every_readable
    from jiading_cli.content.loader import parse
    from jiading_cli.content.site import defaults
    from jiading_cli.validate.rules import check_site

    if not os.path.isdir(config.articles_path):  # noqa: PTH112 - never an error; no folder, no article
        return
    shown: Callable[[str], str] = lambda path: printable((folder / path).as_posix())  # noqa: E731
    own = {new.path for new in examples}
    there = every_readable(config, shown, "an example's", cached=False, own=own)
    there = [article for article in there if article.path not in own]  # in the way: `create` names it as such
    made = [parse(new.text.encode("utf-8"), new.path, defaults(config), Path(new.path).stem) for new in examples]
    before = {(p.path, p.code, p.message) for p in check_site(there, config) if p.severity == "error"}
    if brought := [
        f"{shown(p.path)}: {p.code} {p.field}: {p.message}; with the articles already there, the new site would not "
        "pass `jiading validate` (nothing was written)"
        for p in check_site([*there, *(m.article for m in made if m.article is not None)], config)
        if p.severity == "error" and (p.path, p.code, p.message) not in before
    ]:
        raise FileExistsProblem(*brought)


def _refusal(problems: Sequence[Problem]) -> UsageError:
    """One line a problem, naming its option, its rule and its field (the same problem of two fields, twice)."""
    lines: dict[str, None] = {}
    for p in problems:
        field = f"{p.field}: " if p.field else ""
        kind = "" if p.severity == "error" else f" without a {p.severity.replace('info', 'note')}"
        where = f"{OPTIONS.get(p.field, '--title')}: {p.code} {field}{p.message} (in {p.path})"
        lines[f"{where}; the new site would not pass `jiading validate`{kind}"] = None
    return UsageError(*lines)


def not_a_folder(folder: Path) -> str | None:
    """What is wrong with ``folder`` as the new site's folder: something other than a folder there (a link to a
    folder is one), or where one of the folders it is to be made in should be; None when nothing is wrong."""
    current = folder
    while kind_of(current) is None and current.parent != current:
        current = current.parent  # missing: made, in the nearest folder that is there
    if kind_of(current) is None or os.path.isdir(current):  # noqa: PTH112 - never an error, as Path.is_dir can be
        return None
    found = kind_of(current)
    return f"not a folder ({current} is {found})" if current != folder else f"not a folder but {found}"


def among_another(folder: Path) -> str | None:
    """What of another site's own files the new site's folder would lie among, in words (its articles, whose readers
    would take the examples for its own; its templates; its output or preview folder, which its builds empty; its
    cache, which anyone may delete; its ``.git``): the nearest ``jiading.toml`` above ``folder`` names that site,
    read as every command reads it (one that cannot be read, with the folders' defaults). None: among none."""
    from jiading_cli.config import PagesSection, SiteSection, load_config
    from jiading_cli.model.errors import JiadingError

    target = real(folder)
    above = next((up for up in target.parents if os.path.isfile(up / CONFIG_NAME)), None)  # noqa: PTH113
    if above is None:
        return None
    try:
        config = load_config(above, str(above / CONFIG_NAME))  # this one, whatever JIADING_CONFIG names
        articles, output = config.articles_path, config.output_path
        templates = config.root / config.pages.templates_dir
    except (JiadingError, OSError):
        articles, output = above / SiteSection.articles_dir, above / SiteSection.output_dir  # the defaults
        templates = above / PagesSection.templates_dir
    own = {
        "articles": articles,
        "templates": templates,
        "output": output,
        "preview": output.with_name(output.name + "-preview"),
        "cache": above / ".jiading-cache",
        "git": above / ".git",
    }
    for name, path in own.items():
        place = real(path)
        where, alike = placed(target, place)
        if where in ("is", "is inside"):
            shown = place.relative_to(real(above)).as_posix()
            return f"{where} the {name} folder of the site at {above} ({shown}/){ONE_THERE if alike else ''}"
    return None


def kept_ignore_file(folder: Path, files: Sequence[NewFile]) -> tuple[Kept | None, list[NewFile]]:
    """The ``.gitignore`` already in ``folder`` (a regular file), to be added to, and the files left to write."""
    wanted = next(new.text for new in files if new.path == ignorefile.NAME)
    kept = ignorefile.found(folder, wanted)
    return kept, [new for new in files if kept is None or new.path != ignorefile.NAME]


def create(
    folder: Path, files: Sequence[NewFile], shown: Callable[[Path], str] = str, kept: Kept | None = None
) -> list[Path]:
    """Write ``files`` under ``folder``, all or none. If any of them exists already, or something other than a
    real folder (a file, a symbolic link that may lead outside the site) is where one of their folders should
    be, nothing is written and the first is named. ``kept``: a ``.gitignore`` there, added to first and put back
    as it was if the files cannot all be written."""
    targets = [folder / new.path for new in files]
    for target in targets:
        if (blocker := in_the_way(folder, target)) is not None:
            raise blocked(shown(target), blocker, shown, NOTHING)
        if (exists := taken(shown(target), target, NOTHING)) is not None:
            raise exists
        if (clash := alike_there(folder, target)) is not None:
            raise alike(shown(target), *clash, shown, NOTHING)
    if kept is not None:
        ignorefile.add(kept, gitignore_text())
    try:
        create_all(targets, [new.text for new in files], shown, NOTHING)
    except BaseException:
        if kept is not None:
            ignorefile.restore(kept)
        raise
    return targets
