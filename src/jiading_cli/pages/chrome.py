"""``{% chrome "masthead.html" %}``: a template that is the same on every page of one language, made once.

It works as ``{% include %}`` does, but the included template sees only ``site``, ``t`` and ``lang``, and
its text is made once for each language (and that language's ``site``) of the theme's build, then given
to every page of that language as it is. The default theme's masthead and footer are included this way.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.runtime import Context

SEEN = ("site", "t", "lang")  # the variables a chrome template sees


class Chrome(Extension):
    """The ``chrome`` tag; one per theme (so per build), holding what it made for each template and language."""

    tags = {"chrome"}  # noqa: RUF012 - the declaration Jinja reads, as its own extensions write it

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        self.made: dict[tuple[str, str], tuple[object, object, str]] = {}  # (name, lang) -> site, t, text

    def parse(self, parser: Parser) -> nodes.Node:
        line = next(parser.stream).lineno
        name = parser.parse_expression()
        made = self.call_method("_made", [name, nodes.ContextReference()], lineno=line)
        return nodes.Output([nodes.MarkSafe(made, lineno=line)], lineno=line)  # a template's output: HTML

    def _made(self, name: str, context: Context) -> str:
        site, t, lang = (context.resolve(variable) for variable in SEEN)
        return self.text(name, site, t, lang, context.name)

    def text(self, name: str, site: object, t: object, lang: object, parent: str | None = None) -> str:
        """The text of template ``name`` for a page of ``lang`` (with that page's ``site`` and ``t``), made
        once; ``parent``: the template that includes it."""
        key = (name, str(lang))
        found = self.made.get(key)
        if found is not None and found[0] is site and found[1] == t:
            return found[2]
        values: dict[str, Any] = {"site": site, "t": t, "lang": lang}
        text = self.environment.get_template(name, parent=parent).render(values)
        self.made[key] = (site, t, text)
        return text
