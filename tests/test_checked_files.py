"""A file an article names, changed by another hand after the rules checked it and before the command ends (an
editor saving it while a build runs).

The rule: what a run records of such a file, and what it publishes of it, is what the rules saw. The stores that
spare a later run the check (the feed ledger, the whole answers of ``validate``, ``feed build`` and ``build``) keep
the file's stat as the rules found it, so the next run finds it changed and checks it again; and a build copies
the file only while it still has that stat, so no build publishes bytes its rules did not see. Each case is
checked against what a run without any cache says of the site as it is then.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import Site, front, settle
from jiading_cli.validate import images
from tinyimages import noisy_png

NOT_AN_IMAGE = b"not an image, saved over the picture"


def _article(site: Site, name: str, *, draft: bool = False) -> None:
    fields = {"slug": "hall"}
    if draft:
        fields["draft"] = "true"
    site.write(f"articles/{name}", front(**fields) + "\nThe new hall.\n\n![The hall](hall.png)\n")


def _old(path: Path, seconds: float = 60) -> None:
    """``path`` modified ``seconds`` ago, as far as its mtime says (its ctime is now)."""
    when = path.stat().st_mtime - seconds
    os.utime(path, (when, when))


@pytest.fixture(params=[NOT_AN_IMAGE, NOT_AN_IMAGE * 3_000], ids=["small", "grown past 64 KiB"])
def overwritten(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[Callable[[Path], None]]:
    """Arm: the first time the rules read the header of ``image``, it is then saved over with something that is no
    image, its mtime set a minute back (so that no store takes it for a file changed too recently to trust); small,
    or grown past the 64 KiB a small file is copied in one read (``base.blocks.whole``): copied a block at a time."""
    saved: bytes = request.param
    armed: list[Path] = []
    real = images.looked  # as the probe reads a header

    def looked(path: str) -> object:
        found = real(path)
        if armed and Path(path) == armed[0].resolve():
            image = armed.pop()
            image.write_bytes(saved)
            _old(image)
        return found

    monkeypatch.setattr("jiading_cli.validate.probe.looked", looked)
    yield armed.append
    assert not armed, "the rules never read the image"


def _published(site: Site) -> dict[str, bytes]:
    public = site.root / "public"
    return {p.relative_to(public).as_posix(): p.read_bytes() for p in public.rglob("*") if p.is_file()}


def _clean(site: Site, *args: str) -> str:
    done = site.run(*args, env={"JIADING_CACHE": "off"})
    assert done.exit_code == 1, done.output
    assert "JD166" in done.output
    return done.output


def test_a_build_does_not_publish_an_image_changed_after_its_check(
    site: Site, overwritten: Callable[[Path], None]
) -> None:
    """The image is saved over between its check and its copy: the build ends in one line naming it and telling
    what to do, exit 1, and puts nothing in place; the next build checks the file as it is."""
    image = site.root / "articles" / "hall.png"
    image.write_bytes(noisy_png(8, 8, 0))
    _article(site, "hall.md")
    _old(image)
    overwritten(image)
    racing = site.run("build", env={"JIADING_JOBS": "1"})
    assert racing.exit_code == 1, racing.output
    assert racing.output.strip().splitlines()[-1] == (
        "Error: articles/hall.png: changed while the build ran, after it was checked; build again"
    )
    assert "Traceback" not in racing.output
    assert not (site.root / "public").exists() or _published(site) == {}
    _clean(site, "build")
    again = site.run("build")
    assert again.exit_code == 1, again.output
    assert "JD166" in again.output


def test_an_incremental_build_does_not_publish_an_image_changed_after_its_check(
    site: Site, overwritten: Callable[[Path], None]
) -> None:
    """After a good build, an article is edited and its new image saved over after the incremental build checked
    it: nothing of the build goes in place, and the next build finds the file as it is."""
    (site.root / "articles" / "old.png").write_bytes(noisy_png(8, 8, 1))
    site.write("articles/hall.md", front(slug="hall") + "\nThe hall.\n\n![The hall](old.png)\n")
    for path in (site.root / "articles").iterdir():
        _old(path)
    first = site.run("build")
    assert first.exit_code == 0, first.output
    built = _published(site)
    image = site.root / "articles" / "hall.png"
    image.write_bytes(noisy_png(8, 8, 2))
    site.write("articles/hall.md", front(slug="hall") + "\nThe new hall.\n\n![The hall](hall.png)\n")
    for path in (site.root / "articles").iterdir():
        _old(path, 30)
    overwritten(image)
    racing = site.run("build")
    assert racing.exit_code == 1, racing.output
    assert "articles/hall.png: changed while the build ran, after it was checked; build again" in racing.output
    assert _published(site) == built
    _clean(site, "build")
    again = site.run("build")
    assert again.exit_code == 1, again.output
    assert "JD166" in again.output


@pytest.mark.parametrize("command", [("build",), ("feed", "build"), ("validate",)])
def test_a_file_changed_after_its_check_is_checked_again_by_the_next_run(
    site: Site, overwritten: Callable[[Path], None], command: tuple[str, ...]
) -> None:
    """A draft's image (checked by every run, copied by none) saved over after its check: the run that checked it
    says nothing of it (it saw an image), and the next run, from whatever that run kept, says what a run without
    any cache says: JD166."""
    image = site.root / "articles" / "hall.png"
    image.write_bytes(noisy_png(8, 8, 3))
    _article(site, "hall.md", draft=True)
    (site.root / "articles" / "other.md").write_text(
        front(id="urn:uuid:00000000-0000-4000-8000-000000000002", slug="other") + "\nAnother.\n", encoding="utf-8"
    )
    settle(site.root)  # every file the answer stands on old enough to be trusted by its stat
    overwritten(image)
    racing = site.run(*command)
    assert racing.exit_code == 0, racing.output
    _clean(site, *command)
    again = site.run(*command)
    assert again.exit_code == 1, again.output
    assert "JD166" in again.output


@pytest.mark.parametrize("first", ["full", "incremental"])
def test_a_file_rewritten_within_a_tick_of_its_check_is_checked_again(
    site: Site, monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    """A file changed moments before its check could be rewritten within one tick of the file system's clock and
    keep its stat (here: the next run is told the stat it was checked with). What the build keeps of it then
    matches no stat, and the next run checks it again, as with an article file changed just before a build."""
    from jiading_cli.incremental import avoidance

    image = site.root / "articles" / "hall.png"
    image.write_bytes(noisy_png(8, 8, 4))
    site.write("articles/other.md", front(id="urn:uuid:00000000-0000-4000-8000-000000000002", slug="o") + "\nA.\n")
    if first == "full":
        _article(site, "hall.md", draft=True)
        settle(site.root)
        image.write_bytes(noisy_png(8, 8, 5))  # changed moments before the build checks it
    else:
        site.write("articles/hall.md", front(slug="hall", draft="true") + "\nThe hall.\n")
        settle(site.root)
        assert site.run("build").exit_code == 0  # a full build, without the image
        _article(site, "hall.md", draft=True)  # now naming it: read by an incremental build
        settle(site.root)
        image.write_bytes(noisy_png(8, 8, 5))
    checked = avoidance.stat(str(image))
    assert site.run("build").exit_code == 0
    image.write_bytes(NOT_AN_IMAGE)
    real = avoidance.stat
    monkeypatch.setattr(avoidance, "stat", lambda path: checked if path == str(image) else real(path))
    _clean(site, "build")
    again = site.run("build")
    assert again.exit_code == 1, again.output
    assert "JD166" in again.output


def test_an_image_changed_again_after_a_build_that_found_it_just_changed_is_published_anew(site: Site) -> None:
    """An image saved moments before a build (so kept as known by no stat), then saved again: the next build,
    incremental, takes no copy in place for the new bytes, and publishes them (as a build without any cache)."""
    image = site.root / "articles" / "hall.png"
    site.write("articles/hall.md", front(slug="hall") + "\nThe hall.\n\n![The hall](hall.png)\n")
    settle(site.root)
    image.write_bytes(noisy_png(8, 8, 6))  # moments before the build
    assert site.run("build").exit_code == 0
    image.write_bytes(noisy_png(8, 8, 7))  # the same size, other bytes
    done = site.run("build")
    assert done.exit_code == 0, done.output
    assert "1 asset files: 0 new, 1 changed, 0 unchanged" in done.output, done.output
    assert (site.root / "public" / "hall.png").read_bytes() == image.read_bytes()
