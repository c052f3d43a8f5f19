"""Markdown bodies as HTML: cmark-gfm's rendering, held to what readers see by properties.

The reference is markdown-it-py configured as the bodies were rendered before cmark-gfm (CommonMark, tables,
strikethrough, raw HTML read as text), with the same link rewriting. The two write different markup for the
same thing (``<del>`` or ``<s>``, a table cell's alignment, where a line ends), so they are compared by what a
reader gets: the text, in order, and every link's and image's target, in order.
"""

from __future__ import annotations

import dataclasses
import re
import resource
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import Site
from jiading_cli.config import Config, load_config
from jiading_cli.content import escaped, gfm, htmlrefs
from jiading_cli.content import markdown as render
from jiading_cli.content.site import load_file
from jiading_cli.model.article import Article

# What cmark writes for a body without raw HTML: these elements, these attributes.
ELEMENTS = {
    "p", "em", "strong", "del", "code", "pre", "a", "img", "br", "hr", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"href", "src", "alt", "title", "class", "start", "style"}

WORDS = ["Jiading", "嘉定", "chips", "x", "a_b", "1.", "&amp;", "&lt;b&gt;", "\\<b>", "\\\\<i>", "&#60;i>"]
RAW = [
    "<chips>", "<span class=\"x\">", "</span>", "<b>", "</b>", "<br/>", "<img src=\"raw.png\">",
    "<a href=\"/raw/\">", "</a>", "<!-- note -->", "<?php echo 1; ?>", "<!DOCTYPE html>", "<![CDATA[x]]>",
    "<div", "a<b", "<", "< x>", "<x\ny>", "](<b>", "x](<", "[n]: <b> x", "[n]: <a<b>",
]  # fmt: skip
TARGETS = [
    "photo.png", "images/photo.png", "other.md", "other.md#part", "/about/", "#top", "//cdn.example.org/a.js",
    "https://example.org/a?b=1&c=2", "<images/a photo.png>", "x.png?v=2", "mailto:desk@example.org", "",
    "<script>", "<a b.png>", "https://例子.中国/路径?q=值", "//bücher.de/x", "mailto:张@例子.中国", "<", "<b>x</b>",
]  # fmt: skip
CODE = ["<b>", "a<b", "<!-- code -->", "\\<i>", "x"]


def _inline() -> st.SearchStrategy[str]:
    word = st.sampled_from(WORDS)
    target = st.sampled_from(TARGETS)
    piece = st.one_of(
        word,
        st.sampled_from(RAW),
        word.map(lambda w: f"*{w}*"),
        word.map(lambda w: f"**{w}**"),
        word.map(lambda w: f"~~{w}~~"),
        st.sampled_from(CODE).map(lambda c: f"`{c}`"),
        st.tuples(word, target).map(lambda p: f"[{p[0]}]({p[1]})"),
        st.tuples(word, target).map(lambda p: f'![{p[0]}]({p[1]} "t<t")'),
        st.sampled_from(["<https://example.org/x?a=1>", "<desk@example.org>", "<ftp://h/x>"]),
    )
    return st.lists(piece, min_size=1, max_size=6).map(" ".join)


def _block() -> st.SearchStrategy[str]:
    inline = _inline()
    return st.one_of(
        inline,
        inline.map(lambda t: "## " + t),
        st.lists(inline, min_size=1, max_size=3).map(lambda items: "\n".join("- " + i for i in items)),
        inline.map(lambda t: "> " + t),
        st.lists(st.sampled_from([*CODE, *RAW]), max_size=3).map(lambda lines: "```\n" + "\n".join(lines) + "\n```"),
        st.tuples(inline, inline).map(
            lambda c: f"| h | k |\n|---|:-:|\n| {c[0].replace('|', '')} | {c[1].replace('|', '')} |"
        ),
        st.sampled_from(["<!-- jiading: ignore JD162 -->", "<div>", "</div>", "<!-- a -->\n<!-- b -->"]),
        st.sampled_from(RAW),
    )


