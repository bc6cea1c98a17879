"""Small lists of records (venues, lecturers, norm items…): a table model over plain rows and a
page with add/edit buttons whose dialog is built from field descriptions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.errors import is_user_error, user_text
from desktop.forms import Field, FormDialog
from desktop.i18n import _
from desktop.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QColor,
    QHBoxLayout,
    QLabel,
    QModelIndex,
    QPersistentModelIndex,
    QPushButton,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from desktop.tasks import TaskRunner
from models.db import Database

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[Any], object]
    numeric: bool = False
    tooltip: Callable[[Any], str] | None = None  # default: the value itself


class RecordsModel(QAbstractTableModel):
    def __init__(
        self,
        columns: Sequence[Column],
        background: Callable[[Any], QColor | None] | None = None,
    ) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows: list[Any] = []
        self.background = background

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(self.rows[index.row()])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = column.value(self.rows[index.row()])
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self.background is not None:
            return self.background(self.rows[index.row()])
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].title)
        return None


class RecordsPage(QWidget):
    """Title, Thêm/Sửa buttons and a table; loading and saving run on the worker."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        title: str,
        columns: Sequence[Column],
        fields: Sequence[Field],
        load: Callable[[Database], Sequence[Any]],
        save: Callable[[Database, dict[str, Any], int | None], object],
        to_values: Callable[[Any], dict[str, Any]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db: Database | None = None
        self.title = title
        self.fields = fields
        self._load, self._save, self._to_values = load, save, to_values
        self.model = RecordsModel(columns)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.add_button = QPushButton(_("Thêm…"))
        self.edit_button = QPushButton(_("Sửa…"))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        top = QHBoxLayout()
        top.addWidget(QLabel(f"<h3>{_(title)}</h3>"), 1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.dialog: FormDialog | None = None

    def set_database(self, db: Database | None) -> None:
        self.db = db
        self.reload()

    def reload(self) -> None:
        db = self.db
        if db is not None:
            self.runner.run(lambda: self._load(db), self.model.set_rows)

    def selected(self) -> Any | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(row)

    def _open(self, row: Any | None) -> None:
        heading = _("Sửa") if row is not None else _("Thêm")
        dialog = FormDialog(f"{heading}: {_(self.title)}", self.fields, parent=self)
        if row is not None:
            dialog.set_values(self._to_values(row))
        record_id = getattr(row, "id", None)
        version = getattr(row, "version", None)  # optimistic lock: the version shown
        dialog.accepted.connect(lambda: self._store(dialog, record_id, version))
        self.dialog = dialog
        dialog.open()

    def _store(self, dialog: FormDialog, record_id: int | None, version: int | None) -> None:
        db = self.db
        if db is None:
            return
        values = {**dialog.values(), "version": version}

        def failed(exc: BaseException) -> None:
            if is_user_error(exc):
                dialog.show_error(user_text(exc))
                dialog.open()  # keep what the user typed
            else:
                self.runner.default_error(exc)

        # The hub reloads this page (and the others showing venues or lecturers) after the save.
        self.runner.run(lambda: self._save(db, values, record_id), lambda _r: None, failed)
