"""The ``rosterkit`` command and the one-call output writer: files, messages and exit codes."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import rosterkit
from rosterkit import (
    ExportError,
    ImportFileError,
    InputError,
    InternalError,
    InterruptedSolve,
    SolveResult,
    Status,
)
from rosterkit.cli import ExitCode, app
from rosterkit.cli import commands as cli_module
from rosterkit.solve import write_outputs

# One week of a small practice (the shape of the examples): solves to optimality in well under
# a second with one worker.
PRACTICE = """\
name: Tiny
time_zone: Europe/Berlin
horizon: {start: 2026-03-02, end: 2026-03-08}
skills: [{id: nurse}, {id: desk}]
staff:
  - {id: a, name: Anna, skills: [nurse], contract: {max_hours_per_week: 40, min_hours_per_week: 16}}
  - {id: b, name: Ben, skills: [nurse, desk]}
  - {id: c, name: Cem, skills: [desk]}
  - {id: d, name: Dora, skills: [desk]}
shifts:
  - {id: early, start: "07:00", end: "15:00", days: [mon, tue, wed, thu, fri]}
  - {id: late, start: "14:00", end: "22:00", days: [mon, tue, wed, thu, fri]}
  - {id: night, start: "22:00", end: "07:00", skills: [nurse]}
coverage:
  - {shift: early, skill: nurse, min: 1}
  - {shift: early, skill: desk, min: 1, preferred: 2}
  - {shift: late, min: 1}
  - {shift: night, min: 1, weight: 50}
availability:
  - {staff: c, kind: unavailable, date: 2026-03-04}
  - {staff: d, kind: preferred, shift: early, weekdays: [mon], weight: 3}
leave:
  - {staff: b, start_date: 2026-03-05, end_date: 2026-03-06, status: requested, reason: secret}
rules:
  - {kind: max_shifts_per_day, hard: true}
  - {kind: min_rest, hours: 11, hard: true}
  - {kind: max_consecutive_days, limit: 5, weight: 20}
  - {kind: hours_per_week, max: 48, hard: true}
