"""The ``sources:`` of a practice file: import files named relative to it, merged into the practice.

Staff files are read first (their people join the practice's ``staff``); availability tables,
grids and calendars are then read against the practice with those staff and become entries of
``availability`` and ``leave``. :func:`merge` also serves library users who import by hand.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field, model_validator

from rosterkit.adapters.imports.calendar import Tentative, read_calendar
from rosterkit.adapters.imports.grid import GridCode, read_grid
from rosterkit.adapters.imports.summary import Imported, Item, Origin
from rosterkit.adapters.imports.tables import read_availability, read_staff
from rosterkit.errors import ImportFileError, ValidationError
from rosterkit.model import Identifier, Staff
from rosterkit.rules import Leave, Practice, format_validation_error

__all__ = [
    "CALENDAR_SUFFIXES",
    "Source",
    "apply_sources",
    "merge",
    "parse_sources",
    "resolve_files",
]

CALENDAR_SUFFIXES: tuple[str, ...] = (".ics", ".ical", ".ifb")
"""File endings that mean ``format: calendar`` when a source gives no format."""

_GLOB = set("*?[")
_OPTIONS: dict[str, tuple[str, ...]] = {
    "sheet": ("staff", "availability", "grid"),
    "delimiter": ("staff", "availability", "grid"),
    "codes": ("grid",),
    "staff": ("calendar",),
    "match": ("calendar",),
    "tentative": ("calendar",),
    "weight": ("calendar",),
}


class Source(BaseModel):
    """One import file (or a pattern such as ``calendars/*.ics``) named by a practice file.

    Attributes:
        file: the path relative to the practice file's folder; it may not leave that folder.
        format: ``staff``, ``availability`` (long table), ``grid`` or ``calendar``; calendars
            are recognised by their ``.ics`` ending.
        sheet: the sheet of an ``.xlsx`` file (default: the first).
        delimiter: the CSV delimiter (default: ``,``, ``;`` or tab, found from the header).
        codes: grid codes in addition to (or replacing) the defaults.
        staff: the staff id a calendar belongs to.
        match: calendar names and e-mail addresses to staff ids.
        tentative: what tentative calendar time becomes.
        weight: make calendar busy time soft at this weight (default: hard).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    file: str = Field(min_length=1, max_length=500)
    format: Literal["staff", "availability", "grid", "calendar"]
    sheet: str | None = None
    delimiter: Literal[",", ";", "\t"] | None = None
    codes: dict[str, GridCode] = Field(default_factory=dict)
    staff: Identifier | None = None
    match: dict[str, Identifier] = Field(default_factory=dict)
    tentative: Tentative = "undesired"
    weight: int | None = Field(default=None, ge=0, le=10**9)

    @model_validator(mode="before")
    @classmethod
    def _format(cls, data: Any) -> Any:
        if isinstance(data, str):
            data = {"file": data}
        if isinstance(data, dict) and data.get("format") is None:
            file = str(data.get("file", ""))
            if file.lower().endswith(CALENDAR_SUFFIXES):
                return {**data, "format": "calendar"}
            raise ValueError(f"give the format of {file!r}: staff, availability, grid or calendar")
        return data

    @model_validator(mode="after")
    def _options(self) -> Source:
        for option, formats in _OPTIONS.items():
            if option in self.model_fields_set and self.format not in formats:
                raise ValueError(f"{option!r} is for {' and '.join(formats)} files only")
        parts = PurePosixPath(self.file.replace("\\", "/")).parts
        if (
            PurePosixPath(self.file).is_absolute()
            or PureWindowsPath(self.file).is_absolute()
            or PureWindowsPath(self.file).drive
            or ".." in parts
            or self.file.startswith("~")
        ):
            raise ValueError(
                f"{self.file!r} leaves the practice file's folder: give a path inside it, "
                "without '..'"
            )
        return self


def parse_sources(raw: object, *, origin: str) -> tuple[Source, ...]:
    """The ``sources`` list of a practice file.

    Raises:
        ValidationError: the list or an entry is invalid; the message gives ``sources[i]``.
    """
    if not isinstance(raw, list):
        raise ValidationError(
            f"{origin}: sources: expected a list of files, got {type(raw).__name__}",
            problems=[f"sources: expected a list (got {raw!r})"],
        )
    try:
        return tuple(pydantic.TypeAdapter(list[Source]).validate_python(raw))
    except pydantic.ValidationError as exc:
        problems = [f"sources{p}" if p.startswith("[") else p for p in format_validation_error(exc)]
        raise ValidationError(
            f"{origin}: {len(problems)} problem(s):\n  " + "\n  ".join(problems),
            problems=problems,
        ) from exc


def resolve_files(source: Source, base: Path) -> list[tuple[Path, str]]:
    """The files a source names, each with the name to show: ``(path, shown)``.

    Raises:
        ImportFileError: a pattern matches nothing, or a file (through a symlink) lies
            outside ``base``.
    """
    root = base.resolve()
    if _GLOB & set(source.file):
        matches = sorted(p for p in base.glob(source.file) if p.is_file())
        if not matches:
            raise ImportFileError(
                f"{base / source.file}: no file matches this pattern",
                hint="check the pattern in the practice file's sources",
            )
    else:
        matches = [base / source.file]
    found: list[tuple[Path, str]] = []
    for path in matches:
        shown = str(path)
        real = path.resolve()
        if real != root and root not in real.parents:
            raise ImportFileError(
                f"{shown}: leads outside the practice file's folder {base}",
                hint="copy the file next to the practice file",
            )
        found.append((path, shown))
    return found


def apply_sources(
    data: Mapping[str, Any], sources: Sequence[Source], *, base: Path, origin: str
) -> tuple[Practice, Imported]:
    """The practice of ``data`` with every source merged in, and what the files gave.

    Args:
        data: the practice document without its ``sources``.
        sources: the files to import.
        base: the practice file's folder; sources are relative to it.
        origin: the practice file, for messages.

    Raises:
        ImportFileError: a file cannot be read or holds an invalid row, cell or event.
        InputError: a source's grid ``codes``, ``staff`` or ``match`` is invalid.
        ValidationError: the practice document itself is invalid.
    """
    parts: dict[int, Imported] = {}
    for i, source in enumerate(sources):
        if source.format == "staff":
            parts[i] = Imported.combine(
                read_staff(path, sheet=source.sheet, delimiter=source.delimiter, shown=shown)
                for path, shown in resolve_files(source, base)
            )
    staff_items = [item for part in parts.values() for item in part.items]
    doc = dict(data)
    if staff_items:
        listed = {s.get("id"): f"{origin}: staff[{j}]" for j, s in enumerate(_list(data, "staff"))}
        for item in staff_items:
            assert isinstance(item.entry, Staff)
            if item.entry.id in listed:
                raise ImportFileError(
                    f"{item.origin}: column 'id': staff id {item.entry.id!r} is also in "
                    f"{listed[item.entry.id]}",
                    hint="list each person once, in the practice file or in the staff file",
                )
        doc["staff"] = [*_list(data, "staff"), *(item.entry for item in staff_items)]
    practice = Practice.parse(doc, source=origin)
    for i, source in enumerate(sources):
        if source.format != "staff":
            parts[i] = Imported.combine(
                _read(practice, source, path, shown) for path, shown in resolve_files(source, base)
            )
    imported = Imported.combine(parts[i] for i in range(len(sources)))
    rest = Imported(tuple(i for i in imported.items if not isinstance(i.entry, Staff)))
    return merge(practice, rest, source=origin), imported


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return list(value) if isinstance(value, list | tuple) else []


def _read(practice: Practice, source: Source, path: Path, shown: str) -> Imported:
    if source.format == "availability":
        return read_availability(
            practice, path, sheet=source.sheet, delimiter=source.delimiter, shown=shown
        )
    if source.format == "grid":
        return read_grid(
            practice,
            path,
            codes=source.codes,
            sheet=source.sheet,
            delimiter=source.delimiter,
            shown=shown,
        )
    return read_calendar(
        practice,
        path,
        staff=source.staff,
        match=source.match,
        tentative=source.tentative,
        weight=source.weight,
        shown=shown,
    )


def merge(practice: Practice, imported: Imported, *, source: str = "<practice>") -> Practice:
    """``practice`` with the imported staff, availability and leave added after its own.

    Args:
        practice: the practice.
        imported: what one or more imports gave.
        source: how to name the practice in messages.

    Raises:
        ImportFileError: an imported leave overlaps another leave of the same person (the
            message names both places), or an imported staff id is already in the practice.
        ValidationError: the merged practice is invalid for another reason.
    """
    for item in imported.items:
        if isinstance(item.entry, Staff) and item.entry.id in practice.index.staff:
            raise ImportFileError(f"{item.origin}: column 'id': staff id {item.entry.id!r} repeats")
    leave_items = [
        *(
            Item(entry, Origin(source, f"{source}: leave[{j}]"))
            for j, entry in enumerate(practice.leave)
        ),
        *(i for i in imported.items if isinstance(i.entry, Leave)),
    ]
    _check_overlaps(leave_items)
    fields = {name: getattr(practice, name) for name in Practice.model_fields}
    fields["staff"] = (*practice.staff, *imported.staff)
    fields["availability"] = (*practice.availability, *imported.availability)
    fields["leave"] = (*practice.leave, *imported.leave)
    return Practice.parse(fields, source=source)


def _check_overlaps(items: Iterable[Item]) -> None:
    by_person: dict[str, list[tuple[Leave, Origin]]] = {}
    for item in items:
        assert isinstance(item.entry, Leave)
        by_person.setdefault(item.entry.staff, []).append((item.entry, item.origin))
    for entries in by_person.values():
        entries.sort(key=lambda e: (e[0].start_date, e[0].end_date))
        for (a, where_a), (b, where_b) in itertools.pairwise(entries):
            if b.start_date <= a.end_date:
                raise ImportFileError(
                    f"{where_b}: {b.staff}'s leave {b.start_date}..{b.end_date} overlaps the "
                    f"leave {a.start_date}..{a.end_date} at {where_a}",
                    hint="give each day of leave once: merge the two or fix the dates",
                )
