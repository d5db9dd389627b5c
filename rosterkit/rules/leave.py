"""Leave: approved leave, requests the solver grants or refuses as a whole, caps and blackouts.

A requested leave is a decision of the roster, named ``leave:<rule id>`` in
:attr:`~rosterkit.model.Roster.decisions` (true: granted). :func:`leave_decisions` lists every
leave entry of a roster with its outcome, what it costs and why.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import Field, model_validator

from rosterkit.model import Identifier, Roster, ShiftInstance
from rosterkit.rules.base import RefKind, RuleBase, StaffScoped, register
from rosterkit.rules.builder import Builder, Lit
from rosterkit.rules.context import CheckContext, PracticeIndex

if TYPE_CHECKING:
    from rosterkit.rules.practice import Practice

__all__ = [
    "Leave",
    "LeaveBlackout",
    "LeaveCap",
    "LeaveDecision",
    "granted_requests",
    "leave_decisions",
]


# --- leave ---------------------------------------------------------------------------------


class Leave(RuleBase):
    """`staff` works no shift that overlaps their leave from `start_date` to `end_date` (inclusive).

    ``status: approved`` (the default) is hard by default; with a ``weight``, each shift worked
    during the leave costs it, billed to the person and the day the shift starts.
    ``status: requested`` is a decision of the solver, ``leave:<rule id>`` in the roster's
    decisions: granted, the person works no shift during it (always hard); refused, it costs
    ``weight`` once (default 10), billed to the person and ``start_date``; ``hard: true``
    means it must be granted. ``reason`` is private: it is never written to any export.
    """

    refs: ClassVar[Mapping[str, RefKind]] = {"staff": "staff"}
    kind: Literal["leave"] = "leave"
    staff: Identifier
    start_date: dt.date
    end_date: dt.date
    status: Literal["approved", "requested"] = "approved"
    reason: str | None = Field(default=None, repr=False, max_length=500)

    @classmethod
    def _default_strength(cls, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("status", "approved") == "approved":
            return {**data, "hard": True}
        return {**data, "weight": 10}

    @model_validator(mode="after")
    def _dates(self) -> Leave:
        if self.start_date > self.end_date:
            raise ValueError(f"start_date {self.start_date} is after end_date {self.end_date}")
        return self

    @property
    def requested(self) -> bool:
        """Whether the leave is a request the solver decides on."""
        return self.status == "requested"

    @property
    def span(self) -> str:
        """The leave's days as ``first..last``."""
        return f"{self.start_date}..{self.end_date}"

    def covered(self, index: PracticeIndex) -> list[ShiftInstance]:
        """Shift instances overlapping the leave, in calendar order."""
        return index.overlapping(*index.calendar.local_range(self.start_date, self.end_date))

    def on(self, day: dt.date) -> bool:
        """Whether ``day`` is a day of the leave."""
        return self.start_date <= day <= self.end_date

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        """Whether the leave shares a day with ``first..last``."""
        return self.start_date <= last and first <= self.end_date

    def decision_name(self, index: PracticeIndex) -> str:
        """The name of the request's decision in ``Roster.decisions``."""
        return f"leave:{index.rule_id(self)}"


def _requests(index: PracticeIndex) -> list[Leave]:
    """Every requested leave of the practice, in rule order."""
    return [r for _, r in index.rules if isinstance(r, Leave) and r.requested]


def compile_leave(rule: Leave, b: Builder) -> None:
    """Approved: each shift during the leave is off. Requested: a decision, billed if refused."""
    if not rule.requested:
        for inst in rule.covered(b.index):
            lit = b.x(rule.staff, inst)
            if lit is not None:
                b.bound(
                    rule,
                    [(1, lit)],
                    hi=0,
                    staff=rule.staff,
                    day=inst.date,
                    detail=f"works {inst.shift_id} during approved leave",
                )
        return
    granted = b.decision(rule.decision_name(b.index))
    for inst in rule.covered(b.index):
        lit = b.x(rule.staff, inst)
        if lit is not None:
            b.bound(
                rule,
                [(1, lit), (1, granted)],
                hi=1,
                staff=rule.staff,
                day=inst.date,
                detail=f"works {inst.shift_id} during granted leave",
                hard=True,
            )
    b.bound(
        rule,
        [(1, granted)],
        lo=1,
        staff=rule.staff,
        day=rule.start_date,
        detail=f"requested leave {rule.span} refused",
    )


