"""Imports: staff lists, availability tables, grids and calendars; sources; errors and summaries."""

from __future__ import annotations

import shutil
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import maple
import pandas as pd
import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

import rosterkit
from rosterkit import (
    InputError,
    Leave,
    Practice,
    Preferred,
    Unavailable,
    Undesired,
    ValidationError,
)
from rosterkit.adapters.imports import (
    Imported,
    availability_frame,
    availability_from_frame,
    calendar_from_bytes,
    grid_from_frame,
    merge,
    read_availability,
    read_calendar,
    read_grid,
    read_staff,
    staff_frame,
    staff_from_frame,
)
from rosterkit.adapters.practice_file import load_practice_with_imports, practice_schema
from rosterkit.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
AM = {"kind": "preferred", "start": "07:00", "end": "13:00"}
runner = CliRunner()


def practice_doc(**changes: Any) -> dict[str, Any]:
    """Maple Family Practice without its leave."""
    return maple.practice_doc(**{"leave": [], **changes})


@pytest.fixture
def practice() -> Practice:
    return Practice.parse(practice_doc())


def d(text: str) -> date:
    return date.fromisoformat(text)


def t(text: str) -> time:
    return time.fromisoformat(text)


def describe(entry: Any) -> str:
    """An imported entry in one line: ``unavailable anna 2026-03-03 08:00-12:00 hard``."""
    strength = "hard" if entry.hard else f"w={entry.weight}"
    if isinstance(entry, Leave):
        days = str(entry.start_date)
        if entry.end_date != entry.start_date:
            days += f"..{entry.end_date}"
        return f"leave {entry.status} {entry.staff} {days} {strength}"
    assert isinstance(entry, Unavailable | Preferred | Undesired)
    days = str(entry.date) if entry.date else f"{entry.start_date}..{entry.end_date}"
    if entry.start_time and entry.end_time:
        what = f"{entry.start_time:%H:%M}-{entry.end_time:%H:%M}"
    else:
        what = f"shift={entry.shift}" if entry.shift else "all day"
    return f"{entry.kind} {entry.staff} {days} {what} {strength}"


def rows(imported: Imported) -> list[tuple[str, str]]:
    """(origin, description) per imported entry, for exact comparisons."""
    return [(str(item.origin), describe(item.entry)) for item in imported.items]


# ------------------------------------------------------------------------------------ staff


def test_staff_csv(tmp_path: Path) -> None:
    imported = read_staff(FIXTURES / "staff.csv", shown="staff.csv")
    anna, zoe, maria = imported.staff
    assert (anna.id, anna.name, anna.skills, anna.hourly_wage) == (
        "anna",
        "Anna Schmidt",
        ("nurse",),
        31.5,
    )
    assert anna.contract.max_hours_per_week == 40
    assert (zoe.name, zoe.skills, zoe.start_date) == (
        "Zoë Müller, RN",
        ("nurse", "desk"),
        d("2026-03-03"),
    )
    assert (maria.time_zone, maria.hourly_wage, maria.contract.max_hours_per_week) == (
        "Asia/Manila", 18.0, None,
    )  # fmt: skip
    summary = imported.summary.files[0]
    assert summary.line() == "staff.csv (staff): 3 rows -> 3 staff; unused columns: notes"


def test_staff_xlsx_with_hostile_cells(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "name", "skills", "start_date", "max_shifts"])
    sheet.append(["anna", None, "nurse", datetime(2026, 3, 2), 5])
    sheet.append([1001, "Number Id", "desk", None, 4.0])
    # A text cell that looks like a formula (as Excel stores a name typed with a leading ').
    sheet["B2"].value = '=HYPERLINK("http://evil.example","Anna")'
    sheet["B2"].data_type = "s"
    path = tmp_path / "staff.xlsx"
    book.save(path)
    anna, numbered = read_staff(path).staff
    assert anna.name == '=HYPERLINK("http://evil.example","Anna")'
    assert (anna.start_date, anna.contract.max_shifts) == (d("2026-03-02"), 5)
    assert (numbered.id, numbered.contract.max_shifts) == ("1001", 4)


def test_staff_xlsx_formula_without_saved_result_is_refused(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "name", "skills"])
    sheet.append(["anna", "=1+1", "nurse"])  # openpyxl stores a formula, with no cached value
    path = tmp_path / "staff.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        read_staff(path)
    assert str(caught.value).startswith(
        f"{path}:Sheet!B2: a formula without a saved result (got '=1+1')"
    )


