"""Page machinery shared by every PDF paper (Nghị định 30/2020/NĐ-CP, Phụ lục I).

* A4 portrait, or landscape for wide tables, with the decree's margins;
* page numbers "x/y" centred at the top from page 2 (page 1 carries none), restarting for
  each section when several papers share one file;
* the header block (agency top left, national title and motto top right, date line);
* title styles and the signature block;
* `GridTable`: a fast, page-splitting table drawn straight on the canvas, with the header
  rows repeated on every page. Platypus' Table costs ~1.4 ms per row; this costs a fraction
  of that, which matters for 17,000-person campaigns;
* atomic output: a failed build leaves neither a half file nor a temporary one.

All text is put in Unicode NFC before it is drawn: reportlab draws a decomposed tone mark
as a separate glyph and places it badly.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import unicodedata
import weakref
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, Literal, NamedTuple
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from models.papers.data import PaperHeading, UnitInfo
from models.text.words import amount_in_words, date_line, short_date
from reports.fonts import BOLD, ITALIC, REGULAR, register_fonts
from reports.numbers import money_dong

__all__ = [
    "LANDSCAPE_TABLE",
    "LANDSCAPE_WIDE",
    "PORTRAIT",
    "Align",
    "Column",
    "GridTable",
    "HeaderCell",
    "NumberedCanvas",
    "PageLayout",
    "PdfStyles",
    "SectionStart",
    "Signer",
    "Span",
    "accounting_signers",
    "atomic_output",
    "build_pdf",
    "build_sections",
    "dates_text",
    "file_names",
    "fit_lines",
    "nd30_header",
    "nfc",
    "paper_heading",
    "para",
    "signature_block",
    "slug",
    "styles",
    "total_lines",
]

Align = Literal["left", "center", "right"]


# --- text ---------------------------------------------------------------------------------


def nfc(text: str) -> str:
    """Compose tone marks (NFD → NFC); reportlab misplaces combining marks."""
    return unicodedata.normalize("NFC", text)


def para(text: str) -> str:
    """Plain text made safe for a Paragraph: NFC, then XML-escaped (&, <, >)."""
    return escape(nfc(text))


@lru_cache(maxsize=1 << 16)
def _width(text: str, font: str, size: float) -> float:
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
    if _width(text, font, size) <= width:
        return (text,)
    space = _width(" ", font, size)
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in text.split():
        w = _width(word, font, size)
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
            w = _width(word, font, size)
        current, used = [word], w
    if current:
        lines.append(" ".join(current))
    return tuple(lines)


def _longest_prefix(word: str, font: str, size: float, width: float) -> int:
    """Length of the longest prefix of `word` that fits; at least 1 so wrapping progresses."""
    cut = len(word) - 1
    while cut > 1 and _width(word[:cut], font, size) > width:
        cut -= 1
    return cut


# --- page layout --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageLayout:
    """Page size and margins, in points."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.height - self.top - self.bottom


_A4_W, _A4_H = (float(v) for v in A4)
_LAND_W, _LAND_H = (float(v) for v in landscape(A4))

#: ND30: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
PORTRAIT = PageLayout(_A4_W, _A4_H, top=20 * mm, bottom=20 * mm, left=30 * mm, right=15 * mm)
#: Landscape tables: the decree's margins are written for portrait pages. A landscape page
#: is bound along its top edge, so the left margin is not the binding margin; 25 mm keeps a
#: generous edge and gives the sign-in table ~12 mm more for signature columns.
LANDSCAPE_TABLE = PageLayout(
    _LAND_W, _LAND_H, top=20 * mm, bottom=20 * mm, left=25 * mm, right=15 * mm
)
#: Landscape tables that still do not fit (e.g. a sign-in sheet with more than 4 buổi).
LANDSCAPE_WIDE = PageLayout(
    _LAND_W, _LAND_H, top=20 * mm, bottom=20 * mm, left=20 * mm, right=15 * mm
)

_PAGE_NUMBER_SIZE = 13.0  # ND30: page numbers 13–14 pt


