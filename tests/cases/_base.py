"""What a rule case is: a tiny practice, a hand-written roster, and its exact bill.

Each module of this package holds the cases of one family of rules in a list ``CASES``;
``tests/test_rules.py`` runs every case through the checker and through the compiled model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, NamedTuple

from hypothesis import strategies as st

from rosterkit import Practice

__all__ = [
    "FRI",
    "HARD_ONE_IN",
    "MON",
    "SAT",
    "SUN",
    "THU",
    "TUE",
    "WED",
    "Bill",
    "Breach",
    "Case",
    "Drawer",
    "PracticeFactory",
    "Work",
    "horizon",
    "person",
    "rarely",
    "rules",
    "shift",
    "week",
]

Drawer = Callable[[Any, dict[str, Any]], None]
"""``draw_rules(draw, document)``: add random rules of one family to a practice document.

``draw`` is Hypothesis' draw function; ``document`` is a complete random practice document
(see ``tests/test_property.py``) to extend in place: append to its sections, add sections.
"""

PracticeFactory = Callable[[Mapping[str, Any]], Practice]

HARD_ONE_IN = 8
"""Drawers make an entry hard about once in this many draws. Hard entries of different rules
often conflict, and a practice without a roster tests little of the checker."""


def rarely(draw: Any) -> bool:
    """True about once in :data:`HARD_ONE_IN` draws, and False in Hypothesis' simplest example.

    Hypothesis draws the least value of a range far more often than its share (zero-filled and
    shrunk examples), so the rare outcome is the greatest value, not the least.
    """
    return bool(draw(st.integers(1, HARD_ONE_IN)) == HARD_ONE_IN)


MON, TUE, WED, THU, FRI, SAT, SUN = (date(2026, 3, d) for d in range(2, 9))
"""The base practice's horizon: ISO week 10 of 2026."""


class Work(NamedTuple):
    """One line of a hand-written roster."""

    staff: str
    day: date
    shift: str
    raw: bool = False
    """Build the assignment by hand: for shifts the practice cannot place (checker-only)."""


class Bill(NamedTuple):
    """An expected penalty."""

    rule_id: str
    staff: str | None
    day: date | None
    amount: int


class Breach(NamedTuple):
    """An expected hard violation."""

    rule_id: str
    staff: str | None
    day: date | None


class Case(NamedTuple):
    """A rule kind, a case name, the practice sections, the roster, and everything it costs."""

    kind: str
    name: str
    doc: dict[str, Any]
    roster: tuple[Work, ...]
    bills: tuple[Bill, ...] = ()
    breaches: tuple[Breach, ...] = ()
    bug: str = ""
    """A known bug that makes the rule (compiler and checker alike) miss what the case expects."""
    decisions: Mapping[str, bool] = {}
    """The roster's decisions besides assignments (``leave:<rule id>``: granted), pinned too."""


def week(staff: str, shift: str, *days: date) -> tuple[Work, ...]:
    """``staff`` works ``shift`` on each of ``days``."""
    return tuple(Work(staff, d, shift) for d in days)


def person(sid: str, skills: list[str], **extra: Any) -> dict[str, Any]:
    """A staff entry of a practice document."""
    return {"id": sid, "name": sid.upper(), "skills": skills, **extra}


def shift(sid: str, start: str, end: str, **extra: Any) -> dict[str, Any]:
    """A shift entry of a practice document."""
    return {"id": sid, "start": start, "end": end, **extra}


def horizon(first: date, last: date) -> dict[str, str]:
    """A horizon from ``first`` to ``last`` inclusive."""
    return {"start": first.isoformat(), "end": last.isoformat()}


def rules(*entries: dict[str, Any]) -> dict[str, Any]:
    """A ``rules`` section."""
    return {"rules": list(entries)}
