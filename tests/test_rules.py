"""Every rule, case by case: a tiny practice, a hand-written roster, and its exact bill.

The cases live in ``tests/cases/`` (one module per family of rules). Each case is named by the
rule kind it tests and may only expect items of that kind, so a case cannot test another rule
than the one it is filed under. Each case is checked twice: by the pure-Python checker, and by
CP-SAT with every assignment variable fixed to the roster, so the compiler and the checker are
proved to bill the same roster the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from cases import CASES
from cases._base import Bill, Breach, Case, PracticeFactory, Work
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

import rosterkit
from rosterkit import Assignment, Penalty, Practice, Roster
from rosterkit.rules import sequences


def _params(*, known_bugs: bool) -> list[Any]:
    marks = [
        pytest.mark.xfail(strict=True, reason=c.bug) if c.bug and known_bugs else () for c in CASES
    ]
    return [
        pytest.param(c, id=f"{c.kind}-{c.name}", marks=m) for c, m in zip(CASES, marks, strict=True)
    ]


by_case = pytest.mark.parametrize("case", _params(known_bugs=False))
"""Every case; the known bugs do not matter."""
by_case_with_bugs = pytest.mark.parametrize("case", _params(known_bugs=True))
"""Every case; those with a known bug are expected to fail until it is fixed."""


def roster_of(
    practice: Practice, work: tuple[Work, ...], decisions: Mapping[str, bool] | None = None
) -> Roster:
    """The roster a case writes down, with its decisions."""
    out = []
    for w in work:
        if w.raw:
            zone = ZoneInfo(practice.time_zone)
            start = datetime.combine(w.day, time(7), tzinfo=zone)
            out.append(Assignment(w.day, w.shift, w.staff, start, start))
        else:
            out.append(practice.assignment(w.staff, w.day, w.shift))
    return Roster.of(out, decisions=decisions)


def bills(penalties: Iterable[Penalty]) -> Counter[Bill]:
    """Penalties as a multiset of (rule id, staff, date, amount)."""
    return Counter(Bill(p.rule_id, p.staff_id, p.date, p.amount) for p in penalties)


@by_case
def test_case_expects_only_its_own_kind(case: Case, make_practice: PracticeFactory) -> None:
    practice = make_practice(case.doc)
    kinds = {rule_id: rule.kind for rule_id, rule in practice.index.rules}
    assert case.kind in kinds.values(), f"the practice has no {case.kind} rule"
    for rule_id in [b.rule_id for b in case.bills] + [b.rule_id for b in case.breaches]:
        assert kinds[rule_id] == case.kind, rule_id


@by_case_with_bugs
def test_checker(case: Case, make_practice: PracticeFactory) -> None:
    practice = make_practice(case.doc)
    report = rosterkit.check(practice, roster_of(practice, case.roster, case.decisions))
    assert bills(report.penalties) == Counter(case.bills)
    found = Counter(Breach(v.rule_id, v.staff_id, v.date) for v in report.violations)
    assert found == Counter(case.breaches)
    assert report.ok == (not case.breaches)


def solve_pinned(
    practice: Practice, roster: Roster, *, relax: frozenset[str] = frozenset()
) -> tuple[cp_model.CpSolverStatus, Counter[Bill], int]:
    """Solve the practice with every assignment variable, and the roster's decisions, fixed.

    Returns the status, the compiled model's bill, and the objective value.
    """
    compiled = rosterkit.compile_practice(practice, enforce=dict.fromkeys(relax, False))
    cal = practice.index.calendar
    chosen = {(a.staff_id, cal.day_index(a.date), a.shift_id) for a in roster}
    assert chosen <= compiled.x.keys(), "the roster has assignments the model cannot express"
    for key, var in compiled.x.items():
        compiled.model.add(var == int(key in chosen))
    assert roster.decisions.keys() <= compiled.decisions.keys(), "decisions the model lacks"
    for name, value in roster.decisions.items():
        compiled.model.add(compiled.decisions[name] == int(value))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    status = solver.solve(compiled.model)
    if status != cp_model.OPTIMAL:
        return status, Counter(), 0
    return status, bills(compiled.bill(solver)), round(solver.objective_value)


@by_case_with_bugs
def test_compiler_agrees_with_checker(case: Case, make_practice: PracticeFactory) -> None:
    practice = make_practice(case.doc)
    roster = roster_of(practice, case.roster, case.decisions)
    if any(b.rule_id.startswith("eligibility#") for b in case.breaches):
        # The model has no variable for an ineligible assignment: it cannot be chosen at all.
        cal = practice.index.calendar
        x = rosterkit.compile_practice(practice).x
        keys = {(a.staff_id, cal.day_index(a.date), a.shift_id) for a in roster}
        assert not keys <= x.keys()
        return
    assert_compiler_bills(practice, roster, Counter(case.bills), {b.rule_id for b in case.breaches})


ROTATION_CASES = [case for case in CASES if case.kind == "rotation"]


@pytest.mark.parametrize("case", ROTATION_CASES, ids=lambda case: case.name)
def test_a_rotation_in_levels_agrees_with_the_checker(
    case: Case, make_practice: PracticeFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Large models get the levelled form of a hard, nested table; the cases are small, so
    # lower the threshold and check that form against the checker too.
    monkeypatch.setattr(sequences, "ROTATION_LEVELS_FROM", 0)
    practice = make_practice(case.doc)
    roster = roster_of(practice, case.roster, case.decisions)
    assert_compiler_bills(practice, roster, Counter(case.bills), {b.rule_id for b in case.breaches})


def test_a_large_nested_hard_rotation_is_one_constraint_per_pair_of_days(
    make_practice: PracticeFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    one_a_day = {"kind": "max_shifts_per_day", "limit": 1, "hard": True}
    table = {"night": ["early", "late"], "late": ["early"]}
    doc = {"rules": [one_a_day, {"kind": "rotation", "cannot_follow": table, "hard": True}]}
    sizes = {}
    for threshold in (10**9, 0):
        monkeypatch.setattr(sequences, "ROTATION_LEVELS_FROM", threshold)
        sizes[threshold] = rosterkit.compile_practice(make_practice(doc)).hard_constraints
    # Nurses a and b, six pairs of days each: two at-most-ones a pair become one constraint.
    assert sizes[10**9] - sizes[0] == 2 * 6


def assert_compiler_bills(
    practice: Practice, roster: Roster, expected: Counter[Bill], broken: set[str]
) -> None:
    """The pinned model is infeasible iff hard rules are broken, and then only by those rules.

    With the broken hard rules relaxed (and only those), the roster is feasible and the compiled
    model bills it item by item as ``expected``; the objective is the bill's total.
    """
    if broken:
        status, _, _ = solve_pinned(practice, roster)
        assert status == cp_model.INFEASIBLE
    status, bill, objective = solve_pinned(practice, roster, relax=frozenset(broken))
    assert status == cp_model.OPTIMAL
    assert bill == expected
    assert objective == sum(b.amount * n for b, n in expected.items())


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_compiler_agrees_with_checker_on_random_rosters(
    data: st.DataObject, make_practice: PracticeFactory
) -> None:
    # The cases' practices with any eligible roster, not just the hand-written one.
    case = data.draw(st.sampled_from(CASES), label="case")
    practice = make_practice(case.doc)
    possible = sorted(
        (staff_id, inst.date, inst.shift_id)
        for staff_id, insts in practice.index.eligible_by_staff.items()
        for inst in insts
    )
    work = data.draw(st.sets(st.sampled_from(possible), max_size=12), label="roster")
    # Requested leave is granted or refused whatever the roster: draw those decisions too.
    decisions = rosterkit.compile_practice(practice).decisions
    names = sorted(n for n in decisions if n.startswith("leave:"))
    decided = {name: data.draw(st.booleans(), label=name) for name in names}
    roster = Roster.of((practice.assignment(*w) for w in work), decisions=decided)
    report = rosterkit.check(practice, roster)
    broken = {v.rule_id for v in report.violations}
    assert_compiler_bills(practice, roster, bills(report.penalties), broken)


@pytest.mark.parametrize(
    ("per_day", "flat"), [({"limit": 1, "hard": True}, True), ({"limit": 2, "hard": True}, False)]
)
def test_one_shift_a_day_needs_no_any_of_literal(
    make_practice: PracticeFactory, per_day: dict[str, Any], flat: bool
) -> None:
    # Held to one shift a day, "a late or night, then an early or late the next day" is one
    # at-most-one over four literals, and 'works that day' the sum of the day's literals; with
    # two a day, both take a max over literals.
    succession = {"kind": "succession", "first": ["late", "night"], "then": ["early", "late"]}
    runs = {"kind": "work_runs", "max": 3, "hard": True}
    rules = [{"kind": "max_shifts_per_day", **per_day}, succession | {"hard": True}, runs]
    practice = make_practice({"rules": rules})

    def maxima(compiled: rosterkit.CompiledModel) -> int:
        return sum(1 for c in compiled.model.proto.constraints if c.has_lin_max())

    assert (maxima(rosterkit.compile_practice(practice)) == 0) is flat
    relaxed = rosterkit.compile_practice(practice, enforce={"max_shifts_per_day#1": False})
    assert maxima(relaxed) > 0


def test_same_day_overlaps_add_nothing_to_a_hard_one_shift_a_day(
    make_practice: PracticeFactory,
) -> None:
    # Shifts that share a moment within one day: no_overlap's at-most-one over them is the one
    # a hard max_shifts_per_day already puts on the day, so it is left out; a night reaching
    # into the next day still gets its own.
    shifts = [
        {"id": "early", "start": "00:00", "end": "08:00"},
        {"id": "long", "start": "00:00", "end": "12:00"},
        {"id": "late", "start": "10:00", "end": "18:00"},
        {"id": "night", "start": "22:00", "end": "06:00"},
    ]
    per_day = {"kind": "max_shifts_per_day", "limit": 1, "hard": True}
    practice = make_practice({"shifts": shifts, "rules": [per_day]})

    def groups(compiled: rosterkit.CompiledModel) -> list[tuple[int, ...]]:
        x = {var.index: key for key, var in compiled.x.items()}
        found = []
        for c in compiled.model.proto.constraints:
            if c.has_linear() and len(c.linear.vars) > 1 and set(c.linear.vars) <= set(x):
                found.append(tuple(sorted({x[v][1] for v in c.linear.vars})))
        return found

    held = groups(rosterkit.compile_practice(practice))
    # One at-most-one per person-day (3 staff x 7 days), and one per night with the next
    # morning's early and long (3 staff x 6 nights).
    assert Counter(len(days) for days in held) == {1: 21, 2: 18}
    relaxed = groups(rosterkit.compile_practice(practice, enforce={"max_shifts_per_day#1": False}))
    # Relaxed (its day constraints stay, switched off), no_overlap's groups within a day come
    # back: {long, late} at ten on every person-day, {early, long} at midnight on the first.
    assert Counter(len(days) for days in relaxed) == {1: 21 + 21 + 3, 2: 18}
    soft = make_practice({"shifts": shifts, "rules": [{**per_day, "hard": False, "weight": 5}]})
    assert Counter(len(days) for days in groups(rosterkit.compile_practice(soft))) == {
        1: 21 + 3,
        2: 18,
    }
    assert rosterkit.solve(practice, time_limit=10, workers=1, seed=0).objective == 0


def test_hard_bounds_are_written_as_the_cp_sat_api_writes_them(
    make_practice: PracticeFactory,
) -> None:
    # The builder writes hard linear constraints straight into the proto (without the API's
    # expression objects); the proto must be the one model.add(...).only_enforce_if(...)
    # gives: index order, repeats merged, zero terms dropped, a negated literal as one minus
    # its variable (and the plain case, which skips the merging, in index order too).
    from rosterkit.compile.cpsat import _CpBuilder

    rule = {"kind": "max_shifts_per_day", "limit": 1, "hard": True}
    practice = make_practice({"rules": [rule]})
    compiled = rosterkit.compile_practice(practice)
    builder = _CpBuilder(compiled)
    rule_obj = next(r for _, r in practice.index.rules if r.kind == "max_shifts_per_day")
    a, b, c = (compiled.x[("a", 0, s)] for s in ("early", "late", "night"))
    other = compiled.x[("b", 0, "early")]
    model = compiled.model
    cases: list[tuple[list[tuple[int, Any]], int | None, int | None]] = [
        ([(1, c), (1, a), (2, b), (1, a)], None, 3),
        ([(1, c), (2, other), (1, a)], None, 2),  # the fast path: nothing to merge or negate
        ([(1, a), (3, ~b), (-1, c)], 1, None),
        ([(2, ~a), (1, a), (0, c), (1, other)], 1, 2),
        ([(1, a), (-1, a), (1, ~c)], None, 0),
    ]
    for terms, lo, hi in cases:
        before = len(model.proto.constraints)
        builder.bound(rule_obj, terms, lo=lo, hi=hi)
        written = [
            str(model.proto.constraints[i]) for i in range(before, len(model.proto.constraints))
        ]
        expr = sum(k * v for k, v in terms)
        enforced = [
            compiled.active["max_shifts_per_day#1"],
            builder._enforcement([v.index for _, v in terms]),
        ]
        reference = cp_model.CpModel()
        reference.proto.variables.extend(model.proto.variables)
        wanted = []
        for side in ([expr >= lo] if lo is not None else []) + (
            [expr <= hi] if hi is not None else []
        ):
            reference.add(side).only_enforce_if(enforced)
            wanted.append(str(reference.proto.constraints[len(reference.proto.constraints) - 1]))
        assert written == wanted, terms
