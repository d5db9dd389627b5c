"""Rosters as iCalendar feeds: one for the team and one per person, private by construction.

The team feed holds shifts only. A personal feed holds that person's shifts and their time off
(approved leave and granted leave requests) as neutral all-day "Unavailable" blocks: never a
leave reason, a refused request, wages or anyone else's data.
Times carry a ``TZID`` with its ``VTIMEZONE``; UIDs are stable, opaque hashes so that a calendar
app updates a re-exported shift instead of duplicating it. Exported over a previous export, a
changed event gets a higher ``SEQUENCE`` and a removed one comes back as ``STATUS:CANCELLED``.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vText

from rosterkit.adapters.files import atomic_write_bytes, require_known
from rosterkit.errors import ExportError, InputError, InternalError, ValidationError
from rosterkit.model import Assignment, Roster
from rosterkit.rules import Leave, Practice

__all__ = [
    "LEAVE_SUMMARY",
    "PRODID",
    "PublishedEvent",
    "event_uid",
    "leave_uid",
    "read_feed_events",
    "staff_calendar",
    "team_calendar",
    "write_staff_calendars",
    "write_team_calendar",
]

PRODID = "-//rosterkit//rosterkit roster export//EN"
"""The product id written into every feed."""

LEAVE_SUMMARY = "Unavailable"
"""The summary of a leave block in a personal feed: neutral, never the reason or the kind."""
CANCELLED_SUMMARY = "Cancelled"

_UID_DOMAIN = "@rosterkit"
_UID_HEX = 32
_OUR_UID = re.compile(r"^[0-9a-f]{32}@rosterkit$")
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


def leave_uid(practice: Practice, leave: Leave) -> str:
    """The UID of a leave block: stable for the same person and days, revealing nothing.

    Args:
        practice: the practice.
        leave: the leave entry (its days as shown, within the horizon).
    """
    return _opaque(f"{practice.name}|leave|{leave.staff}|{leave.start_date}|{leave.end_date}")


def team_calendar(
    practice: Practice,
    roster: Roster,
    *,
    stamp: datetime | None = None,
    previous: bytes | None = None,
) -> bytes:
    """Every shift of the roster as one feed, in the practice's time zone.

    Each event's summary is ``"<shift label> – <staff name>"``; its category says ``on-site``
    or ``remote``. The team feed holds no leave.

    Args:
        practice: the practice the roster belongs to.
        roster: the assignments.
        stamp: the DTSTAMP of every event (fix it for reproducible files); defaults to now.
        previous: the previous export of this feed, if any: changed events get
            ``SEQUENCE`` one higher than there, removed ones come back cancelled.

    Returns:
        The feed as iCalendar bytes (UTF-8, CRLF line ends).

    Raises:
        ValidationError: the roster names staff or shifts the practice does not have.
        InputError: ``previous`` is not an iCalendar feed.
    """
    require_known(practice, roster)
    return _feed(
        practice,
        roster.assignments,
        (),
        name=practice.name,
        zone=practice.time_zone,
        key="team",
        stamp=stamp,
        previous=_previous(previous, "the previous team feed"),
    )


def staff_calendar(
    practice: Practice,
    roster: Roster,
    staff_id: str,
    *,
    stamp: datetime | None = None,
    previous: bytes | None = None,
) -> bytes:
    """One person's shifts and time off as a feed, in their own time zone if they have one.

    Time off is approved leave and the requested leave that the roster grants (its decision
    ``leave:<rule id>`` is true); a refused request is not shown, and neither is a request the
    roster has no decision on (a roster read back from a CSV file): a feed tells people they
    are off only when that was decided. Time off shows as all-day events named "Unavailable"
    (never the reason or the status), cut to the horizon. Nothing about anyone else is in it.
    A person without shifts gets a valid feed all the same.

    Args:
        practice: the practice the roster belongs to.
        roster: the assignments.
        staff_id: whose feed.
        stamp: the DTSTAMP of every event (fix it for reproducible files); defaults to now.
        previous: this person's previous feed, if any (see :func:`team_calendar`).

    Returns:
        The feed as iCalendar bytes (UTF-8, CRLF line ends).

    Raises:
        ValidationError: ``staff_id`` is not in the practice, or the roster names staff or
            shifts the practice does not have.
        InputError: ``previous`` is not an iCalendar feed.
    """
    require_known(practice, roster)
    if staff_id not in practice.index.staff:
        known = ", ".join(list(practice.index.staff)[:8])
        raise ValidationError(f"unknown staff id {staff_id!r}", hint=f"known staff ids: {known}")
    return _staff_feed(
        practice, roster, staff_id, _time_off(practice, roster), stamp=stamp, previous=previous
    )


def _time_off(practice: Practice, roster: Roster) -> list[Leave]:
    """Approved leave and the requests ``roster`` decides to grant, in practice order."""
    index = practice.index
    return [
        entry
        for entry in practice.leave
        if not entry.requested or roster.decisions.get(entry.decision_name(index)) is True
    ]


def _staff_feed(
    practice: Practice,
    roster: Roster,
    staff_id: str,
    time_off: Iterable[Leave],
    *,
    stamp: datetime | None,
    previous: bytes | None,
) -> bytes:
    person = practice.index.staff[staff_id]
    leave = [entry for entry in time_off if entry.staff == staff_id]
    return _feed(
        practice,
        roster.for_staff(staff_id),
        leave,
        name=f"{practice.name} – {person.name}",
        zone=person.time_zone or practice.time_zone,
        key=f"staff|{staff_id}",
        stamp=stamp,
        previous=_previous(previous, f"the previous feed of {staff_id}"),
    )


def write_team_calendar(
    practice: Practice,
    roster: Roster,
    path: str | Path,
    *,
    stamp: datetime | None = None,
    previous: str | Path | None = None,
) -> Path:
    """Write :func:`team_calendar` to ``path`` atomically.

    Args:
        practice: the practice the roster belongs to.
        roster: the assignments.
        path: the ``.ics`` file to write; its directory must exist.
        stamp: the DTSTAMP of every event; defaults to now.
        previous: the previous export of this feed (may be ``path`` itself); a missing file
            means there was none.

    Returns:
        The path written.

    Raises:
        ExportError: the file cannot be written; nothing partial is left behind.
        InputError: ``previous`` exists but is not an iCalendar feed.
    """
    data = team_calendar(practice, roster, stamp=stamp, previous=_read_previous(previous))
    return atomic_write_bytes(path, data)


def write_staff_calendars(
    practice: Practice,
    roster: Roster,
    directory: str | Path,
    *,
    stamp: datetime | None = None,
    previous: str | Path | None = None,
) -> list[Path]:
    """Write ``<staff_id>.ics`` into ``directory`` for every staff member, in practice order.

    Staff without shifts get an empty feed too: it tells them they are off. The directory is
    created if needed.

    Args:
        practice: the practice the roster belongs to.
        roster: the assignments.
        directory: where the feeds go.
        stamp: the DTSTAMP of every event; defaults to now.
        previous: the directory of the previous export's personal feeds (may be
            ``directory`` itself); each person's ``<staff_id>.ics`` there, if any, is read.

    Returns:
        The paths written.

    Raises:
        ExportError: the directory or a file cannot be written, or a staff id would place a
            file outside ``directory``.
        InputError: a previous feed exists but is not an iCalendar feed.
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
    # Read every previous feed before writing any: `previous` may be `directory` itself.
    before = {
        staff_id: _read_previous(None if previous is None else Path(previous) / target.name)
        for staff_id, target in targets.items()
    }
    require_known(practice, roster)
    time_off = _time_off(practice, roster)
    written: list[Path] = []
    for staff_id, target in targets.items():
        data = _staff_feed(
            practice, roster, staff_id, time_off, stamp=fixed, previous=before[staff_id]
        )
        written.append(atomic_write_bytes(target, data))
    return written


