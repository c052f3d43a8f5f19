"""Text that shows nothing is no text, whichever invisible characters make it: a title, a tag, a category or a site
title of only spaces, format characters (U+200B), Hangul fillers (U+3164), variation selectors or the Braille blank
is refused by `new-article` and `init` as one given nothing would be, exit 2, nothing written, and by `validate` in a
file; a summary of them is written as none, as it reads back; and each message names such a character by its
escape, never as a blank a reader cannot see."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG
from test_new_article_edges import EXISTING as EXISTING_TEXT
from test_new_article_edges import new_site, run, snapshot
from test_refused_together import empty_folder

# Characters no one sees: spaces, format characters (Cf) and the rest of Unicode's default-ignorable code points,
# the Braille blank, which shows as a space, and combining marks with no character to sit on.
NOTHING = [
    " ", "\u3000", "\u00a0", "\u200b", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u034f", "\u115f", "\u1160",
    "\u17b4", "\u17b5", "\u180b", "\u180f", "\u2800", "\u3164", "\ufe00", "\ufe0f", "\uffa0", "\U000e0041",
    "\U000e0100", "\U000e01ef", "\u0301", "\u20dd",
]  # fmt: skip  # the last two: combining marks, with nothing to sit on
INVISIBLE = st.lists(st.sampled_from(NOTHING), min_size=1, max_size=4).map("".join)
SHOWN_AS = {option: option for option in ("--tag", "--category", "--author")} | {"title": "TITLE"}


def seen(line: str) -> bool:
    """Whether every character of ``line`` is one a reader sees (an ASCII space aside)."""
    return all(c == " " or (c.isprintable() and c not in NOTHING and unicodedata.category(c) != "Cf") for c in line)


@settings(max_examples=40, deadline=None)
@given(field=st.sampled_from(sorted(SHOWN_AS)), value=INVISIBLE)
@example(field="title", value="\u3164")
@example(field="--tag", value="\u2800")
def test_a_name_that_shows_nothing_is_refused_and_named_by_its_escapes(field: str, value: str) -> None:
    args = ["--slug", "park-opens", "--", value] if field == "title" else [field, value, "--", "Park opens"]
    with new_site() as root:
        before = snapshot(root)
        result = run("new-article", *args)
        assert (result.exit_code, result.stdout) == (2, ""), result.output
        assert result.stderr.startswith(f"Error: {SHOWN_AS[field]}: expected "), result.stderr
        assert all(seen(line) for line in result.stderr.splitlines()), ascii(result.stderr)
        assert snapshot(root) == before


@settings(max_examples=20, deadline=None)
@given(summary=INVISIBLE)
@example(summary="\u3164\u200b")
def test_a_summary_that_shows_nothing_is_written_as_none_as_it_reads_back(summary: str) -> None:
    with new_site() as root:
        result = run("new-article", "--summary", summary, "Open day in Jiading")
        assert result.exit_code == 0, result.output
        text = Path(root, result.stdout.strip()).read_text(encoding="utf-8")
        assert yaml.safe_load(text.split("---\n")[1])["summary"] == ""


@settings(max_examples=20, deadline=None)
@given(title=INVISIBLE)
@example(title="\u3164")
def test_validate_refuses_a_title_that_shows_nothing(title: str) -> None:
    with new_site() as root:
        article = Path(root, "articles/en/2026/existing.md")
        escaped = "".join(f"\\U{ord(c):08x}" for c in title)  # in YAML's double quotes, as an editor may save it
        article.write_text(article.read_text(encoding="utf-8").replace("Open day", f'"{escaped}"', 1))
        result = run("validate", "--format", "json")
        assert result.exit_code == 1, result.output
        codes = [(p["code"], p["field"]) for p in json.loads(result.stdout)["problems"] if p["severity"] == "error"]
        assert codes == [("JD104", "title")]


@settings(max_examples=20, deadline=None)
@given(title=INVISIBLE)
def test_init_refuses_a_site_title_that_shows_nothing(title: str) -> None:
    with empty_folder() as root:
        result = run("init", "--yes", "--title", title, "site")
        assert (result.exit_code, result.stdout) == (2, ""), result.output
        assert result.stderr.startswith("Error: --title: expected "), result.stderr
        assert all(seen(line) for line in result.stderr.splitlines()), ascii(result.stderr)
        assert not Path(root, "site").exists()


SHARE = """
[facebook]
page_id = "1234"

