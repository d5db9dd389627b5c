"""Cases of the counting rules: shifts of some types per period, and hours near a target."""

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
    horizon,
    person,
    rarely,
    rules,
    week,
)

# The base practice has staff a (nurse), b (nurse, desk), c (desk) and, every day, shifts
# early 07-15, late 15-23 and night 23-07 (nurses only), from Monday 2 to Sunday 8 March 2026.
SUN_BEFORE = date(2026, 3, 1)
NEXT_MON, WED2, SUN2 = date(2026, 3, 9), date(2026, 3, 11), date(2026, 3, 15)


def for_a(entry: dict[str, Any]) -> dict[str, Any]:
    """A rule entry that applies to person a only."""
    return {**entry, "applies_to": {"staff": ["a"]}}


def history(staff: str, *worked: tuple[date, str], since: date | None = None) -> dict[str, Any]:
    """A ``history`` section for one person: shifts worked before the horizon."""
    entry: dict[str, Any] = {
        "staff": staff,
        "worked": [{"date": d.isoformat(), "shift": t} for d, t in worked],
    }
    if since is not None:
        entry["since"] = since.isoformat()
    return {"history": [entry]}


NIGHTS_2 = {"kind": "shift_count", "shifts": "night", "max": 2, "weight": 3}

SHIFT_COUNT = [
    Case("shift_count", "max_met", rules(NIGHTS_2), week("a", "night", MON, WED)),
    Case(
        "shift_count",
        "max_over",
        rules(NIGHTS_2),
        week("a", "night", MON, WED, FRI, SUN),
        bills=(Bill("shift_count#1", "a", None, 2 * 3),),
    ),
    Case(
        "shift_count",
        "a_category_of_shifts",
        rules({**NIGHTS_2, "shifts": ["early", "late"], "max": 1}),
        (Work("c", MON, "early"), Work("c", TUE, "late"), Work("c", WED, "late")),
        bills=(Bill("shift_count#1", "c", None, 2 * 3),),
    ),
    Case(
        "shift_count",
        "other_shifts_do_not_count",
        rules(NIGHTS_2),
        week("a", "early", MON, TUE, WED),
    ),
    Case(
        "shift_count",
        "min_short",
        rules(for_a({"kind": "shift_count", "shifts": "early", "min": 3, "weight": 2})),
        week("a", "early", MON),
        bills=(Bill("shift_count#1", "a", None, 2 * 2),),
    ),
    Case(
        # Thursday to Sunday is 4 of the week's 7 days: min 4 becomes 4 * 4 // 7 = 2.
        "shift_count",
        "week_min_scaled_when_the_horizon_cuts_the_week",
        {"horizon": horizon(THU, SUN)}
        | rules(
            for_a({"kind": "shift_count", "shifts": "early", "per": "week", "min": 4, "weight": 1})
        ),
        week("a", "early", THU),
        bills=(Bill("shift_count#1", "a", THU, 1),),
    ),
    Case(
        "shift_count",
        "week_counts_history",
        {"horizon": horizon(THU, SUN)}
        | rules({**NIGHTS_2, "per": "week"})
        | history("a", (MON, "night"), (TUE, "night")),
        week("a", "night", THU),
        bills=(Bill("shift_count#1", "a", THU, 3),),
    ),
    Case(
        "shift_count",
        "each_iso_week",
        {"horizon": horizon(MON, NEXT_MON)} | rules({**NIGHTS_2, "per": "week", "max": 1}),
        week("a", "night", SAT, SUN, NEXT_MON),
        bills=(Bill("shift_count#1", "a", MON, 3),),
    ),
    Case(
        # Windows of 3 days ending Mon, Tue, ...; only the one ending Wednesday has two.
        "shift_count",
        "rolling_window",
        rules({**NIGHTS_2, "shifts": "early", "per": "window", "window_days": 3, "max": 1}),
        week("a", "early", MON, WED, SAT),
        bills=(Bill("shift_count#1", "a", WED, 3),),
    ),
    Case(
        "shift_count",
        "rolling_window_reaches_into_history",
        rules({**NIGHTS_2, "per": "window", "window_days": 3, "max": 1})
        | history("a", (SUN_BEFORE, "night")),
        week("a", "night", TUE),
        bills=(Bill("shift_count#1", "a", TUE, 3),),
    ),
    Case(
        # Windows longer than a week are counted with running totals.
        "shift_count",
        "long_rolling_window",
        {"horizon": horizon(MON, SUN2)} | rules({**NIGHTS_2, "per": "window", "window_days": 10}),
        week("a", "night", MON, FRI, WED2),
        bills=(Bill("shift_count#1", "a", WED2, 3),),
    ),
    Case(
        "shift_count",
        "long_rolling_window_on_mondays",
        {"horizon": horizon(MON, SUN2)}
        | rules(
            {**NIGHTS_2, "shifts": "early", "per": "window", "window_days": 14, "max": 1}
            | {"weekdays": ["mon"]}
        ),
        week("c", "early", MON, TUE, NEXT_MON),
        bills=tuple(Bill("shift_count#1", "c", NEXT_MON + timedelta(days=n), 3) for n in range(7)),
    ),
    Case(
        "shift_count",
        "weekdays",
        rules({**NIGHTS_2, "shifts": "early", "weekdays": ["sat", "sun"], "max": 1}),
        week("c", "early", FRI, SAT, SUN),
        bills=(Bill("shift_count#1", "c", None, 3),),
    ),
    Case(
        # The benchmark's per-person maxima: one rule per shift type, a limit per person.
        "shift_count",
        "max_by_staff",
        rules({"kind": "shift_count", "shifts": "night", "max_by_staff": {"a": 0}, "hard": True}),
        (Work("a", MON, "night"), *week("b", "night", TUE, WED, THU)),
        breaches=(Breach("shift_count#1", "a", None),),
    ),
    Case(
        "shift_count",
        "min_by_staff",
        rules({**NIGHTS_2, "min_by_staff": {"b": 2}}),
        week("a", "night", MON, TUE),
        bills=(Bill("shift_count#1", "b", None, 2 * 3),),
    ),
    Case(
        # Employed Thursday to Sunday: min 7 becomes 7 * 4 // 7 = 4.
        "shift_count",
        "min_scaled_by_employment",
        {"staff": [person("a", ["nurse"], start_date=THU.isoformat())]}
        | rules(for_a({"kind": "shift_count", "shifts": "early", "min": 7, "weight": 1})),
        week("a", "early", THU, FRI, SAT, SUN),
    ),
]

