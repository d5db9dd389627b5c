"""pandas views of rosters and bills, for notebooks and for the CSV writers."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from rosterkit.model import Roster
from rosterkit.rules import Penalty, Practice

__all__ = ["ROSTER_COLUMNS", "penalties_frame", "roster_frame"]

ROSTER_COLUMNS = ["staff_id", "staff_name", "date", "shift_id", "start", "end", "hours", "role"]


def roster_frame(practice: Practice, roster: Roster) -> pd.DataFrame:
    """One row per assignment: staff_id, staff_name, date, shift_id, start, end, hours, role.

    ``start`` and ``end`` are time-zone-aware timestamps in the practice's zone; ``role`` is the
    person's first skill that the shift accepts (their first skill if the shift takes anyone).
    """
    staff = practice.index.staff
    shifts = practice.index.shifts
    rows = []
    for a in roster:
        person = staff[a.staff_id]
        needed = shifts[a.shift_id].skills
        role = next((s for s in person.skills if not needed or s in needed), person.skills[0])
        rows.append(
            {
                "staff_id": a.staff_id,
                "staff_name": person.name,
                "date": a.date,
                "shift_id": a.shift_id,
                "start": pd.Timestamp(a.start),
                "end": pd.Timestamp(a.end),
                "hours": round(a.hours, 4),
                "role": role,
            }
        )
    frame = pd.DataFrame(rows, columns=ROSTER_COLUMNS)
    if frame.empty:
        zone = practice.time_zone
        frame = frame.astype(
            {
                "start": f"datetime64[ns, {zone}]",
                "end": f"datetime64[ns, {zone}]",
                "hours": "float64",
            }
        )
    return frame


def penalties_frame(penalties: Iterable[Penalty]) -> pd.DataFrame:
    """The bill: one row per penalty (rule_id, kind, staff_id, date, amount, detail)."""
    columns = ["rule_id", "kind", "staff_id", "date", "amount", "detail"]
    rows = [
        {
            "rule_id": p.rule_id,
            "kind": p.kind,
            "staff_id": p.staff_id,
            "date": p.date,
            "amount": p.amount,
            "detail": p.detail,
        }
        for p in penalties
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"amount": "int64"})
