"""Roles on a shift: each person on a shift serves one role, and prefers their primary one.

A person with several skills (a nurse who can also work the desk) serves one of them on each
shift they work, chosen by the roster: the decision ``role:<staff>:<date>:<shift>:<role>`` in
``Roster.decisions`` is true for the role served. Only rules of this module read roles;
``coverage`` with a ``skill`` still counts everyone who has the skill.

Each rule that reads a person's role on a shift also requires, as a hard part of itself, that
the decisions name exactly one role when the person works the shift and none when they do not
(a hand-edited roster with other decisions breaks it). A roster without role decisions for a
shift gets the cheapest roles, as the solver would choose them with the assignments fixed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from rosterkit.model import WEEKDAYS, Identifier, ShiftInstance, Weekday
from rosterkit.rules.base import RefKind, RuleBase, StaffScoped, register
from rosterkit.rules.builder import Builder, Lit
from rosterkit.rules.context import CheckContext, PracticeIndex

__all__ = ["PrimaryRole", "RoleCover", "role_decision", "role_options"]


def role_options(index: PracticeIndex, staff_id: str, inst: ShiftInstance) -> tuple[str, ...]:
    """The roles a person may serve on a shift, in the order of their skills.

    Their skills that the shift accepts; all of their skills if the shift needs none.
    """
    needed = index.shifts[inst.shift_id].skills
    return tuple(k for k in index.staff[staff_id].skills if not needed or k in needed)


def role_decision(staff_id: str, inst: ShiftInstance, role: str) -> str:
    """The name of the decision 'this person serves ``role`` on this shift instance'."""
    return f"role:{staff_id}:{inst.date.isoformat()}:{inst.shift_id}:{role}"


def _role_lits(b: Builder, staff_id: str, inst: ShiftInstance) -> dict[str, Lit]:
    """Each role the person may serve on the instance, with its literal (none if never works)."""
    lit = b.x(staff_id, inst)
    options = role_options(b.index, staff_id, inst)
    if lit is None or not options:
        return {}
    if len(options) == 1:
        return {options[0]: lit}
    return {role: b.decision(role_decision(staff_id, inst, role)) for role in options}


def _one_role_label(staff_id: str, inst: ShiftInstance) -> str:
    return (
        f"{staff_id}'s role decisions for {inst.shift_id} {inst.date} must name one role if "
        "they work it and none if not"
    )


def _one_role(rule: RuleBase, b: Builder, pairs: list[tuple[str, ShiftInstance]]) -> None:
    """The role decisions of each pair add up to 'works the shift' (hard, part of ``rule``)."""
    for staff_id, inst in pairs:
        lit = b.x(staff_id, inst)
        assert lit is not None, "pairs are eligible"
        terms = [(1, v) for v in _role_lits(b, staff_id, inst).values()]
        b.bound(
            rule,
            [*terms, (-1, lit)],
            lo=0,
            hi=0,
            staff=staff_id,
            day=inst.date,
            detail=_one_role_label(staff_id, inst),
            hard=True,
        )


def _given(ctx: CheckContext, staff_id: str, inst: ShiftInstance) -> tuple[str, ...] | None:
    """The roles the roster's decisions name for the pair, or None if it has none of them."""
    options = role_options(ctx.index, staff_id, inst)
    if len(options) < 2:
        return None
    names = {role: role_decision(staff_id, inst, role) for role in options}
    if not any(name in ctx.roster.decisions for name in names.values()):
        return None
    return tuple(role for role, name in names.items() if ctx.roster.decisions.get(name))


def _check_one_role(
    rule: RuleBase, ctx: CheckContext, pairs: list[tuple[str, ShiftInstance]]
) -> None:
    """Role decisions given for a pair must name one role if the person works it, else none."""
    for staff_id, inst in pairs:
        given = _given(ctx, staff_id, inst)
        if given is not None:
            ctx.measure(
                rule,
                len(given) - int(ctx.works_shift(staff_id, inst)),
                lo=0,
                hi=0,
                staff=staff_id,
                day=inst.date,
                detail=_one_role_label(staff_id, inst),
                hard=True,
            )


