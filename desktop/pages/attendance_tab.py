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
from pathlib import Path
from typing import Any

from desktop.capacity_prompt import ask_capacity_reason
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
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QModelIndex,
    QPushButton,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
)
from desktop.tasks import TaskRunner
from models.attendance.checkin import (
    CheckInResult,
    check_in,
    check_in_enrollment,
    enroll_and_check_in,
    fill_present,
    find_rows,
    parse_scan,
    toggled,
)
from models.attendance.from_file import (
    GRID_SUFFIXES,
    FileResult,
    all_dated,
    mark_from_file,
    mark_from_grid,
    read_grid,
    read_log,
)
from models.attendance.marks import (
    AttendanceGrid,
    SessionInfo,
    attendance_grid,
    set_mark,
)
from models.capacity import CapacityError
from models.changes import Change
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

    watches = Change.ATTENDANCE | Change.PEOPLE | Change.PLANS | Change.LOCKS

    def __init__(
        self, runner: TaskRunner, parent: QWidget | None = None, *, by: str | None = None
    ) -> None:
        super().__init__(runner, parent)
        self.by = by or current_user()
        self.today: Callable[[], dt.date] = dt.date.today  # which buổi are still to come
        self.confirm_box: QMessageBox | None = None
        self.capacity_box: QInputDialog | None = None
        self._not_enrolled: CheckInResult | None = None  # the last scan not on the list
        self.last_file_result: FileResult | None = None
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
        self.search_box.textChanged.connect(self._search_changed)
        self.search_box.returnPressed.connect(self._go_to_match)
        self.file_button.clicked.connect(self.choose_file)
        self.check_in.enroll_button.clicked.connect(self.offer_enroll)
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
        self.file_button = QPushButton(_("Điểm danh từ tệp…"))
        self.file_button.setToolTip(
            _(
                "Nhật ký máy quét hoặc danh sách số CCCD, mỗi dòng một người. Dòng có ngày giờ "
                "được ghi vào buổi của giờ đó; tệp không có ngày giờ ghi vào buổi đang chọn."
            )
        )
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(
            _("Tìm trong lớp theo tên (gõ không dấu cũng được) hoặc số CCCD")
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_count = QLabel()
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
            header.resizeSection(0, 210)
            header.resizeSection(1, 110)
        for column in range(FIXED_COLUMNS, self.model.columnCount()):
            header.resizeSection(column, 100)  # a two-day class's 4 buổi fit at 1024 px

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.fill_session_button)
        buttons.addWidget(self.fill_all_button)
        buttons.addWidget(self.file_button)
        buttons.addStretch(1)
        search = QHBoxLayout()  # the legend beside the search: whole at 1024 px
        search.addWidget(QLabel(_("Tìm:")))
        search.addWidget(self.search_box, 1)
        search.addWidget(self.search_count)
        search.addWidget(self.legend, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary)
        bottom.addWidget(self.keys_hint, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.check_in)
        layout.addLayout(buttons)
        layout.addLayout(search)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    # --- loading ---------------------------------------------------------------------------

    def outdated(self, flags: Change) -> None:
        super().outdated(flags)
        self.check_in.idle()  # the last scan may no longer hold (unmarked, locked, moved)

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
        self._filter_rows()
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
        for widget in (
            self.scan_box,
            self.fill_session_button,
            self.fill_all_button,
            self.file_button,
        ):
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
        """Everyone without a mark present, at one buổi or at all; other marks stay. Buổi that
        have not happened yet are filled only when the user says so."""
        if self.grid is None or self._refuse_if_locked(self._say_error):
            return
        if session_no is not None:
            self._fill([session_no])
            return
        today = self.today()
        future = [i for i in self.grid.sessions if i.on_date > today]
        if future:
            self._confirm_future(future)
        else:
            self._fill(None)

    def _confirm_future(self, future: list[SessionInfo]) -> None:
        assert self.grid is not None
        past = [i.number for i in self.grid.sessions if i not in future]
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Buổi chưa diễn ra"))
        box.setText(
            ngettext(
                "{n} buổi chưa diễn ra (từ {date}).",
                "{n} buổi chưa diễn ra (từ {date}).",
                len(future),
            ).format(n=len(future), date=f"{future[0].on_date:%d/%m/%Y}")
            + " "
            + _("Ghi “có mặt” trước cho cả những buổi đó?")
        )
        only_past = box.addButton(_("Chỉ các buổi đã diễn ra"), QMessageBox.ButtonRole.AcceptRole)
        every = box.addButton(_("Cả các buổi chưa diễn ra"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Hủy"), QMessageBox.ButtonRole.RejectRole)
        only_past.setVisible(bool(past))
        if past:
            box.setDefaultButton(only_past)

        def chosen(button: Any) -> None:
            if button is only_past:
                self._fill(past)
            elif button is every:
                self._fill(None)

        box.buttonClicked.connect(chosen)
        self.confirm_box = box
        box.open()

    def _fill(self, numbers: list[int] | None) -> None:
        by = self.by

        def change(s: Session, activity_id: int) -> tuple[int, int]:
            if numbers is None:
                written = fill_present(s, activity_id, by=by)
            else:
                written = sum(fill_present(s, activity_id, by=by, session_no=n) for n in numbers)
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
        enrollment_id = self._by_name(text)
        if enrollment_id == 0:
            return  # several people match: the grid shows them

        def change(s: Session, activity_id: int) -> tuple[int, CheckInResult]:
            if enrollment_id is not None:
                result = check_in_enrollment(s, activity_id, session_no, enrollment_id, by=by)
            else:
                result = check_in(s, activity_id, session_no, text, by=by)
            return (1 if result.status == "present" else 0), result

        self._write(change, self._checked_in, self.check_in.failed)

    def _by_name(self, text: str) -> int | None:
        """A name typed in the scan box (not a CCCD): the one person of the class it names;
        0 when several match (the grid is filtered to them); None to check in by CCCD."""
        if self.grid is None or parse_scan(text).valid or "|" in text:
            return None
        if not any(c.isalpha() for c in text):
            return None
        matches = find_rows(self.grid, text)
        if len(matches) == 1:
            return matches[0].enrollment_id
        if len(matches) > 1:
            self.search_box.setText(text)
            names = ", ".join(r.full_name for r in matches[:5])
            more = "…" if len(matches) > 5 else ""
            self.check_in.show_feedback(
                "warn",
                _("{n} người trong lớp có tên khớp “{text}”").format(
                    n=len(matches), text=text.strip()
                ),
                f"{names}{more}. " + _("Bảng chỉ còn những người này: chọn đúng người rồi bấm C."),
            )
            return 0
        return None

    @property
    def feedback_tone(self) -> str:
        return self.check_in.tone

    def _checked_in(self, result: CheckInResult) -> None:
        self.check_in.show_result(result)
        self._not_enrolled = result if result.status == "not_enrolled" else None
        if result.status in ("present", "already"):
            self._point_at(result.cccd, result.session_number)

    def _point_at(self, cccd: str, session_number: int) -> None:
        row = self.model.row_of_cccd(cccd)
        if row >= 0:
            if self.table.isRowHidden(row):  # a search hides them: show everyone again
                self.search_box.clear()
            index = self.model.index(row, self.model.column_of(session_number))
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def _say_error(self, text: str) -> None:
        self.say(text, error=True)

    def _digits_typed(self, digits: str) -> None:
        if self.scan_box.isEnabled():
            self.scan_box.setFocus()
            self.scan_box.insert(digits)

    # --- enrolling at the door --------------------------------------------------------------

    def offer_enroll(self) -> None:
        """Ask, then enrol the last person scanned who was not on the list and mark them."""
        result = self._not_enrolled
        if result is None or self.grid is None or self._refuse_if_locked(self.check_in.failed):
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Ghi danh tại chỗ"))
        box.setText(
            _("Ghi danh {name} (CCCD {cccd}) vào lớp {code} và ghi có mặt buổi {label}?").format(
                name=result.full_name,
                cccd=result.cccd,
                code=self.grid.code,
                label=tr(result.session_label),
            )
        )
        yes = box.addButton(_("Ghi danh và điểm danh"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Hủy"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)

        def chosen(button: Any) -> None:
            if button is yes:
                self.enroll(result)

        box.buttonClicked.connect(chosen)
        self.confirm_box = box
        box.open()

    def enroll(self, result: CheckInResult, reason: str | None = None) -> None:
        by, session_no, cccd = self.by, result.session_number, result.cccd

        def change(s: Session, activity_id: int) -> tuple[int, CheckInResult | CapacityError]:
            try:
                done = enroll_and_check_in(
                    s, activity_id, session_no, cccd, by=by, over_capacity_reason=reason
                )
            except CapacityError as exc:  # nothing was written: ask why, then again
                return 0, exc
            return 1, done

        def landed(outcome: CheckInResult | CapacityError) -> None:
            if isinstance(outcome, CapacityError):
                self.capacity_box = ask_capacity_reason(
                    self, user_text(outcome), lambda why: self.enroll(result, why)
                )
                return
            self.changed.emit()  # the roster changed too
            self._checked_in(outcome)

        self._write(change, landed, self.check_in.failed)

    # --- a file of scans ---------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Điểm danh từ tệp"),
            "",
            _("Nhật ký quét, bảng điểm danh (*.txt *.csv *.log *.xlsx);;Mọi tệp (*)"),
        )
        if path:
            self.mark_file(Path(path))

    def mark_file(self, path: Path) -> None:
        """Every line of the file in one transaction; the summary says what became of each."""
        if self.grid is None or self._refuse_if_locked(self._say_error):
            return
        by, chosen = self.by, self.current_session()

        def change(s: Session, activity_id: int) -> tuple[int, FileResult]:
            if path.suffix.lower() in GRID_SUFFIXES:  # the grid exported, filled in by hand
                result = mark_from_grid(s, activity_id, read_grid(path), by=by)
                return result.marked, result
            lines = read_log(path)
            session_no = None if all_dated(lines) else chosen
            result = mark_from_file(s, lines, by=by, activity_id=activity_id, session_no=session_no)
            return result.marked, result

        self.say("")
        self._write(change, lambda result: self._file_done(path, result), self._say_error)

    def _file_done(self, path: Path, result: FileResult) -> None:
        self.last_file_result = result
        lines = [
            _(
                "{name}: {n} dòng — đã ghi {marked}, đã có từ trước {already}, "
                "không có trong danh sách {missing}, không đọc được {bad}."
            ).format(
                name=path.name,
                n=result.lines_read,
                marked=result.marked,
                already=result.already,
                missing=result.not_enrolled,
                bad=result.unreadable,
            )
        ]
        problems = sorted(
            (*result.not_enrolled_lines, *result.unreadable_lines), key=lambda p: p.line
        )
        lines += [
            _("Dòng {line}: {reason}").format(line=p.line, reason=p.reason) for p in problems[:5]
        ]
        if len(problems) > 5:
            lines.append(_("… và {n} dòng khác.").format(n=len(problems) - 5))
        self.say("\n".join(lines), error=bool(problems))

    # --- search ------------------------------------------------------------------------------

    def _filter_rows(self) -> None:
        """Only the people whose name (without tones) or CCCD matches the search are shown."""
        grid, text = self.grid, self.search_box.text()
        shown = {r.enrollment_id for r in find_rows(grid, text)} if grid else set()
        for i, row in enumerate(self.model.rows):
            self.table.setRowHidden(i, row.enrollment_id not in shown)
        searching = grid is not None and bool(text.strip())
        self.search_count.setText(
            ngettext("{n} người khớp", "{n} người khớp", len(shown)).format(n=len(shown))
            if searching
            else ""
        )

    def _search_changed(self, _text: str) -> None:
        self._filter_rows()
        if self.search_box.text().strip():
            self._current_to_first_match()

    def _current_to_first_match(self) -> bool:
        row = next((i for i in range(self.model.rowCount()) if not self.table.isRowHidden(i)), None)
        if row is None:
            return False
        number = self.current_session() or 1
        index = self.model.index(row, self.model.column_of(number))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def _go_to_match(self) -> None:
        """Enter in the search: into the grid on the first person found, ready for C/V/P."""
        if self._current_to_first_match():
            self.table.setFocus()

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
