"""Cut a neighbourhood out of a CP-SAT model as a model of its own.

A neighbourhood step frees some assignments of the best roster and keeps the rest. Solving the
whole model with the rest pinned makes CP-SAT load and presolve every variable and constraint
of the practice at every step: on Curtois Instance24 (1.26 M variables) about two seconds
before the search begins; on Instance13 (49 k) a quarter of a one-second step. A :class:`Cutter`
builds the model of the neighbourhood alone instead: the free variables, the variables whose
value is defined from them (a day worked, a total, a penalty), the constraints over those, and
every other variable replaced by its value. A roster of the small model, with every other
variable at its value, is a roster of the whole model, with the objective moved by exactly the
small model's change.

Which variables a constraint defines is read from the model's order: the compiler creates a
helper variable and defines it by the next constraint it adds, so a variable (not an
assignment) belongs to the constraint that mentions it first, outside its enforcement
literals. A choice (a leave request granted, the role a person fills) is defined by no one
constraint: it may move with any constraint it is in. A variable that is never so defined
keeps its value; that narrows a neighbourhood but never lets a roster break a constraint,
since every constraint over a variable that may move is in the small model.
"""

from __future__ import annotations

import tempfile
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from ortools.sat import cp_model_pb2
from ortools.sat.python import cp_model

from rosterkit.errors import InternalError

__all__ = ["Cut", "Cutter"]

Ints = npt.NDArray[np.int64]

_LINEAR, _LIN_MAX = 0, 1

Expr = tuple[tuple[int, ...], tuple[int, ...], int]
"""A linear expression as (variables, coefficients, offset)."""


@dataclass(frozen=True)
class Cut:
    """A neighbourhood as a model of its own."""

    model: cp_model.CpModel
    variables: Ints
    """The whole model's index of each of the small model's variables, in order."""
    before: int
    """The small model's objective at the values it was cut from (its hint)."""
    constraints: Ints
    """The whole model's index of each of the small model's constraints, in order."""

    def apply(self, values: Ints, solution: Sequence[int]) -> None:
        """Write the small model's ``solution`` into ``values`` (one per whole-model variable)."""
        values[self.variables] = np.asarray(solution, dtype=np.int64)


