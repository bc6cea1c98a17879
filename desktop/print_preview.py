"""Printing the papers from the window: the print dialog (printer, copies, two-sided where the
driver allows) and a preview, both drawing the PDF pages through QtPdf's QPdfDocument.

Each page is rendered at the printer's resolution (at most 300 dpi) and placed on the whole
sheet: the PDF already carries the decree's margins. A landscape paper turns the printer's
page to landscape before it is drawn, so one job can mix portrait and landscape papers.
Without QtPdf (PySide6-Essentials only) `available()` is False and the print centre hands the
files to the system instead (desktop.pages.print_page.print_file).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from desktop.i18n import _
from desktop.qt import (
    HAVE_QTPDF,
    QAbstractPrintDialog,
    QDialog,
    QImage,
    QPageLayout,
    QPainter,
    QPdfDocument,
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QRect,
    QSize,
    Qt,
    QWidget,
)

MAX_DPI = 300  # enough for 10.5 pt text; a 1,200-page job stays within memory and time
PREVIEW_DPI = 150  # the preview keeps every page (as a picture): sharp on screen, half the cost


def available() -> bool:
    return bool(HAVE_QTPDF)


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)  # the PDF pages carry their own margins
    return printer


def paint_pdfs(
    paths: Sequence[Path],
    printer: QPrinter,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    max_dpi: int = MAX_DPI,
) -> int:
    """Draw every page of `paths` onto `printer`; the pages drawn."""
    assert QPdfDocument is not None
    painter = QPainter()
    drawn = 0
    document = QPdfDocument()
    try:
        for path in paths:
            document.load(str(path))
            for index in range(document.pageCount()):
                if cancelled():
                    return drawn
                size = document.pagePointSize(index)
                landscape = size.width() > size.height()
                orientation = (
                    QPageLayout.Orientation.Landscape
                    if landscape
                    else QPageLayout.Orientation.Portrait
                )
                printer.setPageOrientation(orientation)
                if drawn == 0:
                    if not painter.begin(printer):
                        raise OSError(_("Không mở được máy in {name}").format(
                            name=printer.printerName()))  # fmt: skip
                elif not printer.newPage():
                    raise OSError(_("Máy in không nhận thêm trang"))
                target = printer.paperRect(QPrinter.Unit.DevicePixel).toRect()
                target.moveTo(0, 0)
                dpi = min(printer.resolution(), max_dpi)
                pixels = QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi))
                image: QImage = document.render(index, pixels)
                painter.drawImage(_fit(target, image.size()), image)
                drawn += 1
            document.close()
    finally:
        if painter.isActive():
            painter.end()
    return drawn


def _fit(area: QRect, size: QSize) -> QRect:
    """`size` scaled to fit `area`, centred, aspect kept."""
    scaled = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    x = area.x() + (area.width() - scaled.width()) // 2
    y = area.y() + (area.height() - scaled.height()) // 2
    return QRect(x, y, scaled.width(), scaled.height())


def print_dialog(parent: QWidget, paths: Sequence[Path], printer: QPrinter) -> QPrintDialog:
    """The system's print dialog for `paths`: printer, copies, collation, two-sided."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(
        _("In {n} tệp").format(n=len(paths)) if len(paths) > 1 else _("In {name}").format(
            name=paths[0].name)
    )  # fmt: skip
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, True)
    return dialog


def ask_and_print(parent: QWidget, paths: Sequence[Path]) -> int | None:
    """Ask with the print dialog, then print; the pages sent, None when the user cancelled."""
    printer = new_printer()
    if print_dialog(parent, paths, printer).exec() != QDialog.DialogCode.Accepted:
        return None
    return paint_pdfs(paths, printer)


def preview_dialog(parent: QWidget, paths: Sequence[Path]) -> QPrintPreviewDialog:
    """A preview of `paths` as they will print; its print button prints them."""
    # The dialog's own printer: one passed in must outlive the dialog (a temporary crashes).
    dialog = QPrintPreviewDialog(parent)
    dialog.printer().setFullPage(True)
    dialog.setWindowTitle(_("Xem trước khi in"))
    dialog.paintRequested.connect(lambda p: paint_pdfs(paths, p, max_dpi=PREVIEW_DPI))
    return dialog
