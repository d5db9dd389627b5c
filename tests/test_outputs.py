"""The payroll and leave-decision files of ``write_outputs``: when they appear, what they say."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import rosterkit
from rosterkit import ExportError, SolveResult, Status
from rosterkit.adapters.payroll import payroll_csv_text
from rosterkit.solve import write_outputs
from rosterkit.solve.outputs import LEAVE_DECISION_COLUMNS, leave_decisions_csv_text

# Three days, one desk shift a day. Anna is on approved leave on Monday, so Ben works it; Ben is
# away on Wednesday, so Anna works it. Both ask for Tuesday off: refusing Anna costs 5, refusing
# Ben 7, so Anna's request is refused and she works Tuesday. The roster is unique. Only Anna has
# a wage; Ben's name would be a formula in a spreadsheet.
PRACTICE = """\
name: Outputs Clinic
time_zone: Europe/Berlin
horizon: {start: 2026-03-02, end: 2026-03-04}
skills: [{id: desk}]
staff:
  - {id: a, name: Anna, skills: [desk], hourly_wage: 20}
  - {id: b, name: "=HYPERLINK(\\"http://x\\")", skills: [desk]}
shifts:
  - {id: day, start: "08:00", end: "16:00"}
coverage:
  - {shift: day, min: 1, max: 1}
availability:
  - {staff: b, kind: unavailable, date: 2026-03-04}
leave:
  - {staff: a, start_date: 2026-03-02, end_date: 2026-03-02, reason: secret surgery}
  - {staff: a, start_date: 2026-03-03, end_date: 2026-03-03, status: requested, weight: 5,
     reason: private trip}
  - {staff: b, start_date: 2026-03-03, end_date: 2026-03-03, status: requested, weight: 7,
     reason: private visit}
"""

PAYROLL = """\
period_start,period_end,staff_id,staff_name,shifts,hours,overtime_hours,night_hours,weekend_hours,hourly_wage,cost
2026-03-02,2026-03-08,a,Anna,2,16.00,0.00,0.00,0.00,20.00,320.00
2026-03-02,2026-03-08,b,"'=HYPERLINK(""http://x"")",1,8.00,0.00,0.00,0.00,,
"""

LEAVE_DECISIONS = """\
staff_id,start_date,end_date,status,cost
a,2026-03-02,2026-03-02,approved,0
a,2026-03-03,2026-03-03,refused,5
b,2026-03-03,2026-03-03,granted,0
"""

CALENDARS = ["calendars/a.ics", "calendars/b.ics"]
BASE = ["roster.csv", "grid.csv", "team.ics", *CALENDARS, "report.txt"]


def _solve(directory: Path, text: str) -> SolveResult:
    path = directory / "practice.yaml"
    path.write_text(text, encoding="utf-8")
    result = rosterkit.solve(rosterkit.load_practice(path), time_limit=5, workers=1, seed=0)
    assert result.status is Status.OPTIMAL
    return result


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> SolveResult:
    solved = _solve(tmp_path_factory.mktemp("outputs"), PRACTICE)
    assert [(a.date.day, a.staff_id) for a in solved.roster] == [(2, "b"), (3, "a"), (4, "a")]
    assert solved.roster.decisions == {"leave:leave#2": False, "leave:leave#3": True}
    return solved


def _names(out: Path, written: list[Path]) -> list[str]:
    return [str(path.relative_to(out)) for path in written]


def test_payroll_and_leave_decisions_are_written_after_the_report(
    result: SolveResult, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    written = write_outputs(result, out)
    assert _names(out, written) == [*BASE, "payroll.csv", "leave_decisions.csv"]
    assert (out / "payroll.csv").read_text(encoding="utf-8") == PAYROLL
    assert (out / "leave_decisions.csv").read_text(encoding="utf-8") == LEAVE_DECISIONS
    # The workbook still comes last.
    written = write_outputs(result, out, xlsx=True)
    assert _names(out, written)[-3:] == ["payroll.csv", "leave_decisions.csv", "roster.xlsx"]


def test_delimiter_and_bom_reach_both_files(result: SolveResult, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(result, out, delimiter=";", bom=True)
    payroll = (out / "payroll.csv").read_bytes().decode("utf-8")
    decisions = (out / "leave_decisions.csv").read_bytes().decode("utf-8")
    assert payroll == "\ufeff" + payroll_csv_text(result.practice, result.roster, delimiter=";")
    assert payroll.splitlines()[1] == (
        "2026-03-02;2026-03-08;a;Anna;2;16.00;0.00;0.00;0.00;20.00;320.00"
    )
    assert decisions == "\ufeff" + LEAVE_DECISIONS.replace(",", ";")


def test_no_reason_in_any_output(result: SolveResult, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(result, out, xlsx=True)
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for word in (b"secret", b"surgery", b"private", b"trip", b"visit"):
                assert word not in data, (path, word)


def test_without_wages_there_is_no_payroll_and_an_old_one_goes(
    result: SolveResult, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    write_outputs(result, out)
    assert (out / "payroll.csv").is_file()
    unpaid = _solve(tmp_path, PRACTICE.replace(", hourly_wage: 20", ""))
    assert all(person.hourly_wage is None for person in unpaid.practice.staff)
    written = write_outputs(unpaid, out)
    assert _names(out, written) == [*BASE, "leave_decisions.csv"]
    # The payroll of the earlier run belonged to its set: it does not outlive it.
    assert not (out / "payroll.csv").exists()


def test_without_leave_there_is_no_leave_decisions_file(tmp_path: Path) -> None:
    text = PRACTICE[: PRACTICE.index("leave:\n")]
    plain = _solve(tmp_path, text)
    assert plain.practice.leave == ()
    out = tmp_path / "out"
    assert _names(out, write_outputs(plain, out)) == [*BASE, "payroll.csv"]


def test_leave_decisions_text_reads_the_rosters_decisions(result: SolveResult) -> None:
    flipped = dataclasses.replace(
        result.roster, decisions={"leave:leave#2": True, "leave:leave#3": False}
    )
    assert leave_decisions_csv_text(result.practice, flipped).splitlines() == [
        ",".join(LEAVE_DECISION_COLUMNS),
        "a,2026-03-02,2026-03-02,approved,0",
        "a,2026-03-03,2026-03-03,granted,0",
        "b,2026-03-03,2026-03-03,refused,7",
    ]
    with pytest.raises(ValueError, match="delimiter"):
        leave_decisions_csv_text(result.practice, result.roster, delimiter="|")


def test_a_failing_payroll_keeps_the_previous_set(
    result: SolveResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_outputs(result, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def full_disk(practice: object, roster: object, path: Path, **kwargs: object) -> Path:
        raise ExportError(f"{path}: cannot write: No space left on device")

    monkeypatch.setattr("rosterkit.adapters.payroll.write_payroll_csv", full_disk)
    with pytest.raises(ExportError) as caught:
        write_outputs(result, out, bom=True)
    assert caught.value.message == f"{out / 'payroll.csv'}: cannot write: No space left on device"
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    # No staging directory is left behind, hidden or not.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
