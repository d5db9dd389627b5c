"""The compile layer: a practice becomes an inspectable CP-SAT model (one of two layers importing ortools)."""

from rosterkit.compile.cpsat import CompiledModel, SoftTerm, compile_practice

__all__ = ["CompiledModel", "SoftTerm", "compile_practice"]
