"""Cases of remote work: work modes, local hours across time zones, remote days, presence."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from cases._base import (
    MON,
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
    shift,
    week,
)

# a works on site, b either way (hybrid), c only remotely; phone is the remote shift.
STAFF = {
    "staff": [
        person("a", ["nurse"], work_mode="onsite"),
        person("b", ["nurse", "desk"]),
        person("c", ["desk"], work_mode="remote"),
    ]
}
SHIFTS = {
    "shifts": [
        shift("early", "07:00", "15:00"),
        shift("phone", "07:00", "15:00", remote=True),
        shift("late", "15:00", "23:00"),
    ]
}
BASE = STAFF | SHIFTS

# c answers phones from Manila (UTC+8, no daylight saving), 14:00-23:00 local. In Berlin's winter
# early (07-15) is 14-22 in Manila; in summer (from 29 March) it is 13-21, and late never fits.
MANILA = {
    "staff": [
        person("a", ["nurse"]),
        person("b", ["nurse", "desk"]),
        person(
            "c",
            ["desk"],
            time_zone="Asia/Manila",
            local_hours={"start": "14:00", "end": "23:00"},
        ),
    ]
}
SAT_28, MON_30 = date(2026, 3, 28), date(2026, 3, 30)

# The practice is in Manila; d works from New York, 08:00-17:00 local. Manila's 21:00-06:00
# shift is 08:00-17:00 in New York until the US clocks go forward on Sunday 8 March, then
# 09:00-18:00.
NEW_YORK = {
    "time_zone": "Asia/Manila",
    "horizon": horizon(date(2026, 3, 7), date(2026, 3, 8)),
    "staff": [
        person(
            "d",
            ["desk"],
            time_zone="America/New_York",
            local_hours={"start": "08:00", "end": "17:00"},
        )
    ],
    "shifts": [shift("overnight", "21:00", "06:00")],
}

WORK_MODE = [
    Case(
        "work_mode",
        "each_in_their_mode",
        BASE | rules({"kind": "work_mode"}),
        (*week("a", "early", MON), *week("b", "phone", MON), *week("c", "phone", TUE)),
    ),
    Case(
        "work_mode",
        "remote_person_on_site",
        BASE | rules({"kind": "work_mode"}),
        week("c", "early", MON),
        breaches=(Breach("work_mode#1", "c", MON),),
    ),
    Case(
        "work_mode",
        "on_site_person_remote_weighted",
        BASE | rules({"kind": "work_mode", "weight": 4}),
        week("a", "phone", MON, TUE),
        bills=(Bill("work_mode#1", "a", MON, 4), Bill("work_mode#1", "a", TUE, 4)),
    ),
    Case(
        "work_mode",
        "applies_to_one_person",
        BASE | rules({"kind": "work_mode", "applies_to": {"staff": ["c"]}}),
        week("a", "phone", MON),
    ),
    Case(
        # Not listed: implicit and hard, for everyone, because a and c are not hybrid.
        "work_mode",
        "implicit_when_someone_is_not_hybrid",
        BASE,
        (*week("a", "early", MON), *week("a", "phone", TUE), *week("c", "phone", MON)),
        breaches=(Breach("work_mode#1", "a", TUE),),
    ),
    Case(
        # Listing the rule (here soft, for c only) replaces the implicit one.
        "work_mode",
        "listed_replaces_the_implicit_rule",
        BASE | rules({"kind": "work_mode", "weight": 3, "applies_to": {"staff": ["c"]}}),
        (*week("a", "phone", TUE), *week("c", "early", WED)),
        bills=(Bill("work_mode#1", "c", WED, 3),),
    ),
    Case(
        "work_mode",
        "hybrid_works_both",
        BASE | rules({"kind": "work_mode"}),
        (*week("b", "phone", MON), *week("b", "late", MON), *week("b", "early", TUE)),
    ),
]

LOCAL_HOURS = [
    Case(
        "local_hours",
        "inside_the_window_in_manila",
        MANILA | rules({"kind": "local_hours"}),
        week("c", "early", MON),
    ),
    Case(
        "local_hours",
        "late_is_after_midnight_in_manila",
        MANILA | rules({"kind": "local_hours"}),
        week("c", "late", MON),
        breaches=(Breach("local_hours#1", "c", MON),),
    ),
    Case(
        # Same clock times in Berlin, but from 29 March the early shift starts at 13:00 in Manila.
        "local_hours",
        "berlin_summer_time_moves_the_shift_in_manila",
        MANILA | {"horizon": horizon(SAT_28, MON_30)} | rules({"kind": "local_hours", "weight": 7}),
        (Work("c", SAT_28, "early"), Work("c", MON_30, "early")),
        bills=(Bill("local_hours#1", "c", MON_30, 7),),
    ),
    Case(
        "local_hours",
        "new_york_summer_time_moves_the_shift_in_new_york",
        NEW_YORK | rules({"kind": "local_hours"}),
        (Work("d", date(2026, 3, 7), "overnight"), Work("d", date(2026, 3, 8), "overnight")),
        breaches=(Breach("local_hours#1", "d", date(2026, 3, 8)),),
    ),
    Case(
        # Without their own hours, people get the rule's window in their zone (here Berlin's).
        "local_hours",
        "the_rules_window_for_people_without_their_own",
        MANILA | rules({"kind": "local_hours", "start": "06:00", "end": "20:00", "weight": 2}),
        (*week("a", "early", MON), *week("b", "late", MON), *week("c", "early", TUE)),
        bills=(Bill("local_hours#1", "b", MON, 2),),
    ),
    Case(
        "local_hours",
        "overnight_window",
        MANILA | rules({"kind": "local_hours", "start": "14:00", "end": "02:00"}),
        (*week("a", "night", MON), *week("b", "late", TUE)),
        breaches=(Breach("local_hours#1", "a", MON),),
    ),
    Case(
        # Not listed: implicit and hard, because c has their own local_hours.
        "local_hours",
        "implicit_when_someone_has_own_hours",
        MANILA,
        (*week("c", "early", MON), *week("c", "late", TUE), *week("a", "night", TUE)),
        breaches=(Breach("local_hours#1", "c", TUE),),
    ),
    Case(
        # Listing the rule (here soft) replaces the implicit one.
        "local_hours",
        "listed_replaces_the_implicit_rule",
        MANILA | rules({"kind": "local_hours", "weight": 9}),
        week("c", "late", TUE, WED),
        bills=(Bill("local_hours#1", "c", TUE, 9), Bill("local_hours#1", "c", WED, 9)),
    ),
    Case(
        "local_hours",
        "nobody_without_a_window_is_judged",
        rules({"kind": "local_hours"}),
        (*week("a", "night", MON), *week("b", "early", TUE)),
    ),
]

REMOTE_DAYS = {"kind": "remote_days_per_week", "limit": 1, "weight": 5}
REMOTE_DAYS_PER_WEEK = [
    Case(
        "remote_days_per_week",
        "one_remote_day",
        BASE | rules(REMOTE_DAYS),
        (*week("b", "phone", MON), *week("b", "early", TUE)),
    ),
    Case(
        "remote_days_per_week",
        "two_remote_days",
        BASE | rules(REMOTE_DAYS),
        week("b", "phone", MON, WED),
        bills=(Bill("remote_days_per_week#1", "b", MON, 5),),
    ),
    Case(
        "remote_days_per_week",
        "remote_only_staff_are_not_capped",
        BASE | rules(REMOTE_DAYS),
        week("c", "phone", MON, TUE, WED),
    ),
    Case(
        # Tuesday at home (history) and Wednesday too: two remote days in the week.
        "remote_days_per_week",
        "history_counts_in_the_first_week",
        BASE
        | {"horizon": horizon(WED, SUN)}
        | {"history": [{"staff": "b", "worked": [{"date": TUE.isoformat(), "shift": "phone"}]}]}
        | rules(REMOTE_DAYS),
        week("b", "phone", WED),
        bills=(Bill("remote_days_per_week#1", "b", WED, 5),),
    ),
    Case(
        "remote_days_per_week",
        "hard",
        BASE | rules({"kind": "remote_days_per_week", "limit": 0, "hard": True}),
        week("b", "phone", THU),
        breaches=(Breach("remote_days_per_week#1", "b", MON),),
    ),
]

PRESENCE = {"kind": "onsite_presence", "skill": "nurse", "min": 1, "weight": 7, "weekdays": ["mon"]}
ONSITE_PRESENCE = [
    Case(
        "onsite_presence",
        "a_nurse_on_site",
        BASE | rules(PRESENCE),
        (*week("a", "early", MON), *week("b", "phone", MON)),
    ),
    Case(
        "onsite_presence",
        "the_only_nurse_at_home",
        BASE | rules(PRESENCE),
        week("b", "phone", MON),
        bills=(Bill("onsite_presence#1", None, MON, 7),),
    ),
    Case(
        "onsite_presence",
        "two_shifts_are_one_person",
        BASE | rules({**PRESENCE, "min": 2}),
        (*week("a", "early", MON), *week("a", "late", MON)),
        bills=(Bill("onsite_presence#1", None, MON, 7),),
    ),
    Case(
        # Everyone hybrid here (the base staff): c, who has no nurse skill, counts too.
        "onsite_presence",
        "anyone_counts_without_a_skill",
        SHIFTS | rules({"kind": "onsite_presence", "min": 2, "dates": [TUE.isoformat()]}),
        (*week("c", "early", TUE), *week("b", "late", TUE)),
    ),
    Case(
        "onsite_presence",
        "default_weight",
        BASE | {"horizon": horizon(MON, TUE)} | rules({"kind": "onsite_presence", "min": 1}),
        week("a", "early", TUE),
        bills=(Bill("onsite_presence#1", None, MON, 1000),),
    ),
    Case(
        "onsite_presence",
        "closed_days_need_nobody",
        BASE
        | {"horizon": horizon(MON, TUE), "closures": [MON.isoformat()]}
        | rules({"kind": "onsite_presence", "min": 1}),
        week("a", "early", TUE),
    ),
]

NO_MIXED = {"kind": "no_mixed_days", "weight": 6}
NO_MIXED_DAYS = [
    Case(
        "no_mixed_days",
        "remote_then_on_site_next_day",
        BASE | rules(NO_MIXED),
        (*week("b", "phone", MON), *week("b", "late", TUE)),
    ),
    Case(
        "no_mixed_days",
        "remote_morning_on_site_evening",
        BASE | rules(NO_MIXED),
        (*week("b", "phone", MON), *week("b", "late", MON)),
        bills=(Bill("no_mixed_days#1", "b", MON, 6),),
    ),
    Case(
        "no_mixed_days",
        "hard",
        BASE | rules({"kind": "no_mixed_days", "hard": True}),
        (*week("b", "phone", WED), *week("b", "late", WED)),
        breaches=(Breach("no_mixed_days#1", "b", WED),),
    ),
]

CASES = [*WORK_MODE, *LOCAL_HOURS, *REMOTE_DAYS_PER_WEEK, *ONSITE_PRESENCE, *NO_MIXED_DAYS]

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Manila"]


def _strength(draw: Any, *, default: bool = False) -> dict[str, Any]:
    """Mostly a weight; hard now and then; the rule's default if it has one."""
    if rarely(draw):
        return {"hard": True}
    if default and rarely(draw):
        return {}
    return {"weight": draw(st.integers(0, 30))}


