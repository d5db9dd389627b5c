"""A broken practice fails with one rosterkit error whose message names the place and the value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import pydantic
import pytest
import yaml

import rosterkit
from rosterkit import Practice, PracticeFileError, ValidationError
from rosterkit.rules import Rule

NURSE_D = {"id": "d", "name": "Dee", "skills": ["nurse"]}
REST = {"kind": "min_rest", "hours": 11, "hard": True}


def with_staff(*extra: dict[str, Any]) -> dict[str, Any]:
    """The base staff a, b, c and ``extra``."""
    base = [
        {"id": "a", "name": "Anna", "skills": ["nurse"]},
        {"id": "b", "name": "Ben", "skills": ["nurse", "desk"]},
        {"id": "c", "name": "Cem", "skills": ["desk"]},
    ]
    return {"staff": [*base, *extra]}


def with_shifts(*extra: dict[str, Any]) -> dict[str, Any]:
    """One early shift and ``extra``."""
    return {"shifts": [{"id": "early", "start": "07:00", "end": "15:00"}, *extra]}


RULE_KINDS = ", ".join(f"'{t.model_fields['kind'].default}'" for t in get_args(get_args(Rule)[0]))
"""The kinds a ``rules`` entry may have, in the union's order, as pydantic lists them."""

INVALID = [
    pytest.param(
        with_staff({"id": "d", "name": "Dee", "skills": ["surgeon"]}),
        ["staff[3] (d).skills[0]: unknown skill 'surgeon' (known: desk, nurse)"],
        id="unknown_skill_on_staff",
    ),
    pytest.param(
        with_shifts({"id": "op", "start": "08:00", "end": "12:00", "skills": ["surgeon"]}),
        ["shifts[1] (op).skills[0]: unknown skill 'surgeon' (known: desk, nurse)"],
        id="unknown_skill_on_shift",
    ),
    pytest.param(
        {"coverage": [{"shift": "noon", "min": 1}]},
        ["coverage[0].shift: unknown shift 'noon' (known: early, late, night)"],
        id="unknown_shift_in_coverage",
    ),
    pytest.param(
        {"coverage": [{"shift": "early", "skill": "surgeon", "min": 1}]},
        ["coverage[0].skill: unknown skill 'surgeon' (known: desk, nurse)"],
        id="unknown_skill_in_coverage",
    ),
    pytest.param(
        {"coverage": [{"shift": "early", "min": 1, "dates": ["2026-04-01"]}]},
        ["coverage[0].dates: 2026-04-01 is outside the horizon 2026-03-02..2026-03-08"],
        id="coverage_date_outside_horizon",
    ),
    pytest.param(
        {"availability": [{"staff": "zoe", "kind": "unavailable", "date": "2026-03-03"}]},
        ["availability[0].staff: unknown staff id 'zoe' (known: a, b, c)"],
        id="unknown_staff_in_availability",
    ),
    pytest.param(
        {"availability": [{"staff": "a", "kind": "preferred", "shift": "noon"}]},
        ["availability[0].shift: unknown shift 'noon' (known: early, late, night)"],
        id="unknown_shift_in_availability",
    ),
    pytest.param(
        {"availability": [{"staff": "a", "kind": "holiday", "date": "2026-03-03"}]},
        [
            "availability[0]: Input tag 'holiday' found using 'kind' does not match any of the "
            "expected tags: 'unavailable', 'preferred', 'undesired'"
        ],
        id="unknown_availability_kind",
    ),
    pytest.param(
        {"leave": [{"staff": "zoe", "start_date": "2026-03-03", "end_date": "2026-03-04"}]},
        ["leave[0].staff: unknown staff id 'zoe' (known: a, b, c)"],
        id="unknown_staff_in_leave",
    ),
    pytest.param(
        {
            "leave": [
                {"staff": "a", "start_date": "2026-03-03", "end_date": "2026-03-05"},
                {"staff": "b", "start_date": "2026-03-04", "end_date": "2026-03-04"},
                {"staff": "a", "start_date": "2026-03-05", "end_date": "2026-03-06"},
            ]
        },
        [
            "leave[2]: a's leave 2026-03-05..2026-03-06 overlaps leave[0] 2026-03-03..2026-03-05; "
            "merge them or fix the dates"
        ],
        id="overlapping_leave_of_one_person",
    ),
    pytest.param(
        {"rules": [REST | {"applies_to": {"roles": ["surgeon"]}}]},
        ["rules[0] (min_rest).applies_to.roles: unknown skill 'surgeon' (known: desk, nurse)"],
        id="unknown_role_in_applies_to",
    ),
    pytest.param(
        {"rules": [REST | {"applies_to": {"staff": ["zoe"]}}]},
        ["rules[0] (min_rest).applies_to.staff: unknown staff id 'zoe' (known: a, b, c)"],
        id="unknown_staff_in_applies_to",
    ),
    pytest.param(
        {
            "rules": [
                {"kind": "fixed_assignment", "staff": "zoe", "shift": "noon", "date": "2026-03-03"}
            ]
        },
        [
            "rules[0] (fixed_assignment).staff: unknown staff id 'zoe' (known: a, b, c)",
            "rules[0] (fixed_assignment).shift: unknown shift 'noon' (known: early, late, night)",
        ],
        id="unknown_staff_and_shift_in_fixed_assignment",
    ),
    pytest.param(
        {
            "rules": [
                REST,
                {
                    "kind": "supervision",
                    "weight": 5,
                    "applies_to": {"staff": ["c"]},
                    "mentors": {"roles": ["nurse", "surgeon"], "staff": ["a", "zoe"]},
                },
            ]
        },
        [
            "rules[1] (supervision).mentors.roles: unknown skill 'surgeon' (known: desk, nurse)",
            "rules[1] (supervision).mentors.staff: unknown staff id 'zoe' (known: a, b, c)",
        ],
        id="unknown_mentors_in_supervision",
    ),
    pytest.param(
        {"rules": [{"kind": "role_cover", "shift": "noon", "role": "surgeon", "min": 1}]},
        [
            "rules[0] (role_cover).shift: unknown shift 'noon' (known: early, late, night)",
            "rules[0] (role_cover).role: unknown skill 'surgeon' (known: desk, nurse)",
        ],
        id="unknown_shift_and_role_in_role_cover",
    ),
    pytest.param(
        {
            "rules": [
                {"kind": "time_coverage", "start": "08:00", "end": "12:00", "min": 1}
                | {"skill": "x", "hard": True},
                {"kind": "onsite_presence", "min": 1, "skill": "y"},
            ]
        },
        [
            "rules[0] (time_coverage).skill: unknown skill 'x' (known: desk, nurse)",
            "rules[1] (onsite_presence).skill: unknown skill 'y' (known: desk, nurse)",
        ],
        id="unknown_skill_in_time_coverage_and_onsite_presence",
    ),
    pytest.param(
        {"rules": [{"kind": "leave_cap", "limit": 1, "applies_to": {"roles": ["surgeon"]}}]},
        ["rules[0] (leave_cap).applies_to.roles: unknown skill 'surgeon' (known: desk, nurse)"],
        id="unknown_role_in_leave_cap_scope",
    ),
    pytest.param(
        with_staff({"id": "a", "name": "Another Anna", "skills": ["nurse"]}),
        ["staff: id 'a' is used more than once"],
        id="duplicate_staff_id",
    ),
    pytest.param(
        with_shifts({"id": "early", "start": "08:00", "end": "12:00"}),
        ["shifts: id 'early' is used more than once"],
        id="duplicate_shift_id",
    ),
    pytest.param(
        {"skills": [{"id": "nurse"}, {"id": "desk"}, {"id": "nurse"}]},
        ["skills: id 'nurse' is used more than once"],
        id="duplicate_skill_id",
    ),
    pytest.param(
        {
            "coverage": [{"id": "rest", "shift": "early", "min": 1}],
            "rules": [REST | {"id": "rest"}],
        },
        ["rule id 'rest' is used more than once"],
        id="duplicate_rule_id",
    ),
    pytest.param(
        {"time_zone": "Mars/Olympus"},
        [
            "time_zone: 'Mars/Olympus' is not an IANA time zone (examples: 'America/New_York', "
            "'Asia/Manila') (got 'Mars/Olympus')"
        ],
        id="bad_time_zone",
    ),
    pytest.param(
        with_shifts({"id": "zero", "start": "07:00", "end": "07:00"}),
        ["shifts[1]: start and end are both 07:00:00: a shift cannot last 0 hours"],
        id="shift_start_equals_end",
    ),
    pytest.param(
        with_shifts({"id": "odd", "start": "07:00", "end": "15:00", "days": ["mon", "funday"]}),
        [
            "shifts[1].days[1]: Input should be 'mon', 'tue', 'wed', 'thu', 'fri', 'sat' or "
            "'sun' (got 'funday')"
        ],
        id="bad_weekday",
    ),
    pytest.param(
        {"horizon": {"month": "2026-03", "start": "2026-03-01"}},
        ["horizon: give either month or start and end, not both"],
        id="horizon_with_month_and_start",
    ),
    pytest.param(
        {"horizon": {"start": "2026-03-08", "end": "2026-03-02"}},
        ["horizon: end 2026-03-02 is before start 2026-03-08"],
        id="horizon_ends_before_it_starts",
    ),
    pytest.param(
        {"rules": [{"kind": "hours_per_week", "min": 40, "max": 20, "weight": 1}]},
        ["rules[0].hours_per_week: min (40.0) is above max (20.0)"],
        id="rule_min_above_max",
    ),
    pytest.param(
        {"coverage": [{"shift": "early", "min": 3, "max": 2}]},
        ["coverage[0]: min (3) is above max (2)"],
        id="coverage_min_above_max",
    ),
    pytest.param(
        with_staff(NURSE_D | {"contract": {"min_hours_per_week": 30, "max_hours_per_week": 20}}),
        ["staff[3].contract: min_hours_per_week (30.0) is above max_hours_per_week (20.0)"],
        id="contract_min_above_max",
    ),
    pytest.param(
        {"rules": [REST | {"weight": 5}]},
        ["rules[0].min_rest: give either 'hard: true' or a 'weight', not both"],
        id="rule_both_hard_and_weight",
    ),
    pytest.param(
        {"rules": [{"kind": "min_rest", "hours": 11}]},
        ["rules[0].min_rest: give either 'hard: true' or a 'weight' (a whole number)"],
        id="rule_neither_hard_nor_weight",
    ),
    pytest.param(
        {"rules": [REST | {"hard": False}]},
        ["rules[0].min_rest: 'hard: false' needs a 'weight' (a whole number)"],
        id="rule_hard_false_without_weight",
    ),
    pytest.param(
        {"rules": [{"kind": "no_overlap", "weight": 3}]},
        ["rules[0].no_overlap: rule 'no_overlap' is always hard; remove 'weight'"],
        id="weight_on_an_always_hard_rule",
    ),
    pytest.param(
        {"rules": [{"kind": "max_nights", "limit": 3}]},
        [
            "rules[0]: Input tag 'max_nights' found using 'kind' does not match any of the "
            f"expected tags: {RULE_KINDS}"
        ],
        id="unknown_rule_kind",
    ),
    pytest.param(
        {"rules": [REST | {"hour": 3}]},
        ["rules[0].min_rest.hour: Extra inputs are not permitted (got 3)"],
        id="unknown_rule_field",
    ),
    pytest.param(
        {"rules": [REST | {"hours": "eleven"}]},
        [
            "rules[0].min_rest.hours: Input should be a valid number, unable to parse string as "
            "a number (got 'eleven')"
        ],
        id="rule_field_of_wrong_type",
    ),
    pytest.param(
        with_staff(NURSE_D | {"id": "../etc"}),
        [
            "staff[3].id: '../etc' is not a valid id: use 1-64 letters, digits, '_', '-' or '.', "
            "starting with a letter or digit, without '..' (got '../etc')"
        ],
        id="id_with_dot_dot",
    ),
    pytest.param(
        with_shifts({"id": "a/b", "start": "07:00", "end": "15:00"}),
        [
            "shifts[1].id: 'a/b' is not a valid id: use 1-64 letters, digits, '_', '-' or '.', "
            "starting with a letter or digit, without '..' (got 'a/b')"
        ],
        id="id_with_slash",
    ),
    pytest.param(
        with_staff({"id": "d", "name": "Dee", "skills": ["surgeon"]})
        | {"coverage": [{"shift": "noon", "min": 1}]},
        [
            "staff[3] (d).skills[0]: unknown skill 'surgeon' (known: desk, nurse)",
            "coverage[0].shift: unknown shift 'noon' (known: early, late, night)",
        ],
        id="every_problem_is_listed",
    ),
]


