"""The ledger and the feed files' keys of one output folder and mode, as a feed build uses them."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jiading_cli.incremental.ledger import delta as deltas
from jiading_cli.incremental.ledger import files as ledger_files
from jiading_cli.incremental.ledger import model, store
from jiading_cli.incremental.reuse import Reuse

if TYPE_CHECKING:
    from jiading_cli.config import Config
    from jiading_cli.incremental.avoidance import Inputs


class FeedLedger:
    """One build's view of what the last build into ``folder`` kept."""

    def __init__(self, config: Config, folder: Path, preview: bool, state: Inputs) -> None:
        self.config, self.folder, self.preview, self.state = config, folder, preview, state
        self.reuse = Reuse(config, folder)
        self.depth = model.depth(config)

    def attempt(self, now: dt.datetime) -> deltas.Delta | None:
        """The build made from the ledger and the changed files (None: it must be a full one), its ledger holding
        the files the articles name once the changes are made: what the build is keyed by, from the moment
        its result is known (a file only a removed article named is no longer one; an added one's is)."""
        delta = deltas.attempt(self.config, self.folder, self.preview, now, self.state, self.reuse)
        if delta is not None:
            ledger, now_ns = delta.ledger, time.time_ns()
            kept = {path: ledger_files.trusted(found, now_ns) for path, found in delta.named.items()}
            for name, named in delta.naming.items():
                ledger.name_files(name, named, kept)
        return delta

    def settle(
        self, delta: deltas.Delta, names: Sequence[str], digests: dict[str, str], written: Iterable[str]
    ) -> None:
        self.reuse.save(names, digests)
        delta.settle(digests)
        ledger, now = delta.ledger, time.time_ns()
        ledger.outputs = ledger_files.stats(written)
        store.save(self.config, self.folder, self.preview, ledger, ledger_files.lines(self.state, now))

    def record(self, build: store.Build, names: Sequence[str], digests: dict[str, str]) -> Callable[[], None]:
        keep = store.record(self.config, self.folder, self.preview, build, self.reuse, self.state)
        self.reuse.let_go()  # each item is digested and kept now: none is held while the pages are made

        def kept() -> None:
            self.reuse.save(names, digests)
            if keep is not None:
                keep()

        return kept
