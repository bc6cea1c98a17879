"""Trợ giúp: the bundled guide (both languages, pictures present) and the About box."""

from __future__ import annotations

import re

import pytest
from pytestqt.qtbot import QtBot

from desktop.help import AboutDialog, GuideDialog, about_html, guide_file
from desktop.mainwindow import MainWindow
from desktop.qt import QTextDocument, QUrl
from models.db import describe_url


@pytest.mark.parametrize(("language", "heading"), [("vi", "Hướng dẫn"), ("en", "user guide")])
def test_the_guide_is_bundled_with_its_pictures(language: str, heading: str) -> None:
    path = guide_file(language)
    html = path.read_text(encoding="utf-8")
    assert heading in html
    pictures = re.findall(r'<img src="([^"]+)"', html)
    assert len(pictures) >= 3
    for picture in pictures:
        assert (path.parent / picture).is_file(), picture


def test_the_guide_dialog_shows_the_guide_and_its_pictures(qtbot: QtBot) -> None:
    dialog = GuideDialog(language="en")
    qtbot.addWidget(dialog)
    document = dialog.browser.document()
    assert "Attendance" in document.toPlainText()
    url = dialog.browser.source().resolved(QUrl("diem-danh.png"))
    image = dialog.browser.loadResource(QTextDocument.ResourceType.ImageResource.value, url)
    assert image is not None and len(image) > 10_000  # the PNG's bytes


def test_about_names_the_version_the_database_without_password_and_licences(
    qtbot: QtBot,
) -> None:
    database = describe_url("postgresql+psycopg://thu:bimat@10.0.0.5:5432/taphuan")
    html = about_html(database)
    assert "0.1.0" in html and "10.0.0.5" in html and "bimat" not in html
    for name, licence in (("PySide6", "LGPL"), ("SQLAlchemy", "MIT"), ("ReportLab", "BSD"),
                          ("openpyxl", "MIT"), ("Liberation Serif", "Open Font License"),
                          ("Lucide", "ISC")):  # fmt: skip
        row = next(r for r in html.split("<tr>") if name in r)
        assert licence in row, row
    dialog = AboutDialog(database)
    qtbot.addWidget(dialog)
    assert "10.0.0.5" in dialog.text.toPlainText()


def test_the_help_menu_has_the_guide_and_about(qtbot: QtBot, demo_url: str) -> None:
    window = MainWindow(demo_url)
    qtbot.addWidget(window)
    menu = next(a.menu() for a in window.menuBar().actions() if "giúp" in a.text())
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert "Hướng dẫn sử dụng" in texts and "Giới thiệu TapHuan" in texts
    window.close()
