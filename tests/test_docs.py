"""The docs document everything a user can type or set, build without a broken link, and CI runs the README's test
command."""

from __future__ import annotations

import ast
import io
import json
import re
import subprocess
import sys
import tokenize
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any

import pytest
import typer

from jiading_cli.cli import app
from jiading_cli.config import SECTIONS
from jiading_cli.model.fields import ALIASES, FIELDS, ONE_LINE
from jiading_cli.share import registry
from jiading_cli.validate.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def commands() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []

    def walk(prefix: str, command: Any) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(f"{prefix} {name}".strip(), sub)
        else:
            found.append((prefix, command))

    walk("", typer.main.get_command(app))
    return found


def severity(rule: Any) -> str:
    return str(rule.severity if hasattr(rule, "severity") else rule[0])


def test_the_readme_shows_two_setup_commands_and_ci_runs_the_second() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL)
    assert blocks[0].startswith("python3 -m venv .venv && ") and blocks[0].endswith("/jiading build")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci == blocks[1]


def test_the_readme_is_a_front_door_whose_links_all_lead_somewhere() -> None:
    assert len(README) < 12_000, f"README.md has {len(README)} characters; move the details into docs/"
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README)
    pages = {f"docs/{path.relative_to(DOCS).as_posix()}" for path in DOCS.rglob("*.md") if not path.is_symlink()}
    assert pages <= set(targets), f"README.md links to no {sorted(pages - set(targets))}"
    for target in targets:
        if not target.startswith(("http://", "https://")):
            assert (ROOT / target).exists(), f"README.md links to {target}, which does not exist"


def test_the_docs_home_page_lists_every_page() -> None:
    listed = set(re.findall(r"\]\(([\w/.-]+\.md)\)", page("index.md")))
    pages = {path.relative_to(DOCS).as_posix() for path in DOCS.glob("*.md") if path.name != "index.md"}
    assert pages <= listed, f"docs/index.md lists no {sorted(pages - listed)}"


@pytest.mark.parametrize(("name", "command"), commands(), ids=[name for name, _ in commands()])
def test_every_command_has_help_and_every_option_is_in_the_command_reference(name: str, command: Any) -> None:
    reference = page("commands.md")
    assert command.help, f"{name} has no help text"
    assert f"## `jiading {name}" in reference, f"jiading {name} has no section in docs/commands.md"
    for param in command.params:
        for option in getattr(param, "opts", []):
            if option.startswith("--"):
                assert re.search(rf"`{option}[` ]", reference), f"{name} {option} is not in docs/commands.md"


def sections_of_commands() -> dict[str, str]:
    """Each command's section of docs/commands.md, by the command's name (`## `jiading feed build``)."""
    found: dict[str, str] = {}
    names = sorted((name for name, _ in commands()), key=len, reverse=True)
    for section in re.split(r"^## `jiading ", page("commands.md"), flags=re.MULTILINE)[1:]:
        heading = section.split("`", 1)[0]
        name = next((n for n in names if heading == n or heading.startswith(n + " ")), heading)
        assert name not in found, f"docs/commands.md has two sections for jiading {name}"
        found[name] = section
    return found


def test_every_option_a_command_section_lists_is_an_option_of_that_command() -> None:
    """The other way round: an option the reference gives a command (a row of its table) is one it takes, so a
    user never meets 'No such option' for an option the docs promised, and a short form it takes is documented."""
    root = typer.main.get_command(app)
    shared = {option for param in root.params for option in param.opts}
    sections = sections_of_commands()
    for name, command in commands():
        takes = {option for param in command.params for option in getattr(param, "opts", [])} | shared
        section = sections[name]
        for option in re.findall(r"^\| `(-[\w-]+)", section, re.MULTILINE):
            assert option in takes, f"docs/commands.md lists {option} for jiading {name}, which has no such option"
        for option in sorted(takes - shared):
            if option.startswith("-") and not option.startswith("--"):
                assert re.search(rf"`{option}`", section), f"jiading {name} {option} is not in docs/commands.md"
    assert set(sections) == {name for name, _ in commands()}, "a section of docs/commands.md names no command"


def shown_default(default: Any) -> str:
    """A key's default as the default column of docs/config.md writes it: as TOML would, `—` for none."""
    if default is MISSING:
        return "required"
    if default is None:
        return "—"
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    if isinstance(default, tuple):
        return f"`{json.dumps(list(default), ensure_ascii=False)}`"
    return f"`{json.dumps(default, ensure_ascii=False)}`"


