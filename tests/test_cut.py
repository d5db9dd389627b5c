"""A neighbourhood cut out of the model: the same optimum as the pinned whole model, and every
roster it gives back keeps every hard rule and bills as its objective says."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import cast

import numpy as np
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model
from test_property import practices

import rosterkit
from rosterkit import InternalError, Practice
from rosterkit.compile import CompiledModel, SoftTerm, compile_practice
from rosterkit.solve.cut import Cutter


def _solver() -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = 20
    return solver


def _pinned(
    compiled: CompiledModel, values: Sequence[int], free: Sequence[int]
) -> cp_model.CpModel:
    """A copy of the compiled model with every assignment but ``free`` pinned to ``values``."""
    model = compiled.model.clone()
    for var in compiled.x.values():
        if var.index not in free:
            domain = model.proto.variables[var.index].domain
            domain.clear()
            domain.extend([values[var.index]] * 2)
    return model


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(practices(), st.data())
def test_a_cut_neighbourhood_solves_as_the_pinned_whole_model(
    practice: Practice, data: st.DataObject
) -> None:
    compiled = compile_practice(practice)
    model = compiled.model
    first = _solver()
    first.parameters.stop_after_first_solution = True
    if first.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return  # no roster keeps the hard rules: nothing to cut from
    # The first roster, billed: its penalties at their least (a first solution's slack may
    # be loose, and a neighbourhood only moves what its free assignments define).
    billed = _solver()
    assert billed.solve(_pinned(compiled, first.response_proto.solution, ())) == (cp_model.OPTIMAL)
    values = np.asarray(billed.response_proto.solution, dtype=np.int64)
    keys = sorted(compiled.x)
    free_keys = data.draw(st.lists(st.sampled_from(keys), unique=True) if keys else st.just([]))
    note(f"free: {free_keys}")
    free = [compiled.x[key].index for key in free_keys]
    cutter = Cutter(
        model,
        [v.index for v in compiled.x.values()],
        [v.index for v in compiled.decisions.values()],
    )
    start = cutter.objective(values)
    assert start == round(billed.objective_value)

    # The whole model, every assignment but the free ones pinned to the first roster.
    whole = _solver()
    assert whole.solve(_pinned(compiled, values.tolist(), free)) == cp_model.OPTIMAL
    best = round(whole.objective_value)

    cut = cutter.cut(free, values)
    assert len(cut.variables) <= len(values)
    small = _solver()
    assert small.solve(cut.model) == cp_model.OPTIMAL
    found = start + round(small.objective_value) - cut.before
    assert found == best  # nothing a neighbourhood may move is held back
    cut.apply(values, small.response_proto.solution)
    listed = values.tolist()
    assert cutter.objective(values) == found
    roster, bill = compiled.roster_of(listed), compiled.bill_of(listed)
    report = rosterkit.check(practice, roster)
    assert report.violations == ()
    assert report.objective == sum(p.amount for p in bill) == found


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(practices(), st.randoms(use_true_random=False))
def test_a_bill_summed_with_numpy_is_the_bill_summed_term_by_term(
    practice: Practice, rng: random.Random
) -> None:
    # Any values in the variables' ranges (not only rosters): the bill of each soft term.
    compiled = compile_practice(practice)
    if compiled.x:
        # A term over a negated literal too (1 - the variable), which the builder may write.
        literal = next(iter(compiled.x.values()))
        terms = ((3, cast(cp_model.IntVar, literal.Not())), (2, literal))
        compiled.soft.append(SoftTerm("negated", "test", None, None, terms, None, 0, 1, ""))
    values = []
    for var in compiled.model.proto.variables:
        domain = list(var.domain)
        low, high = domain[0], domain[-1]
        values.append(rng.randint(max(low, min(high, -50)), min(high, max(low, 50))))

    def value(index: int) -> int:
        return values[index] if index >= 0 else 1 - values[-index - 1]

    expected = []
    for term in compiled.soft:
        amount = term.amount(sum(c * value(v.index) for c, v in term.terms))
        if amount:
            expected.append((term.rule_id, term.staff_id, term.day, amount))
    for given_as in (values, np.asarray(values, dtype=np.int64)):
        bill = compiled.bill_of(given_as)
        assert [(p.rule_id, p.staff_id, p.date, p.amount) for p in bill] == expected


def test_only_the_free_assignments_and_what_they_define_move() -> None:
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{i}") for i in range(4)]
    total = model.new_int_var(0, 4, "total")
    model.add(total == sum(x))  # defined by the assignments
    over = model.new_int_var(0, 4, "over")
    model.add_max_equality(over, [total - 2, 0])
    model.add(x[0] + x[1] <= 1)
    model.minimize(5 * over - sum(x))
    cutter = Cutter(model, [v.index for v in x])
    values = np.array([1, 0, 1, 1, 3, 1], dtype=np.int64)
    assert cutter.objective(values) == 5 - 3
    cut = cutter.cut([x[1].index, x[2].index], values)
    # x1, x2 and what they define (the total, then what is over); x0 and x3 keep their value.
    assert cut.variables.tolist() == [x[1].index, x[2].index, total.index, over.index]
    assert cut.before == 5 * 1 - 1
    solver = _solver()
    assert solver.solve(cut.model) == cp_model.OPTIMAL
    cut.apply(values, solver.response_proto.solution)
    # x1 cannot join x0; dropping x2 saves the 5 over for 1: total 2, nothing over.
    assert values.tolist() == [1, 0, 0, 1, 2, 0]
    assert cutter.objective(values) == -2


def test_an_enforcement_literal_fixed_false_drops_its_constraint() -> None:
    model = cp_model.CpModel()
    on = model.new_int_var(0, 0, "on")
    x = [model.new_bool_var(f"x{i}") for i in range(2)]
    model.add(x[0] + x[1] == 0).only_enforce_if(on)
    model.minimize(-sum(x))
    cutter = Cutter(model, [v.index for v in x])
    cut = cutter.cut([x[0].index, x[1].index], np.zeros(3, dtype=np.int64))
    assert len(cut.model.proto.constraints) == 0
    solver = _solver()
    assert solver.solve(cut.model) == cp_model.OPTIMAL
    assert round(solver.objective_value) == -2


def test_a_constraint_kind_the_compiler_does_not_write_is_refused() -> None:
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{i}") for i in range(2)]
    model.add_bool_or(x)
    with pytest.raises(InternalError, match="cannot cut"):
        Cutter(model, [v.index for v in x])
