"""Templates that end: a site's template is its own code, and whatever it does, a build ends in bounded time and
memory, with one line naming the template and line that went too far.

The environment asks Jinja's compiler for the sandbox's hooks (``sandboxed``: every call, ``*``, ``**``, ``+`` and
``%`` go through the environment), without the sandbox's checks of each attribute, which would double the time a
page takes (a template is the site's own code, trusted as such); ``range``, as in the sandbox, gives at most
100,000 numbers. Through the hooks:

- **Work**: each rendering of a template (a page, or a template ``{% chrome %}`` makes once) may do
  :data:`WORK` units of work: a step of a ``{% for %}`` loop (all loops together, nested ones included), a call
  (a macro's included) and a filter cost :data:`STEP` each, and each character or item a filter, a call,
  ``*``, ``+`` or ``~`` takes or makes costs one: a million steps and calls, or a hundred million characters.
  Loops inside loops over ``range``, or a loop that copies a long text at each step, would otherwise run for
  days.
- **Size**: no operation makes a text, list or tuple of more than :data:`ITEMS` characters or items, told from
  its arguments before it is made (:mod:`jiading_cli.pages.sizes` has the model of each): ``*``, ``+``, ``%``
  and ``~``, every filter, every method of a built-in value and the globals that make something sized by an
  argument (a width, a precision, a count, a separator repeated), and each value shown (``{{ value }}``);
  ``**`` and ``*`` make no number of more than :data:`BITS` bits. A method of a built-in value without a model
  (``'x'.__mul__``) is not available. ``{{ "x" * 10**10 }}``, ``"%999999999d"|format(1)``, or a text doubled
  with ``~`` in a loop, would otherwise fill the memory.
- **Output**: each character of the text a template, a macro or a block makes is a unit of work, counted before
  the text is joined: a loop showing a long text at each step ends with the work. A character in it no page may
  carry (a control character, a lone surrogate, a noncharacter: ``base.xmlchars.NOT_OUTPUT``, which articles and the
  config are held to) is an error where it is made.

Either is a :class:`TooMuch` error, which :meth:`~jiading_cli.pages.theme.Theme.render` reports as every
template error, with the template's file and line.
"""

from __future__ import annotations

import contextvars
import functools
import math
import operator
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from types import ModuleType
from typing import Any

from jinja2 import Environment, TemplateRuntimeError, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Template
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import safe_range

from jiading_cli.base.xmlchars import NOT_OUTPUT, unwanted_kind
from jiading_cli.pages.filterargs import called, checked
from jiading_cli.pages.reading import Readable
from jiading_cli.pages.sizes import BUILT_IN, FILTERS, FUNCTIONS, METHODS, WORKING
from jiading_cli.pages.textsize import ADDRESS, ITEMS, formatted, printed, printf, textless

WORK = 100_000_000  # units of work in one rendering of a template
STEP = 100  # the units a step of a loop, a call or a filter costs; a character or item taken or made costs one
BITS = 100_000  # bits of a number '**' may make
_ADDRESS = re.compile(r" at 0x[0-9a-f]+>")  # Python's text for an object without its own: where it is in memory
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


def counted(items: Iterable[Any], cost: int = STEP) -> Iterator[Any]:
    """The items of a ``{% for %}`` loop, each a :data:`STEP` of the rendering's work (or ``cost``)."""
    for item in items:
        spend(cost)
        yield item


class CountingGenerator(CodeGenerator):
    """The compiler: each ``{% for %}`` loop's items go through :func:`counted`, each ``~`` through
    :meth:`Guarded.joined`, each piece of output through :meth:`Guarded.made`."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"environment.joined({join}, (")
        for operand in node.nodes:
            self.visit(operand, frame)
            self.write(", ")
        self.write("))")

    def visit_Const(self, node: nodes.Const, frame: Frame) -> None:
        """A constant, as Jinja writes it into the compiled template's source; one holding a number Python's
        source has no literal for (``"inf" | float``, folded when the template is compiled, which Jinja writes as
        the name ``inf``) is written with that name bound to the number, never a ``NameError`` at run time."""
        text = str(value) if isinstance(value := node.as_const(frame.eval_ctx), float) else repr(value)
        if _NOT_FINITE.search(text) and _holds_not_finite(value):
            text = f"(lambda inf=float('inf'), nan=float('nan'): {text})()"
        self.write(text)

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        return f"environment.made({super()._output_const_repr(group)})"

    def _output_child_to_const(self, node: nodes.Expr, frame: Frame, finalize: Any) -> str:
        """A constant shown, made text at compile time, as Jinja makes it; but one without text of its own (a
        generator's, a function's), which Jinja would write as Python's text for it with its address (held in a
        text already when ``~`` was folded), or holding a character no page may carry, is shown at run time, where
        it is the template's error at its own line (:meth:`Guarded.shown`, :meth:`Guarded.made`), not at the line
        of the text it would have been joined to."""
        const = node.as_const(frame.eval_ctx)
        if textless(const) is not None or _ADDRESS.search(text := str(const)) or NOT_OUTPUT.search(text):
            raise nodes.Impossible
        return str(super()._output_child_to_const(node, frame, finalize))

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write("environment.made(")
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        super()._output_child_post(node, frame, finalize)
        self.write(")")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        iterable = node.iter
        if not (isinstance(iterable, nodes.Call) and isinstance(iterable.node, nodes.EnvironmentAttribute)):
            counter = nodes.EnvironmentAttribute("counted", lineno=node.lineno)
            node.iter = nodes.Call(counter, [iterable], [], None, None, lineno=node.lineno)
        super().visit_For(node, frame)


_NOT_FINITE = re.compile(r"\b(?:inf|nan)\b")


def _holds_not_finite(value: object) -> bool:
    """Whether ``value``, or a value it holds, is a float that is infinite or not a number."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return True
        if isinstance(item, dict):
            stack.extend((*item.keys(), *item.values()))
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
    return False


