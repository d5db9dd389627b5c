"""Remote work: who may work remote or on-site shifts, in whose local hours, and how often."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time, timedelta
from typing import ClassVar, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, model_validator

from rosterkit.model import WEEKDAYS, Identifier, ShiftInstance, Weekday, local_instant
from rosterkit.model.entities import WorkingHours
from rosterkit.rules.base import RefKind, RuleBase, StaffScoped, register
from rosterkit.rules.builder import Builder, Lit
from rosterkit.rules.context import CheckContext, PracticeIndex

__all__ = [
    "LocalHours",
    "NoMixedDays",
    "OnsitePresence",
    "RemoteDaysPerWeek",
    "WorkModeRule",
]


def _is_remote(index: PracticeIndex, inst: ShiftInstance) -> bool:
    return index.shifts[inst.shift_id].remote


def _day_lit(b: Builder, staff_id: str, day: int, *, remote: bool) -> Lit | None:
    """'The person starts a remote (or an on-site) shift on day index ``day``'."""
    lits = [
        lit
        for inst in b.index.calendar.on_day(day)
        if _is_remote(b.index, inst) == remote and (lit := b.x(staff_id, inst)) is not None
    ]
    where = "remote" if remote else "onsite"
    return b.any_of(lits, name=f"{where}.day[{staff_id},{day}]")


# --- work mode -----------------------------------------------------------------------------


class WorkModeRule(StaffScoped):
    """Remote-only staff work only remote shifts, and on-site staff only on-site shifts.

    Reads each person's ``work_mode`` (``onsite``, ``remote`` or ``hybrid``; hybrid staff may
    work either) and each shift type's ``remote``. Hard by default; with a ``weight``, each
    shift of the wrong kind costs it, billed to the person and the shift's date.
    """

    default_hard: ClassVar[bool] = True
    kind: Literal["work_mode"] = "work_mode"


def _wrong_mode(index: PracticeIndex, staff_id: str, inst: ShiftInstance) -> bool:
    mode = index.staff[staff_id].work_mode
    return mode != "hybrid" and _is_remote(index, inst) != (mode == "remote")


def _mode_label(index: PracticeIndex, staff_id: str, inst: ShiftInstance) -> str:
    where = "a remote" if _is_remote(index, inst) else "an on-site"
    return f"{staff_id} ({index.staff[staff_id].work_mode}) works {where} shift {inst.shift_id}"


def compile_work_mode(rule: WorkModeRule, b: Builder) -> None:
    """Each shift instance of the wrong kind is off for the person."""
    for staff_id in b.index.staff_for(rule):
        for inst in b.index.eligible_by_staff[staff_id]:
            lit = b.x(staff_id, inst)
            if lit is not None and _wrong_mode(b.index, staff_id, inst):
                b.bound(
                    rule,
                    [(1, lit)],
                    hi=0,
                    staff=staff_id,
                    day=inst.date,
                    detail=_mode_label(b.index, staff_id, inst),
                )


def check_work_mode(rule: WorkModeRule, ctx: CheckContext) -> None:
    """Each worked shift of the wrong kind is a breach."""
    index = ctx.index
    people = set(index.staff_for(rule))
    for (staff_id, _day), shifts in sorted(ctx.by_staff_day.items()):
        if staff_id not in people:
            continue
        mode = index.staff[staff_id].work_mode
        for inst in shifts:
            remote = index.shifts[inst.shift_id].remote
            wrong = (mode == "remote" and not remote) or (mode == "onsite" and remote)
            ctx.measure(
                rule,
                int(wrong),
                hi=0,
                staff=staff_id,
                day=inst.date,
                detail=_mode_label(index, staff_id, inst),
            )


register(WorkModeRule, compile=compile_work_mode, check=check_work_mode)


# --- local hours ---------------------------------------------------------------------------


class LocalHours(StaffScoped):
    """Everyone works only shifts that lie inside their own working hours, in their own zone.

    A person's window is their ``local_hours`` (or else this rule's ``start`` and ``end``),
    read in their ``time_zone`` (or else the practice's); people with neither window are not
    judged. A shift fits if it lies wholly inside the window of one local day, both ends placed
    in real time with each zone's daylight-saving rules: a 07:00-15:00 shift in New York is
    20:00-04:00 in Manila, inside an overnight window 18:00-06:00, in winter and in summer.
    Hard by default; with a ``weight``, each shift outside costs it, billed to the person and
    the shift's date.
    """

    default_hard: ClassVar[bool] = True
    kind: Literal["local_hours"] = "local_hours"
    start: time | None = None
    end: time | None = None

    @model_validator(mode="after")
    def _window(self) -> LocalHours:
        if (self.start is None) != (self.end is None):
            raise ValueError("give both start and end, or neither")
        if self.start is not None and self.start == self.end:
            raise ValueError(f"start and end are both {self.start}: the window is empty")
        return self

    def window(self, index: PracticeIndex, staff_id: str) -> WorkingHours | None:
        """The person's own working hours, or the rule's, or None."""
        person = index.staff[staff_id]
        if person.local_hours is not None:
            return person.local_hours
        if self.start is not None and self.end is not None:
            return WorkingHours(start=self.start, end=self.end)
        return None

    def fits(self, index: PracticeIndex, staff_id: str, inst: ShiftInstance) -> bool:
        """Whether the shift instance lies inside the person's local working hours."""
        window = self.window(index, staff_id)
        if window is None:
            return True
        zone = ZoneInfo(index.staff[staff_id].time_zone or index.practice.time_zone)
        local_day = inst.start.astimezone(zone).date()
        for day in (local_day - timedelta(days=1), local_day):
            opens = local_instant(day, window.start, zone).timestamp()
            end_day = day + timedelta(days=1) if window.end <= window.start else day
            closes = local_instant(end_day, window.end, zone).timestamp()
            if opens <= inst.start_ts and inst.end_ts <= closes:
                return True
        return False


def _outside_label(index: PracticeIndex, staff_id: str, inst: ShiftInstance) -> str:
    zone = ZoneInfo(index.staff[staff_id].time_zone or index.practice.time_zone)
    begin, end = inst.start.astimezone(zone), inst.end.astimezone(zone)
    return (
        f"{inst.shift_id} is {begin:%a %H:%M}-{end:%a %H:%M} for {staff_id} ({zone.key}), "
        "outside their working hours"
    )


def compile_local_hours(rule: LocalHours, b: Builder) -> None:
    """Each shift instance outside the person's window is off for them."""
    for staff_id in b.index.staff_for(rule):
        for inst in b.index.eligible_by_staff[staff_id]:
            lit = b.x(staff_id, inst)
            if lit is not None and not rule.fits(b.index, staff_id, inst):
                b.bound(
                    rule,
                    [(1, lit)],
                    hi=0,
                    staff=staff_id,
                    day=inst.date,
                    detail=_outside_label(b.index, staff_id, inst),
                )


def check_local_hours(rule: LocalHours, ctx: CheckContext) -> None:
    """Each worked shift outside the person's window is a breach."""
    people = set(ctx.index.staff_for(rule))
    for (staff_id, _day), shifts in sorted(ctx.by_staff_day.items()):
        if staff_id not in people:
            continue
        for inst in shifts:
            ctx.measure(
                rule,
                int(not rule.fits(ctx.index, staff_id, inst)),
                hi=0,
                staff=staff_id,
                day=inst.date,
                detail=_outside_label(ctx.index, staff_id, inst),
            )


register(LocalHours, compile=compile_local_hours, check=check_local_hours)


# --- remote days per week ------------------------------------------------------------------


class RemoteDaysPerWeek(StaffScoped):
    """Hybrid staff work remotely on at most `limit` days in each ISO week (Monday to Sunday).

    A remote day is a day on which the person starts a remote shift. Applies to the people in
    scope whose ``work_mode`` is ``hybrid``. Remote days that history lists in the horizon's
    first week (before its first day) count towards that week. Soft: each remote day above the
    limit costs ``weight``, billed to the person and the week's first planned day.
    """

    kind: Literal["remote_days_per_week"] = "remote_days_per_week"
    limit: int = Field(ge=0, le=7)

    def people(self, index: PracticeIndex) -> list[str]:
        """The hybrid staff in scope."""
        return [s for s in index.staff_for(self) if index.staff[s].work_mode == "hybrid"]

    def weeks(self, index: PracticeIndex, staff_id: str) -> list[tuple[tuple[int, ...], int]]:
        """Each ISO week's planned day indices, with the remote days history gives in it."""
        earlier: dict[tuple[int, int], set[int]] = {}
        for inst in index.past.get(staff_id, ()):
            if _is_remote(index, inst):
                iso = inst.date.isocalendar()
                earlier.setdefault((iso.year, iso.week), set()).add(inst.day)
        return [(days, len(earlier.get(key, ()))) for key, days in index.calendar.weeks()]


def compile_remote_days_per_week(rule: RemoteDaysPerWeek, b: Builder) -> None:
    """Per person and ISO week: planned remote days at most ``limit`` minus history's."""
    cal = b.index.calendar
    for staff_id in rule.people(b.index):
        for days, before in rule.weeks(b.index, staff_id):
            terms: list[tuple[int, Lit]] = []
            for day in days:
                lit = _day_lit(b, staff_id, day, remote=True)
                if lit is not None:
                    terms.append((1, lit))
            b.bound(
                rule,
                terms,
                hi=rule.limit - before,
                staff=staff_id,
                day=cal.dates[days[0]],
                detail=f"more than {rule.limit} remote day(s) in the week",
            )


def check_remote_days_per_week(rule: RemoteDaysPerWeek, ctx: CheckContext) -> None:
    """Count each person's days with a remote shift, per ISO week, history included."""
    index = ctx.index
    cal = index.calendar
    for staff_id in rule.people(index):
        for days, before in rule.weeks(index, staff_id):
            remote_days = sum(
                1
                for day in days
                if any(index.shifts[i.shift_id].remote for i in ctx.shifts_on(staff_id, day))
            )
            ctx.measure(
                rule,
                before + remote_days,
                hi=rule.limit,
                staff=staff_id,
                day=cal.dates[days[0]],
                detail=f"more than {rule.limit} remote day(s) in the week",
            )


register(RemoteDaysPerWeek, compile=compile_remote_days_per_week, check=check_remote_days_per_week)


# --- on-site presence ----------------------------------------------------------------------


class OnsitePresence(RuleBase):
    """At least `min` people (with `skill`, if given) work on site on each matching day.

    A person is on site on a day if they start an on-site shift that day (two on-site shifts
    still make one person). Matching days are the horizon's days narrowed to ``weekdays`` and
    ``dates``, without closed days (public holidays, closures) that ``dates`` does not list.
    Soft (the default, weight 1000): each person short costs ``weight``, billed to the day with
    no staff.
    """

    default_weight: ClassVar[int | None] = 1000
    refs: ClassVar[Mapping[str, RefKind]] = {"skill": "skill"}
    kind: Literal["onsite_presence"] = "onsite_presence"
    min: int = Field(ge=1)
    skill: Identifier | None = None
    weekdays: tuple[Weekday, ...] = WEEKDAYS  # type: ignore[assignment]
    dates: tuple[date, ...] = ()

    def people(self, index: PracticeIndex) -> list[str]:
        """The staff who count: everyone, or those with ``skill``."""
        if self.skill is None:
            return list(index.staff)
        return [s.id for s in index.practice.staff if self.skill in s.skills]

    def days(self, index: PracticeIndex) -> list[int]:
        """The matching day indices."""
        wanted = set(self.dates)
        closed = index.closed_dates
        return [
            n
            for n, day in enumerate(index.calendar.dates)
            if WEEKDAYS[day.weekday()] in self.weekdays
            and (not wanted or day in wanted)
            and (day not in closed or day in wanted)
        ]

    def label(self) -> str:
        """How a day reads in a bill."""
        who = f"{self.skill} " if self.skill else ""
        return f"{who}people on site short of {self.min}"


def compile_onsite_presence(rule: OnsitePresence, b: Builder) -> None:
    """Per matching day: people starting an on-site shift, at least ``min``."""
    people = rule.people(b.index)
    for day in rule.days(b.index):
        terms: list[tuple[int, Lit]] = []
        for staff_id in people:
            lit = _day_lit(b, staff_id, day, remote=False)
            if lit is not None:
                terms.append((1, lit))
        b.bound(rule, terms, lo=rule.min, day=b.index.calendar.dates[day], detail=rule.label())


def check_onsite_presence(rule: OnsitePresence, ctx: CheckContext) -> None:
    """Per matching day, count the people with an on-site shift."""
    index = ctx.index
    people = rule.people(index)
    for day in rule.days(index):
        present = sum(
            1
            for s in people
            if any(not index.shifts[i.shift_id].remote for i in ctx.shifts_on(s, day))
        )
        ctx.measure(rule, present, lo=rule.min, day=index.calendar.dates[day], detail=rule.label())


register(OnsitePresence, compile=compile_onsite_presence, check=check_onsite_presence)


# --- no mixed days -------------------------------------------------------------------------


class NoMixedDays(StaffScoped):
    """Nobody works both a remote and an on-site shift on the same day.

    The day is the day a shift starts on. Soft: each day with both costs ``weight``, billed to
    the person and the day.
    """

    kind: Literal["no_mixed_days"] = "no_mixed_days"


def compile_no_mixed_days(rule: NoMixedDays, b: Builder) -> None:
    """Per person and day: a remote day and an on-site day, not both."""
    cal = b.index.calendar
    for staff_id in b.index.staff_for(rule):
        for day in range(cal.num_days):
            remote = _day_lit(b, staff_id, day, remote=True)
            onsite = _day_lit(b, staff_id, day, remote=False)
            if remote is not None and onsite is not None:
                b.bound(
                    rule,
                    [(1, remote), (1, onsite)],
                    hi=1,
                    staff=staff_id,
                    day=cal.dates[day],
                    detail="remote and on-site shifts on one day",
                )


def check_no_mixed_days(rule: NoMixedDays, ctx: CheckContext) -> None:
    """Per person and day, whether both kinds of shift start that day."""
    index = ctx.index
    cal = index.calendar
    for staff_id in index.staff_for(rule):
        for day in range(cal.num_days):
            kinds = {index.shifts[i.shift_id].remote for i in ctx.shifts_on(staff_id, day)}
            ctx.measure(
                rule,
                len(kinds),
                hi=1,
                staff=staff_id,
                day=cal.dates[day],
                detail="remote and on-site shifts on one day",
            )


register(NoMixedDays, compile=compile_no_mixed_days, check=check_no_mixed_days)
