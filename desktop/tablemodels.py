"""Item models over plain data from models/; the big ones hold ids and fetch rows lazily."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.i18n import N_, _, money, tr
from desktop.qt import (
    QAbstractTableModel,
    QColor,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from desktop.records import Column, RecordsModel
from models.capacity import capacity_line
from models.people.queries import PersonRow
from models.planning.catalog import ActivitySummary, PlanSummary

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

KIND_LABEL = {
    "training": N_("Lớp tập huấn"),
    "conference": N_("Hội nghị"),
    "outreach": N_("Buổi truyền thông"),
}


def _archived(code: str, archived: bool) -> str:
    return _("{code} (lưu trữ)").format(code=code) if archived else code


def _shade(row: PlanSummary | ActivitySummary) -> QColor | None:
    """Archived rows greyed; a class over its venue's capacity in amber."""
    if row.archived:
        return QColor("#e6e6e6")
    if isinstance(row, ActivitySummary) and row.capacity is not None:
        return QColor("#ffe9c2") if row.enrolled > row.capacity else None
    return None


def _seats(a: ActivitySummary) -> str:
    return f"{a.enrolled}/{a.capacity}" if a.capacity is not None else str(a.enrolled)


class PlansModel(RecordsModel):
    COLUMNS = (
        Column("Mã", lambda p: _archived(p.code, p.archived)),
        Column("Kế hoạch", lambda p: p.title, tooltip=lambda p: f"{p.title}\n{tr(p.decision)}"),
        Column("Kinh phí (đồng)", lambda p: money(p.ceiling), numeric=True),
        Column("Số người", lambda p: p.enrolled, numeric=True),
    )

    def __init__(self) -> None:
        super().__init__(self.COLUMNS, background=_shade)

    @property
    def plans(self) -> list[PlanSummary]:
        return self.rows

    def set_plans(self, plans: Sequence[PlanSummary]) -> None:
        self.set_rows(plans)


class ActivitiesModel(RecordsModel):
    COLUMNS = (
        Column("Mã", lambda a: _archived(a.code, a.archived)),
        Column("Loại", lambda a: _(KIND_LABEL.get(a.kind, a.kind))),
        Column("Tên lớp / sự kiện", lambda a: a.title),
        Column("Từ ngày", lambda a: f"{a.start:%d/%m/%Y}"),
        Column("Đến ngày", lambda a: f"{a.end:%d/%m/%Y}"),
        Column("Địa điểm", lambda a: a.venue),
        Column(
            "Số người",
            _seats,
            numeric=True,
            tooltip=lambda a: (
                tr(capacity_line(a.enrolled, a.capacity, a.capacity_note))
                or _("Địa điểm chưa ghi sức chứa")
            ),
        ),
        Column("Số buổi", lambda a: a.sessions, numeric=True),
    )

    def __init__(self) -> None:
        super().__init__(self.COLUMNS, background=_shade)

    @property
    def activities(self) -> list[ActivitySummary]:
        return self.rows

    def set_activities(self, activities: Sequence[ActivitySummary]) -> None:
        self.set_rows(activities)


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
