"""Whatever size an argument asks of an operation of a template — a width, a precision, a count, a separator
repeated — the build ends within seconds with one line naming the template file and line (exit 1), and ordinary
widths, counts and methods give what Jinja gives."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2.defaults import DEFAULT_FILTERS

from jiading_cli.pages import sizes
from jiading_cli.pages.theme import TemplateError, theme
from pages.sample import make, run

BIG = "more than 10,000,000"
TOO_LARGE = {
    '"%999999999d"|format(1)': "the filter format would make 1,000,000,",
    '"%.999999999f"|format(1.5)': "the filter format would make 1,000,000,",
    '"%(a)999999999s"|format(a=1)': "the filter format would make 1,000,000,",
    '"%.999999999f" % 1.5': "'%' would make 1,000,000,",
    '"%*d" % (999999999, 1)': "'%' would make 1,000,000,",
    '"%s" % ([[0] * 10**6] * 10**6,)': "'%' would make ",
    '"{:>999999999}".format(1)': "format() would make 1,000,000,",
    '"{:.{p}f}".format(1.5, p=999999999)': "format() would make ",
    '"{:{}}{:{}}".format("x", 1, "y", 999999999)': "format() would make ",
    '"{:{}}".format("x", "999999999")': "format() would make ",
    '"%(a(b))999999999s" % {"a(b)": 1}': "'%' would make ",
    '"%%%999999999d" % 1': "'%' would make ",
    '[[[[[[1]]]]]]|tojson(indent=" " * 10**6)': "the filter tojson would make ",
    '"{a:>999999999}".format_map({"a": 1})': "format_map() would make 1,000,000,",
    '("{0}" * 1000000).format("x" * 1000)': "format() would make ",
    '"x"|center(10**9)': "the filter center would make 1,000,000,",
    r'"a\nb"|indent(10**8)': "the filter indent would make ",
    '"x".ljust(10**9)': "ljust() would make 1,000,000,",
    '"x".rjust(10**9)': "rjust() would make ",
    '"x".center(10**9)': "center() would make ",
    '"7".zfill(10**9)': "zfill() would make ",
    '("\t" * 10**6).expandtabs(10**7)': "expandtabs() would make ",
    '("a" * 10**7).replace("a", "b" * 10**7)': "replace() would make ",
    '("a" * 5)|replace("a", "b" * 10**7, -1)': "the filter replace would make ",
    '("a" * 10**6).translate({97: "b" * 10**6})': "translate() would make ",
    '("x" * 10**6).join(range(10**5)|map("string"))': "join() would make ",
    'range(10**5)|join("x" * 10**6)': "the filter join would make ",
    '("a " * 10**5)|wordwrap(1, true, "x" * 10**5)': "the filter wordwrap would make ",
    '("a" * 10**6)|wordwrap(1)': "the rendering went past its 100,000,000 units of work",
    '("a " * 10**5)|urlize(target="x" * 10**5)': "the filter urlize would make ",
    '{"a": [1]}|tojson(indent=10**9)': "the filter tojson would make ",
    "([[0] * 10**6] * 10**6)|pprint": "the filter pprint would make ",
    "([[0] * 10**6] * 10**6)|string": "the filter string would make ",
    "([[0] * 10**6] * 10**6)|upper": "the filter upper would make ",
    "[1]|batch(10**9, 0)|list": "the filter batch would make 1,000,000,",
    "range(3)|slice(10**9)|list": "the filter slice would make 1,000,000,",
    "([[0] * 10**6] * 100)|sum(start=[])": "the filter sum would make 100,000,000 characters or items",
    "lipsum(10**9)": "generate_lorem_ipsum() would make ",
    "lipsum(1, min=10**9, max=10**9)": "generate_lorem_ipsum() would make ",
    "[[0] * 10**6] * 10**6": "showing the value would make ",
    '"" ~ [[0] * 10**6] * 10**6': "'~' would make ",
    '("x" * 10**7) + ("y" * 10**7)': "'+' would make 20,000,000 characters or items, " + BIG,
    "(7 ** 30000) * (7 ** 30000)": "'*' would make a number of about 168,442 bits, more than 100,000",
    "10 .to_bytes(10**10)": "to_bytes() would make 10,000,000,",
    '"".encode().__class__(10**10)': "bytes() would make ",
    '"x".__mul__(10**10)': "__mul__() of a str is not available in templates",
    '"".__class__.__mul__("x", 10**10)': "__mul__() of a str is not available in templates",
    '"".__class__.center("x", 10**10)': "center() would make ",
    "range(10**9)|list": "OverflowError: Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).",
    "{% set ns = namespace(l=[0]) %}{% for i in range(40) %}{{ ns.l.extend(ns.l) }}{% endfor %}": "extend() would",
    '{% set big = "x" * 10**7 %}{% for i in range(10**5) %}{{ big }}{% endfor %}': "the rendering went past its",
    "{% for i in range(10**5) %}" + "y" * 10**4 + "{% endfor %}": "the rendering went past its",
}


class Late(BaseException):
    """A rendering still going: not an Exception, so that no template error handler takes it."""


@contextmanager
def at_most(seconds: int, what: str) -> Iterator[None]:
    def late(*_: object) -> None:
        raise Late(f"still going after {seconds} s: {what}")

    signal.signal(signal.SIGALRM, late)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)


def _page(expression: str) -> str:
    shown = expression if expression.startswith("{%") else "{{ " + expression + " }}"
    return f'{{% extends "base.html" %}}\n{{% block main %}}\n<h1>Kept</h1>\n{shown}\n{{% endblock %}}\n'


@pytest.mark.parametrize("expression", list(TOO_LARGE))
def test_an_operation_asked_too_much_by_its_arguments_is_one_line_naming_the_template(
    tmp_path: Path, expression: str
) -> None:
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/article.html").write_text(_page(expression), encoding="utf-8")
    started = time.monotonic()
    with at_most(60, expression):
        result = run(tmp_path, "build")
    assert time.monotonic() - started < 30
    assert result.exit_code == 1, result.output
    said = f"Error: templates/article.html:4: template: {TOO_LARGE[expression]}"
    assert result.stderr.startswith(said), result.stderr
    assert "characters or items" not in result.stderr or result.stderr.endswith(" more than 10,000,000\n")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not (tmp_path / "public" / "index.html").exists()


ORDINARY = {
    '"%5d|%-4s|%.2f|%%"|format(42, "ab", 3.14159)': "   42|ab  |3.14|%",
    '"%(n)03d" % {"n": 7}': "007",
    '"{:>6}|{:.3f}|{:,}".format("ab", 2.5, 1234567)': "    ab|2.500|1,234,567",
    '"{a}-{b}".format_map({"a": 1, "b": 2})': "1-2",
    '"{:{}}|{:>{}}".format("x", 3, "y", 2) ~ ("|%(a(b))s|%%" % {"a(b)": 5})': "x  | y|5|%",
    '"x"|center(5)': "  x  ",
    '"a\nb"|indent(2, true)': "  a\n  b",
    '"7".zfill(3) ~ "ab".ljust(4, ".") ~ "ab".rjust(4) ~ "ab".center(6, "*")': "007ab..  ab**ab**",
    '"one two three four"|wordwrap(9)': "one two\nthree\nfour",
    '["a", "b", "c"]|join(", ")': "a, b, c",
    '"-".join(["a", "b"])': "a-b",
    '"a,b,c".split(",")|length': "3",
    '"Jiading Park".replace("Park", "Hall").upper()': "JIADING HALL",
    '"a\tb".expandtabs(4)': "a   b",
    '"abc".translate({97: "x"})': "xbc",
    '{"a": [1, 2]}|tojson(indent=2)': '{\n  "a": [\n    1,\n    2\n  ]\n}',
    "[1, 2, 3, 4, 5]|batch(2, 0)|list": "[[1, 2], [3, 4], [5, 0]]",
    "[1, 2, 3]|slice(2)|list": "[[1, 2], [3]]",
    "[[1], [2, 3]]|sum(start=[])": "[1, 2, 3]",
    '"ab" * 3 ~ [1] * 2 ~ (2 ** 10) ~ (3 * 4)': "ababab[1, 1]102412",
    "lipsum(1, false, 5, 6)|wordcount": "5",
    "{% set ns = namespace(l=[1]) %}{{ ns.l.append(2) or ns.l }}": "[1, 2]",
    "{% set l = [1] %}{{ l.append(l) or l }}": "[1, [...]]",
    '{% set d = {"b": 1} %}{{ d.update({"a": 2}) or d|dictsort }}': "[('a', 2), ('b', 1)]",
    '{{ {"a": 1}.get("a") }}{{ {"a": 1}.items()|list }}': "1[('a', 1)]",
    "{{ [3, 1, 2]|sort|join }}{{ 'Ab'.lower() }}{{ 'Ab'.startswith('A') }}": "123abTrue",
}


@pytest.mark.parametrize("expression", list(ORDINARY))
def test_ordinary_widths_counts_and_methods_give_what_jinja_gives(tmp_path: Path, expression: str) -> None:
    (tmp_path / "templates").mkdir()
    shown = expression if expression.startswith("{") and expression[1] in "%{" else "{{ " + expression + " }}"
    (tmp_path / "templates/t.txt").write_text(shown, encoding="utf-8")
    assert theme(tmp_path / "templates", tmp_path).render("t.txt", {}) == ORDINARY[expression]


class Headline(str):
    def shout(self) -> str:
        return self.upper() + "!"


def test_a_method_of_a_values_own_class_is_its_code_and_available(tmp_path: Path) -> None:
    """Only the methods of the built-in types are held to a model: Markup's own, or those of a value jiading
    passes that is a text or a tuple underneath, are that value's code."""
    from markupsafe import Markup

    (tmp_path / "t.txt").write_text("{{ h.shout() }} {{ m.striptags() }} {{ h.upper() }}", encoding="utf-8")
    made = theme(tmp_path, tmp_path).render("t.txt", {"h": Headline("park"), "m": Markup("<b>open</b>")})
    assert made == "PARK! open PARK"


