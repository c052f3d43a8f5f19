"""How a long use case tells the command line how far it has got, without printing anything itself."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Told of each step of a long run (loading, checking, making, writing) and of each item done."""

    def step(self, name: str, total: int | None = None) -> None:
        """A new step begins (the previous one, if any, is over); ``total``: items it will count."""

    def advance(self, count: int = 1) -> None:
        """``count`` more items of the current step are done."""


class Silent:
    """The progress of a run nobody watches."""

    def step(self, name: str, total: int | None = None) -> None:
        return None

    def advance(self, count: int = 1) -> None:
        return None


SILENT = Silent()
