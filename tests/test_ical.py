"""iCalendar feeds: they parse in two libraries, land at the right instants and stay private."""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import ics
import pytest
import recurring_ical_events
from maple import LEAVE_REASON, make_roster, practice_doc

import rosterkit
from rosterkit import ExportError, Practice, Roster, Staff
from rosterkit.adapters.ical import (
    LEAVE_SUMMARY,
    PRODID,
    event_uid,
    staff_calendar,
    team_calendar,
    write_staff_calendars,
    write_team_calendar,
)
from rosterkit.solve import write_outputs

GOLDEN = Path(__file__).parent / "golden"
# Set ROSTERKIT_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate format change.
UPDATE_GOLDEN = os.environ.get("ROSTERKIT_UPDATE_GOLDEN") == "1"
STAMP = datetime(2026, 2, 20, 9, 30, tzinfo=UTC)
EVENT_PROPERTIES = {"SUMMARY", "DTSTART", "DTEND", "DTSTAMP", "UID", "CATEGORIES"}
LEAVE_PROPERTIES = {"SUMMARY", "DTSTART", "DTEND", "DTSTAMP", "UID"}
CALENDAR_PROPERTIES = {
    "VERSION", "PRODID", "CALSCALE", "METHOD", "NAME", "X-WR-CALNAME", "UID", "X-WR-TIMEZONE",
}  # fmt: skip


ROWS = [
    ("anna", "2026-03-02", "early"),
    ("ben", "2026-03-02", "early"),
    ("zoe", "2026-03-02", "late"),
    ("maria", "2026-03-02", "phones"),
    ("ben", "2026-03-03", "late"),
    ("maria", "2026-03-03", "phones"),
    ("zoe", "2026-03-04", "night"),
    ("anna", "2026-03-07", "night"),
]


@pytest.fixture
def practice() -> Practice:
    return Practice.parse(practice_doc())


@pytest.fixture
def roster(practice: Practice) -> Roster:
    return make_roster(practice, ROWS)


def parse(data: bytes) -> icalendar.Calendar:
    """Parse a feed and assert that icalendar recorded no error on any component."""
    cal = icalendar.Calendar.from_ical(data)
    assert isinstance(cal, icalendar.Calendar)
    for component in cal.walk():
        assert component.errors == [], (component.name, component.errors)
    return cal


def unescape_text(raw: str) -> str:
    """RFC 5545 TEXT unescaping; icalendar 7.3 reads NAME back raw, as an unknown type."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)


def events(cal: icalendar.Calendar) -> list[icalendar.Event]:
    return list(cal.events)


def times(event: icalendar.Event) -> tuple[datetime, datetime]:
    """An event's aware start and end."""
    start, end = event.start, event.end
    assert isinstance(start, datetime)
    assert isinstance(end, datetime)
    assert start.tzinfo is not None
    assert end.tzinfo is not None
    return start, end


def assert_well_formed(data: bytes, *, expected_events: int) -> icalendar.Calendar:
    """Checks every feed must pass: clean parse, TZIDs with VTIMEZONEs, readable by ``ics``."""
    cal = parse(data)
    assert set(cal.keys()) == CALENDAR_PROPERTIES
    assert str(cal["PRODID"]) == PRODID
    assert str(cal["METHOD"]) == "PUBLISH"
    zones = {tz.tz_name for tz in cal.timezones}
    assert zones == {str(cal["X-WR-TIMEZONE"])}
    found = events(cal)
    assert len(found) == expected_events
    for event in found:
        if event.get("SUMMARY") == LEAVE_SUMMARY:
            # Leave: a neutral all-day block, dates without a time or zone.
            assert set(event.keys()) == LEAVE_PROPERTIES
            assert type(event.start) is date
            assert type(event.end) is date
            continue
        assert set(event.keys()) == EVENT_PROPERTIES
        for name in ("DTSTART", "DTEND"):
            assert event[name].params["TZID"] in zones
        times(event)
    text = data.decode("utf-8")
    assert "\r\n" in text
    assert len(ics.Calendar(text).events) == expected_events
    window = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    assert len(recurring_ical_events.of(cal).between(*window)) == expected_events
    return cal


