"""The payroll summary: hours, overtime, night and weekend hours and cost per person and period."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from cases._base import person
from conftest import PracticeFactory

import rosterkit
from rosterkit import Practice, Roster
from rosterkit.adapters.payroll import PAYROLL_COLUMNS, payroll_csv_text
from rosterkit.rules import PayRules, payroll
from rosterkit.rules.cost import money

MON = date(2026, 3, 2)
DAY = timedelta(days=1)
PAY_RULES = {
    "kind": "labour_cost",
    "overtime": {"hours_per_week": 16},
    "night_differential": {"percent": 25},
    "weekend_differential": {"per_hour": 3},
}
STAFF = [
    person("a", ["nurse"], hourly_wage=20),
    person("b", ["nurse", "desk"], hourly_wage=25.33),
    person("c", ["desk"]),
]


def paid(**sections: Any) -> dict[str, Any]:
    return {"staff": STAFF, "rules": [PAY_RULES], **sections}


def roster(practice: Practice, *work: tuple[str, date, str]) -> Roster:
    return Roster.of(practice.assignment(s, d, shift) for s, d, shift in work)


def week_of_work(practice: Practice) -> Roster:
    """a: three earlies and Saturday's night; b: Sunday's late; c (no wage): Monday's early."""
    return roster(
        practice,
        ("a", MON, "early"),
        ("a", MON + DAY, "early"),
        ("a", MON + 2 * DAY, "early"),
        ("a", MON + 5 * DAY, "night"),
        ("b", MON + 6 * DAY, "late"),
        ("c", MON, "early"),
    )


def test_rows_are_exact(make_practice: PracticeFactory) -> None:
    practice = make_practice(paid())
    rows = payroll(practice, week_of_work(practice))
    table = [
        (
            r.staff_id,
            r.shifts,
            r.minutes,
            r.overtime_minutes,
            r.night_minutes,
            r.weekend_minutes,
            r.wage_cents,
            r.cost_units,
        )
        for r in rows
    ]
    # a: 32 h, 16 over the 16-hour week; Saturday's night has 7 h in 22-06, all 8 on the
    # weekend. 2000 × 1920 + 500 × 420 + 300 × 480 + 1000 × 960 sixtieths of a cent.
    # b: 15-23 on Sunday: 1 h of night at 633 extra, 8 weekend hours at 300.
    assert table == [
        ("a", 4, 1920, 960, 420, 480, 2000, 5_154_000),
        ("b", 1, 480, 0, 60, 480, 2533, 480 * 2533 + 60 * 633 + 480 * 300),
        ("c", 1, 480, 0, 0, 0, None, None),
    ]
    assert [r.cost for r in rows] == [Decimal("859.00"), Decimal("232.97"), None]
    assert {(r.period_start, r.period_end) for r in rows} == {(MON, MON + 6 * DAY)}


def test_payroll_prices_as_the_labour_cost_rule_bills(make_practice: PracticeFactory) -> None:
    practice = make_practice(paid())
    work = week_of_work(practice)
    billed = sum(p.amount for p in rosterkit.check(practice, work).penalties)
    assert sum(r.cost_units or 0 for r in payroll(practice, work)) == billed == 6_551_820


def test_solved_roster_costs_in_payroll_what_it_costs_in_the_bill(
    make_practice: PracticeFactory,
) -> None:
    practice = make_practice(
        paid(coverage=[{"shift": "early", "min": 1}, {"shift": "night", "min": 1}])
        | {"rules": [PAY_RULES | {"priority": 2}]}
    )
    result = rosterkit.solve(practice, time_limit=10, workers=1, seed=0)
    assert result.status is rosterkit.Status.OPTIMAL
    cost = sum(p.amount for p in result.penalties if p.kind == "labour_cost")
    assert sum(r.cost_units or 0 for r in payroll(practice, result.roster)) == cost
    assert result.levels[1] == 0


