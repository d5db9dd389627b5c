"""Cases of the labour cost rules (labour_cost, budget) and their property-test drawer.

Amounts of ``labour_cost`` are in sixtieths of a cent: minutes × cents an hour. An 8-hour shift
at 20.00 an hour is 480 × 2000 = 960000 (160.00). ``budget`` bills per currency unit.
"""

from __future__ import annotations

from datetime import date, timedelta
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
    rarely,
    rules,
    week,
)

# The base practice's shifts (tests/conftest.py): early 07-15, late 15-23, night 23-07 (nurses),
# every day of Mon 2 to Sun 8 March 2026, Europe/Berlin. Here a earns 20.00 an hour, b 25.33
# and c has no wage.
PAID = {
    "staff": [
        person("a", ["nurse"], hourly_wage=20),
        person("b", ["nurse", "desk"], hourly_wage=25.33),
        person("c", ["desk"]),
    ]
}
SHIFT = 480 * 2000
"""a's 8-hour shift: 960000 sixtieths of a cent (160.00)."""
B_SHIFT = 480 * 2533
"""b's 8-hour shift: 1215840 (202.64)."""
COST = {"kind": "labour_cost"}
NIGHT_25 = {"kind": "labour_cost", "night_differential": {"percent": 25}}
OVERTIME_16 = {"kind": "labour_cost", "overtime": {"hours_per_week": 16}}


def doc(*entries: dict[str, Any], **sections: Any) -> dict[str, Any]:
    """The paid staff, ``rules`` and any other sections."""
    return {**PAID, **rules(*entries), **sections}


def history(staff: str, *worked: tuple[date, str]) -> dict[str, Any]:
    """A ``history`` section: shifts ``staff`` worked before the horizon."""
    return {
        "history": [
            {"staff": staff, "worked": [{"date": d.isoformat(), "shift": s} for d, s in worked]}
        ]
    }


def bill(staff: str, day: date, amount: int, rule_id: str = "labour_cost#1") -> Bill:
    """A ``labour_cost`` item."""
    return Bill(rule_id, staff, day, amount)


SPRING_SAT, FALL_SAT = date(2026, 3, 28), date(2026, 10, 24)
DAY = timedelta(days=1)

