"""Two windows on one SQLite file, and quitting cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop import db_lock
from desktop.mainwindow import MainWindow
from desktop.qt import QLockFile, QMessageBox
from models.db import Database, ReadOnlyDatabaseError, sqlite_file

ROOT = Path(__file__).resolve().parents[2]


def _question(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    qtbot.waitUntil(lambda: getattr(window, "read_only_question", None) is not None, timeout=5000)
    box: QMessageBox = window.read_only_question
    assert box.isVisible()
    return box


def _other_window_holds(url: str) -> QLockFile:
    path = sqlite_file(url)
    assert path is not None
    lock = QLockFile(str(db_lock.lock_path(path)))
    assert lock.tryLock(0)
    return lock


def test_the_first_window_holds_the_lock_and_frees_it_on_close(qtbot: QtBot, demo_url: str) -> None:
    window = MainWindow(demo_url)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.db is not None, timeout=10000)
    path = sqlite_file(demo_url)
    assert path is not None and db_lock.claim(path) is None  # a second window would ask
    assert window.db is not None and not window.db.read_only
    window.close()
    lock = db_lock.claim(path)
    assert lock is not None
    lock.unlock()


def test_a_second_window_opens_read_only_and_refuses_writes(qtbot: QtBot, demo_url: str) -> None:
    held = _other_window_holds(demo_url)
    window = MainWindow(demo_url)
    qtbot.addWidget(window)
    box = _question(qtbot, window)
    assert "cửa sổ TapHuan khác" in box.text()
    read_only = next(b for b in box.buttons() if b.text().replace("&", "") == "Mở chỉ đọc")
    read_only.click()
    qtbot.waitUntil(lambda: window.db is not None, timeout=10000)
    db = window.db
    assert db is not None and db.read_only
    assert "chỉ đọc" in window.db_label.text()
    assert not window.plans_page.new_plan_button.isEnabled()
    qtbot.waitUntil(lambda: bool(window.plans), timeout=10000)  # reading works
    with pytest.raises(ReadOnlyDatabaseError, match="cửa sổ TapHuan khác"), db.write():
        pass
    window.close()
    assert held.isLocked()  # the read-only window never took nor freed the other's lock
    held.unlock()


def test_a_second_window_can_decline(qtbot: QtBot, demo_url: str) -> None:
    held = _other_window_holds(demo_url)
    window = MainWindow(demo_url)
    qtbot.addWidget(window)
    box = _question(qtbot, window)
    cancel = next(b for b in box.buttons() if b.text().replace("&", "") == "Hủy")
    cancel.click()
    qtbot.waitUntil(lambda: "Không mở" in window.db_label.text(), timeout=5000)
    assert window.db is None
    window.close()
    held.unlock()


def test_the_core_opens_a_file_read_only_on_request(demo_url: str) -> None:
    path = sqlite_file(demo_url)
    assert path is not None
    before = path.read_bytes()
    db = Database(demo_url, read_only=True)
    assert db.read_only and not db.is_empty()
    with pytest.raises(ReadOnlyDatabaseError), db.write():
        pass
    with db.engine.connect() as conn, pytest.raises(Exception, match="readonly"):
        conn.exec_driver_sql("DELETE FROM alembic_version")  # even SQL behind the session's back
    db.close()
    assert path.read_bytes() == before


@pytest.mark.parametrize("how", [[], [], ["--app-quit"]], ids=["close-1", "close-2", "app-quit"])
def test_quitting_after_driving_the_window_exits_cleanly(tmp_path: Path, how: list[str]) -> None:
    database = tmp_path / "taphuan.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-m", "tests.desktop.quit_drive",
         f"sqlite:///{database}", *how],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Fatal" not in done.stderr and "Traceback" not in done.stderr, done.stderr[-3000:]
    assert database.exists()
    assert not db_lock.lock_path(database).exists()  # the lock was released on the way out
    settings = Path(env["TAPHUAN_CONFIG_DIR"]) / "taphuan.ini"
    assert "geometry" in settings.read_text()  # the window closed properly (its place kept)


def test_a_window_in_another_process_holds_the_file(tmp_path: Path) -> None:
    database = tmp_path / "taphuan.sqlite3"
    database.touch()
    holder = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from desktop import db_lock\n"
        "lock = db_lock.claim(Path(sys.argv[1]))\n"
        "print('held' if lock else 'refused', flush=True)\n"
        "sys.stdin.readline()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    other = subprocess.Popen(
        [sys.executable, "-c", holder, str(database)],
        env=env, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "held"
        assert db_lock.claim(database) is None  # this "window" would ask
    finally:
        other.communicate("\n", timeout=30)
    lock = db_lock.claim(database)  # the other one quit: the file is free again
    assert lock is not None
    lock.unlock()


def test_the_lock_of_a_crashed_window_is_taken_over(tmp_path: Path) -> None:
    database = tmp_path / "taphuan.sqlite3"
    database.touch()
    holder = (
        "import sys, os\n"
        "from pathlib import Path\n"
        "from desktop import db_lock\n"
        "lock = db_lock.claim(Path(sys.argv[1]))\n"
        "os._exit(0 if lock else 1)  # dies holding it: no unlock, the file stays\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", holder, str(database)], env=env, cwd=ROOT,
                          timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0
    assert db_lock.lock_path(database).exists()
    lock = db_lock.claim(database)
    assert lock is not None
    lock.unlock()
