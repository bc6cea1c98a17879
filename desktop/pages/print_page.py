"""Báo cáo: the print centre — every paper and workbook of the registry, per activity or per
plan, written on the centre's own worker (beside the database worker, so the rest of the
window keeps answering), then previewed and printed.

The page never grows because of what a job reports: the status is one clipped line (the full
text in its tooltip), warnings go to a short scrolling list and the files to a list that takes
the remaining height, so the Mở tệp / In buttons stay on screen after hundreds of files."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import platformdirs

from desktop import print_preview
from desktop.errors import is_user_error, user_text
from desktop.i18n import _, ngettext
from desktop.print_jobs import CHOICES, PrintRequest, PrintResult, choice, run_print
from desktop.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDesktopServices,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
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
        # Print jobs get their own worker: the database worker stays free for the views.
        self.print_runner = TaskRunner(self)
        # Whatever the window sets as the error reporter later also reports print errors.
        self.print_runner.default_error = lambda exc: runner.default_error(exc)  # noqa: PLW0108
        self.db: Database | None = None
        self.plans: list[PlanSummary] = []
        self.job: Job | None = None
        self.result: PrintResult | None = None
        self.preview_window: Any = None

        self.plan_box = QComboBox()
        self.activity_box = QComboBox()
        self.plan_box.currentIndexChanged.connect(self._plan_chosen)
        self.activity_box.currentIndexChanged.connect(lambda _i: self._scope_changed())
        self.paper_list = QListWidget()
        for entry in CHOICES:
            item = QListWidgetItem(entry.title())
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.paper_list.addItem(item)
        rows = self.paper_list.count()
        self.paper_list.setMaximumHeight(self.paper_list.sizeHintForRow(0) * rows + 8)
        self.paper_list.setMinimumHeight(self.paper_list.sizeHintForRow(0) * 3 + 8)
        self.by_commune = QCheckBox(_("Danh sách ký: sang trang mới cho mỗi xã"))
        self.merged = QCheckBox(_("Cả kế hoạch: gộp mỗi loại giấy tờ thành một tệp PDF"))
        self.merged.setToolTip(
            _("Mỗi lớp bắt đầu từ trang mới, đánh số trang riêng; bỏ chọn để có mỗi lớp một tệp.")
        )
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
        # One line, clipped: a long folder name must not widen (or, wrapped, heighten) the page.
        self.status = QLabel()
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings_label = QLabel(_("Lưu ý:"))
        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        # Five lines when there is room, two on a short screen; the list scrolls for the rest.
        line = self.warnings.fontMetrics().lineSpacing()
        self.warnings.setMaximumHeight(line * 5 + 8)
        self.warnings.setMinimumHeight(line * 2 + 8)
        self.warnings.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
        self.warnings_label.hide()
        self.warnings.hide()
        self.files = QListWidget()
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.files.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.files.setMinimumHeight(self.files.fontMetrics().lineSpacing() * 3)
        self.files.itemDoubleClicked.connect(self._open)
        self.open_button = open_button = QPushButton(_("Mở tệp"))
        open_button.clicked.connect(lambda: self._open(self.files.currentItem()))
        open_folder = QPushButton(_("Mở thư mục"))
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder.text()))
        )
        self.preview_button = QPushButton(_("Xem trước…"))
        self.preview_button.clicked.connect(self.preview)
        self.preview_button.setVisible(print_preview.available())
        self.print_button = print_button = QPushButton(_("In…"))
        print_button.setToolTip(_("In các tệp đang chọn: chọn máy in, số bản, in hai mặt"))
        print_button.clicked.connect(lambda: self.print_files(self.selected_files()))
        self.print_all_button = QPushButton(_("In tất cả"))
        self.print_all_button.setToolTip(_("In mọi tệp PDF vừa tạo, theo thứ tự trong danh sách"))
        self.print_all_button.clicked.connect(lambda: self.print_files(self.all_files()))

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
        for button in (
            open_button,
            open_folder,
            self.preview_button,
            print_button,
            self.print_all_button,
        ):
            result_row.addWidget(button)
        result_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h3>" + _("In ấn và xuất tệp") + "</h3>"))
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Giấy tờ cần tạo:")))
        layout.addWidget(self.paper_list)
        layout.addWidget(self.by_commune)
        layout.addWidget(self.merged)
        layout.addLayout(run_row)
        layout.addWidget(self.status)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.warnings)
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
            plan_only = choice(str(item.data(Qt.ItemDataRole.UserRole))).plan_only
            enabled = whole or not plan_only
            flags = item.flags()
            item.setFlags(
                flags | Qt.ItemFlag.ItemIsEnabled if enabled else flags & ~Qt.ItemFlag.ItemIsEnabled
            )
        self.merged.setEnabled(whole)

    def check(self, *keys: str) -> None:
        """Tick exactly these: "payout.pdf" one format, "budget" every format of a paper."""
        for row in range(self.paper_list.count()):
            item = self.paper_list.item(row)
            key = str(item.data(Qt.ItemDataRole.UserRole))
            state = key in keys or key.rpartition(".")[0] in keys
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
            self._say(_("Hãy đánh dấu ít nhất một loại giấy tờ."))
            return
        folder = Path(self.folder.text().strip() or default_folder())
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._say(_("Không tạo được thư mục {path}: {reason}").format(
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
            merged=whole and self.merged.isChecked(),
        )
        self.files.clear()
        self._show_warnings(())
        self._say(_("Đang tạo…"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.job = self.print_runner.run_job(
            lambda job: run_print(db, request, job), self._done, self._failed, self._progressed
        )

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self._say(_("Đang dừng sau tệp hiện tại…"))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setToolTip(text)

    def _show_warnings(self, warnings: Sequence[str]) -> None:
        self.warnings.clear()
        self.warnings.addItems(list(warnings))
        self.warnings_label.setVisible(bool(warnings))
        self.warnings.setVisible(bool(warnings))

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self._say(_("Đã xong {name}").format(name=text))

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
            "Đã tạo {n} tệp ({pages} trang PDF) trong {folder}.",
            "Đã tạo {n} tệp ({pages} trang PDF) trong {folder}.",
            len(result.files),
        ).format(n=len(result.files), pages=result.pages, folder=self.folder.text())
        self._say(message)
        self._show_warnings(result.warnings)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        if isinstance(exc, Cancelled):
            self._say(_("Đã hủy; các tệp đã tạo xong vẫn được giữ, không có tệp dở dang."))
        elif isinstance(exc, OSError):  # a full disk, no rights: one line, no part file left
            self._say(_("Không ghi được tệp: {reason}").format(reason=file_error_reason(exc)))
        elif is_user_error(exc):
            self._say(user_text(exc))
        else:
            self.runner.default_error(exc)

    def _open(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(item.data(Qt.ItemDataRole.UserRole))))

    # --- printing what was made ---------------------------------------------------------------
    def selected_files(self) -> list[Path]:
        items = self.files.selectedItems() or [self.files.currentItem()]
        return [Path(str(i.data(Qt.ItemDataRole.UserRole))) for i in items if i is not None]

    def all_files(self) -> list[Path]:
        items = (self.files.item(r) for r in range(self.files.count()))
        return [Path(str(i.data(Qt.ItemDataRole.UserRole))) for i in items]

    def _pdfs(self, paths: Sequence[Path]) -> list[Path]:
        pdfs = [p for p in paths if p.suffix.lower() == ".pdf"]
        if not pdfs:
            self._say(_("Chỉ in được tệp PDF ở đây; bảng tính hãy mở bằng Excel để in."))
        return pdfs

    def preview(self) -> None:
        pdfs = self._pdfs(self.selected_files())
        if pdfs and print_preview.available():
            self.preview_window = print_preview.preview_dialog(self, pdfs)
            self.preview_window.open()

    def print_files(self, paths: Sequence[Path], printer: Any = None) -> None:
        """Print `paths` (their PDFs): the print dialog, then the pages drawn on the print
        worker; `printer` given (a PDF printer in the tests) skips the dialog."""
        pdfs = self._pdfs(paths)
        if not pdfs or self.job is not None:
            return
        if not print_preview.available():
            self._print_by_system(pdfs)
            return
        if printer is None:
            printer = print_preview.new_printer()
            dialog = print_preview.print_dialog(self, pdfs, printer)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        self._say(_("Đang in {n} tệp…").format(n=len(pdfs)))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)

        def work(job: Job) -> int:
            return print_preview.paint_pdfs(pdfs, printer, cancelled=lambda: job.cancelled)

        self.job = self.print_runner.run_job(work, self._printed, self._failed)

    def _printed(self, pages: int) -> None:
        self._finish()
        self._say(_("Đã gửi {pages} trang tới máy in.").format(pages=pages))

    def _print_by_system(self, pdfs: Sequence[Path]) -> None:
        outcomes = [print_file(path) for path in pdfs]
        if FAILED in outcomes:
            self._say(_("Không gửi được tệp tới máy in; hãy mở tệp và in từ trình xem."))
        elif OPENED in outcomes:
            self._say(
                _("Máy này không in thẳng được tệp PDF: đã mở tệp, hãy bấm In trong trình xem.")
            )
        else:
            self._say(_("Đã gửi {n} tệp tới máy in mặc định.").format(n=len(pdfs)))

    def shutdown(self) -> None:
        """Stop the print worker (the running file finishes, no half file); at quit."""
        if self.job is not None:
            self.job.cancel()
        self.print_runner.shutdown()
