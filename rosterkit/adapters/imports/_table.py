"""Tables to import, from CSV, XLSX or a DataFrame: rows that know their place, and cell parsers.

Every reader of a table-shaped import (staff list, long availability, grid) goes through
:class:`Table`, so that every error names the file, the line or cell, the column and the value
in the same way.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import zip_longest
from pathlib import Path
from typing import Any

import pandas as pd

from rosterkit.errors import ImportFileError

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "Row",
    "Table",
    "clean_text",
    "read_bytes",
    "read_table",
    "table_from_frame",
]

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Import files larger than this are refused: availability never needs more."""
MAX_ROWS = 200_000
"""Tables with more data rows than this are refused."""

Cell = str | int | float | bool | date | datetime | time | timedelta | None

_DELIMITERS = (",", ";", "\t")
# The characters safe_cell neutralises with a leading quote when it exports text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"true", "yes", "y", "1", "x"}
_FALSE = {"false", "no", "n", "0", ""}


def clean_text(value: str) -> str:
    """Text as typed: stripped, without the ``'`` that a CSV export puts before ``=``, ``+``, ..."""
    text = value.strip()
    if text.startswith("'") and text[1:2] and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def read_bytes(path: Path) -> bytes:
    """The bytes of an import file, refusing missing, unreadable and oversized files.

    Raises:
        ImportFileError: the file is missing, unreadable or larger than :data:`MAX_FILE_BYTES`.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFileError(
                f"{path}: the file has {size} bytes, more than the {MAX_FILE_BYTES} allowed",
                hint="split it, or import only the planning period",
            )
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportFileError(f"{path}: no such file", hint="check the path") from exc
    except IsADirectoryError as exc:
        raise ImportFileError(f"{path}: is a directory, not a file") from exc
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read: {exc.strerror or exc}") from exc


@dataclass(frozen=True)
class Row:
    """One data row of a table: where it is, and its cells by (lower-case) column name."""

    table: Table
    number: int
    """The physical line (CSV), the sheet row (XLSX) or the index label's position (frame)."""
    cells: dict[str, Cell]
    label: str = ""
    """How the row is named in messages for frames: its index label."""

    def where(self, column: str | None = None) -> str:
        """The place of this row (and column) for messages: ``file:line``, ``file:Sheet!C4``."""
        return self.table.where(self, column)

    def raw(self, column: str) -> Cell:
        """The cell as read (None when the column is absent or the cell empty)."""
        return self.cells.get(column)

    def error(
        self, column: str | None, problem: str, *, hint: str | None = None
    ) -> ImportFileError:
        """An error naming the file, the row, the column and the value found there."""
        where = self.where(column)
        if column is None:
            return ImportFileError(f"{where}: {problem}", hint=hint)
        shown = self.table.headers.get(column, column)
        value = self.raw(column)
        got = "" if value is None else f" (got {_shown(value)!r})"
        return ImportFileError(f"{where}: column {shown!r}: {problem}{got}", hint=hint)

    def text(self, column: str) -> str:
        """The cell as text: stripped, whole numbers without ``.0``, dates in ISO form."""
        value = self.raw(column)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            return str(int(value))
        if isinstance(value, datetime | date | time):
            return value.isoformat()
        return clean_text(str(value))

    def day(self, column: str) -> date | None:
        """The cell as a date (``YYYY-MM-DD`` or a spreadsheet date), None when empty.

        Raises:
            ImportFileError: anything else, such as ``05.03.2026`` or ``3/5/2026``.
        """
        value = self.raw(column)
        if isinstance(value, datetime):
            if value.time() != time(0):
                raise self.error(column, "is a date with a time of day", hint="give a date only")
            return value.date()
        if isinstance(value, date):
            return value
        text = self.text(column)
        if not text:
            return None
        if _ISO_DATE.match(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        raise self.error(column, "not a date", hint="write dates as YYYY-MM-DD, e.g. 2026-12-24")

    def clock(self, column: str) -> time | None:
        """The cell as a wall-clock time (``HH:MM``; ``24:00`` is midnight), None when empty.

        Raises:
            ImportFileError: the cell is not a time of day.
        """
        value = self.raw(column)
        if isinstance(value, time):
            return value.replace(tzinfo=None)
        if isinstance(value, datetime):
            return value.time()
        if isinstance(value, timedelta) and timedelta(0) <= value <= timedelta(days=1):
            seconds = int(value.total_seconds()) % 86400
            return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
        text = self.text(column)
        if not text:
            return None
        found = _CLOCK.match(text)
        if found:
            hours, minutes, seconds = (int(g or 0) for g in found.groups())
            if (hours, minutes, seconds) == (24, 0, 0):
                return time(0)
            if hours < 24 and minutes < 60 and seconds < 60:
                return time(hours, minutes, seconds)
        raise self.error(column, "not a time of day", hint="write times as HH:MM, e.g. 07:30")

    def decimal(self, column: str) -> float | None:
        """The cell as a number, None when empty.

        Raises:
            ImportFileError: the cell is not a finite number.
        """
        value = self.raw(column)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if math.isfinite(value):
                return float(value)
        else:
            text = self.text(column)
            if not text:
                return None
            try:
                parsed = float(text)
            except ValueError:
                parsed = math.nan
            if math.isfinite(parsed):
                return parsed
        raise self.error(column, "not a number", hint="write a number with a '.', e.g. 37.5")

    def integer(self, column: str) -> int | None:
        """The cell as a whole number, None when empty.

        Raises:
            ImportFileError: the cell is not a whole number.
        """
        number = self.decimal(column)
        if number is None:
            return None
        if not number.is_integer():
            raise self.error(column, "not a whole number", hint="write a whole number, e.g. 5")
        return int(number)

    def boolean(self, column: str) -> bool | None:
        """The cell as yes/no (``true``/``yes``/``x``/``1`` or ``false``/``no``/``0``).

        Raises:
            ImportFileError: the cell is something else.
        """
        if self.raw(column) is None:
            return None
        text = self.text(column).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise self.error(column, "not yes or no", hint="write true or false")


@dataclass(frozen=True)
class Table:
    """A table read from a file or frame: its columns and its non-blank data rows."""

    source: str
    """The file (as given) or ``<DataFrame>``."""
    columns: tuple[str, ...]
    """Lower-case column names, in file order."""
    headers: dict[str, str]
    """Each lower-case column name's spelling in the file, for messages."""
    rows: tuple[Row, ...] = ()
    sheet: str | None = None
    header_line: int = 1
    letters: dict[str, str] = field(default_factory=dict)
    """Spreadsheet column letters by column name (XLSX only)."""
    frame: bool = False

    def where(self, row: Row | None, column: str | None = None) -> str:
        """``file:line``, ``file:Sheet!C4`` or ``<DataFrame>:row 'x'`` for messages."""
        number = self.header_line if row is None else row.number
        if self.frame:
            return f"{self.source}:row {row.label if row else 'header'}"
        if self.sheet is not None:
            letter = self.letters.get(column or "", "")
            cell = f"{letter}{number}" if letter else f"row {number}"
            return f"{self.source}:{self.sheet}!{cell}"
        return f"{self.source}:{number}"

    def header_error(
        self, column: str, problem: str, *, hint: str | None = None
    ) -> ImportFileError:
        """An error about the header row, naming the column."""
        return ImportFileError(
            f"{self.where(None, column)}: column {column!r}: {problem}", hint=hint
        )

    def require(self, *names: str, hint: str) -> None:
        """Fail unless every column in ``names`` is in the header.

        Raises:
            ImportFileError: naming the first missing column and the header found.
        """
        for name in names:
            if name not in self.columns:
                shown = ", ".join(self.headers[c] for c in self.columns) or "nothing"
                raise ImportFileError(
                    f"{self.where(None)}: column {name!r}: missing from the header (got {shown!r})",
                    hint=hint,
                )

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)


