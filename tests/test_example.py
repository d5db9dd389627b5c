"""The bundled example practice (examples/clinic/): its shape, build time and a checked solve."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import rosterkit

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clinic" / "practice.yaml"

OPTIMUM = 671
"""The example's optimal objective, proved by ``solve(..., workers=8)`` in about a second."""

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.fixture(scope="module")
def practice() -> rosterkit.Practice:
    return rosterkit.load_practice(EXAMPLE)


@pytest.fixture(scope="module")
def result(practice: rosterkit.Practice) -> rosterkit.SolveResult:
    return rosterkit.solve(practice, time_limit=20, workers=2, seed=0)


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
    assert len(practice.shifts) == 7
    remote_staff = [s.id for s in practice.staff if s.time_zone == "Asia/Manila"]
    assert remote_staff == ["va-joy", "va-mark", "va-angel", "va-rico"]
    assert [s.id for s in practice.shifts if s.remote] == ["phone_am", "phone_pm", "remote_admin"]


def test_example_has_leave_contracts_and_employment_dates(practice: rosterkit.Practice) -> None:
    statuses = Counter(leave.status for leave in practice.leave)
    assert statuses == {"approved": 7, "requested": 4}
    assert sum(1 for leave in practice.leave if leave.reason) == 2
    dates = {s.id: (s.start_date, s.end_date) for s in practice.staff if s.start_date or s.end_date}
    assert dates == {
        "fd-aisha": (None, date(2026, 12, 18)),
        "fd-lena": (date(2026, 12, 7), None),
    }
    kinds = Counter(entry.kind for entry in practice.availability)
    assert kinds == {"unavailable": 8, "preferred": 6, "undesired": 7}


def test_example_compiles_quickly(practice: rosterkit.Practice) -> None:
    compiled = rosterkit.compile_practice(practice)

    assert compiled.build_seconds < 10
    assert len(compiled.x) == 1530


def test_example_solves_to_a_roster_the_checker_accepts(
    practice: rosterkit.Practice, result: rosterkit.SolveResult
) -> None:
    assert result.has_roster
    report = rosterkit.check(practice, result.roster)

    assert report.violations == ()
    assert report.objective == result.objective
    assert report.by_rule() == result.by_rule()
    assert result.objective is not None
    assert result.objective >= OPTIMUM
    if result.status is rosterkit.Status.OPTIMAL:
        assert result.objective == OPTIMUM


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
    on_shift = Counter[tuple[date, str, str | None]]()
    for a in result.roster:
        on_shift[(a.date, a.shift_id, None)] += 1
        for skill in skills[a.staff_id]:
            on_shift[(a.date, a.shift_id, skill)] += 1
    missed = []
    for line in practice.coverage:
        if not line.hard:
            continue
        for day in practice.horizon.dates:
            weekday = WEEKDAY_NAMES[day.weekday()]
            if weekday not in shifts[line.shift].days or weekday not in line.weekdays:
                continue
            if line.dates and day not in line.dates:
                continue
            count = on_shift[(day, line.shift, line.skill)]
            if count < line.min or (line.max is not None and count > line.max):
                missed.append((line.id, day, count))

    assert missed == []


def test_example_refuses_the_leave_request_the_front_desk_cannot_spare(
    result: rosterkit.SolveResult,
) -> None:
    # Maria is on approved leave, and without James the front desk cannot meet its hard
    # minimum on 28-31 December: his request is refused, at its weight, billed to its first day.
    james = [p for p in result.penalties if p.rule_id == "request-james"]

    assert [(p.staff_id, p.date, p.amount) for p in james] == [
        ("fd-james", date(2026, 12, 28), 300)
    ]
    assert result.roster.decisions["leave:request-james"] is False
    if result.status is rosterkit.Status.OPTIMAL:
        # The other three requests cost less to grant than to refuse.
        granted = sorted(k for k, v in result.roster.decisions.items() if v)
        assert granted == ["leave:request-elena", "leave:request-priya", "leave:request-rico"]
