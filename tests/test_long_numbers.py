"""A whole number too long for Python to write out or read (more digits than ``sys.get_int_max_str_digits()``,
4,300 by default), as a value of any key of ``jiading.toml`` or inside any field of front matter whose numbers are
built (a mapping: ``share``, ``translations``, ``jiading``; ``syndication`` anywhere), in any form YAML or TOML
writes one (decimal, hexadecimal, octal, binary, YAML 1.1's base 60), is one line naming the file, the line, the
key or field and the longest number taken, never a traceback: Python raises ``ValueError`` as it reads such a
decimal number or writes such a hexadecimal one, which a message showing the value would do."""

from __future__ import annotations

import sys
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CONFIG, NOW, front
from jiading_cli.base.wholenumbers import most_digits, too_long
from jiading_cli.cli import app
from jiading_cli.config import SECTIONS
from jiading_cli.share.registry import BUILT_IN

KEYS = sorted(
    f"{section}.{spec.name}"
    for section, cls in {**SECTIONS, **BUILT_IN.plugins().sections}.items()
    for spec in fields(cls)
)
LIMIT = sys.int_info.default_max_str_digits  # 4,300: the suite runs without PYTHONINTMAXSTRDIGITS
SAID = f"expected a whole number of at most {LIMIT:,} digits, the most Python reads"
SAID_YAML = f"expected a number of at most {LIMIT:,} digits, the most Python reads"


@st.composite
def long_numbers(draw: st.DrawFn, *, yaml: bool) -> str:
    """A whole number just past the limit or far past it, as TOML (or, with ``yaml``, YAML 1.1) writes one."""
    extra = draw(st.sampled_from([1, 2, 700, 20_000]))
    forms = ["decimal", "hex", "binary", "octal"] + (["base 60"] if yaml else [])
    form = draw(st.sampled_from(forms))
    sign = draw(st.sampled_from(["", "-", "+"]))
    if form == "decimal":
        return sign + "9" * (LIMIT + extra)
    if form == "hex":  # 3,572 f's are 4,301 decimal digits
        return sign + "0x" + "f" * (3571 + extra)
    if form == "binary":
        return sign + "0b" + "1" * (14284 + extra)
    if form == "octal":
        return sign + ("0" if yaml else "0o") + "7" * (4761 + extra)
    return sign + "1" + ":59" * (2420 + extra // 2)  # base 60: each ':59' one more digit of it


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--config", str(root / "jiading.toml"), *args], env={"JIADING_NOW": NOW})
    assert not isinstance(result.exception, ValueError), result.exception  # no traceback of int's limit
    return result.exit_code, result.output


def test_the_limit_is_what_python_reads_and_writes() -> None:
    """`too_long` draws the line exactly where Python's conversions start to refuse, for every form."""
    assert most_digits() == LIMIT
    for written, value in [("9" * LIMIT, int("9" * LIMIT)), ("0x" + "f" * 3571, 16**3571 - 1)]:
        assert not too_long(written) and len(str(value)) == LIMIT
    for written, value in [("0x" + "f" * 3572, 16**3572 - 1), ("0b" + "1" * 14285, 2**14285 - 1)]:
        assert too_long(written)
        with pytest.raises(ValueError, match="Exceeds the limit"):
            str(value)
    assert too_long("9" * (LIMIT + 1)) and not too_long("1_000") and not too_long("0x" + "g" * 5000)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(KEYS), number=long_numbers(yaml=False), inline=st.booleans())
def test_a_config_number_too_long_is_one_line_at_its_key(
    tmp_path_factory: pytest.TempPathFactory, key: str, number: str, inline: bool
) -> None:
    root = tmp_path_factory.mktemp("site")
    section, name = key.split(".")
    value = f"[{number}]" if inline else number  # in an array too
    text = CONFIG + f"\n[{section}]\n{name} = {value}\n" if section != "site" else CONFIG + f"{name} = {value}\n"
    (root / "jiading.toml").write_text(text, encoding="utf-8")
    (root / "articles").mkdir()
    code, output = run(root, "validate")
    line = text.count("\n")  # the key's own line, the last
    assert code == 2, output
    assert output.startswith("Error: ") and f"jiading.toml:{line}: error JD002 {key}: {SAID}, got '" in output
    assert len(output.strip().splitlines()) == 1 and len(output) < 400


@settings(max_examples=40, deadline=None)
@given(
    field=st.sampled_from(["share", "translations", "jiading", "syndication"]),
    number=long_numbers(yaml=True),
    shape=st.sampled_from(["{k: %s}", "{k: [%s]}", "[{k: %s}]", "%s"]),
)
def test_a_front_matter_number_too_long_is_one_line_at_its_field(
    tmp_path_factory: pytest.TempPathFactory, field: str, number: str, shape: str
) -> None:
    if shape == "%s" and field != "syndication":  # a number standing alone is kept as written, never built
        shape = "{k: %s}"
    root = tmp_path_factory.mktemp("site")
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    article = root / "articles" / "a.md"
    article.parent.mkdir()
    article.write_text(front(**{field: shape % number}) + "Body.\n", encoding="utf-8")
    code, output = run(root, "validate", str(article))
    assert code == 1, output
    problems = [line for line in output.splitlines() if ": error " in line]
    assert len(problems) == 1, output
    assert f"articles/a.md:6: error JD104 {field}: {SAID_YAML}, got '" in problems[0]  # the field's line
    assert problems[0].endswith("': quote it if it is text") and len(problems[0]) < 400


@settings(max_examples=20, deadline=None)
@given(
    place=st.sampled_from(["[a]({})", "<{}>", "![a]({})", "canonical_url: {}", "image: {}"]),
    digits=st.sampled_from([6, LIMIT, LIMIT + 1, 20_000]),
)
def test_a_port_of_any_number_of_digits_is_said_in_words(
    tmp_path_factory: pytest.TempPathFactory, place: str, digits: int
) -> None:
    """A URL's port of more digits than Python reads is said as any port out of range is, never in Python's words
    (``Exceeds the limit (4300 digits) for integer string conversion``)."""
    root = tmp_path_factory.mktemp("site")
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    article = root / "articles" / "a.md"
    article.parent.mkdir()
    url = "https://example.com:" + "9" * digits + "/a.png"
    field = place.format(url) if ":" in place.partition(" ")[0] else None
    body = "Body.\n" if field else place.format(url) + "\n"
    article.write_text(front(**dict([field.split(": ", 1)])) + body if field else front() + body, encoding="utf-8")
    code, output = run(root, "validate", str(article))
    assert code == 1, output
    assert "Exceeds the limit" not in output and "set_int_max_str_digits" not in output, output
    if digits < 100:  # a longer URL is shortened in the middle of its line, as every long value is
        assert "its port is not a number from 0 to 65535" in output, output
