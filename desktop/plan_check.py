"""The plan check beside the plan: every clash of the selected plan, a double-click away from
the class it names (venue or lecturer twice in a buổi, a person in two classes at once, a hall
too small, dates outside the funding year, a buổi without a lecturer).

The check runs on the worker (models.planning.clashes) and only reads; a newer plan choice
drops an older answer (TaskRunner.latest).
"""

from __future__ import annotations

from desktop.i18n import _, ngettext
from desktop.qt import QLabel, QListWidget, QListWidgetItem, Qt, QVBoxLayout, QWidget, Signal
from desktop.tasks import TaskRunner
from models.db import Database
from models.planning.clashes import Clash, check_plan


class PlanCheckPanel(QWidget):
    """`open_activity(id)` is emitted when the user double-clicks a clash."""

    open_activity = Signal(int)
    counted = Signal(int)  # how many clashes the shown plan has

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.clashes: list[Clash] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.itemDoubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)

    def show_plan(self, db: Database | None, plan_id: int | None) -> None:
        if db is None or plan_id is None:
            self.runner.forget(id(self))
            self._show([])
            return

        def work() -> list[Clash]:
            with db.read() as s:
                return check_plan(s, plan_id)

        self.runner.latest(id(self), work, self._show)

    def _show(self, clashes: list[Clash]) -> None:
        self.clashes = clashes
        self.list.clear()
        for clash in clashes:
            item = QListWidgetItem(f"•  {clash.message}")  # plain: no emoji font is certain
            item.setData(Qt.ItemDataRole.UserRole, clash.activity_ids[0])
            item.setToolTip(_("Nhấp đúp để mở lớp {code}").format(code=clash.activities[0]))
            self.list.addItem(item)
        self.summary.setText(
            _("Không thấy điểm nào trùng hay vượt trong kế hoạch.")
            if not clashes
            else ngettext(
                "{n} điểm cần xem lại — nhấp đúp để mở lớp.",
                "{n} điểm cần xem lại — nhấp đúp để mở lớp.",
                len(clashes),
            ).format(n=len(clashes))
        )
        self.counted.emit(len(clashes))

    def _open(self, item: QListWidgetItem) -> None:
        activity_id = item.data(Qt.ItemDataRole.UserRole)
        if activity_id is not None:
            self.open_activity.emit(int(activity_id))