@pytest.mark.parametrize(("change", "problems"), INVALID)
def test_invalid_practice(
    practice_document: dict[str, Any], change: dict[str, Any], problems: list[str]
) -> None:
    with pytest.raises(ValidationError) as caught:
        Practice.parse(practice_document | change, source="x.yaml")
    error = caught.value
    assert error.problems == problems
    assert str(error) == f"x.yaml: {len(problems)} problem(s):\n  " + "\n  ".join(problems)
    assert isinstance(error.__cause__, pydantic.ValidationError)
    assert error.exit_code == 3


def test_a_lone_bad_entry_is_one_problem(practice_document: dict[str, Any]) -> None:
    change = {"staff": [{"id": "../etc", "name": "Dee", "skills": ["nurse"]}]}
    with pytest.raises(ValidationError) as caught:
        Practice.parse(practice_document | change, source="x.yaml")
    assert len(caught.value.problems) == 1


def test_the_base_document_is_valid(practice_document: dict[str, Any]) -> None:
    practice = Practice.parse(practice_document, source="x.yaml")
    assert [s.id for s in practice.staff] == ["a", "b", "c"]


# --- files --------------------------------------------------------------------------------


def test_load_yaml(tmp_path: Path, practice_document: dict[str, Any]) -> None:
    path = tmp_path / "practice.yaml"
    path.write_text(yaml.safe_dump(practice_document), encoding="utf-8")
    loaded = rosterkit.load_practice(path)
    assert loaded.model_dump() == Practice.parse(practice_document).model_dump()


