"""Every structured header jiading writes (Message-ID, References, In-Reply-To, List-Unsubscribe,
List-Unsubscribe-Post, Content-Language) is written as the ASCII it is, folded only at the whitespace between its
items, never as RFC 2047 encoded words, which no reader decodes there (an encoded List-Unsubscribe breaks one-click
unsubscribe); a value that cannot be written so is refused: by the config check, with one line, or by the sender.
Reading a value into its items takes time linear in it, however its spaces run."""

from __future__ import annotations

import re
import time
from email import message_from_bytes
from email import policy as policies
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jiading_cli.share import headers
from jiading_cli.share.mail import POLICY
from share.sites import make_site

LONG = (
    "<https://news.example.com/unsubscribe?list=jiading-news-weekly-digest-with-a-very-long-query-string-0123456789>,"
    " <mailto:unsub@example.com?subject=unsubscribe>"
)

ATOM = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-._~%+"), min_size=1, max_size=60)
URI = st.one_of(
    st.builds("https://news.example.com/{}?list={}&x={}".format, ATOM, ATOM, ATOM),
    st.builds("mailto:{}@example.com?subject={}".format, ATOM, ATOM),
)
MSG_ID = st.builds("<{}@{}.example.com>".format, ATOM, ATOM)
SPACE = st.sampled_from([" ", "  ", "   "])
TAG = st.from_regex(r"[a-z]{2,3}(-[A-Z]{2})?(-x-[a-z0-9]{1,8}){0,6}", fullmatch=True)


def joined(items: st.SearchStrategy[str], separator: str, most: int = 8) -> st.SearchStrategy[str]:
    """Items with ``separator`` and some whitespace between them (none, one or more)."""
    pairs = st.lists(st.tuples(st.sampled_from(["", " ", "  "]), items), min_size=1, max_size=most)
    return pairs.map(lambda found: separator.join(space + item for space, item in found).strip(" "))


VALUES = {
    "Message-ID": MSG_ID,
    "References": st.lists(MSG_ID, min_size=1, max_size=12).flatmap(
        lambda ids: st.lists(SPACE, min_size=len(ids), max_size=len(ids)).map(
            lambda spaces: "".join(s + i for s, i in zip(spaces, ids, strict=True)).strip(" ")
        )
    ),
    "In-Reply-To": joined(MSG_ID, " ", 3),
    "List-Unsubscribe": joined(URI.map("<{}>".format), ","),
    "List-Unsubscribe-Post": st.just("List-Unsubscribe=One-Click"),
    "Content-Language": joined(TAG, ","),
}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def written(name: str, value: str) -> bytes:
    msg = EmailMessage(policy=POLICY)
    msg.set_content("x")  # before the header: setting the content drops every Content-* header
    msg[name] = value
    return msg.as_bytes(policy=POLICY)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
@pytest.mark.parametrize("name", headers.STRUCTURED)
def test_a_structured_header_reads_back_as_written_folded_only_between_items(name: str, data: st.DataObject) -> None:
    value = data.draw(VALUES[name])
    assert headers.problem(name, value) is None
    data_bytes = written(name, value)
    assert b"=?" not in data_bytes
    lines = data_bytes.split(b"\r\n\r\n")[0].decode("ascii").split("\r\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(name + ": "))
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "\t")), len(lines))
    for line in lines[start:end]:  # a line passes 78 characters only when it holds one item alone
        items = line.removeprefix(name + ": ").split()
        assert len(line) <= headers.LIMIT and (len(line) <= headers.WIDTH or len(items) == 1), line
    back = message_from_bytes(data_bytes, policy=policies.default)
    assert str(back[name]) == value


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(st.text(max_size=120), st.text(st.sampled_from("ab@.<> =?\té"), max_size=120)))
@example(value="<https://例子.测试/u>")
@example(value="<https://x/a b>")
@example(value="=?utf-8?q?x?=")
def test_a_value_is_taken_only_when_it_is_written_as_itself(value: str) -> None:
    if headers.problem("References", value) is not None:
        with pytest.raises(ValueError):
            written("References", value)
        return
    data_bytes = written("References", value)
    back = message_from_bytes(data_bytes, policy=policies.default)
    assert b"=?" not in data_bytes and str(back["References"]) == value


@pytest.mark.usefixtures("here")
def test_a_long_list_unsubscribe_is_folded_between_its_uris_in_the_eml(tmp_path: Path) -> None:
    site = make_site(tmp_path, email_extra=f'list_unsubscribe = "{LONG}"\nlist_unsubscribe_post = true')
    site.article()
    result = site.run("share", "--network", "email", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    [eml] = (tmp_path / "out").rglob("*.eml")
    data = eml.read_bytes()
    assert b"=?" not in data
    assert (
        b"List-Unsubscribe: <https://news.example.com/unsubscribe?list=jiading-news-weekly-digest-with-a-very-long-"
        b"query-string-0123456789>,\r\n <mailto:unsub@example.com?subject=unsubscribe>\r\n"
    ) in data
    back = message_from_bytes(data, policy=policies.default)
    assert back["List-Unsubscribe"] == LONG and back["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    shown = site.run("share", "--network", "email")
    assert f"  List-Unsubscribe: {LONG}\n" in shown.output


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("<https://例子.测试/unsubscribe>", "expected printable ASCII"),
        ("<https://news.example.com/un subscribe>", "expected one or more <URI> separated by commas"),
        ("https://news.example.com/unsubscribe", "expected one or more <URI> separated by commas"),
        ("<https://news.example.com/u>; <mailto:u@example.com>", "expected one or more <URI> separated by commas"),
        ("<https://news.example.com/" + "u" * 1000 + ">", "expected at most 998 characters on a line"),
    ],
)
@pytest.mark.usefixtures("here")
def test_a_list_unsubscribe_that_cannot_be_written_so_is_refused_in_one_line(
    tmp_path: Path, value: str, said: str
) -> None:
    site = make_site(tmp_path, email_extra=f'list_unsubscribe = "{value}"')
    site.article()
    result = site.run("share", "--network", "email")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "error JD002 email.list_unsubscribe: " + said in line


