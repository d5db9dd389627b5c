"""Benchmarks: the Curtois & Qu instances through rosterkit's rules, and generated months."""
