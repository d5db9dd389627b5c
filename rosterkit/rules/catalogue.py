"""The one place that lists every rule type: the unions a practice file is parsed with.

Adding a rule: write its module (model, compiler, checker, ``register``), add it to a union
here, document it in docs/rules.md. ``tests/test_registry.py`` fails if any step is missing.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from rosterkit.rules.availability import Preferred, Unavailable, Undesired
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
from rosterkit.rules.cost import Budget, LabourCost
from rosterkit.rules.counts import HoursTarget, ShiftCount
from rosterkit.rules.coverage import Coverage
from rosterkit.rules.fairness import Fairness
from rosterkit.rules.leave import Leave, LeaveBlackout, LeaveCap
from rosterkit.rules.remote import (
    LocalHours,
    NoMixedDays,
    OnsitePresence,
    RemoteDaysPerWeek,
    WorkModeRule,
)
from rosterkit.rules.sequences import (
    OffRuns,
    RestAfter,
    Rotation,
    ShiftRuns,
    Succession,
    WorkRuns,
)
from rosterkit.rules.skills import PrimaryRole, RoleCover
from rosterkit.rules.supervision import FixedAssignment, Supervision
from rosterkit.rules.timecover import TimeCoverage
from rosterkit.rules.weekends import CompleteWeekends, MaxWeekends

__all__ = ["ALL_RULE_TYPES", "AvailabilityEntry", "Rule"]

Rule = Annotated[
    NoOverlap
    | MaxShiftsPerDay
    | MinRest
    | MaxConsecutiveDays
    | HoursPerWeek
    | HoursPerHorizon
    | ContractLimits
    | Succession
    | Rotation
    | WorkRuns
    | OffRuns
    | ShiftRuns
    | RestAfter
    | MaxWeekends
    | CompleteWeekends
    | ShiftCount
    | HoursTarget
    | Fairness
    | LeaveCap
    | LeaveBlackout
    | LabourCost
    | Budget
    | TimeCoverage
    | WorkModeRule
    | LocalHours
    | RemoteDaysPerWeek
    | OnsitePresence
    | NoMixedDays
    | Supervision
    | FixedAssignment
    | RoleCover
    | PrimaryRole,
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
    Succession,
    Rotation,
    WorkRuns,
    OffRuns,
    ShiftRuns,
    RestAfter,
    MaxWeekends,
    CompleteWeekends,
    ShiftCount,
    HoursTarget,
    Coverage,
    Unavailable,
    Preferred,
    Undesired,
    Leave,
    LeaveCap,
    LeaveBlackout,
    Fairness,
    LabourCost,
    Budget,
    TimeCoverage,
    WorkModeRule,
    LocalHours,
    RemoteDaysPerWeek,
    OnsitePresence,
    NoMixedDays,
    Supervision,
    FixedAssignment,
    RoleCover,
    PrimaryRole,
)
"""Every rule type, in the order the docs list them (the practice's sections and the unions)."""
