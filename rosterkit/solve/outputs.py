"""Write every output of a solve in one call, as a set: all new files, or the old ones untouched.

The set is ``roster.csv``, ``grid.csv``, ``team.ics``, ``calendars/<staff_id>.ics``,
``report.txt``, ``payroll.csv`` (when someone has a wage), ``leave_decisions.csv`` (when the
practice has leave) and, when asked for, ``roster.xlsx``. It is written into a hidden staging
directory first and then moved into place, so a failure midway leaves the previous run's set as
it was, and a finished run never leaves a stale file of the previous set (a calendar of someone
no longer rostered) next to the new ones.
"""

from __future__ import annotations

import csv
import io
import os
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rosterkit.errors import ExportError
from rosterkit.model import Roster
from rosterkit.rules import Practice, leave_decisions
from rosterkit.solve.report import format_report
from rosterkit.solve.solver import SolveResult

__all__ = ["LEAVE_DECISION_COLUMNS", "OUTPUT_NAMES", "leave_decisions_csv_text", "write_outputs"]

OUTPUT_NAMES: tuple[str, ...] = (
    "roster.csv",
    "grid.csv",
    "team.ics",
    "calendars",
    "report.txt",
    "payroll.csv",
    "leave_decisions.csv",
    "roster.xlsx",
)
"""The entries of ``out_dir`` that one run owns and replaces as a whole; others are left alone."""

LEAVE_DECISION_COLUMNS: tuple[str, ...] = ("staff_id", "start_date", "end_date", "status", "cost")
"""The columns of ``leave_decisions.csv``, in order. There is no column for the reason."""

_BOM = "\ufeff"


def write_outputs(
    result: SolveResult,
    out_dir: str | Path,
    *,
    stamp: datetime | None = None,
    previous: str | Path | None = None,
    delimiter: str = ",",
    bom: bool = False,
    xlsx: bool = False,
) -> list[Path]:
    """Write the roster, grid, calendars, report, payroll and leave decisions into ``out_dir``.

    ``payroll.csv`` (one row per person per weekly pay period, see
    :func:`rosterkit.write_payroll_csv`) is written only when at least one staff member has an
    ``hourly_wage``; ``leave_decisions.csv`` (see :func:`leave_decisions_csv_text`) only when
    the practice has leave. ``out_dir`` and its parents are created if needed. The files of
    an earlier run in ``out_dir`` are replaced as a set; other files there are left alone.
    Nothing is written when the result has no roster (infeasible, or no roster within the
    time limit).

    The calendars are written over the previous export: the ``team.ics`` and
    ``calendars/<staff_id>.ics`` found in ``previous`` (default: ``out_dir`` itself) give each
    changed shift a higher ``SEQUENCE`` and bring removed shifts back as cancelled.

    Args:
        result: what :func:`rosterkit.solve` returned.
        out_dir: the directory to write into.
        stamp: the DTSTAMP of the calendars; default now. Fix it for reproducible files.
        previous: the directory of the previous export (default: ``out_dir``).
        delimiter: the CSV delimiter, ``","`` or ``";"``.
        bom: start the CSV files with a UTF-8 byte order mark (for Excel).
        xlsx: also write ``roster.xlsx`` (a long sheet and a grid sheet).

    Returns:
        The files written, in the order roster, grid, team calendar, staff calendars (in
        practice order), report, payroll, leave decisions, workbook; an empty list when the
        result has no roster.

    Raises:
        ExportError: a file or directory cannot be written; the message names the path. The
            previous contents of ``out_dir`` are then left as they were.
        InputError: a previous calendar exists but cannot be read as iCalendar.
    """
    if not result.has_roster:
        return []
    given = Path(out_dir)
    out = given.absolute()
    if delimiter not in (",", ";"):
        raise ValueError(f"delimiter must be ',' or ';', not {delimiter!r}")
    options = _Options(
        stamp=stamp,
        previous=Path(previous).absolute() if previous is not None else out,
        delimiter=delimiter,
        bom=bom,
        xlsx=xlsx,
    )
    staging = _staging_directory(out)
    try:
        written = _write_set(result, staging, out, options)
        _move_into_place(staging, out)
    finally:
        # After a successful move this is gone or empty; after a failure it holds the new set.
        shutil.rmtree(staging, ignore_errors=True)
    return [given / path.relative_to(staging) for path in written]


def _staging_directory(out: Path) -> Path:
    """A new empty directory on the same file system as ``out``, so that moves are renames.

    Inside ``out`` when it exists (its parent may not be writable, as with ``--out .``), else
    next to it, so that the whole new directory can be renamed into place in one step.
    """
    if out.exists() and not out.is_dir():
        raise ExportError(
            f"{out}: exists and is not a directory", hint="choose another output directory"
        )
    try:
        if out.is_dir():
            return _hidden_directory(out, "rosterkit", "new")
        out.parent.mkdir(parents=True, exist_ok=True)
        return _hidden_directory(out.parent, out.name, "new")
    except OSError as exc:
        raise ExportError(
            f"{out}: cannot create the output directory: {exc.strerror or exc}",
            hint="choose a directory you can write to",
        ) from exc


def _hidden_directory(parent: Path, stem: str, role: str) -> Path:
    """A new directory ``parent/.<stem>.<random>.<role>``.

    Made with mkdir rather than :func:`tempfile.mkdtemp`: a staging directory may become the
    output directory, so it must get the user's usual permissions (umask), not mkdtemp's 0700.
    """
    while True:
        candidate = parent / f".{stem}.{secrets.token_hex(4)}.{role}"
        try:
            candidate.mkdir()
        except FileExistsError:
            continue
        return candidate


@dataclass(frozen=True)
class _Options:
    stamp: datetime | None
    previous: Path
    delimiter: str
    bom: bool
    xlsx: bool


