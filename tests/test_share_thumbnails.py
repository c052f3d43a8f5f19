"""A lead image LinkedIn does not take as a post's thumbnail — a WebP, AVIF or SVG image, or one of 36,152,320
pixels or more (a 50-megapixel phone photo) — is never uploaded: the post goes without a thumbnail, the dry run
says why, and `validate` warns of an image so named (JD186). Uploaded, LinkedIn's Images API (JPEG, PNG and GIF of
fewer than 36,152,320 pixels) would refuse it, and the post would fail in every run. A loopback server answers as
the Images and Posts APIs do; an image just under the pixels LinkedIn takes is uploaded
(``tests/test_share_linkedin.py``)."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Response

from jiading_cli.base.imagesize import EXTENSIONS
from jiading_cli.share.thumbnails import named_problem
from share.sites import POSTS_PATH, ShareSite, make_site
from tinyimages import AVIF, PNG, SVG, WEBP, png_header

TAKEN = "LinkedIn takes a JPEG, PNG or GIF image of fewer than 36,152,320 pixels as a post's thumbnail"


@pytest.fixture
def site(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> ShareSite:
    monkeypatch.chdir(tmp_path)
    return make_site(tmp_path, base=httpserver.url_for("/"))


def _with_image(site: ShareSite, name: str, data: bytes) -> None:
    (site.root / "articles" / name).write_bytes(data)
    site.article(extra=f"image: {name}\nimage_alt: The signing ceremony\n")


def _created(urn: str = "urn:li:share:7001") -> Response:
    return Response("", status=201, headers={"x-restli-id": urn})


LEFT_OUT = [
    ("lead.webp", WEBP, "a WebP image"),
    ("lead.avif", AVIF, "a AVIF image"),
    ("lead.svg", SVG, "a SVG image"),
    ("lead.png", png_header(8160, 6120), "8160×6120 pixels (49,939,200)"),
    ("edge.png", png_header(6014, 6012), "6014×6012 pixels (36,156,168)"),
]


@pytest.mark.parametrize(("name", "data", "found"), LEFT_OUT, ids=[name for name, _, _ in LEFT_OUT])
def test_an_image_linkedin_does_not_take_is_left_out_and_the_post_goes(
    site: ShareSite, httpserver: HTTPServer, name: str, data: bytes, found: str
) -> None:
    _with_image(site, name, data)
    note = f"(no thumbnail: articles/{name} is {found}; {TAKEN})"
    dry = site.run("share", "--network", "linkedin")
    assert dry.exit_code == 0, dry.output
    assert note in dry.output
    assert "the thumbnail is uploaded first" not in dry.output
    shown = json.loads(site.run("share", "--network", "linkedin", "--json").output)
    assert note[1:-1] in json.dumps(shown, ensure_ascii=False)
    httpserver.expect_oneshot_request(POSTS_PATH, method="POST").respond_with_response(_created())
    posted = site.run("share", "--post", "--network", "linkedin")
    assert posted.exit_code == 0, posted.output
    assert [request.path for request, _ in httpserver.log] == [POSTS_PATH]  # nothing uploaded
    body = json.loads(httpserver.log[0][0].get_data())
    assert "thumbnail" not in body["content"]["article"]
    assert [record["state"] for record in site.records()] == ["posted"]


def test_validate_warns_of_an_image_named_as_a_kind_linkedin_does_not_take(site: ShareSite) -> None:
    _with_image(site, "lead.webp", WEBP)
    result = site.run("validate")
    assert result.exit_code == 0, result.output
    line = next(each for each in result.output.splitlines() if " JD186 " in each)
    assert line == (
        "articles/a.md:7: warning JD186 image: linkedin: expected a JPEG, PNG or GIF image, the kinds LinkedIn takes "
        "as a thumbnail, found a WebP image: the LinkedIn post goes without a thumbnail"
    )


@pytest.mark.parametrize(
    ("name", "data", "networks"),
    [("lead.png", PNG, None), ("lead.webp", WEBP, '["facebook", "email"]')],
    ids=["a PNG image", "LinkedIn not among share.networks"],
)
def test_validate_says_nothing_where_linkedin_takes_it_or_is_not_posted_to(
    site: ShareSite, name: str, data: bytes, networks: str | None
) -> None:
    if networks is not None:
        config = site.root / "jiading.toml"
        config.write_text(config.read_text(encoding="utf-8").replace("[share]\n", f"[share]\nnetworks = {networks}\n"))
    _with_image(site, name, data)
    result = site.run("validate")
    assert result.exit_code == 0, result.output
    assert "JD186" not in result.output


PIECES = ["a", ".", "/", "webp", "svg", "avif", "png", "?", "#", "..", "W", "-", "SVG"]


@given(st.lists(st.sampled_from(PIECES), max_size=10).map("".join))
def test_the_name_is_read_as_pathlib_reads_it(ref: str) -> None:
    """``named_problem`` reads a reference's suffix as strings (validate asks once an article), as pathlib does."""
    kind = EXTENSIONS.get(PurePosixPath(ref.split("?", 1)[0].split("#", 1)[0]).suffix.lower())
    assert named_problem(ref) == (None if kind is None or kind in ("JPEG", "PNG", "GIF") else f"a {kind} image")
