"""``JD116``: a symbolic link in the articles folder that the walk does not follow, one warning each.

The walk (:mod:`jiading_cli.content.walk`) follows a link to a file, never a link to a folder (it may lead outside
the site, or back into the articles folder), nor a link to nothing or a loop of links: the articles under one are
not part of the site, and this says so. It is reported by every run over the whole site (``validate``, ``build``,
``feed build``, ``list``; ``serve`` counts it among a rebuild's warnings), from the walk that run took, and by
``validate`` of named folders for the links below them; a run of named files does not report it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jiading_cli.base.realpath import real
from jiading_cli.config import Config
from jiading_cli.content.site import relative
from jiading_cli.content.walk import Unfollowed
from jiading_cli.model.errors import Problem

CODE = "JD116"


def problems(config: Config, links: Sequence[Unfollowed]) -> list[Problem]:
    """One ``JD116`` warning for each link the walk did not follow; none when ``validate.ignore`` lists it."""
    if CODE in config.validate.ignore:
        return []
    return [
        Problem(relative(config, Path(link.path)), 0, CODE, "warning", "", _message(config, link)) for link in links
    ]


def _message(config: Config, link: Unfollowed) -> str:
    where = config.site.articles_dir.rstrip("/") + "/"
    if link.leads == "loop":
        return (
            "a loop of symbolic links; jiading does not follow it, so nothing under it is part of the site; remove it"
        )
    if link.leads == "nothing":
        return (
            "a symbolic link to nothing (its target is missing); jiading does not follow it, so nothing under it is "
            "part of the site; remove it, or make it lead to a file"
        )
    target, articles = real(Path(link.path)), real(config.articles_path)
    shown = relative(config, target)
    if articles.is_relative_to(target):
        return (
            f"a symbolic link to {'the site' if shown == '.' else shown}, a folder holding {where}; jiading does not "
            "follow links to folders: its articles are part of the site under their own paths, not under this link; "
            "remove the link"
        )
    inside = target.relative_to(articles).parts if target.is_relative_to(articles) else None
    if inside is not None and not any(part.startswith(".") for part in inside):
        return (
            f"a symbolic link to {shown}, a folder inside {where}; jiading does not follow links to folders: its "
            f"articles are part of the site under {shown}, not under this link; remove the link"
        )
    return (
        "a symbolic link to a folder; jiading does not follow links to folders, so the articles under it are not "
        f"part of the site; move them into {where} or link each file"
    )
