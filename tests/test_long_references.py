"""A decimal character reference of more digits than Python reads (4,300) in a body, in text, a link, an image, raw
HTML's text or attributes, with raw HTML escaped or passed, is read as every other: never a traceback of
``html.unescape`` (``Exceeds the limit (4300 digits) for integer string conversion``), which `validate` and
`build` once ended in. Each decoding goes through ``htmlrefs.unescape``, which decodes exactly as ``html.unescape``
does, ``html.parser``'s too."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CONFIG, NOW, front
from jiading_cli.cli import app
from jiading_cli.content.htmlrefs import unescape

ROOT = Path(__file__).resolve().parents[1]
LIMIT = sys.int_info.default_max_str_digits
PLACES = [
    "Text {} more.",
    "[a](x{}.pdf)",
    '[a](https://example.com "t {}")',
    "![a {}](https://example.com/a.png)",
    '<a href="{}">x</a>',
    '<a href="https://example.com/{}">x</a>',
    "<div>{}</div>",
    "a <b title='{}'>x</b>",
    "<https://example.com/{}>",
    "[a]\n\n[a]: https://example.com/{}",
    "`{}`",
]


@st.composite
def long_references(draw: st.DrawFn) -> str:
    """A decimal reference of more digits than Python reads: a large number, or a small one after many zeros."""
    zeros = "0" * draw(st.integers(LIMIT - 10, LIMIT + 3000))
    number = draw(st.sampled_from(["9" * (LIMIT + 1), "65", "0", "8238", "1114111", "1114112", "9" * 8]))
    return f"&#{(zeros + number) if len(number) < 9 else number}" + draw(st.sampled_from([";", ""]))


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet="&#x;0123456789ab <>", max_size=40), reference=long_references())
def test_unescape_decodes_as_html_unescape(text: str, reference: str) -> None:
    assert unescape(text) == html.unescape(text)
    digits = re.sub(r"\D", "", reference)
    value = int(digits[-LIMIT:]) if len(digits.lstrip("0")) <= LIMIT else sys.maxsize  # the number it names
    assert unescape(text + reference) == html.unescape(
        text + f"&#{min(value, 1114112)}" + reference[-1:] * (reference[-1] == ";")
    )


@pytest.fixture(scope="module", params=[False, True], ids=["escaped HTML", "unsafe_html"])
def root(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = tmp_path_factory.mktemp("site")
    config = CONFIG + ("[markdown]\nunsafe_html = true\n" if request.param else "")
    (made / "jiading.toml").write_text(config, encoding="utf-8")
    (made / "articles").mkdir()
    return made


@settings(max_examples=30, deadline=None)
@given(place=st.sampled_from(PLACES), reference=long_references(), command=st.sampled_from(["validate", "build"]))
def test_a_long_reference_in_a_body_is_read_never_a_traceback(
    root: Path, place: str, reference: str, command: str
) -> None:
    (root / "articles" / "a.md").write_text(front() + place.format(reference) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--config", str(root / "jiading.toml"), command], env={"JIADING_NOW": NOW})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "Exceeds the limit" not in result.output


def test_every_decoding_of_references_is_the_one() -> None:
    """No module decodes character references but through ``htmlrefs.unescape``."""
    found = []
    for path in sorted((ROOT / "src").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if (
                re.search(r"\b(?:html|entities)\.unescape\(|from html import unescape", line)
                and "htmlrefs" not in path.name
            ):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
