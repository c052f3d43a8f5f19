"""The bar the preview adds at the foot of each HTML page it serves: the page's status, a link to its share preview,
the script that reloads it after a rebuild, and the bar's style."""

from __future__ import annotations

import html

from jiading_cli.app.serve import SHARE_PREFIX, Index

BAR_SHEET = "/_jiading/bar.css"  # the bar's style, linked from the foot of each page
BAR_STYLE = (
    "#jiading-preview{position:fixed;z-index:2147483647;right:0;bottom:0;left:0;margin:0;padding:.3rem .75rem;"
    "background:#111827;color:#f9fafb;font:13px/1.4 system-ui,sans-serif}#jiading-preview a{color:#93c5fd}"
    "#jiading-problems{position:fixed;z-index:2147483647;top:0;right:0;left:0;margin:0;padding:.75rem 1rem .75rem 2rem;"
    "background:#7f1d1d;color:#fff;font:13px/1.5 ui-monospace,monospace;max-height:60vh;overflow:auto}"
    ".jiading-mark{margin-left:.4rem;padding:0 .3rem;border-radius:3px;font-size:.75em;text-transform:uppercase;"
    "background:#fde68a;color:#111}.jiading-scheduled{background:#bfdbfe}body{padding-bottom:2.5rem}"
)


def bar(seen: tuple[Index, int], path: str, indexed: bool = False) -> bytes:
    """What a preview adds at the foot of an HTML page: its status, its share preview, the reload script; from
    ``seen``, the last good build's index and the rebuild count as the request found them before it opened a file
    (:meth:`~.serve.Session.seen`), so that the count a page carries is never newer than the page: a page read as a
    rebuild replaced it reloads once that rebuild is told, never keeps its old text under the new count. With
    ``indexed``, the page reloads too once a good rebuild has made the index again (the count of ``seen``'s index),
    whether or not it changed a file: the page saying an article changed since the last good build."""
    index, generation = seen
    page = index.pages.get(path)
    parts = ['<aside id="jiading-preview">Preview (jiading serve)']
    if page is not None:
        parts.append(f' · <strong class="jiading-status">{html.escape(page.status)}</strong>')
        share = SHARE_PREFIX + page.href
        parts.append(f' · <a id="jiading-share" href="{html.escape(share)}">Share preview</a>')
    parts.append(f' · <a href="{SHARE_PREFIX}/">All share previews</a>')
    parts.append(' <span class="jiading-note" role="status"></span></aside>')
    parts.append(f'<link rel="stylesheet" href="{BAR_SHEET}">')  # a page's body may hold a stylesheet link, no <style>
    again = f' data-index="{index.number}"' if indexed else ""
    parts.append(f'<script src="/_jiading/live.js" data-generation="{generation}"{again}></script>\n')
    return "".join(parts).encode("utf-8")


def with_bar(data: bytes, extra: bytes) -> bytes:
    end = data.lower().rfind(b"</body>")
    return data + extra if end < 0 else data[:end] + extra + data[end:]
