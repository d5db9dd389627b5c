"""Cases of the sequence rules: successions, runs of work, days off and one shift, rest after."""

from __future__ import annotations

from datetime import date, timedelta
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
    person,
    rules,
    week,
)

# The base practice has staff a (nurse), b (nurse, desk), c (desk) and, every day, shifts
# early 07-15, late 15-23 and night 23-07 (nurses only), from Monday 2 to Sunday 8 March 2026.
THU_BEFORE, FRI_BEFORE = date(2026, 2, 26), date(2026, 2, 27)
SAT_BEFORE, SUN_BEFORE = date(2026, 2, 28), date(2026, 3, 1)


def history(staff: str, *worked: tuple[date, str], since: date | None = None) -> dict[str, Any]:
    """A ``history`` section for one person: shifts worked before the horizon."""
    entry: dict[str, Any] = {
        "staff": staff,
        "worked": [{"date": d.isoformat(), "shift": t} for d, t in worked],
    }
    if since is not None:
        entry["since"] = since.isoformat()
    return {"history": [entry]}


def for_a(entry: dict[str, Any]) -> dict[str, Any]:
    """A rule entry that applies to person a only."""
    return {**entry, "applies_to": {"staff": ["a"]}}


NIGHT_THEN_EARLY = {"kind": "succession", "first": "night", "then": ["early"], "weight": 5}

SUCCESSION = [
    Case(
        "succession",
        "night_then_early",
        rules(NIGHT_THEN_EARLY),
        (Work("a", MON, "night"), Work("a", TUE, "early")),
        bills=(Bill("succession#1", "a", TUE, 5),),
    ),
    Case(
        "succession",
        "night_then_night_is_allowed",
        rules(NIGHT_THEN_EARLY),
        week("a", "night", MON, TUE),
    ),
    Case(
        "succession",
        "early_then_night_is_the_other_way_round",
        rules(NIGHT_THEN_EARLY),
        (Work("a", MON, "early"), Work("a", TUE, "night")),
    ),
    Case(
        # One unit per pair of days, however many `then` shifts the later day has.
        "succession",
        "two_then_shifts_on_one_day_are_one_pair",
        rules({**NIGHT_THEN_EARLY, "then": ["early", "late"]}),
        (Work("a", MON, "night"), Work("a", TUE, "early"), Work("a", TUE, "late")),
        bills=(Bill("succession#1", "a", TUE, 5),),
    ),
    Case(
        "succession",
        "a_set_of_first_shifts",
        rules({**NIGHT_THEN_EARLY, "first": ["late", "night"]}),
        (Work("a", MON, "late"), Work("a", TUE, "early"), Work("a", WED, "early")),
        bills=(Bill("succession#1", "a", TUE, 5),),
    ),
    Case(
        "succession",
        "within_two_days",
        rules({**NIGHT_THEN_EARLY, "within_days": 2}),
        (Work("a", MON, "night"), Work("a", WED, "early"), Work("a", FRI, "night")),
        bills=(Bill("succession#1", "a", WED, 5),),
    ),
    Case(
        "succession",
        "within_two_days_each_pair_costs",
        rules({**NIGHT_THEN_EARLY, "within_days": 2}),
        (*week("a", "night", MON, TUE), Work("a", WED, "early")),
        bills=(Bill("succession#1", "a", WED, 5), Bill("succession#1", "a", WED, 5)),
    ),
    Case(
        "succession",
        "night_in_history",
        rules(NIGHT_THEN_EARLY) | history("a", (SUN_BEFORE, "night")),
        (Work("a", MON, "early"),),
        bills=(Bill("succession#1", "a", MON, 5),),
    ),
    Case(
        "succession",
        "history_two_days_back_is_fine",
        rules(NIGHT_THEN_EARLY) | history("a", (SAT_BEFORE, "night")),
        (Work("a", MON, "early"),),
    ),
    Case(
        "succession",
        "hard",
        rules({"kind": "succession", "first": "night", "then": "early", "hard": True}),
        (Work("a", WED, "night"), Work("a", THU, "early")),
        breaches=(Breach("succession#1", "a", THU),),
    ),
]

# Held to one shift a day, a person's succession is compiled as one at-most-one per pair of
# days (no 'any of' literal); with two a day allowed it is not.
ONE_A_DAY = {"kind": "max_shifts_per_day", "limit": 1, "hard": True}
TWO_A_DAY = {**ONE_A_DAY, "limit": 2}