def test_frame(make_practice: PracticeFactory) -> None:
    practice = make_practice(paid())
    frame = rosterkit.payroll_frame(practice, week_of_work(practice))
    assert list(frame.columns) == list(PAYROLL_COLUMNS)
    assert frame["staff_id"].tolist() == ["a", "b", "c"]
    assert frame["hours"].tolist() == [32.0, 8.0, 8.0]
    assert frame["overtime_hours"].tolist() == [16.0, 0.0, 0.0]
    assert frame["night_hours"].tolist() == [7.0, 1.0, 0.0]
    assert frame["cost"].tolist()[:2] == [859.0, 232.97]
    assert math.isnan(frame["cost"].tolist()[2])
    assert math.isnan(frame["hourly_wage"].tolist()[2])
    assert str(frame["shifts"].dtype) == "int64"
    assert str(frame["cost"].dtype) == "float64"


def test_empty_frame_keeps_its_columns(make_practice: PracticeFactory) -> None:
    frame = rosterkit.payroll_frame(make_practice(paid()), Roster(()))
    assert list(frame.columns) == list(PAYROLL_COLUMNS)
    assert len(frame) == 0


def test_csv_text(make_practice: PracticeFactory) -> None:
    practice = make_practice(paid())
    assert payroll_csv_text(practice, week_of_work(practice)) == (
        "period_start,period_end,staff_id,staff_name,shifts,hours,overtime_hours,night_hours,"
        "weekend_hours,hourly_wage,cost\n"
        "2026-03-02,2026-03-08,a,A,4,32.00,16.00,7.00,8.00,20.00,859.00\n"
        "2026-03-02,2026-03-08,b,B,1,8.00,0.00,1.00,8.00,25.33,232.97\n"
        "2026-03-02,2026-03-08,c,C,1,8.00,0.00,0.00,0.00,,\n"
    )


def test_csv_cells_are_never_formulas(make_practice: PracticeFactory) -> None:
    practice = make_practice(
        paid(staff=[person("a", ["nurse"], hourly_wage=20) | {"name": "=HYPERLINK(1)"}])
    )
    text = payroll_csv_text(practice, roster(practice, ("a", MON, "early")), delimiter=";")
    assert text.splitlines()[1] == (
        "2026-03-02;2026-03-08;a;'=HYPERLINK(1);1;8.00;0.00;0.00;0.00;20.00;160.00"
    )


def test_write_payroll_csv(make_practice: PracticeFactory, tmp_path: Path) -> None:
    practice = make_practice(paid())
    work = week_of_work(practice)
    path = rosterkit.write_payroll_csv(practice, work, tmp_path / "payroll.csv", bom=True)
    assert path == tmp_path / "payroll.csv"
    assert path.read_text(encoding="utf-8") == "\ufeff" + payroll_csv_text(practice, work)
    assert [p.name for p in tmp_path.iterdir()] == ["payroll.csv"]


def test_a_bad_delimiter_is_a_validation_error(make_practice: PracticeFactory) -> None:
    with pytest.raises(rosterkit.ValidationError, match="delimiter"):
        payroll_csv_text(make_practice(paid()), Roster(()), delimiter="\t")


# --- pay periods --------------------------------------------------------------------------

FEB_26 = date(2026, 2, 26)
ACROSS_MONTHS = {"horizon": {"start": "2026-02-26", "end": "2026-03-04"}}


def across_months(make_practice: PracticeFactory) -> tuple[Practice, Roster]:
    """Thursday 26 February to Saturday 28 February and Monday 2 March: 24 h in the ISO week
    ending Sunday 1 March (8 over 16), 8 h in the next; no differentials."""
    overtime = {"kind": "labour_cost", "overtime": {"hours_per_week": 16}}
    practice = make_practice(paid(**ACROSS_MONTHS, rules=[overtime]))
    work = roster(
        practice,
        ("a", FEB_26, "early"),
        ("a", FEB_26 + DAY, "early"),
        ("a", FEB_26 + 2 * DAY, "early"),
        ("a", MON, "early"),
    )
    return practice, work


def periods(rows: list[Any]) -> list[tuple[date, date, int, int, Decimal]]:
    return [(r.period_start, r.period_end, r.shifts, r.overtime_minutes, r.cost) for r in rows]


def test_monthly_overtime_goes_to_the_month_the_week_ends_in(
    make_practice: PracticeFactory,
) -> None:
    practice, work = across_months(make_practice)
    assert periods(payroll(practice, work, period="monthly")) == [
        (date(2026, 2, 1), date(2026, 2, 28), 3, 0, Decimal("480.00")),
        (date(2026, 3, 1), date(2026, 3, 31), 1, 480, Decimal("240.00")),
    ]


