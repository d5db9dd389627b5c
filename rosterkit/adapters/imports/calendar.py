"""Busy time from staff calendars (.ics): events, recurring events and VFREEBUSY blocks.

Recurring events are expanded over the horizon (with a day's margin) by
``recurring-ical-events``, so ``RRULE``, ``RDATE``, ``EXDATE`` and moved instances
(``RECURRENCE-ID``) are honoured. Busy time becomes ``Unavailable`` entries in the practice's
zone (tentative time ``Undesired`` by default); free, transparent and cancelled time is counted
in the summary and not imported. Whose time it is comes from the source's ``staff``, or from a
mapping of calendar names and e-mail addresses to staff ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from rosterkit.adapters.imports._entries import Spec, build_entry, known
from rosterkit.adapters.imports._table import read_bytes
from rosterkit.adapters.imports.summary import Imported, Tally
from rosterkit.errors import ImportFileError, InputError
from rosterkit.model import local_instant
from rosterkit.rules import Practice

__all__ = [
    "MAX_OCCURRENCES",
    "MAX_RULE_STEPS",
    "Tentative",
    "calendar_from_bytes",
    "read_calendar",
]

Tentative = Literal["undesired", "unavailable", "free"]
"""What tentative time becomes: soft ``Undesired`` (default), hard ``Unavailable``, or nothing."""

MAX_OCCURRENCES = 20_000
"""More occurrences than this inside the horizon is refused: no person's calendar has that many."""
MAX_RULE_STEPS = 500_000
"""A recurrence rule needing more steps than this to reach the horizon's end is refused."""

_DAY = timedelta(days=1)
# Rough occurrences per day of each frequency, to bound the work of expanding a rule.
_PER_DAY = {"HOURLY": 24.0, "DAILY": 1.0, "WEEKLY": 1 / 7, "MONTHLY": 1 / 28, "YEARLY": 1 / 365}
_EXPANDING = ("BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")
_FREE_OUTLOOK = {"FREE", "WORKINGELSEWHERE"}
_COMPONENTS = ("VEVENT", "VFREEBUSY")


def read_calendar(
    practice: Practice,
    path: str | Path,
    *,
    staff: str | None = None,
    match: Mapping[str, str] | None = None,
    tentative: Tentative = "undesired",
    weight: int | None = None,
    shown: str | None = None,
) -> Imported:
    """Busy time in an iCalendar file as unavailability of the staff it belongs to.

    Args:
        practice: the practice whose horizon, zone and staff the calendar is read for.
        path: the ``.ics`` file (one or more ``VCALENDAR`` objects).
        staff: the staff id the whole file belongs to; else ``match`` decides.
        match: calendar names (``X-WR-CALNAME``/``NAME``) and e-mail addresses (of
            ``ORGANIZER`` and attendees who did not decline) to staff ids; case does not matter.
        tentative: what tentative time becomes (see :data:`Tentative`).
        weight: make busy time soft ``Unavailable`` at this weight per shift (default hard).
        shown: how to name the file in messages and the summary.

    Raises:
        ImportFileError: the file cannot be read or parsed, a property is invalid, a
            recurrence is too dense to expand, or no staff member matches; the message names
            the file, the line, the property and the value.
        InputError: ``staff`` or ``match`` names an unknown staff id.
    """
    file = Path(path)
    return calendar_from_bytes(
        practice,
        read_bytes(file),
        source=shown or str(file),
        staff=staff,
        match=match,
        tentative=tentative,
        weight=weight,
    )


def calendar_from_bytes(
    practice: Practice,
    data: bytes,
    *,
    source: str = "<calendar>",
    staff: str | None = None,
    match: Mapping[str, str] | None = None,
    tentative: Tentative = "undesired",
    weight: int | None = None,
) -> Imported:
    """Like :func:`read_calendar`, for calendar data already in memory."""
    lines = _Lines.of(data, source)
    calendars = lines.parse()
    owners = _Owners.make(practice, source, staff, match)
    reader = _Reader(practice, lines, owners, tentative=tentative)
    for cal in calendars:
        reader.read(cal)
    if reader.busy_seen and not reader.matched:
        names = ", ".join(sorted(reader.unmatched_names)) or "no calendar name or e-mail address"
        raise ImportFileError(
            f"{source}: no staff member matches this calendar (found: {names})",
            hint="name the staff id with 'staff:', or map a name or address with 'match:'",
        )
    return reader.entries(weight)


# ------------------------------------------------------------------------------------ parsing


