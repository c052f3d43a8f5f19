"""Every regular expression of the package, matched against the text that makes a backtracking matcher try every
way of splitting a run: its time at n and at 4n grows about 4 times, never 16.

Two parts of a pattern side by side that can take the same characters (``\\s*\\[?\\s*``, ``[ \\t]*\\n?[ \\t]*``,
``.*?\\s*$``) are tried at each split of a run of them before the match fails: a run of n spaces costs n * n steps.
A suppression comment ``<!-- jiading: ignore`` followed by 80,000 spaces took 82 s to validate. Rather than a list of
the patterns known to have done it, each pattern (a module's, or one written in a call: ``re.sub(r"...", ...)``) is
read (``re._parser``) and grown at each of its repetitions: the text that reaches the repetition (a sample of what
comes before it), then n times what it repeats (a sample of its body, or each character of a class it repeats), then
nothing, a character no pattern takes, or a line feed. A pattern added later is grown too. CPU time of ``match``,
best of three runs. A pattern built at run time from others (``re.compile(re.escape(lt) + ...)``) is not found.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import re._constants as sre
import re._parser as sre_parse
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jiading_cli
from jiading_cli.content.escaped import DESTINATION
from jiading_cli.content.yamlhints import KEY_LINE
from jiading_cli.validate.suppress import LINE_MARK

Items = list[tuple[Any, Any]]
CANDIDATES = "a 0-.:/_#<>\"'[](){}\t\nJ,@%&;=!?*+|\\~`^$xX嘉\u3000\u00a0"  # tried as the members of a class
CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}  # fmt: skip
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
ONE = (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN)  # what takes one character
TAILS = ("", "\x00", "\n")  # what ends the text: the pattern's next part is not there
SIZE = 2000  # repetitions at n; 8,000 at 4n


def _takes(op: Any, av: Any, char: str) -> bool:
    if op is sre.LITERAL:
        return ord(char) == av
    if op is sre.NOT_LITERAL:
        return ord(char) != av
    if op is sre.ANY:
        return char != "\n"
    negate, hit = False, False
    for kind, value in av:  # a class
        if kind is sre.NEGATE:
            negate = True
        elif kind is sre.LITERAL:
            hit |= ord(char) == value
        elif kind is sre.RANGE:
            hit |= value[0] <= ord(char) <= value[1]
        elif kind is sre.CATEGORY:
            hit |= re.match(CATEGORIES.get(value, "(?!)"), char) is not None
    return hit != negate


def _chars(op: Any, av: Any) -> list[str]:
    """The characters the item takes, among those the pattern names and the candidates."""
    named = [chr(av)] if op is sre.LITERAL else []
    if op is sre.IN:
        named = [chr(v) if k is sre.LITERAL else chr(v[0]) for k, v in av if k in (sre.LITERAL, sre.RANGE)]
    return [c for c in dict.fromkeys([*named, *CANDIDATES]) if _takes(op, av, c)]


def _sample(items: Items) -> str:
    """A short text the items take (their fewest repetitions, the first alternative; lookarounds take none)."""
    text = ""
    for op, av in items:
        if op in ONE:
            text += next(iter(_chars(op, av)), "")
        elif op is sre.SUBPATTERN:
            text += _sample(av[3])
        elif op is sre.ATOMIC_GROUP:
            text += _sample(av)
        elif op in REPEATS:
            text += _sample(av[2]) * av[0]
        elif op is sre.BRANCH:
            text += _sample(av[1][0])
    return text


def _grown(items: Items, before: str) -> Iterator[tuple[str, str]]:
    """(the text before a repetition, what it repeats) for each repetition of the items, nested ones too."""
    for op, av in items:
        if op in REPEATS:
            body = av[2]
            units = {_sample(body)}
            if len(body) == 1 and body[0][0] in ONE:
                units.update(_chars(*body[0]))
            yield from ((before, unit) for unit in units if unit)
            yield from _grown(body, before)
        elif op is sre.SUBPATTERN:
            yield from _grown(av[3], before)
        elif op is sre.ATOMIC_GROUP:
            yield from _grown(av, before)
        elif op is sre.BRANCH:
            for alternative in av[1]:
                yield from _grown(alternative, before)
        before += _sample([(op, av)])


def _patterns() -> dict[str, re.Pattern[str]]:
    """Each pattern of text a module of the package holds, by its first module's name for it."""
    found: dict[str, tuple[str, re.Pattern[str]]] = {}
    for module in pkgutil.walk_packages(jiading_cli.__path__, "jiading_cli."):
        if module.name.endswith(("__main__", ".entry")):  # these run the command line
            continue
        for name, value in vars(importlib.import_module(module.name)).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.setdefault(f"{value.pattern}\0{value.flags}", (f"{module.name}.{name}", value))
    for path in sorted(Path(jiading_cli.__file__).parent.rglob("*.py")):  # those written where they are used too
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (written := _written(node)) is not None:
                name = f"{path.relative_to(Path(jiading_cli.__file__).parent)}:{node.lineno}"
                found.setdefault(f"{written.pattern}\0{written.flags}", (name, written))
    return dict(found.values())


