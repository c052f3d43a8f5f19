"""Use cases: what each command does, below the command line and above the core."""
