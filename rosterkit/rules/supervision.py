"""Onboarding: trainees work only alongside a mentor, and training days are fixed in advance."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from rosterkit.errors import ValidationError
from rosterkit.model import Identifier, ShiftInstance
from rosterkit.rules.base import RefKind, RuleBase, Scope, StaffScoped, register
from rosterkit.rules.builder import Builder, Lit
from rosterkit.rules.context import CheckContext, PracticeIndex

__all__ = ["FixedAssignment", "Supervision"]


# --- supervision ---------------------------------------------------------------------------


class Supervision(StaffScoped):
    """Until `until`, the trainees in `applies_to` work only while a mentor is on a shift too.

    A trainee's shift is supervised if someone in ``mentors`` (a scope: ``roles`` and/or
    ``staff``), other than the rule's trainees, works a shift that shares real time with it;
    shifts history lists count, so a night mentor who stays until 07:00 supervises a 06:00
    start on the horizon's first day. ``until`` is the last date whose shifts need a mentor
    (inclusive; left out: the whole horizon). Soft: each unsupervised shift costs ``weight``,
    billed to the trainee and the shift's date.
    """

    refs: ClassVar[Mapping[str, RefKind]] = {"mentors.roles": "skill", "mentors.staff": "staff"}
    kind: Literal["supervision"] = "supervision"
    mentors: Scope
    until: date | None = None

    @model_validator(mode="after")
    def _named(self) -> Supervision:
        if self.mentors.everyone:
            raise ValueError("mentors: give roles, staff or both (who may supervise)")
        if self.applies_to.everyone:
            raise ValueError("applies_to: name the trainees (roles, staff or both)")
        return self

    def trainees(self, index: PracticeIndex) -> list[str]:
        """The staff who need a mentor."""
        return index.staff_for(self)

    def mentor_ids(self, index: PracticeIndex) -> list[str]:
        """The staff who may supervise: the mentor scope, less the trainees."""
        trainees = set(self.trainees(index))
        return [s for s in index.staff_in(self.mentors) if s not in trainees]

    def judged(self, inst: ShiftInstance) -> bool:
        """Whether a trainee working this shift instance needs a mentor."""
        return self.until is None or inst.date <= self.until


def _mentored_by_history(index: PracticeIndex, mentors: list[str], inst: ShiftInstance) -> bool:
    """Whether a mentor's shift before the horizon (from history) overlaps the instance."""
    return any(
        past.overlaps(inst.start_ts, inst.end_ts)
        for mentor in mentors
        for past in index.past.get(mentor, ())
    )


def _supervision_label(trainee: str, inst: ShiftInstance) -> str:
    return f"{trainee} works {inst.shift_id} on {inst.date} without a mentor"


def compile_supervision(rule: Supervision, b: Builder) -> None:
    """Per trainee shift: mentors' overlapping shifts minus the trainee's, at least 0."""
    index = b.index
    mentors = rule.mentor_ids(index)
    for trainee in rule.trainees(index):
        for inst in index.eligible_by_staff[trainee]:
            lit = b.x(trainee, inst)
            if lit is None or not rule.judged(inst) or _mentored_by_history(index, mentors, inst):
                continue
            terms: list[tuple[int, Lit]] = [(-1, lit)]
            for other in index.overlapping(inst.start_ts, inst.end_ts):
                for mentor in mentors:
                    mentor_lit = b.x(mentor, other)
                    if mentor_lit is not None:
                        terms.append((1, mentor_lit))
            b.bound(
                rule,
                terms,
                lo=0,
                staff=trainee,
                day=inst.date,
                detail=_supervision_label(trainee, inst),
            )


def check_supervision(rule: Supervision, ctx: CheckContext) -> None:
    """Each judged trainee shift without a mentor's overlapping shift is a breach."""
    index = ctx.index
    mentors = rule.mentor_ids(index)
    mentor_shifts = [
        i
        for (staff_id, _day), shifts in ctx.by_staff_day.items()
        if staff_id in mentors
        for i in shifts
    ]
    mentor_shifts += [i for m in mentors for i in index.past.get(m, ())]
    for trainee in rule.trainees(index):
        mine = [
            i
            for (s, _day), shifts in sorted(ctx.by_staff_day.items())
            if s == trainee
            for i in shifts
        ]
        for inst in mine:
            if not rule.judged(inst):
                continue
            alone = not any(
                m.start_ts < inst.end_ts and inst.start_ts < m.end_ts for m in mentor_shifts
            )
            ctx.measure(
                rule,
                -int(alone),
                lo=0,
                staff=trainee,
                day=inst.date,
                detail=_supervision_label(trainee, inst),
            )


register(Supervision, compile=compile_supervision, check=check_supervision)


# --- fixed assignments ---------------------------------------------------------------------


class FixedAssignment(RuleBase):
    """`staff` works shift `shift` on each of `dates` (training days, agreed duties).

    Hard by default; with a ``weight``, each of the dates on which the person does not work the
    shift costs it, billed to the person and the date.
    """

    default_hard: ClassVar[bool] = True
    refs: ClassVar[Mapping[str, RefKind]] = {"staff": "staff", "shift": "shift"}
    kind: Literal["fixed_assignment"] = "fixed_assignment"
    staff: Identifier
    shift: Identifier
    dates: tuple[date, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _one_date(cls, data: Any) -> Any:
        if isinstance(data, dict) and "date" in data:
            if "dates" in data:
                raise ValueError("give either date or dates, not both")
            data = {**data, "dates": [data["date"]]}
            del data["date"]
        return data

    def instances(self, index: PracticeIndex) -> list[ShiftInstance]:
        """The shift instance of each date.

        Raises:
            ValidationError: a date lies outside the horizon, or the shift does not run on it.
        """
        where = f"fixed_assignment {index.rule_id(self)}"
        cal = index.calendar
        out = []
        for day in self.dates:
            n = cal.day_index(day)
            if n is None:
                raise ValidationError(
                    f"{where}: {day} is outside the horizon {cal.dates[0]}..{cal.dates[-1]}"
                )
            inst = cal.instance(n, self.shift)
            if inst is None:
                raise ValidationError(
                    f"{where}: shift {self.shift!r} does not run on {day:%A} {day}"
                )
            out.append(inst)
        return out


def compile_fixed_assignment(rule: FixedAssignment, b: Builder) -> None:
    """Each fixed assignment's literal is on (no literal: the person may never work it)."""
    for inst in rule.instances(b.index):
        lit = b.x(rule.staff, inst)
        b.bound(
            rule,
            [] if lit is None else [(1, lit)],
            lo=1,
            staff=rule.staff,
            day=inst.date,
            detail=f"{rule.staff} must work {rule.shift} on {inst.date}",
        )


def check_fixed_assignment(rule: FixedAssignment, ctx: CheckContext) -> None:
    """Each fixed assignment missing from the roster is a breach."""
    for inst in rule.instances(ctx.index):
        ctx.measure(
            rule,
            int(ctx.works_shift(rule.staff, inst)),
            lo=1,
            staff=rule.staff,
            day=inst.date,
            detail=f"{rule.staff} must work {rule.shift} on {inst.date}",
        )


register(FixedAssignment, compile=compile_fixed_assignment, check=check_fixed_assignment)
