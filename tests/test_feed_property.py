"""Any article `validate` accepts yields feeds every reader and schema accepts; any it rejects
never reaches a feed."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from feeds.checks import check_atom, check_json, check_rss
from jiading_cli.cli import app

CONFIG = '[site]\ntitle = "Invest in Jiading"\nbase_url = "https://news.example.com"\ntimezone = "Asia/Shanghai"\n'
IDS = ["urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10", "urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5"]
CHECKS = {"feed.xml": check_rss, "atom.xml": check_atom, "feed.json": check_json}

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
words = st.text("abc 金融<>&\"'\x07\t\n", max_size=12)
# Character references and entity names, which cmark decodes into the characters they name (a control character,
# a noncharacter, U+0000), in text, a link's title and an image's alt text.
REFERENCES = ["&#", "&#x", "&#X", ";", "0", "1", "7", "9", "b", "B", "e", "f", "F", "d", "&amp;", "&nbsp;", "&colon;"]
REFERENCES += ["&#1;", "&#x1b;", "&#x9b;", "&#128;", "&#xFFFE;", "&#xFDD0;", "&#x10FFFF;", "&#0;", "[", "](#", ")"]
REFERENCES += ["![", ' "', '"', " ", "\n", "abc"]
references = st.lists(st.sampled_from(REFERENCES), max_size=30).map("".join)
plain = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)


@st.composite
def article(draw: st.DrawFn, index: int) -> str:
    value = st.one_of(plain, text, words) if draw(st.booleans()) else plain  # wild or clean
    fields = {
        "id": IDS[index],
        "title": draw(value),
        "date": draw(st.sampled_from(["2017-07-03T18:00:00+08:00", "2018-01-01T00:00:00Z", "2017-07-03"])),
        "summary": draw(value),
        "tags": draw(st.lists(value, max_size=3)),
        "category": draw(st.one_of(st.none(), value)),
        "lang": draw(st.sampled_from(["en", "zh-CN", "zh-cn", "en", "en", "english"])),
        "slug": f"article-{index}",
    }
    body = draw(st.one_of(value, st.text("#*_[]()<>&!`\n abc金", max_size=60), references))
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n" + body


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=article(0), second=article(1))
@example(  # character references to control characters (C0 and C1): each is U+FFFD in the feeds
    first=f"---\nid: {IDS[0]}\ntitle: A\ndate: 2017-07-03\nlang: en\nslug: article-0\n---\n&#1; &#x1b; &#x9b;\n",
    second=f'---\nid: {IDS[1]}\ntitle: B\ndate: 2017-07-03\nlang: en\nslug: article-1\n---\n![&#x1b;](#x "&#x85;")\n',
)
def test_feeds_are_valid_or_the_build_refuses(first: str, second: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
        (root / "articles").mkdir()
        for name, source in (("a.md", first), ("b.md", second)):
            (root / "articles" / name).write_text(source, encoding="utf-8")
        runner = CliRunner()
        checked = runner.invoke(app, ["--config", str(root), "validate"])
        built = runner.invoke(app, ["--config", str(root), "feed", "build", "--now", "2026-01-01T00:00:00Z"])
        event("rejected" if checked.exit_code == 1 else "accepted")
        if checked.exit_code == 1:
            assert built.exit_code == 1, built.output
            assert not (root / "public").exists()
            return
        assert checked.exit_code == 0, checked.output
        assert built.exit_code == 0, built.output
        written = sorted(p for p in (root / "public").rglob("*") if p.name in CHECKS)
        assert len(written) >= 6
        for path in written:
            CHECKS[path.name](path.read_bytes())
        assert sorted(i["id"] for i in check_json((root / "public" / "feed.json").read_bytes())["items"]) == IDS