def check_leave(rule: Leave, ctx: CheckContext) -> None:
    """Approved: each shift during the leave is a breach. Requested: read the decision."""
    if not rule.requested:
        for inst in rule.covered(ctx.index):
            worked = 1 if ctx.works_shift(rule.staff, inst) else 0
            ctx.measure(
                rule,
                worked,
                hi=0,
                staff=rule.staff,
                day=inst.date,
                detail=f"works {inst.shift_id} during approved leave",
            )
        return
    granted = 1 if granted_requests(ctx)[ctx.index.rule_id(rule)] else 0
    for inst in rule.covered(ctx.index):
        worked = 1 if ctx.works_shift(rule.staff, inst) else 0
        ctx.measure(
            rule,
            worked + granted,
            hi=1,
            staff=rule.staff,
            day=inst.date,
            detail=f"works {inst.shift_id} during granted leave",
            hard=True,
        )
    ctx.measure(
        rule,
        granted,
        lo=1,
        staff=rule.staff,
        day=rule.start_date,
        detail=f"requested leave {rule.span} refused",
    )


register(Leave, compile=compile_leave, check=check_leave)


# --- leave cap -----------------------------------------------------------------------------


class LeaveCap(StaffScoped):
    """At most `limit` people of the group are on leave on the same day.

    Counts approved leave and granted requests, per day of the horizon (between ``start_date``
    and ``end_date``, if given). The cap decides requests only: on a day when approved leave
    alone reaches or passes ``limit``, no request may be granted, and the approved leave is no
    breach. Hard by default; with a ``weight``, each person on granted leave above the cap
    costs it, billed to the day, with no staff.
    """

    default_hard: ClassVar[bool] = True
    kind: Literal["leave_cap"] = "leave_cap"
    limit: int = Field(ge=0)
    start_date: dt.date | None = None
    end_date: dt.date | None = None

    @model_validator(mode="after")
    def _period(self) -> LeaveCap:
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValueError(f"start_date {self.start_date} is after end_date {self.end_date}")
        return self

    def days(self, index: PracticeIndex) -> list[tuple[dt.date, int, list[Leave]]]:
        """Each day the cap judges, with the group's approved leave and requests on it."""
        group = set(index.staff_for(self))
        entries = [r for _, r in index.rules if isinstance(r, Leave) and r.staff in group]
        out = []
        for day in index.calendar.dates:
            if (self.start_date and day < self.start_date) or (
                self.end_date and day > self.end_date
            ):
                continue
            approved = sum(1 for r in entries if not r.requested and r.on(day))
            requests = [r for r in entries if r.requested and r.on(day)]
            out.append((day, approved, requests))
        return out

    def room(self, approved: int) -> int:
        """The most people on leave allowed on a day with ``approved`` approved leaves."""
        return max(self.limit, approved)


def compile_leave_cap(rule: LeaveCap, b: Builder) -> None:
    """Granted requests on each day fit in the room approved leave leaves under the cap."""
    for day, approved, requests in rule.days(b.index):
        terms: list[tuple[int, Lit]] = [(1, b.decision(r.decision_name(b.index))) for r in requests]
        b.bound(
            rule,
            terms,
            hi=rule.room(approved) - approved,
            day=day,
            detail=f"more than {rule.limit} on leave",
        )


def check_leave_cap(rule: LeaveCap, ctx: CheckContext) -> None:
    """Count the people on approved or granted leave each day."""
    granted = granted_requests(ctx)
    for day, approved, requests in rule.days(ctx.index):
        off = approved + sum(1 for r in requests if granted[ctx.index.rule_id(r)])
        ctx.measure(
            rule, off, hi=rule.room(approved), day=day, detail=f"more than {rule.limit} on leave"
        )


