"""Quyết toán: the settlement workbook of a plan (.xlsx), for accountants to keep working in.

* "Tổng hợp": per activity (a section with its subtotals) and per line: estimate, actual,
  variance; then the total against the funding ceiling (remaining, share used).
* One sheet per activity: its payout list (bảng kê chi tiền) with a total per row and per
  column.

Amounts are numbers (#,##0); every total, subtotal and variance is a live formula, and a
line whose actual is a payout column's total refers to that total, so an edited payout row
flows into the summary. A4 landscape, print titles, frozen header rows.
"""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl.cell.cell import Cell

from models.papers.data import (
    PAYOUT_TITLE,
    PayoutColumn,
    SettlementActivity,
    SettlementBook,
    SettlementLine,
)
from models.text.words import amount_in_words, date_line, short_date
from reports.budget import roman
from reports.xlsx import Book, Sheet, bulk_write, sheet_ref, signers, words_formula

__all__ = ["settlement_workbook", "write_settlement_book"]

_SUMMARY_COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 6),
    ("Mã", 14),
    ("Nội dung", 44),
    ("Đơn vị tính", 11),
    ("Dự toán (đồng)", 16),
    ("Thực hiện (đồng)", 16),
    ("Chênh lệch (đồng)", 16),
    ("Ghi chú", 28),
)
_PAYOUT_COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 6),
    ("Họ và tên", 24),
    ("Chức vụ, đơn vị", 30),
    ("Số ngày", 8),
    ("Tiền ăn", 13),
    ("Tiền nghỉ", 13),
    ("Tiền đi lại", 13),
    ("Phụ cấp lưu trú", 13),
    ("Tổng cộng", 14),
    ("Ký nhận", 12),
    ("Ghi chú", 18),
)
#: The payout sheet's column of each amount.
_PAYOUT_LETTER: dict[PayoutColumn, str] = {
    "meal": "E",
    "lodging": "F",
    "travel": "G",
    "per_diem": "H",
}
_SUMMARY_HEADER = 9
_PAYOUT_HEADER = 7


def _title_rows(sheet: Sheet, book: SettlementBook, title: str, subtitle: str, note: str) -> None:
    sheet.national_heading(book.unit.parent, book.unit.name, book.unit.qhns_code)
    sheet.merged(title, "title")
    sheet.merged(subtitle, "subtitle")
    sheet.merged(note, "note")


# --- one activity's payout sheet -------------------------------------------------------------


def _payout_total_row(activity: SettlementActivity) -> int:
    return _PAYOUT_HEADER + 1 + len(activity.payouts)


def _payout_sheet(book: Book, name: str, plan: SettlementBook, a: SettlementActivity) -> None:
    ws = book.sheet(
        name,
        [w for _, w in _PAYOUT_COLUMNS],
        freeze=f"C{_PAYOUT_HEADER + 1}",
        print_rows=(_PAYOUT_HEADER, _PAYOUT_HEADER),
    )
    when = ""
    if a.start and a.end and a.start != a.end:
        when = f"Từ ngày {short_date(a.start)} đến ngày {short_date(a.end)}"
    elif a.start:
        when = f"Ngày {short_date(a.start)}"
    place = "; ".join(p for p in (when, f"Địa điểm: {a.venue}" if a.venue else "") if p)
    _title_rows(ws, plan, PAYOUT_TITLE, f"{a.code}: {a.title}", place)
    assert ws.row == _PAYOUT_HEADER
    ws.append([ws.text(h, "head") for h, _ in _PAYOUT_COLUMNS])
    writer = ws.rows(
        [
            ("number", "int"),
            ("text", "text"),
            ("text", "text"),
            ("number", "days"),
            ("number", "money"),
            ("number", "money"),
            ("number", "money"),
            ("number", "money"),
            ("formula", "money"),
            ("text", "text"),
            ("text", "text"),
        ]
    )
    r = ws.row
    for index, p in enumerate(a.payouts, start=1):
        writer.append(
            (index, p.full_name, p.position, p.days, p.meal, p.lodging, p.travel, p.per_diem,
             f"=SUM(E{r}:H{r})", None, p.note)
        )  # fmt: skip
        r += 1
    first, last = _PAYOUT_HEADER + 1, r - 1
    assert r == _payout_total_row(a)

    def column_sum(letter: str) -> Cell:
        if last < first:
            return ws.number(0, "bold_money")
        return ws.formula(f"SUM({letter}{first}:{letter}{last})", "bold_money")

    ws.append(
        [
            ws.blank(),
            ws.text("Tổng cộng", "bold_text"),
            ws.blank(),
            column_sum("D"),
            *(column_sum(letter) for letter in "EFGHI"),
            ws.blank(),
            ws.blank(),
        ]
    )
    total = sum(p.total for p in a.payouts)
    ws.words(words_formula(f"I{r}", total, amount_in_words(total), "Tổng số tiền bằng chữ: "))
    ws.signatures(date_line(plan.unit.place, plan.date), signers(plan.unit))


# --- the summary -----------------------------------------------------------------------------


def _line_row(
    ws: Sheet, number: int, line: SettlementLine, code: str, link: str | None
) -> list[Cell | None]:
    r = ws.row
    actual = ws.formula(link) if link else ws.number(line.actual)
    return [
        ws.number(number, "int"),
        ws.text(code),
        ws.text(line.item),
        ws.text(line.unit, "center"),
        ws.number(line.estimate),
        actual,
        ws.formula(f"F{r}-E{r}"),
        ws.text(line.note),
    ]


