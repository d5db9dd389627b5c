"""Every rule case, gathered from the modules of this package (one module per family of rules)."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from cases._base import Case, Drawer

__all__ = ["CASES", "DRAWERS"]


def _modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
        if not info.name.startswith("_")
    ]


CASES: list[Case] = [case for module in _modules() for case in module.CASES]
"""Every case, by module; ``tests/test_registry.py`` checks that each rule kind has some."""

DRAWERS: list[Drawer] = [
    module.draw_rules for module in _modules() if hasattr(module, "draw_rules")
]
"""Each family's ``draw_rules(draw, document)``: adds random rules of the family to a random
practice document in ``tests/test_property.py``."""
