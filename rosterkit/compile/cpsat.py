"""Compile a practice into a CP-SAT model: one boolean per possible assignment, rules on top.

The result is an inspectable :class:`CompiledModel`: the model, its variables by key, each hard
rule instance's enforcement literal, and every soft term, so a solution can be billed item by
item exactly as the checker bills a roster.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import cast

import numpy as np
import numpy.typing as npt
from ortools.sat.python import cp_model

from rosterkit.errors import InternalError, ValidationError
from rosterkit.model import Roster, ShiftInstance
from rosterkit.rules import (
    REGISTRY,
    MaxShiftsPerDay,
    Penalty,
    Practice,
    PracticeIndex,
    RuleBase,
)
from rosterkit.rules.builder import Lit, Terms, Var

__all__ = ["CompiledModel", "SoftTerm", "compile_practice"]

Ints = npt.NDArray[np.int64]

Key = tuple[str, int, str]
"""(staff id, day index, shift id)."""


@dataclass(frozen=True, slots=True)
class SoftTerm:
    """One billable bound: ``weight`` per unit of ``sum(terms)`` outside [lo, hi].

    ``priority`` is its rule's level (1 first); :func:`rosterkit.solve` can minimise the levels
    one after another.
    """

    rule_id: str
    kind: str
    staff_id: str | None
    day: date | None
    terms: tuple[tuple[int, cp_model.IntVar], ...]
    lo: int | None
    hi: int | None
    weight: int
    detail: str
    priority: int = 1

    def amount(self, value: int) -> int:
        """The bill for a sum of ``value``."""
        below = max(0, self.lo - value) if self.lo is not None else 0
        above = max(0, value - self.hi) if self.hi is not None else 0
        return self.weight * (below + above)


@dataclass
class CompiledModel:
    """A practice compiled to CP-SAT, ready to solve or to inspect.

    Attributes:
        model: the CP-SAT model.
        x: the literal of each possible assignment, by (staff, day index, shift).
        active: each rule instance's enforcement literal; hard constraints hold only while it
            is true. ``enforce`` decides whether it is fixed true or left as an assumption.
        soft: every soft term, in the order compiled.
        levels: the penalty of each priority level as one expression (slack included), by
            priority, most important first; the model's objective is their sum.
        build_seconds: wall time spent compiling.
    """

    index: PracticeIndex
    model: cp_model.CpModel
    x: dict[Key, cp_model.IntVar]
    works: dict[tuple[str, int], cp_model.IntVar]
    active: dict[str, cp_model.IntVar]
    soft: list[SoftTerm] = field(default_factory=list)
    decisions: dict[str, cp_model.IntVar] = field(default_factory=dict)
    relaxed: set[str] = field(default_factory=set)
    """Rule ids whose hard constraints ``enforce`` switched off."""
    aux: dict[str, cp_model.IntVar] = field(default_factory=dict)
    staff_on: dict[str, cp_model.IntVar] = field(default_factory=dict)
    """Per person, a second enforcement literal of the hard constraints over that person's
    variables alone (their own hours, runs, rest...). Its domain is fixed to 1; a solve may
    widen it to build a roster a few people at a time (the others' rules switched off)."""
    coupled_on: cp_model.IntVar | None = None
    """The same for hard constraints over more than one person's variables (cover, supervision)."""
    shared_lows: list[tuple[int, int, Ints]] = field(default_factory=list)
    """Each soft lower bound billed to no one person (a cover line) as (constraint index,
    bound, the indices of the variables it sums): ``sum + short >= bound``. A roster built a
    few people at a time asks each group for its share of the bound."""
    guides: list[tuple[int, int]] = field(default_factory=list)
    """Terms the search keeps low where the objective ties, as (coefficient, variable index)
    over 0/1 literals (:meth:`~rosterkit.rules.builder.Builder.guide`); never billed."""
    guide_spots: list[tuple[str | None, int | None, int, int]] = field(default_factory=list)
    """Where each guide is about, as (staff, day index, first term, end of its terms in
    :attr:`guides`): a search step may start there while the guide's sum is above zero."""
    levels: dict[int, cp_model.LinearExpr] = field(default_factory=dict)
    hard_constraints: int = 0
    _soft_index: tuple[int, Ints, Ints, Ints, Ints, Ints] | None = field(
        default=None, repr=False, compare=False
    )
    """The soft terms as arrays, for :meth:`bill_of` (built at the first bill)."""
    build_seconds: float = 0.0

    @property
    def practice(self) -> Practice:
        """The compiled practice."""
        return self.index.practice

    def roster(self, solver: cp_model.CpSolver) -> Roster:
        """The assignments set in the solver's current solution."""
        return self.roster_of(_values(solver))

    def roster_of(self, values: Sequence[int]) -> Roster:
        """The assignments set in a solution given as one value per model variable."""
        practice = self.practice
        out = []
        for (staff_id, day, shift_id), var in self.x.items():
            if values[var.index]:
                inst = self.index.calendar.instance(day, shift_id)
                assert inst is not None
                out.append(practice.assignment(staff_id, inst.date, shift_id))
        decided = {name: bool(_value(values, v.index)) for name, v in self.decisions.items()}
        return Roster.of(out, decisions=decided)

    def bill(self, solver: cp_model.CpSolver) -> list[Penalty]:
        """Every nonzero penalty of the current solution, from the values of the sums."""
        return self.bill_of(_values(solver))

    def bill_of(self, values: Sequence[int] | Ints) -> list[Penalty]:
        """Every nonzero penalty of a solution given as one value per model variable."""
        out = []
        sums = self._soft_sums(np.asarray(values, dtype=np.int64))
        for term, value in zip(self.soft, sums.tolist(), strict=True):
            amount = term.amount(value)
            if amount:
                out.append(
                    Penalty(term.rule_id, term.kind, term.staff_id, term.day, amount, term.detail)
                )
        return out

    def _soft_sums(self, values: Ints) -> Ints:
        """The sum of each soft term at ``values``, in the order of :attr:`soft`.

        One pass of numpy over every term's variables, indexed once (Curtois Instance24:
        36,085 terms over 2.2 M variables, 0.78 s a bill summed term by term in Python, which
        the neighbourhood search pays at every roster it improves)."""
        if self._soft_index is None or self._soft_index[0] != len(self.soft):
            refs = [v.index for term in self.soft for _, v in term.terms]
            coeffs = np.asarray([c for term in self.soft for c, _ in term.terms], dtype=np.int64)
            indices = np.asarray(refs, dtype=np.int64)
            negated = indices < 0
            # A negated Boolean is 1 - the variable: its coefficient goes into the constant.
            constant = np.zeros(len(self.soft), dtype=np.int64)
            lengths = np.asarray([len(term.terms) for term in self.soft], dtype=np.int64)
            owner = np.repeat(np.arange(len(self.soft), dtype=np.int64), lengths)
            np.add.at(constant, owner[negated], coeffs[negated])
            indices = np.where(negated, -indices - 1, indices)
            coeffs = np.where(negated, -coeffs, coeffs)
            ends = np.cumsum(lengths)
            self._soft_index = (len(self.soft), indices, coeffs, ends - lengths, ends, constant)
        _, indices, coeffs, starts, ends, constant = self._soft_index
        running = np.concatenate(([0], np.cumsum(coeffs * values[indices])))
        sums: Ints = running[ends] - running[starts] + constant
        return sums


def _values(solver: cp_model.CpSolver) -> list[int]:
    """The solver's last solution, one value per model variable (read once rather than a call
    per value: Curtois Instance20's bill, 80,578 terms, 0.054 s -> 0.041 s)."""
    return list(solver.response_proto.solution)


def _value(values: Sequence[int], index: int) -> int:
    """The value of the variable at ``index`` (negative: the negation of a Boolean)."""
    return values[index] if index >= 0 else 1 - values[-index - 1]


_NONE: Mapping[str, cp_model.IntVar] = {}


class _CpBuilder:
    """The :class:`~rosterkit.rules.builder.Builder` protocol on CP-SAT."""

    def __init__(self, compiled: CompiledModel) -> None:
        self.c = compiled
        self._one_a_day = _one_shift_a_day(compiled.index, compiled.relaxed)
        """The staff a hard max-shifts-per-day rule in force holds to one shift a day."""
        self.objective: dict[int, list[tuple[int, cp_model.IntVar]]] = {}
        """Objective terms by priority level."""
        self._ranges: dict[int, tuple[int, int]] = {v.index: (0, 1) for v in compiled.x.values()}
        """Each variable's (low, high), by index."""
        self._bools: set[int] = set(self._ranges)
        """Indices of variables known to range over 0..1 (the assignment literals)."""
        self.constant: dict[int, int] = {}
        self._by_staff_day: dict[tuple[str, int], dict[str, cp_model.IntVar]] = {}
        """Each person's assignment literals of a day, by shift id (what ``shifts_on`` gives)."""
        self._owner: dict[int, str | None] = {}
        """The person a variable depends on alone (None: several, or none known), by index."""
        for (staff_id, day, shift_id), var in compiled.x.items():
            self._by_staff_day.setdefault((staff_id, day), {})[shift_id] = var
            self._owner[var.index] = staff_id

    def _owner_of(self, indices: Sequence[int]) -> str | None:
        """The one person all variables (by index) depend on, or None."""
        owners = self._owner
        found: str | None = None
        for index in indices:
            owner = owners.get(index)
            if owner is None or (found is not None and owner != found):
                return None
            found = owner
        return found

    def _owned(self, var: cp_model.IntVar, inputs: Sequence[Var]) -> cp_model.IntVar:
        """Record that ``var`` is defined from ``inputs`` (so depends on their one person)."""
        owner = self._owner_of([cast(cp_model.IntVar, v).index for v in inputs])
        if owner is not None:
            self._owner[var.index] = owner
        return var

    def _enforcement(self, indices: Sequence[int]) -> cp_model.IntVar:
        """The literal that switches a hard constraint over the variables with ``indices``
        (fixed to 1)."""
        owner = self._owner_of(indices)
        model = self.c.model
        if owner is None:
            if self.c.coupled_on is None:
                self.c.coupled_on = model.new_int_var(1, 1, "on[coupled]")
            return self.c.coupled_on
        lit = self.c.staff_on.get(owner)
        if lit is None:
            lit = self.c.staff_on[owner] = model.new_int_var(1, 1, f"on[{owner}]")
        return lit

    @property
    def index(self) -> PracticeIndex:
        return self.c.index

    def x(self, staff_id: str, inst: ShiftInstance) -> Lit | None:
        return self.c.x.get((staff_id, inst.day, inst.shift_id))

    def shifts_on(self, staff_id: str, day: int) -> Mapping[str, Lit]:
        return self._by_staff_day.get((staff_id, day), _NONE)

    def works(self, staff_id: str, day: int) -> Lit | None:
        key = (staff_id, day)
        found = self.c.works.get(key)
        if found is not None:
            return found
        shifts = list(self._by_staff_day.get(key, _NONE).values())
        if not shifts:
            return None
        if len(shifts) == 1:
            self.c.works[key] = shifts[0]
            return shifts[0]
        model = self.c.model
        var = model.new_bool_var(f"works[{staff_id},{day}]")
        if staff_id in self._one_a_day:
            # The day's literals exclude each other: 'works' is their sum (a linear equality
            # instead of a max: cheaper to load, and the LP sees it exactly).
            model.add(var == sum(shifts))
        else:
            model.add_max_equality(var, shifts)
        self._owner[var.index] = staff_id
        self.c.works[key] = var
        return var

    def _linear(self, terms: Terms) -> tuple[cp_model.LinearExpr, int, int]:
        """The sum of ``terms``, with its smallest and largest possible values."""
        variables = cast(list[cp_model.IntVar], [v for _, v in terms])
        coefficients = [int(c) for c, _ in terms]
        low, high = self._span(coefficients, variables, [v.index for v in variables])
        return cp_model.LinearExpr.weighted_sum(variables, coefficients), low, high

    def _span(
        self,
        coefficients: Sequence[int],
        variables: Sequence[cp_model.IntVar],
        indices: Sequence[int],
    ) -> tuple[int, int]:
        """The smallest and largest value of ``sum(coefficients * variables)`` (``indices``:
        the variables' indices)."""
        if min(coefficients, default=0) >= 0 and self._bools.issuperset(indices):
            return 0, sum(coefficients)  # the common case: literals of possible assignments
        ranges = self._ranges
        low = high = 0
        for c, index, var in zip(coefficients, indices, variables, strict=True):
            found = ranges.get(index)
            lo_v, hi_v = found if found is not None else self._range(var)
            if c >= 0:
                low += c * lo_v
                high += c * hi_v
            else:
                low += c * hi_v
                high += c * lo_v
        return low, high

    def _range(self, var: cp_model.IntVar) -> tuple[int, int]:
        """The smallest and largest value of ``var`` (read from the model once, then cached)."""
        found = self._ranges.get(var.index)
        if found is None and var.index < 0:
            return (0, 1)  # a negated literal
        if found is None:
            domain = var.proto.domain
            size = len(domain)  # this container does not support negative indices
            found = (domain[0], domain[size - 1]) if size else (0, 0)
            self._ranges[var.index] = found
        return found

    def one_shift_a_day(self, staff_id: str) -> bool:
        return staff_id in self._one_a_day

    def any_of(self, lits: Sequence[Lit], *, name: str) -> Lit | None:
        if not lits:
            return None
        if len(lits) == 1:
            return lits[0]
        found = self.c.aux.get(name)
        if found is None:
            found = self._owned(self.c.model.new_bool_var(name), lits)
            self.c.model.add_max_equality(found, [cast(cp_model.IntVar, v) for v in lits])
            self.c.aux[name] = found
        return found

    def int_var(self, terms: Terms, *, name: str, offset: int = 0) -> Var:
        found = self.c.aux.get(name)
        if found is None:
            expr, low, high = self._linear(terms)
            variables = [v for _, v in terms]
            found = self._owned(
                self.c.model.new_int_var(low + offset, high + offset, name), variables
            )
            self.c.model.add(found == expr + offset)
            self.c.aux[name] = found
        return found

    def _extreme(self, variables: Sequence[Var], name: str, *, largest: bool) -> Var:
        found = self.c.aux.get(name)
        if found is None:
            items = [cast(cp_model.IntVar, v) for v in variables]
            bounds = [self._linear([(1, v)])[1:] for v in variables]
            low = min(b[0] for b in bounds)
            high = max(b[1] for b in bounds)
            found = self._owned(self.c.model.new_int_var(low, high, name), variables)
            if largest:
                self.c.model.add_max_equality(found, items)
            else:
                self.c.model.add_min_equality(found, items)
            self.c.aux[name] = found
        return found

    def max_of(self, variables: Sequence[Var], *, name: str) -> Var:
        return self._extreme(variables, name, largest=True)

    def min_of(self, variables: Sequence[Var], *, name: str) -> Var:
        return self._extreme(variables, name, largest=False)

    def decision(self, name: str) -> Lit:
        found = self.c.decisions.get(name)
        if found is None:
            found = self.c.model.new_bool_var(f"decision[{name}]")
            self.c.decisions[name] = found
        return found

    def guide(self, terms: Terms, *, staff: str | None = None, day: date | None = None) -> None:
        first = len(self.c.guides)
        for coefficient, var in terms:
            index = cast(cp_model.IntVar, var).index
            if index < 0:
                raise InternalError("a guide term is a negated literal")
            self.c.guides.append((int(coefficient), index))
        at = None if day is None else self.index.calendar.day_index(day)
        self.c.guide_spots.append((staff, at, first, len(self.c.guides)))

    def _active(self, rule: RuleBase) -> cp_model.IntVar:
        rule_id = self.index.rule_id(rule)
        lit = self.c.active.get(rule_id)
        if lit is None:
            lit = self.c.model.new_bool_var(f"active[{rule_id}]")
            self.c.active[rule_id] = lit
        return lit

    def bound(
        self,
        rule: RuleBase,
        terms: Terms,
        *,
        lo: int | None = None,
        hi: int | None = None,
        staff: str | None = None,
        day: date | None = None,
        detail: str = "",
        hard: bool | None = None,
        weight: int | None = None,
    ) -> None:
        if lo is None and hi is None:
            return  # no limit (a cover line with neither min nor max, say)
        model = self.c.model
        variables = cast(list[cp_model.IntVar], [v for _, v in terms])
        coefficients = [int(c) for c, _ in terms]
        indices = [v.index for v in variables]
        bottom, top = self._span(coefficients, variables, indices)
        if (lo is None or lo <= bottom) and (hi is None or hi >= top):
            return  # cannot be breached
        is_hard = rule.hard if hard is None else hard
        if is_hard:
            enforced = [self._active(rule).index, self._enforcement(indices).index]
            if lo is not None and lo > bottom:
                self._hard_linear(coefficients, indices, lo, cp_model.INT_MAX, enforced)
            if hi is not None and hi < top:
                self._hard_linear(coefficients, indices, cp_model.INT_MIN, hi, enforced)
            return
        expr = cp_model.LinearExpr.weighted_sum(variables, coefficients)
        unit = rule.strength_weight if weight is None else weight
        if unit == 0:
            return
        rule_id = self.index.rule_id(rule)
        level = rule.priority
        pairs = list(zip(coefficients, variables, strict=True))
        term = SoftTerm(
            rule_id,
            rule.kind,
            staff,
            day,
            tuple(pairs),
            lo,
            hi,
            unit,
            detail or rule.summary,
            level,
        )
        self.c.soft.append(term)
        objective = self.objective.setdefault(level, [])
        if not pairs:
            self.constant[level] = self.constant.get(level, 0) + term.amount(0)
            return
        name = f"{rule_id}[{staff or ''},{day or ''}]"
        if lo is not None and lo > bottom:
            short = model.new_int_var(0, lo - bottom, f"short:{name}")
            floor = model.add(expr + short >= lo)
            objective.append((unit, short))
            if staff is None:
                self.c.shared_lows.append((floor.index, lo, np.asarray(indices, dtype=np.int64)))
        if hi is not None and hi < top:
            over = model.new_int_var(0, top - hi, f"over:{name}")
            model.add(expr - over <= hi)
            objective.append((unit, over))

    def _hard_linear(
        self,
        coefficients: Sequence[int],
        indices: Sequence[int],
        low: int,
        high: int,
        enforced: list[int],
    ) -> None:
        """Add ``low <= sum(coefficients * variables) <= high`` under ``enforced``, written
        straight into the proto as ``model.add(...).only_enforce_if(...)`` writes it
        (variables in index order, repeats merged, a negated literal as one minus its
        variable), without building the API's expression objects (Curtois Instance24 has
        790 k hard constraints)."""
        offset = 0
        if (
            min(indices, default=0) >= 0
            and 0 not in coefficients
            and len(set(indices)) == len(indices)
        ):  # the common case: nothing to merge, drop or negate
            pairs = sorted(zip(indices, coefficients, strict=True))
            order = [i for i, _ in pairs]
            weights = [c for _, c in pairs]
        else:
            merged: dict[int, int] = {}
            for c, index in zip(coefficients, indices, strict=True):
                if index < 0:  # not(v) = 1 - v
                    index = -index - 1
                    offset += c
                    c = -c
                merged[index] = merged.get(index, 0) + c
            order = sorted(i for i, c in merged.items() if c != 0)
            weights = [merged[i] for i in order]
        ct = self.c.model.proto.constraints.add()
        ct.enforcement_literal.extend(enforced)
        linear = ct.linear
        linear.vars.extend(order)
        linear.coeffs.extend(weights)
        linear.domain.extend(
            [
                low if low == cp_model.INT_MIN else low - offset,
                high if high == cp_model.INT_MAX else high - offset,
            ]
        )
        self.c.hard_constraints += 1

    def excess(self, terms: Terms, *, hi: int, name: str, unit: int = 1) -> Var:
        if unit < 1:
            raise ValueError(f"excess {name}: unit must be at least 1, got {unit}")
        found = self.c.aux.get(name)
        if found is None:
            model = self.c.model
            expr, low, high = self._linear(terms)
            top = max(0, high - hi)
            # The sum gets a variable of its own: a max over a long linear expression makes
            # CP-SAT's presolve overrun the time limit (a budget over a month: 841 s for a
            # 3 s limit); over a single variable it is cheap.
            inputs = [v for _, v in terms]
            total = self._owned(model.new_int_var(low, high, f"{name}:sum"), inputs)
            model.add(total == expr)
            over = self._owned(
                model.new_int_var(0, top, name if unit == 1 else f"{name}:units"), inputs
            )
            model.add_max_equality(over, [total - hi, 0])
            found = over
            if unit > 1:
                # found = ceil(over / unit), exactly: unit*found - unit < over <= unit*found.
                found = self._owned(model.new_int_var(0, -(-top // unit), name), inputs)
                model.add(unit * found >= over)
                model.add(unit * found <= over + unit - 1)
            self.c.aux[name] = found
        return found


def _one_shift_a_day(index: PracticeIndex, relaxed: set[str]) -> frozenset[str]:
    """The staff a hard ``max_shifts_per_day`` rule with a limit of at most one holds, unless
    ``enforce`` relaxed it."""
    held: set[str] = set()
    for rule_id, rule in index.rules:
        if (
            isinstance(rule, MaxShiftsPerDay)
            and rule.hard
            and rule.limit <= 1
            and rule_id not in relaxed
        ):
            held.update(index.staff_for(rule))
    return frozenset(held)


def compile_practice(
    practice: Practice,
    *,
    enforce: Mapping[str, bool] | None = None,
    hint: Roster | None = None,
    fix: Roster | None = None,
) -> CompiledModel:
    """Build the CP-SAT model of ``practice``.

    Args:
        practice: the practice to compile.
        enforce: per rule id, whether its hard constraints are fixed on (the default) or off;
            ids not named stay on. A rule id mapped to False is relaxed entirely.
        hint: a roster to start the search from (a previous solution).
        fix: a roster whose assignments are pinned; everything else stays free.

    Raises:
        ValidationError: ``enforce`` names a rule id the practice does not have.
    """
    started = time.perf_counter()
    index = practice.index
    model = cp_model.CpModel()
    model.name = practice.name
    x: dict[Key, cp_model.IntVar] = {}
    dates = [str(d) for d in index.calendar.dates]
    for staff_id, shifts in index.eligible_by_staff.items():
        for inst in shifts:
            x[(staff_id, inst.day, inst.shift_id)] = model.new_bool_var(
                f"x[{staff_id},{dates[inst.day]},{inst.shift_id}]"
            )
    known = {rule_id for rule_id, _ in index.rules}
    for rule_id in enforce or {}:
        if rule_id not in known:
            raise ValidationError(f"enforce names unknown rule id {rule_id!r}")
    compiled = CompiledModel(index, model, x, {}, {})
    compiled.relaxed = {rule_id for rule_id, on in (enforce or {}).items() if not on}
    builder = _CpBuilder(compiled)
    for _rule_id, rule in index.rules:
        REGISTRY[type(rule)].compile(rule, builder)

    for rule_id, lit in compiled.active.items():
        if (enforce or {}).get(rule_id, True):
            model.add(lit == 1)
        else:
            model.add(lit == 0)

    for level in sorted(builder.objective):
        terms = builder.objective[level]
        compiled.levels[level] = cp_model.LinearExpr.weighted_sum(
            [v for _, v in terms], [w for w, _ in terms]
        ) + builder.constant.get(level, 0)
    if compiled.levels:
        model.minimize(sum(compiled.levels.values(), cp_model.LinearExpr.constant(0)))
    if hint is not None:
        _apply(compiled, hint, pin=False)
    if fix is not None:
        _apply(compiled, fix, pin=True)
    compiled.build_seconds = time.perf_counter() - started
    return compiled


def _apply(compiled: CompiledModel, roster: Roster, *, pin: bool) -> None:
    cal = compiled.index.calendar
    chosen: set[Key] = set()
    for a in roster:
        day = cal.day_index(a.date)
        key = (a.staff_id, day if day is not None else -1, a.shift_id)
        if key not in compiled.x:
            raise ValidationError(
                f"roster assigns {a.staff_id} to {a.shift_id} on {a.date}, which the practice "
                "does not allow (unknown, outside the horizon, or not eligible)"
            )
        chosen.add(key)
    for key, var in compiled.x.items():
        if pin:
            if key in chosen:
                compiled.model.add(var == 1)
        else:
            compiled.model.add_hint(var, key in chosen)
