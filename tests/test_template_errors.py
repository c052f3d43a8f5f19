"""A site's template is its own code: whatever it gets wrong is one error line naming the file and line, and
nothing of the build is written."""

from __future__ import annotations

import re
import signal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import tree
from jiading_cli.base.xmlchars import NOT_OUTPUT
from jiading_cli.content.messages import messages
from jiading_cli.pages.context import Link
from jiading_cli.pages.theme import TemplateError, theme
from pages.sample import NOT_A_FILE, make, run

WRONG = {
    "{{ 1 / 0 }}": "ZeroDivisionError: division by zero",
    '{{ "a" + 1 }}': 'TypeError: can only concatenate str (not "int") to str',
    "{{ nosuch.field }}": "'nosuch' is undefined",
    "{{ title }": "unexpected '}'",
    '{% include "article.html" %}': (
        "expected templates that end, found one that includes, extends or imports itself, or a macro that calls "
        "itself, without end or deeper than a rendering can go (a few hundred times): templates/article.html:4 → "
        "templates/article.html:1 → (default theme) base.html:"
    ),
    '{% include "nope.html" %}': "no nope.html in templates/ or the default theme",
    "{{ range(3) | sum(attribute='x') }}": "'int object' has no attribute 'x'",
    "{% for a in range(10**5) %}{% for b in range(10**5) %}{% endfor %}{% endfor %}": (
        "the rendering went past its 100,000,000 units of work (100 a loop step, a call or a filter, 1 a character "
        "or item taken or made); does a loop not end?"
    ),
    "{{ range(10**10) | list }}": "OverflowError: Range too big. The sandbox blocks ranges larger than MAX_RANGE",
    '{{ "x" * 10**10 }}': "'*' would make 10,000,000,000 characters or items, more than 10,000,000",
    "{{ 10 ** (10 ** 10) }}": "'**' would make a number of about 40,000,000,000 bits, more than 100,000",
    '{% set ns = namespace(s="x") %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}': (
        "'~' would make 16,777,216 characters or items, more than 10,000,000"
    ),
    '{{ "x" | center(10**10) }}': "the filter center would make 10,000,000,000 characters or items",
    '{{ "x".ljust(10**10) }}': "ljust() would make 10,000,000,000 characters or items, more than 10,000,000",
    "{% macro r(n) %}{% for i in range(9) %}{{ r(n + 1) if n < 20 }}{% endfor %}{% endmacro %}{{ r(0) }}": (
        "the rendering went past its 100,000,000 units of work"
    ),
    "{% for i in range(3) %}{{ range(100)|slice(10000000, 0)|list|length }}{% endfor %}": (
        "the rendering went past its 100,000,000 units of work"
    ),
    '{{ t("nope") }}': "t: expected a message of the catalogue, got 'nope' (in ",
    '{{ t("share_on") }}': "t('share_on'): expected a value for {network}, got none",  # never '{network}' in a page
    '{{ t("read_in", lang="en") }}': "t('read_in'): expected a value for {language}, got none",
    # deeper than Python's stack: a value nested thousands deep is no round of templates; a macro's round is
    # named as one that may end, but not within a rendering
    "{% set ns = namespace(v=[]) %}{% for i in range(5000) %}{% set ns.v = [ns.v] %}{% endfor %}{{ ns.v }}": (
        "expected values nested at most some hundreds deep, found one nested deeper than Python can show, compare"
    ),
    "{% macro m(n) %}{{ m(n - 1) if n }}{% endmacro %}{{ m(3000) }}": (
        "expected templates that end, found one that includes, extends or imports itself, or a macro that calls "
        "itself, without end or deeper than a rendering can go (a few hundred times): templates/article.html:4 → "
    ),
    # the theme's own filters given a value of another kind than they take: said so, never Python's words
    "{{ 5 | direction }}": "the filter direction: expected text for tag, got 5 (a number)",
    "{{ none | chrome_lang }}": "the filter chrome_lang: expected text for around, got none",
    "{{ 'en' | text_lang([1]) }}": "the filter text_lang: expected text or none for page, got a list",
    "{{ 'x' | named('read_in') }}": "the filter named: expected the page's catalogue t for t, got the text 'x'",
    # the catalogue t called with arguments it does not take
    "{{ t() }}": "t: expected (key, **values), got ()",
    '{{ t("share_on", 1) }}': "t: expected (key, **values), got (the text 'share_on', 1 (a number))",
    "{{ t(['share_on']) }}": "t: expected text for key, got a list",
    # Python's text for an object, with its address, made by any way of making text: never in a page
    "{{ t.__code__ }}": "expected a value to show, got a code object, whose text is Python's, with its address",
    '{{ "{}".format(lipsum) }}': "expected a value to show, got the function generate_lorem_ipsum (call it:",
    '{{ "{!r}".format(site) }}': "expected a value to show, got a SiteView record (show one of its fields: title,",
    "{{ lipsum.__code__.__repr__() }}": "expected a value to show, got a code object, whose text is Python's",
    '{{ {"a": lipsum} | urlencode }}': "expected a value to show, got the function generate_lorem_ipsum (call it:",
    '{{ {"a": lipsum.__code__} | xmlattr }}': "expected a value to show, got a code object, whose text is",
    "{{ (['a'] | map('upper')).gi_frame }}": "expected a value to show, got a frame object, whose text is Python's",
}


