"""Giấy chứng nhận hoàn thành khóa bồi dưỡng/tập huấn: one A4 landscape page per learner with
a double frame, the unit and national title (ND30), the register number, who, which class,
when and where, and the head's signature over the place-date line.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from models.papers.forms import CertificateEntry, CertificateSheet
from models.text.words import date_line
from reports.decree import Signer, dates_text, nd30_header, signature_block
from reports.pages import PageLayout, SectionStart, build_pdf
from reports.text import para, styles

__all__ = ["certificate_story", "write_certificates_pdf"]

_W, _H = 297 * mm, 210 * mm
#: Landscape, generous margins inside the printed frame.
CERTIFICATE_PAGE = PageLayout(_W, _H, top=18 * mm, bottom=14 * mm, left=28 * mm, right=28 * mm)


class _Frame(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """The double border of the page, drawn from the frame's corner; takes no room."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        canv: Canvas = self.canv
        canv.saveState()
        # Back to page coordinates: the flowable sits at the frame's top left.
        page = CERTIFICATE_PAGE
        canv.translate(-page.left, -(page.frame_height + page.bottom))
        canv.setLineWidth(2.2)
        canv.rect(10 * mm, 8 * mm, _W - 20 * mm, _H - 16 * mm)
        canv.setLineWidth(0.6)
        canv.rect(13 * mm, 11 * mm, _W - 26 * mm, _H - 22 * mm)
        canv.restoreState()


def _honorific(entry: CertificateEntry) -> str:
    return {"M": "Ông", "F": "Bà"}.get(entry.gender or "", "Ông/Bà")


def certificate_story(sheet: CertificateSheet, entry: CertificateEntry) -> list[Flowable]:
    st = styles()
    width = CERTIFICATE_PAGE.frame_width
    unit = sheet.unit
    head = unit.head_title or "Thủ trưởng"
    big_title = ParagraphStyle("cert_title", parent=st.title, fontSize=26, leading=32)
    name_line = ParagraphStyle("cert_name", parent=st.center, leading=24, spaceBefore=2)
    story: list[Flowable] = [
        _Frame(),
        nd30_header(unit, None, width, with_date=False),
        Spacer(1, 7 * mm),
        Paragraph(para(sheet.title), big_title),
        Spacer(1, 6 * mm),
        Paragraph(para(f"{head.upper()} {unit.name.upper()}"), st.subtitle),
        Paragraph(para("CHỨNG NHẬN"), st.subtitle),
        Spacer(1, 3 * mm),
        Paragraph(
            f'{para(_honorific(entry))}: <font size="18"><b>{para(entry.full_name)}</b></font>',
            name_line,
        ),
    ]
    if entry.birth_year:
        story.append(Paragraph(para(f"Sinh năm: {entry.birth_year}"), st.center))
    if entry.position.strip():
        story.append(Paragraph(para(f"Chức vụ, đơn vị: {entry.position}"), st.center))
    story += [
        Spacer(1, 2 * mm),
        Paragraph(para("Đã hoàn thành"), st.center),
        Paragraph(para(entry.activity_title), st.subtitle),
    ]
    when = dates_text(entry.start, entry.end)
    if when:
        story.append(Paragraph(para(when), st.italic_center))
    if entry.venue.strip():
        story.append(Paragraph(para(f"Tại: {entry.venue}"), st.center))
    story += [
        Spacer(1, 4 * mm),
        signature_block(
            [
                Signer(f"Số vào sổ: {entry.number_text}", "", ""),
                Signer(
                    "Thủ trưởng đơn vị",
                    unit.head,
                    "(Ký, ghi rõ họ tên, đóng dấu)",
                    office=unit.head_title,
                ),
            ],
            width,
            space=18 * mm,
            date_text=date_line(unit.place, entry.issued_on),
        ),
    ]
    return story


def write_certificates_pdf(sheet: CertificateSheet, path: str | os.PathLike[str]) -> Path:
    """One page per certificate, in register order."""
    if not sheet.entries:
        raise ValueError("không có học viên nào đủ điều kiện cấp giấy chứng nhận")
    story: list[Flowable] = []
    for index, entry in enumerate(sheet.entries):
        if index:
            story.append(PageBreak())
        story += [SectionStart(), *certificate_story(sheet, entry)]  # no "x/y" on any page
    return build_pdf(path, story, CERTIFICATE_PAGE, title=sheet.title, subject=sheet.plan_title)
