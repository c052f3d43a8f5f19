"""A deterministic benchmark corpus: the same N articles as a jiading, a Hugo and a Pelican site.

    python benchmarks/corpus.py --count 1000 --out /tmp/corpus [--seed 2017] [--only jiading] [--shape mixed]
        [--hugo-theme same|bare]

In the ``mixed`` shape each article is about 600 words (English) or about 1,200 characters (Chinese)
of Markdown with headings, lists, links, images and a blockquote; tags come from a pool of 30,
categories from 8, dates spread over eight years with +08:00 offsets; a few are drafts and a few
scheduled. The other shapes change the bodies (see ``SHAPES``): prose dense with inline emphasis
and code, fenced code, tables, Chinese only, 3,000-word and 80-word articles, 20 links each, and an
image file of its own per article. The same seed and shape always write byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import struct
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path

import hugo_site  # the Hugo site's config, layouts and front matter, beside this file


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


TZ = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2017, 1, 1, 9, 0, tzinfo=TZ)
SPAN = dt.timedelta(days=8 * 365)
SCHEDULED_AT = dt.datetime(2031, 1, 1, 9, 0, tzinfo=TZ)
BASE_URL = "https://www.investinjiading.com"

TAGS = _words(
    "finance innovation automotive robotics logistics healthcare biomedicine semiconductors "
    "integrated-circuits new-energy-vehicles intelligent-manufacturing smart-city talent education "
    "culture tourism trade exhibitions infrastructure transport real-estate startups venture-capital "
    "policy tax environment energy agriculture research hydrogen"
)
CATEGORIES = ("News", "Policy", "Investment", "Industry", "Events", "Talent", "Culture", "Infrastructure")
IMAGES = tuple(f"photo-{n}.png" for n in range(8))

EN_WORDS = _words(
    "Jiading district government signed agreement cooperation Shanghai financial services office strengthen "
    "role finance economic development industry enterprises investment park new town automotive city "
    "innovation research talent platform support policy companies project international exhibition hall "
    "intelligent manufacturing robotics medical equipment precision medicine integrated circuits internet "
    "things vehicles energy hydrogen logistics channels institutions growth models funds capital chain local "
    "strategic emerging services startup overseas technology transformation science construction environment "
    "market opportunities partners delegation visit forum ceremony officials representatives leaders year "
    "quarter plan targets output revenue export import zone land infrastructure transport metro railway "
    "highway port campus university laboratory centre incubator accelerator hub cluster network region"
)
EN_LINKERS = ("the", "of", "and", "to", "in", "for", "with", "on", "a", "by", "its", "from", "as", "at", "will")

ZH_WORDS = _words(
    "嘉定区 政府 签署 战略 合作 备忘录 上海市 金融 服务 办公室 加强 作用 经济 社会 发展 产业 企业 投资 "
    "新城 汽车 城市 创新 研究 人才 平台 支持 政策 公司 项目 国际 展览 智能 制造 机器人 医疗 设备 精准 "
    "医学 集成电路 物联网 新能源 氢能 物流 渠道 机构 增长 模式 基金 资本 链条 本地 战略性 新兴 服务业 "
    "创业 海外 科技 转型 科学 建设 环境 市场 机遇 伙伴 代表团 访问 论坛 仪式 领导 年度 季度 计划 目标 "
    "产值 收入 出口 进口 园区 土地 基础设施 交通 地铁 铁路 高速公路 港口 校园 大学 实验室 中心 孵化器"
)

TITLE_EN = (
    "{Noun} {noun} to boost Jiading",
    "Jiading signs {noun} agreement with {noun} partners",
    "New {noun} {noun} opens in Jiading",
    "{Noun} forum brings {noun} leaders to Jiading",
    "Jiading unveils plan for {noun} and {noun}",
)
TITLE_ZH = (
    "{w}{w}助力嘉定发展",
    "嘉定与{w}签署{w}合作协议",
    "嘉定{w}{w}正式启用",
    "{w}论坛在嘉定举行",
    "嘉定发布{w}{w}规划",
)


@dataclass(frozen=True)
class Item:
    """One article, independent of the generator that writes it."""

    number: int
    id: str
    lang: str
    title: str
    slug: str
    date: dt.datetime
    updated: dt.datetime | None
    summary: str
    tags: tuple[str, ...]
    category: str
    image: str | None
    draft: bool
    translation: str | None
    body: str

    @property
    def folder(self) -> str:
        return f"{self.lang.lower()}/{self.date.year}"


def png(seed: int) -> bytes:
    """A real 16x16 RGB PNG in one colour."""
    colour = bytes(((seed * 71) % 256, (seed * 151) % 256, (seed * 37 + 90) % 256))
    raw = b"".join(b"\x00" + colour * 16 for _ in range(16))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def _uuid(rng: random.Random) -> str:
    return f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}"


def _en_sentence(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        out.append(rng.choice(EN_LINKERS) if rng.random() < 0.35 else rng.choice(EN_WORDS))
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def _zh_sentence(rng: random.Random, words: int) -> str:
    parts = [rng.choice(ZH_WORDS) for _ in range(words)]
    cut = rng.randrange(2, max(3, words - 1))
    return "".join(parts[:cut]) + "，" + "".join(parts[cut:]) + "。"


def _body(rng: random.Random, lang: str, image_prefix: str) -> str:
    zh = lang != "en"
    sentence = (lambda n: _zh_sentence(rng, max(3, n * 2 // 3))) if zh else (lambda n: _en_sentence(rng, n))
    join = "" if zh else " "
    blocks: list[str] = []
    for section in range(5):
        title = sentence(5).rstrip("。.").replace("，", "")
        blocks.append(f"## {title}")
        for _ in range(2):
            blocks.append(join.join(sentence(rng.randrange(12, 20)) for _ in range(3)))
        kind = section % 5
        if kind == 0:
            blocks.append("\n".join(f"- {sentence(6)}" for _ in range(4)))
        elif kind == 1:
            image = rng.choice(IMAGES)
            blocks.append(f"![{sentence(4).rstrip('。.').replace('，', '')}]({image_prefix}{image})")
        elif kind == 2:
            blocks.append("> " + sentence(20))
        elif kind == 3:
            blocks.append("\n".join(f"{n}. {sentence(6)}" for n in range(1, 4)))
        else:
            target = f"{BASE_URL}/{'zh-cn' if zh else 'en'}/news/"
            words = sentence(8)
            blocks.append(
                f"{words} [{'了解更多' if zh else 'Read more'}]({target}) {'或' if zh else 'or'} "
                f"[{'联系我们' if zh else 'contact us'}](/contact/)."
            )
    return "\n\n".join(blocks) + "\n"


def _emphasised(rng: random.Random, words: int) -> str:
    """A sentence with emphasis, strong emphasis, inline code and strikethrough every few words."""
    out = []
    for n in range(words):
        word = rng.choice(EN_WORDS)
        kind = n % 4
        out.append(
            (f"*{word}*", f"**{word}**", f"`{word}_{n}()`", f"~~{word}~~")[rng.randrange(4)] if kind == 0 else word
        )
    return " ".join(out).capitalize() + "."


def _inline_body(rng: random.Random, lang: str, image_prefix: str) -> str:
    blocks = []
    for _ in range(4):
        blocks.append(f"## {_en_sentence(rng, 5).rstrip('.')}")
        blocks += [" ".join(_emphasised(rng, rng.randrange(14, 22)) for _ in range(3)) for _ in range(2)]
    return "\n\n".join(blocks) + "\n"


def _code_body(rng: random.Random, lang: str, image_prefix: str) -> str:
    blocks = []
    for section in range(4):
        blocks.append(f"## {_en_sentence(rng, 5).rstrip('.')}")
        blocks.append(" ".join(_en_sentence(rng, 16) for _ in range(2)))
        lines = [f"def {rng.choice(EN_WORDS)}_{section}(value: int) -> int:"]
        lines += [f"    value = value * {rng.randrange(2, 99)} + len('{rng.choice(EN_WORDS)} <&>')" for _ in range(10)]
        lines.append("    return value")
        blocks.append("```python\n" + "\n".join(lines) + "\n```")
    return "\n\n".join(blocks) + "\n"


def _table_body(rng: random.Random, lang: str, image_prefix: str) -> str:
    blocks = []
    for _ in range(3):
        blocks.append(" ".join(_en_sentence(rng, 14) for _ in range(2)))
        header = [rng.choice(EN_WORDS).capitalize() for _ in range(5)]
        rows = ["| " + " | ".join(header) + " |", "|" + "|".join([":--", "--:", ":-:", "---", "--:"]) + "|"]
        for _ in range(10):
            cells = [rng.choice(EN_WORDS), str(rng.randrange(10**6)), f"*{rng.choice(EN_WORDS)}*", "~~old~~ new"]
            rows.append("| " + " | ".join([*cells, f"`{rng.randrange(100)}%`"]) + " |")
        blocks.append("\n".join(rows))
    return "\n\n".join(blocks) + "\n"


def _long_body(rng: random.Random, lang: str, image_prefix: str) -> str:
    return "\n".join(_body(rng, lang, image_prefix) for _ in range(5))  # about 3,000 words


def _short_body(rng: random.Random, lang: str, image_prefix: str) -> str:
    if lang != "en":
        return "".join(_zh_sentence(rng, 9) for _ in range(5)) + "\n"
    return " ".join(_en_sentence(rng, 16) for _ in range(5)) + "\n"  # 80 words


def _links_body(rng: random.Random, lang: str, image_prefix: str) -> str:
    blocks = []
    for n in range(5):
        blocks.append(f"## {_en_sentence(rng, 5).rstrip('.')}")
        targets = (
            f"{BASE_URL}/en/news/{rng.choice(TAGS)}/",
            f"https://example.com/{rng.choice(EN_WORDS)}?id={n}&lang=en",
            f"/contact/{rng.choice(EN_WORDS)}/",
        )
        text = [_en_sentence(rng, 10) + f" [{rng.choice(EN_WORDS)}]({target})" for target in targets]
        text.append(f"See <https://www.example.org/{rng.choice(EN_WORDS)}/{n}> or www.example.net/{n}.")
        blocks.append(" ".join(text))
    return "\n\n".join(blocks) + "\n"  # 20 links: 15 inline, 5 autolinks (and 5 bare www links)


SHAPES = {
    "mixed": _body,
    "inline": _inline_body,
    "code": _code_body,
    "tables": _table_body,
    "chinese": _body,  # every article in Chinese
    "long": _long_body,
    "short": _short_body,
    "links": _links_body,
    "images": _body,  # and an image file of its own per article
}


def item(seed: int, number: int, count: int, shape: str = "mixed") -> Item:
    """Article ``number`` of a corpus of ``count``; the same arguments always give the same article."""
    rng = random.Random(f"{seed}-{number}")
    lang = "zh-CN" if number % 10 == 1 or (number % 10 >= 2 and rng.random() < 0.3) else "en"
    if shape == "chinese":
        lang = "zh-CN"
    offset = SPAN * (number + 0.5) / max(count, 1)
    date = (START + offset + dt.timedelta(minutes=rng.randrange(0, 600))).replace(microsecond=0)
    date = date - dt.timedelta(seconds=date.second)
    scheduled = count >= 20 and number % 250 == 7
    draft = count >= 20 and number % 200 == 13
    if scheduled:
        date = SCHEDULED_AT + dt.timedelta(days=number % 300)
    updated = date + dt.timedelta(days=rng.randrange(1, 30)) if rng.random() < 0.1 else None
    if lang == "en":
        title = rng.choice(TITLE_EN).format(Noun=rng.choice(EN_WORDS).capitalize(), noun=rng.choice(EN_WORDS))
        summary = _en_sentence(rng, 24)
        slug = "-".join(title.lower().split()[:6]) + f"-{number}"
    else:
        pattern = rng.choice(TITLE_ZH)
        while "{w}" in pattern:
            pattern = pattern.replace("{w}", rng.choice(ZH_WORDS), 1)
        title = pattern
        summary = _zh_sentence(rng, 14)
        slug = f"jia-ding-xin-wen-{number}"
    tags = tuple(sorted(rng.sample(TAGS, rng.randrange(2, 5))))
    image = rng.choice(IMAGES) if rng.random() < 0.5 else None
    if shape == "images":
        image = f"own/{slug}.png"
    translation = None
    if shape == "chinese":
        pass  # one language: no translations
    elif number % 10 == 0 and number + 1 < count:
        translation = _uuid(random.Random(f"id-{seed}-{number + 1}"))
    elif number % 10 == 1:
        translation = _uuid(random.Random(f"id-{seed}-{number - 1}"))
    return Item(
        number=number,
        id=_uuid(random.Random(f"id-{seed}-{number}")),
        lang=lang,
        title=title,
        slug=slug,
        date=date,
        updated=updated,
        summary=summary,
        tags=tags,
        category=rng.choice(CATEGORIES),
        image=image,
        draft=draft,
        translation=translation,
        body=SHAPES[shape](rng, lang, "../../images/"),
    )


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def jiading_article(a: Item) -> str:
    lines = ["---", f"id: {a.id}", f"title: {_yaml_text(a.title)}", f"date: {a.date.isoformat()}"]
    if a.updated:
        lines.append(f"updated: {a.updated.isoformat()}")
    lines += [
        f"summary: {_yaml_text(a.summary)}",
        "authors: [Invest in Jiading]",
        f"tags: [{', '.join(a.tags)}]",
        f"category: {a.category}",
        f"lang: {a.lang}",
        f"slug: {a.slug}",
    ]
    if a.image:
        lines += [f"image: ../../images/{a.image}", f"image_alt: {_yaml_text(a.title)}"]
    if a.draft:
        lines.append("draft: true")
    if a.translation:
        other = "en" if a.lang != "en" else "zh-CN"
        lines += ["translations:", f"  {other}: {a.translation}"]
    return "\n".join(lines) + "\n---\n" + a.body


def pelican_article(a: Item) -> str:
    lines = [
        f"Title: {a.title}",
        f"Date: {a.date.isoformat(sep=' ')}",
        f"Category: {a.category}",
        f"Tags: {', '.join(a.tags)}",
        f"Slug: {a.slug}",
        f"Lang: {a.lang.lower()}",
        f"Summary: {a.summary}",
        "Authors: Invest in Jiading",
    ]
    if a.updated:
        lines.append(f"Modified: {a.updated.isoformat(sep=' ')}")
    if a.draft:
        lines.append("Status: draft")
    return "\n".join(lines) + "\n\n" + a.body


JIADING_TOML = f"""[site]
title = "Invest in Jiading"
base_url = "{BASE_URL}"
description = "News about investing in Jiading, a district of Shanghai."
language = "en"
timezone = "Asia/Shanghai"
authors = ["Invest in Jiading"]
copyright = "© Invest in Jiading"
articles_dir = "articles"
output_dir = "public"

