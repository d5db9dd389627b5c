"""What an import made and what it left out on purpose: per file, then in total.

Nothing is dropped silently: a row, cell, event or busy block that an importer ignores on
purpose (outside the horizon, free time, a cancelled event) is counted here under its reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rosterkit.model import Staff
from rosterkit.rules import Leave, Preferred, Unavailable, Undesired

__all__ = [
    "Entry",
    "FileSummary",
    "ImportSummary",
    "Imported",
    "Item",
    "Origin",
    "Tally",
    "kind_label",
]

Entry = Staff | Unavailable | Preferred | Undesired | Leave
"""What an import makes: staff, availability entries and leave."""


@dataclass(frozen=True)
class Origin:
    """Where an imported entry came from: ``file:line``, ``file:Sheet!C4``, ``file:17``."""

    source: str
    where: str

    def __str__(self) -> str:
        return self.where


@dataclass(frozen=True)
class Item:
    """One imported entry and where it came from."""

    entry: Entry
    origin: Origin


@dataclass(frozen=True)
class FileSummary:
    """What one file (or frame) gave.

    Attributes:
        source: the file as named in the practice file, or ``<DataFrame>``.
        format: ``staff``, ``availability``, ``grid`` or ``calendar``.
        read: how many rows, filled-in cells or calendar components were read.
        unit: what ``read`` counts (``rows``, ``cells``, ``events``).
        made: entries made, by kind (``unavailable``, ``leave (approved)``, ``staff``, ...).
        ignored: things read but left out on purpose, by reason.
        ignored_columns: columns the format does not use (kept out of the import).
    """

    source: str
    format: str
    read: int
    unit: str
    made: Mapping[str, int] = field(default_factory=dict)
    ignored: Mapping[str, int] = field(default_factory=dict)
    ignored_columns: tuple[str, ...] = ()

    def line(self) -> str:
        """One line for people: ``grid.csv (grid): 40 cells -> 6 unavailable; ignored: ...``."""
        made = ", ".join(f"{n} {kind}" for kind, n in self.made.items()) or "nothing"
        text = f"{self.source} ({self.format}): {self.read} {self.unit} -> {made}"
        if self.ignored:
            text += "; ignored: " + ", ".join(f"{n} {why}" for why, n in self.ignored.items())
        if self.ignored_columns:
            text += "; unused columns: " + ", ".join(self.ignored_columns)
        return text


@dataclass(frozen=True)
class ImportSummary:
    """Every imported file's summary, in the order the files were read."""

    files: tuple[FileSummary, ...] = ()

    def lines(self) -> list[str]:
        """One line per file (see :meth:`FileSummary.line`)."""
        return [f.line() for f in self.files]

    @property
    def made(self) -> dict[str, int]:
        """Entries made by kind, over all files."""
        total: Counter[str] = Counter()
        for f in self.files:
            total.update(f.made)
        return dict(total)

    @property
    def ignored(self) -> dict[str, int]:
        """Things ignored on purpose by reason, over all files."""
        total: Counter[str] = Counter()
        for f in self.files:
            total.update(f.ignored)
        return dict(total)


@dataclass(frozen=True)
class Imported:
    """What one or more imports gave: entries with their origins, and the summary.

    Use :attr:`staff`, :attr:`availability` and :attr:`leave` for the plain entries, ready for
    the sections of a practice of the same names.
    """

    items: tuple[Item, ...] = ()
    summary: ImportSummary = ImportSummary()

    @property
    def staff(self) -> tuple[Staff, ...]:
        """Imported staff, in file order."""
        return tuple(i.entry for i in self.items if isinstance(i.entry, Staff))

    @property
    def availability(self) -> tuple[Unavailable | Preferred | Undesired, ...]:
        """Imported unavailability and preferences, in file order."""
        return tuple(
            i.entry for i in self.items if isinstance(i.entry, Unavailable | Preferred | Undesired)
        )

    @property
    def leave(self) -> tuple[Leave, ...]:
        """Imported leave, in file order."""
        return tuple(i.entry for i in self.items if isinstance(i.entry, Leave))

    @classmethod
    def combine(cls, parts: Iterable[Imported]) -> Imported:
        """Several imports as one, in order."""
        items: list[Item] = []
        files: list[FileSummary] = []
        for part in parts:
            items.extend(part.items)
            files.extend(part.summary.files)
        return cls(tuple(items), ImportSummary(tuple(files)))


def kind_label(entry: Entry) -> str:
    """How the summary counts an entry: ``staff``, ``unavailable``, ``leave (requested)``."""
    if isinstance(entry, Staff):
        return "staff"
    if isinstance(entry, Leave):
        return f"leave ({entry.status})"
    return entry.kind


class Tally:
    """Counts for one file while it is read; :meth:`done` makes its :class:`Imported`."""

    def __init__(self, source: str, format: str, unit: str) -> None:
        self.source = source
        self.format = format
        self.unit = unit
        self.read = 0
        self.ignored: Counter[str] = Counter()
        self.items: list[Item] = []
        self.ignored_columns: tuple[str, ...] = ()

    def add(self, entry: Entry, where: str) -> None:
        """Record an entry made, and where it came from."""
        self.items.append(Item(entry, Origin(self.source, where)))

    def ignore(self, reason: str, count: int = 1) -> None:
        """Record something left out on purpose."""
        if count:
            self.ignored[reason] += count

    def done(self) -> Imported:
        """The entries and this file's summary."""
        made: Counter[str] = Counter(kind_label(i.entry) for i in self.items)
        summary = FileSummary(
            source=self.source,
            format=self.format,
            read=self.read,
            unit=self.unit,
            made=dict(sorted(made.items())),
            ignored=dict(sorted(self.ignored.items())),
            ignored_columns=self.ignored_columns,
        )
        return Imported(tuple(self.items), ImportSummary((summary,)))
