"""The command line: ``rosterkit solve``, ``rosterkit check`` and ``rosterkit schema``."""

from rosterkit.cli.commands import ExitCode, app, main

__all__ = ["ExitCode", "app", "main"]