class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Two-pass canvas: pages are kept until `save`, when the total is known, then each page
    from the second on gets "x/y" centred at the top. `mark_section_start` restarts the
    numbering, so several papers can share one file and each still starts unnumbered."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []
        self._section_starts: list[int] = [1]

    def mark_section_start(self) -> None:
        page = int(self.getPageNumber())
        if page not in self._section_starts:
            self._section_starts.append(page)

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages = self._saved_pages
        starts = sorted(self._section_starts)
        ends = [*starts[1:], len(pages) + 1]
        for start, end in zip(starts, ends, strict=True):
            total = end - start
            for page in range(start, end):
                self.__dict__.update(pages[page - 1])
                if page > start:
                    self._draw_page_number(page - start + 1, total)
                super().showPage()
        super().save()

    def _draw_page_number(self, number: int, total: int) -> None:
        width, height = self._pagesize
        self.saveState()
        self.setFont(REGULAR, _PAGE_NUMBER_SIZE)
        # Centred in the top margin (20 mm): baseline 12 mm below the edge.
        self.drawCentredString(width / 2, height - 12 * mm, f"{number}/{total}")
        self.restoreState()


class SectionStart(Flowable):  # type: ignore[misc]
    """Zero-size marker: the page it lands on is page 1 of a new numbering section."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        mark = getattr(self.canv, "mark_section_start", None)
        if mark is not None:
            mark()


@contextmanager
def atomic_output(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to `target`; on success it replaces `target`, on any
    failure it is removed. A missing directory fails at once, before anything is written."""
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    # O_EXCL: never clobber someone else's file; mode 0o666 lets the umask decide, unlike
    # mkstemp's 0o600, so the final PDF has the permissions of a normally written file.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        with suppress(FileNotFoundError):
            tmp.unlink()
        raise


def build_pdf(
    path: str | os.PathLike[str],
    story: Sequence[Flowable],
    layout: PageLayout = PORTRAIT,
    *,
    title: str = "",
    subject: str = "",
) -> Path:
    """Lay out `story` on numbered pages of `layout` and write it atomically to `path`."""
    register_fonts()
    target = Path(path)
    with atomic_output(target) as tmp:
        doc = BaseDocTemplate(
            str(tmp),
            pagesize=(layout.width, layout.height),
            leftMargin=layout.left,
            rightMargin=layout.right,
            topMargin=layout.top,
            bottomMargin=layout.bottom,
            title=nfc(title),
            subject=nfc(subject),
            author="TapHuan",
            creator="TapHuan",
            # Otherwise the canvas starts in Helvetica and the PDF lists an unembedded font.
            initialFontName=REGULAR,
        )
        frame = Frame(
            layout.left,
            layout.bottom,
            layout.frame_width,
            layout.frame_height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        with _binary_streams():
            doc.build(list(story), canvasmaker=NumberedCanvas)
    return target


@contextmanager
def _binary_streams() -> Iterator[None]:
    # ASCII85 wrapping of compressed streams only serves 7-bit mail transports; without the
    # optional C accelerator it is a third of the save time and makes files 25 % larger.
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous


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
        sign_date=_style("sign_date", ITALIC, 12.5, spaceAfter=2),
        words=_style("words", ITALIC, 13, TA_LEFT, spaceBefore=2),
    )


# --- header and signatures ----------------------------------------------------------------

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def nd30_header(
    unit: UnitInfo, day: dt.date | None, width: float, *, with_date: bool = True
) -> Flowable:
    """ND30 header: agency block top left, national title and motto top right, the italic
    place-date line under the motto (`with_date=False`: papers that date above the signers)."""
    st = styles()
    left_w = min(width * 0.45, 115 * mm)
    left: list[Flowable] = []
    if unit.parent.strip():
        left.append(Paragraph(para(unit.parent.upper()), st.agency))
    left.append(Paragraph(para(unit.name.upper()), st.unit))
    # ND30: a short rule under the agency name, a third to a half of its length.
    left.append(HRFlowable(width="35%", thickness=0.6, color="black", spaceBefore=2, spaceAfter=2))
    if unit.qhns_code.strip():
        left.append(Paragraph(para(f"Mã QHNS: {unit.qhns_code}"), st.small_center))
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
        Spacer(1, 3 * mm),
        *total_lines(total),
        Spacer(1, 3 * mm),
        signature_block(accounting_signers(unit), width, date_text=date_line(unit.place, day)),
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
    keep: float = 70 * mm,
) -> list[Flowable]:
    """A paper's whole story: the ND30 header, its heading, the table, then the footer kept
    together on one page (a page break first when less than `keep` is left)."""
    return [
        nd30_header(unit, day, width, with_date=with_date),
        Spacer(1, 5 * mm),
        *paper_heading(title, heading),
        Spacer(1, 4 * mm),
        table,
        CondPageBreak(keep),
        KeepTogether(footer),
    ]


