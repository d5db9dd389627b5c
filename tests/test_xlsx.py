"""The XLSX roster: sheets, cell types, formula injection, reproducible bytes, and write_outputs."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

import rosterkit
from rosterkit import Practice, Roster
from rosterkit.adapters.csv_io import read_roster_csv
from rosterkit.adapters.xlsx import GRID_SHEET, ROSTER_SHEET, roster_workbook, write_roster_xlsx
from rosterkit.solve import write_outputs

STAMP = datetime(2026, 2, 20, 9, 30, tzinfo=UTC)
HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+49 30 1234", "-Anna", "@SUM(A1)"]


def practice_doc(**changes: Any) -> dict[str, Any]:
    """A small US practice over the week of the 2026 spring-forward change (Sun 8 March)."""
    doc: dict[str, Any] = {
        "name": "Maple Family Practice",
        "time_zone": "America/New_York",
        "horizon": {"start": "2026-03-02", "end": "2026-03-08"},
        "skills": [{"id": "nurse"}, {"id": "desk"}],
        "staff": [
            {"id": "anna", "name": "Anna Schmidt", "skills": ["nurse"]},
            {"id": "ben", "name": "Ben O'Neil", "skills": ["desk"]},
            {"id": "zoe", "name": "Zoë Müller, RN", "skills": ["nurse", "desk"]},
        ],
        "shifts": [
            {"id": "early", "name": "Early", "start": "07:00", "end": "15:00",
             "days": ["mon", "tue", "wed", "thu", "fri"]},
            {"id": "night", "name": "Night", "start": "22:00", "end": "07:00",
             "skills": ["nurse"]},
        ],
    }  # fmt: skip
    doc.update(changes)
    return doc


ROWS = [
    ("anna", "2026-03-02", "early"),
    ("ben", "2026-03-02", "early"),
    ("zoe", "2026-03-04", "early"),
    ("zoe", "2026-03-04", "night"),
    ("anna", "2026-03-07", "night"),
]


def make_roster(practice: Practice, rows: list[tuple[str, str, str]]) -> Roster:
    return Roster.of(practice.assignment(s, date.fromisoformat(d), sh) for s, d, sh in rows)


@pytest.fixture
def practice() -> Practice:
    return Practice.parse(practice_doc())


def sheets(data: bytes) -> dict[str, Worksheet]:
    book = load_workbook(io.BytesIO(data))
    out: dict[str, Worksheet] = {}
    for name in book.sheetnames:
        sheet = book[name]
        assert isinstance(sheet, Worksheet)
        out[name] = sheet
    return out


def values(sheet: Worksheet) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_long_sheet_has_typed_cells(practice: Practice) -> None:
    data = roster_workbook(practice, make_roster(practice, ROWS), stamp=STAMP)
    book = sheets(data)
    assert list(book) == [ROSTER_SHEET, GRID_SHEET]
    rows = values(book[ROSTER_SHEET])
    assert rows[0] == [
        "staff_id",
        "staff_name",
        "date",
        "shift_id",
        "start",
        "end",
        "hours",
        "role",
    ]
    # Spring forward: 22:00 EST to 07:00 EDT is 8 real hours.
    assert rows[-1] == [
        "anna", "Anna Schmidt", datetime(2026, 3, 7), "night",
        "2026-03-07T22:00:00-05:00", "2026-03-08T07:00:00-04:00", 8, "nurse",
    ]  # fmt: skip
    assert book[ROSTER_SHEET]["C2"].is_date
    assert book[ROSTER_SHEET]["G2"].data_type == "n"


def test_grid_sheet(practice: Practice) -> None:
    rows = values(sheets(roster_workbook(practice, make_roster(practice, ROWS)))[GRID_SHEET])
    assert rows[0] == ["staff_id", "name", *(f"2026-03-0{d}" for d in range(2, 9)), "hours"]
    assert rows[3] == [
        "zoe",
        "Zoë Müller, RN",
        None,
        None,
        "early+night",
        None,
        None,
        None,
        None,
        17,
    ]
    assert rows[1][-1] == 16


@pytest.mark.parametrize("name", HOSTILE)
def test_text_is_never_a_formula(name: str) -> None:
    doc = practice_doc()
    doc["staff"][1]["name"] = name
    practice = Practice.parse(doc)
    data = roster_workbook(practice, make_roster(practice, ROWS))
    book = sheets(data)
    for sheet, coordinate in ((ROSTER_SHEET, "B3"), (GRID_SHEET, "B3")):
        cell = book[sheet][coordinate]
        assert cell.value == name
        assert cell.data_type == "s"
        assert cell.quotePrefix is True
    xml = b"".join(
        zipfile.ZipFile(io.BytesIO(data)).read(n)
        for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
        if n.startswith("xl/worksheets/")
    )
    assert b"<f>" not in xml


def test_control_characters_are_dropped(practice: Practice) -> None:
    doc = practice_doc()
    doc["staff"][0]["name"] = "Anna\x07\x00 Schmidt\x1b"
    practice = Practice.parse(doc)
    rows = values(sheets(roster_workbook(practice, make_roster(practice, ROWS)))[ROSTER_SHEET])
    assert rows[1][1] == "Anna Schmidt"


def test_the_workbook_is_modified_at_its_stamp_not_when_saved(practice: Practice) -> None:
    # openpyxl sets the modified time to the moment of saving; two workbooks saved a second
    # apart differed in their bytes.
    data = roster_workbook(practice, make_roster(practice, ROWS), stamp=STAMP)
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert ">2026-02-20T09:30:00Z</dcterms:modified>" in core
    assert ">2026-02-20T09:30:00Z</dcterms:created>" in core


def test_same_roster_same_bytes(practice: Practice, tmp_path: Path) -> None:
    roster = make_roster(practice, ROWS)
    first = write_roster_xlsx(practice, roster, tmp_path / "a.xlsx").read_bytes()
    assert roster_workbook(practice, roster) == first
    assert roster_workbook(practice, roster, stamp=STAMP) != first


def test_empty_roster(practice: Practice) -> None:
    book = sheets(roster_workbook(practice, Roster.of([])))
    assert len(values(book[ROSTER_SHEET])) == 1
    assert [row[-1] for row in values(book[GRID_SHEET])[1:]] == [0, 0, 0]


def test_write_outputs_with_xlsx_semicolons_and_bom(practice: Practice, tmp_path: Path) -> None:
    doc = practice_doc(coverage=[{"shift": "early", "min": 1}])
    practice = Practice.parse(doc)
    result = rosterkit.solve(practice, time_limit=5, workers=1, seed=0)
    out = tmp_path / "out"
    written = write_outputs(result, out, stamp=STAMP, delimiter=";", bom=True, xlsx=True)
    assert written[-1] == out / "roster.xlsx"
    assert (out / "roster.csv").read_bytes().startswith(b"\xef\xbb\xbfstaff_id;staff_name;")
    assert read_roster_csv(practice, out / "roster.csv") == result.roster
    rows = values(sheets((out / "roster.xlsx").read_bytes())[ROSTER_SHEET])
    assert len(rows) == 1 + len(result.roster)
    # A later run without --xlsx replaces the set: the old workbook goes with it.
    write_outputs(result, out, stamp=STAMP)
    assert not (out / "roster.xlsx").exists()