@pytest.mark.parametrize("wrong", list(WRONG))
def test_a_template_error_is_one_line_with_its_file_and_line(tmp_path: Path, wrong: str) -> None:
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    body = f'{{% extends "base.html" %}}\n{{% block main %}}\n<h1>Kept</h1>\n{wrong}\n{{% endblock %}}\n'
    (tmp_path / "templates/article.html").write_text(body, encoding="utf-8")
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: templates/article.html:4: template: {WRONG[wrong]}")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not (tmp_path / "public" / "index.html").exists()


def test_a_shipped_template_is_named_as_the_default_themes(tmp_path: Path) -> None:
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/article.html").write_text(
        '{% extends "base.html" %}{% block main %}{% endblock %}', encoding="utf-8"
    )
    (tmp_path / "templates/masthead.html").write_text("<header>\n{{ no_such_value }}</header>", encoding="utf-8")
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: templates/masthead.html:2: template: 'no_such_value' is undefined")


def test_a_site_in_a_nested_templates_folder_is_shown_from_the_sites_root(tmp_path: Path) -> None:
    make(tmp_path)
    config = tmp_path / "jiading.toml"
    text = config.read_text(encoding="utf-8").replace("[pages]\n", '[pages]\ntemplates_dir = "theme/html"\n')
    config.write_text(text, encoding="utf-8")
    (tmp_path / "theme/html").mkdir(parents=True)
    (tmp_path / "theme/html/404.html").write_text("<h1>\n\n{{ 1 / 0 }}</h1>", encoding="utf-8")
    result = run(tmp_path, "build")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: theme/html/404.html:3: template: ZeroDivisionError")


def _latin1(path: Path) -> None:
    path.write_bytes("{# ok #}\n<p>Caf\u00e9</p>\n".encode("latin-1"))


NOT_A_TEMPLATE = {**NOT_A_FILE, "Latin-1 bytes": (_latin1, "expected UTF-8 text, got byte 0xe9")}


@pytest.mark.parametrize("name", ["article.html", "base.html", "masthead.html", "style.css", "part.html"])
@pytest.mark.parametrize("kind", list(NOT_A_TEMPLATE))
def test_a_site_template_that_is_no_readable_file_is_named_never_replaced_by_the_shipped_one(
    tmp_path: Path, name: str, kind: str
) -> None:
    """The site's own file of a theme's name is what it means to use: a FIFO, a folder, a broken link or bytes
    not UTF-8 in its place is one line naming it (never the shipped file instead, without a word, nor a wait)."""
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    if name == "part.html":  # a template of the site's own, included by its article.html
        page = '{% extends "base.html" %}\n{% block main %}\n{% include "part.html" %}\n{% endblock %}\n'
        (tmp_path / "templates/article.html").write_text(page, encoding="utf-8")
    make_it, said = NOT_A_TEMPLATE[kind]
    make_it(tmp_path / "templates" / name)
    result = run(tmp_path, "build")
    assert result.exit_code == 1, result.output
    line = 2 if kind == "Latin-1 bytes" else None
    assert result.stderr == f"Error: templates/{name}{f':{line}' if line else ''}: template: {said}\n"
    assert not (tmp_path / "public" / "index.html").exists()


