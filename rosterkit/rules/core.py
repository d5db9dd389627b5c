"""Rules about one person's working time: overlap, shifts per day, rest, runs of days, hours."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from rosterkit.model import ShiftInstance
from rosterkit.rules.base import RuleBase, StaffScoped, register
from rosterkit.rules.builder import Builder, Lit
from rosterkit.rules.context import CheckContext, PracticeIndex

__all__ = [
    "ContractLimits",
    "Eligibility",
    "HoursPerHorizon",
    "HoursPerWeek",
    "MaxConsecutiveDays",
    "MaxShiftsPerDay",
    "MinRest",
    "NoOverlap",
]


def _minutes(hours: float) -> int:
    return round(hours * 60)


def _prorated(minutes: int, available: int, total: int) -> int:
    """A minimum scaled to the share of days a person can work (whole minutes, rounded down)."""
    return minutes * available // total if total else 0


# --- eligibility ---------------------------------------------------------------------------


class Eligibility(RuleBase):
    """Nobody works a shift that is not running, needs a skill they lack, or is outside employment.

    Always hard and always present. The compiler adds nothing: the solver model has no variable
    for an ineligible assignment. The checker catches hand-edited rosters.
    """

    always_hard: ClassVar[bool] = True
    kind: Literal["eligibility"] = "eligibility"


def compile_eligibility(rule: Eligibility, b: Builder) -> None:
    """Nothing to add: :meth:`Builder.x` is None for every ineligible assignment."""


def check_eligibility(rule: Eligibility, ctx: CheckContext) -> None:
    """Each assignment must be of a shift that runs that day, to a person who may work it."""
    for problem in ctx.unplaced:
        ctx.measure(rule, 1, hi=0, detail=problem)
    for (staff_id, _day), shifts in sorted(ctx.by_staff_day.items()):
        for inst in shifts:
            if not ctx.index.eligible(staff_id, inst):
                ctx.measure(
                    rule,
                    1,
                    hi=0,
                    staff=staff_id,
                    day=inst.date,
                    detail=f"{staff_id} may not work {inst.shift_id} (skill or employment dates)",
                )


register(Eligibility, compile=compile_eligibility, check=check_eligibility)


# --- no overlap ----------------------------------------------------------------------------


class NoOverlap(StaffScoped):
    """Nobody works two shifts that overlap in time (overnight shifts included).

    Always hard; added for everyone when the practice does not list it.
    """

    always_hard: ClassVar[bool] = True
    kind: Literal["no_overlap"] = "no_overlap"


def _overlapping_pairs(
    index: PracticeIndex, staff_id: str, *, past: bool = False
) -> list[tuple[ShiftInstance, ShiftInstance]]:
    """Overlapping pairs among the person's possible shifts; with ``past``, those whose first
    shift is from history and whose second is planned."""
    worked = list(index.past.get(staff_id, ())) if past else []
    if past and not worked:
        return []
    planned = list(index.eligible_by_staff[staff_id])
    shifts = sorted(worked + planned, key=lambda i: (i.start_ts, i.shift_id))
    pairs = []
    for n, a in enumerate(shifts):
        for b in shifts[n + 1 :]:
            if b.start_ts >= a.end_ts:
                break
            if (a.day < 0) == past and b.day >= 0:
                pairs.append((a, b))
    return pairs


def _overlap_cliques(index: PracticeIndex, staff_id: str) -> list[tuple[ShiftInstance, ...]]:
    """Groups of the person's possible shifts that all share one moment, covering every pair.

    Two shifts overlap exactly when one of them is running at the other's start, so the
    shifts running at each start form a group and every overlapping pair lies in one. One
    at-most-one per group replaces a constraint per pair (shifts that all start at midnight
    would otherwise need a pair for every two shift types of every day).
    """
    shifts = sorted(index.eligible_by_staff[staff_id], key=lambda i: (i.start_ts, i.shift_id))
    groups: list[tuple[ShiftInstance, ...]] = []
    running: list[ShiftInstance] = []
    grown = False  # whether the last group only gained shifts since it was recorded
    for inst in shifts:
        still = [r for r in running if r.end_ts > inst.start_ts]
        if len(still) < len(running):
            grown = False
        running = [*still, inst]
        if len(running) < 2:
            continue
        if grown:
            groups[-1] = tuple(running)  # the last group is inside this one
        else:
            groups.append(tuple(running))
        grown = True
    return groups


def compile_no_overlap(rule: NoOverlap, b: Builder) -> None:
    """At most one shift of each group that shares a moment (a shift from history counts).

    A group of shifts that all start on one day is left out for a person a hard
    ``max_shifts_per_day`` of at most one already holds to one shift that day (Curtois
    instances start every shift at midnight: each person-day would get the same at-most-one
    twice).
    """
    for staff_id in b.index.staff_for(rule):
        held = b.one_shift_a_day(staff_id)
        for group in _overlap_cliques(b.index, staff_id):
            if held and group[0].day == group[-1].day:
                continue
            terms = _lits(b, staff_id, group)
            b.bound(rule, terms, hi=1, staff=staff_id, day=group[-1].date)
        for _first, second in _overlapping_pairs(b.index, staff_id, past=True):
            b.bound(rule, _lits(b, staff_id, (second,)), hi=0, staff=staff_id, day=second.date)


def check_no_overlap(rule: NoOverlap, ctx: CheckContext) -> None:
    """Compare every two shifts of a person that start within a day of each other."""
    for staff_id in ctx.index.staff_for(rule):
        mine = sorted(
            [
                *ctx.index.past.get(staff_id, ()),
                *(
                    i
                    for (s, _), shifts in ctx.by_staff_day.items()
                    if s == staff_id
                    for i in shifts
                ),
            ],
            key=lambda i: (i.start_ts, i.shift_id),
        )
        for n, first in enumerate(mine):
            for second in mine[n + 1 :]:
                if second.start_ts >= first.end_ts:
                    break  # sorted by start: no later shift overlaps ``first``
                if second.day >= 0:
                    ctx.measure(
                        rule,
                        2,
                        hi=1,
                        staff=staff_id,
                        day=second.date,
                        detail=f"{first.shift_id} {first.date} overlaps {second.shift_id}",
                    )


register(NoOverlap, compile=compile_no_overlap, check=check_no_overlap)


def _lits(b: Builder, staff_id: str, insts: tuple[ShiftInstance, ...]) -> list[tuple[int, Lit]]:
    out: list[tuple[int, Lit]] = []
    for inst in insts:
        lit = b.x(staff_id, inst)
        if lit is not None:
            out.append((1, lit))
    return out


# --- shifts per day ------------------------------------------------------------------------


class MaxShiftsPerDay(StaffScoped):
    """Nobody starts more than `limit` shifts on one day.

    Soft: each shift above the limit costs ``weight``; the day is the day the shifts start.
    """

    kind: Literal["max_shifts_per_day"] = "max_shifts_per_day"
    limit: int = Field(default=1, ge=0)


def compile_max_shifts_per_day(rule: MaxShiftsPerDay, b: Builder) -> None:
    """Sum of a person's shifts starting each day, at most ``limit``."""
    cal = b.index.calendar
    for staff_id in b.index.staff_for(rule):
        for day in range(cal.num_days):
            terms = [(1, lit) for lit in b.shifts_on(staff_id, day).values()]
            if len(terms) > rule.limit:
                b.bound(
                    rule,
                    terms,
                    hi=rule.limit,
                    staff=staff_id,
                    day=cal.dates[day],
                    detail=f"more than {rule.limit} shift(s) in a day",
                )