def _write_set(result: SolveResult, staging: Path, out: Path, options: _Options) -> list[Path]:
    # Imported here so that `import rosterkit` does not load openpyxl.
    from rosterkit.adapters.csv_io import write_grid_csv, write_roster_csv
    from rosterkit.adapters.files import atomic_write_text
    from rosterkit.adapters.ical import write_staff_calendars, write_team_calendar
    from rosterkit.adapters.payroll import write_payroll_csv
    from rosterkit.adapters.xlsx import write_roster_xlsx

    practice, roster = result.practice, result.roster
    stamp, delimiter, bom = options.stamp, options.delimiter, options.bom
    extra: list[Path] = []
    try:
        write_roster_csv(practice, roster, staging / "roster.csv", delimiter=delimiter, bom=bom)
        write_grid_csv(practice, roster, staging / "grid.csv", delimiter=delimiter, bom=bom)
        write_team_calendar(
            practice,
            roster,
            staging / "team.ics",
            stamp=stamp,
            previous=options.previous / "team.ics",
        )
        calendars = write_staff_calendars(
            practice,
            roster,
            staging / "calendars",
            stamp=stamp,
            previous=options.previous / "calendars",
        )
        atomic_write_text(staging / "report.txt", format_report(result))
        if any(person.hourly_wage is not None for person in practice.staff):
            extra.append(
                write_payroll_csv(
                    practice, roster, staging / "payroll.csv", delimiter=delimiter, bom=bom
                )
            )
        if practice.leave:
            text = leave_decisions_csv_text(practice, roster, delimiter=delimiter)
            extra.append(
                atomic_write_text(staging / "leave_decisions.csv", _BOM + text if bom else text)
            )
        if options.xlsx:
            extra.append(write_roster_xlsx(practice, roster, staging / "roster.xlsx", stamp=stamp))
    except ExportError as exc:
        # Name the place the user asked for, not the hidden staging directory.
        raise ExportError(exc.message.replace(str(staging), str(out)), hint=exc.hint) from exc
    except OSError as exc:
        raise ExportError(
            f"{out}: cannot write the outputs: {exc.strerror or exc}",
            hint="check that the directory is writable and the disk is not full",
        ) from exc
    return [
        staging / "roster.csv",
        staging / "grid.csv",
        staging / "team.ics",
        *calendars,
        staging / "report.txt",
        *extra,
    ]


def leave_decisions_csv_text(practice: Practice, roster: Roster, *, delimiter: str = ",") -> str:
    """Every leave entry of ``practice`` and its outcome in ``roster`` as CSV, in practice order.

    Columns: ``staff_id, start_date, end_date, status, cost``. ``status`` is ``approved``, or
    ``granted`` or ``refused`` for a request (see :func:`rosterkit.rules.leave_decisions`);
    ``cost`` is what the outcome puts on the bill. No reason and no explanation is written:
    the file goes to whoever runs the roster, and reasons are private. Every cell passes
    :func:`~rosterkit.adapters.csv_io.safe_cell`, so a spreadsheet never runs one as a formula.

    Args:
        practice: the practice the roster belongs to.
        roster: the roster (its ``leave:<rule id>`` decisions say which requests are granted).
        delimiter: ``","`` or ``";"``.

    Raises:
        ValueError: ``delimiter`` is something else (as for :func:`write_outputs`).
    """
    from rosterkit.adapters.csv_io import safe_cell

    if delimiter not in (",", ";"):
        raise ValueError(f"delimiter must be ',' or ';', not {delimiter!r}")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(LEAVE_DECISION_COLUMNS)
    for d in leave_decisions(practice, roster):
        cells = (d.staff_id, d.start_date, d.end_date, d.status, d.cost)
        writer.writerow([safe_cell(cell) for cell in cells])
    return buffer.getvalue()


def _move_into_place(staging: Path, out: Path) -> None:
    """Move the new set from ``staging`` into ``out``, replacing the old set as a whole."""
    if staging.parent != out:
        try:
            os.rename(staging, out)
            return
        except OSError:
            # `out` appeared meanwhile: fall back to moving entry by entry.
            pass
    try:
        out.mkdir(parents=True, exist_ok=True)
        backup = _hidden_directory(out, "rosterkit", "old")
    except OSError as exc:
        raise _cannot_replace(out, exc) from exc
    moved_old: list[str] = []
    moved_new: list[str] = []
    try:
        for name in OUTPUT_NAMES:
            if os.path.lexists(out / name):
                os.replace(out / name, backup / name)
                moved_old.append(name)
        for name in OUTPUT_NAMES:
            if os.path.lexists(staging / name):
                os.replace(staging / name, out / name)
                moved_new.append(name)
    except BaseException as exc:
        if not _roll_back(out, staging, backup, moved_old, moved_new):
            # Never delete the only copy of the previous set.
            raise ExportError(
                f"{out}: cannot replace the previous outputs and cannot put them back",
                hint=f"the previous outputs are in {backup}",
            ) from exc
        shutil.rmtree(backup, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _cannot_replace(out, exc) from exc
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _roll_back(
    out: Path, staging: Path, backup: Path, moved_old: list[str], moved_new: list[str]
) -> bool:
    """Put the previous set back; whether that fully worked."""
    complete = True
    for name in moved_new:
        try:
            os.replace(out / name, staging / name)
        except OSError:
            complete = False
    for name in moved_old:
        try:
            os.replace(backup / name, out / name)
        except OSError:
            complete = False
    return complete


def _cannot_replace(out: Path, exc: OSError) -> ExportError:
    return ExportError(
        f"{out}: cannot replace the previous outputs: {exc.strerror or exc}",
        hint="check that the directory and its files are writable",
    )
