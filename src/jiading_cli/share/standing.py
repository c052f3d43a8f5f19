"""A refusal of what every request of a network carries, not of one article: its secret (a token expired or
revoked, a login the SMTP server refuses), a permission, or its API version (``Delivery.standing``). Every request
after it would meet the same refusal, so it is said once in a run: the network is sent nothing more until the run
ends, and each article left is counted as not sent (an unknown outcome or a message sent to some of its recipients
is still said in a row of its own). The next run, its secret or setting fixed, posts them.

A network that gave no answer in time (it could not be connected to, or did not answer a post or the lookup before
it, after every try) is sent nothing more in the run alike: each article after it would wait as long for as little,
a run of many articles for many minutes, and with no answer to a post each would be left pending. The next run
posts them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Standing:
    """The networks that refused this run's requests for good, each with the article whose row says why."""

    refused: dict[str, str] = field(default_factory=dict)
    silent: set[str] = field(default_factory=set)  # those of ``refused`` that gave no answer in time

    def heard(self, network: str, shown: str, standing: bool, silent: bool = False) -> None:
        """A row of ``network`` for the article ``shown``; ``standing``: it said such a refusal; ``silent``: it said
        the network gave no answer in time."""
        if (standing or silent) and network not in self.refused:
            self.refused[network] = shown
            if not standing:
                self.silent.add(network)

    def why(self, network: str, left: str = "sent") -> str | None:
        """Why ``network`` is sent nothing more in this run (``left``: what is not done, "sent" or "read"), or None
        when it may be."""
        shown = self.refused.get(network)
        if shown is None:
            return None
        if network in self.silent:
            return f"not {left}: {network} gave no answer in time in this run ({shown} says so)"
        return f"not {left}: {network} refused this run's requests for good ({shown} says why)"

    def skipped(self, network: str) -> str:
        """The reason an article not sent is counted under."""
        return f"not sent to {network} ({'no answer in time' if network in self.silent else 'refused'} above)"