@dataclass(frozen=True)
class _Lines:
    """The unfolded content lines of a file with their physical line numbers."""

    source: str
    data: bytes
    logical: tuple[tuple[int, str], ...]

    @classmethod
    def of(cls, data: bytes, source: str) -> _Lines:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ImportFileError(
                f"{source}:{line}: byte {exc.start} is not UTF-8",
                hint="export the calendar again as an .ics file (UTF-8)",
            ) from exc
        logical: list[tuple[int, str]] = []
        for number, raw in enumerate(text.splitlines(), 1):
            if raw[:1] in (" ", "\t") and logical:
                start, previous = logical[-1]
                logical[-1] = (start, previous + raw[1:])
            elif raw.strip():
                logical.append((number, raw))
        return cls(source, data, tuple(logical))

    def check_nesting(self) -> None:
        """BEGIN and END must pair up (icalendar quietly drops an unfinished calendar)."""
        stack: list[tuple[int, str]] = []
        for number, line in self.logical:
            name, _, value = line.partition(":")
            key = name.split(";")[0].upper()
            if key == "BEGIN":
                stack.append((number, value.strip().upper()))
            elif key == "END":
                if not stack or stack[-1][1] != value.strip().upper():
                    raise ImportFileError(
                        f"{self.source}:{number}: property 'END': does not close an open "
                        f"component (got {value.strip()!r})",
                        hint="the file is damaged; export the calendar again",
                    )
                stack.pop()
        if stack:
            number, name = stack[-1]
            raise ImportFileError(
                f"{self.source}:{number}: property 'BEGIN': {name} is never closed (got {name!r})",
                hint="the file is cut short; export the calendar again",
            )

    def parse(self) -> list[icalendar.Calendar]:
        self.check_nesting()
        try:
            found = icalendar.Calendar.from_ical(self.data, multiple=True)
        except ValueError as exc:
            line, prop, value = self.find_value(str(exc))
            raise ImportFileError(
                f"{self.source}:{line}: property {prop!r}: {_first_line(exc)} (got {value!r})",
                hint="fix or remove that line",
            ) from exc
        calendars = [c for c in found if isinstance(c, icalendar.Calendar)]
        if not calendars:
            raise ImportFileError(
                f"{self.source}:1: not an iCalendar file (no VCALENDAR)",
                hint="export the calendar as an .ics file",
            )
        for cal in calendars:
            for component in cal.walk():
                for field, problem in component.errors:
                    name = str(field or component.name)
                    line, value = self.locate(component, name)
                    raise ImportFileError(
                        f"{self.source}:{line}: property {name!r}: {problem} (got {value!r})",
                        hint="fix or remove that line",
                    )
        return calendars

    def find_value(self, message: str) -> tuple[int, str, str]:
        """The line whose value the parser quotes in ``message`` (best effort)."""
        for number, line in self.logical:
            name, _, value = line.partition(":")
            if value and (f"'{value}'" in message or f": {value}" in message):
                return number, name.split(";")[0], value
        for number, line in self.logical:
            if line in message or f"'{line}'" in message:
                return number, line.partition(":")[0].split(";")[0], line
        return 1, "?", ""

    def locate(self, component: Any, prop: str) -> tuple[int, str]:
        """The line and value of ``prop`` in ``component`` (found by its UID when it has one)."""
        uid = str(component.get("UID", ""))
        return self.line_of(uid, prop)

    def line_of(self, uid: str, prop: str) -> tuple[int, str]:
        """The line and value of ``prop`` in the component with ``uid``, else its first line."""
        wanted = prop.upper()
        block: list[tuple[int, str]] = []
        fallback: tuple[int, str] | None = None
        for number, line in self.logical:
            name, _, value = line.partition(":")
            key = name.split(";")[0].upper()
            if key == "BEGIN":
                block = []
            block.append((number, line))
            if fallback is None and key == wanted:
                fallback = (number, value)
            if (
                key == "END"
                and uid
                and any(
                    ln.partition(":")[0].split(";")[0].upper() == "UID"
                    and ln.partition(":")[2] == uid
                    for _, ln in block
                )
            ):
                for n, ln in block:
                    if ln.partition(":")[0].split(";")[0].upper() == wanted:
                        return n, ln.partition(":")[2]
                return block[0][0], ""
        return fallback or (1, "")


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


# ------------------------------------------------------------------------------------ owners


