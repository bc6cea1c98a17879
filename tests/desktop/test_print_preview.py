"""Printing from the window through a PDF printer (no real printer needed): every page of
every file reaches the printer, landscape pages stay landscape, the preview paints them.

Needs QtPdf (PySide6-Addons); without it the print centre hands files to the system
(tested in test_print_page.py) and these tests are skipped."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from desktop import print_preview
from desktop.qt import QPageLayout, QPrinter, QWidget
from models.papers.data import PaperHeading, PayoutSheet
from reports.payout import write_payout
from tests.reports.helpers import UNIT
from tests.reports.test_payout import _rows
from tests.reports.test_signin import _people, _sheet

pytestmark = pytest.mark.skipif(
    not print_preview.available(), reason="QtPdf (PySide6-Addons) is not installed"
)


def _papers(tmp_path: Path) -> list[Path]:
    from reports.signin import write_sign_in

    sign_in = write_sign_in(_sheet(_people(30)), tmp_path / "ky.pdf")
    payout = write_payout(
        PayoutSheet(UNIT, PaperHeading("Lớp 2", "L02"), _rows(40)), tmp_path / "chi.pdf"
    )
    return [sign_in, payout]


def _pdf_printer(path: Path) -> QPrinter:
    printer = print_preview.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(100)  # quick
    return printer


def test_every_page_reaches_the_printer(qtbot: QtBot, tmp_path: Path) -> None:
    papers = _papers(tmp_path)
    expected = sum(len(PdfReader(p).pages) for p in papers)
    out = tmp_path / "printed.pdf"
    assert print_preview.paint_pdfs(papers, _pdf_printer(out)) == expected
    printed = PdfReader(out).pages
    assert len(printed) == expected
    for page in printed:  # the papers are landscape: so is every printed page
        assert float(page.mediabox.width) > float(page.mediabox.height)


def test_print_all_from_the_print_centre(
    qtbot: QtBot, window_factory: object, demo_url: str, tmp_path: Path
) -> None:
    window = window_factory(demo_url)  # type: ignore[operator]
    page = window.print_page
    qtbot.waitUntil(lambda: page.activity_box.count() == 8, timeout=20_000)
    page.folder.setText(str(tmp_path / "out"))
    page.activity_box.setCurrentIndex(1)
    page.check("sign-in.pdf", "lecturers.pdf", "roster.xlsx")
    page.start_button.click()
    qtbot.waitUntil(lambda: page.files.count() == 3, timeout=60_000)
    qtbot.waitUntil(lambda: page.print_runner.pending == 0, timeout=10_000)
    out = tmp_path / "printed.pdf"
    page.print_files(page.all_files(), printer=_pdf_printer(out))  # the dialog's choice
    qtbot.waitUntil(lambda: page.print_runner.pending == 0, timeout=60_000)
    pdfs = [p for p in page.all_files() if p.suffix == ".pdf"]
    expected = sum(len(PdfReader(p).pages) for p in pdfs)
    assert len(PdfReader(out).pages) == expected
    assert f"Đã gửi {expected} trang" in page.status.text()


def test_preview_paints_the_pages(qtbot: QtBot, tmp_path: Path) -> None:
    papers = _papers(tmp_path)
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = print_preview.preview_dialog(parent, papers)
    painted: list[int] = []
    dialog.paintRequested.connect(
        lambda printer: painted.append(printer.pageLayout().orientation())
    )
    dialog.open()
    qtbot.waitUntil(lambda: bool(painted), timeout=10_000)
    assert painted[0] == QPageLayout.Orientation.Landscape
    qtbot.wait(300)
    dialog.grab().save(str(tmp_path / "preview.png"))
    dialog.close()


def test_print_dialog_offers_copies_and_collation(qtbot: QtBot, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    printer = print_preview.new_printer()
    dialog = print_preview.print_dialog(parent, _papers(tmp_path), printer)
    from desktop.qt import QAbstractPrintDialog

    assert dialog.testOption(QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies)
    assert dialog.windowTitle() == "In 2 tệp"
