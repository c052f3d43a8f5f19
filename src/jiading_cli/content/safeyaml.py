"""Front matter read with PyYAML: every file the fast reader (:mod:`.fastfront`) leaves to it.

Imported only when such a file is met, so a build that reads only the usual shape of front matter
never imports PyYAML. Every YAML problem is reported here, with its line.
"""

from __future__ import annotations

from typing import Any

import yaml

from jiading_cli.model import kinds
from jiading_cli.model.errors import Problem, Severity, describe
from jiading_cli.model.fields import ALIASES, FIELDS

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]  # same interface, slower

__all__ = ["SafeLoader", "compose", "fields", "read"]  # SafeLoader: the one loader class, for fastfront too

CONSTRUCT_ERRORS = (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError)
NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


def read(front: str, path: str) -> tuple[dict[str, Any], dict[str, int], list[Problem]] | list[Problem]:
    """(values, lines, problems) of a front matter mapping; only problems when it is not one."""
    node, problems = compose(front, path)
    if node is None:
        return problems
    return fields(node, path)


def _problem(path: str, line: int, code: str, name: str, message: str, severity: Severity = "error") -> Problem:
    return Problem(path, line, code, severity, name, message)


def compose(front: str, path: str) -> tuple[yaml.MappingNode | None, list[Problem]]:
    try:
        node = yaml.compose(front, Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        reason = exc.problem or "invalid YAML"
        return None, [_problem(path, line, "JD101", "", f"YAML syntax error: {reason}")]
    except CONSTRUCT_ERRORS as exc:
        return None, [_problem(path, 1, "JD101", "", f"YAML syntax error: {exc}")]
    if node is None:
        return None, [_problem(path, 2, "JD102", "", "front matter is empty; expected id, title and date")]
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        return None, [
            _problem(path, 2, "JD102", "", f"expected front matter to be a mapping of field: value, got {kind}")
        ]
    return node, []


def fields(node: yaml.MappingNode, path: str) -> tuple[dict[str, Any], dict[str, int], list[Problem]]:
    constructor = SafeLoader("")
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    try:
        constructor.flatten_mapping(node)
    except CONSTRUCT_ERRORS as exc:
        return values, lines, [_problem(path, node.start_mark.line + 2, "JD101", "", f"YAML error: {exc}")]
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
            found = describe(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "a list or mapping"
            problems.append(_problem(path, line, "JD104", "", f"expected a field name, got {found}"))
            continue
        given: str = key_node.value
        name = ALIASES.get(given, given)
        if name in lines:
            first = f"first on line {lines[name]}"
            problems.append(
                _problem(path, line, "JD106", name, f"field given twice ({first}, which is used); keep one")
            )
            continue
        lines[name] = line
        try:
            values[name] = _construct(constructor, value_node, name)
        except CONSTRUCT_ERRORS as exc:
            problems.append(_problem(path, line, "JD104", name, _unreadable(name, value_node, exc)))
    return values, lines, problems


def _construct(constructor: SafeLoader, node: yaml.Node, name: str) -> Any:
    """The value of ``node``; numbers stay as written (``1.10``, ``1e400``) except in records."""
    if name != "syndication":
        if isinstance(node, yaml.ScalarNode) and node.tag in NUMBER_TAGS:
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [_construct(constructor, item, name) for item in node.value]
    return constructor.construct_object(node, deep=True)


def _unreadable(name: str, node: yaml.Node, exc: Exception) -> str:
    """Why a value could not be built, with what the field expects and what the file says."""
    reason = getattr(exc, "problem", None) or str(exc)
    if not isinstance(node, yaml.ScalarNode):
        found = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
        return f"cannot read the value: {reason}; got {found}"
    expected = "a plain value without a YAML tag"
    if node.tag in SafeLoader.yaml_constructors and (spec := FIELDS.get(name)) is not None:
        try:
            spec.checker(node.value)
            expected = "a valid value"
        except kinds.Expected as wanted:
            expected = wanted.expected
    return f"cannot read the value: {reason}; expected {expected}, got {describe(node.value)}"