def _shown(value: Cell) -> str:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _header(
    source: str, cells: Sequence[Cell], where: str
) -> tuple[tuple[str, ...], dict[str, str]]:
    columns: list[str] = []
    headers: dict[str, str] = {}
    for i, cell in enumerate(cells):
        if isinstance(cell, datetime):
            spelled = cell.date().isoformat() if cell.time() == time(0) else cell.isoformat()
        elif isinstance(cell, date):
            spelled = cell.isoformat()
        else:
            spelled = clean_text("" if cell is None else str(cell))
        name = spelled.lower()
        if not name:
            # An unnamed column is fine only if it stays empty (checked by the row reader).
            name = f"#{i + 1}"
        if name in headers:
            raise ImportFileError(
                f"{where}: column {spelled!r}: appears twice in the header",
                hint="give every column its own name",
            )
        columns.append(name)
        headers[name] = spelled
    if not columns or all(c.startswith("#") for c in columns):
        raise ImportFileError(
            f"{where}: the header is empty", hint=f"start {source} with a header row"
        )
    return tuple(columns), headers


def read_table(
    path: Path,
    *,
    shown: str | None = None,
    sheet: str | None = None,
    delimiter: str | None = None,
) -> Table:
    """Read a CSV (``.csv``, ``.txt``, ``.tsv``) or XLSX (``.xlsx``, ``.xlsm``) table.

    Args:
        path: the file.
        shown: how to name the file in messages (default: the path as given).
        sheet: the XLSX sheet (default: the first).
        delimiter: the CSV delimiter (default: ``,``, ``;`` or tab, whichever splits the
            header into the most columns).

    Raises:
        ImportFileError: the file cannot be read, is not UTF-8 (CSV) or a workbook (XLSX), or its
            header is empty or repeats a column; a row has more cells than the header.
    """
    name = shown or str(path)
    data = read_bytes(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_table(data, name, sheet)
    return _csv_table(data, name, delimiter)


def _csv_table(data: bytes, source: str, delimiter: str | None) -> Table:
    try:
        # utf-8-sig: Excel's "CSV UTF-8" starts the file with a byte order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"{source}:{line}: byte {exc.start} is not UTF-8",
            hint="save the file as 'CSV UTF-8' in your spreadsheet program",
        ) from exc
    lines = text.splitlines()
    first = lines[0] if lines else ""
    if not first.strip():
        raise ImportFileError(f"{source}:1: the first line is empty, expected a header")
    chosen = delimiter or max(
        _DELIMITERS, key=lambda d: len(next(csv.reader([first], delimiter=d)))
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=chosen, strict=True)
    try:
        columns, headers = _header(source, next(reader), f"{source}:1")
        table = Table(source, columns, headers)
        rows: list[Row] = []
        # reader.line_num counts physical lines, so a quoted cell spanning lines keeps them right.
        line = reader.line_num + 1
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append(_row(table, line, list(cells), f"{source}:{line}"))
                if len(rows) > MAX_ROWS:
                    raise ImportFileError(f"{source}:{line}: more than {MAX_ROWS} rows")
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(
            f"{source}:{reader.line_num}: not valid CSV: {exc}",
            hint="check the quotes on that line",
        ) from exc
    return Table(source, columns, headers, tuple(rows))


