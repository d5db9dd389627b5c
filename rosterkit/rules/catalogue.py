"""The one place that lists every rule type: the unions a practice file is parsed with.

Adding a rule: write its module (model, compiler, checker, ``register``), add it to a union
here, document it in docs/rules.md. ``tests/test_registry.py`` fails if any step is missing.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from rosterkit.rules.availability import Leave, Preferred, Unavailable, Undesired
from rosterkit.rules.core import (
    ContractLimits,
    Eligibility,
    HoursPerHorizon,
    HoursPerWeek,
    MaxConsecutiveDays,
    MaxShiftsPerDay,
    MinRest,
    NoOverlap,
)
from rosterkit.rules.coverage import Coverage

__all__ = ["ALL_RULE_TYPES", "AvailabilityEntry", "Rule"]

Rule = Annotated[
    NoOverlap
    | MaxShiftsPerDay
    | MinRest
    | MaxConsecutiveDays
    | HoursPerWeek
    | HoursPerHorizon
    | ContractLimits,
    Field(discriminator="kind"),
]
"""A general rule in the practice's ``rules`` list, chosen by its ``kind``."""

AvailabilityEntry = Annotated[Unavailable | Preferred | Undesired, Field(discriminator="kind")]
"""An entry of the practice's ``availability`` list, chosen by its ``kind``."""

ALL_RULE_TYPES = (
    Eligibility,
    NoOverlap,
    MaxShiftsPerDay,
    MinRest,
    MaxConsecutiveDays,
    HoursPerWeek,
    HoursPerHorizon,
    ContractLimits,
    Coverage,
    Unavailable,
    Preferred,
    Undesired,
    Leave,
)
"""Every rule type, in the order the docs list them (the practice's sections and the unions)."""
