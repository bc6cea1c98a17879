"""Run the real `taphuan` entry point, drive it a little, then quit with Ctrl+Q's action.

    python -m tests.desktop.quit_drive URL [--app-quit]
The exit code is desktop.app.main's; the test reads it and stderr (a fatal error at quit).
"""

from __future__ import annotations

import sys

from desktop import app as entry
from desktop.mainwindow import MainWindow
from desktop.qt import QApplication, QTimer

_show = MainWindow.show


def _drive(window: MainWindow) -> None:
    steps: list[tuple[int, object]] = []
    delay = 300
    for row in (1, 2, 3, 4, 5, 6, 0):  # every page once
        steps.append((delay, lambda r=row: window.nav.setCurrentRow(r)))
        delay += 120
    steps.append((delay, window.load_demo))  # a background task, still running at quit
    steps.append((delay + 50, window.show_rollup))  # a dialog left open
    steps.append((delay + 400, window.refresh_plans))
    # Tệp → Thoát, or the session ending (the loop told to quit, no close event first)
    finish = QApplication.quit if sys.argv[2:] == ["--app-quit"] else window.close
    steps.append((delay + 420, finish))
    for after, step in steps:
        QTimer.singleShot(after, step)  # type: ignore[arg-type]


def show(self: MainWindow) -> None:
    _show(self)
    if not getattr(self, "_driven", False):
        self._driven = True
        _drive(self)


MainWindow.show = show  # type: ignore[method-assign]

if __name__ == "__main__":
    code = entry.main(["--db", sys.argv[1]])  # --app-quit is read by _drive
    assert QApplication.instance() is not None
    sys.exit(code)