[linkedin]
organization = "5678"

[email]
sender = "Newsroom <news@example.com>"
to = ["readers@example.com"]
smtp_host = "127.0.0.1"
"""

# The fields an article may leave empty, each with where a value goes: an empty one and one that shows nothing must
# be read alike, by validate (JD150, JD152, JD161, JD182 say it is missing) and by every output.
MAY_BE_EMPTY = {
    "summary": "summary: {value}\n",
    "image_alt": "image: https://example.com/park.png\nimage_alt: {value}\n",
    "share.facebook": "share: {{facebook: {value}}}\n",
    "share.linkedin": "share: {{linkedin: {value}}}\n",
    "share.email": "share: {{email: {value}}}\n",
    "share.x": "share: {{x: {value}}}\n",
    "share.weibo": "share: {{weibo: {value}}}\n",
    "tags": "tags: [{value}]\n",
    "authors": "authors: [{value}]\n",
    "body": "",
}


def _read_with(root: Path, field: str, value: str) -> tuple[list[tuple[str, str, str]], str]:
    """The problems validate finds with ``value`` in ``field`` and the share dry run's payloads, as JSON."""
    article = Path(root, "articles/en/2026/existing.md")
    quoted = '"' + "".join(f"\\U{ord(c):08x}" for c in value) + '"'  # in YAML's double quotes, as escapes
    front, _, _ = EXISTING_TEXT.rpartition("---\n")
    if field == "body":
        article.write_text(front + "---\n" + value + "\n", encoding="utf-8")
    else:
        front = front.replace("summary: Jiading's innovation park opens its doors to visitors for a day.\n", "")
        article.write_text(front + MAY_BE_EMPTY[field].format(value=quoted) + "---\nBody.\n", encoding="utf-8")
    result = run("validate", "--format", "json")
    problems = sorted((p["code"], p["field"], p["severity"]) for p in json.loads(result.stdout)["problems"])
    shared = run("share", "--json", "--network", "facebook", "--network", "linkedin", "--network", "email")
    return problems, shared.stdout


@settings(max_examples=30, deadline=None)
@given(field=st.sampled_from(sorted(MAY_BE_EMPTY)), value=INVISIBLE)
@example(field="image_alt", value="\u200b\u3164")
@example(field="share.facebook", value="\u200b")
@example(field="body", value="\u2800")
def test_a_field_that_shows_nothing_reads_as_one_left_empty(field: str, value: str) -> None:
    """``image_alt: "\\u200b"`` is no text alternative (JD161, and no ``alt`` that reads nothing in a page or a card),
    a share override of it is a post that says nothing (JD182), a body of it is no text (JD152): as empty ones."""
    with new_site() as root:
        Path(root, "jiading.toml").write_text(CONFIG + SHARE, encoding="utf-8")
        empty = _read_with(root, field, "")
        invisible = _read_with(root, field, value)
        if field == "body":  # a body is published as written: only what validate says of it is compared
            assert invisible[0] == empty[0]
        else:
            assert invisible == empty


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.sampled_from(["<!-- note -->", "<!-->", "&nbsp;", "&#x200b;", "&#12288;", " ", "\n", "\n\n", "\u200b"]),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["", "x", "`<!-- code -->`", "&amp;", "![a](https://example.com/a.png)", "&#x41;"]),
)
@example(["<!-- jiading: note to editors -->"], "")
@example(["&nbsp;"], "")
def test_a_body_of_only_comments_and_spaces_is_no_text(pieces: list[str], shown: str) -> None:
    """A body that is comments, which no output carries, and spaces, whichever way they are written, goes into the
    feeds as an empty item: JD152 says so, as for an empty body; one more thing shown and it says nothing."""
    with new_site() as root:
        article = Path(root, "articles/en/2026/existing.md")
        front = EXISTING_TEXT.rpartition("---\n")[0]
        article.write_text(front + "---\n" + "".join(pieces) + shown + "\n", encoding="utf-8")
        codes = [p["code"] for p in json.loads(run("validate", "--format", "json").stdout)["problems"]]
        assert ("JD152" in codes) == (shown == "")