SUCCESSION_ONE_A_DAY = [
    Case(
        "succession",
        "one_a_day_night_then_early",
        rules(ONE_A_DAY, NIGHT_THEN_EARLY),
        (Work("a", MON, "night"), Work("a", TUE, "early"), Work("b", TUE, "early")),
        bills=(Bill("succession#1", "a", TUE, 5),),
    ),
    Case(
        "succession",
        "one_a_day_a_set_of_first_and_then_shifts",
        rules(
            ONE_A_DAY, {**NIGHT_THEN_EARLY, "first": ["late", "night"], "then": ["early", "late"]}
        ),
        (Work("a", MON, "late"), Work("a", TUE, "late"), Work("a", THU, "night")),
        bills=(Bill("succession#1", "a", TUE, 5),),
    ),
    Case(
        "succession",
        "one_a_day_within_two_days_each_pair_costs",
        rules(ONE_A_DAY, {**NIGHT_THEN_EARLY, "within_days": 2}),
        (*week("a", "night", MON, TUE), Work("a", WED, "early")),
        bills=(Bill("succession#1", "a", WED, 5), Bill("succession#1", "a", WED, 5)),
    ),
    Case(
        "succession",
        "one_a_day_night_in_history",
        rules(ONE_A_DAY, NIGHT_THEN_EARLY) | history("a", (SUN_BEFORE, "night")),
        (Work("a", MON, "early"),),
        bills=(Bill("succession#1", "a", MON, 5),),
    ),
    Case(
        "succession",
        "one_a_day_hard",
        rules(ONE_A_DAY, {"kind": "succession", "first": "night", "then": "early", "hard": True}),
        (Work("a", WED, "night"), Work("a", THU, "early")),
        breaches=(Breach("succession#1", "a", THU),),
    ),
    Case(
        "succession",
        "two_a_day_two_then_shifts_on_one_day_are_one_pair",
        rules(TWO_A_DAY, {**NIGHT_THEN_EARLY, "then": ["early", "late"]}),
        (Work("a", MON, "night"), Work("a", TUE, "early"), Work("a", TUE, "late")),
        bills=(Bill("succession#1", "a", TUE, 5),),
    ),
]

# The rotation table of most practices: the later a shift ends, the more it bars (nested lists).
ROTATION_TABLE = {"night": ["early", "late"], "late": ["early"]}
ROTATION_SOFT = {"kind": "rotation", "cannot_follow": ROTATION_TABLE, "weight": 7}
ROTATION_HARD = {"kind": "rotation", "cannot_follow": ROTATION_TABLE, "hard": True}
# Lists that do not nest: neither {early} nor {night} holds the other.
CROSSED = {"kind": "rotation", "cannot_follow": {"night": "early", "early": "night"}}

