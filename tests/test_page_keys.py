"""Which pages `jiading build` makes again: each page whose inputs changed, and no other.

Every test builds the sample site, changes one input, builds again, and checks what a reader sees: the
page that shows the input changed, the output is byte for byte a cold build's, and every file whose bytes
did not change kept its mtime.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from conftest import settle
from pages.sample import png, run

EN_PAGE = "en/news/2017/07/financial-industry-to-boost-jiading/index.html"
ZH_PAGE = "zh-cn/news/2017/07/jin-rong-ye-zhu-li-jia-ding/index.html"
PARK_PAGE = "en/news/2016/05/innovation-park/index.html"
EN_SLUG, ZH_SLUG, PARK_SLUG = "financial-industry-to-boost-jiading", "jin-rong-ye-zhu-li-jia-ding", "innovation-park"
SHOWS_TITLES = """\
{% extends "base.html" %}
{% block main %}{% for other in head.alternates %}<p class="version">{{ other.title }}</p>{% endfor %}
{{ article.body }}{% endblock %}
"""
BASE = "pages-" + "?" * 16 + ".pickle"  # the page store's base, not its changes


def _files(folder: Path) -> dict[str, tuple[bytes, int]]:
    found = (p for p in sorted(folder.rglob("*")) if p.is_file())
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in found}


class Rebuilt:
    """A site built, changed by ``change``, and built again: what changed, and which pages were made."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Path], object]) -> None:
        from jiading_cli.pages import build

        settle(root)
        assert run(root, "build").exit_code == 0
        self.before = _files(root / "public")
        self.made: list[str] = []  # the articles whose pages were made, by slug
        self.lists: list[str] = []  # the list pages made, by folder
        making, listing = build.article_context, build.ListPage.render

        def article_made(pages: Any, article: Any, *rest: Any) -> Any:
            self.made.append(article.slug)
            return making(pages, article, *rest)

        def sheet_made(page: Any, sheet: Any, *rest: Any) -> str:
            self.lists.append(sheet.folder)
            return listing(page, sheet, *rest)

        with monkeypatch.context() as patched:
            patched.setattr(build, "article_context", article_made)
            patched.setattr(build.ListPage, "render", sheet_made)
            change(root)
            result = run(root, "build")
        assert result.exit_code == 0, result.output
        self.after = _files(root / "public")
        assert run(root, "build", "--out", "cold").exit_code == 0
        cold = _files(root / "cold")
        assert {p: data for p, (data, _) in self.after.items()} == {p: data for p, (data, _) in cold.items()}
        self.changed = {p for p in self.after if self.before.get(p, (None,))[0] != self.after[p][0]}
        for path in set(self.after) - self.changed:
            assert self.after[path][1] == self.before[path][1], f"{path}: rewritten with the same bytes"

    def page(self, path: str) -> html.HtmlElement:
        return html.fromstring(self.after[path][0])


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    from pages.sample import make

    return make(tmp_path)