class Cutter:
    """Cuts neighbourhoods out of ``model``, whose variables' domains and constraints must not
    change while the cutter is in use.

    Only the constraint kinds the compiler writes are known (linear and ``lin_max``, with
    enforcement literals); any other is an :class:`InternalError`.
    """

    def __init__(
        self, model: cp_model.CpModel, assignments: Sequence[int], choices: Sequence[int] = ()
    ) -> None:
        proto = _readable(model)
        n = len(proto.variables)
        self._n = n
        is_assignment = np.zeros(n, dtype=bool)
        is_assignment[np.asarray(assignments, dtype=np.int64)] = True
        is_choice = np.zeros(n, dtype=bool)
        is_choice[np.asarray(choices, dtype=np.int64)] = True
        kinds = array("b")
        term_vars, term_coeffs, term_start = array("q"), array("q"), array("q", [0])
        domains, domain_start = array("q"), array("q", [0])
        enforcement, enforcement_start = array("q"), array("q", [0])
        self._lin_max: dict[int, tuple[Expr, tuple[Expr, ...]]] = {}
        for c, ct in enumerate(proto.constraints):
            enforcement.extend(ct.enforcement_literal)
            enforcement_start.append(len(enforcement))
            which = ct.WhichOneof("constraint")
            if which == "linear":
                kinds.append(_LINEAR)
                linear = ct.linear
                term_vars.extend(linear.vars)
                term_coeffs.extend(linear.coeffs)
                domains.extend(linear.domain)
            elif which == "lin_max":
                kinds.append(_LIN_MAX)
                target = _expr(ct.lin_max.target)
                exprs = tuple(_expr(e) for e in ct.lin_max.exprs)
                self._lin_max[c] = (target, exprs)
            else:
                raise InternalError(f"constraint {c} is of a kind neighbourhoods cannot cut: {ct}")
            term_start.append(len(term_vars))
            domain_start.append(len(domains))
        self._kinds = np.frombuffer(kinds, dtype=np.int8)
        self._term_vars = np.frombuffer(term_vars, dtype=np.int64)
        self._term_coeffs = np.frombuffer(term_coeffs, dtype=np.int64)
        self._term_start = np.frombuffer(term_start, dtype=np.int64)
        self._domains = np.frombuffer(domains, dtype=np.int64)
        self._domain_start = np.frombuffer(domain_start, dtype=np.int64)
        self._enforcement = np.frombuffer(enforcement, dtype=np.int64)
        self._enforcement_start = np.frombuffer(enforcement_start, dtype=np.int64)
        if len(self._term_vars) and self._term_vars.min() < 0:
            raise InternalError("a linear constraint has a negated variable in its sum")

        # Every mention of a variable: (variable, constraint, whether it may be defined there).
        ncons = len(self._kinds)
        lin_max_vars, lin_max_cons, lin_max_flags = [], [], []
        for c, (target, exprs) in self._lin_max.items():
            for v in target[0]:
                lin_max_vars.append(v)
                lin_max_cons.append(c)
                lin_max_flags.append(1)
            for e in exprs:
                for v in e[0]:
                    lin_max_vars.append(v)
                    lin_max_cons.append(c)
                    lin_max_flags.append(0)
        refs = self._enforcement
        var_of = np.concatenate(
            (
                np.where(refs >= 0, refs, -refs - 1),
                self._term_vars,
                np.asarray(lin_max_vars, dtype=np.int64),
            )
        )
        con_of = np.concatenate(
            (
                np.repeat(np.arange(ncons), np.diff(self._enforcement_start)),
                np.repeat(np.arange(ncons), np.diff(self._term_start)),
                np.asarray(lin_max_cons, dtype=np.int64),
            )
        )
        flag = np.concatenate(
            (
                np.zeros(len(refs), dtype=np.int8),
                np.ones(len(self._term_vars), dtype=np.int8),
                np.asarray(lin_max_flags, dtype=np.int8),
            )
        )
        # In constraint order (a stable sort by constraint, then by variable below).
        order = np.argsort(con_of, kind="stable")
        var_of, con_of, flag = var_of[order], con_of[order], flag[order]
        # Each variable's constraints (sorted by variable, stably, so by constraint too).
        order = np.argsort(var_of, kind="stable")
        by_var = con_of[order]
        counts = np.bincount(var_of, minlength=n)
        self._var_start = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self._cons_of_var = by_var
        # The variable a constraint defines: mentioned there first, outside the enforcement
        # literals, and not an assignment; and every choice it mentions.
        first = np.full(n, -1, dtype=np.int64)
        mentioned = counts > 0
        first[mentioned] = by_var[self._var_start[:-1][mentioned]]
        defined = (flag == 1) & ~is_assignment[var_of] & (first[var_of] == con_of)
        defined |= is_choice[var_of]
        out_con, out_var = con_of[defined], var_of[defined]
        order = np.argsort(out_con, kind="stable")
        out_con, out_var = out_con[order], out_var[order]
        self._defines = out_var
        self._defines_start = np.searchsorted(
            out_con, np.arange(len(self._kinds) + 1), side="left"
        ).astype(np.int64)
        objective = proto.objective
        if objective.scaling_factor not in (0.0, 1.0):
            raise InternalError("only a minimised objective can be cut (scaling factor 1)")
        self._objective_vars = np.asarray(list(objective.vars), dtype=np.int64)
        self._objective_coeffs = np.asarray(list(objective.coeffs), dtype=np.int64)
        self._objective_offset = objective.offset
        if len(self._objective_vars) and self._objective_vars.min() < 0:
            raise InternalError("the objective has a negated variable")
        variable_domains, variable_start = array("q"), array("q", [0])
        for variable in proto.variables:
            variable_domains.extend(variable.domain)
            variable_start.append(len(variable_domains))
        self._variable_domains = variable_domains
        self._variable_start = variable_start

    def objective(self, values: Ints) -> int:
        """The whole model's objective at ``values``."""
        total = int(self._objective_coeffs @ values[self._objective_vars])
        return total + round(self._objective_offset)

    def cut(self, free: Sequence[int], values: Ints) -> Cut:
        """The model of the neighbourhood that frees the variables ``free`` (by index) of the
        roster ``values`` (one per variable, a solution of the whole model)."""
        moves = np.zeros(self._n, dtype=bool)
        frontier = np.unique(np.asarray(free, dtype=np.int64))
        moves[frontier] = True
        taken = np.zeros(len(self._kinds), dtype=bool)
        while frontier.size:
            cons = np.unique(self._cons_of_var[_spans(self._var_start, frontier)])
            cons = cons[~taken[cons]]
            taken[cons] = True
            defined = self._defines[_spans(self._defines_start, cons)]
            frontier = np.unique(defined[~moves[defined]])
            moves[frontier] = True
        variables = np.flatnonzero(moves)
        sub = np.full(self._n, -1, dtype=np.int64)
        sub[variables] = np.arange(len(variables))
        small = cp_model.CpModel()
        proto = small.proto
        for v in variables.tolist():
            proto.variables.add().domain.extend(self._domain(v))
        cons = np.flatnonzero(taken)
        written = self._write_linear(proto, cons[self._kinds[cons] == _LINEAR], values, moves, sub)
        for c in cons[self._kinds[cons] == _LIN_MAX].tolist():
            lits = self._literals(c, values, moves, sub)
            if lits is None:
                continue
            written.append(c)
            target, exprs = self._lin_max[c]
            ct = proto.constraints.add()
            ct.enforcement_literal.extend(lits)
            _write_expr(ct.lin_max.target, target, values, moves, sub)
            for e in exprs:
                _write_expr(ct.lin_max.exprs.add(), e, values, moves, sub)
        keep = moves[self._objective_vars]
        obj_vars, obj_coeffs = self._objective_vars[keep], self._objective_coeffs[keep]
        proto.objective.vars.extend(sub[obj_vars].tolist())
        proto.objective.coeffs.extend(obj_coeffs.tolist())
        proto.solution_hint.vars.extend(range(len(variables)))
        proto.solution_hint.values.extend(values[variables].tolist())
        before = int(obj_coeffs @ values[obj_vars])
        return Cut(small, variables, before, np.asarray(written, dtype=np.int64))

    def _domain(self, v: int) -> array[int]:
        return self._variable_domains[self._variable_start[v] : self._variable_start[v + 1]]

    def _literals(
        self, c: int, values: Ints, moves: npt.NDArray[np.bool_], sub: Ints
    ) -> list[int] | None:
        """The enforcement literals of constraint ``c`` in the small model, or None when one of
        them is fixed false there (the constraint does not apply)."""
        out = []
        for ref in self._enforcement[
            self._enforcement_start[c] : self._enforcement_start[c + 1]
        ].tolist():
            var = ref if ref >= 0 else -ref - 1
            if moves[var]:
                out.append(int(sub[var]) if ref >= 0 else -int(sub[var]) - 1)
            elif (values[var] == 1) != (ref >= 0):
                return None
        return out

    def _write_linear(
        self,
        proto: object,
        cons: Ints,
        values: Ints,
        moves: npt.NDArray[np.bool_],
        sub: Ints,
    ) -> list[int]:
        """Add the linear constraints ``cons``, each variable that keeps its value moved into
        the bounds; return the index of each constraint written (one not applying is not)."""
        starts, ends = self._term_start[cons], self._term_start[cons + 1]
        terms = _spans(self._term_start, cons)
        tv, tc = self._term_vars[terms], self._term_coeffs[terms]
        lengths = ends - starts
        owner = np.repeat(np.arange(len(cons)), lengths)
        kept = moves[tv]
        fixed = np.where(kept, 0, tc * values[tv])
        constant = np.bincount(owner, weights=fixed, minlength=len(cons))
        # Sums of ints in float64 are exact below 2**53; a model's sums stay far below.
        constant_ints = np.rint(constant).astype(np.int64)
        kept_vars = sub[tv[kept]].tolist()
        kept_coeffs = tc[kept].tolist()
        bounds = np.concatenate(([0], np.cumsum(np.bincount(owner[kept], minlength=len(cons)))))
        bounds_list = bounds.tolist()
        # Each domain with the constant moved in (an unbounded end stays unbounded).
        domain = self._domains[_spans(self._domain_start, cons)]
        domain_lengths = self._domain_start[cons + 1] - self._domain_start[cons]
        shift = np.repeat(constant_ints, domain_lengths)
        open_end = (domain == cp_model.INT_MIN) | (domain == cp_model.INT_MAX)
        shifted = np.where(open_end, domain, domain - shift).tolist()
        at_list = np.concatenate(([0], np.cumsum(domain_lengths))).tolist()
        enforced = (self._enforcement_start[cons + 1] > self._enforcement_start[cons]).tolist()
        constraints = proto.constraints  # type: ignore[attr-defined]
        written = []
        for i, c in enumerate(cons.tolist()):
            if enforced[i]:
                lits = self._literals(c, values, moves, sub)
                if lits is None:
                    continue
                ct = constraints.add()
                ct.enforcement_literal.extend(lits)
            else:
                ct = constraints.add()
            written.append(c)
            linear = ct.linear
            lo, hi = bounds_list[i], bounds_list[i + 1]
            linear.vars.extend(kept_vars[lo:hi])
            linear.coeffs.extend(kept_coeffs[lo:hi])
            linear.domain.extend(shifted[at_list[i] : at_list[i + 1]])
        return written