ROTATION = [
    Case(
        "rotation",
        "night_then_early_and_late_then_early",
        rules(ROTATION_SOFT),
        (Work("a", MON, "night"), Work("a", TUE, "early"), Work("b", WED, "late")),
        bills=(Bill("rotation#1", "a", TUE, 7),),
    ),
    Case(
        "rotation",
        "what_the_table_allows",
        rules(ROTATION_SOFT),
        (
            *week("a", "night", MON, TUE),
            Work("a", WED, "early"),
            Work("b", MON, "early"),
            Work("b", TUE, "late"),
            Work("b", WED, "night"),
        ),
        bills=(Bill("rotation#1", "a", WED, 7),),
    ),
    Case(
        "rotation",
        "two_earlier_shifts_each_cost",
        rules(ROTATION_SOFT),
        (Work("a", MON, "night"), Work("a", MON, "late"), Work("a", TUE, "early")),
        bills=(Bill("rotation#1", "a", TUE, 7), Bill("rotation#1", "a", TUE, 7)),
    ),
    Case(
        "rotation",
        "night_in_history",
        rules(ROTATION_SOFT) | history("a", (SUN_BEFORE, "night")),
        (Work("a", MON, "late"),),
        bills=(Bill("rotation#1", "a", MON, 7),),
    ),
    Case(
        "rotation",
        "history_two_days_back_is_fine",
        rules(ROTATION_SOFT) | history("a", (SAT_BEFORE, "night")),
        (Work("a", MON, "early"),),
    ),
    Case(
        "rotation",
        "one_a_day_soft",
        rules(ONE_A_DAY, ROTATION_SOFT),
        (Work("a", MON, "late"), Work("a", TUE, "early"), Work("b", THU, "night")),
        bills=(Bill("rotation#1", "a", TUE, 7),),
    ),
    Case(
        # Hard, one a day, nested lists: one linear constraint per pair of days.
        "rotation",
        "one_a_day_hard_nested_late_then_early",
        rules(ONE_A_DAY, ROTATION_HARD),
        (Work("a", MON, "late"), Work("a", TUE, "early")),
        breaches=(Breach("rotation#1", "a", TUE),),
    ),
    Case(
        "rotation",
        "one_a_day_hard_nested_night_then_late",
        rules(ONE_A_DAY, ROTATION_HARD),
        (Work("a", WED, "night"), Work("a", THU, "late")),
        breaches=(Breach("rotation#1", "a", THU),),
    ),
    Case(
        "rotation",
        "one_a_day_hard_nested_allowed",
        rules(ONE_A_DAY, ROTATION_HARD),
        (
            Work("a", MON, "early"),
            Work("a", TUE, "late"),
            *week("a", "night", WED, THU),
            Work("b", MON, "late"),
            Work("b", TUE, "late"),
            Work("b", WED, "night"),
        ),
    ),
    Case(
        "rotation",
        "one_a_day_hard_nested_history",
        rules(ONE_A_DAY, ROTATION_HARD) | history("a", (SUN_BEFORE, "late")),
        (Work("a", MON, "early"),),
        breaches=(Breach("rotation#1", "a", MON),),
    ),
    Case(
        "rotation",
        "one_a_day_hard_nested_history_allows",
        rules(ONE_A_DAY, ROTATION_HARD) | history("a", (SUN_BEFORE, "late")),
        (Work("a", MON, "late"), Work("a", TUE, "night")),
    ),
    Case(
        "rotation",
        "one_a_day_hard_crossed_lists",
        rules(ONE_A_DAY, CROSSED | {"hard": True}),
        (Work("a", MON, "early"), Work("a", TUE, "night"), Work("b", MON, "night")),
        breaches=(Breach("rotation#1", "a", TUE),),
    ),
    Case(
        "rotation",
        "two_a_day_hard",
        rules(TWO_A_DAY, ROTATION_HARD),
        (Work("a", MON, "early"), Work("a", MON, "night"), Work("a", TUE, "late")),
        breaches=(Breach("rotation#1", "a", TUE),),
    ),
]

WORK_MAX = {"kind": "work_runs", "max": 3, "weight": 4}
WORK_MIN = {"kind": "work_runs", "min": 3, "weight": 2}

