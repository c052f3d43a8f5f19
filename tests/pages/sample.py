"""A bilingual site for the page tests: translations, a lead image, a body image, an attachment, a link
to another article, a category and tags, a phone number; built with the real command."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
import segno
from typer.testing import CliRunner, Result

from conftest import STANDING
from jiading_cli.cli import app
from jiading_cli.config import Config, load_config

NOW = "2026-11-27T12:00:00+08:00"
EN_ID = "urn:uuid:cbecbde6-b559-4a73-bbe4-ddecca345ec8"
ZH_ID = "urn:uuid:ce354d7b-e9f5-435d-b1a5-b50a54194272"
OLD_ID = "urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a10"

CONFIG = """\
[site]
title = "Invest in Jiading"
base_url = "https://www.investinjiading.com"
description = "News about investing in Jiading, a district of Shanghai."
language = "en"
timezone = "Asia/Shanghai"
email = "China@tanikawa.com"
phone = "0086-10-53270173"
copyright = "© Copyright 2017 Invest in Jiading"

[pages]
per_page = 1
"""

EN = f"""\
---
id: {EN_ID}
title: Financial industry to boost Jiading
date: 2017-07-03T18:00:00+08:00
summary: Jiading signed a memorandum of strategic cooperation with the Shanghai Financial Services Office.
authors: [Invest in Jiading]
tags: [finance, innovation]
category: News
lang: en
slug: financial-industry-to-boost-jiading
image: signing.png
image_alt: The signing ceremony in Jiading
translations:
  zh-CN: {ZH_ID}
---
Shanghai's Jiading district government signed a memorandum on July 3.

![The exhibition hall](hall.png)

Read [the agreement](agreement.pdf) or [an earlier article](../2016/park.md).
"""

ZH = f"""\
---
id: {ZH_ID}
title: 金融业助力嘉定发展
date: 2017-07-03T18:30:00+08:00
summary: 嘉定区政府与上海市金融服务办公室签署战略合作备忘录，进一步发挥金融服务嘉定经济社会发展的作用。
authors: [投资嘉定]
tags: [金融]
category: 新闻
lang: zh-CN
slug: jin-rong-ye-zhu-li-jia-ding
translations:
  en: {EN_ID}
---
7月3日，上海市嘉定区人民政府与上海市金融服务办公室签署战略合作备忘录。
"""

OLD = f"""\
---
id: {OLD_ID}
title: A new innovation park opens
date: 2016-05-01T09:00:00+08:00
summary: A new park in Jiading will host integrated-circuit and new-energy-vehicle start-ups.
tags: [innovation]
category: News
lang: en
slug: innovation-park
---
The park opens in May.
"""


def png(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    segno.make(text).save(str(path), kind="png", scale=4)


def make(root: Path) -> Path:
    """Write the site under ``root`` and return it."""
    (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
    articles = root / "articles"
    for name, text in (("en/2017/finance.md", EN), ("zh-cn/2017/finance.md", ZH), ("en/2016/park.md", OLD)):
        (articles / name).parent.mkdir(parents=True, exist_ok=True)
        (articles / name).write_text(text, encoding="utf-8")
    png(articles / "en/2017/signing.png", "signing")
    png(articles / "en/2017/hall.png", "hall")
    (articles / "en/2017/agreement.pdf").write_bytes(b"%PDF-1.4\n% the agreement\n")
    return root


def run(root: Path, *args: str, cache: str | None = None) -> Result:
    """``jiading ARGS`` inside ``root``, at the tests' fixed time; with ``cache`` (``on`` or ``off``), the site's cache
    so, else as the environment has it (a test may have set ``JIADING_CACHE``)."""
    here = Path.cwd()
    os.chdir(root)
    try:
        env = {"JIADING_NOW": NOW, "JIADING_CONFIG": None} | ({} if cache is None else {"JIADING_CACHE": cache})
        return CliRunner().invoke(app, list(args), env=env)
    finally:
        os.chdir(here)


def site_configs(factory: pytest.TempPathFactory, sites: dict[str, str]) -> dict[str, Config]:
    """Each of ``sites`` (a config's text, ``[site]`` added when it does not begin with it) as a site of its own
    with a lead image, loaded."""
    found = {}
    for name, text in sites.items():
        root = factory.mktemp(name.replace(" ", "-"))
        site = text if text.startswith("[site]") else "[site]\n" + text
        (root / "jiading.toml").write_text(site, encoding="utf-8")
        png(root / "articles/en/lead.png", "a lead image")
        found[name] = load_config(root)
    return found


def built(root: Path) -> Path:
    """The site made and built; its output folder."""
    make(root)
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    return root / "public"


# What may stand where a template goes that is no template file: how to put it there, what the error says of it.
NOT_A_FILE: dict[str, tuple[Callable[[Path], None], str]] = {
    kind: (make, f"expected a template file, got {kind}") for kind, make in STANDING.items()
}
