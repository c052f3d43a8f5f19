"""What `jiading new-article` is given is what `jiading build` publishes: the title, the summary, the tags and the
category read back from the JSON feed exactly as the new file's front matter holds them, and as they were given
(a tag once as the site groups tags, in its first spelling), whatever YAML makes of their characters."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from test_new_article_edges import new_site, run

# What YAML reads as something else unless quoted, and what a feed or page must carry as text.
SPECIAL = [
    "yes", "no", "on", "off", "null", "~", "true", "2026-01-01", "12:30", "0x1F", "1e3", ".inf", "#", "a #b", ": x",
    "a: b", "- x", "-x", "@x", "`x`", "%x", "!x", "&x", "*x", "|", ">", "'", '"', "? x", "[a]", "{a}", "<b>", "&amp;",
    "a  b", "C++", "C#", "Park", "park", "ＰＡＲＫ", "PARK ", "café", "cafe\u0301", "中文", "مرحبا", "😀", "x\u200dy",
]  # fmt: skip
WORDS = st.lists(st.sampled_from(SPECIAL) | st.text("ab Z-", min_size=1, max_size=4), min_size=1, max_size=3)
TEXT = WORDS.map(" ".join).filter(lambda text: bool(text.strip()) and not text.startswith("-"))
TAG = st.sampled_from(SPECIAL).filter(lambda tag: "," not in tag)


def grouped(tags: list[str]) -> list[str]:
    """``tags`` each once as the site groups tags (case, width and spaces aside), in its first spelling."""
    once: dict[str, str] = {}
    for tag in (tag.strip() for tag in tags):
        once.setdefault(" ".join(unicodedata.normalize("NFKC", tag).casefold().split()), tag)
    return list(once.values())


@settings(max_examples=25, deadline=None)
@given(title=TEXT, summary=TEXT, tags=st.lists(TAG, max_size=4), category=st.none() | TAG)
@example(title="yes", summary="null", tags=["Park", "park", "ＰＡＲＫ"], category="~")
@example(title="2026-01-01", summary="a: b # c", tags=["café", "cafe\u0301", "C++", "C#"], category=None)
def test_what_new_article_is_given_the_build_publishes(
    title: str, summary: str, tags: list[str], category: str | None
) -> None:
    options = [part for tag in tags for part in ("--tag", tag)] + (["--category", category] if category else [])
    with new_site() as root:
        made = run(
            "new-article",
            "--publish",
            "--date",
            "2026-11-26",
            "--slug",
            "drawn",
            "--summary",
            summary,
            *options,
            "--",
            title,
        )
        assert made.exit_code == 0, made.output
        text = Path(root, made.stdout.strip()).read_text(encoding="utf-8")
        front = yaml.safe_load(text.removeprefix("---\n").split("\n---\n", 1)[0])
        assert run("build").exit_code == 0
        feed = json.loads(Path(root, "public/feed.json").read_text(encoding="utf-8"))
    item = next(item for item in feed["items"] if item["id"] == front["id"])
    assert (front["title"], item["title"]) == (title.strip(), title.strip())
    assert (front["summary"], item["summary"]) == (summary.strip(), summary.strip())
    assert front["tags"] == grouped(tags)
    assert front["category"] == (category.strip() if category else None)
    assert item.get("tags", []) == grouped([*([category] if category else []), *front["tags"]])
    assert all(not re.search(r"[\x00-\x1f]", tag) for tag in item.get("tags", []))
