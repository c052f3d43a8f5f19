"""Every `JD160` (the image) and `JD170` (the canonical URL) says why the value is refused.

`image: "?v=1"` was `expected an existing file or an https URL, got '?v=1'` and nothing more: the writer could not
tell what was wrong with it (a query alone names neither a file nor a host). Values are drawn from heads (schemes,
`//`, `/`, `?`, `#`, a drive) and tails (hosts, paths, spaces, files that are there or not); whatever is refused
is refused with its reason after the value.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import front
from jiading_cli.cli import app
from test_clock_order import IDS, site

HEADS = [
    "", "https:", "https://", "http://", "HTTP://", "ftp://", "mailto:", "tel:", "data:", "x:", "C:\\", "c:/", "//",
    "/", "?", "#", "./", "../", "https:///", "file:///",
]  # fmt: skip
TAILS = [
    "", "v=1", "e.com", "e.com/a.png", "a.png", "there.png", "a b.png", "a\tb.png", "u@e.com/a.png", "[x/a.png",
    "e.com:99999/a", "a#b#c", "a%zz.png", "en/a.png", "images/",
]  # fmt: skip
REFUSED = re.compile(r"articles/a([0-9])\.md:([0-9]+): error (JD160 image|JD170 canonical_url): (.*)")


def run(*args: str) -> tuple[int, str]:
    now = dt.datetime(2030, 1, 1, tzinfo=dt.UTC).isoformat()
    result = CliRunner().invoke(app, list(args), env={"JIADING_NOW": now, "JIADING_CONFIG": None})
    return result.exit_code, result.stdout


values = st.builds(lambda head, tail: head + tail, st.sampled_from(HEADS), st.sampled_from(TAILS))


@settings(max_examples=30)
@given(st.lists(values, min_size=1, max_size=5))
def test_each_refused_image_and_canonical_url_says_why(drawn: list[str]) -> None:
    with site("UTC") as root:
        (root / "articles" / "there.png").write_bytes(PNG)
        (root / "articles" / "images").mkdir()
        for number, value in enumerate(drawn):
            quoted = '"' + value.replace("\\", "\\\\").replace("\t", "\\t") + '"'
            fields = front(id=IDS[number], slug=f"a{number}", image=quoted, image_alt="A plan", canonical_url=quoted)
            (root / "articles" / f"a{number}.md").write_text(fields + "Body.\n", encoding="utf-8")
        _, said = run("validate")
    for line in said.splitlines():
        found = REFUSED.fullmatch(line)
        if found is None:
            continue
        message = found[4]
        assert message.startswith("expected "), line
        value = drawn[int(found[1])]
        written = repr(value)
        assert f"got {written}" in message, line
        why = message.split(f"got {written}", 1)[1]
        assert len(why.split()) >= 3, line  # what is wrong with it, after the value: never the value alone


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
