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
