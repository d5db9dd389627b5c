"""The month-boundary example (examples/clinic-january/): December's history holds in January."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import solve_example

import rosterkit

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clinic-january" / "practice.yaml"

NEW_YEAR = date(2027, 1, 1)
WEEK_53 = (date(2026, 12, 28), date(2027, 1, 3))
"""ISO week 2026-W53, Monday 28 December to Sunday 3 January."""


@pytest.fixture(scope="module")
def practice() -> rosterkit.Practice:
    return rosterkit.load_practice(EXAMPLE)


@pytest.fixture(scope="module")
def result(practice: rosterkit.Practice) -> rosterkit.SolveResult:
    return solve_example(practice)


def _past(practice: rosterkit.Practice) -> dict[str, list[rosterkit.Assignment]]:
    """Each person's December shifts from ``history``, with their real times."""
    december = rosterkit.load_practice(EXAMPLE.parents[1] / "clinic" / "practice.yaml")
    return {
        h.staff: [december.assignment(h.staff, p.day, p.shift) for p in h.worked]
        for h in practice.history
    }


def _worked(
    practice: rosterkit.Practice, result: rosterkit.SolveResult
) -> dict[str, list[rosterkit.Assignment]]:
    """History and January together, in time order, per person."""
    both = defaultdict(list, _past(practice))
    for a in result.roster:
        both[a.staff_id].append(a)
    return {staff_id: sorted(shifts, key=lambda a: a.start) for staff_id, shifts in both.items()}


def _on(result: rosterkit.SolveResult, staff_id: str, day: date) -> list[str]:
    return [a.shift_id for a in result.roster.for_staff(staff_id) if a.date == day]


def test_january_carries_the_end_of_december(practice: rosterkit.Practice) -> None:
    assert practice.horizon.dates[0] == NEW_YEAR
    assert practice.horizon.dates[-1] == date(2027, 1, 31)
    assert len(practice.staff) == 23
    assert [h.staff for h in practice.history] == [s.id for s in practice.staff]
    assert {h.since for h in practice.history} == {date(2026, 12, 18)}
    days = {p.day for h in practice.history for p in h.worked}
    assert min(days) == date(2026, 12, 18)
    assert max(days) == date(2026, 12, 31)
    past = _past(practice)
    assert [(a.date, a.shift_id) for a in past["va-joy"][-5:]] == [
        (date(2026, 12, d), "phone_am") for d in range(27, 32)
    ]
    assert (past["rn-elena"][-1].date, past["rn-elena"][-1].shift_id) == (
        date(2026, 12, 31),
        "phone_pm",
    )
    saturdays = {h.staff: h.counts["saturday_clinic"] for h in practice.history if h.counts}
    assert len(saturdays) == 17
    assert saturdays["fd-lena"] == 14


def test_january_holidays_close_new_years_day_only(practice: rosterkit.Practice) -> None:
    assert practice.index.holiday_dates == {
        NEW_YEAR: "New Year's Day",
        date(2027, 1, 18): "Martin Luther King Jr. Day",
    }
    assert practice.index.closed_dates == {NEW_YEAR: "New Year's Day"}


def test_january_solves_to_a_roster_the_checker_accepts(
    practice: rosterkit.Practice, result: rosterkit.SolveResult
) -> None:
    assert result.has_roster
    report = rosterkit.check(practice, result.roster)

    assert report.violations == ()
    assert report.objective == result.objective
    assert report.by_rule() == result.by_rule()
    on_new_year = {a.shift_id for a in result.roster if a.date == NEW_YEAR}
    assert on_new_year == {"phone_am"}


def test_five_days_at_the_end_of_december_keep_joy_off_on_new_years_day(
    result: rosterkit.SolveResult,
) -> None:
    assert _on(result, "va-joy", NEW_YEAR) == []


def test_late_phones_on_new_years_eve_keep_elena_off_the_morning_phones(
    result: rosterkit.SolveResult,
) -> None:
    # 21:00 on 31 December to 07:00 on 1 January is 10 hours: less than `rest-11h`.
    assert "phone_am" not in _on(result, "rn-elena", NEW_YEAR)


def test_no_run_of_working_days_crosses_new_year_longer_than_five(
    practice: rosterkit.Practice, result: rosterkit.SolveResult
) -> None:
    longest = {}
    for staff_id, shifts in _worked(practice, result).items():
        days = sorted({a.date for a in shifts})
        run = best = 0
        for n, day in enumerate(days):
            run = run + 1 if n and day - days[n - 1] == timedelta(days=1) else 1
            best = max(best, run)
        longest[staff_id] = best

    assert max(longest.values()) == 5
    assert longest["va-joy"] == 5


def test_rest_across_new_year_is_at_least_eleven_hours(
    practice: rosterkit.Practice, result: rosterkit.SolveResult
) -> None:
    short = []
    for staff_id, shifts in _worked(practice, result).items():
        for before, after in itertools.pairwise(shifts):
            if after.date > before.date and after.start - before.end < timedelta(hours=11):
                short.append((staff_id, before.date, after.date))

    assert short == []


def test_week_53_counts_december_hours_against_the_contracts(
    practice: rosterkit.Practice, result: rosterkit.SolveResult
) -> None:
    first, last = WEEK_53
    hours: dict[str, float] = defaultdict(float)
    for staff_id, shifts in _worked(practice, result).items():
        for a in shifts:
            if first <= a.date <= last:
                hours[staff_id] += (a.end - a.start).total_seconds() / 3600
    over = {
        s.id: hours[s.id]
        for s in practice.staff
        if s.contract.max_hours_per_week is not None and hours[s.id] > s.contract.max_hours_per_week
    }

    assert over == {}
    # Marcus worked 29 hours on 28-31 December: one more 7-hour phone shift on 2-3 January
    # fits under his 40 hours, two would not.
    december = sum(
        (a.end - a.start).total_seconds() / 3600
        for a in _past(practice)["rn-marcus"]
        if a.date >= first
    )
    assert december == 29
    assert hours["rn-marcus"] <= 40
    weekend = [d for d in (date(2027, 1, 2), date(2027, 1, 3)) if _on(result, "rn-marcus", d)]
    assert len(weekend) <= 1


def test_the_phones_on_new_years_day_go_to_someone_history_allows(
    practice: rosterkit.Practice, result: rosterkit.SolveResult
) -> None:
    past = _past(practice)
    phones = [a for a in result.roster if a.date == NEW_YEAR]
    rests = {a.staff_id: a.start - past[a.staff_id][-1].end for a in phones if past[a.staff_id]}

    assert phones
    # Joy (five days in a row), Elena (rest) and Angel (approved leave) cannot take them.
    assert not {"va-joy", "rn-elena", "va-angel"} & {a.staff_id for a in phones}
    assert all(rest >= timedelta(hours=11) for rest in rests.values())
