"""Cases of onboarding: supervision of trainees by mentors, and fixed training days."""

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
    person,
    rarely,
    rules,
    shift,
    week,
)
from rosterkit.model import WEEKDAYS

# t and u are new nurses; a and b are nurses who may mentor them, c works the desk.
STAFF = {
    "staff": [
        person("a", ["nurse"]),
        person("b", ["nurse", "desk"]),
        person("c", ["desk"]),
        person("t", ["nurse"], start_date=MON.isoformat()),
        person("u", ["nurse"]),
    ]
}
MENTORED = {
    "kind": "supervision",
    "applies_to": {"staff": ["t"]},
    "mentors": {"roles": ["nurse"]},
    "until": WED.isoformat(),
    "weight": 50,
}
OVERLAPPING = {"shifts": [shift("early", "07:00", "15:00"), shift("mid", "11:00", "19:00")]}

SUPERVISION = [
    Case(
        "supervision",
        "with_a_mentor",
        STAFF | rules(MENTORED),
        (*week("t", "early", MON), *week("a", "early", MON)),
    ),
    Case(
        "supervision",
        "alone",
        STAFF | rules(MENTORED),
        week("t", "early", MON, TUE),
        bills=(Bill("supervision#1", "t", MON, 50), Bill("supervision#1", "t", TUE, 50)),
    ),
    Case(
        "supervision",
        "mentor_on_an_overlapping_shift",
        STAFF | OVERLAPPING | rules(MENTORED),
        (*week("t", "mid", MON), *week("b", "early", MON)),
    ),
    Case(
        "supervision",
        "shifts_that_only_touch_do_not_overlap",
        STAFF | rules(MENTORED),
        (*week("t", "late", MON), *week("a", "early", MON)),
        bills=(Bill("supervision#1", "t", MON, 50),),
    ),
    Case(
        "supervision",
        "after_until_alone_is_fine",
        STAFF | rules(MENTORED),
        week("t", "early", THU),
    ),
    Case(
        "supervision",
        "someone_without_the_mentor_role_is_no_mentor",
        STAFF | rules(MENTORED),
        (*week("t", "early", MON), *week("c", "early", MON)),
        bills=(Bill("supervision#1", "t", MON, 50),),
    ),
    Case(
        "supervision",
        "trainees_do_not_mentor_each_other",
        STAFF | rules({**MENTORED, "applies_to": {"staff": ["t", "u"]}}),
        (*week("t", "early", MON), *week("u", "early", MON)),
        bills=(Bill("supervision#1", "t", MON, 50), Bill("supervision#1", "u", MON, 50)),
    ),
    Case(
        "supervision",
        "named_mentor",
        STAFF | rules({**MENTORED, "mentors": {"staff": ["b"]}}),
        (*week("t", "early", MON), *week("a", "early", MON), *week("t", "late", TUE)),
        bills=(Bill("supervision#1", "t", MON, 50), Bill("supervision#1", "t", TUE, 50)),
    ),
    Case(
        # a's night from Sunday (history) runs until 07:00 on Monday, into t's 06:00 start.
        "supervision",
        "a_mentors_night_before_the_horizon",
        STAFF
        | {"shifts": [shift("dawn", "06:00", "12:00"), shift("night", "23:00", "07:00")]}
        | {"history": [{"staff": "a", "worked": [{"date": "2026-03-01", "shift": "night"}]}]}
        | rules(MENTORED),
        week("t", "dawn", MON),
    ),
    Case(
        "supervision",
        "hard",
        STAFF | rules({**MENTORED, "weight": None, "hard": True}),
        week("t", "night", WED),
        breaches=(Breach("supervision#1", "t", WED),),
    ),
]

TRAINING = {"kind": "fixed_assignment", "staff": "t", "shift": "early", "dates": [MON, TUE]}
FIXED_ASSIGNMENT = [
    Case(
        "fixed_assignment",
        "training_days_worked",
        STAFF | rules(TRAINING),
        week("t", "early", MON, TUE),
    ),
    Case(
        "fixed_assignment",
        "a_training_day_missed",
        STAFF | rules(TRAINING),
        (*week("t", "early", MON), *week("t", "late", TUE)),
        breaches=(Breach("fixed_assignment#1", "t", TUE),),
    ),
    Case(
        "fixed_assignment",
        "weighted",
        STAFF | rules({**TRAINING, "weight": 9}),
        (),
        bills=(Bill("fixed_assignment#1", "t", MON, 9), Bill("fixed_assignment#1", "t", TUE, 9)),
    ),
    Case(
        "fixed_assignment",
        "one_date",
        STAFF | rules({"kind": "fixed_assignment", "staff": "a", "shift": "night", "date": WED}),
        week("a", "night", WED),
    ),
    Case(
        # c is not a nurse: the fixed night can never be worked.
        "fixed_assignment",
        "a_shift_the_person_may_not_work",
        STAFF | rules({"kind": "fixed_assignment", "staff": "c", "shift": "night", "date": MON}),
        (),
        breaches=(Breach("fixed_assignment#1", "c", MON),),
    ),
]

CASES = [*SUPERVISION, *FIXED_ASSIGNMENT]


def draw_rules(draw: Any, document: dict[str, Any]) -> None:
    """Add a supervised trainee and a fixed training day or two."""
    rules_: list[dict[str, Any]] = document.setdefault("rules", [])
    staff = [s["id"] for s in document["staff"]]
    skills = [k["id"] for k in document["skills"]]
    first = date.fromisoformat(document["horizon"]["start"])
    last = date.fromisoformat(document["horizon"]["end"])
    days = (last - first).days + 1
    if draw(st.booleans()):
        trainee = draw(st.sampled_from(staff))
        mentors: dict[str, Any] = (
            {"roles": [draw(st.sampled_from(skills))]}
            if draw(st.booleans())
            else {"staff": draw(st.lists(st.sampled_from(staff), min_size=1, unique=True))}
        )
        entry: dict[str, Any] = {
            "kind": "supervision",
            "applies_to": {"staff": [trainee]},
            "mentors": mentors,
        }
        if draw(st.booleans()):
            entry["until"] = (first + timedelta(days=draw(st.integers(0, days - 1)))).isoformat()
        entry |= {"hard": True} if rarely(draw) else {"weight": draw(st.integers(0, 40))}
        rules_.append(entry)
    for _ in range(draw(st.integers(0, 2))):
        chosen = draw(st.sampled_from(document["shifts"]))
        person_ = draw(st.sampled_from(document["staff"]))
        needed = set(chosen.get("skills", ()))
        if needed and not needed & set(person_["skills"]):
            continue  # not eligible: a hard entry could never hold
        dates = [
            day
            for day in (first + timedelta(days=n) for n in range(days))
            if WEEKDAYS[day.weekday()] in chosen.get("days", WEEKDAYS)
            and day.isoformat() >= person_.get("start_date", "")
        ]
        if not dates:
            continue
        picked = draw(st.lists(st.sampled_from(dates), min_size=1, max_size=2, unique=True))
        fixed: dict[str, Any] = {
            "kind": "fixed_assignment",
            "staff": person_["id"],
            "shift": chosen["id"],
            "dates": [d.isoformat() for d in picked],
        }
        fixed |= {"hard": True} if rarely(draw) else {"weight": draw(st.integers(1, 40))}
        rules_.append(fixed)