# ------------------------------------------------------------------------------ team feed


def test_team_calendar_matches_golden_file(
    practice: Practice, roster: Roster, tmp_path: Path
) -> None:
    path = write_team_calendar(practice, roster, tmp_path / "team.ics", stamp=STAMP)
    data = path.read_bytes()
    golden = GOLDEN / "team.ics"
    if UPDATE_GOLDEN:
        golden.write_bytes(data)
    assert data == golden.read_bytes()
    assert data == team_calendar(practice, roster, stamp=STAMP)


def test_team_calendar_is_well_formed(practice: Practice, roster: Roster) -> None:
    cal = assert_well_formed(team_calendar(practice, roster, stamp=STAMP), expected_events=8)
    assert str(cal["X-WR-CALNAME"]) == "Maple Family Practice"
    assert str(cal["NAME"]) == "Maple Family Practice"
    first = events(cal)[0]
    assert first.summary == "Early – Anna Schmidt"
    assert first.stamp == STAMP
    assert first.categories == ["on-site"]
    phones = [e for e in events(cal) if str(e.summary).startswith("Phones")]
    assert len(phones) == 2
    assert all(e.categories == ["remote"] for e in phones)


def test_recurring_ical_events_sees_every_shift_at_its_real_instants(
    practice: Practice, roster: Roster
) -> None:
    cal = parse(team_calendar(practice, roster, stamp=STAMP))
    found = recurring_ical_events.of(cal).between(
        datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 10, tzinfo=UTC)
    )
    got = sorted(
        (times(e)[0].astimezone(UTC), times(e)[1].astimezone(UTC), str(e.summary)) for e in found
    )
    expected = sorted(
        (a.start.astimezone(UTC), a.end.astimezone(UTC), _summary(practice, a.shift_id, a.staff_id))
        for a in roster
    )
    assert got == expected


def _summary(practice: Practice, shift_id: str, staff_id: str) -> str:
    shift = practice.index.shifts[shift_id]
    return f"{shift.label} – {practice.index.staff[staff_id].name}"


def test_night_across_spring_forward_is_eight_real_hours(
    practice: Practice, roster: Roster
) -> None:
    data = team_calendar(practice, roster, stamp=STAMP)
    assert b"DTSTART;TZID=America/New_York:20260307T220000" in data
    assert b"DTEND;TZID=America/New_York:20260308T070000" in data
    cal = parse(data)
    (night,) = [e for e in events(cal) if e.summary == "Night – Anna Schmidt"]
    start, end = times(night)
    assert start.astimezone(UTC) == datetime(2026, 3, 8, 3, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 3, 8, 11, 0, tzinfo=UTC)
    assert end - start == timedelta(hours=9)  # wall clock
    assert end.timestamp() - start.timestamp() == 8 * 3600  # real time


@pytest.mark.parametrize(
    ("zone", "transitions"),
    [
        # (UTC instant of the change, offset before, offset after)
        ("America/New_York", [("2026-03-08T07:00", -5, -4), ("2026-11-01T06:00", -4, -5)]),
        ("Europe/Berlin", [("2026-03-29T01:00", 1, 2), ("2026-10-25T01:00", 2, 1)]),
        ("Australia/Lord_Howe", [("2026-04-04T15:00", 11, 10.5), ("2026-10-03T15:30", 10.5, 11)]),
        ("Asia/Manila", []),
    ],
)
def test_vtimezone_onsets_follow_rfc5545(
    zone: str, transitions: list[tuple[str, float, float]]
) -> None:
    """Each observance starts at DTSTART read in TZOFFSETFROM (RFC 5545 3.6.5)."""
    doc = practice_doc(time_zone=zone, horizon={"start": "2026-03-01", "end": "2026-11-30"})
    practice = Practice.parse(doc)
    cal = parse(team_calendar(practice, Roster.of([]), stamp=STAMP))
    (vtimezone,) = cal.timezones
    assert vtimezone.tz_name == zone
    onsets = []
    for sub in vtimezone.subcomponents:
        before, after = sub.TZOFFSETFROM, sub.TZOFFSETTO
        instant = (sub.DTSTART - before).replace(tzinfo=UTC)
        real = ZoneInfo(zone)
        assert instant.astimezone(real).utcoffset() == after
        assert sub.name == ("DAYLIGHT" if instant.astimezone(real).dst() else "STANDARD")
        onsets.append((instant, before, after))
    opening, *changes = sorted(onsets)
    assert opening[1] == opening[2]
    assert opening[0] <= datetime(2026, 3, 1, 5, tzinfo=UTC)
    hours = timedelta(hours=1)
    assert changes == [
        (datetime.fromisoformat(at).replace(tzinfo=UTC), before * hours, after * hours)
        for at, before, after in transitions
    ]


