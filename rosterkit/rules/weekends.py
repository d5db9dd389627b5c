"""Weekend rules: how many weekends a person works, and whole weekends worked or free.

A weekend is a block of consecutive days whose weekdays are the rule's ``weekend`` days
(Saturday and Sunday unless told otherwise). :func:`weekends` lists them and
:func:`works_weekend` gives the shared literal 'works on any day of this weekend'.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, Field, model_validator

from rosterkit.model import WEEKDAYS, Identifier, Weekday
from rosterkit.rules.base import RefKind, StaffScoped, register
from rosterkit.rules.builder import Builder, Lit
from rosterkit.rules.context import CheckContext, PracticeIndex
from rosterkit.rules.sequences import known_past, planned_days

__all__ = [
    "CompleteWeekends",
    "MaxWeekends",
    "WeekendDays",
    "weekends",
    "works_weekend",
]


def _one_block(days: tuple[str, ...]) -> tuple[str, ...]:
    wanted = set(days)
    if len(wanted) != len(days):
        raise ValueError(f"a weekday is listed twice: {list(days)}")
    if not wanted or len(wanted) == len(WEEKDAYS):
        raise ValueError("a weekend has between one and six days")
    starts = [d for n, d in enumerate(WEEKDAYS) if d in wanted and WEEKDAYS[n - 1] not in wanted]
    if len(starts) != 1:
        raise ValueError(
            f"weekend days {list(days)} are not consecutive; list days in a row, "
            "such as [sat, sun] or [fri, sat, sun]"
        )
    return days


WeekendDays = Annotated[tuple[Weekday, ...], AfterValidator(_one_block)]
"""The days of the week that make a weekend: consecutive (``[fri, sat, sun]``, ``[sun, mon]``)."""


def weekends(
    index: PracticeIndex, days: Sequence[str], *, earlier: int = 0
) -> list[tuple[int, ...]]:
    """Each weekend that touches the horizon, and the ``earlier`` ones before it, in order.

    A weekend is given by its day indices; days before the horizon are negative and days after
    it are ``num_days`` or more.
    """
    wanted = set(days)
    first_weekday = index.calendar.dates[0].weekday()
    num_days = index.calendar.num_days

    def is_weekend(day: int) -> bool:
        return WEEKDAYS[(first_weekday + day) % 7] in wanted

    found: list[tuple[int, ...]] = []
    day = -7 * (earlier + 1)  # one weekend a week: far enough back for ``earlier`` of them
    while day < num_days:
        if is_weekend(day) and not is_weekend(day - 1):
            end = day
            while is_weekend(end + 1):
                end += 1
            found.append(tuple(range(day, end + 1)))
            day = end + 1
        else:
            day += 1
    before = [w for w in found if w[-1] < 0]
    return [
        *(before[len(before) - earlier :] if earlier else []),
        *(w for w in found if w[-1] >= 0),
    ]


def works_weekend(b: Builder, staff_id: str, days: Sequence[int]) -> Lit | None:
    """The literal 'the person starts a shift on any of the planned days ``days``'.

    Shared by name (by person and day indices), so every rule asking about the same weekend
    gets the same literal. None if the person cannot work any of them.
    """
    lits = [lit for d in days if (lit := b.works(staff_id, d)) is not None]
    return b.any_of(lits, name=f"works_any_day[{staff_id},{days[0]}..{days[-1]}]") if days else None


# --- maximum weekends ----------------------------------------------------------------------


class MaxWeekends(StaffScoped):
    """Nobody works more than `max` weekends in the horizon, or in any `window_weeks` weeks.

    A weekend is worked if the person starts a shift on any of its days. Without
    ``window_weeks`` the limit is for the weekends that touch the horizon; with it, for every
    ``window_weeks`` weekends in a row of which the last touches the horizon. Weekend days before
    the horizon come from history (days before history count as not worked); days after it are
    not known and count as not worked. ``max_by_staff`` gives some people their own limit.
    Soft: each weekend above the limit costs ``weight``; the item has no date without
    ``window_weeks``, else the date of the window's last weekend's first day in the horizon.
    """

    refs: ClassVar[Mapping[str, RefKind]] = {"max_by_staff": "staff"}
    kind: Literal["max_weekends"] = "max_weekends"
    max: int | None = Field(default=None, ge=0)
    max_by_staff: dict[Identifier, int] = Field(default_factory=dict)
    weekend: WeekendDays = ("sat", "sun")
    window_weeks: int | None = Field(default=None, ge=1, le=53)

    @model_validator(mode="after")
    def _limit(self) -> MaxWeekends:
        if self.max is None and not self.max_by_staff:
            raise ValueError("give max, max_by_staff or both")
        if any(n < 0 for n in self.max_by_staff.values()):
            raise ValueError("max_by_staff: limits are whole numbers from 0")
        return self

    def limit(self, staff_id: str) -> int | None:
        """The person's limit, if any."""
        return self.max_by_staff.get(staff_id, self.max)


