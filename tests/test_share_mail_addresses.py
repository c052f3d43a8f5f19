"""An address of ``email.to`` (or ``site.email``) is a plain addr-spec — a dot-atom or quoted local part, "@", a
domain — taken only when Python's email parser reads it back as exactly that one address; ``email.to`` holds each
mailbox once, compared as mailboxes. A value read as another address (``a:evil@attacker.example`` is a group whose
member is evil@attacker.example), the same one again (``(dup)readers@example.com``) or two (``a,b@example.com``)
is refused by the config check, never sent elsewhere, twice, or failed at send time. The parser, whose time grows as
the square of a value's length, is never handed more than a message's line."""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
from email import message_from_bytes
from email import policy as policies
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jiading_cli.model import mailboxes
from jiading_cli.model.kinds import Expected
from jiading_cli.model.mailboxes import EMAIL, LINE, email_address, email_list, mailbox, mailbox_key
from jiading_cli.share.mail import POLICY, address, to_header
from jiading_cli.share.request import ShareError

PIECES = st.sampled_from(
    ["a", "b.c", '"x y"', '"q\\"r"', ":", ",", "(c)", "<", ">", ";", " ", "@", ".", '"', "\\", "example.com"]
)
VALUES = st.one_of(
    st.from_regex(EMAIL, fullmatch=True),
    st.lists(st.one_of(PIECES, st.sampled_from(["evil@attacker.example", "@Example.COM", "[1.2.3.4]"]))).map("".join),
    st.text(max_size=30),
)


@pytest.mark.parametrize(
    "value",
    ["a:evil@attacker.example", "(dup)readers@example.com", "readers(x)@example.com", "a,b@example.com",
     "a@b@example.com", "<a@example.com>", "a@example.com;", '"ab"@example.com', "a..b@example.com"],
)  # fmt: skip
def test_a_value_read_as_another_address_is_refused(value: str) -> None:
    with pytest.raises(Expected):
        email_address(value)
    with pytest.raises(Expected):
        email_list(["readers@example.com", value])


def test_a_mailbox_is_listed_once_however_it_is_written() -> None:
    for twice in (["a@example.com", "A@Example.COM"], ['"a b"@example.com', '"A B"@EXAMPLE.com']):
        with pytest.raises(Expected, match="each address once"):
            email_list(twice)


@settings(max_examples=300, deadline=None)
@given(value=VALUES)
@example(value='"a b"@example.com')
@example(value='"<"@0.AA')  # a '<' inside quotes is text: the header writer once read it as an unclosed <…>
@example(value='"a <b> c"@example.com')
@example(value="a:evil@attacker.example")
def test_every_address_taken_goes_to_exactly_itself_in_the_header_and_the_envelope(value: str) -> None:
    try:
        taken = email_address(value)
    except Expected:
        return
    assert taken == value.strip()
    if not taken.isascii():
        return  # the share check refuses it: SMTP without SMTPUTF8 cannot carry it
    found = address("email.to", taken)
    assert found.addr_spec == taken  # what RCPT TO:<…> carries
    message = EmailMessage(policy=POLICY)
    message["To"] = to_header((found,))
    message.set_content("x")
    parsed = message_from_bytes(message.as_bytes(policy=POLICY), policy=policies.default)
    assert [each.addr_spec for each in parsed["To"].addresses] == [taken]
    assert mailbox(f"News <{taken}>") == f"News <{taken}>"


# Runs the parser reads slowly (the square of their length) and ones it reads at once, each long past a line.
LONG = ["#a x ", "\\\\x ", "- x ", "a.", '"', "(", "<", "a@", ",", "a "]