FUNCTIONS = {"compile": 1, "match": 2, "fullmatch": 2, "search": 2, "sub": 3, "subn": 3, "split": 2, "findall": 2}
FUNCTIONS |= {"finditer": 2}  # where each function takes its flags, if given by place


def _written(node: ast.AST) -> re.Pattern[str] | None:
    """The pattern of a call such as ``re.sub(r"...", ...)`` whose pattern is written as a string."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in FUNCTIONS):
        return None
    if not (isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args):
        return None
    pattern = node.args[0]
    if not (isinstance(pattern, ast.Constant) and isinstance(pattern.value, str)):
        return None
    given = [k.value for k in node.keywords if k.arg == "flags"] + node.args[FUNCTIONS[node.func.attr] :][:1]
    return re.compile(pattern.value, _flags(given[0]) if given else 0)


def _flags(node: ast.expr) -> int:
    if isinstance(node, ast.BinOp):
        return _flags(node.left) | _flags(node.right)
    return int(getattr(re, node.attr)) if isinstance(node, ast.Attribute) else 0


PATTERNS = _patterns()


def _cost(pattern: re.Pattern[str], text: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        pattern.match(text)
        best = min(best, time.process_time() - started)
    return best


def test_the_package_patterns_are_found() -> None:
    assert {"jiading_cli.validate.suppress.LINE_MARK", "jiading_cli.content.escaped.DESTINATION"} <= set(PATTERNS)
    assert len(PATTERNS) > 100


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_match_time_grows_linearly_with_each_repetition_grown(name: str) -> None:
    pattern = PATTERNS[name]
    slow = []
    for before, unit in sorted(set(_grown(list(sre_parse.parse(pattern.pattern, pattern.flags)), ""))):
        for tail in TAILS:
            small, large = (_cost(pattern, before + unit * (SIZE * n) + tail) for n in (1, 4))
            if large > 8 * small + 0.02:
                slow.append(f"{before!r} + {unit!r} * n + {tail!r}: {small:.3f} s at n, {large:.3f} s at 4n")
    assert not slow, slow


# The patterns as they were (kept here as the reference): the same matches, each found once.
OLD = {
    LINE_MARK: re.compile(r"jiading:\s*ignore\s*\[?\s*(JD[0-9]{3}(?:\s*+,\s*+JD[0-9]{3})*)\s*\]?"),
    KEY_LINE: re.compile(r"^(\s*(?:- +)?[\w.-]+:) +(\S.*?)\s*$"),
    DESTINATION: re.compile(r"(?:\]\(|^ {0,3}\[[^\]\n]+\]:)[ \t]*\n?[ \t]*(<)", re.MULTILINE),
}
PIECES = [
    "jiading:",
    "ignore",
    "JD107",
    ",",
    "[",
    "]",
    " ",
    "\t",
    "\n",
    "\u3000",
    "- ",
    "a",
    "b.c",
    ":",
    "](",
    "<",
    "#",
]


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_the_linear_patterns_match_what_they_matched(text: str) -> None:
    for new, old in OLD.items():
        assert [(m.span(), m.groups()) for m in new.finditer(text)] == [
            (m.span(), m.groups()) for m in old.finditer(text)
        ]
