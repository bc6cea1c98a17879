"""The wizard's last pages: the preview of every row's fate, and what was imported.

Nothing is written before "Nhập vào cơ sở dữ liệu"; then the whole file is one transaction,
and the done page offers the rejection report for the sender.
"""

from __future__ import annotations

from pathlib import Path

from desktop.i18n import _, ngettext
from desktop.importer.host import ImportHost
from desktop.importer.pages import SETTINGS_FOLDER, StatusLine, help_label
from desktop.importer.preview_model import (
    DECISION_LABELS,
    FATES,
    FILTERS,
    REPAIR_LABELS,
    DecisionDelegate,
    PreviewModel,
)
from desktop.qt import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QModelIndex,
    QPushButton,
    Qt,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)
from desktop.settings import settings
from models.roster_import.outcome import Decision


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportHost) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Kết quả từng dòng"))
        self.setSubTitle(
            _(
                "Chưa có gì được ghi. Xem lại từng dòng; với dòng «cần xác nhận», chọn là cùng "
                "người hay người khác, rồi bấm «Nhập vào cơ sở dữ liệu»."
            )
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Nhập vào cơ sở dữ liệu"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.filter = QComboBox()
        self.filter.currentIndexChanged.connect(self._filter)
        self.model = PreviewModel(self)
        self.model.decisions_changed.connect(self._update_summary)
        self.view = self._table()
        self.hold_button = QPushButton(_(DECISION_LABELS["hold"]))
        self.merge_button = QPushButton(_(DECISION_LABELS["merge"]))
        self.new_button = QPushButton(_(DECISION_LABELS["new"]))
        for button, decision in (
            (self.hold_button, "hold"),
            (self.merge_button, "merge"),
            (self.new_button, "new"),
        ):
            button.clicked.connect(lambda _c=False, d=decision: self.decide_selected(d))
        show = QHBoxLayout()
        show.addWidget(QLabel(_("Hiện:")))
        show.addWidget(self.filter)
        show.addStretch(1)
        show.addWidget(QLabel(_("Dòng đang chọn:")))
        show.addWidget(self.hold_button)
        show.addWidget(self.merge_button)
        show.addWidget(self.new_button)
        self.row_detail = QLabel()
        self.row_detail.setWordWrap(True)
        self.row_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.row_detail.setMinimumHeight(self.fontMetrics().lineSpacing() * 2)
        self.row_detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.view.selectionModel().currentRowChanged.connect(self._show_row)
        self.status = StatusLine()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details)
        layout.addLayout(show)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.row_detail)
        layout.addWidget(self.status)

    def initializePage(self) -> None:
        self.model.set_lines(self.owner.lines)
        self.filter.blockSignals(True)
        self.filter.clear()
        for kind, label in FILTERS:
            if kind == "all":
                count = len(self.model.lines)
            elif kind == "warnings":
                count = sum(1 for line in self.model.lines if line.warnings)
            else:
                count = sum(1 for line in self.model.lines if line.fate == kind)
            if kind == "all" or count:
                self.filter.addItem(f"{_(label)} ({count})", kind)
        self.filter.setCurrentIndex(0)
        self.filter.blockSignals(False)
        self.model.set_filter("all")
        self._show_row(QModelIndex(), QModelIndex())
        self.status.clear()
        self._update_summary()
        self._details()

    def _table(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        self.model.modelReset.connect(self._open_editors)  # after the view's own reset
        view.setItemDelegateForColumn(PreviewModel.DECISION, DecisionDelegate(view))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        view.setWordWrap(False)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(28)
        header = view.horizontalHeader()
        for column, width in enumerate((100, 46, 160, 120, 200)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        return view

    def _show_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.row_detail.setText(_("Chọn một dòng để xem đầy đủ lý do."))
            return
        line = self.model.line(current.row())
        look = FATES[line.fate]
        parts = [f"«{line.sheet}», " + _("dòng") + f" {line.row}: {look.glyph} {_(look.label)}"]
        if line.reason:
            parts.append(line.reason)
        if line.warnings:
            parts.append(f"⚠ {line.warnings}")
        self.row_detail.setText(" — ".join(parts))

    def _filter(self) -> None:
        self.model.set_filter(str(self.filter.currentData() or "all"))

    def _open_editors(self) -> None:
        for view_row, i in enumerate(self.model.shown):
            if self.model.lines[i].fate == "possible_duplicate":
                self.view.openPersistentEditor(self.model.index(view_row, PreviewModel.DECISION))

    def decide_selected(self, decision: Decision) -> None:
        rows = {index.row() for index in self.view.selectionModel().selectedRows()}
        for row in sorted(rows):
            self.model.decide(self.model.line(row).ref, decision)
        self._open_editors()  # the combos show the new choice

    def counts(self) -> tuple[int, int, int, int, int]:
        """(imported, duplicates, held, rejected, skipped) with the current decisions."""
        preview = self.owner.preview
        assert preview is not None
        chosen = list(self.model.decisions.values())
        return (
            preview.count("new") + chosen.count("new"),
            preview.count("duplicate") + chosen.count("merge"),
            chosen.count("hold"),
            preview.count("rejected"),
            len(preview.skipped),
        )

    def _update_summary(self) -> None:
        if self.owner.preview is None:
            return
        new, dup, held, rejected, skipped = self.counts()
        total = new + dup + held + rejected
        self.summary.setText(
            "<b>"
            + _(
                "Nhập mới {new}, trùng {dup}, cần xác nhận {held}, từ chối {rejected}, "
                "bỏ qua {skipped} dòng không phải người: {new} + {dup} + {held} + {rejected} "
                "= {total}"
            ).format(new=new, dup=dup, held=held, rejected=rejected, skipped=skipped, total=total)
            + "</b>"
        )

    def _details(self) -> None:
        preview = self.owner.preview
        assert preview is not None
        parts = []
        if preview.repaired:
            fixed = ", ".join(
                f"{_(REPAIR_LABELS.get(kind, kind))} ({n})" for kind, n in preview.repaired.items()
            )
            parts.append(_("Đã tự sửa (số ô): {fixed}.").format(fixed=fixed))
        for warning in preview.sheet_warnings:
            parts.append(f"⚠ «{warning.sheet}»: {warning.message}.")
        row_warnings = sum(1 for line in self.model.lines if line.warnings)
        if row_warnings:
            parts.append(
                ngettext(
                    "{n} dòng có cảnh báo (xem cột Lý do, cảnh báo).",
                    "{n} dòng có cảnh báo (xem cột Lý do, cảnh báo).",
                    row_warnings,
                ).format(n=row_warnings)
            )
        self.details.setText("\n".join(parts))
        self.details.setVisible(bool(parts))

    def isComplete(self) -> bool:
        return self.owner.preview is not None and not self.status.is_busy

    def validatePage(self) -> bool:
        if self.owner.outcome is not None:
            return True
        if self.status.is_busy:
            return False
        self.status.busy(_("Đang ghi vào cơ sở dữ liệu…"))
        self.completeChanged.emit()
        self.owner.apply(dict(self.model.decisions), self._applied, self._failed)
        return False

    def _applied(self) -> None:
        self.status.clear()
        self.completeChanged.emit()
        self.owner.next()

    def _failed(self, message: str) -> None:
        self.status.error(message)
        self.completeChanged.emit()


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportHost) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Đã nhập danh sách"))
        self.setSubTitle(_("Danh sách đã được ghi vào cơ sở dữ liệu."))
        self.setFinalPage(True)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(_("Lưu báo cáo dòng lỗi…"))
        self.save_button.clicked.connect(self.choose_report_path)
        self.save_hint = help_label(
            _(
                "Báo cáo (.xlsx) giữ nguyên các ô gốc của những dòng bị từ chối hoặc còn chờ "
                "xác nhận, kèm lý do, để gửi lại cho xã sửa."
            )
        )
        self.status = StatusLine()
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.result_label)
        layout.addSpacing(8)
        layout.addWidget(self.save_hint)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.dialog: QFileDialog | None = None
        self.saved: Path | None = None

    def initializePage(self) -> None:
        result = self.owner.outcome
        assert result is not None
        lines = [
            ngettext("Đã nhập {n} người mới.", "Đã nhập {n} người mới.", result.imported).format(
                n=result.imported
            ),
            ngettext(
                "{n} dòng trùng với người đã có hoặc dòng trước: không tạo người mới.",
                "{n} dòng trùng với người đã có hoặc dòng trước: không tạo người mới.",
                result.duplicates,
            ).format(n=result.duplicates),
        ]
        if result.activity_id is not None:
            lines.append(
                ngettext(
                    "Đã ghi danh thêm {n} người vào lớp {activity}.",
                    "Đã ghi danh thêm {n} người vào lớp {activity}.",
                    result.enrolled,
                ).format(n=result.enrolled, activity=self.owner.activity_label(result.activity_id))
            )
        if result.possible_duplicates:
            lines.append(
                ngettext(
                    "{n} dòng còn chờ xác nhận (chưa nhập).",
                    "{n} dòng còn chờ xác nhận (chưa nhập).",
                    result.possible_duplicates,
                ).format(n=result.possible_duplicates)
            )
        if result.rejected:
            lines.append(
                ngettext(
                    "{n} dòng bị từ chối (chưa nhập).",
                    "{n} dòng bị từ chối (chưa nhập).",
                    result.rejected,
                ).format(n=result.rejected)
            )
        self.result_label.setText("\n".join(lines))
        has_report = bool(result.rejected or result.possible_duplicates)
        self.save_button.setVisible(has_report)
        self.save_hint.setVisible(has_report)
        self.status.clear()

    def choose_report_path(self) -> None:
        source = self.owner.loaded_path
        folder = source.parent if source else Path(str(settings().value(SETTINGS_FOLDER, "")))
        stem = source.stem if source else "danh-sach"
        suggested = str(folder / f"{stem} - dòng lỗi.xlsx")
        dialog = QFileDialog(self, _("Lưu báo cáo dòng lỗi"), suggested, _("Bảng tính (*.xlsx)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("xlsx")
        dialog.selectFile(suggested)
        dialog.fileSelected.connect(lambda path: self.save_rejects(Path(path)) if path else None)
        self.dialog = dialog
        dialog.open()

    def save_rejects(self, path: Path) -> None:
        self.status.busy(_("Đang lưu báo cáo…"))
        self.save_button.setEnabled(False)
        self.owner.save_rejects(path, self._saved, self._failed)

    def _saved(self, path: Path) -> None:
        self.saved = path
        self.save_button.setEnabled(True)
        self.status.note(_("Đã lưu báo cáo: {path}").format(path=path))

    def _failed(self, message: str) -> None:
        self.save_button.setEnabled(True)
        self.status.error(message)