def _readable(model: cp_model.CpModel) -> cp_model_pb2.CpModelProto:
    """A copy of ``model``'s proto as a Python protobuf message, to read from.

    Reading a large model field by field through CP-SAT's own proto wrapper is four times
    slower than through protobuf's (Curtois Instance24, 484,716 constraints: about 15 s to
    index), so the model is written out once in the binary format and read back.
    """
    with tempfile.TemporaryDirectory(prefix="rosterkit-") as folder:
        path = Path(folder) / "model.pb"
        if not model.export_to_file(str(path)):
            raise InternalError("CP-SAT could not write the model out to index it")
        message = cp_model_pb2.CpModelProto()
        message.ParseFromString(path.read_bytes())
        return message


def _spans(starts: Ints, items: Ints) -> Ints:
    """The indices ``starts[i] .. starts[i + 1] - 1`` of every ``i`` in ``items``, in order."""
    first, last = starts[items], starts[items + 1]
    lengths = last - first
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(first - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return offsets + np.arange(total, dtype=np.int64)


def _expr(expr: object) -> Expr:
    vars_ = tuple(expr.vars)  # type: ignore[attr-defined]
    if vars_ and min(vars_) < 0:
        raise InternalError("a lin_max expression has a negated variable")
    return vars_, tuple(expr.coeffs), int(expr.offset)  # type: ignore[attr-defined]


def _write_expr(
    out: object, expr: Expr, values: Ints, moves: npt.NDArray[np.bool_], sub: Ints
) -> None:
    """Write ``expr`` into the small model's expression ``out``, every variable that keeps its
    value moved into the offset."""
    offset = expr[2]
    kept_vars, kept_coeffs = [], []
    for var, coeff in zip(expr[0], expr[1], strict=True):
        if moves[var]:
            kept_vars.append(int(sub[var]))
            kept_coeffs.append(coeff)
        else:
            offset += coeff * int(values[var])
    out.vars.extend(kept_vars)  # type: ignore[attr-defined]
    out.coeffs.extend(kept_coeffs)  # type: ignore[attr-defined]
    out.offset = offset  # type: ignore[attr-defined]
