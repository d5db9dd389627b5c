"""rosterkit: staff rosters for medical practices, solved with OR-Tools CP-SAT and re-checked.

Three lines from a practice file to a checked roster::

    practice = rosterkit.load_practice("examples/clinic/practice.yaml")
    result = rosterkit.solve(practice, time_limit=60, seed=0)
    rosterkit.write_outputs(result, "out/clinic")
"""

from rosterkit.adapters.csv_io import read_roster_csv
from rosterkit.adapters.payroll import payroll_frame, write_payroll_csv
from rosterkit.adapters.practice_file import load_practice, practice_schema
from rosterkit.compile import CompiledModel, compile_practice
from rosterkit.errors import (
    ExportError,
    InputError,
    InternalError,
    InterruptedSolve,
    PracticeFileError,
    RosterFileError,
    RosterkitError,
    SolveError,
    ValidationError,
)
from rosterkit.model import Assignment, Contract, Horizon, Roster, ShiftType, Skill, Staff
from rosterkit.rules import (
    Budget,
    CheckReport,
    CompleteWeekends,
    ContractLimits,
    Coverage,
    HoursPerHorizon,
    HoursPerWeek,
    HoursTarget,
    LabourCost,
    Leave,
    MaxConsecutiveDays,
    MaxShiftsPerDay,
    MaxWeekends,
    MinRest,
    NoOverlap,
    OffRuns,
    Penalty,
    Practice,
    Preferred,
    RestAfter,
    Scope,
    ShiftCount,
    ShiftRuns,
    Succession,
    Unavailable,
    Undesired,
    Violation,
    WorkRuns,
    check,
)
from rosterkit.solve import (
    SolveProgress,
    SolveResult,
    Status,
    format_report,
    solve,
    write_outputs,
)

__version__ = "0.1.0"

__all__ = [
    "Assignment",
    "Budget",
    "CheckReport",
    "CompiledModel",
    "CompleteWeekends",
    "Contract",
    "ContractLimits",
    "Coverage",
    "ExportError",
    "Horizon",
    "HoursPerHorizon",
    "HoursPerWeek",
    "HoursTarget",
    "InputError",
    "InternalError",
    "InterruptedSolve",
    "LabourCost",
    "Leave",
    "MaxConsecutiveDays",
    "MaxShiftsPerDay",
    "MaxWeekends",
    "MinRest",
    "NoOverlap",
    "OffRuns",
    "Penalty",
    "Practice",
    "PracticeFileError",
    "Preferred",
    "RestAfter",
    "Roster",
    "RosterFileError",
    "RosterkitError",
    "Scope",
    "ShiftCount",
    "ShiftRuns",
    "ShiftType",
    "Skill",
    "SolveError",
    "SolveProgress",
    "SolveResult",
    "Staff",
    "Status",
    "Succession",
    "Unavailable",
    "Undesired",
    "ValidationError",
    "Violation",
    "WorkRuns",
    "__version__",
    "check",
    "compile_practice",
    "format_report",
    "load_practice",
    "payroll_frame",
    "practice_schema",
    "read_roster_csv",
    "solve",
    "write_outputs",
    "write_payroll_csv",
]