@dataclass(frozen=True)
class _Owners:
    """Who a calendar or component belongs to."""

    fixed: str | None
    by_key: Mapping[str, str]

    @classmethod
    def make(
        cls, practice: Practice, source: str, staff: str | None, match: Mapping[str, str] | None
    ) -> _Owners:
        ids = practice.index.staff
        hint = f"known staff ids: {known(ids)}"
        if staff is not None and staff not in ids:
            raise InputError(f"{source}: staff {staff!r}: unknown staff id", hint=hint)
        by_key: dict[str, str] = {}
        for key, value in (match or {}).items():
            if value not in ids:
                raise InputError(
                    f"{source}: match {key!r}: unknown staff id (got {value!r})", hint=hint
                )
            by_key[_key(key)] = value
        return cls(staff, by_key)

    def of_calendar(self, cal: icalendar.Calendar) -> tuple[str | None, str]:
        """The calendar's owner (the fixed staff id, or its mapped name) and its name."""
        name = str(cal.get("X-WR-CALNAME") or cal.get("NAME") or "")
        if self.fixed is not None:
            return self.fixed, name
        return self.by_key.get(_key(name)), name

    def of_component(self, component: Any) -> tuple[list[str], list[str]]:
        """Staff ids matched by the organizer and attendees who did not decline; keys seen."""
        seen: list[str] = []
        for prop in ("ORGANIZER", "ATTENDEE"):
            values = component.get(prop)
            if values is None:
                continue
            for value in values if isinstance(values, list) else [values]:
                params = getattr(value, "params", {})
                if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
                    continue
                seen.append(_key(str(value)))
        found = [self.by_key[k] for k in seen if k in self.by_key]
        return list(dict.fromkeys(found)), seen


def _key(text: str) -> str:
    """A name or address as matched: ``MAILTO:Anna@X.org`` -> ``anna@x.org``."""
    key = text.strip()
    if key.lower().startswith("mailto:"):
        key = key[len("mailto:") :]
    return key.strip().casefold()


# ------------------------------------------------------------------------------------ reading


@dataclass
class _Busy:
    start: datetime
    end: datetime
    where: str


