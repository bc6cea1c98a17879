"""`GridTable`: a fast, page-splitting table drawn straight on the canvas.

Header rows are repeated on every page and columns have explicit widths. Platypus' Table costs
~1.4 ms per row; this costs a fraction of that, which matters for 17,000-person campaigns.
Cells are wrapped with reports.text.fit_lines; nothing here knows what a paper is.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Literal, NamedTuple

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
)

from reports.fonts import BOLD, REGULAR, register_fonts
from reports.text import NBSP, fit_lines, nfc, text_width

Align = Literal["left", "center", "right"]


# --- text ---------------------------------------------------------------------------------


# --- the fast grid table ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageSums:
    """Page subtotals of a money list (accounting practice for lists longer than a page):
    each page that the table leaves goes out with "Cộng trang" (its rows' sum) and "Cộng
    chuyển sang trang sau" (everything so far); the next page opens with "Cộng trang trước
    chuyển sang". `values[i]` are row i's amounts in `columns` (None: a row not counted, such
    as the total row); `label_span` leading columns hold the label."""

    columns: tuple[int, ...]
    values: tuple[tuple[int, ...] | None, ...]
    label_span: int
    fmt: Callable[[int], str] = field(default=str)


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
    size: float  # a word too long for its cell is drawn smaller, never cut


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
    columns: tuple[Column, ...]
    header: tuple[_HeaderBox, ...]
    header_height: float
    font_size: float
    header_font_size: float
    leading: float
    header_leading: float
    padding: float
    line_width: float
    sums: PageSums | None


_SUM_ROW_HEIGHT = 7 * mm
CARRIED_IN = "Cộng trang trước chuyển sang"
PAGE_SUM = "Cộng trang"
CARRIED_OUT = "Cộng chuyển sang trang sau"


class GridTable(Flowable):  # type: ignore[misc]
    """A ruled table drawn directly with canvas operators.

    Cells are plain strings wrapped with `fit_lines` (no Paragraph, no per-cell style), so a
    roster of thousands renders in a fraction of platypus' Table time. It splits between
    rows and draws its header rows again on every page.

    `footer` (the total, the amount in words, the signatures) is drawn under the last rows
    and never leaves them: the last part of the table keeps at least `keep` rows with it
    (accounting practice: a signature block alone on a page is not accepted). `sums` adds
    page subtotals when the table runs over several pages (`PageSums`).
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
        padding: float = 2.5,
        line_width: float = 0.5,
        sums: PageSums | None = None,
        footer: Sequence[Flowable] = (),
        keep: int = 3,
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
        if sums is not None and len(sums.values) != len(rows):
            raise ValueError("page sums need one entry per row")
        self._grid = _Grid(
            edges=edges,
            columns=tuple(columns),
            header=boxes,
            header_height=header_height,
            font_size=font_size,
            header_font_size=header_font_size,
            leading=leading,
            header_leading=header_leading,
            padding=padding,
            line_width=line_width,
            sums=sums,
        )
        counted = sums.values if sums else (None,) * len(rows)
        self._rows = tuple(
            # A total row (not counted in the page sums) needs no room to sign.
            _layout_row(row, columns, edges, font_size, leading, padding,
                        min_row_height if sums is None or values is not None
                        else min(_SUM_ROW_HEIGHT, min_row_height))
            for row, values in zip(rows, counted, strict=True)
        )  # fmt: skip
        self._values: tuple[tuple[int, ...] | None, ...] = sums.values if sums else ()
        self._carried: tuple[int, ...] | None = None  # sums brought from earlier pages
        self._foot = False  # a page of the table that it leaves: ends with the page sums
        self._footer: tuple[Flowable, ...] = tuple(footer)
        self._footer_heights: dict[float, float] = {}  # by width, shared by the parts
        self._keep = keep
        self._cumulative: tuple[float, ...] = ()
        self._avail_width = edges[-1]

    def _part(
        self,
        rows: slice,
        carried: tuple[int, ...] | None,
        *,
        foot: bool,
        footer: tuple[Flowable, ...],
    ) -> GridTable:
        part: GridTable = GridTable.__new__(GridTable)
        Flowable.__init__(part)
        part._grid = self._grid
        part._rows = self._rows[rows]
        part._values = self._values[rows]
        part._carried = carried
        part._foot = foot
        part._footer = footer
        part._footer_heights = self._footer_heights if footer == self._footer else {}
        part._keep = self._keep
        part._cumulative = ()
        part._avail_width = self._avail_width
        return part

    def with_footer(self, footer: Sequence[Flowable], keep: int) -> GridTable:
        """This table with `footer` drawn under it, kept with its last `keep` rows."""
        part = self._part(slice(None), self._carried, foot=self._foot, footer=tuple(footer))
        part._keep = keep
        return part

    @property
    def row_count(self) -> int:
        return len(self._rows)

    # --- page sums ---------------------------------------------------------------------------

    def _sum(self) -> tuple[int, ...]:
        sums = self._grid.sums
        assert sums is not None
        total = [0] * len(sums.columns)
        for values in self._values:
            if values is not None:
                for i, v in enumerate(values):
                    total[i] += v
        return tuple(total)

    def _sum_row(self, label: str, amounts: tuple[int, ...]) -> _Row:
        g = self._grid
        sums = g.sums
        assert sums is not None
        cells: list[Cell] = [Span(label, sums.label_span, "left", BOLD)]
        by_col = dict(zip(sums.columns, amounts, strict=True))
        for col in range(sums.label_span, len(g.columns)):
            amount = by_col.get(col)
            cells.append("" if amount is None else Span(sums.fmt(amount), 1, "right", BOLD))
        return _layout_row(
            cells, g.columns, g.edges, g.font_size, g.leading, g.padding, _SUM_ROW_HEIGHT
        )

    def _lead_rows(self) -> list[_Row]:
        """Rows drawn before this part's own: what earlier pages carried in."""
        if self._grid.sums is None or self._carried is None:
            return []
        return [self._sum_row(CARRIED_IN, self._carried)]

    def _foot_rows(self, foot: bool) -> list[_Row]:
        """The page sums closing a page that the table leaves (`foot`), or on the last page
        of a table that ran over several, "Cộng trang" above its total."""
        if self._grid.sums is None:
            return []
        page = self._sum()
        if foot:
            carried = self._carried or tuple(0 for _ in page)
            out = tuple(a + b for a, b in zip(carried, page, strict=True))
            return [self._sum_row(PAGE_SUM, page), self._sum_row(CARRIED_OUT, out)]
        if self._carried is not None:
            return [self._sum_row(PAGE_SUM, page)]
        return []

    def _trailing(self) -> int:
        """Rows at the end that are not counted (the total row): the last page's
        "Cộng trang" goes above them."""
        n = 0
        for values in reversed(self._values):
            if values is not None:
                break
            n += 1
        return n

    # --- platypus ------------------------------------------------------------------------------

    def _heights(self) -> tuple[float, ...]:
        if not self._cumulative:
            self._cumulative = tuple(accumulate(r.height for r in self._rows))
        return self._cumulative

    def _footer_height(self, width: float) -> float:
        # Measured once per width: platypus wraps every part of a long table on every page.
        total = self._footer_heights.get(width)
        if total is None:
            total = 0.0
            for f in self._footer:
                _, h = f.wrap(width, 1e6)
                total += h + f.getSpaceBefore() + f.getSpaceAfter()
            self._footer_heights[width] = total
        return total

    def _fixed_height(self, foot: bool) -> float:
        """Header, carried-in and page-sum rows: everything but the table's own rows."""
        extra = sum(r.height for r in self._lead_rows())
        if self._grid.sums is not None and (foot or self._carried is not None):
            extra += _SUM_ROW_HEIGHT * (2 if foot else 1)
        return self._grid.header_height + extra

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail_width = max(avail_width, self._grid.edges[-1])
        heights = self._heights()
        self.width = self._grid.edges[-1]
        foot = sum(r.height for r in self._foot_rows(self._foot))
        lead = sum(r.height for r in self._lead_rows())
        self.height = (
            self._grid.header_height
            + lead
            + (heights[-1] if heights else 0.0)
            + foot
            + self._footer_height(self._avail_width)
        )
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        n = len(self._rows)
        room = avail_height - self._fixed_height(foot=True)
        fit = bisect_right(self._heights(), room + 1e-6)
        if self._footer:
            # The total and the signatures take at least `keep` rows to the next page.
            fit = min(fit, n - min(self._keep, n))
        if fit <= 0:
            frame = getattr(self, "_frame", None)
            if frame is None or not frame._atTop or n < 2:
                return []  # not even one row here: platypus moves us to the next page
            fit = max(1, min(bisect_right(self._heights(), room + 1e-6), n - 1))
        if fit >= n:
            return [self]
        carried = None
        if self._grid.sums is not None:
            before = self._carried or tuple(0 for _ in self._grid.sums.columns)
            first_sum = self._part(slice(0, fit), None, foot=False, footer=())._sum()
            carried = tuple(a + b for a, b in zip(before, first_sum, strict=True))
        return [
            self._part(slice(0, fit), self._carried, foot=True, footer=()),
            self._part(slice(fit, n), carried, foot=self._foot, footer=self._footer),
        ]

    def draw(self) -> None:
        g = self._grid
        canv = self.canv
        top = self.height
        right = g.edges[-1]
        segments: list[tuple[float, float, float, float]] = []
        text = TextWriter(canv)

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
        for box in g.header:
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

        rows = self._all_rows()

        # Body: one horizontal rule under each row; verticals run unbroken until a row
        # joins cells across them.
        y = top - g.header_height
        body_top = y
        run_top = [body_top] * len(g.edges)
        leading_ratio = g.leading / g.font_size
        for row in rows:
            y_bottom = y - row.height
            y_mid = (y + y_bottom) / 2
            for placed in row.cells:
                put(placed.lines, placed.font, placed.size, placed.size * leading_ratio,
                    placed.x0, placed.x1, y_mid, placed.align)  # fmt: skip
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
        self._draw_footer(y)

    def _all_rows(self) -> list[_Row]:
        """This part's rows with the carried-in and page-sum rows in their places."""
        rows = list(self._rows)
        foot_rows = self._foot_rows(self._foot)
        if self._foot:
            rows += foot_rows
        elif foot_rows:  # the last page of a long list: "Cộng trang" above the total
            at = len(rows) - self._trailing()
            rows[at:at] = foot_rows
        return [*self._lead_rows(), *rows]

    def _draw_footer(self, y: float) -> None:
        """The footer under the last rows (from `y` down), laid out as the frame would."""
        for f in self._footer:
            y -= f.getSpaceBefore()
            _, h = f.wrap(self._avail_width, 1e6)
            f.drawOn(self.canv, 0.0, y - h)
            y -= h + f.getSpaceAfter()


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


