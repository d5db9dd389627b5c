"""The bundled example practice (examples/clinic/): its shape, its rules and a checked solve."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import solve_example

import rosterkit

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clinic" / "practice.yaml"

LEVELS = {1: 890, 2: 150, 3: 164, 4: 468147000}
"""The optimal penalty of each priority level, proved by ``solve(..., workers=2)`` in 12-30 s."""

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
REMOTE_TEAM = ("va-joy", "va-mark", "va-angel", "va-rico")
MANILA = ZoneInfo("Asia/Manila")


@pytest.fixture(scope="module")
def practice() -> rosterkit.Practice:
    return rosterkit.load_practice(EXAMPLE)


@pytest.fixture(scope="module")
def result(practice: rosterkit.Practice) -> rosterkit.SolveResult:
    return solve_example(practice)


def _shifts_on(result: rosterkit.SolveResult, staff_id: str, day: date) -> list[str]:
    return [a.shift_id for a in result.roster.for_staff(staff_id) if a.date == day]


def test_example_has_the_documented_shape(practice: rosterkit.Practice) -> None:
    assert practice.time_zone == "America/Chicago"
    assert practice.horizon.dates[0] == date(2026, 12, 1)
    assert practice.horizon.dates[-1] == date(2026, 12, 31)
    roles = Counter(person.skills[0] for person in practice.staff)
    assert roles == {
        "front_desk": 6,
        "medical_assistant": 7,
        "nurse": 5,
        "phlebotomy": 2,
        "phone_triage": 3,
        "remote_admin": 1,
    }
    assert len(practice.staff) == 24
    assert [s.id for s in practice.shifts if s.remote] == [
        "phone_am",
        "phone_pm",
        "remote_admin",
        "after_hours",
    ]
    remote = {s.id: (s.work_mode, s.time_zone, s.local_hours) for s in practice.staff}
    windows = {
        staff_id: (hours.start.isoformat("minutes"), hours.end.isoformat("minutes"))
        for staff_id, (mode, zone, hours) in remote.items()
        if mode == "remote" and zone == "Asia/Manila" and hours is not None
    }
    assert windows == {
        "va-joy": ("20:00", "08:00"),
        "va-mark": ("07:00", "19:00"),
        "va-angel": ("20:00", "08:00"),
        "va-rico": ("20:00", "08:00"),
    }


def test_example_closes_on_christmas_from_the_holiday_calendar(
    practice: rosterkit.Practice,
) -> None:
    assert practice.index.holiday_dates == {date(2026, 12, 25): "Christmas Day"}
    assert practice.index.closed_dates == {
        date(2026, 12, 25): "Christmas Day",
        date(2026, 12, 26): "Clinic closed the day after Christmas",
    }


def test_example_uses_most_of_the_rule_catalogue(practice: rosterkit.Practice) -> None:
    kinds = Counter(rule.kind for _, rule in practice.rule_instances())

    assert kinds == {
        "eligibility": 1,
        "no_overlap": 1,
        "work_mode": 1,
        "local_hours": 1,
        "coverage": 26,
        "unavailable": 8,
        "preferred": 7,
        "undesired": 7,
        "leave": 13,
        "max_shifts_per_day": 1,
        "min_rest": 1,
        "hours_per_week": 1,
        "contract": 1,
        "work_runs": 1,
        "succession": 1,
        "max_weekends": 1,
        "leave_cap": 1,
        "leave_blackout": 1,
        "budget": 1,
        "fixed_assignment": 1,
        "supervision": 1,
        "time_coverage": 2,
        "remote_days_per_week": 1,
        "hours_per_horizon": 1,
        "shift_count": 1,
        "fairness": 3,
        "complete_weekends": 1,
        "off_runs": 1,
        "labour_cost": 1,
    }
    levels = Counter(rule.priority for _, rule in practice.rule_instances() if not rule.hard)
    assert levels == {1: 12, 2: 3, 3: 3, 4: 17}


def test_eligible_instances_are_those_eligible_says(practice: rosterkit.Practice) -> None:
    # eligible_by_staff tests skills once per shift type and employment once per date; it must
    # give what eligible() gives instance by instance (this month has both skills and dates).
    index = practice.index
    for staff_id, found in index.eligible_by_staff.items():
        wanted = tuple(i for i in index.calendar.instances if index.eligible(staff_id, i))
        assert found == wanted, staff_id
    every = len(index.calendar.instances)
    left_out = {s for s, found in index.eligible_by_staff.items() if len(found) < every}
    assert {"fd-aisha", "fd-lena"} <= left_out


def test_example_has_leave_history_and_employment_dates(practice: rosterkit.Practice) -> None:
    statuses = Counter(leave.status for leave in practice.leave)
    assert statuses == {"approved": 7, "requested": 6}
    assert sum(1 for leave in practice.leave if leave.reason) == 2
    dates = {s.id: (s.start_date, s.end_date) for s in practice.staff if s.start_date or s.end_date}
    assert dates == {
        "fd-aisha": (None, date(2026, 12, 18)),
        "fd-lena": (date(2026, 12, 7), None),
    }
    kinds = Counter(entry.kind for entry in practice.availability)
    assert kinds == {"unavailable": 8, "preferred": 7, "undesired": 7}
    worked = {h.staff: [(p.day, p.shift) for p in h.worked] for h in practice.history if h.worked}
    assert worked["va-joy"] == [(date(2026, 11, d), "phone_am") for d in range(26, 31)]
    assert worked["rn-elena"][-1] == (date(2026, 11, 30), "phone_pm")
    counted = {h.staff for h in practice.history if "saturday_clinic" in h.counts}
    assert len(counted) == 17


def test_example_compiles_quickly(practice: rosterkit.Practice) -> None:
    compiled = rosterkit.compile_practice(practice)

    assert compiled.build_seconds < 10
    assert len(compiled.x) == 1668
    assert sorted(compiled.levels) == [1, 2, 3, 4]


def test_example_solves_to_a_roster_the_checker_accepts(
    practice: rosterkit.Practice, result: rosterkit.SolveResult
) -> None:
    assert result.has_roster
    report = rosterkit.check(practice, result.roster)

    assert report.violations == ()
    assert report.objective == result.objective
    assert report.by_rule() == result.by_rule()
    assert result.objective is not None
    assert result.objective >= sum(LEVELS.values())
    assert result.levels[1] >= LEVELS[1]
    if result.status is rosterkit.Status.OPTIMAL:
        assert dict(result.levels) == LEVELS


def test_example_roster_works_nobody_on_approved_leave(
    practice: rosterkit.Practice, result: rosterkit.SolveResult
) -> None:
    zone = ZoneInfo(practice.time_zone)
    worked = []
    for leave in practice.leave:
        if leave.status != "approved":
            continue
        begins = datetime.combine(leave.start_date, time(0), tzinfo=zone)
        ends = datetime.combine(leave.end_date + timedelta(days=1), time(0), tzinfo=zone)
        worked += [
            a for a in result.roster.for_staff(leave.staff) if a.start < ends and begins < a.end
        ]

    assert worked == []


def test_example_roster_meets_every_hard_coverage_line(
    practice: rosterkit.Practice, result: rosterkit.SolveResult
) -> None:
    skills = {person.id: set(person.skills) for person in practice.staff}
    shifts = {shift.id: shift for shift in practice.shifts}
    closed = practice.index.closed_dates
    on_shift = Counter[tuple[date, str, str | None]]()
    for a in result.roster:
        on_shift[(a.date, a.shift_id, None)] += 1
        for skill in skills[a.staff_id]:
            on_shift[(a.date, a.shift_id, skill)] += 1
    missed = []
    checked = 0
    for line in practice.coverage:
        if not line.hard:
            continue
        for day in practice.horizon.dates:
            weekday = WEEKDAY_NAMES[day.weekday()]
            if weekday not in shifts[line.shift].days or weekday not in line.weekdays:
                continue
            if line.dates and day not in line.dates:
                continue
            if day in closed and day not in line.dates:
                continue  # a closed day asks for nobody unless the line lists it
            checked += 1
            count = on_shift[(day, line.shift, line.skill)]
            if count < line.min or (line.max is not None and count > line.max):
                missed.append((line.id, day, count))

    assert missed == []
    assert checked == 212


def test_example_roster_keeps_the_closed_days_closed(result: rosterkit.SolveResult) -> None:
    christmas = [a for a in result.roster if a.date == date(2026, 12, 25)]
    after = Counter(a.shift_id for a in result.roster if a.date == date(2026, 12, 26))

    assert christmas == []
    assert set(after) == {"phone_am"}
    assert after["phone_am"] >= 1


def test_example_roster_reads_november_from_history(result: rosterkit.SolveResult) -> None:
    first = date(2026, 12, 1)
    # Joy worked 26-30 November: a sixth day in a row on 1 December breaks `five-days-in-a-row`.
    assert _shifts_on(result, "va-joy", first) == []
    # Elena's phones on 30 November end at 21:00: 11 hours of rest rule out a 07:00 start.
    assert not {"early", "phone_am"} & set(_shifts_on(result, "rn-elena", first))
    # James's 8 hours on Monday 30 November count in ISO week 49 against his 40-hour contract.
    week = [a for a in result.roster.for_staff("fd-james") if a.date <= date(2026, 12, 6)]
    hours = sum((a.end - a.start).total_seconds() / 3600 for a in week)
    assert hours + 8 <= 40


def test_example_keeps_remote_staff_inside_their_manila_hours(
    practice: rosterkit.Practice, result: rosterkit.SolveResult
) -> None:
    outside = []
    for staff_id in REMOTE_TEAM:
        hours = practice.index.staff[staff_id].local_hours
        assert hours is not None
        for a in result.roster.for_staff(staff_id):
            begin, end = a.start.astimezone(MANILA), a.end.astimezone(MANILA)
            opens = datetime.combine(begin.date(), hours.start, tzinfo=MANILA)
            if opens > begin:
                opens -= timedelta(days=1)
            closes = datetime.combine(opens.date(), hours.end, tzinfo=MANILA)
            if closes <= opens:
                closes += timedelta(days=1)
            if not opens <= begin < end <= closes:
                outside.append((staff_id, a.date, a.shift_id))

    assert outside == []
    # 14:00-21:00 in Chicago is 04:00-11:00 in Manila: the afternoon phones are the nurses'.
    pm = {a.staff_id for a in result.roster if a.shift_id == "phone_pm"}
    assert pm <= {"rn-elena", "rn-marcus"}
    assert {a.staff_id for a in result.roster if a.shift_id == "after_hours"} == {"va-mark"}


def test_example_onboards_the_new_hire_with_a_mentor(result: rosterkit.SolveResult) -> None:
    lena = result.roster.for_staff("fd-lena")
    mentors = [a for a in result.roster if a.staff_id in ("fd-maria", "fd-james")]
    alone = [
        a.date
        for a in lena
        if a.date <= date(2026, 12, 18)
        and not any(m.start < a.end and a.start < m.end for m in mentors)
    ]

    assert min(a.date for a in lena) == date(2026, 12, 7)
    assert _shifts_on(result, "fd-lena", date(2026, 12, 7)) == ["early"]
    assert _shifts_on(result, "fd-lena", date(2026, 12, 8)) == ["early"]
    assert alone == []


def test_example_stays_within_the_budget(
    practice: rosterkit.Practice, result: rosterkit.SolveResult
) -> None:
    payroll = rosterkit.payroll_frame(practice, result.roster, period="monthly")

    assert set(payroll["staff_id"]) == {s.id for s in practice.staff}
    assert 70000 < payroll["cost"].sum() <= 80000


def test_example_decides_the_leave_requests_by_its_rules(
    practice: rosterkit.Practice, result: rosterkit.SolveResult
) -> None:
    bill = {(p.rule_id, p.staff_id, p.date): p.amount for p in result.penalties}
    decisions = result.roster.decisions
    # Grace asked for two days of the flu-vaccine week: the hard blackout refuses her request.
    assert decisions["leave:request-grace"] is False
    assert bill[("request-grace", "ma-grace", date(2026, 12, 3))] == 40
    # Maria is on leave: without James the front desk cannot staff 29 December (two early,
    # one late, one at the evening clinic) from Lena, Tom and Keisha alone.
    assert decisions["leave:request-james"] is False
    assert bill[("request-james", "fd-james", date(2026, 12, 28))] == 300
    # Only one medical assistant may be off a day: Priya's and Sofia's requests overlap.
    assert not (decisions["leave:request-priya"] and decisions["leave:request-sofia"])
    if result.status is rosterkit.Status.OPTIMAL:
        granted = sorted(k for k, v in decisions.items() if k.startswith("leave:") and v)
        assert granted == ["leave:request-priya", "leave:request-rico"]
