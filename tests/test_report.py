"""The text report of a solve: its sections, exact numbers, and what it never shows."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import rosterkit
from rosterkit import Roster, SolveResult, Status
from rosterkit.solve import format_report

# Three days; the optimum is unique: Anna (desk) works `day` all three days (8 h each, one run
# of three days costs 7), Ben (nurse) works `ward` Monday and Tuesday (4.5 h each) and is away
# on Wednesday, so Wednesday's ward is uncovered (100). Cem has only `lab`, which no shift needs,
# and is on leave with a private reason that must never be printed. Anna's request for Tuesday
# off is refused (5): only she can work `day`, and an uncovered `day` costs 1000 on level 1.
# Ben's request for Wednesday is granted for free (he is away anyway). Coverage is on priority
# level 1, the run of days and Anna's request on level 2.
CLINIC = """\
name: Report Clinic
time_zone: Europe/Berlin
horizon: {start: 2026-03-02, end: 2026-03-04}
skills: [{id: desk}, {id: nurse}, {id: lab}]
staff:
  - {id: a, name: Anna, skills: [desk]}
  - {id: b, name: Ben, skills: [nurse]}
  - {id: c, name: Cem, skills: [lab]}
shifts:
  - {id: day, start: "08:00", end: "16:00", skills: [desk]}
  - {id: ward, start: "09:00", end: "13:30", skills: [nurse]}
coverage:
  - {shift: day, min: 1, max: 1}
  - {shift: ward, min: 1, max: 1, weight: 100}
availability:
  - {staff: b, kind: unavailable, date: 2026-03-04}
leave:
  - {staff: c, start_date: 2026-03-02, end_date: 2026-03-04, reason: secret surgery}
  - {staff: a, start_date: 2026-03-03, end_date: 2026-03-03, status: requested, weight: 5,
     priority: 2, reason: private trip}
  - {staff: b, start_date: 2026-03-04, end_date: 2026-03-04, status: requested,
     reason: private visit}
rules:
  - {kind: max_consecutive_days, limit: 2, weight: 7, priority: 2}
"""

# No one can work the only shift, and coverage is hard.
IMPOSSIBLE = """\
name: Impossible
time_zone: UTC
horizon: {start: 2026-03-02, end: 2026-03-03}
skills: [{id: desk}, {id: nurse}]
staff: [{id: a, name: Anna, skills: [desk]}]
shifts: [{id: ward, start: "09:00", end: "17:00", skills: [nurse]}]
coverage: [{shift: ward, min: 1, hard: true}]
"""

SETTINGS = {"time_limit": 5.0, "seed": 0, "workers": 1, "deterministic": True}


def _fixed(result: SolveResult) -> SolveResult:
    """``result`` with fixed timings and settings: those differ from run to run."""
    return dataclasses.replace(result, parameters=SETTINGS, build_seconds=0.125, solve_seconds=0.5)


EXPECTED = """\
rosterkit report: Report Clinic
Horizon:     2026-03-02 .. 2026-03-04 (3 days, Europe/Berlin)
Status:      optimal
Message:     5 shifts assigned, objective 112 (proved optimal); by priority level 1: 100, 2: 12
Objective:   112
Best bound:  112
Gap:         0.00 %
Time:        build 0.12 s, solve 0.50 s
Solver:      seed 0, workers 1, time limit 5 s, deterministic yes

Penalties by rule
  rule                    kind                  total  items
  coverage#2              coverage                100      1
  max_consecutive_days#1  max_consecutive_days      7      1
  leave#2                 leave                     5      1
  total                                           112      3

Priority levels
  level  total
  1        100
  2         12
  total    112

Uncovered demand (coverage penalties)
  date        shift  rule        amount  detail
  2026-03-04  ward   coverage#2     100  ward 2026-03-04: cover

Leave requests
  rule     staff  start       end         decision  cost
  leave#2  a      2026-03-03  2026-03-03  refused      5
  leave#3  b      2026-03-04  2026-03-04  granted      0

Hours per person
  staff  name  shifts  hours
  a      Anna       3  24.00
  b      Ben        2   9.00
  c      Cem        0   0.00
  total             5  33.00
