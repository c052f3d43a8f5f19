"""Where a path a user names leads: ``Path.resolve()`` that never raises, whatever links stand on the way."""

from __future__ import annotations

import os
from pathlib import Path


def real(path: Path) -> Path:
    """The absolute path ``path`` leads to, through every link that leads somewhere; a loop of links or a link to
    nothing is kept as it stands (what then reads or writes there finds it, one line), never an error here:
    ``Path.resolve()`` raises ``RuntimeError`` on a loop (Python 3.11, 3.12), which no caller expects."""
    return Path(os.path.realpath(path.absolute()))
