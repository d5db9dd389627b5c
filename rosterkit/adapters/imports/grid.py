"""The staff-by-date availability grid (CSV or XLSX): a row per person, a column per date, codes.

Codes are configurable; by default ``X`` is unavailable, ``V`` approved leave (vacation),
``R`` requested leave, and every shift id means "would like to work this shift". Consecutive
days of leave with the same code become one leave entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import pydantic
from pydantic import BaseModel, ConfigDict, Field, model_validator

from rosterkit.adapters.imports._entries import (
    KINDS,
    EntryKind,
    Spec,
    build_entry,
    known,
    parse_kind,
)
from rosterkit.adapters.imports._table import Row, Table, read_table, table_from_frame
from rosterkit.adapters.imports.summary import Imported, Tally
from rosterkit.errors import ImportFileError, InputError
from rosterkit.model import Identifier
from rosterkit.rules import Practice

__all__ = [
    "DEFAULT_CODES",
    "GridCode",
    "grid_from_frame",
    "grid_from_table",
    "read_grid",
    "resolve_codes",
]

_STAFF_COLUMNS = ("staff_id", "staff", "id")
_DAY = timedelta(days=1)


class GridCode(BaseModel):
    """What a code in a grid cell means: an availability kind, and optionally a window or shift.

    In a practice file a code is either a kind (``unavailable``, ``preferred``, ``undesired``,
    ``leave``, ``leave approved``, ``leave requested``) or a mapping such as
    ``{kind: preferred, start: "07:00", end: "13:00"}`` or ``{kind: undesired, shift: night}``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    kind: EntryKind
    status: Literal["approved", "requested"] = "approved"
    shift: Identifier | None = None
    start: time | None = None
    end: time | None = None
    weight: int | None = Field(default=None, ge=0, le=10**9)
    hard: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            parsed = parse_kind(data)
            if parsed is None:
                raise ValueError(f"unknown kind {data!r}; kinds: {', '.join(KINDS)}")
            return {"kind": parsed[0], "status": parsed[1]}
        if isinstance(data, dict) and isinstance(data.get("kind"), str):
            parsed = parse_kind(data["kind"])
            if parsed is not None and parsed[0] == "leave" and parsed[1] == "requested":
                return {**data, "kind": "leave", "status": "requested"}
            if parsed is not None:
                return {**data, "kind": parsed[0]}
        return data

    @model_validator(mode="after")
    def _shape(self) -> GridCode:
        if self.kind == "leave" and (self.shift or self.start or self.end):
            raise ValueError("leave is taken in whole days: leave out shift, start and end")
        if (self.start is None) != (self.end is None):
            raise ValueError("give both start and end, or neither")
        if self.shift is not None and self.start is not None:
            raise ValueError("give either a shift or start and end, not both")
        return self


DEFAULT_CODES: Mapping[str, GridCode] = {
    "X": GridCode(kind="unavailable"),
    "V": GridCode(kind="leave", status="approved"),
    "R": GridCode(kind="leave", status="requested"),
}
"""Codes every grid understands (shift ids are added: a shift id means "preferred shift")."""


def resolve_codes(
    practice: Practice, codes: Mapping[str, GridCode | str | Mapping[str, Any]] | None = None
) -> dict[str, tuple[str, GridCode]]:
    """Every code a grid may use, by its case-folded spelling: (spelling, meaning).

    The defaults come first, then one code per shift id (``preferred`` that shift), then
    ``codes``, each overriding what came before.

    Raises:
        InputError: a code in ``codes`` is not valid, or names an unknown shift.
    """
    table: dict[str, tuple[str, GridCode]] = {}
    for spelling, code in DEFAULT_CODES.items():
        table[spelling.casefold()] = (spelling, code)
    for shift in practice.shifts:
        table[shift.id.casefold()] = (shift.id, GridCode(kind="preferred", shift=shift.id))
    for spelling, raw in (codes or {}).items():
        text = str(spelling).strip()
        if not text:
            raise InputError("grid codes: a code is empty", hint="give every code a name")
        try:
            code = raw if isinstance(raw, GridCode) else GridCode.model_validate(raw)
        except pydantic.ValidationError as exc:
            message = str(exc.errors(include_url=False)[0]["msg"]).removeprefix("Value error, ")
            raise InputError(f"grid code {text!r}: {message} (got {raw!r})") from exc
        if code.shift is not None and code.shift not in practice.index.shifts:
            raise InputError(f"grid code {text!r}: unknown shift {code.shift!r}")
        table[text.casefold()] = (text, code)
    return table


