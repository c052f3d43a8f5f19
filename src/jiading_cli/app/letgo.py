"""What a build keeps for the rest of its process, let go of between the rebuilds of a long `jiading serve` session
(:meth:`~jiading_cli.app.serve.Session.settle`)."""

from __future__ import annotations


def release() -> None:
    """Let go of what a build kept for the rest of its process, as a process that ends after one build does
    (:meth:`Session.settle` calls it once after each rebuild).

    - A memo with a size (``lru_cache(maxsize=…)``) is keyed by what a build reads: an item, its HTML, an
      article's path. A rebuild after an edit keys it anew, so kept across rebuilds each would fill with what
      no later build asks for, a session growing with every edit. A memo without a size holds what does not
      change while the process runs (compiled patterns, locales, the code's fingerprint) and is kept.
    - A build freezes the objects alive once it has loaded a large store (``gc.freeze``: its collections then
      pass over them), and with them any garbage in cycles not yet collected (a compiled template, a JSON
      encoder's functions), which would then be kept for good. They are unfrozen and collected here.
    """
    import gc
    import sys

    gc.unfreeze()

    for name, module in list(sys.modules.items()):
        if name != "jiading_cli" and not name.startswith("jiading_cli."):
            continue
        for value in list(vars(module).values()):
            info = getattr(value, "cache_info", None)
            if callable(info) and getattr(value, "__module__", None) == name and info().maxsize is not None:
                value.cache_clear()
    gc.collect()
