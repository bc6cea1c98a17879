"""The attendance grid as a workbook to fill in by hand and read back
(models.attendance.from_file.read_grid).

STT | Họ và tên | Số CCCD | one column per buổi, headed "Ngày 1 sáng 16/10/2023"; a cell holds
x (có mặt), v (vắng), p (vắng có phép) or nothing (chưa điểm danh). CCCD numbers are text, so
the leading zero survives Excel.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from reports.xlsx import Book

__all__ = ["write_attendance_xlsx"]


def write_attendance_xlsx(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str | int]],
    path: str | os.PathLike[str],
) -> Path:
    """`columns` and `rows` as models.attendance.from_file.grid_table gives them."""
    book = Book()
    widths = [6, 28, 16] + [14] * (len(columns) - 3)
    sheet = book.sheet("Điểm danh", widths, freeze="D3", print_rows=(2, 2))
    sheet.merged(title, "title", last=len(columns))
    sheet.append(sheet.text(c, "head") for c in columns)
    for row in rows:
        number, name, cccd, *marks = row
        cells = [sheet.number(number, "int"), sheet.text(str(name)), sheet.text(str(cccd))]
        cells += [sheet.text(str(m), "center") for m in marks]
        sheet.append(cells)
    return book.save(path)
