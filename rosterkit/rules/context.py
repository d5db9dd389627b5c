"""Lookups shared by compilers and checkers, and the checker's context that measures breaches."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from rosterkit.model import Calendar, Roster, ShiftInstance, ShiftType, Staff, place
from rosterkit.rules.base import Penalty, RuleBase, Scope, StaffScoped, Violation
from rosterkit.rules.holidays import closed_days, public_holidays

if TYPE_CHECKING:
    from rosterkit.rules.practice import Practice

__all__ = ["CheckContext", "PracticeIndex"]


class PracticeIndex:
    """A practice's entities by id, its calendar, rule ids and who may work which shift."""

    def __init__(self, practice: Practice) -> None:
        self.practice = practice
        self.calendar: Calendar = Calendar.build(
            practice.horizon.dates, practice.time_zone, practice.shifts
        )
        self.staff: dict[str, Staff] = {s.id: s for s in practice.staff}
        self.shifts: dict[str, ShiftType] = {s.id: s for s in practice.shifts}
        self.rules: tuple[tuple[str, RuleBase], ...] = practice.rule_instances()
        self.rule_ids: dict[int, str] = {id(rule): rule_id for rule_id, rule in self.rules}
        self.past: dict[str, tuple[ShiftInstance, ...]] = {}
        """Each person's shifts before the horizon (negative day indices), from history."""
        self.known_from: dict[str, int] = {}
        """Each person's first known day (a negative index), if history gives one."""
        self.counts: dict[str, dict[str, float]] = {}
        """Running tallies carried in from history, by person and name."""
        first = self.calendar.dates[0]
        for entry in practice.history:
            self.past[entry.staff] = tuple(
                sorted(
                    (
                        place(self.shifts[p.shift], p.day, (p.day - first).days, self.calendar.zone)
                        for p in entry.worked
                    ),
                    key=lambda i: (i.start_ts, i.shift_id),
                )
            )
            if entry.known_from is not None:
                self.known_from[entry.staff] = (entry.known_from - first).days
            self.counts[entry.staff] = dict(entry.counts)
        self._by_start = sorted(self.calendar.instances, key=lambda i: (i.start_ts, i.day))
        self._starts = [i.start_ts for i in self._by_start]
        self._longest = max((i.end_ts - i.start_ts for i in self._by_start), default=0)

    def rule_id(self, rule: RuleBase) -> str:
        """The id of a rule instance of this practice."""
        return self.rule_ids[id(rule)]

    def staff_in(self, scope: Scope) -> list[str]:
        """Ids of the staff a scope covers, in practice order."""
        if scope.everyone:
            return list(self.staff)
        roles, named = set(scope.roles), set(scope.staff)
        return [s.id for s in self.practice.staff if s.id in named or roles & set(s.skills)]

    def staff_for(self, rule: StaffScoped) -> list[str]:
        """Ids of the staff ``rule`` applies to."""
        return self.staff_in(rule.applies_to)

    def eligible(self, staff_id: str, inst: ShiftInstance) -> bool:
        """Whether the person may be given this shift at all: employed, with a skill it needs."""
        person = self.staff[staff_id]
        return _qualified(person, self.shifts[inst.shift_id]) and person.employed_on(inst.date)

    @cached_property
    def holiday_dates(self) -> dict[date, str]:
        """Public holidays inside the horizon, with their names (the practice's ``holidays``)."""
        return public_holidays(self.practice.holidays, self.calendar.dates)

    @cached_property
    def closed_dates(self) -> dict[date, str]:
        """The days of the horizon the practice is closed, with why: holidays and closures."""
        p = self.practice
        return closed_days(self.holiday_dates, p.holidays, p.closures, self.calendar.dates)

    @cached_property
    def eligible_by_staff(self) -> dict[str, tuple[ShiftInstance, ...]]:
        """Every shift instance each person may be given."""
        out: dict[str, tuple[ShiftInstance, ...]] = {}
        instances = self.calendar.instances
        dates = {i.date for i in instances}
        for sid, person in self.staff.items():
            # What eligible() asks, with the skill test made once per shift type and the
            # employment test once per date (Curtois Instance24: 1.75 M instances x staff).
            qualified = {s for s, shift in self.shifts.items() if _qualified(person, shift)}
            employed = {d: person.employed_on(d) for d in dates}
            out[sid] = tuple(i for i in instances if i.shift_id in qualified and employed[i.date])
        return out

    def overlapping(self, start_ts: int, end_ts: int) -> list[ShiftInstance]:
        """Shift instances sharing time with [start_ts, end_ts), in calendar order."""
        low = bisect.bisect_right(self._starts, start_ts - self._longest)
        high = bisect.bisect_left(self._starts, end_ts)
        found = [i for i in self._by_start[low:high] if i.overlaps(start_ts, end_ts)]
        return sorted(found, key=lambda i: (i.day, i.start_ts, i.shift_id))

    def past_days_worked(self, staff_id: str) -> set[int]:
        """Negative day indices on which history says the person started a shift."""
        return {i.day for i in self.past.get(staff_id, ())}

    def is_known(self, staff_id: str, day: int) -> bool:
        """Whether the person's work on day index ``day`` is known (planned, or in history)."""
        return day >= self.known_from.get(staff_id, 0)

    def date_of(self, day: int) -> date:
        """The date of day index ``day`` (negative before the horizon)."""
        return self.calendar.dates[0] + timedelta(days=day)

    @cached_property
    def approved_leave_days(self) -> dict[str, set[int]]:
        """Day indices each person spends on approved leave (whole days, history included)."""
        first = self.calendar.dates[0]
        out: dict[str, set[int]] = {}
        for leave in self.practice.leave:
            if leave.status != "approved":
                continue
            days = range((leave.start_date - first).days, (leave.end_date - first).days + 1)
            out.setdefault(leave.staff, set()).update(days)
        return out

    def available_days(self, staff_id: str, days: Iterable[int]) -> int:
        """How many of the day indices ``days`` the person is employed and not on approved leave.

        Minimum hours are scaled by this share: approved leave counts as time worked.
        """
        person = self.staff[staff_id]
        away = self.approved_leave_days.get(staff_id, set())
        return sum(1 for d in days if d not in away and person.employed_on(self.date_of(d)))