class _Reader:
    """Reads components into busy intervals per (staff, kind), counting what it leaves out."""

    def __init__(
        self, practice: Practice, lines: _Lines, owners: _Owners, *, tentative: Tentative
    ) -> None:
        self.practice = practice
        self.lines = lines
        self.owners = owners
        self.tentative = tentative
        self.zone = ZoneInfo(practice.time_zone)
        horizon = practice.horizon
        self.window = (
            local_instant(horizon.first - _DAY, time(0), self.zone),
            local_instant(horizon.last + 2 * _DAY, time(0), self.zone),
        )
        self.tally = Tally(lines.source, "calendar", "events")
        self.busy: dict[tuple[str, str], list[_Busy]] = {}
        self.busy_seen = False
        self.matched = False
        self.unmatched_names: set[str] = set()

    def read(self, cal: icalendar.Calendar) -> None:
        """Read one VCALENDAR's events and free/busy blocks."""
        calendar_owner, name = self.owners.of_calendar(cal)
        if name:
            self.unmatched_names.add(repr(name))
        events = list(cal.walk("VEVENT"))
        self.tally.read += len(events) + len(cal.walk("VFREEBUSY"))
        for event in events:
            self._check_rule(event)
        occurrences = self._expand(cal)
        if len(occurrences) > MAX_OCCURRENCES:
            raise ImportFileError(
                f"{self.lines.source}: {len(occurrences)} event occurrences within the horizon, "
                f"more than {MAX_OCCURRENCES}",
                hint="export only the planning period, or split the calendar",
            )
        in_window = {str(o.get("UID", "")) for o in occurrences}
        outside = sum(1 for e in events if str(e.get("UID", "")) not in in_window)
        self.tally.ignore("events outside the horizon", outside)
        for occurrence in occurrences:
            self._event(occurrence, calendar_owner)
        for freebusy in cal.walk("VFREEBUSY"):
            self._freebusy(freebusy, calendar_owner)

    def _check_rule(self, event: Any) -> None:
        """Refuse recurrence rules too dense to expand in reasonable time (a hostile file)."""
        rules = event.get("RRULE")
        if rules is None:
            return
        uid = str(event.get("UID", ""))
        first = getattr(event.get("DTSTART"), "dt", None)
        first_day = first.date() if isinstance(first, datetime) else first
        for rule in rules if isinstance(rules, list) else [rules]:
            line = self.lines.line_of(uid, "RRULE")[0]
            shown = rule.to_ical().decode("utf-8", "replace")
            freq = str((rule.get("FREQ") or [""])[0]).upper()
            if freq not in _PER_DAY:
                every = {"SECONDLY": "second", "MINUTELY": "minute"}.get(freq, repr(freq))
                raise ImportFileError(
                    f"{self.lines.source}:{line}: property 'RRULE': a recurrence every {every} "
                    f"is not availability (got {shown!r})",
                    hint="use at most an hourly recurrence",
                )
            per_day = _PER_DAY[freq] / max(1, int((rule.get("INTERVAL") or [1])[0]))
            for key in _EXPANDING:
                per_day *= max(1, len(rule.get(key) or []))
            days = 0
            if isinstance(first_day, date):
                days = max(0, (self.window[1].date() - first_day).days)
            steps = per_day * days
            count = rule.get("COUNT")
            if count:
                steps = min(steps, float(count[0]))
            if steps > MAX_RULE_STEPS:
                raise ImportFileError(
                    f"{self.lines.source}:{line}: property 'RRULE': about {int(steps)} "
                    f"recurrences to reach the horizon's end, more than {MAX_RULE_STEPS} "
                    f"(got {shown!r})",
                    hint="start the series later, or give it an end (UNTIL or COUNT)",
                )

    def _expand(self, cal: icalendar.Calendar) -> list[Any]:
        start, end = (moment.astimezone(UTC) for moment in self.window)
        try:
            found: list[Any] = recurring_ical_events.of(cal, components=["VEVENT"]).between(
                start, end
            )
        except Exception as exc:
            # recurring-ical-events raises its own errors, icalendar's and ValueError.
            uid = str(getattr(exc, "uid", "") or "")
            line = self.lines.line_of(uid, "RRULE")[0] if uid else 1
            raise ImportFileError(
                f"{self.lines.source}:{line}: property 'RRULE': cannot expand the recurring "
                f"events: {_first_line(exc)}",
                hint="fix or remove that event",
            ) from exc
        return found

    @staticmethod
    def _state(event: Any) -> str:
        """``busy``, ``tentative``, ``free`` or ``cancelled``.

        Outlook's busy status, when present, is the most specific; then TRANSP; then STATUS.
        """
        status = str(event.get("STATUS", "")).upper()
        if status == "CANCELLED":
            return "cancelled"
        outlook = str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper()
        if outlook:
            if outlook in _FREE_OUTLOOK:
                return "free"
            return "tentative" if outlook == "TENTATIVE" else "busy"
        if str(event.get("TRANSP", "")).upper() == "TRANSPARENT":
            return "free"
        return "tentative" if status == "TENTATIVE" else "busy"

    def _event(self, event: Any, calendar_owner: str | None) -> None:
        uid = str(event.get("UID", ""))
        where = f"{self.lines.source}:{self.lines.line_of(uid, 'DTSTART')[0]}"
        state = self._state(event)
        if state in ("free", "cancelled"):
            self.tally.ignore(f"{state} occurrences")
            return
        kind = self._kind(state)
        if kind is None:
            self.tally.ignore("tentative occurrences (treated as free)")
            return
        try:
            start, end = event.start, event.end
        except Exception as exc:
            line = self.lines.line_of(uid, "DTEND")[0]
            raise ImportFileError(
                f"{self.lines.source}:{line}: property 'DTEND': {_first_line(exc)}",
                hint="fix the event's start, end or duration",
            ) from exc
        owners = self._owners(event, calendar_owner)
        if not owners:
            self.tally.ignore("occurrences matching no staff")
            return
        for owner in owners:
            self._add(owner, kind, start, end, where)

    def _freebusy(self, component: Any, calendar_owner: str | None) -> None:
        uid = str(component.get("UID", ""))
        where = f"{self.lines.source}:{self.lines.line_of(uid, 'FREEBUSY')[0]}"
        values = component.get("FREEBUSY")
        periods = [] if values is None else values if isinstance(values, list) else [values]
        owners = self._owners(component, calendar_owner)
        for period in periods:
            fbtype = str(period.params.get("FBTYPE", "BUSY")).upper()
            state = {"FREE": "free", "BUSY-TENTATIVE": "tentative"}.get(fbtype, "busy")
            if state == "free":
                self.tally.ignore("free periods")
                continue
            kind = self._kind(state)
            if kind is None:
                self.tally.ignore("tentative periods (treated as free)")
                continue
            if not owners:
                self.tally.ignore("periods matching no staff")
                continue
            start, end_or_length = period.dt
            end = start + end_or_length if isinstance(end_or_length, timedelta) else end_or_length
            for owner in owners:
                self._add(owner, kind, start, end, where)

    def _kind(self, state: str) -> str | None:
        if state == "busy":
            return "unavailable"
        return None if self.tentative == "free" else self.tentative

    def _owners(self, component: Any, calendar_owner: str | None) -> list[str]:
        self.busy_seen = True
        if calendar_owner is not None:
            self.matched = True
            return [calendar_owner]
        found, seen = self.owners.of_component(component)
        if found:
            self.matched = True
        else:
            self.unmatched_names.update(repr(s) for s in seen)
        return found

    def _add(self, owner: str, kind: str, start: date, end: date, where: str) -> None:
        zone = self._zone_of(owner)
        begin, finish = _instant(start, zone), _instant(end, zone)
        if finish <= begin:
            self.tally.ignore("occurrences without length")
            return
        low, high = max(begin, self.window[0]), min(finish, self.window[1])
        if high <= low:
            self.tally.ignore("occurrences outside the horizon")
            return
        self.busy.setdefault((owner, kind), []).append(_Busy(low, high, where))

    def _zone_of(self, owner: str) -> ZoneInfo:
        # Floating times and all-day dates are read on the owner's own wall clock.
        person = self.practice.index.staff[owner]
        return ZoneInfo(person.time_zone) if person.time_zone else self.zone

    def entries(self, weight: int | None) -> Imported:
        """The busy blocks as entries, one per whole-day range or part of a day."""
        for (owner, kind), blocks in sorted(self.busy.items()):
            for block in _merged(blocks):
                for first, last, start, end in _pieces(block.start, block.end, self.zone):
                    spec = Spec(
                        kind="unavailable" if kind == "unavailable" else "undesired",
                        staff=owner,
                        first=first,
                        last=last,
                        start=start,
                        end=end,
                        weight=weight,
                    )

                    def fail(
                        column: str | None, problem: str, hint: str | None, where: str = block.where
                    ) -> ImportFileError:
                        return ImportFileError(f"{where}: {problem}", hint=hint)

                    self.tally.add(build_entry(self.practice, spec, fail), block.where)
        return self.tally.done()


