"""Property tests: random small practices, solved, must pass the pure-Python checker exactly."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from cases import DRAWERS
from cases._base import rarely
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

import rosterkit
from rosterkit import Practice, Status

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Manila"]
# Starts near daylight-saving changes of the zones above, and plain days.
STARTS = [
    date(2026, 3, 6),
    date(2026, 3, 27),
    date(2026, 10, 23),
    date(2026, 10, 30),
    date(2026, 6, 1),
]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _strength(draw: st.DrawFn, *, hard_ok: bool = True) -> dict[str, Any]:
    if hard_ok and rarely(draw):
        return {"hard": True}
    return {"weight": draw(st.integers(1, 50))}


@st.composite
def practices(draw: st.DrawFn) -> Practice:
    """A random small practice: 2-5 staff, 4-9 days, 1-4 shift types, a random mix of rules."""
    start = draw(st.sampled_from(STARTS))
    days = draw(st.integers(4, 9))
    end = start + timedelta(days=days - 1)
    skills = [f"k{i}" for i in range(draw(st.integers(1, 3)))]
    staff = []
    for i in range(draw(st.integers(2, 5))):
        person: dict[str, Any] = {
            "id": f"s{i}",
            "name": f"Person {i}",
            "skills": draw(st.lists(st.sampled_from(skills), min_size=1, unique=True)),
        }
        if draw(st.integers(0, 3)) == 0:
            person["start_date"] = (
                start + timedelta(days=draw(st.integers(0, days - 1)))
            ).isoformat()
        contract = {}
        if draw(st.booleans()):
            contract["max_hours_per_week"] = draw(st.sampled_from([16, 24, 40]))
        if draw(st.integers(0, 3)) == 0:
            contract["min_hours_per_week"] = draw(st.sampled_from([4, 8]))
        if draw(st.integers(0, 3)) == 0:
            contract["max_shifts"] = draw(st.integers(1, 6))
        if contract:
            person["contract"] = contract
        staff.append(person)
    shifts = []
    for i in range(draw(st.integers(1, 4))):
        begin = draw(st.integers(0, 23))
        length = draw(st.integers(3, 12))
        shift: dict[str, Any] = {
            "id": f"t{i}",
            "start": f"{begin:02d}:{draw(st.sampled_from([0, 30])):02d}",
            "end": f"{(begin + length) % 24:02d}:00",
        }
        if draw(st.booleans()):
            shift["days"] = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, unique=True))
        if draw(st.integers(0, 2)) == 0:
            shift["skills"] = draw(st.lists(st.sampled_from(skills), min_size=1, unique=True))
        if shift["start"] == shift["end"]:
            shift["end"] = f"{(begin + length + 1) % 24:02d}:00"
        shifts.append(shift)
    shift_ids = [s["id"] for s in shifts]
    staff_ids = [s["id"] for s in staff]
    coverage = []
    for _ in range(draw(st.integers(1, 4))):
        low = draw(st.integers(0, 2))
        line: dict[str, Any] = {"shift": draw(st.sampled_from(shift_ids)), "min": low}
        line |= _strength(draw, hard_ok=low <= 1)
        if draw(st.booleans()):
            line["skill"] = draw(st.sampled_from(skills))
        if draw(st.booleans()):
            line["max"] = low + draw(st.integers(0, 2))
        if draw(st.booleans()) or (low == 0 and "max" not in line):
            line["preferred"] = low + (0 if "max" in line else draw(st.integers(0, 1)))
            line["preferred_weight"] = draw(st.integers(0, 5))
        if draw(st.integers(0, 3)) == 0:
            line["weekdays"] = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, unique=True))
        coverage.append(line)
    availability = []
    for _ in range(draw(st.integers(0, 4))):
        entry: dict[str, Any] = {
            "staff": draw(st.sampled_from(staff_ids)),
            "kind": draw(st.sampled_from(["unavailable", "preferred", "undesired"])),
        }
        entry |= _strength(draw, hard_ok=entry["kind"] == "unavailable")
        shape = draw(st.integers(0, 3))
        day = start + timedelta(days=draw(st.integers(0, days - 1)))
        if shape == 0:
            entry["date"] = day.isoformat()
        elif shape == 1:
            entry["start_date"] = day.isoformat()
            entry["end_date"] = (day + timedelta(days=draw(st.integers(0, 3)))).isoformat()
        elif shape == 2:
            entry["weekdays"] = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, unique=True))
        if draw(st.booleans()):
            entry["shift"] = draw(st.sampled_from(shift_ids))
        elif draw(st.booleans()):
            entry["start_time"] = f"{draw(st.integers(0, 23)):02d}:00"
            entry["end_time"] = f"{draw(st.integers(0, 23)):02d}:30"
        availability.append(entry)
    leave = []
    for person in draw(st.lists(st.sampled_from(staff_ids), max_size=2, unique=True)):
        first = start + timedelta(days=draw(st.integers(-1, days - 1)))
        status = draw(st.sampled_from(["approved", "requested"]))
        leave.append(
            {
                "staff": person,
                "start_date": first.isoformat(),
                "end_date": (first + timedelta(days=draw(st.integers(0, 3)))).isoformat(),
                "status": status,
                "reason": "private",
            }
        )
    rules: list[dict[str, Any]] = []
    if draw(st.booleans()):
        rules.append(
            {"kind": "max_shifts_per_day", "limit": draw(st.integers(1, 2))} | _strength(draw)
        )
    if draw(st.booleans()):
        rules.append(
            {"kind": "min_rest", "hours": draw(st.sampled_from([8, 11, 12.5]))} | _strength(draw)
        )
    if draw(st.booleans()):
        rules.append(
            {"kind": "max_consecutive_days", "limit": draw(st.integers(1, 4))} | _strength(draw)
        )
    if draw(st.booleans()):
        least: int | None = draw(st.sampled_from([None, 4, 8]))
        most: int | None = draw(st.sampled_from([None, 16, 30]))
        if least is None and most is None:
            most = 20
        rule: dict[str, Any] = {"kind": "hours_per_week", "min": least, "max": most}
        rule |= _strength(draw)
        if draw(st.booleans()):
            rule["applies_to"] = {"roles": [draw(st.sampled_from(skills))]}
        rules.append(rule)
    if draw(st.booleans()):
        rules.append(
            {"kind": "hours_per_horizon", "max": draw(st.sampled_from([10, 24, 40]))}
            | _strength(draw)
        )
    # Left out, contract is implicit and hard when anyone has one: list it mostly (mostly soft).
    if not rarely(draw):
        rules.append({"kind": "contract"} | _strength(draw))
    document = {
        "name": "Random practice",
        "time_zone": draw(st.sampled_from(ZONES)),
        "horizon": {"start": start.isoformat(), "end": end.isoformat()},
        "skills": [{"id": k} for k in skills],
        "staff": staff,
        "shifts": shifts,
        "coverage": coverage,
        "availability": availability,
        "leave": leave,
        "rules": rules,
    }
    history = []
    for person in draw(st.lists(st.sampled_from(staff_ids), max_size=3, unique=True)):
        back = draw(st.integers(1, 6))
        worked = [
            {
                "date": (start - timedelta(days=k)).isoformat(),
                "shift": draw(st.sampled_from(shift_ids)),
            }
            for k in range(1, back + 1)
            if draw(st.booleans())
        ]
        past: dict[str, Any] = {"staff": person, "worked": worked}
        if draw(st.booleans()):
            past["since"] = (start - timedelta(days=back)).isoformat()
        history.append(past)
    document["history"] = history
    for draw_rules in DRAWERS:
        draw_rules(draw, document)
    note(repr(document))
    return Practice.parse(document, source="hypothesis")


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(practices())
def test_solved_roster_passes_the_checker_and_the_bill_adds_up(practice: Practice) -> None:
    result = rosterkit.solve(practice, time_limit=3, workers=1, seed=0)
    event(f"status {result.status}")
    event(f"penalty items: {min(len(result.penalties), 5)}+")
    if not result.has_roster:
        assert result.status in (Status.INFEASIBLE, Status.NO_SOLUTION)
        assert len(result.roster) == 0
        return
    report = rosterkit.check(practice, result.roster)
    assert report.violations == ()
    assert report.objective == result.objective
    assert sum(p.amount for p in result.penalties) == result.objective
    keys = Counter((p.rule_id, p.staff_id, p.date, p.amount) for p in result.penalties)
    assert keys == Counter((p.rule_id, p.staff_id, p.date, p.amount) for p in report.penalties)
    if result.status is Status.OPTIMAL:
        assert result.best_bound == result.objective
        assert result.gap == 0.0


@settings(deadline=None, max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(practices(), st.integers(0, 3))
def test_deterministic_solves_repeat_exactly(practice: Practice, seed: int) -> None:
    first = rosterkit.solve(practice, time_limit=1, workers=2, seed=seed, deterministic=True)
    second = rosterkit.solve(practice, time_limit=1, workers=2, seed=seed, deterministic=True)
    assert first.status == second.status
    assert first.roster == second.roster
    assert first.objective == second.objective


@pytest.mark.slow
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(practices())
def test_many_random_practices(practice: Practice) -> None:
    test_solved_roster_passes_the_checker_and_the_bill_adds_up.hypothesis.inner_test(practice)  # type: ignore[attr-defined]
