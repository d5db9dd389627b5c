"""The search levers of solve(): CP-SAT parameters by name, and the neighbourhood search."""

from __future__ import annotations

import itertools
import json
import math
import random
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from ortools.sat.python import cp_model
from typer.testing import CliRunner

import rosterkit
from rosterkit import Practice, SolveError
from rosterkit.cli import app
from rosterkit.compile import compile_practice
from rosterkit.solve import solver as solver_module
from rosterkit.solve.cut import Cutter


def busy_fortnight(seed: int = 3, *, people: int = 10, days: int = 14) -> Practice:
    """Ten people, two weeks, uneven soft cover and random wishes: not solved at a glance."""
    return Practice.parse(busy_fortnight_document(seed, people=people, days=days), source="b.yaml")


def busy_fortnight_document(seed: int = 3, *, people: int = 10, days: int = 14) -> dict[str, Any]:
    """The document of :func:`busy_fortnight`."""
    rng = random.Random(seed)
    staff = [{"id": f"s{i}", "name": f"Person {i}", "skills": ["nurse"]} for i in range(people)]
    shifts = [
        {"id": "early", "start": "07:00", "end": "15:00"},
        {"id": "late", "start": "15:00", "end": "23:00"},
        {"id": "night", "start": "23:00", "end": "07:00"},
    ]
    dates = [f"2026-03-{d:02d}" for d in range(2, 2 + days)]
    coverage = [
        {
            "shift": s["id"],
            "dates": [day],
            "preferred": rng.randint(1, 4),
            "preferred_under_weight": 100,
            "preferred_over_weight": 1,
        }
        for day in dates
        for s in shifts
    ]
    wishes = [
        {
            "staff": f"s{rng.randrange(people)}",
            "kind": rng.choice(["preferred", "undesired"]),
            "shift": rng.choice(["early", "late", "night"]),
            "date": rng.choice(dates),
            "weight": rng.randint(1, 20),
        }
        for _ in range(4 * people)
    ]
    return {
        "name": "Busy fortnight",
        "time_zone": "UTC",
        "skills": [{"id": "nurse"}],
        "horizon": {"start": dates[0], "end": dates[-1]},
        "staff": staff,
        "shifts": shifts,
        "coverage": coverage,
        "availability": wishes,
        "rules": [
            {"kind": "max_shifts_per_day", "hard": True},
            {"kind": "min_rest", "hours": 11, "hard": True},
            {"kind": "work_runs", "max": 5, "min": 2, "weight": 30},
            {"kind": "hours_per_horizon", "min": 48, "max": 80, "hard": True},
        ],
    }


runner = CliRunner()

# ------------------------------------------------------------------ CP-SAT parameters by name


def test_solver_parameters_reach_cp_sat(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[cp_model.SatParameters] = []
    real = solver_module._run

    def spy(solver: cp_model.CpSolver, *args: Any, **kwargs: Any) -> Any:
        seen.append(solver.parameters)
        return real(solver, *args, **kwargs)

    monkeypatch.setattr(solver_module, "_run", spy)
    practice = busy_fortnight()
    result = rosterkit.solve(
        practice,
        time_limit=5,
        workers=2,
        seed=0,
        search="cpsat",
        solver_parameters={"subsolvers": ["max_lp", "max_lp"], "random_seed": 7},
    )
    assert result.has_roster
    assert list(seen[0].subsolvers) == ["max_lp", "max_lp"]
    assert seen[0].random_seed == 7  # applied after rosterkit's own seed
    assert result.parameters["solver_parameters"] == {
        "subsolvers": ["max_lp", "max_lp"],
        "random_seed": 7,
    }


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"no_such_parameter": 1}, "unknown CP-SAT parameter 'no_such_parameter'"),
        ({"copy_from": 1}, "unknown CP-SAT parameter 'copy_from'"),
        ({"num_workers": "two"}, "bad value 'two' for CP-SAT parameter 'num_workers'"),
        ({"subsolvers": "max_lp"}, "'subsolvers': it takes a list"),
    ],
)
def test_bad_solver_parameters_are_a_solve_error(parameters: dict[str, Any], message: str) -> None:
    with pytest.raises(SolveError, match=message.replace("(", r"\(")):
        rosterkit.solve(busy_fortnight(), time_limit=1, solver_parameters=parameters)


def test_search_must_be_known() -> None:
    with pytest.raises(SolveError, match="search must be"):
        rosterkit.solve(busy_fortnight(), time_limit=1, search="fast")  # type: ignore[arg-type]


def test_the_gap_that_decides_a_switch_counts_the_bound_proved_after_the_roster() -> None:
    # A roster at 859 found while the bound was 700, then the bound rising to 858 with no new
    # roster: the gap is 0.12%, not the 18.5% of the moment the roster was found (which
    # stopped a 100-staff month at a quarter of its time as if it were still above 1%).
    callback = solver_module._Callback(None, level=None, offset=0.0)
    assert callback.gap == 1.0  # no roster yet
    callback.found_roster(859.0, 700.0)
    assert callback.gap == pytest.approx((859 - 700) / 859)
    callback.on_bound(858.0)
    assert callback.gap == pytest.approx(1 / 859)
    callback.on_bound(800.0)  # a bound never falls back
    assert callback.gap == pytest.approx(1 / 859)
    assert callback.found == 1


def test_a_watched_solve_hears_of_every_new_bound() -> None:
    run = _inner_run(busy_fortnight(), 2.0, "auto")
    solver = run.solver(2.0)
    callback = solver_module._Callback(None, level=None, offset=0.0)
    status, _, _ = solver_module._run(solver, run.compiled.model, callback)
    assert status == cp_model.OPTIMAL
    assert solver.best_bound_callback == callback.on_bound
    assert callback.gap == 0.0


# ------------------------------------------------------------------ neighbourhood search


