"""Cases of roles: each person serves one role per shift; people prefer their primary role.

The base practice's b is a nurse who can also work the desk; a is a nurse, c works the desk.
Weights differ so that no two choices of roles cost the same with different bills: rosters
drawn at random for these practices must have one cheapest bill.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from cases._base import MON, TUE, Bill, Breach, Case, horizon, person, rarely, rules, shift, week

ONE_DAY = {"horizon": horizon(MON, MON)}
DESK = {"kind": "role_cover", "shift": "early", "role": "desk", "min": 1, "weight": 100}
NURSE = {"kind": "role_cover", "shift": "early", "role": "nurse", "min": 1, "weight": 10}
BOTH = rules(DESK, NURSE)
# Whether b serves as nurse on Monday's early shift (and not at the desk).
B_NURSE = {
    "role:b:2026-03-02:early:nurse": True,
    "role:b:2026-03-02:early:desk": False,
}

ROLE_COVER = [
    Case(
        "role_cover",
        "one_of_each",
        ONE_DAY | BOTH,
        (*week("a", "early", MON), *week("c", "early", MON)),
    ),
    Case(
        # Coverage by skill would count b twice; here b serves at the desk, the dearer gap.
        "role_cover",
        "a_multi_skilled_person_counts_once",
        ONE_DAY | BOTH,
        week("b", "early", MON),
        bills=(Bill("role_cover#2", None, MON, 10),),
    ),
    Case(
        "role_cover",
        "b_at_the_desk_beside_a_nurse",
        ONE_DAY | BOTH,
        (*week("a", "early", MON), *week("b", "early", MON)),
    ),
    Case(
        "role_cover",
        "the_roster_says_b_is_the_nurse",
        ONE_DAY | BOTH,
        week("b", "early", MON),
        bills=(Bill("role_cover#1", None, MON, 100),),
        decisions=B_NURSE,
    ),
    Case(
        "role_cover",
        "too_many_at_the_desk",
        ONE_DAY
        | {"staff": [person("c", ["desk"]), person("d", ["desk"]), person("b", ["nurse", "desk"])]}
        | rules({**DESK, "min": 0, "max": 1}),
        (*week("c", "early", MON), *week("d", "early", MON), *week("b", "early", MON)),
        bills=(Bill("role_cover#1", None, MON, 100),),
    ),
    Case(
        "role_cover",
        "only_matching_weekdays",
        {"horizon": horizon(MON, TUE)} | rules({**DESK, "weekdays": ["tue"]}),
        week("a", "early", MON),
        bills=(Bill("role_cover#1", None, TUE, 100),),
    ),
    Case(
        "role_cover",
        "closed_days_need_nobody",
        {"horizon": horizon(MON, TUE), "closures": [TUE.isoformat()]} | rules(DESK),
        week("c", "early", MON),
    ),
    Case(
        "role_cover",
        "hard_met_by_the_choice",
        ONE_DAY
        | rules({**DESK, "weight": None, "hard": True}, {**NURSE, "hard": True, "weight": None}),
        (*week("a", "early", MON), *week("b", "early", MON)),
    ),
    Case(
        # b cannot be both: the desk line is broken (b serves their first skill, nurse).
        "role_cover",
        "hard_cannot_hold",
        ONE_DAY
        | rules({**DESK, "weight": None, "hard": True}, {**NURSE, "hard": True, "weight": None}),
        week("b", "early", MON),
        breaches=(Breach("role_cover#1", None, MON),),
    ),
]

PREFER = {"kind": "primary_role", "weight": 3}
PRIMARY_ROLE = [
    Case(
        "primary_role",
        "serves_their_first_skill",
        ONE_DAY | rules(PREFER),
        week("b", "early", MON),
    ),
    Case(
        "primary_role",
        "needed_at_the_desk",
        ONE_DAY | rules(DESK, PREFER),
        week("b", "early", MON),
        bills=(Bill("primary_role#1", "b", MON, 3),),
    ),
    Case(
        "primary_role",
        "not_needed_at_the_desk",
        ONE_DAY | rules(DESK, PREFER),
        (*week("b", "early", MON), *week("c", "early", MON)),
    ),
    Case(
        "primary_role",
        "a_shift_for_the_desk_only",
        ONE_DAY
        | {
            "shifts": [
                shift("early", "07:00", "15:00"),
                shift("front", "15:00", "23:00", skills=["desk"]),
            ]
        }
        | rules(PREFER),
        (*week("b", "front", MON), *week("c", "front", MON), *week("a", "early", MON)),
        bills=(Bill("primary_role#1", "b", MON, 3),),
    ),
    Case(
        "primary_role",
        "the_roster_says_b_is_at_the_desk",
        ONE_DAY | rules(PREFER),
        week("b", "early", MON),
        bills=(Bill("primary_role#1", "b", MON, 3),),
        decisions={
            "role:b:2026-03-02:early:nurse": False,
            "role:b:2026-03-02:early:desk": True,
        },
    ),
    Case(
        "primary_role",
        "applies_to_others",
        ONE_DAY | rules(DESK, {**PREFER, "applies_to": {"staff": ["a"]}}),
        week("b", "early", MON),
    ),
]

CASES = [*ROLE_COVER, *PRIMARY_ROLE]


def draw_rules(draw: Any, document: dict[str, Any]) -> None:
    """Add lines of people per role on a shift, and a preference for primary roles."""
    rules_: list[dict[str, Any]] = document.setdefault("rules", [])
    skills = [k["id"] for k in document["skills"]]
    shifts = [s["id"] for s in document["shifts"]]
    for _ in range(draw(st.integers(0, 2))):
        low = draw(st.integers(0, 2))
        line: dict[str, Any] = {
            "kind": "role_cover",
            "shift": draw(st.sampled_from(shifts)),
            "role": draw(st.sampled_from(skills)),
            "min": low,
        }
        if low == 0 or draw(st.booleans()):
            line["max"] = low + draw(st.integers(0, 1)) + (1 if low == 0 else 0)
        if low <= 1 and rarely(draw):
            line["hard"] = True
        else:
            line["weight"] = draw(st.integers(0, 60))
        rules_.append(line)
    if draw(st.booleans()):
        rules_.append({"kind": "primary_role", "weight": draw(st.integers(0, 9))})
