"""Rosters as iCalendar feeds: one for the team and one per person, private by construction.

A feed holds shifts only: never leave, leave reasons, wages or anyone else's shifts in a personal
feed. Times carry a ``TZID`` with its ``VTIMEZONE``; UIDs are stable, opaque hashes so that a
calendar app updates a re-exported shift instead of duplicating it.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vText

from rosterkit.adapters.files import atomic_write_bytes, require_known
from rosterkit.errors import ExportError, InternalError, ValidationError
from rosterkit.model import Assignment, Roster
from rosterkit.rules import Practice

__all__ = [
    "PRODID",
    "event_uid",
    "staff_calendar",
    "team_calendar",
    "write_staff_calendars",
    "write_team_calendar",
]

PRODID = "-//rosterkit//rosterkit roster export//EN"
"""The product id written into every feed."""

_UID_DOMAIN = "@rosterkit"
_UID_HEX = 32
# VTIMEZONE coverage around the horizon: overnight shifts end a day later, and a person's own
# zone may be a calendar day ahead of or behind the practice's.
_ZONE_MARGIN = timedelta(days=3)
_STEP = timedelta(hours=1)
_SECOND = timedelta(seconds=1)


def event_uid(practice: Practice, assignment: Assignment) -> str:
    """The UID of one shift: stable across exports, and revealing no name or id.

    Args:
        practice: the practice (its name keeps UIDs of two practices apart).
        assignment: the shift.
    """
    a = assignment
    key = f"{practice.name}|{a.staff_id}|{a.date.isoformat()}|{a.shift_id}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:_UID_HEX] + _UID_DOMAIN


def team_calendar(practice: Practice, roster: Roster, *, stamp: datetime | None = None) -> bytes:
    """Every shift of the roster as one feed, in the practice's time zone.

    Each event's summary is ``"<shift label> – <staff name>"``; its category says ``on-site``
    or ``remote``.

    Args:
        practice: the practice the roster belongs to.
        roster: the assignments.
        stamp: the DTSTAMP of every event (fix it for reproducible files); defaults to now.

    Returns:
        The feed as iCalendar bytes (UTF-8, CRLF line ends).

    Raises:
        ValidationError: the roster names staff or shifts the practice does not have.
    """
    require_known(practice, roster)
    return _feed(
        practice,
        roster.assignments,
        name=practice.name,
        zone=practice.time_zone,
        key="team",
        stamp=stamp,
    )


def staff_calendar(
    practice: Practice, roster: Roster, staff_id: str, *, stamp: datetime | None = None
) -> bytes:
    """One person's shifts as a feed, in their own time zone if they have one.

    Nothing about anyone else is in it. A person without shifts gets a valid, empty feed.

    Args:
        practice: the practice the roster belongs to.
        roster: the assignments.
        staff_id: whose feed.
        stamp: the DTSTAMP of every event (fix it for reproducible files); defaults to now.

    Returns:
        The feed as iCalendar bytes (UTF-8, CRLF line ends).

    Raises:
        ValidationError: ``staff_id`` is not in the practice, or the roster names staff or
            shifts the practice does not have.
    """
    require_known(practice, roster)
    person = practice.index.staff.get(staff_id)
    if person is None:
        known = ", ".join(list(practice.index.staff)[:8])
        raise ValidationError(f"unknown staff id {staff_id!r}", hint=f"known staff ids: {known}")
    return _feed(
        practice,
        roster.for_staff(staff_id),
        name=f"{practice.name} – {person.name}",
        zone=person.time_zone or practice.time_zone,
        key=f"staff|{staff_id}",
        stamp=stamp,
    )


def write_team_calendar(
    practice: Practice, roster: Roster, path: str | Path, *, stamp: datetime | None = None
) -> Path:
    """Write :func:`team_calendar` to ``path`` atomically.

    Args:
        practice: the practice the roster belongs to.
        roster: the assignments.
        path: the ``.ics`` file to write; its directory must exist.
        stamp: the DTSTAMP of every event; defaults to now.

    Returns:
        The path written.

    Raises:
        ExportError: the file cannot be written; nothing partial is left behind.
    """
    return atomic_write_bytes(path, team_calendar(practice, roster, stamp=stamp))


def write_staff_calendars(
    practice: Practice,
    roster: Roster,
    directory: str | Path,
    *,
    stamp: datetime | None = None,
) -> list[Path]:
    """Write ``<staff_id>.ics`` into ``directory`` for every staff member, in practice order.

    Staff without shifts get an empty feed too: it tells them they are off. The directory is
    created if needed.

    Args:
        practice: the practice the roster belongs to.
        roster: the assignments.
        directory: where the feeds go.
        stamp: the DTSTAMP of every event; defaults to now.

    Returns:
        The paths written.

    Raises:
        ExportError: the directory or a file cannot be written, or a staff id would place a
            file outside ``directory``.
    """
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        root = folder.resolve(strict=True)
    except OSError as exc:
        raise ExportError(
            f"{folder}: cannot create the calendar directory: {exc.strerror or exc}",
            hint="choose an output directory you can write to",
        ) from exc
    # Staff ids are validated as safe file names; this guards against that ever changing and
    # against symlinks planted in the output directory, before any file is written.
    targets = {person.id: folder / f"{person.id}.ics" for person in practice.staff}
    for staff_id, target in targets.items():
        if target.resolve().parent != root:
            raise ExportError(
                f"{target}: staff id {staff_id!r} would write outside {folder}",
                hint="use staff ids made of letters, digits, '_', '-' and '.' only",
            )
    fixed = _utc_stamp(stamp)
    written: list[Path] = []
    for staff_id, target in targets.items():
        data = staff_calendar(practice, roster, staff_id, stamp=fixed)
        written.append(atomic_write_bytes(target, data))
    return written


# ------------------------------------------------------------------------------------ building


def _feed(
    practice: Practice,
    assignments: Iterable[Assignment],
    *,
    name: str,
    zone: str,
    key: str,
    stamp: datetime | None,
) -> bytes:
    tz = ZoneInfo(zone)
    fixed = _utc_stamp(stamp)
    cal = Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        calscale="GREGORIAN",
        uid=_opaque(f"{practice.name}|{key}"),
    )
    # icalendar 7.3 stores NAME and X-WR-CALNAME unescaped (as vUnknown), so a newline in a
    # practice name would break the file; vText escapes it like every other text value.
    cal.add("NAME", vText(_text(name)))
    cal.add("X-WR-CALNAME", vText(_text(name)))
    cal.add("X-WR-TIMEZONE", vText(zone))
    horizon = practice.horizon
    cal.add_component(_vtimezone(zone, horizon.first - _ZONE_MARGIN, horizon.last + _ZONE_MARGIN))
    staff, shifts = practice.index.staff, practice.index.shifts
    for a in assignments:
        shift = shifts[a.shift_id]
        event = Event.new(
            uid=event_uid(practice, a),
            stamp=fixed,
            start=a.start.astimezone(tz),
            end=a.end.astimezone(tz),
            summary=_text(f"{shift.label} – {staff[a.staff_id].name}"),
            categories=["remote" if shift.remote else "on-site"],
        )
        cal.add_component(event)
    missing = cal.get_missing_tzids()
    if missing:
        raise InternalError(f"calendar {name!r} uses time zones without VTIMEZONE: {missing}")
    data: bytes = cal.to_ical()
    return data


def _opaque(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:_UID_HEX] + _UID_DOMAIN


def _utc_stamp(stamp: datetime | None) -> datetime:
    if stamp is None:
        return datetime.now(UTC).replace(microsecond=0)
    if stamp.tzinfo is None:
        return stamp.replace(tzinfo=UTC)
    return stamp.astimezone(UTC)


def _text(value: str) -> str:
    """Text with line breaks unified and other control characters removed.

    iCalendar TEXT may not hold control characters other than tab; icalendar escapes line
    breaks, commas and semicolons, but passes the rest through.
    """
    unified = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in unified if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs"))


def _vtimezone(zone_name: str, first: date, last: date) -> Timezone:
    """A VTIMEZONE for ``zone_name`` that is right from ``first`` to ``last``.

    Built here rather than with ``Timezone.from_tzid`` because icalendar 7.3 gives the onset of
    a daylight-saving observance in the new offset's wall clock (``03:00`` for New York in
    March) where RFC 5545 wants the old one's (``02:00``), which moves the change by an hour
    for clients that read the VTIMEZONE instead of their own tz database.
    """
    zone = ZoneInfo(zone_name)
    begin = datetime.combine(first, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(last, time(0), tzinfo=zone).astimezone(UTC)
    component = Timezone()
    component.add("TZID", zone_name)
    opening = begin.astimezone(zone)
    _observance(component, opening.replace(tzinfo=None), opening, opening)
    for moment in _transitions(zone_name, begin, end):
        before = (moment - _SECOND).astimezone(zone)
        after = moment.astimezone(zone)
        # RFC 5545: the onset is the local time in the offset in force before the change.
        onset = (moment + (before.utcoffset() or timedelta(0))).replace(tzinfo=None)
        _observance(component, onset, before, after)
    return component


def _observance(component: Timezone, onset: datetime, before: datetime, after: datetime) -> None:
    is_dst = bool(after.dst())
    sub = TimezoneDaylight() if is_dst else TimezoneStandard()
    sub.add("DTSTART", onset)
    name = after.tzname()
    if name:
        sub.add("TZNAME", name)
    sub.add("TZOFFSETFROM", before.utcoffset())
    sub.add("TZOFFSETTO", after.utcoffset())
    component.add_component(sub)


def _state(
    moment: datetime, zone: ZoneInfo
) -> tuple[timedelta | None, timedelta | None, str | None]:
    local = moment.astimezone(zone)
    return local.utcoffset(), local.dst(), local.tzname()


@functools.lru_cache(maxsize=16)
def _transitions(zone_name: str, begin: datetime, end: datetime) -> tuple[datetime, ...]:
    """UTC instants in [begin, end) where the zone's offset, DST flag or name changes.

    Cached: every personal feed of a practice asks for the same zones over the same range.
    """
    zone = ZoneInfo(zone_name)
    found: list[datetime] = []
    low = begin
    while low < end:
        high = min(low + _STEP, end)
        if _state(low, zone) != _state(high, zone):
            # Bisect to the second: the first instant with the new state.
            lo, hi = low, high
            while hi - lo > _SECOND:
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                if _state(mid, zone) == _state(lo, zone):
                    lo = mid
                else:
                    hi = mid
            found.append(hi)
        low = high
    return tuple(found)
