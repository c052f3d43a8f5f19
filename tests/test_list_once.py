"""``{% once %}``: the news lists' teasers, made once per build, are the text the template makes every time.

The reference is the same template without the tags (as a site's own ``list.html`` may be): every page of a
list, and every ``{% once %}`` body whose values cannot make a key, must come out byte for byte the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from jiading_cli.config import Config, load_config
from jiading_cli.pages.context import Link, Pages, page
from jiading_cli.pages.head import Head
from jiading_cli.pages.listing import Pagination, Teaser
from jiading_cli.pages.theme import SHIPPED, Theme, theme
from pages.sample import CONFIG, make, run

ODD = st.text(st.sampled_from("&<>\"' aZ嘉定新城投资é\u00a0{}%#"), max_size=12)
TEASERS = st.builds(
    Teaser,
    title=ODD,
    href=ODD.map(lambda text: "/en/" + text),
    lang=st.sampled_from(["en", "zh-CN", "fr", "he"]),
    date=ODD,
    date_iso=st.just("2017-07-03T18:00:00+08:00"),
    summary=ODD,
    image=st.none() | ODD,
    image_alt=ODD,
)


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    root = tmp_path_factory.mktemp("site")
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    return load_config(root)


def plain(folder: Path) -> Path:
    """The shipped ``list.html`` without its ``{% once %}`` tags, as a site's own template."""
    folder.mkdir(exist_ok=True)
    lines = (SHIPPED / "list.html").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if line.strip() not in ("{% once %}", "{% endonce %}")]
    assert len(kept) == len(lines) - 2
    (folder / "list.html").write_text("".join(kept), encoding="utf-8")
    return folder


def list_page(config: Config, lang: str, items: list[Teaser], number: int) -> dict[str, object]:
    pages = Pages(config, {"en": "en", "zh-cn": "zh-CN"})
    head = Head(title="Heading & more", description="", canonical="https://example.org/en/")
    crumbs = [Link("Home", "/"), Link("Heading", "/en/", current=True)]
    archive = number % 3  # of a list with a front page and two archive pages; 0: the front page
    pagination = Pagination(archive, "/en/" if archive else None, "/en/page/2/" if archive != 1 else None)
    return page(pages, lang, head, crumbs, heading="Heading <&>", items=items, pagination=pagination)


def rendered(look: Theme, contexts: list[dict[str, object]], name: str = "list.html") -> list[str]:
    return [look.render(name, context) for context in contexts]


@settings(max_examples=60, deadline=None)
@given(
    teasers=st.lists(TEASERS, min_size=1, max_size=5),
    picks=st.lists(st.tuples(st.sampled_from(["en", "zh-CN"]), st.lists(st.integers(0, 4), max_size=6)), max_size=6),
)
def test_every_list_page_is_the_one_the_template_makes_without_once(
    config: Config, tmp_path_factory: pytest.TempPathFactory, teasers: list[Teaser], picks: list[tuple[str, list[int]]]
) -> None:
    # each page shows some of the same teasers (an article is on several lists), in either language
    contexts = [
        list_page(config, lang, [teasers[i % len(teasers)] for i in chosen], n)
        for n, (lang, chosen) in enumerate(picks, 1)
    ]
    contexts.append(list_page(config, "en", teasers, 1))
    site = plain(tmp_path_factory.mktemp("templates"))
    assert rendered(theme(Path("/nonexistent")), contexts) == rendered(theme(site), contexts)


def test_an_articles_teaser_is_made_once_for_all_the_lists_it_is_on(config: Config) -> None:
    look = theme(Path("/nonexistent"))
    item = Teaser('Jiading <new> & "old"', "/en/a/", "en", "3 July 2017", "2017-07-03", "Sum & more", None, "")
    other = Teaser("Park", "/en/park/", "en", "1 May 2016", "2016-05-01", "A park.", None, "")
    pages = rendered(look, [list_page(config, "en", [item], 1), list_page(config, "en", [other, item], 2)])
    once = look.environment.extensions["jiading_cli.pages.once.Once"]
    assert len(once.made) == 2  # type: ignore[attr-defined]  # the extension's own record
    assert pages[0].count("Jiading &lt;new&gt; &amp; &#34;old&#34;</a>") == 1
    assert pages[1].count('<li class="teaser"') == 2