def test_staff_with_a_formula_as_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("id,name,skills\n=cmd|' /C calc'!A0,Eve,nurse\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_staff(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:2: column 'id': ")
    assert "\"=cmd|' /C calc'!A0\"" in message
    assert "not a valid id" in message


def test_staff_frame_round_trip(practice: Practice) -> None:
    frame = staff_frame(practice)
    assert list(frame.columns)[:3] == ["id", "name", "skills"]
    assert staff_from_frame(frame).staff == practice.staff


def test_staff_csv_repeated_id(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("id,name,skills\nanna,A,nurse\nanna,B,desk\n", encoding="utf-8")
    with pytest.raises(
        InputError, match=rf"^{path}:3: column 'id': repeats the staff id of {path}:2"
    ):
        read_staff(path)


# ------------------------------------------------------------------------------ availability


def test_long_availability_with_bom_and_semicolons(practice: Practice) -> None:
    imported = read_availability(practice, FIXTURES / "availability.csv", shown="a.csv")
    assert rows(imported) == [
        ("a.csv:2", "unavailable anna 2026-03-03 08:00-12:00 hard"),
        ("a.csv:3", "leave approved zoe 2026-03-05..2026-03-06 hard"),
        ("a.csv:4", "preferred zoe 2026-03-04 shift=early w=3"),
        ("a.csv:5", "undesired zoe 2026-03-02..2026-03-08 shift=night w=1"),
        ("a.csv:6", "leave requested maria 2026-03-02 w=10"),
    ]  # fmt: skip
    assert imported.leave[0].reason == "family"
    (summary,) = imported.summary.files
    assert summary.read == 6
    assert dict(summary.ignored) == {"outside the horizon": 1}
    assert summary.line() == (
        "a.csv (availability): 6 rows -> 1 leave (approved), 1 leave (requested), "
        "1 preferred, 1 unavailable, 1 undesired; ignored: 1 outside the horizon"
    )


def test_availability_frame_round_trip(practice: Practice) -> None:
    doc = practice_doc(
        availability=[
            {"staff": "anna", "kind": "unavailable", "weekdays": ["sat", "sun"]},
            {"staff": "ben", "kind": "preferred", "shift": "early", "weekdays": ["mon"],
             "weight": 3},
            {"staff": "zoe", "kind": "undesired", "date": "2026-03-04", "start_time": "20:00",
             "end_time": "02:00", "id": "zoe-evening"},
            {"staff": "zoe", "kind": "unavailable", "start_date": "2026-03-05",
             "end_date": "2026-03-06", "weight": 40},
        ],
        leave=[{"staff": "maria", "start_date": "2026-03-03", "end_date": "2026-03-04",
                "status": "requested", "reason": "private"}],
    )  # fmt: skip
    source = Practice.parse(doc)
    frame = availability_frame(source)
    assert "reason" not in frame.columns
    back = availability_from_frame(practice, frame)
    assert back.availability == source.availability
    assert [e.model_copy(update={"reason": "private"}) for e in back.leave] == list(source.leave)
    with_reasons = availability_from_frame(practice, availability_frame(source, reasons=True))
    assert with_reasons.leave == source.leave


BAD_ROWS = [
    pytest.param(
        "anna;unavailable;05.03.2026", 2, "date", "05.03.2026", "YYYY-MM-DD", id="dotted-date"
    ),
    pytest.param("anna;unavailable;3/5/2026", 2, "date", "3/5/2026", "YYYY-MM-DD", id="us-date"),
    pytest.param(
        "anna;unavailable;2026-02-30", 2, "date", "2026-02-30", "YYYY-MM-DD", id="no-such-day"
    ),
    pytest.param(
        "anna;holiday;2026-03-05", 2, "kind", "holiday", "leave requested", id="unknown-kind"
    ),
    pytest.param(
        "nobody;unavailable;2026-03-05",
        2,
        "staff_id",
        "nobody",
        "known staff ids",
        id="unknown-staff",
    ),
    pytest.param("anna;unavailable", 2, "date", None, "give date", id="missing-fields"),
    pytest.param(
        ";unavailable;2026-03-05", 2, "staff_id", None, "every row names a staff id", id="no-staff"
    ),
    pytest.param(
        "anna;unavailable;2026-03-05;8:00",
        2,
        "end",
        None,
        "give both start and end",
        id="start-only",
    ),
    pytest.param("anna;unavailable;2026-03-05;8am;9am", 2, "start", "8am", "HH:MM", id="bad-time"),
    pytest.param(
        "anna;unavailable;2026-03-05;25:00;26:00", 2, "start", "25:00", "HH:MM", id="hour-25"
    ),
    pytest.param(
        "anna;unavailable;2026-03-05;;;brunch",
        2,
        "shift",
        "brunch",
        "known shift ids",
        id="unknown-shift",
    ),
    pytest.param(
        "anna;leave;2026-03-05;08:00;10:00",
        2,
        "start",
        "08:00",
        "whole days",
        id="leave-with-times",
    ),
    pytest.param(
        "anna;unavailable;2026-03-05;;;;-3",
        2,
        "weight",
        "-3",
        "greater than or equal to 0",
        id="negative-weight",
    ),
    pytest.param(
        "anna;unavailable;2026-03-05;;;;1.5",
        2,
        "weight",
        "1.5",
        "whole number",
        id="fraction-weight",
    ),
    pytest.param(
        "anna;unavailable;2026-03-05;;;;;maybe", 2, "hard", "maybe", "true or false", id="bad-bool"
    ),
    pytest.param(
        "anna;unavailable;2026-03-05;;;;;;;x", 2, None, "x", "quote cells", id="extra-cell"
    ),
    pytest.param(
        "anna;preferred;2026-03-05;;;;;;sick",
        2,
        "reason",
        "sick",
        "only leave",
        id="reason-not-leave",
    ),
    pytest.param(
        'anna;unavailable;2026-03-04\n"ben;unavailable;2026-03-05',
        3,
        None,
        None,
        "quotes",
        id="open-quote",
    ),
]

HEADER = "staff_id;kind;date;start;end;shift;weight;hard;reason"


@pytest.mark.parametrize(("row", "line", "column", "value", "hint"), BAD_ROWS)
def test_availability_errors_name_file_line_column_and_value(
    practice: Practice,
    tmp_path: Path,
    row: str,
    line: int,
    column: str | None,
    value: str | None,
    hint: str,
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_availability(practice, path)
    message = str(caught.value)
    prefix = f"{path}:{line}: " + (f"column {column!r}: " if column else "")
    assert message.startswith(prefix), message
    if value is not None:
        assert repr(value) in message
    assert hint in message
    assert caught.value.exit_code == 3


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", r":1: the first line is empty"),
        (b"staff_id,date\nanna,2026-03-05\n", r":1: column 'kind': missing from the header"),
        (b"staff_id,kind,date,kind\n", r":1: column 'kind': appears twice in the header"),
        ("staff_id,kind,date\nzoë,x,2026\n".encode("latin-1"), r":2: byte 21 is not UTF-8"),
    ],
)
def test_file_errors(practice: Practice, tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=rf"^{path}{expected}"):
        read_availability(practice, path)


