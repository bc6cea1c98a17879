"""Tổng hợp theo xã: a plan rolled up by commune, district or month — buổi, people expected and
present, cost — with the total under it (models.planning.rollup, on the worker).

The estimate is refreshed first when the database can be written (as the plan dashboard does),
so the cost is current; on a read-only file the stored estimate is summed.
"""

from __future__ import annotations

from typing import Any

from desktop.errors import message_for
from desktop.i18n import N_, _, money
from desktop.qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFont,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from desktop.records import Column, Index, RecordsModel
from desktop.tasks import TaskRunner
from models.db import Database
from models.planning.rollup import RollupBy, RollupRow, rollup, total


def month_key(key: str) -> str:
    """ "2023-10" as "Tháng 10/2023"; any other key as it is."""
    year, _dash, month = key.partition("-")
    if year.isdigit() and month.isdigit():
        return _("Tháng {month}/{year}").format(month=int(month), year=year)
    return key


class RollupModel(RecordsModel):
    """The rows, then the total in bold."""

    def __init__(self) -> None:
        self.by = "commune"
        super().__init__(self.columns_for("commune"))
        self.total: RollupRow | None = None

    def columns_for(self, by: str) -> list[Column]:
        heading = {"commune": N_("Xã"), "district": N_("Huyện"), "month": N_("Tháng")}[by]
        return [
            Column(heading, self._label),
            Column("Buổi", lambda r: r.sessions, numeric=True),
            Column("Dự kiến", lambda r: money(r.expected), numeric=True),  # 17.269
            Column("Có mặt", lambda r: money(r.present), numeric=True),
            Column("Kinh phí (đồng)", lambda r: money(r.cost), numeric=True),
        ]

    def _label(self, row: RollupRow) -> str:
        if row is self.total:
            return _("Tổng cộng")
        return month_key(row.key) if self.by == "month" else row.key

    def set_rollup(self, by: str, rows: list[RollupRow]) -> None:
        self.beginResetModel()
        self.by = by
        self.columns = self.columns_for(by)
        self.total = total(rows) if rows else None
        self.rows = [*rows, self.total] if self.total is not None else []
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.FontRole
            and index.isValid()
            and self.total is not None
            and self.rows[index.row()] is self.total
        ):
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


class RollupView(QWidget):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db: Database | None = None
        self.plan_id: int | None = None
        self.by = QComboBox()
        self.by.addItem(_("theo xã"), "commune")
        self.by.addItem(_("theo huyện"), "district")
        self.by.addItem(_("theo tháng"), "month")
        self.by.currentIndexChanged.connect(lambda _i: self.load())
        self.model = RollupModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        # Compact rows: a campaign's 18 communes and the total seen without scrolling.
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel()
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Tổng hợp")))
        top.addWidget(self.by)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def show_plan(self, db: Database | None, plan_id: int | None) -> None:
        self.db, self.plan_id = db, plan_id
        self.load()

    def load(self) -> None:
        db, plan_id = self.db, self.plan_id
        if db is None or plan_id is None:
            self.runner.forget(id(self))
            return
        by: RollupBy = self.by.currentData()
        self.note.setText(_("Đang tổng hợp…"))

        def work() -> tuple[str, list[RollupRow]]:
            with db.read() as s:  # the estimate is kept current by the writes that move it
                return by, rollup(s, plan_id, by)

        self.runner.latest(id(self), work, self._show, self._failed)

    def _show(self, result: tuple[str, list[RollupRow]]) -> None:
        by, rows = result
        self.model.set_rollup(by, rows)
        self.note.setText(
            _(
                "Dự kiến: số người dự kiến (hoặc đã ghi danh); có mặt: số người có mặt ít nhất "
                "một buổi."
            )
            if rows
            else _("Kế hoạch chưa có lớp hay buổi truyền thông nào.")
        )

    def _failed(self, exc: BaseException) -> None:
        self.note.setText(message_for(exc))


class RollupDialog(QDialog):
    def __init__(
        self,
        runner: TaskRunner,
        db: Database,
        plan_id: int,
        plan_code: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Tổng hợp kế hoạch {code}").format(code=plan_code))
        self.view = RollupView(runner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.resize(760, 600)
        self.view.show_plan(db, plan_id)
