"""Templates that end: a site's template is its own code, and whatever it does, a build ends in bounded time and
memory, with one line naming the template and line that went too far.

The environment asks Jinja's compiler for the sandbox's hooks (``sandboxed``: every call, ``*``, ``**`` and ``+``
go through the environment), without the sandbox's checks of each attribute, which would double the time a
page takes (a template is the site's own code, trusted as such); ``range``, as in the sandbox, gives at most
100,000 numbers. Through the hooks:

- **Work**: each rendering of a template (a page, or a template ``{% chrome %}`` makes once) may do
  :data:`WORK` units of work: a step of a ``{% for %}`` loop (all loops together, nested ones included), a call
  (a macro's included) and a filter cost :data:`STEP` each, and each character or item a filter, a call,
  ``*``, ``+`` or ``~`` takes or makes costs one: a million steps and calls, or a hundred million characters.
  Loops inside loops over ``range``, or a loop that copies a long text at each step, would otherwise run for
  days.
- **Size**: no text, list or tuple of more than :data:`ITEMS` items is made by ``*``, ``+``, ``~``, the filters
  ``center``, ``indent`` and ``replace`` or a method of a text given a number above :data:`ITEMS` (each refused
  before it makes one where it can be told), and ``**`` makes no number of more than :data:`BITS` bits:
  ``{{ "x" * 10**10 }}``, or a text doubled with ``~`` in a loop, would otherwise fill the memory.

Either is a :class:`TooMuch` error, which :meth:`~jiading_cli.pages.theme.Theme.render` reports as every
template error, with the template's file and line.
"""

from __future__ import annotations

import contextvars
import functools
import operator
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import Environment, TemplateRuntimeError, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Template
from jinja2.runtime import Context
from jinja2.sandbox import safe_range

WORK = 100_000_000  # units of work in one rendering of a template
STEP = 100  # the units a step of a loop, a call or a filter costs; a character or item taken or made costs one
ITEMS = 10_000_000  # characters or items one operation may make
BITS = 100_000  # bits of a number '**' may make
SIZED = (str, list, tuple, dict, range, bytes)  # values whose size is known at once

_left: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("jiading_template_work", default=None)


class TooMuch(TemplateRuntimeError):
    """A template that would run too long or make too much."""


def spend(units: int) -> None:
    """Count ``units`` of work against the rendering's :data:`WORK`."""
    left = _left.get()
    if left is not None:  # else not within a rendering (Jinja's own use): nothing to count against
        left[0] -= units
        if left[0] < 0:
            raise TooMuch(
                f"the rendering went past its {WORK:,} units of work ({STEP} a loop step, a call or a filter, 1 a "
                "character or item taken or made); does a loop not end?"
            )


def _size(value: object) -> int:
    return len(value) if isinstance(value, SIZED) else 0


def _at_most(what: str, size: int) -> None:
    if size > ITEMS:
        raise TooMuch(f"{what} would make {size:,} characters or items, more than {ITEMS:,}")


def counted(items: Iterable[Any]) -> Iterator[Any]:
    """The items of a ``{% for %}`` loop, each a :data:`STEP` of the rendering's work."""
    for item in items:
        spend(STEP)
        yield item


class CountingGenerator(CodeGenerator):
    """The compiler: each ``{% for %}`` loop's items go through :func:`counted`, each ``~`` through
    :meth:`Guarded.joined`."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.joined(")
        super().visit_Concat(node, frame)
        self.write(")")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        iterable = node.iter
        if not (isinstance(iterable, nodes.Call) and isinstance(iterable.node, nodes.EnvironmentAttribute)):
            counter = nodes.EnvironmentAttribute("counted", lineno=node.lineno)
            node.iter = nodes.Call(counter, [iterable], [], None, None, lineno=node.lineno)
        super().visit_For(node, frame)


class GuardedTemplate(Template):
    """A template whose every rendering starts with its own :data:`WORK` (a ``{% chrome %}`` template rendered
    within a page has its own, and the page's goes on after it)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _left.set([WORK])
        try:
            return super().render(*args, **kwargs)
        finally:
            _left.reset(token)


def _filter(name: str, made: Callable[..., Any]) -> Callable[..., Any]:
    """Filter ``made``, its work counted: the sizes of what it takes and what it gives."""
    sized = SIZERS.get(name)

    @functools.wraps(made)
    def counting(*args: Any, **kwargs: Any) -> Any:
        units = STEP
        for value in args:
            if isinstance(value, SIZED):
                units += len(value)
        if sized is not None:
            values = [value for value in args if not hasattr(value, "environment")]  # not a context passed to it
            if values:
                _at_most(f"the filter {name}", sized(*values, **kwargs))
        spend(units)
        result = made(*args, **kwargs)
        if isinstance(result, SIZED):
            spend(len(result))
        return result

    return counting


def _centered(value: Any, width: Any = 80, *_: Any, **__: Any) -> int:
    return width if isinstance(width, int) else 0


def _indented(text: Any, width: Any = 4, *_: Any, **__: Any) -> int:
    lines = str(text).count("\n") + 1
    return len(str(text)) + lines * (width if isinstance(width, int) else len(str(width)))


def _replaced(text: Any, old: Any = "", new: Any = "", count: Any = None, *_: Any, **__: Any) -> int:
    found = str(text).count(str(old)) if not isinstance(count, int) else count
    return len(str(text)) + found * len(str(new))


SIZERS: dict[str, Callable[..., int]] = {"center": _centered, "indent": _indented, "replace": _replaced}
"""The size of the text each filter that grows one would make, from its arguments (told before it is made)."""


BINARY = {"*": operator.mul, "**": operator.pow, "+": operator.add}


class Guarded(Environment):
    """The templates' environment: its work counted and its sizes bounded, through the sandbox's hooks."""

    sandboxed = True  # the compiler's switch for the hooks below: calls and the operators of intercepted_binops
    intercepted_binops = frozenset(BINARY)
    intercepted_unops: frozenset[str] = frozenset()
    code_generator_class = CountingGenerator
    template_class = GuardedTemplate

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = safe_range
        self.counted = counted
        for name, made in list(self.filters.items()):
            self.filters[name] = _filter(name, made)

    def joined(self, text: Any) -> Any:
        """A text ``~`` made, its size counted and bounded."""
        spend(_size(text))
        _at_most("'~'", _size(text))
        return text

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        units = STEP
        for value in args:
            if isinstance(value, SIZED):
                units += len(value)
        if kwargs:
            units += sum(_size(value) for value in kwargs.values())
        spend(units)
        if isinstance(getattr(__obj, "__self__", None), str):  # a text's method: 'x'.ljust(10**10)
            for value in (*args, *kwargs.values()):
                if isinstance(value, int) and value > ITEMS:
                    raise TooMuch(f"{__obj.__name__}() given {value:,}, more than {ITEMS:,}")
        result = __context.call(__obj, *args, **kwargs)
        if isinstance(result, SIZED):
            spend(len(result))
        return result

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for many, times in ((left, right), (right, left)):
                if isinstance(many, str | list | tuple) and isinstance(times, int):
                    _at_most("'*'", len(many) * times)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and left.bit_length() * right > BITS:
            raise TooMuch(f"'**' would make a number of about {left.bit_length() * right:,} bits, more than {BITS:,}")
        made = BINARY[operator](left, right)
        spend(_size(made))
        _at_most(f"'{operator}'", _size(made))
        return made
