"""``python -m rosterkit.cli``: the same as the ``rosterkit`` console script."""

from rosterkit.cli.commands import main

__all__: list[str] = []

if __name__ == "__main__":
    main()
