"""Roster export (.xlsx) in the columns communes use, so a corrected list can come back.

STT | Họ và tên | Năm sinh (Nam | Nữ) | Dân tộc | Chức vụ | Thôn, bản | Xã | Huyện | Tỉnh |
Số CCCD | Số điện thoại | [Lớp] | Ghi chú

The headings are the ones the roster importer recognises (models.roster_import.headers);
CCCD and phone numbers are text, so the leading zero survives Excel.
"""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl.cell.cell import Cell

from models.papers.data import RosterExport, RosterRow
from reports.xlsx import Book, Kind, StyleName, bulk_write, col

__all__ = ["roster_workbook", "write_roster_xlsx"]

_COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 6),
    ("Họ và tên", 26),
    ("Nam", 7),
    ("Nữ", 7),
    ("Dân tộc", 10),
    ("Chức vụ", 22),
    ("Thôn, bản", 18),
    ("Xã", 18),
    ("Huyện", 16),
    ("Tỉnh", 12),
    ("Số CCCD", 15),
    ("Số điện thoại", 13),
)
_ACTIVITY = ("Lớp", 14)
_NOTE = ("Ghi chú", 20)
_HEADER_TOP = 5  # rows 1-4: unit, title, subtitle, blank


def _values(number: int, p: RosterRow, with_activity: bool) -> list[object]:
    year = p.birth_year
    # The year goes under Nam or Nữ; unknown gender: under Nam rather than nowhere.
    male, female = (None, year) if p.gender == "F" else (year, None)
    values: list[object] = [
        number,
        p.full_name,
        male,
        female,
        p.ethnicity,
        p.position,
        p.village,
        p.commune,
        p.district,
        p.province,
        p.cccd,
        p.phone,
    ]
    if with_activity:
        values.append(p.activity_code)
    values.append(p.note)
    return values


def roster_workbook(roster: RosterExport) -> Book:
    columns = [*_COLUMNS, *([_ACTIVITY] if roster.with_activity else []), _NOTE]
    book = Book()
    top, sub = _HEADER_TOP, _HEADER_TOP + 1
    sheet = book.sheet(
        "Danh sách",
        [w for _, w in columns],
        landscape=True,
        freeze=f"C{sub + 1}",
        print_rows=(top, sub),
    )
    sheet.merged(roster.unit.name.upper(), "unit", last=6)
    sheet.merged(roster.title, "title")
    sheet.merged(roster.subtitle, "subtitle")
    sheet.skip()
    # Two header rows: "Năm sinh" over Nam | Nữ, every other heading spans both rows.
    first: list[Cell | None] = []
    second: list[Cell | None] = []
    for index, (heading, _) in enumerate(columns, start=1):
        if heading == "Nam":
            first.append(sheet.text("Năm sinh", "head"))
            second.append(sheet.text("Nam", "head"))
        elif heading == "Nữ":
            first.append(sheet.blank("head"))
            second.append(sheet.text("Nữ", "head"))
        else:
            first.append(sheet.text(heading, "head"))
            second.append(sheet.blank("head"))
            sheet.ws.merged_cells.add(f"{col(index)}{top}:{col(index)}{sub}")
    sheet.ws.merged_cells.add(f"C{top}:D{top}")
    sheet.append(first)
    sheet.append(second)
    text: tuple[Kind, StyleName] = ("text", "text")
    centred: tuple[Kind, StyleName] = ("text", "center")
    year: tuple[Kind, StyleName] = ("number", "int")
    kinds = [year, text, year, year, *[text] * 6, centred, centred]
    kinds += [text] * (2 if roster.with_activity else 1)
    writer = sheet.rows(kinds)
    for number, person in enumerate(roster.rows, start=1):
        writer.append(_values(number, person, roster.with_activity))
    return book


def write_roster_xlsx(roster: RosterExport, path: str | os.PathLike[str]) -> Path:
    """Write the roster workbook to `path` atomically."""
    with bulk_write():
        return roster_workbook(roster).save(path)
