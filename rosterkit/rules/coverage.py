"""Coverage: how many people, with which skill, each shift needs on which days."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from rosterkit.model import WEEKDAYS, Identifier, ShiftInstance, Weekday
from rosterkit.rules.base import RefKind, RuleBase, register
from rosterkit.rules.builder import Builder, Lit
from rosterkit.rules.context import CheckContext, PracticeIndex

__all__ = ["Coverage"]


class Coverage(RuleBase):
    """Shift `shift` has `min` to `max` people (with `skill`, if given) on each matching day.

    Matching days are the days the shift runs, narrowed to ``weekdays`` and/or ``dates`` when
    given. Days the practice is closed (public holidays, closures) are skipped unless ``dates``
    lists them. A person counts for a skill if they have it. Soft (the default, weight 1000): each
    person short of ``min`` or above ``max`` costs ``weight``. ``preferred`` is always soft: each
    person away from it costs ``preferred_weight`` (or ``preferred_under_weight`` below it and
    ``preferred_over_weight`` above it, when given). Items are billed to the day, with no staff.
    """

    default_weight: ClassVar[int | None] = 1000
    refs: ClassVar[Mapping[str, RefKind]] = {"shift": "shift", "skill": "skill"}
    kind: Literal["coverage"] = "coverage"
    shift: Identifier
    skill: Identifier | None = None
    weekdays: tuple[Weekday, ...] = WEEKDAYS  # type: ignore[assignment]
    dates: tuple[date, ...] = ()
    min: int = Field(default=0, ge=0)
    max: int | None = Field(default=None, ge=0)
    preferred: int | None = Field(default=None, ge=0)
    preferred_weight: int = Field(default=1, ge=0, le=10**9)
    preferred_under_weight: int | None = Field(default=None, ge=0, le=10**9)
    preferred_over_weight: int | None = Field(default=None, ge=0, le=10**9)

    @model_validator(mode="after")
    def _range(self) -> Coverage:
        if self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        pref = self.preferred
        if pref is not None and (pref < self.min or (self.max is not None and pref > self.max)):
            raise ValueError(f"preferred ({self.preferred}) is outside min..max")
        if self.min == 0 and self.max is None and self.preferred is None:
            raise ValueError("give min, max or preferred")
        return self

    def instances(self, index: PracticeIndex) -> list[ShiftInstance]:
        """The shift instances this line asks for (none on closed days it does not list)."""
        wanted = set(self.dates)
        closed = index.closed_dates
        cal = index.calendar
        if wanted:  # look the listed days up instead of scanning the whole horizon
            days = sorted(d for d in (cal.day_index(day) for day in wanted) if d is not None)
            candidates = [i for d in days if (i := cal.instance(d, self.shift)) is not None]
        else:
            candidates = list(cal.instances)
        out = []
        for inst in candidates:
            if inst.shift_id != self.shift:
                continue
            if WEEKDAYS[inst.date.weekday()] not in self.weekdays:
                continue
            if wanted and inst.date not in wanted:
                continue
            if inst.date in closed and inst.date not in wanted:
                continue
            out.append(inst)
        return out

    def preferred_sides(self) -> list[tuple[int | None, int | None, int]]:
        """(lo, hi, weight) of the preferred head count: one bound, or one per side."""
        if self.preferred is None:
            return []
        under = self.preferred_weight
        if self.preferred_under_weight is not None:
            under = self.preferred_under_weight
        over = self.preferred_weight
        if self.preferred_over_weight is not None:
            over = self.preferred_over_weight
        if under == over:
            return [(self.preferred, self.preferred, under)]
        return [(self.preferred, None, under), (None, self.preferred, over)]

    def counts(self, index: PracticeIndex, staff_id: str) -> bool:
        """Whether this person counts towards the line."""
        return self.skill is None or self.skill in index.staff[staff_id].skills

    def label(self, inst: ShiftInstance) -> str:
        """How the line reads in a bill."""
        who = f"{self.skill} " if self.skill else ""
        return f"{inst.shift_id} {inst.date}: {who}cover"


def compile_coverage(rule: Coverage, b: Builder) -> None:
    """Count the people on each matching shift instance who count for the line."""
    staff = [s for s in b.index.staff if rule.counts(b.index, s)]
    for inst in rule.instances(b.index):
        terms: list[tuple[int, Lit]] = []
        for staff_id in staff:
            lit = b.x(staff_id, inst)
            if lit is not None:
                terms.append((1, lit))
        b.bound(
            rule, terms, lo=rule.min or None, hi=rule.max, day=inst.date, detail=rule.label(inst)
        )
        for lo, hi, weight in rule.preferred_sides():
            b.bound(
                rule,
                terms,
                lo=lo,
                hi=hi,
                day=inst.date,
                detail=rule.label(inst) + " (preferred)",
                hard=False,
                weight=weight,
            )


def check_coverage(rule: Coverage, ctx: CheckContext) -> None:
    """Count who works each matching shift instance."""
    staff = [s for s in ctx.index.staff if rule.counts(ctx.index, s)]
    for inst in rule.instances(ctx.index):
        count = sum(1 for s in staff if ctx.works_shift(s, inst))
        ctx.measure(
            rule, count, lo=rule.min or None, hi=rule.max, day=inst.date, detail=rule.label(inst)
        )
        for lo, hi, weight in rule.preferred_sides():
            ctx.measure(
                rule,
                count,
                lo=lo,
                hi=hi,
                day=inst.date,
                detail=rule.label(inst) + " (preferred)",
                hard=False,
                weight=weight,
            )


register(Coverage, compile=compile_coverage, check=check_coverage)
