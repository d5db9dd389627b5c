"""Public holidays and closures: which days of a horizon are holidays, and which are closed.

A practice names its holiday calendar (a country and a subdivision, from the ``holidays``
package) and lists its own closures (a staff training day); the practice index turns both into
the dates its rules read (:attr:`~rosterkit.rules.context.PracticeIndex.holiday_dates` and
:attr:`~rosterkit.rules.context.PracticeIndex.closed_dates`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from datetime import timedelta
from functools import cache
from typing import Any

import holidays as _holidays
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

__all__ = ["Closure", "HolidayCalendar", "closed_days", "public_holidays"]

_ENGLISH = "en_US"
"""Holiday names are shown in US English where the ``holidays`` package has them."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


@cache
def _supported() -> dict[str, tuple[str, ...]]:
    """Each country code the ``holidays`` package knows, with its subdivision codes."""
    return {k: tuple(v) for k, v in _holidays.list_supported_countries().items()}


def _listing(options: Iterable[str], *, limit: int = 60) -> str:
    shown = sorted(options)
    text = ", ".join(shown[:limit])
    return text + (f" ... ({len(shown)} in all)" if len(shown) > limit else "")


class HolidayCalendar(_Frozen):
    """The public holidays of a country, or of one subdivision of it (a state, a province).

    Attributes:
        country: an ISO 3166-1 alpha-2 code the ``holidays`` package knows (``US``, ``DE``).
        subdivision: a subdivision code of that country (``TX``, ``BY``); None for the
            country's nationwide holidays only.
        closed: whether the practice is closed on its public holidays (default true).
        open_on: public holidays on which the practice opens anyway; they still count as
            holidays (for fairness), but are not closed days.
    """

    country: str
    subdivision: str | None = None
    closed: bool = True
    open_on: tuple[dt.date, ...] = ()

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        code = value.upper()
        if code not in _supported():
            raise ValueError(
                f"{value!r} is not a country the holidays package knows; give an ISO 3166-1 "
                f"code (known: {_listing(_supported(), limit=40)})"
            )
        return code

    @field_validator("subdivision")
    @classmethod
    def _known_subdivision(cls, value: str | None, info: ValidationInfo) -> str | None:
        country = info.data.get("country")
        if value is None or country is None:
            return value  # a bad country is reported on its own
        known = _supported()[country]
        found = {s.casefold(): s for s in known}.get(value.casefold())
        if found is None:
            listing = _listing(known) if known else "none: leave subdivision out"
            raise ValueError(f"{value!r} is not a subdivision of {country} (known: {listing})")
        return found  # the package's own spelling


class Closure(_Frozen):
    """A day, or an inclusive range of days, on which the practice is closed.

    Written as a plain date (``2026-12-31``), or as ``{date: ..., name: ...}`` or
    ``{start_date: ..., end_date: ..., name: ...}``.
    """

    date: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    name: str | None = Field(default=None, max_length=200)

    @model_validator(mode="before")
    @classmethod
    def _plain_date(cls, data: Any) -> Any:
        if isinstance(data, dt.date | str):
            return {"date": data}
        return data

    @model_validator(mode="after")
    def _shape(self) -> Closure:
        if self.date is not None:
            if self.start_date is not None or self.end_date is not None:
                raise ValueError("give either date or start_date and end_date, not both")
            return self
        if self.start_date is None or self.end_date is None:
            raise ValueError("give a date, or both start_date and end_date")
        if self.start_date > self.end_date:
            raise ValueError(f"start_date {self.start_date} is after end_date {self.end_date}")
        return self

    @property
    def first(self) -> dt.date:
        """The first closed day."""
        day = self.date or self.start_date
        assert day is not None
        return day

    @property
    def last(self) -> dt.date:
        """The last closed day (inclusive)."""
        day = self.date or self.end_date
        assert day is not None
        return day

    def days(self) -> list[dt.date]:
        """Every closed day, in order."""
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


def public_holidays(
    calendar: HolidayCalendar | None, dates: Iterable[dt.date]
) -> dict[dt.date, str]:
    """The public holidays among ``dates``, with their names (observed days included)."""
    wanted = sorted(set(dates))
    if calendar is None or not wanted:
        return {}
    languages = _holidays.list_localized_countries().get(calendar.country, [])
    found = _holidays.country_holidays(
        calendar.country,
        subdiv=calendar.subdivision,
        years=range(wanted[0].year, wanted[-1].year + 1),
        language=_ENGLISH if _ENGLISH in languages else None,
    )
    return {day: str(found[day]) for day in wanted if day in found}


def closed_days(
    holidays: Mapping[dt.date, str],
    calendar: HolidayCalendar | None,
    closures: Iterable[Closure],
    dates: Iterable[dt.date],
) -> dict[dt.date, str]:
    """The days among ``dates`` on which the practice is closed, with why.

    A day is closed when it is one of ``holidays`` (the calendar's public holidays) and the
    calendar says the practice closes on them (and does not open on that day), or when a
    closure lists it.
    """
    wanted = set(dates)
    out: dict[dt.date, str] = {}
    if calendar is not None and calendar.closed:
        opened = set(calendar.open_on)
        out.update((d, name) for d, name in holidays.items() if d in wanted and d not in opened)
    for closure in closures:
        for day in closure.days():
            if day in wanted:
                out.setdefault(day, closure.name or "closed")
    return dict(sorted(out.items()))