def test_missing_file(practice: Practice, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.csv: no such file"):
        read_availability(practice, tmp_path / "nope.csv")


# ------------------------------------------------------------------------------------ grid


def test_grid_csv_with_codes(practice: Practice) -> None:
    imported = read_grid(practice, FIXTURES / "grid.csv", codes={"AM": AM}, shown="g.csv")
    assert rows(imported) == [
        ("g.csv:2 (2026-03-02)", "unavailable anna 2026-03-02 all day hard"),
        ("g.csv:2 (2026-03-08)", "preferred anna 2026-03-08 07:00-13:00 w=1"),
        ("g.csv:2 (2026-03-04)", "leave approved anna 2026-03-04..2026-03-06 hard"),
        ("g.csv:3 (2026-03-03)", "preferred zoe 2026-03-03 shift=early w=1"),
        ("g.csv:3 (2026-03-04)", "unavailable zoe 2026-03-04 all day hard"),
        ("g.csv:3 (2026-03-01)", "leave requested zoe 2026-03-01 w=10"),
    ]  # fmt: skip
    assert imported.summary.lines() == [
        "g.csv (grid): 9 cells -> 1 leave (approved), 1 leave (requested), 2 preferred, "
        "2 unavailable; ignored: 1 cells outside the horizon; unused columns: name, notes"
    ]


def test_grid_xlsx_with_date_cells_as_header(practice: Practice, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "March"
    sheet.append(["Staff_ID", datetime(2026, 3, 2), datetime(2026, 3, 3), datetime(2026, 3, 4)])
    sheet.append(["ben", "V", "v", " late "])
    path = tmp_path / "grid.xlsx"
    book.save(path)
    imported = read_grid(practice, path, sheet="March")
    assert rows(imported) == [
        (f"{path}:March!D2", "preferred ben 2026-03-04 shift=late w=1"),
        (f"{path}:March!B2", "leave approved ben 2026-03-02..2026-03-03 hard"),
    ]


@pytest.mark.parametrize(
    ("cell", "value"),
    [("=cmd|' /C calc'!A0", "=cmd|' /C calc'!A0"), ("'=1+1", "'=1+1"), ("Y", "Y"), ("X V", "X V")],
)
def test_grid_unknown_code_names_the_cell(
    practice: Practice, tmp_path: Path, cell: str, value: str
) -> None:
    path = tmp_path / "grid.csv"
    escaped = cell.replace('"', '""')
    path.write_text(f'staff_id,2026-03-02,2026-03-03\nanna,X,"{escaped}"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_grid(practice, path)
    message = str(caught.value)
    assert message.startswith(f"{path}:2: column '2026-03-03': unknown code (got {value!r})")
    assert "codes: early, late, night, phones, R, V, X" in message


def test_grid_unknown_code_in_xlsx_names_the_cell(practice: Practice, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["staff_id", "name", "2026-03-02", "2026-03-03"])
    sheet.append(["zoe", "Zoë", None, "Q"])
    path = tmp_path / "grid.xlsx"
    book.save(path)
    with pytest.raises(
        InputError, match=rf"^{path}:Sheet!D2: column '2026-03-03': unknown code \(got 'Q'\)"
    ):
        read_grid(practice, path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("staff_id,05.03.2026\nanna,X\n", r":1: column '05.03.2026': not a date"),
        (
            "staff_id,2026-03-02,2026-03-02T00:00:00\n",
            r":1: column '2026-03-02T00:00:00': a second",
        ),
        ("staff_id,notes\nanna,x\n", r":1: no date columns in the header"),
        ("name,2026-03-02\nAnna,X\n", r":1: column 'staff_id': missing from the header"),
        (
            "staff_id,2026-03-02\nanan,X\n",
            r":2: column 'staff_id': unknown staff id \(got 'anan'\)",
        ),
        ("staff_id,2026-03-02\n,X\n", r":2: column 'staff_id': is empty"),
    ],
)
def test_grid_file_errors(practice: Practice, tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "grid.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{path}{expected}"):
        read_grid(practice, path)


def test_grid_codes_are_validated(practice: Practice) -> None:
    with pytest.raises(InputError, match=r"grid code 'N': unknown shift 'nap'"):
        read_grid(
            practice, FIXTURES / "grid.csv", codes={"N": {"kind": "undesired", "shift": "nap"}}
        )
    with pytest.raises(InputError, match=r"grid code 'H': unknown kind 'holiday'"):
        read_grid(practice, FIXTURES / "grid.csv", codes={"H": "holiday"})


def test_grid_from_frame(practice: Practice) -> None:
    frame = pd.DataFrame({"staff_id": ["anna", "ben"], "2026-03-05": ["X", None]})
    assert rows(grid_from_frame(practice, frame)) == [
        ("<DataFrame>:row 0", "unavailable anna 2026-03-05 all day hard")
    ]


# ------------------------------------------------------------------------------------ calendars


def test_recurring_calendar_in_another_zone(practice: Practice) -> None:
    imported = read_calendar(
        practice, FIXTURES / "recurring.ics", match={"ANNA (WORK)": "anna"}, shown="r.ics"
    )
    # Mon/Wed/Fri 18:00-20:00 Berlin = 12:00-14:00 New York until New York's change on 8 March;
    # the Monday is moved to 12:00 Berlin, the Wednesday is an EXDATE.
    assert rows(imported) == [
        ("r.ics:24", "unavailable anna 2026-03-02 06:00-08:00 hard"),
        ("r.ics:24", "unavailable anna 2026-03-06 12:00-14:00 hard"),
        # The trip (all day 7-8 March) swallows the night event on 8 March.
        ("r.ics:48", "unavailable anna 2026-03-07..2026-03-08 all day hard"),
        # Monday 9 March, one day past the horizon: 18:00 Berlin is 13:00 in New York now.
        ("r.ics:24", "unavailable anna 2026-03-09 13:00-15:00 hard"),
        ("r.ics:79", "undesired anna 2026-03-06 10:00-11:00 w=1"),
    ]
    (summary,) = imported.summary.files
    assert summary.read == 8
    assert dict(summary.ignored) == {
        "cancelled occurrences": 1,
        "events outside the horizon": 1,
        "free occurrences": 1,
    }


@pytest.mark.parametrize(
    ("tentative", "weight", "expected"),
    [
        ("undesired", None, [("unavailable", True, None), ("undesired", False, 1)]),
        ("unavailable", 25, [("unavailable", False, 25), ("unavailable", False, 25)]),
        ("free", None, [("unavailable", True, None)]),
    ],
)
def test_tentative_and_weight(
    practice: Practice, tentative: Any, weight: int | None, expected: list[tuple[str, bool, int]]
) -> None:
    data = _calendar(
        "DTSTART:20260302T150000Z\nDTEND:20260302T160000Z\n",
        "DTSTART:20260302T170000Z\nDTEND:20260302T180000Z\nSTATUS:TENTATIVE\n",
    )
    imported = calendar_from_bytes(practice, data, staff="ben", tentative=tentative, weight=weight)
    assert [(e.kind, e.hard, e.weight) for e in imported.availability] == expected


def test_outlook_busy_status_and_attendees(practice: Practice) -> None:
    imported = read_calendar(
        practice,
        FIXTURES / "outlook.ics",
        match={"zoe@example.org": "zoe", "anna@example.org": "anna"},
        shown="o.ics",
    )
    assert rows(imported) == [
        # OOF wins over TRANSP:TRANSPARENT; 14:00 UTC is 09:00 in New York.
        ("o.ics:9", "unavailable zoe 2026-03-02 09:00-10:00 hard"),
        # Organised by someone else, accepted by Zoë; Anna declined.
        ("o.ics:28", "unavailable zoe 2026-03-04 09:00-10:00 hard"),
        ("o.ics:43", "undesired zoe 2026-03-06 09:00-10:00 w=1"),
    ]
    assert dict(imported.summary.files[0].ignored) == {
        "free occurrences": 1,
        "occurrences matching no staff": 1,
    }


def test_vfreebusy_blocks(practice: Practice) -> None:
    imported = read_calendar(
        practice, FIXTURES / "freebusy.ics", match={"MAILTO:Maria@Example.org": "maria"}
    )
    # UTC periods land in the practice's zone, not in Maria's own.
    assert [(e.kind, e.date, e.start_time, e.end_time) for e in imported.availability] == [
        ("unavailable", d("2026-03-01"), t("19:00"), t("23:00")),
        ("unavailable", d("2026-03-02"), t("20:00"), t("21:00")),
        ("undesired", d("2026-03-04"), t("19:00"), t("20:00")),
    ]
    assert dict(imported.summary.files[0].ignored) == {
        "free periods": 1,
        "occurrences outside the horizon": 1,
    }


def test_event_on_the_dst_day_lands_at_the_right_instant(practice: Practice) -> None:
    # 01:30 EST to 03:30 EDT on 8 March 2026 is one real hour: 06:30 to 07:30 UTC.
    data = _calendar("DTSTART:20260308T063000Z\nDTEND:20260308T073000Z\n")
    (entry,) = calendar_from_bytes(practice, data, staff="anna").availability
    assert (entry.date, entry.start_time, entry.end_time) == (
        d("2026-03-08"),
        t("01:30"),
        t("03:30"),
    )
    start, end = practice.index.calendar.local_window(d("2026-03-08"), t("01:30"), t("03:30"))
    assert (start, end) == (
        int(datetime.fromisoformat("2026-03-08T06:30:00+00:00").timestamp()),
        int(datetime.fromisoformat("2026-03-08T07:30:00+00:00").timestamp()),
    )


def test_floating_times_are_the_owners_wall_clock(practice: Practice) -> None:
    data = _calendar("DTSTART:20260303T090000\nDTEND:20260303T100000\n")
    (entry,) = calendar_from_bytes(practice, data, staff="maria").availability
    # 09:00 in Manila is 20:00 the evening before in New York.
    assert (entry.date, entry.start_time, entry.end_time) == (
        d("2026-03-02"),
        t("20:00"),
        t("21:00"),
    )


def test_event_spanning_days_becomes_windows_and_whole_days(practice: Practice) -> None:
    data = _calendar("DTSTART:20260303T150000Z\nDTEND:20260306T140000Z\n")
    imported = calendar_from_bytes(practice, data, staff="ben")
    assert [
        (e.date, e.start_date, e.end_date, e.start_time, e.end_time) for e in imported.availability
    ] == [
        (d("2026-03-03"), None, None, t("10:00"), t("00:00")),
        (None, d("2026-03-04"), d("2026-03-05"), None, None),
        (d("2026-03-06"), None, None, t("00:00"), t("09:00")),
    ]


def test_huge_recurrences_are_bounded_to_the_horizon(practice: Practice) -> None:
    imported = read_calendar(practice, FIXTURES / "huge_rrule.ics", staff="ben")
    days = [(e.date, e.start_time) for e in imported.availability]
    # COUNT=100000 daily from 1 January and a weekly rule without end since 1970: only the
    # horizon and a day either side are expanded.
    assert len(days) == 11
    assert days[0] == (d("2026-03-01"), t("05:00"))
    assert days[-1] == (d("2026-03-09"), t("08:00"))


@pytest.mark.parametrize(
    ("name", "line", "expected"),
    [
        ("secondly.ics", 9, "a recurrence every second is not availability (got 'FREQ=SECONDLY')"),
        ("dense.ics", 9, "about 2212272 recurrences to reach the horizon's end"),
    ],
)
def test_dense_recurrences_are_refused(
    practice: Practice, name: str, line: int, expected: str
) -> None:
    path = FIXTURES / name
    with pytest.raises(InputError) as caught:
        read_calendar(practice, path, staff="ben")
    assert str(caught.value).startswith(f"{path}:{line}: property 'RRULE': {expected}")


def test_calendar_name_with_path_traversal_only_fails_to_match(
    practice: Practice, tmp_path: Path
) -> None:
    path = FIXTURES / "traversal_name.ics"
    with pytest.raises(InputError) as caught:
        read_calendar(practice, path, match={"anna@example.org": "anna"})
    assert str(caught.value) == (
        f"{path}: no staff member matches this calendar (found: '../../etc/passwd') "
        "(name the staff id with 'staff:', or map a name or address with 'match:')"
    )
    imported = read_calendar(practice, path, match={"../../etc/passwd": "anna"})
    assert [e.staff for e in imported.availability] == ["anna"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"hello world\r\n", r":1: property 'hello world': Content line could not be parsed"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n",
            r":2: property 'BEGIN': VEVENT is never closed",
        ),
        (b"", r":1: not an iCalendar file"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:tomorrow\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            r":4: property 'DTSTART': .* \(got 'tomorrow'\)",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VFREEBUSY\r\nUID:f\r\nFREEBUSY:garbage\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\n",
            r":4: property 'FREEBUSY': Expected period format, got: garbage \(got 'garbage'\)",
        ),
        (b"BEGIN:VCALENDAR\r\n\xff\xfe\r\nEND:VCALENDAR\r\n", r":2: byte 17 is not UTF-8"),
    ],
)
def test_calendar_errors_name_line_and_property(
    practice: Practice, tmp_path: Path, body: bytes, expected: str
) -> None:
    path = tmp_path / "bad.ics"
    path.write_bytes(body)
    with pytest.raises(InputError, match=rf"^{path}{expected}"):
        read_calendar(practice, path, staff="anna")


