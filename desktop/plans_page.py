"""The Kế hoạch page: plans, the activities of the selected plan, and under them the roster,
the plan's dashboard and the plan check, with the buttons that add, copy and split classes.

It only lays the widgets out; the main window connects them to the actions.
"""

from __future__ import annotations

from typing import Any

from desktop.dashboard import DashboardPanel
from desktop.i18n import _
from desktop.plan_check import PlanCheckPanel
from desktop.qt import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    Qt,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from desktop.roster_panel import RosterPanel
from desktop.tablemodels import ActivitiesModel, PlansModel
from desktop.tasks import TaskRunner


def _table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    return view


def _more_button(menu: QMenu) -> QToolButton:
    button = QToolButton()
    button.setText(_("Khác"))
    button.setMenu(menu)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    return button


class PlansPage(QWidget):
    """Plans, the activities of the selected plan, and the roster of the selected activity."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plans_model = PlansModel()
        self.activities_model = ActivitiesModel()
        self.plans_view = _table(self.plans_model)
        self.activities_view = _table(self.activities_model)
        self.roster = RosterPanel(runner)
        self.dashboard = DashboardPanel(runner)
        self.plan_check = PlanCheckPanel(runner)

        plans_header = self.plans_view.horizontalHeader()
        plans_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 140), (2, 150), (3, 80)):
            plans_header.resizeSection(column, width)
        act_header = self.activities_view.horizontalHeader()
        for column, width in enumerate((100, 95, 0, 85, 85, 110, 70, 60)):
            if width:
                act_header.resizeSection(column, width)
        # The class title takes what is left (the venue keeps a resizable 110): on a
        # 1024-wide screen the title is the widest column, readable rather than halved.
        act_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        act_header.setMinimumSectionSize(48)

        self.empty_banner = QFrame()
        self.empty_banner.setObjectName("emptyBanner")
        self.empty_banner.setFrameShape(QFrame.Shape.StyledPanel)
        banner = QHBoxLayout(self.empty_banner)
        banner.addWidget(
            QLabel(_("Cơ sở dữ liệu chưa có kế hoạch nào. Bạn có thể nạp dữ liệu mẫu để xem thử.")),
            1,
        )
        self.demo_button = QPushButton(_("Nạp dữ liệu mẫu (Lai Châu 2023)"))
        banner.addWidget(self.demo_button)
        self.empty_banner.hide()

        self.new_plan_button = QPushButton(_("Kế hoạch mới…"))
        self.unit_button = QPushButton(_("Đơn vị, người ký, kinh phí…"))
        self.unit_button.setToolTip(
            _(
                "Tên đơn vị, mã QHNS, người lập biểu, kế toán trưởng, thủ trưởng "
                "và quyết định giao kinh phí"
            )
        )
        self.new_activity_button = QPushButton(_("Thêm lớp…"))
        self.copy_activity_button = QPushButton(_("Nhân bản lớp…"))
        self.split_button = QPushButton(_("Chia lớp…"))
        self.split_button.setToolTip(
            _("Xếp những người đã nhập mà chưa vào lớp nào vào các lớp của kế hoạch")
        )
        self.copy_activity_button.setToolTip(
            _("Tạo lớp mới giống lớp đang chọn (trừ danh sách học viên)")
        )
        # Changing and removing: the common one as a button, the rest behind "Khác".
        self.edit_plan_button = QPushButton(_("Sửa…"))
        self.edit_plan_button.setToolTip(_("Tên, số văn bản, căn cứ, cách tính đi lại, giá xăng"))
        self.plan_menu = QMenu(self)
        self.supports_action = self.plan_menu.addAction(_("Chế độ hỗ trợ (ai được hưởng gì)…"))
        self.distances_action = self.plan_menu.addAction(_("Khoảng cách theo xã…"))
        self.archive_plan_action = self.plan_menu.addAction(_("Lưu trữ / khôi phục kế hoạch"))
        self.delete_plan_action = self.plan_menu.addAction(_("Xóa kế hoạch…"))
        self.plan_more = _more_button(self.plan_menu)
        self.edit_activity_button = QPushButton(_("Sửa lớp…"))
        self.activity_menu = QMenu(self)
        self.archive_activity_action = self.activity_menu.addAction(_("Lưu trữ / khôi phục lớp"))
        self.delete_activity_action = self.activity_menu.addAction(_("Xóa lớp…"))
        self.activity_more = _more_button(self.activity_menu)
        self.plan_menu.addSeparator()
        self.show_archived = self.plan_menu.addAction(_("Hiện cả mục đã lưu trữ"))
        self.show_archived.setCheckable(True)

        def boxed(title: str, widget: QWidget, *buttons: QWidget) -> QWidget:
            box = QWidget()
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 4, 0, 0)
            row = QHBoxLayout()
            heading = QLabel(f"<b>{title}</b>")
            # The heading gives way to the buttons on a narrow screen (clipped, not wider).
            heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            heading.setToolTip(title)
            row.addWidget(heading, 1)
            for button in buttons:
                row.addWidget(button)
            layout.addLayout(row)
            layout.addWidget(widget, 1)
            return box

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(
            boxed(
                _("Kế hoạch"),
                self.plans_view,
                self.edit_plan_button,
                self.plan_more,
                self.unit_button,
                self.new_plan_button,
            )
        )
        splitter.addWidget(
            boxed(
                _("Lớp tập huấn, hội nghị, buổi truyền thông"),
                self.activities_view,
                self.edit_activity_button,
                self.activity_more,
                self.new_activity_button,
                self.copy_activity_button,
                self.split_button,
            )
        )
        # The roster and the plan's dashboard share the bottom: wide tables, narrow screens.
        self.bottom = QTabWidget()
        self.bottom.addTab(self.roster, _("Danh sách học viên"))
        self.bottom.addTab(self.dashboard, _("Tổng quan kế hoạch"))
        self.bottom.addTab(self.plan_check, _("Kiểm tra kế hoạch"))
        self.plan_check.counted.connect(self._clashes_counted)
        splitter.addWidget(self.bottom)
        splitter.setSizes([140, 240, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_banner)
        layout.addWidget(splitter, 1)

    def _clashes_counted(self, count: int) -> None:
        index = self.bottom.indexOf(self.plan_check)
        title = _("Kiểm tra kế hoạch")
        self.bottom.setTabText(index, f"{title} ({count})" if count else title)