def test_every_config_key_has_the_default_and_range_the_config_reference_states() -> None:
    """The default column is the key's default, and a number's line states the range its checker takes, in the
    words the checker's own error gives (`from 1 to 20`)."""
    from jiading_cli.model import kinds

    rows = {
        key: (default, meaning)
        for key, default, meaning in re.findall(r"^\| `([\w.]+)` \| ([^|]*?) \| (.*) \|$", page("config.md"), re.M)
    }
    plugins = registry.current().plugins().sections
    for section, cls in {**SECTIONS, **plugins}.items():
        for spec in fields(cls):
            default, meaning = rows[f"{section}.{spec.name}"]
            assert default == shown_default(spec.default), f"docs/config.md gives {section}.{spec.name} {default}"
            if isinstance(spec.default, int | float) and not isinstance(spec.default, bool):
                with pytest.raises(kinds.Expected) as refused:
                    spec.metadata["checker"](-1)
                stated = re.search(r"from \S+ to [^,\s]+", str(refused.value))
                assert stated, f"{section}.{spec.name} refuses -1 naming no range: {refused.value}"
                assert stated.group() in meaning, (
                    f"docs/config.md does not say {section}.{spec.name} is {stated.group()}"
                )


def test_every_config_key_is_in_the_config_reference() -> None:
    reference = page("config.md")
    plugins = registry.current().plugins().sections  # sharing and each network's section
    assert {"share", "facebook", "linkedin", "email"} <= set(plugins)
    for section, cls in {**SECTIONS, **plugins}.items():
        for spec in fields(cls):
            assert f"| `{section}.{spec.name}` |" in reference, f"{section}.{spec.name} is not in docs/config.md"


def test_every_front_matter_field_is_in_the_front_matter_reference() -> None:
    reference = page("front-matter.md")
    for name in FIELDS:
        assert f"| `{name}` |" in reference, f"front-matter field {name} is not in docs/front-matter.md"
    for name in ALIASES:
        assert f"`{name}`" in reference, f"front-matter alias {name} is not in docs/front-matter.md"
    required = dict(re.findall(r"^\| `(\w+)` \| (yes|) \|", reference, re.MULTILINE))
    for name, spec in FIELDS.items():
        assert (required[name] == "yes") == spec.required, f"docs/front-matter.md: is {name} required or not?"
    one_line = re.search(r"^- ((?:`\w+`(?:, | and ))+`\w+`) are one line each", reference, re.MULTILINE)
    assert one_line, "docs/front-matter.md no longer says which fields are one line each"
    assert set(re.findall(r"`(\w+)`", one_line.group(1))) == ONE_LINE, "docs/front-matter.md: which are one line?"


def test_every_rule_is_listed_with_its_severity() -> None:
    listed = dict(re.findall(r"^\| `(JD\d{3})` \| (\w+) \|", page("rules.md"), re.MULTILINE))
    for code, rule in RULES.items():
        assert code in listed, f"rule {code} is not in docs/rules.md"
        found = severity(rule)
        assert listed[code] == found, f"docs/rules.md gives {code} as {listed[code]}, the code as {found}"
    assert set(listed) <= set(RULES), f"docs/rules.md lists rules the code does not have: {set(listed) - set(RULES)}"


def test_every_rule_s_line_in_the_rules_page_starts_with_the_summary_jiading_rule_prints() -> None:
    """`jiading rule` and the rules page say what a rule is about in the same words: the page may say more after
    them, never other ones (the page said JD185 is about a control character too, `jiading rule` did not)."""
    rows = dict(re.findall(r"^\| `(JD\d{3})` \| \w+ \| (.*) \|$", page("rules.md"), re.MULTILINE))
    for code, rule in RULES.items():
        summary = str(rule.summary if hasattr(rule, "summary") else rule[1])
        assert rows[code].replace("`", "").startswith(summary.replace("`", "")), (
            f"docs/rules.md says of {code}: {rows[code]}"
        )


def test_every_environment_variable_is_in_the_environment_page() -> None:
    reference = page("environment.md")
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    for variable in sorted(set(re.findall(r"\bJIADING_[A-Z_]+\b", source))):
        assert f"| `{variable}` |" in reference, f"environment variable {variable} is not in docs/environment.md"


def test_every_exit_code_is_documented() -> None:
    reference = page("exit-codes.md")
    for code in ("0", "1", "2", "130", "143", "129"):
        assert re.search(rf"^\| (`\d+`, )*`{code}`[`, \d]* \|", reference, re.MULTILINE), (
            f"exit code {code} is not in docs/exit-codes.md"
        )


def test_every_command_has_a_row_in_the_exit_code_page() -> None:
    reference = page("exit-codes.md")
    for name, _ in commands():
        assert f"| `jiading {name}` |" in reference, f"jiading {name} has no row in docs/exit-codes.md"