class Late(BaseException):
    """A rendering that goes on too long: not an Exception, so that no template error handler takes it."""


ATOMS = ["'x'", "'a b'", "[1, 2]", "3", "10**6", "range(10**5)", "(range(10**5) | list)", "ns.s"]
OPERATORS = [" * ", " ** ", " + ", " ~ "]
FILTERS = ["", "|center(10**7)", "|indent(10**6, true)", "|replace(' ', '  ')", "|list", "|join", "|length"]
FILTERS += [".ljust(10**6)", "|sum", "|string", "|unique|list", "|reverse|list", "|sort"]


@st.composite
def _expressions(draw: st.DrawFn, depth: int = 2) -> str:
    if depth == 0 or draw(st.booleans()):
        return draw(st.sampled_from(ATOMS)) + draw(st.sampled_from(FILTERS))
    left, right = draw(_expressions(depth - 1)), draw(_expressions(depth - 1))
    return f"({left}{draw(st.sampled_from(OPERATORS))}{right}){draw(st.sampled_from(FILTERS))}"


@st.composite
def _templates(draw: st.DrawFn) -> str:
    body = "{% set ns.s = " + draw(_expressions()) + " %}{{ ns.s | length }}"
    for _ in range(draw(st.integers(0, 3))):
        body = "{% for i in " + draw(_expressions(1)) + " %}" + body + "{% endfor %}"
    return '{% set ns = namespace(s="ab") %}' + body


SORTED_AGAIN = (  # a long text sorted at each step: each sort counted as its comparisons, it ends in seconds
    "{% set ns = namespace(s=\"ab\") %}{% for i in ((range(10**5) | list)|sort ~ range(10**5)|replace(' ', '  ')) %}"
    "{% for i in range(10**5)|center(10**7) %}{% set ns.s = ('x'|replace(' ', '  ') ~ (range(10**5)|length ~ "
    "range(10**5)|sort).ljust(10**6))|sort %}{{ ns.s | length }}{% endfor %}{% endfor %}"
)