# --- role cover ----------------------------------------------------------------------------


class RoleCover(RuleBase):
    """Shift `shift` has `min` to `max` people serving as `role` on each matching day.

    Unlike ``coverage`` with a ``skill``, each person on a shift serves one role only: a nurse
    who can also work the desk counts as a nurse or at the desk, not both; the roster decides
    which. Matching days are the days the shift runs, narrowed to ``weekdays`` and ``dates``,
    without closed days (public holidays, closures) that ``dates`` does not list. Soft (the
    default, weight 1000): each person short of ``min`` or above ``max`` costs ``weight``,
    billed to the day with no staff.
    """

    default_weight: ClassVar[int | None] = 1000
    refs: ClassVar[Mapping[str, RefKind]] = {"shift": "shift", "role": "skill"}
    kind: Literal["role_cover"] = "role_cover"
    shift: Identifier
    role: Identifier
    weekdays: tuple[Weekday, ...] = WEEKDAYS  # type: ignore[assignment]
    dates: tuple[date, ...] = ()
    min: int = Field(default=0, ge=0)
    max: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _range(self) -> RoleCover:
        if self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        if self.min == 0 and self.max is None:
            raise ValueError("give min, max or both")
        return self

    def instances(self, index: PracticeIndex) -> list[ShiftInstance]:
        """The shift instances the line asks for."""
        wanted = set(self.dates)
        closed = index.closed_dates
        return [
            i
            for i in index.calendar.instances
            if i.shift_id == self.shift
            and WEEKDAYS[i.date.weekday()] in self.weekdays
            and (not wanted or i.date in wanted)
            and (i.date not in closed or i.date in wanted)
        ]

    def choosers(self, index: PracticeIndex) -> list[tuple[str, ShiftInstance]]:
        """Who may serve ``role`` on a matching instance among other roles: whose choice counts."""
        return [
            (staff_id, inst)
            for inst in self.instances(index)
            for staff_id in index.staff
            if index.eligible(staff_id, inst)
            and self.role in (options := role_options(index, staff_id, inst))
            and len(options) > 1
        ]

    def label(self, inst: ShiftInstance) -> str:
        """How the line reads in a bill."""
        return f"{inst.shift_id} {inst.date}: people serving as {self.role}"


def compile_role_cover(rule: RoleCover, b: Builder) -> None:
    """Per matching instance: the literals of people serving ``role``, within [min, max]."""
    for inst in rule.instances(b.index):
        terms: list[tuple[int, Lit]] = []
        for staff_id in b.index.staff:
            if rule.role in role_options(b.index, staff_id, inst):
                lit = _role_lits(b, staff_id, inst).get(rule.role)
                if lit is not None:
                    terms.append((1, lit))
        b.bound(
            rule, terms, lo=rule.min or None, hi=rule.max, day=inst.date, detail=rule.label(inst)
        )
    _one_role(rule, b, rule.choosers(b.index))


def check_role_cover(rule: RoleCover, ctx: CheckContext) -> None:
    """Count the people serving ``role`` on each matching instance."""
    served = _served_roles(ctx)
    for inst in rule.instances(ctx.index):
        count = sum(
            roles.count(rule.role)
            for (_staff, day, shift_id), roles in served.items()
            if day == inst.day and shift_id == inst.shift_id
        )
        ctx.measure(
            rule, count, lo=rule.min or None, hi=rule.max, day=inst.date, detail=rule.label(inst)
        )
    _check_one_role(rule, ctx, rule.choosers(ctx.index))


register(RoleCover, compile=compile_role_cover, check=check_role_cover)


# --- primary role --------------------------------------------------------------------------