def _windows(
    rule: MaxWeekends, index: PracticeIndex
) -> list[tuple[list[tuple[int, ...]], int | None]]:
    """The groups of weekends the limit applies to, each with its bill day (None: horizon)."""
    if rule.window_weeks is None:
        return [(weekends(index, rule.weekend), None)]
    size = rule.window_weeks
    every = weekends(index, rule.weekend, earlier=size - 1)
    out: list[tuple[list[tuple[int, ...]], int | None]] = []
    for n, weekend in enumerate(every):
        if weekend[-1] >= 0 and n >= size - 1:
            out.append((every[n - size + 1 : n + 1], max(weekend[0], 0)))
    return out


def compile_max_weekends(rule: MaxWeekends, b: Builder) -> None:
    """Sum of 'works this weekend' literals (and weekends worked in history), at most the limit.

    Where the limit can bind, each weekend counted but worked on only some of its days is a
    guide for the search (:meth:`~rosterkit.rules.builder.Builder.guide`), named by the person
    and the weekend's first day: of two rosters equally good, the one with fewer such weekends
    has more weekend days left to give (Curtois Instances 12 and 13 lose their weekend cover
    through them), and steps start at them.
    """
    dates = b.index.calendar.dates
    groups = _windows(rule, b.index)
    for staff_id in b.index.staff_for(rule):
        limit = rule.limit(staff_id)
        if limit is None:
            continue
        planned = planned_days(b.index, staff_id)
        known = known_past(b.index, staff_id)
        worked = {i.day for i in b.index.past.get(staff_id, ())}
        guided: set[tuple[int, ...]] = set()
        for group, bill_day in groups:
            terms: list[tuple[int, Lit]] = []
            parts: list[tuple[tuple[int, ...], Lit, list[Lit]]] = []
            already = 0
            for weekend in group:
                if any(d in known and d in worked for d in weekend):
                    already += 1
                    continue
                days = [d for d in weekend if d in planned]
                lit = works_weekend(b, staff_id, days)
                if lit is not None:
                    terms.append((1, lit))
                    lits = [day for d in days if (day := b.works(staff_id, d)) is not None]
                    if len(lits) > 1 and len(lits) == len(weekend):
                        parts.append((tuple(days), lit, lits))
            if limit - already < len(terms):
                for key, lit, lits in parts:
                    if key not in guided:
                        guided.add(key)
                        b.guide(
                            [(len(lits), lit), *((-1, day) for day in lits)],
                            staff=staff_id,
                            day=dates[key[0]],
                        )
            b.bound(
                rule,
                terms,
                hi=limit - already,
                staff=staff_id,
                day=None if bill_day is None else dates[bill_day],
                detail=f"more than {limit} weekends worked",
            )


def check_max_weekends(rule: MaxWeekends, ctx: CheckContext) -> None:
    """Count the weekends on which the person works at least one day."""
    dates = ctx.index.calendar.dates
    groups = _windows(rule, ctx.index)
    for staff_id in ctx.index.staff_for(rule):
        limit = rule.limit(staff_id)
        if limit is None:
            continue
        planned = planned_days(ctx.index, staff_id)
        known = known_past(ctx.index, staff_id)
        worked = {i.day for i in ctx.index.past.get(staff_id, ())}

        busy = {d for d in known if d in worked}
        busy |= {d for d in planned if ctx.works(staff_id, d)}
        for group, bill_day in groups:
            count = sum(1 for weekend in group if any(d in busy for d in weekend))
            ctx.measure(
                rule,
                count,
                hi=limit,
                staff=staff_id,
                day=None if bill_day is None else dates[bill_day],
                detail=f"more than {limit} weekends worked",
            )