@pytest.mark.usefixtures("here")
def test_a_sender_whose_domain_makes_no_message_id_is_refused_in_one_line(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    config = (tmp_path / "jiading.toml").read_text(encoding="utf-8")
    domain = "a" * 970 + ".example.com"  # the sender within a line, its Message-ID longer
    (tmp_path / "jiading.toml").write_text(config.replace("news@example.com", f"news@{domain}"), encoding="utf-8")
    site.article()
    result = site.run("share", "--network", "email")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "error JD002 email.sender: expected at most 998 characters on a line" in line
    assert line.endswith("in the Message-ID made of its domain")


@pytest.mark.parametrize(
    "extra",
    [
        "",
        'list_unsubscribe = "<mailto:unsub@example.com>"',
        'list_unsubscribe = "<http://news.example.com/unsubscribe>, <mailto:unsub@example.com>"',
        'list_unsubscribe = "<https:>"',
    ],
)
@pytest.mark.parametrize("command", [("share", "--network", "email"), ("validate",), ("build",)])
@pytest.mark.usefixtures("here")
def test_one_click_unsubscribe_without_an_https_uri_is_a_config_error_naming_the_key(
    tmp_path: Path, extra: str, command: tuple[str, ...]
) -> None:
    site = make_site(tmp_path, email_extra=f"{extra}\nlist_unsubscribe_post = true")
    site.article()
    result = site.run(*command)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "error JD002 email.list_unsubscribe_post: expected email.list_unsubscribe to name an https URI" in line
    assert not (tmp_path / "public").exists()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(URI, st.builds("http://news.example.com/{}".format, ATOM)), max_size=4))
def test_one_click_unsubscribe_is_written_exactly_when_an_https_uri_is_there(uris: list[str]) -> None:
    """The config check and the message builder hold List-Unsubscribe-Post to one predicate: a message that has
    it has an https URI in its List-Unsubscribe, and a config that passes makes a message that has it."""
    from jiading_cli.share.email import NETWORK, EmailSection

    value = ", ".join(f"<{uri}>" for uri in uris) or None
    section = EmailSection(sender="news@example.com", to=("a@example.com",), list_unsubscribe=value,
                           list_unsubscribe_post=True)  # fmt: skip
    said = [finding for finding in NETWORK.check(section) if finding.key == "email.list_unsubscribe_post"]
    assert bool(said) != any(uri.startswith("https://") for uri in uris)


# The items as they were read, from every space of a run again: the same items, in time the square of a run.
OLD_ITEM = re.compile(r" *(?:<[^<>\s]*>|[^\s<>])+")


@given(st.text(st.sampled_from("a< >\t,"), max_size=40))
def test_a_value_is_cut_into_the_items_it_was_cut_into(value: str) -> None:
    assert headers._ITEM.findall(value) == OLD_ITEM.findall(value)


def _cost(value: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        headers.problem("References", value)
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize("run", [" ", "  x", " <", "a "])
def test_a_value_is_read_in_time_linear_in_it(run: str) -> None:
    small, large = (_cost("<a>" + run * n + "<") for n in (4000, 32_000))
    assert large < 24 * small + 0.05, f"{run!r}: {small:.3f} s at n, {large:.3f} s at 8n"


SUBJECT_TEXTS = ["A\tB", "A =?utf-8?q?x?= B", "A\x85B", "A\u2028B", "A\x7fB", "A\x99B", "A\u202eB", "A\x00B", "A B"]


@pytest.mark.parametrize("value", SUBJECT_TEXTS)
@pytest.mark.parametrize("key", ["site.title", "email.site_titles", "email.digest_subject"])
def test_a_text_a_digest_subject_is_made_of_is_refused_by_the_config_check_or_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, value: str
) -> None:
    """What makes a digest's subject is held, by the config check, to the sender's own predicate
    (``headers.header_problem``): a site.title or an email.site_titles title with a tab or '=?' passed, and every
    digest failed at send time with 'Error: subject: expected plain text for an email header, …', naming no file,
    line or key (and with '{site}' in email.subject, each article was JD185 on its own title)."""
    monkeypatch.chdir(tmp_path)
    escaped = value.encode("unicode_escape").decode("ascii").replace("\\x", "\\u00")
    written = {
        "email.site_titles": f'site_titles = {{en = "{escaped}"}}',
        "email.digest_subject": f'digest_subject = "{escaped}"',
    }
    site = make_site(tmp_path, email_extra=written.get(key, 'subject = "{site}: {title}"'))
    if key == "site.title":
        config = tmp_path / "jiading.toml"
        config.write_text(config.read_text().replace('"Invest in Jiading"', f'"{escaped}"', 1))
    site.article()
    for args in (["validate"], ["share", "--digest", "--since", "2017-07-01"]):
        result = site.run(*args)
        assert result.exit_code == (0 if headers.header_problem(value) is None else 2) or result.exit_code == 2
        if result.exit_code:  # the value named by its key and line, whatever else refuses it (JD006: U+202E)
            assert re.match(
                rf"Error: jiading\.toml:\d+: error JD00\d {re.escape(key)}(\.en)?: expected ", result.output
            )
