"""Maple Family Practice: the small practice the export and import tests share.

Four people (one a remote assistant in Manila), four shifts, one day of leave with a reason
that must never reach an export, over the week of the 2026 spring-forward change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from rosterkit import Practice, Roster

__all__ = ["LEAVE_REASON", "make_roster", "practice_doc"]

LEAVE_REASON = "SECRET-LEAVE-REASON-7f3a"


def practice_doc(**changes: Any) -> dict[str, Any]:
    """A small US practice over the week of the 2026 spring-forward change (Sun 8 March)."""
    doc: dict[str, Any] = {
        "name": "Maple Family Practice",
        "time_zone": "America/New_York",
        "horizon": {"start": "2026-03-02", "end": "2026-03-08"},
        "skills": [{"id": "nurse"}, {"id": "desk"}, {"id": "va"}],
        "staff": [
            {"id": "anna", "name": "Anna Schmidt", "skills": ["nurse"]},
            {"id": "ben", "name": "Ben O'Neil", "skills": ["desk"]},
            {"id": "zoe", "name": "Zoë Müller, RN", "skills": ["nurse", "desk"]},
            {"id": "maria", "name": "Maria Santos", "skills": ["va"], "time_zone": "Asia/Manila"},
        ],
        "shifts": [
            {"id": "early", "name": "Early", "start": "07:00", "end": "15:00",
             "days": ["mon", "tue", "wed", "thu", "fri"]},
            {"id": "late", "name": "Late", "start": "14:00", "end": "22:00",
             "days": ["mon", "tue", "wed", "thu", "fri"]},
            {"id": "night", "name": "Night", "start": "22:00", "end": "07:00",
             "skills": ["nurse"]},
            {"id": "phones", "name": "Phones", "start": "08:00", "end": "16:30",
             "days": ["mon", "tue", "wed", "thu", "fri"], "remote": True, "skills": ["va"]},
        ],
        "leave": [
            {"staff": "anna", "start_date": "2026-03-05", "end_date": "2026-03-05",
             "reason": LEAVE_REASON},
        ],
    }  # fmt: skip
    doc.update(changes)
    return doc


def make_roster(practice: Practice, rows: Iterable[tuple[str, str, str]]) -> Roster:
    """A roster from (staff_id, ISO date, shift_id) triples."""
    return Roster.of(practice.assignment(s, date.fromisoformat(d), sh) for s, d, sh in rows)
