"""Public holidays and closures, fairness and leave decisions, beyond the per-rule bill cases.

The exact bills of ``fairness``, ``leave``, ``leave_cap`` and ``leave_blackout`` (and coverage on
closed days) are in tests/cases/; here: validation messages, the index's holiday and closed days,
what the solver decides, and :func:`rosterkit.rules.leave_decisions`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import practice_from

import rosterkit
from rosterkit import Roster, Status, ValidationError
from rosterkit.adapters.csv_io import read_roster_csv, write_roster_csv
from rosterkit.rules import LeaveDecision, leave_decisions

DEC = {"start": "2026-12-21", "end": "2026-12-27"}
TEXAS = {"country": "US", "subdivision": "TX"}


def problems_of(doc: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        practice_from(doc)
    return list(caught.value.problems)


# --- holidays and closures ----------------------------------------------------------------


def test_holiday_and_closed_dates_of_the_index() -> None:
    practice = practice_from(
        {
            "horizon": DEC,
            "holidays": TEXAS | {"open_on": ["2026-12-26"]},
            "closures": [{"date": "2026-12-21", "name": "staff training day"}, "2027-01-04"],
        }
    )
    index = practice.index
    assert index.holiday_dates == {
        date(2026, 12, 24): "Christmas Eve",
        date(2026, 12, 25): "Christmas Day",
        date(2026, 12, 26): "Day After Christmas",
    }
    assert index.closed_dates == {
        date(2026, 12, 21): "staff training day",
        date(2026, 12, 24): "Christmas Eve",
        date(2026, 12, 25): "Christmas Day",
    }


def test_holidays_open_on_every_holiday() -> None:
    practice = practice_from({"horizon": DEC, "holidays": TEXAS | {"closed": False}})
    assert len(practice.index.holiday_dates) == 3
    assert practice.index.closed_dates == {}


def test_no_calendar_no_holidays() -> None:
    assert practice_from({"horizon": DEC}).index.holiday_dates == {}


def test_country_and_subdivision_are_canonical() -> None:
    practice = practice_from({"horizon": DEC, "holidays": {"country": "us", "subdivision": "tx"}})
    assert practice.holidays is not None
    assert (practice.holidays.country, practice.holidays.subdivision) == ("US", "TX")


def test_unknown_country() -> None:
    (problem,) = problems_of({"holidays": {"country": "XX"}})
    assert problem.startswith(
        "holidays.country: 'XX' is not a country the holidays package knows; give an ISO 3166-1 "
        "code (known: "
    )
    assert "US" in problem


def test_unknown_subdivision_lists_the_country_s() -> None:
    (problem,) = problems_of({"holidays": {"country": "DE", "subdivision": "TX"}})
    assert problem.startswith(
        "holidays.subdivision: 'TX' is not a subdivision of DE (known: Augsburg, BB, BE, BW, BY,"
    )


@pytest.mark.parametrize(
    ("closure", "message"),
    [
        ({"date": "2026-03-02", "start_date": "2026-03-02"}, "give either date or start_date"),
        ({"start_date": "2026-03-02"}, "give a date, or both start_date and end_date"),
        ({"start_date": "2026-03-03", "end_date": "2026-03-02"}, "is after end_date"),
    ],
)
def test_bad_closures(closure: dict[str, str], message: str) -> None:
    (problem,) = problems_of({"closures": [closure]})
    assert problem.startswith("closures[0]: ")
    assert message in problem


def test_coverage_on_closed_days_is_not_asked_for() -> None:
    practice = practice_from(
        {
            "horizon": DEC,
            "holidays": TEXAS,
            "coverage": [{"shift": "early", "min": 1, "hard": True}],
        }
    )
    result = rosterkit.solve(practice, time_limit=5, workers=1, seed=0)
    assert result.status is Status.OPTIMAL
    # Texas: closed on Christmas Eve, Christmas Day and the day after.
    assert {a.date.day for a in result.roster} == {21, 22, 23, 27}


# --- fairness -----------------------------------------------------------------------------


NIGHTS = {"kind": "fairness", "burden": "nights", "shifts": ["night"], "weight": 10}
REFUSALS = {"kind": "fairness", "burden": "refused", "unit": "refused_leave", "weight": 10}


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            NIGHTS | {"shifts": ["nite"]},
            "rules[0] (fairness).shifts: unknown shift 'nite' (known: early, late, night)",
        ),
        (
            NIGHTS | {"fte": {"zed": 0.5}},
            "rules[0] (fairness).fte: unknown staff id 'zed' (known: a, b, c)",
        ),
        (
            NIGHTS | {"on_holidays": True},
            "rules[0] (fairness).on_holidays: the practice has no public holidays; add "
            "'holidays: {country: ..., subdivision: ...}'",
        ),
        (
            NIGHTS | {"fte": {"a": 0}},
            "rules[0].fairness: fte of 'a' must be above 0 and at most 10",
        ),
        (
            REFUSALS | {"shifts": ["night"]},
            "rules[0].fairness: unit 'refused_leave' takes no shifts, weekdays or on_holidays",
        ),
    ],
)
def test_fairness_validation(rule: dict[str, Any], message: str) -> None:
    assert message in problems_of({"rules": [rule]})


def test_fte_too_finely_different() -> None:
    # Factors 7387, 8051 and 8633 would be needed (1/0.97 : 1/0.89 : 1/0.83 in whole numbers).
    fte = {"a": 0.97, "b": 0.89, "c": 0.83}
    practice = practice_from({"rules": [NIGHTS | {"shifts": ["early"], "fte": fte}]})
    with pytest.raises(ValidationError, match=r"a factor of 8633 would be needed"):
        rosterkit.check(practice, Roster(()))


def test_history_decides_who_works_the_nights() -> None:
    # a carried 2 nights in; the four nights of this horizon go 1 to a and 3 to b (3 and 3).
    practice = practice_from(
        {
            "horizon": {"start": "2026-03-02", "end": "2026-03-05"},
            "coverage": [{"shift": "night", "min": 1, "max": 1, "hard": True}],
            "rules": [NIGHTS, {"kind": "max_shifts_per_day", "hard": True}],
            "history": [{"staff": "a", "counts": {"nights": 2}}],
        }
    )
    result = rosterkit.solve(practice, time_limit=5, workers=1, seed=0)
    assert result.status is Status.OPTIMAL
    assert result.objective == 0
    nights = [a.staff_id for a in result.roster if a.shift_id == "night"]
    assert sorted(nights) == ["a", "b", "b", "b"]


# --- leave decisions ----------------------------------------------------------------------

# a and b (both nurses) ask for the same two days; only one nurse may be away at once; one
# night per day needs a nurse. Refusing a costs 40, refusing b 25: b is refused.
CAPPED: dict[str, Any] = {
    "horizon": {"start": "2026-03-02", "end": "2026-03-05"},
    "coverage": [{"shift": "night", "min": 1, "hard": True}],
    "leave": [
        {"staff": "a", "start_date": "2026-03-03", "end_date": "2026-03-04"},
        {"staff": "b", "start_date": "2026-03-03", "end_date": "2026-03-04"},
    ],
    "rules": [{"kind": "leave_cap", "limit": 1, "applies_to": {"roles": ["nurse"]}}],
}


def capped(weights: tuple[int, int] = (40, 25)) -> dict[str, Any]:
    doc = dict(CAPPED)
    doc["leave"] = [
        e | {"status": "requested", "weight": w}
        for e, w in zip(CAPPED["leave"], weights, strict=True)
    ]
    return doc


def test_the_solver_refuses_the_cheaper_request() -> None:
    practice = practice_from(capped())
    result = rosterkit.solve(practice, time_limit=5, workers=1, seed=0)
    assert result.status is Status.OPTIMAL
    assert dict(result.roster.decisions) == {"leave:leave#1": True, "leave:leave#2": False}
    assert [(p.rule_id, p.staff_id, p.date, p.amount, p.detail) for p in result.penalties] == [
        ("leave#2", "b", date(2026, 3, 3), 25, "requested leave 2026-03-03..2026-03-04 refused")
    ]
    decisions = leave_decisions(practice, result.roster)
    assert decisions[0] == LeaveDecision(
        "leave#1", "a", date(2026, 3, 3), date(2026, 3, 4), "granted", False, 0, ()
    )
    refused = decisions[1]
    assert (refused.status, refused.cost, refused.derived) == ("refused", 25, False)
    assert refused.reasons[-2:] == (
        "leave cap leave_cap#1 is full on 2026-03-03 (1 off)",
        "leave cap leave_cap#1 is full on 2026-03-04 (1 off)",
    )


def test_a_roster_read_back_from_csv_has_the_same_bill(tmp_path: Path) -> None:
    practice = practice_from(capped())
    result = rosterkit.solve(practice, time_limit=5, workers=1, seed=0)
    path = tmp_path / "roster.csv"
    write_roster_csv(practice, result.roster, path)
    again = read_roster_csv(practice, path)
    assert dict(again.decisions) == {}
    report = rosterkit.check(practice, again)
    assert report.ok
    assert report.objective == result.objective
    derived = leave_decisions(practice, again)
    assert [(d.status, d.derived) for d in derived] == [("granted", True), ("refused", True)]


def test_approved_and_refused_with_work() -> None:
    doc = capped((40, 25))
    doc["leave"] = [CAPPED["leave"][0], doc["leave"][1]]
    practice = practice_from(doc)
    b_works = practice.assignment("b", date(2026, 3, 3), "night")
    (approved, refused) = leave_decisions(practice, Roster.of([b_works]))
    assert approved.status == "approved"
    assert refused == LeaveDecision(
        "leave#2",
        "b",
        date(2026, 3, 3),
        date(2026, 3, 4),
        "refused",
        True,
        25,
        (
            "works night on 2026-03-03 during the request",
            "leave cap leave_cap#1 is full on 2026-03-03 (1 off)",
            "leave cap leave_cap#1 is full on 2026-03-04 (1 off)",
        ),
    )


def test_granted_in_a_soft_blackout_costs_the_blackout() -> None:
    doc = capped((40, 25))
    doc["rules"] = [
        {
            "kind": "leave_blackout",
            "start_date": "2026-03-04",
            "end_date": "2026-03-04",
            "weight": 7,
        }
    ]
    practice = practice_from(doc)
    roster = Roster.of([], decisions={"leave:leave#1": True, "leave:leave#2": False})
    first, second = leave_decisions(practice, roster)
    assert (first.status, first.cost) == ("granted", 7)
    assert first.reasons == ("in blackout leave_blackout#1 2026-03-04..2026-03-04 (weight 7)",)
    assert (second.status, second.cost) == ("refused", 25)


def test_the_holidays_page_example_validates() -> None:
    page = Path(__file__).resolve().parents[1] / "docs" / "rules" / "holidays.md"
    (block,) = re.findall(r"^```yaml\n(.*?)^```$", page.read_text("utf-8"), re.M | re.S)
    practice = practice_from({"horizon": DEC, **yaml.safe_load(block)})
    assert practice.index.closed_dates == {
        date(2026, 12, 24): "Christmas Eve",
        date(2026, 12, 25): "Christmas Day",
        date(2026, 12, 26): "Day After Christmas",
    }