[feeds]
limit = 20
content = "full"
"""

PELICAN_CONF = f"""AUTHOR = "Invest in Jiading"
SITENAME = "Invest in Jiading"
SITEURL = "{BASE_URL}"
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "en"
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category-{{slug}}.atom.xml"
CATEGORY_FEED_RSS = "feeds/category-{{slug}}.rss.xml"
TAG_FEED_ATOM = "feeds/tag-{{slug}}.atom.xml"
TAG_FEED_RSS = "feeds/tag-{{slug}}.rss.xml"
TRANSLATION_FEED_ATOM = "feeds/all-{{lang}}.atom.xml"
FEED_MAX_ITEMS = 20
RSS_FEED_SUMMARY_ONLY = False
DEFAULT_PAGINATION = 20
STATIC_PATHS = ["images"]
RELATIVE_URLS = False
"""


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def write_article(root: Path, kind: str, a: Item, hugo_theme: str = "same") -> Path:
    """Write one article (and its own image, if it has one) into the site of ``kind`` under ``root``
    (for Hugo, as its theme ``hugo_theme`` wants it: see ``hugo_site``)."""
    if a.image and a.image.startswith("own/"):
        images = {"jiading": root / "articles" / "images", "hugo": root / "static" / "images"}.get(
            kind, root / "content" / "images"
        )
        _write(images / a.image, png(a.number))
    if kind == "jiading":
        path = root / "articles" / a.folder / f"{a.slug}.md"
        _write(path, jiading_article(a))
    elif kind == "hugo":
        path = root / hugo_site.article_path(a, hugo_theme)
        _write(path, hugo_site.article(a, hugo_theme))
    else:
        path = root / "content" / a.folder / f"{a.slug}.md"
        _write(path, pelican_article(a))
    return path


def write_site(root: Path, kind: str, items: list[Item], hugo_theme: str = "same") -> None:
    images = {"jiading": root / "articles" / "images", "hugo": root / "static" / "images"}.get(
        kind, root / "content" / "images"
    )
    for number, name in enumerate(IMAGES):
        _write(images / name, png(number))
    if kind == "jiading":
        _write(root / "jiading.toml", JIADING_TOML)
    elif kind == "hugo":
        for name, text in hugo_site.site_files(hugo_theme, BASE_URL).items():
            _write(root / name, text)
    else:
        _write(root / "pelicanconf.py", PELICAN_CONF)
    for a in items:
        write_article(root, kind, a, hugo_theme)


def generate(
    out: Path,
    count: int,
    seed: int = 2017,
    kinds: tuple[str, ...] = ("jiading", "hugo", "pelican"),
    shape: str = "mixed",
    hugo_theme: str = "same",
) -> None:
    """Write ``out/<kind>/`` for each kind: the same ``count`` articles of ``shape`` as each tool's site (Hugo's
    with the layouts of ``hugo_theme``: ``same`` pages as jiading's default theme, or ``bare`` ones)."""
    items = [item(seed, n, count, shape) for n in range(count)]
    for kind in kinds:
        write_site(out / kind, kind, items, hugo_theme)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--only", choices=("jiading", "hugo", "pelican"), action="append")
    parser.add_argument("--shape", choices=tuple(SHAPES), default="mixed")
    parser.add_argument(
        "--hugo-theme",
        choices=hugo_site.THEMES,
        default="same",
        help="Hugo's layouts: the same pages as jiading's default theme, or the bare ones first compared with",
    )
    args = parser.parse_args()
    kinds = tuple(args.only or ("jiading", "hugo", "pelican"))
    generate(args.out, args.count, args.seed, kinds, args.shape, args.hugo_theme)
    print(f"wrote {args.count} articles under {os.fspath(args.out)}")


if __name__ == "__main__":
    main()