TARGET_16 = {"kind": "hours_target", "hours": 16, "weight": 1}

HOURS_TARGET = [
    Case("hours_target", "on_target", rules(for_a(TARGET_16)), week("a", "early", MON, TUE)),
    Case(
        "hours_target",
        "below",
        rules(for_a(TARGET_16)),
        week("a", "early", MON),
        bills=(Bill("hours_target#1", "a", MON, 480),),
    ),
    Case(
        "hours_target",
        "above_beyond_the_tolerance",
        rules(for_a({**TARGET_16, "tolerance": 2, "weight": 2})),
        week("a", "early", MON, TUE, WED),
        bills=(Bill("hours_target#1", "a", MON, 2 * (1440 - 1080)),),
    ),
    Case(
        "hours_target",
        "fte_shares",
        rules(
            {"kind": "hours_target", "hours": 32, "fte": {"a": 0.5}, "weight": 1}
            | {"applies_to": {"staff": ["a", "b"]}}
        ),
        (*week("a", "early", MON, TUE), *week("b", "early", MON, TUE, WED)),
        bills=(Bill("hours_target#1", "b", MON, 480),),
    ),
    Case(
        "hours_target",
        "hours_by_staff",
        rules({"kind": "hours_target", "hours_by_staff": {"c": 8}, "weight": 1}),
        (*week("a", "early", MON), *week("c", "early", MON, TUE)),
        bills=(Bill("hours_target#1", "c", MON, 480),),
    ),
    Case(
        "hours_target",
        "per_horizon",
        rules(for_a({**TARGET_16, "per": "horizon", "hours": 8})),
        week("a", "early", MON, SUN),
        bills=(Bill("hours_target#1", "a", None, 480),),
    ),
    Case(
        # Thursday to Sunday: 14 h becomes 840 * 4 // 7 = 480 minutes.
        "hours_target",
        "scaled_when_the_horizon_cuts_the_week",
        {"horizon": horizon(THU, SUN)} | rules(for_a({**TARGET_16, "hours": 14})),
        week("a", "early", THU),
    ),
    Case(
        "hours_target",
        "history_counts_in_the_first_week",
        {"horizon": horizon(THU, SUN)}
        | rules(for_a(TARGET_16))
        | history("a", (MON, "early"), (TUE, "early")),
        week("a", "early", FRI),
        bills=(Bill("hours_target#1", "a", THU, 480),),
    ),
    Case(
        # The Sunday night ends on Monday 9 March but counts in the week it starts.
        "hours_target",
        "night_counts_in_the_week_it_starts",
        rules(for_a({**TARGET_16, "hours": 8})),
        (Work("a", SAT, "early"), Work("a", SUN, "night")),
        bills=(Bill("hours_target#1", "a", MON, 480),),
    ),
    Case(
        "hours_target",
        "hard",
        rules(for_a({"kind": "hours_target", "hours": 16, "tolerance": 8, "hard": True})),
        (),
        breaches=(Breach("hours_target#1", "a", MON),),
    ),
]

