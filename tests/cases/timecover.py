"""Cases of coverage by time of day (``time_coverage``), and its random rules."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from cases._base import MON, TUE, Bill, Breach, Case, Work, horizon, rarely, rules, shift, week

ONE_DAY = {"horizon": horizon(MON, MON)}
DESK_DAY = {"kind": "time_coverage", "start": "08:00", "end": "18:00", "min": 1, "weight": 2}
# Early and late with an hour between them, in which nobody is at work.
GAP_SHIFTS = {"shifts": [shift("early", "07:00", "15:00"), shift("late", "16:00", "23:00")]}
PHONE_SHIFTS = {
    "shifts": [shift("early", "07:00", "15:00"), shift("phone", "07:00", "15:00", remote=True)]
}
SPRING = date(2026, 3, 29)
"""Sunday on which Berlin's clocks go from 02:00 to 03:00."""

CASES = [
    Case(
        "time_coverage",
        "covered_by_early_then_late",
        ONE_DAY | rules(DESK_DAY),
        (*week("c", "early", MON), *week("b", "late", MON)),
    ),
    Case(
        "time_coverage",
        "an_hour_uncovered_costs_sixty_person_minutes",
        ONE_DAY | GAP_SHIFTS | rules(DESK_DAY),
        (*week("c", "early", MON), *week("c", "late", MON)),
        bills=(Bill("time_coverage#1", None, MON, 120),),
    ),
    Case(
        "time_coverage",
        "one_of_two_short_after_the_early_shift",
        ONE_DAY | rules({**DESK_DAY, "min": 2, "weight": 1}),
        (*week("b", "early", MON), *week("c", "early", MON), *week("c", "late", MON)),
        bills=(Bill("time_coverage#1", None, MON, 180),),
    ),
    Case(
        "time_coverage",
        "only_people_with_the_skill_count",
        ONE_DAY | rules({**DESK_DAY, "skill": "desk", "weight": 1}),
        (*week("a", "early", MON), *week("c", "late", MON)),
        bills=(Bill("time_coverage#1", None, MON, 420),),
    ),
    Case(
        # c on two overlapping shifts is one person: 08-11, 11-15 and 15-18 each one short.
        "time_coverage",
        "a_person_on_overlapping_shifts_counts_once",
        ONE_DAY
        | {"shifts": [shift("early", "07:00", "15:00"), shift("mid", "11:00", "19:00")]}
        | rules(
            {**DESK_DAY, "min": 2, "weight": 1},
            {"kind": "no_overlap", "applies_to": {"staff": ["a"]}},
        ),
        (*week("c", "early", MON), *week("c", "mid", MON)),
        bills=(
            Bill("time_coverage#1", None, MON, 180),
            Bill("time_coverage#1", None, MON, 240),
            Bill("time_coverage#1", None, MON, 180),
        ),
    ),
    Case(
        "time_coverage",
        "overnight_window_met_by_late_and_night",
        ONE_DAY | rules({**DESK_DAY, "start": "20:00", "end": "02:00"}),
        (*week("c", "late", MON), *week("a", "night", MON)),
    ),
    Case(
        # The night from Monday covers Tuesday 00:00-06:00; Monday's own early hours are not
        # asked for (dates), and the days before the horizon are not planned.
        "time_coverage",
        "night_from_the_day_before",
        {"horizon": horizon(MON, TUE)}
        | rules({**DESK_DAY, "start": "00:00", "end": "06:00", "dates": [TUE.isoformat()]}),
        week("a", "night", MON),
    ),
    Case(
        "time_coverage",
        "night_not_worked",
        {"horizon": horizon(MON, TUE)}
        | rules({**DESK_DAY, "start": "00:00", "end": "06:00", "dates": [TUE.isoformat()]}),
        week("a", "night", TUE),
        bills=(Bill("time_coverage#1", None, TUE, 720),),
    ),
    Case(
        # 00:00-06:00 on the night the clocks go forward lasts five real hours.
        "time_coverage",
        "dst_spring_night_is_five_hours",
        {"horizon": horizon(SPRING, SPRING)}
        | rules({**DESK_DAY, "start": "00:00", "end": "06:00", "weight": 1}),
        (),
        bills=(Bill("time_coverage#1", None, SPRING, 300),),
    ),
    Case(
        "time_coverage",
        "weekdays_only",
        {"horizon": horizon(date(2026, 3, 7), date(2026, 3, 8))}
        | rules({**DESK_DAY, "weekdays": ["mon", "tue", "wed", "thu", "fri"]}),
        (),
    ),
    Case(
        "time_coverage",
        "closed_days_need_nobody",
        {"horizon": horizon(MON, TUE), "closures": [MON.isoformat()]} | rules(DESK_DAY),
        week("c", "early", TUE),
        bills=(Bill("time_coverage#1", None, TUE, 360),),
    ),
    Case(
        "time_coverage",
        "a_closed_day_named_in_dates",
        {"horizon": horizon(MON, TUE), "closures": [MON.isoformat()]}
        | rules({**DESK_DAY, "end": "15:00", "dates": [MON.isoformat()]}),
        (),
        bills=(Bill("time_coverage#1", None, MON, 840),),
    ),
    Case(
        "time_coverage",
        "remote_demand_is_not_met_on_site",
        ONE_DAY
        | PHONE_SHIFTS
        | rules({**DESK_DAY, "start": "07:00", "end": "15:00", "remote": True, "weight": 1}),
        week("c", "early", MON),
        bills=(Bill("time_coverage#1", None, MON, 480),),
    ),
    Case(
        "time_coverage",
        "remote_demand_met_remotely",
        ONE_DAY
        | PHONE_SHIFTS
        | rules({**DESK_DAY, "start": "07:00", "end": "15:00", "remote": True, "weight": 1}),
        week("c", "phone", MON),
    ),
    Case(
        "time_coverage",
        "hard",
        ONE_DAY | GAP_SHIFTS | rules({**DESK_DAY, "weight": None, "hard": True}),
        (*week("c", "early", MON), *week("c", "late", MON)),
        breaches=(Breach("time_coverage#1", None, MON),),
    ),
    Case(
        "time_coverage",
        "hard_met",
        ONE_DAY | GAP_SHIFTS | rules({**DESK_DAY, "end": "15:00", "weight": None, "hard": True}),
        (Work("c", MON, "early"),),
    ),
]


