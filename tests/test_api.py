"""The public surface is pinned, and no foreign exception escapes it for bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rosterkit
from rosterkit import errors

PUBLIC = {
    "Assignment",
    "Budget",
    "CheckReport",
    "CompiledModel",
    "CompleteWeekends",
    "Contract",
    "ContractLimits",
    "Coverage",
    "ExportError",
    "Horizon",
    "HoursPerHorizon",
    "HoursPerWeek",
    "HoursTarget",
    "ImportFileError",
    "InputError",
    "InternalError",
    "InterruptedSolve",
    "LabourCost",
    "Leave",
    "MaxConsecutiveDays",
    "MaxShiftsPerDay",
    "MaxWeekends",
    "MinRest",
    "NoOverlap",
    "OffRuns",
    "Penalty",
    "Practice",
    "PracticeFileError",
    "Preferred",
    "RestAfter",
    "Roster",
    "RosterFileError",
    "RosterkitError",
    "Rotation",
    "Scope",
    "ShiftCount",
    "ShiftRuns",
    "ShiftType",
    "Skill",
    "SolveError",
    "SolveProgress",
    "SolveResult",
    "Staff",
    "Status",
    "Succession",
    "Undesired",
    "Unavailable",
    "ValidationError",
    "Violation",
    "WorkRuns",
    "__version__",
    "check",
    "compile_practice",
    "format_report",
    "load_practice",
    "payroll_frame",
    "practice_schema",
    "read_roster_csv",
    "solve",
    "write_outputs",
    "write_payroll_csv",
}


def test_public_names_are_pinned() -> None:
    assert set(rosterkit.__all__) == PUBLIC
    for name in rosterkit.__all__:
        assert hasattr(rosterkit, name), name


def test_every_error_is_under_the_one_base() -> None:
    classes = [getattr(errors, n) for n in errors.__all__]
    for cls in classes:
        assert issubclass(cls, rosterkit.RosterkitError), cls
    assert {c.exit_code for c in classes if issubclass(c, rosterkit.InputError)} == {3}


MINIMAL: dict[str, Any] = {
    "name": "Mini",
    "time_zone": "Europe/Berlin",
    "horizon": "2026-02",
    "skills": [{"id": "desk"}],
    "staff": [{"id": "a", "name": "A", "skills": ["desk"]}],
    "shifts": [{"id": "day", "start": "08:00", "end": "16:00"}],
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(deadline=None, max_examples=200)
@given(st.sampled_from(sorted(MINIMAL)), json_values)
def test_garbage_in_any_field_is_a_validation_error(field: str, value: object) -> None:
    document = {**MINIMAL, field: value}
    problem: rosterkit.ValidationError | None = None
    try:
        rosterkit.Practice.parse(document, source="fuzz.yaml")
    except rosterkit.ValidationError as exc:  # any other exception fails the test
        problem = exc
    assert problem is None or str(problem).startswith("fuzz.yaml:")


@settings(deadline=None, max_examples=100)
@given(json_values)
def test_garbage_rule_is_a_validation_error(value: object) -> None:
    with pytest.raises(rosterkit.ValidationError):
        rosterkit.Practice.parse({**MINIMAL, "rules": [value]}, source="fuzz.yaml")


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        ("name: [unclosed", ".yaml", "practice.yaml:1:"),
        ("{", ".json", "practice.json:1:2: invalid JSON"),
        ("- just\n- a list\n", ".yaml", "expected a mapping"),
        ("\xff\xfe", ".yaml", ""),
    ],
)
def test_unreadable_practice_files_name_the_place(
    tmp_path: Path, text: str, suffix: str, expected: str
) -> None:
    path = tmp_path / f"practice{suffix}"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(rosterkit.PracticeFileError) as info:
        rosterkit.load_practice(path)
    assert expected in str(info.value)
    assert str(path) in str(info.value)


def test_missing_practice_file(tmp_path: Path) -> None:
    with pytest.raises(rosterkit.PracticeFileError, match="no such file"):
        rosterkit.load_practice(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"time_limit": 0}, "time_limit"), ({"workers": 0}, "workers")],
)
def test_bad_solver_parameters(kwargs: dict[str, Any], match: str) -> None:
    practice = rosterkit.Practice.parse(MINIMAL)
    with pytest.raises(rosterkit.SolveError, match=match):
        rosterkit.solve(practice, **kwargs)


def test_unknown_rule_id_to_enforce() -> None:
    practice = rosterkit.Practice.parse(MINIMAL)
    with pytest.raises(rosterkit.ValidationError, match="nope"):
        rosterkit.compile_practice(practice, enforce={"nope": False})
