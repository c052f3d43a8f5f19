"""A request that failed is said in a few words on one line, as ``requests`` and urllib3 raise each failure:
the wait that ran out with its seconds, never the socket's bare 'timed out' or a Python repr."""

from __future__ import annotations

import pytest
import requests
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, ReadTimeoutError

from jiading_cli.share.failures import reason


def read_timeout(seconds: float) -> requests.exceptions.ReadTimeout:
    inner = ReadTimeoutError(None, "/v1/x", f"Read timed out. (read timeout={seconds})")
    return requests.exceptions.ReadTimeout(inner)


def connect_timeout(seconds: float) -> requests.exceptions.ConnectTimeout:
    said = f"Connection to graph.example timed out. (connect timeout={seconds})"
    inner = MaxRetryError(None, "/v1/x", ConnectTimeoutError(None, said))
    return requests.exceptions.ConnectTimeout(inner)


@pytest.mark.parametrize(
    ("failure", "words"),
    [
        (read_timeout(0.5), "no answer within 0.5 s (the request's timeout)"),
        (read_timeout(30), "no answer within 30 s (the request's timeout)"),
        (connect_timeout(5), "no connection within 5 s (the request's timeout)"),
    ],
)
def test_a_wait_that_ran_out_is_said_with_its_seconds(failure: Exception, words: str) -> None:
    assert reason(failure) == words
