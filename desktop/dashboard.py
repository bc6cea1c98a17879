"""The plan dashboard: estimate against the ceiling, attendance rate per activity."""

from __future__ import annotations

from desktop.charts import Bar, BarChart
from desktop.i18n import _, money
from desktop.qt import QLabel, QVBoxLayout, QWidget
from desktop.tasks import TaskRunner
from models.db import Database
from models.planning.dashboard import PlanDashboard, plan_dashboard


class DashboardPanel(QWidget):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.data: PlanDashboard | None = None
        self.money_chart = BarChart(_("Kinh phí: dự toán so với kinh phí được giao"))
        self.attendance_chart = BarChart(_("Tỷ lệ có mặt theo lớp"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.money_chart)
        layout.addWidget(self.attendance_chart)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def show_plan(self, db: Database | None, plan_id: int | None) -> None:
        if db is None or plan_id is None:
            self.runner.forget(id(self))
            return

        def work() -> PlanDashboard:
            with db.read() as s:  # the estimate is kept current by the writes that move it
                return plan_dashboard(s, plan_id)

        self.runner.latest(id(self), work, self._loaded)

    def _loaded(self, d: PlanDashboard) -> None:
        self.data = d
        share = d.estimate_total / d.ceiling if d.ceiling else 0.0
        self.money_chart.set_bars(
            [
                Bar(
                    _("Dự toán"),
                    d.estimate_total,
                    d.ceiling,
                    f"{money(d.estimate_total)} ({share:.0%})",
                )
            ]
        )
        bars = []
        for a in d.activities:
            rate = a.rate
            text = _("chưa điểm danh") if rate is None else f"{rate:.0%}"
            bars.append(Bar(a.code, a.present, a.recorded or 1, text))
        self.attendance_chart.set_bars(bars)
        remaining = d.ceiling - d.estimate_total
        self.note.setText(
            _("Kinh phí được giao {ceiling} đồng; còn lại {remaining} đồng.").format(
                ceiling=money(d.ceiling), remaining=money(remaining)
            )
        )