register(LeaveCap, compile=compile_leave_cap, check=check_leave_cap)


# --- leave blackout ------------------------------------------------------------------------


class LeaveBlackout(StaffScoped):
    """No requested leave of the group that touches `start_date` to `end_date` is granted.

    Approved leave is not affected. Hard by default; with a ``weight``, each request granted
    anyway costs it, billed to the person and the request's ``start_date``.
    """

    default_hard: ClassVar[bool] = True
    kind: Literal["leave_blackout"] = "leave_blackout"
    start_date: dt.date
    end_date: dt.date

    @model_validator(mode="after")
    def _period(self) -> LeaveBlackout:
        if self.start_date > self.end_date:
            raise ValueError(f"start_date {self.start_date} is after end_date {self.end_date}")
        return self

    def requests(self, index: PracticeIndex) -> list[Leave]:
        """The group's requests that share a day with the blackout."""
        group = set(index.staff_for(self))
        return [
            r
            for r in _requests(index)
            if r.staff in group and r.overlaps(self.start_date, self.end_date)
        ]

    def label(self, request: Leave) -> str:
        """How a granted request reads in a bill."""
        return f"leave {request.span} granted in blackout {self.start_date}..{self.end_date}"


def compile_leave_blackout(rule: LeaveBlackout, b: Builder) -> None:
    """Each request touching the blackout is refused (or billed)."""
    for request in rule.requests(b.index):
        b.bound(
            rule,
            [(1, b.decision(request.decision_name(b.index)))],
            hi=0,
            staff=request.staff,
            day=request.start_date,
            detail=rule.label(request),
        )


def check_leave_blackout(rule: LeaveBlackout, ctx: CheckContext) -> None:
    """Each granted request touching the blackout is a breach."""
    granted = granted_requests(ctx)
    for request in rule.requests(ctx.index):
        ctx.measure(
            rule,
            1 if granted[ctx.index.rule_id(request)] else 0,
            hi=0,
            staff=request.staff,
            day=request.start_date,
            detail=rule.label(request),
        )


register(LeaveBlackout, compile=compile_leave_blackout, check=check_leave_blackout)


# --- reading the decisions of a roster -----------------------------------------------------


def _worked_during(request: Leave, ctx: CheckContext) -> list[ShiftInstance]:
    return [i for i in request.covered(ctx.index) if ctx.works_shift(request.staff, i)]


def _readings(ctx: CheckContext) -> dict[str, tuple[bool, bool]]:
    """Each request's rule id with (granted, derived): the roster's decision, or a reading.

    A roster without the decision (one read back from a CSV file) is read in rule order: a
    request is taken as granted when the person works no shift during it, no hard blackout
    covers it, and every hard cap on its days still has room; otherwise as refused.
    """
    index = ctx.index
    requests = {index.rule_id(r): r for r in _requests(index)}
    given = {rid: ctx.roster.decisions.get(r.decision_name(index)) for rid, r in requests.items()}
    blocked = {
        index.rule_id(r)
        for _, b in index.rules
        if isinstance(b, LeaveBlackout) and b.hard
        for r in b.requests(index)
    }
    off: dict[tuple[int, dt.date], int] = {}
    room: dict[tuple[int, dt.date], int] = {}
    capped: dict[str, list[tuple[int, dt.date]]] = defaultdict(list)
    caps = [c for _, c in index.rules if isinstance(c, LeaveCap) and c.hard]
    for n, cap in enumerate(caps):
        for day, approved, on_day in cap.days(index):
            ids = [index.rule_id(r) for r in on_day]
            off[n, day] = approved + sum(1 for rid in ids if given[rid])
            room[n, day] = cap.room(approved)
            for rid in ids:
                capped[rid].append((n, day))
    out: dict[str, tuple[bool, bool]] = {}
    for rid, request in requests.items():
        value = given[rid]
        if value is not None:
            out[rid] = (value, False)
            continue
        grant = (
            rid not in blocked
            and not _worked_during(request, ctx)
            and all(off[key] < room[key] for key in capped[rid])
        )
        if grant:
            for key in capped[rid]:
                off[key] += 1
        out[rid] = (grant, True)
    return out