def _row(table: Table, number: int, cells: list[Cell], where: str, label: str = "") -> Row:
    if len(cells) > len(table.columns):
        extra = [c for c in cells[len(table.columns) :] if c not in (None, "")]
        if extra:
            raise ImportFileError(
                f"{where}: {len(cells)} cells but the header has {len(table.columns)} columns "
                f"(extra: {_shown(extra[0])!r})",
                hint="quote cells that contain the delimiter, or add the column to the header",
            )
    named: dict[str, Cell] = {}
    for name, value in zip_longest(table.columns, cells[: len(table.columns)]):
        if isinstance(value, str) and not value.strip():
            value = None
        if name.startswith("#") and value is not None:
            raise ImportFileError(
                f"{where}: a cell under a column without a name (got {_shown(value)!r})",
                hint="give the column a name in the header",
            )
        named[name] = value
    return Row(table, number, named, label)


def _xlsx_table(data: bytes, source: str, sheet: str | None) -> Table:
    # Imported here: openpyxl is only needed when a workbook is read.
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            f"{source}: not an Excel workbook (.xlsx): {exc}",
            hint="save it as 'Excel Workbook (.xlsx)', or export it as CSV UTF-8",
        ) from exc
    try:
        names = values.sheetnames
        chosen = sheet or names[0]
        if chosen not in names:
            raise ImportFileError(
                f"{source}: no sheet named {chosen!r}", hint=f"sheets: {', '.join(names)}"
            )
        cached = values[chosen].iter_rows(values_only=True)
        typed = formulas[chosen].iter_rows(values_only=True)
        header_row: list[Cell] = []
        rows_raw: list[tuple[int, list[Cell]]] = []
        for number, (shown_row, formula_row) in enumerate(zip(cached, typed, strict=False), 1):
            cells = _cells(source, chosen, number, shown_row, formula_row, get_column_letter)
            if number == 1:
                header_row = cells
            elif any(c is not None and c != "" for c in cells):
                rows_raw.append((number, cells))
                if len(rows_raw) > MAX_ROWS:
                    raise ImportFileError(
                        f"{source}:{chosen}!row {number}: more than {MAX_ROWS} rows"
                    )
    finally:
        values.close()
        formulas.close()
    if not header_row:
        raise ImportFileError(f"{source}:{chosen}!A1: the sheet is empty, expected a header row")
    columns, headers = _header(source, header_row, f"{source}:{chosen}!1")
    letters = {name: get_column_letter(i + 1) for i, name in enumerate(columns)}
    table = Table(source, columns, headers, sheet=chosen, letters=letters)
    rows = tuple(_row(table, n, cells, f"{source}:{chosen}!row {n}") for n, cells in rows_raw)
    return Table(source, columns, headers, rows, sheet=chosen, letters=letters)


