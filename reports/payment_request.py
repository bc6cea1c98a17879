"""Giấy đề nghị thanh toán (mẫu C37-HD) and giấy đề nghị tạm ứng (mẫu C32-HD), Thông tư
107/2017/TT-BTC: the unit and the form number at the top, the title and date, "Kính gửi", who
asks, for what, how much in figures and in words, the lines with their budget sub-items, then
the three signers (người đề nghị, kế toán trưởng, thủ trưởng đơn vị). A4 portrait.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from models.papers.forms import PaymentRequest
from models.text.words import amount_in_words, date_line
from reports.decree import CARRIED_ROWS, Signer, closing, signature_block
from reports.fonts import BOLD, REGULAR
from reports.grid import Column, GridTable, HeaderCell, Span
from reports.numbers import money, money_dong
from reports.pages import PORTRAIT, SectionStart, build_pdf
from reports.text import para, styles

_CIRCULAR = "107/2017/TT-BTC ngày 10/10/2017"

__all__ = ["payment_request_story", "write_payment_request_pdf"]


def _header(data: PaymentRequest, width: float) -> Flowable:
    st = styles()
    unit = data.unit
    left: list[Flowable] = [Paragraph(para(f"Đơn vị: {unit.name}"), st.body)]
    if unit.qhns_code.strip():
        left.append(Paragraph(para(f"Mã QHNS: {unit.qhns_code}"), st.body))
    right = [
        Paragraph(f"<b>{para(f'Mẫu số {data.form}')}</b>", st.center),
        Paragraph(
            para(
                "(Ban hành kèm theo Thông tư số 107/2017/TT-BTC ngày 10/10/2017 của Bộ Tài chính)"
            ),
            st.italic_center,
        ),
    ]
    table = Table([[left, right]], colWidths=[width * 0.55, width * 0.45])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def payment_request_story(data: PaymentRequest) -> list[Flowable]:
    width = PORTRAIT.frame_width
    st = styles()
    payment = data.kind == "payment"
    who = "Người đề nghị thanh toán" if payment else "Người đề nghị tạm ứng"
    addressee = data.unit.head_title or "Thủ trưởng đơn vị"
    head: list[Flowable] = [
        _header(data, width),
        Spacer(1, 6 * mm),
        Paragraph(para(data.title), st.title),
        Paragraph(para(date_line("", data.date)), st.italic_center),
        Spacer(1, 4 * mm),
        Paragraph(para(f"Kính gửi: {addressee} {data.unit.name}"), st.center),
        Spacer(1, 4 * mm),
        Paragraph(para(f"Họ và tên {who.lower()}: {data.requester}"), st.body),
        Paragraph(para(f"Bộ phận (hoặc địa chỉ): {data.department}"), st.body),
        Paragraph(
            para(f"{'Nội dung thanh toán' if payment else 'Lý do tạm ứng'}: {data.purpose}"),
            st.body,
        ),
    ]
    if data.classification.strip():
        head.append(Paragraph(para(f"Mục lục ngân sách: {data.classification}"), st.body))
    asked = data.due if payment else data.total
    head += [
        Paragraph(f"<b>{para('Số tiền đề nghị: ' + money_dong(asked))}</b>", st.body),
        Paragraph(para(f"(Viết bằng chữ): {amount_in_words(asked)}."), st.words),
        Spacer(1, 3 * mm),
    ]
    columns = [
        Column(12 * mm, "center"),
        Column(width - 12 * mm - 24 * mm - 36 * mm),
        Column(24 * mm, "center"),
        Column(36 * mm, "right"),
    ]
    header = [HeaderCell(t, i, 0) for i, t in enumerate(("STT", "Nội dung", "Tiểu mục",
                                                          "Số tiền (đồng)"))]  # fmt: skip
    rows: list[list[str | Span]] = [
        [str(n), line.item, line.budget_code, money(line.amount)]
        for n, line in enumerate(data.lines, start=1)
    ]
    rows.append([Span("Cộng", 3, "center", BOLD), Span(money(data.total), 1, "right", BOLD)])
    if payment and data.advanced:
        rows.append([Span("Số đã tạm ứng", 3, "center"), Span(money(data.advanced), 1, "right")])
        rows.append(
            [
                Span("Số đề nghị thanh toán", 3, "center", BOLD),
                Span(money(data.due), 1, "right", BOLD),
            ]
        )
    table = GridTable(columns, header, rows, font_size=11.5, header_font_size=11.5,
                      min_row_height=8 * mm)  # fmt: skip
    signers = [
        Signer(who, data.requester),
        Signer("Kế toán trưởng", data.unit.chief_accountant),
        Signer("Người duyệt", data.unit.head, "(Ký, ghi rõ họ tên, đóng dấu)",
               office=data.unit.head_title),
    ]  # fmt: skip
    footer: list[Flowable] = [
        Spacer(1, 3 * mm),
        Paragraph(para("(Kèm theo …… chứng từ gốc)"), st.words),
        Spacer(1, 4 * mm),
        signature_block(signers, width),
    ]
    closing_rows = len(rows) - len(data.lines)  # Cộng (and the advance rows under it)
    return [*head, *closing(table, footer, rows=CARRIED_ROWS + closing_rows)]


def write_payment_request_pdf(data: PaymentRequest, path: str | os.PathLike[str]) -> Path:
    return build_pdf(
        path,
        [SectionStart(), *payment_request_story(data)],
        PORTRAIT,
        title=data.title,
        subject=data.purpose,
    )
