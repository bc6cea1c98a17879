"""Any on-screen list as a plain workbook: the headers it shows, then its rows.

Used by the desktop's "Xuất ra Excel…" (Ctrl+E) on every list. Values are text, whole
numbers, decimals or dates; text is NFC and never becomes a formula (reports.xlsx.set_text),
numbers stay numbers so the accountant can sum them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reports.files import atomic_output
from reports.xlsx import DONG_FORMAT, clean_text, set_text, sheet_title

__all__ = ["TableValue", "write_table_xlsx"]

TableValue = str | int | float | Decimal | dt.date | None

_MIN_WIDTH, _MAX_WIDTH = 6.0, 60.0


def write_table_xlsx(
    path: str | os.PathLike[str],
    headers: Sequence[str],
    rows: Iterable[Sequence[TableValue]],
    *,
    title: str = "Danh sách",
) -> Path:
    """Write `headers` and `rows` to one sheet named `title`; atomically. Header row bold and
    frozen; column widths from the longest value (within reason); amounts grouped."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(title, set())
    bold = Font(bold=True)
    widths = [len(clean_text(h)) + 2.0 for h in headers]
    for index, header in enumerate(headers, start=1):
        cell = set_text(ws.cell(1, index), header)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            cell = ws.cell(r, index)
            _put(cell, value)
            if index <= len(widths):
                widths[index - 1] = max(widths[index - 1], len(str(cell.value or "")) + 2.0)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = min(
            _MAX_WIDTH, max(_MIN_WIDTH, width)
        )
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = "9"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    target = Path(path)
    with atomic_output(target) as tmp:
        wb.save(tmp)
    return target


def _put(cell: Cell, value: TableValue) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str):
        set_text(cell, value)
        if cell.value is not None and str(cell.value).startswith(("=", "+", "-", "@")):
            cell.quotePrefix = True
    elif isinstance(value, bool):
        set_text(cell, "x" if value else "")
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "DD/MM/YYYY"
    elif isinstance(value, int) and abs(value) >= 10_000:
        cell.value = value
        cell.number_format = DONG_FORMAT  # amounts in đồng: grouped like on screen
    else:
        cell.value = value
