"""Bảng kê chi tiền cho người tham dự tập huấn: the payout list of one class, A4 landscape.

STT | Họ và tên | Chức vụ, đơn vị | Số ngày | Tiền ăn | Tiền nghỉ | Tiền đi lại |
[Phụ cấp lưu trú] | Tổng cộng | Ký nhận | Ghi chú

A total row, the total in words, the place-date line and the three signers (người lập biểu,
kế toán trưởng, thủ trưởng đơn vị). The amounts come from the settlement (attendance).
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from models.papers.data import PayoutRow, PayoutSheet
from reports.decree import accounting_footer, document_number, paper_story
from reports.fonts import BOLD, ITALIC
from reports.grid import Column, GridTable, HeaderCell, PageSums, Span
from reports.numbers import money
from reports.pages import LANDSCAPE_TABLE, SectionStart, build_pdf
from reports.text import one_name, para, styles

__all__ = [
    "days_text",
    "km_note",
    "payout_story",
    "travel_basis",
    "write_payout",
]

_FONT_SIZE = 10.5
_MONEY_W = 22.0  # mm: "99.999.999" in 10.5 pt with room to spare


def days_text(days: Decimal) -> str:
    """2 -> "2", 1.5 -> "1,5" (Vietnamese decimal comma)."""
    if days == days.to_integral_value():
        return str(int(days))
    return f"{days.normalize():f}".replace(".", ",")


def _amount(value: int) -> str:
    return money(value) if value else "-"


def travel_basis(rate: int | None, petrol: int | None, litres: str) -> str:
    """ "Tiền đi lại = số km (khứ hồi) × 4.600 đồng/km (0,2 lít × 23.000 đồng/lít xăng)"."""
    if not rate:
        return ""
    text = f"Tiền đi lại = số km (khứ hồi) × {money(rate)} đồng/km"
    if petrol and litres:
        text += f" ({litres} lít/km × giá xăng {money(petrol)} đồng/lít)"
    return text


def km_note(km: int | None, rate: int | None) -> str:
    """ "128 km × 4.600 đ" in the note column of a row paid by the km."""
    return f"{money(km)} km × {money(rate)} đ" if km and rate else ""


def _position(text: str) -> str:
    """ "Trưởng bản, Bản Huổi Anh, Xã Ma Li Pho": the village and the commune each wrap as
    one name."""
    first, *places = text.split(", ")
    return ", ".join([first, *(one_name(p) for p in places)])


def payout_story(sheet: PayoutSheet) -> list[Flowable]:
    """The flowables of one payout list (no section marker)."""
    layout = LANDSCAPE_TABLE
    width = layout.frame_width
    per_diem = any(r.per_diem for r in sheet.rows)
    amounts = [("Tiền ăn", "meal"), ("Tiền nghỉ", "lodging"), ("Tiền đi lại", "travel")]
    if per_diem:
        amounts.append(("Phụ cấp lưu trú", "per_diem"))
    n_money = len(amounts)
    fixed = 9 + 13 + (n_money + 1) * _MONEY_W + 25  # STT, days, amounts + total, signature
    flexible = width / mm - fixed
    name_w, position_w = flexible * 0.34, flexible * 0.42
    note_w = flexible - name_w - position_w
    columns = [
        Column(9 * mm, "center"),
        Column(name_w * mm),
        Column(position_w * mm),
        Column(13 * mm, "center"),
        *(Column(_MONEY_W * mm, "right") for _ in range(n_money)),
        Column(_MONEY_W * mm, "right", BOLD),
        Column(25 * mm, "center"),
        Column(note_w * mm),
    ]
    header = [
        HeaderCell("STT", 0, 0, rowspan=2),
        HeaderCell("Họ và tên", 1, 0, rowspan=2),
        HeaderCell("Chức vụ, đơn vị", 2, 0, rowspan=2),
        HeaderCell("Số ngày", 3, 0, rowspan=2),
        HeaderCell("Số tiền (đồng)", 4, 0, colspan=n_money + 1),
        *(HeaderCell(label, 4 + i, 1) for i, (label, _) in enumerate(amounts)),
        HeaderCell("Tổng cộng", 4 + n_money, 1),
        HeaderCell("Ký nhận", 5 + n_money, 0, rowspan=2),
        HeaderCell("Ghi chú", 6 + n_money, 0, rowspan=2),
    ]
    # The column numbers (A, B, 1, …) under the header, as accounting papers do.
    numbers = [str(2 + i) for i in range(n_money)]
    labels = ["A", "B", "C", "1", *numbers, f"{n_money + 2}={'+'.join(numbers)}", "D", "E"]
    header += [HeaderCell(label, i, 2, font=ITALIC) for i, label in enumerate(labels)]

    rate = sheet.travel_rate

    def row(number: int, r: PayoutRow) -> list[str | Span]:
        note = "; ".join(n for n in (km_note(r.travel_km, rate), r.note) if n)
        return [
            str(number),
            r.full_name,
            _position(r.position),
            days_text(r.days),
            *(_amount(getattr(r, key)) for _, key in amounts),
            money(r.total),
            "",
            note,
        ]

    rows: list[list[str | Span]] = [row(n, r) for n, r in enumerate(sheet.rows, start=1)]
    values: list[tuple[int, ...] | None] = [
        (*(getattr(r, key) for _, key in amounts), r.total) for r in sheet.rows
    ]
    values.append(None)  # the total row
    rows.append(
        [
            Span("Tổng cộng", 3, "center", BOLD),
            Span(days_text(sum((r.days for r in sheet.rows), Decimal(0))), 1, "center", BOLD),
            *(Span(money(getattr(sheet, key)), 1, "right", BOLD) for _, key in amounts),
            Span(money(sheet.total), 1, "right", BOLD),
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
        min_row_height=9 * mm,  # room to sign
        sums=PageSums(tuple(range(4, 5 + n_money)), tuple(values), label_span=4, fmt=money),
    )
    count = Paragraph(para(f"Tổng số: {len(sheet.rows)} {sheet.audience}"), styles().body)
    footer = [
        Spacer(1, 3 * mm),
        count,
        *accounting_footer(sheet.unit, sheet.date, sheet.total, width),
    ]
    lines = [sheet.basis] if sheet.basis else []
    basis = travel_basis(rate, sheet.petrol_price, sheet.litres_per_km)
    if basis and sheet.travel:
        lines.append(basis)
    return paper_story(
        sheet.unit, sheet.date, sheet.title, sheet.heading, table, footer, width,
        number=document_number("BK", sheet.heading.activity_code), address=True, lines=lines,
    )  # fmt: skip


def write_payout(sheet: PayoutSheet, path: str | os.PathLike[str]) -> Path:
    """One payout list, written atomically."""
    return build_pdf(
        path,
        [SectionStart(), *payout_story(sheet)],
        LANDSCAPE_TABLE,
        title=sheet.title,
        subject=sheet.heading.activity_title,
    )