def test_calendar_mapping_to_an_unknown_staff_id(practice: Practice) -> None:
    with pytest.raises(InputError, match=r"match 'x@y\.org': unknown staff id \(got 'nobody'\)"):
        read_calendar(practice, FIXTURES / "outlook.ics", match={"x@y.org": "nobody"})


def _calendar(*events: str) -> bytes:
    body = "".join(
        f"BEGIN:VEVENT\nUID:e{i}@test\nDTSTAMP:20260101T000000Z\n{event}END:VEVENT\n"
        for i, event in enumerate(events)
    )
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\n{body}END:VCALENDAR\n".encode()


# ------------------------------------------------------------------------------------ sources

PRACTICE_WITH_SOURCES = """\
name: Maple Family Practice
time_zone: America/New_York
horizon: {start: 2026-03-02, end: 2026-03-08}
skills: [{id: nurse}, {id: desk}, {id: va}]
staff:
  - {id: ben, name: Ben, skills: [desk]}
shifts:
  - {id: early, start: "07:00", end: "15:00", days: [mon, tue, wed, thu, fri]}
  - {id: late, start: "14:00", end: "22:00", days: [mon, tue, wed, thu, fri]}
  - {id: night, start: "22:00", end: "07:00", skills: [nurse]}
coverage:
  - {shift: early, min: 1}
  - {shift: night, min: 1, weight: 100}
leave:
  - {staff: ben, start_date: 2026-03-02, end_date: 2026-03-02}
sources:
  - {file: files/staff.csv, format: staff}
  - file: files/grid.csv
    format: grid
    codes: {AM: {kind: preferred, start: "07:00", end: "13:00"}}
  - {file: files/availability.csv, format: availability}
  - file: "files/*.ics"
    match: {Anna (work): anna, zoe@example.org: zoe, maria@example.org: maria}
"""


