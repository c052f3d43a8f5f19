"""What an operation of a template would make, told from its arguments before it is made.

Each filter, each global function and each method of a built-in value (a text, a list, a mapping, a number) a
template can call has a model here: the number of characters or items it would make (and, for ``wordwrap`` and
``sum``, the work it would do), from the sizes of its arguments. :mod:`jiading_cli.pages.guard` refuses an
operation whose model says more than :data:`ITEMS` before the operation runs: a width, a precision, a count or a
repetition given as an argument (``"%999999999d"|format(1)``, ``"{:>999999999}".format(1)``, ``center(10**9)``,
``batch(10**9, 0)``, ``lipsum(10**9)``) can never make more than a bounded text. A method of a built-in value
that has no model here is refused as not available in templates, so nothing new slips through unmodelled. The
sizes of a value as text and of a format string's result are :mod:`jiading_cli.pages.textsize`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from jinja2.utils import generate_lorem_ipsum

from jiading_cli.pages.textsize import CONTAINERS, ITEMS, braces, number, printed, printf

Model = Callable[..., int]


def _texts(*values: Any, **named: Any) -> int:
    """A filter or method whose result is about as large as its arguments shown as text (up to a small factor)."""
    total = 0
    for value in (*values, *named.values()):
        total += printed(value, ITEMS - min(total, ITEMS))
    return total


def _center(value: Any, width: Any = 80, *_: Any, **__: Any) -> int:
    return max(printed(value), number(width))


def _indent(text: Any, width: Any = 4, *_: Any, **__: Any) -> int:
    size = printed(text)
    lines = str(text).count("\n") + 1 if size <= ITEMS else size
    return size + lines * (number(width) if isinstance(width, int) else printed(width))


def _replace(text: Any, old: Any = "", new: Any = "", count: Any = None, *_: Any, **__: Any) -> int:
    size = printed(text)
    if size > ITEMS:
        return size
    found = str(text).count(str(old))
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    return size + found * printed(new)


def _format(value: Any, *args: Any, **kwargs: Any) -> int:
    return printf(value, kwargs if kwargs else args)


def _wordwrap(text: Any, width: Any = 79, long_words: Any = True, wrap: Any = None, *_: Any, **__: Any) -> int:
    """The text and a wrap string a line (greedy wrapping: two lines together hold more than ``width``)."""
    size = printed(text)
    return size + (2 * size // max(number(width), 1) + 2) * printed(wrap if wrap is not None else "\n")


def _rewrapping(text: Any, width: Any = 79, long_words: Any = True, *_: Any, **__: Any) -> int:
    """The work of ``wordwrap``: a word longer than ``width`` is cut a piece at a time, each cut copying the rest
    of it, so its length over ``width`` times its length."""
    size = printed(text)
    if size > ITEMS or long_words is False:
        return size
    longest = max(map(len, str(text).split()), default=0)
    return size * (longest // max(number(width), 1) + 1)


def _join(value: Any, d: Any = "", attribute: Any = None, *_: Any, **__: Any) -> int:
    items = list(value) if isinstance(value, Iterable) and not isinstance(value, str) else [value]
    return _texts(*items) + max(len(items) - 1, 0) * printed(d)


def _batch(value: Any, linecount: Any = 1, fill_with: Any = None, *_: Any, **__: Any) -> int:
    size = len(value) if isinstance(value, (*CONTAINERS, str)) else 0
    return size + (number(linecount) if fill_with is not None else 0)


def _slice(value: Any, slices: Any = 1, fill_with: Any = None, *_: Any, **__: Any) -> int:
    size = len(value) if isinstance(value, (*CONTAINERS, str)) else 0
    return size + number(slices)


def _sum(value: Any, attribute: Any = None, start: Any = 0, *_: Any, **__: Any) -> int:
    """Texts, lists or tuples added together: their sizes."""
    if not isinstance(start, str | list | tuple):
        return 0
    items = value if isinstance(value, Iterable) else ()
    return len(start) + sum(len(item) for item in items if isinstance(item, str | list | tuple))


def _summing(value: Any, attribute: Any = None, start: Any = 0, *_: Any, **__: Any) -> int:
    """The work of ``sum`` of texts or lists: each addition copies what is added so far, the size times the items."""
    return _sum(value, attribute, start) * (len(value) // 2 + 1) if isinstance(value, CONTAINERS) else 0


def _urlize(text: Any, *args: Any, **kwargs: Any) -> int:
    size = printed(text)
    words = str(text).count(" ") + 1 if size <= ITEMS else size
    return 3 * size + words * _texts(*args, **kwargs)


def _tojson(value: Any, indent: Any = None, *_: Any, **__: Any) -> int:
    return printed(value, indent=number(indent) if not isinstance(indent, str) else len(indent))


def _pprint(value: Any, *_: Any, **__: Any) -> int:
    return printed(value, indent=1)


def _length(value: Any, *_: Any, **__: Any) -> int:
    return len(value) if isinstance(value, (*CONTAINERS, str)) else 0


FILTERS: dict[str, Model] = {
    "center": _center,
    "indent": _indent,
    "replace": _replace,
    "format": _format,
    "wordwrap": _wordwrap,
    "join": _join,
    "batch": _batch,
    "slice": _slice,
    "sum": _sum,
    "urlize": _urlize,
    "tojson": _tojson,
    "pprint": _pprint,
    **dict.fromkeys(
        ["capitalize", "e", "escape", "forceescape", "lower", "upper", "title", "trim", "striptags", "string"], _texts
    ),
    **dict.fromkeys(["truncate", "urlencode", "xmlattr", "wordcount", "safe", "filesizeformat"], _texts),
}
"""The filters whose result is made from their arguments as text, or sized by an argument: the size each would
make. Every other filter (:data:`BOUNDED_FILTERS`) makes at most as many items as it is given."""

LIST = 100  # the units a list made costs (as a step of a loop does): far more than a character or an item taken


def _slicing(value: Any, slices: Any = 1, *_: Any, **__: Any) -> int:
    """The work of ``slice``: a list for each slice asked for, whatever the value holds (``slice(10**7)`` of three
    items is ten million lists)."""
    return number(slices) * LIST


def _batching(value: Any, linecount: Any = 1, *_: Any, **__: Any) -> int:
    """The work of ``batch``: a list for every ``linecount`` items."""
    size = len(value) if isinstance(value, (*CONTAINERS, str, range)) else 0
    return (size // max(number(linecount), 1) + 1) * LIST


def _sorting(value: Any, *_: Any, **__: Any) -> int:
    """The work of a sort (``sort``, ``dictsort``, ``groupby``): a comparison for each item at each of log2 n levels,
    so that sorting a long text again and again ends as soon as copying it would."""
    size = len(value) if isinstance(value, (*CONTAINERS, str, range)) else 0
    return size * max(size.bit_length(), 1)


WORKING: dict[str, Model] = {
    "wordwrap": _rewrapping, "sum": _summing, "slice": _slicing, "batch": _batching,
    **dict.fromkeys(["sort", "dictsort", "groupby"], _sorting),
}  # fmt: skip
"""The filters whose work grows faster than what they take and make: the units of work each would do."""

BOUNDED = "abs attr count d default dictsort first float groupby int items last length list map max min random reject"
MARKS = "chrome_lang text_lang named sort unique"  # the theme's filters saying a language (a few attributes), and more
BOUNDED_FILTERS = frozenset(
    [*BOUNDED.split(), *MARKS.split(), "direction", "rejectattr", "reverse", "round", "select", "selectattr"]
)


def _width(self: Any, width: Any = 0, *_: Any, **__: Any) -> int:
    return max(len(self), number(width))


def _expandtabs(self: Any, tabsize: Any = 8, *_: Any, **__: Any) -> int:
    tabs: int = self.count("\t" if isinstance(self, str) else b"\t")
    return len(self) + tabs * number(tabsize)


def _str_replace(self: Any, old: Any = "", new: Any = "", count: Any = -1, *_: Any, **__: Any) -> int:
    return _replace(self, old, new, count) if isinstance(self, str) else len(self) * (len(new) + 1)


def _str_join(self: Any, items: Any = (), *_: Any, **__: Any) -> int:
    return _join(items, self)


def _translate(self: Any, table: Any = None, *_: Any, **__: Any) -> int:
    widest = max((printed(value) for value in table.values()), default=1) if isinstance(table, Mapping) else 1
    return len(self) * max(widest, 1)


def _str_format(self: Any, *args: Any, **kwargs: Any) -> int:
    return braces(self, args, kwargs)


def _format_map(self: Any, mapping: Any = None, *_: Any, **__: Any) -> int:
    return braces(self, (), mapping if isinstance(mapping, Mapping) else {})


def _grown(self: Any, *args: Any, **kwargs: Any) -> int:
    """A method whose result (or the value it changes) is the value and its arguments together."""
    return _length(self) + sum(_length(value) for value in (*args, *kwargs.values()))


def _mapping_grown(self: Any, *args: Any, **kwargs: Any) -> int:
    return _length(self) + sum(len(value) if isinstance(value, Mapping) else _length(value) for value in args)


def _to_bytes(self: object, length: object = 1, *_: object, **__: object) -> int:
    return number(length)


def _small(*_: Any, **__: Any) -> int:
    return 0


_TEXT_SAME = (
    "capitalize casefold lower upper swapcase title strip lstrip rstrip split rsplit splitlines partition "
    "rpartition removeprefix removesuffix startswith endswith find rfind index rindex count encode "
    "isalnum isalpha isascii isdecimal isdigit isidentifier islower isnumeric isprintable isspace istitle "
    "isupper"
)
METHODS: dict[type, dict[str, Model]] = {
    str: {
        **dict.fromkeys(_TEXT_SAME.split(), _grown),
        **dict.fromkeys(["center", "ljust", "rjust", "zfill"], _width),
        "expandtabs": _expandtabs,
        "replace": _str_replace,
        "join": _str_join,
        "translate": _translate,
        "format": _str_format,
        "format_map": _format_map,
    },
    list: {
        **dict.fromkeys(["append", "extend", "insert", "copy"], _grown),
        **dict.fromkeys(["pop", "remove", "index", "count", "sort", "reverse", "clear"], _small),
    },
    dict: {
        **dict.fromkeys(["update", "setdefault", "copy", "fromkeys"], _mapping_grown),
        **dict.fromkeys(["get", "items", "keys", "values", "pop", "popitem", "clear"], _small),
    },
    tuple: dict.fromkeys(["index", "count"], _small),
    int: {"to_bytes": _to_bytes, **dict.fromkeys(["bit_length", "conjugate", "as_integer_ratio"], _small)},
    float: dict.fromkeys(["hex", "is_integer", "conjugate", "as_integer_ratio"], _small),
}
"""Each method of a built-in value a template may call, and the size of what it makes (or of the value it grows);
any other method of one (``__mul__``, ``__mod__``…) is not available to templates."""
METHODS[bytes] = {name: model for name, model in METHODS[str].items() if hasattr(bytes, name)}
METHODS[bytes].update(decode=_grown, hex=_grown)
METHODS[set] = dict.fromkeys(["union", "intersection", "difference", "issubset", "issuperset", "copy"], _grown)
METHODS[frozenset] = METHODS[set]
BUILT_IN = tuple(METHODS)


def _lipsum(n: Any = 5, html: Any = True, *bounds: Any, **named: Any) -> int:
    """Paragraphs of ``n`` times up to ``max`` words (each word a few characters)."""
    low, high = (*bounds, 20, 100)[:2]
    return number(n) * (number(named.get("min", low)) + number(named.get("max", high))) * 16


def _made(value: Any = "", *args: Any, **kwargs: Any) -> int:
    """A built-in type called (reached as ``''.__class__``): a text of its value, or as many items or bytes."""
    return number(value) + _texts(value, *args, **kwargs)


FUNCTIONS: dict[object, Model] = {generate_lorem_ipsum: _lipsum}
FUNCTIONS.update(dict.fromkeys([str, bytes, bytearray, list, tuple, set, frozenset, dict], _made))
"""The global functions of templates that make something sized by an argument, and the built-in types (``range``
is the sandbox's, which makes at most 100,000 numbers; ``cycler``, ``joiner`` and ``namespace`` make no more than
they are given). Any other function is the site's or jiading's own code."""
