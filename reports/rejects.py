"""The rejection report (.xlsx): rows a roster import rejected or holds for confirmation.

One worksheet "Tóm tắt" with the counts that reconcile, then one worksheet per source sheet:
Trạng thái | Lý do | Dòng gốc | the source's own columns, each line holding the row's
original cells, so the sender can correct them and send the rows again. Text is always
written as text (reports.xlsx.set_text: a cell starting with = + - @ never becomes a
formula), sheet names are cleaned by reports.xlsx.sheet_title, and the file is written through
reports.files.atomic_output like every other paper.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Final

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from models.roster_import.read import CellValue
from models.roster_import.report_data import (
    STATUS_CONFIRM,
    STATUS_SKIPPED,
    RejectSheet,
    RejectsReport,
)
from reports.files import atomic_output
from reports.xlsx import set_text, sheet_title

__all__ = ["write_rejects"]

_BOLD: Final = Font(bold=True)
_GREY: Final = Font(color="777777")
_HEAD_FILL: Final = PatternFill("solid", fgColor="DDDDDD")
_CONFIRM_FILL: Final = PatternFill("solid", fgColor="FFF2CC")
_WRAP: Final = Alignment(wrap_text=True, vertical="top")
_FIXED: Final = ("Trạng thái", "Lý do", "Dòng gốc")
MAX_TEXT: Final = 32767  # Excel's limit for one cell


def _put(sheet: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    cell = sheet.cell(row, column)
    if isinstance(value, str):
        # A control character shows as �, so the sender sees something was there.
        set_text(cell, value[:MAX_TEXT], marker="\ufffd")
    elif isinstance(value, bool | int | dt.datetime | dt.date | dt.time):
        cell.value = value
    elif isinstance(value, float):
        cell.value = value if math.isfinite(value) else str(value)
    elif isinstance(value, dt.timedelta):
        cell.value = str(value)
        cell.data_type = "s"
    return cell


def _summary(workbook: Workbook, report: RejectsReport) -> None:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Tóm tắt"
    _put(sheet, 1, 1, "BÁO CÁO DÒNG BỊ TỪ CHỐI HOẶC CẦN XÁC NHẬN").font = _BOLD
    for i, (label, value) in enumerate(report.summary, start=3):
        _put(sheet, i, 1, label).font = _BOLD
        _put(sheet, i, 2, value).alignment = _WRAP
    row = len(report.summary) + 4
    if report.line_count == 0:
        _put(sheet, row, 1, "Không có dòng nào bị từ chối hoặc cần xác nhận.")
    else:
        _put(
            sheet,
            row,
            1,
            "Sửa các dòng ở các trang tiếp theo (cột Lý do cho biết cần sửa gì) rồi gửi lại.",
        )
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 90


def _section(workbook: Workbook, part: RejectSheet, taken: set[str]) -> None:
    sheet = workbook.create_sheet(sheet_title(part.name, taken, replacement="_"))
    width = max([len(part.headings), *(len(line.cells) for line in part.lines)], default=0)
    headings = [
        *_FIXED,
        *(part.headings[c] if c < len(part.headings) else "" for c in range(width)),
    ]
    for c, heading in enumerate(headings, start=1):
        cell = _put(sheet, 1, c, heading or get_column_letter(c - len(_FIXED)))
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
        cell.alignment = _WRAP
    # The rows to correct first, then the rows skipped as not people (greyed), so the sender
    # sees that every row of the sheet was read.
    for r, line in enumerate((*part.lines, *part.skipped), start=2):
        _put(sheet, r, 1, line.status)
        _put(sheet, r, 2, line.reason).alignment = _WRAP
        _put(sheet, r, 3, line.row)
        for c, value in enumerate(line.cells, start=len(_FIXED) + 1):
            _put(sheet, r, c, value)
        if line.status == STATUS_CONFIRM:
            for c in range(1, len(_FIXED) + 1):
                sheet.cell(r, c).fill = _CONFIRM_FILL
        elif line.status == STATUS_SKIPPED:
            for c in range(1, len(_FIXED) + 2):
                sheet.cell(r, c).font = _GREY
    sheet.freeze_panes = "D2"
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["C"].width = 9


def write_rejects(report: RejectsReport, path: Path | str) -> Path:
    """Write the report; a failure leaves no file (nor half a file) at path."""
    target = Path(path)
    workbook = Workbook()
    _summary(workbook, report)
    taken: set[str] = {"tóm tắt"}  # the summary's own name
    for part in report.sheets:
        _section(workbook, part, taken)
    with atomic_output(target) as temp:
        workbook.save(temp)
    return target