# ------------------------------------------------------------------------------ personal feeds


def test_remote_person_sees_own_local_times_and_nobody_else(
    practice: Practice, roster: Roster
) -> None:
    data = staff_calendar(practice, roster, "maria", stamp=STAMP)
    cal = assert_well_formed(data, expected_events=2)
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Manila"
    # 08:00-16:30 EST is 21:00-05:30 the next day in Manila.
    assert b"DTSTART;TZID=Asia/Manila:20260302T210000" in data
    assert b"DTEND;TZID=Asia/Manila:20260303T053000" in data
    assert b"America/New_York" not in data
    for a in roster:
        if a.staff_id != "maria":
            assert event_uid(practice, a).encode() not in data
    for person in practice.staff:
        if person.id != "maria":
            assert person.name.encode() not in data
            assert person.name.split()[0].encode() not in data
    assert {e.summary for e in events(cal)} == {"Phones – Maria Santos"}


def test_personal_feed_without_own_zone_uses_the_practice_zone(
    practice: Practice, roster: Roster
) -> None:
    data = staff_calendar(practice, roster, "anna", stamp=STAMP)
    cal = assert_well_formed(data, expected_events=3)  # two shifts and a day of leave
    assert str(cal["X-WR-TIMEZONE"]) == "America/New_York"
    assert str(cal["NAME"]) == "Maple Family Practice – Anna Schmidt"


def test_write_staff_calendars_writes_every_person_even_without_shifts(
    practice: Practice, roster: Roster, tmp_path: Path
) -> None:
    roster = Roster(tuple(a for a in roster if a.staff_id != "ben"))
    folder = tmp_path / "out" / "calendars"
    paths = write_staff_calendars(practice, roster, folder, stamp=STAMP)
    assert [p.name for p in paths] == ["anna.ics", "ben.ics", "zoe.ics", "maria.ics"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in paths)
    counts = {"anna": 3, "ben": 0, "zoe": 2, "maria": 2}
    for path in paths:
        data = path.read_bytes()
        assert data == staff_calendar(practice, roster, path.stem, stamp=STAMP)
        assert_well_formed(data, expected_events=counts[path.stem])


def test_unknown_staff_id_is_refused(practice: Practice, roster: Roster) -> None:
    with pytest.raises(rosterkit.ValidationError, match="unknown staff id 'nobody'"):
        staff_calendar(practice, roster, "nobody")


def test_staff_id_that_escapes_the_directory_is_refused(
    practice: Practice, roster: Roster, tmp_path: Path
) -> None:
    # The model forbids such ids; bypass validation to test the second line of defence.
    evil = Staff.model_construct(id="../evil", name="Evil", skills=("desk",))
    forged = practice.model_copy(update={"staff": (*practice.staff, evil)})
    folder = tmp_path / "calendars"
    with pytest.raises(ExportError, match=r"would write outside"):
        write_staff_calendars(forged, roster, folder, stamp=STAMP)
    assert not (tmp_path / "evil.ics").exists()


