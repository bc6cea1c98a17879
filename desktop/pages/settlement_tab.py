"""Quyết toán: payouts per person from attendance, and estimate vs actual per line."""

from __future__ import annotations

from typing import Any

from desktop.forms import Field
from desktop.i18n import N_, _, amount_in_words, money, tr
from desktop.list_export import install_list_export
from desktop.pages.activity_tabs import ActivityTab
from desktop.qt import (
    QAbstractItemView,
    QColor,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from desktop.records import Column, RecordsModel
from desktop.tasks import TaskRunner
from models.budget.documents import Document
from models.budget.edit import add_line_document, record_actual
from models.changes import Change
from models.settlement.compute import ActivitySettlement, SettlementLine, settle_activity

MISSING = QColor("#fff3cd")


def _document(line: SettlementLine) -> str:
    return line.document_ref or (_("chưa có") if line.missing_document else "")


PEOPLE = (
    Column("Họ và tên", lambda p: p.full_name),
    Column("Chức vụ, đơn vị", lambda p: ", ".join(x for x in (p.position, p.commune) if x)),
    Column("Số ngày", lambda p: p.days, numeric=True),
    Column("Tiền ăn", lambda p: money(p.meal), numeric=True),
    Column("Tiền nghỉ", lambda p: money(p.lodging), numeric=True),
    Column("Tiền đi lại", lambda p: money(p.travel), numeric=True),
    Column("Tổng cộng", lambda p: money(p.total), numeric=True),
)
LINES = (
    Column("Nội dung chi", lambda x: x.description),
    Column("Dự toán", lambda x: money(x.estimate_amount), numeric=True),
    Column("Thực chi", lambda x: money(x.actual_amount), numeric=True),
    Column("Chênh lệch", lambda x: money(x.variance), numeric=True),
    Column("Căn cứ", lambda x: _("theo điểm danh") if x.basis == "attendance" else _("chứng từ")),
    Column("Chứng từ", _document),
)
DOCUMENT_KINDS = (
    (N_("Hợp đồng"), "contract"),
    (N_("Hóa đơn"), "invoice"),
    (N_("Biên nhận"), "receipt"),
    (N_("Vé"), "ticket"),
)
DOCUMENT_FIELDS = (
    Field("kind", "Loại chứng từ", kind="choice", choices=DOCUMENT_KINDS),
    Field("number", "Số", required=True),
    Field("issued_on", "Ngày", kind="date"),
    Field("amount", "Số tiền (đồng)", kind="money"),
    Field("symbol", "Ký hiệu hóa đơn", hint=N_("Hóa đơn: ghi ký hiệu, đơn vị bán, mã số thuế")),
    Field("seller", "Đơn vị bán"),
    Field("seller_tax_code", "Mã số thuế đơn vị bán"),
)
ACTUAL_FIELDS = (
    Field("amount", "Số tiền thực chi (đồng)", kind="money"),
    Field("document_ref", "Số hợp đồng, hóa đơn, chứng từ", required=True),
)


def _table(model: RecordsModel, widths: tuple[int, ...]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    install_list_export(view, _("Quyết toán"))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return view


class SettlementTab(ActivityTab):
    watches = Change.ESTIMATE | Change.ATTENDANCE | Change.PEOPLE | Change.PLANS | Change.LOCKS

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.settlement: ActivitySettlement | None = None
        self.people_model = RecordsModel(PEOPLE)
        self.lines_model = RecordsModel(
            LINES, background=lambda x: MISSING if x.missing_document else None
        )
        self.people_view = _table(self.people_model, (200, 240, 70, 110, 110, 110, 120))
        self.lines_view = _table(self.lines_model, (300, 120, 120, 120, 120, 200))
        self.actual_button = QPushButton(_("Thực chi…"))
        self.actual_button.setToolTip(_("Nhập thực chi theo chứng từ"))
        self.actual_button.clicked.connect(self.enter_actual)
        self.document_button = QPushButton(_("Thêm chứng từ…"))
        self.document_button.setToolTip(
            _("Một dòng có thể có nhiều chứng từ: thực chi là tổng các chứng từ")
        )
        self.document_button.clicked.connect(self.add_document)
        self.totals = QLabel()
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.totals.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a5a00;")

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.people_view)
        lines_box = QWidget()
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("<b>" + _("Dự toán và thực chi theo từng dòng") + "</b>"), 1)
        row.addWidget(self.document_button)
        row.addWidget(self.actual_button)
        lines_layout.addLayout(row)
        lines_layout.addWidget(self.lines_view, 1)
        splitter.addWidget(lines_box)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>" + _("Chi trả cho người tham dự (theo điểm danh)") + "</b>"))
        layout.addWidget(splitter, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.warnings)
        layout.addWidget(self.message)

    def reload(self) -> None:
        db, activity_id = self.db, self.activity_id
        if db is None or activity_id is None:
            return

        def work() -> ActivitySettlement:
            with db.read() as s:  # the lines are kept current by the writes that move them
                return settle_activity(s, activity_id, refresh=False)

        self.runner.run(work, self._loaded)

    def _loaded(self, result: Any) -> None:
        st: ActivitySettlement = result
        self.settlement = st
        self.people_model.set_rows(st.people)
        self.lines_model.set_rows(st.lines)
        variance = st.total - st.estimate_total
        self.totals.setText(
            _(
                "<b>Tổng quyết toán: {total} đồng</b> (dự toán {estimate} đồng, chênh lệch "
                "{variance} đồng)<br><i>Bằng chữ: {words}</i>"
            ).format(
                total=money(st.total),
                estimate=money(st.estimate_total),
                variance=money(variance),
                words=amount_in_words(st.total, st.total_in_words),
            )
        )
        self.warnings.setText("\n".join(tr(w) for w in st.warnings))
        self.actual_button.setEnabled(not st.locked)
        self.document_button.setEnabled(not st.locked)

    def selected_line(self) -> SettlementLine | None:
        index = self.lines_view.currentIndex()
        return self.lines_model.rows[index.row()] if index.isValid() else None

    def add_document(self) -> None:
        line = self.selected_line()
        if line is None or line.line_id is None:
            self.say(_("Chọn một dòng chi theo chứng từ trong bảng dưới."), error=True)
            return
        line_id = line.line_id

        def then(v: dict[str, Any]) -> None:
            doc = Document(
                kind=v["kind"], number=v["number"], issued_on=v["issued_on"],
                amount=v["amount"] or 0, symbol=v["symbol"], seller=v["seller"],
                seller_tax_code=v["seller_tax_code"],
            )  # fmt: skip

            def work(db: Any) -> None:
                with db.write() as s:
                    add_line_document(s, line_id, doc)

            self.act(work, _("Đã thêm chứng từ."), self.dialog)

        self.ask(_("Chứng từ: {name}").format(name=line.description), DOCUMENT_FIELDS, {}, then)

    def enter_actual(self) -> None:
        line = self.selected_line()
        if line is None or line.line_id is None:
            self.say(_("Chọn một dòng chi theo chứng từ trong bảng dưới."), error=True)
            return
        line_id = line.line_id

        def then(v: dict[str, Any]) -> None:
            def work(db: Any) -> None:
                with db.write() as s:
                    record_actual(s, line_id, v["amount"], v["document_ref"])

            self.act(work, _("Đã ghi thực chi."))

        self.ask(
            _("Thực chi: {name}").format(name=line.description),
            ACTUAL_FIELDS,
            {"amount": line.actual_amount, "document_ref": line.document_ref},
            then,
        )