# ------------------------------------------------------------------------------------ previous


@dataclass(frozen=True)
class PublishedEvent:
    """An event as a previous export published it: enough to compare it and to cancel it."""

    uid: str
    sequence: int
    fingerprint: tuple[object, ...]
    start: date | datetime
    end: date | datetime
    cancelled: bool
    origin: str


def read_feed_events(data: bytes, *, source: str) -> dict[str, PublishedEvent]:
    """The events of a feed rosterkit wrote, by UID; events with other UIDs are skipped.

    Raises:
        InputError: ``data`` is not an iCalendar feed, or an event of ours lacks its times.
    """
    try:
        cal = Calendar.from_ical(data)
    except ValueError as exc:
        raise InputError(
            f"{source}: not an iCalendar feed: {exc}",
            hint="delete it, or point 'previous' at the files the last export wrote",
        ) from exc
    events: dict[str, PublishedEvent] = {}
    for event in cal.events:
        uid = str(event.get("UID", ""))
        if not _OUR_UID.match(uid):
            continue
        try:
            start, end = event.start, event.end
            sequence = int(event.get("SEQUENCE", 0))
        except (ValueError, TypeError, KeyError) as exc:
            raise InputError(
                f"{source}: event {uid}: cannot read its times or sequence: {exc}",
                hint="delete the file, or point 'previous' at the last export",
            ) from exc
        events[uid] = PublishedEvent(
            uid=uid,
            sequence=max(0, sequence),
            fingerprint=_fingerprint(event),
            start=start,
            end=end,
            cancelled=str(event.get("STATUS", "")).upper() == "CANCELLED",
            origin=source,
        )
    return events


