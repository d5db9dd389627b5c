"""Read a Curtois & Qu instance and state it as a rosterkit practice with general rules only.

Every benchmark rule maps onto a rule that practices use too (see docs/benchmarks.md):
one shift a day (``max_shifts_per_day``), shift rotation (``rotation``), shifts per type
(``shift_count`` with per-person maxima), total minutes (the staff ``contract``), runs of work
(``work_runs``: maxima with the outside read as days off, minima exempt at the horizon's ends),
runs of days off (``off_runs``, exempt at the ends), weekends (``max_weekends``), days off
(``unavailable``), shift on/off requests (``preferred`` / ``undesired``) and cover
(``coverage`` with a preferred head count and separate under/over weights).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import rosterkit

__all__ = [
    "FIRST_DAY",
    "SECTIONS",
    "Instance",
    "InstanceError",
    "parse_instance",
    "to_document",
    "to_practice",
]

FIRST_DAY = date(2024, 1, 1)
"""Day 0 of every instance: a Monday (the format says day 0 is a Monday)."""


@dataclass
class Instance:
    """The data of one instance, as the file states it."""

    name: str
    days: int
    shifts: dict[str, tuple[int, tuple[str, ...]]] = field(default_factory=dict)
    """Shift id -> (minutes, shifts that may not follow it on the next day)."""
    staff: dict[str, dict[str, Any]] = field(default_factory=dict)
    days_off: dict[str, list[int]] = field(default_factory=dict)
    on_requests: list[tuple[str, int, str, int]] = field(default_factory=list)
    off_requests: list[tuple[str, int, str, int]] = field(default_factory=list)
    cover: list[tuple[int, str, int, int, int]] = field(default_factory=list)


class InstanceError(ValueError):
    """The file is not a readable instance; the message names the file (and line, section)."""


SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)
"""Every section of the format; all of them are in every benchmark file (some may be empty)."""


def parse_instance(path: str | Path) -> Instance:
    """Read an instance file (format in shared/benchmarks/curtois/README.md).

    Raises:
        InstanceError: a line cannot be read (too few fields, not a number, an unknown staff
            id, shift or section, a day outside the horizon, a repeated id or cover line), a
            section is missing (as in a truncated file), or a (day, shift) has no cover line.
            The message names the file, the line and the section.
    """
    file = Path(path)
    inst = Instance(name=file.stem, days=0)
    rows: list[tuple[int, str, str, list[str]]] = []
    seen: set[str] = set()
    section = ""
    for number, raw in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                raise InstanceError(f"{file}:{number}: unknown section {line!r}")
            if line in seen:
                raise InstanceError(f"{file}:{number}: {line} appears a second time")
            section = line
            seen.add(section)
            continue
        if not section:
            raise InstanceError(f"{file}:{number}: {line!r} comes before the first SECTION_ line")
        rows.append((number, section, line, line.split(",")))
    missing = [s for s in SECTIONS if s not in seen]
    if missing:
        raise InstanceError(f"{file}: no {', '.join(missing)} (is the file truncated?)")
    # Two passes: the values of every line first, then what each line refers to (the staff and
    # shifts of the whole file, the horizon, the other cover lines).
    for number, section, line, fields in rows:
        with _naming(file, number, section, line):
            _read_line(inst, section, fields)
    if inst.days <= 0:
        raise InstanceError(f"{file}: SECTION_HORIZON gives no number of days")
    covered: set[tuple[int, str]] = set()
    for number, section, line, fields in rows:
        with _naming(file, number, section, line):
            _check_line(inst, section, fields, covered)
    lacking = [(d, t) for d in range(inst.days) for t in inst.shifts if (d, t) not in covered]
    if lacking:
        d, t = lacking[0]
        raise InstanceError(
            f"{file}: SECTION_COVER has no line for day {d}, shift {t} "
            f"({len(lacking)} (day, shift) pair(s) lack one; is the file truncated?)"
        )
    return inst


@contextmanager
def _naming(file: Path, number: int, section: str, line: str) -> Iterator[None]:
    """Turn an error about one line into an :class:`InstanceError` naming it."""
    try:
        yield
    except (ValueError, IndexError) as exc:
        reason = "too few fields" if isinstance(exc, IndexError) else str(exc)
        raise InstanceError(
            f"{file}:{number}: cannot read {line!r} in {section}: {reason}"
        ) from exc


def _read_line(inst: Instance, section: str, fields: list[str]) -> None:
    """Store the values of one line."""
    if section == "SECTION_HORIZON":
        if inst.days:
            raise ValueError("the horizon is given twice")
        inst.days = _number(fields[0], "the number of days", low=1)
    elif section == "SECTION_SHIFTS":
        if fields[0] in inst.shifts:
            raise ValueError(f"shift {fields[0]!r} is listed twice")
        banned = tuple(s for s in fields[2].split("|") if s) if len(fields) > 2 else ()
        # Shifts start at midnight in the practice (see to_document): at most a day long.
        minutes = _number(fields[1], "the shift length", low=1, high=1439)
        inst.shifts[fields[0]] = (minutes, banned)
    elif section == "SECTION_STAFF":
        if fields[0] in inst.staff:
            raise ValueError(f"staff {fields[0]!r} is listed twice")
        limits: dict[str, int] = {}
        for item in filter(None, fields[1].split("|")):
            shift, sep, value = item.partition("=")
            if not sep:
                raise ValueError(f"MaxShifts entry {item!r} is not SHIFT=NUMBER")
            if shift in limits:
                raise ValueError(f"MaxShifts names {shift} twice")
            limits[shift] = _number(value, f"MaxShifts of {shift}", low=0)
        inst.staff[fields[0]] = {
            "max_shifts": limits,
            "max_minutes": _number(fields[2], "MaxTotalMinutes", low=0),
            "min_minutes": _number(fields[3], "MinTotalMinutes", low=0),
            "max_run": _number(fields[4], "MaxConsecutiveShifts", low=0),
            "min_run": _number(fields[5], "MinConsecutiveShifts", low=0),
            "min_off": _number(fields[6], "MinConsecutiveDaysOff", low=0),
            "max_weekends": _number(fields[7], "MaxWeekends", low=0),
        }
    elif section == "SECTION_DAYS_OFF":
        days = [_number(d, "a day", low=0) for d in fields[1:] if d]
        inst.days_off.setdefault(fields[0], []).extend(days)
    elif section in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"):
        request = (
            fields[0],
            _number(fields[1], "the day", low=0),
            fields[2],
            _number(fields[3], "the weight", low=0),
        )
        on = section == "SECTION_SHIFT_ON_REQUESTS"
        (inst.on_requests if on else inst.off_requests).append(request)
    elif section == "SECTION_COVER":
        inst.cover.append(
            (
                _number(fields[0], "the day", low=0),
                fields[1],
                _number(fields[2], "the requirement", low=0),
                _number(fields[3], "the under weight", low=0),
                _number(fields[4], "the over weight", low=0),
            )
        )


def _check_line(
    inst: Instance, section: str, fields: list[str], covered: set[tuple[int, str]]
) -> None:
    """Check what one line refers to, now that the whole file is read.

    ``covered`` holds the (day, shift) pairs of the cover lines checked so far.
    """

    def staff(sid: str) -> None:
        if sid not in inst.staff:
            raise ValueError(f"unknown staff id {sid!r}")

    def shift(sid: str) -> None:
        if sid not in inst.shifts:
            raise ValueError(f"unknown shift {sid!r}")

    def day(text: str) -> None:
        if int(text) >= inst.days:
            raise ValueError(f"day {text} is outside the horizon 0..{inst.days - 1}")

    if section == "SECTION_SHIFTS":
        for banned in inst.shifts[fields[0]][1]:
            shift(banned)
    elif section == "SECTION_STAFF":
        limits = inst.staff[fields[0]]["max_shifts"]
        for sid in limits:
            shift(sid)
        lacking = [sid for sid in inst.shifts if sid not in limits]
        if lacking:
            raise ValueError(f"MaxShifts lacks {', '.join(lacking)}")
    elif section == "SECTION_DAYS_OFF":
        staff(fields[0])
        for text in fields[1:]:
            if text:
                day(text)
    elif section in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"):
        staff(fields[0])
        day(fields[1])
        shift(fields[2])
    elif section == "SECTION_COVER":
        day(fields[0])
        shift(fields[1])
        key = (int(fields[0]), fields[1])
        if key in covered:
            raise ValueError(f"a second cover line for day {key[0]}, shift {key[1]}")
        covered.add(key)


def _number(text: str, what: str, *, low: int, high: int | None = None) -> int:
    """A whole number between ``low`` and ``high``, or a ValueError naming ``what``."""
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{what} {text.strip()!r} is not a whole number") from None
    if value < low or (high is not None and value > high):
        upper = "" if high is None else f" and at most {high}"
        raise ValueError(f"{what} is {value}; it must be at least {low}{upper}")
    return value


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _grouped(values: dict[str, int]) -> dict[int, list[str]]:
    groups: dict[int, list[str]] = defaultdict(list)
    for staff_id, value in values.items():
        groups[value].append(staff_id)
    return dict(sorted(groups.items()))


def to_document(inst: Instance) -> dict[str, Any]:
    """The practice document of an instance (plain data, as a practice file would hold)."""

    def day(d: int) -> str:
        return (FIRST_DAY + timedelta(days=d)).isoformat()

    # A shift type somebody may not work at all (MaxShifts 0) needs a skill of its own, which
    # only the others have: ineligible pairs get no variable, instead of a variable held at 0
    # (a third of all pairs on Instances 13 and 20-24).
    restricted = [
        sid
        for sid in inst.shifts
        if any(s["max_shifts"].get(sid, 0) == 0 for s in inst.staff.values())
    ]
    staff = [
        {
            "id": sid,
            "name": sid,
            "skills": ["nurse"]
            + [f"{t}_qualified" for t in restricted if s["max_shifts"].get(t, 0) > 0],
            "contract": {"min_hours": s["min_minutes"] / 60, "max_hours": s["max_minutes"] / 60},
        }
        for sid, s in inst.staff.items()
    ]
    # Every shift starts at midnight: the benchmark gives lengths only, and lengths of at most
    # 12 hours keep shifts of consecutive days apart, so only the benchmark's own rules bind.
    shifts = [
        {"id": sid, "start": "00:00", "end": _clock(minutes)}
        | ({"skills": [f"{sid}_qualified"]} if sid in restricted else {})
        for sid, (minutes, _) in inst.shifts.items()
    ]
    rules: list[dict[str, Any]] = [{"kind": "max_shifts_per_day", "limit": 1, "hard": True}]
    table = {sid: list(banned) for sid, (_, banned) in inst.shifts.items() if banned}
    if table:
        rules.append({"kind": "rotation", "cannot_follow": table, "hard": True})
    for sid in inst.shifts:
        limits = {p: s["max_shifts"].get(sid, 0) for p, s in inst.staff.items()}
        rules.append({"kind": "shift_count", "shifts": sid, "max_by_staff": limits, "hard": True})
    for field_name, kind, bound, outside in (
        ("max_run", "work_runs", "max", "off"),
        ("min_run", "work_runs", "min", "unknown"),
        ("min_off", "off_runs", "min", "unknown"),
    ):
        values = {p: s[field_name] for p, s in inst.staff.items()}
        for value, people in _grouped(values).items():
            if bound == "min" and value <= 1:
                continue
            rules.append(
                {
                    "kind": kind,
                    bound: value,
                    "outside": outside,
                    "applies_to": {"staff": people},
                    "hard": True,
                }
            )
    rules.append(
        {
            "kind": "max_weekends",
            "max_by_staff": {p: s["max_weekends"] for p, s in inst.staff.items()},
            "hard": True,
        }
    )
    availability: list[dict[str, Any]] = [
        {"staff": p, "kind": "unavailable", "date": day(d)}
        for p, days in inst.days_off.items()
        for d in days
    ]
    availability += [
        {"staff": p, "kind": "preferred", "date": day(d), "shift": t, "weight": w}
        for p, d, t, w in inst.on_requests
    ]
    availability += [
        {"staff": p, "kind": "undesired", "date": day(d), "shift": t, "weight": w}
        for p, d, t, w in inst.off_requests
    ]
    coverage = [
        {
            "shift": t,
            "dates": [day(d)],
            "preferred": need,
            "preferred_under_weight": under,
            "preferred_over_weight": over,
        }
        for d, t, need, under, over in inst.cover
    ]
    return {
        "name": inst.name,
        "time_zone": "UTC",
        "horizon": {"start": day(0), "end": day(inst.days - 1)},
        "skills": [{"id": "nurse"}] + [{"id": f"{t}_qualified"} for t in restricted],
        "staff": staff,
        "shifts": shifts,
        "coverage": coverage,
        "availability": availability,
        "rules": rules,
    }


def to_practice(inst: Instance) -> rosterkit.Practice:
    """The instance as a validated rosterkit practice."""
    return rosterkit.Practice.parse(to_document(inst), source=inst.name)
