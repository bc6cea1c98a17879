"""Danh sách học viên ký điểm danh: the per-class sign-in sheet, A4 landscape.

STT | Họ và tên | Năm sinh (Nam | Nữ) | Dân tộc | Chức vụ | Thôn/bản | Xã |
one signature column per buổi ("Ngày 1 sáng" over its date) | Ghi chú

Built for speed (a 17,269-person campaign is 113 sheets): rows are `GridTable` rows drawn
straight on the canvas; printing.parallel spreads a plan's sheets over processes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterable
from itertools import groupby
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from models.papers.data import SignInPerson, SignInSheet
from models.text.words import short_date
from reports.decree import Signer, closing, dates_text, nd30_header, signature_block
from reports.fonts import ITALIC
from reports.grid import Column, GridTable, HeaderCell, Span
from reports.pages import LANDSCAPE_TABLE, LANDSCAPE_WIDE, PageLayout, SectionStart, build_pdf
from reports.text import one_name, para, styles

__all__ = ["sheet_layout", "sign_in_story", "write_sign_in"]

# 10.5 pt keeps a two-line cell inside the 9 mm signing row and "Ngày 1 chiều" on one line.
_FONT_SIZE = 10.5
_HEADER_FONT_SIZE = 10.5
_PADDING = 1.5  # pt, inside each cell

# (preferred, minimum) widths in mm of the fixed columns, in print order. The signature
# columns take what is left; when many buổi squeeze them, the text columns give way first.
_FIXED: tuple[tuple[float, float], ...] = (
    (9.0, 9.0),  # STT
    (40.0, 34.0),  # Họ và tên
    (11.0, 10.5),  # Nam
    (11.0, 10.5),  # Nữ
    (14.0, 12.0),  # Dân tộc
    (28.0, 20.0),  # Chức vụ
    (24.0, 19.0),  # Thôn/bản
    (22.0, 18.0),  # Xã
)
_NOTE = (14.0, 11.0)  # Ghi chú
_SIGN_MIN, _SIGN_PREFERRED, _SIGN_MAX = 16.0, 22.5, 34.0


def _column_widths(n_sessions: int, width_mm: float) -> list[float]:
    """Widths in mm: STT … Xã, one per session, Ghi chú; they always add up to `width_mm`.

    Too little room: every column gives up the same share of its (preferred - minimum)
    slack, signature cells included, so no column is starved first. Room to spare: the
    signature cells grow to a maximum, then the name and position columns take the rest.
    """
    fixed = [*_FIXED, _NOTE]
    n = max(n_sessions, 0)
    preferred = [p for p, _ in fixed]
    wanted = sum(preferred) + n * _SIGN_PREFERRED
    sign = _SIGN_PREFERRED if n else 0.0
    if wanted > width_mm:
        slack = sum(p - m for p, m in fixed) + n * (_SIGN_PREFERRED - _SIGN_MIN)
        share = (wanted - width_mm) / slack
        if share <= 1:
            preferred = [p - (p - m) * share for p, m in fixed]
            sign = _SIGN_PREFERRED - (_SIGN_PREFERRED - _SIGN_MIN) * share
        else:
            # More buổi than a page can hold even at minimum widths: scale, never overflow.
            total = sum(m for _, m in fixed) + n * _SIGN_MIN
            preferred = [m * width_mm / total for _, m in fixed]
            sign = _SIGN_MIN * width_mm / total
    else:
        spare = width_mm - wanted
        if n:
            grow = min(spare / n, _SIGN_MAX - _SIGN_PREFERRED)
            sign += grow
            spare -= grow * n
        preferred[1] += spare * 0.6  # Họ và tên
        preferred[5] += spare * 0.4  # Chức vụ
    note = preferred.pop()
    return [*preferred, *([sign] * n), note]


def _session_date(day: dt.date | None, inner_width: float) -> str:
    if day is None:
        return ""
    full = short_date(day)
    # Narrow signature columns (many buổi): drop the year rather than break the date.
    if stringWidth(full, ITALIC, _HEADER_FONT_SIZE) <= inner_width:
        return full
    return f"{day.day:02d}/{day.month:02d}"


def _header_cells(sheet: SignInSheet, sign_width: float) -> list[HeaderCell]:
    cells = [
        HeaderCell("STT", 0, 0, rowspan=2),
        HeaderCell("Họ và tên", 1, 0, rowspan=2),
        HeaderCell("Năm sinh", 2, 0, colspan=2),
        HeaderCell("Nam", 2, 1),
        HeaderCell("Nữ", 3, 1),
        HeaderCell("Dân tộc", 4, 0, rowspan=2),
        HeaderCell("Chức vụ", 5, 0, rowspan=2),
        HeaderCell("Thôn/bản", 6, 0, rowspan=2),
        HeaderCell("Xã", 7, 0, rowspan=2),
    ]
    col = 8
    for session in sheet.sessions:
        cells.append(HeaderCell(session.label, col, 0))
        day = _session_date(session.date, sign_width - 2 * _PADDING)
        cells.append(HeaderCell(day, col, 1, font=ITALIC))
        col += 1
    cells.append(HeaderCell("Ghi chú", col, 0, rowspan=2))
    return cells


def _row(number: int, person: SignInPerson, n_sessions: int) -> list[str | Span]:
    year = "" if person.birth_year is None else str(person.birth_year)
    birth: list[str | Span]
    if person.gender == "M":
        birth = [year, ""]
    elif person.gender == "F":
        birth = ["", year]
    else:
        # Unknown gender: show the year across both halves rather than guess one.
        birth = [Span(year, 2)]
    return [
        str(number),
        person.full_name,
        *birth,
        person.ethnicity,
        person.position,
        one_name(person.village),
        one_name(person.commune),
        *([""] * n_sessions),
        person.note,
    ]


def _dates_line(sheet: SignInSheet) -> str:
    return dates_text(sheet.start, sheet.end)


_COMMUNE_KIND = re.compile(r"(xã|phường|thị trấn|đặc khu)\s", re.IGNORECASE)


def _commune_heading(commune: str) -> str:
    name = commune.strip()
    if not name:
        return "Chưa ghi xã"
    # "Xã Bình Lư" already says what it is; "Bình Lư" gets the prefix.
    return name if _COMMUNE_KIND.match(unicodedata.normalize("NFC", name)) else f"Xã: {name}"


def sign_in_story(sheet: SignInSheet, layout: PageLayout = LANDSCAPE_TABLE) -> list[Flowable]:
    """The flowables of one sheet, starting with a numbering-section marker."""
    st = styles()
    width = layout.frame_width
    widths = [w * mm for w in _column_widths(len(sheet.sessions), width / mm)]
    columns = [
        Column(widths[0], "center"),
        Column(widths[1], "left"),
        Column(widths[2], "center"),
        Column(widths[3], "center"),
        *(Column(w, "left") for w in widths[4:8]),
        *(Column(w, "center") for w in widths[8:-1]),
        Column(widths[-1], "left"),
    ]
    header = _header_cells(sheet, widths[8] if sheet.sessions else 0.0)
    n_sessions = len(sheet.sessions)

    def table(rows: Iterable[list[str | Span]]) -> GridTable:
        return GridTable(
            columns,
            header,
            list(rows),
            font_size=_FONT_SIZE,
            header_font_size=_HEADER_FONT_SIZE,
            min_row_height=8 * mm,  # 8 mm to sign in: a 7-person sheet fits one page
            padding=_PADDING,
        )

    story: list[Flowable] = [
        SectionStart(),
        nd30_header(sheet.unit, sheet.date, width),
        Spacer(1, 5 * mm),
        Paragraph(para(sheet.title), st.title),
    ]
    if sheet.activity_title.strip():
        story.append(Paragraph(para(sheet.activity_title), st.subtitle))
    dates = _dates_line(sheet)
    if dates:
        story.append(Paragraph(para(dates), st.italic_center))
    if sheet.venue.strip():
        story.append(Paragraph(para(f"Địa điểm: {sheet.venue}"), st.center))
    story.append(Spacer(1, 4 * mm))

    numbered = list(enumerate(sheet.people, start=1))
    tables: list[Flowable] = []
    if sheet.break_by_commune and numbered:
        groups = groupby(numbered, key=lambda item: item[1].commune)
        for index, (commune, members) in enumerate(groups):
            if index:
                tables.append(PageBreak())
            heading = _commune_heading(commune)
            tables.append(Paragraph(para(heading), st.heading))
            tables.append(table(_row(n, p, n_sessions) for n, p in members))
    else:
        tables.append(table(_row(n, p, n_sessions) for n, p in numbered))

    signers = [
        Signer("Người lập", sheet.unit.preparer),
        Signer("Xác nhận của đơn vị tổ chức", sheet.unit.head, "(Ký, ghi rõ họ tên, đóng dấu)"),
    ]
    footer = [
        Spacer(1, 3 * mm),
        Paragraph(para(f"Tổng số: {len(sheet.people)} người"), st.heading),
        signature_block(signers, width, space=18 * mm),
    ]
    # The total and the signatures go with the last rows of the last table, never alone.
    story.extend(tables[:-1])
    story.extend(closing(tables[-1], footer))
    return story


def sheet_layout(sheets: Iterable[SignInSheet]) -> PageLayout:
    """The page for these sheets (one layout for all when they are merged into one file)."""
    # One buổi more than 4 leaves signature cells too narrow at the 25 mm left margin.
    return LANDSCAPE_WIDE if any(len(s.sessions) > 4 for s in sheets) else LANDSCAPE_TABLE


def write_sign_in(sheet: SignInSheet, path: str | os.PathLike[str]) -> Path:
    """Write one sign-in sheet to `path` (atomically)."""
    layout = sheet_layout([sheet])
    story = sign_in_story(sheet, layout)
    return build_pdf(path, story, layout, title=sheet.title, subject=sheet.activity_title)