def draw_rules(draw: Any, document: dict[str, Any]) -> None:
    """Add demand by time of day: a window, a head count, maybe a skill or remote only."""
    rules_: list[dict[str, Any]] = document.setdefault("rules", [])
    skills = [k["id"] for k in document["skills"]]
    first = date.fromisoformat(document["horizon"]["start"])
    for _ in range(draw(st.integers(0, 2))):
        begin = draw(st.integers(0, 23))
        length = draw(st.integers(1, 14))
        line: dict[str, Any] = {
            "kind": "time_coverage",
            "start": f"{begin:02d}:{draw(st.sampled_from([0, 30])):02d}",
            "end": f"{(begin + length) % 24:02d}:00",
            "min": draw(st.integers(1, 2)),
        }
        if line["start"] == line["end"]:
            line["end"] = f"{(begin + length + 1) % 24:02d}:00"
        if draw(st.booleans()):
            line["skill"] = draw(st.sampled_from(skills))
        if draw(st.integers(0, 3)) == 0:
            line["remote"] = draw(st.booleans())
        if draw(st.integers(0, 3)) == 0:
            line["dates"] = [(first + timedelta(days=draw(st.integers(0, 3)))).isoformat()]
        if rarely(draw):
            # Hard, then for one person on one day: a window no shift spans is never covered.
            line |= {"hard": True, "min": 1}
            line.setdefault(
                "dates", [(first + timedelta(days=draw(st.integers(0, 3)))).isoformat()]
            )
        else:
            line["weight"] = draw(st.integers(0, 3))
        rules_.append(line)
