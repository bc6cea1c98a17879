"""Bảng thanh toán thù lao giảng viên: lecturer fees of one class, A4 landscape.

STT | Họ và tên | Chức danh, cơ quan | Nhóm | Số buổi | Mức chi (đồng/buổi) | Thành tiền |
Thuế TNCN khấu trừ | Thực nhận | Ký nhận | Ghi chú (CCCD, mã số thuế, cam kết 08/CK-TNCN);
a total row, the total in words, the date line and the three signers. The total in words is
the gross (what the unit spends); the net is what the lecturers sign for.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from models.papers.data import LecturerFeeRow, LecturerFeeSheet
from reports.decree import accounting_footer, paper_story
from reports.fonts import BOLD, ITALIC
from reports.grid import Column, GridTable, HeaderCell, Span
from reports.numbers import money
from reports.pages import LANDSCAPE_TABLE, SectionStart, build_pdf

__all__ = [
    "lecturer_fee_story",
    "write_lecturer_fees",
]

_FONT_SIZE = 11.0


def lecturer_fee_story(sheet: LecturerFeeSheet) -> list[Flowable]:
    width = LANDSCAPE_TABLE.frame_width
    # STT, Nhóm, Số buổi, Mức chi, Thành tiền, Thuế TNCN, Thực nhận, Ký nhận
    fixed = 10 + 12 + 14 + 24 + 26 + 24 + 26 + 24
    flexible = width / mm - fixed
    columns = [
        Column(10 * mm, "center"),
        Column(flexible * 0.32 * mm),
        Column(flexible * 0.40 * mm),
        Column(12 * mm, "center"),
        Column(14 * mm, "center"),
        Column(24 * mm, "right"),
        Column(26 * mm, "right"),
        Column(24 * mm, "right"),
        Column(26 * mm, "right", BOLD),
        Column(24 * mm, "center"),
        Column(flexible * 0.28 * mm),
    ]
    headings = (
        "STT",
        "Họ và tên",
        "Chức danh, cơ quan",
        "Nhóm",
        "Số buổi",
        "Mức chi (đồng/buổi)",
        "Thành tiền (đồng)",
        "Thuế TNCN khấu trừ",
        "Thực nhận (đồng)",
        "Ký nhận",
        "Ghi chú",
    )
    header = [HeaderCell(text, i, 0) for i, text in enumerate(headings)]
    labels = ("A", "B", "C", "1", "2", "3", "4=2×3", "5", "6=4−5", "D", "E")
    header += [HeaderCell(text, i, 1, font=ITALIC) for i, text in enumerate(labels)]

    def row(number: int, r: LecturerFeeRow) -> list[str | Span]:
        return [
            str(number),
            r.full_name,
            r.title,
            "" if r.tier is None else str(r.tier),
            str(r.sessions),
            money(r.rate),
            money(r.amount),
            money(r.withheld) if r.withheld else "",
            money(r.net),
            "",
            r.note,
        ]

    rows: list[list[str | Span]] = [row(n, r) for n, r in enumerate(sheet.rows, start=1)]
    rows.append(
        [
            Span("Tổng cộng", 4, "center", BOLD),
            Span(str(sum(r.sessions for r in sheet.rows)), 1, "center", BOLD),
            "",
            Span(money(sheet.total), 1, "right", BOLD),
            Span(money(sheet.withheld), 1, "right", BOLD),
            Span(money(sheet.net), 1, "right", BOLD),
            "",
            "",
        ]
    )
    table = GridTable(
        columns,
        header,
        rows,
        font_size=_FONT_SIZE,
        header_font_size=_FONT_SIZE,
        min_row_height=11 * mm,
    )
    footer = accounting_footer(sheet.unit, sheet.date, sheet.total, width)
    return paper_story(sheet.unit, sheet.date, sheet.title, sheet.heading, table, footer, width)


def write_lecturer_fees(sheet: LecturerFeeSheet, path: str | os.PathLike[str]) -> Path:
    return build_pdf(
        path,
        [SectionStart(), *lecturer_fee_story(sheet)],
        LANDSCAPE_TABLE,
        title=sheet.title,
        subject=sheet.heading.activity_title,
    )