class TextWriter:
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


_MIN_SIZE = 6.0  # pt: the smallest a too-long word is drawn
_NAME_SHRINK = 2.0  # pt: how much smaller a place name may get to stay on one line


def _fits(text: str, font: str, size: float, width: float) -> bool:
    """Every word (no-break spaces hold a name together) fits the width at `size`."""
    return all(text_width(w, font, size) <= width for w in text.split(" "))


def _whole_words(text: str, font: str, size: float, width: float) -> tuple[tuple[str, ...], float]:
    """Lines that break only between words, and the size to draw them at.

    A place name held together with no-break spaces (reports.text.one_name) is drawn up to
    `_NAME_SHRINK` smaller to stay whole; longer still, it wraps between its words. A single
    word wider than the cell is drawn smaller, never cut in the middle."""
    smallest = max(size - _NAME_SHRINK, _MIN_SIZE)
    cell = size
    while cell > smallest and not _fits(text, font, cell, width):
        cell -= 0.5
    if not _fits(text, font, cell, width):
        text, cell = text.replace(NBSP, " "), size
        while cell > _MIN_SIZE and not _fits(text, font, cell, width):
            cell -= 0.5
    return fit_lines(text, font, cell, width), cell


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
        cell_size = size
        if isinstance(cell, Span):
            span, value, align = cell.colspan, cell.text, cell.align
            font = cell.font or font
            joined.extend(range(col + 1, col + span))
        else:
            span, value, align = 1, cell, columns[col].align
        if value:
            x0, x1 = edges[col], edges[col + span]
            inner = x1 - x0 - 2 * padding
            text = nfc(value)
            lines = fit_lines(text, font, size, inner)
            if len(lines) > 1:
                lines, cell_size = _whole_words(text, font, size, inner)
            most_lines = max(most_lines, len(lines))
            placed.append(_Placed(x0, x1, lines, font, align, cell_size))
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
