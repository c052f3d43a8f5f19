"""A number of ``jiading.toml`` read where text goes must be the text written: a fraction never is (``1.10`` is read
as 1.1, ``1e400`` as inf), so every key that takes text refuses one, asking for quotes; a whole number is its digits
(``facebook.page_id = 1234``), but ``site.phone`` refuses any number, which keeps no '+', leading zero or space
(``phone = +861053270173`` once made the call link dial 861053270173). Every key of every section is tried, found from
the sections' declarations, so a new one is held to it too."""

from __future__ import annotations

import math
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from jiading_cli.config import SECTIONS, parse_config
from jiading_cli.model import kinds
from jiading_cli.model.errors import ConfigError
from jiading_cli.share import registry

FRACTIONS = [1.10, 1e400, -0.5, math.nan, 2026.0]


def _keys() -> list[Any]:
    found = []
    for section, cls in {**SECTIONS, **registry.current().plugins().sections}.items():
        for spec in fields(cls):
            if "checker" in spec.metadata:
                found.append(pytest.param(section, spec.name, spec.metadata["checker"], id=f"{section}.{spec.name}"))
    return found


@pytest.mark.parametrize(("section", "name", "checker"), _keys())
def test_no_key_takes_a_fraction_as_text(section: str, name: str, checker: kinds.Checker[Any]) -> None:
    for number in FRACTIONS:
        try:
            taken = checker(number)
        except kinds.Expected:
            continue
        parts = taken if isinstance(taken, tuple) else (taken,)
        assert not any(isinstance(part, str) for part in parts), f"{section}.{name} took {number!r} as {taken!r}"


def test_a_phone_number_written_as_a_number_is_refused_with_what_to_write() -> None:
    text = '[site]\ntitle = "T"\nbase_url = "https://news.example.com"\nphone = +861053270173\n'
    with pytest.raises(ConfigError) as caught:
        parse_config(text, Path("/site/jiading.toml"))
    assert [p.render() for p in caught.value.problems] == [
        "/site/jiading.toml:4: error JD002 site.phone: expected a phone number in quotes, such as '+86 10 5327 0173', "
        "got the number 861053270173, which keeps no '+', leading zero or space of a phone number"
    ]


def test_a_fraction_where_text_goes_is_asked_for_in_quotes() -> None:
    text = '[site]\ntitle = "T"\nbase_url = "https://news.example.com"\ncopyright = 1.10\n'
    with pytest.raises(ConfigError) as caught:
        parse_config(text, Path("/site/jiading.toml"))
    assert [p.render() for p in caught.value.problems] == [
        "/site/jiading.toml:4: error JD002 site.copyright: expected a string, got the number 1.1; write it in quotes"
    ]
