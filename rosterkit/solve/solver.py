"""Solve a practice with CP-SAT, bill the roster, and re-check it with the pure-Python checker.

A practice whose soft rules sit on more than one priority level is solved level by level
(lexicographically): the penalties of level 1 are minimised first, then level 2's without
making level 1 worse, and so on; see docs/priorities.md.
"""

from __future__ import annotations

import heapq
import math
import os
import random
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from ortools.sat.python import cp_model

from rosterkit.compile import CompiledModel, compile_practice
from rosterkit.errors import InternalError, InterruptedSolve, SolveError
from rosterkit.model import Roster
from rosterkit.rules import CheckReport, Penalty, Practice, check
from rosterkit.solve.cut import Cut, Cutter, Ints

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SolveProgress", "SolveResult", "Status", "solve"]

AUTO_SWITCH_GAP = 0.01
"""``search="auto"`` moves on to the neighbourhood search when CP-SAT's gap is still above this
after a quarter of the time limit..."""
CONSTRUCT_TRIES = 3
"""A person a first roster cannot place is tried this many more times (CP-SAT's full portfolio,
another seed, twice the time each; the last try without the objective) before the construction
gives up. The tries go on past the construction's budget: without every person placed there is
no roster at all (Curtois Instance22 with a tenth of the time: a person local search could not
place in 4 s, once the budget was spent, left the whole 600 s run without a roster; with each
group asked for its share of the cover, a person local search and the full portfolio with the
objective could not place in 4-8 s a try did so again; without the objective, 2.2 s)."""
CONSTRUCT_SHARE = 0.1
"""The share of the time left that the first roster's construction aims to take; each
person's step stops at its part of it once it has a roster. The neighbourhoods lower the
cover short faster than a person's own step does (Curtois, 600 s, seed 0: Instance20 5803
with half, 5063 and 5144 with a tenth; a tenth was better on all of Instances 20-24, see
docs/benchmarks.md)."""
NO_ROSTER_MARK = 15.0
"""A search other than ``cpsat`` gives up on CP-SAT's own first roster after this many seconds
(or the quarter of the time limit, if that is sooner) and builds one a few people at a time.
The mark does not grow with the time limit: on the Curtois instances of 26-52 weeks CP-SAT has
no roster after 150 s of 600, and on Instance24 (1.26 M variables) its presolve alone is not
done after 60 s, while the process grows to 3.4-4.9 GiB (the whole 600 s run peaks at 3.2 GiB
with the 15 s mark)."""
AUTO_LNS_FROM = 2_000
"""... and the model has at least this many possible (staff, day, shift) assignments. Below it,
CP-SAT's own search closes the gap better (Curtois Instances 4 and 5: proved optimal / 0.2%
with CP-SAT alone, not proved / 8% after switching)."""

LNS_FULL_SIZE = 60_000
"""The neighbourhoods start at a fifth of the days or staff (two fifths for blocks) on models
of up to this many possible assignments, and proportionally smaller above it, so a first step
frees about as many assignments on a year of 150 people as on a month of 120 (Curtois
Instance24, 1.15 M assignments: a fifth of its days did not solve in a 15 s step)."""
LNS_LEAST_SHARE = 0.02
"""The smallest share of the days or staff a neighbourhood frees, on models of up to
:data:`LNS_FULL_SIZE` possible assignments, and proportionally smaller above it (as the first
sizes): on Curtois Instance24 (1.15 M assignments), 20 of 94 steps of 2% of the days or
staff (cuts of 45-68 k variables) did not even reach their start roster in 3 s."""
LNS_STEP_SHARE = 1 / 60
"""A neighbourhood step's time limit as a share of the run's (at least LNS_STEP_LEAST, at most
LNS_STEP_MOST seconds). Nearly every step of a 60 s run improves, by about as much whether it
is proved in half a second or stopped at its limit (Curtois Instance13: 26 steps, 25 better),
so more, shorter steps pay: 1 s instead of 2 s steps lowered the mean gap of Instances 12-19
(three seeds) from 56.1% to 51.2%. At 600 s, steps of 3 s instead of 10 s took Curtois 21,
22 and 23 from 27479, 49023 and 44435 to 23288, 44737 and 39606 and left 24 even (one run
each)."""
LNS_STEP_LEAST = 1.0
LNS_STEP_MOST = 3.0
LNS_KINDS: tuple[Literal["days", "staff", "block", "cross"], ...] = (
    "days",
    "staff",
    "block",
    "cross",
)
"""The kinds of neighbourhood (see :func:`_neighbourhood`). The fourth, ``cross`` (a person's
whole horizon beside a window of days), lowered the mean gap of Curtois 12-19 (three seeds,
60 s) from 51.2% to 44.0%: a short cover line on a scarce day (a weekend) is filled by someone
who works the day next to it, who gives a day back elsewhere."""
LNS_LEAST_KIND = 0.1
"""Each kind of neighbourhood is picked for at least this share of the steps; the rest goes by
how fast each kind has lowered the objective lately (see :func:`_kind_weights`)."""
LNS_RATE_MEMORY = 0.3
"""How much a kind's latest step counts in its rate: the rate moves this share of the way to
the step's own gain per second."""
ROOM_MOST = 4.0
"""A person whose contract leaves room in the horizon is drawn up to this many times as often
as one at their contract's maximum hours, when a step frees people who could work a short
cover line (see :class:`_Room`); people without a maximum are drawn at this weight."""


class Status(StrEnum):
    """How a solve ended."""

    OPTIMAL = "optimal"
    """The roster is proved to have the lowest possible objective (in a lexicographic solve:
    every level was proved optimal in turn)."""
    FEASIBLE = "feasible"
    """A roster that keeps every hard rule; not proved optimal in the time given."""
    INFEASIBLE = "infeasible"
    """No roster can keep every hard rule."""
    NO_SOLUTION = "no_solution"
    """Time ran out (or the solve was interrupted) before any roster was found."""


@dataclass(frozen=True)
class SolveProgress:
    """A new best roster was found during the search.

    In a lexicographic solve, ``level`` is the priority level being minimised and
    ``objective`` and ``best_bound`` are that level's penalty; ``elapsed`` counts from the
    start of the first level.
    """

    elapsed: float
    objective: float
    best_bound: float
    solutions: int
    level: int | None = None