def check_max_shifts_per_day(rule: MaxShiftsPerDay, ctx: CheckContext) -> None:
    """Count each person's shifts per start day."""
    cal = ctx.index.calendar
    for staff_id in ctx.index.staff_for(rule):
        for day in range(cal.num_days):
            count = len(ctx.shifts_on(staff_id, day))
            ctx.measure(
                rule,
                count,
                hi=rule.limit,
                staff=staff_id,
                day=cal.dates[day],
                detail=f"more than {rule.limit} shift(s) in a day",
            )


register(MaxShiftsPerDay, compile=compile_max_shifts_per_day, check=check_max_shifts_per_day)


# --- minimum rest --------------------------------------------------------------------------


class MinRest(StaffScoped):
    """Between shifts on different days, everyone rests at least `hours` hours of real time.

    Rest is measured from the end of one shift to the start of a shift on a later day, in
    real elapsed time (a daylight-saving night is an hour shorter or longer). Shifts starting on
    the same day (morning and afternoon sessions) are one working day and are not compared.
    Soft: each too-short rest costs ``weight``, billed to the day of the later shift.
    """

    kind: Literal["min_rest"] = "min_rest"
    hours: float = Field(gt=0, le=72)


def _short_rests(
    rule: MinRest, shifts: list[ShiftInstance]
) -> list[tuple[ShiftInstance, ShiftInstance]]:
    need = round(rule.hours * 3600)
    ordered = sorted(shifts, key=lambda i: (i.start_ts, i.shift_id))
    out = []
    for n, first in enumerate(ordered):
        for second in ordered[n + 1 :]:
            if second.start_ts - first.end_ts >= need:
                break
            if second.day > first.day and second.start_ts >= first.end_ts:
                out.append((first, second))
    return out


