"""WebSub: telling the hub which feeds changed (``hub.mode=publish``, one request per feed URL)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Ping:
    url: str  # the feed URL announced
    ok: bool
    detail: str  # the hub's status line, or why it could not be reached


def publish_payload(url: str) -> dict[str, str]:
    return {"hub.mode": "publish", "hub.url": url}


def ping(hub: str, urls: Sequence[str], timeout: float) -> list[Ping]:
    """POST each URL to the hub; every outcome is returned, none raised."""
    import requests

    results: list[Ping] = []
    with requests.Session() as session:
        for url in urls:
            try:
                reply = session.post(hub, data=publish_payload(url), timeout=timeout)
            except requests.Timeout:
                results.append(Ping(url, False, f"no answer within {timeout:g} s"))
                continue
            except requests.RequestException as exc:
                reason = type(exc).__name__
                results.append(Ping(url, False, f"cannot reach the hub ({reason})"))
                continue
            status = f"{reply.status_code} {reply.reason or ''}".strip()
            results.append(Ping(url, 200 <= reply.status_code < 300, status))
    return results
