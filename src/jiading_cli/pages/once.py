"""``{% once %}…{% endonce %}``: text a build makes once for the values it reads, then gives as it is.

The default theme's news lists wrap each article's teaser in it: an article is on several lists (its
language's, its category's, each of its tags'), and its teaser is made the first time and copied after.

What the text between the tags reads from outside — every variable it names (``item``, ``t``, …) — is its
key: the text is made the first time the build meets that key at that place of the template, and the same
text is given whenever the same values come again. Only values whose text cannot change within a build make
a key: text, numbers, none, tuples of them, the immutable records pages are given (``item``, ``site``,
``head``, a link: frozen dataclasses whose fields are such values) and ``t``. When a value is anything
else (a list, ``loop``, a macro, a function), the text is made every time, as if the tags were not there;
so is a body that includes or imports a template, sets a namespace's attribute, reads the whole context or
uses the ``random`` filter, whose text may not follow from the variables it names, and one that sets a variable
or defines a macro, or names ``caller``, ``varargs`` or ``kwargs``, which the call block the tag makes of its body
would scope or shadow.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import fields
from types import MethodType
from typing import Any

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.runtime import Undefined
from markupsafe import Markup

from jiading_cli.content.messages import Messages

SCALARS = frozenset({str, Markup, int, bool, type(None)})
UNSURE = (
    nodes.Include,
    nodes.Import,
    nodes.FromImport,
    nodes.Extends,
    nodes.Block,
    nodes.NSRef,
    nodes.ContextReference,
    nodes.DerivedContextReference,
)
RANDOM = frozenset({"random"})  # filters whose result is not a function of their arguments
# The tag's body is a call block's, and so a macro's: a name it sets or a macro it defines would not be seen after
# it, and in it ``caller``, ``varargs`` and ``kwargs`` would be that macro's own, not the enclosing macro's
SCOPED = (nodes.Assign, nodes.AssignBlock, nodes.Macro)
SHADOWED = frozenset({"caller", "varargs", "kwargs"})


class Unkeyed(Exception):
    """A value a key cannot be made of: its text could change between two uses."""


class Once(Extension):
    """The ``once`` tag; one per theme (so per build), holding the text made at each place for each key."""

    tags = {"once"}  # noqa: RUF012 - the declaration Jinja reads, as its own extensions write it

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        self.made: dict[tuple[object, ...], str] = {}  # (place, key) -> the text made
        self.records: dict[int, tuple[object, int]] = {}  # id of a record -> the record, its key
        self.places = itertools.count()  # each tag parsed gets its own place

    def parse(self, parser: Parser) -> nodes.Node | list[nodes.Node]:
        line = next(parser.stream).lineno
        body = parser.parse_statements(("name:endonce",), drop_needle=True)
        if not keyable(body):
            return body  # made every time: the tags do nothing
        names = sorted({name.name for name in within(body, nodes.Name) if name.ctx == "load"})
        values = nodes.Tuple([nodes.Name(name, "load") for name in names], "load")
        place = nodes.Const(next(self.places))
        call = self.call_method("_once", [place, values], lineno=line)
        return nodes.CallBlock(call, [], [], body).set_lineno(line)

    def _once(self, place: int, values: tuple[object, ...], caller: Any) -> str:
        try:
            key = (place, *[self.key(value) for value in values])
        except Unkeyed:
            made: str = caller()
            return made
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = caller()
        return found

    def key(self, value: object) -> object:
        """``value`` as a key: equal keys give the same text (a record is its own key, as long as it is held)."""
        kind = type(value)
        if kind in SCALARS:
            return (kind, value)
        found = self.records.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        if kind is MethodType and value.__func__ is Messages.text:  # type: ignore[attr-defined]  # t
            return (Messages, value.__self__.name)  # type: ignore[attr-defined]  # a catalogue's method
        if kind is tuple:
            return (tuple, tuple(self.key(item) for item in value))  # type: ignore[attr-defined]  # a tuple
        if isinstance(value, Undefined):
            return (Undefined, value._undefined_name)  # the body's own variable, or an error it raises
        params = getattr(kind, "__dataclass_params__", None)
        if params is None or not params.frozen:
            raise Unkeyed
        for field in fields(value):  # type: ignore[arg-type]  # a dataclass
            self.key(getattr(value, field.name))  # each field a value a key can be made of
        made = len(self.records)  # the record's own key, held as long as the record: it cannot change
        self.records[id(value)] = (value, made)
        return made


def keyable(body: list[nodes.Node]) -> bool:
    """Whether the text of ``body`` follows from the variables it names (see the module's docstring), and it means
    the same made in a call block as where it stands (:data:`SCOPED`, :data:`SHADOWED`)."""
    if any(True for _ in within(body, UNSURE + SCOPED)):
        return False
    if any(name.name in SHADOWED for name in within(body, nodes.Name)):
        return False
    return not any(found.name in RANDOM for found in within(body, nodes.Filter))


def within(body: list[nodes.Node], kind: Any) -> Iterator[Any]:
    """The nodes of ``kind`` (a node class or a tuple of them) in ``body``, its statements included."""
    for node in body:
        if isinstance(node, kind):
            yield node
        yield from node.find_all(kind)
