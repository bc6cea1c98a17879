"""Điểm danh: a grid of people × buổi edited from the keyboard, and a check-in box for a USB
scanner (the QR code on the CCCD, or the number typed by hand).

Every change is one transaction on the worker, which reads the grid again in the same unit of
work; the view is refreshed in place (dataChanged), so the cursor and the selection stay where
they were. Toggling is decided on the worker from the stored mark, so quick repeated key presses
cannot act on a stale picture.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from desktop.errors import message_for
from desktop.i18n import N_, _
from desktop.pages.activity_tabs import ActivityTab, current_user
from desktop.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QColor,
    QComboBox,
    QFont,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QModelIndex,
    QPersistentModelIndex,
    QPushButton,
    QSizePolicy,
    Qt,
    QTableView,
    QTime,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desktop.tasks import TaskRunner
from models.attendance.checkin import CheckInResult, check_in, fill_present, toggled
from models.attendance.marks import (
    AttendanceGrid,
    AttendanceRow,
    SessionInfo,
    attendance_grid,
    set_mark,
)
from models.db import Session
from models.errors import MoneyError

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

PRESENT, ABSENT, EXCUSED = "present", "absent", "excused"
TOGGLE = "toggle"
FIXED_COLUMNS = 2  # Họ và tên, Số CCCD; then one column per buổi

GLYPHS: dict[str | None, str] = {PRESENT: "✓", ABSENT: "✗", EXCUSED: "P", None: "·"}
STATUS_NAMES: dict[str | None, str] = {
    PRESENT: N_("có mặt"),
    ABSENT: N_("vắng"),
    EXCUSED: N_("vắng có phép"),
    None: N_("chưa điểm danh"),
}
FOREGROUND: dict[str | None, QColor] = {
    PRESENT: QColor("#1b7a2f"),
    ABSENT: QColor("#c62828"),
    EXCUSED: QColor("#8a5a00"),
    None: QColor("#9e9e9e"),
}
BACKGROUND: dict[str | None, QColor | None] = {
    PRESENT: QColor("#e4f4e7"),
    ABSENT: QColor("#fde3e3"),
    EXCUSED: QColor("#fff1c7"),
    None: None,
}
# Scan feedback: (text colour, background, border).
TONES = {
    "ok": ("#14532d", "#dcfce7", "#22c55e"),
    "warn": ("#713f12", "#fef3c7", "#f59e0b"),
    "bad": ("#7f1d1d", "#fee2e2", "#ef4444"),
    "idle": ("#374151", "#f3f4f6", "#d1d5db"),
}
KEYS: dict[int, str] = {
    Qt.Key.Key_Space.value: TOGGLE,
    Qt.Key.Key_C.value: PRESENT,
    Qt.Key.Key_V.value: ABSENT,
    Qt.Key.Key_P.value: EXCUSED,
}
RETURN_KEYS = (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value)


def sentence(exc: BaseException) -> str:
    """A user error as a sentence: capital letter, full stop; anything else logged."""
    if not isinstance(exc, MoneyError):
        return message_for(exc)
    text = str(exc).strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."


class AttendanceModel(QAbstractTableModel):
    """Rows: people in Vietnamese name order; columns: name, CCCD, one per buổi."""

    STATUS_ROLE = Qt.ItemDataRole.UserRole  # the stored mark of a session cell (or None)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid: AttendanceGrid | None = None
        self.current_session = 0  # the buổi chosen for check-in: its header is bold
        self._totals: list[tuple[int, int, int, int]] = []  # per buổi: present, absent, …
        self._bold = QFont()
        self._bold.setBold(True)
        self._glyph_font = QFont()
        self._glyph_font.setBold(True)
        self._glyph_font.setPointSizeF(self._glyph_font.pointSizeF() * 1.25)
        # data() of a session cell: what depends only on the mark, and what never changes.
        self._by_status: dict[int, dict[str | None, Any]] = {
            Qt.ItemDataRole.DisplayRole: GLYPHS,
            Qt.ItemDataRole.ForegroundRole: FOREGROUND,
            Qt.ItemDataRole.BackgroundRole: BACKGROUND,
            self.STATUS_ROLE: {s: s for s in GLYPHS},
        }
        self._cell_constants: dict[int, Any] = {
            Qt.ItemDataRole.TextAlignmentRole: Qt.AlignmentFlag.AlignCenter,
            Qt.ItemDataRole.FontRole: self._glyph_font,
        }

    # --- content ---------------------------------------------------------------------------

    @property
    def rows(self) -> tuple[AttendanceRow, ...]:
        return self.grid.rows if self.grid else ()

    @property
    def sessions(self) -> tuple[SessionInfo, ...]:
        return self.grid.sessions if self.grid else ()

    def set_grid(self, grid: AttendanceGrid | None) -> None:
        """New marks for the same people and buổi update in place; anything else resets."""
        old = self.grid
        same_shape = (
            old is not None
            and grid is not None
            and old.activity_id == grid.activity_id
            and [r.enrollment_id for r in old.rows] == [r.enrollment_id for r in grid.rows]
            and [s.session_id for s in old.sessions] == [s.session_id for s in grid.sessions]
        )
        if not same_shape:
            self.beginResetModel()
        self.grid = grid
        self._totals = [_totals(grid, i.number) for i in grid.sessions] if grid else []
        if not same_shape:
            self.endResetModel()
            return
        last = self.columnCount() - 1
        if self.rows and last >= FIXED_COLUMNS:
            self.dataChanged.emit(
                self.index(0, FIXED_COLUMNS), self.index(len(self.rows) - 1, last)
            )
        if last >= FIXED_COLUMNS:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, FIXED_COLUMNS, last)

    def set_current_session(self, number: int) -> None:
        self.current_session = number
        if self.sessions:
            self.headerDataChanged.emit(
                Qt.Orientation.Horizontal, FIXED_COLUMNS, self.columnCount() - 1
            )

    def session_at(self, column: int) -> SessionInfo | None:
        number = column - FIXED_COLUMNS
        return self.sessions[number] if 0 <= number < len(self.sessions) else None

    def column_of(self, session_number: int) -> int:
        return FIXED_COLUMNS + session_number - 1

    def row_of_cccd(self, cccd: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.cccd == cccd), -1)

    def totals(self, session_number: int) -> tuple[int, int, int, int]:
        return self._totals[session_number - 1]

    # --- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() or self.grid is None else FIXED_COLUMNS + len(self.sessions)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if column < FIXED_COLUMNS:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return row.full_name if column == 0 else row.cccd
            return None
        status = row.marks[column - FIXED_COLUMNS]
        by_status = self._by_status.get(role)
        if by_status is not None:
            return by_status[status]
        if role == Qt.ItemDataRole.ToolTipRole:
            label = self.sessions[column - FIXED_COLUMNS].label
            return f"{row.full_name} — {label}: {_(STATUS_NAMES[status])}"
        return self._cell_constants.get(role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        info = self.session_at(section)
        if info is None:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < FIXED_COLUMNS:
                return _("Họ và tên") if section == 0 else _("Số CCCD")
            return None
        return self._session_header(info, role)

    def _session_header(self, info: SessionInfo, role: int) -> Any:
        present, absent, excused, unmarked = self._totals[info.number - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{info.label}\n" + _("Có mặt {n}/{total}").format(
                n=present, total=len(self.rows)
            )
        if role == Qt.ItemDataRole.FontRole and info.number == self.current_session:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                f"{info.label}, {info.on_date:%d/%m/%Y}"
                + (f" — {info.lecturer}" if info.lecturer else ""),
                _("Có mặt {p} · vắng {a} · có phép {e} · chưa điểm danh {u}").format(
                    p=present, a=absent, e=excused, u=unmarked
                ),
            ]
            if not info.taught:
                lines.append(_("Buổi này được ghi là không dạy."))
            return "\n".join(lines)
        return None


class AttendanceView(QTableView):
    """Space toggles có mặt/vắng, C/V/P set a mark, Enter moves down; digits typed here go to
    the check-in box (a scanner fired while the grid had the focus is not lost)."""

    mark_requested = Signal(str)  # TOGGLE, PRESENT, ABSENT or EXCUSED
    digits_typed = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        key = event.key()
        if modifiers == Qt.KeyboardModifier.NoModifier:
            if key in KEYS:
                self.mark_requested.emit(KEYS[key])
                event.accept()
                return
            if key in RETURN_KEYS:
                self._move_down()
                event.accept()
                return
            if event.text().isdigit() and event.text().isascii():
                self.digits_typed.emit(event.text())
                event.accept()
                return
        super().keyPressEvent(event)

    def _move_down(self) -> None:
        current = self.currentIndex()
        model = self.model()
        if current.isValid() and current.row() + 1 < model.rowCount():
            below = model.index(current.row() + 1, current.column())
            self.setCurrentIndex(below)
            self.scrollTo(below)


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
        self._build_check_in()
        self._build_grid()
        self._build_layout()
        self.setFocusProxy(self.scan_box)
        self.scan_box.returnPressed.connect(self.scan)
        self.session_combo.currentIndexChanged.connect(self._session_chosen)
        self.fill_session_button.clicked.connect(lambda: self.fill(self.current_session()))
        self.fill_all_button.clicked.connect(lambda: self.fill(None))
        self.table.mark_requested.connect(self.mark)
        self.table.digits_typed.connect(self._digits_typed)
        self._idle_feedback()
        self._update_controls()

    def _build_check_in(self) -> None:
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

        self.session_combo = QComboBox()
        self.session_combo.setToolTip(_("Buổi được ghi khi quét hoặc gõ số CCCD"))
        self.session_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scan_box = QLineEdit()
        self.scan_box.setPlaceholderText(_("Quét mã QR trên CCCD hoặc gõ số CCCD rồi Enter"))
        self.scan_box.setClearButtonEnabled(True)
        scan_font = self.scan_box.font()
        scan_font.setPointSizeF(scan_font.pointSizeF() * 1.3)
        self.scan_box.setFont(scan_font)
        self.scan_box.setMinimumHeight(34)

        self.feedback = QFrame()
        self.feedback.setObjectName("scanFeedback")
        self.feedback_title = QLabel()
        self.feedback_title.setWordWrap(True)
        self.feedback_title.setTextFormat(Qt.TextFormat.PlainText)
        title_font = self.feedback_title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        self.feedback_title.setFont(title_font)
        self.feedback_detail = QLabel()
        self.feedback_detail.setWordWrap(True)
        self.feedback_detail.setTextFormat(Qt.TextFormat.PlainText)
        feedback_layout = QVBoxLayout(self.feedback)
        feedback_layout.setContentsMargins(12, 8, 12, 8)
        feedback_layout.setSpacing(2)
        feedback_layout.addWidget(self.feedback_title)
        feedback_layout.addWidget(self.feedback_detail)
        self.feedback_tone = "idle"

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
        scan_row = QHBoxLayout()
        scan_row.addWidget(QLabel(_("Điểm danh buổi:")))
        scan_row.addWidget(self.session_combo)
        scan_row.addWidget(self.scan_box, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.fill_session_button)
        buttons.addWidget(self.fill_all_button)
        buttons.addWidget(self.legend, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary)
        bottom.addWidget(self.keys_hint, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(scan_row)
        layout.addWidget(self.feedback)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    # --- loading ---------------------------------------------------------------------------

    def show_activity(self, activity_id: int | None) -> None:
        if activity_id != self.activity_id:
            self.say("")
            self._idle_feedback()
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
            self.session_combo.addItem(f"{info.label} ({info.on_date:%d/%m/%Y})", info.number)
        chosen = kept or (_default_session(grid) if grid else 0)
        self.session_combo.setCurrentIndex(chosen - 1)
        self.session_combo.blockSignals(False)
        self._session_chosen()

    def _session_chosen(self, _index: int = 0) -> None:
        number = self.current_session()
        self.model.set_current_session(number or 0)
        info = self.model.sessions[number - 1] if number else None
        label = info.label if info else "…"
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
            _("{n} người · {s} buổi · còn {u} ô chưa điểm danh").format(
                n=len(grid.rows), s=len(grid.sessions), u=grid.unmarked
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
        if self._refuse_if_locked(lambda msg: self._show_feedback("bad", msg, "")):
            return
        session_no = self.current_session()
        if session_no is None:
            self._show_feedback("bad", _("Chưa chọn buổi"), _("Chọn buổi học trước khi quét."))
            return
        by = self.by

        def change(s: Session, activity_id: int) -> tuple[int, CheckInResult]:
            result = check_in(s, activity_id, session_no, text, by=by)
            return (1 if result.status == "present" else 0), result

        self._write(change, self._checked_in, self._scan_failed)

    # --- feedback --------------------------------------------------------------------------

    def _scan_failed(self, message: str) -> None:
        self._show_feedback("bad", _("Không ghi được điểm danh"), message)
        self.scan_box.setFocus()

    def _checked_in(self, result: CheckInResult) -> None:
        self.scan_box.setFocus()
        at = _("Lúc {time}.").format(time=QTime.currentTime().toString("HH:mm:ss"))
        if result.status == "present":
            earlier = (
                " " + _("Trước đó ghi: {status}.").format(status=_(STATUS_NAMES[result.previous]))
                if result.previous
                else ""
            )
            self._show_feedback(
                "ok",
                _("✓ {name} — có mặt buổi {label}").format(
                    name=result.full_name, label=result.session_label
                ),
                f"CCCD {result.cccd}. {at}{earlier}",
            )
            self._point_at(result.cccd, result.session_number)
        elif result.status == "already":
            self._show_feedback(
                "warn",
                _("{name} đã điểm danh rồi (buổi {label})").format(
                    name=result.full_name, label=result.session_label
                ),
                f"CCCD {result.cccd}. {at} " + _("Không ghi thêm gì."),
            )
            self._point_at(result.cccd, result.session_number)
        elif result.status == "not_enrolled":
            who = result.full_name or f"CCCD {result.cccd}"
            if result.other_classes:
                where = _("Người này học lớp {classes}.").format(
                    classes=", ".join(result.other_classes)
                )
            elif result.known:
                where = _("Người này chưa có trong danh sách học viên của lớp nào.")
            else:
                where = _("Số CCCD này không có trong cơ sở dữ liệu.")
            self._show_feedback(
                "bad",
                _("✗ Không có trong danh sách lớp: {who}").format(who=who),
                f"CCCD {result.cccd}. {where} {at} " + _("Không ghi điểm danh."),
            )
        else:
            reason = result.reason[:1].upper() + result.reason[1:]
            self._show_feedback("bad", _("Không nhận ra mã vừa quét"), f"{reason}. {at}")

    def _point_at(self, cccd: str, session_number: int) -> None:
        row = self.model.row_of_cccd(cccd)
        if row >= 0:
            index = self.model.index(row, self.model.column_of(session_number))
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def _idle_feedback(self) -> None:
        self._show_feedback(
            "idle",
            _("Sẵn sàng quét"),
            _(
                "Kết quả mỗi lần quét hiện ở đây: xanh là đã ghi có mặt, vàng là đã điểm danh "
                "rồi, đỏ là không có trong danh sách lớp."
            ),
        )

    def _show_feedback(self, tone: str, title: str, detail: str) -> None:
        self.feedback_tone = tone
        colour, background, border = TONES[tone]
        self.feedback.setStyleSheet(
            f"QFrame#scanFeedback {{ background: {background}; border: 2px solid {border}; "
            f"border-radius: 6px; }} QFrame#scanFeedback QLabel {{ color: {colour}; }}"
        )
        self.feedback_title.setText(title)
        self.feedback_detail.setText(detail)

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


def _totals(grid: AttendanceGrid, number: int) -> tuple[int, int, int, int]:
    """Present, absent, excused and unmarked at buổi `number`."""
    marks = [r.marks[number - 1] for r in grid.rows]
    return (
        marks.count(PRESENT),
        marks.count(ABSENT),
        marks.count(EXCUSED),
        marks.count(None),
    )


def _default_session(grid: AttendanceGrid) -> int:
    """Today's buổi (morning or afternoon by the clock); else the first with people unmarked."""
    if not grid.sessions:
        return 0
    now = dt.datetime.now()
    half = "am" if now.hour < 12 else "pm"
    today = [i for i in grid.sessions if i.on_date == now.date()]
    for info in today:
        if info.half == half:
            return info.number
    if today:
        return today[0].number
    for info in grid.sessions:
        if any(r.marks[info.number - 1] is None for r in grid.rows):
            return info.number
    return grid.sessions[-1].number
