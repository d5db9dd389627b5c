"""Every rule case, gathered from the modules of this package (one module per family of rules)."""

from __future__ import annotations

import importlib
import pkgutil

from cases._base import Case

__all__ = ["CASES"]


def _gather() -> list[Case]:
    found: list[Case] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.extend(module.CASES)
    return found


CASES: list[Case] = _gather()
"""Every case, by module; ``tests/test_registry.py`` checks that each rule kind has some."""