"""

# Hard coverage of a nurse shift, and nobody is a nurse.
INFEASIBLE = """\
name: Impossible
time_zone: UTC
horizon: {start: 2026-03-02, end: 2026-03-03}
skills: [{id: desk}, {id: nurse}]
staff: [{id: a, name: Anna, skills: [desk]}]
shifts: [{id: ward, start: "09:00", end: "17:00", skills: [nurse]}]
coverage: [{shift: ward, min: 1, hard: true}]
"""

FAST = ["--time-limit", "5", "--workers", "1", "--seed", "0"]
# No one has a wage, so no payroll.csv; Ben's leave request gives leave_decisions.csv.
OUTPUTS = ["roster.csv", "grid.csv", "team.ics", "report.txt", "leave_decisions.csv"]
CALENDARS = ["a.ics", "b.ics", "c.ics", "d.ics"]

runner = CliRunner()


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    # Messages are compared exactly: no colour codes even where CI forces colour.
    for name in ("FORCE_COLOR", "PY_COLORS", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


def _write(directory: Path, text: str, name: str = "practice.yaml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def _tree(root: Path) -> list[str]:
    """Every file and directory under ``root``, hidden ones included, relative and sorted."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def _assert_one_clean_error(stderr: str, name: str, *parts: str) -> None:
    first = stderr.splitlines()[0]
    assert first.startswith(f"{name}: ")
    for part in parts:
        assert part in stderr
    assert "Traceback" not in stderr


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The practice file, the output directory and stdout of one `rosterkit solve` run."""
    root = tmp_path_factory.mktemp("solved")
    practice = _write(root, PRACTICE)
    out = root / "out"
    result = runner.invoke(app, ["solve", str(practice), "--out", str(out), *FAST])
    assert result.exit_code == 0, result.output
    return practice, out, result.stdout


# ------------------------------------------------------------------------------------ solve


def test_solve_writes_every_output(solved: tuple[Path, Path, str]) -> None:
    _, out, _ = solved
    assert _tree(out) == sorted(
        ["calendars", *OUTPUTS, *(f"calendars/{name}" for name in CALENDARS)]
    )
    assert (out / "report.txt").read_text(encoding="utf-8").startswith("rosterkit report: Tiny\n")
    with (out / "roster.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 18
    # Nothing of the staging is left next to the output directory.
    assert _tree(out.parent) == sorted(["practice.yaml", "out", *_prefixed("out", _tree(out))])


def _prefixed(prefix: str, names: list[str]) -> list[str]:
    return [f"{prefix}/{name}" for name in names]


def test_solve_prints_progress_and_summary(solved: tuple[Path, Path, str]) -> None:
    _, out, stdout = solved
    lines = stdout.splitlines()
    assert lines[0] == (
        "Solving Tiny: 4 staff, 3 shift types, 2026-03-02 .. 2026-03-08, time limit 5 s"
    )
    progress = [line for line in lines if " s  objective " in line]
    assert progress, stdout
    # The bound reaches 153 only after the last roster is found, when optimality is proved.
    assert progress[-1].split()[2:4] == ["objective", "153"]
    assert "Status:    optimal: 18 shifts assigned, objective 153 (proved optimal)" in lines
    assert "Objective: 153, best bound 153, gap 0.00 %" in lines
    assert (
        f"Wrote 9 files to {out}: roster.csv, grid.csv, team.ics, calendars/ (4 files), "
        "report.txt, leave_decisions.csv"
    ) in lines
    # One priority level: no level totals.
    assert not any(line.startswith("Levels:") for line in lines)


# The same week with the desk cover of the early shift and the run of days on priority level 2.
# Solved level by level, nights come first: refusing Ben's leave (10) lets him cover one
# night (-50), and the desk goes short once (1000 on level 2). The plain sum does the opposite.
LEVELS = PRACTICE.replace(
    "{shift: early, skill: desk, min: 1, preferred: 2}",
    "{shift: early, skill: desk, min: 1, preferred: 2, priority: 2}",
).replace("limit: 5, weight: 20}", "limit: 5, weight: 20, priority: 2}")


@pytest.mark.parametrize(
    ("option", "passed", "objective", "levels"),
    [
        ([], None, 1116, (110, 1006)),
        (["--lexicographic"], True, 1116, (110, 1006)),
        (["--no-lexicographic"], False, 153, (150, 3)),
    ],
)
def test_solve_passes_lexicographic_and_prints_the_levels(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    option: list[str],
    passed: bool | None,
    objective: int,
    levels: tuple[int, int],
) -> None:
    seen: list[object] = []
    real_solve = rosterkit.solve

    def spy(practice: rosterkit.Practice, **kwargs: Any) -> SolveResult:
        seen.append(kwargs["lexicographic"])
        return real_solve(practice, **kwargs)

    monkeypatch.setattr(cli_module, "solve", spy)
    practice = _write(tmp_path, LEVELS)
    out = tmp_path / "out"
    result = runner.invoke(app, ["solve", str(practice), "--out", str(out), *FAST, *option])
    assert result.exit_code == 0, result.output
    assert seen == [passed]
    lines = result.stdout.splitlines()
    assert f"Objective: {objective}, best bound {objective}, gap 0.00 %" in lines
    assert f"Levels:    1: {levels[0]}, 2: {levels[1]}" in lines
    # Solved level by level, each improving roster says which level it is for.
    progress = [line for line in lines if " s  objective " in line]
    staged = passed is not False
    assert progress
    assert all(re.search(r"\(level [12]\)$", line) for line in progress) == staged, progress
    report = (out / "report.txt").read_text(encoding="utf-8").splitlines()
    start = report.index("Priority levels") + 2
    rows = [line.split() for line in report[start : start + 3]]
    assert rows == [["1", str(levels[0])], ["2", str(levels[1])], ["total", str(objective)]]


def test_solve_infeasible_exits_4_and_writes_nothing(tmp_path: Path) -> None:
    practice = _write(tmp_path, INFEASIBLE)
    out = tmp_path / "out"
    result = runner.invoke(app, ["solve", str(practice), "--out", str(out), *FAST])
    assert result.exit_code == ExitCode.INFEASIBLE
    _assert_one_clean_error(result.stderr, "Infeasible", "no roster keeps every hard rule")
    assert "nothing was written" in result.stderr
    assert _tree(tmp_path) == ["practice.yaml"]


BAD_INPUTS = {
    "missing file": (None, "PracticeFileError", ["no such file"]),
    "yaml syntax": ("name: T\nstaff: [a, b\n  c: d\n", "PracticeFileError", [":3:4: invalid YAML"]),
    "unknown skill": (
        PRACTICE.replace("skills: [nurse, desk]}", "skills: [nurse, dsk]}"),
        "ValidationError",
        ["staff[1] (b).skills[1]: unknown skill 'dsk'"],
    ),
    "unknown rule kind": (
        PRACTICE.replace("kind: max_shifts_per_day", "kind: max_fun"),
        "ValidationError",
        ["rules[0]", "'max_fun'"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_solve_bad_input_exits_3_with_one_clear_error(tmp_path: Path, case: str) -> None:
    text, error, parts = BAD_INPUTS[case]
    practice = tmp_path / "practice.yaml"
    if text is not None:
        practice.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["solve", str(practice), "--out", str(out), *FAST])
    assert result.exit_code == ExitCode.INVALID_INPUT
    _assert_one_clean_error(result.stderr, error, str(practice), *parts)
    assert str(practice) in result.stderr.splitlines()[0]
    assert result.stdout == ""
    assert not out.exists()


def test_solve_into_a_path_under_a_file_exits_73_and_leaves_nothing(tmp_path: Path) -> None:
    practice = _write(tmp_path, PRACTICE)
    (tmp_path / "afile").write_text("not a directory", encoding="utf-8")
    out = tmp_path / "afile" / "out"
    result = runner.invoke(app, ["solve", str(practice), "--out", str(out), *FAST])
    assert result.exit_code == ExitCode.CANNOT_WRITE
    _assert_one_clean_error(result.stderr, "ExportError", str(out))
    assert _tree(tmp_path) == ["afile", "practice.yaml"]


def test_solve_without_out_is_a_usage_error(tmp_path: Path) -> None:
    practice = _write(tmp_path, PRACTICE)
    result = runner.invoke(app, ["solve", str(practice)])
    assert result.exit_code == ExitCode.USAGE
    assert "--out" in result.stderr


def test_solve_rejects_a_time_limit_of_zero(tmp_path: Path) -> None:
    practice = _write(tmp_path, PRACTICE)
    result = runner.invoke(app, ["solve", str(practice), "-o", "x", "--time-limit", "0"])
    assert result.exit_code == 2
    assert "must be more than 0 seconds" in result.stderr


# Outcomes that take a real solver too long to provoke: the solve is replaced by a stand-in.


def _solved_result(tmp_path: Path) -> SolveResult:
    practice = rosterkit.load_practice(_write(tmp_path, PRACTICE, "p.yaml"))
    return rosterkit.solve(practice, time_limit=5, workers=1, seed=0)


def test_interrupt_after_a_roster_writes_it_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    interrupted = dataclasses.replace(_solved_result(tmp_path), interrupted=True)
    monkeypatch.setattr(cli_module, "solve", lambda *args, **kwargs: interrupted)
    out = tmp_path / "out"
    result = runner.invoke(app, ["solve", str(tmp_path / "p.yaml"), "--out", str(out)])
    assert result.exit_code == ExitCode.INTERRUPTED
    assert result.stderr.startswith("Interrupted: wrote the best roster found before the interrupt")
    assert (out / "roster.csv").is_file()


def test_interrupt_before_a_roster_exits_130_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> SolveResult:
        raise InterruptedSolve("interrupted before any roster was found")

    monkeypatch.setattr(cli_module, "solve", interrupted)
    practice = _write(tmp_path, PRACTICE)
    result = runner.invoke(app, ["solve", str(practice), "--out", str(tmp_path / "out")])
    assert result.exit_code == 130
    assert result.stderr == "InterruptedSolve: interrupted before any roster was found\n"
    assert _tree(tmp_path) == ["practice.yaml"]


def test_no_roster_in_time_exits_5_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nothing = dataclasses.replace(
        _solved_result(tmp_path),
        status=Status.NO_SOLUTION,
        message="no roster found within the time limit; allow more time",
    )
    monkeypatch.setattr(cli_module, "solve", lambda *args, **kwargs: nothing)
    result = runner.invoke(app, ["solve", str(tmp_path / "p.yaml"), "--out", str(tmp_path / "o")])
    assert result.exit_code == ExitCode.NO_SOLUTION
    _assert_one_clean_error(result.stderr, "NoSolution", "allow more time", "nothing was written")
    assert _tree(tmp_path) == ["p.yaml"]


def test_a_bug_is_reported_as_internal_error_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(cli_module, "load_practice", broken)
    result = runner.invoke(app, ["solve", "p.yaml", "--out", str(tmp_path / "o")])
    assert result.exit_code == ExitCode.INTERNAL
    assert result.stderr.splitlines() == [
        "InternalError: ZeroDivisionError: boom",
        "This is a bug in rosterkit; please report it with the command you ran.",
    ]


# ------------------------------------------------------------------------------------ import

IMPORTING = (
    PRACTICE
    + """\
