"""Dry-run output: plans as text for people, as data for programs, and as files for ``--out``."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jiading_cli.config import Config
from jiading_cli.share.mail import Mail
from jiading_cli.share.opengraph import meta_html, og_url
from jiading_cli.share.payloads import Plan
from jiading_cli.share.post import Run

LINK_ORDER = ("facebook", "linkedin", "x", "weibo", "email", "wechat")


def _indent(text: str, prefix: str = "    ") -> str:
    return textwrap.indent(text, prefix)


def smtp_line(config: Config) -> str:
    email = config.email
    user = f", user {email.smtp_user}" if email.smtp_user else ""
    return f"SMTP {email.smtp_host}:{email.smtp_port} ({email.smtp_security}{user})"


def mail_data(config: Config, mail: Mail) -> dict[str, Any]:
    return {
        "smtp": smtp_line(config),
        "message_id": mail.message_id,
        "from": mail.sender,
        "to": list(mail.recipients),
        "headers": list(mail.headers),
        "text": mail.text,
        "sha256": mail.sha256(),
    }


def plan_data(config: Config, plan: Plan) -> dict[str, Any]:
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
        "opengraph": [{"property": name, "content": value} for name, value in plan.opengraph],
        "texts": {
            name: {"text": t.value, "cut": t.cut, "length": t.length, "limit": t.limit, "override": t.override}
            for name, t in plan.texts.items()
        },
        "requests": {name: request.shown() for name, request in plan.requests.items()},
        "records": [dict(item) for item in article.syndication],
        "problems": plan.problems,
    }
    if plan.image_file:
        data["linkedin_image"] = plan.image_file
    if plan.mail:
        data["email"] = mail_data(config, plan.mail)
    return data


def _request_text(name: str, data: dict[str, Any]) -> list[str]:
    lines = [f"{name}: {data['method']} {data['url']}"]
    lines += [f"  {key}: {value}" for key, value in data["headers"].items()]
    if "form" in data:
        for key, value in data["form"].items():
            if "\n" in value:
                lines += [f"  {key}=", _indent(value)]
            else:
                lines.append(f"  {key}={value}")
    if "json" in data:
        lines.append(_indent(json.dumps(data["json"], ensure_ascii=False, indent=2), "  "))
    return lines


def _decoded(headers: Sequence[str]) -> list[tuple[str, str]]:
    """Headers that carry RFC 2047 encoded words, as a reader sees them."""
    from email.header import decode_header, make_header

    found = []
    for header in headers:
        name, _, value = header.partition(": ")
        if "=?" in value:
            found.append((name, str(make_header(decode_header(value)))))
    return found


def plan_text(config: Config, plan: Plan) -> str:
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
    lines += ["  " + line for line in meta_html(plan.opengraph).splitlines()]
    cut = [t for t in plan.texts.values() if t.cut]
    for t in cut:
        lines.append(f"  note: the {t.network} text was cut to {t.length} of {t.limit} allowed, ending in '…'")
    for name, request in plan.requests.items():
        lines += ["", *_request_text(name, request.shown())]
        if name == "linkedin" and plan.image_file:
            lines.append(f"  (the thumbnail is uploaded first from {plan.image_file})")
    if plan.mail:
        lines += ["", f"email: {smtp_line(config)}"]
        lines += ["  " + header for header in plan.mail.headers]
        lines += [f"  ({name} reads: {value})" for name, value in _decoded(plan.mail.headers)]
        lines += ["", _indent(plan.mail.text.rstrip("\n"), "  ")]
    for name, problem in plan.problems.items():
        lines += ["", f"{name}: {problem}"]
    for item in article.syndication:
        state = item.get("state", "?")
        where = item.get("url") or item.get("remote_id") or ""
        lines.append(f"  record: {item.get('network', '?')} {state} {item.get('time', '')} {where}".rstrip())
    return "\n".join(lines) + "\n"


def write_files(config: Config, plans: Sequence[Plan], out: Path) -> list[Path]:
    """Each article's payloads as files under ``out/{lang}/{slug}/``; returns what was written."""
    from jiading_cli.share.records import write_atomic

    written = []
    for plan in plans:
        folder = out / plan.article.lang.lower() / plan.article.slug
        folder.mkdir(parents=True, exist_ok=True)
        data = plan_data(config, plan)
        files: dict[str, bytes] = {
            "links.json": _json({"links": data["links"], "texts": data["texts"]}),
            "opengraph.html": meta_html(plan.opengraph).encode("utf-8"),
            "wechat-qr.svg": plan.qr_svg.encode("utf-8"),
        }
        for name, request in data["requests"].items():
            files[f"{name}.json"] = _json(request)
        if plan.mail:
            files["email.eml"] = plan.mail.data
        for name, content in files.items():
            target = folder / name
            if not target.exists() or target.read_bytes() != content:
                write_atomic(target, content)
            written.append(target)
    return written


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def run_text(run: Run) -> str:
    lines = []
    for row in run.rows:
        lines.append(f"{row.result:<9}  {row.network:<8}  {row.path}  {row.detail}".rstrip())
    counts: dict[str, int] = {}
    for row in run.rows:
        counts[row.result] = counts.get(row.result, 0) + 1
    done = ", ".join(f"{n} {name}" for name, n in sorted(counts.items())) or "nothing to post"
    quiet = ", ".join(f"{n} {name}" for name, n in sorted(run.quiet.items()))
    lines.append(done + (f"; skipped: {quiet}" if quiet else ""))
    return "\n".join(lines) + "\n"


def run_data(run: Run) -> dict[str, Any]:
    return {
        "ok": not run.failed,
        "results": [
            {
                "path": r.path,
                "network": r.network,
                "result": r.result,
                "detail": r.detail,
                "remote_id": r.remote_id,
                "url": r.url,
            }
            for r in run.rows
        ],
        "skipped": dict(sorted(run.quiet.items())),
    }