def test_weekly_periods(make_practice: PracticeFactory) -> None:
    practice, work = across_months(make_practice)
    assert periods(payroll(practice, work)) == [
        (date(2026, 2, 23), date(2026, 3, 1), 3, 480, Decimal("560.00")),
        (MON, MON + 6 * DAY, 1, 0, Decimal("160.00")),
    ]


def test_biweekly_periods_from_an_anchor(make_practice: PracticeFactory) -> None:
    practice, work = across_months(make_practice)
    rows = payroll(practice, work, period="biweekly", anchor=date(2026, 2, 27))
    assert periods(rows) == [
        (date(2026, 2, 13), FEB_26, 1, 0, Decimal("160.00")),
        (date(2026, 2, 27), date(2026, 3, 12), 3, 480, Decimal("560.00")),
    ]


def test_other_pay_rules(make_practice: PracticeFactory) -> None:
    practice, work = across_months(make_practice)
    rows = payroll(practice, work, period="monthly", pay=PayRules(overtime=None))
    assert periods(rows) == [
        (date(2026, 2, 1), date(2026, 2, 28), 3, 0, Decimal("480.00")),
        (date(2026, 3, 1), date(2026, 3, 31), 1, 0, Decimal("160.00")),
    ]


@pytest.mark.parametrize(
    ("period", "anchor", "match"),
    [("biweekly", None, "anchor"), ("monthly", MON, "calendar months")],
)
def test_anchor_needed_or_forbidden(
    make_practice: PracticeFactory, period: Any, anchor: date | None, match: str
) -> None:
    with pytest.raises(rosterkit.ValidationError, match=match):
        rosterkit.payroll_frame(make_practice(paid()), Roster(()), period=period, anchor=anchor)


# --- real time and history ----------------------------------------------------------------


def test_night_across_spring_forward(make_practice: PracticeFactory) -> None:
    saturday = date(2026, 3, 28)
    practice = make_practice(
        {
            "staff": STAFF,
            "horizon": {"start": "2026-03-28", "end": "2026-03-29"},
        }
    )
    (row,) = payroll(practice, roster(practice, ("a", saturday, "night")))
    # 23:00 to 07:00 while the clocks go forward: 7 real hours, 6 of them in 22:00-06:00, all
    # on the weekend. Without a labour_cost rule, only the wage is paid.
    assert (row.minutes, row.night_minutes, row.weekend_minutes) == (420, 360, 420)
    assert row.cost == Decimal("140.00")


def test_overtime_counts_the_week_from_history(make_practice: PracticeFactory) -> None:
    history = [
        {
            "staff": "a",
            "worked": [
                {"date": "2026-03-02", "shift": "early"},
                {"date": "2026-03-03", "shift": "early"},
            ],
        }
    ]
    practice = make_practice(
        paid(
            horizon={"start": "2026-03-04", "end": "2026-03-08"},
            history=history,
            rules=[{"kind": "labour_cost", "overtime": {"hours_per_week": 24}}],
        )
    )
    wednesday = MON + 2 * DAY
    (row,) = payroll(
        practice, roster(practice, ("a", wednesday, "early"), ("a", wednesday + DAY, "early"))
    )
    assert (row.period_start, row.shifts, row.minutes, row.overtime_minutes) == (MON, 2, 960, 480)
    assert row.cost == Decimal("400.00")


def test_a_roster_of_another_practice(make_practice: PracticeFactory) -> None:
    other = make_practice({"staff": [person("zoe", ["nurse"])]})
    work = roster(other, ("zoe", MON, "early"))
    with pytest.raises(rosterkit.ValidationError, match="zoe"):
        rosterkit.payroll_frame(make_practice(paid()), work)


@pytest.mark.parametrize(
    ("units", "shown"),
    [
        (0, "0.00"),
        (29, "0.00"),
        (30, "0.01"),
        (6000, "1.00"),
        (5_154_000, "859.00"),
        (1_397_820, "232.97"),
    ],
)
def test_money_rounds_half_up_to_cents(units: int, shown: str) -> None:
    assert money(units) == Decimal(shown)
    assert str(money(units)) == shown
