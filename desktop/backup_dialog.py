"""Tệp → Sao lưu / Khôi phục…: copies of the SQLite database (models.backup)."""

from __future__ import annotations

from pathlib import Path

from desktop.i18n import _
from desktop.qt import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from models import backup


class BackupDialog(QDialog):
    """Lists the automatic copies; `backup_wanted(path|None)` and `restore_wanted(path)` ask
    the window to do the work (it owns the database and the worker)."""

    backup_wanted = Signal(object)
    restore_wanted = Signal(object)

    def __init__(self, database_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Sao lưu / Khôi phục"))
        self.database_file = database_file
        self.copies = QListWidget()
        self.backup_button = QPushButton(_("Sao lưu ngay"))
        self.backup_to_button = QPushButton(_("Sao lưu vào tệp…"))
        self.restore_button = QPushButton(_("Khôi phục bản đã chọn…"))
        self.restore_from_button = QPushButton(_("Khôi phục từ tệp…"))
        self.backup_button.clicked.connect(lambda: self.backup_wanted.emit(None))
        self.backup_to_button.clicked.connect(self._backup_to)
        self.restore_button.clicked.connect(self._restore_selected)
        self.restore_from_button.clicked.connect(self._restore_from)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (
            self.backup_button,
            self.backup_to_button,
            self.restore_button,
            self.restore_from_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Bản sao tự động (mới nhất ở trên):")))
        layout.addWidget(self.copies)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.copies.clear()
        found = sorted(backup.backups_dir().glob(f"{self.database_file.stem}-*.sqlite3"))
        for path in reversed(found):
            self.copies.addItem(path.name)

    def _backup_to(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Sao lưu vào tệp"), "", _("Tệp dữ liệu TapHuan (*.sqlite3 *.db)")
        )
        if path:
            self.backup_wanted.emit(Path(path))

    def _restore_selected(self) -> None:
        item = self.copies.currentItem()
        if item is not None:
            self.confirm_restore(backup.backups_dir() / item.text())

    def _restore_from(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Khôi phục từ tệp"), "", _("Tệp dữ liệu TapHuan (*.sqlite3 *.db)")
        )
        if path:
            self.confirm_restore(Path(path))

    def confirm_restore(self, source: Path) -> None:
        answer = QMessageBox.question(
            self,
            _("Khôi phục"),
            _(
                "Thay cơ sở dữ liệu hiện tại bằng {name}? Tệp hiện tại được giữ lại bên cạnh."
            ).format(name=source.name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_wanted.emit(source)
