"""Labour cost: wages with overtime and differentials as an objective term, budget caps, payroll.

Money is exact. Every rate is rounded once to whole cents an hour; the cost of work is then
minutes × cents an hour, a whole number of sixtieths of a cent (:data:`UNITS_PER_CENT`), so the
solver, the checker and the payroll summary add up the same integers.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rosterkit.errors import ValidationError
from rosterkit.model import WEEKDAYS, Roster, ShiftInstance, Staff, Weekday
from rosterkit.rules.base import StaffScoped, register
from rosterkit.rules.builder import Builder, Var
from rosterkit.rules.context import CheckContext, PracticeIndex

if TYPE_CHECKING:
    from rosterkit.rules.practice import Practice

__all__ = [
    "UNITS_PER_CENT",
    "UNITS_PER_CURRENCY",
    "Budget",
    "LabourCost",
    "NightDifferential",
    "Overtime",
    "PayPeriod",
    "PayRules",
    "PayrollRow",
    "WeekendDifferential",
    "default_pay",
    "money",
    "pay_periods",
    "payroll",
]

UNITS_PER_CENT = 60
"""Cost is counted in sixtieths of a cent: one minute of work at one cent an hour."""
UNITS_PER_CURRENCY = 100 * UNITS_PER_CENT
"""Sixtieths of a cent in one currency unit (one euro, one dollar)."""

PayPeriod = Literal["weekly", "biweekly", "monthly"]
"""How payroll cuts time: ISO-style weeks, two-week periods from an anchor date, or months."""

Term = tuple[int, Var]

_MAX_COST_WEIGHT = 10_000
"""Cost items are large numbers (sixtieths of a cent); a larger weight risks 64-bit overflow."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _cents(amount: float) -> int:
    """``amount`` of money in whole cents, rounded half up (25.125 is 2513 cents)."""
    return _round(Decimal(str(amount)) * 100)


def money(units: int) -> Decimal:
    """A cost in sixtieths of a cent as money with two decimals, rounded half up."""
    cents = _round(Decimal(units) / UNITS_PER_CENT)
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


# --- pay rules -----------------------------------------------------------------------------


class Overtime(_Frozen):
    """Minutes above a weekly threshold cost ``multiplier`` times the wage.

    Attributes:
        hours_per_week: the threshold (default 40, the US FLSA workweek).
        multiplier: the overtime rate as a multiple of the wage (default 1.5).
        contract: people whose contract gives ``max_hours_per_week`` use that as their
            threshold instead.
    """

    hours_per_week: float = Field(default=40, gt=0, le=168)
    multiplier: float = Field(default=1.5, ge=1, le=10)
    contract: bool = False

    def threshold(self, person: Staff) -> int:
        """The person's weekly threshold in minutes."""
        limit = person.contract.max_hours_per_week if self.contract else None
        hours = self.hours_per_week if limit is None else limit
        return round(hours * 60)


class _Differential(_Frozen):
    """An extra pay rate: ``percent`` of the wage, or ``per_hour`` in money; give one."""

    percent: float | None = Field(default=None, ge=0, le=1000)
    per_hour: float | None = Field(default=None, ge=0, le=10**6)

    @model_validator(mode="after")
    def _one_rate(self) -> _Differential:
        if (self.percent is None) == (self.per_hour is None):
            raise ValueError("give either 'percent' or 'per_hour'")
        return self

    def extra(self, wage: int) -> int:
        """The extra rate in whole cents an hour, for a wage in cents an hour."""
        if self.percent is not None:
            return _round(Decimal(wage) * Decimal(str(self.percent)) / 100)
        assert self.per_hour is not None
        return _cents(self.per_hour)


class NightDifferential(_Differential):
    """Extra pay for the minutes inside a nightly wall-clock window (default 22:00 to 06:00).

    The window is placed on every local day in the practice's zone; a window whose end is at
    or before its start runs overnight. Minutes are real time, so the window of a night on
    which the clocks change is an hour shorter or longer.
    """

    start: time = time(22)
    end: time = time(6)

    @model_validator(mode="after")
    def _window(self) -> NightDifferential:
        if self.start == self.end:
            raise ValueError("start equals end: the night window is empty")
        return self


