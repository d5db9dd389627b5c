"""The payroll summary as a pandas DataFrame and as CSV: hours, overtime and cost per pay period.

The numbers come from :func:`rosterkit.rules.payroll`, which prices work exactly as the
``labour_cost`` and ``budget`` rules do; this module only shapes them for people and tools.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pandas as pd

from rosterkit.adapters.csv_io import safe_cell
from rosterkit.adapters.files import atomic_write_text, require_known
from rosterkit.errors import ValidationError
from rosterkit.model import Roster
from rosterkit.rules import PayrollRow, PayRules, Practice, payroll
from rosterkit.rules.cost import PayPeriod

__all__ = ["PAYROLL_COLUMNS", "payroll_csv_text", "payroll_frame", "write_payroll_csv"]

PAYROLL_COLUMNS: tuple[str, ...] = (
    "period_start",
    "period_end",
    "staff_id",
    "staff_name",
    "shifts",
    "hours",
    "overtime_hours",
    "night_hours",
    "weekend_hours",
    "hourly_wage",
    "cost",
)
"""The columns of the payroll frame and CSV, in order."""

_DELIMITERS = (",", ";")
_BOM = "\ufeff"


def _rows(
    practice: Practice,
    roster: Roster,
    period: PayPeriod,
    anchor: date | None,
    pay: PayRules | None,
) -> list[PayrollRow]:
    require_known(practice, roster)
    return payroll(practice, roster, period=period, anchor=anchor, pay=pay)


def payroll_frame(
    practice: Practice,
    roster: Roster,
    *,
    period: PayPeriod = "weekly",
    anchor: date | None = None,
    pay: PayRules | None = None,
) -> pd.DataFrame:
    """One row per person per pay period with work: hours, overtime, night hours and cost.

    Columns: ``period_start, period_end, staff_id, staff_name, shifts, hours, overtime_hours,
    night_hours, weekend_hours, hourly_wage, cost``. Hours are real time (floats, unrounded);
    ``hourly_wage`` and ``cost`` are money as floats with two decimals, NaN for people
    without a wage. See docs/rules/cost.md for how work is priced and periods are cut.

    Args:
        practice: the practice the roster belongs to.
        roster: the assignments.
        period: ``weekly``, ``biweekly`` (needs ``anchor``) or ``monthly``.
        anchor: a day on which a weekly or biweekly pay period starts.
        pay: the pay rules; default: those of the practice's first ``labour_cost`` rule.

    Raises:
        ValidationError: the roster names staff or shifts the practice does not have, or the
            period needs (or forbids) an anchor.
    """
    records = [
        {
            "period_start": r.period_start,
            "period_end": r.period_end,
            "staff_id": r.staff_id,
            "staff_name": r.staff_name,
            "shifts": r.shifts,
            "hours": r.minutes / 60,
            "overtime_hours": r.overtime_minutes / 60,
            "night_hours": r.night_minutes / 60,
            "weekend_hours": r.weekend_minutes / 60,
            "hourly_wage": float("nan") if r.wage_cents is None else r.wage_cents / 100,
            "cost": float("nan") if r.cost is None else float(r.cost),
        }
        for r in _rows(practice, roster, period, anchor, pay)
    ]
    frame = pd.DataFrame(records, columns=list(PAYROLL_COLUMNS))
    floats = ["hours", "overtime_hours", "night_hours", "weekend_hours", "hourly_wage", "cost"]
    return frame.astype({"shifts": "int64", **dict.fromkeys(floats, "float64")})


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.2f}"


def payroll_csv_text(
    practice: Practice,
    roster: Roster,
    *,
    period: PayPeriod = "weekly",
    anchor: date | None = None,
    pay: PayRules | None = None,
    delimiter: str = ",",
) -> str:
    """The payroll summary as CSV text, one row per person per pay period.

    The columns are those of :func:`payroll_frame`. Hours are written with two decimals
    (``7.50``), money with two decimals (``1234.56``); wage and cost are empty for people
    without a wage. Every text cell passes :func:`~rosterkit.adapters.csv_io.safe_cell`, so a
    spreadsheet shows it as written and never runs it as a formula.

    Raises:
        ValidationError: as :func:`payroll_frame`, or ``delimiter`` is not ``","`` or ``";"``.
    """
    if delimiter not in _DELIMITERS:
        raise ValidationError(f"delimiter must be ',' or ';', not {delimiter!r}")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(PAYROLL_COLUMNS)
    for r in _rows(practice, roster, period, anchor, pay):
        wage = None if r.wage_cents is None else f"{r.wage_cents / 100:.2f}"
        cells: list[object] = [
            r.period_start,
            r.period_end,
            r.staff_id,
            r.staff_name,
            r.shifts,
            _hours(r.minutes),
            _hours(r.overtime_minutes),
            _hours(r.night_minutes),
            _hours(r.weekend_minutes),
            wage,
            None if r.cost is None else f"{r.cost:.2f}",
        ]
        writer.writerow([safe_cell(c) for c in cells])
    return buffer.getvalue()


def write_payroll_csv(
    practice: Practice,
    roster: Roster,
    path: str | Path,
    *,
    period: PayPeriod = "weekly",
    anchor: date | None = None,
    pay: PayRules | None = None,
    delimiter: str = ",",
    bom: bool = False,
) -> Path:
    """Write :func:`payroll_csv_text` to ``path`` atomically, UTF-8.

    Args:
        practice: the practice the roster belongs to.
        roster: the assignments.
        path: the file to write; its directory must exist.
        period: ``weekly``, ``biweekly`` (needs ``anchor``) or ``monthly``.
        anchor: a day on which a weekly or biweekly pay period starts.
        pay: the pay rules; default: those of the practice's first ``labour_cost`` rule.
        delimiter: ``","`` or ``";"``.
        bom: start the file with a UTF-8 byte order mark, so Excel reads accents right.

    Returns:
        The path written.

    Raises:
        ValidationError: as :func:`payroll_frame`.
        ExportError: the file cannot be written; nothing partial is left behind.
    """
    text = payroll_csv_text(
        practice, roster, period=period, anchor=anchor, pay=pay, delimiter=delimiter
    )
    return atomic_write_text(path, _BOM + text if bom else text)
