"""The decree's furniture (Nghị định 30/2020/NĐ-CP, Phụ lục I) and the blocks every money paper
shares: the unit and national-title header with the date line, the signature blocks, the
heading of an activity's paper, the total with the amount in words, and the accounting footer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from models.papers.data import PaperHeading, UnitInfo
from models.text.words import amount_in_words, date_line, short_date
from reports.fonts import REGULAR
from reports.grid import GridTable
from reports.numbers import money_dong
from reports.text import para, styles

# --- text ---------------------------------------------------------------------------------


# --- header and signatures ----------------------------------------------------------------

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def nd30_header(
    unit: UnitInfo,
    day: dt.date | None,
    width: float,
    *,
    with_date: bool = True,
    number: str = "",
    address: bool = False,
) -> Flowable:
    """ND30 header: agency block top left, national title and motto top right, the italic
    place-date line under the motto (`with_date=False`: papers that date above the signers).

    `number`: the document number line under the unit ("Số: ……/BK-…", the number left blank
    to fill by hand); `address`: the unit's address under its name (Luật Kế toán 2015 Điều 16:
    an accounting document names the unit and its address)."""
    st = styles()
    left_w = min(width * 0.45, 115 * mm)
    left: list[Flowable] = []
    if unit.parent.strip():
        left.append(Paragraph(para(unit.parent.upper()), st.agency))
    left.append(Paragraph(para(unit.name.upper()), st.unit))
    # ND30: a short rule under the agency name, a third to a half of its length.
    left.append(HRFlowable(width="35%", thickness=0.6, color="black", spaceBefore=2, spaceAfter=2))
    if address and unit.address.strip():
        left.append(Paragraph(para(f"Địa chỉ: {unit.address}"), st.small_center))
    if unit.qhns_code.strip():
        left.append(Paragraph(para(f"Mã QHNS: {unit.qhns_code}"), st.small_center))
    if number:
        left.append(Paragraph(para(number), st.small_center))
    right: list[Flowable] = [
        Paragraph(para(NATION), st.nation),
        Paragraph(f"<u>{para(MOTTO)}</u>", st.motto),
    ]
    if with_date:
        right.append(Paragraph(para(date_line(unit.place, day)), st.date_line))
    table = Table([[left, right]], colWidths=[left_w, width - left_w], hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),  # centres the rule under the name
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # not Table's default Helvetica
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


@dataclass(frozen=True, slots=True)
class Signer:
    title: str  # "Người lập", "Kế toán trưởng", "Thủ trưởng đơn vị"
    name: str = ""
    hint: str = "(Ký, ghi rõ họ tên)"
    office: str = ""  # the head's office under the title, e.g. "GIÁM ĐỐC"


def signature_block(
    signers: Sequence[Signer],
    width: float,
    space: float = 22 * mm,
    *,
    date_text: str = "",
) -> Flowable:
    """Side-by-side signature columns: bold title (and office), italic hint, room to sign,
    bold name. Each part is a row of one table, so names line up whatever is above them.

    `date_text`: the italic place-date line over the last signer (payout lists and the like
    are dated above their signatures rather than in the header)."""
    st = styles()
    n = max(len(signers), 1)
    rows: list[list[Flowable | str]] = []
    if date_text:
        rows.append([""] * (n - 1) + [Paragraph(para(date_text), st.sign_date)])
    rows.append([Paragraph(para(s.title), st.sign_title) for s in signers])
    if any(s.office.strip() for s in signers):
        rows.append([Paragraph(para(s.office.upper()), st.sign_title) for s in signers])
    rows.append([Paragraph(para(s.hint), st.sign_hint) for s in signers])
    rows.append([Spacer(1, space) for _ in signers])
    rows.append([Paragraph(para(s.name), st.sign_name) for s in signers])
    table = Table(rows, colWidths=[width / n] * n)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ]
        )
    )
    return table


# --- pieces shared by the activity papers ----------------------------------------------------


def dates_text(start: dt.date | None, end: dt.date | None) -> str:
    """ "Từ ngày 16/10/2023 đến ngày 17/10/2023", or "Ngày 16/10/2023" for one day."""
    if start and end and start != end:
        return f"Từ ngày {short_date(start)} đến ngày {short_date(end)}"
    day = start or end
    return f"Ngày {short_date(day)}" if day else ""


def paper_heading(title: str, heading: PaperHeading) -> list[Flowable]:
    """Title, class name, dates, venue and funding, centred under the ND30 header."""
    st = styles()
    story: list[Flowable] = [Paragraph(para(title), st.title)]
    if heading.activity_title.strip():
        story.append(Paragraph(para(heading.activity_title), st.subtitle))
    dates = dates_text(heading.start, heading.end)
    if dates:
        story.append(Paragraph(para(dates), st.italic_center))
    if heading.venue.strip():
        story.append(Paragraph(para(f"Địa điểm: {heading.venue}"), st.center))
    if heading.funding.strip():
        story.append(Paragraph(para(f"Nguồn kinh phí: {heading.funding}"), st.center))
    return story


def total_lines(total: int, label: str = "Tổng số tiền") -> list[Flowable]:
    """ "Tổng số tiền: 1.234.567 đồng" and "Số tiền bằng chữ: Một triệu … đồng."."""
    st = styles()
    return [
        Paragraph(f"<b>{para(label)}:</b> {para(money_dong(total))}", st.body),
        Paragraph(para(f"Số tiền bằng chữ: {amount_in_words(total)}."), st.words),
    ]


def accounting_footer(
    unit: UnitInfo, day: dt.date | None, total: int, width: float
) -> list[Flowable]:
    """The total in figures and words, then the three signers under the date line."""
    return [
        Spacer(1, 2 * mm),
        *total_lines(total),
        Spacer(1, 2 * mm),
        # 18 mm to sign: the footer and a one-line list fit on the first page.
        signature_block(
            accounting_signers(unit), width, 18 * mm, date_text=date_line(unit.place, day)
        ),
    ]


def paper_story(
    unit: UnitInfo,
    day: dt.date | None,
    title: str,
    heading: PaperHeading,
    table: Flowable,
    footer: list[Flowable],
    width: float,
    *,
    with_date: bool = False,
    number: str = "",
    address: bool = False,
    lines: Sequence[str] = (),
) -> list[Flowable]:
    """A paper's whole story: the ND30 header, its heading (and `lines` under it: who is paid
    and under which rule), the table, then the footer kept together on one page with the
    table's last rows (closing)."""
    st = styles()
    return [
        nd30_header(unit, day, width, with_date=with_date, number=number, address=address),
        Spacer(1, 3 * mm),
        *paper_heading(title, heading),
        *(Paragraph(para(line), st.center) for line in lines),
        Spacer(1, 3 * mm),
        *closing(table, footer, rows=CARRIED_ROWS + 1),  # the total row and two rows above it
    ]


CARRIED_ROWS: Final = 2


def closing(table: Flowable, footer: list[Flowable], rows: int = CARRIED_ROWS) -> list[Flowable]:
    """The table, then the total, the amount in words and the signatures, which never stand
    alone on a page: the table's last `rows` rows move to the next page with them
    (accounting practice: a signature block on a page of its own is not accepted)."""
    if isinstance(table, GridTable):
        return [table.with_footer(footer, rows)]
    return [KeepTogether([table, *footer])]


def accounting_signers(unit: UnitInfo) -> list[Signer]:
    """Người lập biểu, Kế toán trưởng, Thủ trưởng đơn vị, with the unit's names."""
    return [
        Signer("Người lập biểu", unit.preparer),
        Signer("Kế toán trưởng", unit.chief_accountant),
        Signer(
            "Thủ trưởng đơn vị", unit.head, "(Ký, ghi rõ họ tên, đóng dấu)", office=unit.head_title
        ),
    ]


def document_number(kind: str, code: str = "") -> str:
    """ "Số: ……/BK-TTDN23-L01": the number is left for the unit's register, by hand."""
    suffix = f"{kind}-{code}" if code else kind
    return f"Số: ……………/{suffix}"
