"""Read a Curtois & Qu instance and state it as a rosterkit practice with general rules only.

Every benchmark rule maps onto a rule that practices use too (see docs/benchmarks.md):
one shift a day (``max_shifts_per_day``), shift rotation (``succession``), shifts per type
(``shift_count`` with per-person maxima), total minutes (the staff ``contract``), runs of work
(``work_runs``: maxima with the outside read as days off, minima exempt at the horizon's ends),
runs of days off (``off_runs``, exempt at the ends), weekends (``max_weekends``), days off
(``unavailable``), shift on/off requests (``preferred`` / ``undesired``) and cover
(``coverage`` with a preferred head count and separate under/over weights).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import rosterkit

__all__ = ["FIRST_DAY", "Instance", "parse_instance", "to_practice"]

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
    """The file is not a readable instance; the message names the line."""


def parse_instance(path: str | Path) -> Instance:
    """Read an instance file (format in shared/benchmarks/curtois/README.md)."""
    file = Path(path)
    inst = Instance(name=file.stem, days=0)
    section = ""
    for number, raw in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            section = line
            continue
        fields = line.split(",")
        try:
            _read_line(inst, section, fields)
        except (ValueError, IndexError) as exc:
            raise InstanceError(
                f"{file}:{number}: cannot read {line!r} in {section}: {exc}"
            ) from exc
    if inst.days <= 0:
        raise InstanceError(f"{file}: no SECTION_HORIZON")
    return inst


def _read_line(inst: Instance, section: str, fields: list[str]) -> None:
    if section == "SECTION_HORIZON":
        inst.days = int(fields[0])
    elif section == "SECTION_SHIFTS":
        banned = tuple(s for s in fields[2].split("|") if s) if len(fields) > 2 else ()
        inst.shifts[fields[0]] = (int(fields[1]), banned)
    elif section == "SECTION_STAFF":
        limits = dict(item.split("=") for item in fields[1].split("|") if item)
        inst.staff[fields[0]] = {
            "max_shifts": {k: int(v) for k, v in limits.items()},
            "max_minutes": int(fields[2]),
            "min_minutes": int(fields[3]),
            "max_run": int(fields[4]),
            "min_run": int(fields[5]),
            "min_off": int(fields[6]),
            "max_weekends": int(fields[7]),
        }
    elif section == "SECTION_DAYS_OFF":
        inst.days_off[fields[0]] = [int(d) for d in fields[1:] if d]
    elif section == "SECTION_SHIFT_ON_REQUESTS":
        inst.on_requests.append((fields[0], int(fields[1]), fields[2], int(fields[3])))
    elif section == "SECTION_SHIFT_OFF_REQUESTS":
        inst.off_requests.append((fields[0], int(fields[1]), fields[2], int(fields[3])))
    elif section == "SECTION_COVER":
        inst.cover.append(
            (int(fields[0]), fields[1], int(fields[2]), int(fields[3]), int(fields[4]))
        )
    else:
        raise ValueError(f"unknown section {section!r}")


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

    staff = [
        {
            "id": sid,
            "name": sid,
            "skills": ["nurse"],
            "contract": {"min_hours": s["min_minutes"] / 60, "max_hours": s["max_minutes"] / 60},
        }
        for sid, s in inst.staff.items()
    ]
    # Every shift starts at midnight: the benchmark gives lengths only, and lengths of at most
    # 12 hours keep shifts of consecutive days apart, so only the benchmark's own rules bind.
    shifts = [
        {"id": sid, "start": "00:00", "end": _clock(minutes)}
        for sid, (minutes, _) in inst.shifts.items()
    ]
    rules: list[dict[str, Any]] = [{"kind": "max_shifts_per_day", "limit": 1, "hard": True}]
    followers: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for sid, (_, banned) in inst.shifts.items():
        if banned:
            followers[tuple(sorted(banned))].append(sid)
    for banned, firsts in followers.items():
        rules.append({"kind": "succession", "first": firsts, "then": list(banned), "hard": True})
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
        "skills": [{"id": "nurse"}],
        "staff": staff,
        "shifts": shifts,
        "coverage": coverage,
        "availability": availability,
        "rules": rules,
    }


def to_practice(inst: Instance) -> rosterkit.Practice:
    """The instance as a validated rosterkit practice."""
    return rosterkit.Practice.parse(to_document(inst), source=inst.name)
