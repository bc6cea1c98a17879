"""Bảng tổng hợp điểm danh theo buổi, A4 portrait: STT | Buổi | Ngày | Giảng viên | Số học viên |
Có mặt | Vắng | Vắng có phép | Chưa điểm danh | Tỷ lệ có mặt; a total row; the preparer and the
head sign (no money on it, so no chief accountant).
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from models.papers.forms import AttendanceSessionRow, AttendanceSummary
from models.text.words import date_line, short_date
from reports.decree import Signer, paper_story, signature_block
from reports.fonts import BOLD
from reports.grid import Column, GridTable, HeaderCell, Span
from reports.pages import PORTRAIT, SectionStart, build_pdf
from reports.text import para, styles

__all__ = ["attendance_summary_story", "write_attendance_summary_pdf"]


def _rate(present: int, enrolled: int) -> str:
    if not enrolled:
        return ""
    return f"{present * 100 / enrolled:.1f} %".replace(".", ",")


def attendance_summary_story(data: AttendanceSummary) -> list[Flowable]:
    width = PORTRAIT.frame_width
    fixed = 8 + 21 + 20 + 13 + 12 + 11 + 13 + 14 + 15
    columns = [
        Column(8 * mm, "center"),
        Column(21 * mm),
        Column(20 * mm, "center"),
        Column(width - fixed * mm),
        Column(13 * mm, "center"),
        Column(12 * mm, "center", BOLD),
        Column(11 * mm, "center"),
        Column(13 * mm, "center"),
        Column(14 * mm, "center"),
        Column(15 * mm, "center"),
    ]
    headings = ("STT", "Buổi", "Ngày", "Giảng viên", "Số học viên", "Có mặt", "Vắng",
                "Vắng có phép", "Chưa điểm danh", "Tỷ lệ có mặt")  # fmt: skip
    header = [HeaderCell(text, i, 0) for i, text in enumerate(headings)]

    def row(number: int, r: AttendanceSessionRow) -> list[str | Span]:
        return [
            str(number),
            r.label if r.taught else f"{r.label} (không dạy)",
            short_date(r.date),
            r.lecturer,
            str(r.enrolled),
            str(r.present),
            str(r.absent),
            str(r.excused),
            str(r.unmarked),
            _rate(r.present, r.enrolled),
        ]

    rows: list[list[str | Span]] = [row(n, r) for n, r in enumerate(data.rows, start=1)]
    enrolled = sum(r.enrolled for r in data.rows)
    present = data.total("present")
    rows.append(
        [
            Span("Cộng lượt", 4, "center", BOLD),
            Span(str(enrolled), 1, "center", BOLD),
            Span(str(present), 1, "center", BOLD),
            Span(str(data.total("absent")), 1, "center", BOLD),
            Span(str(data.total("excused")), 1, "center", BOLD),
            Span(str(data.total("unmarked")), 1, "center", BOLD),
            Span(_rate(present, enrolled), 1, "center", BOLD),
        ]
    )
    table = GridTable(columns, header, rows, font_size=10.5, header_font_size=10,
                      min_row_height=8 * mm)  # fmt: skip
    st = styles()
    signers = [
        Signer("Người lập biểu", data.unit.preparer),
        Signer("Thủ trưởng đơn vị", data.unit.head, "(Ký, ghi rõ họ tên, đóng dấu)",
               office=data.unit.head_title),
    ]  # fmt: skip
    footer: list[Flowable] = [
        Spacer(1, 3 * mm),
        Paragraph(para(f"Số học viên của lớp: {data.learners} người."), st.body),
        Spacer(1, 3 * mm),
        signature_block(signers, width, date_text=date_line(data.unit.place, data.date)),
    ]
    return paper_story(data.unit, data.date, data.title, data.heading, table, footer, width)


def write_attendance_summary_pdf(data: AttendanceSummary, path: str | os.PathLike[str]) -> Path:
    return build_pdf(
        path,
        [SectionStart(), *attendance_summary_story(data)],
        PORTRAIT,
        title=data.title,
        subject=data.heading.activity_title,
    )
