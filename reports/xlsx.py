"""Shared workbook machinery: streamed (write-only) openpyxl workbooks for accountants.

* Amounts are numbers formatted ``#,##0``: the grouping sign comes from the reader's locale,
  so a vi-VN Excel or LibreOffice shows 1.234.567 and the cell stays a number to sum. (A
  format with a literal "." would show the dots everywhere but turn the figure into text-like
  display tricks that break for other magnitudes; the locale-driven separator is the one
  accountants expect.)
* Text is NFC, stripped of characters XML cannot hold, and always written as a string:
  a name or note starting with =, +, - or @ never becomes a formula, and such cells also get
  Excel's "quote prefix" so re-typing them in Excel keeps them text.
* A4 page setup, print titles, frozen header rows, column widths, page numbers "&P/&N".
* Saved atomically: a temporary file next to the target, renamed on success.

Styles are built once per workbook and reused through openpyxl's `style_array` constructor
argument: a 17,000-row payout list costs little more than a plain write-only dump.
"""

from __future__ import annotations

import gc
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from models.papers.data import UnitInfo
from reports.files import atomic_output

__all__ = [
    "DAYS_FORMAT",
    "DONG_FORMAT",
    "FORMULA_START",
    "MOTTO",
    "NATION",
    "PERCENT_FORMAT",
    "Book",
    "Kind",
    "RowWriter",
    "Sheet",
    "StyleName",
    "bulk_write",
    "clean_text",
    "col",
    "sheet_ref",
    "sheet_title",
    "signers",
    "text_lines",
    "words_formula",
]

#: Amounts: whole đồng, grouped by the reader's locale (1.234.567 in vi-VN).
DONG_FORMAT = "#,##0"
#: Days attended (a buổi is half a day): 2 or 1.5 (1,5 in vi-VN). "General" rather than
#: "0.##": with "0.##" Excel and LibreOffice show a whole number as "2." (a stray separator).
DAYS_FORMAT = "General"
PERCENT_FORMAT = "0.0%"
#: The first characters that spreadsheet programs read as the start of a formula.
FORMULA_START = ("=", "+", "-", "@")

StyleName = Literal[
    "title",  # bold 14, centred
    "subtitle",  # bold 12, centred
    "note",  # italic 11, centred
    "unit",  # bold 11, left (unit name)
    "plain",  # 11, left, no border
    "head",  # bold, centred, wrapped, bordered
    "text",  # bordered, left, wrapped
    "center",  # bordered, centred
    "int",  # bordered, integer
    "days",  # bordered, 0.##
    "money",  # bordered, #,##0
    "bold_text",
    "bold_money",
    "percent",
    "nation",  # bold 12, centred, no border (CỘNG HÒA … / Độc lập - Tự do - Hạnh phúc)
    "sign",  # bold 11, centred, wrapped, no border (signature titles and names)
    "hint",  # italic 11, centred, wrapped, no border
    "words",  # italic 11, left, wrapped, no border (amount in words)
]

#: The national title of Nghị định 30/2020/NĐ-CP, Phụ lục I.
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
#: Points per text line of an 11-point wrapped cell, and a width (in the sheet's character
#: units) assumed for one character of Times New Roman with Vietnamese marks: a little wide,
#: so an estimated row is too tall rather than too short (no overlap in Excel or LibreOffice).
_LINE_POINTS = 15.0
_CHAR_WIDTH = 1.1

_FONT = "Times New Roman"  # what Vietnamese offices use; LibreOffice maps it to Liberation Serif


def clean_text(value: str, marker: str = "") -> str:
    """NFC, with the control characters an .xlsx cannot hold removed (or shown as `marker`)."""
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    if value.isprintable():  # the usual case, checked in C; the regex only when needed
        return value
    return str(ILLEGAL_CHARACTERS_RE.sub(marker, value))


def set_text(cell: Cell, value: str, marker: str = "") -> Cell:
    """The formula guard: `value` stored as a string that can never become a formula.

    openpyxl binds any text starting with "=" as a formula; imported names and notes are
    text whatever they start with (= + - @), so the type is set after the value.
    """
    clean = clean_text(value, marker)
    if clean:
        cell.value = clean
        cell.data_type = "s"
    return cell


def sheet_ref(name: str) -> str:
    """A sheet name as formulas write it: 'Lớp 1'!A1."""
    return "'" + name.replace("'", "''") + "'"


def col(index: int) -> str:
    """1-based column number -> letters."""
    return str(get_column_letter(index))