class PrimaryRole(StaffScoped):
    """Everyone serves in their primary role (their first skill) on the shifts they work.

    A preference, so always soft (default weight 1): each shift served in another role costs
    ``weight``, billed to the person and the shift's date. A shift that only accepts skills
    other than a person's first is served in another role whenever they work it.
    """

    default_weight: ClassVar[int | None] = 1
    kind: Literal["primary_role"] = "primary_role"

    @model_validator(mode="before")
    @classmethod
    def _soft(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("hard") is True:
            raise ValueError("primary_role is a preference: give a weight, not 'hard: true'")
        return data

    def choosers(self, index: PracticeIndex) -> list[tuple[str, ShiftInstance]]:
        """Each person in scope, on each shift they may work in more than one role."""
        return [
            (staff_id, inst)
            for staff_id in index.staff_for(self)
            for inst in index.eligible_by_staff[staff_id]
            if len(role_options(index, staff_id, inst)) > 1
        ]


def _primary_label(staff_id: str, day: date, shift_id: str) -> str:
    return f"{staff_id} serves outside their primary role on {shift_id} {day}"


def compile_primary_role(rule: PrimaryRole, b: Builder) -> None:
    """Per person and instance: the literals of roles other than the first skill, at most 0."""
    for staff_id in b.index.staff_for(rule):
        primary = b.index.staff[staff_id].skills[0]
        for inst in b.index.eligible_by_staff[staff_id]:
            if role_options(b.index, staff_id, inst) in ((), (primary,)):
                continue
            lits = _role_lits(b, staff_id, inst)
            b.bound(
                rule,
                [(1, lit) for role, lit in lits.items() if role != primary],
                hi=0,
                staff=staff_id,
                day=inst.date,
                detail=_primary_label(staff_id, inst.date, inst.shift_id),
            )
    _one_role(rule, b, rule.choosers(b.index))


def check_primary_role(rule: PrimaryRole, ctx: CheckContext) -> None:
    """Each role other than the person's first skill that they serve on a shift."""
    served = _served_roles(ctx)
    people = set(ctx.index.staff_for(rule))
    for (staff_id, day, shift_id), roles in sorted(served.items()):
        if staff_id not in people:
            continue
        primary = ctx.index.staff[staff_id].skills[0]
        when = ctx.index.calendar.dates[day]
        ctx.measure(
            rule,
            sum(1 for role in roles if role != primary),
            hi=0,
            staff=staff_id,
            day=when,
            detail=_primary_label(staff_id, when, shift_id),
        )
    _check_one_role(rule, ctx, rule.choosers(ctx.index))


register(PrimaryRole, compile=compile_primary_role, check=check_primary_role)


# --- which roles people serve, for the checkers --------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    rule_id: str
    role: str
    lo: int
    hi: int | None
    hard: bool
    weight: int


@dataclass(frozen=True, slots=True)
class _Chooser:
    """A person on a shift whose role the roster leaves open."""

    staff_id: str
    options: tuple[str, ...]
    primary: str
    weight: int
    """What serving outside the primary role costs, over every primary_role rule."""


@dataclass
class _Crew:
    """Who is on one shift instance: roles fixed by the roster, and roles left open."""

    fixed: dict[str, tuple[str, ...]]
    open: list[_Chooser]


def _served_roles(ctx: CheckContext) -> dict[tuple[str, int, str], tuple[str, ...]]:
    """The roles each person serves on each shift, by (staff, day index, shift).

    One role per shift worked, except where the roster's decisions say otherwise (then the
    roles they name, as the solver would count them with those decisions fixed). A shift
    worked in one possible role is served in it. Where the roster has no role decisions for a
    person's shift, the roles that make the bill of ``role_cover`` and ``primary_role``
    smallest. If no choice keeps every hard ``role_cover`` line of a shift, the hard rules
    with a line there (and those whose decisions the roster breaks) are set aside everywhere,
    as when they are switched off; among the cheapest choices, the one breaking them least.
    """
    index = ctx.index
    lines: dict[tuple[int, str], list[_Line]] = defaultdict(list)
    set_aside: set[str] = set()
    weights: dict[str, int] = defaultdict(int)
    for rule_id, rule in index.rules:
        if isinstance(rule, RoleCover):
            line = _Line(rule_id, rule.role, rule.min, rule.max, rule.hard, rule.strength_weight)
            for inst in rule.instances(index):
                lines[(inst.day, inst.shift_id)].append(line)
            if rule.hard and any(
                (given := _given(ctx, s, i)) is not None and len(given) != ctx.works_shift(s, i)
                for s, i in rule.choosers(index)
            ):
                set_aside.add(rule_id)
        elif isinstance(rule, PrimaryRole):
            for staff_id in index.staff_for(rule):
                weights[staff_id] += rule.strength_weight
    crews: dict[tuple[int, str], _Crew] = {}
    for staff_id, insts in index.eligible_by_staff.items():
        person = index.staff[staff_id]
        for inst in insts:
            options = role_options(index, staff_id, inst)
            given = _given(ctx, staff_id, inst)
            works = ctx.works_shift(staff_id, inst)
            if given is None and not works:
                continue
            crew = crews.setdefault((inst.day, inst.shift_id), _Crew({}, []))
            if given is not None:
                crew.fixed[staff_id] = given
            elif len(options) == 1:
                crew.fixed[staff_id] = options
            else:
                chooser = _Chooser(staff_id, options, person.skills[0], weights[staff_id])
                crew.open.append(chooser)
    for key, crew in crews.items():
        if _cheapest(crew, lines[key], set_aside=set_aside) is None:
            set_aside |= {line.rule_id for line in lines[key] if line.hard}
    out: dict[tuple[str, int, str], tuple[str, ...]] = {}
    for (day, shift_id), crew in crews.items():
        picks = _cheapest(crew, lines[(day, shift_id)], set_aside=set_aside)
        assert picks is not None, "every hard line of a shift is set aside when it cannot hold"
        for staff_id, roles in {**crew.fixed, **picks}.items():
            out[(staff_id, day, shift_id)] = roles
    return out


def _cheapest(
    crew: _Crew, lines: list[_Line], *, set_aside: set[str]
) -> dict[str, tuple[str, ...]] | None:
    """The cheapest role for each open person of a shift, or None if hard lines cannot hold.

    Dynamic programming over the open people, keeping for each count of people per role (the
    roles that lines name) the cheapest choice so far. Hard lines of rules in ``set_aside``
    cost nothing, but among equally cheap choices the one that breaks them least wins;
    remaining ties keep earlier options, so a person serves their first skill when nothing
    else matters.
    """
    roles = sorted({line.role for line in lines})
    fixed = Counter(role for served in crew.fixed.values() for role in served)
    start = tuple(fixed[role] for role in roles)
    position = {role: n for n, role in enumerate(roles)}
    states: dict[tuple[int, ...], tuple[int, tuple[str, ...]]] = {start: (0, ())}
    for person in crew.open:
        following: dict[tuple[int, ...], tuple[int, tuple[str, ...]]] = {}
        for state, (cost, picks) in states.items():
            for role in person.options:
                counts = list(state)
                if role in position:
                    counts[position[role]] += 1
                key = tuple(counts)
                spent = cost + (person.weight if role != person.primary else 0)
                if key not in following or spent < following[key][0]:
                    following[key] = (spent, (*picks, role))
        states = following
    best: tuple[tuple[int, int], tuple[str, ...]] | None = None
    for state, (cost, picks) in states.items():
        total, broken, holds = cost, 0, True
        for line in lines:
            n = state[position[line.role]]
            units = max(0, line.lo - n) + (max(0, n - line.hi) if line.hi is not None else 0)
            if not units:
                continue
            if line.hard and line.rule_id in set_aside:
                broken += units
            elif line.hard:
                holds = False
                break
            else:
                total += line.weight * units
        if holds and (best is None or (total, broken) < best[0]):
            best = ((total, broken), picks)
    if best is None:
        return None
    return {person.staff_id: (role,) for person, role in zip(crew.open, best[1], strict=True)}
