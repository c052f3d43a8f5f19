"""A refusal of what every request of a network carries, not of one article: its secret (a token expired or
revoked, a login the SMTP server refuses), a permission, or its API version (``Delivery.standing``). Every request
after it would meet the same refusal, so it is said once in a run: the network is sent nothing more until the run
ends, and each article left is counted as not sent (an unknown outcome or a message sent to some of its recipients
is still said in a row of its own). The next run, its secret or setting fixed, posts them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Standing:
    """The networks that refused this run's requests for good, each with the article whose row says why."""

    refused: dict[str, str] = field(default_factory=dict)

    def heard(self, network: str, shown: str, standing: bool) -> None:
        """A row of ``network`` for the article ``shown``; ``standing``: it said such a refusal."""
        if standing and network not in self.refused:
            self.refused[network] = shown

    def why(self, network: str, left: str = "sent") -> str | None:
        """Why ``network`` is sent nothing more in this run (``left``: what is not done, "sent" or "read"), or None
        when it may be."""
        shown = self.refused.get(network)
        if shown is None:
            return None
        return f"not {left}: {network} refused this run's requests for good ({shown} says why)"

    @staticmethod
    def skipped(network: str) -> str:
        """The reason an article not sent is counted under."""
        return f"not sent to {network} (refused above)"
