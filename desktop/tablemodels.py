"""Item models over plain data from models/; the big ones hold ids and fetch rows lazily."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.i18n import N_, _
from desktop.qt import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from models.catalog import ActivitySummary, PlanSummary
from models.people import PersonRow
from reports.numbers import money

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

KIND_LABEL = {
    "training": N_("Lớp tập huấn"),
    "conference": N_("Hội nghị"),
    "outreach": N_("Buổi truyền thông"),
}


class PlansModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.plans: list[PlanSummary] = []
        self.headers = [_("Mã"), _("Kế hoạch"), _("Kinh phí (đồng)"), _("Số người")]

    def set_plans(self, plans: Sequence[PlanSummary]) -> None:
        self.beginResetModel()
        self.plans = list(plans)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.plans)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        plan = self.plans[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (plan.code, plan.title, money(plan.ceiling), str(plan.enrolled))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{plan.title}\n{plan.decision}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


class ActivitiesModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.activities: list[ActivitySummary] = []
        self.headers = [
            _("Mã"), _("Loại"), _("Tên lớp / sự kiện"), _("Từ ngày"), _("Đến ngày"),
            _("Địa điểm"), _("Số người"), _("Số buổi"),
        ]  # fmt: skip

    def set_activities(self, activities: Sequence[ActivitySummary]) -> None:
        self.beginResetModel()
        self.activities = list(activities)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.activities)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        a = self.activities[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (
                a.code,
                _(KIND_LABEL.get(a.kind, a.kind)),
                a.title,
                f"{a.start:%d/%m/%Y}",
                f"{a.end:%d/%m/%Y}",
                a.venue,
                str(a.enrolled),
                str(a.sessions),
            )[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 6:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


@dataclass(frozen=True)
class PeopleColumn:
    key: str  # sort key understood by models.people.person_ids
    title: str
    value: Callable[[PersonRow], str]
    numeric: bool = False


def _year(row: PersonRow, gender: str) -> str:
    return str(row.birth_year) if row.birth_year and row.gender == gender else ""


PEOPLE_COLUMNS = (
    PeopleColumn("name", "Họ và tên", lambda r: r.full_name),
    PeopleColumn("birth_year", "Nam", lambda r: _year(r, "M"), numeric=True),
    PeopleColumn("birth_year", "Nữ", lambda r: _year(r, "F"), numeric=True),
    PeopleColumn("ethnicity", "Dân tộc", lambda r: r.ethnicity),
    PeopleColumn("position", "Chức vụ", lambda r: r.position),
    PeopleColumn("village", "Thôn/bản", lambda r: r.village),
    PeopleColumn("commune", "Xã", lambda r: r.commune),
    PeopleColumn("cccd", "Số CCCD", lambda r: r.cccd or ""),
    PeopleColumn("distance_km", "Khoảng cách (km)", lambda r: "" if r.distance_km is None
                 else str(r.distance_km), numeric=True),
)  # fmt: skip


class PeopleModel(QAbstractTableModel):
    """Ids in display order (sorted and filtered by the database); rows fetched page by page.

    `fetch_page` is asked for ids whose rows are missing; the owner runs the query on the worker
    and calls `add_rows`. Until then a row shows as empty, never blocking the UI thread.
    """

    PAGE = 200
    sort_requested = Signal(str, bool)  # column key, descending
    rows_wanted = Signal(list)  # ids

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[int] = []
        self.rows: dict[int, PersonRow] = {}
        self._asked: set[int] = set()
        self.columns = PEOPLE_COLUMNS

    def set_ids(self, ids: Sequence[int], rows: dict[int, PersonRow] | None = None) -> None:
        self.beginResetModel()
        self.ids = list(ids)
        self.rows = dict(rows or {})
        self._asked = set(self.rows)
        self.endResetModel()

    def add_rows(self, rows: dict[int, PersonRow]) -> None:
        self.rows.update(rows)
        if not self.ids:
            return
        positions = [i for i, pid in enumerate(self.ids) if pid in rows]
        if positions:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(min(positions), 0), self.index(max(positions), last))

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def person_at(self, row: int) -> PersonRow | None:
        return self.rows.get(self.ids[row]) if 0 <= row < len(self.ids) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        person = self.rows.get(self.ids[index.row()])
        if person is None:
            self._want(index.row())
            return ""
        return column.value(person)

    def _want(self, row: int) -> None:
        start = (row // self.PAGE) * self.PAGE
        page = [pid for pid in self.ids[start : start + self.PAGE] if pid not in self._asked]
        if page:
            self._asked.update(page)
            self.rows_wanted.emit(page)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section].title)
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_requested.emit(self.columns[column].key, order == Qt.SortOrder.DescendingOrder)