@settings(max_examples=60)
@given(_templates())
@example(SORTED_AGAIN)
def test_a_template_ends_in_bounded_time_with_its_text_or_one_error(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    """Loops, repetition, concatenation and the filters that grow a text, drawn together: the template renders,
    or is one TemplateError naming it, within seconds (never a build that runs for hours or fills the memory)."""
    folder = tmp_path_factory.mktemp("templates")
    (folder / "drawn.html").write_text(text, encoding="utf-8")
    look = theme(folder, folder.parent)

    def late(*_: object) -> None:
        raise Late(f"still rendering after 30 s: {text}")

    signal.signal(signal.SIGALRM, late)
    signal.alarm(30)
    try:
        made = look.render("drawn.html", {})
    except TemplateError as exc:
        assert str(exc).startswith(f"{folder.name}/drawn.html")
        assert "\n" not in str(exc)
    else:
        assert len(made) < 10**7
    finally:
        signal.alarm(0)


TEXTS = ['"a"', '"\\ud800"', '"\\udfff b"', '"\\U0001f600"', '"é"', "'\\\\ud800'", '"\\ud83d\\ude00"', '"\\x1b[0m"']
TEXTS += ['"\\x00"', '"\\ufffe"', '"\\x85"', '"tab\\tcr\\r"']
ESCAPED = {'"\\ud800"', '"\\udfff b"', '"\\ud83d\\ude00"', '"\\x1b[0m"', '"\\x00"', '"\\ufffe"', '"\\x85"'}
RAW = ["", "\x00", "\x1b", "\x0c", "\x7f", "\ufdd0", "\t", "\r\n", "é"]  # in the file itself, not in a string
WRAPS = [
    "{{ %s }}",
    "{{ %s | upper }}",
    "{{ %s ~ 'x' }}",
    "{%% set s %%}{{ %s }}{%% endset %%}{{ s }}",
    "{%% macro m() %%}{{ %s }}{%% endmacro %%}{{ m() }}",
    "{%% macro m() %%}{{ caller() }}{%% endmacro %%}{%% call m() %%}{{ %s }}{%% endcall %%}",
    "{%% filter lower %%}{{ %s }}{%% endfilter %%}",
    "{%% once %%}{{ %s }}{%% endonce %%}",
    "{%% for c in %s %%}{{ c }}{%% endfor %%}",
    "{{ [%s] | join }}",
    "{{ %s | replace('a', 'b') }}",
]
CARRIED = re.compile(
    r"expected text without (control characters|noncharacters) \(no page can carry them\), found U\+[0-9A-F]{4}"
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(WRAPS), st.sampled_from(TEXTS), st.sampled_from(RAW)), min_size=1, max_size=4)
)
@example([("{{ %s }}", '"\\ud800"', "")])
@example([("{{ %s }}", '"a"', ""), ("{{ %s }}", '"a"', "\x1b")])
@example([("{{ %s }}", '"a"', ""), ("{{ %s }}", '"\\x00"', "")])  # folded into one text with the line before
def test_a_template_makes_text_a_page_can_carry_or_one_error(
    tmp_path_factory: pytest.TempPathFactory, parts: list[tuple[str, str, str]]
) -> None:
    """A character no page may carry (a control character, a lone surrogate, a noncharacter: what articles and the
    config are held to) can be in a template's file or made by any of its ways of making text from a string's
    escapes: each is the template's error at its line (the file's own line for one in the file), never a page holding
    it nor a traceback as the page is written."""
    folder = tmp_path_factory.mktemp("templates")
    lines = [(wrap % text) + raw for wrap, text, raw in parts]
    source = "\n".join(lines)
    (folder / "drawn.html").write_text(source, encoding="utf-8", newline="")
    try:
        made = theme(folder, folder.parent).render("drawn.html", {})
    except TemplateError as exc:
        said = re.fullmatch(rf"{folder.name}/drawn\.html:([0-9]+): template: (.*)", str(exc))
        assert said is not None and CARRIED.fullmatch(said[2]), str(exc)
        if (raw := NOT_OUTPUT.search(source)) is not None:  # in the file itself: said at its line of the file
            assert int(said[1]) == source.count("\n", 0, raw.start()) + 1
        else:  # made by the first part whose string's escapes make one: said at that part's line
            first = next(n for n, (_, text, _) in enumerate(parts) if text in ESCAPED)
            assert int(said[1]) == sum(line.count("\n") for line in lines[:first]) + first + 1
    else:
        assert NOT_OUTPUT.search(made) is None
        made.encode("utf-8")


def test_a_lone_surrogate_a_template_makes_leaves_the_last_build_as_it_was(tmp_path: Path) -> None:
    make(tmp_path)
    assert run(tmp_path, "build").exit_code == 0
    before = tree(tmp_path / "public")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/404.html").write_text('<h1>Gone</h1>\n{% if true %}{{ "\\ud800" }}{% endif %}\n')
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    said = "templates/404.html:2: template: expected text without control characters (no page can carry them), found"
    assert result.stderr == f"Error: {said} U+D800\n"
    assert tree(tmp_path / "public") == before


