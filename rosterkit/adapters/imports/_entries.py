"""Imported facts as the practice's own entries: unavailable, preferred, undesired and leave.

The importers check what the practice file's validation would check (staff and shift ids, the
shape of an entry) where they still know the file, row and column, so that a mistake is reported
there and not as ``availability[17]`` of the merged practice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any, Literal, TypeVar

import pydantic

from rosterkit.errors import ImportFileError
from rosterkit.model import WEEKDAYS
from rosterkit.rules import Leave, Practice, Preferred, Unavailable, Undesired

__all__ = [
    "KINDS",
    "EntryKind",
    "Fail",
    "Spec",
    "build_entry",
    "in_reach",
    "known",
    "parse_kind",
    "weekdays_of",
]

EntryKind = Literal["unavailable", "preferred", "undesired", "leave"]
KINDS: tuple[str, ...] = (
    "unavailable",
    "preferred",
    "undesired",
    "leave",
    "leave approved",
    "leave requested",
)
"""The kinds an availability row or grid code can have (``leave`` means approved leave)."""

Fail = Callable[[str | None, str, str | None], ImportFileError]
"""Makes an error at the current place: (column or None, problem, hint)."""

_SHOWN = 8
M = TypeVar("M", bound=pydantic.BaseModel)
# Leave and availability reach one day past the horizon: a night shift on the last day runs
# into the day after, and an overnight window on the day before reaches the first day.
_MARGIN = timedelta(days=1)
# Which input column a model field comes from, for messages.
_FIELD_COLUMN = {
    "start_time": "start",
    "end_time": "end",
    "start_date": "start_date",
    "end_date": "end_date",
    "date": "date",
    "shift": "shift",
    "weight": "weight",
    "hard": "hard",
    "reason": "reason",
    "weekdays": "weekdays",
}


def known(ids: Iterable[str]) -> str:
    """A short list of known ids for a hint."""
    options = list(ids)
    more = len(options) - _SHOWN
    return ", ".join(options[:_SHOWN]) + (f" and {more} more" if more > 0 else "")


def parse_kind(text: str) -> tuple[EntryKind, Literal["approved", "requested"]] | None:
    """``"Leave requested"`` -> ("leave", "requested"); None for an unknown kind."""
    words = " ".join(text.lower().replace("_", " ").replace("-", " ").split())
    table: dict[str, tuple[EntryKind, Literal["approved", "requested"]]] = {
        "unavailable": ("unavailable", "approved"),
        "preferred": ("preferred", "approved"),
        "undesired": ("undesired", "approved"),
        "leave": ("leave", "approved"),
        "leave approved": ("leave", "approved"),
        "approved leave": ("leave", "approved"),
        "leave requested": ("leave", "requested"),
        "requested leave": ("leave", "requested"),
    }
    return table.get(words)


@dataclass(frozen=True)
class Spec:
    """An entry to make, as read: checked by :func:`build_entry` against the practice."""

    kind: EntryKind
    staff: str
    first: date | None = None
    last: date | None = None
    status: Literal["approved", "requested"] = "approved"
    start: time | None = None
    end: time | None = None
    shift: str | None = None
    weekdays: tuple[str, ...] | None = None
    weight: int | None = None
    hard: bool | None = None
    reason: str | None = None
    id: str | None = None


def in_reach(practice: Practice, first: date | None, last: date | None) -> bool:
    """Whether days ``first``..``last`` can touch a shift of the horizon (one day of margin)."""
    if first is None or last is None:
        return True
    horizon = practice.horizon
    return first <= horizon.last + _MARGIN and last >= horizon.first - _MARGIN


def build_entry(
    practice: Practice, spec: Spec, fail: Fail
) -> Unavailable | Preferred | Undesired | Leave:
    """The rule entry for ``spec``, or an error at the place ``fail`` names.

    Raises:
        ImportFileError: unknown staff id or shift, or an entry the rule model refuses (a
            time window and a shift together, leave with times, start after end, ...).
    """
    index = practice.index
    if spec.staff not in index.staff:
        raise fail("staff_id", "unknown staff id", f"known staff ids: {known(index.staff)}")
    if spec.shift is not None and spec.shift not in index.shifts:
        raise fail("shift", "unknown shift id", f"known shift ids: {known(index.shifts)}")
    data: dict[str, Any] = {"staff": spec.staff}
    if spec.id is not None:
        data["id"] = spec.id
    if spec.weight is not None:
        data["weight"] = spec.weight
    if spec.hard is not None:
        data["hard"] = spec.hard
    if spec.kind == "leave":
        if spec.start is not None or spec.end is not None or spec.shift is not None:
            column = "shift" if spec.shift is not None else "start"
            raise fail(column, "leave is taken in whole days", "leave out times and shift")
        if spec.first is None or spec.last is None:
            raise fail("date", "leave needs its days", "give date, or start_date and end_date")
        data |= {"start_date": spec.first, "end_date": spec.last, "status": spec.status}
        if spec.reason:
            data["reason"] = spec.reason
        return _validate(Leave, data, fail)
    if spec.reason:
        raise fail("reason", "only leave has a reason", "leave the reason cell empty")
    if spec.first is not None and spec.last is not None:
        if spec.first == spec.last:
            data["date"] = spec.first
        else:
            data |= {"start_date": spec.first, "end_date": spec.last}
    if spec.weekdays is not None:
        data["weekdays"] = spec.weekdays
    if spec.start is not None or spec.end is not None:
        data |= {"start_time": spec.start, "end_time": spec.end}
    if spec.shift is not None:
        data["shift"] = spec.shift
    if spec.kind == "preferred":
        return _validate(Preferred, data, fail)
    if spec.kind == "undesired":
        return _validate(Undesired, data, fail)
    return _validate(Unavailable, data, fail)


def _validate(model: type[M], data: dict[str, Any], fail: Fail) -> M:
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = [str(p) for p in first["loc"]]
        column = next((_FIELD_COLUMN[p] for p in loc if p in _FIELD_COLUMN), None)
        message = str(first["msg"]).removeprefix("Value error, ")
        raise fail(column, message, None) from exc


def weekdays_of(text: str) -> tuple[str, ...] | None:
    """``"mon tue"`` or ``"Mon, Tue"`` -> ("mon", "tue"); None for an unknown day name."""
    days = [w[:3].lower() for w in text.replace(",", " ").replace(";", " ").split()]
    if not days or any(d not in WEEKDAYS for d in days):
        return None
    return tuple(days)
