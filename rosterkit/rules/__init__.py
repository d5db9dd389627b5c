"""The rules layer: what must hold in a roster, each rule with its compiler and checker."""

from rosterkit.rules.availability import Preferred, Unavailable, Undesired
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
from rosterkit.rules.cost import (
    Budget,
    LabourCost,
    NightDifferential,
    Overtime,
    PayrollRow,
    PayRules,
    WeekendDifferential,
    payroll,
)
from rosterkit.rules.counts import HoursTarget, ShiftCount
from rosterkit.rules.coverage import Coverage
from rosterkit.rules.fairness import Fairness
from rosterkit.rules.holidays import Closure, HolidayCalendar
from rosterkit.rules.leave import (
    Leave,
    LeaveBlackout,
    LeaveCap,
    LeaveDecision,
    leave_decisions,
)
from rosterkit.rules.practice import Practice, format_validation_error
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
from rosterkit.rules.skills import PrimaryRole, RoleCover, role_decision, role_options
from rosterkit.rules.supervision import FixedAssignment, Supervision
from rosterkit.rules.timecover import TimeCoverage
from rosterkit.rules.weekends import CompleteWeekends, MaxWeekends

__all__ = [
    "ALL_RULE_TYPES",
    "REGISTRY",
    "AvailabilityEntry",
    "Budget",
    "Builder",
    "CheckContext",
    "CheckReport",
    "Closure",
    "CompleteWeekends",
    "ContractLimits",
    "Coverage",
    "Eligibility",
    "Fairness",
    "FixedAssignment",
    "HolidayCalendar",
    "HoursPerHorizon",
    "HoursPerWeek",
    "HoursTarget",
    "LabourCost",
    "Leave",
    "LeaveBlackout",
    "LeaveCap",
    "LeaveDecision",
    "Lit",
    "LocalHours",
    "MaxConsecutiveDays",
    "MaxShiftsPerDay",
    "MaxWeekends",
    "MinRest",
    "NightDifferential",
    "NoMixedDays",
    "NoOverlap",
    "OffRuns",
    "OnsitePresence",
    "Overtime",
    "PayRules",
    "PayrollRow",
    "Penalty",
    "Practice",
    "PracticeIndex",
    "Preferred",
    "PrimaryRole",
    "RemoteDaysPerWeek",
    "RestAfter",
    "RoleCover",
    "Rotation",
    "Rule",
    "RuleBase",
    "RuleSpec",
    "Scope",
    "ShiftCount",
    "ShiftRuns",
    "StaffScoped",
    "Succession",
    "Supervision",
    "Terms",
    "TimeCoverage",
    "Unavailable",
    "Undesired",
    "Violation",
    "WeekendDifferential",
    "WorkModeRule",
    "WorkRuns",
    "check",
    "format_validation_error",
    "leave_decisions",
    "payroll",
    "role_decision",
    "role_options",
]
