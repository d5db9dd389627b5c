"""Cases of the weekend rules: how many weekends are worked, and whole weekends."""

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

# The base horizon is Monday 2 to Sunday 8 March 2026: one weekend, 7 and 8 March.
SAT_BEFORE, SUN_BEFORE = date(2026, 2, 28), date(2026, 3, 1)
SAT2, SUN2, SAT3 = date(2026, 3, 14), date(2026, 3, 15), date(2026, 3, 21)
TWO_WEEKS = {"horizon": horizon(MON, SUN2)}
THREE_WEEKS = {"horizon": horizon(MON, date(2026, 3, 22))}
FROM_SUNDAY = {"horizon": horizon(SUN_BEFORE, SUN)}
ONE = {"kind": "max_weekends", "max": 1, "weight": 7}


def history(staff: str, *worked: tuple[date, str], since: date) -> dict[str, Any]:
    """A ``history`` section for one person: shifts worked before the horizon."""
    entry = {
        "staff": staff,
        "since": since.isoformat(),
        "worked": [{"date": d.isoformat(), "shift": t} for d, t in worked],
    }
    return {"history": [entry]}


MAX_WEEKENDS = [
    Case("max_weekends", "one_worked", TWO_WEEKS | rules(ONE), week("a", "early", SAT)),
    Case(
        "max_weekends",
        "two_worked",
        TWO_WEEKS | rules(ONE),
        week("a", "early", SAT, SUN2),
        bills=(Bill("max_weekends#1", "a", None, 7),),
    ),
    Case(
        "max_weekends",
        "both_days_count_once",
        rules({**ONE, "max": 0}),
        week("a", "early", SAT, SUN),
        bills=(Bill("max_weekends#1", "a", None, 7),),
    ),
    Case(
        "max_weekends",
        "weekdays_do_not_count",
        rules({**ONE, "max": 0}),
        week("a", "early", MON, FRI),
    ),
    Case(
        # Windows of two weekends: (28 Feb, 7 Mar), (7, 14 Mar), (14, 21 Mar).
        "max_weekends",
        "rolling_window",
        THREE_WEEKS | rules({**ONE, "window_weeks": 2}),
        week("a", "early", SUN, SAT2),
        bills=(Bill("max_weekends#1", "a", SAT2, 7),),
    ),
    Case(
        "max_weekends",
        "rolling_window_met",
        THREE_WEEKS | rules({**ONE, "window_weeks": 2}),
        week("a", "early", SUN, SAT3),
    ),
    Case(
        "max_weekends",
        "rolling_window_reaches_into_history",
        rules({**ONE, "window_weeks": 2})
        | history("a", (SAT_BEFORE, "early"), since=date(2026, 2, 23)),
        week("a", "early", SUN),
        bills=(Bill("max_weekends#1", "a", SAT, 7),),
    ),
    Case(
        # The weekend of 28 February and 1 March touches a horizon that starts on the Sunday.
        "max_weekends",
        "weekend_worked_in_history",
        FROM_SUNDAY | rules(ONE) | history("a", (SAT_BEFORE, "early"), since=date(2026, 2, 23)),
        week("a", "early", SAT),
        bills=(Bill("max_weekends#1", "a", None, 7),),
    ),
    Case(
        "max_weekends",
        "max_by_staff",
        rules({**ONE, "max": 2, "max_by_staff": {"a": 0}}),
        (Work("a", SAT, "early"), Work("b", SAT, "early")),
        bills=(Bill("max_weekends#1", "a", None, 7),),
    ),
    Case(
        "max_weekends",
        "friday_in_the_weekend",
        rules({**ONE, "max": 0, "weekend": ["fri", "sat", "sun"]}),
        week("a", "early", FRI),
        bills=(Bill("max_weekends#1", "a", None, 7),),
    ),
    Case(
        "max_weekends",
        "hard",
        TWO_WEEKS | rules({"kind": "max_weekends", "max": 1, "hard": True}),
        week("b", "late", SUN, SAT2),
        breaches=(Breach("max_weekends#1", "b", None),),
    ),
]

WHOLE = {"kind": "complete_weekends", "weight": 3}

