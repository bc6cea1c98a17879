"""Chia lớp: the people imported without a class split into N classes of at most K, whole
communes (or districts) kept together where they fit — previewed before anything is written.

The proposal comes from models.planning.split on the worker; "Chia lớp" writes it in one
transaction (new classes copied to the next free dates, people enrolled); a pool that changed
since the preview is refused there, never half-applied.
"""

from __future__ import annotations

from desktop.errors import message_for
from desktop.i18n import _
from desktop.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from desktop.tasks import TaskRunner
from models.db import Database
from models.planning.split import SplitProposal, apply_split, propose_split


class SplitDialog(QDialog):
    def __init__(
        self,
        runner: TaskRunner,
        db: Database,
        plan_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Chia người chưa xếp lớp vào các lớp"))
        self.runner, self.db, self.plan_id = runner, db, plan_id
        self.proposal: SplitProposal | None = None
        self.classes = QSpinBox()
        self.classes.setRange(1, 500)
        self.classes.setValue(6)
        self.limit = QSpinBox()
        self.limit.setRange(1, 10_000)
        self.limit.setValue(40)
        self.by = QComboBox()
        self.by.addItem(_("xã"), "commune")
        self.by.addItem(_("huyện"), "district")
        self.preview_button = QPushButton(_("Xem trước"))
        self.preview_button.clicked.connect(self.preview)
        form = QFormLayout()
        form.addRow(_("Số lớp"), self.classes)
        form.addRow(_("Tối đa mỗi lớp"), self.limit)
        form.addRow(_("Giữ nguyên cả"), self.by)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Lớp"), _("Đã có"), _("Thêm"), _("Gồm (xã/huyện)")])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Chia lớp"))
        ok.setEnabled(False)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview_button)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(720, 460)

    def preview(self) -> None:
        db, plan_id = self.db, self.plan_id
        classes, limit, by = self.classes.value(), self.limit.value(), self.by.currentData()

        def work() -> SplitProposal:
            with db.read() as s:  # a preview writes nothing
                return propose_split(s, plan_id, classes=classes, limit=limit, by=by)

        self.runner.latest(id(self), work, self._previewed, self._failed)

    def _previewed(self, proposal: SplitProposal) -> None:
        self.proposal = proposal
        self.table.setRowCount(len(proposal.classes))
        for row, c in enumerate(proposal.classes):
            code = c.code + ("" if c.activity_id is not None else " " + _("(lớp mới)"))
            for col, text in enumerate(
                (code, str(c.already), str(len(c.person_ids)), ", ".join(c.groups))
            ):
                self.table.setItem(row, col, QTableWidgetItem(text))
        placed = sum(len(c.person_ids) for c in proposal.classes)
        text = _(
            "{placed} trong {pooled} người được xếp; {whole} nhóm giữ nguyên, {split} nhóm phải "
            "tách."
        ).format(
            placed=placed,
            pooled=len(proposal.pool),
            whole=proposal.whole_groups,
            split=proposal.split_groups,
        )
        if proposal.unplaced:
            text += " " + _("{n} người chưa xếp được: {reason}").format(
                n=len(proposal.unplaced), reason=proposal.unplaced[0].reason
            )
        self.note.setText(text)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(placed > 0)

    def _failed(self, exc: BaseException) -> None:
        self.note.setText(message_for(exc))

    def apply(self) -> None:
        proposal, db = self.proposal, self.db
        if proposal is None:
            return

        def work() -> list[int]:
            with db.write() as s:  # one transaction: every class and every enrolment
                return apply_split(s, proposal)

        def done(_ids: list[int]) -> None:
            self.accept()  # the window's views follow the write (desktop.change_hub)

        self.runner.run(work, done, self._failed)