bodies = st.lists(_block(), min_size=1, max_size=5).map(lambda blocks: "\n\n".join(blocks) + "\n")


class Seen(HTMLParser):
    """What a reader of some HTML gets: its text, its links' and images' targets; and what it is made of."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.targets: list[tuple[str, str]] = []
        self.elements: set[str] = set()
        self.attributes: set[str] = set()
        self.comments: list[str] = []
        self.links = 0  # the links open: one inside another is its text, as HTML allows no link in a link
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.elements.add(tag)
        self.attributes.update(found)
        if tag == "a" and "href" in found and not self.links:
            self.targets.append(("a", found["href"] or ""))
        self.links += tag == "a"
        if tag == "img":
            self.targets.append(("img", found.get("src") or ""))
            self.text.append(f"[{found.get('alt')}|{found.get('title')}]")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            self.links -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def seen(self) -> tuple[str, list[tuple[str, str]]]:
        return " ".join("".join(self.text).split()), self.targets  # text read apart in pieces, as one: as shown


def reference(config: Config, article: Article) -> str:
    """The body as markdown-it-py rendered it, links made absolute the same way, comments left out likewise."""
    from markdown_it import MarkdownIt

    unsafe = config.markdown.unsafe_html
    md = MarkdownIt("commonmark", {"html": unsafe}).enable(["table", "strikethrough"])
    tokens = md.parse(article.body)

    def fix_raw(html: str) -> str:
        return htmlrefs.rewritten(html, lambda ref: render.absolute(config, article, ref))

    for token in tokens:
        if token.type == "html_block":
            token.content = fix_raw(token.content)
        for child in token.children or ():
            if child.type == "link_open":
                href = render.absolute(config, article, str(child.attrGet("href") or ""))
                if href:
                    child.attrSet("href", href)
                else:  # a link without a target is its text
                    child.attrs.pop("href", None)
            elif child.type == "image":
                src = render.absolute(config, article, str(child.attrGet("src") or ""))
                if src:
                    child.attrSet("src", src)
                else:  # an image without a target is its alt text
                    alt = md.renderer.renderInlineAsText(child.children or [], md.options, {})
                    child.type, child.content, child.children = "text", alt, None
            elif child.type == "html_inline":
                child.content = fix_raw(child.content)
            elif child.type == "text" and not unsafe:
                child.content = render.COMMENT.sub("", child.content)
    html: str = md.renderer.render(tokens, md.options, {})
    return re.sub(r"<p>\s*</p>\n?", "", html)


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Config, Article]:
    root = tmp_path_factory.mktemp("site")
    site = Site(root, None)  # type: ignore[arg-type]
    site.write("jiading.toml", _config())
    site.article("en/a.md")
    safe = load_config(root)
    site.write("jiading.toml", _config() + "[markdown]\nunsafe_html = true\n")
    unsafe = load_config(root)
    loaded = load_file(safe, root / "articles/en/a.md").article
    assert loaded is not None
    return safe, unsafe, loaded


def _config() -> str:
    from conftest import CONFIG

    return CONFIG


def html(config: Config, article: Article, body: str) -> str:
    return render.render_html(config, dataclasses.replace(article, body=body))


@settings(max_examples=400)
@given(body=bodies)
@example(body="`a\\`<b>x</b>\n")  # a backslash that ends a code span escapes nothing
@example(body="x](<script>alert(1)</script>\n")  # "](<" that opens no link
@example(body="Second <!-- note --> paragraph and `<!-- code -->`.\n")
@example(body="See [the plan](<plan 2017.pdf>).\n\nA stray ](<b>bold</b>) here.\n")  # raw HTML elsewhere
@example(body="[](<)\n[1]:<e>\n")  # a "<" that opens no destination, beside raw HTML
@example(body="[a](<b>bold</b>)\n")  # no link: the destination in <> is "b", then no ")"
@example(body=" n\n](<b>x</b> [c](<d e>)\n")  # cmark places raw HTML after an indented first line too far right
@example(body="Text.\n\n[1]: <a<b>\n\nMore.\n")  # no definition: the destination in <> holds a "<"
@example(body="- [_\\[b<https://example.org/x>&#60;<a>]:<<!--/\n")  # nor in a list item
def test_readers_see_the_text_and_targets_markdown_it_showed(
    configs: tuple[Config, Config, Article], body: str
) -> None:
    safe, _, article = configs
    assert (
        Seen(html(safe, article, body)).seen() == Seen(reference(safe, dataclasses.replace(article, body=body))).seen()
    )


@settings(max_examples=300)
@given(body=bodies)
@example(body='<!-- note --> ![Jiading](photo.png "t<t")\n\n[Jiading](photo.png)\n')  # a quote in text opens no value
@example(body='<a href="/raw/">\n\n<!-- note --> [Jiading](<a b.png>)\n')  # "()" read in pieces is not "( )"
def test_with_unsafe_html_readers_see_what_markdown_it_passed_through(
    configs: tuple[Config, Config, Article], body: str
) -> None:
    _, unsafe, article = configs
    body = body.replace("javascript:", "")
    new, old = html(unsafe, article, body), reference(unsafe, dataclasses.replace(article, body=body))
    assert Seen(new).seen() == Seen(old).seen()


HTMLISH = st.lists(
    st.sampled_from(
        [*"<>/!?-=\"'` \n\\&#;:*_[]()|~ab⸞", "<!--", "-->", "<div", "<a href=", "](", "%E2%B8%9E", "&#x2E1F;"]
    )
).map("".join)


@settings(max_examples=1000)
@given(body=st.one_of(HTMLISH, st.text(), bodies))
def test_no_raw_html_ever_comes_out(configs: tuple[Config, Config, Article], body: str) -> None:
    safe, _, article = configs
    seen = Seen(html(safe, article, body))
    assert seen.elements <= ELEMENTS and seen.attributes <= ATTRIBUTES and seen.comments == []


@settings(max_examples=500)
@given(body=st.one_of(HTMLISH, bodies))
@example(body="[](<:=;<=)'=*/")  # "](<" that opens no destination: no link, as in cmark
def test_a_body_without_raw_html_is_exactly_cmark_s_html(body: str) -> None:
    """Standing in for ``<`` changes nothing where cmark finds no raw HTML: code, text and URLs read the same."""
    plain = gfm.cmark().to_html(body, unsafe=False)
    if escaped.DROPPED not in plain and "!--" not in body:
        assert escaped.escaped_html(body) == plain


@settings(max_examples=300)
@given(body=st.one_of(HTMLISH, bodies), turn=st.integers(1, len(escaped.STAND_INS) - 1))
def test_which_stand_in_is_used_changes_no_byte(body: str, turn: int) -> None:
    first = escaped.escaped_html(body)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(escaped, "STAND_INS", escaped.STAND_INS[turn:] + escaped.STAND_INS[:turn])
        assert escaped.escaped_html(body) == first


def test_every_stand_in_is_read_as_punctuation_as_a_less_than_sign_is() -> None:
    import html.entities

    cases = ["x*{}*a a*{}x*", "{}**x**a", "a**x**{}b", "_{}_a_ b_{}_", "{}_x_ a", "x_{}x_", "~~{}~~a"]
    for mark in escaped.STAND_INS:
        assert mark not in html.entities.html5.values()
        for case in cases:
            with_lt = gfm.cmark().to_html(case.format("<", "<"), unsafe=False)
            with_mark = gfm.cmark().to_html(case.format(mark, mark), unsafe=False)
            assert with_mark.replace(mark, "&lt;") == with_lt, (mark, case)


def test_a_body_naming_every_stand_in_still_shows_raw_html_as_text(configs: tuple[Config, Config, Article]) -> None:
    safe, _, article = configs
    every = " ".join(escaped.STAND_INS[:2]) + " &#x2E2E; %E2%B8%B5 %e2%b8%b9"
    out = html(safe, article, f"{every} <chips> and <!-- note --> `<b>`\n")
    assert "&lt;chips&gt;" in out and "note" not in out and "<chips>" not in out
    assert "<code>&amp;lt;b&gt;</code>" in out  # the one cost: code shows the escape


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("An MoU on <chips> and cars.\n", "<p>An MoU on &lt;chips&gt; and cars.</p>\n"),
        ("<div>\n*hi*\n</div>\n", "<p>&lt;div&gt;\n<em>hi</em>\n&lt;/div&gt;</p>\n"),
        ("`<b>` and \\<b> and &lt;b&gt;\n", "<p><code>&lt;b&gt;</code> and &lt;b&gt; and &lt;b&gt;</p>\n"),
        ("A.\n\n<!-- jiading: ignore JD162 -->\n\nB <!-- x --> c.\n", "<p>A.</p>\n<p>B  c.</p>\n"),
        ("~~gone~~ ~kept~\n", "<p><del>gone</del> ~kept~</p>\n"),
        ("| a | b |\n|---|:-:|\n| 1 | 2 |\n", '<th style="text-align: center">b</th>'),
        ("See https://example.org or <https://example.org/x>.\n", 'See https://example.org or <a href="https://example.org/x">'),
        ("[run](javascript:alert(1)) ![i](data:image/png,A)\n", '<a>run</a> <img src="data:image/png,A"'),
        ("[a](<b c.png>) [d](#top) [e](/about/) [f](//cdn.example.org/x)\n", "https://news.example.com/en/b%20c.png"),
        ("x\ud800y\n", "<p>x\ufffdy</p>\n"),
        ("[a](https://例子.中国/路径) <mailto:张@例子.中国>\n", 'href="https://xn--fsqu00a.xn--fiqs8s/%E8%B7%AF%E5%BE%84"'),
        ("\\<!-- x --> and &lt;!-- y -->\n", "<p>&lt;!-- x --&gt; and &lt;!-- y --&gt;</p>\n"),  # text, not comments
    ],
)  # fmt: skip
def test_what_a_reader_sees(configs: tuple[Config, Config, Article], body: str, shown: str) -> None:
    safe, _, article = configs
    assert shown in html(safe, article, body)


def test_links_are_absolute_and_other_articles_become_their_pages(configs: tuple[Config, Config, Article]) -> None:
    safe, _, article = configs
    out = html(safe, article, "[d](#top) [e](/about/) [f](//cdn.example.org/x) [g](b.md) ![h](i.png)\n")
    page = render.public_url(safe, article)
    for url in (page + "#top", "https://news.example.com/about/", "https://cdn.example.org/x"):
        assert f'href="{url}"' in out
    assert 'src="https://news.example.com/en/i.png"' in out
    assert 'href="https://news.example.org/b/"' in render.link_articles(
        out, {"https://news.example.com/en/b.md": "https://news.example.org/b/"}
    )


def test_with_unsafe_html_raw_html_passes_with_its_references_made_absolute(
    configs: tuple[Config, Config, Article],
) -> None:
    _, unsafe, article = configs
    out = html(
        unsafe, article, '<div class="x"><img src="p.png" alt=\'a&amp;b\'></div>\n\nA <!-- kept --> [l](q.png)\n'
    )
    assert '<div class="x"><img src="https://news.example.com/en/p.png" alt=\'a&amp;b\'></div>' in out
    assert "<!-- kept -->" in out and 'href="https://news.example.com/en/q.png"' in out
    assert '<a href="javascript:go()">run</a>' in html(unsafe, article, "[run](javascript:go())\n")  # as written


def test_rendering_frees_what_cmark_allocates() -> None:
    """cmarkgfm frees neither a document's nodes nor its HTML: without the freeing, this would hold ~1 GB."""
    assert gfm.cmark().free_node is not gfm._kept
    body = "Some *words* with [a link](x.png) and `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n" * 60
    before = _resident()
    for _ in range(3000):
        gfm.cmark().to_html(body, unsafe=False)
    assert _resident() - before < 100 * 2**20