COMPLETE_WEEKENDS = [
    Case("complete_weekends", "both_days", rules(WHOLE), week("a", "early", SAT, SUN)),
    Case(
        "complete_weekends",
        "saturday_only",
        rules(WHOLE),
        week("a", "early", SAT),
        bills=(Bill("complete_weekends#1", "a", SAT, 3),),
    ),
    Case(
        "complete_weekends",
        "sunday_only",
        rules(WHOLE),
        week("a", "night", SUN),
        bills=(Bill("complete_weekends#1", "a", SAT, 3),),
    ),
    Case(
        "complete_weekends",
        "three_day_weekend_broken",
        rules({**WHOLE, "weekend": ["fri", "sat", "sun"]}),
        week("a", "early", THU, FRI, SAT),
        bills=(Bill("complete_weekends#1", "a", FRI, 3),),
    ),
    Case(
        "complete_weekends",
        "three_day_weekend_whole",
        rules({**WHOLE, "weekend": ["fri", "sat", "sun"]}),
        week("a", "early", FRI, SAT, SUN),
    ),
    Case(
        "complete_weekends",
        "cut_by_the_horizon_end_is_not_judged",
        {"horizon": horizon(MON, SAT)} | rules(WHOLE),
        week("a", "early", SAT),
    ),
    Case(
        "complete_weekends",
        "saturday_in_history",
        FROM_SUNDAY | rules(WHOLE) | history("a", (SAT_BEFORE, "early"), since=SAT_BEFORE),
        week("a", "early", MON),
        bills=(Bill("complete_weekends#1", "a", SUN_BEFORE, 3),),
    ),
    Case(
        "complete_weekends",
        "saturday_in_history_completed",
        FROM_SUNDAY | rules(WHOLE) | history("a", (SAT_BEFORE, "early"), since=SAT_BEFORE),
        week("a", "early", SUN_BEFORE),
    ),
    Case(
        "complete_weekends",
        "saturday_off_in_history",
        FROM_SUNDAY | rules(WHOLE) | history("a", since=SAT_BEFORE),
        week("a", "early", SUN_BEFORE),
        bills=(Bill("complete_weekends#1", "a", SUN_BEFORE, 3),),
    ),
    Case(
        # Employment starts on Sunday: that weekend is not judged.
        "complete_weekends",
        "employment_starts_on_sunday",
        {"staff": [person("a", ["nurse"], start_date=SUN.isoformat())]} | rules(WHOLE),
        week("a", "early", SUN),
    ),
    Case(
        "complete_weekends",
        "hard",
        rules({"kind": "complete_weekends", "hard": True}),
        week("c", "late", SAT),
        breaches=(Breach("complete_weekends#1", "c", SAT),),
    ),
]

CASES: list[Case] = [*MAX_WEEKENDS, *COMPLETE_WEEKENDS]


def draw_rules(draw: Any, document: dict[str, Any]) -> None:
    """Add a weekend rule or two, with the weekend's days drawn too."""
    rules_: list[dict[str, Any]] = document.setdefault("rules", [])
    weekend = st.sampled_from([["sat", "sun"], ["sun"], ["fri", "sat", "sun"], ["sun", "mon"]])
    if draw(st.integers(0, 2)) == 0:
        rule: dict[str, Any] = {"kind": "max_weekends", "max": draw(st.integers(0, 1))}
        if draw(st.booleans()):
            rule["weekend"] = draw(weekend)
        if draw(st.booleans()):
            rule["window_weeks"] = draw(st.integers(1, 3))
        if draw(st.booleans()):
            staff_id = draw(st.sampled_from([s["id"] for s in document["staff"]]))
            rule["max_by_staff"] = {staff_id: draw(st.integers(0, 2))}
        rules_.append(rule | _strength(draw))
    if draw(st.integers(0, 2)) == 0:
        rule = {"kind": "complete_weekends"}
        if draw(st.booleans()):
            rule["weekend"] = draw(weekend)
        rules_.append(rule | _strength(draw))


def _strength(draw: Any) -> dict[str, Any]:
    if rarely(draw):
        return {"hard": True}
    return {"weight": draw(st.integers(1, 30))}
