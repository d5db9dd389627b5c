"""Solve a practice with CP-SAT, bill the roster, and re-check it with the pure-Python checker."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from rosterkit.compile import CompiledModel, compile_practice
from rosterkit.errors import InternalError, InterruptedSolve, SolveError
from rosterkit.model import Roster
from rosterkit.rules import CheckReport, Penalty, Practice, check

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SolveProgress", "SolveResult", "Status", "solve"]


class Status(StrEnum):
    """How a solve ended."""

    OPTIMAL = "optimal"
    """The roster is proved to have the lowest possible objective."""
    FEASIBLE = "feasible"
    """A roster that keeps every hard rule; not proved optimal in the time given."""
    INFEASIBLE = "infeasible"
    """No roster can keep every hard rule."""
    NO_SOLUTION = "no_solution"
    """Time ran out (or the solve was interrupted) before any roster was found."""


@dataclass(frozen=True)
class SolveProgress:
    """A new best roster was found during the search."""

    elapsed: float
    objective: float
    best_bound: float
    solutions: int


@dataclass(frozen=True)
class SolveResult:
    """What :func:`solve` found.

    Attributes:
        status: how the solve ended.
        roster: the roster (empty unless status is optimal or feasible).
        penalties: the bill: every penalty with its rule, staff, date and amount.
        objective: the sum of ``penalties`` (None without a roster).
        best_bound: the solver's proven lower bound on the objective (None if unknown).
        gap: (objective - best_bound) / max(1, objective), 0.0 when optimal.
        interrupted: the search was stopped by the user (Ctrl-C) before its limit.
        build_seconds: time to compile the model; solve_seconds: wall time in the solver.
        message: one line for people.
    """

    practice: Practice
    status: Status
    roster: Roster
    penalties: tuple[Penalty, ...]
    objective: int | None
    best_bound: float | None
    gap: float | None
    build_seconds: float
    solve_seconds: float
    interrupted: bool = False
    message: str = ""
    parameters: Mapping[str, object] = field(default_factory=dict)

    @property
    def has_roster(self) -> bool:
        """Whether a roster was found."""
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)

    def by_rule(self) -> dict[str, int]:
        """Total penalty per rule id, largest first."""
        totals: dict[str, int] = defaultdict(int)
        for p in self.penalties:
            totals[p.rule_id] += p.amount
        return dict(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])))

    def to_frame(self) -> pd.DataFrame:
        """The roster as a long DataFrame, one row per assignment."""
        from rosterkit.adapters.frame import roster_frame

        return roster_frame(self.practice, self.roster)

    def penalties_frame(self) -> pd.DataFrame:
        """The bill as a DataFrame (rule_id, kind, staff_id, date, amount, detail)."""
        from rosterkit.adapters.frame import penalties_frame

        return penalties_frame(self.penalties)


def _parameters(
    time_limit: float, seed: int, workers: int, deterministic: bool, log: bool
) -> cp_model.SatParameters:
    params = cp_model.SatParameters()
    params.random_seed = seed
    params.num_workers = workers
    params.log_search_progress = log
    params.catch_sigint_signal = False
    if deterministic:
        # Wall-clock limits stop at a different point on every run; the deterministic time
        # limit does not. Several workers are only reproducible when interleaved.
        params.max_deterministic_time = time_limit
        params.max_time_in_seconds = time_limit * 10 + 60
        if workers > 1:
            params.interleave_search = True
    else:
        params.max_time_in_seconds = time_limit
    return params


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Callable[[SolveProgress], None]) -> None:
        super().__init__()
        self._report = report
        self._count = 0

    def on_solution_callback(self) -> None:
        self._count += 1
        self._report(
            SolveProgress(
                self.wall_time, self.objective_value, self.best_objective_bound, self._count
            )
        )


def solve(
    practice: Practice,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    workers: int | None = None,
    deterministic: bool = False,
    progress: Callable[[SolveProgress], None] | None = None,
    log: bool = False,
    hint: Roster | None = None,
    enforce: Mapping[str, bool] | None = None,
) -> SolveResult:
    """Find the cheapest roster that keeps every hard rule of ``practice``.

    Every roster returned has been re-checked by :func:`rosterkit.check`: no hard rule is broken
    and the bill adds up to the objective, or :class:`rosterkit.InternalError` is raised.

    Args:
        practice: the practice to roster.
        time_limit: seconds of search (with ``deterministic``, CP-SAT's deterministic seconds).
        seed: the solver's random seed.
        workers: parallel search workers; default: the machine's cores, at most 8.
        deterministic: the same input and seed give the same roster on every run.
        progress: called with each improving roster found.
        log: print CP-SAT's search log to stdout.
        hint: a roster to start from.
        enforce: per rule id, False to switch that rule instance off.

    Raises:
        SolveError: bad parameters or a model CP-SAT rejects.
        InterruptedSolve: Ctrl-C before any roster was found.
    """
    if time_limit <= 0:
        raise SolveError(f"time_limit must be positive, got {time_limit}")
    if workers is None:
        workers = max(1, min(8, os.cpu_count() or 1))
    if workers < 1:
        raise SolveError(f"workers must be at least 1, got {workers}")
    compiled = compile_practice(practice, enforce=enforce, hint=hint)
    params = _parameters(time_limit, seed, workers, deterministic, log)
    solver = cp_model.CpSolver()
    solver.parameters.copy_from(params)
    status, seconds, interrupted = _run(solver, compiled, progress)
    return _result(
        compiled,
        solver,
        status,
        seconds,
        interrupted,
        params,
        time_limit=time_limit,
        deterministic=deterministic,
    )


def _run(
    solver: cp_model.CpSolver,
    compiled: CompiledModel,
    progress: Callable[[SolveProgress], None] | None,
) -> tuple[int, float, bool]:
    """Solve in a worker thread so that Ctrl-C stops the search instead of being swallowed."""
    outcome: dict[str, int] = {}
    failure: list[BaseException] = []
    done = threading.Event()
    callback = _Callback(progress) if progress is not None else None

    def work() -> None:
        try:
            outcome["status"] = int(solver.solve(compiled.model, callback))
        except BaseException as exc:  # re-raised in the caller's thread
            failure.append(exc)
        finally:
            done.set()

    started = time.perf_counter()
    thread = threading.Thread(target=work, name="rosterkit-cpsat", daemon=True)
    thread.start()
    interrupted = False
    # Wait on an Event, not on join(): a KeyboardInterrupt inside Thread.join() can leave the
    # thread marked as finished while the solver still runs (Python 3.11).
    while not done.is_set():
        try:
            done.wait(0.1)
        except KeyboardInterrupt:
            interrupted = True
            solver.stop_search()
    thread.join()
    seconds = time.perf_counter() - started
    if failure:
        raise SolveError(f"CP-SAT failed: {failure[0]}") from failure[0]
    return outcome["status"], seconds, interrupted


def _result(
    compiled: CompiledModel,
    solver: cp_model.CpSolver,
    status_code: int,
    seconds: float,
    interrupted: bool,
    params: cp_model.SatParameters,
    *,
    time_limit: float,
    deterministic: bool,
) -> SolveResult:
    practice = compiled.practice
    settings = {
        "time_limit": time_limit,
        "seed": params.random_seed,
        "workers": params.num_workers,
        "deterministic": deterministic,
    }
    common = {
        "practice": practice,
        "build_seconds": compiled.build_seconds,
        "solve_seconds": seconds,
        "interrupted": interrupted,
        "parameters": settings,
    }
    if status_code == cp_model.MODEL_INVALID:
        raise SolveError(f"CP-SAT rejected the model: {compiled.model.validate()}")
    if status_code == cp_model.INFEASIBLE:
        return SolveResult(
            status=Status.INFEASIBLE,
            roster=Roster(()),
            penalties=(),
            objective=None,
            best_bound=None,
            gap=None,
            message="no roster keeps every hard rule; relax a hard rule, or add staff",
            **common,  # type: ignore[arg-type]
        )
    if status_code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if interrupted:
            raise InterruptedSolve("interrupted before any roster was found")
        return SolveResult(
            status=Status.NO_SOLUTION,
            roster=Roster(()),
            penalties=(),
            objective=None,
            best_bound=None,
            gap=None,
            message="no roster found within the time limit; allow more time",
            **common,  # type: ignore[arg-type]
        )
    roster = compiled.roster(solver)
    bill = compiled.bill(solver)
    objective = sum(p.amount for p in bill)
    report = check(practice, roster)
    _verify(report, bill, objective, solver, status_code)
    has_objective = bool(compiled.soft)
    bound = solver.best_objective_bound if has_objective else 0.0
    optimal = status_code == cp_model.OPTIMAL
    if optimal:
        bound = float(objective)
    gap = 0.0 if optimal else max(0.0, (objective - bound) / max(1.0, abs(objective)))
    status = Status.OPTIMAL if optimal else Status.FEASIBLE
    word = "proved optimal" if optimal else f"gap {gap:.2%}"
    return SolveResult(
        status=status,
        roster=roster,
        penalties=tuple(bill),
        objective=objective,
        best_bound=bound,
        gap=gap,
        message=f"{len(roster)} shifts assigned, objective {objective} ({word})",
        **common,  # type: ignore[arg-type]
    )


def _verify(
    report: CheckReport,
    bill: list[Penalty],
    objective: int,
    solver: cp_model.CpSolver,
    status_code: int,
) -> None:
    """The checker is the oracle: the solver's roster must pass it and its bill must match."""
    if report.violations:
        shown = "; ".join(str(v) for v in report.violations[:5])
        raise InternalError(f"the solver's roster breaks hard rules: {shown}")
    ours = Counter((p.rule_id, p.staff_id, p.date, p.amount) for p in bill)
    theirs = Counter((p.rule_id, p.staff_id, p.date, p.amount) for p in report.penalties)
    if ours != theirs:
        diff = list((ours - theirs).items())[:3], list((theirs - ours).items())[:3]
        raise InternalError(f"solver bill and checker bill differ: {diff}")
    if status_code == cp_model.OPTIMAL and abs(solver.objective_value - objective) > 1e-6:
        raise InternalError(
            f"solver objective {solver.objective_value} differs from the bill {objective}"
        )
