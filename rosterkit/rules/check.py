"""The checker: every hard violation and every penalty of a roster, in plain Python."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rosterkit.model import Roster
from rosterkit.rules.base import REGISTRY, Penalty, Violation
from rosterkit.rules.context import CheckContext
from rosterkit.rules.practice import Practice

__all__ = ["CheckReport", "check"]


@dataclass(frozen=True)
class CheckReport:
    """What the checker found: hard violations, the bill, and its total (the objective)."""

    violations: tuple[Violation, ...]
    penalties: tuple[Penalty, ...]

    @property
    def ok(self) -> bool:
        """Whether no hard rule is broken."""
        return not self.violations

    @property
    def objective(self) -> int:
        """The sum of all penalties."""
        return sum(p.amount for p in self.penalties)

    def by_rule(self) -> dict[str, int]:
        """Total penalty per rule id, largest first."""
        totals: dict[str, int] = defaultdict(int)
        for p in self.penalties:
            totals[p.rule_id] += p.amount
        return dict(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])))


def check(practice: Practice, roster: Roster) -> CheckReport:
    """Recompute every hard violation and every penalty of ``roster`` without a solver.

    Works for rosters from :func:`rosterkit.solve` and for rosters people edited by hand.
    """
    ctx = CheckContext(practice.index, roster)
    for _rule_id, rule in practice.index.rules:
        REGISTRY[type(rule)].check(rule, ctx)
    return CheckReport(tuple(ctx.violations), tuple(ctx.penalties))
