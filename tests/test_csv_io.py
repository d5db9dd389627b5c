"""CSV exports and the roster reader: exact text, formula injection, round trips, read errors."""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from maple import LEAVE_REASON, make_roster, practice_doc

import rosterkit
from rosterkit import ExportError, Practice, Roster, RosterFileError
from rosterkit.adapters.csv_io import (
    grid_csv_text,
    read_roster_csv,
    roster_csv_text,
    safe_cell,
    write_grid_csv,
    write_roster_csv,
)

GOLDEN = Path(__file__).parent / "golden"
# Set ROSTERKIT_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate format change.
UPDATE_GOLDEN = os.environ.get("ROSTERKIT_UPDATE_GOLDEN") == "1"
HEADER = "staff_id,staff_name,date,shift_id,start,end,hours,role"


ROWS = [
    ("anna", "2026-03-02", "early"),
    ("ben", "2026-03-02", "early"),
    ("zoe", "2026-03-02", "late"),
    ("maria", "2026-03-02", "phones"),
    ("ben", "2026-03-03", "late"),
    ("maria", "2026-03-03", "phones"),
    ("zoe", "2026-03-04", "early"),
    ("zoe", "2026-03-04", "night"),
    ("anna", "2026-03-07", "night"),
]


@pytest.fixture
def practice() -> Practice:
    return Practice.parse(practice_doc())


@pytest.fixture
def roster(practice: Practice) -> Roster:
    return make_roster(practice, ROWS)


def assert_golden(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_bytes(actual)
    assert actual == path.read_bytes()


def cells(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


# ------------------------------------------------------------------------------ exact text


def test_roster_csv_matches_golden_file(practice: Practice, roster: Roster, tmp_path: Path) -> None:
    written = write_roster_csv(practice, roster, tmp_path / "roster.csv")
    assert_golden("roster.csv", written.read_bytes())
    assert written.read_bytes() == roster_csv_text(practice, roster).encode("utf-8")


def test_grid_csv_matches_golden_file(practice: Practice, roster: Roster, tmp_path: Path) -> None:
    written = write_grid_csv(practice, roster, tmp_path / "grid.csv")
    assert_golden("grid.csv", written.read_bytes())


def test_roster_csv_rows_have_real_times_and_numeric_hours(
    practice: Practice, roster: Roster
) -> None:
    rows = cells(roster_csv_text(practice, roster))
    assert rows[0] == HEADER.split(",")
    assert len(rows) == 1 + len(ROWS)
    night = rows[-1]
    # Spring forward: 22:00 EST to 07:00 EDT is 8 real hours, not 9.
    assert night == [
        "anna", "Anna Schmidt", "2026-03-07", "night",
        "2026-03-07T22:00:00-05:00", "2026-03-08T07:00:00-04:00", "8", "nurse",
    ]  # fmt: skip
    phones = rows[4]
    assert phones[0] == "maria"
    assert phones[6] == "8.5"
    # zoe has nurse and desk; the late shift takes anyone, so her first skill is her role.
    assert rows[3][7] == "nurse"


def test_grid_joins_two_shifts_a_day_in_start_order_and_totals_real_hours(
    practice: Practice, roster: Roster
) -> None:
    rows = cells(grid_csv_text(practice, roster))
    header = rows[0]
    assert header[:2] == ["staff_id", "name"]
    assert header[2:-1] == [f"2026-03-0{d}" for d in range(2, 9)]
    assert header[-1] == "hours"
    by_id = {row[0]: row for row in rows[1:]}
    assert [row[0] for row in rows[1:]] == ["anna", "ben", "zoe", "maria"]
    assert by_id["zoe"][2 + 2] == "early+night"
    assert by_id["zoe"][-1] == "25"
    assert by_id["anna"][2:-1] == ["early", "", "", "", "", "night", ""]
    assert by_id["anna"][-1] == "16"
    assert by_id["maria"][-1] == "17"


def test_empty_roster_writes_header_and_an_empty_grid(practice: Practice) -> None:
    empty = Roster.of([])
    assert roster_csv_text(practice, empty) == HEADER + "\n"
    grid = cells(grid_csv_text(practice, empty))
    assert len(grid) == 5
    assert all(row[2:-1] == [""] * 7 and row[-1] == "0" for row in grid[1:])


# ------------------------------------------------------------------------------ injection


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("Anna", "Anna"),
        ("2026-12-01", "2026-12-01"),
        ("2026-12-01T07:00:00-05:00", "2026-12-01T07:00:00-05:00"),
        ("", ""),
        (None, ""),
        (-5, "-5"),
        (7.5, "7.5"),
        (8.0, "8"),
        (-0.25, "-0.25"),
        (3, "3"),
        (date(2026, 12, 1), "2026-12-01"),
    ],
)
def test_safe_cell(value: object, expected: str) -> None:
    assert safe_cell(value) == expected


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x","y")', "+49 30 1234", "-Anna", "@Ben", "=cmd|' /C calc'!A0"]
)
def test_hostile_names_are_text_in_both_files(name: str, tmp_path: Path) -> None:
    doc = practice_doc()
    doc["staff"][1] = {"id": "ben", "name": name, "skills": ["desk"]}
    practice = Practice.parse(doc)
    roster = make_roster(practice, ROWS)
    long_rows = cells(roster_csv_text(practice, roster))
    assert {row[1] for row in long_rows if row[0] == "ben"} == {"'" + name}
    assert all(row[6] and row[6][0].isdigit() for row in long_rows[1:])
    grid_rows = cells(grid_csv_text(practice, roster))
    assert [row[1] for row in grid_rows if row[0] == "ben"] == ["'" + name]
    path = write_roster_csv(practice, roster, tmp_path / "roster.csv")
    assert read_roster_csv(practice, path) == roster


