"""Everything that exists only for speed: stores, build avoidance, the feed ledger, worker processes."""
