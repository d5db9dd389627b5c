"""Counting rules: how many shifts of some types a person works per period, and hours near a target.

A period is the horizon, an ISO week or a rolling window of days. Days of a period before the
horizon count from history where it is known; days that are not known (before history, after the
horizon, outside employment) scale the minimums and targets down by the share of the period they
take.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from rosterkit.model import WEEKDAYS, Identifier, ShiftInstance, Weekday
from rosterkit.rules.base import RefKind, StaffScoped, register
from rosterkit.rules.builder import Builder, Lit, Var
from rosterkit.rules.context import CheckContext, PracticeIndex
from rosterkit.rules.sequences import ShiftIds, known_past, past_by_day, planned_days

__all__ = ["HoursTarget", "ShiftCount"]


def _minutes(hours: float) -> int:
    return round(hours * 60)


@dataclass(frozen=True)
class _Period:
    """Days a limit is about: all of them (``span``), and the bill date (None: the horizon)."""

    span: range
    bill: date | None


def _periods(index: PracticeIndex, per: str, window_days: int | None) -> list[_Period]:
    """The horizon, each ISO week it touches, or each window of days ending in it."""
    cal = index.calendar
    if per == "horizon":
        return [_Period(range(cal.num_days), None)]
    if per == "week":
        monday = -cal.dates[0].weekday()
        return [
            _Period(range(start, start + 7), cal.dates[max(start, 0)])
            for start in range(monday, cal.num_days, 7)
        ]
    assert window_days is not None
    return [
        _Period(range(last - window_days + 1, last + 1), cal.dates[last])
        for last in range(cal.num_days)
    ]


@dataclass(frozen=True)
class _Days:
    """One person's days in one period: planned days, known history days, and the share known."""

    planned: list[int]
    past: list[int]
    known: int
    total: int

    def scaled(self, amount: int) -> int:
        """``amount`` for the whole period, scaled to the days known (rounded down)."""
        return amount * self.known // self.total if self.total else 0


def _days(
    index: PracticeIndex, staff_id: str, period: _Period, weekdays: tuple[str, ...] = WEEKDAYS
) -> _Days:
    """Which of the period's days (those on ``weekdays``) are planned or known from history."""
    first = index.calendar.dates[0].weekday()
    wanted = set(weekdays)
    days = [d for d in period.span if WEEKDAYS[(first + d) % 7] in wanted]
    planned = planned_days(index, staff_id)
    known = known_past(index, staff_id)
    mine = [d for d in days if d in planned]
    past = [d for d in days if d in known]
    return _Days(mine, past, len(mine) + len(past), len(days))


# --- shift counts --------------------------------------------------------------------------


class ShiftCount(StaffScoped):
    """Everyone works between `min` and `max` shifts of `shifts` per horizon, week or window.

    ``per`` is ``horizon``, ``week`` (each ISO week, Monday to Sunday) or ``window`` (every run
    of ``window_days`` days that ends in the horizon). ``weekdays`` counts only shifts starting
    on those days. Shifts in history count on days it covers. ``max`` applies as it is; ``min``
    is scaled by the share of the period's days (on ``weekdays``) that are planned or known,
    rounded down. ``min_by_staff`` and ``max_by_staff`` give people their own limits. Soft: each
    shift below ``min`` or above ``max`` costs ``weight``; items about the horizon have no date,
    weekly items the week's first day in the horizon, window items the window's last day.
    """

    refs: ClassVar[Mapping[str, RefKind]] = {
        "shifts": "shift",
        "min_by_staff": "staff",
        "max_by_staff": "staff",
    }
    kind: Literal["shift_count"] = "shift_count"
    shifts: ShiftIds
    per: Literal["horizon", "week", "window"] = "horizon"
    window_days: int | None = Field(default=None, ge=1, le=366)
    weekdays: tuple[Weekday, ...] = WEEKDAYS  # type: ignore[assignment]
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)
    min_by_staff: dict[Identifier, int] = Field(default_factory=dict)
    max_by_staff: dict[Identifier, int] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _shape(self) -> ShiftCount:
        if (self.per == "window") != (self.window_days is not None):
            raise ValueError("give window_days with per: window (and only then)")
        if self.min is None and self.max is None and not (self.min_by_staff or self.max_by_staff):
            raise ValueError("give min, max, min_by_staff or max_by_staff")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        if any(n < 0 for n in (*self.min_by_staff.values(), *self.max_by_staff.values())):
            raise ValueError("limits are whole numbers from 0")
        return self

    def limits(self, staff_id: str) -> tuple[int | None, int | None]:
        """The person's (min, max)."""
        return self.min_by_staff.get(staff_id, self.min), self.max_by_staff.get(staff_id, self.max)