class GuardedTemplate(Template):
    """A template whose every rendering starts with its own :data:`WORK` (a ``{% chrome %}`` template rendered
    within a page has its own, and the page's goes on after it)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _left.set([WORK])
        try:
            return super().render(*args, **kwargs)
        finally:
            _left.reset(token)


def _plain(values: tuple[Any, ...]) -> list[Any]:
    """A filter's arguments without the context, environment or evaluation context Jinja passes some first; an
    iterator among them (a ``map``'s or ``select``'s result) made a list, each item counted, so that its size can
    be told and the filter still gets every item."""
    return [list(counted(value, 1)) if isinstance(value, Iterator) else value for value in values]


def _filter(name: str, made: Callable[..., Any]) -> Callable[..., Any]:
    """Filter ``made``, its work counted and what it makes bounded: the sizes of what it takes and gives, and for
    a filter with a model (:data:`~jiading_cli.pages.sizes.FILTERS`) the size it would make, told before."""
    sized, working = FILTERS.get(name), WORKING.get(name)
    textual = name in TEXTUAL

    @functools.wraps(made)
    def counting(*args: Any, **kwargs: Any) -> Any:
        passed = 1 if args and isinstance(args[0], PASSED) else 0  # a context, environment or eval context
        if sized is not None or working is not None:
            args = (*args[:passed], *_plain(args[passed:]))
            values = args[passed:]
            if sized is not None:  # first: what it would make says more than the work it would take
                _at_most(f"the filter {name}", sized(*values, **kwargs))
            if working is not None:
                spend(working(*values, **kwargs))
        units = STEP
        for value in args:
            if isinstance(value, SIZED):
                units += len(value)
        for value in args[passed:] if textual else ():
            _shown_as_text(value)
        spend(units)
        result = made(*args, **kwargs)
        _no_address_made(result, args, kwargs)
        if isinstance(result, SIZED):
            spend(len(result))
            _at_most(f"the filter {name}", len(result))
        return result

    return counting


def _model(obj: Any, args: tuple[Any, ...]) -> tuple[str, Callable[..., int] | None, tuple[Any, ...]] | None:
    """For a call of a method of a built-in value (``'x'.ljust``, or ``str.ljust`` given the value first) or of a
    function :data:`~jiading_cli.pages.sizes.FUNCTIONS` knows: its name, its size model (None: not available to
    templates) and the arguments the model takes; None for any other call."""
    owner = getattr(obj, "__self__", None)
    if not isinstance(owner, BUILT_IN) and getattr(obj, "__objclass__", None) in METHODS and args:
        owner, args = args[0], args[1:]
    if isinstance(owner, BUILT_IN):
        kind = next(kind for kind in METHODS if isinstance(owner, kind))
        name = getattr(obj, "__name__", "?")
        if not hasattr(kind, name):  # a method of a subclass's own (Markup's striptags, a value jiading passes)
            return None
        return f"{name}()", METHODS[kind].get(name), (owner, *args)
    if isinstance(obj, Hashable) and obj in FUNCTIONS:
        return f"{getattr(obj, '__name__', obj)}()", FUNCTIONS[obj], args
    return None


PASSED = (Context, Environment, EvalContext)  # what Jinja passes a filter first, when it asks for it
TEXTUAL = {"string", "join", "format", "e", "escape", "forceescape", "safe", "trim", "center", "indent", "truncate"}
TEXTUAL |= {"upper", "lower", "title", "capitalize", "wordwrap", "striptags", "urlize", "wordcount", "replace"}
TEXTUAL |= {"pprint", "xmlattr", "urlencode"}
"""The filters that make their values text: a value without text of its own is their error, as when shown."""
BINARY = {"*": operator.mul, "**": operator.pow, "+": operator.add, "%": operator.mod}


class Guarded(Readable):
    """The templates' environment: its work counted and its sizes bounded, through the sandbox's hooks (each
    template read as :class:`~jiading_cli.pages.reading.Readable` reads it)."""

    sandboxed = True  # the compiler's switch for the hooks below: calls and the operators of intercepted_binops
    intercepted_binops = frozenset(BINARY)
    intercepted_unops: frozenset[str] = frozenset()
    code_generator_class = CountingGenerator
    template_class = GuardedTemplate

    def __init__(self, *args: Any, filters: dict[str, Callable[..., Any]] | None = None, **kwargs: Any) -> None:
        """Jinja's environment, with ``filters`` of the theme's own beside Jinja's, each counted as they are."""
        super().__init__(*args, **kwargs)
        self.filters.update({name: checked(name, made) for name, made in (filters or {}).items()})
        self.globals["range"] = safe_range
        self.finalize = self.shown
        self.counted = counted
        for name, made in list(self.filters.items()):
            self.filters[name] = _filter(name, made)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        units = STEP
        for value in (*args, *kwargs.values()) if kwargs else args:
            if isinstance(value, SIZED):
                units += len(value)
        spend(units)
        known = _model(__obj, args)
        if known is not None:
            name, model, given = known
            if model is None:
                raise TooMuch(f"{name} of a {type(given[0]).__name__} is not available in templates")
            _at_most(name, model(*given, **kwargs))
        _made_text_of(__obj, args, kwargs)
        called(__obj, args, kwargs)
        result = __context.call(__obj, *args, **kwargs)
        _no_address_made(result, (__obj, *args), kwargs)
        if isinstance(result, SIZED):
            spend(len(result))
        return result

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "%" and isinstance(left, str):
            _shown_as_text(right)
        _at_most(f"'{operator}'", _operated(operator, left, right))
        if operator == "*" and isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > BITS:
                bits = left.bit_length() + right.bit_length()
                raise TooMuch(f"'*' would make a number of about {bits:,} bits, more than {BITS:,}")
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and left.bit_length() * right > BITS:
            raise TooMuch(f"'**' would make a number of about {left.bit_length() * right:,} bits, more than {BITS:,}")
        made = BINARY[operator](left, right)
        spend(_size(made))
        return made

    def joined(self, join: Callable[[Iterable[Any]], str], parts: tuple[Any, ...]) -> str:
        """``~``: the sizes of its operands as text told before they are joined, and counted."""
        size = 0
        for part in parts:
            _shown_as_text(part)
            size += printed(part, ITEMS - min(size, ITEMS))
        _at_most("'~'", size)
        spend(size)
        return join(parts)

    @staticmethod
    def shown(value: Any) -> Any:
        """A value a template shows (``{{ value }}``), told before it is made text: a list holding itself ten
        million times would otherwise print as ten million copies."""
        if not isinstance(value, str):
            _shown_as_text(value)
            _at_most("showing the value", printed(value))
        return value

    @staticmethod
    def made(text: str) -> str:
        """A piece of the text a template (a macro, a block) makes, counted where it is made: a loop showing a long
        text at each step ends with the rendering's work, at the line that shows it, before the text is joined.
        A character no page may carry (a NUL or an escape in a template's file, ``"\\ud800"`` in its string, which
        UTF-8 cannot even write) is the template's error there, as one in an article or the config is theirs."""
        spend(len(text))
        if (found := NOT_OUTPUT.search(text)) is not None:
            raise TemplateRuntimeError(uncarried(found[0]))
        return text


