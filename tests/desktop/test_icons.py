"""Bundled icons: present with their licence, drawn in the palette's text colour."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop import icons
from desktop.qt import QApplication, QColor, QIcon, QPalette

DESKTOP = Path(icons.__file__).parent


def _used_names() -> set[str]:
    text = (DESKTOP / "menus.py").read_text() + (DESKTOP / "mainwindow.py").read_text()
    names = set(re.findall(r'icon\("([a-z0-9-]+)"\)', text))
    names |= set(re.findall(r'\(self\.plans_page\.\w+, "([a-z0-9-]+)"\)', text))
    block = text[text.index("SECTION_ICONS = (") :]
    names |= set(re.findall(r'"([a-z0-9-]+)"', block[: block.index(")")]))
    return names


def test_every_icon_used_is_bundled_with_the_licence() -> None:
    folder = resources.files("resources.icons.lucide")
    names = _used_names()
    assert len(names) >= 15
    for name in names:
        assert (folder / f"{name}.svg").is_file(), name
    assert "ISC License" in (folder / "LICENSE").read_text()


def _ink(icon: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal) -> set[str]:
    image = icon.pixmap(32, 32, mode).toImage()
    return {
        image.pixelColor(x, y).name()
        for x in range(32)
        for y in range(32)
        if image.pixelColor(x, y).alpha() == 255
    }


def test_icons_follow_the_palette_in_light_and_dark_themes(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    saved = app.palette()
    try:
        for text, highlighted in (("#1a1a1a", "#ffffff"), ("#eeeeee", "#000000")):
            palette = QPalette(saved)
            palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
            palette.setColor(QPalette.ColorRole.HighlightedText, QColor(highlighted))
            app.setPalette(palette)
            icon = icons.icon("printer")
            assert _ink(icon) == {text}  # every solid pixel in the text colour
            assert _ink(icon, QIcon.Mode.Selected) == {highlighted}
    finally:
        app.setPalette(saved)
