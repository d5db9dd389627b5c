"""Fairness: a burden (nights, weekends, public holidays, refused leave) shared evenly by a group.

The measure is the spread: the largest count in the group minus the smallest, each count being
what history carries in plus this horizon, scaled by integer factors for FTE. docs/rules/fairness.md
says why.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from rosterkit.errors import ValidationError
from rosterkit.model import WEEKDAYS, Identifier, ShiftInstance, Weekday
from rosterkit.rules.base import Reference, RefKind, StaffScoped, register
from rosterkit.rules.builder import Builder, Var
from rosterkit.rules.context import CheckContext, PracticeIndex
from rosterkit.rules.leave import Leave, granted_requests

__all__ = ["Fairness"]

MAX_FACTOR = 1000
"""The largest FTE scale factor accepted: more means FTE values too finely different to compare
in whole units (and a model with needlessly large numbers)."""


class Fairness(StaffScoped):
    """The group's counts of `burden`, history included, differ by at most `max_spread`.

    A person's count is the number carried in from history (``counts[<burden>]``) plus this
    horizon's: shifts (of ``shifts``, starting on ``weekdays``, or on public holidays with
    ``on_holidays``), worked weekends, or refused leave requests, as ``unit`` says. With
    ``fte``, each count is multiplied by an integer factor inversely proportional to the
    person's FTE. The group is ``applies_to``, less those who cannot carry the burden in this
    horizon. Soft: each unit of spread above ``max_spread`` costs ``weight``, billed once,
    with no staff and no date.
    """

    refs: ClassVar[Mapping[str, RefKind]] = {"shifts": "shift", "fte": "staff"}
    kind: Literal["fairness"] = "fairness"
    burden: Identifier
    unit: Literal["shifts", "weekends", "refused_leave"] = "shifts"
    shifts: tuple[Identifier, ...] = ()
    weekdays: tuple[Weekday, ...] | None = None
    on_holidays: bool = False
    fte: dict[Identifier, float] | Literal["contract"] | None = None
    full_time_hours: float = Field(default=40, gt=0, le=168)
    max_spread: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _shape(self) -> Fairness:
        if self.unit == "refused_leave" and (
            self.shifts or self.weekdays is not None or self.on_holidays
        ):
            raise ValueError("unit 'refused_leave' takes no shifts, weekdays or on_holidays")
        if isinstance(self.fte, dict):
            for staff_id, value in self.fte.items():
                if not 0 < value <= 10:
                    raise ValueError(f"fte of {staff_id!r} must be above 0 and at most 10")
        if self.weekdays is not None and not self.weekdays:
            raise ValueError("weekdays is empty: leave it out, or name at least one day")
        return self

    def references(self) -> Iterator[Reference]:
        """As every rule's, but ``fte: contract`` is a word, not a person."""
        for ref in super().references():
            if ref.field != "fte" or isinstance(self.fte, dict):
                yield ref

    @property
    def days(self) -> tuple[str, ...]:
        """The weekdays that count (with ``unit: weekends``: the days of a weekend)."""
        if self.weekdays is not None:
            return self.weekdays
        return ("sat", "sun") if self.unit == "weekends" else WEEKDAYS

    def counts(self, index: PracticeIndex, inst: ShiftInstance) -> bool:
        """Whether working ``inst`` is (part of) the burden."""
        if self.shifts and inst.shift_id not in self.shifts:
            return False
        if WEEKDAYS[inst.date.weekday()] not in self.days:
            return False
        return not self.on_holidays or inst.date in index.holiday_dates

    def weekends(self, index: PracticeIndex) -> list[tuple[str, tuple[int, ...]]]:
        """Each weekend touching the horizon (named by its ISO week) with its day indices."""
        out = []
        for (year, week), days in index.calendar.weeks():
            mine = tuple(
                d for d in days if WEEKDAYS[index.calendar.dates[d].weekday()] in self.days
            )
            if mine:
                out.append((f"{year}-W{week:02d}", mine))
        return out

    def requests(self, index: PracticeIndex, staff_id: str) -> list[Leave]:
        """The person's requested leave."""
        return [
            r
            for _, r in index.rules
            if isinstance(r, Leave) and r.requested and r.staff == staff_id
        ]

    def fte_of(self, index: PracticeIndex, staff_id: str) -> Fraction:
        """The person's FTE as an exact fraction (1 without ``fte``)."""
        if self.fte is None:
            return Fraction(1)
        if self.fte == "contract":
            hours = index.staff[staff_id].contract.max_hours_per_week
            if hours is None:
                return Fraction(1)
            return Fraction(str(hours)) / Fraction(str(self.full_time_hours))
        return Fraction(str(self.fte.get(staff_id, 1.0)))

    def group(self, index: PracticeIndex) -> list[str]:
        """Who shares the burden: ``applies_to``, less those who cannot carry it this horizon.

        Left out are people with an FTE of 0 and, for shifts and weekends, people who may
        work none of the shifts that count; for refused leave, people with no request.
        """
        out = []
        for staff_id in index.staff_for(self):
            if self.fte_of(index, staff_id) <= 0:
                continue
            if self.unit == "refused_leave":
                able = bool(self.requests(index, staff_id))
            else:
                able = any(self.counts(index, i) for i in index.eligible_by_staff[staff_id])
            if able:
                out.append(staff_id)
        return out

    def factors(self, index: PracticeIndex, group: list[str]) -> dict[str, int]:
        """Each person's integer scale factor, inversely proportional to their FTE.

        All 1 without ``fte``; with FTE 1 and 0.5, 1 and 2; with 1 and 0.75, 3 and 4.

        Raises:
            ValidationError: the FTE values need a factor above :data:`MAX_FACTOR`.
        """
        ftes = {s: self.fte_of(index, s) for s in group}
        common = math.lcm(*(f.numerator for f in ftes.values())) if ftes else 1
        raw = {s: common * f.denominator // f.numerator for s, f in ftes.items()}
        divisor = math.gcd(*raw.values()) if raw else 1
        out = {s: k // divisor for s, k in raw.items()}
        if out and max(out.values()) > MAX_FACTOR:
            shown = ", ".join(f"{s} {float(f):g}" for s, f in ftes.items())
            raise ValidationError(
                f"{index.rule_id(self)}: the FTE values ({shown}) are too finely different "
                f"to compare in whole units (a factor of {max(out.values())} would be needed); "
                "round them, for example to multiples of 0.1"
            )
        return out

    def carried(self, index: PracticeIndex, staff_id: str, factor: int) -> int:
        """The scaled count history carries in, rounded to a whole number."""
        return round(index.counts.get(staff_id, {}).get(self.burden, 0) * factor)

    @property
    def label(self) -> str:
        """How the rule reads in a bill."""
        return f"{self.burden}: spread between the most and the least (history included)"


def compile_fairness(rule: Fairness, b: Builder) -> None:
    """Each person's scaled count as a variable; the spread is their maximum minus their minimum."""
    index = b.index
    group = rule.group(index)
    if len(group) < 2:
        return
    factors = rule.factors(index, group)
    rule_id = index.rule_id(rule)
    totals: list[Var] = []
    for staff_id in group:
        k = factors[staff_id]
        offset = rule.carried(index, staff_id, k)
        terms: list[tuple[int, Var]] = []
        if rule.unit == "shifts":
            for inst in index.eligible_by_staff[staff_id]:
                lit = b.x(staff_id, inst) if rule.counts(index, inst) else None
                if lit is not None:
                    terms.append((k, lit))
        elif rule.unit == "weekends":
            for week, days in rule.weekends(index):
                lits = [
                    lit
                    for d in days
                    for inst in index.calendar.on_day(d)
                    if rule.counts(index, inst) and (lit := b.x(staff_id, inst)) is not None
                ]
                worked = b.any_of(lits, name=f"{rule_id}:weekend[{staff_id},{week}]")
                if worked is not None:
                    terms.append((k, worked))
        else:
            for request in rule.requests(index, staff_id):
                terms.append((-k, b.decision(request.decision_name(index))))
                offset += k
        totals.append(b.int_var(terms, name=f"{rule_id}:count[{staff_id}]", offset=offset))
    most = b.max_of(totals, name=f"{rule_id}:most")
    least = b.min_of(totals, name=f"{rule_id}:least")
    b.bound(rule, [(1, most), (-1, least)], hi=rule.max_spread, detail=rule.label)


def check_fairness(rule: Fairness, ctx: CheckContext) -> None:
    """Count each person's burden in the roster, add history, scale, and measure the spread."""
    index = ctx.index
    group = rule.group(index)
    if len(group) < 2:
        return
    factors = rule.factors(index, group)
    granted = granted_requests(ctx) if rule.unit == "refused_leave" else {}
    totals: dict[str, int] = {}
    for staff_id in group:
        if rule.unit == "shifts":
            count = sum(
                1
                for inst in index.calendar.instances
                if rule.counts(index, inst) and ctx.works_shift(staff_id, inst)
            )
        elif rule.unit == "weekends":
            count = sum(
                1
                for _, days in rule.weekends(index)
                if any(
                    rule.counts(index, inst) and ctx.works_shift(staff_id, inst)
                    for d in days
                    for inst in index.calendar.on_day(d)
                )
            )
        else:
            count = sum(1 for r in rule.requests(index, staff_id) if not granted[index.rule_id(r)])
        k = factors[staff_id]
        totals[staff_id] = k * count + rule.carried(index, staff_id, k)
    most = max(totals, key=lambda s: totals[s])
    least = min(totals, key=lambda s: totals[s])
    ctx.measure(
        rule,
        totals[most] - totals[least],
        hi=rule.max_spread,
        detail=f"{rule.burden}: {most} has {totals[most]}, {least} {totals[least]}",
    )


register(Fairness, compile=compile_fairness, check=check_fairness)
