"""Coverage by time of day: demand as clock intervals, met by any mix of shifts that span them."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from rosterkit.model import WEEKDAYS, Identifier, ShiftInstance, Weekday
from rosterkit.rules.base import RefKind, RuleBase, register
from rosterkit.rules.builder import Builder, Lit
from rosterkit.rules.context import CheckContext, PracticeIndex

__all__ = ["Stretch", "TimeCoverage"]


class TimeCoverage(RuleBase):
    """At least `min` people (with `skill`, if given) are at work from `start` to `end` each day.

    ``start`` and ``end`` are wall-clock times in the practice's zone (overnight if ``end`` is
    at or before ``start``); matching days are the horizon's days narrowed to ``weekdays`` and
    ``dates``, without closed days (public holidays, closures) that ``dates`` does not list.
    Each day's window is cut at every start and end of a shift inside it, so every
    stretch between two cuts is either spanned by a shift or not at all: a person counts for a
    stretch if they work a shift spanning it (a remote one, or an on-site one, if ``remote``
    says so) and have the skill. Soft: each person-minute short costs ``weight`` (a stretch of
    90 minutes one person short costs 90 × ``weight``), billed to the day with no staff, one
    item per stretch.
    """

    refs: ClassVar[Mapping[str, RefKind]] = {"skill": "skill"}
    kind: Literal["time_coverage"] = "time_coverage"
    start: time
    end: time
    min: int = Field(ge=1)
    skill: Identifier | None = None
    remote: bool | None = None
    weekdays: tuple[Weekday, ...] = WEEKDAYS  # type: ignore[assignment]
    dates: tuple[date, ...] = ()

    @model_validator(mode="after")
    def _window(self) -> TimeCoverage:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("give start and end without a UTC offset; the practice's zone applies")
        if self.start == self.end:
            raise ValueError(f"start and end are both {self.start}: the window is empty")
        return self

    def counted(self, index: PracticeIndex) -> list[str]:
        """The staff who count towards the line: everyone, or those with ``skill``."""
        if self.skill is None:
            return list(index.staff)
        return [s.id for s in index.practice.staff if self.skill in s.skills]

    def counts_shift(self, index: PracticeIndex, inst: ShiftInstance) -> bool:
        """Whether work on this shift instance can count (remote or on-site, as asked)."""
        return self.remote is None or index.shifts[inst.shift_id].remote == self.remote

    def stretches(self, index: PracticeIndex) -> list[Stretch]:
        """Each matching day's window, cut at every start and end of a counting shift inside it."""
        cal = index.calendar
        wanted = set(self.dates)
        closed = index.closed_dates
        out = []
        for day in cal.dates:
            if WEEKDAYS[day.weekday()] not in self.weekdays or (wanted and day not in wanted):
                continue
            if day in closed and day not in wanted:
                continue
            first, last = cal.local_window(day, self.start, self.end)
            shifts = [i for i in index.overlapping(first, last) if self.counts_shift(index, i)]
            inner = {t for i in shifts for t in (i.start_ts, i.end_ts) if first < t < last}
            for lo, hi in itertools.pairwise(sorted({first, last} | inner)):
                spanning = tuple(i for i in shifts if i.start_ts <= lo and hi <= i.end_ts)
                if (hi - lo) // 60:
                    out.append(Stretch(day, lo, hi, spanning))
        return out

    def label(self, index: PracticeIndex, part: Stretch) -> str:
        """How a stretch reads in a bill."""
        zone = index.calendar.zone
        begin = datetime.fromtimestamp(part.start_ts, zone).strftime("%H:%M")
        end = datetime.fromtimestamp(part.end_ts, zone).strftime("%H:%M")
        who = f"{self.skill} " if self.skill else ""
        where = {None: "", True: "remote ", False: "on-site "}[self.remote]
        return f"{part.date} {begin}-{end}: {who}{where}person-minutes short of {self.min}"


@dataclass(frozen=True, slots=True)
class Stretch:
    """A stretch of a day's demand window that the same shift instances span in full."""

    date: date
    start_ts: int
    end_ts: int
    spanning: tuple[ShiftInstance, ...]

    @property
    def minutes(self) -> int:
        """Real elapsed minutes of the stretch."""
        return (self.end_ts - self.start_ts) // 60


def compile_time_coverage(rule: TimeCoverage, b: Builder) -> None:
    """Per stretch: minutes × people at work (each person once), at least minutes × ``min``."""
    people = rule.counted(b.index)
    for part in rule.stretches(b.index):
        terms: list[tuple[int, Lit]] = []
        for staff_id in people:
            lits = [lit for i in part.spanning if (lit := b.x(staff_id, i)) is not None]
            name = f"time_coverage.at_work[{staff_id},{part.start_ts},{part.end_ts},{rule.remote}]"
            at_work = b.any_of(lits, name=name)
            if at_work is not None:
                terms.append((part.minutes, at_work))
        b.bound(
            rule,
            terms,
            lo=part.minutes * rule.min,
            day=part.date,
            detail=rule.label(b.index, part),
        )


def check_time_coverage(rule: TimeCoverage, ctx: CheckContext) -> None:
    """Per stretch, count the people whose worked shifts span it."""
    index = ctx.index
    worked: dict[str, list[ShiftInstance]] = {}
    for (staff_id, _day), shifts in ctx.by_staff_day.items():
        worked.setdefault(staff_id, []).extend(i for i in shifts if rule.counts_shift(index, i))
    people = rule.counted(index)
    for part in rule.stretches(index):
        present = [
            s
            for s in people
            if any(
                i.start_ts <= part.start_ts and part.end_ts <= i.end_ts for i in worked.get(s, [])
            )
        ]
        ctx.measure(
            rule,
            part.minutes * len(present),
            lo=part.minutes * rule.min,
            day=part.date,
            detail=rule.label(index, part),
        )


register(TimeCoverage, compile=compile_time_coverage, check=check_time_coverage)
