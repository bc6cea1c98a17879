"""The attendance grid: people × buổi, one mark per cell, edited from the keyboard.

The model holds the grid the core read (models.attendance.marks.AttendanceGrid) and paints each
mark with its glyph and colour; the view turns keys into mark requests (space toggles, C V P
set) and moves down a row after marking one cell (the next person at the door). Neither writes:
the tab sends the requests to the worker.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.i18n import N_, _, tr
from desktop.qt import (
    QAbstractTableModel,
    QColor,
    QFont,
    QKeyEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTableView,
    QWidget,
    Signal,
)
from models.attendance.marks import (
    AttendanceGrid,
    AttendanceRow,
    SessionInfo,
)

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
KEYS: dict[int, str] = {
    Qt.Key.Key_Space.value: TOGGLE,
    Qt.Key.Key_C.value: PRESENT,
    Qt.Key.Key_V.value: ABSENT,
    Qt.Key.Key_P.value: EXCUSED,
}
RETURN_KEYS = (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value)


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
        self._totals = [totals_of(grid, i.number) for i in grid.sessions] if grid else []
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
            label = tr(self.sessions[column - FIXED_COLUMNS].label)
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
            return f"{tr(info.label)}\n" + _("Có mặt {n}/{total}").format(
                n=present, total=len(self.rows)
            )
        if role == Qt.ItemDataRole.FontRole and info.number == self.current_session:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                f"{tr(info.label)}, {info.on_date:%d/%m/%Y}"
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
                self.mark_requested.emit(KEYS[key])  # the tab reads the cells before the move
                if len(self.selectionModel().selectedIndexes()) <= 1:
                    self._move_down()  # the next person at the door
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
        """To the next row shown (rows hidden by the search are skipped)."""
        current = self.currentIndex()
        model = self.model()
        if not current.isValid():
            return
        row = current.row() + 1
        while row < model.rowCount() and self.isRowHidden(row):
            row += 1
        if row < model.rowCount():
            below = model.index(row, current.column())
            self.setCurrentIndex(below)
            self.scrollTo(below)


def totals_of(grid: AttendanceGrid, number: int) -> tuple[int, int, int, int]:
    """Present, absent, excused and unmarked at buổi `number`."""
    marks = [r.marks[number - 1] for r in grid.rows]
    return (
        marks.count(PRESENT),
        marks.count(ABSENT),
        marks.count(EXCUSED),
        marks.count(None),
    )


def default_session(grid: AttendanceGrid) -> int:
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
