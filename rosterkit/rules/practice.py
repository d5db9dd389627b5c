"""The practice document: the facts of the model layer bound to the rules that must hold."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cached_property
from typing import Any

import pydantic
from pydantic import BaseModel, ConfigDict, Field, model_validator

from rosterkit.errors import ValidationError
from rosterkit.model import Assignment, History, Horizon, ShiftType, Skill, Staff, TimeZoneName
from rosterkit.rules.base import RefKind, RuleBase
from rosterkit.rules.catalogue import AvailabilityEntry, Rule
from rosterkit.rules.context import PracticeIndex
from rosterkit.rules.core import ContractLimits, Eligibility, NoOverlap
from rosterkit.rules.coverage import Coverage
from rosterkit.rules.fairness import Fairness
from rosterkit.rules.holidays import Closure, HolidayCalendar
from rosterkit.rules.leave import Leave
from rosterkit.rules.remote import LocalHours, WorkModeRule

__all__ = ["Practice", "format_validation_error"]


class Practice(BaseModel):
    """A practice, its staff, shift types, demand, availability and rules for one horizon."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    time_zone: TimeZoneName
    horizon: Horizon
    skills: tuple[Skill, ...] = Field(min_length=1)
    staff: tuple[Staff, ...] = Field(min_length=1)
    shifts: tuple[ShiftType, ...] = Field(min_length=1)
    coverage: tuple[Coverage, ...] = ()
    availability: tuple[AvailabilityEntry, ...] = ()
    leave: tuple[Leave, ...] = ()
    rules: tuple[Rule, ...] = ()
    history: tuple[History, ...] = ()
    holidays: HolidayCalendar | None = None
    closures: tuple[Closure, ...] = ()

    @classmethod
    def parse(cls, data: Mapping[str, Any], *, source: str = "<practice>") -> Practice:
        """Validate a practice from plain data, raising :class:`rosterkit.ValidationError`.

        Args:
            data: the document, as loaded from YAML or JSON.
            source: where it came from, for messages (a file name).
        """
        try:
            return cls.model_validate(data)
        except pydantic.ValidationError as exc:
            problems = format_validation_error(exc)
            raise ValidationError(
                f"{source}: {len(problems)} problem(s):\n  " + "\n  ".join(problems),
                problems=problems,
            ) from exc

    @model_validator(mode="after")
    def _cross_references(self) -> Practice:
        problems = list(_problems(self))
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def rule_instances(self) -> tuple[tuple[str, RuleBase], ...]:
        """Every rule instance in force, with its id (``kind#n`` unless it has one).

        Includes the implicit ones: ``eligibility``, and, each unless the practice lists a rule
        of its kind, ``no_overlap``, ``contract`` when anyone has a contract, ``work_mode``
        when anyone works only on site or only remotely, and ``local_hours`` when anyone has
        their own working hours (all hard, for everyone).
        """
        listed: list[RuleBase] = [
            *self.coverage,
            *self.availability,
            *self.leave,
            *self.rules,
        ]
        kinds = {r.kind for r in self.rules}
        implicit: list[RuleBase] = [Eligibility()]
        if "no_overlap" not in kinds:
            implicit.append(NoOverlap())
        if "contract" not in kinds and any(_has_contract(s) for s in self.staff):
            implicit.append(ContractLimits())
        if "work_mode" not in kinds and any(s.work_mode != "hybrid" for s in self.staff):
            implicit.append(WorkModeRule())
        if "local_hours" not in kinds and any(s.local_hours is not None for s in self.staff):
            implicit.append(LocalHours())
        counts: Counter[str] = Counter()
        out: list[tuple[str, RuleBase]] = []
        for rule in implicit + listed:
            counts[rule.kind] += 1
            out.append((rule.id or f"{rule.kind}#{counts[rule.kind]}", rule))
        return tuple(out)

    @cached_property
    def index(self) -> PracticeIndex:
        """Lookups and the calendar of real shift times, built once."""
        return PracticeIndex(self)

    def assignment(self, staff_id: str, day: date, shift_id: str) -> Assignment:
        """An assignment with its real start and end.

        Raises:
            ValidationError: the staff member or shift does not exist, or the shift does not
                run on that day of the horizon.
        """
        cal = self.index.calendar
        if staff_id not in self.index.staff:
            raise ValidationError(f"unknown staff id {staff_id!r}")
        index = cal.day_index(day)
        if index is None:
            raise ValidationError(f"{day} is outside the horizon {cal.dates[0]}..{cal.dates[-1]}")
        inst = cal.instance(index, shift_id)
        if inst is None:
            if shift_id not in self.index.shifts:
                raise ValidationError(f"unknown shift id {shift_id!r}")
            raise ValidationError(f"shift {shift_id!r} does not run on {day:%A} {day}")
        return Assignment(day, shift_id, staff_id, inst.start, inst.end)


def _has_contract(person: Staff) -> bool:
    return any(v is not None for v in person.contract.model_dump().values())


def _duplicates(ids: Iterable[str]) -> list[str]:
    return sorted(k for k, n in Counter(ids).items() if n > 1)