def test_load_json(tmp_path: Path, practice_document: dict[str, Any]) -> None:
    path = tmp_path / "practice.json"
    path.write_text(json.dumps(practice_document, indent=1), encoding="utf-8")
    loaded = rosterkit.load_practice(str(path))
    assert loaded.model_dump() == Practice.parse(practice_document).model_dump()


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "practice.yaml"
    path.write_text("name: X\ntime_zone: UTC\nskills: [{id: a}\nstaff: []\n", encoding="utf-8")
    with pytest.raises(PracticeFileError) as caught:
        rosterkit.load_practice(path)
    assert str(caught.value) == (
        f"{path}:4:1: invalid YAML: expected ',' or ']', but got '<scalar>'"
    )
    assert isinstance(caught.value.__cause__, yaml.YAMLError)


def test_bad_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "practice.json"
    path.write_text('{"name": "X",\n "time_zone": "UTC",\n "skills": [}\n', encoding="utf-8")
    with pytest.raises(PracticeFileError) as caught:
        rosterkit.load_practice(path)
    assert str(caught.value) == f"{path}:3:13: invalid JSON: Expecting value"
    assert isinstance(caught.value.__cause__, json.JSONDecodeError)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(PracticeFileError) as caught:
        rosterkit.load_practice(path)
    assert str(caught.value) == f"{path}: no such file"
    assert caught.value.exit_code == 3


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "practice.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(PracticeFileError, match=r"expected a mapping at the top .* got list$"):
        rosterkit.load_practice(path)


def test_invalid_document_in_a_file_names_the_file(
    tmp_path: Path, practice_document: dict[str, Any]
) -> None:
    path = tmp_path / "practice.yaml"
    path.write_text(yaml.safe_dump(practice_document | {"time_zone": "Nowhere"}), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        rosterkit.load_practice(path)
    assert str(caught.value).startswith(f"{path}: 1 problem(s):\n  time_zone: 'Nowhere' is not")
