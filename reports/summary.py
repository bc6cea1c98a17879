"""Bảng tổng hợp quyết toán as PDF: per budget item (with its tiểu mục) or per commune, the
estimate, the actual spending and what remains, the budget classification of the plan, the
total in words and the three signatures."""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from models.papers.summary_data import SummarySheet
from reports.decree import accounting_footer, paper_story
from reports.fonts import BOLD, ITALIC
from reports.grid import Column, GridTable, HeaderCell, Span
from reports.numbers import money, money_dong
from reports.pages import LANDSCAPE_TABLE, SectionStart, build_pdf
from reports.text import para, styles

__all__ = ["summary_story", "write_summary_pdf"]

_FONT_SIZE = 10.5
_MONEY_W = 32.0


def summary_story(sheet: SummarySheet) -> list[Flowable]:
    st = styles()
    width = LANDSCAPE_TABLE.frame_width
    first = "Xã, phường" if sheet.by_commune else "Nội dung chi"
    counts = ("Số buổi", "Người tham dự") if sheet.by_commune else ("Tiểu mục", "Số lớp")
    fixed = 12 + 2 * 22 + 3 * _MONEY_W
    columns = [
        Column(12 * mm, "center"),
        Column((width / mm - fixed) * mm),
        Column(22 * mm, "center"),
        Column(22 * mm, "center"),
        *(Column(_MONEY_W * mm, "right") for _ in range(3)),
    ]
    headings = ("STT", first, *counts, "Dự toán (đồng)", "Thực chi (đồng)", "Còn lại (đồng)")
    header = [HeaderCell(text, i, 0) for i, text in enumerate(headings)]
    labels = ("A", "B", "C", "D", "1", "2", "3=1−2")
    header += [HeaderCell(text, i, 1, font=ITALIC) for i, text in enumerate(labels)]
    rows: list[list[str | Span]] = []
    for number, r in enumerate(sheet.rows, start=1):
        counted = (
            (str(r.count), f"{r.people:,}".replace(",", "."))
            if sheet.by_commune
            else (
                r.sub_item,
                str(r.count),
            )
        )
        rows.append(
            [str(number), r.label, *counted, money(r.estimate), money(r.actual),
             money(r.remaining)]
        )  # fmt: skip
    # By commune the buổi and the people add up too (a class or an item count does not).
    total_counts: list[Span] = (
        [
            Span("Tổng cộng", 2, "center", BOLD),
            Span(str(sum(r.count for r in sheet.rows)), 1, "center", BOLD),
            Span(f"{sum(r.people for r in sheet.rows):,}".replace(",", "."), 1, "center", BOLD),
        ]
        if sheet.by_commune
        else [Span("Tổng cộng", 4, "center", BOLD)]
    )
    rows.append(
        [
            *total_counts,
            Span(money(sheet.estimate), 1, "right", BOLD),
            Span(money(sheet.actual), 1, "right", BOLD),
            Span(money(sheet.remaining), 1, "right", BOLD),
        ]
    )
    table = GridTable(
        columns, header, rows, font_size=_FONT_SIZE, header_font_size=_FONT_SIZE,
        min_row_height=7 * mm,
    )  # fmt: skip
    footer: list[Flowable] = []
    if sheet.classification:
        footer.append(Paragraph(f"<b>Mã ngân sách:</b> {para(sheet.classification)}", st.body))
    if sheet.ceiling is not None:
        footer.append(
            Paragraph(f"<b>Kinh phí được giao:</b> {para(money_dong(sheet.ceiling))}", st.body)
        )
        footer.append(
            Paragraph(
                "<b>Còn lại so với kinh phí được giao:</b> "
                + para(money_dong(sheet.ceiling - sheet.actual)),
                st.body,
            )
        )
    footer += [Spacer(1, 2 * mm), *accounting_footer(sheet.unit, sheet.date, sheet.actual, width)]
    return paper_story(sheet.unit, sheet.date, sheet.title, sheet.heading, table, footer, width)


def write_summary_pdf(sheet: SummarySheet, path: str | os.PathLike[str]) -> Path:
    return build_pdf(
        path,
        [SectionStart(), *summary_story(sheet)],
        LANDSCAPE_TABLE,
        title=sheet.title,
        subject=sheet.heading.activity_title,
    )
