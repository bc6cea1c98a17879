"""Báo cáo: the print centre — every paper and workbook, per activity or per plan."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import platformdirs

from desktop.errors import is_user_error, user_text
from desktop.i18n import _, ngettext
from desktop.print_jobs import PAPERS, PrintRequest, PrintResult, run_print
from desktop.qt import (
    QCheckBox,
    QComboBox,
    QDesktopServices,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    Qt,
    QUrl,
    QVBoxLayout,
    QWidget,
)
from desktop.settings import settings
from desktop.tasks import Cancelled, Job, TaskRunner
from models.db import Database
from models.errors import file_error_reason
from models.planning.catalog import PlanSummary

WHOLE_PLAN = -1


def default_folder() -> str:
    return str(Path(platformdirs.user_documents_dir()) / "TapHuan")


PRINTED, OPENED, FAILED = "printed", "opened", "failed"


def print_file(path: Path, *, startfile: Callable[..., object] | None = None) -> str:
    """Send a file to the default printer the way the system does.

    PRINTED when it went to the printer; OPENED when the system has no "print" action for
    it (Edge as the PDF viewer has none) and the file was opened to print from the viewer
    instead; FAILED when neither worked.
    """
    if sys.platform == "win32" or startfile is not None:
        start = startfile or os.startfile  # type: ignore[attr-defined]
        try:
            start(str(path), "print")
            return PRINTED
        except OSError:  # WinError 1155: no application associated with "print"
            try:
                start(str(path))
                return OPENED
            except OSError:
                return FAILED
    try:
        subprocess.run(["lp", str(path)], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return FAILED
    return PRINTED


class PrintPage(QWidget):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db: Database | None = None
        self.plans: list[PlanSummary] = []
        self.job: Job | None = None
        self.result: PrintResult | None = None

        self.plan_box = QComboBox()
        self.activity_box = QComboBox()
        self.plan_box.currentIndexChanged.connect(self._plan_chosen)
        self.activity_box.currentIndexChanged.connect(lambda _i: self._scope_changed())
        self.paper_list = QListWidget()
        for paper in PAPERS:
            item = QListWidgetItem(_(paper.title))
            item.setData(Qt.ItemDataRole.UserRole, paper.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.paper_list.addItem(item)
        rows = self.paper_list.count()
        self.paper_list.setMaximumHeight(self.paper_list.sizeHintForRow(0) * rows + 8)
        self.by_commune = QCheckBox(_("Danh sách ký: sang trang mới cho mỗi xã"))
        self.folder = QLineEdit(str(settings().value("paths/output", default_folder())))
        choose = QPushButton(_("Chọn thư mục…"))
        choose.clicked.connect(self._choose_folder)
        self.start_button = QPushButton(_("Tạo tệp"))
        self.start_button.setDefault(True)
        self.cancel_button = QPushButton(_("Hủy"))
        self.cancel_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setFormat("%v/%m")
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.files = QListWidget()
        self.files.itemDoubleClicked.connect(self._open)
        open_button = QPushButton(_("Mở tệp"))
        open_button.clicked.connect(lambda: self._open(self.files.currentItem()))
        open_folder = QPushButton(_("Mở thư mục"))
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder.text()))
        )
        print_button = QPushButton(_("In"))
        print_button.clicked.connect(self._print)

        form = QFormLayout()
        form.addRow(_("Kế hoạch"), self.plan_box)
        form.addRow(_("Lớp / sự kiện"), self.activity_box)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(choose)
        form.addRow(_("Lưu vào thư mục"), folder_row)
        run_row = QHBoxLayout()
        run_row.addWidget(self.start_button)
        run_row.addWidget(self.cancel_button)
        self.progress.setMinimumWidth(260)
        run_row.addWidget(self.progress)
        run_row.addStretch(1)
        result_row = QHBoxLayout()
        for button in (open_button, open_folder, print_button):
            result_row.addWidget(button)
        result_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h3>" + _("In ấn và xuất tệp") + "</h3>"))
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Giấy tờ cần tạo:")))
        layout.addWidget(self.paper_list)
        layout.addWidget(self.by_commune)
        layout.addLayout(run_row)
        layout.addWidget(self.status)
        layout.addWidget(QLabel(_("Tệp đã tạo:")))
        layout.addWidget(self.files, 1)
        layout.addLayout(result_row)

    # --- data ---------------------------------------------------------------------------------
    def set_database(self, db: Database | None) -> None:
        self.db = db

    def set_plans(self, plans: Sequence[PlanSummary]) -> None:
        current = self.plan_box.currentData()
        self.plans = list(plans)
        self.plan_box.blockSignals(True)
        self.plan_box.clear()
        for plan in plans:
            self.plan_box.addItem(f"{plan.code} — {plan.title}", plan.id)
        index = self.plan_box.findData(current)
        self.plan_box.setCurrentIndex(max(index, 0))
        self.plan_box.blockSignals(False)
        self._plan_chosen()

    def plan(self) -> PlanSummary | None:
        index = self.plan_box.currentIndex()
        return self.plans[index] if 0 <= index < len(self.plans) else None

    def _plan_chosen(self) -> None:
        plan = self.plan()
        self.activity_box.clear()
        if plan is None:
            return
        self.activity_box.addItem(_("Tất cả các lớp của kế hoạch"), WHOLE_PLAN)
        for activity in plan.activities:
            self.activity_box.addItem(f"{activity.code} — {activity.title}", activity.id)

    def select_activity(self, activity_id: int) -> None:
        index = self.activity_box.findData(activity_id)
        if index >= 0:
            self.activity_box.setCurrentIndex(index)

    def _scope_changed(self) -> None:
        whole = self.activity_box.currentData() == WHOLE_PLAN
        for row in range(self.paper_list.count()):
            item = self.paper_list.item(row)
            plan_only = item.data(Qt.ItemDataRole.UserRole) == "settlement"
            enabled = whole or not plan_only
            flags = item.flags()
            item.setFlags(
                flags | Qt.ItemFlag.ItemIsEnabled if enabled else flags & ~Qt.ItemFlag.ItemIsEnabled
            )

    def check(self, *keys: str) -> None:
        for row in range(self.paper_list.count()):
            item = self.paper_list.item(row)
            state = item.data(Qt.ItemDataRole.UserRole) in keys
            item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)

    def chosen_papers(self) -> tuple[str, ...]:
        return tuple(
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.paper_list.item(r) for r in range(self.paper_list.count()))
            if item.checkState() == Qt.CheckState.Checked
            and item.flags() & Qt.ItemFlag.ItemIsEnabled
        )

    # --- running ------------------------------------------------------------------------------
    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, _("Chọn thư mục lưu tệp"), self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)

    def start(self) -> None:
        db, plan = self.db, self.plan()
        papers = self.chosen_papers()
        if db is None or plan is None:
            return
        if not papers:
            self.status.setText(_("Hãy đánh dấu ít nhất một loại giấy tờ."))
            return
        folder = Path(self.folder.text().strip() or default_folder())
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.status.setText(_("Không tạo được thư mục {path}: {reason}").format(
                path=folder, reason=file_error_reason(exc)))  # fmt: skip
            return
        settings().setValue("paths/output", str(folder))
        scope = self.activity_box.currentData()
        whole = scope == WHOLE_PLAN
        ids = tuple(a.id for a in plan.activities) if whole else (int(scope),)
        request = PrintRequest(
            papers=papers,
            plan_id=plan.id,
            plan_code=plan.code,
            activity_ids=ids,
            whole_plan=whole,
            folder=folder,
            by_commune=self.by_commune.isChecked(),
        )
        self.files.clear()
        self.status.setText(_("Đang tạo…"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.job = self.runner.run_job(
            lambda job: run_print(db, request, job), self._done, self._failed, self._progressed
        )

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText(_("Đang dừng sau tệp hiện tại…"))

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status.setText(_("Đã xong {name}").format(name=text))

    def _finish(self) -> None:
        self.job = None
        self.progress.hide()
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _done(self, result: Any) -> None:
        self._finish()
        self.result = result
        for path in result.files:
            item = QListWidgetItem(path.name)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.files.addItem(item)
        if self.files.count():
            self.files.setCurrentRow(0)
        message = ngettext(
            "Đã tạo {n} tệp trong {folder}.", "Đã tạo {n} tệp trong {folder}.", len(result.files)
        ).format(n=len(result.files), folder=self.folder.text())
        if result.warnings:
            message += "\n" + _("Lưu ý: ") + "\n".join(result.warnings)
        self.status.setText(message)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        if isinstance(exc, Cancelled):
            self.status.setText(
                _("Đã hủy; các tệp đã tạo xong vẫn được giữ, không có tệp dở dang.")
            )
        elif isinstance(exc, OSError):  # a full disk, no rights: one line, no part file left
            self.status.setText(
                _("Không ghi được tệp: {reason}").format(reason=file_error_reason(exc))
            )
        elif is_user_error(exc):
            self.status.setText(user_text(exc))
        else:
            self.runner.default_error(exc)

    def _open(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(item.data(Qt.ItemDataRole.UserRole))))

    def _print(self) -> None:
        item = self.files.currentItem()
        if item is None:
            return
        path = Path(str(item.data(Qt.ItemDataRole.UserRole)))
        outcome = print_file(path)
        if outcome == OPENED:
            self.status.setText(
                _("Máy này không in thẳng được tệp PDF: đã mở tệp, hãy bấm In trong trình xem.")
            )
        elif outcome == FAILED:
            self.status.setText(_("Không gửi được tệp tới máy in; hãy mở tệp và in từ trình xem."))