class WeekendDifferential(_Differential):
    """Extra pay for the minutes worked on the weekend's local days (default Saturday, Sunday)."""

    days: tuple[Weekday, ...] = Field(default=("sat", "sun"), min_length=1)


class PayRules(_Frozen):
    """How wages become cost: overtime and differentials, on top of each person's hourly wage.

    Shared by ``labour_cost``, ``budget`` and the payroll summary. Overtime is on by default
    (40 hours a week at 1.5 times the wage); ``overtime: null`` switches it off.
    """

    overtime: Overtime | None = Overtime()
    night_differential: NightDifferential | None = None
    weekend_differential: WeekendDifferential | None = None

    def rates(self, person: Staff) -> _Rates | None:
        """The person's rates in whole cents an hour; None without an hourly wage."""
        if person.hourly_wage is None:
            return None
        wage = _cents(person.hourly_wage)
        overtime = 0
        if self.overtime is not None:
            overtime = _round(Decimal(wage) * Decimal(str(self.overtime.multiplier))) - wage
        night = self.night_differential.extra(wage) if self.night_differential else 0
        weekend = self.weekend_differential.extra(wage) if self.weekend_differential else 0
        return _Rates(wage, overtime, night, weekend)

    def threshold(self, person: Staff) -> int | None:
        """The person's weekly overtime threshold in minutes; None without overtime."""
        return None if self.overtime is None else self.overtime.threshold(person)


@dataclass(frozen=True, slots=True)
class _Rates:
    """One person's rates in whole cents an hour: the wage and the extras on top of it."""

    wage: int
    overtime: int
    night: int
    weekend: int


def _overlap(inst: ShiftInstance, start_ts: int, end_ts: int) -> int:
    return max(0, min(end_ts, inst.end_ts) - max(start_ts, inst.start_ts))


def _night_minutes(index: PracticeIndex, inst: ShiftInstance, night: NightDifferential) -> int:
    """Real minutes of the shift inside the night window of any local day."""
    cal = index.calendar
    seconds = 0
    # A shift lasts less than a day, so only the windows of its start day and the days on
    # either side can touch it.
    for offset in (-1, 0, 1):
        day = inst.date + timedelta(days=offset)
        seconds += _overlap(inst, *cal.local_window(day, night.start, night.end))
    return seconds // 60


def _weekend_minutes(index: PracticeIndex, inst: ShiftInstance, days: Sequence[str]) -> int:
    """Real minutes of the shift on local days whose weekday is in ``days``."""
    seconds = 0
    for offset in (0, 1):
        day = inst.date + timedelta(days=offset)
        if WEEKDAYS[day.weekday()] in days:
            seconds += _overlap(inst, *index.calendar.local_range(day, day))
    return seconds // 60


class _Pricer:
    """Prices shift instances under one set of pay rules.

    Each instance's night and weekend minutes are worked out once, not once per person.
    Without a differential, the default window is measured (the payroll reports those hours)
    but paid nothing extra.
    """

    def __init__(self, index: PracticeIndex, pay: PayRules) -> None:
        self.index = index
        self.night = pay.night_differential or NightDifferential(percent=0)
        self.weekend = pay.weekend_differential or WeekendDifferential(percent=0)
        self._minutes: dict[tuple[int, str], tuple[int, int]] = {}

    def minutes(self, inst: ShiftInstance) -> tuple[int, int]:
        """The shift's real minutes inside the night window and on weekend days."""
        key = (inst.day, inst.shift_id)
        found = self._minutes.get(key)
        if found is None:
            found = (
                _night_minutes(self.index, inst, self.night),
                _weekend_minutes(self.index, inst, self.weekend.days),
            )
            self._minutes[key] = found
        return found

    def cost(self, rates: _Rates, inst: ShiftInstance) -> int:
        """What one shift costs the person before overtime, in sixtieths of a cent."""
        night, weekend = self.minutes(inst)
        return rates.wage * inst.minutes + rates.night * night + rates.weekend * weekend


