"""The site configuration, ``jiading.toml``: a declarative schema, discovery and loading.

Every key is declared once, as a dataclass field whose metadata carries its checker and
its documentation. Loading collects *every* problem, then raises one :class:`ConfigError`.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from jiading_cli.base.alike import lookalikes, read_as, unlike
from jiading_cli.base.encodings import expected_utf8
from jiading_cli.config import nesting, tomlhints
from jiading_cli.config.finding import CONFIG_NAME as CONFIG_NAME  # where the site's commands look for it
from jiading_cli.config.finding import find_config
from jiading_cli.config.lines import key_line, key_lines
from jiading_cli.config.sections import (
    PERMALINK_FIELDS as PERMALINK_FIELDS,
)
from jiading_cli.config.sections import (
    SECTIONS as SECTIONS,
)
from jiading_cli.config.sections import (
    FeedsSection as FeedsSection,
)
from jiading_cli.config.sections import (
    MarkdownSection as MarkdownSection,
)
from jiading_cli.config.sections import (
    PagesSection as PagesSection,
)
from jiading_cli.config.sections import (
    SiteSection as SiteSection,
)
from jiading_cli.config.sections import (
    ValidateSection as ValidateSection,
)
from jiading_cli.config.sections import (
    across as across,
)
from jiading_cli.config.sections import (
    base_url as base_url,
)
from jiading_cli.config.sections import (
    key as key,
)
from jiading_cli.config.sections import (
    output_dir as output_dir,
)
from jiading_cli.config.sections import (
    permalink as permalink,
)
from jiading_cli.config.texts import unwritable
from jiading_cli.model import kinds
from jiading_cli.model.errors import ConfigError, Problem, Severity, UsageError, describe

SECRET = re.compile(r"token|password|passwd|secret|api_?key", re.IGNORECASE)
DIGIT_RUN = re.compile(r"[0-9A-Fa-f_]{528}")  # the shortest a number too long to read is, at Python's lowest limit
S = TypeVar("S")
SectionCheck = Callable[[Mapping[str, Any]], Sequence["Finding"]]


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem across keys of loaded sections, found by a plug-in's check: ``key`` as 'section.key'."""

    key: str
    message: str
    code: str = "JD002"
    severity: Severity = "error"


@dataclass(frozen=True, slots=True)
class Plugins:
    """Config sections the core does not read, checked like its own (sharing and the networks).

    ``check`` sees each plug-in section the site configures (its table sets a key: an empty or absent one is a
    network the site does not use) by name, and the core's ``site`` section (whose title an email's subject may be
    made of), and returns problems across their keys; ``rules`` are the plug-ins'
    validation rules for one article (called with the article and the config), run beside the core's.
    """

    sections: Mapping[str, type] = field(default_factory=dict)
    check: SectionCheck | None = None
    rules: tuple[Callable[[Any, Config], list[Problem]], ...] = ()


@dataclass(frozen=True)
class Config:
    """A loaded, valid site configuration and where the site lives."""

    root: Path
    path: Path
    site: SiteSection
    validate: ValidateSection
    feeds: FeedsSection
    markdown: MarkdownSection
    pages: PagesSection
    sections: Mapping[str, Any] = field(default_factory=dict)
    """Each plug-in section, loaded and checked, by table name (see ``Plugins``)."""
    warnings: tuple[Problem, ...] = ()
    rules: tuple[Callable[[Any, Config], list[Problem]], ...] = field(default=(), repr=False, compare=False)
    """The plug-ins' rules for one article; left out of ``repr`` (keys are made of it): their sections say it."""
    text: str = field(default="", repr=False, compare=False)
    """The text these values were read from: what the stores key the config by, never the file read again (which
    may have changed since)."""

    def section(self, name: str, cls: type[S]) -> S:
        """The plug-in section ``name``; its defaults when the config was loaded without it."""
        found = self.sections.get(name)
        return found if isinstance(found, cls) else cls()

    @property
    def articles_path(self) -> Path:
        return self.root / self.site.articles_dir

    @property
    def output_path(self) -> Path:
        return self.root / self.site.output_dir


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _unknown(name: str, known: list[str]) -> str:
    """ "unknown key", with the closest known one; a name that reads as a known one and is not (a zero-width space
    or a Cyrillic letter in it) written escaped, with those characters named (``base/alike.py``, as for a field)."""
    close = read_as(name, known) or next(iter(difflib.get_close_matches(name, known, n=1)), None)
    hint = f" (did you mean {close!r}?)" if close else ""
    why = unlike(name, close)
    said = (
        f"unknown key {describe(name)}{': ' * bool(why)}{why}{hint}"
        if why or lookalikes(name)
        else f"unknown key{hint}"
    )
    return f"{said}; known keys: {', '.join(known)}"


