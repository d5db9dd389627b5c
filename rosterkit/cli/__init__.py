"""The command line (placeholder until the CLI lands in this change)."""


def main() -> None:
    """Entry point."""
    raise SystemExit("rosterkit CLI not built yet")
