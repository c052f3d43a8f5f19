"""The templates: Jinja2, the site's ``templates/`` folder first, then the default theme shipped here.

A site replaces the theme file by file: a ``templates/article.html`` of its own is used instead of
the shipped one, the others stay. Autoescaping is on for ``.html`` and ``.xml``; ``t(key, **values)``
gives the page's message catalogue's strings; ``{% chrome "name" %}`` includes a template made once per
language (:mod:`jiading_cli.pages.chrome`). The variables each template gets are documented in
the docs' pages section and in the shipped templates' opening comments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiading_cli.model.errors import JiadingError

if TYPE_CHECKING:
    from jinja2 import Environment

SHIPPED = Path(__file__).parent / "templates"
STATIC = ("style.css", "share.js")  # written as they are to assets/, after the site's own replace them


class TemplateError(JiadingError):
    """A template could not be read or rendered (exit 1): which file, which line, what went wrong."""


@dataclass(frozen=True, slots=True)
class Theme:
    environment: Environment

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        from jinja2 import TemplateError as JinjaError
        from jinja2 import TemplateSyntaxError

        try:
            return self.environment.get_template(name).render(context)
        except TemplateSyntaxError as exc:
            raise TemplateError(f"{exc.filename or exc.name}:{exc.lineno}: template: {exc.message}") from None
        except JinjaError as exc:
            raise TemplateError(f"{name}: template: {exc}") from None

    def source(self, name: str) -> str:
        """A theme file as it is (the site's own when it has one), for files that are not templates."""
        from jinja2 import TemplateNotFound

        try:
            text, _, _ = self.environment.loader.get_source(self.environment, name)  # type: ignore[union-attr]  # set below
        except TemplateNotFound:
            raise TemplateError(f"{name}: template: not found") from None
        return text


def theme(folder: Path) -> Theme:
    """The templates of a site whose own templates are in ``folder`` (which need not exist)."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

    from jiading_cli.pages.chrome import Chrome

    loader = ChoiceLoader([FileSystemLoader(folder), FileSystemLoader(SHIPPED)])
    environment = Environment(
        loader=loader,
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a build reads each template once; compiled, it is not looked at again
        extensions=[Chrome],
    )
    return Theme(environment)