def _inner_run(
    practice: Practice, time_limit: float, search: str, *, deterministic: bool = True
) -> solver_module._Run:
    """The inside of one (deterministic) single-worker solve() call, to drive step by step."""
    return solver_module._Run(
        compile_practice(practice),
        time_limit=time_limit,
        seed=0,
        workers=1,
        deterministic=deterministic,
        log=False,
        progress=None,
        staged=False,
        search=search,
    )


def _first_roster_run(practice: Practice) -> tuple[solver_module._Run, cp_model.CpSolver]:
    """A run stopped at CP-SAT's first roster, as the starting point of the neighbourhoods."""
    run = _inner_run(practice, 2.0, "lns")
    solver = run.solver(2.0)
    solver.parameters.stop_after_first_solution = True
    assert run.solve_once(solver, None) == cp_model.FEASIBLE
    return run, solver


def test_neighbourhoods_improve_the_first_roster_and_keep_every_rule() -> None:
    practice = busy_fortnight()
    run, first = _first_roster_run(practice)
    start = round(first.objective_value)
    best = run.improve(first)
    compiled = run.compiled
    found = best.objective
    assert found < start
    # The roster and bill of the best neighbourhood's values pass the checker.
    roster, bill = compiled.roster_of(best.values), compiled.bill_of(best.values)
    report = rosterkit.check(practice, roster)
    assert report.ok
    assert report.objective == sum(p.amount for p in bill) == found
    # Every pinned domain was given back.
    for var in compiled.x.values():
        assert list(compiled.model.proto.variables[var.index].domain) == [0, 1]
    assert run.spent <= run.time_limit + 1


def test_guided_neighbourhoods_keep_every_rule_and_bill_as_their_objective(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One weekend of two at most: every step that frees a weekend is guided.
    doc = busy_fortnight_document()
    doc["rules"].append({"kind": "max_weekends", "max": 1, "hard": True})
    practice = Practice.parse(doc, source="b.yaml")
    scales: list[int] = []
    lead = solver_module._Guides.lead

    def recorded(self: solver_module._Guides, cut: Any, values: Any) -> Any:
        guided = lead(self, cut, values)
        scales.append(guided.scale)
        return guided

    monkeypatch.setattr(solver_module._Guides, "lead", recorded)
    run, first = _first_roster_run(practice)
    assert run.compiled.guides
    best = run.improve(first)
    assert max(scales) > 1
    roster, bill = run.compiled.roster_of(best.values), run.compiled.bill_of(best.values)
    report = rosterkit.check(practice, roster)
    assert report.ok
    assert report.objective == sum(p.amount for p in bill) == best.objective
    assert best.objective <= round(first.objective_value)


def test_lns_solve_is_checked_deterministic_and_keeps_cp_sat_bound() -> None:
    practice = busy_fortnight(people=20, days=28)
    first = rosterkit.solve(
        practice, time_limit=3, workers=1, seed=0, deterministic=True, search="lns"
    )
    again = rosterkit.solve(
        practice, time_limit=3, workers=1, seed=0, deterministic=True, search="lns"
    )
    assert first.parameters["search"] == "lns"
    assert isinstance(first.parameters["neighbourhoods"], int)
    assert first.parameters["neighbourhoods"] > 0
    assert first.has_roster
    assert first.roster == again.roster
    assert first.objective == again.objective
    assert first.best_bound is not None
    assert first.objective is not None
    assert first.best_bound <= first.objective
    report = rosterkit.check(practice, first.roster)
    assert report.ok
    assert report.objective == first.objective


def test_progress_reports_only_improvements_and_no_neighbourhood_bound() -> None:
    seen: list[rosterkit.SolveProgress] = []
    result = rosterkit.solve(
        busy_fortnight(people=20, days=28),
        time_limit=3,
        workers=1,
        seed=0,
        deterministic=True,
        search="lns",
        progress=seen.append,
    )
    assert seen
    assert all(b.objective < a.objective for a, b in itertools.pairwise(seen))
    # A neighbourhood's bound holds for that neighbourhood only: progress never reports one
    # above the bound CP-SAT proved for the whole model.
    assert result.best_bound is not None
    assert all(step.best_bound <= result.best_bound for step in seen)


def test_auto_search_keeps_cp_sat_when_it_is_close_and_switches_when_it_is_not() -> None:
    options: dict[str, Any] = {"time_limit": 3, "workers": 1, "seed": 0, "deterministic": True}
    close = rosterkit.solve(busy_fortnight(), **options)  # proved optimal in the first quarter
    assert close.status is rosterkit.Status.OPTIMAL
    assert close.parameters["search"] == "cpsat"
    assert close.parameters["neighbourhoods"] == 0
    far = rosterkit.solve(busy_fortnight(people=25, days=28), **options)  # 2,100 assignments
    assert far.parameters["search"] == "lns"
    assert far.has_roster


# ------------------------------------------------------------------ command line


def test_cli_solve_takes_search(tmp_path: Path) -> None:
    practice = tmp_path / "busy.json"
    practice.write_text(json.dumps(busy_fortnight_document()), encoding="utf-8")
    fast = ["--time-limit", "2", "--workers", "1", "--deterministic"]
    done = runner.invoke(app, ["solve", str(practice), "-o", str(tmp_path / "out"), *fast])
    assert done.exit_code == 0, done.output
    lns = ["--search", "lns"]
    done = runner.invoke(app, ["solve", str(practice), "-o", str(tmp_path / "o2"), *fast, *lns])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "o2" / "roster.csv").is_file()
    bad = ["--search", "fast"]
    done = runner.invoke(app, ["solve", str(practice), "-o", str(tmp_path / "o3"), *fast, *bad])
    assert done.exit_code == 2
    assert "fast" in done.stderr
    assert not (tmp_path / "o3").exists()