def _instant(value: date, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=zone) if value.tzinfo is None else value
    return local_instant(value, time(0), zone)


def _merged(blocks: Iterable[_Busy]) -> list[_Busy]:
    """Overlapping and touching busy blocks joined (keeping the first one's origin)."""
    out: list[_Busy] = []
    for block in sorted(blocks, key=lambda b: (b.start.timestamp(), b.end.timestamp())):
        if out and block.start.timestamp() <= out[-1].end.timestamp():
            if block.end.timestamp() > out[-1].end.timestamp():
                out[-1].end = block.end
            continue
        out.append(_Busy(block.start, block.end, block.where))
    return out


Piece = tuple[date, date, time | None, time | None]


def _pieces(start: datetime, end: datetime, zone: ZoneInfo) -> list[Piece]:
    """A busy interval as practice-local entries: (first, last, start_time, end_time).

    Whole local days become date ranges (no times); a part of a day becomes a time window. A
    window that wall-clock times cannot express exactly (inside a repeated autumn hour) widens
    to the whole day, so that no busy time is lost.
    """
    pieces: list[Piece] = []
    day = start.astimezone(zone).date()
    while local_instant(day, time(0), zone) < end:
        day_start = local_instant(day, time(0), zone).timestamp()
        day_end = local_instant(day + _DAY, time(0), zone).timestamp()
        low = max(start.timestamp(), day_start)
        high = min(end.timestamp(), day_end)
        if high > low:
            window = None
            if not (low <= day_start and high >= day_end):
                window = _window(day, low, high, zone)
            pieces.append((day, day, None, None) if window is None else (day, day, *window))
        day += _DAY
    joined: list[Piece] = []
    for piece in pieces:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and piece[2] is None
            and previous[2] is None
            and previous[1] + _DAY == piece[0]
        ):
            joined[-1] = (previous[0], piece[1], None, None)
        else:
            joined.append(piece)
    return joined


def _window(day: date, low: float, high: float, zone: ZoneInfo) -> tuple[time, time] | None:
    """Wall-clock start and end on ``day`` covering [low, high), or None if none does."""
    begin = datetime.fromtimestamp(int(low), zone).time()
    end = datetime.fromtimestamp(-int(-high // 1), zone).time()
    if begin == end:
        return None
    start_at = local_instant(day, begin, zone).timestamp()
    end_day = day + _DAY if end <= begin else day
    end_at = local_instant(end_day, end, zone).timestamp()
    if start_at > low or end_at < high:
        return None
    return begin, end
