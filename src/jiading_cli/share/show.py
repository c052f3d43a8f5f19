"""Dry-run output: plans as text for people, as data for programs, and as files for ``--out``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jiading_cli.base.printable import printable
from jiading_cli.config import Config
from jiading_cli.share.opengraph import meta_html, og_url
from jiading_cli.share.outcomes import Row
from jiading_cli.share.payloads import Plan
from jiading_cli.share.post import Run
from jiading_cli.share.registry import Registry

LINK_ORDER = ("facebook", "linkedin", "x", "weibo", "email", "wechat")


def _payload_data(config: Config, plan: Plan, registry: Registry) -> dict[str, Any]:
    found = {}
    for name, payload in plan.payloads.items():
        network = registry.get(name)
        if network is not None:
            found[name] = network.data(config, payload)
    return found


def plan_data(config: Config, plan: Plan, registry: Registry) -> dict[str, Any]:
    article = plan.article
    data: dict[str, Any] = {
        "path": article.path,
        "id": article.id,
        "title": article.title,
        "lang": article.lang,
        "status": plan.status,
        "url": plan.url,
        "og_url": og_url(config, article),
        "links": plan.links,
        "opengraph": [{"property": tag.property, "content": tag.content} for tag in plan.opengraph],
        "texts": {
            name: {"text": t.value, "cut": t.cut, "length": t.length, "limit": t.limit, "override": t.override}
            for name, t in plan.texts.items()
        },
        "payloads": _payload_data(config, plan, registry),
        "records": [dict(item) for item in article.syndication],
        "problems": plan.problems,
    }
    return data


def plan_text(config: Config, plan: Plan, registry: Registry) -> str:
    """Everything a dry run shows for one article, secrets redacted."""
    article = plan.article
    lines = [f"{article.path} — {article.title}", f"  status: {plan.status} · {plan.url}", ""]
    lines.append("share links")
    for name in LINK_ORDER:
        value = plan.links[name]
        if name == "wechat":
            value = f"QR code (SVG) of {value} — written by --out DIR"
        lines.append(f"  {name:<9} {value}")
    lines += ["", "open graph"]
    tags = meta_html(plan.opengraph).rstrip("\n")  # a tag per line; a U+2028 in one is its text, not a line's end
    lines += ["  " + line for line in tags.split("\n")]
    cut = [t for t in plan.texts.values() if t.cut]
    for t in cut:
        lines.append(f"  note: the {t.network} text was cut to {t.length} of {t.limit} allowed, ending in '…'")
    for name, payload in plan.payloads.items():
        network = registry.get(name)
        if network is not None:
            lines += ["", *network.lines(config, payload)]
    for name, problem in plan.problems.items():
        lines += ["", f"{name}: {problem}"]
    for item in article.syndication:
        state = item.get("state", "?")
        where = item.get("url") or item.get("remote_id") or ""
        lines.append(f"  record: {item.get('network', '?')} {state} {item.get('time', '')} {where}".rstrip())
    return "\n".join(lines) + "\n"


def write_files(config: Config, plans: Sequence[Plan], out: Path, registry: Registry) -> list[Path]:
    """Each article's payloads as files under ``out/{lang}/{slug}/`` (:func:`folder_names`), all of them or none (a
    file that cannot be written is one error line naming it); returns them."""
    from jiading_cli.base.together import write_together
    from jiading_cli.model.errors import cannot
    from jiading_cli.share.request import ShareError

    written: list[tuple[Path, bytes]] = []
    for plan, name in zip(plans, folder_names(plans), strict=True):
        folder = out / plan.article.lang.lower() / name
        data = plan_data(config, plan, registry)
        files: dict[str, bytes] = {
            "links.json": _json({"links": data["links"], "texts": data["texts"]}),
            "opengraph.html": meta_html(plan.opengraph).encode("utf-8"),
            "wechat-qr.svg": plan.qr_svg.encode("utf-8"),
        }
        for name, payload in plan.payloads.items():
            network = registry.get(name)
            if network is not None:
                file_name, content = network.as_file(config, payload)
                files[file_name] = content
        written += [(folder / name, content) for name, content in files.items()]
    write_together(written, lambda path, exc: ShareError(cannot(str(path), exc)), durable=True, root=out)
    return [path for path, _ in written]


def folder_names(plans: Sequence[Plan]) -> list[str]:
    """Each plan's folder under its language's: the article's slug, or, where an article before it in the run has
    that slug in that language (in any case, as a file system that ignores case reads it: two articles whose URLs
    differ only by their year), the slug and 8 hex digits of its id's SHA-256, so no article's files replace
    another's. A set of the names taken: linear in the articles."""
    taken: set[tuple[str, str]] = set()
    names = []
    for plan in plans:
        lang, name = plan.article.lang.lower(), plan.article.slug
        while (lang, name.casefold()) in taken:
            name = f"{name}-{hashlib.sha256((name + plan.article.id).encode('utf-8')).hexdigest()[:8]}"
        taken.add((lang, name.casefold()))
        names.append(name)
    return names


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def row_line(row: Row) -> str:
    """One line, whatever a server's text in the detail holds: a line break in it is written as ``\\n``."""
    return f"{row.result:<9}  {row.network:<8}  {row.path}  {printable(row.detail)}".rstrip()


def row_data(row: Row) -> dict[str, Any]:
    return {
        "path": row.path,
        "network": row.network,
        "result": row.result,
        "detail": row.detail,
        "remote_id": row.remote_id,
        "url": row.url,
    }


def run_text(run: Run) -> str:
    lines = [row_line(row) for row in run.rows]
    counts: dict[str, int] = {}
    for row in run.rows:
        counts[row.result] = counts.get(row.result, 0) + 1
    done = ", ".join(f"{n} {name}" for name, n in sorted(counts.items())) or run.idle
    quiet = ", ".join(f"{n} {name}" for name, n in sorted(run.quiet.items()))
    lines.append(done + (f"; skipped: {quiet}" if quiet else ""))
    return "\n".join(lines) + "\n"


def run_data(run: Run) -> dict[str, Any]:
    return {
        "ok": not run.failed,
        "results": [row_data(row) for row in run.rows],
        "skipped": dict(sorted(run.quiet.items())),
    }
