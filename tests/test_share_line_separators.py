"""Every character that breaks a line somewhere (LF, CR, U+0085, U+2028, U+2029, and the vertical tab and form
feed Python's `splitlines` breaks at) in an article's title, summary, authors, category or tags: `validate` refuses
the article (JD140, JD141, JD142, JD185), or its email and its share bar's mailto: link carry it where it breaks
nothing. The email's headers are the ones jiading writes, each on its line, read back as written (no `Bcc:` made
of a title), and the mailto: link is one URI of characters a URI takes, the character percent-encoded."""

from __future__ import annotations

import email
import html
import json
import re
from email import policy

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import CONFIG, Site, front

BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
FIELDS = ["title", "summary", "authors", "category", "tags"]
SUBJECTS = ["{title}", "{title} {summary}", "{summary}", "{category}: {title}", "{author}: {title}"]
HEADERS = {"From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Language"}
URI = re.compile(r"mailto:\?[A-Za-z0-9%._~=&-]*")


def _value(field: str, text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)  # one YAML double-quoted scalar, each break as its escape
    return f"[{quoted}]" if field in ("authors", "tags") else quoted


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(FIELDS),
    linebreak=st.sampled_from(BREAKS),
    subject=st.sampled_from(SUBJECTS),
)
@example(field="summary", linebreak="\u2029", subject="{title}")  # taken: the summary is no header's
@example(field="summary", linebreak="\u2028", subject="{category}: {title}")
def test_a_line_break_in_a_field_breaks_no_header_and_no_link(
    site: Site, field: str, linebreak: str, subject: str
) -> None:
    """(The config and the one article are written whole for each draw.)"""
    email_config = f'[email]\nsender = "N <n@example.com>"\nto = ["r@example.com"]\nsubject = "{subject}"\n'
    site.write("jiading.toml", CONFIG + email_config)
    text = f"Jiading opens a park{linebreak}Bcc: victim@example.org for chip firms and their staff"
    fields = {"category": "News", field: _value(field, text)}
    site.write("articles/a.md", front(**fields) + "Body.\n")
    if site.run("validate").exit_code != 0:
        return  # refused: nothing is sent or built
    shared = site.run("share", "--network", "email", "--out", "out", "articles/a.md")
    assert shared.exit_code == 0, shared.output
    (eml,) = (site.root / "out").rglob("email.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert set(message.keys()) == HEADERS, message.keys()
    assert "victim" not in str(message["To"]) and not any(c in str(message["Subject"]) for c in "".join(BREAKS))
    assert site.run("build").exit_code == 0
    (page,) = (site.root / "public").rglob("a/index.html")
    links = [html.unescape(link) for link in re.findall(r'href="(mailto:[^"]*)"', page.read_text(encoding="utf-8"))]
    assert links and all(URI.fullmatch(link) for link in links), links
