"""``JD117``: a name in the articles folder that a checkout on Windows or macOS cannot hold as it is, one warning each.

Each folder the walk reads is held to :mod:`jiading_cli.content.portable`: a name Windows keeps for a device or
does not allow, and a name that is another's of the same folder but for case or Unicode form. It is reported as
``JD116`` is, by every run over the whole site from the walk that run took (``validate`` of named folders for the
names below them), never by a run of named files.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jiading_cli.config import Config
from jiading_cli.content.site import relative
from jiading_cli.content.walk import Odd
from jiading_cli.model.errors import Problem

CODE = "JD117"


def problems(config: Config, odd: Sequence[Odd]) -> list[Problem]:
    """One ``JD117`` warning for each name a checkout elsewhere cannot hold; none when ``validate.ignore`` lists it."""
    if CODE in config.validate.ignore:
        return []
    return [Problem(relative(config, Path(each.path)), 0, CODE, "warning", "", _message(each)) for each in odd]


def _message(each: Odd) -> str:
    name = Path(each.path).name
    return f"expected a name every system's checkout can hold, found '{name}': {each.why}; rename it"