@dataclass(frozen=True)
class SolveResult:
    """What :func:`solve` found.

    Attributes:
        status: how the solve ended.
        roster: the roster (empty unless status is optimal or feasible).
        penalties: the bill: every penalty with its rule, staff, date and amount.
        objective: the sum of ``penalties`` (None without a roster), whatever the priorities.
        best_bound: the solver's proven lower bound on the objective (None if unknown). In a
            lexicographic solve, the sum of each level's bound, each proved given the levels
            before it.
        gap: (objective - best_bound) / max(1, objective), 0.0 when optimal.
        interrupted: the search was stopped by the user (Ctrl-C) before its limit.
        build_seconds: time to compile the model; solve_seconds: wall time in the solver.
        message: one line for people.
        levels: the total penalty of each priority level that has soft rules, most important
            first (also when the levels were not solved one after another).
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
    levels: Mapping[int, int] = field(default_factory=dict)

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
    # Presolve turns "one shift a day", overlap and rest into at-most-one constraints; without
    # linearization level 2 the LP leaves them out and the bound of a practice month stalls
    # (the clinic example: 42% gap after 60 s with 2 workers, optimal in 0.2 s with this).
    params.linearization_level = 2
    if workers > 1:
        params.extra_subsolvers.append("max_lp")
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


def _apply_overrides(params: cp_model.SatParameters, overrides: Mapping[str, Any]) -> None:
    """Set CP-SAT parameters by name; a name or value CP-SAT does not know is a SolveError."""
    for name, value in overrides.items():
        current = getattr(params, name, None) if name.islower() else None
        if current is None or callable(current) or name.startswith("_"):
            raise SolveError(
                f"unknown CP-SAT parameter {name!r}: see the fields of SatParameters in "
                "ortools/sat/sat_parameters.proto"
            )
        try:
            if hasattr(current, "extend"):
                if isinstance(value, str | bytes) or not isinstance(value, Iterable):
                    raise TypeError(f"{name} takes a list, got {value!r}")
                current.clear()
                current.extend(value)
            else:
                setattr(params, name, value)
        except (TypeError, ValueError) as exc:
            kind = "a list" if hasattr(current, "extend") else f"a {type(current).__name__}"
            raise SolveError(
                f"bad value {value!r} for CP-SAT parameter {name!r}: it takes {kind}"
            ) from exc


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(
        self,
        report: Callable[[SolveProgress], None] | None,
        *,
        level: int | None,
        offset: float,
    ) -> None:
        super().__init__()
        self._report = report
        self._level = level
        self._offset = offset
        self._count = 0
        self._objective: float | None = None
        self._bound = -math.inf

    @property
    def found(self) -> int:
        """Rosters found so far."""
        return self._count

    @property
    def gap(self) -> float:
        """The relative gap of the last roster found to the best bound so far (1.0 before any
        roster). The bound counts also when it rose after the roster was found (see
        :meth:`on_bound`): judged at the roster alone, a 100-staff practice month that CP-SAT
        had closed to 0.12% was stopped at a quarter of its time as if still above 1%."""
        if self._objective is None:
            return 1.0
        objective = self._objective
        return max(0.0, objective - self._bound) / max(1.0, abs(objective))

    def on_bound(self, bound: float) -> None:
        """CP-SAT's best bound rose (its ``best_bound_callback``)."""
        self._bound = max(self._bound, bound)

    def found_roster(self, objective: float, bound: float) -> None:
        """Record a roster's objective and the bound known with it."""
        self._count += 1
        self._objective = objective
        self.on_bound(bound)

    def on_solution_callback(self) -> None:
        self.found_roster(self.objective_value, self.best_objective_bound)
        if self._report is None:
            return
        self._report(
            SolveProgress(
                self._offset + self.wall_time,
                self.objective_value,
                self.best_objective_bound,
                self._count,
                self._level,
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
    lexicographic: bool | None = None,
    solver_parameters: Mapping[str, Any] | None = None,
    search: Literal["auto", "cpsat", "lns"] = "auto",
) -> SolveResult:
    """Find the cheapest roster that keeps every hard rule of ``practice``.

    Every roster returned has been re-checked by :func:`rosterkit.check`: no hard rule is broken
    and the bill adds up to the objective, or :class:`rosterkit.InternalError` is raised.

    When the soft rules sit on more than one priority level (``priority`` in the practice),
    the levels are solved one after another: level 1's penalty is minimised, then held at the
    value found while level 2's is minimised, and so on, each level starting from the roster
    of the level before. The time limit is shared: each level gets an equal part of the time
    that is left, so time a level does not need passes on to the later ones.

    Args:
        practice: the practice to roster.
        time_limit: seconds in all, counted from the end of the build, the work between
            CP-SAT runs included (with ``deterministic``, CP-SAT's deterministic seconds, also
            when shared between levels).
        seed: the solver's random seed.
        workers: parallel search workers; default: the machine's cores, at most 8.
        deterministic: the same input and seed give the same roster on every run.
        progress: called with each improving roster found.
        log: print CP-SAT's search log to stdout.
        hint: a roster to start from.
        enforce: per rule id, False to switch that rule instance off.
        lexicographic: None (the default) solves level by level when the practice uses more
            than one priority level; False minimises the plain sum of all penalties, ignoring
            priorities; True is the same as None (a practice with one level has nothing to
            stage).
        solver_parameters: CP-SAT parameters by name (``SatParameters`` fields), applied
            after rosterkit's own, e.g. ``{"subsolvers": ["max_lp", "max_lp"]}``.
        search: ``cpsat`` gives CP-SAT the whole time limit. ``lns`` lets CP-SAT run until it has a
            roster and a quarter of the time has passed, then spends the rest in rosterkit's
            neighbourhood search: free the shifts of a window of days, of a few staff, of a few
            staff over one or two weeks, or of one or two people over every day beside a window of
            days, keep the rest of the best roster, let CP-SAT re-solve that part, keep the result
            when it is cheaper. ``auto`` (the default) does the same, but only
            for models of at least 2,000 possible assignments whose CP-SAT gap is still above 1% at
            that point; otherwise CP-SAT keeps the whole time to close the gap or prove the optimum.
            When CP-SAT has no roster at all after 15 s (or a quarter of the time, if sooner),
            ``lns`` and ``auto`` build one a few people at a time (see
            docs/architecture.md, "Search") and start the neighbourhoods from it. Only for one
            priority level (staged levels use CP-SAT alone); the bound reported is the one CP-SAT
            proved.

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
    if search not in ("auto", "cpsat", "lns"):
        raise SolveError(f"search must be 'auto', 'cpsat' or 'lns', got {search!r}")
    overrides = dict(solver_parameters or {})
    _apply_overrides(cp_model.SatParameters(), overrides)  # a bad name fails before the build
    compiled = compile_practice(practice, enforce=enforce, hint=hint)
    staged = len(compiled.levels) > 1 and lexicographic is not False
    run = _Run(
        compiled,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        deterministic=deterministic,
        log=log,
        progress=progress,
        staged=staged,
        overrides=overrides,
        search=search,
    )
    return run.in_levels() if staged else run.single()


@dataclass
class _Found:
    """The best roster of the neighbourhoods: one value per model variable, and its objective."""

    values: list[int]
    objective: int


@dataclass
class _Stage:
    """The roster of one solver run and its bill, from the solver's values."""

    roster: Roster
    bill: list[Penalty]


@dataclass
class _Run:
    """One call of :func:`solve`: its settings and what the solver runs found."""

    compiled: CompiledModel
    time_limit: float
    seed: int
    workers: int
    deterministic: bool
    log: bool
    progress: Callable[[SolveProgress], None] | None
    staged: bool
    overrides: dict[str, Any] = field(default_factory=dict)
    search: str = "cpsat"
    neighbourhoods: int = 0
    """Neighbourhood-search steps run."""
    seconds: float = 0.0
    """Wall seconds of the CP-SAT runs so far."""
    deterministic_seconds: float = 0.0
    """CP-SAT's deterministic seconds so far."""
    started: float = field(default_factory=time.perf_counter)
    reported: dict[int | None, float] = field(default_factory=dict)
    """The best objective passed to ``progress`` so far, by priority level."""
    interrupted: bool = False
    _cutter: Cutter | None = None
    _assignments: list[int] | None = None
    proved: float | None = None
    """Once set, the bound progress reports: the runs after CP-SAT's first (a roster built group
    by group, its bill, the neighbourhoods) prove bounds for their own part of the model only."""

    @property
    def spent(self) -> float:
        """Seconds used so far: CP-SAT's deterministic seconds in deterministic mode, else
        wall seconds since the run started (the work between CP-SAT runs included: pinning
        and billing take seconds a step on a model of a million variables)."""
        if self.deterministic:
            return self.deterministic_seconds
        return time.perf_counter() - self.started

    def used(self, solver: cp_model.CpSolver) -> float:
        """Seconds one CP-SAT run took, in the run's own measure: deterministic seconds in
        deterministic mode (so no choice hangs on the machine's speed), else wall seconds."""
        return solver.deterministic_time if self.deterministic else solver.wall_time

    def solver(self, time_limit: float) -> cp_model.CpSolver:
        params = _parameters(time_limit, self.seed, self.workers, self.deterministic, self.log)
        _apply_overrides(params, self.overrides)
        solver = cp_model.CpSolver()
        solver.parameters.copy_from(params)
        return solver

    def common(self) -> dict[str, Any]:
        """The fields every result shares."""
        return {
            "practice": self.compiled.practice,
            "build_seconds": self.compiled.build_seconds,
            "solve_seconds": self.seconds,
            "interrupted": self.interrupted,
            "parameters": {
                "time_limit": self.time_limit,
                "seed": self.seed,
                "workers": self.workers,
                "deterministic": self.deterministic,
                "lexicographic": self.staged,
                "search": "lns" if self.neighbourhoods else "cpsat",
                "neighbourhoods": self.neighbourhoods,
                **({"solver_parameters": dict(self.overrides)} if self.overrides else {}),
            },
        }

    def report(self, step: SolveProgress) -> None:
        """Pass on a roster that improves on the best of its level so far."""
        best = self.reported.get(step.level)
        if best is not None and step.objective >= best:
            return  # a neighbourhood step restarting from the best roster
        self.reported[step.level] = step.objective
        assert self.progress is not None
        if self.proved is not None:
            step = replace(step, best_bound=min(self.proved, step.objective))
        self.progress(step)

    def solve_once(
        self,
        solver: cp_model.CpSolver,
        level: int | None,
        *,
        enough: float | None = None,
        switch_gap: float = 0.0,
        quiet: bool = False,
        empty: float | None = None,
        settle: float | None = None,
        model: cp_model.CpModel | None = None,
    ) -> int:
        """One CP-SAT run, of the practice's model or of ``model``.

        With ``enough``, stopped after that many seconds if it has no roster yet or the
        roster's gap is above ``switch_gap`` (and after ``empty`` seconds if it has no roster
        by then); with ``settle``, stopped once it has a roster and that many seconds have
        passed; ``quiet`` reports no progress (the run's solutions are not rosters of the
        whole practice)."""
        report = None
        if (self.progress is not None and not quiet) or enough is not None or settle is not None:
            report = _Callback(
                self.report if self.progress is not None and not quiet else None,
                level=level,
                offset=self.seconds,
            )
        model = self.compiled.model if model is None else model
        status, seconds, interrupted = _run(
            solver,
            model,
            report,
            enough=enough,
            switch_gap=switch_gap,
            empty=empty,
            settle=settle,
        )
        self.seconds += seconds
        self.deterministic_seconds += solver.deterministic_time
        self.interrupted = self.interrupted or interrupted
        if status == cp_model.MODEL_INVALID:
            raise SolveError(f"CP-SAT rejected the model: {model.validate()}")
        return status

    def single(self) -> SolveResult:
        """Minimise the sum of all penalties in one run (and then, maybe, by neighbourhoods).

        With ``search`` other than ``cpsat``, CP-SAT's run is judged once a quarter of the time
        has passed and it has a roster: ``lns`` always moves on to the neighbourhood search,
        ``auto`` only when the gap is still above :data:`AUTO_SWITCH_GAP` and the model has at
        least :data:`AUTO_LNS_FROM` possible assignments (else CP-SAT keeps the rest of the
        time, to close the gap or prove the optimum). A run with no roster at all is stopped
        earlier (see :data:`NO_ROSTER_MARK`) and a first roster is built a few people at a time.
        """
        large = len(self.compiled.x) >= AUTO_LNS_FROM
        switch = {"cpsat": None, "lns": 0.0, "auto": AUTO_SWITCH_GAP if large else None}[
            self.search
        ]
        if switch is None:
            solver = self.solver(self.time_limit)
            status = self.solve_once(solver, None)
            bound = _bound(solver)
        elif self.deterministic:
            # Deterministic time cannot be watched from outside: solve a quarter, then decide.
            solver = self.solver(self.time_limit / 4)
            status = self.solve_once(solver, None)
            bound = _bound(solver)
            if status == cp_model.FEASIBLE and _gap(solver) <= switch and not self.interrupted:
                _hint_solution(self.compiled.model, solver)
                again = self.solver(self.time_limit - self.spent)
                second = self.solve_once(again, None)
                if second in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                    solver, status = again, second
                    bound = max(bound, _bound(again))
        else:
            solver = self.solver(self.time_limit)
            quarter = self.time_limit / 4
            empty = min(quarter, NO_ROSTER_MARK)
            status = self.solve_once(solver, None, enough=quarter, switch_gap=switch, empty=empty)
            bound = _bound(solver)
        from_scratch = False
        self.proved = bound
        if status == cp_model.UNKNOWN and switch is not None and not self.interrupted:
            # No roster by the early mark: build one a few people at a time; failing that,
            # any roster that keeps the hard rules, without the objective.
            found = self.construct((self.time_limit - self.spent) * CONSTRUCT_SHARE)
            solver, status = found if found is not None else self.first_roster()
            from_scratch = True
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return self.no_roster(status)
        if not self.compiled.soft:
            bound = 0.0
        searching = status == cp_model.FEASIBLE and switch is not None and not self.interrupted
        if searching and (from_scratch or _gap(solver) > (switch or 0.0)):
            values = self.improve(solver).values
            stage = _Stage(self.compiled.roster_of(values), self.compiled.bill_of(values))
        else:
            stage = _Stage(self.compiled.roster(solver), self.compiled.bill(solver))
        optimal = status == cp_model.OPTIMAL
        if optimal:
            _verify_optimum(solver, stage.bill, "the bill")
        return self.finish(stage, optimal=optimal, bound=bound)

    def first_roster(self) -> tuple[cp_model.CpSolver, int]:
        """Any roster that keeps every hard rule, then its exact bill.

        CP-SAT looks for a roster without the objective (with all the time left: it stops at
        the first), then, with
        every assignment held at that roster, sets the penalty variables at their least.
        Returns the second solver, whose values hold the roster and its bill, and FEASIBLE; or
        a solver and its status when no roster was found.
        """
        compiled = self.compiled
        model = compiled.model
        objective = sum(compiled.levels.values(), cp_model.LinearExpr.constant(0))
        model.clear_objective()  # type: ignore[no-untyped-call]
        try:
            # Without an objective CP-SAT stops at its first roster: it may have all the time.
            solver = self.solver(max(1.0, self.time_limit - self.spent))
            status = self.solve_once(solver, None)
        finally:
            if compiled.levels:
                model.minimize(objective)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return solver, status
        return self.billed(list(solver.response_proto.solution))

    def billed(self, values: list[int]) -> tuple[cp_model.CpSolver, int]:
        """The roster of ``values`` (one per model variable) and its exact bill.

        With every assignment held at its value (in a copy of the model), CP-SAT sets the
        penalty variables at their least. Returns that solver and FEASIBLE, or a solver and its
        status when the roster breaks a hard rule (INFEASIBLE) or the time ran out.
        """
        compiled = self.compiled
        model = compiled.model
        _hint_values(model, values)
        assignments = self.assignments()
        held = _held(model, assignments, [values[i] for i in assignments])
        billed = self.solver(max(1.0, self.time_limit - self.spent))
        billed_status = self.solve_once(billed, None, model=held)
        if billed_status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return billed, billed_status
        return billed, int(cp_model.FEASIBLE)

    def construct(self, budget: float) -> tuple[cp_model.CpSolver, int] | None:
        """A first roster built a few people at a time, for a model CP-SAT finds none for.

        The hard rules over one person's assignments (hours, runs, rest, weekends) are switched
        on person by person through the model's ``staff_on`` literals: the people not yet
        placed work nothing and have their own rules off; the people placed keep their
        assignments; CP-SAT places the next group with the whole objective, so each group
        fills what the groups before left uncovered. Each step solves the group's part of
        the model alone, cut out of it (see :mod:`rosterkit.solve.cut`). Rules over
        several people (``coupled_on``) stay off until the end; then the whole roster is
        billed with every rule on. A group solved to optimality well within its share of
        ``budget`` makes the next group twice the size; a group without a roster is tried
        again at half the size. Once a group cannot be solved to optimality (or placed at all)
        in its time, the steps use CP-SAT's local search alone, with room for a first roster,
        and stop at their share once they have one (at their first roster when past it; not
        in deterministic mode, where a step runs to its deterministic limit, its share alone
        without the room); a person still not placed is tried :data:`CONSTRUCT_TRIES` more
        times with CP-SAT's full portfolio, another seed and twice the time, past ``budget``
        if need be, the last time without the objective, and then again without the
        objective (another seed, twice the time) until it is placed or the time runs out
        (Curtois Instance22, seed 0: a person of 7,072 variables in their cut not placed in
        8 s without the objective left a whole 600 s run without a roster). Each group is
        asked for its share of every cover line, not the whole line (see :class:`_Shares`).

        Returns the billing solver and FEASIBLE, or None (the partial roster left as the
        model's hint) when a person cannot be placed (their own rules infeasible, or the time
        gone) or the roster breaks a rule over several people.
        """
        compiled = self.compiled
        model = compiled.model
        by_staff: dict[str, dict[tuple[int, str], int]] = defaultdict(dict)
        for (staff_id, day, shift_id), var in compiled.x.items():
            by_staff[staff_id][(day, shift_id)] = var.index
        values = self.nobody()
        if values is None:
            return None
        cutter = self.cutter()
        shares = _Shares(compiled, self.seed)
        waiting = list(by_staff)
        done: list[str] = []

        def switch(staff_id: str, *, on: bool) -> None:
            """Switch a person's own rules on or off."""
            if (lit := compiled.staff_on.get(staff_id)) is not None:
                values[lit.index] = int(on)

        started = self.spent
        size = 1
        tries = 0
        """Failed tries of the current one-person group."""
        local = False
        """Whether the steps use CP-SAT's local search alone (see below)."""
        last = 0.0
        """Seconds the last group placed took."""
        while waiting and not self.interrupted:
            if self.time_limit - self.spent < 1.0:
                break  # out of time (a step takes at least a second)
            group, rest = waiting[:size], waiting[size:]
            groups_left = 1 + -(-len(rest) // size)
            left = budget - (self.spent - started)
            limit = max(1.0, left / groups_left) * 2**tries
            free: list[int] = []
            start: dict[int, int] = {}
            """A start for the group's assignments, by index."""
            for n, staff_id in enumerate(group):
                mine = by_staff[staff_id]
                switch(staff_id, on=True)
                free.extend(mine.values())
                if done:
                    # Start from the roster of someone placed already (the same contract
                    # is likely): CP-SAT then moves the shifts to where cover is short.
                    like = by_staff[done[-1 - n % len(done)]]
                    for key, index in mine.items():
                        other = like.get(key)
                        start[index] = int(values[other]) if other is not None else 0
            cut = cutter.cut(free, values)
            shares.ask(cut, [*done, *group])
            if start:
                hint = cut.model.proto.solution_hint
                at = np.searchsorted(cut.variables, np.asarray(list(start), dtype=np.int64))
                held = list(hint.values)
                for position, value in zip(at.tolist(), start.values(), strict=True):
                    held[position] = value
                hint.values.clear()
                hint.values.extend(held)
            # A step with a roster stops at its share of the budget, and one past its share
            # at its first roster: improving the cover is then left to the neighbourhoods
            # (Curtois Instance24: 1.5 s a person instead of a failed 1 s try and 3.5 s, 150
            # people; Instance22 keeps its 5 s a person to improve the cover). The mark is
            # wall time, so a deterministic run leaves it out.
            settle = None if self.deterministic else limit
            if local and settle is not None:
                # Room to find a first roster (four times the last placement) rather than
                # a failed try and a retry. Only with the mark: local search proves
                # nothing, so a step without it would spend all of that room, and the next
                # get four times as much.
                limit = max(limit, 4 * last)
            solver = self.solver(min(limit, max(1.0, self.time_limit - self.spent)))
            if local and not tries:
                # A person local search could not place is tried with the full portfolio.
                solver.parameters.use_ls_only = True
                # One round of presolve: the model left is one person's year.
                solver.parameters.max_presolve_iterations = 1
            solver.parameters.random_seed += tries
            aimless = tries >= CONSTRUCT_TRIES
            if aimless:
                # The last try asks for any placement that keeps the person's own rules,
                # without the objective: the neighbourhoods mend the cover it leaves.
                cut.model.clear_objective()  # type: ignore[no-untyped-call]
            status = self.solve_once(solver, None, quiet=True, settle=settle, model=cut.model)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                cut.apply(values, solver.response_proto.solution)
                waiting, tries = rest, 0
                done.extend(group)
                used = self.used(solver)
                last = used
                if status == cp_model.OPTIMAL and used < limit / 4 and not aimless:
                    size *= 2
                elif status == cp_model.FEASIBLE:
                    # A group not proved in its time: a tight counting puzzle (a year of
                    # hours, runs and weekends). CP-SAT's local search alone places people
                    # faster and cheaper there (Curtois Instance22: 12 people at 77k vs
                    # 640k with the full portfolio, 3.6 s each).
                    local = True
                continue
            for staff_id in group:  # not placed: off again, tried in a smaller group
                switch(staff_id, on=False)
            if status == cp_model.INFEASIBLE:
                break
            if local and size == 1:
                tries += 1  # again: the full portfolio, another seed, twice the time
            elif local:
                size //= 2
            local = True
        listed = values.tolist()
        if not waiting:
            solver, status = self.billed(listed)
            if status == cp_model.FEASIBLE:
                return solver, status
        _hint_values(model, listed)
        return None

    def nobody(self) -> Ints | None:
        """The roster in which nobody works, with every person's own rules and every rule over
        several people switched off: where the construction starts (one value per model
        variable, CP-SAT's), or None if CP-SAT finds none in the time left."""
        compiled = self.compiled
        switches = [var.index for var in compiled.staff_on.values()]
        if compiled.coupled_on is not None:
            switches.append(compiled.coupled_on.index)
        zeros = [*self.assignments(), *switches]
        held = _held(compiled.model, zeros, [0] * len(zeros))
        solver = self.solver(max(1.0, self.time_limit - self.spent))
        status = self.solve_once(solver, None, quiet=True, model=held)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return np.asarray(solver.response_proto.solution, dtype=np.int64)

    def assignments(self) -> list[int]:
        """The model's index of every assignment variable (listed once)."""
        if self._assignments is None:
            self._assignments = [v.index for v in self.compiled.x.values()]
        return self._assignments

    def cutter(self) -> Cutter:
        """The practice's model, ready to cut neighbourhoods out of (built once)."""
        if self._cutter is None:
            compiled = self.compiled
            self._cutter = Cutter(
                compiled.model,
                self.assignments(),
                [v.index for v in compiled.decisions.values()],
            )
        return self._cutter

    def improve(self, best: cp_model.CpSolver) -> _Found:
        """Large-neighbourhood search from ``best`` until the time limit.

        Each step frees the assignments of a window of days (all staff), of a few staff (all
        days), of a block of staff over one or two weeks, or of a cross (one or two people's
        whole horizon and a window of days for everyone; see :func:`_neighbourhood`), keeps
        every other assignment at the best roster's value, and re-solves from that roster
        with a short limit. The step's model is the neighbourhood alone, cut out of the
        practice's model (see :mod:`rosterkit.solve.cut`), so a step costs the size of the
        neighbourhood, not of the practice. A neighbourhood solved to optimality grows, one
        that runs out of time shrinks. The kind of the next step is drawn by how fast each
        kind has lowered the objective lately (see :func:`_kind_weights`). The practice's
        model is left as built, with the best roster as its hint.
        """
        compiled = self.compiled
        model = compiled.model
        rng = random.Random(self.seed)
        by_day: dict[int, list[int]] = defaultdict(list)
        by_staff_day: dict[str, list[tuple[int, int]]] = defaultdict(list)
        by_cell: dict[tuple[str, int], list[int]] = defaultdict(list)
        for (staff_id, day, _), var in compiled.x.items():
            by_day[day].append(var.index)
            by_staff_day[staff_id].append((day, var.index))
            by_cell[staff_id, day].append(var.index)
        staff = sorted(by_staff_day)
        days = compiled.index.calendar.num_days
        cutter = self.cutter()
        values = np.asarray(best.response_proto.solution, dtype=np.int64)
        listed = values.tolist()
        """The best roster's values, as a list (faster to read one by one)."""
        value = cutter.objective(values)

        def can_work(staff_id: str, day: int, shift_id: str | None) -> bool:
            if shift_id is None:
                return (staff_id, day) in by_cell
            return (staff_id, day, shift_id) in compiled.x

        def works(staff_id: str, day: int) -> bool:
            return any(listed[i] for i in by_cell.get((staff_id, day), ()))

        sizes = _first_sizes(len(compiled.x))
        """The share of the days (days) or of the staff (staff, block) a step frees, adapted
        per kind."""
        least = LNS_LEAST_SHARE * _scale(len(compiled.x))
        """The share a step shrinks to at least."""
        step_limit = min(LNS_STEP_MOST, max(LNS_STEP_LEAST, self.time_limit * LNS_STEP_SHARE))
        cal = compiled.index.calendar
        rules = dict(compiled.index.rules)

        def penalties_of(values: Ints) -> list[_Spot]:
            """(staff, day index, shift, amount) of each penalty of a roster, from its bill;
            the shift is the one the penalty's rule is about, if it names one (coverage)."""
            return [
                (
                    p.staff_id,
                    cal.day_index(p.date) if p.date is not None else None,
                    getattr(rules.get(p.rule_id), "shift", None),
                    p.amount,
                )
                for p in compiled.bill_of(values)
            ]

        guides = _Guides(compiled.guides, compiled.guide_spots)

        def spots_of(values: Ints) -> list[_Spot]:
            """The roster's penalties, and each guide above zero drawn as often as the
            costliest of them (Curtois Instance13: 40-47 weekends worked on one day by people
            at their weekend limit, beside 28-36 short weekend lines)."""
            spots = penalties_of(values)
            most = max((spot[3] for spot in spots), default=1)
            return spots + guides.places(values, most)

        penalised = spots_of(values)
        room = _Room.of(compiled)
        weigh = room.weigh(values) if room is not None else None
        rates: dict[str, float] = dict.fromkeys(LNS_KINDS, 0.0)
        """Objective lowered per second by each kind's recent steps."""
        while not self.interrupted and value > 0:
            left = self.time_limit - self.spent
            if left < 1.0:
                break
            weights = _kind_weights(rates)
            step = _neighbourhood(
                rng, staff, days, sizes, penalised, can_work, weights, works, weigh
            )
            kind, size = step.kind, sizes[step.kind]
            window = range(step.first, step.first + step.width)
            if kind == "days":
                free = [i for d in window for i in by_day.get(d, ())]
            elif kind == "cross":
                whole = [i for s in step.staff for (_, i) in by_staff_day[s]]
                seen = set(whole)
                free = whole + [i for d in window for i in by_day.get(d, ()) if i not in seen]
            else:
                free = [i for s in step.staff for (d, i) in by_staff_day[s] if d in window]
            self.neighbourhoods += 1
            cut = cutter.cut(free, values)
            guided = guides.lead(cut, values)
            solver = self.solver(min(step_limit, left))
            before = value
            status = self.solve_once(solver, None, quiet=True, model=cut.model)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                solution = solver.response_proto.solution
                found = value + guided.objective(round(solver.objective_value), solution)
                found -= cut.before
                if found < value or (found == value and guided.better(solution)):
                    cut.apply(values, solution)
                    value, listed = found, values.tolist()
                    penalised = spots_of(values)
                    weigh = room.weigh(values) if room is not None else None
                    if self.progress is not None:
                        bound = self.proved if self.proved is not None else 0.0
                        self.report(SolveProgress(self.seconds, value, bound, self.neighbourhoods))
            rate = (before - value) / max(self.used(solver), 0.01)
            rates[kind] += LNS_RATE_MEMORY * (rate - rates[kind])
            if status == cp_model.OPTIMAL:
                sizes[kind] = min(0.9, size * 1.25)
            elif status != cp_model.INFEASIBLE:
                sizes[kind] = max(least, size / 1.25)
        if cutter.objective(values) != value:
            raise InternalError(
                f"the neighbourhoods' objective {value} differs from the roster's "
                f"{cutter.objective(values)}"
            )
        # Leave the model as built: hint the best roster (a later solve may start from it).
        _hint_values(model, listed)
        return _Found(listed, value)

    def in_levels(self) -> SolveResult:
        """Minimise each priority level's penalty in turn, holding the levels before it."""
        compiled = self.compiled
        model = compiled.model
        order = sorted(compiled.levels)
        priority = {rule_id: rule.priority for rule_id, rule in compiled.index.rules}
        spent = 0.0
        best: _Stage | None = None
        bounds: dict[int, float] = {}
        proved = True
        for n, level in enumerate(order):
            share = (self.time_limit - spent) / (len(order) - n)
            if share <= 0:
                proved = False
                break
            model.minimize(compiled.levels[level])
            solver = self.solver(share)
            status = self.solve_once(solver, level)
            spent += self.used(solver)
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                if best is None:
                    return self.no_roster(status)
                if status == cp_model.INFEASIBLE:
                    raise InternalError(
                        f"priority level {level} is infeasible although the roster of the "
                        "level before keeps every constraint"
                    )
                proved = False  # out of time: keep the roster of the level before
                break
            best = _Stage(compiled.roster(solver), compiled.bill(solver))
            value = round(solver.objective_value)
            if status == cp_model.OPTIMAL:
                mine = [p for p in best.bill if priority[p.rule_id] == level]
                _verify_optimum(solver, mine, f"the bill of priority level {level}")
                bounds[level] = float(value)
            else:
                bounds[level] = solver.best_objective_bound
                proved = False
            if self.interrupted:
                proved = proved and n == len(order) - 1
                break
            # Hold this level at what was found, and start the next level from this roster.
            model.add(compiled.levels[level] <= value)
            _hint_solution(model, solver)
        assert best is not None
        # A level never reached has the trivial bound 0: penalties are never negative.
        return self.finish(best, optimal=proved, bound=sum(bounds.values()))

    def no_roster(self, status: int) -> SolveResult:
        if status == cp_model.INFEASIBLE:
            return SolveResult(
                status=Status.INFEASIBLE,
                roster=Roster(()),
                penalties=(),
                objective=None,
                best_bound=None,
                gap=None,
                message="no roster keeps every hard rule; relax a hard rule, or add staff",
                **self.common(),
            )
        if self.interrupted:
            raise InterruptedSolve("interrupted before any roster was found")
        return SolveResult(
            status=Status.NO_SOLUTION,
            roster=Roster(()),
            penalties=(),
            objective=None,
            best_bound=None,
            gap=None,
            message="no roster found within the time limit; allow more time",
            **self.common(),
        )

    def finish(self, stage: _Stage, *, optimal: bool, bound: float) -> SolveResult:
        """Check the roster, compare the bills, and report."""
        compiled = self.compiled
        report = check(compiled.practice, stage.roster)
        _verify(report, stage.bill, relaxed=compiled.relaxed)
        objective = sum(p.amount for p in stage.bill)
        if optimal:
            bound = float(objective)
        gap = 0.0 if optimal else max(0.0, (objective - bound) / max(1.0, abs(objective)))
        levels = _level_totals(compiled, stage.bill)
        word = "proved optimal" if optimal else f"gap {gap:.2%}"
        message = f"{len(stage.roster)} shifts assigned, objective {objective} ({word})"
        if len(levels) > 1:
            shown = ", ".join(f"{level}: {total}" for level, total in levels.items())
            message += f"; by priority level {shown}"
        return SolveResult(
            status=Status.OPTIMAL if optimal else Status.FEASIBLE,
            roster=stage.roster,
            penalties=tuple(stage.bill),
            objective=objective,
            best_bound=bound,
            gap=gap,
            message=message,
            levels=levels,
            **self.common(),
        )


class _Shares:
    """Each group of a roster built a few people at a time is asked for its share of every
    cover line (a soft lower bound billed to no one person): the line's bound times the share
    of the line's people placed once the group is, rounded down after adding an offset drawn
    once per line (so that over many lines the targets add up to the shares).

    Asked for the whole line, the first people see every line short alike, so where their
    fixed hours go follows their own rules and requests, not the demand: on Curtois
    Instance24, whose demand doubles over the year while each person's minutes are fixed to
    within one shift, the built roster worked 1,685 shifts in the first four weeks (demand
    1,304) and 2,437 in the last (demand 2,963).
    """

    def __init__(self, compiled: CompiledModel, seed: int) -> None:
        staff = {staff_id: n for n, staff_id in enumerate(compiled.index.staff)}
        size = 1 + max((v.index for v in compiled.x.values()), default=-1)
        owner = np.full(size, -1, dtype=np.int64)
        for (staff_id, _, _), var in compiled.x.items():
            owner[var.index] = staff[staff_id]
        cons: list[int] = []
        lows: list[int] = []
        lines: list[Ints] = []
        people: list[Ints] = []
        for con, low, indices in compiled.shared_lows:
            if len(indices) == 0 or indices.max() >= size:
                continue
            whose = owner[indices]
            if whose.min() < 0:
                continue  # not a sum of assignments: no people to share it between
            people.append(np.unique(whose))
            lines.append(np.full(len(people[-1]), len(cons), dtype=np.int64))
            cons.append(con)
            lows.append(low)
        order = np.argsort(np.asarray(cons, dtype=np.int64), kind="stable")
        self._cons = np.asarray(cons, dtype=np.int64)[order]
        self._lows = np.asarray(lows, dtype=np.int64)[order]
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        self._line_of = rank[np.concatenate(lines)] if lines else np.zeros(0, dtype=np.int64)
        self._person_of = np.concatenate(people) if people else np.zeros(0, dtype=np.int64)
        self._people = np.bincount(self._line_of, minlength=len(cons))
        self._offsets = np.random.default_rng(seed).random(len(cons))
        self._staff = staff

    def ask(self, cut: Cut, placed: Iterable[str]) -> None:
        """Lower each cover line in ``cut`` to its share once the people ``placed`` are."""
        if not len(self._cons):
            return
        mask = np.zeros(len(self._staff), dtype=bool)
        mask[[self._staff[staff_id] for staff_id in placed]] = True
        at = np.searchsorted(self._cons, cut.constraints)
        at = np.minimum(at, len(self._cons) - 1)
        mine = np.flatnonzero(self._cons[at] == cut.constraints)
        if not mine.size:
            return
        lines = at[mine]
        counted = np.bincount(self._line_of[mask[self._person_of]], minlength=len(self._cons))
        lows = self._lows[lines]
        shares = np.floor(
            lows * counted[lines] / self._people[lines] + self._offsets[lines]
        ).astype(np.int64)
        lowered = lows - np.minimum(shares, lows)
        constraints = cut.model.proto.constraints
        for position, by in zip(mine.tolist(), lowered.tolist(), strict=True):
            if by:
                domain = constraints[position].linear.domain
                bounds = list(domain)
                bounds[0] -= by
                domain.clear()
                domain.extend(bounds)


@dataclass(frozen=True)
class _Guided:
    """A neighbourhood's model with the compiler's guides as a second objective: the small
    model minimises ``objective * scale + guides``, so it never trades objective for guides."""

    positions: Ints
    """The small model's index of each guide term's variable."""
    coefficients: Ints
    scale: int
    before: int
    """The guides' sum at the values the model was cut from."""

    def objective(self, value: int, solution: Sequence[int]) -> int:
        """The small model's own objective, from the value CP-SAT reports for ``solution``."""
        if self.scale == 1:
            return value
        guides = int(self.coefficients @ np.asarray(solution, dtype=np.int64)[self.positions])
        real, rest = divmod(value - guides, self.scale)
        if rest:
            raise InternalError("a guided neighbourhood's objective is not a whole objective")
        return real

    def better(self, solution: Sequence[int]) -> bool:
        """Whether ``solution`` lowers the guides' sum."""
        if self.scale == 1:
            return False
        at = np.asarray(solution, dtype=np.int64)[self.positions]
        return int(self.coefficients @ at) < self.before


_UNGUIDED = _Guided(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), 1, 0)


class _Guides:
    """The compiler's guides (:attr:`CompiledModel.guides`), written into each neighbourhood's
    model as a second objective.

    Where two rosters cost the same, the search keeps the one the guides prefer (Curtois: of
    two rosters with the same cover, the one with fewer weekends worked in part, since every
    weekend counted against a person's limit but worked on one day is a weekend day lost to
    the cover).
    """

    def __init__(
        self,
        guides: Sequence[tuple[int, int]],
        spots: Sequence[tuple[str | None, int | None, int, int]] = (),
    ) -> None:
        pairs = np.asarray(guides, dtype=np.int64).reshape(-1, 2)
        order = np.argsort(pairs[:, 1], kind="stable")
        self.variables = pairs[order, 1]
        self.coefficients = pairs[order, 0]
        named = [spot for spot in spots if spot[3] > spot[2]]
        self.spots = [(staff, day) for staff, day, _, _ in named]
        self.group = np.zeros(len(pairs), dtype=np.int64)
        """The spot each guide term (in the order given) belongs to."""
        for position, (_, _, first, end) in enumerate(named):
            self.group[first:end] = position
        self.terms = pairs

    def places(self, values: Ints, amount: int) -> list[_Spot]:
        """Each spot whose guide's sum is above zero in the roster ``values``, as a penalty of
        ``amount`` where a step may start (a guide that names no person and no day is none)."""
        if not self.spots:
            return []
        sums = np.bincount(
            self.group,
            weights=self.terms[:, 0] * values[self.terms[:, 1]],
            minlength=len(self.spots),
        )
        return [
            (staff, day, None, amount)
            for (staff, day), total in zip(self.spots, sums.tolist(), strict=True)
            if total > 0 and (staff is not None or day is not None)
        ]

    def lead(self, cut: Cut, values: Ints) -> _Guided:
        """Add the guides over ``cut``'s variables to its model's objective (``values``: the
        roster it was cut from)."""
        inside = np.isin(self.variables, cut.variables, assume_unique=False)
        if not inside.any():
            return _UNGUIDED
        variables, coefficients = self.variables[inside], self.coefficients[inside]
        positions = np.searchsorted(cut.variables, variables)
        scale = int(np.abs(coefficients).sum()) + 1
        objective = cut.model.proto.objective
        terms: dict[int, int] = defaultdict(int)
        for var, coefficient in zip(objective.vars, objective.coeffs, strict=True):
            terms[var] += coefficient * scale
        for var, coefficient in zip(positions.tolist(), coefficients.tolist(), strict=True):
            terms[var] += coefficient
        objective.offset *= scale
        objective.vars.clear()
        objective.coeffs.clear()
        objective.vars.extend([var for var, c in terms.items() if c])
        objective.coeffs.extend([c for c in terms.values() if c])
        before = int(coefficients @ values[variables])
        return _Guided(positions, coefficients, scale, before)


@dataclass(frozen=True)
class _Room:
    """How much of each person's contract (``max_hours`` over the horizon) a roster leaves
    unused, as the weight with which a step draws them to work a short cover line.

    A line is short where no one free and able is left with the hours to work it: a step that
    frees people at their maximum can only move hours between them (Curtois Instance13: the
    demand in minutes is above the team's maxima, and the search's rosters leave 17,400-22,920
    of them unused while lines stay short).
    """

    staff: tuple[str, ...]
    caps: dict[str, int]
    """Each person's maximum minutes in the horizon, for those whose contract gives one."""
    owner: Ints
    """For each assignment variable, its person's position in ``staff``."""
    variables: Ints
    minutes: Ints
    """Each assignment variable's shift length in minutes."""
    unit: float
    """The mean shift length: the room of one more shift."""

    @classmethod
    def of(cls, compiled: CompiledModel) -> _Room | None:
        """The practice's room, or None when no one's contract limits the horizon's hours."""
        index = compiled.index
        caps = {
            staff_id: round(person.contract.max_hours * 60)
            for staff_id, person in index.staff.items()
            if person.contract.max_hours is not None
        }
        if not caps or not compiled.x:
            return None
        staff = tuple(sorted(index.staff))
        position = {staff_id: i for i, staff_id in enumerate(staff)}
        owner, variables, minutes = [], [], []
        for (staff_id, day, shift_id), var in compiled.x.items():
            instance = index.calendar.instance(day, shift_id)
            owner.append(position[staff_id])
            variables.append(var.index)
            minutes.append(instance.minutes if instance is not None else 0)
        unit = max(1.0, float(np.mean(minutes)))
        return cls(
            staff,
            caps,
            np.asarray(owner, dtype=np.int64),
            np.asarray(variables, dtype=np.int64),
            np.asarray(minutes, dtype=np.int64),
            unit,
        )

    def weigh(self, values: Ints) -> Callable[[str], float]:
        """Each person's weight in the roster ``values``: one at their maximum, one more per
        shift's worth of room, at most :data:`ROOM_MOST`."""
        worked = np.bincount(
            self.owner, weights=self.minutes * values[self.variables], minlength=len(self.staff)
        )
        weight = {
            staff_id: min(ROOM_MOST, 1.0 + max(0.0, self.caps[staff_id] - float(used)) / self.unit)
            for staff_id, used in zip(self.staff, worked.tolist(), strict=True)
            if staff_id in self.caps
        }
        return lambda staff_id: weight.get(staff_id, ROOM_MOST)


def _first_sizes(assignments: int) -> dict[str, float]:
    """The share of the days (``days``, ``cross``) or of the staff (``staff``, ``block``) the first
    neighbourhood of each kind frees, on a model of ``assignments`` possible assignments (each
    above the least share, :data:`LNS_LEAST_SHARE`, which scales in the same way)."""
    shares = {"days": 0.2, "staff": 0.2, "block": 0.4, "cross": 0.1}
    scale = _scale(assignments)
    return {kind: share * scale for kind, share in shares.items()}


def _scale(assignments: int) -> float:
    """How much smaller than on a model of :data:`LNS_FULL_SIZE` possible assignments the
    neighbourhoods of a model of ``assignments`` are, as a share of its days or staff."""
    return min(1.0, LNS_FULL_SIZE / max(1, assignments))


_Spot = tuple[str | None, int | None, str | None, int]
"""A penalty of the best roster, where a neighbourhood may start: (staff, day index, shift,
amount); staff, day and shift are None where the penalty names none."""


@dataclass(frozen=True)
class _Step:
    """The neighbourhood of one search step: whose assignments it frees, over which days."""

    kind: Literal["days", "staff", "block", "cross"]
    staff: tuple[str, ...]
    """The people freed over the window (empty for ``days``: everyone); for ``cross``, the
    people freed over every day (everyone is freed over the window)."""
    first: int
    width: int


def _kind_weights(rates: Mapping[str, float]) -> dict[str, float]:
    """How often to pick each kind of neighbourhood: :data:`LNS_LEAST_KIND` each, the rest
    shared by the objective each kind lowered per second lately (``rates``); evenly while no
    kind has lowered it.

    The kind that pays differs by instance (Curtois, drawn evenly: day windows lowered
    Instance13's objective twice as fast per second as staff sets over 300 s; in 60 s, staff
    sets lowered 15's, 17's and 19's faster than day windows, and blocks barely paid on 14
    and 17).
    """
    total = sum(rates.values())
    if total <= 0:
        return dict.fromkeys(rates, 1.0)
    spare = 1.0 - LNS_LEAST_KIND * len(rates)
    return {kind: LNS_LEAST_KIND + spare * rate / total for kind, rate in rates.items()}


def _neighbourhood(
    rng: random.Random,
    staff: Sequence[str],
    days: int,
    sizes: Mapping[str, float],
    penalised: Sequence[_Spot],
    can_work: Callable[[str, int, str | None], bool],
    weights: Mapping[str, float],
    works: Callable[[str, int], bool],
    room: Callable[[str], float] | None = None,
) -> _Step:
    """Pick the next neighbourhood: a window of days (all staff), a set of staff (all days), a
    block (some staff over one or two weeks) or a cross (one or two people over all days and
    everyone over a window of days), drawn by ``weights`` per kind; ``sizes`` gives the share
    of the days (``days``, ``cross``) or of the staff (``staff``, ``block``) freed.

    Half the steps start from a penalty of the best roster, ``penalised`` as (staff, day,
    shift, amount), drawn in proportion to its amount (on Curtois a cover line short by one
    costs 100, a line over by one 1): the window holds its day, the staff its person, and where the
    penalty is about a shift on a day (a cover line short), half the staff are people who could
    work that shift.
    A cross on a short cover line takes one person who is off that day, could work some shift
    on it (``can_work`` with no shift) and works the day before or after (``works``, in the
    best roster: a half weekend made whole, with a day given back anywhere in the horizon),
    and sometimes a second who could work the line's shift and is off; without such a
    neighbour, one or two who could work it and are off. The neighbour need not be able to
    work the short shift itself: everyone is free on the window, so the neighbour can take
    another shift of that day from someone who can (Curtois Instances 12 and 13 lose their
    weekend cover through half weekends: 20 and 60 of them beside 45 and 46 short weekend
    lines in 60 s rosters).
    People who could work a short line are drawn by ``room`` (a weight per person, see
    :class:`_Room`), evenly without it.
    """

    def draw(pool: Sequence[str], count: int) -> list[str]:
        """``count`` of ``pool``, without repeats, each drawn by its weight in ``room``."""
        if room is None:
            return rng.sample(list(pool), count)
        keyed = [(rng.random() ** (1.0 / room(s)), s) for s in pool]
        return [s for _, s in heapq.nlargest(count, keyed)]

    person, around, shift = None, None, None
    if penalised and rng.random() < 0.5:
        amounts = [spot[3] for spot in penalised]
        if sum(amounts) > 0:
            person, around, shift, _ = rng.choices(penalised, amounts)[0]
        else:
            person, around, shift, _ = rng.choice(penalised)
    kind = rng.choices(LNS_KINDS, [weights[k] for k in LNS_KINDS])[0]
    if kind == "staff":
        width = days
    elif kind in ("days", "cross"):
        width = min(days, max(2, round(days * sizes[kind])))
    else:
        width = min(days, rng.choice((7, 14)))
    if around is None:
        first = rng.randrange(max(1, days - width + 1))
    else:
        first = min(max(0, around - rng.randrange(width)), days - width)
    if kind == "days":
        return _Step(kind, (), first, width)
    if kind == "cross":
        picked = [person] if person is not None and person in staff else []
        if shift is not None and around is not None:
            able = [s for s in staff if can_work(s, around, shift) and not works(s, around)]
            near = [
                s
                for s in staff
                if not works(s, around)
                and can_work(s, around, None)
                and (works(s, around - 1) or works(s, around + 1))
            ]
            if near:
                picked += draw(near, 1)
                rest = [s for s in able if s not in picked]
                picked += draw(rest, min(len(rest), rng.choice((0, 1))))
            else:
                picked += draw(able, min(len(able), rng.choice((1, 2))))
        if not picked:
            picked = rng.sample(list(staff), min(len(staff), 2))
        return _Step(kind, tuple(picked), first, width)
    count = max(2, min(len(staff), round(len(staff) * sizes[kind])))
    chosen = [person] if person is not None and person in staff else []
    if shift is not None and around is not None:
        able = [s for s in staff if s != person and can_work(s, around, shift)]
        chosen += draw(able, min(len(able), (count + 1) // 2))
    taken = set(chosen)
    others = [s for s in staff if s not in taken]
    chosen += rng.sample(others, max(0, min(len(others), count - len(chosen))))
    return _Step(kind, tuple(chosen), first, width)


def _level_totals(compiled: CompiledModel, bill: list[Penalty]) -> dict[int, int]:
    priority = {rule_id: rule.priority for rule_id, rule in compiled.index.rules}
    totals = dict.fromkeys(sorted(compiled.levels), 0)
    for p in bill:
        totals[priority[p.rule_id]] += p.amount
    return totals


def _hint_solution(model: cp_model.CpModel, solver: cp_model.CpSolver) -> None:
    """Replace the model's hint with the whole of the solver's last solution."""
    _hint_values(model, list(solver.response_proto.solution))


def _hint_values(model: cp_model.CpModel, values: list[int]) -> None:
    """Replace the model's hint with a value for every variable."""
    model.proto.clear_solution_hint()
    hint = model.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


def _bound(solver: cp_model.CpSolver) -> float:
    return float(solver.best_objective_bound)


def _gap(solver: cp_model.CpSolver) -> float:
    objective = solver.objective_value
    return max(0.0, objective - solver.best_objective_bound) / max(1.0, abs(objective))


def _held(
    model: cp_model.CpModel, indices: Sequence[int], values: Sequence[int]
) -> cp_model.CpModel:
    """A copy of ``model`` with each variable of ``indices`` fixed to its value in ``values``.

    The practice's model is left as it is. Fixing the domains of a fresh copy costs less than
    pinning them in the model and giving them back, and CP-SAT loads fixed domains faster
    than it presolves constraints that would hold the same values (Curtois Instance24, every
    assignment of 1.15 M held: pin and restore about 15 s of Python and 0.6 s of CP-SAT; two
    sums in a copy 1.3 s and 6.6 s; fixed domains in a copy about 3 s and 1.2 s).
    """
    held = cp_model.CpModel()
    held.proto.copy_from(model.proto)
    variables = held.proto.variables
    for index, value in zip(indices, values, strict=True):
        domain = variables[index].domain
        domain.clear()
        domain.extend((value, value))
    return held


def _run(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: _Callback | None,
    *,
    enough: float | None = None,
    switch_gap: float = 0.0,
    empty: float | None = None,
    settle: float | None = None,
) -> tuple[int, float, bool]:
    """Solve in a worker thread so that Ctrl-C stops the search instead of being swallowed.

    With a ``callback``: stopped after ``empty`` seconds if there is no roster yet, after
    ``enough`` seconds if there is none or its gap is above ``switch_gap``, and as soon as
    there is one once ``settle`` seconds have passed.
    """
    outcome: dict[str, int] = {}
    failure: list[BaseException] = []
    done = threading.Event()

    if callback is not None:
        solver.best_bound_callback = callback.on_bound

    def work() -> None:
        try:
            outcome["status"] = int(solver.solve(model, callback))
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
        if callback is None:
            continue
        elapsed = time.perf_counter() - started
        if empty is not None and elapsed >= empty:
            if not callback.found:
                solver.stop_search()  # no roster by the first mark: build one another way
            empty = None
        if settle is not None and elapsed >= settle and callback.found:
            solver.stop_search()  # a roster, and its time is up
            settle = None
        if enough is not None and elapsed >= enough:
            # Past the mark: move on from a roster whose gap is too wide, or from no roster.
            if not callback.found or callback.gap > switch_gap:
                solver.stop_search()
            enough = None
    thread.join()
    seconds = time.perf_counter() - started
    if failure:
        raise SolveError(f"CP-SAT failed: {failure[0]}") from failure[0]
    return outcome["status"], seconds, interrupted


def _verify(report: CheckReport, bill: list[Penalty], *, relaxed: Set[str]) -> None:
    """The checker is the oracle: the solver's roster must pass it and its bill must match.

    Hard rule instances switched off with ``enforce`` (``relaxed``) may be broken.
    """
    broken = [v for v in report.violations if v.rule_id not in relaxed]
    if broken:
        shown = "; ".join(str(v) for v in broken[:5])
        raise InternalError(f"the solver's roster breaks hard rules: {shown}")
    ours = Counter((p.rule_id, p.staff_id, p.date, p.amount) for p in bill)
    theirs = Counter((p.rule_id, p.staff_id, p.date, p.amount) for p in report.penalties)
    if ours != theirs:
        diff = list((ours - theirs).items())[:3], list((theirs - ours).items())[:3]
        raise InternalError(f"solver bill and checker bill differ: {diff}")


def _verify_optimum(solver: cp_model.CpSolver, bill: list[Penalty], what: str) -> None:
    """At a proved optimum the solver's objective carries no slack: it equals the bill."""
    total = sum(p.amount for p in bill)
    if abs(solver.objective_value - total) > 1e-6:
        raise InternalError(
            f"solver objective {solver.objective_value} differs from {what} {total}"
        )
