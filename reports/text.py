"""Text for the papers: NFC before drawing, escaping for Paragraph, wrapping to a width, the
paragraph styles.

reportlab draws a decomposed tone mark as a separate glyph and places it badly, so every
string is composed (NFC) before it is measured or drawn; widths are cached because a
17,000-row campaign measures the same names over and over.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from reports.fonts import BOLD, ITALIC, REGULAR, register_fonts

# --- text ---------------------------------------------------------------------------------


# --- text ---------------------------------------------------------------------------------


def nfc(text: str) -> str:
    """Compose tone marks (NFD → NFC); reportlab misplaces combining marks."""
    return unicodedata.normalize("NFC", text)


def para(text: str) -> str:
    """Plain text made safe for a Paragraph: NFC, then XML-escaped (&, <, >)."""
    return escape(nfc(text))


@lru_cache(maxsize=1 << 16)
def text_width(text: str, font: str, size: float) -> float:
    # Rosters repeat the same villages, communes and ethnicities thousands of times.
    return float(stringWidth(text, font, size))


@lru_cache(maxsize=1 << 16)
def fit_lines(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """Break `text` into lines no wider than `width`; a word too long is cut by characters.

    Cached: a roster repeats the same positions, villages and communes thousands of times.
    Greedy word wrap on cached word widths (reportlab does not kern, so widths add up).
    """
    if not text:
        return ()
    if text_width(text, font, size) <= width:
        return (text,)
    space = text_width(" ", font, size)
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in text.split(" "):  # not at no-break spaces (`one_name`)
        if not word:
            continue
        w = text_width(word, font, size)
        if current and used + space + w <= width:
            current.append(word)
            used += space + w
            continue
        if current:
            lines.append(" ".join(current))
        while w > width and len(word) > 1:
            cut = _longest_prefix(word, font, size, width)
            lines.append(word[:cut])
            word = word[cut:]  # noqa: PLW2901 - the rest of an over-long word
            w = text_width(word, font, size)
        current, used = [word], w
    if current:
        lines.append(" ".join(current))
    return tuple(lines)


NBSP = "\u00a0"


@lru_cache(maxsize=1 << 14)
def one_name(name: str) -> str:
    """A place name that wraps as one word (no-break spaces): "Xã Ma Li Pho" is never cut
    into "Xã Ma" and "Li Pho"; too wide for its cell, it is drawn smaller (reports.grid)."""
    return NBSP.join(name.split())


def _longest_prefix(word: str, font: str, size: float, width: float) -> int:
    """Length of the longest prefix of `word` that fits; at least 1 so wrapping progresses."""
    cut = len(word) - 1
    while cut > 1 and text_width(word[:cut], font, size) > width:
        cut -= 1
    return cut


# --- styles -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PdfStyles:
    agency: ParagraphStyle  # parent agency, upper-case regular
    unit: ParagraphStyle  # unit name, upper-case bold
    small_center: ParagraphStyle  # "Mã QHNS: …"
    nation: ParagraphStyle  # CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    motto: ParagraphStyle  # Độc lập - Tự do - Hạnh phúc (underlined)
    date_line: ParagraphStyle  # italic place-date line
    title: ParagraphStyle  # paper title, bold 14
    subtitle: ParagraphStyle  # class name, bold 13
    center: ParagraphStyle  # regular 13, centred
    italic_center: ParagraphStyle
    heading: ParagraphStyle  # bold 13, left: sub-headings inside a paper
    body: ParagraphStyle  # regular 13, left
    sign_title: ParagraphStyle
    sign_hint: ParagraphStyle
    sign_name: ParagraphStyle
    sign_date: ParagraphStyle  # the place-date line over the last signer
    words: ParagraphStyle  # "Số tiền bằng chữ: …", italic 13, left


def _style(name: str, font: str, size: float, align: int = TA_CENTER, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=font, fontSize=size, leading=round(size * 1.2, 1), alignment=align, **kw
    )


@cache
def styles() -> PdfStyles:
    register_fonts()
    return PdfStyles(
        agency=_style("agency", REGULAR, 12),
        unit=_style("unit", BOLD, 12),
        small_center=_style("small_center", REGULAR, 12),
        nation=_style("nation", BOLD, 12),
        motto=_style("motto", BOLD, 13),
        date_line=_style("date_line", ITALIC, 13, spaceBefore=6),
        title=_style("title", BOLD, 14, spaceAfter=2),
        subtitle=_style("subtitle", BOLD, 13, spaceAfter=2),
        center=_style("center", REGULAR, 13),
        italic_center=_style("italic_center", ITALIC, 13),
        heading=_style("heading", BOLD, 13, TA_LEFT, spaceBefore=4, spaceAfter=4),
        body=_style("body", REGULAR, 13, TA_LEFT),
        sign_title=_style("sign_title", BOLD, 13),
        sign_hint=_style("sign_hint", ITALIC, 12),
        sign_name=_style("sign_name", BOLD, 13),
        sign_date=_style("sign_date", ITALIC, 13, spaceAfter=2),  # ND30: 13–14 pt
        words=_style("words", ITALIC, 13, TA_LEFT, spaceBefore=2),
    )
