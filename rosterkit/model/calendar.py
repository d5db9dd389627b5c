"""Real time for a horizon: every shift instance with its aware start and end, and the ISO weeks.

All durations are real elapsed time: clock times are placed in the practice's zone and compared
in UTC, so a shift across a daylight-saving change is an hour shorter or longer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from rosterkit.errors import ValidationError
from rosterkit.model.entities import WEEKDAYS, ShiftType

__all__ = ["Calendar", "ShiftInstance", "local_instant", "place"]


def local_instant(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """``day`` at wall-clock ``clock`` in ``zone``.

    A wall-clock time skipped by a daylight-saving change (02:30 on a spring-forward night) is
    read with the offset in force before the change, as :mod:`zoneinfo` does for ``fold=0``;
    a repeated one (autumn) means its first occurrence.
    """
    return datetime.combine(day, clock, tzinfo=zone)


def _ts(moment: datetime) -> int:
    return int(moment.timestamp())


def place(shift: ShiftType, day: date, index: int, zone: ZoneInfo) -> ShiftInstance:
    """``shift`` on ``day`` in real time; ``index`` is the day's offset from the horizon's start.

    Days before the horizon (history) have negative indices.

    Raises:
        ValidationError: a daylight-saving change swallows the shift entirely.
    """
    start = local_instant(day, shift.start, zone)
    end_day = day + timedelta(days=1) if shift.overnight else day
    end = local_instant(end_day, shift.end, zone)
    inst = ShiftInstance(shift.id, index, day, start, end, _ts(start), _ts(end))
    if inst.end_ts <= inst.start_ts:
        raise ValidationError(
            f"shift {shift.id!r} on {day} has no length in {zone.key} "
            "(a daylight-saving change swallows it)",
            hint="move its clock times away from the change",
        )
    return inst


@dataclass(frozen=True, slots=True)
class ShiftInstance:
    """One shift type on one day of the horizon, placed in real time."""

    shift_id: str
    day: int
    date: date
    start: datetime
    end: datetime
    start_ts: int
    end_ts: int

    @property
    def minutes(self) -> int:
        """Real elapsed minutes from start to end."""
        return (self.end_ts - self.start_ts) // 60

    def overlaps(self, start_ts: int, end_ts: int) -> bool:
        """Whether this shift shares any time with the half-open interval [start_ts, end_ts)."""
        return self.start_ts < end_ts and start_ts < self.end_ts


@dataclass(frozen=True)
class Calendar:
    """Days of the horizon, every shift instance that runs, and ISO weeks as day indices."""

    zone: ZoneInfo
    dates: tuple[date, ...]
    instances: tuple[ShiftInstance, ...]
    _by_key: dict[tuple[int, str], ShiftInstance] = field(repr=False)
    _by_day: tuple[tuple[ShiftInstance, ...], ...] = field(repr=False)

    @classmethod
    def build(cls, dates: Sequence[date], zone_name: str, shifts: Iterable[ShiftType]) -> Calendar:
        """Place every shift type on every day it runs."""
        zone = ZoneInfo(zone_name)
        shift_list = list(shifts)
        instances: list[ShiftInstance] = []
        by_day: list[list[ShiftInstance]] = [[] for _ in dates]
        for index, day in enumerate(dates):
            weekday = WEEKDAYS[day.weekday()]
            for shift in shift_list:
                if weekday not in shift.days:
                    continue
                inst = place(shift, day, index, zone)
                instances.append(inst)
                by_day[index].append(inst)
        return cls(
            zone=zone,
            dates=tuple(dates),
            instances=tuple(instances),
            _by_key={(i.day, i.shift_id): i for i in instances},
            _by_day=tuple(tuple(d) for d in by_day),
        )

    @property
    def num_days(self) -> int:
        """Days in the horizon."""
        return len(self.dates)

    def day_index(self, day: date) -> int | None:
        """Index of ``day`` in the horizon, or None outside it."""
        offset = (day - self.dates[0]).days
        return offset if 0 <= offset < len(self.dates) else None

    def on_day(self, day: int) -> tuple[ShiftInstance, ...]:
        """Shift instances starting on day index ``day``."""
        return self._by_day[day]

    def instance(self, day: int, shift_id: str) -> ShiftInstance | None:
        """The instance of ``shift_id`` on day index ``day``, if that shift runs then."""
        return self._by_key.get((day, shift_id))

    def weeks(self) -> list[tuple[tuple[int, int], tuple[int, ...]]]:
        """ISO weeks touched by the horizon: ((iso_year, iso_week), day indices inside it)."""
        out: dict[tuple[int, int], list[int]] = {}
        for index, day in enumerate(self.dates):
            iso = day.isocalendar()
            out.setdefault((iso.year, iso.week), []).append(index)
        return [(key, tuple(days)) for key, days in out.items()]

    def local_range(self, first: date, last: date) -> tuple[int, int]:
        """Half-open UTC seconds from ``first`` 00:00 to the midnight after ``last``, local."""
        start = local_instant(first, time(0), self.zone)
        end = local_instant(last + timedelta(days=1), time(0), self.zone)
        return _ts(start), _ts(end)

    def local_window(self, day: date, start: time, end: time) -> tuple[int, int]:
        """Half-open UTC seconds of a wall-clock window on ``day`` (overnight if end <= start)."""
        begin = local_instant(day, start, self.zone)
        end_day = day + timedelta(days=1) if end <= start else day
        return _ts(begin), _ts(local_instant(end_day, end, self.zone))