CASES: list[Case] = [*SHIFT_COUNT, *HOURS_TARGET]


def draw_rules(draw: Any, document: dict[str, Any]) -> None:
    """Add a shift count and an hours target, sometimes."""
    shift_ids = [s["id"] for s in document["shifts"]]
    staff_ids = [s["id"] for s in document["staff"]]
    rules_: list[dict[str, Any]] = document.setdefault("rules", [])
    if draw(st.integers(0, 2)) == 0:
        rule: dict[str, Any] = {
            "kind": "shift_count",
            "shifts": draw(st.lists(st.sampled_from(shift_ids), min_size=1, unique=True)),
            "per": draw(st.sampled_from(["horizon", "week", "window"])),
        }
        if rule["per"] == "window":
            rule["window_days"] = draw(st.integers(1, 4))
        if draw(st.booleans()):
            rule["min"] = draw(st.integers(0, 2))
        if draw(st.booleans()) or "min" not in rule:
            rule["max"] = rule.get("min", 0) + draw(st.integers(0, 2))
        if draw(st.booleans()):
            rule["max_by_staff"] = {draw(st.sampled_from(staff_ids)): draw(st.integers(0, 3))}
        if draw(st.integers(0, 3)) == 0:
            rule["weekdays"] = draw(st.lists(st.sampled_from(["mon", "sat", "sun"]), min_size=1))
            rule["weekdays"] = sorted(set(rule["weekdays"]))
        rules_.append(rule | _strength(draw))
    if draw(st.integers(0, 2)) == 0:
        rule = {
            "kind": "hours_target",
            "per": draw(st.sampled_from(["week", "horizon"])),
            "hours": draw(st.sampled_from([8, 16, 20.5])),
            "tolerance": draw(st.sampled_from([0, 4])),
        }
        if draw(st.booleans()):
            rule["fte"] = {draw(st.sampled_from(staff_ids)): draw(st.sampled_from([0.5, 0.8]))}
        rules_.append(rule | {"weight": draw(st.integers(1, 3))})


def _strength(draw: Any) -> dict[str, Any]:
    if rarely(draw):
        return {"hard": True}
    return {"weight": draw(st.integers(1, 30))}
