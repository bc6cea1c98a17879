"""Icons for the navigation and the main actions: Lucide SVGs (ISC) drawn in the text colour.

The SVGs stroke with `currentColor`; it is replaced by the palette's window-text colour when an
icon is made, so the same files read well in the light and the dark theme.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from desktop.qt import (
    QApplication,
    QByteArray,
    QColor,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
    QSvgRenderer,
    Qt,
)

SIZES = (16, 20, 24, 32, 48)


def svg_text(name: str) -> str:
    return (resources.files("resources.icons.lucide") / f"{name}.svg").read_text("utf-8")


def text_colour() -> QColor:
    return QApplication.palette().color(QPalette.ColorRole.WindowText)


def icon(name: str) -> QIcon:
    """The icon `name` (a Lucide file name such as "printer") in the current text colour."""
    palette = QApplication.palette()
    selected = palette.color(QPalette.ColorRole.HighlightedText)
    return _icon(name, text_colour().name(), selected.name())


@cache
def _icon(name: str, colour: str, selected: str) -> QIcon:
    result = QIcon()
    # On a selected row (the navigation's current page) the icon takes the highlight's text
    # colour, like the row's text.
    for mode, fill in ((QIcon.Mode.Normal, colour), (QIcon.Mode.Selected, selected)):
        data = QByteArray(svg_text(name).replace("currentColor", fill).encode("utf-8"))
        renderer = QSvgRenderer(data)
        for size in SIZES:
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter)
            painter.end()
            result.addPixmap(pixmap, mode)
    return result
