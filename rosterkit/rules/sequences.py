"""Rules about sequences of days: successions of shifts, runs of work, of days off and of one
shift, and rest after a run; with the helpers that read a person's days across the horizon start.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from itertools import pairwise
from typing import Annotated, ClassVar, Literal

from pydantic import BeforeValidator, Field, model_validator

from rosterkit.model import Identifier, ShiftInstance
from rosterkit.rules.base import Reference, RefKind, StaffScoped, register
from rosterkit.rules.builder import Builder, Lit
from rosterkit.rules.context import CheckContext, PracticeIndex

__all__ = [
    "OffRuns",
    "Outside",
    "RestAfter",
    "Rotation",
    "ShiftIds",
    "ShiftRuns",
    "Succession",
    "WorkRuns",
    "date_of",
    "known_past",
    "past_by_day",
    "planned_days",
    "works_shift_of",
]


# --- reading a person's days ---------------------------------------------------------------


def _as_tuple(value: object) -> object:
    return (value,) if isinstance(value, str) else value


ShiftIds = Annotated[tuple[Identifier, ...], BeforeValidator(_as_tuple), Field(min_length=1)]
"""One shift id or a list of them (``night`` or ``[n1, n2]``)."""

Outside = Literal["unknown", "off", "work"]
"""How days whose work is not known (after the horizon, before history) are read."""


def planned_days(index: PracticeIndex, staff_id: str) -> range:
    """Day indices of the horizon inside the person's employment (possibly empty)."""
    person = index.staff[staff_id]
    first = index.calendar.dates[0]
    low, high = 0, index.calendar.num_days
    if person.start_date is not None:
        low = max(low, (person.start_date - first).days)
    if person.end_date is not None:
        high = min(high, (person.end_date - first).days + 1)
    return range(low, max(low, high))


def known_past(index: PracticeIndex, staff_id: str) -> range:
    """Day indices before the horizon whose work history gives (empty without history)."""
    return range(min(index.known_from.get(staff_id, 0), 0), 0)


def past_by_day(index: PracticeIndex, staff_id: str) -> dict[int, list[ShiftInstance]]:
    """The person's shifts from history, by (negative) day index."""
    out: dict[int, list[ShiftInstance]] = {}
    for inst in index.past.get(staff_id, ()):
        out.setdefault(inst.day, []).append(inst)
    return out


def date_of(index: PracticeIndex, day: int) -> date:
    """The date of day index ``day`` (negative before the horizon, past its end after it)."""
    return index.calendar.dates[0] + timedelta(days=day)


def works_shift_of(b: Builder, staff_id: str, day: int, shifts: Iterable[str]) -> Lit | None:
    """The literal 'the person starts one of ``shifts`` on day index ``day``' (None if never).

    Shared by name: every rule asking about the same person, day and set of shifts gets the
    same literal.
    """
    wanted, joined = _wanted(tuple(shifts))
    mine = b.shifts_on(staff_id, day)
    lits = [mine[shift_id] for shift_id in wanted if shift_id in mine]
    if len(lits) < 2:  # no new literal, so no name to build (a hot path on long horizons)
        return lits[0] if lits else None
    return b.any_of(lits, name=f"works_shift_of[{staff_id},{day},{joined}]")


