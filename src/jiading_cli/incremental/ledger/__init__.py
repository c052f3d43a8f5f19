"""The feed ledger: what the last full build wrote, so the next build can follow a change."""
