"""Hợp đồng thuê khoán chuyên môn and biên bản nghiệm thu và thanh lý hợp đồng, A4 portrait, one
section per lecturer: the ND30 header, the title, the legal bases, the two parties (bên A: the
unit and its head; bên B: the lecturer, CCCD, tax code), the work (the class, its dates, the
buổi and the rate), the amount in figures and words, the tax withheld and the net, then both
parties sign.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from models.papers.forms import ContractSet, LecturerContract
from models.text.words import amount_in_words
from reports.decree import Signer, dates_text, nd30_header, signature_block
from reports.numbers import money_dong
from reports.pages import PORTRAIT, SectionStart, build_sections
from reports.text import para, styles

__all__ = ["contract_story", "write_contracts_pdf"]

_BASES = (
    "Căn cứ Bộ luật Dân sự số 91/2015/QH13 ngày 24/11/2015;",
    "Căn cứ Thông tư số 36/2018/TT-BTC ngày 30/3/2018 của Bộ Tài chính hướng dẫn việc lập "
    "dự toán, quản lý, sử dụng và quyết toán kinh phí dành cho công tác đào tạo, bồi dưỡng "
    "cán bộ, công chức, viên chức;",
    "Căn cứ Thông tư số 111/2013/TT-BTC ngày 15/8/2013 của Bộ Tài chính hướng dẫn về thuế "
    "thu nhập cá nhân;",
)


def _money_line(label: str, amount: int) -> str:
    return f"{label}: {money_dong(amount)} ({amount_in_words(amount)})."


def contract_story(data: ContractSet, c: LecturerContract) -> list[Flowable]:
    st = styles()
    width = PORTRAIT.frame_width
    unit, h = data.unit, data.heading
    contract = data.kind == "contract"
    body: list[str] = []
    story: list[Flowable] = [
        nd30_header(unit, data.date, width),
        Spacer(1, 5 * mm),
        Paragraph(para(data.title), st.title),
        Paragraph(para("Số: ……/HĐ" if contract else "(Hợp đồng số: ……/HĐ)"), st.italic_center),
        Spacer(1, 3 * mm),
    ]
    if contract:
        story += [Paragraph(para(b), st.words) for b in _BASES]
        if h.funding.strip():
            story.append(Paragraph(para(f"Căn cứ {h.funding};"), st.words))
        story.append(Spacer(1, 2 * mm))
        story.append(Paragraph(para("Hôm nay, chúng tôi gồm:"), st.body))
    else:
        story.append(
            Paragraph(para("Hôm nay, chúng tôi gồm các bên đã ký hợp đồng nêu trên:"), st.body)
        )
    party_a = [
        f"Bên A (bên thuê khoán): {unit.name}",
        f"Đại diện: {unit.head or '……'}, chức vụ: {unit.head_title or 'Thủ trưởng đơn vị'}",
    ]
    if unit.address.strip():
        party_a.append(f"Địa chỉ: {unit.address}")
    if unit.qhns_code.strip():
        party_a.append(f"Mã QHNS: {unit.qhns_code}")
    party_b = [
        f"Bên B (bên nhận khoán): {c.full_name}",
        f"Chức danh, cơ quan: {c.title or '……'}",
        f"Số CCCD: {c.cccd or '……'}; Mã số thuế: {c.tax_code or '……'}",
    ]
    when = dates_text(h.start, h.end)
    work = (
        f"Bên B giảng dạy {c.sessions} buổi tại {h.activity_title}"
        + (f", {when[0].lower()}{when[1:]}" if when else "")
        + (f", tại {h.venue}" if h.venue.strip() else "")
        + f"; mức thù lao {money_dong(c.rate)}/buổi."
    )
    if c.withheld:
        tax = _money_line("Thuế thu nhập cá nhân khấu trừ (10 %)", c.withheld)
    elif c.tax_commitment:
        tax = "Bên B có cam kết theo mẫu 08/CK-TNCN: không khấu trừ thuế thu nhập cá nhân."
    else:
        tax = "Thuế thu nhập cá nhân: không khấu trừ (khoản chi dưới mức phải khấu trừ)."
    if contract:
        body = [
            *party_a,
            *party_b,
            "Hai bên thỏa thuận ký hợp đồng thuê khoán chuyên môn với các điều khoản sau:",
            f"Điều 1. Nội dung công việc: {work}",
            "Điều 2. " + _money_line("Giá trị hợp đồng", c.gross),
            f"Điều 3. {tax} " + _money_line("Số tiền bên B được nhận", c.net),
            "Điều 4. Bên A thanh toán cho bên B sau khi nghiệm thu, bằng tiền mặt hoặc chuyển "
            "khoản. Bên B chuẩn bị bài giảng, giảng dạy đúng nội dung, thời gian đã thỏa thuận.",
            "Điều 5. Hợp đồng có hiệu lực từ ngày ký, lập thành 02 bản, mỗi bên giữ 01 bản có "
            "giá trị như nhau.",
        ]
    else:
        body = [
            *party_a,
            *party_b,
            f"1. Bên B đã thực hiện: {work}",
            "2. " + _money_line("Giá trị được nghiệm thu", c.gross),
            f"3. {tax}",
            "4. " + _money_line("Số tiền bên A thanh toán cho bên B", c.net),
            "5. Hai bên thống nhất nghiệm thu và thanh lý hợp đồng. Biên bản lập thành 02 bản, "
            "mỗi bên giữ 01 bản.",
        ]
    story += [Paragraph(para(line), st.body) for line in body]
    stamp = "(Ký, ghi rõ họ tên, đóng dấu)"
    party_a_signer = Signer("ĐẠI DIỆN BÊN A", unit.head, stamp, office=unit.head_title)
    story += [
        Spacer(1, 5 * mm),
        signature_block([Signer("ĐẠI DIỆN BÊN B", c.full_name), party_a_signer], width),
    ]
    return story


def contracts_story(data: ContractSet) -> list[Flowable]:
    """Every lecturer's contract of one class, each from a new page with its own numbering
    (for merging several classes into one file)."""
    story: list[Flowable] = []
    for index, c in enumerate(data.lecturers):
        if index:
            story += [PageBreak(), SectionStart()]
        story += contract_story(data, c)
    return story


def write_contracts_pdf(data: ContractSet, path: str | os.PathLike[str]) -> Path:
    """One section (own page numbers) per lecturer."""
    if not data.lecturers:
        raise ValueError("lớp này không có giảng viên nào được trả thù lao")
    stories = [contract_story(data, c) for c in data.lecturers]
    return build_sections(path, stories, PORTRAIT, title=data.title)
