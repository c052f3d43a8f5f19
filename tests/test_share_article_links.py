"""An email's HTML links another article's page, not its Markdown file."""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage

from conftest import CONFIG, OTHER_ID, Site


def test_a_link_to_another_articles_file_becomes_its_page_in_the_email(site: Site) -> None:
    site.write("jiading.toml", CONFIG + '[email]\nsender = "N <n@example.com>"\nto = ["r@example.com"]\n')
    site.article("en/a.md", slug="a", body="See [the Chinese version](../zh/b.md#top).\n")
    site.article("zh/b.md", id=OTHER_ID, lang="zh-CN", slug="b")
    result = site.run("share", "--network", "email", "--out", "out", "articles/en/a.md")
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes((site.root / "out/en/a/email.eml").read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    html = message.get_body(("html",))
    assert html is not None
    assert 'href="https://news.example.com/zh-cn/news/2017/07/b/#top"' in html.get_content()