@pytest.fixture
def practice_file(tmp_path: Path) -> Path:
    files = tmp_path / "files"
    files.mkdir()
    for name in ("staff.csv", "grid.csv", "availability.csv", "recurring.ics", "outlook.ics"):
        shutil.copy(FIXTURES / name, files / name)
    path = tmp_path / "practice.yaml"
    path.write_text(PRACTICE_WITH_SOURCES, encoding="utf-8")
    return path


def test_sources_are_merged_at_load_time(practice_file: Path) -> None:
    loaded = load_practice_with_imports(practice_file)
    practice = loaded.practice
    assert [s.id for s in practice.staff] == ["ben", "anna", "zoe", "maria"]
    files = practice_file.parent / "files"
    assert [(f.source, f.format, f.read) for f in loaded.imports.files] == [
        (str(files / "staff.csv"), "staff", 3),
        (str(files / "grid.csv"), "grid", 9),
        (str(files / "availability.csv"), "availability", 6),
        (str(files / "outlook.ics"), "calendar", 5),
        (str(files / "recurring.ics"), "calendar", 8),
    ]
    assert loaded.imports.made == {
        "staff": 3,
        "unavailable": 9,
        "preferred": 3,
        "undesired": 3,
        "leave (approved)": 2,
        "leave (requested)": 2,
    }
    assert len(practice.availability) == 15
    assert practice.leave[0].start_date == d("2026-03-02")  # the practice file's own first
    assert rosterkit.load_practice(practice_file) == practice


