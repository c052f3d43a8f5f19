"""Finding a site's config file: ``--config``, ``$JIADING_CONFIG``, or the first ``jiading.toml`` up from a folder,
and why a path named is none."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from jiading_cli.base.realpath import names_nothing, not_the_folder, real
from jiading_cli.config import environment
from jiading_cli.model.errors import SiteNotFoundError, UsageError

CONFIG_NAME = "jiading.toml"


def find_config(start: Path, explicit: str | None = None) -> Path:
    """The config file: ``explicit`` (``--config``), ``$JIADING_CONFIG``, or walk up from start. A path named either
    way is looked at alike, and one that is no config file is said alike (``…: expected a config file (jiading.toml),
    found a FIFO``), the variable's line naming the variable first; white space around either is read alike
    (:func:`_named`)."""
    if explicit is not None and not explicit.strip():
        raise UsageError(f"--config: expected the path of a jiading.toml or of its folder, got {explicit!r}")
    chosen = explicit or environment.config_path()
    if chosen:
        text = _named(chosen)
        path = Path(text)
        # 'jiading.toml/' names a folder, as the system reads it ("Not a directory"); a Path drops the '/'
        refused = not_the_folder(text, lambda named: _shown(chosen, Path(named)))
        if refused is not None:
            raise UsageError(refused if explicit else f"{environment.CONFIG}: {refused}")
        if os.path.isdir(path):  # noqa: PTH112 - False, never an error, for a name no file system allows
            path = path / CONFIG_NAME
        if not os.path.isfile(path):  # noqa: PTH113 - as above
            said = f"{_shown(chosen, path)}: {_not_a_file(path)}"
            raise UsageError(said if explicit else f"{environment.CONFIG}: {said}")
        return real(path)
    here = real(start)
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        try:
            os.lstat(candidate)
        except OSError as exc:
            if names_nothing(exc):
                continue
            # a look refused (a folder on the way shut): the site's own may be there, never a folder above it
            raise UsageError(f"{candidate}: cannot tell whether it is there: {exc.strerror or exc}") from None
        if candidate.is_file():
            return candidate
        raise UsageError(f"{candidate}: {_not_a_file(candidate)}")  # the site's own, unusable: never one above it
    raise SiteNotFoundError(str(start))


def _named(given: str) -> str:
    """The path ``given`` (``--config`` or ``$JIADING_CONFIG``) names: the value as given when something is there,
    since a file's name may begin or end with a space; else the value without the white space around it, which a
    variable set in CI or from a file often carries (a line's end). A ``~`` is a home folder, as a shell reads it."""
    exact = os.path.expanduser(given)  # noqa: PTH111 - as a shell does: ~name of no user stays as written
    trimmed = given.strip()
    if trimmed == given or os.path.lexists(exact):
        return exact
    return os.path.expanduser(trimmed)  # noqa: PTH111 - as above


def _shown(given: str, path: Path) -> str:
    """``path`` as an error line names it: quoted when the value has white space around it, so that the white space
    shows, and the value as given too when :func:`_named` took the white space off."""
    if given.strip() == given:
        return str(path)
    kept = os.path.lexists(os.path.expanduser(given))  # noqa: PTH111 - as _named reads it
    return repr(str(path)) + ("" if kept else f" (nothing at {given!r} either, as given)")


def _not_a_file(path: Path) -> str:
    """Why ``path`` is no config file: nothing there, or something other than a file (a device, a FIFO…)."""
    from jiading_cli.base.filekinds import KINDS

    try:
        mode = os.stat(path).st_mode  # noqa: PTH116 - a name no file system allows is a ValueError, caught
    except (OSError, ValueError) as exc:
        if _is_link(path):
            loop = getattr(exc, "errno", None) == errno.ELOOP
            return (
                f"expected a config file (jiading.toml), found a symbolic link {'in a loop' if loop else 'to nothing'}"
            )
        if isinstance(exc, OSError) and not names_nothing(exc):  # a disk failing, a look refused
            return f"cannot tell what it is: {exc.strerror or exc}"
        return "no such config file"
    return f"expected a config file (jiading.toml), found {KINDS.get(stat.S_IFMT(mode), 'something other than a file')}"


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)  # a name no file system allows is no link, never an error
    except (OSError, ValueError):
        return False
