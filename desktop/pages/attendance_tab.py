"""Điểm danh: a grid of people × buổi edited from the keyboard, and a check-in box for a USB
scanner (the QR code on the CCCD, or the number typed by hand).

Every change is one transaction on the worker, which reads the grid again in the same unit of
work; the view is refreshed in place (dataChanged), so the cursor and the selection stay where
they were. Toggling is decided on the worker from the stored mark, so quick repeated key presses
cannot act on a stale picture.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from desktop.errors import message_for, user_text
from desktop.i18n import _, ngettext, tr
from desktop.list_export import install_list_export
from desktop.pages.activity_tabs import ActivityTab, current_user
from desktop.pages.attendance_grid import (
    ABSENT,
    EXCUSED,
    FIXED_COLUMNS,
    FOREGROUND,
    GLYPHS,
    PRESENT,
    STATUS_NAMES,
    TOGGLE,
    AttendanceModel,
    AttendanceView,
    default_session,
)
from desktop.pages.check_in_box import CheckInBox
from desktop.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QModelIndex,
    QPushButton,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desktop.tasks import TaskRunner
from models.attendance.checkin import CheckInResult, check_in, fill_present, toggled
from models.attendance.marks import (
    AttendanceGrid,
    attendance_grid,
    set_mark,
)
from models.db import Session
from models.errors import MoneyError


def sentence(exc: BaseException) -> str:
    """A user error as a sentence: capital letter, full stop; anything else logged."""
    if not isinstance(exc, MoneyError):
        return message_for(exc)
    text = user_text(exc).strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."


class AttendanceTab(ActivityTab):
    """The attendance of one activity: check-in box, grid, "everyone present" buttons.

    `changed` is emitted after every write that changed a mark.
    """

    def __init__(
        self, runner: TaskRunner, parent: QWidget | None = None, *, by: str | None = None
    ) -> None:
        super().__init__(runner, parent)
        self.by = by or current_user()
        self.grid: AttendanceGrid | None = None
        self._combo_key: tuple[int, tuple[int, ...]] | None = None  # activity, its buổi
        self.check_in = CheckInBox()
        # The box's parts, under the names the tab has always shown them by.
        self.session_combo = self.check_in.session_combo
        self.scan_box = self.check_in.scan_box
        self.feedback = self.check_in.feedback
        self.feedback_title = self.check_in.feedback_title
        self.feedback_detail = self.check_in.feedback_detail
        self._build_banner()
        self._build_grid()
        self._build_layout()
        self.setFocusProxy(self.scan_box)
        self.scan_box.returnPressed.connect(self.scan)
        self.session_combo.currentIndexChanged.connect(self._session_chosen)
        self.fill_session_button.clicked.connect(lambda: self.fill(self.current_session()))
        self.fill_all_button.clicked.connect(lambda: self.fill(None))
        self.table.mark_requested.connect(self.mark)
        self.table.digits_typed.connect(self._digits_typed)
        self.check_in.idle()
        self._update_controls()

    def _build_banner(self) -> None:
        self.banner = QLabel(
            "<b>"
            + _("Lớp đã khóa sổ")
            + "</b> — "
            + _("điểm danh chỉ để xem; muốn sửa phải mở khóa sổ (có ghi lý do).")
        )
        self.banner.setObjectName("lockedBanner")
        self.banner.setStyleSheet(
            "QLabel#lockedBanner { background: #fee2e2; color: #7f1d1d; "
            "border: 1px solid #ef4444; border-radius: 4px; padding: 6px 10px; }"
        )
        self.banner.hide()

    def _build_grid(self) -> None:
        self.fill_session_button = QPushButton()
        self.fill_all_button = QPushButton(_("Tất cả có mặt — mọi buổi"))
        self.fill_all_button.setToolTip(
            _(
                "Ghi “có mặt” cho mọi ô còn trống ở tất cả các buổi. "
                "Người đã ghi vắng hoặc có phép giữ nguyên."
            )
        )
        self.legend = QLabel(
            " &nbsp; ".join(
                f"<span style='color:{FOREGROUND[s].name()}'><b>{GLYPHS[s]}</b></span> "
                + _(STATUS_NAMES[s])
                for s in (PRESENT, ABSENT, EXCUSED, None)
            )
        )
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.keys_hint = QLabel(
            _("Phím: Cách = có mặt/vắng · C có mặt · V vắng · P có phép · Enter xuống dòng")
        )
        self.keys_hint.setStyleSheet("color: #555;")
        for hint in (self.legend, self.keys_hint):  # clipped, not a wider window, when narrow
            hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            hint.setToolTip(hint.text())

        self.model = AttendanceModel(self)
        self.table = AttendanceView()
        install_list_export(self.table, _("Điểm danh"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary = QLabel()
        self.model.modelReset.connect(self._size_columns)

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        if self.model.columnCount() >= FIXED_COLUMNS:
            header.resizeSection(0, 230)
            header.resizeSection(1, 120)
        for column in range(FIXED_COLUMNS, self.model.columnCount()):
            header.resizeSection(column, 112)

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.fill_session_button)
        buttons.addWidget(self.fill_all_button)
        buttons.addWidget(self.legend, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary)
        bottom.addWidget(self.keys_hint, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.check_in)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    # --- loading ---------------------------------------------------------------------------

    def show_activity(self, activity_id: int | None) -> None:
        if activity_id != self.activity_id:
            self.say("")
            self.check_in.idle()
        super().show_activity(activity_id)

    def reload(self) -> None:
        db, activity_id = self.db, self.activity_id
        if db is None or activity_id is None:
            self.runner.forget(id(self))
            self._show_grid(None)
            return

        def work() -> AttendanceGrid:
            with db.read() as s:
                return attendance_grid(s, activity_id)

        # Only the newest load is shown: a late grid of another activity is dropped.
        self.runner.latest(id(self), work, self._show_grid, self._load_failed)

    def _load_failed(self, exc: BaseException) -> None:
        self._show_grid(None)
        self.say(sentence(exc), error=True)

    def _show_grid(self, grid: AttendanceGrid | None) -> None:
        self.grid = grid
        self.model.set_grid(grid)
        key = (grid.activity_id, tuple(i.session_id for i in grid.sessions)) if grid else None
        if grid is None or key != self._combo_key:
            self._fill_combo(grid, key)
        self._update_controls()

    def _fill_combo(
        self, grid: AttendanceGrid | None, key: tuple[int, tuple[int, ...]] | None
    ) -> None:
        """The buổi of the activity; the one chosen stays chosen when the list changes."""
        old_key, self._combo_key = self._combo_key, key
        number = self.current_session()
        kept = None
        if grid and old_key and key and old_key[0] == key[0] and number:
            old_id = old_key[1][number - 1]
            kept = next((i.number for i in grid.sessions if i.session_id == old_id), None)
        self.session_combo.blockSignals(True)
        self.session_combo.clear()
        for info in grid.sessions if grid else ():
            self.session_combo.addItem(f"{tr(info.label)} ({info.on_date:%d/%m/%Y})", info.number)
        chosen = kept or (default_session(grid) if grid else 0)
        self.session_combo.setCurrentIndex(chosen - 1)
        self.session_combo.blockSignals(False)
        self._session_chosen()

    def _session_chosen(self, _index: int = 0) -> None:
        number = self.current_session()
        self.model.set_current_session(number or 0)
        info = self.model.sessions[number - 1] if number else None
        label = tr(info.label) if info else "…"
        self.fill_session_button.setText(_("Điểm danh tất cả có mặt — {label}").format(label=label))
        self.fill_session_button.setToolTip(
            _(
                "Ghi “có mặt” cho mọi người chưa điểm danh ở buổi {label}. "
                "Người đã ghi vắng hoặc có phép giữ nguyên."
            ).format(label=label)
        )
        if info is not None and self.model.rows:  # bring the column into view, same row
            row = max(self.table.currentIndex().row(), 0)
            self.table.scrollTo(self.model.index(row, self.model.column_of(info.number)))

    def current_session(self) -> int | None:
        number = self.session_combo.currentData()
        return number if isinstance(number, int) else None

    @property
    def locked(self) -> bool:
        return self.grid is not None and self.grid.locked

    def _update_controls(self) -> None:
        grid = self.grid
        writable = grid is not None and not grid.locked and bool(grid.sessions)
        self.banner.setVisible(self.locked)
        self.feedback.setVisible(not self.locked)  # the banner says why nothing can be scanned
        for widget in (self.scan_box, self.fill_session_button, self.fill_all_button):
            widget.setEnabled(writable)
        self.session_combo.setEnabled(grid is not None and bool(grid.sessions))
        self.keys_hint.setVisible(writable)
        if grid is None:
            self.summary.setText(_("Chưa chọn lớp.") if self.activity_id is None else "")
            return
        if not grid.sessions:
            self.summary.setText(_("Lớp chưa có buổi học nào: thêm buổi học trước khi điểm danh."))
            return
        self.summary.setText(
            " · ".join(
                (
                    ngettext("{n} người", "{n} người", len(grid.rows)).format(n=len(grid.rows)),
                    ngettext("{n} buổi", "{n} buổi", len(grid.sessions)).format(
                        n=len(grid.sessions)
                    ),
                    ngettext(
                        "còn {n} ô chưa điểm danh", "còn {n} ô chưa điểm danh", grid.unmarked
                    ).format(n=grid.unmarked),
                )
            )
        )

    # --- writing ---------------------------------------------------------------------------

    def _write(
        self,
        change: Callable[[Session, int], tuple[int, Any]],
        done: Callable[[Any], None],
        failed: Callable[[str], None],
    ) -> None:
        """One transaction on the worker: `change(session, activity_id)` returns the number of
        marks it wrote and a result for `done`; the grid is read again in the same unit."""
        db, activity_id = self.db, self.activity_id
        if db is None or activity_id is None:
            return

        def work() -> tuple[int, Any, AttendanceGrid]:
            with db.write() as s:
                written, result = change(s, activity_id)
                return written, result, attendance_grid(s, activity_id)

        def landed(outcome: tuple[int, Any, AttendanceGrid]) -> None:
            written, result, grid = outcome
            if written:
                self.changed.emit()  # the write is kept whatever is shown now
            if activity_id == self.activity_id:
                self.runner.forget(id(self))  # this grid is newer than any load still on its way
                self._show_grid(grid)
                done(result)

        def refused(exc: BaseException) -> None:
            if activity_id == self.activity_id:
                failed(sentence(exc))
                self.reload()  # locked meanwhile, perhaps: show what is stored

        self.runner.run(work, landed, refused)

    def _refuse_if_locked(self, say: Callable[[str], None]) -> bool:
        if self.locked:
            say(_("Lớp đã khóa sổ: không sửa được điểm danh (mở khóa sổ trước, có ghi lý do)."))
            return True
        return False

    def mark(self, status: str) -> None:
        """Set (or, for TOGGLE, flip) the selected buổi cells of the grid."""
        if self.grid is None or self._refuse_if_locked(self._say_error):
            return
        cells = self._selected_cells()
        if not cells:
            self.say(_("Chọn một ô ở cột của buổi học (Ngày 1 sáng…) rồi bấm phím."), error=True)
            return
        current = self._cell(self.table.currentIndex())
        lead = current if current in cells else cells[0]
        by = self.by

        def change(s: Session, activity_id: int) -> tuple[int, None]:
            new = status
            if status == TOGGLE:
                stored = attendance_grid(s, activity_id)
                marks = {
                    (r.enrollment_id, info.session_id): r.marks[info.number - 1]
                    for r in stored.rows
                    for info in stored.sessions
                }
                new = toggled(marks.get(lead))
            written = sum(set_mark(s, e, sid, new, by=by) for e, sid in cells)
            return written, None

        self.say("")
        self._write(change, lambda _r: None, self._say_error)

    def fill(self, session_no: int | None) -> None:
        """Everyone without a mark present, at one buổi or at all; other marks stay."""
        if self.grid is None or self._refuse_if_locked(self._say_error):
            return
        by = self.by

        def change(s: Session, activity_id: int) -> tuple[int, int]:
            written = fill_present(s, activity_id, by=by, session_no=session_no)
            return written, written

        def done(written: int) -> None:
            if written:
                self.say(_("Đã ghi có mặt cho {n} ô còn trống.").format(n=written))
            else:
                self.say(_("Không còn ô nào chưa điểm danh; không có gì thay đổi."))

        self._write(change, done, self._say_error)

    def scan(self) -> None:
        """The check-in box's Enter: mark the scanned person present at the chosen buổi."""
        text = self.scan_box.text()
        self.scan_box.clear()
        self.scan_box.setFocus()
        if not text.strip() or self.grid is None:
            return
        if self._refuse_if_locked(lambda msg: self.check_in.show_feedback("bad", msg, "")):
            return
        session_no = self.current_session()
        if session_no is None:
            self.check_in.show_feedback(
                "bad", _("Chưa chọn buổi"), _("Chọn buổi học trước khi quét.")
            )
            return
        by = self.by

        def change(s: Session, activity_id: int) -> tuple[int, CheckInResult]:
            result = check_in(s, activity_id, session_no, text, by=by)
            return (1 if result.status == "present" else 0), result

        self._write(change, self._checked_in, self.check_in.failed)

    @property
    def feedback_tone(self) -> str:
        return self.check_in.tone

    def _checked_in(self, result: CheckInResult) -> None:
        self.check_in.show_result(result)
        if result.status in ("present", "already"):
            self._point_at(result.cccd, result.session_number)

    def _point_at(self, cccd: str, session_number: int) -> None:
        row = self.model.row_of_cccd(cccd)
        if row >= 0:
            index = self.model.index(row, self.model.column_of(session_number))
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def _say_error(self, text: str) -> None:
        self.say(text, error=True)

    def _digits_typed(self, digits: str) -> None:
        if self.scan_box.isEnabled():
            self.scan_box.setFocus()
            self.scan_box.insert(digits)

    # --- helpers ---------------------------------------------------------------------------

    def _cell(self, index: QModelIndex) -> tuple[int, int] | None:
        info = self.model.session_at(index.column()) if index.isValid() else None
        if info is None:
            return None
        return self.model.rows[index.row()].enrollment_id, info.session_id

    def _selected_cells(self) -> list[tuple[int, int]]:
        indexes: Sequence[QModelIndex] = self.table.selectionModel().selectedIndexes()
        if not indexes:
            indexes = [self.table.currentIndex()]
        cells = (self._cell(i) for i in indexes)
        return list(dict.fromkeys(c for c in cells if c is not None))
