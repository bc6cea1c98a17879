"""Giấy chứng nhận hoàn thành khóa bồi dưỡng/tập huấn: one A4 landscape page per learner with
a double frame, the unit and national title (ND30), who, which class, when and where, the
register number, and the head's signature under the place-date line.

A campaign prints 17,000 of them. What every page of a plan shares (frame, header, titles,
the head's signature) is drawn once as a PDF form and placed on each page, and what a class
shares (its title, dates, venue, date of issue) once per class; a page then only writes the
learner's lines, as text operators with their encodings cached (reports.grid.TextWriter),
and the pages are written lean (reports.lean_pages): ~0.1 ms a page against ~6 ms for laying
out the whole page with platypus. So the pages are drawn on a plain canvas (no page numbers:
every certificate stands alone), written through reports.files.atomic_output like every paper.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from models.papers.forms import CertificateEntry, CertificateSheet
from models.text.words import date_line
from reports.decree import Signer, dates_text, nd30_header, signature_block
from reports.files import atomic_output
from reports.fonts import BOLD, ITALIC, REGULAR, register_fonts
from reports.grid import TextWriter
from reports.lean_pages import add_page, form_operator, make_lean
from reports.text import fit_lines, nfc, text_width

__all__ = ["write_certificates_pdf"]

_W, _H = 297 * mm, 210 * mm
_LEFT, _RIGHT, _TOP = 28 * mm, 28 * mm, 18 * mm
_WIDTH = _W - _LEFT - _RIGHT
_CX = _W / 2
# Baselines from the top of the page (the static form's parts sit above and below them).
_NAME_Y = _H - 88 * mm
_CLASS_Y = _H - 117 * mm
_SIGN_TOP = _H - 143 * mm


def _place(canv: Canvas, flowable: Flowable, top: float, x: float = _LEFT) -> float:
    """Draw `flowable` with its top at `top`; the y of its bottom."""
    _, height = flowable.wrapOn(canv, _WIDTH if x == _LEFT else _W - x - _RIGHT, _H)
    flowable.drawOn(canv, x, top - height)
    return float(top - height)


def _static_form(canv: Canvas, sheet: CertificateSheet) -> None:
    unit = sheet.unit
    canv.beginForm("plan")
    canv.setLineWidth(2.2)
    canv.rect(10 * mm, 8 * mm, _W - 20 * mm, _H - 16 * mm)
    canv.setLineWidth(0.6)
    canv.rect(13 * mm, 11 * mm, _W - 26 * mm, _H - 22 * mm)
    y = _place(canv, nd30_header(unit, None, _WIDTH, with_date=False), _H - _TOP)
    canv.setFont(BOLD, 26)
    canv.drawCentredString(_CX, y - 16 * mm, nfc(sheet.title))
    head = unit.head_title or "Thủ trưởng"
    canv.setFont(BOLD, 13)
    canv.drawCentredString(_CX, y - 26 * mm, nfc(f"{head.upper()} {unit.name.upper()}"))
    canv.drawCentredString(_CX, y - 32 * mm, nfc("CHỨNG NHẬN"))
    canv.setFont(REGULAR, 13)
    canv.drawCentredString(_CX, _CLASS_Y + 7 * mm, nfc("Đã hoàn thành"))
    stamp = "(Ký, ghi rõ họ tên, đóng dấu)"
    signers = [Signer("", "", ""), Signer("Thủ trưởng đơn vị", unit.head, stamp, office=head)]
    _place(canv, signature_block(signers, _WIDTH, space=16 * mm), _SIGN_TOP - 6 * mm)
    canv.endForm()


def _class_form(canv: Canvas, name: str, entry: CertificateEntry, place: str) -> None:
    canv.beginForm(name)
    canv.setFont(ITALIC, 12.5)
    day = nfc(date_line(place, entry.issued_on))
    canv.drawCentredString(_LEFT + _WIDTH * 0.75, _SIGN_TOP, day)
    canv.setFont(BOLD, 13)
    y = _CLASS_Y
    for line in fit_lines(nfc(entry.activity_title), BOLD, 13, _WIDTH)[:3]:
        canv.drawCentredString(_CX, y, line)
        y -= 16
    when = dates_text(entry.start, entry.end)
    if when:
        canv.setFont(ITALIC, 13)
        canv.drawCentredString(_CX, y, nfc(when))
        y -= 16
    if entry.venue.strip():
        canv.setFont(REGULAR, 13)
        canv.drawCentredString(_CX, y, nfc(f"Tại: {entry.venue}"))
    canv.endForm()


def _honorific(entry: CertificateEntry) -> str:
    return {"M": "Ông", "F": "Bà"}.get(entry.gender or "", "Ông/Bà")


def _page(canv: Canvas, entry: CertificateEntry, forms: str) -> None:
    """The learner's lines over the plan's and the class's forms (`forms`: their operators).
    The text goes out as operators (reports.grid.TextWriter, its encodings cached per
    document): drawString's text objects were half the time of a campaign's 17,000 pages."""
    text = TextWriter(canv)
    label = nfc(f"{_honorific(entry)}: ")
    name = nfc(entry.full_name)
    label_w = text_width(label, REGULAR, 13)
    name_w = canv.stringWidth(name, BOLD, 18)  # not cached: every name is another
    x = _CX - (label_w + name_w) / 2
    text.show(REGULAR, 13, x, _NAME_Y, label)
    text.show(BOLD, 18, x + label_w, _NAME_Y, name)
    y = _NAME_Y - 16
    if entry.birth_year:
        _centred(text, REGULAR, 13, y, f"Sinh năm: {entry.birth_year}")
        y -= 16
    if entry.position.strip():
        for line in fit_lines(nfc(f"Chức vụ, đơn vị: {entry.position}"), REGULAR, 13, _WIDTH)[:2]:
            _centred(text, REGULAR, 13, y, line)
            y -= 16
    _centred(
        text,
        BOLD,
        13,
        _SIGN_TOP - 12 * mm,
        nfc(f"Số vào sổ: {entry.number_text}"),
        _LEFT + _WIDTH * 0.25,
    )
    add_page(canv, f"{forms}\n{text.code()}")


def _centred(
    text: TextWriter, font: str, size: float, y: float, line: str, centre: float = _CX
) -> None:
    text.show(font, size, centre - text_width(line, font, size) / 2, y, line)


def write_certificates_pdf(sheet: CertificateSheet, path: str | os.PathLike[str]) -> Path:
    """One page per certificate, in register order."""
    if not sheet.entries:
        raise ValueError("không có học viên nào đủ điều kiện cấp giấy chứng nhận")
    register_fonts()
    target = Path(path)
    previous = rl_config.useA85
    rl_config.useA85 = 0  # as reports.pages: no 7-bit wrapping of the streams
    try:
        with atomic_output(target) as tmp:
            canv = Canvas(str(tmp), pagesize=(_W, _H), initialFontName=REGULAR)
            canv.setTitle(nfc(sheet.title))
            canv.setSubject(nfc(sheet.plan_title))
            canv.setAuthor("TapHuan")
            canv.setCreator("TapHuan")
            _static_form(canv, sheet)
            forms: dict[tuple[object, ...], str] = {}
            placed: dict[str, str] = {}  # form name -> operators placing it over the plan's
            plan = form_operator(canv, "plan")
            for entry in sheet.entries:
                key = (entry.activity_title, entry.start, entry.end, entry.venue, entry.issued_on)
                if key not in forms:
                    forms[key] = name = f"class{len(forms)}"
                    _class_form(canv, name, entry, sheet.unit.place)
                    placed[name] = f"{plan}\n{form_operator(canv, name)}"
                _page(canv, entry, placed[forms[key]])
            make_lean(canv, ["plan", *forms.values()])
            canv.save()
    finally:
        rl_config.useA85 = previous
    return target
