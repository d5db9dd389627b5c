"""Cases of fairness: nights, weekends, Saturday clinics, holidays and refused leave kept even."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from cases._base import (
    FRI,
    MON,
    SAT,
    SUN,
    THU,
    TUE,
    WED,
    Bill,
    Breach,
    Case,
    Work,
    horizon,
    person,
    rarely,
    rules,
    week,
)

# The base practice has staff a (nurse), b (nurse, desk), c (desk) and, every day, shifts
# early 07-15, late 15-23 and night 23-07 (nurses only); see tests/conftest.py. Only a and b
# may work nights, so c is not in a group that shares nights.


def nights(**extra: Any) -> dict[str, Any]:
    """A fairness rule over night shifts, weight 5."""
    return {"kind": "fairness", "burden": "nights", "shifts": ["night"], "weight": 5, **extra}


def counts(**by_staff: dict[str, float]) -> dict[str, Any]:
    """A history section carrying tallies in: ``counts(a={"nights": 4})``."""
    return {"history": [{"staff": s, "counts": c} for s, c in by_staff.items()]}


TWO_WEEKS = {"horizon": horizon(MON, date(2026, 3, 15))}
NEXT_SAT = date(2026, 3, 14)
# Good Friday (3 April) and Easter Monday (6 April) 2026 are public holidays in Bavaria.
EASTER = {
    "horizon": horizon(date(2026, 4, 3), date(2026, 4, 6)),
    "holidays": {"country": "DE", "subdivision": "BY"},
}
GOOD_FRIDAY, EASTER_SAT, EASTER_MON = date(2026, 4, 3), date(2026, 4, 4), date(2026, 4, 6)
HOLIDAYS = {"kind": "fairness", "burden": "holidays", "on_holidays": True, "weight": 2}
REFUSALS = {"kind": "fairness", "burden": "refused_leave", "unit": "refused_leave", "weight": 9}
PART_TIME = {
    "staff": [
        person("a", ["nurse"], contract={"max_hours_per_week": 40}),
        person("b", ["nurse", "desk"], contract={"max_hours_per_week": 20}),
        person("c", ["desk"]),
    ]
}


def _requests(*staff: str) -> list[dict[str, Any]]:
    return [
        {"staff": s, "start_date": WED, "end_date": WED, "status": "requested", "weight": 0}
        for s in staff
    ]


FAIRNESS = [
    Case(
        "fairness",
        "nights_even",
        rules(nights()),
        (Work("a", MON, "night"), Work("b", TUE, "night")),
    ),
    Case(
        # c cannot work nights and is not in the group: the spread is a's 3 minus b's 0.
        "fairness",
        "nights_uneven",
        rules(nights()),
        week("a", "night", MON, WED, FRI),
        bills=(Bill("fairness#1", None, None, 15),),
    ),
    Case(
        "fairness",
        "within_max_spread",
        rules(nights(max_spread=1)),
        week("a", "night", MON),
    ),
    Case(
        "fairness",
        "above_max_spread",
        rules(nights(max_spread=1)),
        week("a", "night", MON, WED, FRI),
        bills=(Bill("fairness#1", None, None, 10),),
    ),
    Case(
        "fairness",
        "hard",
        rules(nights(weight=None, hard=True, max_spread=1)),
        week("a", "night", MON, WED),
        breaches=(Breach("fairness#1", None, None),),
    ),
    Case(
        # History: a carries 4 nights in, b none; b's 3 nights this month leave a spread of 1.
        "fairness",
        "history_counts",
        rules(nights()) | counts(a={"nights": 4}),
        week("b", "night", MON, WED, FRI),
        bills=(Bill("fairness#1", None, None, 5),),
    ),
    Case(
        "fairness",
        "history_evens_it_out",
        rules(nights()) | counts(b={"nights": 2, "weekends": 7}),
        week("a", "night", MON, WED),
    ),
    Case(
        "fairness",
        "one_person_is_no_group",
        rules(nights(applies_to={"staff": ["a", "c"]})),
        week("a", "night", MON, WED, FRI),
    ),
    Case(
        # FTE 1 and 0.5: factors 1 and 2, so b's one night weighs as a's two.
        "fairness",
        "fte_even",
        rules(nights(fte={"b": 0.5})),
        (*week("a", "night", MON, WED), Work("b", FRI, "night")),
    ),
    Case(
        "fairness",
        "fte_uneven",
        rules(nights(fte={"b": 0.5})),
        (Work("a", MON, "night"), Work("b", FRI, "night")),
        bills=(Bill("fairness#1", None, None, 5),),
    ),
    Case(
        # FTE 1 and 0.75: factors 3 and 4; 3 nights against 2 make 9 against 8.
        "fairness",
        "fte_three_quarters",
        rules(nights(fte={"a": 1.0, "b": 0.75})),
        (*week("a", "night", MON, WED, FRI), *week("b", "night", TUE, THU)),
        bills=(Bill("fairness#1", None, None, 5),),
    ),
    Case(
        # From contracts: 40 and 20 hours a week; carried counts are scaled too (b: 1 x 2).
        "fairness",
        "fte_from_contracts",
        PART_TIME | rules(nights(fte="contract")) | counts(b={"nights": 1}),
        week("a", "night", MON, WED, FRI),
        bills=(Bill("fairness#1", None, None, 5),),
    ),
    Case(
        # Saturday clinic: early shifts on Saturdays; a works two, b and c none.
        "fairness",
        "saturday_clinic",
        TWO_WEEKS
        | rules(
            {
                "kind": "fairness",
                "burden": "saturdays",
                "shifts": ["early"],
                "weekdays": ["sat"],
                "weight": 4,
            }
        ),
        (Work("a", SAT, "early"), Work("a", NEXT_SAT, "early"), Work("b", FRI, "early")),
        bills=(Bill("fairness#1", None, None, 8),),
    ),
    Case(
        # Worked weekends: a works both days of one (one weekend), b two weekends, c none.
        "fairness",
        "weekends",
        TWO_WEEKS
        | rules({"kind": "fairness", "burden": "weekends", "unit": "weekends", "weight": 3}),
        (
            Work("a", SAT, "early"),
            Work("a", SUN, "late"),
            Work("b", SAT, "night"),
            Work("b", NEXT_SAT, "early"),
            Work("c", FRI, "early"),
        ),
        bills=(Bill("fairness#1", None, None, 6),),
    ),
    Case(
        "fairness",
        "weekends_even",
        TWO_WEEKS
        | rules({"kind": "fairness", "burden": "weekends", "unit": "weekends", "weight": 3}),
        (Work("a", SUN, "early"), Work("b", SAT, "night"), Work("c", NEXT_SAT, "late")),
    ),
    Case(
        # Public holidays: a works Good Friday and Easter Monday, b the Saturday between.
        "fairness",
        "public_holidays",
        EASTER | rules(HOLIDAYS),
        (
            Work("a", GOOD_FRIDAY, "early"),
            Work("a", EASTER_MON, "late"),
            Work("b", EASTER_SAT, "early"),
        ),
        bills=(Bill("fairness#1", None, None, 4),),
    ),
    Case(
        "fairness",
        "public_holidays_even",
        EASTER | rules(HOLIDAYS),
        (
            Work("a", GOOD_FRIDAY, "early"),
            Work("b", EASTER_MON, "late"),
            Work("c", EASTER_MON, "early"),
        ),
    ),
    Case(
        "fairness",
        "refused_leave",
        {"leave": _requests("a", "b")} | rules(REFUSALS),
        (),
        bills=(Bill("fairness#1", None, None, 9),),
        decisions={"leave:leave#1": False, "leave:leave#2": True},
    ),
    Case(
        # b was refused once before; now a is refused: even again. c asked for nothing.
        "fairness",
        "refused_leave_with_history",
        {"leave": _requests("a", "b")} | rules(REFUSALS) | counts(b={"refused_leave": 1}),
        (),
        decisions={"leave:leave#1": False, "leave:leave#2": True},
    ),
]

CASES: list[Case] = FAIRNESS


def draw_rules(draw: Any, document: dict[str, Any]) -> None:
    """Add a fairness rule or two, and tallies carried in from history."""
    shift_ids = [s["id"] for s in document["shifts"]]
    staff_ids = [s["id"] for s in document["staff"]]
    rules_: list[dict[str, Any]] = document.setdefault("rules", [])
    for n in range(draw(st.integers(0, 2))):
        unit = draw(st.sampled_from(["shifts", "shifts", "weekends", "refused_leave"]))
        rule: dict[str, Any] = {"kind": "fairness", "burden": f"burden{n}", "unit": unit}
        if unit != "refused_leave":
            if draw(st.booleans()):
                rule["shifts"] = draw(st.lists(st.sampled_from(shift_ids), min_size=1, unique=True))
            if draw(st.integers(0, 3)) == 0:
                rule["weekdays"] = draw(
                    st.lists(st.sampled_from(["fri", "sat", "sun"]), min_size=1, unique=True)
                )
            if unit == "shifts" and draw(st.integers(0, 3)) == 0:
                rule["on_holidays"] = True
                document.setdefault("holidays", {"country": "DE", "subdivision": "BY"})
        if draw(st.integers(0, 2)) == 0:
            rule["fte"] = draw(
                st.sampled_from(
                    ["contract", {staff_ids[0]: 0.5}, dict.fromkeys(staff_ids[1:2], 0.75)]
                )
            )
        if draw(st.booleans()):
            rule["max_spread"] = draw(st.integers(1, 2))
        if rarely(draw):
            rule["hard"] = True
            rule["max_spread"] = rule.get("max_spread", 1) + 2
        else:
            rule["weight"] = draw(st.integers(1, 30))
        rules_.append(rule)
        for staff_id in draw(st.lists(st.sampled_from(staff_ids), max_size=2, unique=True)):
            _carry(document, staff_id, rule["burden"], draw(st.integers(0, 4)))


def _carry(document: dict[str, Any], staff_id: str, burden: str, count: int) -> None:
    history: list[dict[str, Any]] = document.setdefault("history", [])
    for entry in history:
        if entry["staff"] == staff_id:
            entry.setdefault("counts", {})[burden] = count
            return
    history.append({"staff": staff_id, "counts": {burden: count}})
