"""The history window: the audit trail of a class, a person or a budget line, read-only."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop.i18n import _
from desktop.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from desktop.tasks import TaskRunner
from models.audit import HistoryEntry
from models.db import Database


class HistoryDialog(QDialog):
    """Who changed what, when, from what to what; newest last, as recorded."""

    def __init__(
        self, title: str, entries: Sequence[HistoryEntry], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(900, 480)
        self.table = QTableWidget(len(entries), 4)
        self.table.setHorizontalHeaderLabels(
            [_("Lúc"), _("Người sửa"), _("Việc"), _("Trước → sau")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, entry in enumerate(entries):
            cells = (
                entry.at.strftime("%d/%m/%Y %H:%M:%S"),
                entry.by,
                entry.what,
                entry.summary,
            )
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if not entries:
            layout.addWidget(QLabel(_("Chưa có thay đổi nào được ghi.")))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)


def show_history(
    parent: QWidget,
    runner: TaskRunner,
    db: Database | None,
    title: str,
    load: Callable[[Database], Sequence[HistoryEntry]],
) -> None:
    """Read the history on the worker, then open the window (kept on `parent.history`)."""
    if db is None:
        return

    def opened(entries: Sequence[HistoryEntry]) -> None:
        dialog = HistoryDialog(title, entries, parent)
        parent.history = dialog  # type: ignore[attr-defined]
        dialog.open()

    runner.run(lambda: load(db), opened)
