"""The import preview as a table: every row of the file with its fate, and the decisions.

A row is new, a duplicate merged into someone known, a possible duplicate held until the
user decides (never merged silently), rejected with its reasons, or skipped with its kind.
The model only shows the core's preview (models.roster_import); it decides nothing itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop.i18n import N_, _
from desktop.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QComboBox,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QWidget,
    Signal,
)
from models.roster_import.headers import Field
from models.roster_import.outcome import Decision, ImportPreview, RowPlan, RowRef
from models.roster_import.read import column_index
from models.text.vntext import repair_text

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


# --- the rows of the preview ---------------------------------------------------------------


@dataclass(frozen=True)
class FateLook:
    glyph: str
    label: str
    background: str  # light tints: black text stays readable on every one


FATES: dict[str, FateLook] = {
    "new": FateLook("✓", N_("Nhập mới"), "#dff0e0"),
    "duplicate": FateLook("=", N_("Trùng (gộp)"), "#dde8f6"),
    "possible_duplicate": FateLook("?", N_("Cần xác nhận"), "#ffefbf"),
    "rejected": FateLook("✗", N_("Từ chối"), "#f9d9d9"),
    "skipped": FateLook("–", N_("Bỏ qua"), "#ececec"),
}
DECISION_LABELS: dict[str, str] = {
    "hold": N_("Giữ lại chờ xác nhận"),
    "merge": N_("Là cùng người (gộp)"),
    "new": N_("Là người khác (nhập mới)"),
}
SKIP_LABELS: dict[str, str] = {
    "numbering": N_("dòng đánh số cột"),
    "total": N_("dòng tổng cộng"),
    "subtotal": N_("dòng cộng"),
    "signature": N_("phần ký tên, ngày tháng"),
    "header": N_("dòng tiêu đề lặp lại"),
    "section": N_("dòng tên mục"),
    "note": N_("dòng ghi chú"),
    "numbered_blank": N_("dòng chỉ có số thứ tự"),
    "title": N_("dòng trên dòng tiêu đề (tên đơn vị, tên danh sách)"),
}
REPAIR_LABELS: dict[str, str] = {
    "tcvn3": N_("chuyển mã TCVN3"),
    "vni": N_("chuyển mã VNI"),
    "nfd": N_("chuẩn hóa Unicode"),
    "spaces": N_("bỏ khoảng trắng thừa"),
    "case": N_("sửa chữ hoa"),
    "cccd_leading_zero": N_("thêm số 0 đầu CCCD"),
    "phone_prefix": N_("đổi +84 thành 0"),
    "phone_leading_zero": N_("thêm số 0 đầu số điện thoại"),
}


@dataclass(frozen=True)
class Line:
    """One row of the file as the preview shows it."""

    sheet: str
    row: int
    name: str
    fate: str  # a Fate or "skipped"
    reason: str
    warnings: str
    ref: RowRef


def _name_from_cells(plan: RowPlan, column: str | None) -> str:
    index = column_index(column) if column else None
    if index is None or index >= len(plan.cells):
        return ""
    value = plan.cells[index]
    return repair_text(str(value), is_name=True).text if value not in (None, "") else ""


def preview_lines(preview: ImportPreview) -> list[Line]:
    """Person rows and skipped rows, in file order (built on the worker)."""
    name_columns = {s.name: s.columns.get(Field.FULL_NAME.value) for s in preview.sheets}
    order = {s.name: i for i, s in enumerate(preview.sheets)}
    lines: list[Line] = []
    for plan in preview.rows:
        name = plan.person.full_name if plan.person else ""
        if not name:
            name = _name_from_cells(plan, name_columns.get(plan.ref.sheet))
        warnings = "; ".join(
            f"cột {w.column}: {w.message}" if w.column else w.message for w in plan.warnings
        )
        lines.append(
            Line(plan.ref.sheet, plan.ref.row, name, plan.fate, plan.reason, warnings, plan.ref)
        )
    for skipped in preview.skipped:
        reason = f"{_(SKIP_LABELS.get(skipped.kind, skipped.kind))}: «{skipped.text}»"
        ref = RowRef(skipped.sheet, skipped.row)
        lines.append(Line(skipped.sheet, skipped.row, "", "skipped", reason, "", ref))
    lines.sort(key=lambda line: (order.get(line.sheet, 0), line.row))
    return lines


_TINTED = (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole)

FILTERS: tuple[tuple[str, str], ...] = (
    ("all", N_("Mọi dòng")),
    ("possible_duplicate", N_("Cần xác nhận")),
    ("rejected", N_("Từ chối")),
    ("duplicate", N_("Trùng (gộp)")),
    ("new", N_("Nhập mới")),
    ("skipped", N_("Bỏ qua")),
    ("warnings", N_("Có cảnh báo")),
)


class PreviewModel(QAbstractTableModel):
    """Every row's fate, filtered in Python (no proxy); decisions for possible duplicates."""

    SHEET, ROW, NAME, FATE, DECISION, REASON = range(6)
    HEADERS = (
        N_("Trang tính"),
        N_("Dòng"),
        N_("Họ và tên"),
        N_("Kết quả"),
        N_("Quyết định"),
        N_("Lý do, cảnh báo"),
    )
    decisions_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines: list[Line] = []
        self.shown: list[int] = []
        self.decisions: dict[RowRef, Decision] = {}
        self.kind = "all"

    def set_lines(self, lines: Sequence[Line]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        possible = {line.ref for line in self.lines if line.fate == "possible_duplicate"}
        kept = {ref: d for ref, d in self.decisions.items() if ref in possible}
        self.decisions = {ref: kept.get(ref, "hold") for ref in possible}
        self._refilter()
        self.endResetModel()

    def set_filter(self, kind: str) -> None:
        self.beginResetModel()
        self.kind = kind
        self._refilter()
        self.endResetModel()

    def _refilter(self) -> None:
        kind = self.kind
        if kind == "all":
            self.shown = list(range(len(self.lines)))
        elif kind == "warnings":
            self.shown = [i for i, line in enumerate(self.lines) if line.warnings]
        else:
            self.shown = [i for i, line in enumerate(self.lines) if line.fate == kind]

    def line(self, row: int) -> Line:
        return self.lines[self.shown[row]]

    def find(self, sheet: str, row: int) -> int | None:
        """The view row showing that file row (None when filtered out)."""
        for view_row, i in enumerate(self.shown):
            line = self.lines[i]
            if line.sheet == sheet and line.row == row:
                return view_row
        return None

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.line(index.row())
        column = index.column()
        value: Any = None
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._text(line, column)
        elif role == Qt.ItemDataRole.EditRole and column == self.DECISION:
            value = self.decisions.get(line.ref, "")
        elif role == Qt.ItemDataRole.ToolTipRole:
            if column == self.REASON:
                value = "\n".join(t for t in (line.reason, line.warnings) if t) or None
            else:
                value = self._text(line, column) or None
        elif role in _TINTED and (
            column == self.FATE or (column == self.DECISION and line.ref in self.decisions)
        ):
            # a light tint under near-black text: readable in light and dark themes alike
            background = role == Qt.ItemDataRole.BackgroundRole
            value = QBrush(QColor(FATES[line.fate].background if background else "#1a1a1a"))
        elif role == Qt.ItemDataRole.TextAlignmentRole:
            right = column == self.ROW
            align = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            value = int(align | Qt.AlignmentFlag.AlignVCenter)
        return value

    def _text(self, line: Line, column: int) -> str:
        if column == self.SHEET:
            return line.sheet
        if column == self.ROW:
            return str(line.row)
        if column == self.NAME:
            return line.name
        if column == self.FATE:
            look = FATES[line.fate]
            return f"{look.glyph} {_(look.label)}"
        if column == self.DECISION:
            decision = self.decisions.get(line.ref)
            return _(DECISION_LABELS[decision]) if decision else ""
        text = line.reason
        if line.warnings:
            text = f"{text}; ⚠ {line.warnings}" if text else f"⚠ {line.warnings}"
        return text

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.DECISION:
            if self.line(index.row()).fate == "possible_duplicate":
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != self.DECISION
            or role != Qt.ItemDataRole.EditRole
        ):
            return False
        line = self.line(index.row())
        if line.fate != "possible_duplicate" or value not in DECISION_LABELS:
            return False
        return self.decide(line.ref, value)

    def decide(self, ref: RowRef, decision: Decision) -> bool:
        if ref not in self.decisions or decision not in DECISION_LABELS:
            return False
        if self.decisions[ref] != decision:
            self.decisions[ref] = decision
            for view_row, i in enumerate(self.shown):
                if self.lines[i].ref == ref:
                    changed = self.index(view_row, self.DECISION)
                    self.dataChanged.emit(changed, changed)
            self.decisions_changed.emit()
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None


class DecisionDelegate(QStyledItemDelegate):
    """A combo box in the decision cell of each possible duplicate."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for decision, label in DECISION_LABELS.items():
            combo.addItem(_(label), decision)
        combo.currentIndexChanged.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            if found >= 0 and found != editor.currentIndex():
                editor.blockSignals(True)
                editor.setCurrentIndex(found)
                editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