def test_first_roster_without_the_objective_is_billed_exactly() -> None:
    practice = busy_fortnight(people=20, days=28)
    run = _inner_run(practice, 4.0, "auto")
    compiled = run.compiled
    solver, status = run.first_roster()
    assert status == cp_model.FEASIBLE
    roster, bill = compiled.roster(solver), compiled.bill(solver)
    report = rosterkit.check(practice, roster)
    assert report.ok
    assert report.objective == sum(p.amount for p in bill) == round(solver.objective_value)
    assert compiled.model.has_objective()  # given back after the search without it
    for var in compiled.x.values():
        assert list(compiled.model.proto.variables[var.index].domain) == [0, 1]
    # And the neighbourhoods start from it.
    best = run.improve(solver)
    assert best.objective <= round(solver.objective_value)


# ------------------------------------------------------------------ a first roster group by group


def test_hard_constraints_know_whose_they_are() -> None:
    practice = busy_fortnight()
    compiled = compile_practice(practice)
    # Hours, rest and one shift a day are each one person's own rules.
    assert set(compiled.staff_on) == {person.id for person in practice.staff}
    assert compiled.coupled_on is None  # cover is soft here
    for var in compiled.staff_on.values():
        assert list(compiled.model.proto.variables[var.index].domain) == [1, 1]
    document = busy_fortnight_document()
    document["coverage"].append({"shift": "early", "dates": ["2026-03-02"], "min": 2, "hard": True})
    with_hard_cover = compile_practice(Practice.parse(document, source="b.yaml"))
    assert with_hard_cover.coupled_on is not None


def test_a_roster_built_group_by_group_keeps_every_rule_and_is_billed_exactly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    practice = busy_fortnight(people=20, days=28)
    run = _inner_run(practice, 8.0, "auto")
    compiled = run.compiled
    steps: list[int] = []
    real = solver_module._Run.solve_once

    def count(self: solver_module._Run, *args: Any, **kwargs: Any) -> int:
        steps.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(solver_module._Run, "solve_once", count)
    found = run.construct(4.0)
    assert found is not None
    solver, status = found
    assert status == cp_model.FEASIBLE
    assert len(steps) > 2  # several groups, then the bill
    roster, bill = compiled.roster(solver), compiled.bill(solver)
    assert {a.staff_id for a in roster} == {person.id for person in practice.staff}
    report = rosterkit.check(practice, roster)
    assert report.ok
    assert report.objective == sum(p.amount for p in bill) == round(solver.objective_value)
    for var in compiled.x.values():
        assert list(compiled.model.proto.variables[var.index].domain) == [0, 1]
    for var in compiled.staff_on.values():
        assert list(compiled.model.proto.variables[var.index].domain) == [1, 1]
    # The neighbourhoods start from it.
    best = run.improve(solver)
    assert best.objective <= round(solver.objective_value)


@pytest.mark.parametrize("deterministic", [True, False])
def test_local_construction_steps_settle_only_on_wall_time(
    monkeypatch: pytest.MonkeyPatch, deterministic: bool
) -> None:
    # Once a group is not proved in its time, the steps use CP-SAT's local search; the mark at
    # which a step with a roster stops is wall time, so a deterministic run must not set it.
    practice = busy_fortnight(people=3, days=7)
    run = _inner_run(practice, 30.0, "auto", deterministic=deterministic)
    seen: list[tuple[bool, float | None]] = []
    real = solver_module._Run.solve_once

    def unproved(self: solver_module._Run, solver: cp_model.CpSolver, *args: Any, **kw: Any) -> int:
        if "settle" not in kw:
            return real(self, solver, *args, **kw)  # the empty start and the bill
        seen.append((solver.parameters.use_ls_only, kw.get("settle")))
        status = real(self, solver, *args, **kw)
        return int(cp_model.FEASIBLE) if status == cp_model.OPTIMAL else status

    monkeypatch.setattr(solver_module._Run, "solve_once", unproved)
    assert run.construct(3.0) is not None
    local = [settle for ls_only, settle in seen if ls_only]
    assert seen[0][0] is False  # the first step uses the full portfolio and decides
    assert local  # the rest use local search
    if deterministic:
        assert all(settle is None for _, settle in seen)
        # Nor does it get room beyond its share: it would run through all of it, and the
        # next step would get four times that (1 s, 4 s, 16 s ...).
        assert run.deterministic_seconds < 6.0
    else:
        assert all(settle is not None and settle > 0 for _, settle in seen)


def test_a_person_local_search_cannot_place_is_tried_with_the_full_portfolio_past_the_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Curtois Instance22 with a tenth of the time: local search could not place one person once
    # the budget was spent, the construction gave up, and the 600 s run ended without a roster.
    practice = busy_fortnight(people=4, days=7)
    run = _inner_run(practice, 30.0, "auto")
    seen: list[tuple[bool, int]] = []
    real = solver_module._Run.solve_once

    def stuck(self: solver_module._Run, solver: cp_model.CpSolver, *args: Any, **kw: Any) -> int:
        if "settle" not in kw:
            return real(self, solver, *args, **kw)  # the empty start and the bill
        if solver.parameters.use_ls_only:
            status = int(cp_model.UNKNOWN)  # local search finds nothing
        else:
            status = real(self, solver, *args, **kw)
            # Not proved in its time: the next steps use local search.
            status = int(cp_model.FEASIBLE) if status == cp_model.OPTIMAL else status
        seen.append((solver.parameters.use_ls_only, status))
        return status

    monkeypatch.setattr(solver_module._Run, "solve_once", stuck)
    found = run.construct(0.0)  # the budget is spent from the start
    assert found is not None
    assert (True, int(cp_model.UNKNOWN)) in seen  # local search was tried and failed ...
    assert seen.count((False, int(cp_model.FEASIBLE))) > 1  # ... and the full portfolio placed them
    solver, _ = found
    roster = run.compiled.roster(solver)
    assert {a.staff_id for a in roster} == {person.id for person in practice.staff}
    assert rosterkit.check(practice, roster).ok