def compile_min_rest(rule: MinRest, b: Builder) -> None:
    """Not both of two shifts on different days with too little rest between them.

    A shift from history is worked for sure, so a planned shift too soon after it is off.
    """
    for staff_id in b.index.staff_for(rule):
        shifts = [*b.index.past.get(staff_id, ()), *b.index.eligible_by_staff[staff_id]]
        for first, second in _short_rests(rule, shifts):
            if second.day < 0:
                continue
            terms = _lits(b, staff_id, (first, second) if first.day >= 0 else (second,))
            b.bound(
                rule,
                terms,
                hi=len(terms) - 1,
                staff=staff_id,
                day=second.date,
                detail=f"rest after {first.shift_id} {first.date} before {second.shift_id}",
            )


def check_min_rest(rule: MinRest, ctx: CheckContext) -> None:
    """Measure the rest between each worked shift and every later one of the same person."""
    need = round(rule.hours * 3600)
    for staff_id in ctx.index.staff_for(rule):
        mine = [i for (s, _), shifts in ctx.by_staff_day.items() if s == staff_id for i in shifts]
        mine += ctx.index.past.get(staff_id, ())
        for first in mine:
            for second in mine:
                rest = second.start_ts - first.end_ts
                if second.day > first.day and second.day >= 0 and 0 <= rest < need:
                    ctx.measure(
                        rule,
                        2,
                        hi=1,
                        staff=staff_id,
                        day=second.date,
                        detail=f"rest after {first.shift_id} {first.date} before {second.shift_id}",
                    )


register(MinRest, compile=compile_min_rest, check=check_min_rest)


# --- consecutive days ----------------------------------------------------------------------


class MaxConsecutiveDays(StaffScoped):
    """Nobody works more than `limit` days in a row.

    A working day is a day on which the person starts a shift. Soft: every run of ``limit + 1``
    working days costs ``weight``, billed to its last day (a run of limit + 2 days costs twice).
    """

    kind: Literal["max_consecutive_days"] = "max_consecutive_days"
    limit: int = Field(ge=1)


def compile_max_consecutive_days(rule: MaxConsecutiveDays, b: Builder) -> None:
    """In every window of ``limit + 1`` days, at most ``limit`` working days."""
    cal = b.index.calendar
    size = rule.limit + 1
    for staff_id in b.index.staff_for(rule):
        known = b.index.known_from.get(staff_id, 0)
        past = b.index.past_days_worked(staff_id)
        for last in range(max(0, known + size - 1), cal.num_days):
            window = range(last - size + 1, last + 1)
            if any(d < 0 and d not in past for d in window):
                continue  # a known day off before the horizon breaks the run
            terms: list[tuple[int, Lit]] = []
            for day in (d for d in window if d >= 0):
                lit = b.works(staff_id, day)
                if lit is not None:
                    terms.append((1, lit))
            before = sum(1 for d in window if d < 0)
            if len(terms) + before == size:
                b.bound(rule, terms, hi=rule.limit - before, staff=staff_id, day=cal.dates[last])


def check_max_consecutive_days(rule: MaxConsecutiveDays, ctx: CheckContext) -> None:
    """Walk each person's days, counting the current run of working days."""
    cal = ctx.index.calendar
    for staff_id in ctx.index.staff_for(rule):
        run = 0
        past = {i.day for i in ctx.index.past.get(staff_id, ())}
        for day in range(ctx.index.known_from.get(staff_id, 0), 0):
            run = run + 1 if day in past else 0
        for day in range(cal.num_days):
            run = run + 1 if ctx.works(staff_id, day) else 0
            if run > rule.limit:
                ctx.measure(
                    rule,
                    rule.limit + 1,
                    hi=rule.limit,
                    staff=staff_id,
                    day=cal.dates[day],
                    detail=f"{run} working days in a row",
                )


register(MaxConsecutiveDays, compile=compile_max_consecutive_days, check=check_max_consecutive_days)


# --- hours ---------------------------------------------------------------------------------


