"""The facts of a practice: skills, staff and contracts, shift types, the planning horizon."""

from __future__ import annotations

import calendar as _calendar
import re
from datetime import date, time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

__all__ = [
    "WEEKDAYS",
    "Contract",
    "History",
    "Horizon",
    "Identifier",
    "PastShift",
    "ShiftType",
    "Skill",
    "Staff",
    "TimeZoneName",
    "Weekday",
    "WorkMode",
    "WorkingHours",
    "check_time_zone",
]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")


def _check_id(value: str) -> str:
    if not _ID.match(value) or ".." in value:
        raise ValueError(
            f"{value!r} is not a valid id: use 1-64 letters, digits, '_', '-' or '.', "
            "starting with a letter or digit, without '..'"
        )
    return value


Identifier = Annotated[str, AfterValidator(_check_id)]
"""An id safe to use in file names and UIDs: letters, digits, ``_``, ``-``, ``.``; no ``..``."""


def check_time_zone(value: str) -> str:
    """Return ``value`` if it names an IANA time zone, else raise ``ValueError``."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"{value!r} is not an IANA time zone (examples: 'America/New_York', 'Asia/Manila')"
        ) from exc
    return value


TimeZoneName = Annotated[str, AfterValidator(check_time_zone)]

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekday(value: object) -> object:
    if isinstance(value, str) and len(value) >= 3 and value[:3].lower() in WEEKDAYS:
        full = value.lower()
        if full[:3] == full or any(full == n.lower() for n in _calendar.day_name):
            return full[:3]
    return value


Weekday = Annotated[
    Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"], BeforeValidator(_weekday)
]
"""A day of the week: ``mon`` ... ``sun`` (``Monday`` and ``MON`` are accepted too)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Skill(_Frozen):
    """A role or skill that staff have and shifts need (front desk, nurse, phone triage)."""

    id: Identifier
    name: str | None = None


class Contract(_Frozen):
    """One person's contracted limits; every field is optional and hours may be fractional."""

    min_hours_per_week: float | None = Field(default=None, ge=0)
    max_hours_per_week: float | None = Field(default=None, ge=0)
    min_hours: float | None = Field(default=None, ge=0, description="Minimum over the horizon.")
    max_hours: float | None = Field(default=None, ge=0, description="Maximum over the horizon.")
    max_shifts: int | None = Field(default=None, ge=0, description="Maximum over the horizon.")

    @model_validator(mode="after")
    def _ordered(self) -> Contract:
        pairs = [
            ("min_hours_per_week", "max_hours_per_week"),
            ("min_hours", "max_hours"),
        ]
        for low, high in pairs:
            lo, hi = getattr(self, low), getattr(self, high)
            if lo is not None and hi is not None and lo > hi:
                raise ValueError(f"{low} ({lo}) is above {high} ({hi})")
        return self


WorkMode = Literal["onsite", "remote", "hybrid"]
"""Where a person works: only on site, only remotely, or either (``hybrid``, the default)."""


class WorkingHours(_Frozen):
    """A wall-clock window in the person's own time zone (overnight if ``end`` <= ``start``)."""

    start: time
    end: time

    @model_validator(mode="after")
    def _clock(self) -> WorkingHours:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("give working hours without a UTC offset; the person's zone applies")
        if self.start == self.end:
            raise ValueError(f"start and end are both {self.start}: the window is empty")
        return self


class Staff(_Frozen):
    """A person who can be rostered."""

    id: Identifier
    name: str = Field(min_length=1, max_length=200)
    skills: tuple[Identifier, ...] = Field(min_length=1)
    contract: Contract = Contract()
    start_date: date | None = Field(default=None, description="First day of employment.")
    end_date: date | None = Field(default=None, description="Last day of employment.")
    hourly_wage: float | None = Field(default=None, ge=0)
    time_zone: TimeZoneName | None = Field(
        default=None, description="Where the person works from, if not the practice's zone."
    )
    work_mode: WorkMode = Field(
        default="hybrid", description="onsite, remote or hybrid (either); rule work_mode."
    )
    local_hours: WorkingHours | None = Field(
        default=None, description="Own working window in time_zone; rule local_hours."
    )

    @model_validator(mode="after")
    def _dates(self) -> Staff:
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValueError(f"start_date {self.start_date} is after end_date {self.end_date}")
        return self

    def employed_on(self, day: date) -> bool:
        """Whether ``day`` lies inside this person's employment."""
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or day <= self.end_date
        )


