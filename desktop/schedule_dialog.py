"""Nhập lịch buổi truyền thông: a campaign's schedule file (or sessions generated from a list of
places over a date range) previewed row by row (the sessions
to create, the rows skipped with their kind, the rows rejected with the reason), then written
in one transaction by "Nhập lịch".

Reading, matching and writing are models.planning.schedule's, on the worker; a database that
changed since the preview is refused there, never half-applied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from desktop.errors import message_for
from desktop.forms import DateField
from desktop.i18n import N_, _
from desktop.qt import (
    QCheckBox,
    QComboBox,
    QDate,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from desktop.tasks import TaskRunner
from models.db import Database
from models.planning.generate import generate_sessions, read_places
from models.planning.schedule import (
    SchedulePreview,
    ScheduleResult,
    apply_schedule,
    plan_schedule,
)

SKIP_KINDS = {
    "title": N_("dòng tiêu đề"),
    "header": N_("tiêu đề lặp lại"),
    "numbering": N_("dòng đánh số cột"),
    "total": N_("dòng tổng cộng"),
    "subtotal": N_("dòng cộng"),
    "signature": N_("phần ký tên"),
    "note": N_("ghi chú"),
    "section": N_("đầu mục"),
    "numbered_blank": N_("dòng chỉ có số thứ tự"),
    "no_header": N_("trang tính không có dòng tiêu đề"),
}
HALVES = {"am": N_("sáng"), "pm": N_("chiều")}


class ScheduleDialog(QDialog):
    def __init__(
        self,
        runner: TaskRunner,
        db: Database,
        plan_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Nhập lịch buổi truyền thông"))
        self.runner, self.db, self.plan_id = runner, db, plan_id
        self.preview: SchedulePreview | None = None
        self.path_label = QLabel(_("Chưa chọn tệp"))
        self.choose_button = QPushButton(_("Chọn tệp lịch…"))
        self.choose_button.clicked.connect(self.choose)
        top = QHBoxLayout()
        top.addWidget(self.path_label, 1)
        top.addWidget(self.choose_button)
        # Or: generated from a list of places over a date range (models.planning.generate).
        today = QDate.currentDate()
        self.first_day, self.last_day = DateField(), DateField()  # typed or picked
        self.first_day.setDate(today)
        self.last_day.setDate(today.addDays(30))
        self.per_day = QComboBox()
        self.per_day.addItem(_("sáng và chiều"), 2)
        self.per_day.addItem(_("chỉ buổi sáng"), 1)
        self.weekends = QCheckBox(_("cả thứ Bảy, Chủ nhật"))
        self.places_button = QPushButton(_("Tạo từ danh sách địa điểm…"))
        self.places_button.setToolTip(
            _("Mỗi địa điểm một buổi, chia đều vào các buổi từ ngày đến ngày")
        )
        self.places_button.clicked.connect(self.choose_places)
        generate = QHBoxLayout()
        generate.addWidget(QLabel(_("Hoặc tạo lịch: từ")))
        generate.addWidget(self.first_day)
        generate.addWidget(QLabel(_("đến")))
        generate.addWidget(self.last_day)
        generate.addWidget(self.per_day)
        generate.addWidget(self.weekends)
        generate.addStretch(1)
        generate.addWidget(self.places_button)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [_("Dòng"), _("Kết quả"), _("Mã"), _("Ngày, buổi"), _("Địa điểm"), _("Ghi chú")]
        )
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Nhập lịch"))
        ok.setEnabled(False)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(generate)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(900, 520)

    def choose(self) -> None:
        path = self._pick(_("Chọn tệp lịch buổi truyền thông"))
        if path is not None:
            self.load(path)

    def choose_places(self) -> None:
        path = self._pick(_("Chọn danh sách địa điểm"))
        if path is not None:
            self.load_places(path)

    def _pick(self, title: str) -> Path | None:
        path, _filter = QFileDialog.getOpenFileName(
            self, title, "", _("Bảng tính (*.xlsx *.xlsm *.xls *.ods *.csv)")
        )
        return Path(path) if path else None

    def load(self, path: Path) -> None:
        """Preview the file on the worker (nothing is written)."""
        db, plan_id = self.db, self.plan_id

        def work() -> SchedulePreview:
            with db.read() as s:
                return plan_schedule(s, plan_id, path)

        self._preview(path, work)

    def load_places(self, path: Path) -> None:
        """Sessions generated from the places in `path` over the chosen days: a preview."""
        db, plan_id = self.db, self.plan_id
        first: dt.date = self.first_day.date().toPython()  # type: ignore[assignment]
        last: dt.date = self.last_day.date().toPython()  # type: ignore[assignment]
        per_day, weekends = int(self.per_day.currentData()), self.weekends.isChecked()

        def work() -> SchedulePreview:
            places = read_places(path)
            with db.read() as s:
                return generate_sessions(
                    s, plan_id, places, first, last, per_day=per_day,
                    skip_weekends=not weekends, dry_run=True,
                ).preview  # fmt: skip

        self._preview(path, work)

    def _preview(self, path: Path, work: Callable[[], SchedulePreview]) -> None:
        """Read and match on the worker; the newest request wins, nothing is written."""
        self.path_label.setText(path.name)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.note.setText(_("Đang đọc tệp…"))
        self.runner.latest(id(self), work, self._previewed, self._failed)

    def _previewed(self, preview: SchedulePreview) -> None:
        self.preview = preview
        warnings: dict[tuple[str, int], list[str]] = {}
        for w in preview.warnings:
            warnings.setdefault((w.sheet, w.row), []).append(w.reason)
        rejections: dict[tuple[str, int], list[str]] = {}
        for r in preview.rejections:
            column = _(", cột {column}").format(column=r.column) if r.column else ""
            rejections.setdefault((r.sheet, r.row), []).append(f"{r.reason}{column}")
        lines: list[tuple[str, int, tuple[str, ...]]] = []
        for s in preview.sessions:
            when = f"{s.day:%d/%m/%Y} " + "+".join(_(HALVES[h.value]) for h in s.halves)
            note = "; ".join(warnings.get((s.sheet, s.row), []))
            lines.append((s.sheet, s.row, (_("tạo buổi"), s.code, when, s.place, note)))
        for k in preview.skipped:
            kind = _(SKIP_KINDS[k.kind]) if k.kind in SKIP_KINDS else k.kind
            lines.append(
                (k.sheet, k.row, (_("bỏ qua: {kind}").format(kind=kind), "", "", "", k.text))
            )
        for (sheet, row), reasons in rejections.items():
            lines.append((sheet, row, (_("từ chối"), "", "", "", "; ".join(reasons))))
        lines.sort(key=lambda line: (line[0], line[1]))
        self.table.setRowCount(len(lines))
        for index, (sheet, row, cells) in enumerate(lines):
            where = f"{sheet} {row}" if len({line[0] for line in lines}) > 1 else str(row)
            for col, text in enumerate((where, *cells)):
                self.table.setItem(index, col, QTableWidgetItem(text))
        self.note.setText(
            _(
                "Đọc {rows} dòng: {sessions} buổi sẽ được tạo ({venues} địa điểm mới), {skipped} "
                "dòng bỏ qua, {rejected} dòng bị từ chối."
            ).format(
                rows=preview.rows_read,
                sessions=len(preview.sessions),
                venues=preview.venues_created,
                skipped=len(preview.skipped),
                rejected=preview.rejected,
            )
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(preview.sessions))

    def _failed(self, exc: BaseException) -> None:
        self.note.setText(message_for(exc))

    def apply(self) -> None:
        preview, db = self.preview, self.db
        if preview is None:
            return
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

        def work() -> ScheduleResult:
            with db.write() as s:  # one transaction: every venue, session and buổi
                return apply_schedule(s, preview)

        def done(_result: ScheduleResult) -> None:
            self.accept()  # the window's views follow the write (desktop.change_hub)

        self.runner.run(work, done, self._failed)
