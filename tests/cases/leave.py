"""Cases of leave: approved leave, requests granted or refused as a whole, caps and blackouts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from cases._base import (
    MON,
    THU,
    TUE,
    WED,
    Bill,
    Breach,
    Case,
    Work,
    horizon,
    rarely,
    rules,
    shift,
    week,
)

# The base practice has staff a (nurse), b (nurse, desk), c (desk) and, every day, shifts
# early 07-15, late 15-23 and night 23-07 (nurses only); see tests/conftest.py.
NIGHT_22_07 = {"shifts": [shift("early", "07:00", "15:00"), shift("night", "22:00", "07:00")]}


def leave(**entry: Any) -> dict[str, Any]:
    """A leave section with one entry of person a."""
    return {"leave": [{"staff": "a", **entry}]}


def requests(*entries: tuple[str, date | str, date | str]) -> list[dict[str, Any]]:
    """Requested leave that costs nothing when refused: (staff, first day, last day)."""
    return [
        {"staff": s, "start_date": first, "end_date": last, "status": "requested", "weight": 0}
        for s, first, last in entries
    ]


GRANTED = {"leave:leave#1": True}
REFUSED = {"leave:leave#1": False}

LEAVE = [
    Case(
        "leave",
        "approved_and_worked",
        leave(start_date=TUE, end_date=WED),
        week("a", "early", MON, TUE, THU),
        breaches=(Breach("leave#1", "a", TUE),),
    ),
    Case(
        "leave",
        "approved_and_kept",
        leave(start_date=TUE, end_date=WED),
        (Work("a", MON, "late"), Work("a", THU, "early")),
    ),
    Case(
        "leave",
        "night_into_the_first_day",
        leave(start_date=TUE, end_date=WED),
        week("a", "night", MON),
        breaches=(Breach("leave#1", "a", MON),),
    ),
    Case(
        "leave",
        "night_from_the_last_day",
        leave(start_date=TUE, end_date=WED),
        week("a", "night", WED),
        breaches=(Breach("leave#1", "a", WED),),
    ),
    Case(
        "leave",
        "starts_before_the_horizon",
        leave(start_date="2026-02-20", end_date=MON),
        week("a", "early", MON, TUE),
        breaches=(Breach("leave#1", "a", MON),),
    ),
    Case(
        "leave",
        "approved_with_weight_billed_per_shift",
        leave(start_date=TUE, end_date=WED, weight=6),
        (Work("a", TUE, "early"), Work("a", TUE, "late"), Work("a", WED, "early")),
        bills=(
            Bill("leave#1", "a", TUE, 6),
            Bill("leave#1", "a", TUE, 6),
            Bill("leave#1", "a", WED, 6),
        ),
    ),
    Case(
        # Sunday 29 March is 23 hours long; the Saturday night runs into it.
        "leave",
        "dst_spring_day",
        {"horizon": horizon(date(2026, 3, 28), date(2026, 3, 30))}
        | NIGHT_22_07
        | leave(start_date="2026-03-29", end_date="2026-03-29"),
        (
            Work("a", date(2026, 3, 28), "night"),
            Work("a", date(2026, 3, 29), "night"),
            Work("a", date(2026, 3, 30), "early"),
        ),
        breaches=(
            Breach("leave#1", "a", date(2026, 3, 28)),
            Breach("leave#1", "a", date(2026, 3, 29)),
        ),
    ),
    # --- requests: one decision each ---------------------------------------------------
    Case(
        "leave",
        "requested_and_granted",
        leave(start_date=TUE, end_date=WED, status="requested"),
        (Work("a", MON, "late"), Work("a", THU, "early")),
        decisions=GRANTED,
    ),
    Case(
        # Refused, the request costs its weight once, however many shifts are worked.
        "leave",
        "requested_refused_costs_once",
        leave(start_date=TUE, end_date=WED, status="requested"),
        (Work("a", TUE, "early"), Work("a", TUE, "late"), Work("a", WED, "early")),
        bills=(Bill("leave#1", "a", TUE, 10),),
        decisions=REFUSED,
    ),
    Case(
        "leave",
        "requested_refused_without_work",
        leave(start_date=TUE, end_date=TUE, status="requested", weight=4, reason="dentist"),
        week("a", "early", MON),
        bills=(Bill("leave#1", "a", TUE, 4),),
        decisions=REFUSED,
    ),
    Case(
        "leave",
        "granted_but_worked",
        leave(start_date=TUE, end_date=WED, status="requested"),
        week("a", "early", MON, WED),
        breaches=(Breach("leave#1", "a", WED),),
        decisions=GRANTED,
    ),
    Case(
        "leave",
        "granted_and_the_night_before_runs_into_it",
        leave(start_date=TUE, end_date=WED, status="requested"),
        week("a", "night", MON),
        breaches=(Breach("leave#1", "a", MON),),
        decisions=GRANTED,
    ),
    Case(
        "leave",
        "hard_request_refused",
        leave(start_date=TUE, end_date=WED, status="requested", hard=True),
        (),
        breaches=(Breach("leave#1", "a", TUE),),
        decisions=REFUSED,
    ),
    Case(
        # The bill is dated on the request's first day, before the horizon.
        "leave",
        "request_from_before_the_horizon_refused",
        leave(start_date="2026-02-27", end_date=MON, status="requested", weight=3),
        (),
        bills=(Bill("leave#1", "a", date(2026, 2, 27), 3),),
        decisions=REFUSED,
    ),
    # --- a roster without decisions (read back from a CSV file) ------------------------
    Case(
        "leave",
        "read_refused_when_worked",
        leave(start_date=TUE, end_date=WED, status="requested"),
        week("a", "early", WED),
        bills=(Bill("leave#1", "a", TUE, 10),),
    ),
    Case(
        "leave",
        "read_granted_when_free",
        leave(start_date=TUE, end_date=WED, status="requested"),
        week("a", "early", MON, THU),
    ),
]


def _cap(limit: int, **extra: Any) -> dict[str, Any]:
    return {"kind": "leave_cap", "limit": limit, "applies_to": {"roles": ["nurse"]}, **extra}


NURSES_WED_THU = requests(("a", WED, THU), ("b", WED, THU))
BOTH_GRANTED = {"leave:leave#1": True, "leave:leave#2": True}

LEAVE_CAP = [
    Case(
        "leave_cap",
        "both_granted_over_the_cap",
        {"leave": NURSES_WED_THU, **rules(_cap(1))},
        (),
        breaches=(Breach("leave_cap#1", None, WED), Breach("leave_cap#1", None, THU)),
        decisions=BOTH_GRANTED,
    ),
    Case(
        "leave_cap",
        "one_refused_fits",
        {"leave": NURSES_WED_THU, **rules(_cap(1))},
        (),
        decisions={"leave:leave#1": True, "leave:leave#2": False},
    ),
    Case(
        "leave_cap",
        "soft_cap_per_person_per_day",
        {"leave": NURSES_WED_THU, **rules(_cap(1, weight=7))},
        (),
        bills=(Bill("leave_cap#1", None, WED, 7), Bill("leave_cap#1", None, THU, 7)),
        decisions=BOTH_GRANTED,
    ),
    Case(
        "leave_cap",
        "only_inside_its_period",
        {"leave": NURSES_WED_THU, **rules(_cap(1, weight=7, start_date=THU, end_date=THU))},
        (),
        bills=(Bill("leave_cap#1", None, THU, 7),),
        decisions=BOTH_GRANTED,
    ),
    Case(
        # c is no nurse: the cap does not count her.
        "leave_cap",
        "outside_the_group",
        {"leave": requests(("a", WED, THU), ("c", WED, THU)), **rules(_cap(1))},
        (),
        decisions=BOTH_GRANTED,
    ),
    Case(
        "leave_cap",
        "approved_leave_counts",
        {
            "leave": [
                {"staff": "a", "start_date": THU, "end_date": THU},
                *requests(("b", WED, THU)),
            ],
            **rules(_cap(1)),
        },
        (),
        breaches=(Breach("leave_cap#1", None, THU),),
        decisions={"leave:leave#2": True},
    ),
    Case(
        # Approved leave above the cap is no breach: the cap decides requests only.
        "leave_cap",
        "approved_leave_alone_over_the_cap",
        {
            "leave": [
                {"staff": "a", "start_date": WED, "end_date": WED},
                {"staff": "b", "start_date": WED, "end_date": WED},
            ],
            **rules(_cap(1)),
        },
        (),
    ),
    Case(
        # Read in order: a's request is granted, b's would overfill the cap and is refused.
        "leave_cap",
        "read_without_decisions",
        {"leave": NURSES_WED_THU, **rules(_cap(1))},
        (),
    ),
]

BLACKOUT = {"kind": "leave_blackout", "start_date": THU, "end_date": "2026-03-06"}

LEAVE_BLACKOUT = [
    Case(
        "leave_blackout",
        "granted_in_the_blackout",
        {"leave": requests(("a", MON, THU)), **rules(BLACKOUT)},
        (),
        breaches=(Breach("leave_blackout#1", "a", MON),),
        decisions=GRANTED,
    ),
    Case(
        "leave_blackout",
        "refused_in_the_blackout",
        {"leave": requests(("a", MON, THU)), **rules(BLACKOUT)},
        (),
        decisions=REFUSED,
    ),
    Case(
        "leave_blackout",
        "soft_blackout_costs_per_request",
        {"leave": requests(("a", WED, "2026-03-08")), **rules(BLACKOUT | {"weight": 30})},
        (),
        bills=(Bill("leave_blackout#1", "a", WED, 30),),
        decisions=GRANTED,
    ),
    Case(
        "leave_blackout",
        "granted_before_the_blackout",
        {"leave": requests(("a", MON, WED)), **rules(BLACKOUT)},
        (),
        decisions=GRANTED,
    ),
    Case(
        "leave_blackout",
        "outside_the_group",
        {
            "leave": requests(("c", THU, THU)),
            **rules(BLACKOUT | {"applies_to": {"roles": ["nurse"]}}),
        },
        (),
        decisions=GRANTED,
    ),
    Case(
        "leave_blackout",
        "approved_leave_is_not_affected",
        {"leave": [{"staff": "a", "start_date": THU, "end_date": THU}], **rules(BLACKOUT)},
        (),
    ),
    Case(
        # Read without a decision: a hard blackout means refused.
        "leave_blackout",
        "read_without_decisions",
        {"leave": requests(("a", THU, THU)), **rules(BLACKOUT)},
        (),
    ),
]

CASES: list[Case] = [*LEAVE, *LEAVE_CAP, *LEAVE_BLACKOUT]


def draw_rules(draw: Any, document: dict[str, Any]) -> None:
    """Add leave requests, leave caps and blackouts to a random practice document."""
    first = date.fromisoformat(document["horizon"]["start"])
    last = date.fromisoformat(document["horizon"]["end"])
    days = (last - first).days + 1
    taken = {entry["staff"] for entry in document.get("leave", [])}
    free = [s["id"] for s in document["staff"] if s["id"] not in taken]
    for staff_id in draw(st.lists(st.sampled_from(free), max_size=3, unique=True)) if free else []:
        start = first + timedelta(days=draw(st.integers(-1, days - 1)))
        entry: dict[str, Any] = {
            "staff": staff_id,
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=draw(st.integers(0, 4)))).isoformat(),
            "status": "requested",
        }
        if rarely(draw):
            entry["hard"] = True
        elif draw(st.integers(0, 4)) > 0:
            entry["weight"] = draw(st.integers(0, 60))
        document.setdefault("leave", []).append(entry)
    rules_: list[dict[str, Any]] = document.setdefault("rules", [])
    skills = [k["id"] for k in document["skills"]]
    if draw(st.booleans()):
        cap: dict[str, Any] = {"kind": "leave_cap", "limit": draw(st.integers(0, 2))}
        if draw(st.booleans()):
            cap["applies_to"] = {"roles": [draw(st.sampled_from(skills))]}
        if not rarely(draw):
            cap["weight"] = draw(st.integers(1, 40))
        rules_.append(cap)
    if draw(st.booleans()):
        start = first + timedelta(days=draw(st.integers(0, days - 1)))
        blackout: dict[str, Any] = {
            "kind": "leave_blackout",
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=draw(st.integers(0, 3)))).isoformat(),
        }
        if not rarely(draw):
            blackout["weight"] = draw(st.integers(1, 40))
        rules_.append(blackout)
