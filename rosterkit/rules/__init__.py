"""The rules layer: what must hold in a roster, each rule with its compiler and checker."""

from rosterkit.rules.availability import Leave, Preferred, Unavailable, Undesired
from rosterkit.rules.base import (
    REGISTRY,
    Penalty,
    RuleBase,
    RuleSpec,
    Scope,
    StaffScoped,
    Violation,
)
from rosterkit.rules.builder import Builder, Lit, Terms
from rosterkit.rules.catalogue import ALL_RULE_TYPES, AvailabilityEntry, Rule
from rosterkit.rules.check import CheckReport, check
from rosterkit.rules.context import CheckContext, PracticeIndex
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
from rosterkit.rules.practice import Practice, format_validation_error

__all__ = [
    "ALL_RULE_TYPES",
    "REGISTRY",
    "AvailabilityEntry",
    "Builder",
    "CheckContext",
    "CheckReport",
    "ContractLimits",
    "Coverage",
    "Eligibility",
    "HoursPerHorizon",
    "HoursPerWeek",
    "Leave",
    "Lit",
    "MaxConsecutiveDays",
    "MaxShiftsPerDay",
    "MinRest",
    "NoOverlap",
    "Penalty",
    "Practice",
    "PracticeIndex",
    "Preferred",
    "Rule",
    "RuleBase",
    "RuleSpec",
    "Scope",
    "StaffScoped",
    "Terms",
    "Unavailable",
    "Undesired",
    "Violation",
    "check",
    "format_validation_error",
]
