"""Templates read and compiled, or one error naming the file and line: the environment's reading of a template.

Jinja reads a template (lexer and parser) into a tree, writes the tree as Python and has Python compile it. Each
step can fail in ways Jinja does not say as a template's error: its parser recurses once for each tag, bracket or
operator inside another, so a template nesting a few hundred of them runs out of Python's stack; Python refuses
code nesting more than 20 loops, or 100 levels of anything (``too many statically nested blocks``); the lexer
names its errors by the file's full path, not as the template they are in. :class:`Readable` makes each a
:class:`~jinja2.TemplateSyntaxError` of the template's file, at the template's line (Python's line mapped back
through Jinja's ``debug_info``). It also holds every template a template names (``{% include %}``, ``{% extends
%}``, ``{% import %}``, ``{% chrome %}``) to be a name: ``{% include none %}``, ``{% include 5 %}`` or
``{% include "" %}`` (the templates folder itself) is the template's error, saying what it got. A template is
at most :data:`SIZE` bytes (the loader's) and :data:`TOKENS` tokens: each is read, parsed and compiled whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import CodeType
from typing import Any

from jinja2 import Environment, TemplateRuntimeError, TemplateSyntaxError, nodes
from jinja2.environment import Template
from jinja2.lexer import Token, TokenStream
from jinja2.parser import Parser
from jinja2.runtime import Undefined

NESTED = "expected tags, brackets and operators nested at most a few hundred deep, found more"
TOKENS = 50_000  # the words, names, numbers and signs of one template's tags and expressions, at most
SIZE = 10_000_000  # bytes of one template file, at most
_DEBUG_INFO = re.compile(r"^debug_info = '([0-9=&]*)'$", re.MULTILINE)


class Readable(Environment):
    """Jinja's environment, whose every failure to read a template is a syntax error of its file and line."""

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        try:
            parser = Parser(self, source, name, filename)  # which reads the first token: the lexer's error too
            try:
                return parser.parse()
            except RecursionError:
                raise TemplateSyntaxError(NESTED, parser.stream.current.lineno, name, filename) from None
        except TemplateSyntaxError as exc:
            if exc.filename is None:  # the lexer's own errors give the file's path as the template's name
                exc.name, exc.filename = name, filename
            raise

    def _tokenize(self, source: str, name: str | None, filename: str | None = None, state: str | None = None) -> Any:
        stream = super()._tokenize(source, name, filename, state)
        return TokenStream(_counted(stream, name, filename), name, filename)

    def _generate(
        self, source: nodes.Template, name: str | None, filename: str | None, defer_init: bool = False
    ) -> str:
        try:
            return super()._generate(source, name, filename, defer_init)
        except RecursionError as exc:
            raise TemplateSyntaxError(NESTED, _deepest(exc), name, filename) from None

    def _compile(self, source: str, filename: str) -> CodeType:
        try:
            return super()._compile(source, filename)
        except (SyntaxError, RecursionError, MemoryError) as exc:  # Python's limits on the code Jinja wrote
            said = exc.msg if isinstance(exc, SyntaxError) else type(exc).__name__
            line = _template_line(source, exc.lineno if isinstance(exc, SyntaxError) else None)
            raise TemplateSyntaxError(
                f"expected tags nested less deeply, found more than Python compiles ({said})", line, None, filename
            ) from None

    def _load_template(self, name: str, globals: Any) -> Template:
        _named(name)
        return super()._load_template(name, globals)

    def select_template(self, names: Any, parent: str | None = None, globals: Any = None) -> Template:
        if not isinstance(names, Undefined) and not names:  # Jinja's error would name no template: say what it got
            _named(names)
        return super().select_template(names, parent, globals)

    def get_or_select_template(self, template_name_or_list: Any, parent: str | None = None, globals: Any = None) -> Any:
        if not isinstance(template_name_or_list, list | tuple | Template):
            _named(template_name_or_list)
        return super().get_or_select_template(template_name_or_list, parent, globals)


def _counted(stream: Iterator[Token], name: str | None, filename: str | None) -> Iterator[Token]:
    """The tokens of ``stream``, a template's error past :data:`TOKENS`: the memory and time Jinja's parser and
    Python's compiler take grow with them, and a template of a million (a few megabytes of ``{{ x }}``) would take
    minutes and gigabytes (see benchmarks/RESULTS.md)."""
    for count, token in enumerate(stream):
        if count == TOKENS:
            raise TemplateSyntaxError(
                f"expected a template of at most {TOKENS:,} names, values and signs in its tags, found more; "
                "split it into templates it includes",
                token.lineno,
                name,
                filename,
            )
        yield token


def _named(name: object) -> None:
    """``name`` as the name of a template, or the template's error saying what it is instead."""
    if isinstance(name, Undefined | Template):  # Jinja's to say (an undefined name is its error), or a template
        return
    if isinstance(name, str) and any(part not in ("", ".") for part in name.split("/")):
        return
    shown = "none" if name is None else repr(name)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    raise TemplateRuntimeError(f"expected the name of a template, got {shown}")


def _template_line(source: str, line: int | None) -> int:
    """The template's line of line ``line`` of the Python Jinja wrote for it (``debug_info``: template line =
    Python line, in order); 1 when not known."""
    found = _DEBUG_INFO.search(source)
    if line is None or found is None or not found.group(1):
        return 1
    best = 1
    for pair in found.group(1).split("&"):
        template_line, python_line = (int(number) for number in pair.split("="))
        if python_line <= line:
            best = template_line
    return best


def _deepest(exc: BaseException) -> int:
    """The line of the innermost template node the code generator was writing when ``exc`` was raised; 1 if none."""
    line = 1
    trace = exc.__traceback__
    while trace is not None:
        node = trace.tb_frame.f_locals.get("node")
        if isinstance(node, nodes.Node) and node.lineno:
            line = node.lineno
        trace = trace.tb_next
    return line