NO_TEXT = ["['a']|map('upper')", "['a']|select", "[1]|batch(1)", "'ab'|slice(1)", "['b','a']|sort|reverse", "lipsum"]
NO_TEXT += ["cycler(1)", "joiner()", "'x'.upper", "namespace", "dict(a=1).items()|reverse", "link", "[link]"]
NO_TEXT += ["lipsum.__code__", "(['a']|map('upper')).gi_frame", "[joiner().__call__.__code__]"]  # text at an address
RECORDS = {"link": Link("Finance", "/tags/finance/", "en")}  # a record the pages are given, shown whole by mistake
WITH_TEXT = [
    "range(3)",
    "'a'",
    "1.5",
    "[1, 'b']",
    "{'a': (1,)}",
    "none",
    "dict(a=1).items()",
    "['a']|map('upper')|list",
    "link.text",
    "[link.href]",
]
SHOWN = ["{{ %s }}", "{{ [%s] }}", "{{ {'k': %s} }}", "{{ %s ~ '' }}", "{{ '%%s' %% (%s,) }}", "{{ %s | string }}"]
SHOWN += ["{{ [%s] | join }}", "{%% set v = %s %%}{{ v }}", "{{ %s | upper }}", "{{ 'x' | replace('x', %s) }}"]
SHOWN += ["{%% for v in [%s] %%}{{ v }}{%% endfor %%}", "{%% macro m(v) %%}{{ v }}{%% endmacro %%}{{ m(%s) }}"]
SHOWN += ["{{ '{}'.format(%s) }}", "{{ '{0[0]!r}'.format([%s]) }}", "{{ '{v}'.format_map({'v': %s}) }}"]
SHOWN += ["{{ %s | pprint }}", "<p{{ {'k': %s} | xmlattr }}>", "{{ {'k': %s} | urlencode }}"]
SHOWN += ["{{ '%%r' | format(%s) }}"]
ADDRESS = re.compile(r" at 0x[0-9a-f]+")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SHOWN), st.sampled_from(NO_TEXT + WITH_TEXT))
@example("{{ %s }}", "['a']|map('upper')")
@example("{{ %s }}", "['b','a']|sort|reverse")  # folded to text when the template is compiled
@example("{{ %s }}", "lipsum.__code__")  # a text of its own, with its address
@example("{{ '{}'.format(%s) }}", "lipsum")
def test_a_value_without_text_of_its_own_is_never_shown_as_pythons(
    tmp_path_factory: pytest.TempPathFactory, shown: str, value: str
) -> None:
    """A generator (what map, select, batch and reverse give), a function or an object with no text of its own,
    shown in any of the ways a template makes text, is the template's error naming its line: its text would be
    Python's, with its address in memory, which is no reader's and changes at every build, so would the page. Any
    other value shows as the same text in every build."""
    folder = tmp_path_factory.mktemp("templates")
    (folder / "drawn.html").write_text(shown % value, encoding="utf-8")
    try:
        made = [theme(folder, folder.parent).render("drawn.html", RECORDS) for _ in range(2)]
    except TemplateError as exc:
        assert str(exc).startswith(f"{folder.name}/drawn.html:1: template: expected a value to show, got "), str(exc)
        assert value in NO_TEXT
    else:
        assert not ADDRESS.search(made[0]) and made[0] == made[1]


def test_a_list_of_tags_mapped_and_shown_leaves_the_last_build_as_it_was(tmp_path: Path) -> None:
    make(tmp_path)
    assert run(tmp_path, "build").exit_code == 0
    before = tree(tmp_path / "public")
    (tmp_path / "templates").mkdir()
    shown = '<p>{{ article.tags | map(attribute="text") }}</p>'
    page = f'{{% extends "base.html" %}}\n{{% block main %}}\n{shown}\n{{% endblock %}}\n'
    (tmp_path / "templates/article.html").write_text(page, encoding="utf-8")
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: templates/article.html:3: template: expected a value to show, got a generator (what map, select, "
        "reject, batch, slice and reverse give: add | list or | join)\n"
    )
    assert tree(tmp_path / "public") == before


FILLS = ("'a'", "1.5", "3", "'%s'|format(1)", "link.text")
FILLED = ["{{ t('share_on', network=%s) }}", "{{ t | named('read_in', language=%s) }}"]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(FILLED), st.sampled_from([*NO_TEXT, *WITH_TEXT, "true", "3", "'%s'|format(1)"]))
@example(FILLED[0], "none")
def test_a_message_is_filled_with_text_or_a_number_or_is_one_error(
    tmp_path_factory: pytest.TempPathFactory, filled: str, value: str
) -> None:
    """A message of the catalogue filled with what has no text of a reader's (none, a list, a generator, a
    function) is the template's error naming the placeholder, never ``Share on None`` or Python's text for it."""
    folder = tmp_path_factory.mktemp("templates")
    (folder / "drawn.html").write_text(filled % value, encoding="utf-8")
    try:
        made = theme(folder, folder.parent).render("drawn.html", {"t": messages("en").text, **RECORDS})
    except TemplateError as exc:
        assert value not in FILLS, str(exc)
        said = rf"{folder.name}/drawn\.html:1: template: t\('(share_on|read_in)'\): expected text or a number for "
        assert re.match(said + r"\{(network|language)\}, got \S", str(exc)), str(exc)
    else:  # a link, with its text and language, is what named shows of a language version
        assert value in FILLS or (value in ("link", "link.text") and "named" in filled), made


