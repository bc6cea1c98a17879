"""Start-up stays light: PDF and workbook libraries load with the first paper, not the window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import sys
from desktop.qt import QApplication
app = QApplication([])
from desktop.mainwindow import MainWindow
window = MainWindow(sys.argv[1])
window.show()
app.processEvents()
print(",".join(m for m in ("reportlab", "openpyxl", "python_calamine") if m in sys.modules))
window.close()
"""


def test_the_window_opens_without_reportlab_openpyxl_or_calamine(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TAPHUAN_CONFIG_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, f"sqlite:///{tmp_path / 'x.sqlite3'}"],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"loaded at start: {done.stdout.strip()}"


FRAME_PROBE = """
import sys
from desktop.app import main

# --first-paint leaves at the frame's first paint: what had been imported by then?
code = main(["--db", sys.argv[1], "--first-paint"])
print(",".join(m for m in ("sqlalchemy", "alembic", "models.db", "desktop.pages.activity_page")
               if m in sys.modules))
sys.exit(code)
"""


def test_the_window_frame_is_painted_before_the_core_is_imported(tmp_path: Path) -> None:
    """The frame (navigation, status bar) appears at once; SQLAlchemy and the pages follow."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TAPHUAN_CONFIG_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", FRAME_PROBE, f"sqlite:///{tmp_path / 'x.sqlite3'}"],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"imported before the first paint: {done.stdout.strip()}"


def test_a_staged_window_gets_its_pages_after_its_first_paint(
    qtbot: object, tmp_path: Path
) -> None:
    from desktop.mainwindow import MainWindow

    window = MainWindow(f"sqlite:///{tmp_path / 'x.sqlite3'}", staged=True)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    assert not window.furnished and window.nav.count() == 7
    assert window.stack.count() == 1  # "Đang mở…" until the pages are in
    window.show()
    qtbot.waitUntil(lambda: window.furnished, timeout=10_000)  # type: ignore[attr-defined]
    assert window.stack.count() == 7 and window.stack.currentWidget() is window.plans_page
    qtbot.waitUntil(lambda: window.db is not None, timeout=20_000)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=20_000)  # type: ignore[attr-defined]
    window.close()
