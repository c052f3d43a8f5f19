"""Every URL a sitemap lists holds at most 2,048 characters, the sitemap protocol's limit (its schema's ``maxLength``).

An article's own URL was held to it (JD124), but not the news lists the sitemap lists beside it: under a long base
URL, a tag or category of a long name gave ``…/tags/{slug}/`` (and its older pages, ``page/2/``) a URL past the
limit, in a sitemap written without a word. The lists an article is on are held to it now, each with room for a
hash after its slug and for its older pages, and reported on the article's line for the field that names them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import front
from jiading_cli.cli import app
from test_clock_order import site as empty_site

LIMIT = 2048
WORD = st.text(alphabet="abcdefghij", min_size=1, max_size=100)


@contextmanager
def site(base: str, body: str) -> Iterator[Path]:
    with empty_site("UTC") as root:
        (root / "jiading.toml").write_text(f'[site]\ntitle = "T"\nbase_url = "{base}"\n', encoding="utf-8")
        (root / "articles" / "a.md").write_text(body, encoding="utf-8")
        yield root


def build() -> tuple[int, str]:
    result = CliRunner().invoke(app, ["build"], env={"JIADING_NOW": "2030-01-01T00:00:00Z", "JIADING_CONFIG": None})
    return result.exit_code, result.output


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    length=st.integers(min_value=1850, max_value=2030),
    tag=WORD,
    category=WORD,
    lang=st.sampled_from(["en", "zh-CN", "en-x-abcdefgh-abcdefgh"]),
)
@example(length=1960, tag="x" * 100, category="y" * 100, lang="en")
def test_a_site_that_builds_lists_no_url_past_the_limit_in_its_sitemap(
    length: int, tag: str, category: str, lang: str
) -> None:
    base = "https://news.example.com/" + "n" * (length - len("https://news.example.com/"))
    body = front(tags=f"[{tag}]", category=category, lang=lang, slug="a") + "Body.\n"
    with site(base, body) as root:
        status, said = build()
        if status == 0:
            sitemap = (root / "public" / "sitemap.xml").read_text(encoding="utf-8")
            locs = re.findall("<loc>(.*?)</loc>", sitemap)
            assert locs and max(map(len, locs)) <= LIMIT
        else:  # refused for a URL that is too long, on the line of the field that makes it, and nothing else
            lines = [line for line in said.splitlines() if " error " in line]
            assert lines and all(" error JD124 " in line for line in lines), said
            assert not (root / "public").exists()


def test_the_line_names_the_tag_whose_list_is_too_long() -> None:
    body = front(tags="[" + "x" * 80 + "]", slug="a") + "Body.\n"
    with site("https://news.example.com/" + "n" * 1930, body):
        status, said = build()
    assert status == 1
    assert re.search(
        r"articles/a\.md:\d+: error JD124 tags: expected the news list of tag 'x{80}' at a URL of at most 2,048 "
        r"characters with its older pages, got one of up to 2,\d{3}: https://news\.example\.com/n+…",
        said,
    ), said