def _cells(
    source: str,
    sheet: str,
    number: int,
    shown_row: Sequence[Any],
    formula_row: Sequence[Any],
    letter: Any,
) -> list[Cell]:
    """A sheet row's values, refusing formulas that were saved without their result."""
    cells: list[Cell] = []
    for i, (value, formula) in enumerate(zip_longest(shown_row, formula_row)):
        if value is None and isinstance(formula, str) and formula.startswith("="):
            raise ImportFileError(
                f"{source}:{sheet}!{letter(i + 1)}{number}: a formula without a saved result "
                f"(got {formula!r})",
                hint="open and save the workbook in a spreadsheet program, or paste values",
            )
        cells.append(value)
    return cells


def table_from_frame(frame: pd.DataFrame) -> Table:
    """A table from a pandas DataFrame: its columns, one row per frame row.

    Missing values (NaN, NaT, None) are empty cells; timestamps become dates or date-times.
    """
    columns, headers = _header("<DataFrame>", [str(c) for c in frame.columns], "<DataFrame>:header")
    table = Table("<DataFrame>", columns, headers, frame=True)
    rows: list[Row] = []
    for position, (label, record) in enumerate(frame.iterrows(), 1):
        cells = [_frame_cell(v) for v in record.tolist()]
        if any(c is not None for c in cells):
            rows.append(_row(table, position, cells, f"<DataFrame>:row {label!r}", repr(label)))
    return Table("<DataFrame>", columns, headers, tuple(rows), frame=True)


def _frame_cell(value: object) -> Cell:
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        moment = value.to_pydatetime()
        return moment.date() if moment.time() == time(0) and moment.tzinfo is None else moment
    if isinstance(value, str | bool | int | float | date | time | timedelta):
        return value
    item = getattr(value, "item", None)
    if callable(item):
        converted = item()
        if isinstance(converted, str | bool | int | float):
            return _frame_cell(converted)
    return str(value)
