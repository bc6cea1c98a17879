"""Name badges (2 × 5 on A4, 90 × 54 mm) and desk cards (2 × 4, 95 × 66 mm) with the person's
check-in QR code, drawn straight on the canvas with light cutting guides.

The QR code is drawn from reportlab's encoder (reportlab.graphics.barcode.qrencoder, the one
reportlab.graphics.barcode.qr wraps) as one filled path of row runs: a campaign prints 17,000
cards and a drawing object per module would be ~15 times slower. Its text is `Badge.qr`, the
CCCD number the check-in box accepts (models.papers.forms.check_in_payload).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from models.papers.forms import Badge, BadgeKind, BadgeSheet
from reports.fonts import BOLD, ITALIC, REGULAR
from reports.pages import PageLayout, SectionStart, build_pdf
from reports.text import fit_lines, nfc, text_width

__all__ = ["card_layout", "qr_matrix", "write_badges_pdf"]


@dataclass(frozen=True, slots=True)
class CardLayout:
    columns: int
    rows: int
    width: float  # points
    height: float
    qr: float  # side of the QR code
    name_size: float  # largest font size of the name

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def page(self) -> PageLayout:
        """A4 with the cards centred; the top margin keeps the page number clear of them."""
        a4_w, a4_h = (float(v) for v in A4)
        side = (a4_w - self.columns * self.width) / 2
        spare = a4_h - self.rows * self.height
        top = max(spare * 0.55, 14 * mm)
        return PageLayout(a4_w, a4_h, top=top, bottom=spare - top - 1, left=side, right=side)


_LAYOUTS: dict[BadgeKind, CardLayout] = {
    "badge": CardLayout(2, 5, 90 * mm, 54 * mm, qr=24 * mm, name_size=16),
    "desk": CardLayout(2, 4, 95 * mm, 66 * mm, qr=26 * mm, name_size=22),
}


def card_layout(kind: BadgeKind) -> CardLayout:
    return _LAYOUTS[kind]


#: Version 1, error correction M, holds 34 digits: a CCCD number (12) fits.
_SMALL_VERSION = 1
_SMALL_DIGITS = 34
#: Any of the eight masks makes a valid code; choosing the best by its penalty score tries all
#: eight and costs ten times as much (17,000 cards: ~2 minutes), for no gain a scanner notices
#: on a code this small.
_MASK = 0
_CCCD_DIGITS = 12


def _encode(text: str) -> list[list[bool]]:
    """reportlab's encoder: version 1 and a fixed mask for short numbers, else its own choice."""
    if text.isdigit() and text.isascii() and len(text) <= _SMALL_DIGITS:
        code = qrencoder.QRCode(_SMALL_VERSION, qrencoder.QRErrorCorrectLevel.M)
        code.addData(text)
        code.makeImpl(False, _MASK)
    else:
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(text)
        code.make()
    return [[bool(m) for m in row] for row in code.modules]


def _as_int(matrix: list[list[bool]]) -> int:
    return int("".join("1" if m else "0" for row in matrix for m in row), 2)