LABOUR_COST = [
    Case("labour_cost", "nobody_works", doc(COST), ()),
    Case("labour_cost", "no_wage_costs_nothing", doc(COST), week("c", "early", MON, TUE)),
    Case("labour_cost", "one_shift", doc(COST), week("a", "early", MON), (bill("a", MON, SHIFT),)),
    Case(
        "labour_cost",
        "two_shifts_one_day_are_one_item",
        doc(COST),
        (*week("a", "early", MON), *week("a", "late", MON)),
        (bill("a", MON, 2 * SHIFT),),
    ),
    Case(
        "labour_cost",
        "weight_multiplies",
        doc({**COST, "weight": 3}),
        week("a", "early", MON, TUE),
        (bill("a", MON, 3 * SHIFT), bill("a", TUE, 3 * SHIFT)),
    ),
    Case(
        # 25.325 an hour is 2532.5 cents: rounded half up to 2533 (not to the even 2532).
        "labour_cost",
        "wage_rounded_half_up_to_cents",
        {**doc(COST), "staff": [person("a", ["nurse"], hourly_wage=25.325)]},
        week("a", "early", MON),
        (bill("a", MON, 480 * 2533),),
    ),
    Case(
        "labour_cost",
        "applies_to",
        doc({**COST, "applies_to": {"staff": ["b"]}}),
        (*week("a", "early", MON), *week("b", "late", MON)),
        (bill("b", MON, B_SHIFT),),
    ),
    Case(
        # 23:00 to 07:00 has 420 minutes inside 22:00 to 06:00, at 25% of 20.00 = 5.00 extra.
        "labour_cost",
        "night_differential_percent",
        doc(NIGHT_25),
        (*week("a", "early", MON), *week("a", "night", TUE)),
        (bill("a", MON, SHIFT), bill("a", TUE, SHIFT + 420 * 500)),
    ),
    Case(
        # 25.33 × 25% = 6.3325, rounded to 633 cents an hour.
        "labour_cost",
        "night_differential_percent_rounded",
        doc(NIGHT_25),
        week("b", "night", MON),
        (bill("b", MON, B_SHIFT + 420 * 633),),
    ),
    Case(
        "labour_cost",
        "night_differential_per_hour_own_window",
        doc(
            {
                "kind": "labour_cost",
                "night_differential": {"start": "00:00", "end": "05:00", "per_hour": 4.5},
            }
        ),
        week("a", "night", MON),
        (bill("a", MON, SHIFT + 300 * 450),),
    ),
    Case(
        # Clocks go forward at 02:00: the night lasts 7 real hours, 6 of them in 22:00-06:00.
        "labour_cost",
        "night_across_spring_forward",
        doc(NIGHT_25, horizon=horizon(SPRING_SAT, SPRING_SAT + timedelta(days=1))),
        (Work("a", SPRING_SAT, "night"),),
        (bill("a", SPRING_SAT, 420 * 2000 + 360 * 500),),
    ),
    Case(
        # Clocks go back at 03:00: the night lasts 9 real hours, 8 of them in 22:00-06:00.
        "labour_cost",
        "night_across_fall_back",
        doc(NIGHT_25, horizon=horizon(FALL_SAT, FALL_SAT + timedelta(days=1))),
        (Work("a", FALL_SAT, "night"),),
        (bill("a", FALL_SAT, 540 * 2000 + 480 * 500),),
    ),
    Case(
        # 3.00 extra an hour on Saturday and Sunday: Friday's night has 7 hours of Saturday,
        # Sunday's night 1 hour of Sunday.
        "labour_cost",
        "weekend_differential",
        doc({"kind": "labour_cost", "weekend_differential": {"per_hour": 3}}),
        (*week("a", "night", FRI), *week("a", "early", SAT), *week("a", "night", SUN)),
        (
            bill("a", FRI, SHIFT + 420 * 300),
            bill("a", SAT, SHIFT + 480 * 300),
            bill("a", SUN, SHIFT + 60 * 300),
        ),
    ),
    Case(
        "labour_cost",
        "weekend_differential_own_days",
        doc({"kind": "labour_cost", "weekend_differential": {"percent": 10, "days": ["sun"]}}),
        week("a", "early", SAT, SUN),
        (bill("a", SAT, SHIFT), bill("a", SUN, SHIFT + 480 * 200)),
    ),
    Case(
        "labour_cost",
        "overtime_threshold_met",
        doc(OVERTIME_16),
        week("a", "early", MON, TUE),
        (bill("a", MON, SHIFT), bill("a", TUE, SHIFT)),
    ),
    Case(
        # 8 hours above 16, at 1.5 × 20.00 = 30.00: 10.00 an hour extra, billed on Monday.
        "labour_cost",
        "overtime_above_threshold",
        doc(OVERTIME_16),
        week("a", "early", MON, TUE, WED),
        (
            bill("a", MON, SHIFT),
            bill("a", TUE, SHIFT),
            bill("a", WED, SHIFT),
            bill("a", MON, 480 * 1000),
        ),
    ),
    Case(
        # 1.5 × 25.33 = 37.995, rounded to 38.00: 12.67 extra.
        "labour_cost",
        "overtime_rate_rounded",
        doc({"kind": "labour_cost", "overtime": {"hours_per_week": 8}}),
        week("b", "early", MON, TUE),
        (bill("b", MON, B_SHIFT), bill("b", TUE, B_SHIFT), bill("b", MON, 480 * 1267)),
    ),
    Case(
        "labour_cost",
        "overtime_default_40_hours",
        doc(COST),
        week("a", "early", MON, TUE, WED, THU, FRI, SAT),
        (*(bill("a", d, SHIFT) for d in (MON, TUE, WED, THU, FRI, SAT)), bill("a", MON, 480_000)),
    ),
    Case(
        "labour_cost",
        "overtime_off",
        doc({"kind": "labour_cost", "overtime": None}),
        week("a", "early", MON, TUE, WED, THU, FRI, SAT),
        tuple(bill("a", d, SHIFT) for d in (MON, TUE, WED, THU, FRI, SAT)),
    ),
    Case(
        # a's contract says 8 hours a week (the contract rule itself costs nothing here); b has
        # no contract and keeps the 40 hours.
        "labour_cost",
        "overtime_from_the_contract",
        {
            "staff": [
                person("a", ["nurse"], hourly_wage=20, contract={"max_hours_per_week": 8}),
                person("b", ["nurse", "desk"], hourly_wage=25.33),
            ],
            **rules(
                {"kind": "labour_cost", "overtime": {"contract": True}},
                {"kind": "contract", "weight": 0},
            ),
        },
        (*week("a", "early", MON, TUE), *week("b", "late", MON, TUE)),
        (
            bill("a", MON, SHIFT),
            bill("a", TUE, SHIFT),
            bill("a", MON, 480 * 1000),
            bill("b", MON, B_SHIFT),
            bill("b", TUE, B_SHIFT),
        ),
    ),
    Case(
        # Monday and Tuesday (16 h) are history; the week's 24 h threshold leaves 8 h.
        "labour_cost",
        "overtime_counts_history",
        doc(
            {"kind": "labour_cost", "overtime": {"hours_per_week": 24}},
            horizon=horizon(WED, SUN),
            **history("a", (MON, "early"), (TUE, "early")),
        ),
        week("a", "early", WED, THU),
        (bill("a", WED, SHIFT), bill("a", THU, SHIFT), bill("a", WED, 480 * 1000)),
    ),
    Case(
        # Thursday 5 to Wednesday 11 March: two ISO weeks, each judged on its own.
        "labour_cost",
        "overtime_per_iso_week",
        doc(OVERTIME_16, horizon=horizon(THU, date(2026, 3, 11))),
        (*week("a", "early", THU, FRI, SAT), *week("a", "early", MON + 7 * DAY, WED + 7 * DAY)),
        (
            *(bill("a", d, SHIFT) for d in (THU, FRI, SAT, MON + 7 * DAY, WED + 7 * DAY)),
            bill("a", THU, 480 * 1000),
        ),
    ),
]