def _minute_terms(b: Builder, staff_id: str, days: tuple[int, ...]) -> list[tuple[int, Lit]]:
    terms: list[tuple[int, Lit]] = []
    for day in days:
        for inst in b.index.calendar.on_day(day):
            lit = b.x(staff_id, inst)
            if lit is not None:
                terms.append((inst.minutes, lit))
    return terms


def _worked_minutes(ctx: CheckContext, staff_id: str, days: tuple[int, ...]) -> int:
    return sum(i.minutes for d in days for i in ctx.shifts_on(staff_id, d))


def _limits(
    index: PracticeIndex,
    staff_id: str,
    days: tuple[int, ...],
    total: int,
    low: float | None,
    high: float | None,
) -> tuple[int | None, int | None]:
    lo = None
    if low is not None:
        lo = _prorated(_minutes(low), index.available_days(staff_id, days), total)
    return lo, None if high is None else _minutes(high)


class HoursPerWeek(StaffScoped):
    """Everyone works between `min` and `max` hours in each ISO week (Monday to Sunday).

    Hours are real elapsed time of the shifts that start in the week. For a week cut by the
    horizon, by employment dates or by approved leave, ``max`` applies to the planned days as it
    is and ``min`` is scaled by the share of the week's 7 days the person can be planned, employed
    and not on approved leave (rounded down to whole minutes). Soft: each minute outside the
    range costs ``weight``; billed to the first planned day of the week.
    """

    kind: Literal["hours_per_week"] = "hours_per_week"
    min: float | None = Field(default=None, ge=0, le=168)
    max: float | None = Field(default=None, ge=0, le=168)

    @model_validator(mode="after")
    def _range(self) -> HoursPerWeek:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        return self


def _week_bounds(
    index: PracticeIndex, staff_id: str, low: float | None, high: float | None
) -> list[tuple[tuple[int, ...], int, int | None, int | None]]:
    """Per ISO week: planned days, minutes already worked in it (history), and the limits.

    The first week may have begun before the horizon: its known history days count towards
    the limits (their minutes) and towards the share of the week that prorates ``min``.
    """
    out = []
    first_week = index.calendar.dates[0].isocalendar()[:2]
    for key, days in index.calendar.weeks():
        before: list[int] = []
        if key == first_week:
            before = [d for d in range(-1, -7, -1) if index.date_of(d).isocalendar()[:2] == key]
            before = [d for d in before if index.is_known(staff_id, d)]
        past = sum(i.minutes for i in index.past.get(staff_id, ()) if i.day in before)
        lo, hi = _limits(index, staff_id, (*before, *days), 7, low, high)
        out.append((days, past, lo, hi))
    return out


def _less(limit: int | None, minutes: int) -> int | None:
    """A limit on the planned minutes, given minutes already worked; None if no longer binding."""
    if limit is None:
        return None
    rest = limit - minutes
    return rest if rest > 0 else None


def compile_hours_per_week(rule: HoursPerWeek, b: Builder) -> None:
    """Minutes of shifts starting in each ISO week, within the (prorated) range."""
    for staff_id in b.index.staff_for(rule):
        for days, past, lo, hi in _week_bounds(b.index, staff_id, rule.min, rule.max):
            b.bound(
                rule,
                _minute_terms(b, staff_id, days),
                lo=_less(lo, past),
                hi=None if hi is None else hi - past,
                staff=staff_id,
                day=b.index.calendar.dates[days[0]],
                detail="minutes outside the weekly range",
            )


def check_hours_per_week(rule: HoursPerWeek, ctx: CheckContext) -> None:
    """Add up each person's minutes per ISO week."""
    for staff_id in ctx.index.staff_for(rule):
        for days, past, lo, hi in _week_bounds(ctx.index, staff_id, rule.min, rule.max):
            ctx.measure(
                rule,
                past + _worked_minutes(ctx, staff_id, days),
                lo=lo or None,
                hi=hi,
                staff=staff_id,
                day=ctx.index.calendar.dates[days[0]],
                detail="minutes outside the weekly range",
            )


register(HoursPerWeek, compile=compile_hours_per_week, check=check_hours_per_week)


class HoursPerHorizon(StaffScoped):
    """Everyone works between `min` and `max` hours over the whole horizon.

    ``min`` is scaled by the share of the horizon's days the person is employed and not on
    approved leave.
    Soft: each minute outside the range costs ``weight``; the item has no date.
    """

    kind: Literal["hours_per_horizon"] = "hours_per_horizon"
    min: float | None = Field(default=None, ge=0)
    max: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _range(self) -> HoursPerHorizon:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        return self