def _unknown(value: str, known: Iterable[str], what: str) -> str:
    options = sorted(known)
    shown = ", ".join(options[:12]) + (" ..." if len(options) > 12 else "")
    return f"unknown {what} {value!r} (known: {shown})"


_WHAT: dict[RefKind, str] = {"staff": "staff id", "shift": "shift", "skill": "skill"}
"""How a message names each kind of id."""


def _problems(p: Practice) -> Iterable[str]:
    known: dict[RefKind, set[str]] = {
        "skill": {s.id for s in p.skills},
        "staff": {s.id for s in p.staff},
        "shift": {s.id for s in p.shifts},
    }
    skills, staff, shifts = known["skill"], known["staff"], known["shift"]
    for section, ids in (
        ("skills", [s.id for s in p.skills]),
        ("staff", [s.id for s in p.staff]),
        ("shifts", [s.id for s in p.shifts]),
    ):
        for dup in _duplicates(ids):
            yield f"{section}: id {dup!r} is used more than once"
    for i, person in enumerate(p.staff):
        for j, skill in enumerate(person.skills):
            if skill not in skills:
                yield f"staff[{i}] ({person.id}).skills[{j}]: " + _unknown(skill, skills, "skill")
    for i, shift in enumerate(p.shifts):
        for j, skill in enumerate(shift.skills):
            if skill not in skills:
                yield f"shifts[{i}] ({shift.id}).skills[{j}]: " + _unknown(skill, skills, "skill")
    sections: tuple[tuple[str, tuple[RuleBase, ...]], ...] = (
        ("coverage", p.coverage),
        ("availability", p.availability),
        ("leave", p.leave),
        ("rules", p.rules),
    )
    for section, entries in sections:
        for i, rule in enumerate(entries):
            where = f"{section}[{i}]" + (f" ({rule.kind})" if section == "rules" else "")
            for ref in rule.references():
                if ref.value not in known[ref.kind]:
                    yield f"{where}.{ref.field}: " + _unknown(
                        ref.value, known[ref.kind], _WHAT[ref.kind]
                    )
            yield from _entry_problems(p, rule, where)
    yield from _leave_overlaps(p)
    seen_history: set[str] = set()
    for i, past in enumerate(p.history):
        where = f"history[{i}]"
        if past.staff not in staff:
            yield f"{where}.staff: " + _unknown(past.staff, staff, "staff id")
        if past.staff in seen_history:
            yield f"{where}.staff: {past.staff!r} has two history entries; merge them"
        seen_history.add(past.staff)
        for j, worked in enumerate(past.worked):
            if worked.shift not in shifts:
                yield f"{where}.worked[{j}].shift: " + _unknown(worked.shift, shifts, "shift")
            if worked.day >= p.horizon.first:
                yield (
                    f"{where}.worked[{j}].date: {worked.day} is not before the horizon "
                    f"starts ({p.horizon.first}); history is for earlier days"
                )
    explicit = [r.id for r in (*p.coverage, *p.availability, *p.leave, *p.rules) if r.id]
    for dup in _duplicates(explicit):
        yield f"rule id {dup!r} is used more than once"


def _entry_problems(p: Practice, rule: RuleBase, where: str) -> Iterable[str]:
    """What one entry gets wrong about the practice besides unknown ids."""
    first, last = p.horizon.first, p.horizon.last
    if isinstance(rule, Coverage):
        for d in rule.dates:
            if not first <= d <= last:
                yield f"{where}.dates: {d} is outside the horizon {first}..{last}"
    if isinstance(rule, Fairness) and rule.on_holidays and p.holidays is None:
        yield (
            f"{where}.on_holidays: the practice has no public holidays; add "
            "'holidays: {country: ..., subdivision: ...}'"
        )


def _leave_overlaps(p: Practice) -> Iterable[str]:
    by_person: dict[str, list[tuple[int, Leave]]] = {}
    for i, leave in enumerate(p.leave):
        by_person.setdefault(leave.staff, []).append((i, leave))
    for entries in by_person.values():
        entries.sort(key=lambda e: e[1].start_date)
        for (i, a), (j, b) in itertools.pairwise(entries):
            if b.start_date <= a.end_date:
                yield (
                    f"leave[{j}]: {b.staff}'s leave {b.start_date}..{b.end_date} overlaps "
                    f"leave[{i}] {a.start_date}..{a.end_date}; merge them or fix the dates"
                )


def format_validation_error(exc: pydantic.ValidationError) -> list[str]:
    """One line per pydantic error: the path in the document, the message and the value."""
    lines = []
    errors = exc.errors(include_url=False)
    deeper = {tuple(e["loc"][:n]) for e in errors for n in range(len(e["loc"]))}
    for err in errors:
        if err["type"] == "too_short" and tuple(err["loc"]) in deeper:
            continue  # a section left empty only because its entries failed: say why they did
        loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
        msg = str(err["msg"]).removeprefix("Value error, ")
        value = err.get("input")
        shown = "" if isinstance(value, dict | list) or not loc else f" (got {value!r})"
        if not loc:
            lines.extend(msg.splitlines())
        else:
            lines.append(f"{loc}: {msg}{shown}")
    return lines