def test_the_same_teaser_in_another_language_says_read_more_in_that_language(config: Config) -> None:
    look = theme(Path("/nonexistent"))
    item = Teaser("Park", "/en/park/", "en", "1 May 2016", "2016-05-01", "A park.", "/en/park.png", "")
    english, chinese = rendered(look, [list_page(config, "en", [item], 1), list_page(config, "zh-CN", [item], 1)])
    assert ">Read more<span" in english and ">阅读全文<span" in chinese


def once_template(folder: Path, body: str) -> Theme:
    folder.mkdir(exist_ok=True)
    (folder / "one.html").write_text(body, encoding="utf-8")
    (folder / "part.html").write_text("{{ n }}", encoding="utf-8")
    return theme(folder)


@pytest.mark.parametrize(
    ("body", "values", "expected"),
    [
        ("{% for v in vs %}{% once %}{{ loop.index }}{{ v }};{% endonce %}{% endfor %}", ["a", "a"], "1a;2a;"),
        (
            "{% for v in vs %}{% once %}{{ v }};{% endonce %}{% endfor %}",
            [["a"], ["b"]],
            "[&#39;a&#39;];[&#39;b&#39;];",
        ),
        (
            "{% for v in vs %}{% once %}{{ v }};{% endonce %}{% endfor %}",
            [1, True, "1", Markup("<b>")],
            "1;True;1;<b>;",
        ),
        ("{% for v in vs %}{% once %}{{ v }};{% endonce %}{% endfor %}", ["<b>", Markup("<b>")], "&lt;b&gt;;<b>;"),
        ("{% for n in vs %}{% once %}{% include 'part.html' %};{% endonce %}{% endfor %}", [1, 2], "1;2;"),
        ("{% for v in vs %}{% once %}{% set x = v %}{{ x }};{% endonce %}{% endfor %}", ["a", "b"], "a;b;"),
    ],
)
def test_once_steps_aside_where_its_text_could_differ(
    tmp_path: Path, body: str, values: list[object], expected: str
) -> None:
    look = once_template(tmp_path, body)
    assert look.render("one.html", {"vs": values}) == expected
    assert look.render("one.html", {"vs": values}) == expected  # again, from what the first made


def test_a_once_body_naming_an_undefined_variable_is_the_templates_error(tmp_path: Path) -> None:
    look = once_template(tmp_path, "{% once %}{{ missing }}{% endonce %}")
    with pytest.raises(Exception, match="'missing' is undefined"):
        look.render("one.html", {})


@pytest.mark.parametrize(
    "body",
    [
        "{% for v in vs %}{% once %}{{ [v, v] | random }};{% endonce %}{% endfor %}",
        "{% set ns = namespace(n=0) %}{% for v in vs %}{% once %}{% set ns.n = 1 %}{{ v }}{% endonce %}{% endfor %}",
        "{% for v in vs %}{% once %}{% include 'part.html' %}{% endonce %}{% endfor %}",
    ],
)
def test_a_body_whose_text_may_not_follow_from_its_variables_is_made_every_time(tmp_path: Path, body: str) -> None:
    look = once_template(tmp_path, body)
    look.render("one.html", {"vs": ["a", "a"], "n": 1})
    assert look.environment.extensions["jiading_cli.pages.once.Once"].made == {}  # type: ignore[attr-defined]


def test_a_site_with_its_own_list_template_gets_the_same_list_pages(tmp_path: Path) -> None:
    make(tmp_path)
    assert run(tmp_path, "build", "--out", "shipped").exit_code == 0
    plain(tmp_path / "templates")
    result = run(tmp_path, "build", "--out", "own")
    assert result.exit_code == 0, result.output
    lists = sorted(p.relative_to(tmp_path / "shipped") for p in (tmp_path / "shipped").rglob("index.html"))
    lists = [p for p in lists if p.parts[0] in ("categories", "tags") or len(p.parts) <= 4]
    assert len(lists) > 8 and any("page" in p.parts for p in lists)
    for path in lists:
        assert (tmp_path / "own" / path).read_bytes() == (tmp_path / "shipped" / path).read_bytes(), path