def test_imported_availability_is_kept_by_the_solver(practice_file: Path) -> None:
    practice = rosterkit.load_practice(practice_file)
    result = rosterkit.solve(practice, time_limit=10, workers=1, seed=0)
    assert result.has_roster
    assert rosterkit.check(practice, result.roster).violations == ()
    # Anna is on approved leave 4-6 March (grid) and away 7-8 March (calendar).
    assert not [a for a in result.roster.for_staff("anna") if a.date >= d("2026-03-04")]


def test_merged_document_writes_a_self_contained_practice(
    practice_file: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["import", str(practice_file), "--out", str(tmp_path / "merged.yaml")]
    )
    assert result.exit_code == 0, result.output
    files = practice_file.parent / "files"
    assert result.stdout.splitlines()[:3] == [
        "Imported:",
        f"  {files / 'staff.csv'} (staff): 3 rows -> 3 staff; unused columns: notes",
        f"  {files / 'grid.csv'} (grid): 9 cells -> 1 leave (approved), 1 leave (requested), "
        "2 preferred, 2 unavailable; ignored: 1 cells outside the horizon; "
        "unused columns: name, notes",
    ]
    assert result.stdout.splitlines()[-2:] == [
        "Practice: 4 staff, 15 availability entries, 5 leave entries",
        f"Wrote {tmp_path / 'merged.yaml'}",
    ]
    merged = (tmp_path / "merged.yaml").read_text(encoding="utf-8")
    assert "sources" not in merged
    assert rosterkit.load_practice(tmp_path / "merged.yaml") == rosterkit.load_practice(
        practice_file
    )


