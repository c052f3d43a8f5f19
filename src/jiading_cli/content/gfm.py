"""cmark-gfm, GitHub's C implementation of CommonMark, through the library the ``cmarkgfm`` package builds.

:func:`to_html` parses with the table and strikethrough extensions attached and renders HTML, then frees
what cmark allocated for it: ``cmarkgfm``'s own functions never free the document's nodes nor the HTML
they return (tens of kilobytes a body, hundreds of megabytes over a large site). ``cmark_node_free`` and
cmark's allocator are not among the functions ``cmarkgfm`` declares, so they are looked up in the same
library by name; where they cannot be found (a library built without those names exported), rendering
is unchanged and only that memory stays allocated. :meth:`Cmark.to_xml` gives cmark's XML tree with each
node's place in the source, found the same way (``cmark_render_xml``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

EXTENSIONS = (b"table", b"strikethrough")
SURROGATE = re.compile("[\ud800-\udfff]")
T = TypeVar("T")


class Cmark:
    """The library's functions, its extensions, and (when found) the two that free what it returns."""

    __slots__ = ("extensions", "ffi", "free_node", "free_text", "lib", "options")

    def __init__(self) -> None:
        from cmarkgfm import _cmark

        self.ffi: Any = _cmark.ffi
        self.lib: Any = _cmark.lib
        self.lib.cmark_gfm_core_extensions_ensure_registered()
        self.extensions = [self.lib.cmark_find_syntax_extension(name) for name in EXTENSIONS]
        self.options = self.lib.CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE | self.lib.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
        self.free_node, self.free_text = _freeing(_cmark.__file__)

    def to_html(self, markdown: str, unsafe: bool) -> str:
        """``markdown`` as HTML; raw HTML and dangerous URLs (``javascript:``…) kept only when ``unsafe``.

        A lone surrogate, which UTF-8 cannot carry, becomes U+FFFD, as cmark shows bytes that are not UTF-8.
        """
        options = self.options | (self.lib.CMARK_OPT_UNSAFE if unsafe else 0)
        return self._rendered(markdown, options, self.lib.cmark_render_html)

    def to_xml(self, markdown: str) -> str:
        """``markdown`` as cmark's XML tree, each node with its ``sourcepos`` and each link's and image's
        ``destination`` as cmark holds it (entities and backslash escapes undone), whatever its scheme."""
        render_xml = _xml_renderer()

        def render(root: Any, options: int, _extensions: Any) -> Any:
            return self.ffi.cast("char *", render_xml(int(self.ffi.cast("uintptr_t", root)), options))

        return self._rendered(markdown, self.options | self.lib.CMARK_OPT_SOURCEPOS, render)

    def past(self, markdown: str, depth: int) -> int:
        """The line of the first node of ``markdown``'s tree (as :meth:`to_html` reads it) nested deeper than
        ``depth`` (the document's own blocks are 1 deep); 0 when none is. The walk ends at that node, so its time
        is linear in the text however deep it nests."""
        walk = _walker()

        def first(root: Any, _options: int, _parser: Any) -> int:
            return walk(int(self.ffi.cast("uintptr_t", root)), depth)

        return self._parsed(markdown, self.options, first)

    def _rendered(self, markdown: str, options: int, render: Callable[[Any, int, Any], Any]) -> str:
        def text(root: Any, options: int, parser: Any) -> bytes:
            rendered = render(root, options, self.lib.cmark_parser_get_syntax_extensions(parser))
            try:
                return bytes(self.ffi.string(rendered))
            finally:
                self.free_text(self.ffi.cast("uintptr_t", rendered))

        return self._parsed(markdown, options, text).decode("utf-8", "replace")

    def _parsed(self, markdown: str, options: int, use: Callable[[Any, int, Any], T]) -> T:
        """What ``use`` makes of the document's root node (with the options and the parser), which is then freed."""
        try:
            text = markdown.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: looked for only then
            text = SURROGATE.sub("\ufffd", markdown).encode("utf-8")
        lib, ffi = self.lib, self.ffi
        parser = lib.cmark_parser_new(options)
        try:
            for extension in self.extensions:
                lib.cmark_parser_attach_syntax_extension(parser, extension)
            lib.cmark_parser_feed(parser, text, len(text))
            root = lib.cmark_parser_finish(parser)
            try:
                return use(root, options, parser)
            finally:
                self.free_node(ffi.cast("uintptr_t", root))
        finally:
            lib.cmark_parser_free(parser)