def test_a_build_with_nothing_changed_makes_no_page(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    park = site / "articles/en/2016/park.md"
    rebuilt = Rebuilt(site, monkeypatch, lambda root: park.write_bytes(park.read_bytes()))  # only its mtime is new
    assert rebuilt.made == rebuilt.lists == []
    assert rebuilt.changed == set()


def test_an_image_read_as_just_changed_and_then_as_settled_makes_no_page(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jiading_cli.pages import reuse

    park = site / "articles/en/2016/park.md"
    monkeypatch.setattr(reuse, "RACY_NS", 10**18)  # the first build sees every file as changed a moment ago

    def settled(root: Path) -> None:
        monkeypatch.setattr(reuse, "RACY_NS", 0)  # the next sees each as settled, as a later build would
        park.write_bytes(park.read_bytes())

    rebuilt = Rebuilt(site, monkeypatch, settled)
    assert rebuilt.made == rebuilt.lists == []
    assert rebuilt.changed == set()


def test_a_translation_s_new_title_reaches_the_page_that_shows_it(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "templates").mkdir()
    (site / "templates/article.html").write_text(SHOWS_TITLES, encoding="utf-8")
    zh = site / "articles/zh-cn/2017/finance.md"
    rebuilt = Rebuilt(
        site, monkeypatch, lambda root: _edit(zh, "title: 金融业助力嘉定发展", "title: 金融业推动嘉定发展")
    )
    assert "金融业推动嘉定发展" in rebuilt.page(EN_PAGE).xpath("//p[@class='version']/text()")
    assert {EN_PAGE, ZH_PAGE} <= rebuilt.changed
    assert EN_SLUG in rebuilt.made and PARK_SLUG not in rebuilt.made


def test_a_translation_s_new_slug_moves_the_link_to_it(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zh = site / "articles/zh-cn/2017/finance.md"
    rebuilt = Rebuilt(site, monkeypatch, lambda root: _edit(zh, "slug: jin-rong-ye-zhu-li-jia-ding", "slug: jin-rong"))
    links = rebuilt.page(EN_PAGE).xpath("//p[@class='translations']/a/@href")
    assert links == ["/zh-cn/news/2017/07/jin-rong/"]
    assert sorted(rebuilt.made) == [EN_SLUG, "jin-rong"]


def test_a_translation_made_a_draft_is_no_longer_linked(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zh = site / "articles/zh-cn/2017/finance.md"
    rebuilt = Rebuilt(site, monkeypatch, lambda root: _edit(zh, "lang: zh-CN\n", "lang: zh-CN\ndraft: true\n"))
    assert rebuilt.page(EN_PAGE).xpath("//p[@class='translations']") == []
    assert ZH_PAGE not in rebuilt.after
    assert PARK_PAGE in rebuilt.changed  # the site has one language left: no languages in the navigation


def test_a_renamed_category_is_linked_and_listed_under_its_new_name(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    en = site / "articles/en/2017/finance.md"
    rebuilt = Rebuilt(site, monkeypatch, lambda root: _edit(en, "category: News", "category: Business"))
    assert rebuilt.page(EN_PAGE).xpath("//a[@href='/categories/business/']")
    assert "categories/business/index.html" in rebuilt.after
    listed = rebuilt.page("categories/news/index.html")
    for hidden in listed.xpath("//*[contains(concat(' ', @class, ' '), ' visually-hidden ')]"):
        hidden.drop_tree()  # "Read more: <title>", the link's name for a screen reader: the title shown once
    assert listed.xpath("string(//main)").count("innovation park") == 1
    assert PARK_SLUG not in rebuilt.made and ZH_SLUG not in rebuilt.made


def test_a_tag_whose_folder_an_older_spelling_takes_moves_the_link(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = site / "articles/en/2016/park.md"

    def older_spelling(root: Path) -> None:
        _edit(old, "tags: [innovation]", "tags: [innovation, finance!]")

    rebuilt = Rebuilt(site, monkeypatch, older_spelling)
    tags = rebuilt.page(EN_PAGE).xpath("//a[starts-with(@href, '/tags/finance')]/@href")
    assert len(tags) == 1 and tags[0] != "/tags/finance/"  # the older article's spelling has the plain folder
    assert rebuilt.page(PARK_PAGE).xpath("//a[@href='/tags/finance/']")
    assert EN_SLUG in rebuilt.made and ZH_SLUG not in rebuilt.made


def test_an_image_replaced_on_disk_gives_the_page_its_new_size(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def width(rebuilt_files: dict[str, tuple[bytes, int]]) -> list[str]:
        return list(html.fromstring(rebuilt_files[EN_PAGE][0]).xpath("//meta[@property='og:image:width']/@content"))

    bigger = "a much longer text gives a larger QR code, hence a larger image, " * 3
    rebuilt = Rebuilt(site, monkeypatch, lambda root: png(root / "articles/en/2017/signing.png", bigger))
    assert width(rebuilt.after) != width(rebuilt.before)
    assert {EN_PAGE, "en/2017/signing.png"} <= rebuilt.changed
    assert PARK_SLUG not in rebuilt.made and ZH_SLUG not in rebuilt.made


def test_a_changed_template_remakes_the_pages_it_shapes(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "templates").mkdir()

    def new_template(root: Path) -> None:
        (root / "templates/article.html").write_text(SHOWS_TITLES, encoding="utf-8")

    rebuilt = Rebuilt(site, monkeypatch, new_template)
    assert rebuilt.page(PARK_PAGE).xpath("//p[@class='version']") == []
    assert {EN_PAGE, ZH_PAGE, PARK_PAGE} <= rebuilt.changed
    assert "index.html" not in rebuilt.changed


def test_a_changed_config_remakes_every_page(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = site / "jiading.toml"
    rebuilt = Rebuilt(site, monkeypatch, lambda root: _edit(config, 'title = "Invest in Jiading"', 'title = "Jiading"'))
    pages = {p for p in rebuilt.after if p.endswith(".html")}
    assert pages <= rebuilt.changed
    assert rebuilt.page(PARK_PAGE).xpath("string(//title)") == "A new innovation park opens | Jiading"


def test_another_version_of_jiading_makes_every_page_again(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jiading_cli.incremental import keys

    environment = keys.environment()

    def upgraded(root: Path) -> None:
        monkeypatch.setattr(keys, "environment", lambda: environment + b"\0another version")

    rebuilt = Rebuilt(site, monkeypatch, upgraded)
    assert sorted(rebuilt.made) == [EN_SLUG, PARK_SLUG, ZH_SLUG]
    assert rebuilt.changed == set()


def test_an_added_article_remakes_its_page_and_its_lists_only(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new = site / "articles/en/2018/award.md"
    text = (site / "articles/en/2016/park.md").read_text(encoding="utf-8")
    text = text.replace(
        "urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10", "urn:uuid:5d0f0c1e-0000-4000-8000-000000000001"
    )
    text = text.replace("2016-05-01", "2018-01-02").replace("slug: innovation-park", "slug: award")
    rebuilt = Rebuilt(site, monkeypatch, lambda root: (new.parent.mkdir(parents=True), new.write_text(text)))
    assert rebuilt.made == ["award"]
    assert {folder.split("/page/")[0] for folder in rebuilt.lists} == {"en", "categories/news", "tags/innovation"}
    assert "en/news/2018/01/award/index.html" in rebuilt.after


def test_an_edited_title_reaches_every_list_that_shows_the_article(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    park = site / "articles/en/2016/park.md"
    rebuilt = Rebuilt(site, monkeypatch, lambda root: _edit(park, "title: A new innovation park", "title: A park"))
    for folder in ("en", "tags/innovation", "categories/news"):
        pages = [p for p in rebuilt.after if p.startswith(f"{folder}/") and p.endswith("index.html") and "/page/" in p]
        shown = [rebuilt.page(p).xpath("string(//main)") for p in [f"{folder}/index.html", *pages]]
        assert any("A park opens" in text for text in shown), folder
        assert not any("A new innovation park opens" in text for text in shown), folder
    assert rebuilt.made == [PARK_SLUG]


def test_a_damaged_page_store_is_not_used(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def damage(root: Path) -> None:
        (store,) = (root / ".jiading-cache").glob(BASE)
        data = bytearray(store.read_bytes())
        data[len(data) // 2] ^= 0xFF
        store.write_bytes(bytes(data))
        (root / "articles/en/2016/park.md").touch()  # so the build is not avoided whole

    rebuilt = Rebuilt(site, monkeypatch, damage)
    assert sorted(rebuilt.made) == [EN_SLUG, PARK_SLUG, ZH_SLUG]
    assert rebuilt.changed == set()


def test_a_page_store_of_the_previous_format_is_not_used(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jiading_cli.incremental.pickles import dumps, opened, safe_loads, sealed

    def older(root: Path) -> None:
        (store,) = (root / ".jiading-cache").glob(BASE)
        _, salt, _, entries, views, digests, *_ = safe_loads(opened(store.read_bytes()))
        store.write_bytes(sealed(dumps((3, salt, entries, views, digests))))  # the layout before facts were kept
        (root / "articles/en/2016/park.md").touch()  # so the build is not avoided whole

    rebuilt = Rebuilt(site, monkeypatch, older)
    assert sorted(rebuilt.made) == [EN_SLUG, PARK_SLUG, ZH_SLUG]
    assert rebuilt.changed == set()


# Libraries the package imports whose output no store keeps: HTTP to the networks and hubs, the preview's watching
UNKEPT = frozenset({"requests", "urllib3", "watchfiles"})


def test_every_library_the_package_imports_keys_the_stores_or_is_named_as_kept_in_none() -> None:
    """A library that shapes what a build reads or writes (which language tags are taken, a page's direction, a
    date's words) keys every store by its installed files: one upgraded makes every answer again, never one
    the older library gave."""
    import ast
    import sys

    from jiading_cli.incremental import keys

    package = Path(keys.__file__).resolve().parent.parent
    imported: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.partition(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.partition(".")[0])
    libraries = {name for name in imported if name not in sys.stdlib_module_names and name != "jiading_cli"}
    assert libraries - {"_typeshed"} - UNKEPT == set(keys.LIBRARIES)