def test_import_refuses_to_overwrite_the_practice_file(practice_file: Path) -> None:
    result = runner.invoke(app, ["import", str(practice_file), "--out", str(practice_file)])
    assert result.exit_code == 73
    assert "is the practice file itself" in result.stderr


def test_solve_prints_the_import_summary(practice_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["solve", str(practice_file), "--out", str(out), "--time-limit", "5", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Imported:"
    assert lines[5].endswith(
        "; ignored: 1 cancelled occurrences, 1 events outside the horizon, 1 free occurrences"
    )


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("{file: ../secret.csv, format: staff}", "sources[0]: '../secret.csv' leaves the practice"),
        ("{file: /etc/passwd, format: staff}", "sources[0]: '/etc/passwd' leaves the practice"),
        ("{file: 'C:\\\\x.csv', format: grid}", "leaves the practice file's folder"),
        ("{file: files/grid.csv}", "give the format of 'files/grid.csv'"),
        ("{file: files/grid.csv, format: grid, staff: anna}", "'staff' is for calendar files only"),
        ("{file: files/a.ics, codes: {X: unavailable}}", "'codes' is for grid files only"),
        ("{file: files/a.ics, format: pdf}", "sources[0].format: Input should be"),
    ],
)
def test_bad_sources(tmp_path: Path, entry: str, expected: str) -> None:
    path = tmp_path / "practice.yaml"
    path.write_text(
        PRACTICE_WITH_SOURCES.split("sources:")[0] + f"sources:\n  - {entry}\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as caught:
        rosterkit.load_practice(path)
    assert expected in str(caught.value)


def test_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_text("id,name,skills\neve,Eve,desk\n", encoding="utf-8")
    folder = tmp_path / "practice"
    folder.mkdir()
    (folder / "staff.csv").symlink_to(outside)
    path = folder / "practice.yaml"
    path.write_text(
        PRACTICE_WITH_SOURCES.split("sources:")[0]
        + "sources:\n  - {file: staff.csv, format: staff}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"staff\.csv: leads outside the practice file's folder"):
        rosterkit.load_practice(path)


def test_pattern_matching_nothing(tmp_path: Path) -> None:
    path = tmp_path / "practice.yaml"
    path.write_text(
        PRACTICE_WITH_SOURCES.split("sources:")[0]
        + "sources:\n  - {file: cal/*.ics, staff: ben}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"cal/\*\.ics: no file matches this pattern"):
        rosterkit.load_practice(path)


def test_imported_leave_overlapping_the_practice_files_leave(practice_file: Path) -> None:
    grid = practice_file.parent / "files" / "grid.csv"
    grid.write_text("staff_id,2026-03-02\nben,V\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        rosterkit.load_practice(practice_file)
    assert str(caught.value).startswith(
        f"{grid}:2 (2026-03-02): ben's leave 2026-03-02..2026-03-02 overlaps the leave "
        f"2026-03-02..2026-03-02 at {practice_file}: leave[0]"
    )


def test_imported_staff_repeating_the_practice_files_staff(practice_file: Path) -> None:
    staff = practice_file.parent / "files" / "staff.csv"
    staff.write_text("id,name,skills\nben,Ben Again,desk\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{staff}:2: column 'id': staff id 'ben' is also in"):
        rosterkit.load_practice(practice_file)


def test_merge_by_hand(practice: Practice) -> None:
    imported = read_grid(practice, FIXTURES / "grid.csv", codes={"AM": AM})
    merged = merge(practice, imported)
    assert merged.availability == imported.availability
    assert merged.leave == imported.leave


def test_schema_describes_sources() -> None:
    schema = practice_schema()
    sources = schema["properties"]["sources"]
    assert sources["items"] == {"$ref": "#/$defs/Source"}
    assert set(schema["$defs"]["Source"]["properties"]) >= {"file", "format", "codes", "match"}


def test_the_clinic_example_takes_its_availability_from_files() -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "clinic" / "practice.yaml"
    loaded = load_practice_with_imports(example)
    folder = example.parent / "availability"
    assert loaded.imports.lines() == [
        f"{folder / 'december-grid.csv'} (grid): 13 cells -> 3 leave (approved), "
        "2 unavailable; unused columns: name",
        f"{folder / 'requests.csv'} (availability): 7 rows -> 1 leave (approved), "
        "4 leave (requested), 1 unavailable; ignored: 1 outside the horizon",
        f"{folder / 'calendars' / 'ma-derek.ics'} (calendar): 3 events -> 1 unavailable; "
        "ignored: 1 cancelled occurrences, 1 free occurrences",
    ]
    # The monthly course (RRULE, with an EXDATE in October) falls on 9 December in the horizon.
    (course,) = [i.entry for i in loaded.imported.items if i.origin.source.endswith(".ics")]
    assert describe(course) == "unavailable ma-derek 2026-12-09 all day hard"
