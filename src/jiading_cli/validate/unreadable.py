"""``JD118``: whatever of the articles folder the walk could not read, one error each, never left out unsaid.

The walk (:mod:`jiading_cli.content.walk`) records a folder it cannot list or enter, a path longer than the system
takes and a link whose target cannot be looked at as :class:`~jiading_cli.content.walk.Unreadable`, with the
system's reason. Its articles are not in the run, so every run over the site (``validate``, ``list``, ``build``,
``feed build``, ``share``, ``serve``'s rebuilds) fails on it, from the walk that run took: it is never part of a
stored answer, and neither ``validate.ignore`` nor a suppression hides it (``GUARDS``).
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from pathlib import Path

from jiading_cli.config import Config
from jiading_cli.content.site import relative
from jiading_cli.content.walk import Unreadable
from jiading_cli.model.errors import Problem

CODE = "JD118"


def problems(config: Config, shut: Sequence[Unreadable]) -> list[Problem]:
    """One ``JD118`` error for each thing of the articles folder the walk could not read."""
    return [Problem(relative(config, Path(each.path)), 0, CODE, "error", "", message(each)) for each in shut]


def message(each: Unreadable) -> str:
    what = "what the symbolic link leads to" if each.link else "the folder"
    fix = "shorten its path" if each.number == errno.ENAMETOOLONG else "make it readable"
    return f"cannot read {what}: {each.why}; the articles below it would be left out, so the run fails; {fix}"
