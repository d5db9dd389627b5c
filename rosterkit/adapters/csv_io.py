"""Rosters as CSV: the long roster file and the staff-by-date grid, written safe for spreadsheets.

Every text cell passes :func:`safe_cell`, so a staff name such as ``=HYPERLINK(...)`` is shown as
text by Excel or LibreOffice instead of being run as a formula. The roster file reads back with
:func:`read_roster_csv`.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rosterkit.adapters.files import atomic_write_text, require_known
from rosterkit.adapters.frame import ROSTER_COLUMNS, roster_frame
from rosterkit.errors import RosterFileError
from rosterkit.model import Assignment, Roster
from rosterkit.rules import Practice

__all__ = [
    "GRID_FIXED_COLUMNS",
    "REQUIRED_COLUMNS",
    "ROSTER_COLUMNS",
    "grid_csv_text",
    "read_roster_csv",
    "roster_csv_text",
    "safe_cell",
    "write_grid_csv",
    "write_roster_csv",
]

REQUIRED_COLUMNS: tuple[str, ...] = ("staff_id", "date", "shift_id")
"""Columns :func:`read_roster_csv` needs; ``start`` and ``end`` are checked when present."""

GRID_FIXED_COLUMNS: tuple[str, ...] = ("staff_id", "name")
"""The grid's first columns; one column per date and a final ``hours`` column follow."""

