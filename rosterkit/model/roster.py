"""A finished roster: who works which shift on which day, with real start and end times."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = ["Assignment", "Roster"]


@dataclass(frozen=True, slots=True, order=True)
class Assignment:
    """One person on one shift: ``start`` and ``end`` are aware datetimes in the practice's zone."""

    date: date
    shift_id: str
    staff_id: str
    start: datetime
    end: datetime

    @property
    def hours(self) -> float:
        """Real elapsed hours."""
        return (self.end.timestamp() - self.start.timestamp()) / 3600


@dataclass(frozen=True)
class Roster:
    """An ordered, immutable set of assignments (sorted by date, shift, staff), and decisions.

    ``decisions`` holds the yes/no choices a roster makes besides assignments, by name (for
    example whether a requested leave is granted); rules that decide something document the
    names they use.
    """

    assignments: tuple[Assignment, ...]
    decisions: Mapping[str, bool] = field(default_factory=dict)

    @classmethod
    def of(
        cls, assignments: Iterable[Assignment], *, decisions: Mapping[str, bool] | None = None
    ) -> Roster:
        """A roster of ``assignments`` in canonical order, duplicates removed."""
        return cls(tuple(sorted(set(assignments))), dict(sorted((decisions or {}).items())))

    def __iter__(self) -> Iterator[Assignment]:
        return iter(self.assignments)

    def __len__(self) -> int:
        return len(self.assignments)

    def for_staff(self, staff_id: str) -> tuple[Assignment, ...]:
        """Only ``staff_id``'s assignments."""
        return tuple(a for a in self.assignments if a.staff_id == staff_id)