def _secret_hint(classes: Sequence[type]) -> str:
    """Where secrets go: the environment variables plug-in sections name as ``SECRET_ENV``."""
    names = [str(getattr(cls, "SECRET_ENV", "")) for cls in classes if getattr(cls, "SECRET_ENV", None)]
    if not names:
        return "it in the environment"
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return listed + " in the environment"


def _load_section(
    cls: type, name: str, data: Any, where: str, lines: dict[str, int], problems: list[Problem], hint: str = ""
) -> Any:
    if not isinstance(data, dict):
        problems.append(
            Problem(
                where, key_line(lines, name), "JD002", "error", name, f"expected a table [{name}], got {describe(data)}"
            )
        )
        data = {}
    values: dict[str, Any] = {}
    known = [f.name for f in fields(cls)]
    for spec in fields(cls):
        path = f"{name}.{spec.name}"
        if spec.name not in data:
            if spec.default is MISSING:
                problems.append(
                    Problem(
                        where,
                        key_line(lines, name),
                        "JD004",
                        "error",
                        path,
                        "required key is missing; expected " + _lower_first(spec.metadata["doc"]),
                    )
                )
            continue
        try:
            values[spec.name] = spec.metadata["checker"](data[spec.name])
        except kinds.Expected as exc:  # ``at``: the key inside the value that is wrong (a table's), each one's line
            problems.extend(
                Problem(
                    where,
                    key_line(lines, path + one.at),
                    "JD002",
                    "error",
                    path + one.at,
                    f"expected {one.expected}, got {one.found or describe(data[spec.name])}",
                )
                for one in exc.each()
            )
    for extra in sorted(set(data) - set(known)):
        path = f"{name}.{extra}"
        if SECRET.search(extra):
            problems.append(Problem(where, key_line(lines, path), "JD005", "error", path, _secret_message(hint)))
            continue
        problems.append(Problem(where, key_line(lines, path), "JD003", "warning", path, _unknown(extra, known)))
    if any(p.severity == "error" for p in problems):
        return None
    return cls(**values)


def _secret_message(hint: str) -> str:
    return "secrets never go in jiading.toml; remove it and set " + (hint or "it in the environment")


