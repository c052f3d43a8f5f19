"""An answer is read only for the request it answers: each request goes on a connection of its own
(``base/exchange.py``), so what a server sends after an answer is never read as the next request's. A server that
keeps the connection open and sends more behind an answer — the final answer behind an interim ``103 Early Hints``
(which is taken for the answer), a second answer, bytes past its ``Content-Length`` — would otherwise have the next
article's post read that answer, and record the other article's post as its own. Hypothesis draws what each post is
answered with, through a real loopback server that keeps its connections alive.
"""

from __future__ import annotations

import json
import tempfile
from contextlib import chdir
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from share.kept_alive import PAUSE, kept_alive_server
from share.sites import ARTICLE_ID, make_site

NAMES = ("a", "b", "c")
EARLY = b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
FORMS = ("plain", "early", "twice", "overlong")
DRAWN = st.lists(st.sampled_from(FORMS), min_size=3, max_size=3)  # how each article's post is answered
EXPECTED = {"plain": "posted", "early": "intent", "twice": "intent", "overlong": "posted"}  # what each leaves


def _final(network: str, number: int | None) -> bytes:
    """The answer to a post as the network gives it: the post's id (``number``), or none."""
    if network == "facebook":
        body = json.dumps({"id": f"1234_{number}"} if number is not None else {}).encode()
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        return head.encode() + body
    urn = f"x-restli-id: urn:li:share:{number}\r\n" if number is not None else ""
    return f"HTTP/1.1 201 Created\r\n{urn}Content-Length: 0\r\n\r\n".encode()


def _remote(network: str, number: int) -> str:
    return f"1234_{number}" if network == "facebook" else f"urn:li:share:{number}"


def _article(request: bytes) -> str:
    """Which article a post is of, by the link it sends (a form's is percent-encoded)."""
    return next(name for name in NAMES if f"/{name}/".encode() in request or f"%2F{name}%2F".encode() in request)


def _answering(network: str, forms: dict[str, str]) -> object:
    def answer(number: int, request: bytes) -> bytes:
        form = forms[_article(request)]
        if form == "early":  # the interim answer at once, the final one later
            return EARLY + PAUSE + _final(network, number)
        if form == "twice":  # an answer without the post's id, then another with it
            return _final(network, None) + PAUSE + _final(network, number)
        if form == "overlong":  # the answer, then the same again: bytes past its end
            return _final(network, number) + PAUSE + _final(network, number)
        return _final(network, number)

    return answer


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network=st.sampled_from(["facebook", "linkedin"]), forms=DRAWN)
@example(network="linkedin", forms=["early", "plain", "plain"])
@example(network="facebook", forms=["twice", "plain", "plain"])
@example(network="facebook", forms=["overlong", "plain", "plain"])
def test_each_post_is_recorded_with_the_id_of_its_own_answer(network: str, forms: list[str]) -> None:
    drawn = dict(zip(NAMES, forms, strict=True))
    answering = _answering(network, drawn)
    with tempfile.TemporaryDirectory() as folder, chdir(folder), kept_alive_server(answering) as server:
        site = make_site(Path(folder), base=server.url, timeout=2)
        for index, name in enumerate(NAMES):
            site.article(f"{name}.md", title=f"Article {name}", id=ARTICLE_ID[:-1] + str(index))
        result = site.run("share", "--post", "--network", network)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        made = {_article(request): number for number, request in enumerate(server.requests, start=1)}
        assert sorted(made) == list(NAMES) and len(server.requests) == 3, result.output
        for name in NAMES:
            [record] = site.records(f"{name}.md")
            assert record["state"] == EXPECTED[drawn[name]], (name, drawn, result.output)
            if record["state"] == "posted":  # its own post, never another article's
                assert record["remote_id"] == _remote(network, made[name]), (name, drawn, result.output)
        assert result.exit_code == (1 if "intent" in {EXPECTED[form] for form in forms} else 0), result.output
