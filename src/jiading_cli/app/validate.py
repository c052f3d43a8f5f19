"""``validate``: the site's report, recalled by build avoidance when nothing it reads has changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiading_cli.app.progress import SILENT, Progress
from jiading_cli.config import Config
from jiading_cli.incremental.api import Speed, open_cache
from jiading_cli.validate.report import Report

if TYPE_CHECKING:
    from jiading_cli.content.walk import Walk
    from jiading_cli.model.article import Loaded
    from jiading_cli.model.errors import Problem
    from jiading_cli.validate.probe import Stat

__all__ = [
    "Report",
    "checked",
    "shut_out",
    "site_report",
    "unfollowed",
    "unused_templates",
    "validate",
    "with_unfollowed",
]


def validate(
    config: Config,
    now: dt.datetime,
    paths: Sequence[str] = (),
    every: Sequence[str | Path] | None = None,
    speed: Speed | None = None,
    progress: Progress = SILENT,
    preview: bool = False,
) -> Report:
    """Check the whole site (see :func:`jiading_cli.validate.site.validate`), through the site's cache;
    ``progress`` is told when loading and checking begin; ``preview``: for a build with drafts and scheduled
    articles."""
    from jiading_cli.validate import site

    cache = speed or open_cache(config)

    def load(paths: Sequence[str | Path], derive: site.Derive | None = None) -> tuple[list[Loaded], dict[str, Any]]:
        progress.step(f"loading {len(paths)} article{'' if len(paths) == 1 else 's'}")
        done = cache.load(paths, derive)
        progress.step("checking articles")
        return done

    return site.validate(config, now, paths, every, load=load, results=cache.results(), preview=preview)


def checked(
    speed: Speed, names: Sequence[str], named: Sequence[str], looked: Mapping[str, Stat | None]
) -> Report | None:
    """The report of a site whose rules an incremental feed build has just run (on the articles that changed;
    the others' results were its ledger's, and found no error): every article loaded, no problem listed;
    ``named``: the files the articles name, ``looked``: as the rules found them. None when a file no longer
    loads without an error (it changed since): then the site must be validated in full."""
    loaded, _ = speed.load(names)
    articles = tuple(item.article for item in loaded if item.ok and item.article is not None)
    if len(articles) != len(loaded):
        return None
    digests = {item.path: item.digest for item in loaded}
    return Report(len(loaded), articles, (), tuple(named), looked=dict(looked), digests=digests)


def site_report(config: Config, moment: dt.datetime, paths: Sequence[str], progress: Progress = SILENT) -> Report:
    """The validation report, the config's warnings (``JD003``, ``JD008``) among its problems as an article's are:
    counted, failing ``--strict``, in every format. They are this run's own (a version's retirement depends on
    the day), never part of a stored answer. An output folder no build could write into is refused as a build
    refuses it, a symbolic link that makes it one of the site's own folders included (``feeds.folder``)."""
    from jiading_cli.feeds.folder import chosen_folder

    chosen_folder(config, None, False)
    report = _articles_report(config, moment, paths, progress)
    told = (*config.warnings, *unused_templates(config), *unparsed_templates(config))
    if not told:
        return report
    return replace(report, problems=tuple(sorted([*report.problems, *told])))


def unused_templates(config: Config) -> tuple[Problem, ...]:
    """``JD175``, a warning for each file of the site's templates folder no page uses (a misspelt override,
    :mod:`jiading_cli.pages.unused`), naming the shipped template nearest to its name; none when ``validate.ignore``
    lists it or the site makes no pages. This run's own, from the folder as it is now, never a stored answer."""
    folder = config.root / config.pages.templates_dir
    if UNUSED in config.validate.ignore or not config.pages.enabled or not folder.is_dir():
        return ()  # the pages' modules are loaded only for a site with templates of its own
    from jiading_cli.model.errors import Problem
    from jiading_cli.pages.theme import TemplateError
    from jiading_cli.pages.unused import unused

    try:
        found = unused(folder, config.root)
    except TemplateError:  # a FIFO or a device in the folder: the build's error, said by it
        return ()
    return tuple(
        Problem(_in_templates(config, folder / name), 0, UNUSED, "warning", "", _unused_message(near))
        for name, near in found
    )


UNUSED = "JD175"
UNPARSED = "JD176"


