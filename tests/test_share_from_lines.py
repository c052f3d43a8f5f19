"""No line of an email's body starts with ``From ``: a mailbox of the mbox format, where many servers deliver,
marks the start of a message so and writes such a line ``>From ``, and the reader of an article whose paragraph
starts "From the park" read ">From the park". A part with such a line is quoted-printable, its ``F`` written
``=46`` (RFC 2049, section 3), and so is such a line a quoted-printable soft line break starts."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes
from email import policy as policies

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site

EMAIL = '[email]\nsender = "Invest in Jiading <news@example.com>"\nto = ["reader@example.com"]\n'
BODY = "From the start, the park grew.\n\n    From the code block\n\nFrom here on, " + "a long line " * 20 + "\n"


def lines_of_body(data: bytes) -> list[bytes]:
    return data.partition(b"\r\n\r\n")[2].split(b"\r\n")


def parts(data: bytes) -> dict[str, str]:
    message = message_from_bytes(data, policy=policies.default)
    found = {part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()}
    return {kind: content.replace("\r\n", "\n") for kind, content in found.items()}


def test_an_article_whose_lines_start_from_is_sent_with_none_starting_so(site: Site) -> None:
    site.write("jiading.toml", CONFIG + EMAIL)
    site.article(title="From the park", body=BODY)
    result = site.run("share", "--network", "email", "--out", "sent")
    assert result.exit_code == 0, result.output
    (eml,) = (site.root / "sent").rglob("*.eml")
    data = eml.read_bytes()
    assert not [line for line in lines_of_body(data) if line.startswith(b"From ")]
    shown = parts(data)
    assert "\nFrom the start, the park grew.\n" in shown["text/plain"]
    assert "\n    From the code block\n" in shown["text/plain"]
    assert shown["text/plain"].startswith("From the park\n")
    assert "<p>From the start, the park grew.</p>" in shown["text/html"]


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> object:
    from jiading_cli.app.settings import load

    root = tmp_path_factory.mktemp("site")
    (root / "jiading.toml").write_text(CONFIG + EMAIL, encoding="utf-8")
    (root / "articles").mkdir()
    return load(root)


LINE = st.lists(st.sampled_from(["From ", "From", "abc ", "=", "é", "金", " ", "x" * 30]), max_size=12).map(
    lambda words: "".join(words).rstrip()
)


@settings(max_examples=100, deadline=None)
@given(text=st.lists(LINE, max_size=8).map("\n".join), html=st.lists(LINE, max_size=8).map("\n".join))
def test_a_drawn_message_has_no_line_starting_from_and_reads_back_as_made(config: object, text: str, html: str) -> None:
    """Lines of ``From ``, ``=`` and other characters, short and long enough to be cut by soft line breaks: the
    message's bytes hold no line starting ``From ``, and each part reads back as it was made."""
    from jiading_cli.share.mail import build

    mail = build(config, "urn:x", "Subject", "en", (text + "\n", html + "\n"), dt.datetime(2026, 1, 2, tzinfo=dt.UTC))  # type: ignore[arg-type]
    assert not [line for line in lines_of_body(mail.data) if line.startswith(b"From ")]
    shown = parts(mail.data)
    assert shown["text/plain"] == text + "\n" and shown["text/html"] == html + "\n"


def test_a_line_starting_from_is_written_with_its_f_encoded(config: object) -> None:
    from jiading_cli.share.mail import build

    mail = build(config, "urn:x", "Subject", "en", ("From x\n", "<p>y</p>\n"), dt.datetime(2026, 1, 2, tzinfo=dt.UTC))  # type: ignore[arg-type]
    assert b"\r\n=46rom x" in mail.data  # the part is quoted-printable, its F written =46