# ------------------------------------------------------------------------------ delimiter, BOM


def test_semicolon_delimiter(practice: Practice, roster: Roster, tmp_path: Path) -> None:
    text = roster_csv_text(practice, roster, delimiter=";")
    first, second = text.splitlines()[:2]
    assert first == HEADER.replace(",", ";")
    assert second == (
        "anna;Anna Schmidt;2026-03-02;early;2026-03-02T07:00:00-05:00;"
        "2026-03-02T15:00:00-05:00;8;nurse"
    )
    # A comma inside a name needs no quoting with ';'.
    assert "Zoë Müller, RN;" in text
    path = write_roster_csv(practice, roster, tmp_path / "r.csv", delimiter=";")
    assert read_roster_csv(practice, path) == roster


def test_unknown_delimiter_is_refused(practice: Practice, roster: Roster) -> None:
    with pytest.raises(ValueError, match="delimiter"):
        roster_csv_text(practice, roster, delimiter="\t")


@pytest.mark.parametrize("writer", [write_roster_csv, write_grid_csv])
def test_bom_prefixes_utf8_text(
    writer: Any, practice: Practice, roster: Roster, tmp_path: Path
) -> None:
    plain = writer(practice, roster, tmp_path / "plain.csv").read_bytes()
    with_bom = writer(practice, roster, tmp_path / "bom.csv", bom=True).read_bytes()
    assert with_bom == b"\xef\xbb\xbf" + plain
    assert "Zoë".encode() in plain


def test_round_trip_with_bom_and_semicolons(
    practice: Practice, roster: Roster, tmp_path: Path
) -> None:
    path = write_roster_csv(practice, roster, tmp_path / "r.csv", delimiter=";", bom=True)
    assert read_roster_csv(practice, path) == roster


def test_round_trip(practice: Practice, roster: Roster, tmp_path: Path) -> None:
    path = write_roster_csv(practice, roster, tmp_path / "r.csv")
    back = read_roster_csv(practice, path)
    assert back == roster
    assert [(a.start, a.end) for a in back] == [(a.start, a.end) for a in roster]