def test_the_docs_build_with_mkdocs_strict_so_no_link_or_page_is_broken(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "architecture" / "index.html").is_file()


def modules() -> set[str]:
    package = ROOT / "src" / "jiading_cli"
    found = set()
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        found.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def test_every_file_and_module_the_architecture_page_names_exists() -> None:
    text = page("architecture.md")
    paths = set(re.findall(r"[\w./-]*\w\.(?:py|toml|md)\b", text))
    paths |= set(re.findall(r"`((?:src|tests|docs|benchmarks)/[\w./-]*)`", text))
    for name in sorted(paths):
        places = (ROOT / name, ROOT / "src" / "jiading_cli" / name, DOCS / name)
        assert any(place.exists() for place in places), f"docs/architecture.md names {name}, which does not exist"
    for name in sorted(set(re.findall(r"\bjiading_cli(?:\.\w+)+", text))):
        assert name in modules(), f"docs/architecture.md names the module {name}, which does not exist"


def test_the_module_map_has_one_line_for_every_module() -> None:
    mapped = re.findall(
        r"^\| `(jiading_cli[\w.]*)` \| \S", page("architecture.md").split("## Module map")[1], re.MULTILINE
    )
    assert len(mapped) == len(set(mapped)), "a module has two lines in the module map of docs/architecture.md"
    missing = sorted(modules() - set(mapped))
    assert not missing, f"the module map of docs/architecture.md has no line for {', '.join(missing)}"


def test_every_name_the_walk_throughs_use_is_defined_in_the_code() -> None:
    walk_throughs = page("architecture.md").split("## How to add")[1].split("## Module map")[0]
    code = [*(ROOT / "src").rglob("*.py"), *(ROOT / "tests").glob("*.py")]
    source = "\n".join(p.read_text(encoding="utf-8") for p in code)
    shapes = r"_?[a-z]+_[a-z_]+|_[a-z]+|[A-Z][a-z]+[A-Za-z]*|[A-Z][A-Z_]{2,}"
    names = set(re.findall(rf"`({shapes})[`(]", walk_throughs))
    assert {"FIELDS", "RULES", "Article"} <= names
    for name in sorted(names):
        defined = rf"^\s*(?:def|class) {name}\b|^\s*{name}(?::[^=\n]*)? ="
        assert re.search(defined, source, re.MULTILINE), (
            f"docs/architecture.md uses {name}, which the code no longer defines"
        )


MEASUREMENT = re.compile(r"\b\d[\d,.]*\s?(?:ms|µs|s|MiB|MB|GiB|KiB|kB)\b|\b\d+(?:\.\d+)?\s?[x×](?!\w)")


def comments_and_docstrings(source: str) -> list[tuple[int, str]]:
    found = [
        (token.start[0], token.string)
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    ]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            text = ast.get_docstring(node, clean=False)
            if text:
                found.append((getattr(node, "lineno", 1), text))
    return found


def test_no_comment_or_docstring_holds_a_measurement() -> None:
    found = []
    for path in sorted((ROOT / "src").rglob("*.py")):
        for line, text in comments_and_docstrings(path.read_text(encoding="utf-8")):
            found += [f"{path.relative_to(ROOT)}:{line}: {m.group()}" for m in MEASUREMENT.finditer(text)]
    assert not found, "measurements belong in benchmarks/RESULTS.md, not in comments:\n" + "\n".join(found)


def documented_keys(shape: str) -> list[str]:
    """The top-level keys of a JSON shape as the command reference writes it: `{"root", "files": [{…}], …}`."""
    inner = shape.strip()[1:-1]
    while re.search(r"\[[^\[\]]*\]|\{[^{}]*\}", inner):
        inner = re.sub(r"\[[^\[\]]*\]|\{[^{}]*\}", "", inner)
    return [re.search(r"\w+", part).group() for part in inner.split(",") if re.search(r"\w+", part)]  # type: ignore[union-attr]


JSON_OPTIONS = {
    "validate": (["validate", "--format", "json"], "--format json"),
    "new-article": (["new-article", "A title of the docs' own", "--json"], "--json"),
    "feed build": (["feed", "build", "--json"], "--json"),
    "build": (["build", "--json"], "--json"),
    "rule": (["rule", "JD110", "--json"], "--json"),
}