def _previous(data: bytes | None, source: str) -> Mapping[str, PublishedEvent]:
    return {} if data is None else read_feed_events(data, source=source)


def _read_previous(path: str | Path | None) -> bytes | None:
    if path is None:
        return None
    file = Path(path)
    try:
        return file.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(f"{file}: cannot read the previous export: {exc.strerror or exc}") from exc


def _instant(value: date | datetime) -> object:
    if isinstance(value, datetime):
        return value.timestamp() if value.tzinfo is not None else value.isoformat()
    return value.isoformat()


def _fingerprint(event: Event) -> tuple[object, ...]:
    """What, when changed, raises SEQUENCE: times (as instants), text, category, status."""
    categories = event.get("CATEGORIES")
    cats = categories if isinstance(categories, list) else [categories]
    cats = [c for c in cats if c is not None]
    names = tuple(sorted(str(c) for group in cats for c in getattr(group, "cats", [group])))
    return (
        _instant(event.start),
        _instant(event.end),
        str(event.get("SUMMARY", "")),
        names,
        str(event.get("STATUS", "")).upper(),
    )


# ------------------------------------------------------------------------------------ building


def _feed(
    practice: Practice,
    assignments: Iterable[Assignment],
    leave: Iterable[Leave],
    *,
    name: str,
    zone: str,
    key: str,
    stamp: datetime | None,
    previous: Mapping[str, PublishedEvent],
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
    events: list[Event] = []
    for a in assignments:
        shift = shifts[a.shift_id]
        events.append(
            Event.new(
                uid=event_uid(practice, a),
                stamp=fixed,
                start=a.start.astimezone(tz),
                end=a.end.astimezone(tz),
                summary=_text(f"{shift.label} – {staff[a.staff_id].name}"),
                categories=["remote" if shift.remote else "on-site"],
            )
        )
    for entry in leave:
        block = _leave_block(practice, entry)
        if block is not None:
            events.append(
                Event.new(
                    uid=leave_uid(practice, block),
                    stamp=fixed,
                    start=block.start_date,
                    end=block.end_date + timedelta(days=1),
                    summary=LEAVE_SUMMARY,
                )
            )
    current = {str(e["UID"]) for e in events}
    for event in events:
        _sequence(event, previous.get(str(event["UID"])))
        cal.add_component(event)
    for published in previous.values():
        if published.uid not in current and _in_horizon(practice, published):
            cal.add_component(_cancelled(published, fixed, tz))
    missing = cal.get_missing_tzids()
    if missing:
        raise InternalError(f"calendar {name!r} uses time zones without VTIMEZONE: {missing}")
    data: bytes = cal.to_ical()
    return data


def _leave_block(practice: Practice, entry: Leave) -> Leave | None:
    """Time off cut to the horizon, without reason or status; None for leave outside it."""
    first = max(entry.start_date, practice.horizon.first)
    last = min(entry.end_date, practice.horizon.last)
    if first > last:
        return None
    # Only the person and the days go on: the reason stays behind.
    return Leave(staff=entry.staff, start_date=first, end_date=last)


def _sequence(event: Event, published: PublishedEvent | None) -> None:
    """SEQUENCE: as published when unchanged, one higher when changed; none for a new event."""
    if published is None:
        return
    changed = published.cancelled or _fingerprint(event) != published.fingerprint
    sequence = published.sequence + 1 if changed else published.sequence
    if sequence:
        event.add("SEQUENCE", sequence)


def _in_horizon(practice: Practice, published: PublishedEvent) -> bool:
    """Whether a published event starts within the horizon (only those can be cancelled)."""
    start = published.start
    if isinstance(start, datetime):
        zone = ZoneInfo(practice.time_zone)
        day = (start.astimezone(zone) if start.tzinfo else start).date()
    else:
        day = start
    return practice.horizon.first <= day <= practice.horizon.last


def _cancelled(published: PublishedEvent, stamp: datetime, tz: ZoneInfo) -> Event:
    """A removed event, cancelled: same UID and times, a neutral summary, SEQUENCE raised.

    Nothing else is copied from the previous file, so a stale or tampered file cannot put
    another person's text into a feed.
    """
    start, end = published.start, published.end
    if isinstance(start, datetime) and start.tzinfo is not None:
        start = start.astimezone(tz)
    if isinstance(end, datetime) and end.tzinfo is not None:
        end = end.astimezone(tz)
    event = Event.new(uid=published.uid, stamp=stamp, start=start, end=end)
    event.add("SUMMARY", CANCELLED_SUMMARY)
    event.add("STATUS", "CANCELLED")
    sequence = published.sequence if published.cancelled else published.sequence + 1
    event.add("SEQUENCE", sequence)
    return event


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
