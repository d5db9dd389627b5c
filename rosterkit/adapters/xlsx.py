"""The roster as an Excel workbook: a long sheet and a grid sheet, text that is never a formula.

Every text cell is written as a string cell with Excel's "quote prefix" set, so a staff name
such as ``=HYPERLINK(...)`` is shown as text and stays text when someone edits the cell. Numbers
are numbers and dates are dates.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rosterkit.adapters.files import atomic_write_bytes, require_known
from rosterkit.model import Roster
from rosterkit.rules import Practice

__all__ = ["GRID_SHEET", "ROSTER_SHEET", "roster_workbook", "write_roster_xlsx"]

ROSTER_SHEET = "Roster"
"""The long sheet: one row per assignment, the columns of ``roster.csv``."""
GRID_SHEET = "Grid"
"""The grid sheet: one row per staff member, one column per date, total hours."""

_HEADER = ("staff_id", "staff_name", "date", "shift_id", "start", "end", "hours", "role")
_DATE_FORMAT = "yyyy-mm-dd"
# A fixed time for the workbook's own properties when no stamp is given: the file is then the
# same for the same roster.
_EPOCH = datetime(2000, 1, 1)
_WIDTH = {"staff_id": 14, "staff_name": 24, "date": 12, "shift_id": 12, "start": 27, "end": 27}

Value = str | float | int | date | None


def roster_workbook(practice: Practice, roster: Roster, *, stamp: datetime | None = None) -> bytes:
    """The roster as ``.xlsx`` bytes: sheets :data:`ROSTER_SHEET` and :data:`GRID_SHEET`.

    The long sheet has the columns of ``roster.csv``: ``date`` is a date cell; ``start`` and
    ``end`` are ISO 8601 text with their UTC offset (Excel has no time zones, so a date-time
    cell would lose the offset); ``hours`` is a number. The grid sheet has ``staff_id``,
    ``name``, one column per day (shift ids joined with ``+``) and ``hours``.

    Args:
        practice: the practice the roster belongs to.
        roster: the assignments.
        stamp: the workbook's created/modified time (default: a fixed time, so that the same
            roster gives the same file).

    Raises:
        ValidationError: the roster names staff or shifts the practice does not have.
    """
    require_known(practice, roster)
    book = Workbook()
    long_sheet = book.active
    assert isinstance(long_sheet, Worksheet)
    long_sheet.title = ROSTER_SHEET
    _long(long_sheet, practice, roster)
    _grid(book.create_sheet(GRID_SHEET), practice, roster)
    moment = (stamp or _EPOCH).replace(tzinfo=None, microsecond=0)
    book.properties.creator = "rosterkit"
    book.properties.created = moment
    book.properties.modified = moment
    buffer = io.BytesIO()
    book.save(buffer)
    return _reproducible(buffer.getvalue(), moment)


def write_roster_xlsx(
    practice: Practice, roster: Roster, path: str | Path, *, stamp: datetime | None = None
) -> Path:
    """Write :func:`roster_workbook` to ``path`` atomically.

    Returns:
        The path written.

    Raises:
        ExportError: the file cannot be written; nothing partial is left behind.
    """
    return atomic_write_bytes(path, roster_workbook(practice, roster, stamp=stamp))


def _long(sheet: Worksheet, practice: Practice, roster: Roster) -> None:
    _row(sheet, 1, list(_HEADER))
    staff, shifts = practice.index.staff, practice.index.shifts
    for number, a in enumerate(roster, 2):
        person = staff[a.staff_id]
        needed = shifts[a.shift_id].skills
        role = next((s for s in person.skills if not needed or s in needed), person.skills[0])
        values: list[Value] = [
            a.staff_id,
            person.name,
            a.date,
            a.shift_id,
            a.start.isoformat(),
            a.end.isoformat(),
            round(a.hours, 4),
            role,
        ]
        _row(sheet, number, values)
    for i, name in enumerate(_HEADER, 1):
        sheet.column_dimensions[get_column_letter(i)].width = _WIDTH.get(name, 10)
    sheet.freeze_panes = "A2"


def _grid(sheet: Worksheet, practice: Practice, roster: Roster) -> None:
    dates = practice.index.calendar.dates
    column = {day: i for i, day in enumerate(dates)}
    cells: dict[str, list[list[str]]] = {s.id: [[] for _ in dates] for s in practice.staff}
    hours: dict[str, float] = {s.id: 0.0 for s in practice.staff}
    for a in sorted(roster, key=lambda a: (a.start.timestamp(), a.shift_id)):
        cells[a.staff_id][column[a.date]].append(a.shift_id)
        hours[a.staff_id] += a.hours
    # Date headers are text: a header row of date cells would be shown in the user's locale
    # and read back as numbers by some tools.
    _row(sheet, 1, ["staff_id", "name", *(d.isoformat() for d in dates), "hours"])
    for number, person in enumerate(practice.staff, 2):
        worked: list[Value] = ["+".join(ids) or None for ids in cells[person.id]]
        _row(sheet, number, [person.id, person.name, *worked, round(hours[person.id], 4)])
    sheet.freeze_panes = "C2"


def _row(sheet: Worksheet, number: int, values: list[Value]) -> None:
    for i, value in enumerate(values, 1):
        cell = sheet.cell(number, i)
        if value is None:
            continue
        if isinstance(value, str):
            cell.value = _text(value)
            # openpyxl makes any text starting with '=' a formula; a string cell never is one,
            # and the quote prefix keeps it text when someone edits the cell in Excel.
            cell.data_type = "s"
            cell.quotePrefix = True
        elif isinstance(value, date):
            cell.value = value
            cell.number_format = _DATE_FORMAT
        else:
            cell.value = value


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _reproducible(data: bytes, moment: datetime) -> bytes:
    """The workbook with every zip entry dated ``moment`` and its properties modified at
    ``moment`` (openpyxl stamps both with the time of saving, whatever the workbook says)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            target.writestr(entry, content)
    return buffer.getvalue()


def _text(value: str) -> str:
    """Text without the control characters that the XLSX format cannot hold."""
    return "".join(c for c in value if c in "\t\n" or unicodedata.category(c) not in ("Cc", "Cs"))
