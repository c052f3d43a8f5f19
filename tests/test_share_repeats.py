"""`share` given the same thing twice: two articles of one slug under `--out`, a network listed many times in
``share.networks``; each is one folder's or one payload's worth of work, and none replaces another's."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from share.sites import ShareSite, make_site


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    return make_site(tmp_path, base=httpserver.url_for("/"))


def test_out_gives_articles_of_one_slug_a_folder_each(site: ShareSite, tmp_path: Path) -> None:
    """Two articles of one slug and language (their URLs differ by year): neither's payloads replace the other's."""
    site.article("2017/a.md")
    site.article("2018/a.md", date="2018-07-03T18:00:00+08:00", id="urn:uuid:9a1c3f4e-1b2d-4c5e-8f70-0a1b2c3d4e5f")
    result = site.run("share", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    folders = sorted((tmp_path / "out" / "en").iterdir())
    assert [folder.name == "a" or folder.name.startswith("a-") for folder in folders] == [True, True]
    urls = {folder.name: (folder / "opengraph.html").read_text(encoding="utf-8") for folder in folders}
    assert "/2017/07/a/" in urls["a"] and "/2018/07/a/" in "".join(urls.values()).replace(urls["a"], "")


def test_a_network_listed_twice_in_share_networks_is_one_payload(
    site: ShareSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``share.networks`` naming a network many times made its payload (an email: a whole MIME message) once for
    each entry: each network is taken once, as ``--network`` given twice is."""
    from jiading_cli.share import email

    config = (site.root / "jiading.toml").read_text(encoding="utf-8")
    listed = ", ".join(['"email"'] * 50 + ['"facebook"'] * 50)
    (site.root / "jiading.toml").write_text(config.replace("[share]\n", f"[share]\nnetworks = [{listed}]\n"))
    made = []
    real = email.article_mail
    monkeypatch.setattr(email, "article_mail", lambda *args: made.append(1) or real(*args))
    site.article()
    result = site.run("share")
    assert result.exit_code == 0, result.output
    assert len(made) == 1 and result.output.count("facebook: POST") == 1
