"""rosterkit: staff rosters for medical practices, solved with OR-Tools CP-SAT and re-checked.

Three lines from a practice file to a checked roster::

    practice = rosterkit.load_practice("examples/clinic/practice.yaml")
    result = rosterkit.solve(practice, time_limit=60, seed=0)
    rosterkit.write_outputs(result, "out/clinic")
"""

from rosterkit.adapters.csv_io import read_roster_csv
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
    CheckReport,
    ContractLimits,
    Coverage,
    HoursPerHorizon,
    HoursPerWeek,
    Leave,
    MaxConsecutiveDays,
    MaxShiftsPerDay,
    MinRest,
    NoOverlap,
    Penalty,
    Practice,
    Preferred,
    Scope,
    Unavailable,
    Undesired,
    Violation,
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
    "CheckReport",
    "CompiledModel",
    "Contract",
    "ContractLimits",
    "Coverage",
    "ExportError",
    "Horizon",
    "HoursPerHorizon",
    "HoursPerWeek",
    "InputError",
    "InternalError",
    "InterruptedSolve",
    "Leave",
    "MaxConsecutiveDays",
    "MaxShiftsPerDay",
    "MinRest",
    "NoOverlap",
    "Penalty",
    "Practice",
    "PracticeFileError",
    "Preferred",
    "Roster",
    "RosterFileError",
    "RosterkitError",
    "Scope",
    "ShiftType",
    "Skill",
    "SolveError",
    "SolveProgress",
    "SolveResult",
    "Staff",
    "Status",
    "Unavailable",
    "Undesired",
    "ValidationError",
    "Violation",
    "__version__",
    "check",
    "compile_practice",
    "format_report",
    "load_practice",
    "practice_schema",
    "read_roster_csv",
    "solve",
    "write_outputs",
]
