"""The templates: Jinja2, the site's ``templates/`` folder first, then the default theme shipped here.

A site replaces the theme file by file: a ``templates/article.html`` of its own is used instead of
the shipped one, the others stay. Autoescaping is on for ``.html`` and ``.xml``; ``t(key, **values)``
gives the page's message catalogue's strings; ``{% chrome "name" %}`` includes a template made once per
language (:mod:`jiading_cli.pages.chrome`); ``{% once %}…{% endonce %}`` text made once per build for the
values it reads (:mod:`jiading_cli.pages.once`); ``lang | direction``, a language's writing direction (``ltr``,
``rtl``), which the theme writes as ``dir`` beside every ``lang``. The variables each template gets are documented in
the docs' pages section and in the shipped templates' opening comments.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiading_cli.base.realpath import names_nothing
from jiading_cli.model.errors import JiadingError

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import BaseLoader, BytecodeCache, Environment

SHIPPED = Path(__file__).parent / "templates"
SHIPPED_SHOWN = "(default theme) "  # how a shipped template is named in an error
STATIC = ("style.css", "share.js")  # written as they are to assets/, after the site's own replace them


class TemplateError(JiadingError):
    """A template could not be read or rendered (exit 1): which file, which line, what went wrong. Made by
    :meth:`at`, which keeps each as a field (``validate`` says them in its own words) and writes the line from them
    (``templates/a.html:2: template: …``)."""

    where = ""  # the file as shown (a rendering's: ``file:line``, and the site's line that led there)
    line = 0  # 0: none apart from ``where``
    message = ""

    @classmethod
    def at(cls, where: str, message: str, line: int = 0) -> TemplateError:
        error = cls(f"{where}{f':{line}' if line else ''}: template: {message}")
        error.where, error.line, error.message = where, line, message
        return error


@dataclass(frozen=True, slots=True)
class Theme:
    environment: Environment
    folder: Path  # the site's own templates
    root: Path  # the site's root, which the site's templates are shown relative to

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        """``name`` rendered with ``context``; whatever goes wrong is one :class:`TemplateError` line naming the
        template file and line where it went wrong (a template is the site's code: it may raise anything)."""
        from jinja2 import TemplateError as JinjaError
        from jinja2 import TemplateNotFound, TemplateSyntaxError

        from jiading_cli.content.messages import MessageError

        try:
            template = self.environment.get_template(name)
            page = template.render(context)
        except TemplateError:
            raise  # a file of the site's templates that cannot be read: said by the loader, with its name
        except TemplateNotFound as exc:
            looked = f"{self._shown(str(self.folder))}/ or the default theme"
            raise TemplateError.at(self._where(exc) or name, f"no {exc.name} in {looked}") from None
        except TemplateSyntaxError as exc:
            where = self._shown(exc.filename) if exc.filename else exc.name or name
            raise TemplateError.at(where, str(exc.message), exc.lineno) from None
        except (JinjaError, MessageError) as exc:
            raise TemplateError.at(self._where(exc) or name, str(exc)) from None
        except RecursionError as exc:  # deeper than Python's stack: templates or macros in a round, or a value
            raise TemplateError.at(*self._too_deep(exc, name)) from None
        except Exception as exc:  # noqa: BLE001  # a template is the site's code: it may raise anything
            raise TemplateError.at(self._where(exc) or name, f"{type(exc).__name__}: {exc}") from None
        if not page.strip():  # an empty file (made to be filled in later) would publish every such page empty
            empty = self._empty(name)
            where = self._shown(empty or template.filename or name)
            said = "the file is empty" if empty else "it made no text"
            raise TemplateError.at(where, f"expected a page, got none: {said}")
        return page

    def _empty(self, name: str) -> str | None:
        """The file of the first template, ``name`` or one it extends, that holds nothing but white space."""
        from jinja2 import nodes

        seen: set[str] = set()
        while name not in seen:
            seen.add(name)
            text, filename, _ = self.environment.loader.get_source(self.environment, name)  # type: ignore[union-attr]
            if not text.strip():
                return str(filename)
            extends = next(self.environment.parse(text).find_all(nodes.Extends), None)
            if extends is None or not isinstance(extends.template, nodes.Const):
                return None
            name = str(extends.template.value)
        return None

    def _where(self, exc: BaseException) -> str | None:
        """``file:line`` of the innermost template frame of ``exc``'s traceback (Jinja gives each its file); one of
        the shipped theme's followed by the innermost line of the site's own templates that led there (``from
        templates/article.html:3``), which the site can change: an import without context, a variable missing."""
        frames = self._frames(exc)
        if not frames:
            return None
        own = [frame for frame in frames if not frame.startswith(SHIPPED_SHOWN)]
        if own and frames[-1].startswith(SHIPPED_SHOWN):
            return f"{frames[-1]} (from {own[-1]})"
        return frames[-1]

    def _frames(self, exc: BaseException) -> list[str]:
        """``file:line`` of each template frame of ``exc``'s traceback, the outermost first."""
        found: list[str] = []
        trace = exc.__traceback__
        while trace is not None:
            filename = trace.tb_frame.f_code.co_filename
            if filename.endswith((".html", ".xml", ".txt", ".js", ".css")) and Path(filename).is_file():
                found.append(f"{self._shown(filename)}:{trace.tb_lineno}")
            trace = trace.tb_next
        return found

    def _too_deep(self, exc: RecursionError, name: str) -> tuple[str, str]:
        """The error of a rendering that ran out of Python's stack: templates that include, extend or import each
        other, or a macro that calls itself, in a round (named by its lines) that went on past the deepest a
        rendering can go, whether or not it would have ended; else a value nested too deep to be made text, JSON
        or compared (a list within a list thousands of times), never taken for a round of templates."""
        round_ = self._round(exc)
        if not round_:
            return (
                self._where(exc) or name,
                "expected values nested at most some hundreds deep, found one nested deeper than Python can show, "
                "compare or make JSON of (a list within a list, each within the next)",
            )
        return (
            round_[-1],
            "expected templates that end, found one that includes, extends or imports "
            "itself, or a macro that calls itself, without end or deeper than a rendering can go (a few hundred "
            f"times): {' → '.join(round_)}",
        )

    def _round(self, exc: RecursionError) -> list[str]:
        """The innermost round of template lines a rendering that ran out of Python's stack went through again and
        again (``file:line`` each, the first and the last the same); none when no line came back."""
        frames = self._frames(exc)
        later: dict[str, int] = {}  # each frame's next place, going outwards from the innermost
        for at in range(len(frames) - 1, -1, -1):
            if frames[at] in later:
                return frames[at : later[frames[at]] + 1]
            later[frames[at]] = at
        return []

    def _shown(self, filename: str) -> str:
        """A site's template relative to the site's root; a shipped one as the default theme's."""
        path = Path(filename)
        if path.is_relative_to(SHIPPED):
            return f"{SHIPPED_SHOWN}{path.relative_to(SHIPPED).as_posix()}"
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def source(self, name: str) -> str:
        """A theme file as it is (the site's own when it has one), for files that are not templates."""
        from jinja2 import TemplateNotFound

        try:
            text, _, _ = self.environment.loader.get_source(self.environment, name)  # type: ignore[union-attr]  # set below
        except TemplateNotFound:
            raise TemplateError.at(name, "not found") from None
        return text


def theme(folder: Path, root: Path | None = None, compiled: BytecodeCache | None = None) -> Theme:
    """The templates of a site whose own templates are in ``folder`` (which need not exist); ``root``: the site's
    root (by default the folder's parent), which its templates are shown relative to in an error; ``compiled``:
    where templates compiled by an earlier run are kept (default: none, each is compiled from its source)."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, select_autoescape

    from jiading_cli.model.languages import direction
    from jiading_cli.pages.chrome import Chrome
    from jiading_cli.pages.guard import Guarded
    from jiading_cli.pages.marks import chrome_lang, named, text_lang
    from jiading_cli.pages.once import Once

    loader = ChoiceLoader([_site_loader(folder, root or folder.parent), FileSystemLoader(SHIPPED)])
    environment = Guarded(
        loader=loader,
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a build reads each template once; compiled, it is not looked at again
        extensions=[Chrome, Once],
        bytecode_cache=compiled,
        # a language's writing direction, written beside each lang; the attributes saying the catalogue's language;
        # an element's content whose accessible name is the catalogue's words around what it shows
        filters={"direction": direction, "chrome_lang": chrome_lang, "text_lang": text_lang, "named": named},
    )
    return Theme(environment, folder, folder.parent if root is None else root)


def _site_loader(folder: Path, root: Path) -> BaseLoader:
    """The loader of the site's own templates: a name the site's folder holds is the site's template, whatever is
    there. Something other than a readable UTF-8 file at that name (a FIFO, a folder, a link to nothing or a loop
    of links, bytes not UTF-8) is a :class:`TemplateError` naming it, never a file left out without a word for
    the shipped one, nor a read that waits; so is a name the system will not say is there or not (a folder of
    the site's templates that cannot be searched): only "nothing there" leaves it to the shipped template."""
    import os
    import posixpath

    from jinja2 import FileSystemLoader, TemplateNotFound
    from jinja2.loaders import split_template_path

    from jiading_cli.base.encodings import expected_utf8
    from jiading_cli.base.files import NotRegularFile
    from jiading_cli.base.xmlchars import NOT_OUTPUT
    from jiading_cli.pages.guard import uncarried

    class SiteLoader(FileSystemLoader):
        def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
            filename = posixpath.join(os.fspath(folder), *split_template_path(template))
            shown = _relative(Path(filename), root)
            try:
                os.lstat(filename)
            except OSError as exc:  # only "nothing there" is the shipped template's turn; a look refused is said
                if names_nothing(exc):
                    raise TemplateNotFound(template) from None
                raise TemplateError.at(shown, f"cannot read: {exc.strerror or exc}") from None
            except ValueError:  # a NUL: no file can have the name
                raise TemplateNotFound(template) from None
            try:
                data = _read(filename, shown)
            except NotRegularFile as exc:
                raise TemplateError.at(shown, f"expected a template file, got {exc.kind}") from None
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    raise TemplateError.at(shown, "expected a template file, got a loop of links") from None
                raise TemplateError.at(shown, f"cannot read: {exc.strerror or exc}") from None
            if data is None:
                raise TemplateError.at(shown, "expected a template file, got a link to nothing")
            data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark is no text of the page's
            if (wide := expected_utf8(data)) is not None:  # UTF-16 of ASCII text is UTF-8 too, with NULs
                raise TemplateError.at(shown, wide, 1)
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = data.count(b"\n", 0, exc.start) + 1
                raise TemplateError.at(shown, f"expected UTF-8 text, got byte 0x{data[exc.start]:02x}", line) from None
            if (found := NOT_OUTPUT.search(text)) is not None:  # a NUL, an escape: said at its line, not its tag's
                line = text.count("\n", 0, found.start()) + 1
                raise TemplateError.at(shown, uncarried(found[0]), line)
            return text, os.path.normpath(filename), lambda: False

    return SiteLoader(folder)


def _read(filename: str, shown: str) -> bytes | None:
    """The bytes of the regular file ``filename`` (None: nothing there), a :class:`TemplateError` past
    :data:`~jiading_cli.pages.reading.SIZE` bytes, never read whole: a template is read, parsed and compiled whole."""
    import os

    from jiading_cli.base.blocks import at_most
    from jiading_cli.base.files import open_regular
    from jiading_cli.pages.reading import SIZE

    opened = open_regular(filename)
    if opened is None:
        return None
    with os.fdopen(opened[0], "rb") as handle:
        data = at_most(handle, SIZE + 1)
    if len(data) > SIZE:
        size = max(opened[1].st_size, len(data))
        raise TemplateError.at(shown, f"expected a template of at most {SIZE:,} bytes, got {size:,}")
    return data


def site_names(folder: Path, root: Path) -> list[str]:
    """Every name the site's templates folder ``folder`` holds, whatever it is, and the names below each folder
    there, linked ones included (each real folder once: a loop of links ends): all the loader could read, so all
    that keys a build's stored answer and its pages'. A folder, a link to nothing or a loop is named as it is (a
    template of that name is the loader's error); a FIFO, a socket or a device, which no build could fingerprint
    without waiting or reading for ever, is a :class:`TemplateError` naming it."""
    import os
    import stat

    from jiading_cli.base.filekinds import kind as kind_of

    names: list[str] = []
    seen: set[tuple[int, int]] = set()
    folders = [os.fspath(folder)]
    while folders:
        current = folders.pop()
        try:
            info = Path(current).stat()
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(current) as found:
                entries = list(found)
        except OSError:  # a folder that cannot be read: the loader cannot read below it either
            continue
        for entry in entries:
            name = entry.path
            names.append(name)
            try:
                mode = entry.stat().st_mode  # the link's target's, as the loader reads it
            except (OSError, ValueError):  # a link to nothing or a loop: its name keys the answer
                continue
            if stat.S_ISDIR(mode):
                folders.append(name)
            elif not stat.S_ISREG(mode):
                kind = kind_of(mode)
                raise TemplateError.at(_relative(Path(name), root), f"expected a template file, got {kind}")
    return sorted(names)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