def _overtime_weeks(
    index: PracticeIndex, staff_id: str, threshold: int
) -> list[tuple[tuple[int, ...], int]]:
    """Each ISO week of the horizon with the minutes the person may work in it at the wage.

    That is the threshold less the minutes history says they worked earlier in the same week,
    so a week cut by the horizon's start is judged as a whole.
    """
    out = []
    for _key, days in index.calendar.weeks():
        first = index.calendar.dates[days[0]]
        monday = first - timedelta(days=first.weekday())
        earlier = sum(i.minutes for i in index.past.get(staff_id, ()) if monday <= i.date < first)
        out.append((days, max(0, threshold - earlier)))
    return out


# --- pay periods ---------------------------------------------------------------------------

_SOME_MONDAY = date(2024, 1, 1)


def _period_start(day: date, period: PayPeriod, anchor: date | None) -> date:
    if period == "monthly":
        return day.replace(day=1)
    length = 7 if period == "weekly" else 14
    base = anchor or _SOME_MONDAY
    return day - timedelta(days=(day - base).days % length)


def _period_end(start: date, period: PayPeriod) -> date:
    if period == "monthly":
        return start.replace(day=_calendar.monthrange(start.year, start.month)[1])
    return start + timedelta(days=(7 if period == "weekly" else 14) - 1)


def pay_periods(
    dates: Sequence[date], period: PayPeriod, *, anchor: date | None = None
) -> list[tuple[date, date, tuple[int, ...]]]:
    """The pay periods that ``dates`` touch: (first day, last day, indices of ``dates`` inside).

    Args:
        dates: the days of the horizon, in order.
        period: ``weekly`` (Monday to Sunday unless ``anchor`` says otherwise), ``biweekly``
            (14 days from ``anchor``, which it needs) or ``monthly`` (calendar months).
        anchor: a day on which a weekly or biweekly period starts.

    Raises:
        ValidationError: ``biweekly`` without an anchor, or an anchor for ``monthly``.
    """
    if period == "biweekly" and anchor is None:
        raise ValidationError(
            "biweekly pay periods need an anchor: a date on which a pay period starts",
            hint="pass anchor=date(...) (in a practice file: 'anchor: 2026-01-05')",
        )
    if period == "monthly" and anchor is not None:
        raise ValidationError("monthly pay periods are calendar months; remove the anchor")
    found: dict[date, list[int]] = {}
    for n, day in enumerate(dates):
        found.setdefault(_period_start(day, period, anchor), []).append(n)
    return [(start, _period_end(start, period), tuple(days)) for start, days in found.items()]


# --- labour_cost ---------------------------------------------------------------------------

_PAY = "pay for the shifts that start this day"
_OVERTIME = "overtime premium"


class LabourCost(StaffScoped):
    """Rosters cost what their staff are paid: wages, overtime and night and weekend extras.

    An objective term, never hard (default weight 1). Each person's ``hourly_wage`` is rounded
    to whole cents an hour, as is each extra rate; one unit of cost is a sixtieth of a cent
    (one minute at one cent an hour), so every amount is exact. Billed to each person per day:
    ``weight`` × the cost of the shifts that start that day, differentials included. Overtime:
    ``weight`` × the overtime rate's extra over the wage per minute above the weekly threshold
    (hours worked earlier that week, from history, count), billed to the person and the first
    planned day of each ISO week. People without a wage cost nothing.
    """

    default_weight: ClassVar[int | None] = 1
    kind: Literal["labour_cost"] = "labour_cost"
    overtime: Overtime | None = Overtime()
    night_differential: NightDifferential | None = None
    weekend_differential: WeekendDifferential | None = None

    @property
    def pay(self) -> PayRules:
        """The pay rules this rule prices work with."""
        return PayRules(
            overtime=self.overtime,
            night_differential=self.night_differential,
            weekend_differential=self.weekend_differential,
        )

    @model_validator(mode="after")
    def _soft(self) -> LabourCost:
        if self.hard:
            raise ValueError(
                "labour_cost is a cost to minimise, not a limit: give a weight "
                "(use a 'budget' rule to cap the cost)"
            )
        if self.strength_weight > _MAX_COST_WEIGHT:
            raise ValueError(
                f"weight {self.weight} is above {_MAX_COST_WEIGHT}: cost is already counted in "
                "sixtieths of a cent; lower the weight or raise the other rules' weights"
            )
        return self


