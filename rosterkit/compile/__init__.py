"""The compile layer: a practice becomes an inspectable CP-SAT model.

With the solve layer, the only layer that imports ortools.
"""

from rosterkit.compile.cpsat import CompiledModel, SoftTerm, compile_practice

__all__ = ["CompiledModel", "SoftTerm", "compile_practice"]
