"""`jiading serve` as a user runs it: a process on a free port of 127.0.0.1, asked over HTTP."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from serve.site import DRAFT_PAGE, EN_PAGE, LONG_PAGE, SCHEDULED_PAGE, Serving, free_port, site, start


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[Serving]:
    running = start(site(tmp_path), "--port", str(free_port()))
    yield running
    running.stop()


def events(serving: Serving) -> Iterator[dict[str, object]]:
    """The states the live reload stream sends."""
    with urllib.request.urlopen(serving.url + "_jiading/live", timeout=30) as stream:
        for raw in stream:
            line = raw.decode("utf-8")
            if line.startswith("data: "):
                yield json.loads(line[6:])


def test_prints_its_url_and_build_time(serving: Serving) -> None:
    assert serving.url.startswith("http://127.0.0.1:")
    assert any("Building the preview into public-preview/ (drafts included)" in line for line in serving.seen)
    assert any(" rebuilt in " in line and " s: " in line for line in serving.seen)


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's table of sockets")
def test_listens_on_loopback_only(serving: Serving) -> None:
    port = int(serving.url.rsplit(":", 1)[1].strip("/"))
    listening = [
        line.split()[1]
        for table in ("/proc/net/tcp", "/proc/net/tcp6")
        if Path(table).exists()
        for line in Path(table).read_text().splitlines()[1:]
        if line.split()[3] == "0A" and int(line.split()[1].rsplit(":", 1)[1], 16) == port  # 0A: LISTEN
    ]
    assert listening == [f"0100007F:{port:04X}"]  # 127.0.0.1, and no other address


def test_drafts_and_scheduled_articles_are_served_and_marked(serving: Serving, tmp_path: Path) -> None:
    for path, status in ((DRAFT_PAGE, "draft"), (SCHEDULED_PAGE, "scheduled"), (EN_PAGE, "published")):
        code, kind, text = serving.get(path)
        assert (code, kind) == (200, "text/html; charset=utf-8")
        assert f'<strong class="jiading-status">{status}</strong>' in text
        assert f'href="/_jiading/share{path}"' in text
    marks = json.loads(serving.get("/_jiading/marks.json")[2])
    assert marks == {DRAFT_PAGE: "draft", SCHEDULED_PAGE: "scheduled"}
    assert (tmp_path / "public-preview" / DRAFT_PAGE.strip("/") / "index.html").is_file()
    assert not (tmp_path / "public").exists()  # never into the deployed folder


def test_share_preview_page(serving: Serving) -> None:
    code, _, text = serving.get("/_jiading/share" + EN_PAGE)
    assert code == 200
    page = etree.HTML(text)
    assert page.xpath("string(//dd[@class='subject'])") == "[Jiading] Financial industry to boost Jiading"
    assert page.xpath("string(//section[@id='card-facebook']//p[@class='domain'])") == "INVESTINJIADING.COM"
    request = page.xpath("string(//section[@id='request-facebook']/pre)")
    assert request.startswith("facebook: POST https://graph.facebook.com/") and "Authorization: Bearer ***" in request
    assert "shows no image under 200×200 px" in page.xpath("string(//ul[@class='warnings'])")


def test_long_titles_are_cut_where_each_card_cuts_them(serving: Serving) -> None:
    page = etree.HTML(serving.get("/_jiading/share" + LONG_PAGE)[2])
    titles = {card: page.xpath(f"string(//section[@id='card-{card}']//*[contains(@class, 'title')])") for card in (
        "facebook", "linkedin", "x", "wechat")}  # fmt: skip
    assert titles["facebook"] == "Jiading opens an international innovation park for integrated circuits, new-energy…"
    assert titles["linkedin"] == "Jiading opens an international innovation park for integrated…"
    assert titles["x"] == titles["linkedin"]
    assert titles["wechat"] == "Jiading opens an international innovation park for integrated…"
    warnings = page.xpath("//ul[@class='warnings']/li/text()")
    assert ": Facebook will cut the title at 88 columns: " in "".join(warnings)


def test_unknown_share_preview_is_not_found(serving: Serving) -> None:
    code, _, text = serving.get("/_jiading/share/en/news/nothing/")
    assert code == 404 and 'id="jiading-preview"' in text


def test_feeds_carry_the_stylesheet_and_stay_valid_xml(serving: Serving, tmp_path: Path) -> None:
    code, kind, text = serving.get("/feed.xml")
    assert (code, kind) == (200, "application/xml; charset=utf-8")
    assert text.splitlines()[1] == '<?xml-stylesheet type="text/xsl" href="feed.xsl"?>'
    tree = etree.fromstring(text.encode("utf-8"))
    assert tree.tag == "rss"
    on_disk = (tmp_path / "public-preview" / "feed.xml").read_text(encoding="utf-8")
    assert on_disk == text  # served as built: the preview's feeds name the stylesheet written with them
    atom = serving.get("/atom.xml")[2]
    assert atom.splitlines()[1] == '<?xml-stylesheet type="text/xsl" href="feed.xsl"?>'
    code, _, xsl = serving.get("/feed.xsl")
    assert code == 200 and xsl == serving.get("/_jiading/feeds.xsl")[2]
    page = etree.XSLT(etree.fromstring(xsl.encode("utf-8")))(tree)
    assert page.xpath("string(//h1)") == "Invest in Jiading (preview)"
    assert "[scheduled] Investment forum" in page.xpath("//article/h2/a/text()")


def test_an_edit_is_rebuilt_and_announced(serving: Serving, tmp_path: Path) -> None:
    stream = events(serving)
    first = next(stream)
    source = tmp_path / "articles/en/2016/park.md"
    source.write_text(source.read_text(encoding="utf-8").replace("A new innovation park opens", "The park opens"))
    found = serving.wait_for(r"rebuilt in \d+\.\d\d s after articles/en/2016/park.md changed: (\d+) files changed")
    assert int(found.group(1)) > 0
    assert next(stream)["generation"] == int(str(first["generation"])) + 1
    assert "<h1>The park opens</h1>" in serving.get("/en/news/2016/05/innovation-park/")[2]


def test_a_problem_is_shown_and_the_last_good_build_kept(serving: Serving, tmp_path: Path) -> None:
    stream = events(serving)
    assert next(stream)["problems"] == []
    source = tmp_path / "articles/en/2016/park.md"
    source.write_text(source.read_text(encoding="utf-8").replace("date: 2016-05-01T09:00:00+08:00", "date: May"))
    serving.wait_for(r"rebuild failed in .* after articles/en/2016/park.md changed")
    problems = next(stream)["problems"]
    assert isinstance(problems, list) and problems[0].startswith("articles/en/2016/park.md:4: error ")
    assert "Error: articles/en/2016/park.md:4: error" in serving.stderr("Error: articles/en/2016/park.md:4: error")
    assert serving.get("/en/news/2016/05/innovation-park/")[0] == 200  # still served
    assert serving.process.poll() is None


def test_ctrl_c_stops_cleanly(serving: Serving) -> None:
    port = int(serving.url.rsplit(":", 1)[1].strip("/"))
    code, errors = serving.stop(signal.SIGINT)
    assert code == 130 and errors == ""
    assert serving.wait_for("Stopped")
    with socket.socket() as again:
        again.bind(("127.0.0.1", port))  # nothing left listening


def test_a_killed_serve_says_so_in_one_line(serving: Serving) -> None:
    code, errors = serving.stop(signal.SIGTERM)
    assert code == 128 + signal.SIGTERM
    assert errors == "Error: jiading serve was killed (SIGTERM); the preview stopped\n"


def test_a_taken_port_says_so_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        running = start(site(tmp_path), "--port", str(port), ready=False)
        code, errors = running.ended()
    assert code == 1
    assert errors == (
        f"Error: port {port} on 127.0.0.1 is taken (another jiading serve?): stop it, or pass --port N "
        "(0: any free port)\n"
    )


def test_a_rebuild_names_the_files_changed_not_folders_or_passing_temporary_files(tmp_path: Path) -> None:
    from watchfiles import Change

    from jiading_cli.app.changes import named as _changed

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles/a.md").write_text("x")
    batch = [
        (Change.modified, str(tmp_path / "articles/a.md")),
        (Change.added, str(tmp_path / "articles")),
        (Change.added, str(tmp_path / "articles/sedX1y2")),
        (Change.deleted, str(tmp_path / "articles/sedX1y2")),
        (Change.deleted, str(tmp_path / "articles/gone.md")),
    ]
    assert _changed(tmp_path, batch) == ["articles/a.md", "articles/gone.md"]
    assert _changed(tmp_path, batch[1:2]) == ["articles/"]  # a folder, when nothing else is named


def test_a_changed_config_is_read_again(serving: Serving, tmp_path: Path) -> None:
    config = tmp_path / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('title = "Invest in Jiading"', 'title = "Jiading"'))
    serving.wait_for(r"rebuilt in .* after jiading.toml changed: \d+ files changed")
    assert "<title>Jiading</title>" in serving.get("/")[2]
    share = etree.HTML(serving.get("/_jiading/share" + EN_PAGE)[2])  # the networks' sections are read again too
    assert share.xpath("string(//dd[@class='subject'])") == "[Jiading] Financial industry to boost Jiading"


def test_a_changed_output_folder_is_where_the_preview_goes(serving: Serving, tmp_path: Path) -> None:
    config = tmp_path / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[site]\n", '[site]\noutput_dir = "out"\n', 1))
    serving.wait_for(r"rebuilt in .* after jiading.toml changed: \d+ files changed")
    assert (tmp_path / "out-preview" / "index.html").is_file()
    assert serving.get("/")[0] == 200 and serving.get(EN_PAGE)[0] == 200


def test_a_broken_config_or_template_is_a_problem_not_a_crash(serving: Serving, tmp_path: Path) -> None:
    config = tmp_path / "jiading.toml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good.replace("[pages]", "[pages"), encoding="utf-8")
    serving.wait_for(r"rebuild failed in .* after jiading.toml changed")
    config.write_text(good, encoding="utf-8")
    serving.wait_for(r"rebuilt in .* after jiading.toml changed")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/article.html").write_text("{% extends 'base.html' %}{% block main %}{{ }}{% endblock %}")
    serving.wait_for(r"rebuild failed in .* after templates/(article.html)? changed")
    assert "Error: jiading.toml:" in serving.stderr("Error: jiading.toml:")
    assert "templates/article.html:1: template: Expected an expression" in serving.stderr("template: ")
    assert serving.process.poll() is None and serving.get("/")[0] == 200


def test_open_starts_the_browser_on_the_preview(tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf %s "$1" > {opened}\n')
    script.chmod(0o755)
    (tmp_path / "site").mkdir()
    running = start(site(tmp_path / "site"), "--port", "0", "--open", BROWSER=f"{script} %s")
    try:
        for _ in range(100):
            if opened.exists() and opened.read_text():
                break
            time.sleep(0.1)
        assert opened.read_text() == running.url
    finally:
        running.stop()


@pytest.mark.parametrize("browser", ["false", "no-such-browser-program", "sh -c 'kill -9 $$'"])
def test_open_with_no_browser_to_start_says_so_and_serves(tmp_path: Path, browser: str) -> None:
    """A ``BROWSER`` that names no program, fails or is killed, with no other browser on the machine: one
    ``Warning:`` line saying where the preview is, where ``--open`` was silent; the preview is served all the same."""
    (tmp_path / "site").mkdir()
    programs = tmp_path / "bin"  # a PATH of sh and false alone: no browser of the machine's found beside them
    programs.mkdir()
    for name in ("sh", "false"):
        (programs / name).symlink_to(shutil.which(name) or f"/bin/{name}")
    env = {"BROWSER": browser, "PATH": str(programs), "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    running = start(site(tmp_path / "site"), "--port", "0", "--open", **env)
    try:
        said = running.stderr("Warning: --open")
        assert f"Warning: --open: no web browser could be started: BROWSER ({browser!r}) started none" in said
        assert f"; open {running.url} in one\n" in said
        assert running.get("/")[0] == 200
    finally:
        running.stop()


def test_outside_a_site_it_says_so(tmp_path: Path) -> None:
    running = start(tmp_path, ready=False)
    code, errors = running.ended()
    assert code == 2 and errors.startswith("Error: ") and "jiading init" in errors


@pytest.mark.parametrize(
    "path",
    [
        "/../jiading.toml",
        "/%2e%2e/jiading.toml",
        "/_jiading/share/../../jiading.toml",
        "/en/%00",  # no file can have this name
        "/" + "a" * 5000,  # too long for one
        "/_jiading/share/" + "b" * 5000 + "/",
        "/en/%ff%fe/",
    ],
)
def test_nothing_outside_the_preview_folder_is_served(serving: Serving, path: str) -> None:
    import http.client

    host, port = serving.url.removeprefix("http://").strip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("GET", path)
    answer = connection.getresponse()
    body = answer.read().decode("utf-8")
    connection.close()
    assert answer.status == 404 and "base_url" not in body
    assert serving.get(EN_PAGE)[0] == 200  # and the server goes on answering
    assert "Traceback" not in "".join(serving.errors)


def test_quiet_prints_the_address_and_failed_rebuilds_only(tmp_path: Path) -> None:
    running = start(site(tmp_path), "--port", "0", "-q")
    try:
        assert running.seen == [f"Serving {running.url} (Ctrl-C to stop)\n"]
        source = tmp_path / "articles/en/2016/park.md"
        source.write_text(source.read_text(encoding="utf-8").replace("opens in May", "opens in June"))
        time.sleep(2)
        source.write_text(source.read_text(encoding="utf-8").replace("date: 2016-05-01T09:00:00+08:00", "date: May"))
        running.wait_for(r"rebuild failed in .* after articles/en/2016/park.md changed")
        assert [line for line in running.seen if "rebuilt" in line] == []
    finally:
        running.stop()


def test_every_share_preview_is_listed_even_without_pages(tmp_path: Path) -> None:
    root = site(tmp_path)
    config = root / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[pages]\n", "[pages]\nenabled = false\n"))
    running = start(root, "--port", "0")
    try:
        assert running.get(EN_PAGE)[0] == 404  # no article pages on this site
        code, _, text = running.get("/_jiading/share/")
        assert code == 200 and '<a href="/_jiading/share/">All share previews</a>' in text
        rows = etree.HTML(text).xpath("//table//tr[td]")
        listed = {row.xpath("string(td[1])"): row.xpath("string(td[3])") for row in rows}
        assert listed["Draft budget"] == "draft" and listed["Investment forum"] == "scheduled" and len(listed) == 6
        link = etree.HTML(text).xpath("//a[text()='Financial industry to boost Jiading']/@href")
        assert link == ["/_jiading/share" + EN_PAGE]
        assert running.get(link[0])[0] == 200
    finally:
        running.stop()


def test_a_site_with_an_error_is_served_and_rebuilt_once_fixed(tmp_path: Path) -> None:
    root = site(tmp_path)
    source = root / "articles/en/2016/park.md"
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("date: 2016-05-01T09:00:00+08:00", "date: May"), encoding="utf-8")
    running = start(root, "--port", "0")
    try:
        assert any("build failed in" in line and "every page shows the problems until fixed:" in line
                   for line in running.seen)  # fmt: skip
        assert not any("rebuild failed" in line for line in running.seen)  # told once, not again as a rebuild
        code, _, text = running.get("/")
        assert code == 404 and 'id="jiading-preview"' in text  # nothing built yet: the problems show over it
        source.write_text(good, encoding="utf-8")
        running.wait_for(r"rebuilt in .* after articles/en/2016/park.md changed: \d+ files changed")
        assert running.get("/")[0] == 200
    finally:
        running.stop()


def test_a_base_url_with_a_path_is_served_below_it(tmp_path: Path) -> None:
    import http.client

    root = site(tmp_path)
    config = root / "jiading.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('.com"', '.com/invest"', 1), encoding="utf-8")
    running = start(root, "--port", "0")
    try:
        assert running.url.endswith("/invest/")
        host, port = running.url.removeprefix("http://").split("/")[0].split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        connection.request("GET", "/")
        answer = connection.getresponse()
        assert (answer.status, answer.getheader("Location")) == (302, "/invest/")
        connection.close()
        code, _, text = running.get(EN_PAGE)
        assert code == 200 and f'href="/_jiading/share/invest{EN_PAGE}"' in text
        assert running.get("/_jiading/share/invest" + EN_PAGE)[0] == 200
    finally:
        running.stop()


def test_a_deleted_preview_folder_is_made_again(serving: Serving, tmp_path: Path) -> None:
    """The preview folder removed by hand while the server runs (``rm -rf public-preview``): it is built again at
    once, not served as the 404 page until an article changes."""
    import shutil

    assert serving.get("/en/news/2016/05/innovation-park/")[0] == 200
    shutil.rmtree(tmp_path / "public-preview")
    serving.wait_for(r"rebuilt in \d+\.\d\d s after public-preview changed: (\d+) files changed")
    assert serving.get("/en/news/2016/05/innovation-park/")[0] == 200


@pytest.mark.parametrize("when", ["before", "while"])
def test_a_name_that_is_not_utf_8_anywhere_in_the_site_ends_nothing(tmp_path: Path, when: str) -> None:
    """One before the start (in ``node_modules``) or one while it runs (in ``.git``): the system's watcher fails on
    it; that is said once, and the site is looked over instead."""
    import os

    root = site(tmp_path)
    (root / "node_modules").mkdir()
    (root / ".git").mkdir()
    if when == "before":
        os.mkdir(os.path.join(os.fsencode(root), b"node_modules", b"x\xff"))
    running = start(root, "--port", str(free_port()))
    try:
        if when == "while":
            open(os.path.join(os.fsencode(root), b".git", b"y\xff"), "w").close()
            running.stderr("Warning: the file watcher failed")
        article = next((root / "articles").rglob("park2.md"))
        article.write_text(article.read_text(encoding="utf-8").replace("Text.", "Text, edited."), encoding="utf-8")
        end = time.monotonic() + 30
        while "Text, edited." not in running.get("/en/news/2017/08/innovation-park/")[2] and time.monotonic() < end:
            time.sleep(0.1)
        assert "Text, edited." in running.get("/en/news/2017/08/innovation-park/")[2]
    finally:
        code, errors = running.stop()
    assert code == 130 and "Traceback" not in errors, errors
    assert errors.count("Warning: the file watcher failed") == 1, errors


@pytest.mark.parametrize(
    ("first", "second", "code"),
    [(signal.SIGTERM, signal.SIGHUP, 143), (signal.SIGHUP, signal.SIGTERM, 129), (signal.SIGINT, signal.SIGTERM, 130)],
)
def test_a_second_signal_while_stopping_cuts_nothing_short(tmp_path: Path, first: int, second: int, code: int) -> None:
    running = start(site(tmp_path), "--port", str(free_port()))
    running.process.send_signal(first)
    for _ in range(5):  # while it stops (the first has been heard by then: the watcher listens every 50 ms)
        time.sleep(0.1)
        if running.process.poll() is None:
            running.process.send_signal(second)
    ended, errors = running.ended()
    assert ended == code and "Traceback" not in errors, errors
    assert len(errors.splitlines()) == (0 if code == 130 else 1), errors
