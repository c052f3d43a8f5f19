"""A template Jinja or Python cannot read, or that names a template by something that is no name, is one error line
naming the site's template file and its line: tags, brackets and operators nested hundreds deep (past the parser's
stack), loops nested past Python's limit, a comment or raw block left open (which the lexer named by the file's
full path), ``{% include none %}``, ``{% include "" %}`` (the templates folder itself)."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import tree
from jiading_cli.pages.theme import TemplateError, theme
from pages.sample import NOW, make, run

LINE = re.compile(
    r"templates/(page|part)\.html:[0-9]+: template: \S|templates/(page|part)\.html: template: expected a page, got none"
)

NAMES = ['"part.html"', '"page.html"', '"missing.html"', "none", "5", '""', '"."', '"/"', "[]", '["", 5]', "x"]
NAMES += ['"../jiading.toml"', '"/etc/passwd"']
OPEN = ["{{ ", "(", "[", "{% if 1 %}", "{% for a in [1] %}", "{% with %}", "{% block b %}", "{% filter upper %}", "-"]
CLOSE = {"{{ ": " }}", "(": ")", "[": "]", "{% if 1 %}": "{% endif %}", "{% for a in [1] %}": "{% endfor %}"}
CLOSE |= {"{% with %}": "{% endwith %}", "{% block b %}": "{% endblock %}", "{% filter upper %}": "{% endfilter %}"}
TAGS = ["include", "extends", "import", "chrome"]
LOOSE = ["{#", "{% raw %}", "{{", "{%", "}}", "%}", '"', "{% endraw %}", "\n", "x", "{{ 1 / 0 }}", "{{ none.x }}"]


@st.composite
def _nest(draw: st.DrawFn) -> str:
    """One opener repeated, closed or not, around a value: from a few deep to past every limit."""
    opener = draw(st.sampled_from(OPEN))
    depth = draw(st.sampled_from([1, 5, 21, 101, 400, 3000]))
    inner = "1" if opener in "([-" else "x"
    if opener in "([-":  # an expression's parts: inside {{ }}
        closer = CLOSE.get(opener, "")
        return "{{ " + opener * depth + inner + closer * depth + " }}"
    closed = draw(st.booleans())
    return opener * depth + inner + (CLOSE[opener] * depth if closed else "")


@st.composite
def _naming(draw: st.DrawFn) -> str:
    tag, name = draw(st.sampled_from(TAGS)), draw(st.sampled_from(NAMES))
    return f"{{% import {name} as m %}}" if tag == "import" else f"{{% {tag} {name} %}}"


_SOURCE = st.lists(st.one_of(_nest(), _naming(), st.sampled_from(LOOSE)), max_size=6).map("\n".join)


@settings(max_examples=80, deadline=None)
@given(page=_SOURCE, part=_SOURCE)
@example(page="{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}", part="")
@example(page="\n" + "{% for a in [1] %}" * 21 + "x" + "{% endfor %}" * 21, part="")
@example(page="\n\n{# open", part="")
@example(page='{% include "part.html" %}', part="{% raw %} open")
@example(page='{% include "" %}', part="")
@example(page="{% chrome none %}", part="")
@example(page='{% extends "part.html" %}', part="")  # the empty file is the one extended: named
def test_a_template_is_read_or_one_line_naming_its_file_and_line(
    tmp_path_factory: pytest.TempPathFactory, page: str, part: str
) -> None:
    """Drawn sources of templates that nest past every limit, leave tags open and name templates by anything: each
    renders, or is one error line naming the site's template file (relative to the site, never its full path) and
    the line where it went wrong."""
    root = tmp_path_factory.mktemp("site")
    (root / "templates").mkdir()
    (root / "templates/page.html").write_text(page, encoding="utf-8")
    (root / "templates/part.html").write_text(part, encoding="utf-8")
    try:
        theme(root / "templates", root).render("page.html", {"site": {}, "t": str, "lang": "en"})
    except TemplateError as exc:
        said = str(exc)
        assert LINE.match(said), said
        assert "\n" not in said and str(root) not in said


@pytest.mark.parametrize(
    ("source", "said"),
    [
        (
            "\n" + "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
            "2: template: expected tags, brackets and operators nested",
        ),
        (
            "\n\n" + "{% for a in [1] %}" * 21 + "x" + "{% endfor %}" * 21,
            "3: template: expected tags nested less deeply",
        ),
        ("{% extends 'base.html' %}\n{% block main %}\n{# left open", "3: template: Missing end of comment tag"),
        (
            '{% extends "base.html" %}\n{% block main %}{% include none %}{% endblock %}',
            "2: template: expected the name",
        ),
        ('{% extends "base.html" %}\n{% block main %}{% include "" %}{% endblock %}', "2: template: expected the name"),
    ],
)
def test_a_template_that_cannot_be_read_leaves_the_last_build_as_it_was(tmp_path: Path, source: str, said: str) -> None:
    make(tmp_path)
    assert run(tmp_path, "build").exit_code == 0
    before = tree(tmp_path / "public")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/article.html").write_text(source, encoding="utf-8")
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: templates/article.html:{said}"), result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
    assert tree(tmp_path / "public") == before


MANY = ["{{ x }}", "{{ f(1, 2) }}", "{% if x %}y{% endif %}", "{{ [1, 2, 3] }}", "{{ x | e }}"]


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(MANY), st.sampled_from([1, 3000, 17000]), st.sampled_from(["\n", ""]))
@example("{{ x }}", 17000, "\n")
def test_a_template_of_too_many_tags_is_one_line_naming_where_it_went_past(
    tmp_path_factory: pytest.TempPathFactory, tag: str, times: int, between: str
) -> None:
    """Jinja parses and Python compiles a template whole: a million tags (a few megabytes of ``{{ x }}``) took
    minutes and gigabytes. A template is read up to 50,000 names, values and signs in its tags, else it is one line
    naming the line where it went past them."""
    root = tmp_path_factory.mktemp("site")
    (root / "templates").mkdir()
    source = (tag + between) * times
    (root / "templates/page.html").write_text(source, encoding="utf-8")
    try:
        theme(root / "templates", root).render("page.html", {"x": 1, "f": max})
    except TemplateError as exc:
        assert times == 17000, str(exc)
        said = re.fullmatch(
            r"templates/page\.html:([0-9]+): template: expected a template of at most 50,000 .*", str(exc)
        )
        assert said is not None, str(exc)
        assert 1 <= int(said[1]) <= source.count("\n") + 1
    else:
        assert times < 17000


def _build(root: Path) -> subprocess.CompletedProcess[str]:
    """``jiading build`` in ``root`` in a process of its own, in at most 768 MiB of memory."""
    limit = 768 << 20
    env = {**os.environ, "JIADING_NOW": NOW, "JIADING_JOBS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "jiading_cli", "build"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
    )


def test_a_file_of_gigabytes_in_the_templates_folder_is_never_held_whole(tmp_path: Path) -> None:
    """A video left among the templates keys the build as every file there does, a block at a time; a template of
    gigabytes is one line, read no further than its limit. Both in a process of 768 MiB, where reading either whole
    failed."""
    make(tmp_path)
    (tmp_path / "templates").mkdir()
    with (tmp_path / "templates/video.mp4").open("wb") as video:
        video.truncate(1 << 30)
    done = _build(tmp_path)
    assert done.returncode == 0, done.stderr
    before = tree(tmp_path / "public")
    (tmp_path / "templates/video.mp4").rename(tmp_path / "templates/article.html")
    done = _build(tmp_path)
    assert done.returncode == 1
    said = "templates/article.html: template: expected a template of at most 10,000,000 bytes, got 1,073,741,824"
    assert done.stderr == f"Error: {said}\n"
    assert tree(tmp_path / "public") == before


EDGES = ['{%% include "t%d.html" %%}', '{%% import "t%d.html" as m with context %%}', '{%% chrome "t%d.html" %%}']


def _endless_from(first: int, edges: dict[int, list[int]]) -> bool:
    """Whether a round of edges can be reached from ``first``."""
    path: list[int] = []

    def visit(node: int) -> bool:
        if node in path:
            return True
        path.append(node)
        found = any(visit(other) for other in edges[node])
        path.pop()
        return found

    return visit(first)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(EDGES), st.integers(0, 3)), max_size=2), min_size=4, max_size=4))
@example([[(EDGES[0], 1)], [(EDGES[0], 0)], [], []])
@example([[(EDGES[2], 0)], [], [], []])
def test_templates_that_include_each_other_in_a_round_are_one_line_naming_it(
    tmp_path_factory: pytest.TempPathFactory, drawn: list[list[tuple[str, int]]]
) -> None:
    """Templates including, importing and making with ``{% chrome %}`` each other, drawn: they render when no round
    of them can be reached from the first, else they are one line naming the round of template lines, never
    Python's ``RecursionError`` alone."""
    root = tmp_path_factory.mktemp("site")
    (root / "templates").mkdir()
    for number, statements in enumerate(drawn):
        text = "".join(f"<p>{number}</p>\n{edge % other}\n" for edge, other in statements)
        (root / f"templates/t{number}.html").write_text(text, encoding="utf-8")
    edges = {number: [other for _, other in statements] for number, statements in enumerate(drawn)}
    try:
        theme(root / "templates", root).render("t0.html", {"site": {}, "t": str, "lang": "en"})
    except TemplateError as exc:
        if not drawn[0]:  # a first template of no text: a page of none
            assert str(exc) == "templates/t0.html: template: expected a page, got none: the file is empty"
            return
        said = re.fullmatch(
            r"(templates/t[0-3]\.html:[0-9]+): template: expected templates that end, .*: (.*)", f"{exc}"
        )
        assert said is not None and _endless_from(0, edges), str(exc)
        round_ = said[2].split(" → ")
        assert round_[0] == round_[-1] == said[1]
    else:
        assert not _endless_from(0, edges)
