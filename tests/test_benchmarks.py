"""The Curtois & Qu reader and runner (``benchmarks/curtois``) on two hand-checked instances.

``tests/fixtures/curtois/Tiny.txt`` (3 staff, 7 days, shifts D and N) has the optimum 208,
derived by hand in the file's comments: A is forced to D on days 0..3 (fixed day off, no
weekends, minimum minutes), which costs 1 over-cover and 3 for A's requests; B and C can fill at
most 3 + 5 of the 13 demanded slots, so 2 stay uncovered (200); C's only 5-night patterns are
NN--NNN and NNN--NN (each has a run of 2 at a horizon end, shorter than C's minimum of 3 and
allowed only because such runs are exempt), and either way the rotation N -> D and B's minimum
run of 2 leave B nothing but D on days 4..6, so B's requests cost 4: 200 + 1 + 3 + 4 = 208.

``Edges.txt`` (one person, minimum runs of 3 working days and of 3 days off) has the optimum 3:
working only days 0 and 6 is allowed because runs touching the horizon's ends are exempt; without
that exemption the best roster would cost 7.

The independent scorer ``score.py`` lives beside the instances in ``../shared`` (see
``DEFAULT_DIR``); the checks that need it are skipped where it is missing.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import rosterkit
from benchmarks.curtois.__main__ import DEFAULT_DIR, main, median_run, table
from benchmarks.curtois.reader import (
    FIRST_DAY,
    InstanceError,
    parse_instance,
    to_document,
    to_practice,
)

FIXTURES = Path(__file__).parent / "fixtures" / "curtois"
TINY = FIXTURES / "Tiny.txt"
EDGES = FIXTURES / "Edges.txt"

TINY_OPTIMUM = 208
TINY_ROSTER = {
    *(("A", d, "D") for d in (0, 1, 2, 3)),
    *(("B", d, "D") for d in (4, 5, 6)),
    *(("C", d, "N") for d in (0, 1, 4, 5, 6)),
}
"""The only roster of cost 208 (an exhaustive search over every feasible roster agrees)."""

EDGES_OPTIMUM = 3
EDGES_ROSTER = {("S", 0, "D"), ("S", 6, "D")}

SCORER = DEFAULT_DIR / "score.py"
RECORD_FIELDS = {
    "instance",
    "status",
    "objective",
    "best_bound",
    "build_seconds",
    "solve_seconds",
    "peak_memory_mib",
}
"""The fields the ``run`` command documents for its JSON line."""

Rows = set[tuple[str, int, str]]


def solve(practice: rosterkit.Practice) -> rosterkit.SolveResult:
    return rosterkit.solve(practice, time_limit=10, workers=1, seed=0, deterministic=True)


def rows_of(roster: rosterkit.Roster) -> Rows:
    return {(a.staff_id, (a.date - FIRST_DAY).days, a.shift_id) for a in roster}


def roster_of(practice: rosterkit.Practice, rows: Rows) -> rosterkit.Roster:
    return rosterkit.Roster.of(
        practice.assignment(staff, FIRST_DAY + timedelta(days=day), shift)
        for staff, day, shift in rows
    )


def need_scorer() -> Path:
    if not SCORER.is_file():
        pytest.skip(f"the independent scorer {SCORER} is not here (../shared is missing)")
    return SCORER


# --- reading -------------------------------------------------------------------------------


def test_parse_reads_every_section() -> None:
    inst = parse_instance(TINY)
    assert inst.name == "Tiny"
    assert inst.days == 7
    assert inst.shifts == {"D": (480, ()), "N": (720, ("D",))}
    assert list(inst.staff) == ["A", "B", "C"]
    assert inst.staff["B"] == {
        "max_shifts": {"D": 3, "N": 2},
        "max_minutes": 1680,
        "min_minutes": 960,
        "max_run": 3,
        "min_run": 2,
        "min_off": 1,
        "max_weekends": 1,
    }
    assert inst.staff["A"]["max_shifts"] == {"D": 7, "N": 0}
    assert inst.staff["A"]["max_weekends"] == 0
    assert inst.staff["C"]["min_run"] == 3
    assert inst.days_off == {"A": [4], "B": [0, 1], "C": [3]}
    assert inst.on_requests == [("A", 5, "D", 1), ("B", 3, "N", 3)]
    assert inst.off_requests == [("A", 1, "D", 2), ("B", 6, "D", 1), ("C", 2, "N", 1)]
    assert len(inst.cover) == 14
    assert inst.cover[0] == (0, "D", 0, 100, 1)
    assert inst.cover[-1] == (6, "N", 1, 100, 1)


def test_parse_accepts_empty_sections() -> None:
    inst = parse_instance(EDGES)
    assert (inst.days, list(inst.shifts), list(inst.staff)) == (7, ["D"], ["S"])
    assert inst.days_off == {}
    assert inst.off_requests == []
    assert [r[1] for r in inst.on_requests] == [0, 3, 6]


def test_to_document_states_each_benchmark_rule() -> None:
    doc = to_document(parse_instance(TINY))
    rules = doc["rules"]
    assert {"kind": "rotation", "cannot_follow": {"N": ["D"]}, "hard": True} in rules
    assert {
        "kind": "shift_count",
        "shifts": "N",
        "max_by_staff": {"A": 0, "B": 2, "C": 5},
        "hard": True,
    } in rules
    runs = {
        (r["kind"], r.get("min"), r.get("max"), r["outside"], tuple(r["applies_to"]["staff"]))
        for r in rules
        if r["kind"] in ("work_runs", "off_runs")
    }
    assert runs == {
        ("work_runs", None, 3, "off", ("B", "C")),
        ("work_runs", None, 4, "off", ("A",)),
        # Minima read the outside as unknown: runs touching the horizon's ends are exempt.
        ("work_runs", 2, None, "unknown", ("A", "B")),
        ("work_runs", 3, None, "unknown", ("C",)),
        # B's MinConsecutiveDaysOff of 1 holds anyway and gives no rule.
        ("off_runs", 2, None, "unknown", ("A", "C")),
    }
    weekends = [r for r in rules if r["kind"] == "max_weekends"]
    assert weekends == [
        {"kind": "max_weekends", "max_by_staff": {"A": 0, "B": 1, "C": 1}, "hard": True}
    ]
    assert doc["staff"][1]["contract"] == {"min_hours": 16, "max_hours": 28}
    # MaxShifts 0 (A on N, C on D) is a skill the shift type needs and the person lacks: the
    # pair gets no variable at all.
    assert doc["shifts"] == [
        {"id": "D", "start": "00:00", "end": "08:00", "skills": ["D_qualified"]},
        {"id": "N", "start": "00:00", "end": "12:00", "skills": ["N_qualified"]},
    ]
    assert [s["skills"] for s in doc["staff"]] == [
        ["nurse", "D_qualified"],
        ["nurse", "D_qualified", "N_qualified"],
        ["nurse", "N_qualified"],
    ]
    index = to_practice(parse_instance(TINY)).index
    assert {s: {i.shift_id for i in insts} for s, insts in index.eligible_by_staff.items()} == {
        "A": {"D"},
        "B": {"D", "N"},
        "C": {"N"},
    }
    kinds = [(a["kind"], a["staff"], a["date"], a.get("shift")) for a in doc["availability"]]
    assert ("unavailable", "A", "2024-01-05", None) in kinds
    assert ("preferred", "B", "2024-01-04", "N") in kinds
    assert ("undesired", "C", "2024-01-03", "N") in kinds
    assert len(kinds) == 4 + 2 + 3
    assert doc["coverage"][0] == {
        "shift": "D",
        "dates": ["2024-01-01"],
        "preferred": 0,
        "preferred_under_weight": 100,
        "preferred_over_weight": 1,
    }


def test_to_practice_validates() -> None:
    practice = to_practice(parse_instance(TINY))
    assert isinstance(practice, rosterkit.Practice)
    dates = practice.index.calendar.dates
    assert (dates[0], len(dates)) == (FIRST_DAY, 7)
    assert FIRST_DAY.weekday() == 0  # day 0 is a Monday, so days 5 and 6 are the weekend
    assert [s.id for s in practice.staff] == ["A", "B", "C"]
    assert [s.id for s in practice.shifts] == ["D", "N"]


# --- solving and checking ------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny() -> tuple[rosterkit.Practice, rosterkit.SolveResult]:
    practice = to_practice(parse_instance(TINY))
    return practice, solve(practice)


def test_tiny_solves_to_the_hand_computed_optimum(
    tiny: tuple[rosterkit.Practice, rosterkit.SolveResult],
) -> None:
    _, result = tiny
    assert result.status is rosterkit.Status.OPTIMAL
    assert result.objective == TINY_OPTIMUM
    assert result.best_bound == TINY_OPTIMUM
    assert rows_of(result.roster) == TINY_ROSTER


def test_check_agrees_on_the_optimum(
    tiny: tuple[rosterkit.Practice, rosterkit.SolveResult],
) -> None:
    practice, result = tiny
    report = rosterkit.check(practice, result.roster)
    assert report.ok, [str(v) for v in report.violations]
    assert report.objective == TINY_OPTIMUM
    by_kind: dict[str, int] = {}
    for p in report.penalties:
        by_kind[p.kind] = by_kind.get(p.kind, 0) + p.amount
    # 2 nights uncovered (2 x 100) and D on day 0 over its requirement 0 (1); requests:
    # A's D on day 5 (1) and B's N on day 3 (3) not given, A's D on day 1 (2) and B's D on
    # day 6 (1) worked although unwanted.
    assert by_kind == {"coverage": 201, "preferred": 4, "undesired": 3}


def test_check_of_the_hand_roster_matches_the_solver() -> None:
    """The hand-derived roster, checked without the solver, costs the hand-computed 208."""
    practice = to_practice(parse_instance(TINY))
    report = rosterkit.check(practice, roster_of(practice, TINY_ROSTER))
    assert report.ok
    assert report.objective == TINY_OPTIMUM


def test_edges_optimum_needs_the_exemption_at_both_ends() -> None:
    result = solve(to_practice(parse_instance(EDGES)))
    assert result.status is rosterkit.Status.OPTIMAL
    assert result.objective == EDGES_OPTIMUM
    assert rows_of(result.roster) == EDGES_ROSTER


# --- boundary semantics of the minimum-run rules --------------------------------------------

ALL_DAYS = frozenset(range(7))
BOUNDARY_CASES = [
    # (days S works, the hard rules broken): a short run inside the horizon breaks the minimum;
    # the same run touching day 0 or day 6 is exempt.
    pytest.param({3}, {"work_runs"}, id="one working day in the middle"),
    pytest.param({2, 3}, {"work_runs"}, id="two working days in the middle"),
    pytest.param({0}, set(), id="one working day at the start"),
    pytest.param({6}, set(), id="one working day at the end"),
    pytest.param({5, 6}, set(), id="two working days at the end"),
    pytest.param(ALL_DAYS - {3}, {"off_runs"}, id="one day off in the middle"),
    pytest.param(ALL_DAYS - {2, 3}, {"off_runs"}, id="two days off in the middle"),
    pytest.param(ALL_DAYS - {0}, set(), id="one day off at the start"),
    pytest.param(ALL_DAYS - {5, 6}, set(), id="two days off at the end"),
]


@pytest.mark.parametrize(("worked", "broken"), BOUNDARY_CASES)
def test_min_runs_are_exempt_only_at_the_horizon_ends(worked: set[int], broken: set[str]) -> None:
    practice = to_practice(parse_instance(EDGES))
    report = rosterkit.check(practice, roster_of(practice, {("S", d, "D") for d in worked}))
    assert {v.kind for v in report.violations} == broken
    assert all(v.staff_id == "S" for v in report.violations)


@pytest.mark.parametrize(("worked", "broken"), BOUNDARY_CASES)
def test_score_py_reads_the_ends_the_same_way(
    worked: set[int], broken: set[str], tmp_path: Path
) -> None:
    scorer = need_scorer()
    roster = tmp_path / "roster.csv"
    roster.write_text("".join(f"S,{d},D\n" for d in sorted(worked)), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(scorer), str(EDGES), str(roster), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    verdict = json.loads(done.stdout)
    assert verdict["feasible"] is (not broken), verdict["violations"]


# --- the command line ----------------------------------------------------------------------


def fake_scorer(directory: Path, total: int) -> Path:
    """A stand-in for score.py that finds the roster feasible and costing ``total``."""
    directory.mkdir(parents=True, exist_ok=True)
    verdict = {"feasible": True, "violations": [], "penalty": {"total": total}}
    (directory / "score.py").write_text(
        f"import json\nprint(json.dumps({verdict!r}))\n", encoding="utf-8"
    )
    return directory


def run_cli(data: Path, out: Path) -> int:
    return main(
        [
            "run",
            str(TINY),
            "--time-limit",
            "5",
            "--workers",
            "1",
            "--out",
            str(out),
            "--data",
            str(data),
        ]
    )


def read_rows(path: Path) -> tuple[list[str], Rows]:
    with path.open(encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    return header, {(staff, int(day), shift) for staff, day, shift in rows}


def one_record(out: str) -> dict[str, Any]:
    lines = out.strip().splitlines()
    assert len(lines) == 1, lines
    record: dict[str, Any] = json.loads(lines[0])
    return record


def test_run_writes_the_roster_and_one_json_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.csv"
    assert run_cli(fake_scorer(tmp_path / "data", TINY_OPTIMUM), out) == 0
    header, rows = read_rows(out)
    assert header == ["staff_id", "day", "shift_id"]
    assert rows == TINY_ROSTER
    record = one_record(capsys.readouterr().out)
    assert not RECORD_FIELDS - record.keys(), record
    assert record["instance"] == "Tiny"
    assert record["status"] == "optimal"
    assert record["objective"] == TINY_OPTIMUM
    assert record["best_bound"] == TINY_OPTIMUM
    for name in ("build_seconds", "solve_seconds", "peak_memory_mib"):
        assert isinstance(record[name], float | int)
        assert record[name] >= 0


def test_run_stops_when_the_scorer_disagrees(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(fake_scorer(tmp_path / "data", TINY_OPTIMUM + 1), tmp_path / "r.csv") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "DISAGREEMENT" in captured.err
    assert str(TINY_OPTIMUM + 1) in captured.err


def _record(objective: int | None, bound: float | None, mib: float) -> dict[str, Any]:
    return {
        "instance": "InstanceT",
        "status": "feasible" if objective is not None else "no_solution",
        "search": "lns",
        "objective": objective,
        "best_bound": bound,
        "build_seconds": 0.5,
        "solve_seconds": 60.0,
        "peak_memory_mib": mib,
    }


def test_several_seeds_report_the_median_run_the_best_bound_and_every_objective() -> None:
    runs = [_record(30, 5.0, 100), _record(None, None, 300), _record(10, 7.0, 120)]
    runs.append(_record(20, 6.0, 110))
    middle = median_run(runs)
    assert middle["objective"] == 20  # the lower median of 10, 20, 30 and no roster
    assert middle["best_bound"] == 7.0  # any run's bound is a bound: the best of them
    assert middle["peak_memory_mib"] == 300
    assert middle["objectives"] == [30, None, 10, 20]
    text = table([middle], {"InstanceT": 16}, "cmd")
    header, rule, row = text.splitlines()[3:6]
    assert header.endswith("| objective by seed |")
    assert rule.count("|") == header.count("|")
    assert row.endswith("| 30, -, 10, 20 |")
    assert "| 20 | 7 | 16 | 25.00 |" in row
    single = table([_record(30, 5.0, 100)], {"InstanceT": 16}, "cmd")
    assert "by seed" not in single


def test_table_with_seeds_runs_each_seed_and_writes_the_median(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = fake_scorer(tmp_path / "data", TINY_OPTIMUM)
    (data / "instances").mkdir()
    (data / "instances" / "InstanceT.txt").write_text(TINY_TEXT, encoding="utf-8")
    (data / "best_known.csv").write_text(
        f"instance,best_known\nInstanceT,{TINY_OPTIMUM}\n", encoding="utf-8"
    )
    (tmp_path / "docs").mkdir()
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[1]))
    monkeypatch.chdir(tmp_path)
    argv = ["table", "--instances", "InstanceT", "--time-limit", "5", "--workers", "1"]
    assert main([*argv, "--seeds", "3", "4", "--data", str(data)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [json.loads(line)["seed"] for line in lines] == [3, 4]
    written = (tmp_path / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    assert "--seeds 3 4 --search auto" in written
    assert f"| {TINY_OPTIMUM}, {TINY_OPTIMUM} |" in written
    assert sorted(p.name for p in (tmp_path / "out" / "curtois").iterdir()) == [
        "InstanceT-seed3.csv",
        "InstanceT-seed4.csv",
    ]


def test_run_agrees_with_the_independent_scorer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    need_scorer()
    out = tmp_path / "r.csv"
    assert run_cli(DEFAULT_DIR, out) == 0
    record = one_record(capsys.readouterr().out)
    assert record["objective"] == TINY_OPTIMUM
    assert record["score_py"] == TINY_OPTIMUM
    assert read_rows(out)[1] == TINY_ROSTER


# --- malformed files -----------------------------------------------------------------------

TINY_TEXT = TINY.read_text(encoding="utf-8")
STAFF_C = "C,D=0|N=5,3600,0,3,3,2,1"


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the line holding ``needle``."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "bad_line", "section", "reason"),
    [
        (STAFF_C, "C,D=0|N=5,3600", "C,D=0|N=5,3600", "SECTION_STAFF", "too few fields"),
        ("N,720,D", "N,seven,D", "N,seven,D", "SECTION_SHIFTS", "'seven' is not a whole"),
        ("A,D=7|N=0", "A,D=7", "A,D=7,", "SECTION_STAFF", "MaxShifts lacks N"),
        ("A,D=7|N=0", "A,D=7|X=0", "A,D=7|X=0", "SECTION_STAFF", "unknown shift 'X'"),
        (STAFF_C, f"{STAFF_C}\nC,D=0|N=5,1,0,3,3,2,1", "C,D=0|N=5,1,", "SECTION_STAFF", "twice"),
        ("N,720,D", "N,720,Z", "N,720,Z", "SECTION_SHIFTS", "unknown shift 'Z'"),
        ("C,3\n", "C,9\n", "C,9", "SECTION_DAYS_OFF", "day 9 is outside the horizon 0..6"),
        ("C,3\n", "X,3\n", "X,3", "SECTION_DAYS_OFF", "unknown staff id 'X'"),
        ("A,5,D,1", "A,5,Q,1", "A,5,Q,1", "SECTION_SHIFT_ON_REQUESTS", "unknown shift 'Q'"),
        ("B,6,D,1", "B,-1,D,1", "B,-1,D,1", "SECTION_SHIFT_OFF_REQUESTS", "at least 0"),
        ("6,N,1,100,1", "6,N,1,100", "6,N,1,100", "SECTION_COVER", "too few fields"),
        ("6,N,1,100,1", "6,N,1,100,1\n6,N,2,100,1", "6,N,2,", "SECTION_COVER", "a second"),
    ],
)
def test_a_bad_line_is_named(
    old: str, new: str, bad_line: str, section: str, reason: str, tmp_path: Path
) -> None:
    assert old in TINY_TEXT
    text = TINY_TEXT.replace(old, new, 1)
    path = tmp_path / "Bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InstanceError) as caught:
        parse_instance(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line_of(text, bad_line)}: "), message
    assert section in message
    assert reason in message


@pytest.mark.parametrize(
    ("cut_before", "reason"),
    [
        ("SECTION_DAYS_OFF", "no SECTION_DAYS_OFF, SECTION_SHIFT_ON_REQUESTS, "),
        ("SECTION_COVER", "no SECTION_COVER (is the file truncated?)"),
        ("5,N,1,100,1", "SECTION_COVER has no line for day 5, shift N"),
    ],
)
def test_a_truncated_file_is_refused(cut_before: str, reason: str, tmp_path: Path) -> None:
    path = tmp_path / "Cut.txt"
    path.write_text(TINY_TEXT[: TINY_TEXT.index(cut_before)], encoding="utf-8")
    with pytest.raises(InstanceError, match=r"Cut\.txt: ") as caught:
        parse_instance(path)
    assert reason in str(caught.value)


def test_data_before_any_section_and_unknown_sections_are_named(tmp_path: Path) -> None:
    path = tmp_path / "Bad.txt"
    path.write_text("# no header\n7\n" + TINY_TEXT, encoding="utf-8")
    with pytest.raises(InstanceError, match=r"Bad\.txt:2: '7' comes before the first SECTION_"):
        parse_instance(path)
    path.write_text(TINY_TEXT.replace("SECTION_COVER", "SECTION_COVERS"), encoding="utf-8")
    line = line_of(path.read_text(encoding="utf-8"), "SECTION_COVERS")
    with pytest.raises(InstanceError, match=rf"Bad\.txt:{line}: unknown section 'SECTION_COVERS'"):
        parse_instance(path)


# ---------------------------------------------------------------- practice-sized months


def test_generated_practice_months_are_seeded_and_valid() -> None:
    from benchmarks.practices import generate

    first, again, other = generate(25, seed=0), generate(25, seed=0), generate(25, seed=1)
    assert first.model_dump() == again.model_dump()
    assert first.model_dump() != other.model_dump()
    assert len(first.staff) == 25


def test_objective_against_time_reads_the_timeline() -> None:
    from benchmarks.practices import at

    row: dict[str, Any] = {
        "best_bound": 90.0,
        "timeline": [(0.5, 300.0, 0.0), (4.0, 120.0, 50.0), (20.0, 100.0, 80.0)],
    }
    assert at(row, 0.1) == (None, None)
    for seconds, objective, gap in [(1.0, 300.0, 0.7), (5.0, 120.0, 0.25), (60.0, 100.0, 0.1)]:
        found, gap_then = at(row, seconds)
        assert found == objective
        assert gap_then == pytest.approx(gap)


# ---------------------------------------------------------------- rule-family ablation


def test_ablation_removes_one_family_at_a_time() -> None:
    from benchmarks.ablation import families, without

    doc: dict[str, Any] = {
        "holidays": {"country": "US"},
        "availability": [
            {"staff": "a", "kind": "preferred", "shift": "early", "priority": 2},
            {"staff": "a", "kind": "unavailable", "date": "2026-03-03"},
        ],
        "rules": [
            {"kind": "min_rest", "hours": 11, "hard": True},
            {"kind": "work_runs", "max": 5, "priority": 3},
            {"kind": "work_runs", "min": 2},
        ],
    }
    assert families(doc) == ["min_rest", "work_runs", "holidays", "wishes", "priorities"]
    assert [r["kind"] for r in without(doc, "work_runs")["rules"]] == ["min_rest"]
    assert "holidays" not in without(doc, "holidays")
    assert [a["kind"] for a in without(doc, "wishes")["availability"]] == ["unavailable"]
    flat = without(doc, "priorities")
    assert all("priority" not in e for e in [*flat["rules"], *flat["availability"]])
    assert doc["rules"][1]["priority"] == 3  # the original is left alone