class ShiftType(_Frozen):
    """A kind of shift with real clock times in the practice's time zone.

    A shift whose ``end`` is at or before its ``start`` ends on the next day (overnight).
    """

    id: Identifier
    name: str | None = None
    start: time
    end: time
    days: tuple[Weekday, ...] = WEEKDAYS  # type: ignore[assignment]
    remote: bool = False
    skills: tuple[Identifier, ...] = Field(
        default=(), description="Staff need at least one of these skills; empty means anyone."
    )

    @model_validator(mode="after")
    def _clock(self) -> ShiftType:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("give shift times without a UTC offset; the practice's zone applies")
        if self.start == self.end:
            raise ValueError(f"start and end are both {self.start}: a shift cannot last 0 hours")
        if len(set(self.days)) != len(self.days):
            raise ValueError(f"days lists a weekday twice: {list(self.days)}")
        return self

    @property
    def overnight(self) -> bool:
        """Whether the shift ends on the day after it starts."""
        return self.end <= self.start

    @property
    def label(self) -> str:
        """The name to show people."""
        return self.name or self.id


class Horizon(_Frozen):
    """The planning horizon: a month (``2026-12``) or inclusive ``start`` and ``end`` dates."""

    month: str | None = Field(default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    start: date | None = None
    end: date | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: object) -> object:
        if isinstance(data, str):
            return {"month": data}
        return data

    @model_validator(mode="after")
    def _exactly_one(self) -> Horizon:
        if self.month is not None:
            if self.start is not None or self.end is not None:
                raise ValueError("give either month or start and end, not both")
            return self
        if self.start is None or self.end is None:
            raise ValueError("give a month like '2026-12', or both start and end dates")
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if (self.end - self.start).days > 366 * 2:
            raise ValueError("the horizon is longer than two years")
        return self

    @property
    def first(self) -> date:
        """The first day planned."""
        if self.month is not None:
            year, month = map(int, self.month.split("-"))
            return date(year, month, 1)
        assert self.start is not None
        return self.start

    @property
    def last(self) -> date:
        """The last day planned (inclusive)."""
        if self.month is not None:
            year, month = map(int, self.month.split("-"))
            return date(year, month, _calendar.monthrange(year, month)[1])
        assert self.end is not None
        return self.end

    @property
    def dates(self) -> tuple[date, ...]:
        """Every day planned, in order."""
        n = (self.last - self.first).days + 1
        return tuple(self.first + timedelta(days=i) for i in range(n))


class PastShift(_Frozen):
    """A shift a person worked before the horizon."""

    day: date = Field(alias="date")
    shift: Identifier

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class History(_Frozen):
    """What one person did before the horizon, so that rules hold across its start.

    ``worked`` lists shifts on the days before the horizon. Days from ``since`` (default: the
    earliest listed shift) to the day before the horizon are known: a day in that range with no
    listed shift was a day off. Days before that are unknown, and rules do not judge them.
    ``counts`` carries running tallies from earlier periods by name (for example ``nights``,
    ``weekends``, ``holidays``), for rules that keep things even over time.
    """

    staff: Identifier
    since: date | None = None
    worked: tuple[PastShift, ...] = ()
    counts: dict[Identifier, float] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _since(self) -> History:
        if self.since is not None and any(p.day < self.since for p in self.worked):
            raise ValueError(f"a worked shift lies before since ({self.since})")
        return self

    @property
    def known_from(self) -> date | None:
        """The first day whose work is known, or None if no day is."""
        if self.since is not None:
            return self.since
        return min((p.day for p in self.worked), default=None)
