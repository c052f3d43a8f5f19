"""Front matter read with PyYAML: every file the fast reader (:mod:`.quickyaml`) leaves to it. Imported only when
such a file is met, so a build that reads only the usual shape of front matter never imports PyYAML. Every YAML
problem is reported here, with its line.

Construction is guarded: before a value is built, its nodes are walked once (:func:`_trouble`) and a value is
refused, with a located problem, when it holds an alias (a ``*name`` repeating an anchored value: nine levels of
ten aliases would build 10^9 items), a key given twice in one mapping (which PyYAML would take, keeping the
last), nests deeper than ``limits.DEPTH``, or has a tag whose constructor would fail on its text
(``!!bool maybe``). So building a value is linear in the text, and a result never depends on how deep
the stack is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

import yaml

from jiading_cli.base import isodates, wholenumbers
from jiading_cli.content import limits, yamlhints
from jiading_cli.content.conflicts import MARKER, said
from jiading_cli.content.linestarts import bom_stand_in, put_back, stood_in
from jiading_cli.content.yamlhints import OTHER_BREAKS, in_quotes
from jiading_cli.model import kinds
from jiading_cli.model.errors import Problem, Severity, describe
from jiading_cli.model.fields import ALIASES, FIELDS, LISTS, TEXTS

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]  # same interface, slower

__all__ = ["SafeLoader", "compose", "fields", "read"]  # SafeLoader: the one loader class, for quickyaml too

CONSTRUCT_ERRORS = (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError)
INT = "tag:yaml.org,2002:int"
NUMBER_TAGS = frozenset({INT, "tag:yaml.org,2002:float"})
BOOL, TIMESTAMP = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"
MERGE = "tag:yaml.org,2002:merge"  # a key '<<', which merges the mappings of its value into the one holding it
STR = "tag:yaml.org,2002:str"
TEXT_TAGS = frozenset({MERGE, "tag:yaml.org,2002:value"})  # YAML 1.1's types of a plain '<<' and '=': no constructor
MERGED = "expected the fields written out, found a YAML merge key (<<), which copies fields from its value"
UNREADABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # YAML 1.1


class Rows:
    """The lines of the front matter as the file has them (ended by LF alone, as the loader counts), and where a
    YAML mark lies among them: YAML ends a line at NEL, LS and PS too, so its own line numbers can run ahead."""

    __slots__ = ("rows", "starts")

    def __init__(self, front: str) -> None:
        self.rows = front.split("\n")
        self.starts: list[int] | None = None
        if OTHER_BREAKS.search(front) is not None:
            self.starts = [0]
            at = front.find("\n")
            while at != -1:
                self.starts.append(at + 1)
                at = front.find("\n", at + 1)

    def row(self, mark: yaml.Mark) -> int:
        """The line of ``mark`` in the front matter, from 0."""
        return mark.line if self.starts is None else bisect_right(self.starts, mark.index) - 1

    def line(self, mark: yaml.Mark) -> int:
        """The line of ``mark`` in the file (the front matter starts on its second)."""
        return self.row(mark) + 2

    def rest(self, mark: yaml.Mark) -> str:
        """The text of ``mark``'s line from ``mark`` on."""
        row = self.row(mark)
        column = mark.column if self.starts is None else mark.index - self.starts[row]
        return self.rows[row][column:] if row < len(self.rows) else ""


def read(front: str, path: str) -> tuple[dict[str, Any], dict[str, int], list[Problem]] | list[Problem]:
    """(values, lines, problems) of a front matter mapping; only problems when it is not one."""
    rows = Rows(front)
    node, problems = compose(front, path, rows)
    if node is None:
        return problems
    values, lines, found = fields(node, path, rows)
    unwritten = _unwritable(node, path, rows)
    return values, lines, found if unwritten is None else [*found, unwritten]


def _unwritable(node: yaml.MappingNode, path: str, rows: Rows) -> Problem | None:
    """JD119 for a front matter that is no block mapping of fields at the start of their lines (one flow mapping,
    ``{title: …, date: …}``, or every field indented): YAML reads it, and `jiading share` could never write its
    records into it without rewriting the user's own lines, so each post of it would fail on every run."""
    if node.flow_style:
        found = "the front matter written as one flow mapping, {field: value, …}"
    elif node.value and node.value[0][0].start_mark.column > 0:
        found = f"every field indented by {node.value[0][0].start_mark.column} spaces"
    else:
        return None
    message = (
        f"expected each field at the start of its line (field: value), which `jiading share` writes its records "
        f"beside, found {found}"
    )
    return _problem(path, rows.line(node.start_mark), "JD119", "", message, "warning")


