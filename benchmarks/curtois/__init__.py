"""The Curtois & Qu shift-scheduling benchmark, expressed with rosterkit's general rules."""

from benchmarks.curtois.reader import Instance, parse_instance, to_practice

__all__ = ["Instance", "parse_instance", "to_practice"]