"""


def _solve(tmp_path: Path, text: str) -> SolveResult:
    path = tmp_path / "practice.yaml"
    path.write_text(text, encoding="utf-8")
    practice = rosterkit.load_practice(path)
    return rosterkit.solve(practice, time_limit=5, workers=1, seed=0, deterministic=True)


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> SolveResult:
    result = _solve(tmp_path_factory.mktemp("report"), CLINIC)
    assert result.status is Status.OPTIMAL
    return _fixed(result)


def _section(report: str, title: str) -> list[list[str]]:
    """The rows of a report section as lists of cells (header row first)."""
    lines = report.splitlines()
    start = lines.index(title) + 1
    rows = []
    for line in lines[start:]:
        if not line.strip():
            break
        rows.append(line.split())
    return rows


def test_report_reads_exactly_as_expected(clinic: SolveResult) -> None:
    assert format_report(clinic) == EXPECTED


def test_hours_per_person_are_exact_and_in_practice_order(clinic: SolveResult) -> None:
    rows = _section(format_report(clinic), "Hours per person")
    assert rows == [
        ["staff", "name", "shifts", "hours"],
        ["a", "Anna", "3", "24.00"],
        ["b", "Ben", "2", "9.00"],
        ["c", "Cem", "0", "0.00"],
        ["total", "5", "33.00"],
    ]


def test_penalties_by_rule_add_up_to_the_objective(clinic: SolveResult) -> None:
    rows = _section(format_report(clinic), "Penalties by rule")
    assert rows[1:] == [
        ["coverage#2", "coverage", "100", "1"],
        ["max_consecutive_days#1", "max_consecutive_days", "7", "1"],
        ["leave#2", "leave", "5", "1"],
        ["total", "112", "3"],
    ]
    assert clinic.objective == 112


def test_uncovered_demand_lists_each_coverage_item(clinic: SolveResult) -> None:
    rows = _section(format_report(clinic), "Uncovered demand (coverage penalties)")
    assert rows[1:] == [["2026-03-04", "ward", "coverage#2", "100", "ward", "2026-03-04:", "cover"]]


def test_report_is_the_same_for_the_same_result(clinic: SolveResult) -> None:
    assert format_report(clinic) == format_report(clinic)


def test_report_never_shows_leave_reasons(clinic: SolveResult) -> None:
    report = format_report(clinic)
    for word in ("secret", "surgery", "private", "trip", "visit"):
        assert word not in report


def test_priority_levels_add_up_to_the_objective(clinic: SolveResult) -> None:
    rows = _section(format_report(clinic), "Priority levels")
    assert rows == [["level", "total"], ["1", "100"], ["2", "12"], ["total", "112"]]
    assert dict(clinic.levels) == {1: 100, 2: 12}


def test_one_priority_level_has_no_levels_section(clinic: SolveResult) -> None:
    for levels in ({1: 112}, {}):
        assert "Priority levels" not in format_report(dataclasses.replace(clinic, levels=levels))


def test_leave_requests_follow_the_rosters_decisions(clinic: SolveResult) -> None:
    assert clinic.roster.decisions == {"leave:leave#2": False, "leave:leave#3": True}
    rows = _section(format_report(clinic), "Leave requests")
    assert rows == [
        ["rule", "staff", "start", "end", "decision", "cost"],
        ["leave#2", "a", "2026-03-03", "2026-03-03", "refused", "5"],
        ["leave#3", "b", "2026-03-04", "2026-03-04", "granted", "0"],
    ]
    # Flipped decisions read the other way round, with the refused request's weight (10).
    flipped = Roster(clinic.roster.assignments, {"leave:leave#2": True, "leave:leave#3": False})
    rows = _section(format_report(dataclasses.replace(clinic, roster=flipped)), "Leave requests")
    assert rows[1:] == [
        ["leave#2", "a", "2026-03-03", "2026-03-03", "granted", "0"],
        ["leave#3", "b", "2026-03-04", "2026-03-04", "refused", "10"],
    ]


def test_approved_leave_alone_has_no_leave_requests_section(tmp_path: Path) -> None:
    text = CLINIC.replace(
        "status: requested, weight: 5,\n     priority: 2,", "status: approved,"
    ).replace("status: requested,\n", "status: approved,\n")
    result = _solve(tmp_path, text)
    assert [entry.status for entry in result.practice.leave] == ["approved"] * 3
    assert result.status is Status.OPTIMAL
    assert "Leave requests" not in format_report(result)


def test_report_without_roster_gives_status_and_message(tmp_path: Path) -> None:
    result = _fixed(_solve(tmp_path, IMPOSSIBLE))
    report = format_report(result)
    assert result.status is Status.INFEASIBLE
    assert report.splitlines()[:4] == [
        "rosterkit report: Impossible",
        "Horizon:     2026-03-02 .. 2026-03-03 (2 days, UTC)",
        "Status:      infeasible",
        f"Message:     {result.message}",
    ]
    assert "no roster keeps every hard rule" in report
    for section in ("Objective:", "Penalties by rule", "Uncovered demand", "Hours per person"):
        assert section not in report


def test_report_marks_an_interrupted_search(clinic: SolveResult) -> None:
    report = format_report(dataclasses.replace(clinic, interrupted=True))
    assert "Status:      optimal (interrupted)" in report.splitlines()


def test_report_without_penalties_says_none(clinic: SolveResult) -> None:
    report = format_report(dataclasses.replace(clinic, penalties=()))
    assert "Penalties by rule: none" in report.splitlines()
    assert "Uncovered demand: none" in report.splitlines()