def _problem(path: str, line: int, code: str, name: str, message: str, severity: Severity = "error") -> Problem:
    return Problem(path, line, code, severity, name, message)


def compose(front: str, path: str, rows: Rows | None = None) -> tuple[yaml.MappingNode | None, list[Problem]]:
    rows = rows or Rows(front)
    stand_in = bom_stand_in(front)
    try:
        node = yaml.compose(stood_in(front, stand_in), Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        conflict = _conflict(rows, path) or _directive(stood_in(front, stand_in), rows, path)
        if conflict is not None:
            return None, [conflict]
        reason = exc.problem or "invalid YAML"
        mark = exc.problem_mark or exc.context_mark
        if reason == yamlhints.TOO_DEEP and mark is not None:  # past the levels libyaml follows: the limit, said so
            row, name = yamlhints.field_of(rows.rows, rows.row(mark))
            return None, [_problem(path, row + 2, "JD108", ALIASES.get(name, name), limits.DEEPER)]
        if yamlhints.UNENDED in reason and exc.context_mark is not None:
            mark = exc.context_mark  # the line YAML began to read as a field, not the one after it where it gave up
        line = rows.line(mark) if mark else 1
        typo = yamlhints.typo(rows.rows, rows.row(mark)) if mark else None
        if typo is not None:  # a colon YAML does not take, maybe lines before where YAML gave up: said on its line
            line, hint = typo[0] + 2, typo[1]
        else:
            hint = yamlhints.hint(front, rows, mark, reason)
        return None, [_problem(path, line, "JD101", "", f"YAML syntax error: {reason}{hint}")]
    except yaml.reader.ReaderError:
        return None, [_not_yaml_text(front, path)]
    except CONSTRUCT_ERRORS as exc:
        return None, [_problem(path, 1, "JD101", "", f"YAML syntax error: {exc}")]
    if node is not None and stand_in is not None:
        put_back(node, stand_in)
    if node is None:
        return None, [_problem(path, 2, "JD102", "", "front matter is empty; expected id, title and date")]
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        return None, [
            _problem(path, 2, "JD102", "", f"expected front matter to be a mapping of field: value, got {kind}")
        ]
    return node, []


def _conflict(rows: Rows, path: str) -> Problem | None:
    """JD101 for a front matter that YAML cannot read because a merge left a conflict in it (two sides of a
    field or of the syndication records, between git's marker lines), on the line of its first marker."""
    marks = [n + 2 for n, row in enumerate(rows.rows) if MARKER.fullmatch(row)]
    if not any(rows.rows[line - 2].startswith("<<<<<<<") for line in marks):
        return None
    return _problem(path, marks[0], "JD101", "", said("the front matter", marks))


def _directive(front: str, rows: Rows, path: str) -> Problem | None:
    """JD101 for a YAML directive (``%YAML 1.2``, ``%TAG``) in the front matter, on its line: one is read only
    before a ``---`` line, which closes the front matter, so YAML never takes one there (and says only that it
    did not find a document's start, on the line after it)."""
    if "%" not in front:
        return None
    mark = None
    try:
        for token in yaml.scan(front, Loader=SafeLoader):
            if isinstance(token, yaml.DirectiveToken):
                mark = token.start_mark
                break
    except yaml.MarkedYAMLError as exc:  # '%' alone, '%YAML x': a directive YAML could not read
        if "directive" in f"{exc.context} {exc.problem}" and exc.context_mark is not None:
            mark = exc.context_mark
    if mark is None:
        return None
    found = describe(rows.rows[rows.row(mark)].strip())
    message = (
        f"expected fields (field: value), found the YAML directive {found}; front matter takes none (the '---' "
        "line one needs after it closes the front matter): remove the line"
    )
    return _problem(path, rows.line(mark), "JD101", "", message)


def _not_yaml_text(front: str, path: str) -> Problem:
    """JD101 for a character YAML does not allow in a stream (a control character, U+FFFE), on its line."""
    found = UNREADABLE.search(front)
    if found is None:  # pragma: no cover - the reader refuses only these
        return _problem(path, 1, "JD101", "", "YAML syntax error: a character YAML cannot read")
    line = front.count("\n", 0, found.start()) + 2
    char = found.group()
    message = f"expected text YAML can read, found the character U+{ord(char):04X} ({char!r}) on this line"
    return _problem(path, line, "JD101", "", message + "; remove it, or write it as an escape inside double quotes")


def fields(
    node: yaml.MappingNode, path: str, rows: Rows | None = None
) -> tuple[dict[str, Any], dict[str, int], list[Problem]]:
    """Each field's value, its line and the problems found; ``rows``: the lines of the text, for lines and comments
    (without them, YAML's lines are taken and comments are not looked for)."""
    place = rows or Rows("")
    constructor = SafeLoader("")
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    spelled: dict[str, str] = {}  # each field's name as written, an alias's (``modified``) or its own
    refused = _refused(node, place)
    problems = []
    for key_node, _ in node.value:  # refused, as an alias is: the fields it would bring are not read
        if key_node.tag == MERGE:
            code, message = refused.get(id(key_node), ("JD114", MERGED))
            problems.append(_problem(path, place.line(key_node.start_mark), code, "", message))
    node.value = [(key_node, value_node) for key_node, value_node in node.value if key_node.tag != MERGE]
    try:
        constructor.flatten_mapping(node)  # no merge key left: a key '=' is made text
    except CONSTRUCT_ERRORS as exc:  # pragma: no cover - flattening fails only on a merge key
        return values, lines, [_problem(path, place.line(node.start_mark), "JD101", "", f"YAML error: {exc}")]
    for key_node, value_node in node.value:
        line = place.line(key_node.start_mark)
        if (trouble := refused.get(id(key_node))) is not None:  # the field is there, unread, never missing
            name = ALIASES.get(key_node.value, key_node.value) if _is_name(key_node) else ""
            problems.append(_problem(path, line, trouble[0], name, trouble[1]))
            if not name or name not in lines:  # else given twice too, said below
                if name:
                    lines[name], spelled[name] = line, key_node.value
                continue
        if not _is_name(key_node):
            found = describe(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "a list or mapping"
            problems.append(_problem(path, line, "JD104", "", f"expected a field name, got {found}"))
            continue
        name = ALIASES.get(key_node.value, key_node.value)
        if name in lines:
            first, here = spelled[name], key_node.value  # an alias is read as its field: say which names meet
            message = f"field given twice (first on line {lines[name]}, which is used); keep one"
            if first != here:
                message = (
                    f"field given twice, as {here!r} here and {first!r} on line {lines[name]}, which is used; keep one"
                )
            problems.append(_problem(path, line, "JD106", name, message))
            continue
        lines[name], spelled[name] = line, key_node.value
        wrong = _value(constructor, value_node, name, values)
        if wrong:
            problems.append(_problem(path, line, "JD104", name, wrong))
        elif rows is not None and name in TEXTS:
            problems.extend(_comments(value_node, rows, path, name))
    return values, lines, problems


def _refused(node: yaml.MappingNode, rows: Rows) -> dict[int, tuple[str, str]]:
    """The code and message of each field whose value must not be built (see :func:`_trouble`), by its key's node:
    the field is read as one whose value cannot be read, its line kept (a second error, 'required field is
    missing', would be false), and a field given again after it is given twice, as after any other."""
    seen: set[int] = set()
    found = {}
    for key_node, value_node in node.value:
        if (trouble := _trouble(value_node, seen, rows, built=key_node.value == "syndication")) is not None:
            found[id(key_node)] = trouble
    return found


def _value(constructor: SafeLoader, node: yaml.Node, name: str, values: dict[str, Any]) -> str | None:
    """Build the field's value into ``values``; or why it cannot be read (a JD104 message)."""
    if name in LISTS and isinstance(node, yaml.ScalarNode) and node.tag in NUMBER_TAGS:
        found = f"the number {node.value}; quote it ({in_quotes(node.value)}) or write a list"
        return f"expected a list of text or a text, got {found}"
    try:
        values[name] = _construct(constructor, node, name)
    except CONSTRUCT_ERRORS as exc:
        return _unreadable(name, node, exc)
    return None


def _is_name(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str"


def _trouble(node: yaml.Node, seen: set[int], rows: Rows, *, built: bool = False) -> tuple[str, str] | None:
    """Why a value must not be built (an alias, a merge key, a key given twice in one mapping, nesting past the
    limit, a tag its text fails, a whole number too long for Python to write out where numbers are built: in a
    mapping, or anywhere with ``built``, as in ``syndication``; see :func:`_construct`), or None.

    One walk over the value's nodes, without recursion; ``seen`` holds every node met in earlier values, so
    an alias of any of them is found (PyYAML gives an alias the very node its anchor names). On the way, a plain
    ``=`` or ``<<`` met as a value (YAML 1.1 types them, and PyYAML has no constructor for either) is made text.
    """
    stack: list[tuple[yaml.Node, int, bool]] = [(node, 1, built)]
    while stack:
        item, depth, built = stack.pop()
        if id(item) in seen:
            return "JD114", "expected the value written out, found a YAML alias (*name) of a value given before"
        seen.add(id(item))
        if depth > limits.DEPTH:
            return "JD108", limits.DEEPER
        if isinstance(item, yaml.SequenceNode):
            stack.extend((child, depth + 1, built) for child in item.value)
        elif isinstance(item, yaml.MappingNode):
            if any(key.tag == MERGE for key, _ in item.value):
                return "JD114", MERGED  # a merge key, given twice or not
            if (twice := _given_twice(item, rows)) is not None:
                return "JD106", twice
            for key, value in item.value:
                stack.append((key, depth + 1, True))
                stack.append((value, depth + 1, True))
        elif isinstance(item, yaml.ScalarNode) and item.tag in TEXT_TAGS:
            item.tag = STR  # '=' or '<<' as a value: text, as YAML 1.2 and every other reader take it
        elif isinstance(item, yaml.ScalarNode) and (wrong := _tag_fails(item)):
            return "JD104", f"cannot read the value: {wrong}"
        elif built and item.tag == INT and wholenumbers.too_long(item.value):  # no message could show it
            most = f"at most {wholenumbers.most_digits():,} digits, the most Python reads"
            return "JD104", f"expected a number of {most}, got {describe(item.value)}: quote it if it is text"
    return None


def _given_twice(node: yaml.MappingNode, rows: Rows) -> str | None:
    """A key written twice in one mapping of a field (``translations``, ``share``, a ``syndication`` record), which
    YAML forbids and PyYAML would take silently, keeping the last: the message naming the key and its lines."""
    first: dict[tuple[str, str], yaml.Node] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        earlier = first.setdefault((key.tag, key.value), key)
        if earlier is not key:
            at = rows.line(earlier.start_mark), rows.line(key.start_mark)
            lines = f"both on line {at[0]}" if at[0] == at[1] else f"lines {at[0]} and {at[1]}"
            return f"expected each key once, found {describe(key.value)} given twice ({lines}); keep one"
    return None


def _tag_fails(node: yaml.ScalarNode) -> str | None:
    """Why PyYAML's constructor for the scalar's tag cannot build it (it would raise KeyError or worse)."""
    if node.tag == BOOL and node.value.lower() not in SafeLoader.bool_values:
        return f"expected true or false for !!bool, got {describe(node.value)}"
    if node.tag != TIMESTAMP:
        return None
    stamp = SafeLoader.timestamp_regexp.match(node.value)
    if stamp is None:
        return f"expected a date such as 2017-07-03T09:00:00+08:00 for !!timestamp, got {describe(node.value)}"
    if int(stamp["tz_minute"] or 0) > 59:  # PyYAML would carry them into the hours
        return _out_of_range(node) + f"; got {describe(node.value)}"
    return None


def _construct(constructor: SafeLoader, node: yaml.Node, name: str) -> Any:
    """The value of ``node``; numbers stay as written (``1.10``, ``1e400``) except in records."""
    if name != "syndication":
        if isinstance(node, yaml.ScalarNode) and node.tag in NUMBER_TAGS:
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [_construct(constructor, item, name) for item in node.value]
    return constructor.construct_object(node, deep=True)


def _comments(node: yaml.Node, rows: Rows, path: str, name: str) -> list[Problem]:
    """A warning for each plain value a ``#`` comment follows on its line: YAML drops the text after ' #'."""
    found: list[Problem] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, yaml.SequenceNode):
            stack.extend(reversed(item.value))
        elif isinstance(item, yaml.MappingNode):
            stack.extend(reversed([value for _, value in item.value]))
        elif isinstance(item, yaml.ScalarNode) and not item.style:
            end = item.end_mark
            rest = rows.rest(end)
            if rest.lstrip().startswith("#"):
                kept = rest.rstrip()
                fix = in_quotes(item.value + kept)
                mark = "'\\t#'" if rest[: rest.index("#")].endswith("\t") else "' #'"  # what YAML took for one
                message = f"the text after {mark} is a YAML comment and is dropped; to keep it, quote the value: {fix}"
                found.append(_problem(path, rows.line(end), "JD109", name, message, "warning"))
    return found


def _unreadable(name: str, node: yaml.Node, exc: Exception) -> str:
    """Why a value could not be built, with what the field expects and what the file says: YAML's own words for what
    it refused, never the words of the Python code that builds a value (``offset must be a timedelta…``)."""
    reason = getattr(exc, "problem", None) if isinstance(exc, yaml.YAMLError) else None
    reason = reason or _out_of_range(node)
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


def _out_of_range(node: yaml.Node) -> str:
    """Why a value YAML reads could not be built: for a time, the part out of range, in the words every date jiading
    reads is refused in (``isodates.wrong_part``)."""
    found = SafeLoader.timestamp_regexp.match(node.value) if isinstance(node, yaml.ScalarNode) else None
    if found is None or node.tag != TIMESTAMP:
        return "it is out of the range a value of its kind can hold"
    return isodates.wrong_part(found.groupdict()) or "it names no moment that exists"
