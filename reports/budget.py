"""Dự toán kinh phí: the budget estimate of a class or of a plan, as PDF and as .xlsx.

Each line: item, legal source of its norm, unit, quantity, rate, amount, and whether the rate
is within the cap. A plan's estimate has one section (I, II, …) per activity with its subtotal,
then the total against the funding ceiling. In the workbook the amounts, subtotals, total,
remaining ceiling and the within-cap status are live formulas.
"""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl.cell.cell import Cell
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from models.papers.data import BudgetRow, BudgetSheet
from models.text.words import amount_in_words, date_line
from reports.decree import accounting_signers, paper_story, signature_block, total_lines
from reports.fonts import BOLD, ITALIC
from reports.grid import Column, GridTable, HeaderCell, Span
from reports.numbers import money, money_dong
from reports.pages import LANDSCAPE_TABLE, SectionStart, build_pdf
from reports.text import para, styles
from reports.xlsx import Book, Sheet, signers, words_formula

__all__ = ["budget_story", "budget_workbook", "roman", "write_budget_pdf", "write_budget_xlsx"]

_FONT_SIZE = 10.5


def roman(number: int) -> str:
    """1 -> "I", 14 -> "XIV" (section numbers)."""
    out = []
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def _status(row: BudgetRow) -> str:
    return f"{row.status_text}; {row.note}" if row.note.strip() else row.status_text


def _sectioned(sheet: BudgetSheet) -> bool:
    return sheet.scope == "plan" or len(sheet.sections) > 1


# --- PDF ------------------------------------------------------------------------------------


def budget_story(sheet: BudgetSheet) -> list[Flowable]:
    st = styles()
    width = LANDSCAPE_TABLE.frame_width
    fixed = 12 + 16 + 20 + 18 + 24 + 28
    flexible = width / mm - fixed
    columns = [
        Column(12 * mm, "center"),
        Column(flexible * 0.36 * mm),
        Column(flexible * 0.36 * mm),
        Column(16 * mm, "center"),
        Column(20 * mm, "center"),
        Column(18 * mm, "right"),
        Column(24 * mm, "right"),
        Column(28 * mm, "right"),
        Column(flexible * 0.28 * mm),
    ]
    headings = (
        "STT",
        "Nội dung chi",
        "Căn cứ (định mức)",
        "Tiểu mục",
        "Đơn vị tính",
        "Số lượng",
        "Mức chi (đồng)",
        "Thành tiền (đồng)",
        "Đối chiếu định mức",
    )
    header = [HeaderCell(text, i, 0) for i, text in enumerate(headings)]
    labels = ("A", "B", "C", "D", "E", "1", "2", "3=1×2", "F")
    header += [HeaderCell(text, i, 1, font=ITALIC) for i, text in enumerate(labels)]
    rows: list[list[str | Span]] = []
    sectioned = _sectioned(sheet)
    for index, section in enumerate(sheet.sections, start=1):
        if sectioned:
            rows.append(
                [
                    Span(roman(index), 1, "center", BOLD),
                    Span(section.title, 6, "left", BOLD),
                    Span(money(section.total), 1, "right", BOLD),
                    "",
                ]
            )
        for number, r in enumerate(section.rows, start=1):
            rows.append(
                [
                    str(number),
                    r.item,
                    r.source,
                    r.budget_code,
                    r.unit,
                    money(r.quantity),
                    money(r.rate),
                    money(r.amount),
                    _status(r),
                ]
            )
    rows.append(
        [Span("Tổng cộng", 7, "center", BOLD), Span(money(sheet.total), 1, "right", BOLD), ""]
    )
    table = GridTable(
        columns,
        header,
        rows,
        font_size=_FONT_SIZE,
        header_font_size=_FONT_SIZE,
        min_row_height=7 * mm,
    )
    footer: list[Flowable] = [
        Spacer(1, 3 * mm),
        *total_lines(sheet.total, "Tổng dự toán"),
    ]
    if sheet.travel_basis:  # km × rate, the rate from the petrol price (TT 40/2017 Đ5 k2b)
        footer.append(Paragraph(f"<b>Tiền đi lại theo km:</b> {para(sheet.travel_basis)}", st.body))
    if sheet.classification:  # the plan's chương, loại–khoản, programme (mục lục ngân sách)
        footer.append(Paragraph(f"<b>Mã ngân sách:</b> {para(sheet.classification)}", st.body))
    if sheet.ceiling is not None:
        remaining = sheet.ceiling - sheet.total
        footer.append(
            Paragraph(f"<b>Kinh phí được giao:</b> {para(money_dong(sheet.ceiling))}", st.body)
        )
        if remaining >= 0:
            text = f"<b>Còn lại so với kinh phí được giao:</b> {para(money_dong(remaining))}"
        else:
            text = f"<b>Vượt kinh phí được giao:</b> {para(money_dong(-remaining))}"
        footer.append(Paragraph(text, st.body))
    footer += [Spacer(1, 4 * mm), signature_block(accounting_signers(sheet.unit), width)]
    return paper_story(
        sheet.unit, sheet.date, sheet.title, sheet.heading, table, footer, width,
        with_date=True,
    )  # fmt: skip


