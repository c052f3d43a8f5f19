"""A body's URL with a '%' that starts no escape (``https://e.com/a%zz``) or a second '#' (``https://e.com/a#b#c``)
is one JD163 line, as such a URL is in ``image`` and ``canonical_url``, however the body names it; a file's own name
may hold a '%'.

Such a link was published as written in every page, feed and email: the Nu HTML Checker rejected the page ('"%" is
not followed by two hexadecimal digits') and each reader took the URL its own way, while the same URL in the front
matter was an error; a second '#' ("Illegal character in fragment") passed in both.
"""

from __future__ import annotations

import pytest

from conftest import CONFIG, Site

ESCAPE = "a '%' in it is not followed by two hexadecimal digits, as in no URL (write '%' as %25)"
HASH = "a second '#' in it, which no URL's fragment may hold (write it as %23)"
BAD = {
    **dict.fromkeys(["https://e.com/a%zz", "https://e.com/a%", "https://e.com/?q=a%2", "https://e.com/#a%",
                     "mailto:a%b@c.d", "tel:+1%2", "ftp://e.com/a%b", "https://e.com/%%41"], ESCAPE),
    **dict.fromkeys(["https://e.com/a#b#c", "https://e.com/##", "mailto:a@b.c#x#y", "doc.pdf#p#q"], HASH),
}  # fmt: skip
GOOD = ["https://e.com/a%25zz", "https://e.com/%41", "https://e.com/?q=%E4%B8%AD", "mailto:a%40b@c.d"]
WAYS = {  # how a body names a URL, and whether raw HTML is kept
    "a link": ("[the report]({})", False),
    "an image": ("![a chart]({})", False),
    "an autolink": ("<{}>", False),
    "a reference": ("[the report][r]\n\n[r]: {}", False),
    "raw HTML": ('<a href="{}">the report</a>', True),
}


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("url", BAD)
def test_a_stray_percent_sign_is_one_jd163_line(site: Site, way: str, url: str) -> None:
    shape, unsafe = WAYS[way]
    site.write("articles/en/doc.pdf", "%PDF-1.4")
    if unsafe:
        (site.root / "jiading.toml").write_text(CONFIG + "\n[markdown]\nunsafe_html = true\n", encoding="utf-8")
    if way == "an image" and not url.startswith(("https:", "doc")):
        return  # an image of another scheme is dropped (JD165)
    if way == "an autolink" and ":" not in url:
        return  # no autolink without a scheme: raw HTML, shown as text
    site.article("en/a.md", body=f"Intro.\n\n{shape.format(url)}\n")
    checked = site.run("validate")
    said = [line for line in checked.stdout.splitlines() if " JD" in line and " JD165 " not in line]
    line = 11 if way == "a reference" else 9  # the body starts on line 7: the link, or the definition it uses
    assert checked.exit_code == 1
    assert said == [
        f"articles/en/a.md:{line}: error JD163 body: expected a URL or a file name, got {url!r}: {BAD[url]}"
    ], said
    built = site.run("build")
    assert built.exit_code == 1 and not (site.root / "public").exists()


@pytest.mark.parametrize("url", GOOD)
def test_an_escape_or_a_files_own_percent_sign_is_taken(site: Site, url: str) -> None:
    site.write("articles/en/a%b.txt", "a file whose name holds a '%'")
    site.article("en/a.md", body=f"[the report]({url}) <{url}> [the file](a%b.txt)\n")
    checked = site.run("validate")
    assert checked.exit_code == 0 and " JD16" not in checked.stdout, checked.stdout
    assert site.run("build").exit_code == 0


@pytest.mark.parametrize("field", ["canonical_url", "image"])
def test_a_second_hash_sign_in_a_front_matter_url_is_an_error_too(site: Site, field: str) -> None:
    site.article("en/a.md", **{field: "https://e.com/a.png#b#c", "image_alt": "A chart"})
    checked = site.run("validate")
    assert checked.exit_code == 1 and HASH.removesuffix(" (write it as %23)") in checked.stdout, checked.stdout
