"""A file an article names that the rules found, and that is gone by the time the build comes to publish it (removed,
a checkout switching branches, a sync between folders): the build ends in one line naming it, exit 1, and puts
nothing in place, never a site published with its images missing and exit 0. The next build, once the file is
back, gives what a clean build gives."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from conftest import Site, cold_output, tree
from jiading_cli.app import validate as validating
from tinyimages import noisy_png


def _removed_after_the_rules(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    """``paths`` are removed from the disk the moment the site's rules have run on it."""
    real = validating.validate

    def validate(*args: Any, **kwargs: Any) -> Any:
        report = real(*args, **kwargs)
        for path in paths:
            if path.exists():
                os.unlink(path)
        return report

    monkeypatch.setattr(validating, "validate", validate)


@pytest.mark.parametrize("cache", ["on", "off"])
@pytest.mark.parametrize("ref", ["photo.png", "images/photo.png", "./images/../photo%20one.png"])
def test_a_named_file_gone_after_the_rules_ran_is_an_error_line(
    site: Site, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory, cache: str, ref: str
) -> None:
    image = site.root / "articles" / ref.replace("./images/../", "").replace("%20", " ")
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(noisy_png(8, 8))
    site.article("a.md", body=f"A photo:\n\n![A photo]({ref})\n")
    before = tree(site.root / "public") if (site.root / "public").exists() else {}
    with monkeypatch.context() as patched:
        _removed_after_the_rules(patched, image)
        failed = site.run("build", env={"JIADING_CACHE": cache})
    assert failed.exit_code == 1, failed.output
    shown = image.relative_to(site.root).as_posix()
    assert failed.stderr == f"Error: {shown}: cannot read: it is gone since the articles were validated\n"
    assert (tree(site.root / "public") if (site.root / "public").exists() else {}) == before
    image.write_bytes(noisy_png(8, 8))
    again = site.run("build", env={"JIADING_CACHE": cache})
    assert again.exit_code == 0, again.output
    assert tree(site.root / "public") == cold_output(site.root, tmp_path_factory.mktemp("cold") / "site")