def write_budget_pdf(sheet: BudgetSheet, path: str | os.PathLike[str]) -> Path:
    return build_pdf(
        path,
        [SectionStart(), *budget_story(sheet)],
        LANDSCAPE_TABLE,
        title=sheet.title,
        subject=sheet.heading.activity_title,
    )


# --- workbook --------------------------------------------------------------------------------

_XLSX_COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 6),
    ("Nội dung chi", 38),
    ("Căn cứ (định mức)", 32),
    ("Đơn vị tính", 11),
    ("Số lượng", 10),
    ("Mức chi (đồng)", 14),
    ("Thành tiền (đồng)", 16),
    ("Định mức tối đa (đồng)", 14),
    ("Đối chiếu định mức", 24),
    ("Ghi chú", 24),
)


_STATUS_COLUMN = 8  # "Đối chiếu định mức", 0-based


def _status_texts(row: BudgetRow) -> tuple[str, str]:
    """What the status formula shows within and over the cap."""
    over = "Vượt định mức (có lý do)" if row.status == "overridden" else "Vượt định mức"
    check = "; cần kiểm tra" if row.needs_verification else ""
    return f"Trong định mức{check}", f"{over}{check}"


def _status_formula(row: BudgetRow, r: int) -> str:
    within, over = _status_texts(row)
    return f'IF(F{r}<=H{r},"{within}","{over}")'


def _line(sheet: Sheet, number: int, row: BudgetRow) -> list[Cell | None]:
    r = sheet.row
    status = (
        sheet.formula(_status_formula(row, r), "text")
        if row.cap is not None
        else sheet.text(row.status_text)
    )
    return [
        sheet.number(number, "int"),
        sheet.text(row.item),
        sheet.text(row.source),
        sheet.text(row.unit, "center"),
        sheet.number(row.quantity, "money"),
        sheet.number(row.rate, "money"),
        sheet.formula(f"E{r}*F{r}"),
        sheet.number(row.cap, "money") if row.cap is not None else sheet.blank("money"),
        status,
        sheet.text(row.note),
    ]


def budget_workbook(sheet: BudgetSheet) -> Book:
    book = Book()
    n = len(_XLSX_COLUMNS)
    header_row = 9
    ws = book.sheet(
        "Dự toán",
        [w for _, w in _XLSX_COLUMNS],
        landscape=True,
        freeze=f"C{header_row + 1}",
        print_rows=(header_row, header_row),
    )
    ws.national_heading(sheet.unit.parent, sheet.unit.name, sheet.unit.qhns_code)
    ws.merged(sheet.title, "title")
    ws.merged(sheet.heading.activity_title, "subtitle")
    ws.merged(f"Nguồn kinh phí: {sheet.heading.funding}" if sheet.heading.funding else "", "note")
    ws.merged("Đơn vị tính: đồng", "note")
    ws.skip()
    assert ws.row == header_row
    ws.append([ws.text(h, "head") for h, _ in _XLSX_COLUMNS])
    first = ws.row
    sectioned = _sectioned(sheet)
    for index, section in enumerate(sheet.sections, start=1):
        if sectioned:
            top = ws.row
            last = top + len(section.rows)
            subtotal = (
                ws.formula(f"SUBTOTAL(9,G{top + 1}:G{last})", "bold_money")
                if section.rows
                else ws.number(0, "bold_money")
            )
            ws.append(
                [
                    ws.text(roman(index), "bold_text"),
                    ws.text(section.title, "bold_text"),
                    *(ws.blank() for _ in range(4)),
                    subtotal,
                    *(ws.blank() for _ in range(3)),
                ]
            )
        for number, row in enumerate(section.rows, start=1):
            # the row is as tall as the longer of what its status formula can show
            longest = max(_status_texts(row), key=len) if row.cap is not None else ""
            ws.append(_line(ws, number, row), shown=[(_STATUS_COLUMN, longest)])
    last = ws.row - 1
    total_row = ws.row
    total = (
        ws.formula(f"SUBTOTAL(9,G{first}:G{last})", "bold_money")
        if last >= first
        else ws.number(0, "bold_money")
    )
    ws.append(
        [ws.blank(), ws.text("Tổng cộng", "bold_text"), *(ws.blank() for _ in range(4)), total]
        + [ws.blank() for _ in range(n - 7)]
    )
    if sheet.ceiling is not None:
        ceiling_row = ws.row
        ws.append(
            [
                ws.blank(),
                ws.text("Kinh phí được giao", "bold_text"),
                *(ws.blank() for _ in range(4)),
                ws.number(sheet.ceiling, "bold_money"),
            ]
        )
        ws.append(
            [
                ws.blank(),
                ws.text("Còn lại so với kinh phí được giao", "bold_text"),
                *(ws.blank() for _ in range(4)),
                ws.formula(f"G{ceiling_row}-G{total_row}", "bold_money"),
            ]
        )
    ws.words(words_formula(f"G{total_row}", sheet.total, amount_in_words(sheet.total)))
    ws.signatures(date_line(sheet.unit.place, sheet.date), signers(sheet.unit))
    return book


def write_budget_xlsx(sheet: BudgetSheet, path: str | os.PathLike[str]) -> Path:
    return budget_workbook(sheet).save(path)