register(MaxWeekends, compile=compile_max_weekends, check=check_max_weekends)


# --- complete weekends ---------------------------------------------------------------------


class CompleteWeekends(StaffScoped):
    """Everyone works either every day of a weekend or none of them.

    A day is worked if the person starts a shift on it. Days before the horizon come from
    history; a weekend with a day that is not known (after the horizon, before history, outside
    employment) is not judged. Soft: each broken weekend costs ``weight``, billed to the person
    and the weekend's first day in the horizon.
    """

    kind: Literal["complete_weekends"] = "complete_weekends"
    weekend: WeekendDays = ("sat", "sun")


def compile_complete_weekends(rule: CompleteWeekends, b: Builder) -> None:
    """'Works any day' minus 'works every day' of each weekend is 0."""
    dates = b.index.calendar.dates
    for staff_id in b.index.staff_for(rule):
        planned = planned_days(b.index, staff_id)
        known = known_past(b.index, staff_id)
        worked = {i.day for i in b.index.past.get(staff_id, ())}
        for weekend in weekends(b.index, rule.weekend):
            if any(d not in planned and d not in known for d in weekend):
                continue
            days = [d for d in weekend if d >= 0]
            lits = [lit for d in days if (lit := b.works(staff_id, d)) is not None]
            fixed = {d in worked for d in weekend if d < 0}
            if len(lits) < len(days):
                fixed.add(False)  # a planned day the person cannot work
            name = f"works_every_day[{staff_id},{days[0]}..{days[-1]}]"
            terms: list[tuple[int, Lit]]
            lo: int | None = None
            if fixed == {True, False}:
                terms, hi = [], -1  # broken whatever the roster says
            elif fixed == {True}:
                # Broken unless every planned day is worked: 1 - all(lits) > 0.
                every = lits[0] if len(lits) == 1 else b.min_of(lits, name=name)
                terms, hi = [(-1, every)], -1
            elif fixed == {False}:
                # Broken if any planned day is worked.
                anyone = works_weekend(b, staff_id, days)
                terms, hi = ([] if anyone is None else [(1, anyone)]), 0
            elif len(lits) == 2:
                terms, lo, hi = [(1, lits[0]), (-1, lits[1])], 0, 0
            elif len(lits) > 2:
                anyone = works_weekend(b, staff_id, days)
                assert anyone is not None
                terms, hi = [(1, anyone), (-1, b.min_of(lits, name=name))], 0
            else:
                continue  # a one-day weekend is never broken
            b.bound(
                rule,
                terms,
                lo=lo,
                hi=hi,
                staff=staff_id,
                day=dates[days[0]],
                detail="weekend worked in part",
            )


def check_complete_weekends(rule: CompleteWeekends, ctx: CheckContext) -> None:
    """A weekend with some days worked and some not is broken."""
    dates = ctx.index.calendar.dates
    for staff_id in ctx.index.staff_for(rule):
        planned = planned_days(ctx.index, staff_id)
        known = known_past(ctx.index, staff_id)
        worked = {i.day for i in ctx.index.past.get(staff_id, ())}
        for weekend in weekends(ctx.index, rule.weekend):
            if any(d not in planned and d not in known for d in weekend):
                continue
            days = {d in worked if d < 0 else ctx.works(staff_id, d) for d in weekend}
            first = min(d for d in weekend if d >= 0)
            ctx.measure(
                rule,
                1 if days == {True, False} else 0,
                hi=0,
                staff=staff_id,
                day=dates[first],
                detail="weekend worked in part",
            )


register(CompleteWeekends, compile=compile_complete_weekends, check=check_complete_weekends)