def _section(
    ws: Sheet,
    index: int,
    code: str,
    title: str,
    lines: tuple[SettlementLine, ...],
    links: dict[int, str],
) -> None:
    top = ws.row
    last = top + len(lines)

    def subtotal(letter: str) -> Cell:
        if not lines:
            return ws.number(0, "bold_money")
        return ws.formula(f"SUBTOTAL(9,{letter}{top + 1}:{letter}{last})", "bold_money")

    ws.append(
        [
            ws.text(roman(index), "bold_text"),
            ws.text(code, "bold_text"),
            ws.text(title, "bold_text"),
            ws.blank(),
            subtotal("E"),
            subtotal("F"),
            ws.formula(f"F{top}-E{top}", "bold_money"),
            ws.blank(),
        ]
    )
    for number, line in enumerate(lines, start=1):
        ws.append(_line_row(ws, number, line, code, links.get(number - 1)))


def _links(activity: SettlementActivity, name: str, first_line: int) -> dict[int, str]:
    """The formulas of the lines whose actual is a payout column's total. When several lines
    share a column (meal for a full and a half day), the last of them is the column's total
    less the others, so every edited payout row still reaches the summary."""
    total_row = _payout_total_row(activity)
    groups: dict[PayoutColumn, list[int]] = {}
    for i, line in enumerate(activity.lines):
        if line.payout_column is not None:
            groups.setdefault(line.payout_column, []).append(i)
    links: dict[int, str] = {}
    for column, indexes in groups.items():
        ref = f"{sheet_ref(name)}!{_PAYOUT_LETTER[column]}{total_row}"
        *others, last = indexes
        links[last] = ref + "".join(f"-F{first_line + i}" for i in others)
    return links


def _summary(book: Book, plan: SettlementBook, names: list[str]) -> None:
    ws = book.sheet(
        "Tổng hợp",
        [w for _, w in _SUMMARY_COLUMNS],
        freeze=f"D{_SUMMARY_HEADER + 1}",
        print_rows=(_SUMMARY_HEADER, _SUMMARY_HEADER),
    )
    funding = f"Nguồn kinh phí: {plan.funding}" if plan.funding else ""
    _title_rows(ws, plan, plan.title, f"{plan.plan_code}: {plan.plan_title}", funding)
    ws.merged("Đơn vị tính: đồng", "note")
    ws.skip()
    assert ws.row == _SUMMARY_HEADER
    ws.append([ws.text(h, "head") for h, _ in _SUMMARY_COLUMNS])
    first = ws.row
    index = 0
    for index, (activity, name) in enumerate(zip(plan.activities, names, strict=True), start=1):
        links = _links(activity, name, ws.row + 1)
        _section(ws, index, activity.code, activity.title, activity.lines, links)
    if plan.plan_lines:
        _section(ws, index + 1, "", "Chi chung của kế hoạch", plan.plan_lines, {})
    last = ws.row - 1
    total = ws.row

    def grand(letter: str) -> Cell:
        if last < first:
            return ws.number(0, "bold_money")
        return ws.formula(f"SUBTOTAL(9,{letter}{first}:{letter}{last})", "bold_money")

    ws.append(
        [
            ws.blank(),
            ws.blank(),
            ws.text("Tổng cộng", "bold_text"),
            ws.blank(),
            grand("E"),
            grand("F"),
            ws.formula(f"F{total}-E{total}", "bold_money"),
            ws.blank(),
        ]
    )
    if plan.ceiling is not None:
        ceiling = ws.row
        label = [ws.blank(), ws.blank()]
        ws.append(
            [*label, ws.text("Kinh phí được giao", "bold_text"), ws.blank(), ws.blank(),
             ws.number(plan.ceiling, "bold_money")]
        )  # fmt: skip
        ws.append(
            [*label, ws.text("Còn lại so với kinh phí được giao", "bold_text"), ws.blank(),
             ws.blank(), ws.formula(f"F{ceiling}-F{total}", "bold_money")]
        )  # fmt: skip
        ws.append(
            [*label, ws.text("Tỷ lệ thực hiện so với kinh phí được giao", "bold_text"),
             ws.blank(), ws.blank(),
             ws.formula(f'IF(F{ceiling}>0,F{total}/F{ceiling},"")', "percent")]
        )  # fmt: skip
    ws.words(words_formula(f"F{total}", plan.actual, amount_in_words(plan.actual)))
    ws.signatures(date_line(plan.unit.place, plan.date), signers(plan.unit))


def settlement_workbook(plan: SettlementBook) -> Book:
    book = Book()
    summary = book.reserve("Tổng hợp")
    names = [book.reserve(a.code or a.title) for a in plan.activities]
    _summary(book, plan, names)
    assert summary == "Tổng hợp"
    for activity, name in zip(plan.activities, names, strict=True):
        _payout_sheet(book, name, plan, activity)
    return book


def write_settlement_book(plan: SettlementBook, path: str | os.PathLike[str]) -> Path:
    """Write the workbook atomically."""
    with bulk_write():
        return settlement_workbook(plan).save(path)