def _freeing(library: str) -> tuple[Callable[[Any], None], Callable[[Any], None]]:
    """(free a node, free a string): cmark's own functions from ``library``, or ones that do nothing.

    Through ctypes: cffi would parse their declarations with pycparser, a tenth of a second at each start.
    """
    import ctypes

    class Mem(ctypes.Structure):  # cmark_mem: the allocator's calloc, realloc and free
        _fields_ = [
            ("calloc", ctypes.c_void_p),
            ("realloc", ctypes.c_void_p),
            ("free", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
        ]

    try:
        found = ctypes.CDLL(library)
        free_node, allocator = found.cmark_node_free, found.cmark_get_default_mem_allocator
    except (OSError, AttributeError):  # pragma: no cover - every build of cmarkgfm on PyPI exports them
        return _kept, _kept
    free_node.argtypes, free_node.restype = [ctypes.c_void_p], None
    allocator.argtypes, allocator.restype = [], ctypes.POINTER(Mem)
    free = allocator().contents.free

    def node(address: Any) -> None:
        free_node(int(address))

    def text(address: Any) -> None:
        free(int(address))

    return node, text


@cache  # looked up once, on first use: rendering HTML never needs it
def _xml_renderer() -> Callable[[int, int], int]:
    """cmark's ``cmark_render_xml`` (a node and options in, a string cmark allocated out), found by name as
    :func:`_freeing` finds its functions: ``cmarkgfm`` does not declare it."""
    import ctypes

    from cmarkgfm import _cmark

    render = ctypes.CDLL(_cmark.__file__).cmark_render_xml
    render.argtypes, render.restype = [ctypes.c_void_p, ctypes.c_int], ctypes.c_void_p
    return render


@cache  # looked up once, on first use, as :func:`_xml_renderer`
def _walker() -> Callable[[int, int], int]:
    """A walk of a tree of cmark's nodes, depth first, to the first node deeper than a depth: its line (its
    nearest ancestor's when it has none), or 0. cmark's functions to move between nodes are found by name, as
    :func:`_freeing`'s are."""
    import ctypes

    from cmarkgfm import _cmark

    found = ctypes.CDLL(_cmark.__file__)
    moves = [found.cmark_node_first_child, found.cmark_node_next, found.cmark_node_parent]
    line = found.cmark_node_get_start_line
    for move in moves:
        move.argtypes, move.restype = [ctypes.c_void_p], ctypes.c_void_p
    line.argtypes, line.restype = [ctypes.c_void_p], ctypes.c_int
    child, after, parent = moves

    def walk(root: int, depth: int) -> int:
        node, level = child(root), 1
        while node:
            if level > depth:
                while node and not line(node):  # a node without a place is on its nearest ancestor's line
                    node = parent(node)
                return line(node) if node else 0
            below = child(node)
            if below:
                node, level = below, level + 1
                continue
            following = after(node)
            while not following:
                node, level = parent(node), level - 1
                if level == 0:
                    return 0
                following = after(node)
            node = following
        return 0

    return walk


def _kept(address: Any) -> None:  # pragma: no cover - see _freeing
    """Leave ``address`` allocated: the library gives no way to free it."""


@cache  # one per process: the library, its extensions and the freeing functions, looked up once
def cmark() -> Cmark:
    return Cmark()
