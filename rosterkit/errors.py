"""The one exception tree of rosterkit: every error a caller sees is a :class:`RosterkitError`.

::

    RosterkitError
    ├── InputError                 bad input: a file, a row, a field
    │   ├── PracticeFileError      a practice file cannot be read or parsed
    │   ├── ImportFileError        an availability or staff file cannot be imported
    │   ├── ValidationError        a practice or roster breaks the schema or a cross-reference
    │   └── RosterFileError        a roster CSV cannot be read or names unknown things
    ├── SolveError                 the solver could not be run as asked
    │   └── InterruptedSolve       the user interrupted a solve before any roster was found
    ├── ExportError                an output file could not be written
    └── InternalError              a bug in rosterkit: please report it

Foreign exceptions (pydantic, yaml, OS errors, OR-Tools) are translated at the edge with
``raise ... from exc``, so callers only ever catch :class:`RosterkitError`.
"""

from __future__ import annotations

__all__ = [
    "ExportError",
    "ImportFileError",
    "InputError",
    "InternalError",
    "InterruptedSolve",
    "PracticeFileError",
    "RosterFileError",
    "RosterkitError",
    "SolveError",
    "ValidationError",
]


class RosterkitError(Exception):
    """Base of every error rosterkit raises on purpose.

    Attributes:
        exit_code: the CLI's exit code for this kind of error (documented in docs/cli.md).
    """

    exit_code: int = 70

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message} ({hint})")


class InputError(RosterkitError):
    """The input is wrong; the message names the file, the place in it and the value."""

    exit_code = 3


class PracticeFileError(InputError):
    """A practice file cannot be read or parsed as YAML or JSON."""


class ImportFileError(InputError):
    """An availability or staff file cannot be imported.

    The message names the file, the row or line, the column or property, and the value.
    """


class ValidationError(InputError):
    """A practice or roster breaks the schema or refers to something that does not exist.

    Attributes:
        problems: one line per problem, each naming its location and value.
    """

    def __init__(
        self, message: str, *, problems: list[str] | None = None, hint: str | None = None
    ) -> None:
        self.problems = list(problems or [])
        super().__init__(message, hint=hint)


class RosterFileError(InputError):
    """A roster CSV cannot be read or names staff, dates or shifts the practice does not have."""


class SolveError(RosterkitError):
    """The solver could not be run as asked (bad parameters, invalid model)."""

    exit_code = 70


class InterruptedSolve(SolveError):
    """The solve was interrupted (Ctrl-C) before any roster was found."""

    exit_code = 130


class ExportError(RosterkitError):
    """An output file could not be written; nothing partial is left behind."""

    exit_code = 73


class InternalError(RosterkitError):
    """rosterkit broke one of its own promises (for example solver and checker disagree)."""

    exit_code = 70
