"""A finished roster: who works which shift on which day, with real start and end times."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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
    """An ordered, immutable set of assignments (sorted by date, shift, staff)."""

    assignments: tuple[Assignment, ...]

    @classmethod
    def of(cls, assignments: Iterable[Assignment]) -> Roster:
        """A roster of ``assignments`` in canonical order, duplicates removed."""
        return cls(tuple(sorted(set(assignments))))

    def __iter__(self) -> Iterator[Assignment]:
        return iter(self.assignments)

    def __len__(self) -> int:
        return len(self.assignments)

    def for_staff(self, staff_id: str) -> tuple[Assignment, ...]:
        """Only ``staff_id``'s assignments."""
        return tuple(a for a in self.assignments if a.staff_id == staff_id)
