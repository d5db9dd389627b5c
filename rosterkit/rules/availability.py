"""What staff can and would like to work: unavailability and preferences (leave: ``leave.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from datetime import time, timedelta
from typing import ClassVar, Literal

from pydantic import model_validator

from rosterkit.model import WEEKDAYS, Identifier, ShiftInstance, Weekday
from rosterkit.rules.base import RefKind, RuleBase, register
from rosterkit.rules.builder import Builder, Lit
from rosterkit.rules.context import CheckContext, PracticeIndex

__all__ = ["Preferred", "Unavailable", "Undesired"]


class _Window(RuleBase):
    """Days (and optionally a time window or one shift) of one person."""

    refs: ClassVar[Mapping[str, RefKind]] = {"staff": "staff", "shift": "shift"}
    staff: Identifier
    date: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    weekdays: tuple[Weekday, ...] = WEEKDAYS  # type: ignore[assignment]
    start_time: time | None = None
    end_time: time | None = None
    shift: Identifier | None = None

    @model_validator(mode="after")
    def _shape(self) -> _Window:
        if self.date is not None and (self.start_date or self.end_date):
            raise ValueError("give either date or start_date/end_date, not both")
        if (self.start_date is None) != (self.end_date is None):
            raise ValueError("give both start_date and end_date")
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValueError(f"start_date {self.start_date} is after end_date {self.end_date}")
        if (self.start_time is None) != (self.end_time is None):
            raise ValueError("give both start_time and end_time, or neither")
        if self.shift is not None and self.start_time is not None:
            raise ValueError("give either a shift or a time window, not both")
        if self.start_time is not None and self.start_time == self.end_time:
            raise ValueError("start_time equals end_time: the window is empty")
        return self

    def days(self, index: PracticeIndex, *, margin: int = 0) -> list[dt.date]:
        """The days this entry speaks of, within the horizon widened by ``margin`` days.

        ``covered`` uses a margin of one day: a night shift on the horizon's last day runs
        into the day after it, and an overnight window on the day before reaches its first day.
        """
        cal = index.calendar
        first = cal.dates[0] - timedelta(days=margin)
        last = cal.dates[-1] + timedelta(days=margin)
        if self.date is not None:
            low = high = self.date
        elif self.start_date is not None and self.end_date is not None:
            low, high = self.start_date, self.end_date
        else:
            low, high = first, last
        low, high = max(low, first), min(high, last)
        span = (high - low).days + 1
        candidates = [low + timedelta(days=i) for i in range(max(0, span))]
        return [d for d in candidates if WEEKDAYS[d.weekday()] in self.weekdays]

    def on(self, index: PracticeIndex, day: dt.date) -> list[ShiftInstance]:
        """Shift instances the entry covers on ``day``: the shift, or those overlapping the window.

        Without a shift or a time window, the window is the whole local day, so a night shift
        from the evening before that runs into the day is covered too.
        """
        cal = index.calendar
        if self.shift is not None:
            d = cal.day_index(day)
            inst = cal.instance(d, self.shift) if d is not None else None
            return [inst] if inst is not None else []
        if self.start_time is not None and self.end_time is not None:
            return index.overlapping(*cal.local_window(day, self.start_time, self.end_time))
        return index.overlapping(*cal.local_range(day, day))

    def covered(self, index: PracticeIndex) -> list[ShiftInstance]:
        """Every shift instance the entry covers, once each, in calendar order."""
        seen: dict[tuple[int, str], ShiftInstance] = {}
        for day in self.days(index, margin=1):
            for inst in self.on(index, day):
                seen.setdefault((inst.day, inst.shift_id), inst)
        return [seen[k] for k in sorted(seen)]


def _forbid_each(rule: _Window, b: Builder, what: str) -> None:
    for inst in rule.covered(b.index):
        lit = b.x(rule.staff, inst)
        if lit is not None:
            b.bound(
                rule,
                [(1, lit)],
                hi=0,
                staff=rule.staff,
                day=inst.date,
                detail=f"{what}: {inst.shift_id}",
            )


def _check_each(rule: _Window, ctx: CheckContext, what: str) -> None:
    for inst in rule.covered(ctx.index):
        worked = 1 if ctx.works_shift(rule.staff, inst) else 0
        ctx.measure(
            rule, worked, hi=0, staff=rule.staff, day=inst.date, detail=f"{what}: {inst.shift_id}"
        )


class Unavailable(_Window):
    """`staff` works no shift that overlaps the given days, time window or shift.

    Hard by default; with a ``weight``, each shift worked anyway costs it.
    """

    default_hard: ClassVar[bool] = True
    kind: Literal["unavailable"] = "unavailable"


def compile_unavailable(rule: Unavailable, b: Builder) -> None:
    """Each covered shift instance of the person is off."""
    _forbid_each(rule, b, "works while unavailable")


def check_unavailable(rule: Unavailable, ctx: CheckContext) -> None:
    """Each covered shift instance the person works is a breach."""
    _check_each(rule, ctx, "works while unavailable")


register(Unavailable, compile=compile_unavailable, check=check_unavailable)


class Undesired(_Window):
    """`staff` would rather not work shifts that overlap the given days, time window or shift.

    Soft (default weight 1): each such shift worked costs ``weight``.
    """

    default_weight: ClassVar[int | None] = 1
    kind: Literal["undesired"] = "undesired"


def compile_undesired(rule: Undesired, b: Builder) -> None:
    """Each covered shift instance worked is billed."""
    _forbid_each(rule, b, "undesired shift")


def check_undesired(rule: Undesired, ctx: CheckContext) -> None:
    """Each covered shift instance worked is billed."""
    _check_each(rule, ctx, "undesired shift")


register(Undesired, compile=compile_undesired, check=check_undesired)


class Preferred(_Window):
    """`staff` would like to work, on each given day, a shift in the given time window or shift.

    Soft (default weight 1): each day without such a shift costs ``weight``.
    """

    default_weight: ClassVar[int | None] = 1
    kind: Literal["preferred"] = "preferred"


def compile_preferred(rule: Preferred, b: Builder) -> None:
    """At least one matching shift instance per day."""
    for day in rule.days(b.index):
        terms: list[tuple[int, Lit]] = []
        for inst in rule.on(b.index, day):
            lit = b.x(rule.staff, inst)
            if lit is not None:
                terms.append((1, lit))
        b.bound(rule, terms, lo=1, staff=rule.staff, day=day, detail="preferred work not given")


def check_preferred(rule: Preferred, ctx: CheckContext) -> None:
    """Count matching shifts worked per day."""
    for day in rule.days(ctx.index):
        worked = sum(1 for inst in rule.on(ctx.index, day) if ctx.works_shift(rule.staff, inst))
        ctx.measure(
            rule, worked, lo=1, staff=rule.staff, day=day, detail="preferred work not given"
        )


register(Preferred, compile=compile_preferred, check=check_preferred)
