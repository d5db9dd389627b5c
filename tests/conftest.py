"""Shared test setup: a practice built from a small base document, and the Hypothesis profiles.

Choose a Hypothesis profile with ``HYPOTHESIS_PROFILE=slow`` (``default`` otherwise).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from hypothesis import settings

from rosterkit import Practice, SolveResult, solve

__all__ = ["BASE_PRACTICE", "PracticeFactory", "practice_from", "solve_example"]

settings.register_profile("default", max_examples=200, deadline=None)
settings.register_profile("slow", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

BASE_PRACTICE: dict[str, Any] = {
    "name": "Test practice",
    "time_zone": "Europe/Berlin",
    # Monday 2 March to Sunday 8 March 2026: exactly one ISO week, no daylight-saving change.
    "horizon": {"start": "2026-03-02", "end": "2026-03-08"},
    "skills": [{"id": "nurse"}, {"id": "desk"}],
    "staff": [
        {"id": "a", "name": "Anna", "skills": ["nurse"]},
        {"id": "b", "name": "Ben", "skills": ["nurse", "desk"]},
        {"id": "c", "name": "Cem", "skills": ["desk"]},
    ],
    "shifts": [
        {"id": "early", "start": "07:00", "end": "15:00"},
        {"id": "late", "start": "15:00", "end": "23:00"},
        {"id": "night", "start": "23:00", "end": "07:00", "skills": ["nurse"]},
    ],
}
"""A valid practice: staff a (nurse), b (nurse, desk), c (desk); early, late and night every day."""

PracticeFactory = Callable[[Mapping[str, Any]], Practice]


def practice_from(doc: Mapping[str, Any]) -> Practice:
    """The base practice with each top-level section in ``doc`` replacing the base's own."""
    return Practice.parse({**BASE_PRACTICE, **doc}, source="test.yaml")


def solve_example(practice: Practice) -> SolveResult:
    """Solve a bundled example as its tests do.

    Deterministic: the same roster however loaded the machine is (a wall-clock limit on a busy CI
    machine can end before the first roster).
    """
    return solve(practice, time_limit=20, workers=2, seed=0, deterministic=True)


@pytest.fixture
def make_practice() -> PracticeFactory:
    """:func:`practice_from`, as a fixture."""
    return practice_from


@pytest.fixture
def practice_document() -> dict[str, Any]:
    """A fresh copy of :data:`BASE_PRACTICE`, to change at will."""
    return copy.deepcopy(BASE_PRACTICE)
