"""Định mức: the norm sets, their items, sources and the ones to verify ("cần kiểm tra")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.errors import is_user_error, message_for, user_text
from desktop.forms import Field, FormDialog
from desktop.i18n import N_, _, money, ngettext
from desktop.list_export import install_list_export
from desktop.qt import (
    QAbstractItemView,
    QColor,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QModelIndex,
    QPushButton,
    QSplitter,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from desktop.records import Column, RecordsModel
from desktop.tasks import TaskRunner
from models.db import Database
from models.norms.importing import (
    ItemChange,
    NormImportPreview,
    apply_norm_file,
    compare_norm_file,
)
from models.norms.store import (
    NormItemView,
    NormSetView,
    derive_norm_set,
    list_norm_sets,
    set_norm_cap,
)

CHECK = QColor("#fff3cd")

DERIVE_FIELDS = (
    Field("code", "Mã bộ định mức", required=True, hint=N_("Ví dụ: LAICHAU-NQ11-2019")),
    Field("name", "Tên", required=True),
    Field("province", "Tỉnh", required=True),
    Field("legal_basis", "Căn cứ (mỗi dòng một văn bản)", kind="long", required=True),
    Field("effective_from", "Hiệu lực từ ngày", kind="date"),
)
CAP_FIELDS = (
    Field("cap", "Mức tối đa (đồng)", kind="money"),
    Field(
        "source",
        "Căn cứ",
        required=True,
        hint=N_("Ghi văn bản và điều khoản, ví dụ: NQ 11/2019/NQ-HĐND tỉnh Lai Châu, Điều 2"),
    ),
)  # amber: a figure to verify before relying on it

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
        for column, width in enumerate((175, 290, 110, 115, 185, 195, 95)):
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
        self.derive_button = QPushButton(_("Tạo bộ định mức của tỉnh…"))
        self.derive_button.setToolTip(
            _("Sao chép bộ đang chọn để áp dụng nghị quyết HĐND tỉnh, rồi sửa từng mức")
        )
        self.edit_button = QPushButton(_("Sửa mức…"))
        self.import_button = QPushButton(_("Nhập từ tệp…"))
        self.import_button.setToolTip(
            _("Bộ định mức mới hoặc sửa đổi (thông tư mới, nghị quyết HĐND) từ tệp .toml: "
              "xem khác biệt trước khi nhập; lớp đã khóa quyết toán giữ nguyên số tiền")
        )  # fmt: skip
        self.import_button.clicked.connect(self.choose_file)
        self.question: QMessageBox | None = None  # the differences, asked before importing
        self.derive_button.clicked.connect(self.derive)
        self.edit_button.clicked.connect(self.edit_cap)
        self.items_view.doubleClicked.connect(lambda _i: self.edit_cap())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.dialog: FormDialog | None = None
        top = QHBoxLayout()
        top.addWidget(QLabel("<h3>" + _("Định mức chi") + "</h3>"), 1)
        top.addWidget(self.import_button)
        top.addWidget(self.derive_button)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.legend)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self.sets_view.selectionModel().currentRowChanged.connect(self._set_chosen)

    @staticmethod
    def _view(model: RecordsModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        install_list_export(view, _("Định mức"))
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
            with db.read() as s:  # the shipped sets are installed when the database opens
                return list(list_norm_sets(s))

        self.runner.run(work, self._loaded)

    def _loaded(self, sets: Any) -> None:
        current = self.current_set()
        self.sets_model.set_rows(sets)
        if sets:
            codes = [s.code for s in sets]
            # First the newest set in force: what a new plan is priced by.
            newest = max(range(len(sets)), key=lambda i: sets[i].effective_from or dt.date.min)
            keep = codes.index(current.code) if current and current.code in codes else newest
            self.sets_view.selectRow(keep)

    def current_set(self) -> NormSetView | None:
        index = self.sets_view.currentIndex()
        rows = self.sets_model.rows
        return rows[index.row()] if index.isValid() and index.row() < len(rows) else None

    def current_item(self) -> NormItemView | None:
        index = self.items_view.currentIndex()
        rows = self.items_model.rows
        return rows[index.row()] if index.isValid() and index.row() < len(rows) else None

    def _run(self, work: Callable[[Database], object], done: str) -> None:
        db = self.db
        if db is None:
            return

        def ok(_result: object) -> None:
            self.message.setStyleSheet("color: #1b5e20;")
            self.message.setText(done)
            self.reload()

        def failed(exc: BaseException) -> None:
            if not is_user_error(exc):
                self.runner.default_error(exc)
                return
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(user_text(exc))

        self.runner.run(lambda: work(db), ok, failed)

    def _ask(self, title: str, fields: tuple[Field, ...], values: dict[str, Any],
             then: Callable[[dict[str, Any]], None]) -> None:  # fmt: skip
        dialog = FormDialog(title, fields, values, parent=self)
        dialog.accepted.connect(lambda: then(dialog.values()))
        self.dialog = dialog
        dialog.open()

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Chọn tệp bộ định mức"), "", _("Bộ định mức (*.toml)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Show what the file changes; import it only when the user says so."""
        db = self.db
        if db is None:
            return

        def compare() -> NormImportPreview:
            with db.read() as s:
                return compare_norm_file(s, path)

        def ask(preview: NormImportPreview) -> None:
            lines = [_change_text(c) for c in preview.changes[:20]]
            if len(preview.changes) > 20:
                more = len(preview.changes) - 20
                lines.append(
                    ngettext("… và {n} thay đổi khác", "… và {n} thay đổi khác", more).format(
                        n=more
                    )
                )
            names = {i.code: i.name for s in self.sets_model.rows for i in s.items}
            lines += [
                _("“{name}”: không có trong tệp, vẫn giữ").format(name=names.get(c, c))
                for c in preview.kept
            ]
            box = QMessageBox(
                QMessageBox.Icon.Question, _("Nhập bộ định mức"),
                preview.summary, parent=self,
            )  # fmt: skip
            box.setDetailedText("\n".join(lines))
            box.setInformativeText("\n".join(lines[:8]))
            doit = box.addButton(_("Nhập"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(_("Hủy"), QMessageBox.ButtonRole.RejectRole)
            box.buttonClicked.connect(lambda b: apply() if b is doit else None)
            self.question = box
            box.open()

        def apply() -> None:
            def work(database: Database) -> None:
                with database.write() as s:
                    apply_norm_file(s, path)

            self._run(work, _("Đã nhập bộ định mức từ {name}.").format(name=path.name))

        def failed(exc: BaseException) -> None:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(message_for(exc))

        self.runner.run(compare, ask, failed)

    def derive(self) -> None:
        base = self.current_set()
        if base is None:
            return

        def then(v: dict[str, Any]) -> None:
            def work(db: Database) -> None:
                with db.write() as s:
                    derive_norm_set(
                        s, base.code, code=v["code"], name=v["name"], province=v["province"],
                        legal_basis=[line for line in v["legal_basis"].splitlines() if line],
                        effective_from=v["effective_from"],
                    )  # fmt: skip

            self._run(work, _("Đã tạo bộ định mức {code}.").format(code=v["code"]))

        self._ask(
            _("Bộ định mức của tỉnh (dựa trên {code})").format(code=base.code),
            DERIVE_FIELDS,
            {"effective_from": base.effective_from},
            then,
        )

    def edit_cap(self) -> None:
        norm_set, item = self.current_set(), self.current_item()
        if norm_set is None or item is None:
            return
        if item.cap is None:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(_("Mục này chi theo thực tế hoặc theo công thức, không có mức."))
            return

        def then(v: dict[str, Any]) -> None:
            def work(db: Database) -> None:
                with db.write() as s:
                    set_norm_cap(
                        s, norm_set.code, item.code, v["cap"], source=v["source"],
                        expected_version=item.version,
                    )  # fmt: skip

            self._run(work, _("Đã sửa mức “{name}”.").format(name=item.name))

        self._ask(
            _("Sửa mức: {name}").format(name=item.name),
            CAP_FIELDS,
            {"cap": item.cap, "source": item.source},
            then,
        )

    def _set_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.items_model.set_rows(self.sets_model.rows[current.row()].items)
            self.items_view.resizeRowsToContents()


# What an imported file changes in an item, named in words (never its code).
CHANGED_FIELDS = {
    "cap": N_("mức tối đa"),
    "source": N_("căn cứ"),
    "confidence": N_("độ tin cậy"),
    "params": N_("tham số"),
    "name": N_("tên"),
    "unit": N_("đơn vị tính"),
}


def _change_text(change: ItemChange) -> str:
    if change.field == "new":
        return _("“{name}”: mục mới, {new}").format(name=change.name, new=change.new)
    return _("“{name}”: {field} {old} → {new}").format(
        name=change.name,
        field=_(CHANGED_FIELDS.get(change.field, change.field)),
        old=change.old or "—",
        new=change.new or "—",
    )