@cache
def _cccd_basis() -> tuple[int, tuple[int, ...]]:
    """A 12-digit code as an affine function of its 40 data bits (four 3-digit groups of 10
    bits, numeric mode): the length, terminator and padding are fixed, and Reed-Solomon,
    placement and masking are linear over GF(2). So the code of any number is the code of
    000000000000 XOR the codes of the bits it sets: a few big-integer XORs instead of an
    encoder run (0.5 ms) per card. tests/reports/test_badges.py checks it against the encoder.
    """
    base = _as_int(_encode("0" * _CCCD_DIGITS))
    basis = []
    for group in range(_CCCD_DIGITS // 3):
        for bit in range(10):
            digits = ["000"] * (_CCCD_DIGITS // 3)
            digits[group] = f"{1 << bit:03d}"
            basis.append(_as_int(_encode("".join(digits))) ^ base)
    return base, tuple(basis)


def _qr_rows(text: str) -> list[str]:
    """The code's rows as strings of "0" and "1"."""
    if not (len(text) == _CCCD_DIGITS and text.isdigit() and text.isascii()):
        return ["".join("1" if m else "0" for m in row) for row in _encode(text)]
    bits, basis = _cccd_basis()
    for group in range(_CCCD_DIGITS // 3):
        value = int(text[group * 3 : group * 3 + 3])
        for bit in range(10):
            if value >> bit & 1:
                bits ^= basis[group * 10 + bit]
    size = 17 + 4 * _SMALL_VERSION
    flat = format(bits, f"0{size * size}b")
    return [flat[r * size : (r + 1) * size] for r in range(size)]


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of `text`'s QR code (error correction M: a worn card still scans)."""
    return [[ch == "1" for ch in row] for row in _qr_rows(text)]


_RUNS = re.compile("1+")
#: Move down one module: each row is written at y = 0 and the next row moved under it.
_NEXT_ROW = "1 0 0 1 0 -1 cm"


@lru_cache(maxsize=1 << 16)
def _row_ops(row: str) -> str:
    """One row's dark runs as rectangles at y = 0, in module units (four of quiet zone), filled
    (a path may not span a `cm`). Cached: rows through the finder patterns repeat."""
    # 4 % into the row below: rows filled one by one would otherwise show hairline seams on
    # screen (anti-aliasing); a scanner does not notice a module 4 % taller.
    runs = " ".join(
        f"{m.start() + 4} -.04 {m.end() - m.start()} 1.04 re" for m in _RUNS.finditer(row)
    )
    return f"{runs} f" if runs else ""


def _draw_qr(canv: Canvas, text: str, x: float, y: float, side: float) -> None:
    rows = _qr_rows(text)
    n = len(rows) + 8  # four modules of quiet zone on every side
    # Literal operators in module units, one cached string per row: reportlab's path objects
    # format every coordinate of every rectangle, ten times slower for 17,000 codes.
    ops = f" {_NEXT_ROW}\n".join(_row_ops(row) for row in rows)
    canv.saveState()
    canv.transform(side / n, 0, 0, side / n, x, y + side - 5 * side / n)
    canv.addLiteral(ops)
    canv.restoreState()


def _name_lines(name: str, width: float, largest: float) -> tuple[tuple[str, ...], float]:
    """The name on one line at the largest size that fits (down to 11 pt), else two lines."""
    size = largest
    while size > 11 and text_width(name, BOLD, size) > width:
        size -= 0.5
    if text_width(name, BOLD, size) <= width:
        return (name,), size
    return fit_lines(name, BOLD, size, width)[:2], size


def _header_form(
    canv: Canvas, sheet: BadgeSheet, title: str, lay: CardLayout, with_qr: bool
) -> tuple[str, float]:
    """What every card of a class shares (the unit, the class, the QR caption), drawn once as
    a PDF form in card coordinates; its name and the y under the text lines."""
    forms: dict[tuple[str, bool], tuple[str, float]] = canv.__dict__.setdefault("_badge_forms", {})
    key = (title, with_qr)
    if key in forms:
        return forms[key]
    name = f"badge{len(forms)}"
    pad = 3.5 * mm
    text_w = lay.width - 2 * pad - (lay.qr + 2 * mm if with_qr else 0)
    cx = pad + text_w / 2
    top = lay.height - pad
    canv.beginForm(name)
    canv.setFont(REGULAR, 7.5)
    for line in fit_lines(nfc(sheet.unit.name.upper()), REGULAR, 7.5, text_w)[:2]:
        top -= 8
        canv.drawCentredString(cx, top, line)
    canv.setFont(ITALIC, 8)
    for line in fit_lines(nfc(title), ITALIC, 8, text_w)[:2]:
        top -= 9
        canv.drawCentredString(cx, top, line)
    if with_qr:
        qx = lay.width - pad - lay.qr
        qy = (lay.height - lay.qr) / 2
        canv.setFont(REGULAR, 6.5)
        canv.drawCentredString(qx + lay.qr / 2, qy - 1.5 * mm, "Quét để điểm danh")
    canv.endForm()
    forms[key] = (name, top)
    return name, top


def _draw_card(
    canv: Canvas, card: Badge, sheet: BadgeSheet, lay: CardLayout, x: float, y: float
) -> None:
    pad = 3.5 * mm
    qr_side = lay.qr if card.qr else 0.0
    text_w = lay.width - 2 * pad - (qr_side + 2 * mm if qr_side else 0)
    cx = x + pad + text_w / 2
    form, top = _header_form(canv, sheet, card.activity_title or sheet.title, lay, bool(card.qr))
    canv.saveState()
    canv.translate(x, y)
    canv.doForm(form)
    canv.restoreState()
    top += y
    # The name in the middle of what is left, the position under it.
    name = nfc(card.full_name)
    lines, size = _name_lines(name, text_w, lay.name_size)
    position = fit_lines(nfc(card.position), REGULAR, 8.5, text_w)[:2]
    block = len(lines) * size * 1.15 + len(position) * 10.5
    bottom = y + pad
    base = bottom + (top - bottom + block) / 2 - size
    canv.setFont(BOLD, size)
    for line in lines:
        canv.drawCentredString(cx, base, line)
        base -= size * 1.15
    canv.setFont(REGULAR, 8.5)
    for line in position:
        base -= 1
        canv.drawCentredString(cx, base + size * 0.15, line)
        base -= 10.5
    if card.qr:
        qx = x + lay.width - pad - qr_side
        qy = y + (lay.height - qr_side) / 2
        _draw_qr(canv, card.qr, qx, qy, qr_side)


class _CardPage(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """One sheet of cards; fills the frame, so the next one starts a page."""

    def __init__(self, sheet: BadgeSheet, cards: Sequence[Badge], lay: CardLayout) -> None:
        super().__init__()
        self.sheet, self.cards, self.lay = sheet, cards, lay

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.lay.columns * self.lay.width, self.lay.rows * self.lay.height

    def draw(self) -> None:
        canv, lay = self.canv, self.lay
        height = lay.rows * lay.height
        for index, card in enumerate(self.cards):
            row, col = divmod(index, lay.columns)
            _draw_card(
                canv, card, self.sheet, lay, col * lay.width, height - (row + 1) * lay.height
            )
        # Cutting guides: thin dashed grey lines around every card.
        canv.saveState()
        canv.setStrokeColorRGB(0.6, 0.6, 0.6)
        canv.setLineWidth(0.3)
        canv.setDash(2, 2)
        width = lay.columns * lay.width
        for r in range(lay.rows + 1):
            canv.line(0, r * lay.height, width, r * lay.height)
        for c in range(lay.columns + 1):
            canv.line(c * lay.width, 0, c * lay.width, height)
        canv.restoreState()


def write_badges_pdf(sheet: BadgeSheet, path: str | os.PathLike[str]) -> Path:
    """The cards, `sheet.per_page` to an A4 sheet, in the sheet's order."""
    lay = card_layout(sheet.kind)
    cards = sheet.badges
    pages = [
        _CardPage(sheet, cards[i : i + lay.per_page], lay)
        for i in range(0, len(cards), lay.per_page)
    ]
    if not pages:
        raise ValueError("không có học viên nào để in thẻ")
    return build_pdf(
        path, [SectionStart(), *pages], lay.page(), title=sheet.title, subject="Thẻ học viên"
    )