def _counted(rule: ShiftCount, insts: list[ShiftInstance]) -> int:
    return sum(1 for i in insts if i.shift_id in rule.shifts)


_RUNNING = 7
"""Windows longer than this many days are counted with running totals (fewer terms)."""


def _running(
    rule: ShiftCount, b: Builder, staff_id: str, lits: dict[int, list[Lit]]
) -> dict[int, Var]:
    """For each planned day, the person's count of the rule's shifts up to and including it."""
    first = b.index.calendar.dates[0].weekday()
    wanted = set(rule.weekdays)
    key = f"{'+'.join(sorted(rule.shifts))}/{'+'.join(sorted(wanted))}"
    out: dict[int, Var] = {}
    for day in sorted(lits):
        terms: list[tuple[int, Var]] = []
        if WEEKDAYS[(first + day) % 7] in wanted:
            terms = [(1, lit) for lit in lits[day]]
        if day - 1 in out:
            terms.append((1, out[day - 1]))
        out[day] = b.int_var(terms, name=f"shifts_so_far[{staff_id},{day},{key}]")
    return out


def compile_shift_count(rule: ShiftCount, b: Builder) -> None:
    """Sum of the shifts' literals per period (history shifts as a constant)."""
    periods = _periods(b.index, rule.per, rule.window_days)
    # The rule's shifts in practice order (the order of a day's literals), each looked up.
    ordered = [s.id for s in b.index.practice.shifts if s.id in rule.shifts]
    for staff_id in b.index.staff_for(rule):
        least, most = rule.limits(staff_id)
        if least is None and most is None:
            continue
        past = past_by_day(b.index, staff_id)
        lits: dict[int, list[Lit]] = {}
        for day in planned_days(b.index, staff_id):
            mine = b.shifts_on(staff_id, day)
            lits[day] = [mine[shift_id] for shift_id in ordered if shift_id in mine]
        long = rule.per == "window" and (rule.window_days or 0) > _RUNNING
        running = _running(rule, b, staff_id, lits) if long else {}
        for period in periods:
            days = _days(b.index, staff_id, period, rule.weekdays)
            already = sum(_counted(rule, past.get(d, [])) for d in days.past)
            if running and days.planned:
                # Long windows: the count is a difference of two running totals.
                terms: list[tuple[int, Var]] = [(1, running[days.planned[-1]])]
                if days.planned[0] - 1 in running:
                    terms.append((-1, running[days.planned[0] - 1]))
            else:
                terms = [(1, lit) for d in days.planned for lit in lits[d]]
            lo = None if least is None else days.scaled(least) - already
            b.bound(
                rule,
                terms,
                lo=lo if lo is not None and lo > 0 else None,
                hi=None if most is None else most - already,
                staff=staff_id,
                day=period.bill,
                detail=f"shifts of {'/'.join(rule.shifts)} outside the range",
            )


def check_shift_count(rule: ShiftCount, ctx: CheckContext) -> None:
    """Count the shifts worked per period, with those from history."""
    periods = _periods(ctx.index, rule.per, rule.window_days)
    for staff_id in ctx.index.staff_for(rule):
        least, most = rule.limits(staff_id)
        if least is None and most is None:
            continue
        past = past_by_day(ctx.index, staff_id)
        for period in periods:
            days = _days(ctx.index, staff_id, period, rule.weekdays)
            count = sum(_counted(rule, past.get(d, [])) for d in days.past)
            count += sum(_counted(rule, ctx.shifts_on(staff_id, d)) for d in days.planned)
            lo = None if least is None else days.scaled(least)
            ctx.measure(
                rule,
                count,
                lo=lo or None,
                hi=most,
                staff=staff_id,
                day=period.bill,
                detail=f"shifts of {'/'.join(rule.shifts)} outside the range",
            )