def granted_requests(ctx: CheckContext) -> dict[str, bool]:
    """Whether each requested leave (by rule id) is granted in the checked roster.

    The roster's own decision counts; a roster without it (read back from a CSV file) is read
    as documented in docs/rules/leave.md: granted when the person works no shift during the
    request, no hard blackout covers it and every hard cap on its days has room.
    """
    return {rule_id: granted for rule_id, (granted, _) in _readings(ctx).items()}


@dataclass(frozen=True, slots=True)
class LeaveDecision:
    """One leave entry of a roster: approved, or a request granted or refused, and its cost.

    Attributes:
        rule_id: the leave entry's rule id.
        staff_id: whose leave it is.
        start_date: the first day of leave.
        end_date: the last day of leave (inclusive).
        status: ``approved`` (not a decision), ``granted`` or ``refused``.
        derived: the roster carries no decision for the request; it was read from the work
            done (see :func:`granted_requests`).
        cost: what the outcome puts on the bill: the request's weight when refused, and
            the weights of soft blackouts when granted inside them.
        reasons: why, in words: the shifts worked during the request, the blackouts and the
            full leave caps that stand in its way.
    """

    rule_id: str
    staff_id: str
    start_date: dt.date
    end_date: dt.date
    status: Literal["approved", "granted", "refused"]
    derived: bool
    cost: int
    reasons: tuple[str, ...]


def leave_decisions(practice: Practice, roster: Roster) -> list[LeaveDecision]:
    """Every leave entry of ``practice`` with its outcome in ``roster``, in practice order.

    Requests take the roster's decision (``leave:<rule id>``), or a reading of the work done
    when the roster has none (see :func:`granted_requests`).
    """
    index = practice.index
    ctx = CheckContext(index, roster)
    readings = _readings(ctx)
    granted = {rule_id: value for rule_id, (value, _) in readings.items()}
    caps = [(rid, c) for rid, c in index.rules if isinstance(c, LeaveCap)]
    blackouts = [(rid, b) for rid, b in index.rules if isinstance(b, LeaveBlackout)]
    out = []
    for rule_id, rule in index.rules:
        if not isinstance(rule, Leave):
            continue
        if not rule.requested:
            out.append(
                LeaveDecision(
                    rule_id, rule.staff, rule.start_date, rule.end_date, "approved", False, 0, ()
                )
            )
            continue
        given, derived = readings[rule_id]
        reasons: list[str] = []
        cost = 0
        for rid, blackout in blackouts:
            if rule in blackout.requests(index):
                strength = "hard" if blackout.hard else f"weight {blackout.strength_weight}"
                reasons.append(
                    f"in blackout {rid} {blackout.start_date}..{blackout.end_date} ({strength})"
                )
                if given and not blackout.hard:
                    cost += blackout.strength_weight
        if not given:
            cost += rule.strength_weight
            reasons.extend(
                f"works {i.shift_id} on {i.date} during the request"
                for i in _worked_during(rule, ctx)
            )
            for rid, cap in caps:
                for day, approved, on_day in cap.days(index):
                    if rule not in on_day:
                        continue
                    others = approved + sum(
                        1 for r in on_day if r is not rule and granted[index.rule_id(r)]
                    )
                    if others >= cap.room(approved):
                        reasons.append(f"leave cap {rid} is full on {day} ({others} off)")
        out.append(
            LeaveDecision(
                rule_id,
                rule.staff,
                rule.start_date,
                rule.end_date,
                "granted" if given else "refused",
                derived,
                cost,
                tuple(reasons),
            )
        )
    return out