def _minute_terms(b: Builder, staff_id: str, days: Sequence[int]) -> list[Term]:
    """The minutes of the person's possible shifts starting on ``days``."""
    terms: list[Term] = []
    for day in days:
        for inst in b.index.calendar.on_day(day):
            lit = b.x(staff_id, inst)
            if lit is not None:
                terms.append((inst.minutes, lit))
    return terms


def compile_labour_cost(rule: LabourCost, b: Builder) -> None:
    """Each person's pay per day as a soft bound at 0, and each week's minutes above overtime."""
    index, pay, cal = b.index, rule.pay, b.index.calendar
    pricer = _Pricer(index, pay)
    for staff_id in index.staff_for(rule):
        person = index.staff[staff_id]
        rates = pay.rates(person)
        if rates is None:
            continue
        for day in range(cal.num_days):
            terms: list[Term] = []
            for inst in cal.on_day(day):
                lit = b.x(staff_id, inst)
                if lit is not None:
                    terms.append((pricer.cost(rates, inst), lit))
            b.bound(rule, terms, hi=0, staff=staff_id, day=cal.dates[day], detail=_PAY)
        threshold = pay.threshold(person)
        if threshold is None:
            continue
        for days, limit in _overtime_weeks(index, staff_id, threshold):
            b.bound(
                rule,
                _minute_terms(b, staff_id, days),
                hi=limit,
                staff=staff_id,
                day=cal.dates[days[0]],
                detail=_OVERTIME,
                weight=rule.strength_weight * rates.overtime,
            )


def check_labour_cost(rule: LabourCost, ctx: CheckContext) -> None:
    """Price each person's worked shifts day by day, and their minutes in each week."""
    index, pay, cal = ctx.index, rule.pay, ctx.index.calendar
    pricer = _Pricer(index, pay)
    for staff_id in index.staff_for(rule):
        person = index.staff[staff_id]
        rates = pay.rates(person)
        if rates is None:
            continue
        for day, when in enumerate(cal.dates):
            paid = sum(pricer.cost(rates, i) for i in ctx.shifts_on(staff_id, day))
            ctx.measure(rule, paid, hi=0, staff=staff_id, day=when, detail=_PAY)
        threshold = pay.threshold(person)
        if threshold is None:
            continue
        for days, limit in _overtime_weeks(index, staff_id, threshold):
            worked = sum(i.minutes for d in days for i in ctx.shifts_on(staff_id, d))
            ctx.measure(
                rule,
                worked,
                hi=limit,
                staff=staff_id,
                day=cal.dates[days[0]],
                detail=_OVERTIME,
                weight=rule.strength_weight * rates.overtime,
            )


register(LabourCost, compile=compile_labour_cost, check=check_labour_cost)


# --- budget --------------------------------------------------------------------------------

_OVER_BUDGET = "labour cost above the budget"


class Budget(StaffScoped):
    """The labour cost of the staff in scope stays within `cap` for the horizon or each `period`.

    No default strength. Work is priced by ``pay``, by default as the practice's first
    ``labour_cost`` rule prices it (else with :class:`PayRules`' defaults), overtime included:
    a week's overtime counts in the period that holds the week's last planned day. Hard: the
    cost may not exceed ``cap``. Soft: ``weight`` per currency unit (or part of one) above
    ``cap``, per period, billed with no person to the period's first planned day (no date for
    the whole horizon).
    """

    kind: Literal["budget"] = "budget"
    cap: float = Field(ge=0, le=10**10)
    period: Literal["horizon", "weekly", "biweekly", "monthly"] = "horizon"
    anchor: date | None = None
    pay: PayRules | None = None

    @model_validator(mode="after")
    def _period(self) -> Budget:
        if self.period == "biweekly" and self.anchor is None:
            raise ValueError("period 'biweekly' needs an anchor: a date on which a period starts")
        if self.anchor is not None and self.period not in ("weekly", "biweekly"):
            raise ValueError("anchor is only for weekly or biweekly periods")
        return self

    def pricing(self, index: PracticeIndex) -> PayRules:
        """The pay rules the budget prices work with."""
        return self.pay or default_pay(index.practice)

    @property
    def cap_units(self) -> int:
        """The cap in sixtieths of a cent."""
        return _cents(self.cap) * UNITS_PER_CENT

    def periods(self, index: PracticeIndex) -> list[tuple[date | None, tuple[int, ...]]]:
        """Each period's bill date (None for the horizon) and the planned days inside it."""
        cal = index.calendar
        if self.period == "horizon":
            return [(None, tuple(range(cal.num_days)))]
        found = pay_periods(cal.dates, self.period, anchor=self.anchor)
        return [(cal.dates[days[0]], days) for _first, _last, days in found]