@pytest.mark.parametrize(
    ("block", "said"),
    [
        (
            '{% import "base.html" as b %}',
            "(default theme) base.html:12 (from templates/article.html:3): template: 'lang'",
        ),
        (
            '{% set share = none %}{% include "share.html" %}',
            "(default theme) share.html:5 (from templates/article.html:3)",
        ),
    ],
)
def test_an_error_in_a_shipped_template_names_the_sites_line_that_led_there(
    tmp_path: Path, block: str, said: str
) -> None:
    """The shipped theme's file and line say where it went wrong; the line of the site's own template that led there
    (an import without context, a variable set to none) says what the site can change."""
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    page = f'{{% extends "base.html" %}}\n{{% block main %}}\n{block}{{% endblock %}}\n'
    (tmp_path / "templates/article.html").write_text(page, encoding="utf-8")
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {said}"), result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("text", ["", " \n\t\n"])
@pytest.mark.parametrize("name", ["article.html", "base.html", "list.html", "root.html", "404.html"])
def test_an_empty_page_template_is_one_line_and_publishes_no_empty_page(tmp_path: Path, name: str, text: str) -> None:
    """A template of a page left empty (made to be filled in later) published every such page empty, over the last
    build's; it is one line naming the empty file, the template that extends it too, and the pages stay."""
    make(tmp_path)
    assert run(tmp_path, "build").exit_code == 0
    before = tree(tmp_path / "public")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / name).write_text(text, encoding="utf-8")
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    assert result.stderr == f"Error: templates/{name}: template: expected a page, got none: the file is empty\n"
    assert tree(tmp_path / "public") == before


def test_a_masthead_left_empty_is_a_page_without_one(tmp_path: Path) -> None:
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/masthead.html").write_text("", encoding="utf-8")
    assert run(tmp_path, "build").exit_code == 0


NESTED = ["{{ ns.v }}", "{{ ns.v | tojson }}", "{{ ns.v | tojson(indent=1) }}", "{{ ns.v == ns.v }}"]
NESTED += ["{{ ns.v | string }}", "{{ [ns.v] | join }}", "{{ ns.v ~ '' }}", "{{ ns.v | list | length }}"]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(NESTED), st.integers(1, 6000))
@example("{{ ns.v | tojson }}", 5000)
def test_a_value_nested_deep_is_never_taken_for_a_round_of_templates(
    tmp_path_factory: pytest.TempPathFactory, shown: str, depth: int
) -> None:
    """A list nested ``depth`` deep, made text, JSON or compared: it renders, or is one error saying that the value
    is nested too deep, at its line; never a round of templates or a macro that calls itself, which it is not."""
    folder = tmp_path_factory.mktemp("templates")
    nested = "{% set ns = namespace(v=[]) %}{% for i in range(" + str(depth) + ") %}{% set ns.v = [ns.v] %}{% endfor %}"
    (folder / "drawn.html").write_text(f"<p>\n{nested}{shown}</p>", encoding="utf-8")
    try:
        theme(folder, folder.parent).render("drawn.html", {})
    except TemplateError as exc:
        said = f"{folder.name}/drawn.html:2: template: "
        assert str(exc).startswith(f"{said}expected values nested at most some hundreds deep") or (
            "would make" in str(exc)  # shown, it is also longer than a page may be
        ), str(exc)