_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text: str, taken: set[str], *, replacement: str = "-") -> str:
    """A valid, unique sheet name (31 characters, none of []:*?/\\), remembered in `taken`
    (case-insensitively, as Excel compares them); a forbidden character becomes `replacement`."""
    base = _BAD_TITLE.sub(replacement, clean_text(text)).strip("' ") or "Sheet"
    base = base[:31]
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


@dataclass(frozen=True, slots=True)
class _Spec:
    bold: bool = False
    italic: bool = False
    size: float = 11
    horizontal: str = "left"
    wrap: bool = False
    border: bool = False
    number_format: str = "General"


_SPECS: dict[str, _Spec] = {
    "title": _Spec(bold=True, size=14, horizontal="center"),
    "subtitle": _Spec(bold=True, size=12, horizontal="center", wrap=True),
    "note": _Spec(italic=True, horizontal="center", wrap=True),  # a long funding line
    "unit": _Spec(bold=True),
    "plain": _Spec(),
    "head": _Spec(bold=True, horizontal="center", wrap=True, border=True),
    "text": _Spec(wrap=True, border=True),
    "center": _Spec(horizontal="center", border=True),
    "int": _Spec(horizontal="center", border=True, number_format="0"),
    "days": _Spec(horizontal="center", border=True, number_format=DAYS_FORMAT),
    "money": _Spec(horizontal="right", border=True, number_format=DONG_FORMAT),
    "bold_text": _Spec(bold=True, wrap=True, border=True),
    "bold_money": _Spec(bold=True, horizontal="right", border=True, number_format=DONG_FORMAT),
    "percent": _Spec(horizontal="right", border=True, number_format=PERCENT_FORMAT),
    "nation": _Spec(bold=True, size=12, horizontal="center"),
    "sign": _Spec(bold=True, horizontal="center", wrap=True),
    "hint": _Spec(italic=True, horizontal="center", wrap=True),
    "words": _Spec(italic=True, wrap=True),
}


def signers(unit: UnitInfo) -> list[tuple[str, str, str]]:
    """Người lập biểu, Kế toán trưởng, Thủ trưởng đơn vị (with the head's office under the
    title) as (title, hint, name) for `Sheet.signatures`."""
    head = "Thủ trưởng đơn vị" + (f"\n{unit.head_title.upper()}" if unit.head_title else "")
    return [
        ("Người lập biểu", "(Ký, ghi rõ họ tên)", unit.preparer),
        ("Kế toán trưởng", "(Ký, ghi rõ họ tên)", unit.chief_accountant),
        (head, "(Ký, ghi rõ họ tên, đóng dấu)", unit.head),
    ]