def test_symlink_planted_in_the_output_directory_is_refused(
    practice: Practice, roster: Roster, tmp_path: Path
) -> None:
    folder = tmp_path / "calendars"
    folder.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    (folder / "ben.ics").symlink_to(outside)
    with pytest.raises(ExportError, match=r"ben\.ics"):
        write_staff_calendars(practice, roster, folder, stamp=STAMP)
    assert outside.read_text(encoding="utf-8") == "keep me"


def test_calendar_directory_that_cannot_be_created_raises_export_error(
    practice: Practice, roster: Roster, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(ExportError, match="cannot create the calendar directory"):
        write_staff_calendars(practice, roster, blocker / "calendars")


def test_team_calendar_write_into_missing_directory_leaves_nothing(
    practice: Practice, roster: Roster, tmp_path: Path
) -> None:
    with pytest.raises(ExportError):
        write_team_calendar(practice, roster, tmp_path / "missing" / "team.ics", stamp=STAMP)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------ UIDs, stamps


def test_uids_are_stable_opaque_and_unique(practice: Practice, roster: Roster) -> None:
    first = parse(team_calendar(practice, roster, stamp=STAMP))
    second = parse(team_calendar(practice, roster))
    uids = [str(e.uid) for e in events(first)]
    assert uids == [str(e.uid) for e in events(second)]
    assert len(set(uids)) == len(uids)
    assert str(first["UID"]) == str(second["UID"])
    for uid in [*uids, str(first["UID"])]:
        assert re.fullmatch(r"[0-9a-f]{32}@rosterkit", uid)
    personal = parse(staff_calendar(practice, roster, "anna", stamp=STAMP))
    shifts = [e for e in events(personal) if e.summary != LEAVE_SUMMARY]
    assert {str(e.uid) for e in shifts} <= set(uids)
    assert str(personal["UID"]) != str(first["UID"])


def test_default_stamp_is_now_in_utc(practice: Practice, roster: Roster) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    cal = parse(team_calendar(practice, roster))
    after = datetime.now(UTC)
    for event in events(cal):
        stamp = event.stamp
        assert stamp.utcoffset() == timedelta(0)
        assert before <= stamp <= after


# ------------------------------------------------------------------------------ hostile text

HOSTILE_STAFF = "Eve\nATTENDEE:mailto:x@evil"
HOSTILE_FORMULA = "=cmd|' /C calc'!A0"
HOSTILE_SHIFT = "Night;\r\nRRULE:FREQ=DAILY,COUNT=50"
HOSTILE_PRACTICE = 'Maple, "the" Clinic;\nX-EVIL:1\\n'


@pytest.fixture
def hostile() -> Practice:
    doc = practice_doc(name=HOSTILE_PRACTICE)
    doc["staff"][0]["name"] = HOSTILE_STAFF
    doc["staff"][1]["name"] = HOSTILE_FORMULA
    doc["staff"][2]["name"] = "Zoë\x07\x00 Bell\x1b[31m"
    doc["shifts"][2]["name"] = HOSTILE_SHIFT
    return Practice.parse(doc)


def test_hostile_text_cannot_add_properties(hostile: Practice) -> None:
    roster = make_roster(hostile, ROWS)
    data = team_calendar(hostile, roster, stamp=STAMP)
    cal = assert_well_formed(data, expected_events=len(ROWS))
    unfolded = data.decode("utf-8").replace("\r\n ", "").split("\r\n")
    assert not any(line.startswith(("ATTENDEE", "RRULE", "X-EVIL")) for line in unfolded)
    assert unescape_text(str(cal["NAME"])) == HOSTILE_PRACTICE
    summaries = {str(e.summary) for e in events(cal)}
    assert f"Night;\nRRULE:FREQ=DAILY,COUNT=50 – {HOSTILE_STAFF}" in summaries
    assert f"Early – {HOSTILE_FORMULA}" in summaries
    # Control characters are dropped: RFC 5545 text may not hold them.
    assert "Late – Zoë Bell[31m" in summaries
    expanded = recurring_ical_events.of(cal).between(
        datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC)
    )
    assert len(expanded) == len(ROWS)


