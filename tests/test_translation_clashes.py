"""Two versions of an article in one language: its page lists one (a translation is one both ways, the first of each
language), and `validate` says which it leaves out (JD132, a warning), on the article whose page it is: never silent,
never said of a page that lists every version. Drawn graphs of translations among articles of which several share a
language, built and validated, the page's ``hreflang`` links held against the warnings."""

from __future__ import annotations

import json
import re
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