def _key_paths(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every key of a TOML value, at any depth, as (its path, its name)."""
    if isinstance(value, dict):
        for name, inner in value.items():
            inner_path = f"{path}.{name}" if path else name
            yield inner_path, name
            yield from _key_paths(inner, inner_path)
    elif isinstance(value, list):
        for inner in value:
            yield from _key_paths(inner, path)


def _stray_secrets(
    data: dict[str, Any], known: Sequence[str], where: str, lines: dict[str, int], hint: str
) -> list[Problem]:
    """JD005 for a key named like a secret anywhere the sections' own check does not look: at the top, in a table
    jiading does not know, or in a table inside a section. Such a file is as public as any, whatever jiading reads."""
    found: dict[str, Problem] = {}
    for path, name in _key_paths(data, ""):
        section, _, rest = path.partition(".")
        checked = section in known and rest and "." not in rest
        if SECRET.search(name) and not checked and path not in found:
            found[path] = Problem(where, key_line(lines, path), "JD005", "error", path, _secret_message(hint))
    return list(found.values())


def shown_path(path: Path) -> str:
    """The config path as the user sees it: relative to the current folder when inside it."""
    from jiading_cli.base.printable import printable

    try:
        return printable(path.relative_to(Path.cwd()).as_posix())
    except (ValueError, OSError):  # outside it, or it is gone (deleted while `jiading serve` ran): the whole path
        return printable(str(path))


def _plugin_sections(
    data: dict[str, Any], plugins: Plugins, where: str, lines: dict[str, int], problems: list[Problem], site: Any
) -> dict[str, Any]:
    loaded: dict[str, Any] = {}
    hint = _secret_hint(list(plugins.sections.values()))
    for name, cls in plugins.sections.items():
        section_problems: list[Problem] = []
        loaded[name] = _load_section(cls, name, data.get(name, {}), where, lines, section_problems, hint)
        problems.extend(section_problems)
    if plugins.check is None or any(p.severity == "error" for p in problems):
        return loaded
    written = {name: section for name, section in loaded.items() if isinstance(data.get(name), dict) and data[name]}
    for found in plugins.check({**written, "site": site}):
        line = key_line(lines, found.key)
        problems.append(Problem(where, line, found.code, found.severity, found.key, found.message))
    return loaded


def parse_config(text: str, path: Path, plugins: Plugins | None = None) -> Config:
    """Check a config text; raise ConfigError listing every problem, the plug-in sections' included."""
    where = shown_path(path)
    if (deep := nesting.in_text(text)) is not None:  # before the parser, whose time grows as its square
        raise ConfigError([Problem(where, deep[0], "JD001", "error", "", deep[1])])
    if DIGIT_RUN.search(text) is not None:  # before the parser, which cannot read or show a number too long
        from jiading_cli.config import longnumbers  # only then: a config holds none

        if (long := longnumbers.in_text(text)) is not None:
            raise ConfigError([Problem(where, long[0], "JD002", "error", long[1], long[2])])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else text.rstrip("\n").count("\n") + 1  # "at end of document"
        said = f"invalid TOML: {exc}{tomlhints.hint(text, line, str(exc))}"
        raise ConfigError([Problem(where, line, "JD001", "error", "", said)]) from None
    except RecursionError:  # tomllib follows nested arrays and inline tables by recursion
        message = nesting.expected(None, "")
        raise ConfigError([Problem(where, nesting.by_recursion(text), "JD001", "error", "", message)]) from None
    lines = key_lines(text)
    if (deep := nesting.in_data(data, lines)) is not None:  # before any walk of the values
        raise ConfigError([Problem(where, deep[0], "JD001", "error", "", deep[1])])
    problems: list[Problem] = []
    loaded: dict[str, Any] = {}
    plugins = plugins or Plugins()
    hint = _secret_hint(list(plugins.sections.values()))
    for name, cls in SECTIONS.items():
        section_problems: list[Problem] = []
        loaded[name] = _load_section(cls, name, data.get(name, {}), where, lines, section_problems, hint)
        problems.extend(section_problems)
    if not any(p.severity == "error" for p in problems):
        for name, message in across(loaded, lines):
            problems.append(Problem(where, key_line(lines, name), "JD002", "error", name, message))
    known = [*SECTIONS, *plugins.sections]
    extra = _plugin_sections(data, plugins, where, lines, problems, loaded["site"])
    for name in sorted(set(data) - set(known)):
        if not SECRET.search(name):
            problems.append(Problem(where, key_line(lines, name), "JD003", "warning", name, _unknown(name, known)))
    problems.extend(_stray_secrets(data, known, where, lines, hint))
    refused = {p.field for p in problems if p.severity == "error"}  # one line a key: its checker's, when it has one
    problems.extend(p for p in unwritable(data, where, lines) if p.field not in refused)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ConfigError(sorted(problems))
    settings = loaded.get("validate")
    ignored = settings.ignore if isinstance(settings, ValidateSection) else ()
    warnings = tuple(sorted(p for p in problems if p.severity != "error" and p.code not in ignored))
    return Config(path.parent, path, sections=extra, warnings=warnings, rules=plugins.rules, text=text, **loaded)


def load_config(start: Path, explicit: str | None = None, plugins: Plugins | None = None) -> Config:
    """The site's config; ``plugins`` (from the application layer) adds the sections of sharing."""
    from jiading_cli.base.blocks import WRITTEN_MAX, read_whole
    from jiading_cli.base.files import TooLarge

    path = find_config(start, explicit)
    try:  # read whole: a file far larger than any config is named by its size, never read
        raw = read_whole(path)
    except TooLarge as exc:
        found = f"found {exc.size:,} bytes"
        raise UsageError(f"{shown_path(path)}: expected a config of at most {WRITTEN_MAX >> 20} MiB, {found}") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror}") from None
    if raw is None:  # gone since it was found
        raise UsageError(f"{path}: cannot read: No such file or directory")
    if (wide := expected_utf8(raw)) is not None:  # UTF-16 of ASCII text reads as UTF-8 too, with NULs
        raise ConfigError([Problem(shown_path(path), 1, "JD001", "error", "", wide)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        found = f"expected UTF-8 text, found byte 0x{raw[exc.start : exc.start + 1].hex()}"
        raise ConfigError([Problem(shown_path(path), line, "JD001", "error", "", found)]) from None
    return parse_config(text, path, plugins)