def test_each_group_is_asked_for_its_share_of_every_cover_line() -> None:
    practice = busy_fortnight(people=20, days=28)
    run = _inner_run(practice, 8.0, "auto")
    compiled = run.compiled
    values = run.nobody()
    assert values is not None
    by_staff: dict[str, list[int]] = {}
    for (staff_id, _, _), var in compiled.x.items():
        by_staff.setdefault(staff_id, []).append(var.index)
    lines = {con: low for con, low, _ in compiled.shared_lows}
    # Every cover line's lower side (preferred, under weight 100) is listed; nothing else is.
    assert len(lines) == 3 * 28
    people = [person.id for person in practice.staff]
    for placed in (people[:1], people[:5], people):
        cut = run.cutter().cut(by_staff[placed[-1]], values)
        shares = solver_module._Shares(compiled, seed=0)
        before = [list(ct.linear.domain) for ct in cut.model.proto.constraints]
        shares.ask(cut, placed)
        asked = expected = 0.0
        seen = 0
        for position, con in enumerate(cut.constraints.tolist()):
            now = list(cut.model.proto.constraints[position].linear.domain)
            if con not in lines:
                assert now == before[position]  # only cover lines are lowered
                continue
            seen += 1
            low = lines[con]
            assert before[position][0] == low  # nobody else works: nothing moved in
            share = low * len(placed) / len(people)
            assert math.floor(share) <= now[0] <= math.ceil(share)
            assert now[1:] == before[position][1:]
            asked += now[0]
            expected += share
        assert seen == len(lines)
        if len(placed) == len(people):
            assert asked == expected  # the last group is asked for every line in full
        else:
            # The offsets drawn per line make the rounded shares add up to about the shares.
            assert abs(asked - expected) <= 0.2 * expected + 2


_Try = tuple[bool, bool, int, float]
"""A construction try: (local search alone, with the objective, status, time limit)."""


def _stub_tries(
    monkeypatch: pytest.MonkeyPatch,
    stuck: Callable[[cp_model.CpSolver, bool, list[_Try]], bool],
) -> list[_Try]:
    """Make the construction's tries fail (no roster) where ``stuck(solver, with objective,
    tries so far)`` says so, and solve the others; returns the tries as they happen."""
    seen: list[_Try] = []
    real = solver_module._Run.solve_once

    def solve_once(
        self: solver_module._Run, solver: cp_model.CpSolver, *args: Any, **kw: Any
    ) -> int:
        if "settle" not in kw:
            return real(self, solver, *args, **kw)  # the empty start and the bill
        aimed = kw["model"].has_objective()
        if stuck(solver, aimed, seen):
            status = int(cp_model.UNKNOWN)
        else:
            status = real(self, solver, *args, **kw)
            status = int(cp_model.FEASIBLE) if status == cp_model.OPTIMAL else status
        parameters = solver.parameters
        seen.append((parameters.use_ls_only, aimed, status, parameters.max_time_in_seconds))
        return status

    monkeypatch.setattr(solver_module._Run, "solve_once", solve_once)
    return seen