def _resident() -> int:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize()


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("see a.md", True),
        ("A.MD", True),
        ("x.Md.", True),
        ("x.mD", True),
        ("md.m d", False),
        ("", False),
        (".m", False),
    ],
)
def test_a_markdown_file_name_is_found_in_any_case(text: str, held: bool) -> None:
    from jiading_cli.content.markdown import mentions_markdown

    assert mentions_markdown(text) is held


IPV6_FORMS = [
    "[a]({url})",
    "<{url}>",
    "![i]({url})",
    "[r][l]\n\n[l]: {url}",
    "[t]({url} 'title')",
    "[s](<{url}>)",
]


@given(
    address=st.ip_addresses(v=6).map(str),
    port=st.sampled_from(["", ":8443", ":80"]),
    rest=st.sampled_from(["/", "/a.png", "/x?q=[1]", "/p#f", ""]),
    scheme=st.sampled_from(["https:", "http:", ""]),
    form=st.sampled_from(IPV6_FORMS),
    unsafe_html=st.booleans(),
)
@example(address="2001:db8::1", port="", rest="/", scheme="https:", form="[a]({url})", unsafe_html=False)
def test_a_link_to_an_ipv6_host_keeps_its_brackets(
    configs: tuple[Config, Config, Article],
    address: str,
    port: str,
    rest: str,
    scheme: str,
    form: str,
    unsafe_html: bool,
) -> None:
    """A host written as an IPv6 address goes out in its brackets, in the page, the feeds and the email's two parts:
    cmark percent-encodes them (``https://%5B2001:db8::1%5D/``, which names no host at all)."""
    from jiading_cli.content.plaintext import text_of

    if scheme == "" and form.startswith("<"):
        return  # '<//[::1]/>' is no autolink
    safe, unsafe, article = configs
    config = unsafe if unsafe_html else safe
    url = f"{scheme}//[{address}]{port}{rest}"
    body = form.format(url=url) + "\n"
    out = html(config, article, body)
    hosts = re.findall(r'(?:href|src)="(?:https?:)?//([^/?#"]*)', out)
    assert hosts == [f"[{address}]{port}"], out
    shown = text_of(out, render.resolver(config, dataclasses.replace(article, body=body)))
    assert f"//[{address}]{port}" in shown and "%5B" not in shown.partition("?")[0], shown