def test_round_trip_of_a_solved_roster(tmp_path: Path) -> None:
    doc = practice_doc(coverage=[{"shift": "early", "min": 1}, {"shift": "phones", "min": 1}])
    practice = Practice.parse(doc)
    result = rosterkit.solve(practice, workers=1, seed=0, time_limit=5)
    assert len(result.roster) >= 10
    path = write_roster_csv(practice, result.roster, tmp_path / "r.csv")
    assert read_roster_csv(practice, path) == result.roster


def test_minimal_columns_in_any_order_and_extra_columns_ignored(
    practice: Practice, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "Shift_ID , date,note,staff_id\nlate,2026-03-03,swapped,ben\n\n early ,'2026-03-02,,anna\n",
        encoding="utf-8",
    )
    assert read_roster_csv(practice, path) == make_roster(
        practice, [("ben", "2026-03-03", "late"), ("anna", "2026-03-02", "early")]
    )


def test_times_in_another_offset_are_accepted_when_they_are_the_same_instant(
    practice: Practice, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "staff_id,date,shift_id,start,end\nanna,2026-03-07,night,2026-03-08T03:00:00+00:00,\n",
        encoding="utf-8",
    )
    assert read_roster_csv(practice, path) == make_roster(
        practice, [("anna", "2026-03-07", "night")]
    )


