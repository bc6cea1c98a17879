"""Pages written straight to PDF bytes, for a document of thousands of alike pages.

reportlab formats each page dictionary (and its resources, and its content stream's
dictionary) through its generic object formatter when the canvas is saved: ~0.1 ms a page,
half the time of 17,000 one-page certificates. Their pages differ only in their content
stream, so `make_lean` turns the canvas's pages into ones that share one resource dictionary
(every form of the document, the fonts) and write their own few bytes. Call it just before
`canvas.save()`; what a reader sees is the same page.

`add_page` goes one step further for pages whose whole content is known as text (placed
forms and text operators): it adds the page without `showPage`'s per-page set-up (graphics
state, accumulators, transitions, ~35 µs a page).
"""

from __future__ import annotations

import zlib
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

__all__ = ["add_page", "form_operator", "make_lean"]


class _LeanStream(pdfdoc.PDFObject):  # type: ignore[misc]
    """A page's content stream, deflated."""

    __RefOnly__ = 1

    def __init__(self, content: str) -> None:
        self.content = content

    def format(self, document: Any) -> bytes:
        # A 4 KB window, little memory: a page's stream is a few hundred bytes, and setting up
        # zlib's default 256 KB state cost more than compressing (0.9 s for 17,000 pages).
        packer = zlib.compressobj(6, zlib.DEFLATED, 12, 2)
        packed = packer.compress(self.content.encode("utf8")) + packer.flush()
        data: bytes = document.encrypt.encode(packed)
        head = b"<<\n/Filter [ /FlateDecode ] /Length %d\n>>\nstream\n" % len(data)
        return head + data + b"endstream\n"


class _LeanPage(pdfdoc.PDFPage):  # type: ignore[misc]
    """A page whose dictionary is written as bytes; set up by `make_lean`."""

    _lean_head: bytes
    _lean_resources: Any

    def format(self, document: Any) -> bytes:
        contents = document.Reference(_LeanStream(self.stream)).format(document)
        parent = document.Reference(document.Pages).format(document)
        resources = document.Reference(self._lean_resources).format(document)
        return b"<<\n/Contents %s %s /Parent %s /Resources %s /Rotate 0 /Type /Page\n>>" % (
            contents,
            self._lean_head,
            parent,
            resources,
        )


def form_operator(canv: Canvas, name: str) -> str:
    """The operator that places form `name` (as `canvas.doForm`)."""
    return f"/{canv._doc.getXObjectName(name)} Do"


def add_page(canv: Canvas, content: str) -> None:
    """A finished plain page whose content stream is `content`; `make_lean` must still be
    called before saving. The canvas's own page in progress is left as it was."""
    page = _LeanPage.__new__(_LeanPage)  # its dictionary is written by format(), not set up
    page.stream = f"{canv._preamble}\n{content}\n \n"
    page.pagewidth, page.pageheight = canv._pagesize
    canv._doc.addPage(page)
    canv._pageNumber += 1


def make_lean(canv: Canvas, forms: list[str]) -> None:
    """Turn the canvas's finished pages (plain ones: no annotations, rotation,
    transitions, transparency or colour spaces) into lean ones sharing one resource dictionary that
    names `forms`, the form XObjects the pages place."""
    doc = canv._doc
    resources = pdfdoc.PDFResourceDictionary()
    resources.basicFonts()
    resources.allProcs()  # as reportlab's pages: it cannot tell if a page has images
    resources.XObject = doc.xobjDict(forms).dict
    for page in doc.Pages.pages:
        if type(page) is _LeanPage:  # added by add_page: plain by construction
            _set_lean(page, resources)
            continue
        plain = not (
            page.Annots or page.Rotate or page.Trans.dict or page.ExtGState or page._colorsUsed
        )
        if not plain or page.stream is None or not page.compression:
            raise ValueError("make_lean: only plain, compressed pages")
        page.__class__ = _LeanPage
        _set_lean(page, resources)


def _set_lean(page: _LeanPage, resources: Any) -> None:
    width, height = pdfdoc.fp_str(page.pagewidth), pdfdoc.fp_str(page.pageheight)
    page._lean_head = f"/MediaBox [ 0 0 {width} {height} ]".encode("ascii")
    page._lean_resources = resources