@lru_cache(maxsize=4096)  # positions and communes repeat down a payout list
def text_lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide (an estimate
    on the safe side: words are not split, so each line loses up to a word's length)."""
    per_line = max(1.0, (width - 1.0) / _CHAR_WIDTH)
    lines = 0
    for paragraph in text.split("\n"):
        line = 0.0
        count = 1
        for word in paragraph.split(" "):
            size = len(word)
            if line and line + 1 + size > per_line:
                count += 1
                line = float(size)
            else:
                line += size + (1 if line else 0)
            while line > per_line:  # a word longer than the column is broken
                count += 1
                line -= per_line
        lines += count
    return lines


def words_formula(cell: str, amount: int, words: str, prefix: str = "Số tiền bằng chữ: ") -> str:
    """The amount in words, kept honest by a formula: shown while `cell` still holds `amount`,
    replaced by a reminder to rewrite it once an accountant changes the figures."""
    said = _string_literal(f"{prefix}{words}.")
    stale = _string_literal(f"{prefix}(số tiền đã thay đổi, cần ghi lại bằng chữ)")
    return f"IF(ROUND({cell},0)={amount},{said},{stale})"


def _string_literal(text: str) -> str:
    # Excel refuses a string constant of more than 255 characters in a formula: join pieces.
    text = clean_text(text).replace('"', '""')
    pieces = [text[i : i + 200] for i in range(0, len(text), 200)] or [""]
    return "&".join(f'"{piece}"' for piece in pieces)


class Book:
    """A write-only workbook with the shared styles; sheets are streamed row by row."""

    def __init__(self) -> None:
        self.workbook = Workbook(write_only=True)
        self._titles: set[str] = set()
        self._reserved: set[str] = set()
        self._styles: dict[tuple[str, bool], Any] = {}
        self.wrapping: set[int] = set()  # alignment ids of the wrapped styles
        self._scratch = self.workbook.create_sheet("_styles")  # owner of the template cells
        thin = Side(style="thin")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)
        for name, spec in _SPECS.items():
            for quoted in (False, True):
                cell = Cell(self._scratch, 1, 1)
                cell.font = Font(name=_FONT, size=spec.size, bold=spec.bold, italic=spec.italic)
                cell.alignment = Alignment(
                    horizontal=spec.horizontal, vertical="center", wrap_text=spec.wrap
                )
                if spec.border:
                    cell.border = box
                cell.number_format = spec.number_format
                cell.quotePrefix = quoted
                self._styles[name, quoted] = cell._style
                if spec.wrap:
                    self.wrapping.add(cell._style.alignmentId)
        self.workbook.remove(self._scratch)

    def reserve(self, title: str) -> str:
        """A valid, unique sheet name, fixed now for a sheet created later (so formulas of an
        earlier sheet can refer to it)."""
        name = sheet_title(title, self._titles)
        self._reserved.add(name)
        return name

    def style(self, name: StyleName, *, quoted: bool = False) -> Any:
        return self._styles[name, quoted]

    def sheet(
        self,
        title: str,
        widths: Sequence[float],
        *,
        landscape: bool = True,
        freeze: str | None = None,
        print_rows: tuple[int, int] | None = None,
    ) -> Sheet:
        """A new sheet. Page setup, widths and panes must precede the rows (write-only).

        `title` is made valid and unique, unless it was handed out by `reserve`."""
        name = title if title in self._reserved else sheet_title(title, self._titles)
        self._reserved.discard(name)
        ws = self.workbook.create_sheet(name)
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[col(index)].width = width
        setup = ws.page_setup
        setup.paperSize = "9"  # A4
        setup.orientation = "landscape" if landscape else "portrait"
        setup.fitToWidth = 1
        setup.fitToHeight = 0  # as many pages as needed downwards
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        # ND30 margins, in inches: binding edge 25-30 mm, others 15-20 mm.
        margins = ws.page_margins
        if landscape:
            margins.left, margins.right, margins.top, margins.bottom = 0.79, 0.59, 0.79, 0.79
        else:
            margins.left, margins.right, margins.top, margins.bottom = 1.18, 0.59, 0.79, 0.79
        margins.header, margins.footer = 0.3, 0.3
        ws.print_options.horizontalCentered = True
        ws.oddHeader.center.text = "&P/&N"
        if freeze:
            ws.freeze_panes = freeze
        if print_rows:
            ws.print_title_rows = f"{print_rows[0]}:{print_rows[1]}"
        return Sheet(self, ws, widths)

    def save(self, path: str | os.PathLike[str]) -> Path:
        target = Path(path)
        with atomic_output(target) as tmp:
            self.workbook.save(tmp)
        return target


