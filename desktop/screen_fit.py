"""Windows that fit the screen people have (1024×768, or 1366×768 at 150 %: 910×512 logical).

One application-wide event filter (`install`) clamps every top-level window to the screen's
available area when it is first shown, so no dialog needs its own code; forms that can be
taller than a small screen put their fields in `scrolling()`, so the buttons stay visible.
"""

from __future__ import annotations

from desktop.qt import (
    QApplication,
    QDialog,
    QEvent,
    QFrame,
    QGuiApplication,
    QLayout,
    QMainWindow,
    QObject,
    QRect,
    QScrollArea,
    QSize,
    Qt,
    QWidget,
)

# Room for the title bar and borders the window manager adds outside geometry().
FRAME_ALLOWANCE = (16, 40)


def available_area(widget: QWidget | None = None) -> QRect:
    """The available geometry (taskbar excluded) of the widget's screen, else the primary one."""
    screen = widget.screen() if widget is not None else None
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_window(window: QWidget, area: QRect | None = None) -> None:
    """Shrink `window` to the area (its frame included) and move it inside; a window that
    already fits keeps its size and place (QDialog has centred it on its parent)."""
    area = area or available_area(window)
    frame, inner = window.frameGeometry(), window.geometry()
    if frame.size() != inner.size():  # the window manager has told us its frame
        extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
    else:
        extra_w, extra_h = FRAME_ALLOWANCE
    width = min(window.width(), area.width() - extra_w)
    height = min(window.height(), area.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, 1), max(height, 1))
        parent = window.parentWidget()
        if parent is not None:  # centred on the parent again at the new size
            centre = parent.window().frameGeometry().center()
            window.move(centre.x() - (width + extra_w) // 2, centre.y() - (height + extra_h) // 2)
    # pos() of a top-level window is the top-left corner of its frame.
    frame_w, frame_h = window.width() + extra_w, window.height() + extra_h
    x = max(area.left(), min(window.x(), area.right() + 1 - frame_w))
    y = max(area.top(), min(window.y(), area.bottom() + 1 - frame_h))
    if (x, y) != (window.x(), window.y()):
        window.move(x, y)


class FormScrollArea(QScrollArea):
    """A frameless vertical scroll area as tall as its form while the screen has room."""

    def sizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return super().sizeHint()
        room = available_area(self).size() * 0.75
        return content.sizeHint().boundedTo(room).expandedTo(self.minimumSizeHint())

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        width = content.minimumSizeHint().width() if content is not None else 0
        width += self.verticalScrollBar().sizeHint().width()
        return QSize(width, 120)  # a few rows; the rest scrolls


def scrolling(content: QWidget | QLayout) -> QScrollArea:
    """`content` (a form) in a vertical scroll area: on a short screen the form scrolls and
    whatever sits below the area (Lưu, Hủy) stays on screen."""
    if isinstance(content, QLayout):
        holder = QWidget()
        holder.setLayout(content)
        content = holder
    area = FormScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class ScreenFitter(QObject):
    """Fits every dialog and main window to the screen the first time it is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, (QDialog, QMainWindow))
            and watched.isWindow()
            and not watched.property("screen_fitted")
        ):
            watched.setProperty("screen_fitted", True)
            fit_window(watched)
        return False


def install(app: QApplication) -> ScreenFitter:
    """Fit every window of `app` from now on (the filter is parented to the app)."""
    fitter = ScreenFitter(app)
    app.installEventFilter(fitter)
    return fitter
