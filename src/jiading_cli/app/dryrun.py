"""`share` without ``--post``: what would go out, secrets redacted (with ``--pending``, only what is not posted yet,
and what has an unknown outcome); with ``--out``, the payloads written to files."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from jiading_cli.app.share import Checked, Complaint, Options, Outcome, Selection, checked, displayed, dump
from jiading_cli.config import Config

if TYPE_CHECKING:
    from jiading_cli.model.article import Article
    from jiading_cli.model.errors import Problem
    from jiading_cli.share.payloads import Plan
    from jiading_cli.share.registry import Registry


def _unknown_rows(config: Config, article: Article, names: Sequence[str]) -> list[Any]:
    """A row for each network whose post started and whose outcome is not known."""
    from jiading_cli.share import records
    from jiading_cli.share.outcomes import pending_row

    rows = []
    for name in names:
        found = records.find(article.syndication, name)
        if found and found.state == "intent":
            rows.append(pending_row(article.path, name, found))
    return rows


@dataclass(slots=True)
class _Dry:
    plans: list[Plan]
    unknown: list[Any]
    unreadable: list[Problem] = field(default_factory=list)  # the first problem of each file that gave no article
    invalid: dict[str, list[Problem]] = field(default_factory=dict)  # article path -> its errors: no plan made
    skipped: Counter[str] = field(default_factory=Counter)
    """With ``--pending``, what is left out and why, in the words `share --post` counts its skipped in."""


def plans(
    config: Config, registry: Registry, chosen: Selection, names: Sequence[str], options: Options, now: dt.datetime,
    report: Checked,
) -> _Dry:  # fmt: skip
    from jiading_cli.app.articles import load_articles as load_all
    from jiading_cli.content.markdown import article_links
    from jiading_cli.content.site import status
    from jiading_cli.share import records
    from jiading_cli.share.payloads import plan_article, site_versions
    from jiading_cli.share.post import before_since, unsettled

    versions_of = site_versions(chosen.by_id.values(), now)
    article_urls = article_links(config, chosen.by_id.values())
    # An article with an error is never posted, so no payload is made of it: what it would be is not known
    # (a slug with a control character, an image no file system can name).
    errors: dict[str, list[Problem]] = {}
    for problem in report().problems:
        if problem.severity == "error":
            errors.setdefault(problem.path, []).append(problem)
    found = _Dry([], [])
    pending = options.pending
    for path, item in zip(chosen.paths, load_all(config, chosen.paths), strict=True):
        article = item.article
        if article is None:
            found.unreadable.append(item.problems[0])
            continue
        if errors.get(article.path):
            found.invalid[article.path] = errors[article.path]
            continue
        wanted = tuple(names)
        if pending:
            state = status(article, now)
            if state != "published" or (path not in chosen.named and before_since(config, article)):
                why = state if state != "published" else "dated before share.since"
                found.skipped[why] += 1
                found.unknown += unsettled(article.path, article, names, why)  # an unknown outcome is said, as --post
                continue
            found.unknown += _unknown_rows(config, article, names)
            kept = {name: records.find(article.syndication, name) for name in names}
            # an email that went to some of its recipients (partial) is still to go to the rest
            wanted = tuple(name for name, record in kept.items() if not record or record.partial)
            found.skipped["already posted"] += sum(bool(record and record.posted) for record in kept.values())
            if not wanted:
                continue
        found.plans.append(plan_article(config, article, now, wanted, versions_of, registry, article_urls))
    return found


def _headed(shown_plan: str, path: str, shown: Callable[[str], str]) -> str:
    """A plan's text, its first line (the article's path) relative to the current folder."""
    return shown(path) + shown_plan[len(path) :] if shown_plan.startswith(path + " ") else shown_plan


def _dry_text(config: Config, registry: Registry, dry: _Dry, pending: bool, shown: Callable[[str], str]) -> str:
    from jiading_cli.share.show import plan_text, row_line

    text = "".join(_headed(plan_text(config, p, registry), p.article.path, shown) for p in dry.plans)
    text += "".join(row_line(displayed(row, shown)) + "\n" for row in dry.unknown)
    if dry.unknown:
        text += f"{len(dry.unknown)} post(s) with an unknown outcome: settle each before it can be posted again\n"
    elif not dry.plans:
        skipped = ", ".join(f"{n} {name}" for name, n in sorted(dry.skipped.items()))
        text += "nothing to share" + (f"; skipped: {skipped}" if pending and skipped else "") + "\n"
    return text


def dry_run(
    config: Config, registry: Registry, chosen: Selection, names: Sequence[str], options: Options, now: dt.datetime
) -> Outcome:
    """What would go out, secrets redacted; with ``pending``, only what is not posted yet, and what is unknown."""
    from jiading_cli.share.show import plan_data, row_data, write_files

    dry = plans(config, registry, chosen, names, options, now, checked(config, lambda: now))
    if options.out:
        write_files(config, dry.plans, options.out, registry)
    if options.as_json:
        data: dict[str, Any] = {"articles": [plan_data(config, p, registry) for p in dry.plans]}
        if options.pending:
            data["unknown"] = [row_data(row) for row in dry.unknown]
        output = dump(data)
    else:
        output = _dry_text(config, registry, dry, options.pending, options.shown)
    errors = [
        Complaint(p.article.path, f"{name}: {problem}") for p in dry.plans for name, problem in p.problems.items()
    ]
    said = "not shared; run `jiading validate`"
    errors += [Complaint(p.path, f"{_line(p)}{p.code} {p.message}; {said}") for p in dry.unreadable]
    for path, problems in dry.invalid.items():
        errors += [Complaint("", replace(p, path=options.shown(p.path)).render()) for p in problems]
        errors.append(Complaint(path, f"not shared: {len(problems)} validation error(s) (above)"))
    return Outcome(output, tuple(errors), bool(errors or dry.unknown))


def _line(problem: Problem) -> str:
    """Where in its file a problem is, when it is on a line (``line 9: ``)."""
    return f"line {problem.line}: " if problem.line > 0 else ""