WORK_RUNS = [
    Case("work_runs", "max_met", rules(WORK_MAX), week("a", "early", MON, TUE, WED)),
    Case(
        # Held to one shift a day, 'works that day' is the sum of the day's shifts.
        "work_runs",
        "one_a_day_max_each_day_beyond_costs",
        rules(ONE_A_DAY, WORK_MAX),
        (*week("a", "early", MON, TUE, WED), *week("a", "late", THU, FRI)),
        bills=tuple(Bill("work_runs#1", "a", d, 4) for d in (THU, FRI)),
    ),
    Case(
        "work_runs",
        "max_each_day_beyond_costs",
        rules(WORK_MAX),
        week("a", "early", MON, TUE, WED, THU, FRI, SAT),
        bills=tuple(Bill("work_runs#1", "a", d, 4) for d in (THU, FRI, SAT)),
    ),
    Case(
        "work_runs",
        "max_two_shifts_make_one_working_day",
        rules(WORK_MAX),
        (Work("a", MON, "late"), *week("a", "early", MON, TUE, WED, THU)),
        bills=(Bill("work_runs#1", "a", THU, 4),),
    ),
    Case(
        "work_runs",
        "max_history_run_continues",
        rules(WORK_MAX) | history("a", (SAT_BEFORE, "early"), (SUN_BEFORE, "early")),
        week("a", "early", MON, TUE),
        bills=(Bill("work_runs#1", "a", TUE, 4),),
    ),
    Case(
        "work_runs",
        "max_history_day_off_breaks_the_run",
        rules(WORK_MAX) | history("a", (FRI_BEFORE, "early"), (SAT_BEFORE, "late")),
        week("a", "early", MON, TUE, WED),
    ),
    Case(
        "work_runs",
        "min_short_run",
        rules(WORK_MIN),
        week("a", "early", TUE, WED),
        bills=(Bill("work_runs#1", "a", WED, 2),),
    ),
    Case(
        "work_runs",
        "min_single_day_lacks_two",
        rules(WORK_MIN),
        week("a", "early", WED),
        bills=(Bill("work_runs#1", "a", WED, 2 * 2),),
    ),
    Case("work_runs", "min_met", rules(WORK_MIN), week("a", "early", TUE, WED, THU)),
    Case(
        # The next month may continue the run.
        "work_runs",
        "min_run_at_the_end_is_exempt",
        rules(WORK_MIN),
        week("a", "early", SAT, SUN),
    ),
    Case(
        # Without history, the days before are not known.
        "work_runs",
        "min_run_at_the_start_is_exempt",
        rules(WORK_MIN),
        week("a", "early", MON),
    ),
    Case(
        "work_runs",
        "min_outside_off_judges_runs_at_the_ends",
        rules({**WORK_MIN, "outside": "off"}),
        week("a", "early", MON, SUN),
        bills=(Bill("work_runs#1", "a", MON, 4), Bill("work_runs#1", "a", SUN, 4)),
    ),
    Case(
        "work_runs",
        "min_outside_work_exempts_runs_at_the_ends",
        rules({**WORK_MIN, "outside": "work"}),
        week("a", "early", MON, WED, SUN),
        bills=(Bill("work_runs#1", "a", WED, 4),),
    ),
    Case(
        "work_runs",
        "min_history_days_off_before",
        rules(WORK_MIN) | history("a", since=FRI_BEFORE),
        week("a", "early", MON),
        bills=(Bill("work_runs#1", "a", MON, 4),),
    ),
    Case(
        "work_runs",
        "min_run_from_history",
        rules(WORK_MIN) | history("a", (SUN_BEFORE, "late"), since=FRI_BEFORE),
        week("a", "early", MON),
        bills=(Bill("work_runs#1", "a", MON, 2),),
    ),
    Case(
        # The run lies wholly before the horizon; the day off on Monday ends it.
        "work_runs",
        "min_history_run_ended_by_the_first_day",
        rules(WORK_MIN) | history("a", (SUN_BEFORE, "late"), since=FRI_BEFORE),
        week("a", "early", WED, THU, FRI),
        bills=(Bill("work_runs#1", "a", MON, 4),),
    ),
    Case(
        "work_runs",
        "min_history_run_long_enough",
        rules(WORK_MIN) | history("a", (SAT_BEFORE, "late"), (SUN_BEFORE, "late")),
        week("a", "early", MON),
    ),
    Case(
        "work_runs",
        "min_and_max_together",
        rules({"kind": "work_runs", "min": 2, "max": 3, "weight": 1}),
        week("a", "early", TUE, THU, FRI, SAT, SUN),
        bills=(Bill("work_runs#1", "a", TUE, 1), Bill("work_runs#1", "a", SUN, 1)),
    ),
    Case(
        # Days before employment starts are not known either: the first run is exempt.
        "work_runs",
        "min_run_at_employment_start_is_exempt",
        {"staff": [person("a", ["nurse"], start_date="2026-03-04")]} | rules(WORK_MIN),
        week("a", "early", WED, FRI, SAT, SUN),
    ),
    Case(
        "work_runs",
        "hard_min",
        rules({"kind": "work_runs", "min": 2, "hard": True}),
        week("a", "early", WED),
        breaches=(Breach("work_runs#1", "a", WED),),
    ),
    Case(
        "work_runs",
        "hard_max",
        rules({"kind": "work_runs", "max": 2, "hard": True, "outside": "off"}),
        week("a", "early", MON, TUE, WED),
        breaches=(Breach("work_runs#1", "a", WED),),
    ),
]

OFF_MIN = {"kind": "off_runs", "min": 2, "weight": 3}

