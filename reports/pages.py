"""Page machinery shared by every PDF paper (Nghị định 30/2020/NĐ-CP, Phụ lục I).

* A4 portrait, or landscape for wide tables, with the decree's margins (`PageLayout`);
* page numbers centred in the top margin from page 2 (page 1 carries none), in Arabic
  numerals as the decree shows them ("2", not "2/5"), restarting for
  each section when several papers share one file (`NumberedCanvas`, `SectionStart`);
* `build_pdf` / `build_sections`: a story laid out on those pages and written through
  reports.files.atomic_output, so a failed build leaves neither a half file nor a temporary.

The header and signature blocks are reports.decree, the table reports.grid, text reports.text.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
)

from reports.files import atomic_output
from reports.fonts import REGULAR, register_fonts
from reports.text import nfc

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
#: Landscape tables keep the decree's margins too: the left (binding) edge 30 mm.
LANDSCAPE_TABLE = PageLayout(
    _LAND_W, _LAND_H, top=20 * mm, bottom=20 * mm, left=30 * mm, right=15 * mm
)
#: Sign-in sheets with more than 4 buổi: the same margins; the columns give way instead
#: (reports.signin). Kept as a name for the callers that choose a layout by width.
LANDSCAPE_WIDE = LANDSCAPE_TABLE

_PAGE_NUMBER_SIZE = 13.0  # ND30: page numbers 13–14 pt


class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Two-pass canvas: pages are kept until `save`, when the sections are known, then each
    page from the second of its section on gets its number centred in the top margin
    (ND30 Phụ lục I: Arabic numerals, 13–14 pt, upright, none on the first page).
    `mark_section_start` restarts the numbering, so several papers can share one file and
    each still starts unnumbered."""

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
        # Centred in the top margin (20 mm): baseline 12 mm below the edge. `total` is kept
        # for callers that subclass; the decree prints the number alone.
        del total
        self.drawCentredString(width / 2, height - 12 * mm, str(number))
        self.restoreState()


class SectionStart(Flowable):  # type: ignore[misc]
    """Zero-size marker: the page it lands on is page 1 of a new numbering section."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        mark = getattr(self.canv, "mark_section_start", None)
        if mark is not None:
            mark()


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
