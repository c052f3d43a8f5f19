"""The real clock: the one source of every moment jiading records or measures.

A run's "as of" moment (``JIADING_NOW``, ``--now``) decides which articles are due, and nothing else: the time a
record or an intent says, the wait before an unknown outcome may be settled by a lookup that finds nothing, and
every deadline measured from now are taken from :func:`now`, whatever ``JIADING_NOW`` says. A pinned "as of"
moment (the CI workflow's share job runs as of the moment its site was built) would otherwise measure the wait
between two builds, not between a request and the lookup that follows it.
"""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """The current moment by the system's clock, aware, in UTC; never ``JIADING_NOW``."""
    return dt.datetime.now(dt.UTC)