def test_every_filter_has_a_size_model_or_makes_no_more_than_it_is_given(tmp_path: Path) -> None:
    """A filter Jinja adds (or the site's environment gets) is classed here before it can be used unbounded."""
    filters = set(theme(tmp_path, tmp_path).environment.filters)
    assert set(DEFAULT_FILTERS) <= filters
    assert filters - set(sizes.FILTERS) - sizes.BOUNDED_FILTERS == set()
    assert not set(sizes.FILTERS) & sizes.BOUNDED_FILTERS


def test_every_method_of_a_built_in_value_that_grows_it_has_a_model() -> None:
    """The methods of texts, lists and mappings that make something sized by an argument are all modelled (a
    method without a model is refused, so a new one in Python is not available until it has one)."""
    growing = {"center", "ljust", "rjust", "zfill", "expandtabs", "replace", "join", "translate", "format"}
    assert growing <= set(sizes.METHODS[str]) and "format_map" in sizes.METHODS[str]
    assert {"append", "extend", "insert"} <= set(sizes.METHODS[list]) and "update" in sizes.METHODS[dict]
    for kind, methods in sizes.METHODS.items():
        assert [name for name in methods if not hasattr(kind, name) or name.startswith("_")] == [], kind


NUMBERS = st.sampled_from([0, 1, 7, 80, 10**5, 10**7, 10**7 + 1, 10**9, 2**31, 10**12])
TEXTS = st.sampled_from(['"x"', r'"a b\tc"', '"%s %d %5.2f"', '"{} {:>5} {0}"', r'"a\nb\nc"', '"x" * 10**6'])
CALLS = [
    "{t}|center({n})", "{t}|indent({n})", "{t}|indent({n}, true, true)", "{t}|wordwrap({m})",
    "{t}|wordwrap({m}, true, {t})", "{t}|truncate({n})", "{t}|format({n}, {n}, 1.5)", "{t} % ({n}, {n}, 1.5)",
    '"%{n}d"|format({n})', '"%.{n}f" % 1.5', '"%*d" % ({n}, 1)', '"{{:>{n}}}".format(1)', '"{{:.{n}f}}".format(1.5)',
    "{t}.ljust({n})", "{t}.rjust({n})", "{t}.center({n})", "{t}.zfill({n})", "{t}.expandtabs({n})",
    "{t}.replace(' ', {t})", "{t}|replace(' ', {t}, {n})", "{t}.join([{t}, {t}])", "{t}.format({t}, {t})",
    "range(100)|batch({m}, {t})|list|length", "range(100)|slice({m}, 0)|list|length", "lipsum({n})",
    "lipsum(1, min={m}, max={m})", "{{'a': [{t}]}}|tojson(indent={n})", "([{t}] * 100)|join({t})",
    "[{t}]|map('center', {n})|join", "{t}|urlize({n}, target={t})", "{t} * {n}", "[{t}] * {n}",
    "{t}|list|batch({m})|map('join')|join", "{t}.split()|join({t})", "{n} ** {n}", "{n} * {n}",
    '"%(k(x)){n}s" % {{"k(x)": {t}}}', '"%.*f" % ({n}, 1.5)', '"{{:{{}}}}".format({t}, {n})',
    '"{{:{{}}}}".format({t}, "{n}")', '"{{0:{{1}}.{{2}}}}".format(1.5, {n}, {m})', "[{t}]|tojson(indent={t})",
    '"{{}}{{}}".format({t}, [{t}] * {m})', '"%s%s" % ({t}, [[{t}] * {m}] * {m})',
]  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(CALLS), TEXTS, NUMBERS, NUMBERS.filter(bool), st.integers(0, 3))
def test_filters_and_methods_given_big_numbers_end_in_seconds_with_their_text_or_one_line(
    tmp_path: Path, call: str, text: str, number: int, positive: int, repeat: int
) -> None:
    expression = call.format(t=f"({text})", n=number, m=positive)
    body = "{% for i in range(" + str(repeat) + ") %}{{ " + expression + " }}{% endfor %}{{ 'done' }}"
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "drawn.html").write_text("\n" + body, encoding="utf-8")
    started = time.monotonic()
    with at_most(60, body):
        try:
            made = theme(folder, tmp_path).render("drawn.html", {})
        except TemplateError as exc:
            assert str(exc).startswith("templates/drawn.html:2: template: "), str(exc)
            assert "\n" not in str(exc)
        else:
            assert len(made) <= 4 * 10**8 and made.endswith("done")
    assert time.monotonic() - started < 30
