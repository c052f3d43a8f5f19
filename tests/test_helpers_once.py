"""A helper of the tests is written once: two modules that need it import it (from ``conftest.py`` or a module
under ``tests/share/`` or ``tests/pages/``), so a rule a helper holds every run to, an exit-code assertion say,
holds for every test that uses it, never for one copy and not the other."""

from __future__ import annotations

import ast
import difflib
import itertools
from pathlib import Path

TESTS = Path(__file__).parent
SHORTEST = 6  # lines of a helper's body below which two alike are a pattern, not a copy
ALIKE = 0.8  # the share of lines two bodies have in common from which one is a copy of the other


def helpers() -> list[tuple[str, str, list[str]]]:
    """Every top-level function of the tests that is no test, its body's lines as written, docstring left out."""
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name.startswith("test_"):
                continue
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body = body[1:]
            lines = "\n".join(ast.unparse(statement) for statement in body).splitlines()
            if len(lines) > SHORTEST:
                found.append((f"{path.relative_to(TESTS)}:{node.lineno} {node.name}", str(path), lines))
    return found


def test_no_helper_is_a_copy_of_another_in_another_module() -> None:
    copies = []
    for (where, module, lines), (other, other_module, other_lines) in itertools.combinations(helpers(), 2):
        if module == other_module:
            continue
        alike = difflib.SequenceMatcher(None, lines, other_lines, autojunk=False)
        if alike.real_quick_ratio() >= ALIKE and alike.quick_ratio() >= ALIKE and alike.ratio() >= ALIKE:
            copies.append(f"{where} and {other} ({alike.ratio():.0%} alike)")
    assert copies == [], "write the helper once and import it:\n" + "\n".join(copies)


def test_the_check_finds_a_copy_with_an_assertion_left_out() -> None:
    """What the check is for: a helper copied into another module, one of its assertions dropped."""
    whole = [f"step({n})" for n in range(12)]
    copy = whole[:5] + whole[6:]
    assert difflib.SequenceMatcher(None, whole, copy, autojunk=False).ratio() >= ALIKE
