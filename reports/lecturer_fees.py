"""Bảng thanh toán tiền cho giảng viên: every cost paid to the lecturers of one class, A4
landscape, signed by each lecturer.

STT | Họ và tên, chức danh, cơ quan | CCCD, mã số thuế | Số buổi | Mức chi (đồng/buổi) |
Thù lao | Đi lại | Tiền nghỉ | Phụ cấp lưu trú | Tổng cộng | Thuế TNCN khấu trừ | Thực nhận |
Ký nhận; a total row, page sums on long lists, the total in words, the date line and the
three signers. The total in words is the gross (what the unit spends); each lecturer signs
for the net. Fees: TT 36/2018/TT-BTC Điều 5 khoản 2 điểm a; travel, lodging, per-diem:
TT 40/2017/TT-BTC Điều 5–7; tax withheld: TT 111/2013/TT-BTC Điều 25 khoản 1 điểm i.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from models.papers.data import LecturerFeeRow, LecturerFeeSheet
from reports.decree import accounting_footer, document_number, paper_story
from reports.fonts import BOLD, ITALIC
from reports.grid import Column, GridTable, HeaderCell, PageSums, Span
from reports.numbers import money
from reports.pages import LANDSCAPE_TABLE, SectionStart, build_pdf
from reports.payout import km_note, travel_basis

__all__ = [
    "lecturer_fee_story",
    "write_lecturer_fees",
]

_FONT_SIZE = 9.5
_MONEY_W = 17.5  # mm: "99.999.999" at 9.5 pt with the cell padding
# The money columns, in print order: (heading, column label, row attribute)
_AMOUNTS = (
    ("Thù lao", "2=1×Mức", "amount"),
    ("Đi lại", "3", "travel"),
    ("Tiền nghỉ", "4", "lodging"),
    ("Phụ cấp lưu trú", "5", "per_diem"),
    ("Tổng cộng", "6=2+…+5", "gross"),
    ("Thuế TNCN đã khấu trừ", "7", "withheld"),
    ("Thực nhận", "8=6−7", "net"),
)


def _amount(value: int) -> str:
    return money(value) if value else "-"


def _who(r: LecturerFeeRow) -> str:
    tier = f" (nhóm {r.tier})" if r.tier is not None else ""
    return f"{r.full_name}{tier}, {r.title}" if r.title.strip() else f"{r.full_name}{tier}"


def _ids(r: LecturerFeeRow) -> str:
    parts = [f"CCCD: {r.cccd}" if r.cccd else "", f"MST: {r.tax_code}" if r.tax_code else ""]
    return " ".join(p for p in parts if p)


def lecturer_fee_story(sheet: LecturerFeeSheet) -> list[Flowable]:
    width = LANDSCAPE_TABLE.frame_width
    # STT, Số buổi, Mức chi, the money columns, Ký nhận
    fixed = 10 + 10 + _MONEY_W * (1 + len(_AMOUNTS)) + 18
    flexible = width / mm - fixed
    columns = [
        Column(10 * mm, "center"),
        Column(flexible * 0.62 * mm),
        Column(flexible * 0.38 * mm),
        Column(10 * mm, "center"),
        Column(_MONEY_W * mm, "right"),
        *(
            Column(_MONEY_W * mm, "right", BOLD) if key in ("gross", "net")
            else Column(_MONEY_W * mm, "right")
            for _, _, key in _AMOUNTS
        ),
        Column(18 * mm, "center"),
    ]  # fmt: skip
    header = [
        HeaderCell("STT", 0, 0, rowspan=2),
        HeaderCell("Họ và tên, chức danh, cơ quan", 1, 0, rowspan=2),
        HeaderCell("Số CCCD, mã số thuế", 2, 0, rowspan=2),
        HeaderCell("Số buổi", 3, 0, rowspan=2),
        HeaderCell("Mức chi (đồng/ buổi)", 4, 0, rowspan=2),
        HeaderCell("Số tiền (đồng)", 5, 0, colspan=len(_AMOUNTS)),
        *(HeaderCell(text, 5 + i, 1) for i, (text, _, _) in enumerate(_AMOUNTS)),
        HeaderCell("Ký nhận", 5 + len(_AMOUNTS), 0, rowspan=2),
    ]
    labels = ("A", "B", "C", "1", "Mức", *(label for _, label, _ in _AMOUNTS), "D")
    header += [HeaderCell(text, i, 2, font=ITALIC) for i, text in enumerate(labels)]
    rate = sheet.travel_rate

    def row(number: int, r: LecturerFeeRow) -> list[str | Span]:
        travel = _amount(r.travel)
        km = km_note(r.travel_km, rate)
        return [
            str(number),
            _who(r),
            "; ".join(p for p in (_ids(r), r.note) if p),
            str(r.sessions),
            money(r.rate) if r.rate else "",
            *(f"{travel} ({km})" if key == "travel" and km else _amount(getattr(r, key))
              for _, _, key in _AMOUNTS),
            "",
        ]  # fmt: skip

    rows: list[list[str | Span]] = [row(n, r) for n, r in enumerate(sheet.rows, start=1)]
    values: list[tuple[int, ...] | None] = [
        tuple(getattr(r, key) for _, _, key in _AMOUNTS) for r in sheet.rows
    ]
    totals = {
        "amount": sheet.fees,
        "travel": sum(r.travel for r in sheet.rows),
        "lodging": sum(r.lodging for r in sheet.rows),
        "per_diem": sum(r.per_diem for r in sheet.rows),
        "gross": sheet.total,
        "withheld": sheet.withheld,
        "net": sheet.net,
    }
    rows.append(
        [
            Span("Tổng cộng", 3, "center", BOLD),
            Span(str(sum(r.sessions for r in sheet.rows)), 1, "center", BOLD),
            "",
            *(Span(money(totals[key]), 1, "right", BOLD) for _, _, key in _AMOUNTS),
            "",
        ]
    )
    values.append(None)
    table = GridTable(
        columns,
        header,
        rows,
        font_size=_FONT_SIZE,
        header_font_size=_FONT_SIZE,
        min_row_height=10 * mm,  # each lecturer signs in the row
        min_header_row_height=5 * mm,
        sums=PageSums(tuple(range(5, 5 + len(_AMOUNTS))), tuple(values), label_span=5, fmt=money),
    )
    footer = accounting_footer(sheet.unit, sheet.date, sheet.total, width)
    basis = travel_basis(rate, sheet.petrol_price, sheet.litres_per_km)
    lines = [basis] if basis and totals["travel"] else []
    return paper_story(
        sheet.unit, sheet.date, sheet.title, sheet.heading, table, footer, width,
        number=document_number("GV", sheet.heading.activity_code), address=True, lines=lines,
    )  # fmt: skip


def write_lecturer_fees(sheet: LecturerFeeSheet, path: str | os.PathLike[str]) -> Path:
    return build_pdf(
        path,
        [SectionStart(), *lecturer_fee_story(sheet)],
        LANDSCAPE_TABLE,
        title=sheet.title,
        subject=sheet.heading.activity_title,
    )