def test_ineligible_assignment_is_read_and_left_to_the_checker(
    practice: Practice, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    path.write_text("staff_id,date,shift_id\nben,2026-03-04,night\n", encoding="utf-8")
    roster = read_roster_csv(practice, path)
    (a,) = roster
    assert (a.staff_id, a.shift_id, a.hours) == ("ben", "night", 9.0)
    report = rosterkit.check(practice, roster)
    assert [(v.kind, v.staff_id, v.date) for v in report.violations] == [
        ("eligibility", "ben", date(2026, 3, 4))
    ]


# ------------------------------------------------------------------------------ read errors

BAD_FILES = [
    pytest.param(
        HEADER + "\nanna,A,2026-03-02,early,,,,\nnobody,N,2026-03-02,early,,,,\n",
        3, "staff_id", "nobody", "known staff ids: anna, ben, zoe, maria", id="unknown-staff",
    ),
    pytest.param(
        "staff_id,date,shift_id\nanna,2026-13-01,early\n",
        2, "date", "2026-13-01", "YYYY-MM-DD", id="bad-date",
    ),
    pytest.param(
        "staff_id,date,shift_id\nanna,2026-04-01,early\n",
        2, "date", "2026-04-01", "2026-03-02 to 2026-03-08", id="outside-horizon",
    ),
    pytest.param(
        "staff_id,date,shift_id\nanna,2026-03-02,brunch\n",
        2, "shift_id", "brunch", "known shift ids: early, late, night, phones", id="unknown-shift",
    ),
    pytest.param(
        "staff_id,date,shift_id\nanna,2026-03-07,early\n",
        2, "shift_id", "early", "early runs on mon, tue, wed, thu, fri", id="not-that-weekday",
    ),
    pytest.param(
        "staff_id,date,start\nanna,2026-03-02,x\n",
        1, "shift_id", "staff_id,date,start", "the header needs staff_id, date, shift_id",
        id="missing-column",
    ),
    pytest.param(
        "staff_id;date;shift_id\nanna;2026-03-02;early\nben;2026-03-02;late\nanna;2026-03-02;early\n",
        4, "shift_id", "early", "repeats line 2", id="duplicate-row",
    ),
    pytest.param(
        "staff_id,date,shift_id,start\nanna,2026-03-02,early,2026-03-02T08:00:00-05:00\n",
        2, "start", "2026-03-02T08:00:00-05:00", "starts at 2026-03-02T07:00:00-05:00",
        id="moved-start",
    ),
    pytest.param(
        "staff_id,date,shift_id,end\nanna,2026-03-02,early,2026-03-02T15:00:00\n",
        2, "end", "2026-03-02T15:00:00", "no UTC offset", id="naive-end",
    ),
    pytest.param(
        "staff_id,date,shift_id,end\nanna,2026-03-02,early,3pm\n",
        2, "end", "3pm", "ISO 8601", id="bad-end",
    ),
    pytest.param(
        'staff_id,staff_name,date,shift_id\nanna,"two\nlines",2026-03-02,early\n'
        "ben,Ben,2026-03-02,lunch\n",
        4, "shift_id", "lunch", "known shift ids", id="line-after-multiline-cell",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("content", "line", "column", "value", "hint"), BAD_FILES)
def test_read_errors_name_file_line_column_and_value(
    practice: Practice,
    tmp_path: Path,
    content: str,
    line: int,
    column: str,
    value: str,
    hint: str,
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RosterFileError) as caught:
        read_roster_csv(practice, path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: column {column!r}: ")
    assert repr(value) in message
    assert hint in message
    assert caught.value.exit_code == 3


def test_read_error_for_missing_file(practice: Practice, tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"
    with pytest.raises(RosterFileError, match=r"nope\.csv: no such file"):
        read_roster_csv(practice, path)


def test_read_error_for_empty_file(practice: Practice, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(RosterFileError, match=r"empty\.csv:1: the first line is empty"):
        read_roster_csv(practice, path)


def test_read_error_for_non_utf8_file(practice: Practice, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        "staff_id,date,shift_id,staff_name\nzoe,2026-03-02,early,Zoë\n".encode("latin-1")
    )
    with pytest.raises(RosterFileError, match=r"not UTF-8.*CSV UTF-8"):
        read_roster_csv(practice, path)


# ------------------------------------------------------------------------------ atomic writes


def test_write_into_missing_directory_raises_and_leaves_nothing(
    practice: Practice, roster: Roster, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "roster.csv"
    with pytest.raises(ExportError) as caught:
        write_roster_csv(practice, roster, target)
    assert str(target) in str(caught.value)
    assert "create the directory" in str(caught.value)
    assert caught.value.exit_code == 73
    assert list(tmp_path.iterdir()) == []


def test_failed_replace_keeps_the_old_file_and_removes_the_temporary_one(
    practice: Practice, roster: Roster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "roster.csv"
    target.write_text("old content", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError, match="No space left on device"):
        write_roster_csv(practice, roster, target)
    assert target.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.csv"]


def test_roster_of_another_practice_is_refused(practice: Practice) -> None:
    other = Practice.parse(
        practice_doc(staff=[{"id": "x", "name": "X", "skills": ["nurse"]}], leave=[])
    )
    roster = make_roster(other, [("x", "2026-03-02", "early")])
    with pytest.raises(rosterkit.ValidationError, match="staff id 'x'"):
        roster_csv_text(practice, roster)


def test_no_leave_reason_in_csv(practice: Practice, roster: Roster) -> None:
    for text in (roster_csv_text(practice, roster), grid_csv_text(practice, roster)):
        assert LEAVE_REASON not in text


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_hostile_grid_with_delimiter_and_bom_keeps_numbers_numbers(
    delimiter: str, tmp_path: Path
) -> None:
    doc = practice_doc()
    doc["staff"][0]["name"] = '=HYPERLINK("http://x";"y"), "quoted"'
    doc["staff"][1]["name"] = "-1+2"
    doc["staff"][2]["name"] = "Zoë;\r\nMüller"
    practice = Practice.parse(doc)
    roster = make_roster(practice, ROWS)
    path = write_grid_csv(practice, roster, tmp_path / "grid.csv", delimiter=delimiter, bom=True)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfstaff_id" + delimiter.encode())
    rows = cells(data.decode("utf-8-sig"), delimiter)
    assert [row[1] for row in rows[1:]] == [
        "'" + doc["staff"][0]["name"],
        "'-1+2",
        "Zoë;\r\nMüller",
        "Maria Santos",
    ]
    # Every row has the same number of cells, and hours are plain numbers.
    assert {len(row) for row in rows} == {2 + 7 + 1}
    assert [row[-1] for row in rows[1:]] == ["16", "16", "25", "17"]