@functools.lru_cache(maxsize=256)
def _wanted(shifts: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    """The shift ids sorted without repeats, and joined with '+' (for names)."""
    wanted = tuple(sorted(set(shifts)))
    return wanted, "+".join(wanted)


# A day as a sequence rule's compiler sees it: (literal, True) is on when the literal is,
# (literal, False) when it is not; True and False are known; None is outside (not known).
_State = tuple[Lit, bool] | bool | None


def _affine(items: Iterable[tuple[int, _State]]) -> tuple[list[tuple[int, Lit]], int]:
    """``sum(coefficient * on)`` as solver terms plus a constant (outside days count 0)."""
    terms: list[tuple[int, Lit]] = []
    constant = 0
    for coef, state in items:
        if state is True:
            constant += coef
        elif isinstance(state, tuple):
            lit, positive = state
            if positive:
                terms.append((coef, lit))
            else:
                constant += coef
                terms.append((-coef, lit))
    return terms, constant


# --- succession ----------------------------------------------------------------------------


class Succession(StaffScoped):
    """Nobody starts a shift of `then` within `within_days` days after a shift of `first`.

    With the default ``within_days: 1`` this forbids (or bills) a shift of ``then`` on the day
    after a shift of ``first``, such as an early after a night. A shift from history counts as
    ``first``; days before history are not known and not judged. Soft: each pair of days (a day
    with a ``first`` shift, a later day with a ``then`` shift) costs ``weight``, billed to the
    person and the later day.
    """

    refs: ClassVar[Mapping[str, RefKind]] = {"first": "shift", "then": "shift"}
    kind: Literal["succession"] = "succession"
    first: ShiftIds
    then: ShiftIds
    within_days: int = Field(default=1, ge=1, le=28)


def compile_succession(rule: Succession, b: Builder) -> None:
    """Not both a ``first`` shift on day d and a ``then`` shift on d+1..d+within_days.

    For a person held to one shift a day, each pair of days is one at-most-one over the
    ``first`` literals of the earlier day and the ``then`` literals of the later (no auxiliary
    literal: Curtois Instance24's 707k ``lin_max`` constraints were these); otherwise each day
    gets an 'any of these shifts' literal and each pair of days a clause over two of them.
    """
    dates = b.index.calendar.dates
    gaps = {
        gap: f"{'/'.join(rule.then)} {gap} day(s) after {'/'.join(rule.first)}"
        for gap in range(1, rule.within_days + 1)
    }
    for staff_id in b.index.staff_for(rule):
        planned = planned_days(b.index, staff_id)
        past = past_by_day(b.index, staff_id)
        known = known_past(b.index, staff_id)
        flat = b.one_shift_a_day(staff_id)
        firsts: dict[int, list[Lit] | bool] = {
            d: any(i.shift_id in rule.first for i in past.get(d, ())) for d in known
        }
        for day in planned:
            lits = _day_literals(b, staff_id, day, rule.first, flat=flat)
            firsts[day] = lits or False
        for day in planned:
            then = _day_literals(b, staff_id, day, rule.then, flat=flat)
            if not then:
                continue
            for gap, detail in gaps.items():
                first = firsts.get(day - gap, False)
                if first is False:
                    continue
                both = then if first is True else [*first, *then]
                b.bound(
                    rule,
                    [(1, lit) for lit in both],
                    hi=0 if first is True else 1,
                    staff=staff_id,
                    day=dates[day],
                    detail=detail,
                )


def _day_literals(
    b: Builder, staff_id: str, day: int, shifts: tuple[str, ...], *, flat: bool
) -> list[Lit]:
    """The person's literals of ``shifts`` on ``day`` (``flat``: one per shift; otherwise one
    'any of them' literal), empty when they can work none of them."""
    if flat:
        mine = b.shifts_on(staff_id, day)
        return [mine[shift_id] for shift_id in _wanted(shifts)[0] if shift_id in mine]
    lit = works_shift_of(b, staff_id, day, shifts)
    return [] if lit is None else [lit]


def check_succession(rule: Succession, ctx: CheckContext) -> None:
    """Look back from each day with a ``then`` shift for a ``first`` shift."""
    first, then = set(rule.first), set(rule.then)
    dates = ctx.index.calendar.dates
    for staff_id in ctx.index.staff_for(rule):
        planned = planned_days(ctx.index, staff_id)
        past = past_by_day(ctx.index, staff_id)
        known = known_past(ctx.index, staff_id)

        starts_first = {d for d in known if any(i.shift_id in first for i in past.get(d, ()))}
        starts_first |= {
            d for d in planned if any(i.shift_id in first for i in ctx.shifts_on(staff_id, d))
        }
        for day in planned:
            if not any(i.shift_id in then for i in ctx.shifts_on(staff_id, day)):
                continue
            for gap in range(1, rule.within_days + 1):
                if day - gap in starts_first:
                    ctx.measure(
                        rule,
                        2,
                        hi=1,
                        staff=staff_id,
                        day=dates[day],
                        detail=f"{'/'.join(rule.then)} {gap} day(s) after {'/'.join(rule.first)}",
                    )


register(Succession, compile=compile_succession, check=check_succession)


# --- rotation ------------------------------------------------------------------------------


class Rotation(StaffScoped):
    """Nobody starts a shift on the day after a shift it may not follow.

    ``cannot_follow`` is the practice's rotation table: each shift with the shifts that may not
    start the next day after it (after a night no early or late, after a late no early). It
    says in one rule what several ``succession`` rules would. A shift from history counts;
    days before history are not known and not judged. Soft: each shift of the earlier day that
    a shift of the later day may not follow costs ``weight``, billed to the person and the
    later day.
    """

    refs: ClassVar[Mapping[str, RefKind]] = {"cannot_follow": "shift"}
    kind: Literal["rotation"] = "rotation"
    cannot_follow: dict[Identifier, ShiftIds] = Field(min_length=1)

    def references(self) -> Iterator[Reference]:
        """The table's keys (by ``refs``) and the shifts each may not be followed by."""
        yield from super().references()
        for then in self.cannot_follow.values():
            for shift_id in then:
                yield Reference("cannot_follow", "shift", shift_id)

    def levels(self) -> tuple[dict[str, int], dict[str, int]] | None:
        """The table as levels, when its lists nest (each contains or is contained in every
        other): the level of each shift with a list (1 for the shortest list), and for each
        listed shift the lowest level that may not be followed by it. None if they do not
        nest.

        Then a shift of level ``k`` may not be followed by shift ``t`` exactly when
        ``k >= lowest[t]``.
        """
        lists = sorted({frozenset(then) for then in self.cannot_follow.values()}, key=len)
        if any(not shorter <= longer for shorter, longer in pairwise(lists)):
            return None
        rank = {banned: n for n, banned in enumerate(lists, 1)}
        level = {first: rank[frozenset(then)] for first, then in self.cannot_follow.items()}
        lowest: dict[str, int] = {}
        for banned, n in rank.items():
            for shift_id in banned:
                lowest.setdefault(shift_id, n)
        return level, lowest


ROTATION_LEVELS_FROM = 100_000
"""A hard rotation table whose lists nest is written as one linear constraint per person and
pair of days (its levels) once its at-most-ones would number at least this many (people held to
one shift a day x days x lists): Curtois Instance24, seven lists over 150 people and 364 days,
382 k at-most-ones, the largest part of its build. Below it, the at-most-ones, which give the LP
more (Curtois 12-19 in the levelled form, three runs each: mean gap 57.2% against 51.2%)."""


def compile_rotation(rule: Rotation, b: Builder) -> None:
    """Not a shift on day d and one on d+1 that may not follow it.

    A person held to one shift a day gets one at-most-one per list and pair of days, over the
    earlier day's shifts with that list and the later day's shifts in it; on a large model
    (:data:`ROTATION_LEVELS_FROM`) of a hard rule whose lists nest, one linear constraint per
    pair of days instead: the earlier day's shift of level ``k`` (0 if none) plus ``K + 1 -
    lowest`` of the later day's shift is at most ``K``, the number of lists. A person not held
    to one shift a day gets a clause per shift with an 'any of its list' literal of the later
    day. A shift from history on the day before the horizon bars its list on the first day.
    """
    table = {first: _wanted(then)[0] for first, then in rule.cannot_follow.items()}
    groups: dict[tuple[str, ...], list[str]] = {}
    for first, then in table.items():
        groups.setdefault(then, []).append(first)
    staff = list(b.index.staff_for(rule))
    flat = [staff_id for staff_id in staff if b.one_shift_a_day(staff_id)]
    levels = rule.levels() if rule.hard else None
    if len(flat) * b.index.calendar.num_days * len(groups) < ROTATION_LEVELS_FROM:
        levels = None
    if levels is not None:
        for staff_id in flat:
            for day, earlier in _day_pairs(b, staff_id):
                _levelled(rule, b, staff_id, day, earlier, levels)
    else:
        # List by list, as the `succession` rules it replaces wrote them (the same proto order);
        # each person's pairs of days are read once, not once per list.
        pairs = {
            staff_id: [(day, earlier, b.shifts_on(staff_id, day)) for day, earlier in days]
            for staff_id in flat
            for days in [_day_pairs(b, staff_id)]
        }
        for then, firsts in groups.items():
            detail = _rotation_detail(then)
            for staff_id in flat:
                for day, earlier, later in pairs[staff_id]:
                    barred = [later[t] for t in then if t in later]
                    if not barred:
                        continue
                    if isinstance(earlier, tuple):  # from history: one bound per shift
                        for _ in (s for s in earlier if s in firsts):
                            _bar(rule, b, staff_id, day, barred, hi=0, detail=detail)
                        continue
                    lits = [earlier[s] for s in firsts if s in earlier]
                    if lits:
                        _bar(rule, b, staff_id, day, [*lits, *barred], hi=1, detail=detail)
    held = set(flat)
    details = {first: _rotation_detail(then) for first, then in table.items()}
    for staff_id in (s for s in staff if s not in held):
        for day, earlier in _day_pairs(b, staff_id):
            for first in earlier:
                if first not in table:
                    continue
                barred_any = works_shift_of(b, staff_id, day, table[first])
                if barred_any is None:
                    continue
                if isinstance(earlier, tuple):
                    _bar(rule, b, staff_id, day, [barred_any], hi=0, detail=details[first])
                else:
                    both = [earlier[first], barred_any]
                    _bar(rule, b, staff_id, day, both, hi=1, detail=details[first])


def _day_pairs(
    b: Builder, staff_id: str
) -> Iterator[tuple[int, Mapping[str, Lit] | tuple[str, ...]]]:
    """Each planned day with the person's day before it: their literals by shift id when it is
    planned, the shift ids they worked when history knows it (days before history are skipped)."""
    planned = planned_days(b.index, staff_id)
    known = known_past(b.index, staff_id)
    past = past_by_day(b.index, staff_id)
    for day in planned:
        before = day - 1
        if before in planned:
            yield day, b.shifts_on(staff_id, before)
        elif before in known:
            yield day, tuple(i.shift_id for i in past.get(before, ()))


def _bar(
    rule: Rotation,
    b: Builder,
    staff_id: str,
    day: int,
    lits: list[Lit],
    *,
    hi: int,
    detail: str,
) -> None:
    b.bound(
        rule,
        [(1, lit) for lit in lits],
        hi=hi,
        staff=staff_id,
        day=b.index.calendar.dates[day],
        detail=detail,
    )


def _levelled(
    rule: Rotation,
    b: Builder,
    staff_id: str,
    day: int,
    earlier: Mapping[str, Lit] | tuple[str, ...],
    levels: tuple[dict[str, int], dict[str, int]],
) -> None:
    """One constraint for a pair of days of a person held to one shift a day (hard, nested)."""
    level, lowest = levels
    top = max(level.values())
    later = b.shifts_on(staff_id, day)
    if isinstance(earlier, tuple):  # from history: bar what the highest level bars
        k = max((level.get(s, 0) for s in earlier), default=0)
        barred = [lit for t, lit in later.items() if lowest.get(t, top + 1) <= k]
        if barred:
            _bar(rule, b, staff_id, day, barred, hi=0, detail=_LEVELLED)
        return
    firsts = [(level[s], lit) for s, lit in earlier.items() if s in level]
    seconds = [(top + 1 - lowest[t], lit) for t, lit in later.items() if t in lowest]
    if not firsts or not seconds:
        return
    if max(k for k, _ in firsts) + max(k for k, _ in seconds) <= top:
        return  # nothing the person may work on the later day is barred after the earlier
    b.bound(
        rule,
        [*firsts, *seconds],
        hi=top,
        staff=staff_id,
        day=b.index.calendar.dates[day],
        detail=_LEVELLED,
    )


_LEVELLED = "a shift after one it may not follow"


def _rotation_detail(then: Iterable[str]) -> str:
    return f"{'/'.join(then)} after a shift it may not follow"


def check_rotation(rule: Rotation, ctx: CheckContext) -> None:
    """Each shift of the earlier day of a pair with a shift of the later day in its list."""
    table = {first: set(then) for first, then in rule.cannot_follow.items()}
    dates = ctx.index.calendar.dates
    for staff_id in ctx.index.staff_for(rule):
        planned = planned_days(ctx.index, staff_id)
        past = past_by_day(ctx.index, staff_id)
        known = known_past(ctx.index, staff_id)
        for day in planned:
            later = {i.shift_id for i in ctx.shifts_on(staff_id, day)}
            before = day - 1
            if before in planned:
                earlier = ctx.shifts_on(staff_id, before)
            elif before in known:
                earlier = past.get(before, [])
            else:
                continue
            for inst in earlier:
                barred = table.get(inst.shift_id, set()) & later
                if barred:
                    ctx.measure(
                        rule,
                        1,
                        hi=0,
                        staff=staff_id,
                        day=dates[day],
                        detail=_rotation_detail(sorted(table[inst.shift_id])),
                    )


register(Rotation, compile=compile_rotation, check=check_rotation)


# --- runs ----------------------------------------------------------------------------------


class _Runs(StaffScoped):
    """Runs of days in a row on which something holds, between ``min`` and ``max`` days long."""

    min: int | None = Field(default=None, ge=1, le=60)
    max: int | None = Field(default=None, ge=1, le=366)
    outside: Outside = "unknown"

    extends_runs: ClassVar[Outside] = "work"
    """The reading of ``outside`` under which outside days continue a run."""

    @model_validator(mode="after")
    def _range(self) -> _Runs:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        if self.max is not None and self.outside == self.extends_runs:
            raise ValueError(
                f"with outside: {self.outside}, every run at the horizon's ends would be endless; "
                "use outside: unknown for max (or a separate rule for min)"
            )
        return self

    @property
    def outside_on(self) -> bool | None:
        """Whether an outside day continues a run (True), ends it (False), or is unknown."""
        if self.outside == "unknown":
            return None
        return self.outside == self.extends_runs


def _compile_runs(
    rule: _Runs, b: Builder, staff_id: str, states: dict[int, _State], what: str
) -> None:
    """Bound the runs of days in ``states`` (planned and known days; others are outside)."""
    dates = b.index.calendar.dates
    num_days = b.index.calendar.num_days
    if rule.max is not None:
        limit = rule.max
        possible = 0  # days in a row up to ``last`` that may be on
        for last in range(min(states, default=0), num_days):
            state = states.get(last)
            possible = 0 if state is None or state is False else possible + 1
            if last < 0 or possible <= limit:
                continue
            window = [states.get(d) for d in range(last - limit, last + 1)]
            terms, constant = _affine((1, s) for s in window)
            b.bound(
                rule,
                terms,
                hi=limit - constant,
                staff=staff_id,
                day=dates[last],
                detail=f"more than {limit} {what} in a row",
            )
    if rule.min is not None:
        least = rule.min
        closes_outside = rule.outside_on is False
        for start in sorted(states):
            before = states.get(start - 1)
            if before is True or (before is None and not closes_outside):
                continue
            for length in range(1, least):
                end = start + length - 1
                if states.get(end) is None or states.get(end) is False:
                    break  # a longer run from ``start`` would contain this day too
                after = states.get(end + 1)
                if after is True or (after is None and not closes_outside):
                    continue
                if end < 0 and not (end + 1 == 0 and 0 in states):
                    continue  # the run and its ends lie before the horizon: not judged
                run = [(1, states[d]) for d in range(start, end + 1)]
                terms, constant = _affine([*run, (-1, before), (-1, after)])
                # on(run) - on(before) - on(after) reaches ``length`` only when the run is
                # exactly ``start..end``: one unit, billed for the days it lacks.
                b.bound(
                    rule,
                    terms,
                    hi=length - 1 - constant,
                    staff=staff_id,
                    day=dates[max(end, 0)],
                    detail=f"{length} {what} in a row, fewer than {least}",
                    weight=rule.strength_weight * (least - length),
                )


def _check_runs(
    rule: _Runs, ctx: CheckContext, staff_id: str, on: dict[int, bool], what: str
) -> None:
    """Find each maximal run of days on which ``on`` holds and measure it."""
    if not on:
        return
    dates = ctx.index.calendar.dates
    closes_outside = rule.outside_on is False
    first, last = min(on), max(on)
    start: int | None = None
    for day in range(first, last + 2):
        if on.get(day) is True:
            if start is None:
                start = day
            if rule.max is not None and day >= 0 and day - start + 1 > rule.max:
                ctx.measure(
                    rule,
                    rule.max + 1,
                    hi=rule.max,
                    staff=staff_id,
                    day=dates[day],
                    detail=f"{day - start + 1} {what} in a row",
                )
            continue
        if start is not None and rule.min is not None:
            end, length = day - 1, day - start
            before, after = on.get(start - 1), on.get(day)
            closed = all(s is False or (s is None and closes_outside) for s in (before, after))
            planned = any(d >= 0 and d in on for d in range(start - 1, day + 1))
            if length < rule.min and closed and planned:
                ctx.measure(
                    rule,
                    length,
                    lo=rule.min,
                    staff=staff_id,
                    day=dates[max(end, 0)],
                    detail=f"{length} {what} in a row, fewer than {rule.min}",
                )
        start = None


class WorkRuns(_Runs):
    """Runs of working days in a row are between `min` and `max` days long.

    A working day is a day on which the person starts a shift. Days before the horizon come from
    history. ``outside`` says how the other days (after the horizon, before history, outside
    employment) are read: ``unknown`` (the default) gives the benefit of the doubt (a run touching
    them is exempt from ``min``, and only its known days count for ``max``); ``off`` reads them
    as days off; ``work`` as working days (not with ``max``). Soft: each day of a run beyond
    ``max`` costs ``weight``, billed to that day; a run shorter than ``min`` costs ``weight``
    for each day it lacks, billed to its last day (or the horizon's first day).
    """

    kind: Literal["work_runs"] = "work_runs"


def compile_work_runs(rule: WorkRuns, b: Builder) -> None:
    """Windows of ``max + 1`` working days; forbidden patterns off, work x length, off."""
    for staff_id in b.index.staff_for(rule):
        worked = {i.day for i in b.index.past.get(staff_id, ())}
        states: dict[int, _State] = {d: d in worked for d in known_past(b.index, staff_id)}
        for day in planned_days(b.index, staff_id):
            lit = b.works(staff_id, day)
            states[day] = False if lit is None else (lit, True)
        _compile_runs(rule, b, staff_id, states, "working days")


def check_work_runs(rule: WorkRuns, ctx: CheckContext) -> None:
    """Each maximal run of working days."""
    for staff_id in ctx.index.staff_for(rule):
        worked = {i.day for i in ctx.index.past.get(staff_id, ())}
        on = {d: d in worked for d in known_past(ctx.index, staff_id)}
        for day in planned_days(ctx.index, staff_id):
            on[day] = ctx.works(staff_id, day)
        _check_runs(rule, ctx, staff_id, on, "working days")


register(WorkRuns, compile=compile_work_runs, check=check_work_runs)


class OffRuns(_Runs):
    """Runs of days off in a row are between `min` and `max` days long.

    A day off is a day on which the person starts no shift. Days before the horizon come from
    history; ``outside`` reads the other days as for ``work_runs``: ``unknown`` (the default:
    a run touching them is exempt from ``min``, only known days count for ``max``), ``off``
    (not with ``max``) or ``work``. Soft: each day off beyond ``max`` costs ``weight``, billed to
    that day; a run shorter than ``min`` costs ``weight`` for each day it lacks, billed to its
    last day (or the horizon's first day).
    """

    extends_runs: ClassVar[Outside] = "off"
    kind: Literal["off_runs"] = "off_runs"


def compile_off_runs(rule: OffRuns, b: Builder) -> None:
    """As ``work_runs``, with a day off meaning 'not working'."""
    for staff_id in b.index.staff_for(rule):
        worked = {i.day for i in b.index.past.get(staff_id, ())}
        states: dict[int, _State] = {d: d not in worked for d in known_past(b.index, staff_id)}
        for day in planned_days(b.index, staff_id):
            lit = b.works(staff_id, day)
            states[day] = True if lit is None else (lit, False)
        _compile_runs(rule, b, staff_id, states, "days off")


def check_off_runs(rule: OffRuns, ctx: CheckContext) -> None:
    """Each maximal run of days off."""
    for staff_id in ctx.index.staff_for(rule):
        worked = {i.day for i in ctx.index.past.get(staff_id, ())}
        on = {d: d not in worked for d in known_past(ctx.index, staff_id)}
        for day in planned_days(ctx.index, staff_id):
            on[day] = not ctx.works(staff_id, day)
        _check_runs(rule, ctx, staff_id, on, "days off")


register(OffRuns, compile=compile_off_runs, check=check_off_runs)


class ShiftRuns(_Runs):
    """Runs of days in a row with a shift of `shifts` are between `min` and `max` days long.

    Blocks of two to four nights, for example. A day counts when the person starts a shift of
    ``shifts`` on it. Days before the horizon come from history; ``outside`` reads the other days
    as for ``work_runs`` (``work`` meaning 'on one of these shifts'). Soft: each day of a run
    beyond ``max`` costs ``weight``, billed to that day; a run shorter than ``min`` costs
    ``weight`` for each day it lacks, billed to its last day (or the horizon's first day).
    """

    refs: ClassVar[Mapping[str, RefKind]] = {"shifts": "shift"}
    kind: Literal["shift_runs"] = "shift_runs"
    shifts: ShiftIds


def compile_shift_runs(rule: ShiftRuns, b: Builder) -> None:
    """As ``work_runs``, on the literal 'starts one of these shifts that day'."""
    wanted = set(rule.shifts)
    for staff_id in b.index.staff_for(rule):
        days = {i.day for i in b.index.past.get(staff_id, ()) if i.shift_id in wanted}
        states: dict[int, _State] = {d: d in days for d in known_past(b.index, staff_id)}
        for day in planned_days(b.index, staff_id):
            lit = works_shift_of(b, staff_id, day, rule.shifts)
            states[day] = False if lit is None else (lit, True)
        _compile_runs(rule, b, staff_id, states, f"days of {'/'.join(rule.shifts)}")


def check_shift_runs(rule: ShiftRuns, ctx: CheckContext) -> None:
    """Each maximal run of days with one of the shifts."""
    wanted = set(rule.shifts)
    for staff_id in ctx.index.staff_for(rule):
        days = {i.day for i in ctx.index.past.get(staff_id, ()) if i.shift_id in wanted}
        on = {d: d in days for d in known_past(ctx.index, staff_id)}
        for day in planned_days(ctx.index, staff_id):
            on[day] = any(i.shift_id in wanted for i in ctx.shifts_on(staff_id, day))
        _check_runs(rule, ctx, staff_id, on, f"days of {'/'.join(rule.shifts)}")


register(ShiftRuns, compile=compile_shift_runs, check=check_shift_runs)


# --- rest after a run ----------------------------------------------------------------------


class RestAfter(StaffScoped):
    """After a run of `min_run` or more days on `shifts`, the next `days_off` days are off.

    A run ends on a day with such a shift when the next day is known to have none; the
    ``days_off`` days after that day must have no shift at all (a night shift belongs to the day
    it starts, so the morning it ends on can be a day off). Runs may begin in history; days
    before history are not known and do not count towards ``min_run``. Soft: each working day
    among the ``days_off`` days costs ``weight``, billed to that day.
    """

    refs: ClassVar[Mapping[str, RefKind]] = {"shifts": "shift"}
    kind: Literal["rest_after"] = "rest_after"
    shifts: ShiftIds
    days_off: int = Field(ge=1, le=14)
    min_run: int = Field(default=1, ge=1, le=28)


def compile_rest_after(rule: RestAfter, b: Builder) -> None:
    """Not: ``min_run`` days on the shifts up to d, none on d+1, and work on d+j."""
    wanted = set(rule.shifts)
    dates = b.index.calendar.dates
    num_days = b.index.calendar.num_days
    for staff_id in b.index.staff_for(rule):
        days = {i.day for i in b.index.past.get(staff_id, ()) if i.shift_id in wanted}
        states: dict[int, _State] = {d: d in days for d in known_past(b.index, staff_id)}
        planned = planned_days(b.index, staff_id)
        for day in planned:
            lit = works_shift_of(b, staff_id, day, rule.shifts)
            states[day] = False if lit is None else (lit, True)
        for end in sorted(states):
            run = [states.get(d) for d in range(end - rule.min_run + 1, end + 1)]
            after = states.get(end + 1)
            if any(s is None or s is False for s in run) or after is None or after is True:
                continue
            for day in range(max(end + 1, 0), min(end + rule.days_off, num_days - 1) + 1):
                works = b.works(staff_id, day) if day in planned else None
                if works is None:
                    continue
                terms, constant = _affine([*((1, s) for s in run), (-1, after)])
                b.bound(
                    rule,
                    [*terms, (1, works)],
                    hi=rule.min_run - constant,
                    staff=staff_id,
                    day=dates[day],
                    detail=f"works {day - end} day(s) after a run of {'/'.join(rule.shifts)}",
                )


def check_rest_after(rule: RestAfter, ctx: CheckContext) -> None:
    """Find where each run of the shifts ends and look at the days after it."""
    wanted = set(rule.shifts)
    dates = ctx.index.calendar.dates
    for staff_id in ctx.index.staff_for(rule):
        days = {i.day for i in ctx.index.past.get(staff_id, ()) if i.shift_id in wanted}
        on = {d: d in days for d in known_past(ctx.index, staff_id)}
        planned = planned_days(ctx.index, staff_id)
        for day in planned:
            on[day] = any(i.shift_id in wanted for i in ctx.shifts_on(staff_id, day))
        for end in sorted(on):
            if on[end] is not True or on.get(end + 1) is not False:
                continue
            run = 0
            while on.get(end - run) is True:
                run += 1
            if run < rule.min_run:
                continue
            for gap in range(1, rule.days_off + 1):
                day = end + gap
                if day >= 0 and day in planned and ctx.works(staff_id, day):
                    ctx.measure(
                        rule,
                        1,
                        hi=0,
                        staff=staff_id,
                        day=dates[day],
                        detail=f"works {gap} day(s) after a run of {'/'.join(rule.shifts)}",
                    )


register(RestAfter, compile=compile_rest_after, check=check_rest_after)