def comments_left_out(line: str) -> str:
    """``line`` less its HTML comments, read as an HTML tokenizer reads them (but for ``--!>``, which CommonMark takes
    for no end): ``<!-->`` and ``<!--->`` are empty comments; any other ends at its first ``-->``; one with no end is
    text."""
    out, at = [], 0
    while (start := line.find("<!--", at)) != -1:
        inside = start + len("<!--")
        empty = next((len(e) for e in (">", "->") if line.startswith(e, inside)), 0)
        end = inside + empty if empty else line.find("-->", inside)
        if end == -1:
            break
        out.append(line[at:start])
        at = end if empty else end + len("-->")
    return "".join(out) + line[at:]


@given(st.lists(st.sampled_from(["<!-->", "<!--->", "<!--", "-->", "->", " ", "b", "-", ">", "--"]), max_size=12))
@example(["<!-->", " ", "b", " ", "<!--->"])
@example(["<!--", "-", ">", " b ", "-->"])
def test_a_comment_is_left_out_as_html_reads_it_and_nothing_more(
    configs: tuple[Config, Config, Article], tokens: list[str]
) -> None:
    """``A <!--> b <!---> c``: two empty comments, and the ``b`` between them shown, never taken for a comment's text
    running from the first ``<!--`` to the next ``-->``; and no comment is taken for raw HTML shown (JD190)."""
    from jiading_cli.validate.rawhtml import check_raw_html

    safe, _, article = configs
    line = "X " + "".join(tokens) + " Y"
    out = html(safe, article, line + "\n")
    shown = re.sub(r"<[^>]*>", "", out).replace("&lt;", "<").replace("&gt;", ">").strip()
    assert shown == comments_left_out(line)
    assert check_raw_html(dataclasses.replace(article, body=line + "\n"), safe) == []
