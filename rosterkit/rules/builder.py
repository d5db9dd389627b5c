"""The protocol through which a rule's compiler talks to a solver model, without importing one.

The compile layer implements it on CP-SAT; rules only see opaque variables, a few ways to define
new ones, and :meth:`Builder.bound`, the one way to state (and bill) a rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Protocol

from rosterkit.model import ShiftInstance
from rosterkit.rules.base import RuleBase
from rosterkit.rules.context import PracticeIndex

__all__ = ["Builder", "Lit", "Terms", "Var"]


class Var(Protocol):
    """An opaque solver variable: a 0/1 literal or a bounded integer."""


Lit = Var
"""A 0/1 solver variable."""

Terms = Sequence[tuple[int, Var]]
"""A weighted sum of variables: ``[(coefficient, variable), ...]``."""


class Builder(Protocol):
    """What compilers may ask of the solver model."""

    @property
    def index(self) -> PracticeIndex:
        """The practice being compiled."""
        ...

    def x(self, staff_id: str, inst: ShiftInstance) -> Lit | None:
        """The literal 'this person works this shift instance', or None if they never may."""
        ...

    def shifts_on(self, staff_id: str, day: int) -> Mapping[str, Lit]:
        """The person's literals of the shifts starting on day index ``day``, by shift id, in
        calendar order (only the shifts they may be given)."""
        ...

    def works(self, staff_id: str, day: int) -> Lit | None:
        """The literal 'this person starts a shift on day index ``day``', or None if never."""
        ...

    def one_shift_a_day(self, staff_id: str) -> bool:
        """Whether a hard rule in force lets the person start at most one shift a day.

        Then the person's literals of one day exclude each other, and "one of these shifts on
        day d and one of those on day e" is a single at-most-one over both days' literals.
        """
        ...

    def any_of(self, lits: Sequence[Lit], *, name: str) -> Lit | None:
        """A literal equal to the OR of ``lits`` (None if ``lits`` is empty; cached by name)."""
        ...

    def int_var(self, terms: Terms, *, name: str, offset: int = 0) -> Var:
        """An integer variable equal to ``offset + sum(terms)`` (cached by name)."""
        ...

    def max_of(self, variables: Sequence[Var], *, name: str) -> Var:
        """An integer variable equal to the largest of ``variables`` (cached by name)."""
        ...

    def min_of(self, variables: Sequence[Var], *, name: str) -> Var:
        """An integer variable equal to the smallest of ``variables`` (cached by name)."""
        ...

    def decision(self, name: str) -> Lit:
        """A free yes/no choice, reported in ``Roster.decisions[name]`` (cached by name)."""
        ...

    def guide(self, terms: Terms, *, staff: str | None = None, day: date | None = None) -> None:
        """Ask the search to keep ``sum(terms)`` (over 0/1 literals) low where the objective
        ties: a hint about which of two equally good rosters leaves more room to improve.

        Never a constraint and never billed: the roster's cost is the same with or without it.
        ``staff`` and ``day`` say where the sum is about: while it is above zero, search steps
        may start there, as from a penalty.
        """
        ...

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
        """Require ``lo <= sum(terms) <= hi``.

        Hard (``rule.hard`` unless ``hard`` says otherwise): enforced while the rule instance is
        active. Soft: each unit below ``lo`` or above ``hi`` costs ``weight`` (default
        ``rule.weight``), billed to ``rule``, ``staff`` and ``day`` with ``detail``.
        The checker's :meth:`~rosterkit.rules.context.CheckContext.measure` is its mirror.
        """
        ...

    def excess(self, terms: Terms, *, hi: int, name: str, unit: int = 1) -> Var:
        """An integer variable equal to ``max(0, sum(terms) - hi)`` divided by ``unit``, rounded up.

        What a soft bound would bill, as a variable that other bounds can use: the overtime
        minutes of a week inside a budget cap, or a budget's excess in whole currency units.
        ``unit`` must be at least 1. Cached by name.
        """
        ...