OFF_RUNS = [
    Case(
        "off_runs",
        "single_day_off",
        rules(OFF_MIN),
        week("a", "early", MON, TUE, THU, FRI, SAT, SUN),
        bills=(Bill("off_runs#1", "a", WED, 3),),
    ),
    Case(
        "off_runs",
        "two_days_off_met",
        rules(OFF_MIN),
        week("a", "early", MON, TUE, FRI),
    ),
    Case(
        # The benchmark's reading: days off before and after the horizon, so runs at the ends
        # are long enough.
        "off_runs",
        "outside_off_exempts_runs_at_the_ends",
        rules({**OFF_MIN, "outside": "off"}),
        week("a", "early", TUE, WED, THU, FRI, SAT),
    ),
    Case(
        "off_runs",
        "outside_work_judges_runs_at_the_ends",
        rules({**OFF_MIN, "outside": "work"}),
        week("a", "early", TUE, WED, THU, FRI, SAT),
        bills=(Bill("off_runs#1", "a", MON, 3), Bill("off_runs#1", "a", SUN, 3)),
    ),
    Case(
        "off_runs",
        "max_each_day_beyond_costs",
        rules(for_a({"kind": "off_runs", "max": 3, "weight": 1})),
        week("a", "early", MON),
        bills=tuple(Bill("off_runs#1", "a", d, 1) for d in (FRI, SAT, SUN)),
    ),
    Case(
        "off_runs",
        "history_day_off_ended_by_the_first_day",
        rules(OFF_MIN) | history("a", (SAT_BEFORE, "early"), since=FRI_BEFORE),
        week("a", "early", MON, TUE),
        bills=(Bill("off_runs#1", "a", MON, 3),),
    ),
    Case(
        "off_runs",
        "history_days_off_continue",
        rules(OFF_MIN) | history("a", (SAT_BEFORE, "early"), since=FRI_BEFORE),
        week("a", "early", TUE, WED),
    ),
    Case(
        "off_runs",
        "hard",
        rules({"kind": "off_runs", "min": 2, "hard": True}),
        week("a", "early", MON, WED),
        breaches=(Breach("off_runs#1", "a", TUE),),
    ),
]

NIGHT_BLOCKS = {"kind": "shift_runs", "shifts": "night", "min": 2, "max": 3, "weight": 2}

SHIFT_RUNS = [
    Case("shift_runs", "block_of_two", rules(NIGHT_BLOCKS), week("a", "night", TUE, WED)),
    Case(
        "shift_runs",
        "single_night",
        rules(NIGHT_BLOCKS),
        week("a", "night", WED),
        bills=(Bill("shift_runs#1", "a", WED, 2),),
    ),
    Case(
        "shift_runs",
        "four_nights",
        rules(NIGHT_BLOCKS),
        week("a", "night", TUE, WED, THU, FRI),
        bills=(Bill("shift_runs#1", "a", FRI, 2),),
    ),
    Case(
        "shift_runs",
        "another_shift_ends_the_block",
        rules(NIGHT_BLOCKS),
        (Work("a", TUE, "night"), Work("a", WED, "early")),
        bills=(Bill("shift_runs#1", "a", TUE, 2),),
    ),
    Case(
        "shift_runs",
        "night_at_the_end_is_exempt",
        rules(NIGHT_BLOCKS),
        week("a", "night", SUN),
    ),
    Case(
        "shift_runs",
        "a_set_of_shifts",
        rules({**NIGHT_BLOCKS, "shifts": ["late", "night"]}),
        (Work("a", TUE, "late"), Work("a", WED, "night")),
    ),
    Case(
        "shift_runs",
        "block_continues_from_history",
        rules(NIGHT_BLOCKS) | history("a", (SAT_BEFORE, "night"), (SUN_BEFORE, "night")),
        week("a", "night", MON, TUE),
        bills=(Bill("shift_runs#1", "a", TUE, 2),),
    ),
    Case(
        "shift_runs",
        "hard",
        rules({"kind": "shift_runs", "shifts": "night", "max": 1, "hard": True}),
        week("a", "night", TUE, WED),
        breaches=(Breach("shift_runs#1", "a", WED),),
    ),
]

REST_2 = {"kind": "rest_after", "shifts": "night", "days_off": 2, "weight": 5}

REST_AFTER = [
    Case(
        "rest_after",
        "two_days_off_after_nights",
        rules(REST_2),
        (*week("a", "night", MON, TUE), Work("a", FRI, "early")),
    ),
    Case(
        "rest_after",
        "work_on_the_second_day",
        rules(REST_2),
        (*week("a", "night", MON, TUE), Work("a", THU, "early")),
        bills=(Bill("rest_after#1", "a", THU, 5),),
    ),
    Case(
        "rest_after",
        "work_on_both_days",
        rules(REST_2),
        (Work("a", MON, "night"), Work("a", TUE, "late"), Work("a", WED, "early")),
        bills=(Bill("rest_after#1", "a", TUE, 5), Bill("rest_after#1", "a", WED, 5)),
    ),
    Case(
        "rest_after",
        "a_run_shorter_than_min_run",
        rules({**REST_2, "min_run": 2}),
        (Work("a", MON, "night"), Work("a", WED, "early")),
    ),
    Case(
        "rest_after",
        "a_run_of_min_run",
        rules({**REST_2, "min_run": 2}),
        (*week("a", "night", MON, TUE), Work("a", WED, "early")),
        bills=(Bill("rest_after#1", "a", WED, 5),),
    ),
    Case(
        "rest_after",
        "nights_in_history",
        rules(REST_2) | history("a", (SAT_BEFORE, "night"), (SUN_BEFORE, "night")),
        (Work("a", MON, "early"), Work("a", TUE, "early")),
        bills=(Bill("rest_after#1", "a", MON, 5), Bill("rest_after#1", "a", TUE, 5)),
    ),
    Case(
        "rest_after",
        "run_at_the_end",
        rules(REST_2),
        (Work("a", SAT, "early"), Work("a", SUN, "night")),
    ),
    Case(
        "rest_after",
        "hard",
        rules({"kind": "rest_after", "shifts": "night", "days_off": 1, "hard": True}),
        (Work("a", MON, "night"), Work("a", TUE, "early")),
        breaches=(Breach("rest_after#1", "a", TUE),),
    ),
]

