"""`init` never starts a site among another site's own files: in its articles folder the examples would be that site's
articles (its next validate failing on their URLs, its feeds carrying them), in its output or preview folder its next
build would remove them, in its cache anyone may delete them, in its templates or ``.git`` they are not a site's. The
nearest ``jiading.toml`` above names the other site, its folders read as every command reads them (or their defaults,
when it cannot be read); the refusal is one line, exit 2, and nothing is written. Beside those folders a site may
hold another."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONFIG
from test_init_edges import empty_folder, here, run
from test_new_article_edges import snapshot

NAMED = CONFIG + '\n[pages]\ntemplates_dir = "theme"\n'
CUSTOM = NAMED.replace('authors = ["Newsroom"]', 'authors = ["Newsroom"]\narticles_dir = "posts"\noutput_dir = "out"')
OWN = {  # the other site's own folders, by the config it has: its defaults, its own names, or one that cannot load
    CONFIG: ["articles", "templates", "public", "public-preview", ".jiading-cache", ".git"],
    CUSTOM: ["posts", "theme", "out", "out-preview", ".jiading-cache", ".git"],
    "[site\n": ["articles", "templates", "public", "public-preview", ".jiading-cache", ".git"],
}


@settings(max_examples=60, deadline=None)
@given(
    config=st.sampled_from(sorted(OWN)),
    which=st.integers(0, 5),
    below=st.sampled_from(["", "news", "en/2026"]),
    start=st.sampled_from(["", "sub"]),
)
def test_a_new_site_is_never_made_among_another_sites_own_files(
    config: str, which: int, below: str, start: str
) -> None:
    with empty_folder() as root:
        (root / "jiading.toml").write_text(config, encoding="utf-8")
        (root / OWN[config][which]).mkdir()
        (root / "sub").mkdir()
        folder = "/".join(part for part in (OWN[config][which], below) if part)
        given = f"../{folder}" if start else folder
        before = snapshot(root)
        with here(root / start):
            result = run("init", "--yes", "--", given)
        assert result.exit_code == 2, result.output
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"Error: {given}: expected a folder of its own for the new site, but it "), line
        assert f" folder of the site at {root.resolve()} ({OWN[config][which]}/); " in line
        assert line.endswith("start it elsewhere (nothing was written)")
        assert snapshot(root) == before


def test_a_site_may_hold_another_beside_its_own_folders() -> None:
    with empty_folder() as root:
        (root / "jiading.toml").write_text(CONFIG, encoding="utf-8")
        (root / "articles").mkdir()
        result = run("init", "--yes", "--", "docs/example")
        assert result.exit_code == 0, result.output
        with here(root):
            assert run("validate").exit_code == 0


@settings(max_examples=60, deadline=None)
@given(
    config=st.sampled_from(sorted(OWN)),
    which=st.integers(0, 5),
    upper=st.lists(st.booleans(), min_size=14, max_size=14).filter(any),
    form=st.sampled_from(["NFC", "NFD"]),
)
def test_a_folder_alike_another_sites_own_but_for_case_or_form_is_among_them(
    config: str, which: int, upper: list[bool], form: str
) -> None:
    """``init Articles/x`` beside a site whose articles are ``articles`` made a site inside that site's articles
    folder on Windows and macOS, which take the two names for one: it is refused as ``articles/x`` is, saying why."""
    own = OWN[config][which]
    written = unicodedata.normalize(form, "".join(c.upper() if u else c for c, u in zip(own, upper, strict=False)))
    written += own[len(upper) :]
    with empty_folder() as root:
        (root / "jiading.toml").write_text(config, encoding="utf-8")
        (root / own).mkdir()
        before = snapshot(root)
        with here(root):
            result = run("init", "--yes", "--", f"{written}/x")
        assert result.exit_code == 2, result.output
        (line,) = result.stderr.splitlines()
        alike = "" if written == own else ", but for case or Unicode form, which Windows and macOS do not tell apart"
        assert f" folder of the site at {root.resolve()} ({own}/){alike}; start it elsewhere" in line, line
        assert snapshot(root) == before