sources:
  - {file: requests.csv, format: availability}
"""
)


def test_import_prints_what_the_sources_gave(tmp_path: Path) -> None:
    practice = _write(tmp_path, IMPORTING)
    (tmp_path / "requests.csv").write_text(
        "staff_id,kind,date\na,unavailable,2026-03-03\nd,leave requested,2026-03-04\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", str(practice)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Imported:",
        f"  {tmp_path / 'requests.csv'} (availability): 2 rows -> 1 leave (requested), "
        "1 unavailable",
        "Practice: 4 staff, 3 availability entries, 2 leave entries",
    ]


def test_import_of_a_bad_file_exits_3_naming_file_line_column_and_value(tmp_path: Path) -> None:
    practice = _write(tmp_path, IMPORTING)
    (tmp_path / "requests.csv").write_text(
        "staff_id,kind,date\na,unavailable,2026-03-03\nd,unavailable,05.03.2026\n",
        encoding="utf-8",
    )
    for command in (["import", str(practice)], ["solve", str(practice), "-o", "out", *FAST]):
        result = runner.invoke(app, command)
        assert result.exit_code == ExitCode.INVALID_INPUT
        assert result.stderr == (
            f"ImportFileError: {tmp_path / 'requests.csv'}:3: column 'date': not a date "
            "(got '05.03.2026') (write dates as YYYY-MM-DD, e.g. 2026-12-24)\n"
        )
        assert result.stdout == ""
    assert _tree(tmp_path) == ["practice.yaml", "requests.csv"]


# ------------------------------------------------------------------------------------ check


def test_check_a_solved_roster_passes(solved: tuple[Path, Path, str]) -> None:
    practice, out, _ = solved
    result = runner.invoke(app, ["check", str(practice), str(out / "roster.csv")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Checked {out / 'roster.csv'}: 18 shifts of Tiny"
    assert "Hard violations: none" in lines
    assert lines[-1] == "Objective: 153"
    assert "  coverage#4       150" in lines


def test_check_a_roster_breaking_a_hard_rule_exits_1(
    solved: tuple[Path, Path, str], tmp_path: Path
) -> None:
    practice, out, _ = solved
    text = (out / "roster.csv").read_text(encoding="utf-8")
    early = next(row for row in csv.DictReader(text.splitlines()) if row["shift_id"] == "early")
    # The same person on the late shift of that day too: the shifts overlap from 14:00 to 15:00.
    edited = _write(
        tmp_path,
        text + f"{early['staff_id']},,{early['date']},late,,,,\n",
        "edited.csv",
    )
    result = runner.invoke(app, ["check", str(practice), str(edited)])
    assert result.exit_code == ExitCode.HARD_VIOLATIONS
    violations = [line for line in result.stdout.splitlines() if line.startswith("  no_overlap")]
    assert violations
    assert f"[{early['staff_id']}, {early['date']}]" in violations[0]
    assert "Hard violations: " in result.stdout


def test_check_a_roster_with_an_unknown_staff_id_exits_3_naming_the_row(
    solved: tuple[Path, Path, str], tmp_path: Path
) -> None:
    practice, _, _ = solved
    roster = _write(
        tmp_path,
        "staff_id,date,shift_id\na,2026-03-02,early\nzz,2026-03-02,late\n",
        "roster.csv",
    )
    result = runner.invoke(app, ["check", str(practice), str(roster)])
    assert result.exit_code == 3
    _assert_one_clean_error(result.stderr, "RosterFileError", f"{roster}:3", "'zz'")
    assert len(result.stderr.splitlines()) == 1


# ------------------------------------------------------------------------------------ others


def test_schema_prints_the_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "properties" in schema
    assert {"name", "staff", "shifts"} <= set(schema["properties"])


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"rosterkit {rosterkit.__version__}\n"


def test_help_lists_the_exit_codes() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Exit codes" in result.stdout
    for code in ExitCode:
        assert re.search(rf"^ +{int(code)}  [a-z]", result.stdout, re.MULTILINE), code


def test_solve_help_lists_every_option() -> None:
    result = runner.invoke(app, ["solve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for option in (
        "--out",
        "--time-limit",
        "--seed",
        "--workers",
        "--deterministic",
        "--log",
        "--delimiter",
        "--bom",
        "--xlsx",
        "--previous",
        "--lexicographic",
        "--no-lexicographic",
    ):
        assert re.search(rf"{option}\b", result.stdout), option


def test_exit_codes_match_the_error_tree() -> None:
    assert ImportFileError.exit_code == ExitCode.INVALID_INPUT
    assert InputError.exit_code == ExitCode.INVALID_INPUT
    assert ExportError.exit_code == ExitCode.CANNOT_WRITE
    assert InternalError.exit_code == ExitCode.INTERNAL
    assert InterruptedSolve.exit_code == ExitCode.INTERRUPTED
    assert [int(c) for c in ExitCode] == [0, 1, 2, 3, 4, 5, 70, 73, 130]


def test_console_script_reports_bad_input_without_traceback(tmp_path: Path) -> None:
    # The real entry point in a real process: no test runner catches anything here.
    missing = tmp_path / "missing.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "rosterkit.cli", "check", str(missing), str(tmp_path / "r.csv")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 3
    assert done.stdout == ""
    assert done.stderr == f"PracticeFileError: {missing}: no such file\n"


# ------------------------------------------------------------------------------------ write_outputs


@pytest.fixture
def result(tmp_path_factory: pytest.TempPathFactory) -> SolveResult:
    return _solved_result(tmp_path_factory.mktemp("result"))


def test_write_outputs_returns_the_files_in_order(result: SolveResult, tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    written = write_outputs(result, out)
    assert written == [
        out / "roster.csv",
        out / "grid.csv",
        out / "team.ics",
        *(out / "calendars" / name for name in CALENDARS),
        out / "report.txt",
        out / "leave_decisions.csv",
    ]
    assert all(path.is_file() for path in written)
    assert _tree(tmp_path) == ["deep", "deep/out", *_prefixed("deep/out", _tree(out))]


def test_write_outputs_replaces_the_previous_set_as_a_whole(
    result: SolveResult, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / "calendars").mkdir(parents=True)
    (out / "calendars" / "gone.ics").write_text("old", encoding="utf-8")
    (out / "roster.csv").write_text("old", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    write_outputs(result, out)
    assert sorted(p.name for p in (out / "calendars").iterdir()) == CALENDARS
    assert (out / "roster.csv").read_text(encoding="utf-8").startswith("staff_id,")
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert _tree(tmp_path) == ["out", *_prefixed("out", _tree(out))]


def test_write_outputs_failing_midway_keeps_the_previous_set(
    result: SolveResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_outputs(result, out, stamp=None)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def full_disk(practice: object, roster: object, path: Path, **kwargs: object) -> Path:
        raise ExportError(f"{path}: cannot write: No space left on device")

    monkeypatch.setattr("rosterkit.adapters.ical.write_team_calendar", full_disk)
    with pytest.raises(ExportError, match="No space left") as caught:
        write_outputs(result, out)
    # The message names the directory asked for, not the hidden staging directory.
    assert caught.value.message == f"{out / 'team.ics'}: cannot write: No space left on device"
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert _tree(tmp_path) == ["out", *_prefixed("out", _tree(out))]


def test_write_outputs_without_a_roster_writes_nothing(tmp_path: Path) -> None:
    practice = rosterkit.load_practice(_write(tmp_path, INFEASIBLE))
    infeasible = rosterkit.solve(practice, time_limit=5, workers=1, seed=0)
    assert infeasible.status is Status.INFEASIBLE
    assert write_outputs(infeasible, tmp_path / "out") == []
    assert _tree(tmp_path) == ["practice.yaml"]


def test_write_outputs_failing_while_swapping_puts_the_previous_set_back(
    result: SolveResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_outputs(result, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real_replace = os.replace

    def refuse_team_calendar(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == out / "team.ics" and str(src).endswith(".new/team.ics"):
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_team_calendar)
    with pytest.raises(ExportError) as caught:
        write_outputs(result, out)
    assert caught.value.message == f"{out}: cannot replace the previous outputs: Permission denied"
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert _tree(tmp_path) == ["out", *_prefixed("out", _tree(out))]


# A month: CP-SAT keeps improving for many seconds, so the interrupt lands mid-search.
MONTH = PRACTICE.replace(
    "horizon: {start: 2026-03-02, end: 2026-03-08}", 'horizon: "2026-03"'
).replace("2026-03-05, end_date: 2026-03-06", "2026-03-16, end_date: 2026-03-20")


def test_ctrl_c_mid_search_writes_the_best_roster_and_exits_130(tmp_path: Path) -> None:
    practice = _write(tmp_path, MONTH)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "rosterkit.cli", "solve", str(practice), "--out", str(out)]
    with subprocess.Popen(
        [*command, "--time-limit", "30", "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    ) as process:
        assert process.stdout is not None
        process.stdout.readline()  # "Solving ..."
        process.stdout.readline()  # the first roster
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == ExitCode.INTERRUPTED, stderr
    assert stderr == f"Interrupted: wrote the best roster found before the interrupt to {out}\n"
    assert "Status:    feasible" in stdout
    assert (out / "roster.csv").is_file()
    assert (out / "report.txt").read_text(encoding="utf-8").splitlines()[2] == (
        "Status:      feasible (interrupted)"
    )
