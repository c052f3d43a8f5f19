"""The validation rules as `jiading rule` shows them: code, severity, summary and explanation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from jiading_cli.validate.codes import CONFIG_RULES, GUARDS, TEMPLATE_RULES, WALK_RULES
from jiading_cli.validate.explanations import EXPLANATIONS
from jiading_cli.validate.rules import RULES

Against = Literal[
    "article", "config", "folder", "templates", "always"
]  # what a rule's problems name, and so what hides them


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: str
    summary: str
    why: str
    problem: str
    fix: str
    against: Against = (
        "article"  # an article (suppressed in it), jiading.toml, the articles folder, templates/, or always shown
    )


def _rule(code: str) -> Rule:
    severity, summary = RULES[code]
    told = EXPLANATIONS[code]
    return Rule(code, severity, summary, told.why, told.problem, told.fix, _against(code))


def _against(code: str) -> Against:
    if code in GUARDS:
        return "always"
    if code in CONFIG_RULES:
        return "config"
    if code in TEMPLATE_RULES:
        return "templates"
    return "folder" if code in WALK_RULES else "article"


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
