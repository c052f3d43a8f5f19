"""The share bar of a page, made from what it shares between its links, is the bar each link made on its own gives.

The reference below is the bar as it reads plainly: each network's text from ``link_texts``, each link tagged by
``with_utm`` and the email's values from ``values``, each link's query written pair by pair with every name and
value percent-encoded. Whatever the page (long or Chinese titles, emoji, overrides, a URL with its own query or
fragment, ``{network}`` in a utm value, an X account, a phone number, templates naming every placeholder), the
bar is the same, byte for byte, and so are the texts ``jiading share`` and validation measure.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from jiading_cli.config import Config
from jiading_cli.content.messages import messages
from jiading_cli.content.site import public_url
from jiading_cli.model.article import Article
from jiading_cli.pages.sharebar import Control, ShareBar, labels, qr_inline, share_bar
from jiading_cli.share import links
from jiading_cli.share.email import EmailSection
from jiading_cli.share.email import settings as email_settings
from jiading_cli.share.fill import bar_texts, common, link_texts, values
from jiading_cli.share.opengraph import Image
from jiading_cli.share.settings import ShareSection
from jiading_cli.share.text import render
from test_share_text import mailto_line_by_line as mailto


@cache
def shipped() -> tuple[Config, Article]:
    from jiading_cli.app.settings import load
    from jiading_cli.content.site import article_files, load_file

    config = load(Path(__file__).resolve().parent.parent / "jiading.toml")
    article = load_file(config, article_files(config)[0]).article
    assert article is not None
    return config, article


def query(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs if v)


def reference_bar(config: Config, article: Article, url: str, lang: str, picture: Image | None) -> ShareBar:
    """The bar with each link made on its own."""
    t = messages(lang)
    said = labels(t)
    share = config.section("share", ShareSection)
    texts = link_texts(config, article, None, url)
    mail = values(config, article, "email", "email", None, url)
    body = render(share.mailto_template, mail)
    main = [
        Control("facebook", "facebook", said.facebook, "https://www.facebook.com/sharer/sharer.php?"
                + query([("u", links.with_utm(url, share, "facebook"))])),
        Control("linkedin", "linkedin", said.linkedin, "https://www.linkedin.com/sharing/share-offsite/?"
                + query([("url", links.with_utm(url, share, "linkedin"))])),
        Control("email", said.email, said.by_email, mailto(render(email_settings(config).subject, mail), body)),
    ]  # fmt: skip
    phone = config.site.phone
    if phone:
        main.append(Control("tel", said.tel, t.text("call", phone=phone), "tel:+86-21-5950-1234"))
    x = [("text", texts["x"].value), ("url", links.with_utm(url, share, "x")), ("via", (share.x_via or "").lstrip("@"))]
    weibo = [("url", links.with_utm(url, share, "weibo")), ("title", texts["weibo"].value),
             ("pic", picture.url if picture else "")]  # fmt: skip
    telegram = [("url", links.with_utm(url, share, "telegram")), ("text", article.title)]
    more = (
        Control("x", "X", said.x, "https://x.com/intent/post?" + query(x)),
        Control("weibo", said.weibo_text, said.weibo, "https://service.weibo.com/share/share.php?" + query(weibo)),
        Control("telegram", "Telegram", said.telegram, "https://t.me/share/url?" + query(telegram)),
    )
    qr = qr_inline(links.qr_target(links.with_utm(url, share, "wechat"), url), said.wechat)
    return ShareBar(tuple(main), more, url, article.title, qr)


WORDS = st.sampled_from(
    ["Jiading", "嘉定区", "新能源汽车", "🇨🇳", "👩🏽\u200d🔬", "e\u0301", " ", "  ", "\n", "\r\n", "\n\n\n", "&",
     "%", "+", "#tag", "#嘉定", "http://x.com/a?b=1", "https://", "…", "，", "。", "{network}", "a" * 40, "嘉" * 30]
)  # fmt: skip
TEXTS = st.lists(WORDS | st.text(max_size=4), max_size=30).map("".join)
TITLES = TEXTS.filter(lambda value: bool(value.strip())) | st.sampled_from(["嘉定" * 150, "Jiading news " * 30])
PLACEHOLDERS = ["{title}", "{summary}", "{url}", "{hashtags}", "{site}", "{author}", "{date}", "{category}"]
TEMPLATES = st.lists(st.sampled_from([*PLACEHOLDERS, "{{", "}}", "\n", "\n\n\n", " ", "【", "】", "via"]), min_size=1,
                     max_size=10).map("".join)  # fmt: skip
UTM = st.sampled_from(["", "social", "{network}", "jiading-{network}", "a&b=c #x", "新闻"])
SUFFIXES = st.sampled_from(["", "?page=2", "?utm_source=old&q=a%20b", "#part", "?q=1#frag", "x/", "?"])


@st.composite
def pages(draw: st.DrawFn) -> tuple[Config, Article, str, str, Image | None]:
    config, article = shipped()
    share = ShareSection(
        utm_source=draw(UTM), utm_medium=draw(UTM), utm_campaign=draw(UTM),
        x_via=draw(st.sampled_from([None, "InvestJiading", "@InvestJiading", "@Jia_Ding_2017"])),
        x_template=draw(TEMPLATES | st.just("{title}")), weibo_template=draw(TEMPLATES | st.just("{title} {hashtags}")),
        mailto_template=draw(TEMPLATES | st.just("{summary}\n\n{url}")),
    )  # fmt: skip
    email = EmailSection(subject=draw(TEMPLATES.map(lambda value: value.replace("\n", " ")) | st.just("{title}")))
    phone = draw(st.sampled_from([None, "+86 21 5950 1234"]))
    config = dataclasses.replace(
        config,
        site=dataclasses.replace(config.site, phone=phone),
        sections={**config.sections, "share": share, "email": email},
    )
    overrides = draw(st.dictionaries(st.sampled_from(["x", "weibo", "facebook"]), TEXTS, max_size=2))
    article = dataclasses.replace(
        article,
        title=draw(TITLES),
        summary=draw(TEXTS),
        tags=tuple(draw(st.lists(WORDS | st.text(max_size=8), max_size=6))),
        category=draw(st.sampled_from([None, "investment", "投资"])),
        share=overrides,
    )
    url = public_url(config, article) + draw(SUFFIXES)
    picture = draw(st.sampled_from([None, Image("https://www.investinjiading.com/嘉定 1.jpg", 1, 1, None, None, None)]))
    return config, article, url, draw(st.sampled_from(["en", "zh-CN"])), picture


@given(pages())
@settings(max_examples=150)
def test_a_pages_share_bar_is_the_one_each_link_made_alone_gives(
    page: tuple[Config, Article, str, str, Image | None],
) -> None:
    config, article, url, lang, picture = page
    made = share_bar(config, article, url, messages(lang), picture)
    assert made == reference_bar(config, article, url, lang, picture)
    assert share_bar(config, article, url, messages(lang), picture, labels(messages(lang))) == made


@given(pages())
@settings(max_examples=150)
def test_a_pages_texts_are_those_share_and_validation_make(
    page: tuple[Config, Article, str, str, Image | None],
) -> None:
    config, article, url, _, _ = page
    share = config.section("share", ShareSection)
    tagged = {network: links.with_utm(url, share, network) for network in ("x", "weibo")}
    made = bar_texts(article, share, common(config, article), tagged)
    assert made == link_texts(config, article, common(config, article), url)
    if url == public_url(config, article):
        assert made == link_texts(config, article)


@given(TEXTS | st.just(""))
def test_a_facebook_or_linkedin_link_is_its_one_pair_written_as_every_link_is(url: str) -> None:
    assert links.facebook(url) == "https://www.facebook.com/sharer/sharer.php?" + query([("u", url)])
    assert links.linkedin(url) == "https://www.linkedin.com/sharing/share-offsite/?" + query([("url", url)])


@given(
    TEMPLATES | st.sampled_from(["{since}", "hashtags: {title}", "{hashtags", "{title.upper}", "{}"]),
    TEXTS,
    st.lists(WORDS | st.text(max_size=8), max_size=6),
    st.sampled_from(["x", "weibo", "email", "facebook", "linkedin"]),
)
def test_values_without_the_hashtags_fill_a_template_that_cannot_name_them_as_all_the_values_do(
    template: str, summary: str, tags: list[str], style: str
) -> None:
    from jiading_cli.share.fill import filled, filling

    config, article = shipped()
    article = dataclasses.replace(article, summary=summary)
    shared, link = common(config, article), public_url(config, article) + "?utm_medium=social"

    def rendered(made: dict[str, str]) -> str:
        try:
            return render(template, made)
        except (KeyError, ValueError, AttributeError) as exc:
            return f"{type(exc).__name__}: {exc}"

    everything = filled(shared, link, tuple(tags), style)
    assert rendered(filling(shared, link, tuple(tags), style, template)) == rendered(everything)
    assert filling(shared, link, tuple(tags), style, "{url}", template) == everything or "hashtags" not in template


@given(TEXTS | TITLES, st.sampled_from([None, "InvestJiading"]), st.integers(min_value=1, max_value=60))
def test_a_text_is_sent_and_shown_as_fit_cuts_it(raw: str, via: str | None, limit: int) -> None:
    from jiading_cli.share.fill import WEIBO, ShareText, _fitted, _x_spec
    from jiading_cli.share.network import TextSpec
    from jiading_cli.share.text import fit, little_text, plain

    for spec in (_x_spec(via), WEIBO, TextSpec(limit=limit), TextSpec(), TextSpec(limit=limit, finish=little_text)):
        fitted = fit(raw, spec.limit, spec.measure)
        made = ShareText(
            "x", spec.finish(fitted.text), plain(fitted.text), fitted.cut, fitted.length, fitted.limit, True
        )
        assert _fitted("x", raw, spec, True) == made
