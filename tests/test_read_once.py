"""`jiading.toml` edited by another hand while a command runs, after the command read it.

The rule: every store keys the config by the text the run read and built from (``Config.text``), never by the file
read again later. Otherwise a build made from the old settings is stored under the new ones, and the next run,
finding nothing changed, shows the old site as current.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CONFIG, Site, front, settle

EDITED = CONFIG.replace('title = "Invest in Jiading"', 'title = "Jiading Investment News"')


def _published(root: Path, folder: str = "public") -> dict[str, bytes]:
    public = root / folder
    return {p.relative_to(public).as_posix(): p.read_bytes() for p in public.rglob("*") if p.is_file()}


@pytest.mark.parametrize("command", [("build",), ("feed", "build")])
def test_a_config_edited_after_it_was_read_is_read_again_by_the_next_run(
    site: Site, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    """The site is built; then a build starts, and the config is edited the instant after it read it. That build
    makes the site of the settings it read; the next one, of the edited settings, exactly what a build without
    any cache makes of them."""
    from jiading_cli.app import build, feeds
    from jiading_cli.incremental import api

    assert CONFIG != EDITED
    site.write("articles/hall.md", front(slug="hall") + "\nThe hall.\n")
    settle(site.root)
    assert site.run(*command).exit_code == 0
    config = site.root / "jiading.toml"
    real = api.open_cache

    def edited_then_opened(loaded: object) -> object:
        config.write_text(EDITED, encoding="utf-8")
        settle(site.root)  # and old enough to be trusted by its stat
        return real(loaded)  # type: ignore[arg-type]  # the run's own config

    with monkeypatch.context() as patched:
        for module in (build, feeds):
            patched.setattr(module, "open_cache", edited_then_opened)
        site.write("articles/hall.md", front(slug="hall") + "\nThe hall, edited.\n")
        settle(site.root)
        racing = site.run(*command)
    assert racing.exit_code == 0, racing.output
    assert b"Jiading Investment News" not in b"".join(_published(site.root).values())  # the settings it read
    again = site.run(*command)
    assert again.exit_code == 0, again.output
    clean = site.run(*command, "--out", "clean", env={"JIADING_CACHE": "off"})
    assert clean.exit_code == 0, clean.output
    assert _published(site.root) == _published(site.root, "clean")
