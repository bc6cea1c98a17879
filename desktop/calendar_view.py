"""Lịch kế hoạch: one month of a plan as weeks × days, each buổi with its class and place, a
clash in red (the plan check's message in its tooltip), a click away from the class.

The month comes from models.planning.calendar on the worker (read only); a newer month or plan
drops an older answer (TaskRunner.latest). Each buổi takes two short lines ("S B012 Xã Quài
Tở", then the venue), cut with "…" only where a cell is too narrow, so scenario B's busiest
month (six weeks, two buổi a day) is read whole on a 1366×768 screen.
"""

from __future__ import annotations

import datetime as dt

from desktop.i18n import N_, _, ngettext
from desktop.qt import (
    QColor,
    QDialog,
    QFont,
    QFontMetrics,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPushButton,
    QSize,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desktop.tasks import TaskRunner
from models.db import Database
from models.planning.calendar import CalendarDay, CalendarEntry, PlanCalendar, plan_calendar

WEEKDAYS = (N_("T2"), N_("T3"), N_("T4"), N_("T5"), N_("T6"), N_("T7"), N_("CN"))
CLASH_INK, CLASH_FILL = QColor("#b3261e"), QColor("#fde7e9")
PLAIN_INK, PLAIN_FILL, PLAIN_EDGE = QColor("#1d1d1d"), QColor("#e8eff9"), QColor("#4a78c2")
_PAD = 3  # pixels around an entry's text, the coloured edge inside it


def month_title(month: dt.date) -> str:
    return _("Tháng {month}/{year}").format(month=month.month, year=month.year)


class EntryItem(QWidget):
    """One buổi: two lines drawn with "…" where the cell is too narrow; a click opens it."""

    clicked = Signal(int)  # the activity id

    def __init__(self, entry: CalendarEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        place = entry.commune or entry.venue
        self.lines = [f"{entry.half_letter} {entry.short_code}  {place}".rstrip()]
        if entry.commune and entry.venue:
            self.lines.append(entry.venue)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        half = _("buổi sáng") if entry.half_letter == "S" else _("buổi chiều")
        tip = [
            f"{entry.code} — {entry.title}",
            f"{half} {entry.on_date:%d/%m/%Y}",
            ", ".join(p for p in (entry.venue, entry.commune) if p),
        ]
        tip += [f"• {m}" for m in entry.clashes]
        tip.append(_("Nhấp để mở lớp {code}").format(code=entry.code))
        self.setToolTip("\n".join(t for t in tip if t))

    def _height(self) -> int:
        return len(self.lines) * QFontMetrics(self.font()).lineSpacing() + 2 * _PAD

    def sizeHint(self) -> QSize:
        width = max(
            QFontMetrics(font).horizontalAdvance(line)
            for line, font in zip(self.lines, self._fonts(), strict=True)
        )
        return QSize(width + 3 * _PAD + 3, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self._height())

    def _fonts(self) -> list[QFont]:
        """The first line (half, class, commune) in bold, the venue under it plain."""
        bold = QFont(self.font())
        bold.setBold(True)
        return [bold if n == 0 else self.font() for n in range(len(self.lines))]

    def shown_lines(self) -> list[str]:
        """The lines as drawn at the current width ("…" where they are cut)."""
        width = max(self.width() - 3 * _PAD - 3, 1)
        return [
            QFontMetrics(font).elidedText(line, Qt.TextElideMode.ElideRight, width)
            for line, font in zip(self.lines, self._fonts(), strict=True)
        ]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        clash = self.entry.clash
        painter.fillRect(self.rect(), CLASH_FILL if clash else PLAIN_FILL)
        painter.fillRect(0, 0, 3, self.height(), CLASH_INK if clash else PLAIN_EDGE)
        metrics = QFontMetrics(self.font())
        x, y = 3 + 2 * _PAD, _PAD + metrics.ascent()
        for line, font in zip(self.shown_lines(), self._fonts(), strict=True):
            painter.setFont(font)
            painter.setPen(CLASH_INK if clash else PLAIN_INK)
            painter.drawText(x, y, line)
            y += metrics.lineSpacing()
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit(self.entry.activity_id)
        super().mouseReleaseEvent(event)


class DayCell(QFrame):
    """A day: its number, then its buổi."""

    def __init__(self, day: CalendarDay, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day = day
        self.setObjectName("calendarDay")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        number = QLabel(str(day.on_date.day))
        number.setAlignment(Qt.AlignmentFlag.AlignRight)
        if not day.in_month or day.on_date.weekday() >= 5:
            number.setStyleSheet("color: #888")
        self.entries = [EntryItem(entry) for entry in day.entries]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3, 1, 3, 3)
        layout.setSpacing(2)
        layout.addWidget(number)
        for item in self.entries:
            layout.addWidget(item)
        layout.addStretch(1)
        if not day.in_month:
            self.setStyleSheet("#calendarDay { background: #f3f3f3 }")


class CalendarView(QWidget):
    """`open_activity(id)` is emitted when the user clicks a buổi."""

    open_activity = Signal(int)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db: Database | None = None
        self.plan_id: int | None = None
        self.calendar: PlanCalendar | None = None
        self.cells: list[DayCell] = []
        self.previous_button = QPushButton(_("‹ Tháng trước"))
        self.next_button = QPushButton(_("Tháng sau ›"))
        self.previous_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(1))
        self.title = QLabel()
        title_font = QFont(self.title.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        self.title.setFont(title_font)
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.previous_button)
        top.addWidget(self.title)
        top.addWidget(self.next_button)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        self.grid = QGridLayout()
        self.grid.setSpacing(2)
        for column, name in enumerate(WEEKDAYS):
            heading = QLabel(f"<b>{_(name)}</b>")
            heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.grid.addWidget(heading, 0, column)
            self.grid.setColumnStretch(column, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(self.grid, 1)
        self._set_buttons()

    def show_plan(
        self, db: Database | None, plan_id: int | None, month: dt.date | None = None
    ) -> None:
        self.db, self.plan_id = db, plan_id
        self.load(month)

    def load(self, month: dt.date | None) -> None:
        db, plan_id = self.db, self.plan_id
        if db is None or plan_id is None:
            self.runner.forget(id(self))
            return
        self.summary.setText(_("Đang tải…"))

        def work() -> PlanCalendar:
            with db.read() as s:
                return plan_calendar(s, plan_id, month)

        self.runner.latest(id(self), work, self._show)

    def _step(self, months: int) -> None:
        if self.calendar is not None:
            cal = self.calendar
            self.load(cal.next_month if months > 0 else cal.previous_month)

    def _set_buttons(self) -> None:
        """Back and forth within the months the plan has buổi in."""
        cal = self.calendar
        months = [m.month for m in cal.months] if cal is not None else []
        self.previous_button.setEnabled(cal is not None and bool(months) and cal.month > months[0])
        self.next_button.setEnabled(cal is not None and bool(months) and cal.month < months[-1])

    def _show(self, cal: PlanCalendar) -> None:
        self.calendar = cal
        for cell in self.cells:
            self.grid.removeWidget(cell)
            cell.deleteLater()
        self.cells = []
        for row in range(1, self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        # Saturday and Sunday give their room to the weekdays when they hold no buổi.
        for column in range(7):
            busy = any(week[column].entries for week in cal.weeks)
            self.grid.setColumnStretch(column, 3 if column < 5 or busy else 1)
        for row, week in enumerate(cal.weeks, start=1):
            self.grid.setRowStretch(row, 1)
            for column, day in enumerate(week):
                cell = DayCell(day)
                for item in cell.entries:
                    item.clicked.connect(self.open_activity)
                self.grid.addWidget(cell, row, column)
                self.cells.append(cell)
        self.title.setText(month_title(cal.month))
        entries = cal.entries
        clashing = sum(1 for e in entries if e.clash)
        text = ngettext(
            "{plan}: {n} buổi trong tháng", "{plan}: {n} buổi trong tháng", len(entries)
        ).format(plan=cal.plan_code, n=len(entries))
        if clashing:
            text += " — " + ngettext(
                "{n} buổi có điểm trùng (màu đỏ)", "{n} buổi có điểm trùng (màu đỏ)", clashing
            ).format(n=clashing)
        self.summary.setText(text)
        self._set_buttons()

    def items(self) -> list[EntryItem]:
        return [item for cell in self.cells for item in cell.entries]


class CalendarDialog(QDialog):
    """The calendar in its own window, beside the main one (not modal)."""

    open_activity = Signal(int)

    def __init__(
        self,
        runner: TaskRunner,
        db: Database,
        plan_id: int,
        plan_code: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Lịch kế hoạch {code}").format(code=plan_code))
        self.view = CalendarView(runner)
        self.view.open_activity.connect(self.open_activity)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        screen = self.screen().availableGeometry()
        self.resize(min(1280, screen.width()), min(720, screen.height() - 40))
        self.view.show_plan(db, plan_id)