def test_hostile_names_in_personal_feeds(hostile: Practice, tmp_path: Path) -> None:
    roster = make_roster(hostile, ROWS)
    for path in write_staff_calendars(hostile, roster, tmp_path, stamp=STAMP):
        cal = parse(path.read_bytes())
        for event in events(cal):
            expected = LEAVE_PROPERTIES if event.summary == LEAVE_SUMMARY else EVENT_PROPERTIES
            assert set(event.keys()) == expected


# ------------------------------------------------------------------------------ privacy


def test_no_leave_reason_in_any_feed(practice: Practice, roster: Roster, tmp_path: Path) -> None:
    assert LEAVE_REASON in repr(practice.leave[0].model_dump())  # it is there to leak
    write_team_calendar(practice, roster, tmp_path / "team.ics", stamp=STAMP)
    write_staff_calendars(practice, roster, tmp_path / "calendars", stamp=STAMP)
    files = [tmp_path / "team.ics", *sorted((tmp_path / "calendars").iterdir())]
    assert len(files) == 5
    for path in files:
        data = path.read_bytes()
        assert LEAVE_REASON.encode() not in data
        assert b"leave" not in data.lower()


def test_roster_of_another_practice_is_refused(practice: Practice) -> None:
    other = Practice.parse(
        practice_doc(staff=[{"id": "x", "name": "X", "skills": ["nurse"]}], leave=[])
    )
    roster = make_roster(other, [("x", "2026-03-02", "early")])
    with pytest.raises(rosterkit.ValidationError, match="staff id 'x'"):
        team_calendar(practice, roster)


# ------------------------------------------------------------------------------------ leave


def test_leave_shows_only_in_the_own_feed_as_neutral_all_day_blocks(practice: Practice) -> None:
    doc = practice_doc(
        leave=[
            # Cut to the horizon (2-8 March); the reason never leaves the practice file.
            {"staff": "anna", "start_date": "2026-02-20", "end_date": "2026-03-03",
             "reason": LEAVE_REASON},
            {"staff": "anna", "start_date": "2026-03-06", "end_date": "2026-03-06",
             "status": "requested", "reason": LEAVE_REASON},
            {"staff": "zoe", "start_date": "2026-03-08", "end_date": "2026-03-20"},
            {"staff": "ben", "start_date": "2026-04-01", "end_date": "2026-04-02"},
        ]
    )  # fmt: skip
    practice = Practice.parse(doc)
    roster = make_roster(practice, [("anna", "2026-03-07", "night")])
    anna = staff_calendar(practice, roster, "anna", stamp=STAMP)
    cal = assert_well_formed(anna, expected_events=2)
    (block,) = [e for e in events(cal) if e.summary == LEAVE_SUMMARY]
    # Approved leave only (the roster decides nothing on the request); DTEND is exclusive.
    assert (block.start, block.end) == (date(2026, 3, 2), date(2026, 3, 4))
    assert b"DTSTART;VALUE=DATE:20260302" in anna
    zoe_feed = staff_calendar(practice, roster, "zoe", stamp=STAMP)
    zoe = assert_well_formed(zoe_feed, expected_events=1)
    assert [(e.start, e.end) for e in events(zoe)] == [(date(2026, 3, 8), date(2026, 3, 9))]
    assert_well_formed(staff_calendar(practice, roster, "ben", stamp=STAMP), expected_events=0)
    team = team_calendar(practice, roster, stamp=STAMP)
    assert_well_formed(team, expected_events=1)
    for data in (anna, team):
        assert LEAVE_REASON.encode() not in data
        assert b"requested" not in data.lower()
    # Nobody else's leave UID in Anna's feed.
    zoe_uid = str(events(zoe)[0].uid)
    assert zoe_uid.encode() not in anna