@dataclass
class CheckContext:
    """A finished roster seen through the practice: what each person works, and a tally."""

    index: PracticeIndex
    roster: Roster
    violations: list[Violation] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_staff_day: dict[tuple[str, int], list[ShiftInstance]] = defaultdict(list)
        self.assigned: set[tuple[str, int, str]] = set()
        self.unplaced: list[str] = []
        cal = self.index.calendar
        for a in self.roster:
            day = cal.day_index(a.date)
            inst = cal.instance(day, a.shift_id) if day is not None else None
            if day is None or inst is None or a.staff_id not in self.index.staff:
                self.unplaced.append(
                    f"{a.staff_id} on {a.date} shift {a.shift_id}: not a shift of this horizon"
                )
                continue
            self.by_staff_day[(a.staff_id, day)].append(inst)
            self.assigned.add((a.staff_id, day, a.shift_id))

    def works_shift(self, staff_id: str, inst: ShiftInstance) -> bool:
        """Whether the person works this shift instance."""
        return (staff_id, inst.day, inst.shift_id) in self.assigned

    def shifts_on(self, staff_id: str, day: int) -> list[ShiftInstance]:
        """The person's shifts that start on day index ``day``."""
        return self.by_staff_day.get((staff_id, day), [])

    def works(self, staff_id: str, day: int) -> bool:
        """Whether the person starts any shift on day index ``day``."""
        return bool(self.by_staff_day.get((staff_id, day)))

    def measure(
        self,
        rule: RuleBase,
        value: int,
        *,
        lo: int | None = None,
        hi: int | None = None,
        staff: str | None = None,
        day: date | None = None,
        detail: str = "",
        hard: bool | None = None,
        weight: int | None = None,
    ) -> None:
        """Record a breach if ``value`` lies outside [lo, hi].

        Mirrors :meth:`rosterkit.rules.builder.Builder.bound`: a soft breach costs ``weight``
        per unit below ``lo`` or above ``hi``.
        """
        units = max(0, (lo - value) if lo is not None else 0) + max(
            0, (value - hi) if hi is not None else 0
        )
        if units == 0:
            return
        is_hard = rule.hard if hard is None else hard
        rule_id = self.index.rule_id(rule)
        text = detail or rule.summary
        if is_hard:
            bounds = f"[{'' if lo is None else lo}..{'' if hi is None else hi}]"
            self.violations.append(
                Violation(rule_id, rule.kind, staff, day, f"{text} (is {value}, must be {bounds})")
            )
            return
        unit_weight = rule.strength_weight if weight is None else weight
        if unit_weight:
            self.penalties.append(
                Penalty(rule_id, rule.kind, staff, day, unit_weight * units, text)
            )


def _qualified(person: Staff, shift: ShiftType) -> bool:
    """Whether the person has a skill the shift type needs (or it needs none)."""
    return not shift.skills or bool(set(shift.skills) & set(person.skills))
