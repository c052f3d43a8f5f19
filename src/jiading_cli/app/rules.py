"""The validation rules as `jiading rule` shows them: code, severity, summary and explanation."""

from __future__ import annotations

from dataclasses import dataclass

from jiading_cli.validate.explanations import EXPLANATIONS
from jiading_cli.validate.rules import RULES


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: str
    summary: str
    why: str
    problem: str
    fix: str


def _rule(code: str) -> Rule:
    severity, summary = RULES[code]
    told = EXPLANATIONS[code]
    return Rule(code, severity, summary, told.why, told.problem, told.fix)


def every_rule() -> list[Rule]:
    """Every rule, in order of code."""
    return [_rule(code) for code in sorted(RULES)]


def find_rule(code: str) -> Rule | None:
    """The rule with this code (any case, ``150`` for ``JD150``), or None."""
    wanted = code.strip().upper()
    if wanted.isdigit():
        wanted = f"JD{wanted.zfill(3)}"
    return _rule(wanted) if wanted in RULES else None


def codes() -> list[str]:
    return sorted(RULES)