def read_grid(
    practice: Practice,
    path: str | Path,
    *,
    codes: Mapping[str, GridCode | str | Mapping[str, Any]] | None = None,
    sheet: str | None = None,
    delimiter: str | None = None,
    shown: str | None = None,
) -> Imported:
    """Read a staff-by-date grid (CSV or XLSX) of availability codes.

    The header has ``staff_id`` and one column per date (``YYYY-MM-DD``, or a date cell in a
    workbook); other columns (``name``, ``notes``) are listed in the summary as unused. Empty
    cells mean nothing; codes are matched ignoring case. Cells on dates outside the horizon
    (with a day's margin) are counted as ignored.

    Args:
        practice: the practice whose staff, shifts and horizon the grid refers to.
        path: the file.
        codes: extra codes, or new meanings for default ones (see :func:`resolve_codes`).
        sheet: the XLSX sheet (default: the first).
        delimiter: the CSV delimiter (default: found from the header).
        shown: how to name the file in messages and the summary.

    Raises:
        ImportFileError: the file cannot be read, has no staff_id column, a header looks like
            a date but is not ``YYYY-MM-DD``, a staff id is unknown, or a cell holds an unknown
            code; the message names the file, the row, the column (the date) and the value.
        InputError: a code in ``codes`` is not valid, or names an unknown shift.
    """
    table = read_table(Path(path), shown=shown, sheet=sheet, delimiter=delimiter)
    return grid_from_table(practice, table, codes=codes)


def grid_from_frame(
    practice: Practice,
    frame: pd.DataFrame,
    *,
    codes: Mapping[str, GridCode | str | Mapping[str, Any]] | None = None,
) -> Imported:
    """A grid from a DataFrame: a ``staff_id`` column and one column per date."""
    return grid_from_table(practice, table_from_frame(frame), codes=codes)


def grid_from_table(
    practice: Practice,
    table: Table,
    *,
    codes: Mapping[str, GridCode | str | Mapping[str, Any]] | None = None,
) -> Imported:
    """A grid from a table already read (see :func:`read_grid`)."""
    known_codes = resolve_codes(practice, codes)
    staff_column = next((c for c in _STAFF_COLUMNS if c in table.columns), "staff_id")
    table.require(staff_column, hint="a grid needs a staff_id column and one column per date")
    dates = _date_columns(table)
    tally = Tally(table.source, "grid", "cells")
    tally.ignored_columns = tuple(
        table.headers[c]
        for c in table.columns
        if c not in dates and c != staff_column and not c.startswith("#")
    )
    index = practice.index
    first, last = practice.horizon.first - _DAY, practice.horizon.last + _DAY
    shown_codes = ", ".join(sorted({s for s, _ in known_codes.values()}, key=str.casefold))
    for row in table:
        staff = row.text(staff_column)
        filled = sorted((c for c in dates if row.text(c)), key=lambda c: dates[c])
        if not staff:
            if filled:
                raise row.error(staff_column, "is empty", hint="every row names a staff id")
            continue
        if staff not in index.staff:
            raise row.error(
                staff_column, "unknown staff id", hint=f"known staff ids: {known(index.staff)}"
            )
        leave_runs: list[tuple[date, date, GridCode, str]] = []
        for column in filled:
            tally.read += 1
            day = dates[column]
            code_text = row.text(column)
            found = known_codes.get(code_text.casefold())
            if found is None:
                raise row.error(column, "unknown code", hint=f"codes: {shown_codes}")
            code = found[1]
            if not first <= day <= last:
                tally.ignore("cells outside the horizon")
                continue
            where = _where(row, column, table)
            if code.kind == "leave":
                run = leave_runs[-1] if leave_runs else None
                if run is not None and run[1] + _DAY == day and run[2] == code:
                    leave_runs[-1] = (run[0], day, code, run[3])
                else:
                    leave_runs.append((day, day, code, where))
                continue
            _add(practice, tally, row, column, code, staff, day, day, where)
        for start, end, code, where in leave_runs:
            _add(practice, tally, row, None, code, staff, start, end, where)
    return tally.done()


def _add(
    practice: Practice,
    tally: Tally,
    row: Row,
    column: str | None,
    code: GridCode,
    staff: str,
    first: date,
    last: date,
    where: str,
) -> None:
    spec = Spec(
        kind=code.kind,
        staff=staff,
        first=first,
        last=last,
        status=code.status,
        start=code.start,
        end=code.end,
        shift=code.shift,
        weight=code.weight,
        hard=code.hard,
    )

    def fail(_column: str | None, problem: str, hint: str | None) -> ImportFileError:
        return row.error(column, problem, hint=hint)

    tally.add(build_entry(practice, spec, fail), where)


def _where(row: Row, column: str, table: Table) -> str:
    where = row.where(column)
    if table.sheet is None and not table.frame:
        where += f" ({table.headers[column]})"
    return where


def _date_columns(table: Table) -> dict[str, date]:
    """Columns whose header is a date; a header that starts with a digit must be one."""
    found: dict[str, date] = {}
    for column in table.columns:
        spelled = table.headers[column]
        if not spelled[:1].isdigit():
            continue
        try:
            day = date.fromisoformat(spelled[:10])
            if len(spelled) > 10 and spelled[10:] not in ("T00:00:00", " 00:00:00"):
                raise ValueError(spelled)
        except ValueError as exc:
            raise table.header_error(
                spelled, "not a date", hint="write date headers as YYYY-MM-DD, e.g. 2026-12-24"
            ) from exc
        if day in found.values():
            raise table.header_error(spelled, f"a second column for {day}", hint="merge them")
        found[column] = day
    if not found:
        raise ImportFileError(
            f"{table.where(None)}: no date columns in the header",
            hint="give one column per day, headed YYYY-MM-DD",
        )
    return found
