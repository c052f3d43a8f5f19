"""Compiled templates kept between builds (``incremental/templates.py``): a build that makes pages after another
compiles no template whose source is unchanged, compiles a changed one again, and a store that is damaged, of
another environment or of other bytes is a miss, never a different page or an error."""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import tree
from jiading_cli.incremental.templates import FORMAT
from pages.sample import make, run

STORE = Path(".jiading-cache") / "templates"


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the templates Jinja2 compiles from their source, in order."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: object, name: str | None = None, *args: object) -> object:
        names.append(str(name))
        return original(self, source, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    yield names


def _edit(root: Path) -> None:
    """An article changed: the next build makes pages again rather than reusing its whole answer."""
    path = root / "articles" / "en" / "2017" / "finance.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")


def _cold(root: Path, out: Path) -> dict[str, bytes]:
    os.environ["JIADING_CACHE"] = "off"
    try:
        assert run(root, "build", "--out", str(out)).exit_code == 0
    finally:
        del os.environ["JIADING_CACHE"]
    return tree(out)


def test_a_second_build_compiles_no_template_and_makes_the_same_pages(tmp_path: Path, compiled: list[str]) -> None:
    root = make(tmp_path)
    assert run(root, "build").exit_code == 0
    assert compiled and len(list((root / STORE).glob("*.jinja"))) == len(set(compiled))
    compiled.clear()
    _edit(root)
    assert run(root, "build").exit_code == 0
    assert compiled == []
    assert tree(root / "public") == {**_cold(root, tmp_path / "cold"), **_manifests(root / "public")}


def _manifests(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in (".jiading-manifest.json", ".jiading-pages.json")}


def test_a_changed_template_is_compiled_again_and_shows(tmp_path: Path, compiled: list[str]) -> None:
    root = make(tmp_path)
    (root / "templates").mkdir()
    footer = root / "templates" / "footer.html"
    footer.write_text('<footer class="site-footer">First footer</footer>\n', encoding="utf-8")
    assert run(root, "build").exit_code == 0
    compiled.clear()
    footer.write_text('<footer class="site-footer">Second footer</footer>\n', encoding="utf-8")
    assert run(root, "build").exit_code == 0
    assert compiled == ["footer.html"]
    page = root / "public" / "en" / "news" / "2017" / "07" / "financial-industry-to-boost-jiading" / "index.html"
    assert "Second footer" in page.read_text(encoding="utf-8")


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "flipped":
        path.write_bytes(data[:40] + bytes([data[40] ^ 0xFF]) + data[41:])
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "sealed garbage":  # the right head and checksum over bytes that are not compiled code
        body = data[:-4]
        head = body[: body.index(b"\0", len(FORMAT) + 20) + 1]  # the format, the environment, the source's sum
        garbage = head + b"\xe3not marshalled code"
        path.write_bytes(garbage + zlib.crc32(garbage).to_bytes(4, "big"))
    elif how == "another environment":
        body = bytearray(data[:-4])
        body[len(FORMAT) + 2] ^= 0xFF  # a byte of the environment's fingerprint
        path.write_bytes(bytes(body) + zlib.crc32(bytes(body)).to_bytes(4, "big"))
    else:
        path.write_bytes(b"")


@pytest.mark.parametrize("how", ["flipped", "truncated", "sealed garbage", "another environment", "empty"])
def test_a_damaged_store_is_a_miss(tmp_path: Path, compiled: list[str], how: str) -> None:
    root = make(tmp_path)
    assert run(root, "build").exit_code == 0
    stored = sorted((root / STORE).glob("*.jinja"))
    for path in stored:
        _damage(path, how)
    compiled.clear()
    _edit(root)
    result = run(root, "build")
    assert result.exit_code == 0 and result.stderr == ""
    assert compiled  # what the build needed compiled again from its source, none of the damaged code run
    assert tree(root / "public") == {**_cold(root, tmp_path / "cold"), **_manifests(root / "public")}
    compiled.clear()
    _edit(root)
    assert run(root, "build").exit_code == 0 and compiled == []  # and kept again


def test_a_template_error_still_names_its_line_when_the_template_was_compiled_before(tmp_path: Path) -> None:
    root = make(tmp_path)
    (root / "templates").mkdir()
    body = '{% extends "base.html" %}\n{% block main %}\n<h1>Kept</h1>\n{{ 1 / 0 }}\n{% endblock %}\n'
    (root / "templates" / "article.html").write_text(body, encoding="utf-8")
    for _ in range(2):  # the second build loads the template's code from the store
        result = run(root, "build")
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: templates/article.html:4: template: ZeroDivisionError")


SAME_SIZE = [  # each the same length: an edit between them keeps the file's size (and its time, set back below)
    '{% extends "base.html" %}{% block main %}<p>AAAAAAA</p>{% include "part.html" %}{% endblock %}',
    '{% extends "base.html" %}{% block main %}<p>BBBBBBB</p>{% include "part.html" %}{% endblock %}',
    '{% extends "base.html" %}{% block main %}<p>{{1/0}}</p>{% include "part.html" %}{% endblock %}',
]
PARTS = ["<i>part one</i>", "<i>part two</i>", "<i>{{t(1)}}</i>"]


@settings(max_examples=6, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from([None, *SAME_SIZE]), st.sampled_from([None, *PARTS])), min_size=2, max_size=4)
)
def test_templates_edited_keeping_their_size_and_time_or_removed_build_as_a_cold_build(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str | None, str | None]]
) -> None:
    """A site's templates edited between builds into other bytes of the same size, their modification time set
    back, or removed (the shipped template then applies again, or an include finds none): each build makes what a
    build without any cache makes, or fails with the same line; no compiled template is ever used stale."""
    root = make(tmp_path_factory.mktemp("site"))
    elsewhere = tmp_path_factory.mktemp("cold")
    (root / "templates").mkdir()
    for number, (page, part) in enumerate(steps):
        for name, text in (("article.html", page), ("part.html", part)):
            path = root / "templates" / name
            if text is None:
                path.unlink(missing_ok=True)
            else:
                path.write_text(text, encoding="utf-8")
                os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
        built = run(root, "build")
        os.environ["JIADING_CACHE"] = "off"
        try:
            cold = run(root, "build", "--out", str(elsewhere / str(number)))
        finally:
            del os.environ["JIADING_CACHE"]
        assert (built.exit_code, built.stderr) == (cold.exit_code, cold.stderr), steps
        if built.exit_code == 0:
            pages = {name: data for name, data in tree(root / "public").items() if not name.startswith(".jiading")}
            assert pages == {n: d for n, d in tree(elsewhere / str(number)).items() if not n.startswith(".jiading")}
