"""Two versions of an article in one language: its page lists one (a translation is one both ways, the first of each
language), and `validate` says which it leaves out (JD132, a warning), on the article whose page it is: never silent,
never said of a page that lists every version. Drawn graphs of translations among articles of which several share a
language, built and validated, the page's ``hreflang`` links held against the warnings."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html

from conftest import CONFIG, Site

LANGS = ("en", "en", "zh-CN", "zh-CN", "fr")
Graph = tuple[tuple[int, ...], ...]  # for each article, the articles it names
ID = "urn:uuid:00000000-0000-4000-8000-0000000002{n:02d}"
CLASH = re.compile(r"expected one version in '([^']+)', got (\S+)(?:, named here,)? and (\S+), which")


def _write(root: Path, graph: Graph) -> Graph:
    """The articles, each naming those of ``graph`` it can (one per language: a mapping's keys); what each names."""
    named = []
    for n, names in enumerate(graph):
        pairs = {LANGS[m]: ID.format(n=m) for m in sorted(names) if m != n}
        named.append(tuple(int(value[-2:]) for value in pairs.values()))
        translations = "".join(f"\n  {key}: {value}" for key, value in pairs.items()) or " {}"
        text = (
            f"---\nid: {ID.format(n=n)}\ntitle: Park {n}\ndate: 2021-05-{1 + n:02d}T09:30:00+08:00\n"
            f"summary: Park {n} opens in Jiading.\nlang: {LANGS[n]}\nslug: park-{n}\ntranslations:{translations}\n"
            f"---\nPark {n} opens.\n"
        )
        (root / "articles" / f"park-{n}.md").write_text(text, encoding="utf-8")
    return tuple(named)


def _page_versions(out: Path) -> dict[int, set[int]]:
    """Each article's number, and the numbers of the versions its page lists (``hreflang``, but x-default)."""
    found = {}
    for n in range(len(LANGS)):
        (page,) = out.rglob(f"park-{n}/index.html")
        links = html.fromstring(page.read_bytes()).xpath("//head/link[@rel='alternate'][@hreflang!='x-default']/@href")
        found[n] = {int(m) for link in links for m in re.findall(r"park-(\d+)/", link)} - {n}
    return found


GRAPHS = st.tuples(*(st.frozensets(st.integers(0, len(LANGS) - 1), max_size=3).map(tuple) for _ in LANGS))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(graph=GRAPHS)
def test_a_version_a_page_leaves_out_is_said_of_that_page_and_only_then(
    site: Site, graph: tuple[tuple[int, ...], ...]
) -> None:
    (site.root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    for old in (site.root / "articles").glob("*.md"):
        old.unlink()
    graph = _write(site.root, graph)
    built = site.run("build", "-q")
    assert built.exit_code == 0, built.output
    listed = _page_versions(site.root / "public")
    report = json.loads(site.run("validate", "--format", "json").output)
    said: dict[int, set[int]] = {n: set() for n in range(len(LANGS))}
    for problem in report["problems"]:
        found = CLASH.search(problem["message"])
        if problem["code"] == "JD132" and found:
            n = int(re.findall(r"park-(\d+)", problem["path"])[0])
            said[n] |= {int(re.findall(r"park-(\d+)", path)[0]) for path in found.groups()[1:]}
    for n in range(len(LANGS)):
        naming = {m for m, names in enumerate(graph) if n in names and m != n and LANGS[m] != LANGS[n]}
        left_out = naming - listed[n]
        assert bool(left_out) == bool(said[n]), (graph, n, listed[n], said[n])
        assert left_out <= said[n] and said[n] - left_out <= listed[n]  # names the one left out and the one listed


IDS = ["urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10", "tag:news.example.com,2026:café", "urn:x:Park"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(IDS), st.data())
def test_a_translation_naming_an_id_but_for_case_or_form_names_the_article_that_has_it(
    site: Site, written: str, data: st.DataObject
) -> None:
    """An id named in ``translations`` in other case or Unicode form than its article writes it is that article's id
    to JD121, so JD131 says which article has it and how it is written, never that no article has it."""
    flips = data.draw(st.lists(st.booleans(), min_size=len(written), max_size=len(written)))
    named = "".join(c.swapcase() if flip else c for c, flip in zip(written, flips, strict=True))
    named = unicodedata.normalize(data.draw(st.sampled_from(["NFC", "NFD"])), named)
    site.article("zh.md", id=f"'{written}'", lang="zh-CN", slug="zh")
    site.article(
        "en.md", id="urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5", slug="en", translations=f"{{zh-CN: '{named}'}}"
    )
    said = [line for line in site.run("validate").stdout.splitlines() if " JD131 " in line]
    if named == written:
        assert said == []
    else:
        assert said == [
            f"articles/en.md:7: error JD131 translations: expected the id of another article for 'zh-CN', got "
            f"{named!r} (articles/zh.md has it but for case or Unicode form, written {written!r}: write it so)"
        ]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lead=st.sampled_from(["", " ", "  ", "\t"]), trail=st.sampled_from(["", " ", "\t "]))
def test_a_translation_names_its_id_as_the_id_field_is_read(site: Site, lead: str, trail: str) -> None:
    """The spaces around an id are no part of it where it is written (``id: " urn:… "``) nor where a translation
    names it: the translation is found, never 'no article has it'."""
    target = "urn:uuid:7d4c2f0a-1e2b-4c3d-8e9f-a0b1c2d3e4f5"
    site.article("zh.md", id=f'"{trail}{target}{lead}"', lang="zh-CN", slug="zh")
    site.article("en.md", slug="en", translations=f'{{zh-CN: "{lead}{target}{trail}"}}')
    said = site.run("validate").stdout
    assert " JD131 " not in said and " JD132 " not in said, said
