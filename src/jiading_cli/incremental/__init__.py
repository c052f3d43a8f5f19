"""Everything that exists only for speed: stores, build avoidance, the feed ledger, worker processes.

The rest of jiading sees it through one interface, :class:`.api.Speed`, opened by the use cases with
:func:`.api.open_cache`: the site's cache, or the slow, obvious way when ``JIADING_CACHE`` is off.
"""
