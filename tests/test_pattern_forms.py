"""Every regular expression of the package has the form that cannot backtrack without bound: no repeat without an
upper bound inside another, unless the inner one is possessive (``++``, ``*+``) or in an atomic group ``(?>…)``.

A repeat inside a repeat, where both can end at the same place, tries every way of cutting a run between them: the
phone number's ``(?:[0-9]+ … (?:…|\\s*)[0-9]+)*`` took 6 s of CPU for 26 digits and a letter in ``site.phone``, and
doubled with each digit. A possessive inner repeat keeps what it read, so each run is cut one way. Rather than the
patterns known to have done it, every pattern of every module is read by Python's own parser: those its modules hold,
those their cached functions make, those written as literals in a call of ``re`` and PyYAML's resolvers copied here.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import re._constants as sre  # the parser's own names for its nodes
import re._parser as sre_parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jiading_cli
from jiading_cli.base.tel import WRITTEN, tel_uri
from jiading_cli.content.yamlscalars import IMPLICIT

UNBOUNDED = sre.MAXREPEAT
RETRIED = (sre.MAX_REPEAT, sre.MIN_REPEAT)  # repeats the matcher may give characters back from


def _modules() -> Iterator[Any]:
    for info in pkgutil.walk_packages(jiading_cli.__path__, "jiading_cli."):
        if not info.name.endswith("__main__"):  # which runs the command
            yield importlib.import_module(info.name)


def _held(value: Any) -> Iterator[re.Pattern[Any]]:
    if isinstance(value, re.Pattern):
        yield value
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _held(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _held(item)
    elif callable(value) and hasattr(value, "cache_info") and not inspect.signature(value).parameters:
        yield from _held(value())  # a pattern compiled on first use


def _literals(module: Any) -> Iterator[tuple[str | bytes, int]]:
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, (str, bytes))
        ):
            yield node.args[0].value, 0


def _patterns() -> dict[str, tuple[str | bytes, int]]:
    found: dict[str, tuple[str | bytes, int]] = {}
    for module in _modules():
        for name, value in vars(module).items():
            for pattern in _held(value):
                found.setdefault(f"{module.__name__}.{name}: {pattern.pattern!r}", (pattern.pattern, pattern.flags))
        for text, flags in _literals(module):
            found.setdefault(f"{module.__name__} (literal): {text!r}", (text, flags))
    for tag, text, _ in IMPLICIT:
        found.setdefault(f"yamlscalars.IMPLICIT {tag}", (text, re.X))
    return found


PATTERNS = _patterns()


def nested_repeats(pattern: str | bytes, flags: int = 0) -> list[str]:
    """The unbounded repeats of ``pattern`` the matcher may retry inside another unbounded repeat, as text."""
    found: list[str] = []

    def walk(items: Any, inside: bool) -> None:
        for op, av in items:
            if op in RETRIED:
                low, high, sub = av
                if high == UNBOUNDED and inside:
                    found.append(f"{op} {low},∞ {sub}")
                walk(sub, inside or high == UNBOUNDED)
            elif op == sre.POSSESSIVE_REPEAT:
                walk(av[2], False)
            elif op == sre.ATOMIC_GROUP:
                walk(av, False)
            elif op == sre.SUBPATTERN:
                walk(av[3], inside)
            elif op == sre.BRANCH:
                for branch in av[1]:
                    walk(branch, inside)
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                walk(av[1], inside)
            elif op == sre.GROUPREF_EXISTS:
                walk(av[1], inside)
                if av[2] is not None:
                    walk(av[2], inside)

    walk(sre_parse.parse(pattern, flags), False)
    return found


def test_the_patterns_are_found() -> None:
    assert len(PATTERNS) > 100
    assert any(text == WRITTEN.pattern for text, _ in PATTERNS.values())


@pytest.mark.parametrize("name", list(PATTERNS))
def test_no_pattern_retries_a_repeat_inside_a_repeat(name: str) -> None:
    assert nested_repeats(*PATTERNS[name]) == [], name


def test_the_check_finds_the_form_that_backtracked() -> None:
    assert nested_repeats(r"[0-9]+(?:\s*[0-9]+)*")
    assert nested_repeats(r"(?:a|b+)*c")
    assert not nested_repeats(r"[0-9]++(?:\s*+[0-9]++)*")
    assert not nested_repeats(r"(?:(?>b+)|a)*c")
    assert not nested_repeats(r"(?:a{1,3})*")


# The phone number's pattern as it was: the same numbers, in time exponential in a run of digits not closed.
OLD_GROUP = r"(?:[0-9]+|\(\s*[0-9]+\s*\))"
OLD_WRITTEN = re.compile(rf"{OLD_GROUP}(?:(?:\s*[-.]\s*|\s*){OLD_GROUP})*")


@given(st.text(st.sampled_from("0123 \t-.()x+"), max_size=14))
def test_the_phone_pattern_reads_what_it_read(text: str) -> None:
    assert (WRITTEN.fullmatch(text) is None) == (OLD_WRITTEN.fullmatch(text) is None)


def test_a_long_run_of_digits_is_no_phone_number() -> None:
    assert tel_uri("1" * 100_000 + "x") is None
    assert tel_uri("1 " * 50_000 + "(") is None
    assert tel_uri("+86 10 5327 0173") == "tel:+86-10-5327-0173"