def requests_practice() -> Practice:
    """Anna requests 4 March, Zoë 5-6 March; Ben has approved leave on 6 March."""
    return Practice.parse(
        practice_doc(
            leave=[
                {"staff": "anna", "start_date": "2026-03-04", "end_date": "2026-03-04",
                 "status": "requested", "reason": LEAVE_REASON},
                {"staff": "zoe", "start_date": "2026-03-05", "end_date": "2026-03-06",
                 "status": "requested", "reason": LEAVE_REASON},
                {"staff": "ben", "start_date": "2026-03-06", "end_date": "2026-03-06"},
            ]
        )
    )  # fmt: skip


def blocks(data: bytes) -> list[tuple[date, date]]:
    """The (start, exclusive end) of every leave block in a feed."""
    return [(e.start, e.end) for e in events(parse(data)) if e.summary == LEAVE_SUMMARY]


ANNA_OFF = (date(2026, 3, 4), date(2026, 3, 5))
ZOE_OFF = (date(2026, 3, 5), date(2026, 3, 7))


@pytest.mark.parametrize(
    ("decisions", "anna", "zoe"),
    [
        # Granted: an all-day block like approved leave. Refused: nothing.
        ({"leave:leave#1": True, "leave:leave#2": False}, [ANNA_OFF], []),
        ({"leave:leave#1": False, "leave:leave#2": True}, [], [ZOE_OFF]),
        # No decision (a roster read back from CSV): not shown, it was never decided.
        ({}, [], []),
    ],
)
def test_granted_requests_show_in_the_own_feed_refused_ones_never(
    decisions: dict[str, bool], anna: list[tuple[date, date]], zoe: list[tuple[date, date]]
) -> None:
    practice = requests_practice()
    roster = Roster(make_roster(practice, [("anna", "2026-03-02", "early")]).assignments, decisions)
    feeds = {p.id: staff_calendar(practice, roster, p.id, stamp=STAMP) for p in practice.staff}
    assert blocks(feeds["anna"]) == anna
    assert blocks(feeds["zoe"]) == zoe
    assert blocks(feeds["ben"]) == [(date(2026, 3, 6), date(2026, 3, 7))]
    assert blocks(feeds["maria"]) == []
    assert_well_formed(feeds["anna"], expected_events=1 + len(anna))
    team = team_calendar(practice, roster, stamp=STAMP)
    assert blocks(team) == []
    assert_well_formed(team, expected_events=1)
    for data in (*feeds.values(), team):
        assert LEAVE_REASON.encode() not in data
        assert b"requested" not in data.lower()
        assert b"granted" not in data.lower()


def test_write_staff_calendars_shows_the_same_granted_requests(tmp_path: Path) -> None:
    practice = requests_practice()
    roster = Roster((), {"leave:leave#1": True, "leave:leave#2": False})
    written = write_staff_calendars(practice, roster, tmp_path, stamp=STAMP)
    for path in written:
        staff_id = path.stem
        assert path.read_bytes() == staff_calendar(practice, roster, staff_id, stamp=STAMP)
    assert blocks((tmp_path / "anna.ics").read_bytes()) == [ANNA_OFF]
    assert blocks((tmp_path / "zoe.ics").read_bytes()) == []


def test_a_request_refused_after_being_granted_is_cancelled() -> None:
    practice = requests_practice()
    granted = Roster((), {"leave:leave#1": True, "leave:leave#2": False})
    before = staff_calendar(practice, granted, "anna", stamp=STAMP)
    (block,) = [e for e in events(parse(before)) if e.summary == LEAVE_SUMMARY]
    refused = Roster((), {"leave:leave#1": False, "leave:leave#2": False})
    after = staff_calendar(practice, refused, "anna", stamp=STAMP, previous=before)
    (event,) = events(parse(after))
    assert str(event.uid) == str(block.uid)
    assert (event["STATUS"], event["SEQUENCE"], str(event["SUMMARY"])) == (
        "CANCELLED",
        1,
        "Cancelled",
    )
    assert (event.start, event.end) == ANNA_OFF


# ------------------------------------------------------------------------------------ updates


