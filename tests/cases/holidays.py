"""Cases of public holidays and closures: closed days have no coverage unless a line names them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from cases._base import MON, SUN, TUE, WED, Bill, Case, horizon, week

# The base practice has staff a (nurse), b (nurse, desk), c (desk) and, every day, shifts
# early 07-15, late 15-23 and night 23-07 (nurses only); see tests/conftest.py.

# Good Friday (3 April) and Easter Monday (6 April) 2026 are public holidays in Bavaria.
GOOD_FRIDAY, EASTER_SAT, EASTER_SUN, EASTER_MON = (date(2026, 4, d) for d in range(3, 7))
EASTER = {"horizon": horizon(GOOD_FRIDAY, EASTER_MON)}
BAVARIA = {"country": "DE", "subdivision": "BY"}
EARLY = {"coverage": [{"shift": "early", "min": 1}]}

HOLIDAYS = [
    Case(
        "coverage",
        "closed_on_public_holidays",
        EASTER | EARLY | {"holidays": BAVARIA},
        (),
        bills=(
            Bill("coverage#1", None, EASTER_SAT, 1000),
            Bill("coverage#1", None, EASTER_SUN, 1000),
        ),
    ),
    Case(
        "coverage",
        "open_weekend_covered",
        EASTER | EARLY | {"holidays": BAVARIA},
        week("c", "early", EASTER_SAT, EASTER_SUN),
    ),
    Case(
        # Without a subdivision, Germany's nationwide holidays: both Easter days are among them.
        "coverage",
        "nationwide_holidays",
        EASTER | EARLY | {"holidays": {"country": "de"}},
        week("c", "early", EASTER_SAT, EASTER_SUN),
    ),
    Case(
        "coverage",
        "open_on_holidays",
        EASTER | EARLY | {"holidays": BAVARIA | {"closed": False}},
        week("c", "early", EASTER_SAT, EASTER_SUN),
        bills=(
            Bill("coverage#1", None, GOOD_FRIDAY, 1000),
            Bill("coverage#1", None, EASTER_MON, 1000),
        ),
    ),
    Case(
        "coverage",
        "opens_on_one_holiday",
        EASTER | EARLY | {"holidays": BAVARIA | {"open_on": [EASTER_MON.isoformat()]}},
        week("c", "early", EASTER_SAT, EASTER_SUN),
        bills=(Bill("coverage#1", None, EASTER_MON, 1000),),
    ),
    Case(
        # A line that lists a closed day in `dates` still asks for it.
        "coverage",
        "listed_date_on_a_holiday",
        EASTER
        | {"holidays": BAVARIA}
        | {"coverage": [{"shift": "early", "min": 1, "dates": [GOOD_FRIDAY.isoformat()]}]},
        (),
        bills=(Bill("coverage#1", None, GOOD_FRIDAY, 1000),),
    ),
    Case(
        "coverage",
        "closure_day",
        {"horizon": horizon(MON, WED), "closures": [TUE.isoformat()]} | EARLY,
        week("c", "early", MON, WED),
    ),
    Case(
        "coverage",
        "closure_range_with_a_name",
        {
            "horizon": horizon(MON, WED),
            "closures": [{"start_date": "2026-02-27", "end_date": TUE, "name": "move"}],
        }
        | EARLY,
        (),
        bills=(Bill("coverage#1", None, WED, 1000),),
    ),
    Case(
        "coverage",
        "closure_outside_the_horizon",
        {"horizon": horizon(MON, TUE), "closures": [SUN.isoformat()]} | EARLY,
        week("c", "early", MON),
        bills=(Bill("coverage#1", None, TUE, 1000),),
    ),
]

CASES: list[Case] = HOLIDAYS

COUNTRIES = [
    {"country": "DE", "subdivision": "BY"},
    {"country": "US", "subdivision": "TX"},
    {"country": "PH"},
    {"country": "DE", "closed": False},
]


def draw_rules(draw: Any, document: dict[str, Any]) -> None:
    """Sometimes give the practice public holidays and closure days."""
    first = date.fromisoformat(document["horizon"]["start"])
    last = date.fromisoformat(document["horizon"]["end"])
    if "holidays" not in document and draw(st.integers(0, 2)) == 0:
        document["holidays"] = dict(draw(st.sampled_from(COUNTRIES)))
    if draw(st.integers(0, 2)) == 0:
        days = (last - first).days
        closed = [first + timedelta(days=draw(st.integers(0, days))) for _ in range(2)]
        document["closures"] = sorted({d.isoformat() for d in closed})
