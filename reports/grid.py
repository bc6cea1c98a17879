"""`GridTable`: a fast, page-splitting table drawn straight on the canvas.

Header rows are repeated on every page and columns have explicit widths. Platypus' Table costs
~1.4 ms per row; this costs a fraction of that, which matters for 17,000-person campaigns.
Cells are wrapped with reports.text.fit_lines; nothing here knows what a paper is.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Literal, NamedTuple

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
)

from reports.fonts import BOLD, REGULAR, register_fonts
from reports.text import fit_lines, nfc, text_width

Align = Literal["left", "center", "right"]


# --- text ---------------------------------------------------------------------------------


# --- the fast grid table ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    width: float
    align: Align = "left"
    font: str = REGULAR


@dataclass(frozen=True, slots=True)
class HeaderCell:
    text: str
    col: int
    row: int
    colspan: int = 1
    rowspan: int = 1
    font: str = BOLD


@dataclass(frozen=True, slots=True)
class Span:
    """A body cell covering `colspan` columns (no inner rules drawn for that row), or a single
    cell (colspan 1) that differs from its column: another alignment or font (a bold total)."""

    text: str
    colspan: int = 1
    align: Align = "center"
    font: str = ""  # "" = the column's font


Cell = str | Span


# NamedTuples, not frozen dataclasses: a campaign lays out ~200,000 cells and a frozen
# dataclass pays an object.__setattr__ per field.
class _Placed(NamedTuple):
    x0: float  # left edge, relative to the table
    x1: float
    lines: tuple[str, ...]
    font: str
    align: Align


class _Row(NamedTuple):
    height: float
    cells: tuple[_Placed, ...]  # empty cells are left out
    joined: tuple[int, ...]  # inner column boundaries not ruled in this row


@dataclass(frozen=True, slots=True)
class _HeaderBox:
    x0: float
    x1: float
    y0: float  # from the top of the header, downwards
    y1: float
    lines: tuple[str, ...]
    font: str


@dataclass(frozen=True, slots=True)
class _Grid:
    """Everything that does not change when the table is split across pages."""

    edges: tuple[float, ...]  # column boundaries, x
    header: tuple[_HeaderBox, ...]
    header_height: float
    font_size: float
    header_font_size: float
    leading: float
    header_leading: float
    padding: float
    line_width: float


class GridTable(Flowable):  # type: ignore[misc]
    """A ruled table drawn directly with canvas operators.

    Cells are plain strings wrapped with `fit_lines` (no Paragraph, no per-cell style), so a
    roster of thousands renders in a fraction of platypus' Table time. It splits between
    rows and draws its header rows again on every page.
    """

    def __init__(
        self,
        columns: Sequence[Column],
        header: Sequence[HeaderCell],
        rows: Sequence[Sequence[Cell]],
        *,
        font_size: float = 11.0,
        header_font_size: float = 11.0,
        min_row_height: float = 9 * mm,
        min_header_row_height: float = 6 * mm,
        padding: float = 1.5,
        line_width: float = 0.5,
    ) -> None:
        super().__init__()
        register_fonts()
        edges = tuple(accumulate((c.width for c in columns), initial=0.0))
        header_rows = max((h.row + h.rowspan for h in header), default=0)
        leading = round(font_size * 1.12, 2)
        header_leading = round(header_font_size * 1.12, 2)
        boxes, header_height = _layout_header(
            header,
            edges,
            header_rows,
            header_font_size,
            header_leading,
            padding,
            min_header_row_height,
        )
        self._grid = _Grid(
            edges=edges,
            header=boxes,
            header_height=header_height,
            font_size=font_size,
            header_font_size=header_font_size,
            leading=leading,
            header_leading=header_leading,
            padding=padding,
            line_width=line_width,
        )
        self._rows = tuple(
            _layout_row(row, columns, edges, font_size, leading, padding, min_row_height)
            for row in rows
        )
        self._cumulative: tuple[float, ...] = ()
        self._continues = False  # the last rows of a table, placed after its other rows
        self._header = True

    @classmethod
    def _from_parts(cls, grid: _Grid, rows: tuple[_Row, ...]) -> GridTable:
        part: GridTable = cls.__new__(cls)
        Flowable.__init__(part)
        part._grid = grid
        part._rows = rows
        part._cumulative = ()
        part._continues = False
        part._header = True
        return part

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def tail(self, rows: int) -> tuple[GridTable | None, GridTable]:
        """The table cut before its last `rows` rows, so they can be kept with what follows
        (a total and the signatures never stand alone on a page). The tail draws the header
        again only when it starts a new page; right under the body it simply continues."""
        if rows >= len(self._rows):
            return None, self
        body = GridTable._from_parts(self._grid, self._rows[: len(self._rows) - rows])
        last = GridTable._from_parts(self._grid, self._rows[len(self._rows) - rows :])
        last._continues = True
        return body, last

    def _heights(self) -> tuple[float, ...]:
        if not self._cumulative:
            self._cumulative = tuple(accumulate(r.height for r in self._rows))
        return self._cumulative

    def _header_height(self) -> float:
        return self._grid.header_height if self._header else 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        frame = getattr(self, "_frame", None)
        # A continuation drawn below the rest of its table goes on without the header, which
        # it repeats only at the top of a new page. Measured outside a frame (KeepTogether
        # deciding whether the group fits here) it counts no header: if the group does not
        # fit it starts a new page, where the header always has room.
        at_top = frame is not None and frame._atTop
        self._header = not self._continues or at_top
        heights = self._heights()
        self.width = self._grid.edges[-1]
        self.height = self._header_height() + (heights[-1] if heights else 0.0)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - self._header_height()
        fit = bisect_right(self._heights(), room + 1e-6)
        if fit <= 0:
            return []  # not even one row here: platypus moves us to the next page
        if fit >= len(self._rows):
            return [self]
        return [
            GridTable._from_parts(self._grid, self._rows[:fit]),
            GridTable._from_parts(self._grid, self._rows[fit:]),
        ]

    def draw(self) -> None:
        g = self._grid
        canv = self.canv
        top = self.height
        right = g.edges[-1]
        segments: list[tuple[float, float, float, float]] = []
        text = _TextWriter(canv)

        def put(
            lines: tuple[str, ...],
            font: str,
            size: float,
            leading: float,
            x0: float,
            x1: float,
            y_mid: float,
            align: Align,
        ) -> None:
            # Centre the block of lines vertically; 0.25 em below the middle puts the
            # x-height band on the cell's centre line.
            y = y_mid + (len(lines) - 1) * leading / 2 - 0.25 * size
            for line in lines:
                if align == "left":
                    x = x0 + g.padding
                elif align == "right":
                    x = x1 - g.padding - text_width(line, font, size)
                else:
                    x = (x0 + x1 - text_width(line, font, size)) / 2
                text.show(font, size, x, y, line)
                y -= leading

        # Header: each box ruled on all sides (shared edges drawn twice cost nothing visible).
        for box in g.header if self._header else ():
            y_top, y_bottom = top - box.y0, top - box.y1
            segments += [
                (box.x0, y_top, box.x1, y_top),
                (box.x0, y_bottom, box.x1, y_bottom),
                (box.x0, y_bottom, box.x0, y_top),
                (box.x1, y_bottom, box.x1, y_top),
            ]
            if box.lines:
                mid = (y_top + y_bottom) / 2
                put(
                    box.lines,
                    box.font,
                    g.header_font_size,
                    g.header_leading,
                    box.x0,
                    box.x1,
                    mid,
                    "center",
                )

        # Body: one horizontal rule under each row; verticals run unbroken until a row
        # joins cells across them.
        y = top - self._header_height()
        body_top = y
        run_top = [body_top] * len(g.edges)
        for row in self._rows:
            y_bottom = y - row.height
            y_mid = (y + y_bottom) / 2
            for placed in row.cells:
                put(placed.lines, placed.font, g.font_size, g.leading, placed.x0, placed.x1,
                    y_mid, placed.align)  # fmt: skip
            for i in row.joined:
                if run_top[i] > y:
                    segments.append((g.edges[i], y, g.edges[i], run_top[i]))
                run_top[i] = y_bottom
            segments.append((0.0, y_bottom, right, y_bottom))
            y = y_bottom
        segments.append((0.0, y, 0.0, body_top))
        segments.append((right, y, right, body_top))
        for i in range(1, len(g.edges) - 1):
            if run_top[i] > y:
                segments.append((g.edges[i], y, g.edges[i], run_top[i]))

        canv.saveState()
        canv.setLineWidth(g.line_width)
        canv.addLiteral(_path(segments))
        canv.addLiteral(text.code())
        canv.restoreState()


def _path(segments: Sequence[tuple[float, float, float, float]]) -> str:
    """One stroked path for all rules. Formatting numbers here, rather than through
    canvas.lines(), avoids reportlab's pure-Python number formatter (the slowest part of a
    big roster when the optional rl_accel extension is not installed)."""
    ops = [f"{x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l" for x0, y0, x1, y1 in segments]
    ops.append("S")
    return "\n".join(ops)


# Encoded text per document: a dynamic (TrueType) font assigns glyph codes per document,
# so the cache is keyed by the document and dies with it.
_ENCODED: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], tuple[tuple[str, str], ...]]]
_ENCODED = weakref.WeakKeyDictionary()


class _TextWriter:
    """Text operators for many short strings in one BT…ET block.

    Follows reportlab's documented recipe for dynamic fonts (`splitString` and
    `getSubsetInternalName`, see reportlab.pdfbase.ttfonts) and caches the encoded chunks:
    a roster repeats the same villages, communes and positions thousands of times.
    """

    def __init__(self, canv: Canvas) -> None:
        self._doc = canv._doc
        self._escape = canv._escape
        self._cache = _ENCODED.setdefault(self._doc, {})
        self._ops: list[str] = ["BT"]
        self._current = ("", 0.0)

    def _encode(self, font_name: str, text: str) -> tuple[tuple[str, str], ...]:
        key = (font_name, text)
        chunks = self._cache.get(key)
        if chunks is None:
            font = getFont(font_name)
            chunks = tuple(
                (font.getSubsetInternalName(subset, self._doc), f"({self._escape(part)}) Tj")
                for subset, part in font.splitString(text, self._doc)
            )
            self._cache[key] = chunks
        return chunks

    def show(self, font_name: str, size: float, x: float, y: float, text: str) -> None:
        ops = self._ops
        ops.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        for pdf_font, show in self._encode(font_name, text):
            if (pdf_font, size) != self._current:
                ops.append(f"{pdf_font} {size:g} Tf")
                self._current = (pdf_font, size)
            ops.append(show)

    def code(self) -> str:
        return "\n".join([*self._ops, "ET"])


def _layout_row(
    row: Sequence[Cell],
    columns: Sequence[Column],
    edges: tuple[float, ...],
    size: float,
    leading: float,
    padding: float,
    min_height: float,
) -> _Row:
    placed: list[_Placed] = []
    joined: list[int] = []
    col = 0
    most_lines = 1
    for cell in row:
        font = columns[col].font
        if isinstance(cell, Span):
            span, value, align = cell.colspan, cell.text, cell.align
            font = cell.font or font
            joined.extend(range(col + 1, col + span))
        else:
            span, value, align = 1, cell, columns[col].align
        if value:
            x0, x1 = edges[col], edges[col + span]
            lines = fit_lines(nfc(value), font, size, x1 - x0 - 2 * padding)
            most_lines = max(most_lines, len(lines))
            placed.append(_Placed(x0, x1, lines, font, align))
        col += span
    if col != len(columns):
        raise ValueError(f"row covers {col} columns, the table has {len(columns)}")
    height = max(min_height, most_lines * leading + 2 * padding)
    return _Row(height, tuple(placed), tuple(joined))


def _layout_header(
    header: Sequence[HeaderCell],
    edges: tuple[float, ...],
    n_rows: int,
    size: float,
    leading: float,
    padding: float,
    min_row_height: float,
) -> tuple[tuple[_HeaderBox, ...], float]:
    laid = [
        (
            h,
            fit_lines(
                nfc(h.text), h.font, size, edges[h.col + h.colspan] - edges[h.col] - 2 * padding
            ),
        )
        for h in header
    ]
    heights = [min_row_height] * n_rows
    # Single-row cells set their row's height; spanning cells then stretch the last row.
    for h, lines in laid:
        if h.rowspan == 1:
            heights[h.row] = max(heights[h.row], len(lines) * leading + 2 * padding)
    for h, lines in laid:
        if h.rowspan > 1:
            need = len(lines) * leading + 2 * padding
            have = sum(heights[h.row : h.row + h.rowspan])
            if need > have:
                heights[h.row + h.rowspan - 1] += need - have
    tops = tuple(accumulate(heights, initial=0.0))
    boxes = tuple(
        _HeaderBox(
            edges[h.col],
            edges[h.col + h.colspan],
            tops[h.row],
            tops[h.row + h.rowspan],
            lines,
            h.font,
        )
        for h, lines in laid
    )
    return boxes, tops[-1]
