"""Bảng tổng hợp quyết toán kinh phí of a plan, A4 landscape: by budget item (Nội dung | Tiểu
mục | Dự toán | Thực chi | Còn lại) or by commune (Xã | Số lớp | Số lượt học viên | Tiền ăn |
Tiền nghỉ | Tiền đi lại | Cộng); the actual total in words and the three accounting signers.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from models.papers.forms import SettlementSummary, SummaryCommuneRow
from reports.decree import accounting_footer, paper_heading, paper_story
from reports.fonts import BOLD
from reports.grid import Column, GridTable, HeaderCell, Span
from reports.numbers import money
from reports.pages import LANDSCAPE_TABLE, SectionStart, build_pdf
from reports.text import para, styles

__all__ = ["settlement_summary_story", "write_settlement_summary_pdf"]


def _signed(amount: int) -> str:
    return f"−{money(-amount)}" if amount < 0 else money(amount)


def _by_item(data: SettlementSummary, width: float) -> GridTable:
    fixed = 12 + 22 + 38 + 38 + 38
    columns = [
        Column(12 * mm, "center"),
        Column(width - fixed * mm),
        Column(22 * mm, "center"),
        Column(38 * mm, "right"),
        Column(38 * mm, "right"),
        Column(38 * mm, "right"),
    ]
    headings = ("STT", "Nội dung chi", "Tiểu mục", "Dự toán (đồng)", "Thực chi (đồng)",
                "Còn lại (đồng)")  # fmt: skip
    header = [HeaderCell(t, i, 0) for i, t in enumerate(headings)]
    rows: list[list[str | Span]] = [
        [str(n), r.item, r.budget_code, money(r.estimate), money(r.actual), _signed(r.remaining)]
        for n, r in enumerate(data.items, start=1)
    ]
    rows.append(
        [
            Span("Tổng cộng", 3, "center", BOLD),
            Span(money(data.estimate), 1, "right", BOLD),
            Span(money(data.total), 1, "right", BOLD),
            Span(_signed(data.estimate - data.total), 1, "right", BOLD),
        ]
    )
    return GridTable(columns, header, rows, font_size=11, header_font_size=11,
                     min_row_height=8 * mm)  # fmt: skip


def _amounts(r: SummaryCommuneRow) -> tuple[int, int, int, int]:
    return r.meal, r.lodging, r.travel, r.total


def _by_commune(data: SettlementSummary, width: float) -> GridTable:
    fixed = 12 + 18 + 24 + 34 * 4
    columns = [
        Column(12 * mm, "center"),
        Column(width - fixed * mm),
        Column(18 * mm, "center"),
        Column(24 * mm, "center"),
        *[Column(34 * mm, "right") for _ in range(3)],
        Column(34 * mm, "right", BOLD),
    ]
    headings = ("STT", "Xã, phường", "Số lớp", "Số lượt học viên", "Tiền ăn (đồng)",
                "Tiền nghỉ (đồng)", "Tiền đi lại (đồng)", "Cộng (đồng)")  # fmt: skip
    header = [HeaderCell(t, i, 0) for i, t in enumerate(headings)]
    rows: list[list[str | Span]] = [
        [
            str(n),
            r.commune,
            str(r.classes),
            str(r.people),
            money(r.meal),
            money(r.lodging),
            money(r.travel),
            money(r.total),
        ]
        for n, r in enumerate(data.communes, start=1)
    ]
    c = data.communes
    rows.append(
        [
            Span("Tổng cộng", 3, "center", BOLD),
            Span(str(sum(r.people for r in c)), 1, "center", BOLD),
            Span(money(sum(r.meal for r in c)), 1, "right", BOLD),
            Span(money(sum(r.lodging for r in c)), 1, "right", BOLD),
            Span(money(sum(r.travel for r in c)), 1, "right", BOLD),
            Span(money(data.total), 1, "right", BOLD),
        ]
    )
    return GridTable(columns, header, rows, font_size=11, header_font_size=11,
                     min_row_height=8 * mm)  # fmt: skip


def settlement_summary_story(data: SettlementSummary) -> list[Flowable]:
    width = LANDSCAPE_TABLE.frame_width
    table = _by_item(data, width) if data.by == "item" else _by_commune(data, width)
    title = data.title if data.by == "item" else f"{data.title} THEO XÃ"
    story = paper_story(
        data.unit,
        data.date,
        title,
        data.heading,
        table,
        accounting_footer(data.unit, data.date, data.total, width),
        width,
    )
    if data.classification.strip():
        # paper_story: the header, a spacer, the heading's lines, then the table; the codes go
        # right under the heading.
        at = 2 + len(paper_heading(title, data.heading))
        story.insert(
            at, Paragraph(para(f"Mục lục ngân sách: {data.classification}"), styles().center)
        )
    return story


def write_settlement_summary_pdf(data: SettlementSummary, path: str | os.PathLike[str]) -> Path:
    return build_pdf(
        path,
        [SectionStart(), *settlement_summary_story(data)],
        LANDSCAPE_TABLE,
        title=data.title,
        subject=data.heading.activity_title,
    )
