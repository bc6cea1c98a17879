"""Dự toán: the activity's budget lines, each with its norm item, source and status."""

from __future__ import annotations

from typing import Any

from desktop.errors import user_text
from desktop.forms import Field, FormDialog
from desktop.history import show_history
from desktop.i18n import N_, _, money, ngettext, tr
from desktop.list_export import install_list_export
from desktop.pages.activity_tabs import ActivityTab
from desktop.qt import (
    QAbstractItemView,
    QColor,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from desktop.records import Column, RecordsModel
from desktop.tasks import TaskRunner
from models.audit import HistoryEntry, history_of_line
from models.budget.edit import AboveCapError, add_line, record_override, remove_line, update_line
from models.budget.estimate import (
    ABOVE_CAP,
    NO_CAP,
    OVERRIDDEN,
    WITHIN_CAP,
    ActivityEstimate,
    EstimateLine,
    PlanEstimate,
    estimate_with_plan,
)
from models.changes import Change
from models.db import Database

# Status: a glyph (readable without colour) and a background.
STATUS = {
    WITHIN_CAP: ("✓", N_("trong định mức"), QColor("#e8f5e9")),
    ABOVE_CAP: ("✗", N_("vượt định mức"), QColor("#fdecea")),
    OVERRIDDEN: ("!", N_("vượt, đã ghi lý do"), QColor("#fff3cd")),
    NO_CAP: ("§", N_("theo chứng từ"), QColor("#e3f2fd")),
}


def _status(line: EstimateLine) -> str:
    glyph, label, _colour = STATUS.get(line.status, ("?", line.status, None))
    return f"{glyph} {_(label)}"


def _why(x: EstimateLine) -> str:
    """Which set and which figure priced the line, and why (issue 10)."""
    lines = [x.norm_name, x.source]  # the item in words, never its code (issue 12)
    if x.norm_set:
        lines.append(_("Bộ định mức {code}: {why}").format(code=x.norm_set, why=tr(x.why_set)))
    return "\n".join(line for line in lines if line)


def _cap(line: EstimateLine) -> str:
    return money(line.cap) if line.cap is not None else "—"


COLUMNS = (
    Column("Nội dung chi", lambda x: x.description),
    Column("Căn cứ", lambda x: x.source, tooltip=_why),
    Column("Số lượng", lambda x: money(x.quantity), numeric=True),  # grouped per language
    Column("Đơn vị", lambda x: x.unit),
    Column("Đơn giá", lambda x: money(x.rate), numeric=True),
    Column("Mức tối đa", _cap, numeric=True),
    Column("Thành tiền", lambda x: money(x.amount), numeric=True),
    Column("Trạng thái", _status),
)

LINE_FIELDS = (
    Field("description", "Nội dung chi", required=True),
    Field("quantity", "Số lượng", kind="int", maximum=10**9),
    Field("unit", "Đơn vị tính"),
    Field("rate", "Đơn giá (đồng)", kind="money"),
    Field("document_ref", "Hợp đồng, hóa đơn"),
)
OVERRIDE_FIELDS = (
    Field(
        "reason",
        "Lý do chấp nhận vượt định mức",
        required=True,
        hint=N_("Ví dụ: Nghị quyết của HĐND tỉnh cho phép mức cao hơn (ghi số, ngày)."),
    ),
)


class BudgetTab(ActivityTab):
    watches = Change.ESTIMATE | Change.PLANS | Change.NORMS | Change.LOCKS

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.estimate: ActivityEstimate | None = None
        self.plan_estimate: PlanEstimate | None = None
        self.model = RecordsModel(
            COLUMNS, background=lambda x: STATUS.get(x.status, (0, 0, None))[2]
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        install_list_export(self.table, _("Dự toán"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((260, 210, 75, 95, 95, 95, 115)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_line())

        self.add_button = QPushButton(_("Thêm dòng…"))
        self.edit_button = QPushButton(_("Sửa dòng…"))
        self.remove_button = QPushButton(_("Bỏ dòng"))
        self.override_button = QPushButton(_("Ghi lý do vượt mức…"))
        self.add_button.clicked.connect(self.add_line)
        self.edit_button.clicked.connect(self.edit_line)
        self.remove_button.clicked.connect(self.remove_line)
        self.override_button.clicked.connect(self.override)
        self.history_button = QPushButton(_("Lịch sử dòng…"))
        self.history_button.clicked.connect(self.line_history)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button, self.override_button):
            buttons.addWidget(button)
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)

        self.totals = QLabel()
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a5a00;")
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.warnings)
        layout.addWidget(self.message)

    # --- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        db, activity_id = self.db, self.activity_id
        if db is None or activity_id is None:
            self.model.set_rows([])
            return

        def work() -> tuple[ActivityEstimate, PlanEstimate]:
            with db.read() as s:  # the lines are kept current by the writes that move them
                return estimate_with_plan(s, activity_id, refresh=False)

        self.runner.run(work, self._loaded)

    def _loaded(self, result: Any) -> None:
        self.estimate, self.plan_estimate = result
        est, plan = self.estimate, self.plan_estimate
        assert est is not None and plan is not None
        self.model.set_rows(est.lines)
        errors = len(est.errors)
        colour = "#b00020" if plan.remaining < 0 else "#1b5e20"
        self.totals.setText(
            _(
                "<b>Tổng dự toán lớp: {total} đồng</b> &nbsp;·&nbsp; Cả kế hoạch: {plan} / "
                "{ceiling} đồng, <span style='color:{colour}'>còn lại {remaining} đồng</span>"
            ).format(
                total=money(est.total),
                plan=money(plan.total),
                ceiling=money(plan.ceiling),
                remaining=money(plan.remaining),
                colour=colour,
            )
            + (
                ngettext(
                    " &nbsp;·&nbsp; <b style='color:#b00020'>{n} dòng vượt định mức</b>",
                    " &nbsp;·&nbsp; <b style='color:#b00020'>{n} dòng vượt định mức</b>",
                    errors,
                ).format(n=errors)
                if errors
                else ""
            )
        )
        self.warnings.setText("\n".join(tr(w) for w in est.warnings))
        locked = est.locked
        for button in (self.add_button, self.edit_button, self.remove_button, self.override_button):
            button.setEnabled(not locked)

    def selected(self) -> EstimateLine | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    # --- actions ------------------------------------------------------------------------------
    def add_line(self) -> None:
        est = self.estimate
        if est is None or self.plan_estimate is None:
            return
        plan_id, activity_id = self.plan_estimate.plan_id, est.activity_id

        def then(v: dict[str, Any]) -> None:
            self.act(
                lambda db: _in_write(
                    db,
                    lambda s: add_line(
                        s,
                        plan_id=plan_id,
                        activity_id=activity_id,
                        description=v["description"],
                        quantity=v["quantity"],
                        unit=v["unit"],
                        rate=v["rate"],
                        document_ref=v["document_ref"],
                    ),
                ),
                _("Đã thêm dòng."),
            )

        self.ask(_("Thêm dòng dự toán"), LINE_FIELDS, {"quantity": 1}, then)

    def edit_line(self) -> None:
        line = self.selected()
        if line is None:
            return
        values = {
            "description": line.description,
            "quantity": line.quantity,
            "unit": line.unit,
            "rate": line.rate,
            "document_ref": line.document_ref,
        }

        def then(v: dict[str, Any], reason: str | None = None) -> None:
            self.act(
                lambda db: _in_write(
                    db,
                    lambda s: update_line(
                        s,
                        line.line_id,
                        quantity=v["quantity"],
                        rate=v["rate"],
                        description=v["description"],
                        unit=v["unit"],
                        document_ref=v["document_ref"],
                        expected_version=line.version,
                        override_reason=reason,
                    ),
                ),
                _("Đã sửa dòng."),
                form=dialog,
                refused=lambda exc: self._ask_reason(exc, lambda r: then(v, r), dialog),
            )

        dialog = self.ask(_("Sửa dòng dự toán"), LINE_FIELDS, values, then)

    def _ask_reason(self, exc: BaseException, again: Any, form: FormDialog | None = None) -> bool:
        """Above the cap nothing was saved: ask why, then save again with the reason.
        Cancel saves nothing and goes back to the line's form with what the user typed."""
        if not isinstance(exc, AboveCapError):
            return False
        dialog = FormDialog(
            _("Vượt định mức: {item}").format(item=exc.item), OVERRIDE_FIELDS, {}, parent=self
        )
        dialog.show_error(user_text(exc))
        dialog.accepted.connect(lambda: again(dialog.values()["reason"]))
        if form is not None:
            dialog.rejected.connect(form.open)
        self.dialog = dialog
        dialog.open()
        return True

    def line_history(self) -> None:
        line = self.selected()
        if line is None:
            return

        def load(db: Database) -> list[HistoryEntry]:
            with db.read() as s:
                return history_of_line(s, line.line_id)

        title = _("Lịch sử dòng: {line}").format(line=line.description)
        show_history(self, self.runner, self.db, title, load)

    def remove_line(self) -> None:
        line = self.selected()
        if line is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Bỏ dòng dự toán"),
            _("Bỏ dòng “{name}” ({amount} đồng) khỏi dự toán?").format(
                name=line.description, amount=money(line.amount)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Yes:
                self.act(
                    lambda db: _in_write(db, lambda s: remove_line(s, line.line_id)),
                    _("Đã bỏ dòng “{name}”.").format(name=line.description),
                )

        box.finished.connect(answered)
        self.confirm = box
        box.open()

    def override(self) -> None:
        line = self.selected()
        if line is None:
            return

        def then(v: dict[str, Any]) -> None:
            self.act(
                lambda db: _in_write(db, lambda s: record_override(s, line.line_id, v["reason"])),
                _("Đã ghi lý do."),
            )

        self.ask(
            _("Vượt định mức: {name}").format(name=line.description),
            OVERRIDE_FIELDS,
            {"reason": line.override_reason},
            then,
        )


def _in_write(db: Database, step: Any) -> object:
    with db.write() as s:
        return step(s)
