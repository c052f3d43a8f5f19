"""Checkers of a network's settings that go into its requests as they are: an account's id, an API version."""

from __future__ import annotations

import re
from typing import Any

from jiading_cli.model.kinds import Checker, Expected, text


def account_id(pattern: str, expected: str) -> Checker[str]:
    """An account's id or user name, put in a request's path as it is: ``pattern`` keeps out '/', '?', '%' and '..'."""
    compiled = re.compile(pattern, re.ASCII)  # \d and \w in ASCII: digits of another script name no account

    def check(value: Any) -> str:
        found = text(value).strip()
        if not compiled.fullmatch(found) or ".." in found:
            raise Expected(expected)
        return found

    return check


def api_version(pattern: str, example: str) -> Checker[str]:
    compiled = re.compile(pattern, re.ASCII)  # \d is an ASCII digit: 'v２０.0' is no version

    def check(value: Any) -> str:
        version = text(value).strip()
        if not compiled.match(version):
            raise Expected(f"a version such as {example!r}")
        return version

    return check
