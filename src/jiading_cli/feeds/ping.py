"""WebSub: telling the hub which feeds changed (``hub.mode=publish``, one request per feed URL)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Ping:
    url: str  # the feed URL announced
    ok: bool
    detail: str  # the hub's status line, or why it could not be reached


def publish_payload(url: str) -> dict[str, str]:
    return {"hub.mode": "publish", "hub.url": url}


def ping(hub: str, urls: Sequence[str], timeout: float, env: Mapping[str, str] | None = None) -> list[Ping]:
    """POST each URL to the hub, by the proxy and certificates the environment (``env``, default ``os.environ``)
    names (:mod:`jiading_cli.base.route`); every outcome is returned, none raised. The hub's whole answer must
    come within twice ``timeout`` (:func:`~jiading_cli.base.exchange.exchange`), however it trickles: its status
    line and headers, which say all it says (WebSub: a 2xx accepts the ping); its body is never read. A redirect is
    the hub's answer, never followed: the ping is not accepted, and the feed stays owed. A hub that does not answer
    one ping in time (or cannot be connected to in time) is sent no more this run: each feed left is said as not
    sent, and stays owed, so a hub that is down costs one wait, not one for every feed."""
    import requests

    from jiading_cli import __version__
    from jiading_cli.base import netfailures, route
    from jiading_cli.base.exchange import Late, exchange

    try:
        way = route.Route.of(os.environ if env is None else env)
    except route.RouteError as exc:
        return [Ping(url, False, f"not sent: {exc}") for url in urls]
    results: list[Ping] = []
    silent: str | None = None  # the feed whose ping the hub did not answer in time: the rest wait for another run
    with route.session(way, f"jiading/{__version__}") as session:
        for url in urls:
            if silent is not None:
                results.append(Ping(url, False, f"not sent: the hub did not answer the ping of {silent} in time"))
                continue
            try:
                asked = publish_payload(url)
                reply = exchange(session, "POST", hub, timeout=timeout, deadline=2 * timeout, body=False, data=asked)
            except (requests.Timeout, Late):
                results.append(Ping(url, False, f"no answer within {timeout:g} s"))
                silent = url
                continue
            except requests.RequestException as exc:
                results.append(Ping(url, False, f"cannot reach the hub: {netfailures.reason(exc)}"))
                continue
            status = f"{reply.status} {reply.reason}".strip()
            if 300 <= reply.status < 400:  # never followed: the hub has not seen the ping
                there = reply.headers.get("Location") or "nowhere"
                status += f", a redirect to {there}, which jiading does not follow; check feeds.websub_hub"
            results.append(Ping(url, 200 <= reply.status < 300, status))
    return results