register(ShiftCount, compile=compile_shift_count, check=check_shift_count)


# --- hours target --------------------------------------------------------------------------


class HoursTarget(StaffScoped):
    """Everyone works close to their target hours per week or per horizon.

    A person's target is ``hours_by_staff`` if it names them, else ``hours`` times their share in
    ``fte`` (1 when not named). Hours are the real elapsed time of the shifts that start in the
    period, with those from history on days of the period before the horizon. For a period cut
    by the horizon's end, history's start or employment, the target is scaled by the share of
    the period's days that are planned or known, rounded down to whole minutes. Deviations
    within ``tolerance`` hours are free. Soft: each minute further below or above the target
    costs ``weight`` (one hour is 60 units); weekly items are dated on the week's first day in
    the horizon, items about the horizon have no date.
    """

    refs: ClassVar[Mapping[str, RefKind]] = {"fte": "staff", "hours_by_staff": "staff"}
    kind: Literal["hours_target"] = "hours_target"
    per: Literal["week", "horizon"] = "week"
    hours: float | None = Field(default=None, ge=0, le=10_000)
    fte: dict[Identifier, float] = Field(default_factory=dict)
    hours_by_staff: dict[Identifier, float] = Field(default_factory=dict)
    tolerance: float = Field(default=0, ge=0, le=10_000)

    @model_validator(mode="after")
    def _target(self) -> HoursTarget:
        if self.hours is None and not self.hours_by_staff:
            raise ValueError("give hours (with fte shares if you like), hours_by_staff or both")
        if self.fte and self.hours is None:
            raise ValueError("fte shares are of hours: give hours too")
        if any(not 0 <= v <= 10 for v in self.fte.values()):
            raise ValueError("fte shares are fractions such as 0.5 (from 0 to 10)")
        if any(not 0 <= v <= 10_000 for v in self.hours_by_staff.values()):
            raise ValueError("hours_by_staff: hours from 0 to 10000")
        return self

    def target(self, staff_id: str) -> int | None:
        """The person's target for a whole period, in minutes, if they have one."""
        if staff_id in self.hours_by_staff:
            return _minutes(self.hours_by_staff[staff_id])
        if self.hours is None:
            return None
        return _minutes(self.hours * self.fte.get(staff_id, 1.0))


def compile_hours_target(rule: HoursTarget, b: Builder) -> None:
    """Minutes worked per period within the (scaled) target plus or minus the tolerance."""
    periods = _periods(b.index, rule.per, None)
    cal = b.index.calendar
    slack = _minutes(rule.tolerance)
    for staff_id in b.index.staff_for(rule):
        target = rule.target(staff_id)
        if target is None:
            continue
        past = past_by_day(b.index, staff_id)
        for period in periods:
            days = _days(b.index, staff_id, period)
            already = sum(i.minutes for d in days.past for i in past.get(d, []))
            terms = [
                (i.minutes, lit)
                for d in days.planned
                for i in cal.on_day(d)
                if (lit := b.x(staff_id, i)) is not None
            ]
            goal = days.scaled(target)
            b.bound(
                rule,
                terms,
                lo=goal - slack - already,
                hi=goal + slack - already,
                staff=staff_id,
                day=period.bill,
                detail=f"minutes away from the target of {goal}",
            )


def check_hours_target(rule: HoursTarget, ctx: CheckContext) -> None:
    """Add up the minutes worked per period, with those from history."""
    periods = _periods(ctx.index, rule.per, None)
    slack = _minutes(rule.tolerance)
    for staff_id in ctx.index.staff_for(rule):
        target = rule.target(staff_id)
        if target is None:
            continue
        past = past_by_day(ctx.index, staff_id)
        for period in periods:
            days = _days(ctx.index, staff_id, period)
            minutes = sum(i.minutes for d in days.past for i in past.get(d, []))
            minutes += sum(i.minutes for d in days.planned for i in ctx.shifts_on(staff_id, d))
            goal = days.scaled(target)
            ctx.measure(
                rule,
                minutes,
                lo=goal - slack,
                hi=goal + slack,
                staff=staff_id,
                day=period.bill,
                detail=f"minutes away from the target of {goal}",
            )


register(HoursTarget, compile=compile_hours_target, check=check_hours_target)
