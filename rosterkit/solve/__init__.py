"""The solve layer: run CP-SAT on a compiled practice and hand back a checked result."""

from rosterkit.solve.outputs import write_outputs
from rosterkit.solve.report import format_report
from rosterkit.solve.solver import SolveProgress, SolveResult, Status, solve

__all__ = ["SolveProgress", "SolveResult", "Status", "format_report", "solve", "write_outputs"]
