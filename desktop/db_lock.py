"""One window writes a SQLite file at a time: a lock file beside the database.

A second TapHuan window on the same file says so and offers to open it read-only (or not at
all). The lock is a QLockFile (`taphuan.sqlite3.lock`): it names the holder's process, so a
lock left by a crashed window is taken over, not obeyed.
"""

from __future__ import annotations

from pathlib import Path

from desktop.i18n import _
from desktop.qt import QLockFile, QMessageBox, QPushButton, QWidget


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def claim(database: Path) -> QLockFile | None:
    """The lock on `database` if no other running window holds it, else None."""
    lock = QLockFile(str(lock_path(database)))
    lock.setStaleLockTime(0)  # only a dead holder's lock is stale, however old
    if lock.tryLock(200):
        return lock
    return None


def ask_read_only(parent: QWidget | None, database: Path) -> tuple[QMessageBox, QPushButton]:
    """The question shown to the second window, and its read-only button."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _("Tệp dữ liệu đang được mở"),
        _(
            "Tệp {path} đang được mở ở một cửa sổ TapHuan khác. Hai cửa sổ cùng ghi vào một "
            "tệp có thể làm mất dữ liệu.\n\nMở chỉ đọc (xem, in, xuất Excel; không sửa được), "
            "hay không mở?"
        ).format(path=database),
        parent=parent,
    )
    read_only: QPushButton = box.addButton(_("Mở chỉ đọc"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Hủy"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    return box, read_only