def test_the_last_try_to_place_a_person_looks_for_any_placement_without_the_objective(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Curtois Instance22 (600 s, seed 0, with each group asked for its share of the cover): a
    # person neither local search nor three tries of the full portfolio placed in 4-8 s each
    # left the whole run without a roster.
    practice = busy_fortnight(people=4, days=7)
    run = _inner_run(practice, 30.0, "auto")
    # After the first person, nothing with an objective.
    seen = _stub_tries(
        monkeypatch,
        lambda solver, aimed, seen: solver.parameters.use_ls_only or (aimed and bool(seen)),
    )
    found = run.construct(0.0)
    assert found is not None
    placed_aimless = [s for _, aimed, s, _ in seen if not aimed and s == cp_model.FEASIBLE]
    assert len(placed_aimless) == 3  # each of the three other people, at the last try
    # Each was tried by local search, then by the full portfolio with the objective on every
    # try but the last.
    tries = solver_module.CONSTRUCT_TRIES
    failed = [(ls, aimed, s) for ls, aimed, s, _ in seen]
    assert failed.count((False, True, int(cp_model.UNKNOWN))) == 3 * (tries - 1)
    solver, _ = found
    roster = run.compiled.roster(solver)
    assert {a.staff_id for a in roster} == {person.id for person in practice.staff}
    report = rosterkit.check(practice, roster)
    assert report.ok
    assert report.objective == round(solver.objective_value)


def test_a_person_not_placed_without_the_objective_is_tried_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Curtois Instance22 (600 s, seed 0, twentieth session): a person not placed by any of
    # the tries, the last without the objective (8 s), left the whole run without a roster.
    practice = busy_fortnight(people=4, days=7)
    run = _inner_run(practice, 60.0, "auto")

    def stuck(solver: cp_model.CpSolver, aimed: bool, seen: list[_Try]) -> bool:
        # After the first person: nothing with the objective, and two of every three tries
        # without it.
        return bool(seen) and (aimed or len([t for t in seen if not t[1]]) % 3 < 2)

    seen = _stub_tries(monkeypatch, stuck)
    found = run.construct(0.0)
    assert found is not None
    aimless = [(status, limit) for _, aimed, status, limit in seen if not aimed]
    # Each of the three other people is placed at their third try without the objective,
    # each try with more time than the one before (twice as much, up to the time left).
    assert [status for status, _ in aimless] == [int(cp_model.UNKNOWN)] * 2 + [
        int(cp_model.FEASIBLE)
    ] + ([int(cp_model.UNKNOWN)] * 2 + [int(cp_model.FEASIBLE)]) * 2
    assert aimless[1][1] > aimless[0][1]
    roster = run.compiled.roster(found[0])
    assert {a.staff_id for a in roster} == {person.id for person in practice.staff}
    assert rosterkit.check(practice, roster).ok


def test_a_roster_built_group_by_group_that_breaks_a_rule_over_several_people_is_dropped() -> None:
    document = busy_fortnight_document(people=6, days=7)
    # Nobody can meet this: the groups never see it (it couples people), the bill does.
    document["coverage"].append({"shift": "early", "dates": ["2026-03-03"], "min": 7, "hard": True})
    practice = Practice.parse(document, source="b.yaml")
    run = _inner_run(practice, 4.0, "auto")
    compiled = run.compiled
    assert run.construct(2.0) is None
    for var in compiled.x.values():
        assert list(compiled.model.proto.variables[var.index].domain) == [0, 1]
    assert compiled.coupled_on is not None
    assert list(compiled.model.proto.variables[compiled.coupled_on.index].domain) == [1, 1]
    # What was built is left as the hint of the next search.
    assert len(compiled.model.proto.solution_hint.vars) == len(compiled.model.proto.variables)


class _StubSolver:
    """Stands in for CpSolver in ``_run``: 'searches' until stopped or ``patience`` passes."""

    def __init__(self, patience: float) -> None:
        self.patience = patience
        self.stopped = threading.Event()

    def solve(self, model: object, callback: object) -> int:
        self.stopped.wait(self.patience)
        return int(cp_model.UNKNOWN if self.stopped.is_set() else cp_model.FEASIBLE)

    def stop_search(self) -> None:
        self.stopped.set()


class _StubCallback:
    def __init__(self, found: int, gap: float) -> None:
        self.found = found
        self.gap = gap

    def on_bound(self, bound: float) -> None:
        """The stub's gap stays as given."""


@pytest.mark.parametrize(
    ("found", "gap", "stopped"),
    [
        (0, 1.0, True),  # no roster by the early mark: give up on CP-SAT's own
        (1, 0.5, False),  # a roster, however wide its gap, waits for the quarter mark
    ],
)
def test_a_run_without_a_roster_stops_at_the_early_mark(
    found: int, gap: float, stopped: bool
) -> None:
    solver = _StubSolver(patience=3.0)
    callback = _StubCallback(found, gap)
    compiled = compile_practice(busy_fortnight(people=2, days=2))
    status, seconds, interrupted = solver_module._run(
        solver,  # type: ignore[arg-type]
        compiled.model,
        callback,  # type: ignore[arg-type]
        enough=60.0,
        switch_gap=0.01,
        empty=0.2,
    )
    assert solver.stopped.is_set() is stopped
    assert status == (cp_model.UNKNOWN if stopped else cp_model.FEASIBLE)
    assert not interrupted
    assert (seconds < 3.0) is stopped


@pytest.mark.parametrize(("found", "stopped"), [(0, False), (1, True)])
def test_a_construction_step_with_a_roster_stops_at_its_share(found: int, stopped: bool) -> None:
    # Past its share, a step stops as soon as it has a roster; without one it goes on (to its
    # own limit: here the stub's patience).
    solver = _StubSolver(patience=2.0)
    compiled = compile_practice(busy_fortnight(people=2, days=2))
    status, seconds, _ = solver_module._run(
        solver,  # type: ignore[arg-type]
        compiled.model,
        _StubCallback(found, 1.0),  # type: ignore[arg-type]
        settle=0.2,
    )
    assert solver.stopped.is_set() is stopped
    assert status == (cp_model.UNKNOWN if stopped else cp_model.FEASIBLE)
    assert (seconds < 2.0) is stopped


def test_the_early_mark_is_15_s_or_the_quarter(monkeypatch: pytest.MonkeyPatch) -> None:
    # It does not grow with the time limit: a model CP-SAT has no roster for in 15 s (a year
    # of a large team) goes to the construction then, not after a tenth of a long limit.
    marks: list[tuple[float | None, float | None]] = []
    real = solver_module._run

    def spy(*args: Any, **kwargs: Any) -> tuple[int, float, bool]:
        if kwargs.get("enough") is not None:
            marks.append((kwargs["empty"], kwargs["enough"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(solver_module, "_run", spy)
    practice = busy_fortnight(people=3, days=3)
    for time_limit in (1.0, 60.0, 400.0):
        _inner_run(practice, time_limit, "lns", deterministic=False).single()
    assert marks == [(0.25, 0.25), (15.0, 15.0), (15.0, 100.0)]


# ------------------------------------------------------------------ choosing neighbourhoods

_STAFF = [f"s{i:02d}" for i in range(20)]
_SIZES = solver_module._first_sizes(20 * 28 * 3)
_EVEN: dict[str, float] = dict.fromkeys(solver_module.LNS_KINDS, 1.0)


def _steps(
    penalised: list[solver_module._Spot],
    can_work: Any = lambda staff_id, day, shift_id: True,
    *,
    days: int = 28,
    count: int = 300,
    works: Any = lambda staff_id, day: False,
    room: Callable[[str], float] | None = None,
) -> list[solver_module._Step]:
    rng = random.Random(7)
    return [
        solver_module._neighbourhood(
            rng, _STAFF, days, _SIZES, penalised, can_work, _EVEN, works, room
        )
        for _ in range(count)
    ]


def test_neighbourhoods_are_day_windows_staff_sets_blocks_and_crosses() -> None:
    steps = _steps([])
    kinds = {step.kind for step in steps}
    assert kinds == {"days", "staff", "block", "cross"}
    for step in steps:
        assert step.first >= 0
        assert step.first + step.width <= 28
        assert len(set(step.staff)) == len(step.staff)
        assert set(step.staff) <= set(_STAFF)
        if step.kind == "days":
            assert step.staff == ()
            assert step.width == round(28 * 0.2)
        elif step.kind == "staff":
            assert (step.first, step.width) == (0, 28)
            assert len(step.staff) == 4
        elif step.kind == "cross":
            # Two whole people, and everyone over a window of a tenth of the days.
            assert step.width == round(28 * 0.1)
            assert len(step.staff) == 2
        else:
            assert step.width in (7, 14)
            assert len(step.staff) == 8
    # Blocks start anywhere in the horizon.
    assert len({step.first for step in steps if step.kind == "block"}) > 10
    assert len({step.first for step in steps if step.kind == "cross"}) > 10


def test_a_block_is_never_wider_than_the_horizon() -> None:
    steps = _steps([], days=5)
    for step in steps:
        assert step.first == 0 or step.kind in ("days", "cross")
        assert step.first + step.width <= 5


def test_half_the_neighbourhoods_start_from_a_penalty() -> None:
    # A person's penalty on day 20: the window holds the day, the staff set holds the person.
    steps = _steps([("s13", 20, None, 1)])
    around = [s for s in steps if s.first <= 20 < s.first + s.width and "s13" in s.staff]
    people = [s for s in steps if s.kind != "days"]
    assert 0.4 * len(people) < len([s for s in around if s.kind != "days"]) < 0.9 * len(people)


def test_a_penalty_is_started_from_in_proportion_to_its_amount() -> None:
    # A cover line short on day 20 (100) beside twenty lines over by one on days 0-4 (1 each):
    # the short line weighs five times as much as all of them together.
    over: list[solver_module._Spot] = [(None, d % 5, "early", 1) for d in range(20)]

    def share_around_day_20(penalised: list[solver_module._Spot]) -> float:
        days = [s for s in _steps(penalised, count=800) if s.kind == "days"]
        return len([s for s in days if s.first <= 20 < s.first + s.width]) / len(days)

    # Half the windows start from a penalty, five in six of those from the short line (0.42),
    # and about 0.13 of the others hold day 20 by chance: 0.55. Drawn evenly among the 21
    # penalties, 0.02 + 0.13.
    assert 0.4 < share_around_day_20([*over, (None, 20, "night", 100)]) < 0.7
    # A bill without amounts is drawn from evenly: 0.25 + 0.13.
    assert 0.25 < share_around_day_20([(None, 20, "night", 0), (None, 2, "early", 0)]) < 0.5


def test_a_short_cover_line_frees_people_who_could_work_its_shift() -> None:
    able = {"s03", "s07", "s11", "s15"}

    def can_work(staff_id: str, day: int, shift_id: str | None) -> bool:
        assert day == 9
        assert shift_id in ("night", None)  # None: any shift (a cross's neighbour)
        return staff_id in able

    steps = _steps([(None, 9, "night", 100)], can_work)
    blocks = [s for s in steps if s.kind == "block" and s.first <= 9 < s.first + s.width]
    assert blocks
    # The focused blocks (about half) take half their eight people, four, from those able.
    focused = [s for s in blocks if len(able & set(s.staff)) == 4]
    assert len(focused) > len(blocks) / 3
    # Unfocused, four of twenty people are rarely all drawn among eight.
    assert len(focused) < len(blocks)


def test_a_cross_on_a_short_cover_line_takes_a_neighbour_off_that_day() -> None:
    able = {"s03", "s07", "s11", "s15"}
    off = {"s07", "s15", "s19"}

    def can_work(staff_id: str, day: int, shift_id: str | None) -> bool:
        assert day == 9
        assert shift_id in ("night", None)
        return shift_id is None or staff_id in able

    def works(staff_id: str, day: int) -> bool:
        # s15 is off on day 9 and works day 10 (a half weekend); s07 is off on 8, 9 and 10.
        assert day in (8, 9, 10)
        return staff_id not in off if day == 9 else staff_id == "s15"

    steps = _steps([(None, 9, "night", 100)], can_work, works=works)
    crosses = [s for s in steps if s.kind == "cross"]
    aimed = [s for s in crosses if s.staff[0] == "s15" and set(s.staff) <= {"s07", "s15"}]
    # About half the crosses start from the short line: its day is in their window, and they
    # take s15, sometimes with s07 (able and off); the others take two people at random.
    assert 0.3 * len(crosses) < len(aimed) < 0.8 * len(crosses)
    assert {s.staff for s in aimed} == {("s15",), ("s15", "s07")}
    assert all(s.first <= 9 < s.first + s.width for s in aimed)
    assert all(len(s.staff) == 2 for s in crosses if s not in aimed)

    # Without a neighbour at work, one or two of those able and off that day.
    steps = _steps(
        [(None, 9, "night", 100)], can_work, works=lambda s, day: day == 9 and s not in off
    )
    crosses = [s for s in steps if s.kind == "cross" and s.first <= 9 < s.first + s.width]
    picked = {frozenset(s.staff) for s in crosses}
    assert {frozenset({"s07"}), frozenset({"s15"}), frozenset({"s07", "s15"})} <= picked


def test_a_cross_on_a_short_cover_line_takes_a_neighbour_who_cannot_work_its_shift() -> None:
    # Night on day 9 is short. s04 and s12 are off that day and work day 10, but cannot work
    # nights: with everyone free on the window, s04 can take another shift of day 9 and free
    # its holder for the night. s12 has no shift at all on day 9 (on leave): never taken.
    able = {"s03", "s07"}

    def can_work(staff_id: str, day: int, shift_id: str | None) -> bool:
        if day != 9 or staff_id == "s12":
            return False
        return shift_id is None or staff_id in able

    def works(staff_id: str, day: int) -> bool:
        if day == 9:
            return staff_id not in {"s03", "s04", "s07", "s12"}
        return staff_id in {"s04", "s12"}

    steps = _steps([(None, 9, "night", 100)], can_work, works=works)
    crosses = [s for s in steps if s.kind == "cross"]
    # About half the crosses start from the short line: each takes s04, sometimes with one
    # of those able and off, over a window that holds day 9 (drawn at random, s04 comes
    # first in one cross of twenty).
    aimed = [
        s
        for s in crosses
        if s.staff[0] == "s04" and s.first <= 9 < s.first + s.width and set(s.staff[1:]) <= able
    ]
    assert 0.3 * len(crosses) < len(aimed) < 0.8 * len(crosses)
    assert len([s for s in crosses if s.staff[0] == "s12"]) < 0.1 * len(crosses)


def test_people_with_room_in_their_contract_are_drawn_first_for_a_short_line() -> None:
    # Night on day 9 is short; everyone could work it. s03 has four times the weight of the
    # others (room in their contract).
    def share_with_s03(room: Callable[[str], float] | None) -> float:
        steps = _steps([(None, 9, "night", 100)], count=800, room=room)
        sets = [s for s in steps if s.kind in ("block", "staff")]
        return len([s for s in sets if "s03" in s.staff]) / len(sets)

    # Evenly, s03 is in a fifth (staff sets of 4) to two fifths (blocks of 8) of the sets; the
    # half placed on the short line take s03 more often by its weight, nearly always at 50.
    evenly = share_with_s03(None)
    assert evenly < 0.35
    assert share_with_s03(lambda staff_id: 4.0 if staff_id == "s03" else 1.0) > 1.2 * evenly
    assert share_with_s03(lambda staff_id: 50.0 if staff_id == "s03" else 1.0) > 0.6


def test_room_weighs_each_person_by_the_hours_their_contract_leaves() -> None:
    document = busy_fortnight_document(people=3, days=2)
    document["staff"][0]["contract"] = {"max_hours": 16}
    document["staff"][1]["contract"] = {"max_hours": 40}
    compiled = compile_practice(Practice.parse(document, source="b.yaml"))
    room = solver_module._Room.of(compiled)
    assert room is not None
    values = np.zeros(len(compiled.model.proto.variables), dtype=np.int64)
    for staff_id, day in (("s0", 0), ("s0", 1), ("s1", 0)):
        values[compiled.x[staff_id, day, "early"].index] = 1
    weigh = room.weigh(values)
    # s0 worked its 16 hours; s1 8 of 40 (four 8-hour shifts left: at most ROOM_MOST); s2 has
    # no maximum.
    assert weigh("s0") == 1.0
    assert weigh("s1") == solver_module.ROOM_MOST
    assert weigh("s2") == solver_module.ROOM_MOST
    values[compiled.x["s1", 1, "early"].index] = 1
    document["staff"][1]["contract"] = {"max_hours": 20}
    tight = solver_module._Room.of(compile_practice(Practice.parse(document, source="b.yaml")))
    assert tight is not None
    # 16 of 20 hours: half a shift of room.
    assert tight.weigh(values)("s1") == pytest.approx(1.5)
    del document["staff"][0]["contract"], document["staff"][1]["contract"]
    assert (
        solver_module._Room.of(compile_practice(Practice.parse(document, source="b.yaml"))) is None
    )


def test_kinds_are_weighted_by_their_recent_gains_with_a_floor() -> None:
    least = solver_module.LNS_LEAST_KIND
    # Before any kind has lowered the objective, the kinds are even.
    zero = {"days": 0.0, "staff": 0.0, "block": 0.0, "cross": 0.0}
    assert solver_module._kind_weights(zero) == dict.fromkeys(zero, 1.0)
    weights = solver_module._kind_weights({"days": 30.0, "staff": 10.0, "block": 0.0, "cross": 0.0})
    spare = 1 - 4 * least
    assert weights == pytest.approx(
        {
            "days": least + spare * 0.75,
            "staff": least + spare * 0.25,
            "block": least,
            "cross": least,
        }
    )
    assert sum(weights.values()) == pytest.approx(1.0)


def test_neighbourhood_kinds_follow_their_weights() -> None:
    rng = random.Random(5)
    weights = {"days": 0.7, "staff": 0.1, "block": 0.1, "cross": 0.1}
    kinds = [
        solver_module._neighbourhood(
            rng, _STAFF, 28, _SIZES, [], lambda *_: True, weights, lambda *_: False
        ).kind
        for _ in range(600)
    ]
    assert 0.64 < kinds.count("days") / 600 < 0.76
    assert kinds.count("staff") > 30
    assert kinds.count("block") > 30
    assert kinds.count("cross") > 30


def test_each_step_moves_its_kind_rate_towards_its_gain_per_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[dict[str, float]] = []
    kinds: list[str] = []
    weigh, pick = solver_module._kind_weights, solver_module._neighbourhood

    def record_rates(rates: dict[str, float]) -> dict[str, float]:
        seen.append(dict(rates))
        return weigh(rates)

    def record_kind(*args: Any) -> solver_module._Step:
        step = pick(*args)
        kinds.append(step.kind)
        return step

    monkeypatch.setattr(solver_module, "_kind_weights", record_rates)
    monkeypatch.setattr(solver_module, "_neighbourhood", record_kind)
    run, first = _first_roster_run(busy_fortnight())
    run.time_limit = run.spent + 4.0
    start = round(first.objective_value)
    best = run.improve(first)
    assert best.objective < start
    assert seen[0] == dict.fromkeys(solver_module.LNS_KINDS, 0.0)
    assert len(seen) == len(kinds) >= 2
    memory = solver_module.LNS_RATE_MEMORY
    for before, after, kind in zip(seen, seen[1:], kinds, strict=False):
        # Only the kind of the step moves, and never below zero (a step never makes the
        # best roster worse); it rises only when the step lowered the objective.
        assert {k for k in after if after[k] != before[k]} <= {kind}
        assert after[kind] >= (1 - memory) * before[kind] - 1e-9
    assert any(rate > 0 for rate in seen[-1].values())


def test_a_cross_frees_its_people_on_every_day_and_everyone_on_its_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run, first = _first_roster_run(busy_fortnight())
    compiled = run.compiled
    person = sorted({staff_id for staff_id, _, _ in compiled.x})[0]
    step = solver_module._Step("cross", (person,), 5, 3)
    monkeypatch.setattr(solver_module, "_neighbourhood", lambda *args: step)
    freed: list[set[tuple[str, int, str]]] = []
    key_of = {var.index: key for key, var in compiled.x.items()}
    cut = Cutter.cut

    def record(self: Cutter, free: Sequence[int], values: Any) -> Any:
        freed.append({key_of[i] for i in free})
        return cut(self, free, values)

    monkeypatch.setattr(Cutter, "cut", record)
    run.time_limit = run.spent + 2.5
    run.improve(first)
    assert freed
    expected = {key for key in compiled.x if key[0] == person or 5 <= key[1] < 8}
    assert {key for key in compiled.x if key[0] == person and not 5 <= key[1] < 8}
    assert all(keys == expected for keys in freed)


def test_neighbourhoods_of_a_large_model_start_smaller() -> None:
    # Up to LNS_FULL_SIZE assignments a step starts at a fifth of the days or staff (two
    # fifths for a block, a tenth for a cross's window); on a model ten times larger, at a
    # tenth of that, and so on (the least share a step shrinks to scales in the same way).
    assert _SIZES == {"days": 0.2, "staff": 0.2, "block": 0.4, "cross": 0.1}
    full = solver_module.LNS_FULL_SIZE
    assert solver_module._first_sizes(full) == _SIZES
    large = solver_module._first_sizes(10 * full)
    assert large == pytest.approx({"days": 0.02, "staff": 0.02, "block": 0.04, "cross": 0.01})
    huge = solver_module._first_sizes(1000 * full)
    assert huge == pytest.approx(
        {"days": 0.0002, "staff": 0.0002, "block": 0.0004, "cross": 0.0001}
    )
    assert solver_module._scale(1000 * full) == pytest.approx(0.001)


# ------------------------------------------------------------------ guides


def _weekends_practice(limit: int) -> Practice:
    from conftest import practice_from

    return practice_from(
        {
            # Monday 2 March to Sunday 15 March 2026: two weekends.
            "horizon": {"start": "2026-03-02", "end": "2026-03-15"},
            "rules": [
                {"kind": "max_shifts_per_day", "limit": 1, "hard": True},
                {"kind": "max_weekends", "max": limit, "hard": True},
            ],
        }
    )


def test_a_weekend_limit_that_can_bind_guides_towards_whole_weekends() -> None:
    compiled = compile_practice(_weekends_practice(1))
    # Per person and weekend: 2 * 'works this weekend' - works Saturday - works Sunday, the
    # weekend counted against the limit but worked on one day.
    guides = compiled.guides
    assert len(guides) == 3 * 2 * 3
    assert sorted(c for c, _ in guides) == [-1] * 12 + [2] * 6
    works = {var.index: key for key, var in compiled.works.items()}
    for n in range(0, len(guides), 3):
        (two, weekend), (_, sat), (_, sun) = guides[n : n + 3]
        assert two == 2
        assert weekend not in works
        (who, day), (other, next_day) = works[sat], works[sun]
        assert who == other
        assert day % 7 == 5
        assert next_day == day + 1
    # A limit of two of two weekends cannot bind: no guide.
    assert compile_practice(_weekends_practice(2)).guides == []


def test_a_weekend_worked_on_one_day_at_the_limit_is_a_spot_a_step_may_start_from() -> None:
    compiled = compile_practice(_weekends_practice(1))
    staff_ids = sorted({staff_id for staff_id, _ in compiled.works})
    # Each guide names its person and the weekend's Saturday (days 5 and 12).
    spots = {(staff, day) for staff, day, _, _ in compiled.guide_spots}
    assert spots == {(s, d) for s in staff_ids for d in (5, 12)}
    guides = solver_module._Guides(compiled.guides, compiled.guide_spots)
    values = np.zeros(len(compiled.model.proto.variables), dtype=np.int64)
    # The first person works Sunday 8 March alone (a weekend counted, one day lost) and both
    # days of the second weekend; the second person works Saturday 14 March alone.
    first, second = staff_ids[:2]
    for who, day in ((first, 6), (first, 12), (first, 13), (second, 12)):
        values[compiled.works[who, day].index] = 1
    for n in range(0, len(compiled.guides), 3):
        (_, weekend), (_, sat), (_, sun) = compiled.guides[n : n + 3]
        values[weekend] = max(values[sat], values[sun])
    assert guides.places(values, 100) == [(first, 5, None, 100), (second, 12, None, 100)]
    # No guide above zero, no spot.
    assert guides.places(np.zeros_like(values), 100) == []
    # A guide that names no person and no day is no place to start from.
    nowhere = [(None, None, first, end) for _, _, first, end in compiled.guide_spots]
    assert solver_module._Guides(compiled.guides, nowhere).places(values, 100) == []


def test_a_guided_neighbourhood_never_trades_objective_for_guides() -> None:
    # Exactly one of a and b; b costs 1; the guide costs 1 while a (g equals a).
    model = cp_model.CpModel()
    a, b, g = (model.new_bool_var(name) for name in "abg")
    model.add(a + b == 1)
    model.add(g == a)
    model.minimize(b)
    cutter = Cutter(model, [a.index, b.index])
    values = np.asarray([0, 1, 0], dtype=np.int64)
    cut = cutter.cut([a.index, b.index], values)
    guided = solver_module._Guides([(1, g.index)]).lead(cut, values)
    assert guided.scale == 2
    assert guided.before == 0
    solver = cp_model.CpSolver()
    assert solver.solve(cut.model) == cp_model.OPTIMAL
    solution = solver.response_proto.solution
    # The objective wins: a (objective 0, guide 1), not b (objective 1, guide 0).
    assert [solution[i] for i in (0, 1)] == [1, 0]
    assert guided.objective(round(solver.objective_value), solution) == 0
    assert not guided.better(solution)


def test_a_guided_neighbourhood_prefers_fewer_guides_at_the_same_objective() -> None:
    model = cp_model.CpModel()
    a, b, g = (model.new_bool_var(name) for name in "abg")
    model.add(a + b == 1)
    model.add(g == a)
    model.minimize(a + b)
    cutter = Cutter(model, [a.index, b.index])
    values = np.asarray([1, 0, 1], dtype=np.int64)
    cut = cutter.cut([a.index, b.index], values)
    guided = solver_module._Guides([(1, g.index)]).lead(cut, values)
    assert guided.before == 1
    solver = cp_model.CpSolver()
    assert solver.solve(cut.model) == cp_model.OPTIMAL
    solution = solver.response_proto.solution
    assert [solution[i] for i in (0, 1)] == [0, 1]
    assert guided.objective(round(solver.objective_value), solution) == cut.before
    assert guided.better(solution)
    # Without guides over the cut, the model is left alone.
    unguided = solver_module._Guides([]).lead(cut, values)
    assert unguided.scale == 1
    assert not unguided.better(solution)
