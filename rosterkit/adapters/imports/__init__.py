"""Imports into a practice: staff lists, availability tables and grids, staff calendars.

Every reader returns an :class:`Imported`: the entries it made (``Staff``, ``Unavailable``,
``Preferred``, ``Undesired``, ``Leave``), where each came from, and a summary that counts what was
left out on purpose. :func:`merge` adds them to a practice; a practice file's ``sources:`` does
all of this at load time. docs/imports.md describes the formats.
"""

from rosterkit.adapters.imports.calendar import (
    MAX_OCCURRENCES,
    MAX_RULE_STEPS,
    Tentative,
    calendar_from_bytes,
    read_calendar,
)
from rosterkit.adapters.imports.grid import (
    DEFAULT_CODES,
    GridCode,
    grid_from_frame,
    read_grid,
    resolve_codes,
)
from rosterkit.adapters.imports.sources import Source, apply_sources, merge, parse_sources
from rosterkit.adapters.imports.summary import (
    FileSummary,
    Imported,
    ImportSummary,
    Item,
    Origin,
)
from rosterkit.adapters.imports.tables import (
    AVAILABILITY_COLUMNS,
    STAFF_COLUMNS,
    availability_frame,
    availability_from_frame,
    read_availability,
    read_staff,
    staff_frame,
    staff_from_frame,
)

__all__ = [
    "AVAILABILITY_COLUMNS",
    "DEFAULT_CODES",
    "MAX_OCCURRENCES",
    "MAX_RULE_STEPS",
    "STAFF_COLUMNS",
    "FileSummary",
    "GridCode",
    "ImportSummary",
    "Imported",
    "Item",
    "Origin",
    "Source",
    "Tentative",
    "apply_sources",
    "availability_frame",
    "availability_from_frame",
    "calendar_from_bytes",
    "grid_from_frame",
    "merge",
    "parse_sources",
    "read_availability",
    "read_calendar",
    "read_grid",
    "read_staff",
    "resolve_codes",
    "staff_frame",
    "staff_from_frame",
]