def test_changed_roster_raises_sequence_and_cancels_removed_shifts(practice: Practice) -> None:
    first = make_roster(practice, ROWS)
    before = team_calendar(practice, first, stamp=STAMP)
    # Ben's late shift goes; Zoë's night moves to Anna; Maria's shifts stay.
    gone = [("ben", "2026-03-03", "late"), ("zoe", "2026-03-04", "night")]
    changed = make_roster(
        practice, [r for r in ROWS if r not in gone] + [("anna", "2026-03-04", "night")]
    )
    after = team_calendar(practice, changed, stamp=STAMP, previous=before)
    cal = parse(after)
    by_uid = {str(e.uid): e for e in events(cal)}
    removed = [practice.assignment("ben", date(2026, 3, 3), "late"),
               practice.assignment("zoe", date(2026, 3, 4), "night")]  # fmt: skip
    for a in removed:
        event = by_uid[event_uid(practice, a)]
        assert event["STATUS"] == "CANCELLED"
        assert event["SEQUENCE"] == 1
        assert event.summary == "Cancelled"
        assert times(event) == (a.start, a.end)
    added = by_uid[event_uid(practice, practice.assignment("anna", date(2026, 3, 4), "night"))]
    assert "SEQUENCE" not in added
    kept = by_uid[event_uid(practice, practice.assignment("maria", date(2026, 3, 2), "phones"))]
    assert "SEQUENCE" not in kept
    assert len(by_uid) == len(ROWS) + 1
    # Valid three ways, cancellations included.
    text = after.decode("utf-8")
    assert len(ics.Calendar(text).events) == len(ROWS) + 1
    window = (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 10, tzinfo=UTC))
    assert len(recurring_ical_events.of(cal).between(*window)) == len(ROWS) + 1
    assert cal.get_missing_tzids() == set()
    # Exported again unchanged: same SEQUENCEs, the cancellations are carried, nothing else.
    again = team_calendar(practice, changed, stamp=STAMP, previous=after)
    assert again == after


def test_renamed_staff_member_raises_the_sequence(practice: Practice, roster: Roster) -> None:
    before = staff_calendar(practice, roster, "ben", stamp=STAMP)
    doc = practice_doc()
    doc["staff"][1]["name"] = "Benjamin O'Neil"
    renamed = Practice.parse(doc)
    after = staff_calendar(renamed, make_roster(renamed, ROWS), "ben", stamp=STAMP, previous=before)
    assert [e["SEQUENCE"] for e in events(parse(after))] == [1, 1]
    third = staff_calendar(renamed, make_roster(renamed, ROWS), "ben", stamp=STAMP, previous=after)
    assert [e["SEQUENCE"] for e in events(parse(third))] == [1, 1]


def test_previous_events_outside_the_horizon_or_not_ours_are_left_out(
    practice: Practice, roster: Roster
) -> None:
    april = Practice.parse(practice_doc(horizon={"start": "2026-04-06", "end": "2026-04-12"}))
    other_month = team_calendar(
        april, make_roster(april, [("anna", "2026-04-06", "early")]), stamp=STAMP
    )
    foreign = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:../../evil\r\n"
        b"DTSTAMP:20260101T000000Z\r\nDTSTART:20260303T100000Z\r\nDTEND:20260303T110000Z\r\n"
        b"SUMMARY:Someone else's secret\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    plain = team_calendar(practice, roster, stamp=STAMP)
    assert team_calendar(practice, roster, stamp=STAMP, previous=other_month) == plain
    assert team_calendar(practice, roster, stamp=STAMP, previous=foreign) == plain


def test_cancelled_event_copies_no_text_from_the_previous_file(practice: Practice) -> None:
    roster = make_roster(practice, [("ben", "2026-03-03", "late")])
    before = staff_calendar(practice, roster, "ben", stamp=STAMP)
    tampered = before.replace("SUMMARY:Late – Ben O'Neil".encode(), b"SUMMARY:Anna Schmidt secret")
    assert tampered != before
    after = staff_calendar(practice, Roster.of([]), "ben", stamp=STAMP, previous=tampered)
    assert b"Anna" not in after
    (event,) = events(parse(after))
    assert (event.summary, event["STATUS"], event["SEQUENCE"]) == ("Cancelled", "CANCELLED", 1)