OWN_FILTERS = ["{{ %s | direction }}", "{{ %s | chrome_lang }}", "{{ 'en' | chrome_lang(%s) }}", "{{ %s | text_lang }}"]
OWN_FILTERS += ["{{ 'fr' | text_lang(%s) }}", "{{ %s | named('read_in', language='x') }}", "{{ t | named(%s) }}"]
OWN_FILTERS += ["{{ t(%s) }}", "{{ t('share_on', %s) }}", "{{ t(%s, network='x') }}"]
GIVEN = ["'en'", "'zh-CN'", "'ar'", "'read_in'", "5", "none", "[1]", "{'a': 1}", "true", "1.5", "t", "('en',)"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(OWN_FILTERS), st.sampled_from(GIVEN))
@example("{{ %s | direction }}", "5")
def test_the_themes_own_filters_take_what_they_say_or_are_one_error_saying_so(
    tmp_path_factory: pytest.TempPathFactory, used: str, value: str
) -> None:
    """Each filter of the theme's own given any value: it makes its text, or is one error naming the filter, what
    it expected and what it got; never Python's words from inside it (an AttributeError, a TypeError)."""
    folder = tmp_path_factory.mktemp("templates")
    (folder / "drawn.html").write_text("<p>\n" + used % value + "</p>", encoding="utf-8")
    try:
        theme(folder, folder.parent).render("drawn.html", {"t": messages("en").text, "lang": "en"})
    except TemplateError as exc:
        said = str(exc)
        assert re.match(
            rf"{folder.name}/drawn\.html:2: template: (the filter \w+: expected |t(\(|: expected))", said
        ), said


FOLDED = ["{{ (%s | float) + 1 }}", "{%% set x = %s | float %%}{{ x * 2 }}", "{{ [%s | float] + [] }}"]
FOLDED += ["{{ {'k': %s | float}.k - 1 }}", "{{ (%s | float, 1) ~ '' }}", "{{ [[%s | float]] | first | first > 0 }}"]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(FOLDED), st.sampled_from(["'inf'", "'-inf'", "'nan'", "'1e999'", "'-1e999'", "'1.5'", "'0'"]))
@example("{{ (%s | float) + 1 }}", "'inf'")
def test_a_number_folded_when_the_template_is_compiled_is_the_number_whatever_it_is(
    tmp_path_factory: pytest.TempPathFactory, used: str, value: str
) -> None:
    """A number a template's constant makes when it is compiled (``"inf" | float``), infinite or not a number
    too, is that number when the page is made: the same text as Python's for it, never ``name 'inf' is not
    defined``, a name the template never wrote."""
    folder = tmp_path_factory.mktemp("templates")
    (folder / "drawn.html").write_text("<p>" + used % value + "</p>", encoding="utf-8")
    number = float(value.strip("'"))
    made = theme(folder, folder.parent).render("drawn.html", {})
    expected = {
        FOLDED[0]: str(number + 1),
        FOLDED[1]: str(number * 2),
        FOLDED[2]: str([number]),
        FOLDED[3]: str(number - 1),
        FOLDED[4]: str((number, 1)),
        FOLDED[5]: str(number > 0),
    }[used]
    assert made == f"<p>{expected}</p>"


@pytest.mark.parametrize(
    "made",
    ['{{ "%s at 0x%x" | format("Gate", 48879) }}', '{{ "{} at 0x{:x}".format("Gate", 48879) }}', "{{ 'at 0xbeef' }}"],
)
def test_a_page_may_name_a_number_as_python_names_an_address(
    tmp_path_factory: pytest.TempPathFactory, made: str
) -> None:
    """Text of the template's own that reads like an address (``Gate at 0xbeef``) is no object's text: shown."""
    folder = tmp_path_factory.mktemp("templates")
    (folder / "drawn.html").write_text(f"<p>{made}</p>", encoding="utf-8")
    assert theme(folder, folder.parent).render("drawn.html", {}) == "<p>Gate at 0xbeef</p>".replace(
        "Gate ", "Gate " if "Gate" in made else ""
    )


@settings(max_examples=50, deadline=None)
@given(
    where=st.text(min_size=1, max_size=30).filter(lambda t: t.strip()),
    message=st.text(max_size=30),
    line=st.integers(min_value=0, max_value=99),
)
@example(where="templates/a:12", message="cannot read: x: template: y", line=0)
def test_a_template_error_keeps_its_file_line_and_message_as_fields_across_processes(
    where: str, message: str, line: int
) -> None:
    """``validate`` says a loader's error in its own words from the error's fields, never read back out of its text
    (a file named ``a:12`` is no line 12), and a page maker in another process hands them back whole."""
    import pickle

    error = pickle.loads(pickle.dumps(TemplateError.at(where, message, line)))
    assert (error.where, error.line, error.message) == (where, line, message)
    assert str(error) == f"{where}{f':{line}' if line else ''}: template: {message}"