def uncarried(char: str) -> str:
    """The error of a template whose text holds ``char``, a character of ``NOT_OUTPUT``."""
    return f"expected text without {unwanted_kind(char)} (no page can carry them), found U+{ord(char):04X}"


def _shown_as_text(value: Any) -> None:
    """``value`` made text, or the template's error when that text would be Python's for a thing that has none."""
    if not isinstance(value, str) and (what := textless(value)) is not None:
        raise TemplateRuntimeError(f"expected a value to show, got {what}")


def _made_text_of(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A method that makes its values text as ``{{ value }}`` does (``'{}'.format(x)``, ``x.__repr__()``,
    ``object.__str__(x)``): a value without text of its own it shows is its error, as when shown."""
    name, owner = getattr(method, "__name__", None), getattr(method, "__self__", None)
    if name == "format" and isinstance(owner, str):
        values = formatted(owner, args, kwargs)
    elif name == "format_map" and isinstance(owner, str) and args and isinstance(args[0], Mapping):
        values = formatted(owner, (), args[0])
    elif name in ("__repr__", "__str__", "__format__"):
        values = [owner if owner is not None and not isinstance(owner, type | ModuleType) else args[:1]]
    else:
        return
    for value in values:
        _shown_as_text(value)


def _no_address_made(result: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A text a call or a filter made, or the template's error when it says where a value is in memory (Python's
    text for it, made by a way of making text other than showing it) and no text it was given did: an address
    changes at every build, and so would the page."""
    if isinstance(result, str) and "0x" in result and ADDRESS.search(result):
        given = (*args, *kwargs.values())
        if not any(isinstance(value, str) and ADDRESS.search(value) for value in given):
            raise TemplateRuntimeError("expected a value to show, got Python's text for an object, with its address")


def _operated(operator: str, left: Any, right: Any) -> int:
    """The characters or items ``left operator right`` would make, told before it is made."""
    if operator == "%" and isinstance(left, str):
        return printf(left, right)
    if operator == "+":
        return _size(left) + _size(right)
    if operator == "*":
        for many, times in ((left, right), (right, left)):
            if isinstance(many, str | list | tuple) and isinstance(times, int):
                return len(many) * times
    return 0