def compile_budget(rule: Budget, b: Builder) -> None:
    """Sum each period's pay and overtime premiums; cap it, or bill what lies above the cap."""
    index, cal = b.index, b.index.calendar
    pay = rule.pricing(index)
    pricer = _Pricer(index, pay)
    rule_id = index.rule_id(rule)
    for bill_day, days in rule.periods(index):
        inside = set(days)
        terms: list[Term] = []
        for staff_id in index.staff_for(rule):
            person = index.staff[staff_id]
            rates = pay.rates(person)
            if rates is None:
                continue
            for day in days:
                for inst in cal.on_day(day):
                    lit = b.x(staff_id, inst)
                    if lit is not None:
                        terms.append((pricer.cost(rates, inst), lit))
            threshold = pay.threshold(person)
            if threshold is None or rates.overtime == 0:
                continue
            for week, limit in _overtime_weeks(index, staff_id, threshold):
                if week[-1] not in inside:
                    continue
                minutes = _minute_terms(b, staff_id, week)
                name = f"cost:overtime[{staff_id},{week[0]},{limit}]"
                terms.append((rates.overtime, b.excess(minutes, hi=limit, name=name)))
        if not terms:
            continue
        if rule.hard:
            b.bound(rule, terms, hi=rule.cap_units, day=bill_day, detail=_OVER_BUDGET)
            continue
        over = b.excess(
            terms,
            hi=rule.cap_units,
            unit=UNITS_PER_CURRENCY,
            name=f"{rule_id}:over[{bill_day or ''}]",
        )
        b.bound(rule, [(1, over)], hi=0, day=bill_day, detail=_OVER_BUDGET)


