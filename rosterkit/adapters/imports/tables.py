"""The staff list and the long availability table: from CSV, XLSX or a DataFrame; back to frames.

Staff table columns: ``id`` (or ``staff_id``), ``name``, ``skills`` (separated by spaces,
``,``, ``;`` or ``|``), and optionally ``min_hours_per_week``, ``max_hours_per_week``,
``min_hours``, ``max_hours``, ``max_shifts``, ``hourly_wage``, ``time_zone``, ``start_date``,
``end_date``.

Availability table columns: ``staff_id``, ``kind`` (unavailable, preferred, undesired, leave,
leave approved, leave requested), the days as ``date`` or ``start_date`` + ``end_date`` (or
``weekdays`` alone for every such day of the horizon), and optionally ``start`` + ``end`` (a
time window) or ``shift``, ``weekdays``, ``weight``, ``hard``, ``reason`` (leave only), ``id``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pydantic

from rosterkit.adapters.imports._entries import (
    KINDS,
    Spec,
    build_entry,
    in_reach,
    parse_kind,
    weekdays_of,
)
from rosterkit.adapters.imports._table import Row, Table, read_table, table_from_frame
from rosterkit.adapters.imports.summary import Imported, Tally
from rosterkit.errors import ImportFileError
from rosterkit.model import Staff
from rosterkit.rules import Leave, Practice, Preferred, Unavailable, Undesired

__all__ = [
    "AVAILABILITY_COLUMNS",
    "STAFF_COLUMNS",
    "availability_frame",
    "availability_from_frame",
    "availability_from_table",
    "read_availability",
    "read_staff",
    "staff_frame",
    "staff_from_frame",
    "staff_from_table",
]

STAFF_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "skills",
    "min_hours_per_week",
    "max_hours_per_week",
    "min_hours",
    "max_hours",
    "max_shifts",
    "hourly_wage",
    "time_zone",
    "start_date",
    "end_date",
)
"""The columns of a staff table (``staff_id`` is accepted for ``id``)."""

AVAILABILITY_COLUMNS: tuple[str, ...] = (
    "staff_id",
    "kind",
    "date",
    "start_date",
    "end_date",
    "weekdays",
    "start",
    "end",
    "shift",
    "weight",
    "hard",
    "reason",
    "id",
)
"""The columns of a long availability table (``staff`` is accepted for ``staff_id``)."""

_CONTRACT = ("min_hours_per_week", "max_hours_per_week", "min_hours", "max_hours", "max_shifts")
_LIST_SEPARATORS = re.compile(r"[\s,;|]+")
_STAFF_ALIASES = {"staff_id": "id"}
_AVAILABILITY_ALIASES = {"staff": "staff_id", "start_time": "start", "end_time": "end"}


def _rename(table: Table, aliases: dict[str, str], columns: tuple[str, ...]) -> Table:
    """Accept alternative column names, unless the file also has the main one."""
    renamed: dict[str, str] = {}
    for old, new in aliases.items():
        if old in table.columns and new in columns and new not in table.columns:
            renamed[old] = new
    if not renamed:
        return table
    cols = tuple(renamed.get(c, c) for c in table.columns)
    headers = {renamed.get(k, k): v for k, v in table.headers.items()}
    letters = {renamed.get(k, k): v for k, v in table.letters.items()}
    out = Table(
        table.source,
        cols,
        headers,
        sheet=table.sheet,
        letters=letters,
        frame=table.frame,
        header_line=table.header_line,
    )
    rows = tuple(
        Row(out, r.number, {renamed.get(k, k): v for k, v in r.cells.items()}, r.label)
        for r in table.rows
    )
    return Table(
        out.source,
        cols,
        headers,
        rows,
        sheet=out.sheet,
        letters=letters,
        frame=out.frame,
        header_line=out.header_line,
    )


def _unused(table: Table, columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        table.headers[c] for c in table.columns if c not in columns and not c.startswith("#")
    )


# ------------------------------------------------------------------------------------- staff


def read_staff(
    path: str | Path,
    *,
    sheet: str | None = None,
    delimiter: str | None = None,
    shown: str | None = None,
) -> Imported:
    """Read a staff list from a CSV or XLSX file (columns: :data:`STAFF_COLUMNS`).

    Args:
        path: the file.
        sheet: the XLSX sheet (default: the first).
        delimiter: the CSV delimiter (default: found from the header).
        shown: how to name the file in messages and the summary.

    Raises:
        ImportFileError: the file cannot be read, a column is missing, an id repeats, or a
            cell is invalid; the message names the file, the row, the column and the value.
    """
    return staff_from_table(read_table(Path(path), shown=shown, sheet=sheet, delimiter=delimiter))


def staff_from_frame(frame: pd.DataFrame) -> Imported:
    """Staff from a DataFrame with the columns of :data:`STAFF_COLUMNS`."""
    return staff_from_table(table_from_frame(frame))


def staff_from_table(table: Table) -> Imported:
    """Staff from a table already read (see :func:`read_staff`)."""
    table = _rename(table, _STAFF_ALIASES, STAFF_COLUMNS)
    table.require("id", "name", "skills", hint="a staff table needs id, name and skills")
    tally = Tally(table.source, "staff", "rows")
    tally.ignored_columns = _unused(table, STAFF_COLUMNS)
    seen: dict[str, str] = {}
    for row in table:
        tally.read += 1
        person = _staff(row)
        if person.id in seen:
            raise row.error(
                "id", f"repeats the staff id of {seen[person.id]}", hint="ids are unique"
            )
        seen[person.id] = row.where()
        tally.add(person, row.where())
    return tally.done()


def _staff(row: Row) -> Staff:
    data: dict[str, Any] = {
        "id": row.text("id"),
        "name": row.text("name"),
        "skills": [s for s in _LIST_SEPARATORS.split(row.text("skills")) if s],
    }
    contract = {c: row.decimal(c) for c in _CONTRACT if row.raw(c) is not None}
    if "max_shifts" in contract:
        contract["max_shifts"] = row.integer("max_shifts")
    if contract:
        data["contract"] = contract
    if row.raw("hourly_wage") is not None:
        data["hourly_wage"] = row.decimal("hourly_wage")
    if row.text("time_zone"):
        data["time_zone"] = row.text("time_zone")
    for column in ("start_date", "end_date"):
        day = row.day(column)
        if day is not None:
            data[column] = day
    try:
        return Staff.model_validate(data)
    except pydantic.ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = [str(p) for p in first["loc"]]
        field = next((p for p in reversed(loc) if p in STAFF_COLUMNS), None)
        message = str(first["msg"]).removeprefix("Value error, ")
        raise row.error(field, message) from exc


def staff_frame(practice: Practice) -> pd.DataFrame:
    """The practice's staff as a table with the columns of :data:`STAFF_COLUMNS`.

    Skills are joined with spaces. :func:`staff_from_frame` reads it back.
    """
    rows = []
    for person in practice.staff:
        rows.append(
            {
                "id": person.id,
                "name": person.name,
                "skills": " ".join(person.skills),
                **{c: getattr(person.contract, c) for c in _CONTRACT},
                "hourly_wage": person.hourly_wage,
                "time_zone": person.time_zone,
                "start_date": person.start_date,
                "end_date": person.end_date,
            }
        )
    return pd.DataFrame(rows, columns=list(STAFF_COLUMNS))


# ------------------------------------------------------------------------------ availability


def read_availability(
    practice: Practice,
    path: str | Path,
    *,
    sheet: str | None = None,
    delimiter: str | None = None,
    shown: str | None = None,
) -> Imported:
    """Read a long availability table (CSV or XLSX; columns: :data:`AVAILABILITY_COLUMNS`).

    Each row becomes one ``Unavailable``, ``Preferred``, ``Undesired`` or ``Leave`` entry for
    ``practice``. Rows whose days all lie outside the horizon (with a day's margin) are counted
    in the summary as ``outside the horizon`` and not imported.

    Args:
        practice: the practice whose staff, shifts and horizon the rows refer to.
        path: the file.
        sheet: the XLSX sheet (default: the first).
        delimiter: the CSV delimiter (default: found from the header).
        shown: how to name the file in messages and the summary.

    Raises:
        ImportFileError: the file cannot be read, a column is missing, or a row is invalid;
            the message names the file, the row, the column and the value.
    """
    table = read_table(Path(path), shown=shown, sheet=sheet, delimiter=delimiter)
    return availability_from_table(practice, table)


def availability_from_frame(practice: Practice, frame: pd.DataFrame) -> Imported:
    """Availability from a DataFrame with the columns of :data:`AVAILABILITY_COLUMNS`."""
    return availability_from_table(practice, table_from_frame(frame))


def availability_from_table(practice: Practice, table: Table) -> Imported:
    """Availability from a table already read (see :func:`read_availability`)."""
    table = _rename(table, _AVAILABILITY_ALIASES, AVAILABILITY_COLUMNS)
    table.require("staff_id", "kind", hint="an availability table needs staff_id and kind")
    if not {"date", "start_date", "weekdays"} & set(table.columns):
        table.require("date", hint="give the days as date, or start_date and end_date")
    tally = Tally(table.source, "availability", "rows")
    tally.ignored_columns = _unused(table, AVAILABILITY_COLUMNS)
    for row in table:
        tally.read += 1
        spec = _spec(row)
        if not in_reach(practice, spec.first, spec.last):
            tally.ignore("outside the horizon")
            continue

        def fail(
            column: str | None, problem: str, hint: str | None, row: Row = row
        ) -> ImportFileError:
            return row.error(column, problem, hint=hint)

        tally.add(build_entry(practice, spec, fail), row.where())
    return tally.done()


def _spec(row: Row) -> Spec:
    staff = row.text("staff_id")
    if not staff:
        raise row.error("staff_id", "is empty", hint="every row names a staff id")
    kind_text = row.text("kind")
    parsed = parse_kind(kind_text)
    if parsed is None:
        problem = "is empty" if not kind_text else "unknown kind"
        raise row.error("kind", problem, hint=f"kinds: {', '.join(KINDS)}")
    kind, status = parsed
    day = row.day("date")
    first, last = row.day("start_date"), row.day("end_date")
    if day is not None and (first is not None or last is not None):
        raise row.error("date", "given together with start_date/end_date", hint="give one of them")
    if day is not None:
        first = last = day
    elif (first is None) != (last is None):
        missing = "end_date" if last is None else "start_date"
        raise row.error(missing, "is empty", hint="give both start_date and end_date, or date")
    weekdays = None
    if row.text("weekdays"):
        weekdays = weekdays_of(row.text("weekdays"))
        if weekdays is None:
            raise row.error("weekdays", "not a list of weekdays", hint="write e.g. 'mon wed fri'")
    if first is None and weekdays is None:
        raise row.error("date", "is empty", hint="give date, start_date and end_date, or weekdays")
    start, end = row.clock("start"), row.clock("end")
    if (start is None) != (end is None):
        missing = "end" if end is None else "start"
        raise row.error(missing, "is empty", hint="give both start and end, or neither")
    return Spec(
        kind=kind,
        staff=staff,
        first=first,
        last=last,
        status=status,
        start=start,
        end=end,
        shift=row.text("shift") or None,
        weekdays=weekdays,
        weight=row.integer("weight"),
        hard=row.boolean("hard"),
        reason=row.text("reason") or None,
        id=row.text("id") or None,
    )


def availability_frame(practice: Practice, *, reasons: bool = False) -> pd.DataFrame:
    """The practice's availability and leave as a long table (:data:`AVAILABILITY_COLUMNS`).

    :func:`availability_from_frame` reads it back to the same entries.

    Args:
        practice: the practice.
        reasons: include leave reasons. They are private: off by default, and the ``reason``
            column is then left out altogether.
    """
    columns = [c for c in AVAILABILITY_COLUMNS if reasons or c != "reason"]
    rows: list[dict[str, Any]] = []
    for entry in (*practice.availability, *practice.leave):
        rows.append(_record(entry, reasons=reasons))
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"weight": "Int64", "hard": "boolean"})


def _record(entry: Unavailable | Preferred | Undesired | Leave, *, reasons: bool) -> dict[str, Any]:
    record: dict[str, Any] = {
        "staff_id": entry.staff,
        "id": entry.id,
        "weight": entry.weight,
        "hard": entry.hard,
    }
    if isinstance(entry, Leave):
        record |= {
            "kind": f"leave {entry.status}",
            "start_date": entry.start_date,
            "end_date": entry.end_date,
        }
        if reasons:
            record["reason"] = entry.reason
        return record
    no_days = entry.date is None and entry.start_date is None
    # Without dates the entry means every listed weekday of the horizon: keep the weekdays then,
    # so that the row reads back to the same entry.
    every_day = len(entry.weekdays) == 7 and not no_days
    record |= {
        "kind": entry.kind,
        "date": entry.date,
        "start_date": entry.start_date,
        "end_date": entry.end_date,
        "weekdays": None if every_day else " ".join(entry.weekdays),
        "start": entry.start_time.strftime("%H:%M:%S") if entry.start_time else None,
        "end": entry.end_time.strftime("%H:%M:%S") if entry.end_time else None,
        "shift": entry.shift,
    }
    return record