@pytest.mark.parametrize("name", sorted(JSON_OPTIONS))
def test_every_json_shape_the_command_reference_gives_is_the_one_printed(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each command's JSON has the keys its option's row in docs/commands.md lists, no more and no fewer (`root`,
    the site's folder, among them wherever paths are the site's: the Output section promises it of every one)."""
    from typer.testing import CliRunner

    from conftest import NOW, shipped_site

    shipped_site(tmp_path, monkeypatch)
    args, option = JSON_OPTIONS[name]
    row = re.search(rf"^\| `{re.escape(option)}` \|(.*)$", sections_of_commands()[name], re.MULTILINE)
    assert row, f"docs/commands.md has no row for jiading {name} {option}"
    shape = re.search(r"`(\{.*?\})`", row.group(1))
    assert shape, f"docs/commands.md gives no JSON shape for jiading {name} {option}"
    result = CliRunner().invoke(app, args, env={"JIADING_NOW": NOW})
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert set(printed) == set(documented_keys(shape.group(1))), f"jiading {name} {option} prints {list(printed)}"


NOT_COMMAND_LINES = {
    "jiading 0.1.0",
    "jiading bu",
    "jiading rule JD1",
}  # what --version prints; words completion finishes


def command_lines() -> list[tuple[str, str]]:
    """Every command line the README and docs/ show a user: a code span that is one (`jiading list --published`) and
    a `$ jiading …` line of a session, each up to a pipe or a redirection, with the page it is on."""
    found = []
    for path in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        lines = re.findall(r"(?<!`)`(jiading [^`]+)`(?!`)", text)
        lines += re.findall(r"^\$ (?:cd \S+ && )?(jiading .*)$", text, re.MULTILINE)
        found += [(path.name, re.split(r" [|>]|&&|;", line)[0].strip()) for line in lines]
    return [(name, line) for name, line in found if line not in NOT_COMMAND_LINES]


def test_every_command_line_the_docs_show_names_a_command_and_options_it_takes() -> None:
    """`jiading build --ping` in a page, when build took no --ping, is what a user would type and be refused: every
    command line shown is checked against the commands, their options and the rule codes `jiading rule` knows."""
    root = typer.main.get_command(app)
    known = dict(commands())
    shared = {option: param for param in root.params for option in param.opts}
    lines = command_lines()
    assert len(lines) > 50
    for page_name, line in lines:
        words = line.split()[1:]
        plain: list[str] = []
        taking = False
        for word in words:
            if taking:
                taking = False
            elif word.startswith("-"):
                param = shared.get(word.split("=")[0])
                taking = param is not None and not getattr(param, "is_flag", True) and "=" not in word
            else:
                plain.append(word)
        name = next((n for n in sorted(known, key=len, reverse=True) if plain[: len(n.split())] == n.split()), None)
        if name is None:
            assert not plain and words, f"{page_name}: `{line}` names no command of jiading"
            continue
        takes = {option for param in known[name].params for option in param.opts} | set(shared) | {"--help"}
        for word in words:
            if word.startswith("-"):
                assert word.split("=")[0] in takes, f"{page_name}: `{line}`: jiading {name} has no option {word}"
        if name == "rule" and len(plain) > 1 and re.fullmatch(r"(?i)(?:jd)?\d+", plain[1]):
            code = plain[1].upper()
            code = code if code.startswith("JD") else f"JD{code}"
            hypothetical = page_name == "architecture.md" and code == "JD199"  # the rule its walk-through adds
            assert code in RULES or hypothetical, f"{page_name}: `{line}`: no rule {plain[1]}"


def test_every_rule_code_the_user_docs_name_is_a_rule() -> None:
    for path in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        codes = set(re.findall(r"\bJD\d{3}\b", path.read_text(encoding="utf-8")))
        if path.name == "architecture.md":
            codes.discard("JD199")  # the rule its walk-through adds
        for code in sorted(codes):
            assert code in RULES, f"{path.name} names {code}, which no rule has"


def test_every_test_and_source_file_a_page_cites_exists() -> None:
    """The pages cite the test that holds a promise (`tests/test_streams.py` runs every command under each) and the
    module that keeps it: a renamed or split file leaves no page citing one that is gone. (The benchmarks' record,
    linked into docs/, tells of the files each measurement was taken with, and is history.)"""
    for path in [ROOT / "README.md", *sorted(p for p in DOCS.rglob("*.md") if not p.is_symlink())]:
        text = path.read_text(encoding="utf-8")
        for name in sorted(set(re.findall(r"\b(?:tests|src/jiading_cli)/[\w/]+\.py\b", text))):
            assert (ROOT / name).is_file(), f"{path.relative_to(ROOT)} cites {name}, which does not exist"
        for name in sorted(
            set(re.findall(r"`((?:base|cli|app|config|content|model|validate|feeds|share|pages)/\w+\.py)`", text))
        ):
            assert (ROOT / "src" / "jiading_cli" / name).is_file(), f"{path.relative_to(ROOT)} cites {name}"