BUDGET = [
    Case(
        "budget",
        "at_the_cap",
        doc({"kind": "budget", "cap": 160, "weight": 5}),
        week("a", "early", MON),
    ),
    Case(
        "budget",
        "over_the_cap",
        doc({"kind": "budget", "cap": 150, "weight": 5}),
        week("a", "early", MON),
        (Bill("budget#1", None, None, 50),),
    ),
    Case(
        # 0.01 over is a started currency unit.
        "budget",
        "a_cent_over",
        doc({"kind": "budget", "cap": 159.99, "weight": 5}),
        week("a", "early", MON),
        (Bill("budget#1", None, None, 5),),
    ),
    Case(
        "budget",
        "hard_within",
        doc({"kind": "budget", "cap": 1000, "hard": True}),
        week("a", "early", MON, TUE),
    ),
    Case(
        "budget",
        "hard_over",
        doc({"kind": "budget", "cap": 300, "hard": True}),
        week("a", "early", MON, TUE),
        breaches=(Breach("budget#1", None, None),),
    ),
    Case(
        "budget",
        "people_without_wage_are_free",
        doc({"kind": "budget", "cap": 0, "weight": 1}),
        week("c", "early", MON, TUE),
    ),
    Case(
        "budget",
        "applies_to",
        doc({"kind": "budget", "cap": 0, "weight": 1, "applies_to": {"staff": ["b"]}}),
        (*week("a", "early", MON), *week("b", "early", TUE)),
        (Bill("budget#1", None, None, 203),),
    ),
    Case(
        # 3 × 160.00 plus 8 overtime hours at 10.00 extra: 560.00.
        "budget",
        "overtime_included",
        doc(
            {"kind": "budget", "cap": 500, "weight": 1, "pay": {"overtime": {"hours_per_week": 16}}}
        ),
        week("a", "early", MON, TUE, WED),
        (Bill("budget#1", None, None, 60),),
    ),
    Case(
        # A labour_cost rule of weight 0 bills nothing but sets the prices: the night costs
        # 160.00 + 7 h × 5.00 = 195.00.
        "budget",
        "priced_like_labour_cost",
        doc(NIGHT_25 | {"weight": 0}, {"kind": "budget", "cap": 190, "weight": 1}),
        week("a", "night", MON),
        (Bill("budget#1", None, None, 5),),
    ),
    Case(
        "budget",
        "weekly",
        doc(
            {"kind": "budget", "cap": 300, "weight": 1, "period": "weekly"},
            horizon=horizon(MON, date(2026, 3, 15)),
        ),
        (*week("a", "early", MON, TUE), Work("a", date(2026, 3, 9), "early")),
        (Bill("budget#1", None, MON, 20),),
    ),
    Case(
        # Periods of 14 days from Wednesday 4 March: Monday and Tuesday belong to the one before.
        "budget",
        "biweekly_from_an_anchor",
        doc({"kind": "budget", "cap": 100, "weight": 1, "period": "biweekly", "anchor": WED}),
        week("a", "early", MON, WED),
        (Bill("budget#1", None, MON, 60), Bill("budget#1", None, WED, 60)),
    ),
    Case(
        # The ISO week of Thursday 26 February ends on Sunday 1 March, so its overtime (8 h at
        # 10.00) counts in March.
        "budget",
        "monthly_overtime_counts_where_the_week_ends",
        doc(
            {
                "kind": "budget",
                "cap": 0,
                "weight": 1,
                "period": "monthly",
                "pay": {"overtime": {"hours_per_week": 16}},
            },
            horizon=horizon(date(2026, 2, 26), WED),
        ),
        week("a", "early", date(2026, 2, 26), date(2026, 2, 27), date(2026, 2, 28)),
        (Bill("budget#1", None, date(2026, 2, 26), 480), Bill("budget#1", None, SUN - 7 * DAY, 80)),
    ),
]