@pytest.mark.parametrize("run", LONG)
def test_the_email_parser_is_never_handed_more_than_a_line(run: str, monkeypatch: pytest.MonkeyPatch) -> None:
    lengths: list[int] = []
    factory = policies.default.header_factory

    def counted(name: str, value: str) -> Any:
        lengths.append(len(value))
        return factory(name, value)

    monkeypatch.setattr(mailboxes, "_parsed", lambda value: counted("To", value))
    for size in (LINE - 40, LINE + 1, 100 * LINE):
        value = (run * size)[:size].strip() or "x"
        value = value + "@example.com" if len(value) + 12 <= size else value
        for check in (email_address, mailbox, lambda v: email_list([v])):
            with contextlib.suppress(Expected):
                check(value)
        mailbox_key(value)
        with pytest.raises(ShareError):
            address("email.sender", value + " x" * LINE)
    assert lengths and max(lengths) <= LINE
    assert any(length > LINE - 80 for length in lengths)  # a value up to a line is still read


def test_an_address_a_line_long_is_read_and_one_longer_is_not() -> None:
    local = "a" * 64
    domain = ".".join(["b" * 60] * 16)[: LINE - 64 - 1 - 4] + ".com"
    taken = f"{local}@{domain}"
    assert len(taken) <= LINE and mailboxes.read_back(taken) is not None
    assert mailboxes.read_back(taken + "m" * (LINE - len(taken) + 1)) is None


LOADED = """
import os, sys
leave = os._exit
def report(code):
    print(sorted(name for name in sys.modules if name == "email" or name.startswith("email.")))
    sys.stdout.flush()
    leave(code)
os._exit = report
sys.argv = ["jiading", "validate", "-q"]
from jiading_cli.entry import main
main()
"""