def accounting_signers(unit: UnitInfo) -> list[Signer]:
    """Người lập biểu, Kế toán trưởng, Thủ trưởng đơn vị, with the unit's names."""
    return [
        Signer("Người lập biểu", unit.preparer),
        Signer("Kế toán trưởng", unit.chief_accountant),
        Signer(
            "Thủ trưởng đơn vị", unit.head, "(Ký, ghi rõ họ tên, đóng dấu)", office=unit.head_title
        ),
    ]


def slug(text: str) -> str:
    """ASCII file-name slug: "Lớp 1 - Đạo" -> "lop-1-dao"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def file_names(prefix: str, keys: Sequence[tuple[str, str]]) -> list[str]:
    """One unique "<prefix>-<slug>.pdf" per (code, title): the code's slug, else the title's,
    else the position; repeats get "-2", "-3"."""
    seen: set[str] = set()
    names: list[str] = []
    for index, (code, title) in enumerate(keys):
        stem = f"{prefix}-{slug(code) or slug(title) or f'{index + 1:03d}'}"
        name, n = f"{stem}.pdf", 2
        while name in seen:
            name, n = f"{stem}-{n}.pdf", n + 1
        seen.add(name)
        names.append(name)
    return names


def build_sections(
    path: str | os.PathLike[str],
    stories: Sequence[Sequence[Flowable]],
    layout: PageLayout,
    *,
    title: str = "",
) -> Path:
    """Several papers in one PDF: each starts a page and its own page numbering."""
    if not stories:
        raise ValueError("no papers to write")
    story: list[Flowable] = []
    for index, part in enumerate(stories):
        if index:
            story.append(PageBreak())
        story.append(SectionStart())
        story.extend(part)
    return build_pdf(path, story, layout, title=title)


# --- the fast grid table ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    width: float
    align: Align = "left"
    font: str = REGULAR


@dataclass(frozen=True, slots=True)
class HeaderCell:
    text: str
    col: int
    row: int
    colspan: int = 1
    rowspan: int = 1
    font: str = BOLD


@dataclass(frozen=True, slots=True)
class Span:
    """A body cell covering `colspan` columns (no inner rules drawn for that row), or a single
    cell (colspan 1) that differs from its column: another alignment or font (a bold total)."""

    text: str
    colspan: int = 1
    align: Align = "center"
    font: str = ""  # "" = the column's font


Cell = str | Span


# NamedTuples, not frozen dataclasses: a campaign lays out ~200,000 cells and a frozen
# dataclass pays an object.__setattr__ per field.
class _Placed(NamedTuple):
    x0: float  # left edge, relative to the table
    x1: float
    lines: tuple[str, ...]
    font: str
    align: Align


class _Row(NamedTuple):
    height: float
    cells: tuple[_Placed, ...]  # empty cells are left out
    joined: tuple[int, ...]  # inner column boundaries not ruled in this row


@dataclass(frozen=True, slots=True)
class _HeaderBox:
    x0: float
    x1: float
    y0: float  # from the top of the header, downwards
    y1: float
    lines: tuple[str, ...]
    font: str


@dataclass(frozen=True, slots=True)
class _Grid:
    """Everything that does not change when the table is split across pages."""

    edges: tuple[float, ...]  # column boundaries, x
    header: tuple[_HeaderBox, ...]
    header_height: float
    font_size: float
    header_font_size: float
    leading: float
    header_leading: float
    padding: float
    line_width: float


class GridTable(Flowable):  # type: ignore[misc]
    """A ruled table drawn directly with canvas operators.

    Cells are plain strings wrapped with `fit_lines` (no Paragraph, no per-cell style), so a
    roster of thousands renders in a fraction of platypus' Table time. It splits between
    rows and draws its header rows again on every page.
    """

    def __init__(
        self,
        columns: Sequence[Column],
        header: Sequence[HeaderCell],
        rows: Sequence[Sequence[Cell]],
        *,
        font_size: float = 11.0,
        header_font_size: float = 11.0,
        min_row_height: float = 9 * mm,
        min_header_row_height: float = 6 * mm,
        padding: float = 1.5,
        line_width: float = 0.5,
    ) -> None:
        super().__init__()
        register_fonts()
        edges = tuple(accumulate((c.width for c in columns), initial=0.0))
        header_rows = max((h.row + h.rowspan for h in header), default=0)
        leading = round(font_size * 1.12, 2)
        header_leading = round(header_font_size * 1.12, 2)
        boxes, header_height = _layout_header(
            header,
            edges,
            header_rows,
            header_font_size,
            header_leading,
            padding,
            min_header_row_height,
        )
        self._grid = _Grid(
            edges=edges,
            header=boxes,
            header_height=header_height,
            font_size=font_size,
            header_font_size=header_font_size,
            leading=leading,
            header_leading=header_leading,
            padding=padding,
            line_width=line_width,
        )
        self._rows = tuple(
            _layout_row(row, columns, edges, font_size, leading, padding, min_row_height)
            for row in rows
        )
        self._cumulative: tuple[float, ...] = ()

    @classmethod
    def _from_parts(cls, grid: _Grid, rows: tuple[_Row, ...]) -> GridTable:
        part: GridTable = cls.__new__(cls)
        Flowable.__init__(part)
        part._grid = grid
        part._rows = rows
        part._cumulative = ()
        return part

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def _heights(self) -> tuple[float, ...]:
        if not self._cumulative:
            self._cumulative = tuple(accumulate(r.height for r in self._rows))
        return self._cumulative

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        heights = self._heights()
        self.width = self._grid.edges[-1]
        self.height = self._grid.header_height + (heights[-1] if heights else 0.0)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - self._grid.header_height
        fit = bisect_right(self._heights(), room + 1e-6)
        if fit <= 0:
            return []  # not even one row here: platypus moves us to the next page
        if fit >= len(self._rows):
            return [self]
        return [
            GridTable._from_parts(self._grid, self._rows[:fit]),
            GridTable._from_parts(self._grid, self._rows[fit:]),
        ]

    def draw(self) -> None:
        g = self._grid
        canv = self.canv
        top = self.height
        right = g.edges[-1]
        segments: list[tuple[float, float, float, float]] = []
        text = _TextWriter(canv)

        def put(
            lines: tuple[str, ...],
            font: str,
            size: float,
            leading: float,
            x0: float,
            x1: float,
            y_mid: float,
            align: Align,
        ) -> None:
            # Centre the block of lines vertically; 0.25 em below the middle puts the
            # x-height band on the cell's centre line.
            y = y_mid + (len(lines) - 1) * leading / 2 - 0.25 * size
            for line in lines:
                if align == "left":
                    x = x0 + g.padding
                elif align == "right":
                    x = x1 - g.padding - _width(line, font, size)
                else:
                    x = (x0 + x1 - _width(line, font, size)) / 2
                text.show(font, size, x, y, line)
                y -= leading

        # Header: each box ruled on all sides (shared edges drawn twice cost nothing visible).
        for box in g.header:
            y_top, y_bottom = top - box.y0, top - box.y1
            segments += [
                (box.x0, y_top, box.x1, y_top),
                (box.x0, y_bottom, box.x1, y_bottom),
                (box.x0, y_bottom, box.x0, y_top),
                (box.x1, y_bottom, box.x1, y_top),
            ]
            if box.lines:
                mid = (y_top + y_bottom) / 2
                put(
                    box.lines,
                    box.font,
                    g.header_font_size,
                    g.header_leading,
                    box.x0,
                    box.x1,
                    mid,
                    "center",
                )

        # Body: one horizontal rule under each row; verticals run unbroken until a row
        # joins cells across them.
        y = top - g.header_height
        body_top = y
        run_top = [body_top] * len(g.edges)
        for row in self._rows:
            y_bottom = y - row.height
            y_mid = (y + y_bottom) / 2
            for placed in row.cells:
                put(placed.lines, placed.font, g.font_size, g.leading, placed.x0, placed.x1,
                    y_mid, placed.align)  # fmt: skip
            for i in row.joined:
                if run_top[i] > y:
                    segments.append((g.edges[i], y, g.edges[i], run_top[i]))
                run_top[i] = y_bottom
            segments.append((0.0, y_bottom, right, y_bottom))
            y = y_bottom
        segments.append((0.0, y, 0.0, body_top))
        segments.append((right, y, right, body_top))
        for i in range(1, len(g.edges) - 1):
            if run_top[i] > y:
                segments.append((g.edges[i], y, g.edges[i], run_top[i]))

        canv.saveState()
        canv.setLineWidth(g.line_width)
        canv.addLiteral(_path(segments))
        canv.addLiteral(text.code())
        canv.restoreState()


def _path(segments: Sequence[tuple[float, float, float, float]]) -> str:
    """One stroked path for all rules. Formatting numbers here, rather than through
    canvas.lines(), avoids reportlab's pure-Python number formatter (the slowest part of a
    big roster when the optional rl_accel extension is not installed)."""
    ops = [f"{x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l" for x0, y0, x1, y1 in segments]
    ops.append("S")
    return "\n".join(ops)


# Encoded text per document: a dynamic (TrueType) font assigns glyph codes per document,
# so the cache is keyed by the document and dies with it.
_ENCODED: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], tuple[tuple[str, str], ...]]]
_ENCODED = weakref.WeakKeyDictionary()


class _TextWriter:
    """Text operators for many short strings in one BT…ET block.

    Follows reportlab's documented recipe for dynamic fonts (`splitString` and
    `getSubsetInternalName`, see reportlab.pdfbase.ttfonts) and caches the encoded chunks:
    a roster repeats the same villages, communes and positions thousands of times.
    """

    def __init__(self, canv: Canvas) -> None:
        self._doc = canv._doc
        self._escape = canv._escape
        self._cache = _ENCODED.setdefault(self._doc, {})
        self._ops: list[str] = ["BT"]
        self._current = ("", 0.0)

    def _encode(self, font_name: str, text: str) -> tuple[tuple[str, str], ...]:
        key = (font_name, text)
        chunks = self._cache.get(key)
        if chunks is None:
            font = getFont(font_name)
            chunks = tuple(
                (font.getSubsetInternalName(subset, self._doc), f"({self._escape(part)}) Tj")
                for subset, part in font.splitString(text, self._doc)
            )
            self._cache[key] = chunks
        return chunks

    def show(self, font_name: str, size: float, x: float, y: float, text: str) -> None:
        ops = self._ops
        ops.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        for pdf_font, show in self._encode(font_name, text):
            if (pdf_font, size) != self._current:
                ops.append(f"{pdf_font} {size:g} Tf")
                self._current = (pdf_font, size)
            ops.append(show)

    def code(self) -> str:
        return "\n".join([*self._ops, "ET"])


def _layout_row(
    row: Sequence[Cell],
    columns: Sequence[Column],
    edges: tuple[float, ...],
    size: float,
    leading: float,
    padding: float,
    min_height: float,
) -> _Row:
    placed: list[_Placed] = []
    joined: list[int] = []
    col = 0
    most_lines = 1
    for cell in row:
        font = columns[col].font
        if isinstance(cell, Span):
            span, value, align = cell.colspan, cell.text, cell.align
            font = cell.font or font
            joined.extend(range(col + 1, col + span))
        else:
            span, value, align = 1, cell, columns[col].align
        if value:
            x0, x1 = edges[col], edges[col + span]
            lines = fit_lines(nfc(value), font, size, x1 - x0 - 2 * padding)
            most_lines = max(most_lines, len(lines))
            placed.append(_Placed(x0, x1, lines, font, align))
        col += span
    if col != len(columns):
        raise ValueError(f"row covers {col} columns, the table has {len(columns)}")
    height = max(min_height, most_lines * leading + 2 * padding)
    return _Row(height, tuple(placed), tuple(joined))


def _layout_header(
    header: Sequence[HeaderCell],
    edges: tuple[float, ...],
    n_rows: int,
    size: float,
    leading: float,
    padding: float,
    min_row_height: float,
) -> tuple[tuple[_HeaderBox, ...], float]:
    laid = [
        (
            h,
            fit_lines(
                nfc(h.text), h.font, size, edges[h.col + h.colspan] - edges[h.col] - 2 * padding
            ),
        )
        for h in header
    ]
    heights = [min_row_height] * n_rows
    # Single-row cells set their row's height; spanning cells then stretch the last row.
    for h, lines in laid:
        if h.rowspan == 1:
            heights[h.row] = max(heights[h.row], len(lines) * leading + 2 * padding)
    for h, lines in laid:
        if h.rowspan > 1:
            need = len(lines) * leading + 2 * padding
            have = sum(heights[h.row : h.row + h.rowspan])
            if need > have:
                heights[h.row + h.rowspan - 1] += need - have
    tops = tuple(accumulate(heights, initial=0.0))
    boxes = tuple(
        _HeaderBox(
            edges[h.col],
            edges[h.col + h.colspan],
            tops[h.row],
            tops[h.row + h.rowspan],
            lines,
            h.font,
        )
        for h, lines in laid
    )
    return boxes, tops[-1]