CASES = [*LABOUR_COST, *BUDGET]


def draw_rules(draw: Any, document: dict[str, Any]) -> None:
    """Wages for some staff, and now and then a labour_cost rule, a budget and priorities.

    Cost is large next to the other weights (an hour is 60 × cents), so labour_cost usually
    goes on priority level 2, which also exercises the lexicographic solve.
    """
    from hypothesis import strategies as st

    if draw(st.integers(0, 2)) != 0:
        return
    for entry in document["staff"]:
        if draw(st.integers(0, 3)) != 0:
            entry["hourly_wage"] = draw(st.sampled_from([0, 12.5, 20, 25.33, 31.125]))
    rule: dict[str, Any] = {"kind": "labour_cost", "weight": draw(st.integers(0, 3))}
    rule["priority"] = draw(st.sampled_from([1, 2, 2, 3]))
    overtime = draw(st.sampled_from(["default", "off", "short", "contract"]))
    if overtime == "off":
        rule["overtime"] = None
    elif overtime == "short":
        rule["overtime"] = {"hours_per_week": draw(st.sampled_from([8, 12.5])), "multiplier": 2}
    elif overtime == "contract":
        rule["overtime"] = {"hours_per_week": 10, "contract": True}
    if draw(st.booleans()):
        night: dict[str, Any] = {"start": f"{draw(st.integers(18, 23)):02d}:00", "end": "06:00"}
        night |= {"percent": 25} if draw(st.booleans()) else {"per_hour": 2.75}
        rule["night_differential"] = night
    if draw(st.booleans()):
        rule["weekend_differential"] = {
            "per_hour": 3,
            "days": draw(st.sampled_from([["sat", "sun"], ["sun"]])),
        }
    document["rules"].append(rule)
    if draw(st.booleans()):
        budget: dict[str, Any] = {"kind": "budget", "cap": draw(st.sampled_from([0, 150, 800.5]))}
        budget["period"] = draw(st.sampled_from(["horizon", "weekly", "monthly"]))
        # Hard only with the largest cap: the others leave paid staff a shift or two at most.
        if budget["cap"] > 500 and rarely(draw):
            budget["hard"] = True
        else:
            budget |= {"weight": draw(st.integers(1, 50)), "priority": draw(st.integers(1, 3))}
        document["rules"].append(budget)
    # Rank some of the other soft entries too.
    for section in ("coverage", "availability"):
        for entry in document.get(section, []):
            if "weight" in entry and draw(st.integers(0, 2)) == 0:
                entry["priority"] = draw(st.integers(1, 3))
