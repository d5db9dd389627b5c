"""Cases of the core rules: eligibility to undesired (leave: ``leave.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

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
    rules,
    shift,
    week,
)

# The base practice has staff a (nurse), b (nurse, desk), c (desk) and, every day, shifts
# early 07-15, late 15-23 and night 23-07 (nurses only); see tests/conftest.py.
SPLIT_SHIFTS = {"shifts": [shift("early", "07:00", "15:00"), shift("mid", "11:00", "19:00")]}
QUICK_RETURN_SHIFTS = {
    "shifts": [shift("early", "06:00", "14:00"), shift("late", "14:00", "22:00")]
}
REST_11 = {"kind": "min_rest", "hours": 11, "weight": 3}
NIGHT_22_07 = {"shifts": [shift("early", "07:00", "15:00"), shift("night", "22:00", "07:00")]}
CONSECUTIVE_3 = {"kind": "max_consecutive_days", "limit": 3, "weight": 4}
TWO_DAYS = {"horizon": horizon(MON, TUE)}

ELIGIBILITY = [
    Case("eligibility", "skilled_and_employed", {}, week("a", "night", MON)),
    Case(
        "eligibility",
        "missing_skill",
        {},
        week("c", "night", MON),
        breaches=(Breach("eligibility#1", "c", MON),),
    ),
    Case(
        "eligibility",
        "before_employment_start",
        {"staff": [person("a", ["nurse"], start_date="2026-03-04")]},
        week("a", "early", TUE, WED),
        breaches=(Breach("eligibility#1", "a", TUE),),
    ),
    Case(
        "eligibility",
        "after_employment_end",
        {"staff": [person("a", ["nurse"], end_date="2026-03-04")]},
        week("a", "early", WED, THU),
        breaches=(Breach("eligibility#1", "a", THU),),
    ),
    Case(
        "eligibility",
        "outside_the_horizon",
        {},
        (Work("a", date(2026, 3, 9), "early", raw=True),),
        breaches=(Breach("eligibility#1", None, None),),
    ),
    Case(
        "eligibility",
        "shift_does_not_run_that_day",
        {"shifts": [shift("early", "07:00", "15:00", days=["mon", "tue", "wed", "thu", "fri"])]},
        (Work("a", SAT, "early", raw=True),),
        breaches=(Breach("eligibility#1", None, None),),
    ),
]

NO_OVERLAP = [
    Case("no_overlap", "back_to_back", {}, (*week("a", "early", MON), *week("a", "late", MON))),
    Case(
        "no_overlap",
        "same_day",
        SPLIT_SHIFTS,
        (*week("a", "early", MON), *week("a", "mid", MON)),
        breaches=(Breach("no_overlap#1", "a", MON),),
    ),
    Case(
        "no_overlap",
        "three_at_once_is_three_pairs",
        {"shifts": [*SPLIT_SHIFTS["shifts"], shift("long", "07:00", "19:00")]},
        (*week("a", "early", MON), *week("a", "mid", MON), *week("a", "long", MON)),
        breaches=(Breach("no_overlap#1", "a", MON),) * 3,
    ),
    Case(
        "no_overlap",
        "overnight_into_next_morning",
        {"shifts": [shift("dawn", "06:00", "12:00"), shift("night", "23:00", "07:00")]},
        (*week("a", "night", MON), *week("a", "dawn", TUE)),
        breaches=(Breach("no_overlap#1", "a", TUE),),
    ),
    Case(
        "no_overlap",
        "overnight_ends_as_next_starts",
        {},
        (*week("a", "night", MON), *week("a", "early", TUE)),
    ),
    Case(
        "no_overlap",
        "listed_for_one_person",
        {**SPLIT_SHIFTS, **rules({"kind": "no_overlap", "applies_to": {"staff": ["b"]}})},
        (*week("a", "early", MON), *week("a", "mid", MON), *week("b", "early", TUE)),
    ),
    Case(
        "no_overlap",
        "listed_for_one_person_who_overlaps",
        {**SPLIT_SHIFTS, **rules({"kind": "no_overlap", "applies_to": {"staff": ["b"]}})},
        (*week("b", "early", TUE), *week("b", "mid", TUE)),
        breaches=(Breach("no_overlap#1", "b", TUE),),
    ),
]

SHIFTS_PER_DAY_5 = {"kind": "max_shifts_per_day", "limit": 1, "weight": 5}
MAX_SHIFTS_PER_DAY = [
    Case("max_shifts_per_day", "one_shift", rules(SHIFTS_PER_DAY_5), week("a", "early", MON)),
    Case(
        "max_shifts_per_day",
        "two_shifts",
        rules(SHIFTS_PER_DAY_5),
        (*week("a", "early", MON), *week("a", "late", MON)),
        bills=(Bill("max_shifts_per_day#1", "a", MON, 5),),
    ),
    Case(
        "max_shifts_per_day",
        "three_shifts_cost_twice",
        rules(SHIFTS_PER_DAY_5),
        (*week("a", "early", MON), *week("a", "late", MON), *week("a", "night", MON)),
        bills=(Bill("max_shifts_per_day#1", "a", MON, 10),),
    ),
    Case(
        "max_shifts_per_day",
        "limit_two_met",
        rules({**SHIFTS_PER_DAY_5, "limit": 2}),
        (*week("a", "early", MON), *week("a", "late", MON)),
    ),
    Case(
        "max_shifts_per_day",
        "night_counts_on_its_start_day",
        rules(SHIFTS_PER_DAY_5),
        (*week("a", "night", MON), *week("a", "early", TUE)),
    ),
    Case(
        "max_shifts_per_day",
        "hard",
        rules({"kind": "max_shifts_per_day", "limit": 1, "hard": True}),
        (*week("a", "early", MON), *week("a", "late", MON)),
        breaches=(Breach("max_shifts_per_day#1", "a", MON),),
    ),
    Case(
        "max_shifts_per_day",
        "applies_to_a_role",
        rules({**SHIFTS_PER_DAY_5, "applies_to": {"roles": ["desk"]}}),
        (
            *week("a", "early", MON),
            *week("a", "late", MON),
            *week("b", "early", TUE),
            *week("b", "late", TUE),
        ),
        bills=(Bill("max_shifts_per_day#1", "b", TUE, 5),),
    ),
]

MIN_REST = [
    Case(
        "min_rest",
        "quick_return",
        rules(REST_11),
        (*week("a", "late", MON), *week("a", "early", TUE)),
        bills=(Bill("min_rest#1", "a", TUE, 3),),
    ),
    Case(
        "min_rest",
        "exactly_eleven_hours",
        {"shifts": [shift("early", "07:00", "15:00"), shift("late", "12:00", "20:00")]}
        | rules(REST_11),
        (*week("a", "late", MON), *week("a", "early", TUE)),
    ),
    Case(
        "min_rest",
        "one_minute_short",
        {"shifts": [shift("early", "07:00", "15:00"), shift("late", "12:00", "20:01")]}
        | rules(REST_11),
        (*week("a", "late", MON), *week("a", "early", TUE)),
        bills=(Bill("min_rest#1", "a", TUE, 3),),
    ),
    Case(
        "min_rest",
        "same_day_sessions_are_not_compared",
        rules(REST_11),
        (*week("a", "early", MON), *week("a", "late", MON)),
    ),
    Case(
        "min_rest",
        "two_quick_returns",
        QUICK_RETURN_SHIFTS | rules(REST_11),
        (*week("a", "late", MON, TUE), *week("a", "early", TUE, WED)),
        bills=(Bill("min_rest#1", "a", TUE, 3), Bill("min_rest#1", "a", WED, 3)),
    ),
    Case(
        "min_rest",
        "night_then_late",
        rules(REST_11),
        (*week("a", "night", MON), *week("a", "late", TUE)),
        bills=(Bill("min_rest#1", "a", TUE, 3),),
    ),
    Case(
        "min_rest",
        "hard",
        rules({"kind": "min_rest", "hours": 11, "hard": True}),
        (*week("a", "late", MON), *week("a", "early", TUE)),
        breaches=(Breach("min_rest#1", "a", TUE),),
    ),
    Case(
        # Sat 20:00 to Sun 07:00 is 11 h on the clock but 10 h of real time (clocks go forward).
        "min_rest",
        "dst_spring_eleven_by_clock_is_ten",
        {
            "horizon": horizon(date(2026, 3, 28), date(2026, 3, 29)),
            "shifts": [shift("early", "07:00", "15:00"), shift("late", "12:00", "20:00")],
        }
        | rules({"kind": "min_rest", "hours": 11, "hard": True}),
        (Work("a", date(2026, 3, 28), "late"), Work("a", date(2026, 3, 29), "early")),
        breaches=(Breach("min_rest#1", "a", date(2026, 3, 29)),),
    ),
    Case(
        # Sat 21:00 to Sun 07:00 is 10 h on the clock but 11 h of real time (clocks go back).
        "min_rest",
        "dst_autumn_ten_by_clock_is_eleven",
        {
            "horizon": horizon(date(2026, 10, 24), date(2026, 10, 25)),
            "shifts": [shift("early", "07:00", "15:00"), shift("late", "12:00", "21:00")],
        }
        | rules({"kind": "min_rest", "hours": 11, "hard": True}),
        (Work("a", date(2026, 10, 24), "late"), Work("a", date(2026, 10, 25), "early")),
    ),
    Case(
        "min_rest",
        "dst_spring_new_york",
        {
            "time_zone": "America/New_York",
            "horizon": horizon(date(2026, 3, 7), date(2026, 3, 8)),
            "shifts": [shift("early", "07:00", "15:00"), shift("late", "12:00", "20:00")],
        }
        | rules(REST_11),
        (Work("a", date(2026, 3, 7), "late"), Work("a", date(2026, 3, 8), "early")),
        bills=(Bill("min_rest#1", "a", date(2026, 3, 8), 3),),
    ),
]

MAX_CONSECUTIVE_DAYS = [
    Case(
        "max_consecutive_days",
        "limit_met",
        rules(CONSECUTIVE_3),
        week("a", "early", MON, TUE, WED),
    ),
    Case(
        "max_consecutive_days",
        "one_day_over",
        rules(CONSECUTIVE_3),
        week("a", "early", MON, TUE, WED, THU),
        bills=(Bill("max_consecutive_days#1", "a", THU, 4),),
    ),
    Case(
        "max_consecutive_days",
        "each_day_over_costs",
        rules(CONSECUTIVE_3),
        week("a", "early", MON, TUE, WED, THU, FRI, SAT, SUN),
        bills=tuple(Bill("max_consecutive_days#1", "a", d, 4) for d in (THU, FRI, SAT, SUN)),
    ),
    Case(
        "max_consecutive_days",
        "a_day_off_resets",
        rules(CONSECUTIVE_3),
        week("a", "early", MON, TUE, WED, FRI, SAT, SUN),
    ),
    Case(
        "max_consecutive_days",
        "nights_count_by_start_day",
        rules(CONSECUTIVE_3),
        week("a", "night", MON, TUE, WED),
    ),
    Case(
        "max_consecutive_days",
        "two_shifts_make_one_working_day",
        rules(CONSECUTIVE_3),
        (*week("a", "early", MON, TUE, WED), *week("a", "late", MON, WED)),
    ),
    Case(
        "max_consecutive_days",
        "two_shifts_make_one_working_day_over",
        rules(CONSECUTIVE_3),
        (*week("a", "early", MON, TUE, WED), *week("a", "late", MON, THU)),
        bills=(Bill("max_consecutive_days#1", "a", THU, 4),),
    ),
    Case(
        "max_consecutive_days",
        "hard",
        rules({"kind": "max_consecutive_days", "limit": 3, "hard": True}),
        week("a", "early", MON, TUE, WED, THU),
        breaches=(Breach("max_consecutive_days#1", "a", THU),),
    ),
]


def for_a(entry: dict[str, Any]) -> dict[str, Any]:
    """A rule entry that applies to person a only."""
    return {**entry, "applies_to": {"staff": ["a"]}}


HOURS_PER_WEEK = [
    Case(
        "hours_per_week",
        "max_met",
        rules({"kind": "hours_per_week", "max": 16, "weight": 2}),
        week("a", "early", MON, TUE),
    ),
    Case(
        "hours_per_week",
        "max_over_by_one_shift",
        rules({"kind": "hours_per_week", "max": 16, "weight": 2}),
        week("a", "early", MON, TUE, WED),
        bills=(Bill("hours_per_week#1", "a", MON, 2 * 480),),
    ),
    Case(
        "hours_per_week",
        "min_met",
        rules(for_a({"kind": "hours_per_week", "min": 16, "weight": 1})),
        week("a", "early", MON, TUE),
    ),
    Case(
        "hours_per_week",
        "min_short",
        rules(for_a({"kind": "hours_per_week", "min": 16, "weight": 1})),
        week("a", "early", MON),
        bills=(Bill("hours_per_week#1", "a", MON, 480),),
    ),
    Case(
        # Thursday to Sunday: 4 of the week's 7 days, so min 20 h is 1200 * 4 // 7 = 685 minutes.
        "hours_per_week",
        "min_prorated_when_the_horizon_cuts_the_week",
        {"horizon": horizon(THU, SUN)}
        | rules(for_a({"kind": "hours_per_week", "min": 20, "weight": 1})),
        week("a", "early", THU),
        bills=(Bill("hours_per_week#1", "a", THU, 685 - 480),),
    ),
    Case(
        # Saturday to Tuesday touches two ISO weeks; max applies to each part as it is.
        "hours_per_week",
        "max_in_each_cut_week",
        {"horizon": horizon(SAT, date(2026, 3, 10))}
        | rules({"kind": "hours_per_week", "max": 8, "weight": 1}),
        week("a", "early", SAT, SUN, date(2026, 3, 9)),
        bills=(Bill("hours_per_week#1", "a", SAT, 480),),
    ),
    Case(
        # Employed from Wednesday: 5 of 7 days, so min 14 h is 840 * 5 // 7 = 600 minutes.
        "hours_per_week",
        "min_prorated_when_employment_starts_midweek",
        {"staff": [person("a", ["nurse"], start_date="2026-03-04")]}
        | rules({"kind": "hours_per_week", "min": 14, "weight": 1}),
        week("a", "early", WED),
        bills=(Bill("hours_per_week#1", "a", MON, 600 - 480),),
    ),
    Case(
        # The Sunday night ends on Monday 9 March but counts in the week it starts.
        "hours_per_week",
        "night_counts_in_the_week_it_starts",
        {"horizon": horizon(MON, date(2026, 3, 9))}
        | rules({"kind": "hours_per_week", "max": 8, "weight": 1}),
        (Work("a", SAT, "early"), Work("a", SUN, "night")),
        bills=(Bill("hours_per_week#1", "a", MON, 480),),
    ),
    Case(
        # 22:00 to 07:00 across the spring change is 8 real hours, not 9: max 8 is met.
        "hours_per_week",
        "dst_spring_night_is_eight_hours",
        {"horizon": horizon(date(2026, 3, 23), date(2026, 3, 29))}
        | NIGHT_22_07
        | rules({"kind": "hours_per_week", "max": 8, "weight": 1}),
        (Work("a", date(2026, 3, 28), "night"),),
    ),
    Case(
        "hours_per_week",
        "dst_spring_night_over_by_half_an_hour",
        {"horizon": horizon(date(2026, 3, 23), date(2026, 3, 29))}
        | NIGHT_22_07
        | rules({"kind": "hours_per_week", "max": 7.5, "weight": 1}),
        (Work("a", date(2026, 3, 28), "night"),),
        bills=(Bill("hours_per_week#1", "a", date(2026, 3, 23), 30),),
    ),
    Case(
        "hours_per_week",
        "dst_spring_night_new_york",
        {"time_zone": "America/New_York"}
        | NIGHT_22_07
        | rules({"kind": "hours_per_week", "max": 7, "weight": 1}),
        (Work("a", SAT, "night"),),
        bills=(Bill("hours_per_week#1", "a", MON, 60),),
    ),
    Case(
        # 22:00 to 07:00 across the autumn change is 10 real hours.
        "hours_per_week",
        "dst_autumn_night_is_ten_hours",
        {"horizon": horizon(date(2026, 10, 19), date(2026, 10, 25))}
        | NIGHT_22_07
        | rules({"kind": "hours_per_week", "max": 9, "weight": 1}),
        (Work("a", date(2026, 10, 24), "night"),),
        bills=(Bill("hours_per_week#1", "a", date(2026, 10, 19), 60),),
    ),
    Case(
        "hours_per_week",
        "hard",
        rules({"kind": "hours_per_week", "max": 16, "hard": True}),
        week("a", "early", MON, TUE, WED),
        breaches=(Breach("hours_per_week#1", "a", MON),),
    ),
]

HOURS_PER_HORIZON = [
    Case(
        "hours_per_horizon",
        "max_met",
        rules({"kind": "hours_per_horizon", "max": 16, "weight": 1}),
        week("a", "early", MON, TUE),
    ),
    Case(
        "hours_per_horizon",
        "max_over",
        rules({"kind": "hours_per_horizon", "max": 16, "weight": 1}),
        week("a", "early", MON, TUE, WED),
        bills=(Bill("hours_per_horizon#1", "a", None, 480),),
    ),
    Case(
        "hours_per_horizon",
        "min_met",
        rules(for_a({"kind": "hours_per_horizon", "min": 16, "weight": 1})),
        week("a", "early", MON, SUN),
    ),
    Case(
        # Employed Thursday to Sunday: 4 of 7 days, so min 24 h is 1440 * 4 // 7 = 822 minutes.
        "hours_per_horizon",
        "min_prorated_when_employment_starts_late",
        {"staff": [person("a", ["nurse"], start_date="2026-03-05")]}
        | rules({"kind": "hours_per_horizon", "min": 24, "weight": 1}),
        week("a", "early", THU),
        bills=(Bill("hours_per_horizon#1", "a", None, 822 - 480),),
    ),
    Case(
        # Employed Monday and Tuesday: min 21 h is 1260 * 2 // 7 = 360 minutes.
        "hours_per_horizon",
        "min_prorated_when_employment_ends_early",
        {"staff": [person("a", ["nurse"], end_date="2026-03-03")]}
        | rules({"kind": "hours_per_horizon", "min": 21, "weight": 1}),
        (),
        bills=(Bill("hours_per_horizon#1", "a", None, 360),),
    ),
    Case(
        "hours_per_horizon",
        "dst_spring_night_is_eight_hours",
        {"horizon": horizon(date(2026, 3, 28), date(2026, 3, 29))}
        | NIGHT_22_07
        | rules(for_a({"kind": "hours_per_horizon", "min": 9, "weight": 1})),
        (Work("a", date(2026, 3, 28), "night"),),
        bills=(Bill("hours_per_horizon#1", "a", None, 60),),
    ),
    Case(
        "hours_per_horizon",
        "hard",
        rules(for_a({"kind": "hours_per_horizon", "min": 16, "hard": True})),
        week("a", "early", MON),
        breaches=(Breach("hours_per_horizon#1", "a", None),),
    ),
]


def with_contract(contract: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """Staff a with ``contract``, and b without one."""
    return {"staff": [person("a", ["nurse"], contract=contract, **extra), person("b", ["nurse"])]}


CONTRACT = [
    Case(
        "contract",
        "implicit_and_met",
        with_contract({"max_hours_per_week": 16}),
        week("a", "early", MON, TUE),
    ),
    Case(
        "contract",
        "implicit_and_hard",
        with_contract({"max_hours_per_week": 16}),
        week("a", "early", MON, TUE, WED),
        breaches=(Breach("contract#1", "a", MON),),
    ),
    Case(
        "contract",
        "listed_soft_weekly_min",
        with_contract({"min_hours_per_week": 16}) | rules({"kind": "contract", "weight": 2}),
        week("a", "early", MON),
        bills=(Bill("contract#1", "a", MON, 2 * 480),),
    ),
    Case(
        "contract",
        "max_shifts_per_shift_over",
        with_contract({"max_shifts": 2}) | rules({"kind": "contract", "weight": 3}),
        week("a", "early", MON, TUE, WED, THU),
        bills=(Bill("contract#1", "a", None, 2 * 3),),
    ),
    Case(
        "contract",
        "horizon_min_hours",
        with_contract({"min_hours": 24, "max_hours": 40})
        | rules({"kind": "contract", "weight": 1}),
        week("a", "early", MON),
        bills=(Bill("contract#1", "a", None, 1440 - 480),),
    ),
    Case(
        "contract",
        "each_limit_billed_on_its_own",
        with_contract({"max_hours_per_week": 8, "max_hours": 8, "max_shifts": 1})
        | rules({"kind": "contract", "weight": 1}),
        week("a", "early", MON, TUE),
        bills=(
            Bill("contract#1", "a", MON, 480),
            Bill("contract#1", "a", None, 480),
            Bill("contract#1", "a", None, 1),
        ),
    ),
    Case(
        "contract",
        "weekly_min_prorated_by_employment",
        with_contract({"min_hours_per_week": 14}, start_date="2026-03-04")
        | rules({"kind": "contract", "weight": 1}),
        week("a", "early", WED),
        bills=(Bill("contract#1", "a", MON, 600 - 480),),
    ),
    Case(
        "contract",
        "weekly_min_prorated_by_horizon",
        with_contract({"min_hours_per_week": 20})
        | {"horizon": horizon(THU, SUN)}
        | rules({"kind": "contract", "weight": 1}),
        week("a", "early", THU),
        bills=(Bill("contract#1", "a", THU, 685 - 480),),
    ),
    Case(
        "contract",
        "only_people_with_a_contract",
        with_contract({"max_shifts": 1}),
        (*week("a", "early", MON), *week("b", "early", MON, TUE, WED)),
    ),
]

COVERAGE = [
    Case(
        "coverage",
        "min_short_each_day",
        TWO_DAYS | {"coverage": [{"shift": "early", "min": 1}]},
        (),
        bills=(Bill("coverage#1", None, MON, 1000), Bill("coverage#1", None, TUE, 1000)),
    ),
    Case(
        "coverage",
        "min_met",
        TWO_DAYS | {"coverage": [{"shift": "early", "min": 1}]},
        (Work("a", MON, "early"), Work("b", TUE, "early")),
    ),
    Case(
        "coverage",
        "one_short_of_two",
        TWO_DAYS | {"coverage": [{"shift": "early", "min": 2}]},
        (Work("a", MON, "early"), Work("a", TUE, "early"), Work("b", TUE, "early")),
        bills=(Bill("coverage#1", None, MON, 1000),),
    ),
    Case(
        "coverage",
        "max_over",
        TWO_DAYS | {"coverage": [{"shift": "early", "max": 1, "weight": 7}]},
        (Work("a", MON, "early"), Work("b", MON, "early"), Work("c", MON, "early")),
        bills=(Bill("coverage#1", None, MON, 2 * 7),),
    ),
    Case(
        "coverage",
        "only_people_with_the_skill_count",
        TWO_DAYS | {"coverage": [{"shift": "early", "skill": "nurse", "min": 1, "weight": 10}]},
        (Work("c", MON, "early"), Work("b", TUE, "early")),
        bills=(Bill("coverage#1", None, MON, 10),),
    ),
    Case(
        "coverage",
        "below_preferred",
        TWO_DAYS
        | {"coverage": [{"shift": "early", "min": 1, "preferred": 2, "preferred_weight": 3}]},
        (Work("a", MON, "early"), Work("a", TUE, "early"), Work("b", TUE, "early")),
        bills=(Bill("coverage#1", None, MON, 3),),
    ),
    Case(
        "coverage",
        "above_preferred_and_below_min",
        TWO_DAYS
        | {
            "coverage": [
                {"shift": "early", "min": 1, "max": 3, "preferred": 1, "preferred_weight": 3}
            ]
        },
        (Work("a", MON, "early"), Work("b", MON, "early"), Work("c", MON, "early")),
        bills=(
            Bill("coverage#1", None, MON, 2 * 3),
            Bill("coverage#1", None, TUE, 1000),
            Bill("coverage#1", None, TUE, 3),
        ),
    ),
    Case(
        "coverage",
        "weekdays_filter",
        TWO_DAYS | {"coverage": [{"shift": "early", "weekdays": ["mon"], "min": 1}]},
        (),
        bills=(Bill("coverage#1", None, MON, 1000),),
    ),
    Case(
        "coverage",
        "dates_filter",
        TWO_DAYS | {"coverage": [{"shift": "early", "dates": ["2026-03-03"], "min": 1}]},
        (),
        bills=(Bill("coverage#1", None, TUE, 1000),),
    ),
    Case(
        "coverage",
        "only_days_the_shift_runs",
        TWO_DAYS
        | {
            "shifts": [shift("early", "07:00", "15:00", days=["mon"])],
            "coverage": [{"shift": "early", "min": 1}],
        },
        (),
        bills=(Bill("coverage#1", None, MON, 1000),),
    ),
    Case(
        "coverage",
        "night_counts_on_its_start_day",
        TWO_DAYS | {"coverage": [{"shift": "night", "min": 1}]},
        (Work("a", MON, "night"),),
        bills=(Bill("coverage#1", None, TUE, 1000),),
    ),
    Case(
        "coverage",
        "named_rule",
        TWO_DAYS
        | {"coverage": [{"id": "desk-early", "shift": "early", "skill": "desk", "min": 1}]},
        (Work("c", MON, "early"),),
        bills=(Bill("desk-early", None, TUE, 1000),),
    ),
    Case(
        "coverage",
        "hard",
        TWO_DAYS | {"coverage": [{"shift": "early", "min": 1, "hard": True}]},
        (Work("a", TUE, "early"),),
        breaches=(Breach("coverage#1", None, MON),),
    ),
    Case(
        # The benchmark's cover: 100 per person short of preferred, 1 per person above it.
        "coverage",
        "preferred_under_and_over_weights",
        TWO_DAYS
        | {
            "coverage": [
                {
                    "shift": "early",
                    "preferred": 2,
                    "preferred_under_weight": 100,
                    "preferred_over_weight": 1,
                }
            ]
        },
        (Work("a", MON, "early"), Work("a", TUE, "early"), Work("b", TUE, "early")),
        bills=(Bill("coverage#1", None, MON, 100),),
    ),
    Case(
        "coverage",
        "preferred_over_weight_alone",
        TWO_DAYS | {"coverage": [{"shift": "early", "preferred": 1, "preferred_over_weight": 4}]},
        (Work("a", MON, "early"), Work("b", MON, "early"), Work("c", MON, "early")),
        bills=(Bill("coverage#1", None, MON, 2 * 4), Bill("coverage#1", None, TUE, 1)),
    ),
]


def unavailable(**entry: Any) -> dict[str, Any]:
    """An availability section with one ``unavailable`` entry of person a."""
    return {"availability": [{"staff": "a", "kind": "unavailable", **entry}]}


UNAVAILABLE = [
    Case(
        "unavailable",
        "date",
        unavailable(date=TUE),
        week("a", "early", MON, TUE),
        breaches=(Breach("unavailable#1", "a", TUE),),
    ),
    Case(
        "unavailable",
        "date_range",
        unavailable(start_date=TUE, end_date=WED),
        week("a", "early", MON, TUE, WED, THU),
        breaches=(Breach("unavailable#1", "a", TUE), Breach("unavailable#1", "a", WED)),
    ),
    Case(
        "unavailable",
        "date_range_beyond_the_horizon",
        unavailable(start_date=SAT, end_date=date(2026, 3, 20)),
        week("a", "early", FRI, SUN),
        breaches=(Breach("unavailable#1", "a", SUN),),
    ),
    Case(
        "unavailable",
        "weekdays",
        unavailable(weekdays=["sat", "sun"]),
        week("a", "early", FRI, SAT, SUN),
        breaches=(Breach("unavailable#1", "a", SAT), Breach("unavailable#1", "a", SUN)),
    ),
    Case(
        "unavailable",
        "date_range_and_weekdays",
        unavailable(start_date=MON, end_date=SUN, weekdays=["wed"]),
        week("a", "early", TUE, WED, THU),
        breaches=(Breach("unavailable#1", "a", WED),),
    ),
    Case(
        # The early shift ends at 15:00, as the window opens: no overlap.
        "unavailable",
        "time_window",
        unavailable(date=TUE, start_time="15:00", end_time="18:00"),
        (Work("a", TUE, "early"), Work("a", TUE, "late")),
        breaches=(Breach("unavailable#1", "a", TUE),),
    ),
    Case(
        "unavailable",
        "time_window_touching_a_shift",
        unavailable(date=TUE, start_time="15:00", end_time="18:00"),
        (Work("a", TUE, "early"), Work("a", WED, "late")),
    ),
    Case(
        # 06:00-07:00 each morning: the night shift from the evening before runs into it.
        "unavailable",
        "time_window_every_morning",
        unavailable(start_time="06:00", end_time="07:00"),
        (Work("a", MON, "night"), Work("a", WED, "early")),
        breaches=(Breach("unavailable#1", "a", MON),),
    ),
    Case(
        "unavailable",
        "shift_on_weekdays",
        unavailable(shift="night", weekdays=["fri"]),
        week("a", "night", THU, FRI),
        breaches=(Breach("unavailable#1", "a", FRI),),
    ),
    Case(
        # A whole day off includes the night shift from the evening before, billed to its start.
        "unavailable",
        "night_before_the_day",
        unavailable(date=WED),
        (Work("a", TUE, "night"), Work("a", THU, "early")),
        breaches=(Breach("unavailable#1", "a", TUE),),
    ),
    Case(
        "unavailable",
        "night_into_the_day_after_the_horizon",
        unavailable(date=date(2026, 3, 9)),
        week("a", "night", SUN),
        breaches=(Breach("unavailable#1", "a", SUN),),
    ),
    Case(
        # 20:00 on Sunday 1 March (before the horizon) to 08:00 on Monday.
        "unavailable",
        "overnight_window_from_the_day_before_the_horizon",
        unavailable(date=date(2026, 3, 1), start_time="20:00", end_time="08:00"),
        week("a", "early", MON),
        breaches=(Breach("unavailable#1", "a", MON),),
    ),
    Case(
        "unavailable",
        "soft_per_shift",
        unavailable(date=TUE, weight=7),
        (Work("a", TUE, "early"), Work("a", TUE, "late")),
        bills=(Bill("unavailable#1", "a", TUE, 7), Bill("unavailable#1", "a", TUE, 7)),
    ),
]


def wish(kind: str, **entry: Any) -> dict[str, Any]:
    """An availability section with one ``preferred`` or ``undesired`` entry of person a."""
    return {"availability": [{"staff": "a", "kind": kind, **entry}]}


PREFERRED = [
    Case(
        "preferred",
        "shift_given",
        wish("preferred", shift="early", date=TUE),
        week("a", "early", TUE),
    ),
    Case(
        "preferred",
        "other_shift_given",
        wish("preferred", shift="early", date=TUE),
        week("a", "late", TUE),
        bills=(Bill("preferred#1", "a", TUE, 1),),
    ),
    Case(
        "preferred",
        "no_work_at_all",
        wish("preferred", shift="early", date=TUE),
        (),
        bills=(Bill("preferred#1", "a", TUE, 1),),
    ),
    Case(
        "preferred",
        "weekdays",
        wish("preferred", shift="early", weekdays=["mon", "wed"], weight=4),
        week("a", "early", MON, TUE),
        bills=(Bill("preferred#1", "a", WED, 4),),
    ),
    Case(
        "preferred",
        "date_range",
        wish("preferred", shift="early", start_date=MON, end_date=WED),
        week("a", "early", MON),
        bills=(Bill("preferred#1", "a", TUE, 1), Bill("preferred#1", "a", WED, 1)),
    ),
    Case(
        "preferred",
        "time_window_met",
        wish("preferred", date=TUE, start_time="07:00", end_time="12:00"),
        week("a", "early", TUE),
    ),
    Case(
        "preferred",
        "time_window_missed",
        wish("preferred", date=TUE, start_time="07:00", end_time="12:00"),
        week("a", "late", TUE),
        bills=(Bill("preferred#1", "a", TUE, 1),),
    ),
    Case(
        "preferred",
        "two_matching_shifts_earn_nothing_extra",
        wish("preferred", date=TUE, start_time="07:00", end_time="23:00"),
        (Work("a", TUE, "early"), Work("a", TUE, "late")),
    ),
    Case(
        # A whole-day wish is met by any shift overlapping the day, as for unavailability.
        "preferred",
        "whole_day_met_by_the_night_before",
        wish("preferred", date=WED),
        week("a", "night", TUE),
    ),
]

UNDESIRED = [
    Case(
        "undesired",
        "date_worked_twice",
        wish("undesired", date=TUE),
        (Work("a", TUE, "early"), Work("a", TUE, "late")),
        bills=(Bill("undesired#1", "a", TUE, 1), Bill("undesired#1", "a", TUE, 1)),
    ),
    Case("undesired", "not_worked", wish("undesired", date=TUE), week("a", "early", MON, WED)),
    Case(
        "undesired",
        "shift_on_weekdays",
        wish("undesired", shift="night", weekdays=["fri", "sat"], weight=5),
        week("a", "night", FRI, SUN),
        bills=(Bill("undesired#1", "a", FRI, 5),),
    ),
    Case(
        "undesired",
        "time_window",
        wish("undesired", start_time="18:00", end_time="23:00", weight=2),
        (Work("a", MON, "late"), Work("a", TUE, "early")),
        bills=(Bill("undesired#1", "a", MON, 2),),
    ),
    Case(
        "undesired",
        "night_before_the_day",
        wish("undesired", date=SAT),
        week("a", "night", FRI),
        bills=(Bill("undesired#1", "a", FRI, 1),),
    ),
    Case(
        "undesired",
        "night_into_the_day_after_the_horizon",
        wish("undesired", date=date(2026, 3, 9)),
        week("a", "night", SUN),
        bills=(Bill("undesired#1", "a", SUN, 1),),
    ),
]


def history(staff: str, *worked: tuple[date, str], since: date | None = None) -> dict[str, Any]:
    """A ``history`` section for one person: shifts worked before the horizon."""
    entry: dict[str, Any] = {
        "staff": staff,
        "worked": [{"date": d.isoformat(), "shift": t} for d, t in worked],
    }
    if since is not None:
        entry["since"] = since.isoformat()
    return {"history": [entry]}


# The days before the base horizon (Monday 2 March 2026).
SAT_BEFORE, SUN_BEFORE = date(2026, 2, 28), date(2026, 3, 1)
FRI_BEFORE = date(2026, 2, 27)

HISTORY = [
    Case(
        "max_consecutive_days",
        "history_run_continues_into_the_horizon",
        {
            **rules(CONSECUTIVE_3),
            **history("a", (SAT_BEFORE, "early"), (SUN_BEFORE, "early")),
        },
        week("a", "early", MON, TUE),
        bills=(Bill("max_consecutive_days#1", "a", TUE, 4),),
    ),
    Case(
        "max_consecutive_days",
        "history_day_off_breaks_the_run",
        {**rules(CONSECUTIVE_3), **history("a", (SAT_BEFORE, "early"), since=FRI_BEFORE)},
        week("a", "early", MON, TUE, WED),
    ),
    Case(
        "max_consecutive_days",
        "unknown_days_are_not_judged",
        {**rules(CONSECUTIVE_3), **history("a", (SUN_BEFORE, "early"))},
        week("a", "early", MON, TUE),
    ),
    Case(
        "min_rest",
        "after_a_night_in_history",
        {**rules(REST_11), **history("a", (SUN_BEFORE, "night"))},
        week("a", "early", MON),
        bills=(Bill("min_rest#1", "a", MON, 3),),
    ),
    Case(
        "no_overlap",
        "history_night_overlaps_the_first_early",
        {
            "shifts": [shift("early", "06:00", "14:00"), shift("night", "23:00", "07:00")],
            **history("a", (SUN_BEFORE, "night")),
        },
        week("a", "early", MON),
        breaches=(Breach("no_overlap#1", "a", MON),),
    ),
    Case(
        "hours_per_week",
        "history_hours_count_in_the_first_week",
        {
            "horizon": horizon(WED, SUN),
            **rules({"kind": "hours_per_week", "max": 24, "weight": 1}),
            **history("a", (MON, "early"), (TUE, "early")),
        },
        week("a", "early", WED, THU),
        bills=(Bill("hours_per_week#1", "a", WED, 8 * 60),),
    ),
    Case(
        "hours_per_week",
        "known_history_days_count_for_the_minimum",
        {
            "horizon": horizon(WED, SUN),
            **rules(
                {"kind": "hours_per_week", "min": 14, "weight": 1, "applies_to": {"staff": ["a"]}}
            ),
            **history("a", (TUE, "early"), since=MON),
        },
        (),
        # 7 of 7 days known or planned: the minimum is the full 14 h; 8 h already worked.
        bills=(Bill("hours_per_week#1", "a", WED, 6 * 60),),
    ),
    Case(
        "hours_per_week",
        "approved_leave_counts_as_time_worked",
        {
            **rules(
                {"kind": "hours_per_week", "min": 14, "weight": 1, "applies_to": {"staff": ["a"]}}
            ),
            "leave": [{"staff": "a", "start_date": "2026-03-02", "end_date": "2026-03-04"}],
        },
        (),
        # 4 of 7 days available: 14 h x 4/7 = 8 h = 480 minutes short.
        bills=(Bill("hours_per_week#1", "a", MON, 480),),
    ),
    Case(
        "contract",
        "weekly_contract_counts_history",
        {
            "horizon": horizon(WED, SUN),
            "staff": [person("a", ["nurse"], contract={"max_hours_per_week": 16})],
            **rules({"kind": "contract", "weight": 2}),
            **history("a", (TUE, "early")),
        },
        week("a", "early", WED, THU),
        bills=(Bill("contract#1", "a", WED, 2 * 8 * 60),),
    ),
]


CASES: list[Case] = [
    *HISTORY,
    *ELIGIBILITY,
    *NO_OVERLAP,
    *MAX_SHIFTS_PER_DAY,
    *MIN_REST,
    *MAX_CONSECUTIVE_DAYS,
    *HOURS_PER_WEEK,
    *HOURS_PER_HORIZON,
    *CONTRACT,
    *COVERAGE,
    *UNAVAILABLE,
    *PREFERRED,
    *UNDESIRED,
]