def draw_rules(draw: Any, document: dict[str, Any]) -> None:
    """Make some shifts remote and some staff remote or on-site, in other zones; add the rules."""
    if not draw(st.booleans()):
        return
    for entry in document["shifts"]:
        if draw(st.booleans()):
            entry["remote"] = True
    for person_ in document["staff"]:
        person_["work_mode"] = draw(st.sampled_from(["onsite", "remote", "hybrid", "hybrid"]))
        if draw(st.integers(0, 2)) == 0:
            person_["time_zone"] = draw(st.sampled_from(ZONES))
        if draw(st.integers(0, 2)) == 0:
            begin = draw(st.integers(0, 23))
            person_["local_hours"] = {
                "start": f"{begin:02d}:00",
                "end": f"{(begin + draw(st.integers(8, 16))) % 24:02d}:00",
            }
    rules_: list[dict[str, Any]] = document.setdefault("rules", [])
    skills = [k["id"] for k in document["skills"]]
    # Left out, work_mode and local_hours are implicit and hard (when someone's facts ask for
    # them): list them mostly, and mostly soft.
    if not rarely(draw):
        rules_.append({"kind": "work_mode"} | _strength(draw))
    if not rarely(draw):
        rules_.append({"kind": "local_hours"} | _strength(draw))
    if draw(st.booleans()):
        rules_.append(
            {"kind": "remote_days_per_week", "limit": draw(st.integers(0, 3))} | _strength(draw)
        )
    if draw(st.booleans()):
        first = date.fromisoformat(document["horizon"]["start"])
        presence: dict[str, Any] = {"kind": "onsite_presence", "min": draw(st.integers(1, 2))}
        if draw(st.booleans()):
            presence["skill"] = draw(st.sampled_from(skills))
        if draw(st.booleans()):
            presence["dates"] = [(first + timedelta(days=draw(st.integers(0, 3)))).isoformat()]
        presence |= _strength(draw, default=True)
        if presence.get("hard"):
            # Then for one person on one day: on-site shifts may not run, or suit nobody's mode.
            presence["min"] = 1
            presence.setdefault(
                "dates", [(first + timedelta(days=draw(st.integers(0, 3)))).isoformat()]
            )
        rules_.append(presence)
    if draw(st.booleans()):
        rules_.append({"kind": "no_mixed_days"} | _strength(draw))
