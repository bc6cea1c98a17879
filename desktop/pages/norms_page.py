"""Định mức: the norm sets, their items, sources and the ones to verify ("cần kiểm tra")."""

from __future__ import annotations

from typing import Any

from desktop.i18n import N_, _
from desktop.qt import (
    QAbstractItemView,
    QColor,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QModelIndex,
    QSplitter,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from desktop.records import Column, RecordsModel
from desktop.tasks import TaskRunner
from models.db import Database
from models.norms import NormItemView, NormSetView, install_shipped, list_norm_sets
from reports.numbers import money

CHECK = QColor("#fff3cd")  # amber: a figure to verify before relying on it

APPLIES = {
    "learner_unsalaried": N_("học viên không hưởng lương"),
    "learner_salaried": N_("học viên hưởng lương"),
    "lecturer": N_("giảng viên"),
    "organiser": N_("ban tổ chức"),
    "delegate_unsalaried": N_("đại biểu không hưởng lương"),
    "all": N_("mọi người"),
}


def _cap(item: NormItemView) -> str:
    if item.cap is not None:
        return money(item.cap)
    return _("theo thực tế") if item.basis == "actual" else _("theo công thức")


def _confidence(item: NormItemView) -> str:
    return _("cần kiểm tra") if item.needs_verification else item.confidence


def _period(s: NormSetView) -> str:
    start = f"{s.effective_from:%d/%m/%Y}" if s.effective_from else "…"
    end = f"{s.effective_to:%d/%m/%Y}" if s.effective_to else "…"
    return f"{start} – {end}"


ITEM_COLUMNS = (
    Column("Mã", lambda i: i.code),
    Column("Nội dung chi", lambda i: i.name),
    Column("Mức tối đa (đồng)", _cap, numeric=True),
    Column("Đơn vị tính", lambda i: i.unit),
    Column("Đối tượng", lambda i: ", ".join(_(APPLIES.get(a, a)) for a in i.applies_to)),
    Column("Căn cứ", lambda i: i.source),
    Column("Độ tin cậy", _confidence),
)
SET_COLUMNS = (
    Column("Bộ định mức", lambda s: s.name),
    Column("Tỉnh", lambda s: s.province or _("Toàn quốc")),
    Column("Hiệu lực", _period),
)


class NormsPage(QWidget):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db: Database | None = None
        self.sets_model = RecordsModel(SET_COLUMNS)
        self.items_model = RecordsModel(
            ITEM_COLUMNS, background=lambda i: CHECK if i.needs_verification else None
        )
        self.sets_view = self._view(self.sets_model)
        self.items_view = self._view(self.items_model)
        self.items_view.setWordWrap(True)
        header = self.items_view.horizontalHeader()
        for column, width in enumerate((150, 330, 120, 130, 200, 230, 100)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.sets_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.legend = QLabel(
            _("Các mức tô vàng là <b>cần kiểm tra</b>: số liệu phổ biến nhưng chưa đối chiếu "
              "được văn bản gốc; hãy kiểm tra trước khi dùng.")
        )  # fmt: skip
        self.legend.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.sets_view)
        splitter.addWidget(self.items_view)
        splitter.setSizes([120, 600])
        top = QHBoxLayout()
        top.addWidget(QLabel("<h3>" + _("Định mức chi") + "</h3>"), 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.legend)
        layout.addWidget(splitter, 1)
        self.sets_view.selectionModel().currentRowChanged.connect(self._set_chosen)

    @staticmethod
    def _view(model: RecordsModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.verticalHeader().setVisible(False)
        return view

    def set_database(self, db: Database | None) -> None:
        self.db = db
        self.reload()

    def reload(self) -> None:
        db = self.db
        if db is None:
            return

        def work() -> list[NormSetView]:
            with db.write() as s:  # the shipped sets are loaded the first time they are needed
                install_shipped(s)
            with db.read() as s:
                return list(list_norm_sets(s))

        self.runner.run(work, self._loaded)

    def _loaded(self, sets: Any) -> None:
        self.sets_model.set_rows(sets)
        if sets:
            self.sets_view.selectRow(0)

    def _set_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.items_model.set_rows(self.sets_model.rows[current.row()].items)
            self.items_view.resizeRowsToContents()
