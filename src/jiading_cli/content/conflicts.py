"""Git's conflict markers: the lines a merge git could not make alone writes around each side of a conflict.

``<<<<<<<``, ``=======`` (and ``|||||||`` in the diff3 style) and ``>>>>>>>``, each at the start of a line, alone on
it or followed by a space and a label. The front matter's reader (JD101) and the body's rule (JD153) find them with
:data:`MARKER` and say them with :func:`said`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MARKER = re.compile(r"(<{7}|\|{7}|={7}|>{7})(?:[ \t][^\n]*)?\r?")  # a marker line, matched whole
SHOWN = 6  # marker lines named, at most


def said(what: str, lines: Sequence[int]) -> str:
    """What a problem of a conflict left in ``what`` says, naming its marker ``lines``."""
    shown = ", ".join(str(line) for line in lines[:SHOWN]) + (", …" if len(lines) > SHOWN else "")
    return (
        f"expected one version of {what}, found a merge conflict git left in it (its marker lines <<<<<<<, ======= "
        f"and >>>>>>> on lines {shown}): keep the lines wanted of each side, remove the markers"
    )
