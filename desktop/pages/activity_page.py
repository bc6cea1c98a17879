"""Lớp/Sự kiện: one activity at a time — attendance, estimate, settlement, locking."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop.forms import Field
from desktop.history import show_history
from desktop.i18n import _, ngettext
from desktop.pages.activity_tabs import ActivityTab, current_user
from desktop.pages.attendance_tab import AttendanceTab
from desktop.pages.budget_tab import BudgetTab
from desktop.pages.sessions_tab import SessionsTab
from desktop.pages.settlement_tab import SettlementTab
from desktop.qt import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QShowEvent,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from desktop.tasks import TaskRunner
from models.audit import HistoryEntry, history_of_activity
from models.changes import Change
from models.db import Database
from models.planning.catalog import ActivitySummary, PlanSummary
from models.settlement.locking import lock_activity, reopen_activity

REASON = (Field("reason", "Lý do", required=True),)
LOCK_REASON = (Field("reason", "Ghi chú (không bắt buộc)"),)


class ActivityPage(ActivityTab):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self._by_id: dict[int, ActivitySummary] = {}
        self.activities: list[tuple[PlanSummary, ActivitySummary]] = []
        self.chooser = QComboBox()
        self.chooser.setMinimumContentsLength(24)
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        # Typing finds a class by code or words of its title (scenario B has 113 of them).
        self.chooser.setEditable(True)
        self.chooser.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(self.chooser.model(), self.chooser)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.chooser.setCompleter(completer)
        line = self.chooser.lineEdit()
        assert line is not None  # an editable combo box has one
        line.setPlaceholderText(_("Gõ mã hoặc tên lớp để tìm"))
        self.chooser.currentIndexChanged.connect(self._chosen)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.lock_button = QPushButton(_("Khóa sổ…"))
        self.reopen_button = QPushButton(_("Mở khóa…"))
        self.lock_button.setToolTip(
            _("Sau khi khóa, điểm danh và số tiền của lớp không thay đổi được nữa")
        )
        self.lock_button.clicked.connect(self.lock)
        self.history_button = QPushButton(_("Lịch sử…"))
        self.history_button.setToolTip(_("Ai đã sửa gì trong lớp này, lúc nào"))
        self.history_button.clicked.connect(self.show_history)
        self.reopen_button.clicked.connect(self.reopen)

        self.tabs = QTabWidget()
        self.tab_pages: list[ActivityTab] = []
        for title, tab in self._make_tabs():
            self.tabs.addTab(tab, title)
            self.tab_pages.append(tab)
            tab.changed.connect(self._tab_changed)
        self.tabs.currentChanged.connect(lambda _i: self._reload_current())

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Lớp / sự kiện:")))
        top.addWidget(self.chooser, 1)
        top.addWidget(self.lock_button)
        top.addWidget(self.reopen_button)
        heading = QHBoxLayout()  # the heading wraps, so the history button fits beside it
        heading.addWidget(self.heading, 1)
        heading.addWidget(self.history_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(heading)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self._stale: set[int] = set()

    def _make_tabs(self) -> list[tuple[str, ActivityTab]]:
        tabs: list[tuple[str, ActivityTab]] = []
        tabs.append((_("Điểm danh"), AttendanceTab(self.runner)))
        tabs.append((_("Buổi học"), SessionsTab(self.runner)))
        tabs.append((_("Dự toán"), BudgetTab(self.runner)))
        tabs.append((_("Quyết toán"), SettlementTab(self.runner)))
        return tabs

    def set_database(self, db: Database | None) -> None:
        super().set_database(db)
        for tab in self.tab_pages:
            tab.set_database(db)

    def set_plans(self, plans: Sequence[PlanSummary]) -> None:
        current = self.activity_id
        self.activities = [(p, a) for p in plans for a in p.activities]
        self._by_id = {a.id: a for _p, a in self.activities}
        self.chooser.blockSignals(True)
        self.chooser.clear()
        grouped = len(plans) > 1  # a campaign's 113 sessions beside a plan's 7 classes
        for plan in plans:
            if grouped and plan.activities:
                self.chooser.addItem(f"▸ {plan.code} — {plan.title}", None)
                header = self.chooser.model().item(self.chooser.count() - 1)  # type: ignore[attr-defined]
                header.setEnabled(False)  # a heading, not a choice
            for activity in plan.activities:
                indent = "    " if grouped else ""
                self.chooser.addItem(f"{indent}{activity.code} — {activity.title}", activity.id)
                self.chooser.setItemData(
                    self.chooser.count() - 1,
                    f"{plan.code}: {plan.title}",
                    Qt.ItemDataRole.ToolTipRole,
                )
        index = self.chooser.findData(current) if current is not None else -1
        if index < 0 and self.chooser.count():
            index = next(
                (i for i in range(self.chooser.count()) if self.chooser.itemData(i) is not None), 0
            )
        self.chooser.setCurrentIndex(index)
        self.chooser.blockSignals(False)
        chosen = self.current()
        if chosen is not None and chosen.id == current:
            self._show_heading(chosen)  # same activity: its figures are already shown
        else:
            self._chosen(index)

    def select(self, activity_id: int | None) -> None:
        index = self.chooser.findData(activity_id) if activity_id is not None else -1
        if index < 0 and self.chooser.count():
            index = 0
        if index == self.chooser.currentIndex():
            self._chosen(index)
        else:
            self.chooser.setCurrentIndex(index)

    def current(self) -> ActivitySummary | None:
        activity_id = self.chooser.currentData()
        return self._by_id.get(activity_id) if activity_id is not None else None

    def _chosen(self, index: int) -> None:
        activity = self.current()
        self.activity_id = activity.id if activity else None
        self.say("")
        self._show_heading(activity)
        self._stale = set(range(len(self.tab_pages)))
        self._reload_current()

    def _show_heading(self, activity: ActivitySummary | None) -> None:
        if activity is None:
            self.heading.setText(_("Chưa có lớp nào. Thêm lớp ở mục Kế hoạch."))
            self.lock_button.setEnabled(False)
            self.reopen_button.setEnabled(False)
            return
        state = (
            "<span style='color:#b00020'><b>" + _("Đã khóa sổ") + "</b></span>"
            if activity.locked
            else _("Đang mở")
        )
        self.heading.setText(
            f"<b>{activity.title}</b><br>"
            + _("{start} – {end} · {venue} · {people} · {sessions} · {state}").format(
                start=f"{activity.start:%d/%m/%Y}",
                end=f"{activity.end:%d/%m/%Y}",
                venue=activity.venue or _("chưa chọn địa điểm"),
                people=ngettext("{n} người", "{n} người", activity.enrolled).format(
                    n=activity.enrolled
                ),
                sessions=ngettext("{n} buổi", "{n} buổi", activity.sessions).format(
                    n=activity.sessions
                ),
                state=state,
            )
        )
        self.lock_button.setEnabled(not activity.locked)
        self.reopen_button.setEnabled(activity.locked)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._reload_current()

    def _reload_current(self) -> None:
        """Only the visible tab of a visible page loads; the others when they are shown."""
        if not self.isVisible():
            return
        index = self.tabs.currentIndex()
        if index in self._stale:
            self._stale.discard(index)
            self.tab_pages[index].show_activity(self.activity_id)

    def _tab_changed(self) -> None:
        self.changed.emit()

    @property
    def watched(self) -> Change:
        kinds = Change.NONE
        for tab in self.tab_pages:
            kinds |= tab.watches
        return kinds

    def follow(self, flags: Change) -> None:
        """A write changed `flags`: the tabs that show one of them are read again (the visible
        one now, the others when shown) and their messages cleared."""
        if flags & Change.LOCKS:
            self.say("")
        for index, tab in enumerate(self.tab_pages):
            if flags & tab.watches:
                tab.outdated(flags)
                self._stale.add(index)
        self._reload_current()

    def reload(self) -> None:
        self._stale = set(range(len(self.tab_pages)))
        self._reload_current()

    def lock(self) -> None:
        activity_id = self.activity_id
        if activity_id is None:
            return

        def then(v: dict[str, Any]) -> None:
            def work(db: Database) -> None:
                with db.write() as s:
                    lock_activity(s, activity_id, by=current_user(), reason=v["reason"])

            self.act(work, _("Đã khóa sổ lớp."))

        self.ask(_("Khóa sổ lớp"), LOCK_REASON, {}, then)

    def show_history(self) -> None:
        activity_id = self.activity_id
        if activity_id is None:
            return

        def load(db: Database) -> list[HistoryEntry]:
            with db.read() as s:
                return history_of_activity(s, activity_id)

        show_history(self, self.runner, self.db, _("Lịch sử thay đổi của lớp"), load)

    def reopen(self) -> None:
        activity_id = self.activity_id
        if activity_id is None:
            return

        def then(v: dict[str, Any]) -> None:
            def work(db: Database) -> None:
                with db.write() as s:
                    reopen_activity(s, activity_id, by=current_user(), reason=v["reason"])

            self.act(work, _("Đã mở khóa; việc mở khóa đã được ghi lại."))

        self.ask(_("Mở khóa sổ lớp"), REASON, {}, then)
