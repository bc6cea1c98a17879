"""A filterable, database-sorted people table: an activity's roster or everyone."""

from __future__ import annotations

from typing import Any

from desktop.i18n import _
from desktop.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Slot,
)
from desktop.tablemodels import PeopleModel
from desktop.tasks import TaskRunner
from models.db import Database
from models.people import PersonRow, fetch_rows, person_ids


class RosterPanel(QWidget):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db: Database | None = None
        self.activity_id: int | None = None
        self.everyone = False
        self.order = ("name", False)
        self._generation = 0

        self.title = QLabel()
        self.title.setObjectName("rosterTitle")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Lọc theo tên (gõ không dấu cũng được) hoặc số CCCD"))
        self.filter.setClearButtonEnabled(True)
        self.count = QLabel()
        self.model = PeopleModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        for column, width in enumerate((190, 50, 50, 75, 140, 130, 130, 110, 120)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self.reload)
        self.filter.textChanged.connect(lambda _text: self._debounce.start())
        self.model.sort_requested.connect(self._sort)
        self.model.rows_wanted.connect(self._fetch)

    def set_database(self, db: Database | None) -> None:
        self.db = db

    def show_activity(self, activity_id: int | None, title: str) -> None:
        self.activity_id = activity_id
        self.everyone = False
        self.title.setText(title)
        self.reload()

    def show_everyone(self) -> None:
        self.activity_id = None
        self.everyone = True
        self.title.setText(_("Tất cả học viên"))
        self.reload()

    @Slot(str, bool)
    def _sort(self, key: str, descending: bool) -> None:
        self.order = (key, descending)
        self.reload()

    @Slot()
    def reload(self) -> None:
        db = self.db
        if db is None or (self.activity_id is None and not self.everyone):
            self.model.set_ids([])
            self.count.setText("")
            return
        self._generation += 1
        generation = self._generation
        activity_id, text, (order, descending) = self.activity_id, self.filter.text(), self.order

        def work() -> tuple[list[int], dict[int, PersonRow]]:
            with db.read() as s:
                ids = person_ids(
                    s, activity_id=activity_id, text=text, order=order, descending=descending
                )
                return ids, fetch_rows(s, ids[: PeopleModel.PAGE])

        self.runner.run(work, lambda result: self._loaded(generation, result))

    def _loaded(self, generation: int, result: Any) -> None:
        if generation != self._generation:
            return  # a newer filter or sort superseded this one
        ids, rows = result
        self.model.set_ids(ids, rows)
        self.count.setText(_("{n} người").format(n=f"{len(ids):,}".replace(",", ".")))

    @Slot(list)
    def _fetch(self, ids: list[int]) -> None:
        db = self.db
        if db is None:
            return

        def work() -> dict[int, PersonRow]:
            with db.read() as s:
                return fetch_rows(s, ids)

        self.runner.run(work, self.model.add_rows)
