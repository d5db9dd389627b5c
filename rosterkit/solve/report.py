"""The plain-text report of a solve: status, bill by rule and level, uncovered demand, leave
requests and hours per person.

The report is a pure function of the result (no clock, no host names), so the same result always
reads the same. It prints penalty details and staff names only: leave reasons never appear.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from rosterkit.rules import Coverage, Penalty, leave_decisions
from rosterkit.solve.solver import SolveResult

__all__ = ["format_report"]


def format_report(result: SolveResult) -> str:
    """A short plain-text report of ``result``, ending with a newline.

    Sections: the practice and horizon, status and objective with bound, gap, timings and solver
    settings; then, when a roster was found, penalties by rule, the total of each priority level
    (when the practice has more than one), uncovered demand (every coverage item with its
    amount), every requested leave with its decision and cost (when the practice has any) and
    hours per person in practice order. Without a roster the report gives the status and the
    solver's message.
    """
    lines = _header(result)
    if result.has_roster:
        lines += ["", *_penalties_by_rule(result.penalties)]
        if len(result.levels) > 1:
            lines += ["", *_levels(result.levels)]
        lines += ["", *_uncovered(result)]
        requests = _leave_requests(result)
        if requests:
            lines += ["", *requests]
        lines += ["", *_hours(result)]
    return "\n".join(lines) + "\n"


def _header(result: SolveResult) -> list[str]:
    practice = result.practice
    first, last = practice.horizon.first, practice.horizon.last
    days = (last - first).days + 1
    lines = [
        f"rosterkit report: {practice.name}",
        f"Horizon:     {first} .. {last} ({days} days, {practice.time_zone})",
        f"Status:      {result.status.value}" + (" (interrupted)" if result.interrupted else ""),
        f"Message:     {result.message}",
    ]
    if result.has_roster:
        lines += [
            f"Objective:   {result.objective}",
            f"Best bound:  {_number(result.best_bound)}",
            f"Gap:         {_percent(result.gap)}",
        ]
    lines += [
        f"Time:        build {result.build_seconds:.2f} s, solve {result.solve_seconds:.2f} s",
        f"Solver:      {_settings(result.parameters)}",
    ]
    return lines


def _settings(parameters: Mapping[str, object]) -> str:
    seed = parameters.get("seed", "?")
    workers = parameters.get("workers", "?")
    limit = parameters.get("time_limit")
    if isinstance(limit, int | float) and math.isfinite(limit):
        shown = f"{_number(limit)} s"
    else:
        shown = "none"
    deterministic = "yes" if parameters.get("deterministic") else "no"
    return f"seed {seed}, workers {workers}, time limit {shown}, deterministic {deterministic}"


def _penalties_by_rule(penalties: Sequence[Penalty]) -> list[str]:
    totals: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    kinds: dict[str, str] = {}
    for p in penalties:
        totals[p.rule_id] += p.amount
        counts[p.rule_id] += 1
        kinds.setdefault(p.rule_id, p.kind)
    order = sorted(totals, key=lambda rule_id: (-totals[rule_id], rule_id))
    rows = [[r, kinds[r], str(totals[r]), str(counts[r])] for r in order]
    rows.append(["total", "", str(sum(totals.values())), str(len(penalties))])
    if not order:
        return ["Penalties by rule: none"]
    return ["Penalties by rule", *_table(["rule", "kind", "total", "items"], rows, right={2, 3})]


def _levels(levels: Mapping[int, int]) -> list[str]:
    rows = [[str(level), str(levels[level])] for level in sorted(levels)]
    rows.append(["total", str(sum(levels.values()))])
    return ["Priority levels", *_table(["level", "total"], rows, right={1})]


def _leave_requests(result: SolveResult) -> list[str]:
    """Each requested leave with its decision and cost, in practice order; [] when none.

    Only the person, the days, the decision and the cost: the reason stays private, and so do
    the explanations of a refusal (they may name other people's leave).
    """
    decisions = [
        d for d in leave_decisions(result.practice, result.roster) if d.status != "approved"
    ]
    if not decisions:
        return []
    rows = [
        [
            d.rule_id,
            d.staff_id,
            d.start_date.isoformat(),
            d.end_date.isoformat(),
            d.status,
            str(d.cost),
        ]
        for d in decisions
    ]
    header = ["rule", "staff", "start", "end", "decision", "cost"]
    return ["Leave requests", *_table(header, rows, right={5})]


def _uncovered(result: SolveResult) -> list[str]:
    rules = dict(result.practice.index.rules)
    items = [p for p in result.penalties if p.kind == "coverage"]
    if not items:
        return ["Uncovered demand: none"]

    def shift_of(p: Penalty) -> str:
        rule = rules.get(p.rule_id)
        return rule.shift if isinstance(rule, Coverage) else ""

    items.sort(key=lambda p: (p.date is None, p.date, shift_of(p), p.rule_id, p.detail))
    rows = [
        [p.date.isoformat() if p.date else "", shift_of(p), p.rule_id, str(p.amount), p.detail]
        for p in items
    ]
    header = ["date", "shift", "rule", "amount", "detail"]
    return ["Uncovered demand (coverage penalties)", *_table(header, rows, right={3})]


def _hours(result: SolveResult) -> list[str]:
    shifts: dict[str, int] = defaultdict(int)
    hours: dict[str, float] = defaultdict(float)
    for a in result.roster:
        shifts[a.staff_id] += 1
        hours[a.staff_id] += a.hours
    rows = [
        [person.id, person.name, str(shifts[person.id]), f"{hours[person.id]:.2f}"]
        for person in result.practice.staff
    ]
    rows.append(["total", "", str(sum(shifts.values())), f"{sum(hours.values()):.2f}"])
    return ["Hours per person", *_table(["staff", "name", "shifts", "hours"], rows, right={2, 3})]


def _table(header: list[str], rows: Iterable[list[str]], *, right: set[int]) -> list[str]:
    """Columns padded to their widest cell; the last column is never padded on the right."""
    body = [header, *rows]
    widths = [max(len(row[i]) for row in body) for i in range(len(header))]
    out = []
    for row in body:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        out.append(("  " + "  ".join(cells)).rstrip())
    return out


def _number(value: object) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "none"
        return str(int(value)) if value.is_integer() else f"{value:.2f}"
    return str(value)


def _percent(fraction: float | None) -> str:
    return "n/a" if fraction is None else f"{fraction * 100:.2f} %"