def test_a_site_that_names_no_address_never_loads_the_email_package(tmp_path: Path) -> None:
    """Python's email package costs every command's start-up: it is loaded when an address or a message is read,
    and a site whose config names none validates without it."""
    site = tmp_path / "site"
    made = subprocess.run([sys.executable, "-m", "jiading_cli", "init", str(site), "--yes"], capture_output=True)
    assert made.returncode == 0, made.stderr
    found = subprocess.run([sys.executable, "-c", LOADED], cwd=site, capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip().splitlines()[-1] == "[]"
    config = site / "jiading.toml"
    config.write_text(config.read_text().replace("# sender =", 'sender = "News <news@example.com>"', 1))
    found = subprocess.run([sys.executable, "-c", LOADED], cwd=site, capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert "email.headerregistry" in found.stdout  # an address named: read as the parser reads it


LOCALS = st.one_of(
    st.from_regex(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,20}(\.[a-z0-9]{1,9})?", fullmatch=True),
    st.sampled_from(['"a b"', '"q\\"r"', '"a  b c"']),
)
TAKEN = st.builds("{}@{}".format, LOCALS, st.sampled_from(["example.com", "Mail.Example.ORG", "x-y.co"]))


@settings(max_examples=40, deadline=None)
@given(drawn=st.lists(TAKEN, min_size=1, max_size=12))
def test_a_list_of_recipients_shows_no_reader_another_s_address(drawn: list[str]) -> None:
    """One recipient (a mailing list) reads back as itself; more are a group of none, each only in the envelope."""
    try:
        taken = list(dict.fromkeys(email_list(drawn)))
    except Expected:
        return
    message = EmailMessage(policy=POLICY)
    message["To"] = to_header([address("email.to", each) for each in taken])
    message.set_content("x")
    data = message.as_bytes(policy=POLICY)
    back = message_from_bytes(data, policy=policies.default)
    if len(taken) == 1:
        assert [each.addr_spec for each in back["To"].addresses] == taken
    else:
        assert back["To"] == "undisclosed-recipients:;" and back["To"].addresses == ()
        assert not any(each.encode() in data for each in taken)


def test_the_email_parser_is_never_handed_the_list_of_recipients_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its time grows as the square of a value's length: 16,000 recipients, each read alone in no time, took a minute
    as one To header. Each is read back alone, and the header is written of them."""
    from email import headerregistry

    from share.sites import make_site

    lengths: list[int] = []
    for kind in (headerregistry.UnstructuredHeader, headerregistry.AddressHeader):
        parse = kind.value_parser

        def counted(value: str, parse: Any = parse) -> Any:
            lengths.append(len(value))
            return parse(value)

        monkeypatch.setattr(kind, "value_parser", staticmethod(counted))
    monkeypatch.chdir(tmp_path)
    readers = [f"reader.{number}@example.com" for number in range(300)]
    site = make_site(tmp_path)
    config = tmp_path / "jiading.toml"
    config.write_text(config.read_text().replace('"readers@example.com"', ", ".join(f'"{r}"' for r in readers)))
    site.article()
    result = site.run("share", "--network", "email", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert lengths and max(lengths) <= LINE
    [eml] = (tmp_path / "out").rglob("*.eml")
    head = eml.read_bytes().split(b"\r\n\r\n")[0].decode("ascii").replace("\r\n ", " ")
    [to] = [line.removeprefix("To: ") for line in head.split("\r\n") if line.startswith("To: ")]
    assert to == "undisclosed-recipients:;"  # each reader only in the envelope


# Top-level domains of other scripts, as DNS and every mail server know them: their ASCII (xn--) form.
IDN_TOPS = ["xn--p1ai", "xn--fiqs8s", "xn--0zwm56d", "xn--mgbaam7a8h", "XN--J6W193G", "xn--3e0b707e"]


@pytest.mark.parametrize("top", IDN_TOPS)
def test_an_address_at_an_internationalised_top_level_domain_is_taken(top: str, tmp_path: Path) -> None:
    """A domain's last label was taken of letters only: 'readers@xn--fsqu00a.xn--0zwm56d' (例子.测试 as mail
    servers know it) was refused as no address, in email.to, email.sender and site.email alike."""
    from share.sites import make_site

    taken = f"readers@news.{top}"
    assert email_address(taken) == taken and email_list([taken, f"b@a.{top}"]) == (taken, f"b@a.{top}")
    assert mailbox(f"News <{taken}>") == f"News <{taken}>"
    site = make_site(tmp_path)
    config = tmp_path / "jiading.toml"
    config.write_text(config.read_text().replace('"readers@example.com"', f'"{taken}"'))
    site.article()
    with contextlib.chdir(tmp_path):
        result = site.run("share", "--network", "email")
    assert result.exit_code == 0, result.output
    assert f"  To: {taken}\n" in result.output


@pytest.mark.parametrize(
    ("domain", "written"),
    [("例子.测试", "xn--fsqu00a.xn--0zwm56d"), ("bücher.de", "xn--bcher-kva.de"),
     ("пример.рф", "xn--e1afmkfd.xn--p1ai")],
)  # fmt: skip
def test_a_domain_beyond_ascii_is_refused_naming_its_ascii_form(domain: str, written: str) -> None:
    for check, value in ((email_address, f"b@{domain}"), (mailbox, f"News <b@{domain}>")):
        with pytest.raises(Expected) as refused:
            check(value)
        assert refused.value.expected == (
            f"its domain in ASCII, as 'b@{written}' (an internationalised domain in its xn-- form)"
        )
        assert email_address(f"b@{written}") == f"b@{written}"
    for outside in ("b@1.2.3.4", "b@example.c0m", "b@example.-xn--p1ai", "b@example.xn--"):
        with pytest.raises(Expected):
            email_address(outside)


_ONE_CLASS = re.compile(  # the addr-spec pattern with its atext as one class, ASCII and beyond together
    mailboxes.EMAIL.pattern.replace(mailboxes._ATEXT, r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]")
)


@given(st.text(st.sampled_from(list('aZ9.!#-_~@"\\ (x)é中\U0001f600\x7f\x80:<>[]')) | st.characters(), max_size=24))
def test_an_address_is_one_whose_atext_is_read_as_one_class(value: str) -> None:
    """The addr-spec's atext is written as two classes (one compiles in a tenth of the time): the same addresses."""
    assert bool(mailboxes.EMAIL.fullmatch(value)) == bool(_ONE_CLASS.fullmatch(value))
    for written in (f"{value}@example.com", f"news.{value}@xn--fiqs8s.example.cn"):
        assert bool(mailboxes.EMAIL.fullmatch(written)) == bool(_ONE_CLASS.fullmatch(written))