# OWASP "CSV injection": a spreadsheet treats a cell starting with these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_LINE_END = "\n"
_DELIMITERS = (",", ";")
_BOM = "\ufeff"
_SHOWN_IDS = 8


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as written and never evaluates.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    ``'`` (the OWASP advice against formula injection). Numbers are written as numbers, so a
    negative number stays a number. ``None`` is an empty cell.

    Args:
        value: text, a number, a date or None.

    Returns:
        The cell's text, before CSV quoting (the csv module adds quotes where needed).
    """
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value)
    text = value.isoformat() if isinstance(value, date | datetime) else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _number(value: float) -> str:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv_text(rows: Iterable[Sequence[object]], delimiter: str) -> str:
    if delimiter not in _DELIMITERS:
        raise ValueError(f"delimiter must be ',' or ';', not {delimiter!r}")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=_LINE_END)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


def roster_csv_text(practice: Practice, roster: Roster, *, delimiter: str = ",") -> str:
    """The roster as CSV text: one row per assignment, in roster order.

    Columns: ``staff_id, staff_name, date, shift_id, start, end, hours, role``. ``start`` and
    ``end`` are ISO 8601 with their UTC offset in the practice's zone; ``hours`` is the real
    elapsed time (a shift across a daylight-saving change is an hour shorter or longer).

    Args:
        practice: the practice the roster belongs to.
        roster: the assignments.
        delimiter: ``","`` or ``";"`` (for spreadsheets set up for a decimal comma).

    Raises:
        ValidationError: the roster names staff or shifts the practice does not have.
    """
    require_known(practice, roster)
    frame = roster_frame(practice, roster)
    records: list[dict[Any, Any]] = frame.to_dict(orient="records")
    rows: list[list[object]] = [list(ROSTER_COLUMNS)]
    for record in records:
        rows.append(
            [
                record["staff_id"],
                record["staff_name"],
                record["date"],
                record["shift_id"],
                record["start"].isoformat(),
                record["end"].isoformat(),
                float(record["hours"]),
                record["role"],
            ]
        )
    return _csv_text(rows, delimiter)


def grid_csv_text(practice: Practice, roster: Roster, *, delimiter: str = ",") -> str:
    """The roster as a staff-by-date grid, for people to read.

    Columns: ``staff_id, name``, one per horizon date (ISO date header) holding the shift ids
    worked that day joined with ``+`` (in order of start time; empty when off), and ``hours``,
    the person's total real hours. One row per staff member, in practice order.

    Args:
        practice: the practice the roster belongs to.
        roster: the assignments.
        delimiter: ``","`` or ``";"``.

    Raises:
        ValidationError: the roster names staff or shifts the practice does not have.
    """
    require_known(practice, roster)
    dates = practice.index.calendar.dates
    column = {day: i for i, day in enumerate(dates)}
    by_start = sorted(roster, key=lambda a: (a.start.timestamp(), a.shift_id))
    cells: dict[str, list[list[str]]] = {s.id: [[] for _ in dates] for s in practice.staff}
    hours: dict[str, float] = {s.id: 0.0 for s in practice.staff}
    for a in by_start:
        cells[a.staff_id][column[a.date]].append(a.shift_id)
        hours[a.staff_id] += a.hours
    rows: list[list[object]] = [[*GRID_FIXED_COLUMNS, *dates, "hours"]]
    for person in practice.staff:
        worked = ["+".join(ids) for ids in cells[person.id]]
        rows.append([person.id, person.name, *worked, round(hours[person.id], 4)])
    return _csv_text(rows, delimiter)


def write_roster_csv(
    practice: Practice,
    roster: Roster,
    path: str | Path,
    *,
    delimiter: str = ",",
    bom: bool = False,
) -> Path:
    """Write :func:`roster_csv_text` to ``path`` atomically, UTF-8.

    Args:
        practice: the practice the roster belongs to.
        roster: the assignments.
        path: the file to write; its directory must exist.
        delimiter: ``","`` or ``";"``.
        bom: start the file with a UTF-8 byte order mark, so Excel reads accents right.

    Returns:
        The path written.

    Raises:
        ExportError: the file cannot be written; nothing partial is left behind.
    """
    text = roster_csv_text(practice, roster, delimiter=delimiter)
    return atomic_write_text(path, _BOM + text if bom else text)


def write_grid_csv(
    practice: Practice,
    roster: Roster,
    path: str | Path,
    *,
    delimiter: str = ",",
    bom: bool = False,
) -> Path:
    """Write :func:`grid_csv_text` to ``path`` atomically, UTF-8.

    Args:
        practice: the practice the roster belongs to.
        roster: the assignments.
        path: the file to write; its directory must exist.
        delimiter: ``","`` or ``";"``.
        bom: start the file with a UTF-8 byte order mark, so Excel reads accents right.

    Returns:
        The path written.

    Raises:
        ExportError: the file cannot be written; nothing partial is left behind.
    """
    text = grid_csv_text(practice, roster, delimiter=delimiter)
    return atomic_write_text(path, _BOM + text if bom else text)


# ------------------------------------------------------------------------------------ reading


@dataclass(frozen=True)
class _Row:
    """One data row of a roster CSV: where it is, and its cells by column name."""

    file: Path
    line: int
    cells: dict[str, str]

    def error(self, column: str, problem: str, *, hint: str) -> RosterFileError:
        """An error naming the file, the line, the column and the value found there."""
        value = self.cells.get(column, "")
        return RosterFileError(
            f"{self.file}:{self.line}: column {column!r}: {problem} (got {value!r})", hint=hint
        )


def read_roster_csv(practice: Practice, path: str | Path) -> Roster:
    """Read a roster CSV written by :func:`write_roster_csv` (or by hand, or by a spreadsheet).

    Needs the columns ``staff_id``, ``date`` and ``shift_id``; ``start`` and ``end``, when
    present and filled in, must be the real times of that shift in the practice. Other columns
    are ignored. A byte order mark, a ``;`` delimiter and the leading ``'`` that
    :func:`safe_cell` adds are accepted. Staff may be given shifts they are not eligible for:
    that is not a reading error, the checker reports it (rule ``eligibility``).

    Args:
        practice: the practice whose staff, shifts and horizon the file refers to.
        path: the CSV file.

    Returns:
        The roster, in canonical order.

    Raises:
        RosterFileError: the file cannot be read, lacks a required column, or a row names an
            unknown staff id or shift, a bad date or one outside the horizon, a shift that does
            not run that day, times that are not the shift's, or repeats an earlier row. The
            message names the file, the line, the column and the value.
    """
    file = Path(path)
    seen: dict[tuple[str, date, str], int] = {}
    out: list[Assignment] = []
    for row in _rows(file, _read_text(file)):
        a = _assignment(practice, row)
        key = (a.staff_id, a.date, a.shift_id)
        if key in seen:
            raise row.error(
                "shift_id",
                f"repeats line {seen[key]} ({a.staff_id} on {a.date})",
                hint="remove one of the two rows",
            )
        seen[key] = row.line
        out.append(a)
    return Roster.of(out)


def _read_text(file: Path) -> str:
    try:
        data = file.read_bytes()
    except FileNotFoundError as exc:
        raise RosterFileError(f"{file}: no such file", hint="check the path") from exc
    except OSError as exc:
        raise RosterFileError(f"{file}: cannot read: {exc.strerror or exc}") from exc
    try:
        # utf-8-sig: Excel's "CSV UTF-8" starts the file with a byte order mark.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterFileError(
            f"{file}: byte {exc.start} is not UTF-8",
            hint="save the file as 'CSV UTF-8' in your spreadsheet program",
        ) from exc


def _header(file: Path, first_line: str) -> tuple[list[str], str]:
    """The column names and the delimiter (the one that finds ``staff_id``)."""
    if not first_line.strip():
        raise RosterFileError(
            f"{file}:1: the first line is empty, expected a header",
            hint=f"start the file with {','.join(ROSTER_COLUMNS)}",
        )
    for delimiter in _DELIMITERS:
        names = next(csv.reader([first_line], delimiter=delimiter))
        header = [name.strip().lower() for name in names]
        if "staff_id" in header:
            break
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise RosterFileError(
            f"{file}:1: column {missing[0]!r}: missing from the header "
            f"(got {first_line.strip()!r})",
            hint=f"the header needs {', '.join(REQUIRED_COLUMNS)}, separated by ',' or ';'",
        )
    return header, delimiter


def _clean(cell: str) -> str:
    # Undo safe_cell's neutralising quote; spreadsheet users also type '2026-03-01 by hand.
    text = cell.strip()
    return text[1:].strip() if text.startswith("'") else text


def _rows(file: Path, text: str) -> list[_Row]:
    lines = text.splitlines()
    header, delimiter = _header(file, lines[0] if lines else "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader)
    rows: list[_Row] = []
    # reader.line_num counts physical lines, so a quoted cell spanning lines keeps them right.
    line = reader.line_num + 1
    for cells in reader:
        if any(c.strip() for c in cells):
            padded = cells + [""] * (len(header) - len(cells))
            named = {name: _clean(padded[i]) for i, name in enumerate(header)}
            rows.append(_Row(file, line, named))
        line = reader.line_num + 1
    return rows


def _known(ids: Iterable[str]) -> str:
    options = list(ids)
    more = len(options) - _SHOWN_IDS
    return ", ".join(options[:_SHOWN_IDS]) + (f" and {more} more" if more > 0 else "")


def _assignment(practice: Practice, row: _Row) -> Assignment:
    index = practice.index
    cal = index.calendar
    staff_id, raw_date, shift_id = (row.cells[c] for c in REQUIRED_COLUMNS)
    if staff_id not in index.staff:
        raise row.error(
            "staff_id", "unknown staff id", hint=f"known staff ids: {_known(index.staff)}"
        )
    try:
        day = date.fromisoformat(raw_date)
    except ValueError as exc:
        raise row.error("date", "not a date", hint="write dates as YYYY-MM-DD") from exc
    day_index = cal.day_index(day)
    if day_index is None:
        raise row.error(
            "date",
            "outside the practice's horizon",
            hint=f"the horizon runs from {cal.dates[0]} to {cal.dates[-1]}",
        )
    if shift_id not in index.shifts:
        raise row.error(
            "shift_id", "unknown shift id", hint=f"known shift ids: {_known(index.shifts)}"
        )
    inst = cal.instance(day_index, shift_id)
    if inst is None:
        days = ", ".join(index.shifts[shift_id].days)
        raise row.error(
            "shift_id", f"does not run on {day:%A} {day}", hint=f"{shift_id} runs on {days}"
        )
    _check_time(row, "start", inst.start)
    _check_time(row, "end", inst.end)
    return Assignment(day, shift_id, staff_id, inst.start, inst.end)


def _check_time(row: _Row, column: str, real: datetime) -> None:
    """A ``start`` or ``end`` cell, if given, must be the shift's real time (any UTC offset)."""
    raw = row.cells.get(column, "")
    if not raw:
        return
    expected = f"{row.cells['shift_id']} on {row.cells['date']} {column}s at {real.isoformat()}"
    try:
        given = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise row.error(
            column,
            "not an ISO 8601 date-time",
            hint=f"{expected}; or leave the {column} cell empty",
        ) from exc
    if given.utcoffset() is None:
        raise row.error(
            column, "has no UTC offset", hint=f"{expected}; or leave the {column} cell empty"
        )
    if given != real:
        raise row.error(
            column,
            "is not the shift's real time",
            hint=f"{expected}; a roster file cannot move a shift",
        )
