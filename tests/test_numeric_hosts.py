"""A host whose last label is a number (decimal, or hexadecimal after '0x') is read by browsers as an IPv4 address
(the URL Standard's "ends in a number"): it is taken only as a dotted-decimal address written canonically, else
refused with one line saying whether browsers refuse it or read another address in it."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiading_cli.base.urls import browsers_ipv4, ends_in_number, host_problem

NUMBERS = st.integers(0, 2**33).flatmap(
    lambda n: st.sampled_from([str(n), hex(n), "0" + oct(n)[2:], "0X" + format(n, "X"), "0" * 2 + str(n)])
)
LABELS = NUMBERS | st.from_regex(r"[a-z][a-z0-9-]{0,6}[a-z0-9]", fullmatch=True) | st.sampled_from(["0x", "0", "00"])
HOSTS = st.lists(LABELS, min_size=1, max_size=6).map(".".join)


def problem(host: str) -> str | None:
    return host_problem(urlsplit(f"https://{host}/"))


@given(HOSTS)
def test_a_host_ending_in_a_number_is_taken_only_as_a_canonical_address(host: str) -> None:
    found = problem(host)
    if not ends_in_number(host.lower()):
        return
    if found is None:
        assert str(ipaddress.IPv4Address(host)) == host
    else:
        assert found.startswith(f"its host {host.lower()!r} ")
        address = browsers_ipv4(host.lower())
        assert ("is the IPv4 address" in found) == (address is not None)


@given(st.integers(0, 2**32 - 1))
def test_every_canonical_address_is_taken_and_read_as_itself(value: int) -> None:
    address = str(ipaddress.IPv4Address(value))
    assert problem(address) is None
    assert browsers_ipv4(address) == address
    assert browsers_ipv4(hex(value)) == address  # one number fills the four bytes, as browsers read it


@pytest.mark.parametrize(
    ("host", "why"),
    [
        ("999.1.1.1", "and it is none"),
        ("1.2.3.4.5", "and it is none"),
        ("a.0", "and it is none"),
        ("a.0x", "and it is none"),
        ("0x7f.1", "is the IPv4 address 127.0.0.1 as browsers read it; write it as '127.0.0.1'"),
        ("127.0.0.01", "is the IPv4 address 127.0.0.1"),
        ("2130706433", "is the IPv4 address 127.0.0.1"),
    ],
)
def test_the_hosts_browsers_refuse_or_read_otherwise_are_refused(host: str, why: str) -> None:
    found = problem(host)
    assert found is not None and why in found, found


@pytest.mark.parametrize("host", ["1.2.3.4", "example.com", "a1.b2", "0xa.example", "news.example.com"])
def test_other_hosts_are_taken(host: str) -> None:
    assert problem(host) is None