def _all_days(index: PracticeIndex) -> tuple[int, ...]:
    return tuple(range(index.calendar.num_days))


def compile_hours_per_horizon(rule: HoursPerHorizon, b: Builder) -> None:
    """Minutes of all of a person's shifts, within the (prorated) range."""
    days = _all_days(b.index)
    for staff_id in b.index.staff_for(rule):
        lo, hi = _limits(b.index, staff_id, days, len(days), rule.min, rule.max)
        b.bound(
            rule,
            _minute_terms(b, staff_id, days),
            lo=lo or None,
            hi=hi,
            staff=staff_id,
            detail="minutes outside the range for the horizon",
        )


def check_hours_per_horizon(rule: HoursPerHorizon, ctx: CheckContext) -> None:
    """Add up each person's minutes."""
    days = _all_days(ctx.index)
    for staff_id in ctx.index.staff_for(rule):
        lo, hi = _limits(ctx.index, staff_id, days, len(days), rule.min, rule.max)
        ctx.measure(
            rule,
            _worked_minutes(ctx, staff_id, days),
            lo=lo or None,
            hi=hi,
            staff=staff_id,
            detail="minutes outside the range for the horizon",
        )


register(HoursPerHorizon, compile=compile_hours_per_horizon, check=check_hours_per_horizon)


class ContractLimits(StaffScoped):
    """Everyone keeps to their own contract: weekly and horizon hours, and a maximum of shifts.

    Reads each person's ``contract``; minimums are scaled as in ``hours_per_week`` and
    ``hours_per_horizon``. Added as a hard rule for everyone when the practice does not list it.
    Soft: each minute (or shift) outside a limit costs ``weight``.
    """

    default_hard: ClassVar[bool] = True
    kind: Literal["contract"] = "contract"


@dataclass(frozen=True)
class _Limit:
    """One limit of a contract: over ``days``, with ``past`` already worked (history)."""

    label: str
    days: tuple[int, ...]
    past: int
    lo: int | None
    hi: int | None
    minutes: bool
    weekly: bool


def _contract_bounds(index: PracticeIndex, staff_id: str) -> list[_Limit]:
    """Each limit of the person's contract."""
    c = index.staff[staff_id].contract
    out: list[_Limit] = []
    if c.min_hours_per_week is not None or c.max_hours_per_week is not None:
        for days, past, lo, hi in _week_bounds(
            index, staff_id, c.min_hours_per_week, c.max_hours_per_week
        ):
            out.append(_Limit("weekly contract hours", days, past, lo or None, hi, True, True))
    days = _all_days(index)
    if c.min_hours is not None or c.max_hours is not None:
        lo, hi = _limits(index, staff_id, days, len(days), c.min_hours, c.max_hours)
        out.append(_Limit("contract hours in the horizon", days, 0, lo or None, hi, True, False))
    if c.max_shifts is not None:
        out.append(
            _Limit("contract shifts in the horizon", days, 0, None, c.max_shifts, False, False)
        )
    return out


def compile_contract(rule: ContractLimits, b: Builder) -> None:
    """Each limit of each person's contract, as a bound on minutes or on shifts."""
    for staff_id in b.index.staff_for(rule):
        for limit in _contract_bounds(b.index, staff_id):
            terms = _minute_terms(b, staff_id, limit.days)
            if not limit.minutes:
                terms = [(1, t) for _, t in terms]
            b.bound(
                rule,
                terms,
                lo=_less(limit.lo, limit.past),
                hi=None if limit.hi is None else limit.hi - limit.past,
                staff=staff_id,
                day=b.index.calendar.dates[limit.days[0]] if limit.weekly else None,
                detail=limit.label,
            )


def check_contract(rule: ContractLimits, ctx: CheckContext) -> None:
    """Each limit of each person's contract, measured on the roster."""
    for staff_id in ctx.index.staff_for(rule):
        for limit in _contract_bounds(ctx.index, staff_id):
            if limit.minutes:
                value = limit.past + _worked_minutes(ctx, staff_id, limit.days)
            else:
                value = sum(len(ctx.shifts_on(staff_id, d)) for d in limit.days)
            ctx.measure(
                rule,
                value,
                lo=limit.lo,
                hi=limit.hi,
                staff=staff_id,
                day=ctx.index.calendar.dates[limit.days[0]] if limit.weekly else None,
                detail=limit.label,
            )


register(ContractLimits, compile=compile_contract, check=check_contract)
