"""Where a build writes: ``--out`` or ``site.output_dir`` (its preview folder for drafts), never among the
site's own files."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from jiading_cli.base.alike import ONE_THERE, placed
from jiading_cli.base.realpath import real, settled
from jiading_cli.config import Config
from jiading_cli.feeds.manifest import FeedWriteError
from jiading_cli.model.errors import UsageError


def output_folder(config: Config, out: str | None, preview: bool) -> Path:
    """``--out``, else ``site.output_dir``; a preview never goes into ``site.output_dir``, and no build goes
    where the site's own files are (:func:`check_apart`), nor through a loop of links (:func:`check_reachable`)."""
    return check_reachable(config, _chosen(config, out, preview))


def chosen_folder(config: Config, out: str | None, preview: bool) -> Path:
    """:func:`output_folder` but for what stands on the way there (a loop of links), which is each build's to say:
    `jiading serve` starts whatever stands on the way to its preview folder, and its rebuilds say what is wrong.
    A link where the preview folder itself goes is refused here too (:func:`check_own_preview`)."""
    return _chosen(config, out, preview)


def _chosen(config: Config, out: str | None, preview: bool) -> Path:
    if out == "":  # `--out "$DIR"` with DIR unset: never taken for no --out, and the deployed folder written
        raise UsageError("--out: expected a folder, got '' (nothing was written)")
    chosen = settled(Path(out)) if out else config.output_path  # never a folder made only to pass through
    check_apart(config, chosen, f"--out: {out}" if out else f"{_written(config)}: {config.site.output_dir}")
    if not preview:
        return chosen
    if not out:
        folder = config.output_path.with_name(config.output_path.name + "-preview")
        check_apart(config, folder, f"{_written(config)}: {config.site.output_dir} (its preview, {folder.name}/)")
        check_own_preview(config, folder)
        return folder
    relation, alike = placed(real(chosen), real(config.output_path))
    if relation in ("is", "is inside"):
        raise UsageError(
            f"--include-drafts: a preview never goes into {config.site.output_dir}/, which is deployed"
            f"{ONE_THERE if alike else ''}; pass another --out or leave it out"
        )
    return chosen


def _written(config: Config) -> str:
    """Where ``site.output_dir`` is set, as a config problem names it (``jiading.toml:4: site.output_dir``): a
    folder that a link makes one of the site's own is refused by the build, which follows links, and the line says
    which key to change."""
    from jiading_cli.config import shown_path
    from jiading_cli.config.lines import key_line, key_lines

    line = key_line(key_lines(config.text), "site.output_dir") if config.text else 0
    return f"{shown_path(config.path)}{f':{line}' if line else ''}: site.output_dir"


def check_own_preview(config: Config, folder: Path, strict: bool = False) -> None:
    """Raise :class:`UsageError` when a symbolic link stands where the preview folder goes (``strict``: anything
    but a folder or nothing). The preview folder is jiading's own, never a folder a user points elsewhere as the
    output folder may be: a build would write the whole preview through the link, wherever it leads. What stands
    on the way to it (a loop of links) is each build's to say, as for any output folder."""
    import stat

    from jiading_cli.base.filekinds import kind

    try:
        mode = folder.lstat().st_mode
    except (OSError, ValueError):
        return  # nothing there (the build makes it), or something on the way: the build says what
    if stat.S_ISLNK(mode) or (strict and not stat.S_ISDIR(mode)):
        shown = os.path.relpath(folder.absolute(), config.root.absolute())
        raise UsageError(
            f"{shown}: expected the preview folder jiading makes, found {kind(mode)}; remove it, and jiading makes "
            "the folder"
        )


def check_reachable(config: Config, folder: Path) -> Path:
    """``folder``, unless a loop of links stands at it or on the way to it: then one line naming the link (exit
    1), as for anything else in the way of the folder, before anything is looked up or written there."""
    try:
        folder.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            obstacle = folder
            while not os.path.lexists(obstacle) and obstacle.parent != obstacle:
                obstacle = obstacle.parent  # the link of the loop, named as written: no link is followed
            shown = os.path.relpath(obstacle.absolute(), config.root.absolute())
            raise FeedWriteError(f"{shown}: cannot write: a loop of links is in the way of the folder") from None
    return folder


def check_apart(config: Config, folder: Path, given: str, who: str = "a build", such: str = "public") -> None:
    """Raise :class:`UsageError` when ``folder`` would mix ``who``'s output with the site's own files: when it is the
    site's folder or holds it, or is (or holds, or is inside) the articles, the templates, the cache, ``.git`` or
    ``.github`` (the CI workflow ``init`` writes).

    A build writes pages, feeds and assets all over its folder and removes what its last build wrote, and ``share
    --out`` writes a folder for each article: an output folder must be one of its own, or an article, a template or
    the cache could be overwritten or mixed in (``such``: a folder to name instead).
    """
    target = real(folder)
    root = real(config.root)
    own = {
        "articles": config.articles_path,
        "templates": config.root / config.pages.templates_dir,
        "cache": config.root / ".jiading-cache",
        "git": config.root / ".git",
        "GitHub": config.root / ".github",  # its CI workflow, which `init` writes
    }
    if os.path.islink(own["cache"]):  # noqa: PTH114 - no cache, wherever it leads: no store is read or written through it
        del own["cache"]
    relation, alike = placed(target, root)
    if relation in ("is", "holds"):
        problem = f"{relation} the site's folder"
    else:
        overlaps = (_overlap(target, name, path, root) for name, path in own.items())
        problem, alike = next((found for found in overlaps if found[0]), ("", False))
    problem += ONE_THERE if problem and alike else ""
    if problem:
        raise UsageError(f"{given}: the output folder {problem}; {who} needs a folder of its own, such as '{such}'")


def _overlap(target: Path, name: str, path: Path, root: Path) -> tuple[str, bool]:
    """How the output folder ``target`` overlaps the site's ``name`` folder at ``path`` ('' when it does not), and
    whether only the case or the Unicode form of their names makes it so."""
    place = real(path)
    shown = place.relative_to(root).as_posix() if place.is_relative_to(root) else str(place)
    relation, alike = placed(target, place)
    return (f"{relation} the site's {name} folder ({shown}/)", alike) if relation else ("", False)