def test_unreadable_previous_feed_is_an_input_error(practice: Practice, roster: Roster) -> None:
    with pytest.raises(rosterkit.InputError, match=r"previous team feed: not an iCalendar feed"):
        team_calendar(practice, roster, previous=b"garbage\r\n")


def test_write_over_the_previous_files_in_place(
    practice: Practice, roster: Roster, tmp_path: Path
) -> None:
    folder = tmp_path / "calendars"
    write_staff_calendars(practice, roster, folder, stamp=STAMP)
    write_team_calendar(practice, roster, tmp_path / "team.ics", stamp=STAMP)
    smaller = Roster(tuple(a for a in roster if a.staff_id != "maria"))
    write_staff_calendars(practice, smaller, folder, stamp=STAMP, previous=folder)
    write_team_calendar(
        practice, smaller, tmp_path / "team.ics", stamp=STAMP, previous=tmp_path / "team.ics"
    )
    maria = parse((folder / "maria.ics").read_bytes())
    assert [(e["STATUS"], e["SEQUENCE"]) for e in events(maria)] == [("CANCELLED", 1)] * 2
    team = parse((tmp_path / "team.ics").read_bytes())
    assert sum(1 for e in events(team) if e.get("STATUS") == "CANCELLED") == 2
    anna = parse((folder / "anna.ics").read_bytes())
    assert all("SEQUENCE" not in e for e in events(anna))


# ------------------------------------------------------------------------------------ read back


def test_feeds_read_back_give_the_rosters_instants(practice: Practice, roster: Roster) -> None:
    """Round trip: every shift read back from the team and personal feeds at the same instants."""
    expected = sorted((a.start.timestamp(), a.end.timestamp()) for a in roster)
    team = parse(team_calendar(practice, roster, stamp=STAMP))
    back = sorted((s.timestamp(), e.timestamp()) for s, e in map(times, events(team)))
    assert back == expected
    personal: list[tuple[float, float]] = []
    for person in practice.staff:
        cal = parse(staff_calendar(practice, roster, person.id, stamp=STAMP))
        shifts = [e for e in events(cal) if e.summary != LEAVE_SUMMARY]
        personal.extend((s.timestamp(), e.timestamp()) for s, e in map(times, shifts))
    assert sorted(personal) == expected
    # The independent parser agrees on the instants.
    parsed = ics.Calendar(team_calendar(practice, roster, stamp=STAMP).decode("utf-8"))
    assert sorted((e.begin.timestamp(), e.end.timestamp()) for e in parsed.events) == expected


def test_write_outputs_updates_the_calendars_of_the_previous_run(tmp_path: Path) -> None:
    practice = Practice.parse(practice_doc(coverage=[{"shift": "early", "min": 1}]))
    result = rosterkit.solve(practice, time_limit=5, workers=1, seed=0)
    out = tmp_path / "out"
    write_outputs(result, out, stamp=STAMP)
    dropped = result.roster.assignments[0]
    smaller = Roster(result.roster.assignments[1:])
    write_outputs(dataclasses.replace(result, roster=smaller), out, stamp=STAMP)
    uid = event_uid(practice, dropped)
    for path in (out / "team.ics", out / "calendars" / f"{dropped.staff_id}.ics"):
        (event,) = [e for e in events(parse(path.read_bytes())) if str(e.uid) == uid]
        assert (event["STATUS"], event["SEQUENCE"]) == ("CANCELLED", 1)
    # With --previous pointing elsewhere (here: an empty directory), nothing is cancelled.
    empty = tmp_path / "empty"
    empty.mkdir()
    write_outputs(dataclasses.replace(result, roster=smaller), out, stamp=STAMP, previous=empty)
    assert uid.encode() not in (out / "team.ics").read_bytes()
