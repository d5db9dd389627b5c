"""The solve layer: run CP-SAT on a compiled practice and hand back a checked result."""

from rosterkit.solve.solver import SolveProgress, SolveResult, Status, solve

__all__ = ["SolveProgress", "SolveResult", "Status", "solve"]
