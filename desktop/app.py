"""Entry point of the `taphuan` window."""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from types import TracebackType

from desktop import i18n
from desktop.errors import report, setup_logging
from desktop.qt import (
    QApplication,
    QEvent,
    QFont,
    QIcon,
    QObject,
    QPixmap,
    QWidget,
    delete_now,
    is_alive,
)
from models.locations import DB_ENV


def main(argv: Sequence[str] | None = None) -> int:
    # First of all: a frozen app's worker processes re-enter here and must stop at once
    # (without it a frozen `print` with workers re-parses its own arguments and fails).
    multiprocessing.freeze_support()
    parser = argparse.ArgumentParser(prog="taphuan", description="TapHuan")
    parser.add_argument("--db", metavar="URL", help="cơ sở dữ liệu (mặc định: tệp SQLite riêng)")
    parser.add_argument("--lang", choices=("vi", "en"), help="ngôn ngữ giao diện (vi, en)")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="mở cửa sổ rồi thoát ngay khi đã vẽ xong (kiểm tra bản cài đặt)",
    )
    # bench/bench_desktop.py: leave at the frame's first paint, before the pages are in.
    parser.add_argument("--first-paint", action="store_true", help=argparse.SUPPRESS)
    args, qt_args = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    setup_logging()
    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("TapHuan")
    app.setOrganizationName("TapHuan")
    app.setWindowIcon(app_icon())
    from desktop import screen_fit

    screen_fit.install(app)  # every window and dialog opens inside the available screen area
    font = QFont(app.font())
    font.setPointSize(max(font.pointSize(), 10))
    app.setFont(font)
    from desktop.settings import settings

    i18n.install(app, args.lang or str(settings().value("ui/language", "vi")))

    from desktop.mainwindow import MainWindow  # after the language is chosen

    # Staged: the frame is painted before the pages and the core are imported and built.
    window = MainWindow(args.db or os.environ.get(DB_ENV) or last_database(), staged=True)
    window.show()
    if args.smoke or args.first_paint:
        _quit_after_first_paint(app, window, furnished=not args.first_paint)

    def unexpected(
        _kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        # An exception in a slot must not kill the app or show a traceback: log, then a sentence.
        report(window, value.with_traceback(tb))

    sys.excepthook = unexpected
    try:
        return app.exec()
    finally:
        shut_down(app, window)


def shut_down(app: QApplication, window: QWidget) -> None:
    """Leave in order, while Python is still alive: stop the workers and close the database
    (the window's closeEvent, in case the loop ended without it), then delete every window.

    Left to interpreter exit, Qt would destroy widgets after Python had started finalising,
    releasing Python objects they hold (item data, queued signal arguments) into a dying
    interpreter. (The "bool_dealloc" abort seen once at quit was PySide6 6.12.0 losing a
    reference to True per emit — pinned out, tests/desktop/test_qt_binding.py; this order
    keeps any such release inside the live interpreter, and the worker stopped first.)
    """
    sys.excepthook = sys.__excepthook__
    if is_alive(window) and window.isVisible():
        window.close()  # stops the workers, closes the database, frees the lock file
    for top in app.topLevelWidgets():
        if is_alive(top) and top is not window and top.parentWidget() is None:
            top.close()
    if is_alive(window):
        delete_now(window)  # its dialogs and pages go with it, now, not at exit
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    gc.collect()


def app_icon() -> QIcon:
    """The window and taskbar icon, read with importlib.resources (works frozen too)."""
    icon = QIcon()
    folder = resources.files("resources.icons")
    for size in (16, 32, 48, 256):
        pixmap = QPixmap()
        pixmap.loadFromData((folder / f"taphuan-{size}.png").read_bytes())  # bytes: no path
        icon.addPixmap(pixmap)
    return icon


def _quit_after_first_paint(app: QApplication, window: QWidget, *, furnished: bool) -> None:
    """--smoke: leave with status 0 once the window has been painted with its pages
    (installer checks); `furnished=False`: at the frame's first paint (the benchmark)."""

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            ready = not furnished or bool(getattr(watched, "furnished", True))
            if event.type() == QEvent.Type.Paint and ready:
                watched.removeEventFilter(self)
                # The loop ends before anything queued after this paint (the pages) runs.
                app.exit(0)
            return False

    window.installEventFilter(FirstPaint(window))
    window.repaint()


def last_database() -> str | None:
    """The SQLite file (if it still exists) or the server open when the window last closed."""
    from desktop.settings import settings

    url = str(settings().value("database/last", "") or "")
    if url.startswith("sqlite:///") and Path(url.removeprefix("sqlite:///")).is_file():
        return url
    if url.startswith("postgresql"):  # the department server; its password is in the keyring
        from models.server import with_stored_password

        return with_stored_password(url)
    return None


if __name__ == "__main__":
    sys.exit(main())