def check_budget(rule: Budget, ctx: CheckContext) -> None:
    """Price each period's worked shifts and overtime, and compare with the cap."""
    index = ctx.index
    pay = rule.pricing(index)
    pricer = _Pricer(index, pay)
    for bill_day, days in rule.periods(index):
        inside = set(days)
        cost = 0
        for staff_id in index.staff_for(rule):
            person = index.staff[staff_id]
            rates = pay.rates(person)
            if rates is None:
                continue
            for day in days:
                cost += sum(pricer.cost(rates, i) for i in ctx.shifts_on(staff_id, day))
            threshold = pay.threshold(person)
            if threshold is None:
                continue
            for week, limit in _overtime_weeks(index, staff_id, threshold):
                if week[-1] in inside:
                    worked = sum(i.minutes for d in week for i in ctx.shifts_on(staff_id, d))
                    cost += rates.overtime * max(0, worked - limit)
        if rule.hard:
            ctx.measure(rule, cost, hi=rule.cap_units, day=bill_day, detail=_OVER_BUDGET)
        else:
            over = max(0, cost - rule.cap_units)
            units = -(-over // UNITS_PER_CURRENCY)
            ctx.measure(rule, units, hi=0, day=bill_day, detail=_OVER_BUDGET)


register(Budget, compile=compile_budget, check=check_budget)


# --- payroll -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PayrollRow:
    """One person's work and pay in one pay period.

    Minutes are real time. Night and weekend minutes use the pay rules' windows (22:00 to
    06:00 and Saturday and Sunday when the rules have no differential). ``cost`` is None for
    people without an hourly wage.
    """

    period_start: date
    period_end: date
    staff_id: str
    staff_name: str
    shifts: int
    minutes: int
    overtime_minutes: int
    night_minutes: int
    weekend_minutes: int
    wage_cents: int | None
    """The hourly wage in cents, as priced."""
    cost_units: int | None
    """The cost in sixtieths of a cent."""

    @property
    def cost(self) -> Decimal | None:
        """The cost as money with two decimals."""
        return None if self.cost_units is None else money(self.cost_units)


def default_pay(practice: Practice) -> PayRules:
    """The pay rules of the practice's first ``labour_cost`` rule.

    Without one: :class:`PayRules`' defaults (overtime above 40 hours at 1.5 times the wage).
    """
    for rule in practice.rules:
        if isinstance(rule, LabourCost):
            return rule.pay
    return PayRules()


@dataclass
class _Tally:
    shifts: int = 0
    minutes: int = 0
    overtime: int = 0
    night: int = 0
    weekend: int = 0
    cost: int = 0


def payroll(
    practice: Practice,
    roster: Roster,
    *,
    period: PayPeriod = "weekly",
    anchor: date | None = None,
    pay: PayRules | None = None,
) -> list[PayrollRow]:
    """Hours, overtime, night and weekend hours and cost per person per pay period.

    A shift counts in the period of the day it starts; a week's overtime (the minutes worked
    in an ISO week above the threshold, hours from history included) counts in the period that
    holds the week's last planned day. Rows come in period order, then practice
    staff order, for each person with work or overtime in the period.

    Args:
        practice: the practice the roster belongs to.
        roster: the assignments.
        period: ``weekly``, ``biweekly`` (needs ``anchor``) or ``monthly``.
        anchor: a day on which a weekly or biweekly pay period starts (weekly default: Monday).
        pay: the pay rules; default :func:`default_pay`.

    Raises:
        ValidationError: the roster names a shift the practice cannot place, or the period
            needs (or forbids) an anchor.
    """
    index = practice.index
    cal = index.calendar
    pay = pay or default_pay(practice)
    periods = pay_periods(cal.dates, period, anchor=anchor)
    period_of = {d: n for n, (_first, _last, days) in enumerate(periods) for d in days}
    pricer = _Pricer(index, pay)
    worked: dict[str, dict[int, list[ShiftInstance]]] = {}
    for a in roster:
        day = cal.day_index(a.date)
        inst = None if day is None else cal.instance(day, a.shift_id)
        if day is None or inst is None or a.staff_id not in index.staff:
            raise ValidationError(
                f"the roster has {a.staff_id} on {a.shift_id} on {a.date}, which practice "
                f"{practice.name!r} cannot place",
                hint="give payroll the practice the roster was made for",
            )
        worked.setdefault(a.staff_id, {}).setdefault(day, []).append(inst)
    tallies: dict[tuple[int, str], _Tally] = {}
    for person in practice.staff:
        days_worked = worked.get(person.id, {})
        rates = pay.rates(person)
        for day, shifts in days_worked.items():
            tally = tallies.setdefault((period_of[day], person.id), _Tally())
            for inst in shifts:
                tally.shifts += 1
                tally.minutes += inst.minutes
                night, weekend = pricer.minutes(inst)
                tally.night += night
                tally.weekend += weekend
                if rates is not None:
                    tally.cost += pricer.cost(rates, inst)
        threshold = pay.threshold(person)
        if threshold is None:
            continue
        for week, limit in _overtime_weeks(index, person.id, threshold):
            minutes = sum(i.minutes for d in week for i in days_worked.get(d, ()))
            if minutes > limit:
                tally = tallies.setdefault((period_of[week[-1]], person.id), _Tally())
                tally.overtime += minutes - limit
                if rates is not None:
                    tally.cost += rates.overtime * (minutes - limit)
    order = {s.id: n for n, s in enumerate(practice.staff)}
    rows = []
    for (n, staff_id), t in sorted(tallies.items(), key=lambda kv: (kv[0][0], order[kv[0][1]])):
        person = index.staff[staff_id]
        rates = pay.rates(person)
        first, last, _days = periods[n]
        rows.append(
            PayrollRow(
                period_start=first,
                period_end=last,
                staff_id=staff_id,
                staff_name=person.name,
                shifts=t.shifts,
                minutes=t.minutes,
                overtime_minutes=t.overtime,
                night_minutes=t.night,
                weekend_minutes=t.weekend,
                wage_cents=None if rates is None else rates.wage,
                cost_units=None if rates is None else t.cost,
            )
        )
    return rows
