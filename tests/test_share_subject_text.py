"""An email's Subject reads back as the title it was made of, every space in its place: a title of another script
than ASCII is written as RFC 2047 encoded words with each of its spaces inside one, since the white space between
two encoded words is no part of the text and every reader drops it (Python's email package, folding a long
Chinese title, left spaces there: '嘉定 区 政府 …' arrived as '嘉定 区 政府 嘉定区 政府 …')."""

from __future__ import annotations

from email import message_from_bytes
from email import policy as policies
from email.header import decode_header, make_header
from email.message import EmailMessage

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site

EMAIL = '[email]\nsender = "Invest in Jiading <news@example.com>"\nto = ["reader@example.com"]\n'
TITLES = [
    "嘉定 区 政府 " * 12 + "end",
    "Jiading opens a new 新能源 汽车 park, with 集成 电路 start-ups and a 研发 centre for the 上海 region",
    "Jiading " + "é" * 80 + " news " + "word " * 30 + "end",
]


def read_back(data: bytes) -> str:
    """The Subject of the message ``data`` as a reader shows it: Python's parser, and RFC 2047's decoder alone."""
    parsed = message_from_bytes(data, policy=policies.default)
    raw = data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    (value,) = [line for line in raw.replace("\r\n ", " ").split("\r\n") if line.startswith("Subject: ")]
    decoded = str(make_header(decode_header(value.removeprefix("Subject: "))))
    assert str(parsed["Subject"]) == decoded
    return decoded


def test_a_long_title_of_another_script_arrives_as_written(site: Site) -> None:
    site.write("jiading.toml", CONFIG + EMAIL)
    for number, title in enumerate(TITLES):
        site.article(f"a{number}.md", title=f'"{title}"', id=f"urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a1{number}")
    result = site.run("share", "--network", "email", "--out", "sent")
    assert result.exit_code == 0, result.output
    for title in TITLES:
        assert f"(Subject reads: {title})" in result.output or f"  Subject: {title}\n" in result.output
    sent = sorted((site.root / "sent").rglob("*.eml"))
    assert sorted(read_back(path.read_bytes()) for path in sent) == sorted(TITLES)
    for path in sent:
        assert all(len(line) <= 78 for line in path.read_bytes().split(b"\r\n\r\n", 1)[0].split(b"\r\n"))


WORDS = st.text(st.sampled_from("嘉定区政府新能源汽车abcXYZ019éß👨‍👩‍👧,.!?;:()'\"&<>"), min_size=1, max_size=12)
SPACES = st.sampled_from([" ", "  ", " \u3000 "])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(WORDS, SPACES), min_size=1, max_size=30))
def test_a_drawn_subject_reads_back_as_written(pieces: list[tuple[str, str]]) -> None:
    """Words of any script and spaces between them: the message jiading's policy writes gives the Subject back,
    within lines of 78 characters."""
    from jiading_cli.share.mail import POLICY

    subject = "".join(word + space for word, space in pieces).strip(" ")
    msg = EmailMessage(policy=POLICY)
    msg["Subject"] = subject
    msg.set_content("x")
    data = msg.as_bytes(policy=POLICY)
    assert read_back(data) == subject
    assert all(len(line) <= 78 for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n"))