CASES: list[Case] = [
    *SUCCESSION,
    *SUCCESSION_ONE_A_DAY,
    *ROTATION,
    *WORK_RUNS,
    *OFF_RUNS,
    *SHIFT_RUNS,
    *REST_AFTER,
]


def _strength(draw: Any) -> dict[str, Any]:
    if draw(st.integers(0, 5)) == 0:
        return {"hard": True}
    return {"weight": draw(st.integers(1, 30))}


def draw_rules(draw: Any, document: dict[str, Any]) -> None:
    """Add some sequence rules, and shifts worked before the horizon."""
    shift_ids = [s["id"] for s in document["shifts"]]
    staff_ids = [s["id"] for s in document["staff"]]
    rules_: list[dict[str, Any]] = document.setdefault("rules", [])
    shifts = st.lists(st.sampled_from(shift_ids), min_size=1, max_size=2, unique=True)
    outside = st.sampled_from(["unknown", "off", "work"])
    if draw(st.integers(0, 2)) == 0:
        rule: dict[str, Any] = {"kind": "succession", "first": draw(shifts), "then": draw(shifts)}
        rule["within_days"] = draw(st.integers(1, 2))
        rules_.append(rule | _strength(draw))
    if draw(st.integers(0, 2)) == 0:
        firsts = draw(st.lists(st.sampled_from(shift_ids), min_size=1, max_size=3, unique=True))
        table = {first: draw(shifts) for first in firsts}
        rules_.append({"kind": "rotation", "cannot_follow": table} | _strength(draw))
    for kind, extends in (("work_runs", "work"), ("off_runs", "off"), ("shift_runs", "work")):
        if draw(st.integers(0, 2)) != 0:
            continue
        rule = {"kind": kind}
        if kind == "shift_runs":
            rule["shifts"] = draw(shifts)
        if draw(st.booleans()):
            rule["min"] = draw(st.integers(2, 3))
        if draw(st.booleans()) or "min" not in rule:
            rule["max"] = draw(st.integers(rule.get("min", 1), 4))
        rule["outside"] = draw(outside)
        if "max" in rule and rule["outside"] == extends:
            rule["outside"] = "unknown"
        rules_.append(rule | _strength(draw))
    if draw(st.integers(0, 2)) == 0:
        rule = {"kind": "rest_after", "shifts": draw(shifts), "days_off": draw(st.integers(1, 2))}
        rule["min_run"] = draw(st.integers(1, 2))
        rules_.append(rule | _strength(draw))
    if draw(st.booleans()):
        _draw_history(draw, document, staff_ids, shift_ids)


def _draw_history(
    draw: Any, document: dict[str, Any], staff_ids: list[str], shift_ids: list[str]
) -> None:
    """Shifts some people worked in the days before the horizon (merged into their entry)."""
    start = date.fromisoformat(document["horizon"]["start"])
    entries: list[dict[str, Any]] = document.setdefault("history", [])
    for staff_id in draw(st.lists(st.sampled_from(staff_ids), max_size=2, unique=True)):
        entry = next((e for e in entries if e["staff"] == staff_id), None)
        if entry is None:
            entry = {"staff": staff_id}
            entries.append(entry)
        if "since" in entry or "worked" in entry:
            continue
        back = draw(st.integers(1, 4))
        entry["since"] = (start - timedelta(days=back)).isoformat()
        days = draw(st.lists(st.integers(1, back), max_size=back, unique=True))
        entry["worked"] = [
            {
                "date": (start - timedelta(days=d)).isoformat(),
                "shift": draw(st.sampled_from(shift_ids)),
            }
            for d in sorted(days, reverse=True)
        ]