@contextmanager
def bulk_write() -> Iterator[None]:
    """Pause the cyclic garbage collector while rows are streamed: the writer makes millions
    of short-lived objects without cycles, and each collection would walk the caller's whole
    heap (a settlement of 17,000 people) for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _set_height(ws: Any, row: int, points: float) -> None:
    """A row's height, before the row is streamed. The write-only writer only reads the row's
    attributes from `row_dimensions`, so a plain dict does (an openpyxl RowDimension per row
    would cost a fifth of a 17,000-row payout list)."""
    dict.__setitem__(ws.row_dimensions, row, {"ht": f"{points:g}", "customHeight": "1"})


def _cells_to_row(cells: Iterable[Cell | None], row_idx: int) -> Iterator[Cell]:
    """What openpyxl's write-only sheet does with an appended row, for rows made only of
    Cells (or None): openpyxl first tries to bind each Cell as a value, fails, and formats an
    error message per cell before falling back; skipping that halves the cost of a row."""
    for col_idx, cell in enumerate(cells, 1):
        if cell is None:
            continue
        cell.column = col_idx
        cell.row = row_idx
        yield cell


Kind = Literal["text", "number", "formula"]


class Sheet:
    """Rows of a streamed sheet; `row` is the number of the next row to be written.

    Every row is made of `Cell`s (or None for an empty cell without style)."""

    def __init__(self, book: Book, ws: Any, widths: Sequence[float]) -> None:
        self.book = book
        self.ws = ws
        self.widths = list(widths)
        self.width = len(widths)
        self.row = 1
        # Wrapped cells spanning several columns, by first column, for the next row only.
        self._spans: dict[int, float] = {}
        if callable(getattr(ws, "_values_to_row", None)):
            ws._values_to_row = _cells_to_row

    def rows(self, columns: Sequence[tuple[Kind, StyleName]]) -> RowWriter:
        """A writer for many rows of the same shape (a payout list, a roster)."""
        return RowWriter(self, columns)

    # cells -----------------------------------------------------------------------------------

    def text(self, value: str | None, style: StyleName = "text") -> Cell:
        """A string cell that can never be a formula."""
        quoted = clean_text(value or "").startswith(FORMULA_START)
        cell = Cell(self.ws, 1, 1, value=None, style_array=self.book.style(style, quoted=quoted))
        return set_text(cell, value or "")

    def number(self, value: Any, style: StyleName = "money") -> Cell:
        return Cell(self.ws, 1, 1, value=value, style_array=self.book.style(style))

    def formula(self, expression: str, style: StyleName = "money") -> Cell:
        """`expression` without the leading "=" (built by the writer, never from input)."""
        return Cell(self.ws, 1, 1, value=f"={expression}", style_array=self.book.style(style))

    def blank(self, style: StyleName = "text") -> Cell:
        return Cell(self.ws, 1, 1, value=None, style_array=self.book.style(style))

    # rows ------------------------------------------------------------------------------------

    def append(
        self,
        cells: Iterable[Cell | None],
        *,
        fitted: bool = False,
        shown: Sequence[tuple[int, str]] = (),
    ) -> int:
        """Write one row; returns its number. A row holding wrapped text gets the height of
        its tallest cell (estimated), so Excel and LibreOffice both show every line
        (`fitted`: the caller has done it). `shown`: (column index, text) of what a formula
        cell may show, the longest it can be, which counts as wrapped text too."""
        cells = list(cells)
        if not fitted:
            self.fit(self.row, cells, shown)
        self.ws.append(cells)
        self.ws.row_dimensions.pop(self.row, None)  # written: not kept for 17,000 rows
        self.row += 1
        return self.row - 1

    def fit(
        self, row: int, cells: Sequence[Cell | None], shown: Sequence[tuple[int, str]] = ()
    ) -> None:
        """Set the height of `row` (before it is written) from its wrapped text."""
        lines = 1
        for index, text in shown:
            width = self._spans.get(index + 1) or self.widths[index]
            lines = max(lines, text_lines(text, width))
        wrapping = self.book.wrapping
        for index, cell in enumerate(cells):
            if cell is None or not isinstance(cell._value, str) or cell.data_type != "s":
                continue
            if cell._style.alignmentId not in wrapping:
                continue
            width = self._spans.get(index + 1) or (
                self.widths[index] if index < self.width else 10.0
            )
            if len(cell._value) + 1 < width / _CHAR_WIDTH and "\n" not in cell._value:
                continue
            lines = max(lines, text_lines(cell._value, width))
        self._spans.clear()
        if lines > 1:
            _set_height(self.ws, row, lines * _LINE_POINTS + 3)

    def spans(self, parts: Sequence[tuple[int, int, Cell]]) -> int:
        """One row of cells each merged across its columns first..last (1-based)."""
        cells: list[Cell | None] = [None] * self.width
        for first, last, cell in parts:
            cells[first - 1] = cell
            self._spans[first] = sum(self.widths[first - 1 : last])
        row = self.row
        self.append(cells)
        for first, last, _ in parts:
            if last > first:
                self.ws.merged_cells.add(f"{col(first)}{row}:{col(last)}{row}")
        return row

    def merged(self, value: str, style: StyleName, *, first: int = 1, last: int = 0) -> int:
        """A text across columns first..last (0 = the sheet's width), e.g. a title line."""
        return self.spans([(first, last or self.width, self.text(value, style))])

    def thirds(self) -> list[tuple[int, int]]:
        """The columns split in three groups of about equal width (for signature blocks)."""
        total = sum(self.widths)
        bounds: list[tuple[int, int]] = []
        first, running = 1, 0.0
        for index, width in enumerate(self.widths, start=1):
            running += width
            if len(bounds) < 2 and running >= total * (len(bounds) + 1) / 3:
                bounds.append((first, index))
                first = index + 1
        bounds.append((first, self.width))
        if any(a > b for a, b in bounds):  # a very wide last column: split by count instead
            third = max(1, self.width // 3)
            bounds = [(1, third), (third + 1, 2 * third), (2 * third + 1, self.width)]
        return [(a, b) for a, b in bounds if a <= b]

    def national_heading(self, unit_parent: str, unit_name: str, code: str) -> None:
        """The top of a paper (Nghị định 30/2020/NĐ-CP): the unit on the left, the national
        title on the right, then the unit's QHNS code. Three rows."""
        split = max(1, self.thirds()[0][1])
        left = (unit_parent or unit_name).upper()
        second = unit_name.upper() if unit_parent else ""
        self.spans([(1, split, self.text(left, "unit" if not unit_parent else "plain")),
                    (split + 1, self.width, self.text(NATION, "nation"))])  # fmt: skip
        self.spans([(1, split, self.text(second, "unit")),
                    (split + 1, self.width, self.text(MOTTO, "nation"))])  # fmt: skip
        self.merged(f"Mã QHNS: {code}" if code else "", "plain", last=split)

    def words(self, expression: str) -> int:
        """The amount in words (a formula from `words_formula`) across the sheet."""
        cell = self.formula(expression, "words")
        row = self.row
        _set_height(self.ws, row, 2 * _LINE_POINTS + 3)  # room for a long amount
        self.ws.append([cell])
        self.ws.merged_cells.add(f"A{row}:{col(self.width)}{row}")
        self.row += 1
        return row

    def signatures(self, date_text: str, signers: Sequence[tuple[str, str, str]]) -> int:
        """The place-date line and three signature blocks (title, hint, room, name), one in
        each third of the width; `signers` are (title, hint, name). Returns the title row."""
        groups = self.thirds()
        self.skip()
        self.spans([(*groups[-1], self.text(date_text, "hint"))])
        blocks = list(zip(groups, signers, strict=False))
        top = self.spans([(*g, self.text(title, "sign")) for g, (title, _, _) in blocks])
        self.spans([(*g, self.text(hint, "hint")) for g, (_, hint, _) in blocks])
        self.skip(4)
        self.spans([(*g, self.text(name, "sign")) for g, (_, _, name) in blocks])
        return top

    def skip(self, count: int = 1) -> None:
        for _ in range(count):
            self.append([])


class _ReusedCell(Cell):  # type: ignore[misc]  # openpyxl ships no type hints
    """A cell written again and again with one of a few shared styles: the style's index in
    the workbook is looked up once per style, not once per written cell."""

    __slots__ = ("_style_ids",)

    def __init__(self, worksheet: Any, column: int, style_array: Any) -> None:
        super().__init__(worksheet, 1, column, style_array=style_array)
        self._style_ids: dict[int, int] = {}

    @property
    def style_id(self) -> int:
        key = id(self._style)
        found = self._style_ids.get(key)
        if found is None:
            found = self._style_ids[key] = int(Cell.style_id.fget(self))
        return found


class RowWriter:
    """Many rows of one shape, written through one reused Cell per column.

    Rows are serialised as soon as they are appended (write-only), so the cells can be
    reused; this keeps a styled 17,000-row sheet close to the cost of a plain value dump.
    text: never a formula (quote prefix when it starts like one); formula: built by the
    writer, with its "="; number: int, Decimal or None.
    """

    def __init__(self, sheet: Sheet, columns: Sequence[tuple[Kind, StyleName]]) -> None:
        self.sheet = sheet
        self.kinds = [kind for kind, _ in columns]
        book = sheet.book
        self.plain = [book.style(style) for _, style in columns]
        self.quoted = [book.style(style, quoted=True) for _, style in columns]
        self.cells = [
            _ReusedCell(sheet.ws, index, style) for index, style in enumerate(self.plain, start=1)
        ]
        # The text columns switch between the two shared arrays; the others keep their copy.
        for cell, (kind, _) in zip(self.cells, columns, strict=True):
            if kind == "text":
                cell._style = self.plain[cell.column - 1]
        # Wrapped text columns: (position, width, longest text that fits on one line).
        self.wrapped = [
            (i, width, (width - 1.0) / _CHAR_WIDTH)
            for i, ((kind, _), width, style) in enumerate(
                zip(columns, [*sheet.widths, *[10.0] * len(columns)], self.plain, strict=False)
            )
            if kind == "text" and style.alignmentId in book.wrapping
        ]

    def append(self, values: Sequence[Any]) -> int:
        for cell, kind, value, plain, quoted in zip(
            self.cells, self.kinds, values, self.plain, self.quoted, strict=True
        ):
            if value is None or value == "":
                cell._value = None
                cell.data_type = "n"
                if kind == "text":
                    cell._style = plain
            elif kind == "text":
                clean = clean_text(value)
                cell.value = clean
                cell.data_type = "s"
                cell._style = quoted if clean.startswith(FORMULA_START) else plain
            else:
                cell.value = value  # numbers bind as numbers, "=…" as a formula
        lines = 1
        for i, width, fits in self.wrapped:
            value = values[i]
            if value and (len(value) > fits or "\n" in value):
                lines = max(lines, text_lines(value, width))
        if lines > 1:
            _set_height(self.sheet.ws, self.sheet.row, lines * _LINE_POINTS + 3)
        return self.sheet.append(self.cells, fitted=True)