def unparsed_templates(config: Config) -> tuple[Problem, ...]:
    """``JD176``, an error for each template of the site's templates folder that cannot be read (as the build's
    loader reads it) or that Jinja cannot parse: the build fails on it once a page takes it (a FIFO in the folder:
    always), so ``validate`` says it first, at its line (:func:`.pages.unused.unparsed`)."""
    from jiading_cli.base.realpath import standing
    from jiading_cli.content.site import relative
    from jiading_cli.model.errors import Problem

    folder = config.root / config.pages.templates_dir
    if UNPARSED in config.validate.ignore:
        return ()
    if not folder.is_dir() and (standing_there := standing(folder)) is not None:  # every build stops on it
        said = f"expected the folder of the site's templates (pages.templates_dir), found {standing_there}"
        return (Problem(relative(config, folder), 0, UNPARSED, "error", "", said),)
    if not config.pages.enabled or not folder.is_dir():
        return ()
    from jiading_cli.pages.theme import TemplateError
    from jiading_cli.pages.unused import unparsed

    try:
        found = unparsed(folder, config.root)
    except TemplateError:
        return ()
    return tuple(
        Problem(_in_templates(config, Path(path)), line, UNPARSED, "error", "", message)
        for path, line, message in found
    )


def _in_templates(config: Config, path: Path) -> str:
    """A file of the site's templates folder as the build names it: by its path in the folder, through any link
    there (``templates/parts/a.html`` of a linked ``parts``), never by where the link leads, which is not the file
    to rename or fix in the folder; relative to the site's root, as every path a command shows."""
    from jiading_cli.content.source import shown_path

    try:
        return shown_path(path.relative_to(config.root).as_posix())
    except ValueError:
        return shown_path(str(path))


def _unused_message(near: str | None) -> str:
    said = (
        "expected a template the theme takes, found a file no page uses: its name is none of the shipped "
        "templates', and no template of the site names it"
    )
    if near is None:
        return f"{said}; rename it, include it from a template, or remove it"
    return f"{said} (did you mean {near!r}?); rename it {near} to replace the shipped one"


def _articles_report(config: Config, moment: dt.datetime, paths: Sequence[str], progress: Progress) -> Report:
    """The articles' report; for the whole site, the stored one when nothing it read has changed."""
    from jiading_cli.incremental.avoidance import window

    speed = open_cache(config)
    if paths:
        from jiading_cli.content.site import walked

        report = validate(config, moment, paths, speed=speed, progress=progress)
        return with_unfollowed(config, report, walked(config, paths))  # the links below the folders named
    walk = speed.walk()
    names = walk.names
    from jiading_cli.model.errors import Problem

    answers = speed.answers("validate", (), names)
    stored = answers.recall(moment, tuple[int, tuple[Problem, ...]])  # the files checked, the problems
    if stored is not None:
        return with_unfollowed(config, Report(files=stored[0], articles=(), problems=stored[1]), walk)
    report = validate(config, moment, every=names, speed=speed, progress=progress)
    span, payload = window(report.articles, moment), (report.files, report.problems)
    answers.remember(moment, span, report.references, (), payload, looked=report.looked)
    return with_unfollowed(config, report, walk)


def unfollowed(config: Config, walk: Walk) -> tuple[Problem, ...]:
    """What the walk found of the articles folder itself: ``JD116`` for each symbolic link it did not follow (a
    folder, nothing, a loop), ``JD117`` for each name a checkout on another system cannot hold, ``JD118`` (an
    error) for each folder or link's target it could not read."""
    from jiading_cli.validate import portable, unfollowed, unreadable

    return (
        *unreadable.problems(config, walk.unreadable),
        *unfollowed.problems(config, walk.unfollowed),
        *portable.problems(config, walk.odd),
    )


def shut_out(config: Config, now: dt.datetime, walk: Walk, speed: Speed, preview: bool = False) -> Report | None:
    """For a build: when the walk could not read a part of the articles folder (``JD118``), the report of the
    articles it found, which stops the build before it writes anything, whatever a stored answer says (the build
    adds the walk's errors to it, :func:`with_unfollowed`, as to any failed build's); None when it read all of it
    (the usual case, which this costs nothing)."""
    if not walk.unreadable:
        return None
    return validate(config, now, every=walk.names, speed=speed, preview=preview)


def with_unfollowed(config: Config, report: Report, walk: Walk) -> Report:
    """The report of a run with :func:`unfollowed`'s warnings among its problems. They come from
    this run's own walk, which looks at every link every run, and are never part of a stored answer: a link added,
    removed or made to lead elsewhere since, or a name changed, is seen by the next run, however much else it
    recalls."""
    found = unfollowed(config, walk)
    if not found:
        return report
    return replace(report, problems=tuple(sorted([*report.problems, *found])))
