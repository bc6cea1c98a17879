"""The roster import wizard: file → sheets → header and columns → every row's fate → import.

All reading, analysing and writing runs on the worker (models.roster_import.service); the
pages show a busy bar meanwhile and never wait. Nothing is written before the user presses
"Nhập vào cơ sở dữ liệu" on the preview page, and then in one transaction. Possible
duplicates are never merged silently: each keeps "Giữ lại chờ xác nhận" until the user
decides otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.errors import message_for
from desktop.i18n import N_, _
from desktop.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QBrush,
    QColor,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
    Signal,
)
from desktop.settings import settings
from desktop.tasks import TaskRunner
from models.db import Database
from models.roster_import.errors import RosterImportError
from models.roster_import.headers import LABELS, Field
from models.roster_import.read import RawSheet, column_index, column_letter, read_file
from models.roster_import.service import (
    Decision,
    ImportOptions,
    ImportPreview,
    ImportResult,
    RowPlan,
    RowRef,
    apply_import,
    plan_sheets,
)
from models.text.vntext import repair_text

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

# A column no roster reaches (Excel's last): mapping a field there takes it off the sheet,
# which ImportOptions cannot say otherwise.
NO_COLUMN = "XFD"
SETTINGS_FOLDER = "paths/import"
FILE_FILTER = N_("Bảng tính (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt);;Mọi tệp (*)")


def sentence(text: str) -> str:
    """A service message ("không tìm thấy tệp x.xlsx") as a sentence for a label."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def error_text(exc: BaseException) -> str:
    """Known errors (RosterImportError and the other ValueErrors) say what went wrong;
    anything else is logged and described without a traceback."""
    if isinstance(exc, ValueError):
        return sentence(str(exc))
    return message_for(exc)


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


# --- shared bits ---------------------------------------------------------------------------


class StatusLine(QWidget):
    """A busy bar with what is happening, or an error sentence, or a plain note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.label, 1)
        self.clear()

    def busy(self, text: str) -> None:
        self.bar.show()
        self.label.setStyleSheet("")
        self.label.setText(text)
        self.show()

    def error(self, text: str) -> None:
        self.bar.hide()
        self.label.setStyleSheet("color: #b00020;")
        self.label.setText(text)
        self.show()

    def note(self, text: str) -> None:
        self.bar.hide()
        self.label.setStyleSheet("")
        self.label.setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.note("")

    @property
    def is_busy(self) -> bool:
        return not self.bar.isHidden()


def _help(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


# --- pages ---------------------------------------------------------------------------------


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Chọn tệp danh sách"))
        self.setSubTitle(
            _(
                "Tệp Excel (.xlsx, .xls), LibreOffice (.ods) hoặc .csv do xã, bản gửi lên. "
                "Chữ TCVN3 (.VnTime) và VNI được tự chuyển sang Unicode."
            )
        )
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(_("Đường dẫn tới tệp danh sách"))
        self.browse_button = QPushButton(_("Chọn tệp…"))
        self.browse_button.clicked.connect(self.browse)
        self.path_edit.textChanged.connect(lambda _t: self.completeChanged.emit())
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.activity_combo = QComboBox()
        self.activity_combo.addItem(_("(không ghi danh vào lớp nào)"), None)
        for activity_id, label in wizard.activities:
            self.activity_combo.addItem(label, activity_id)
        found = self.activity_combo.findData(wizard.activity_id)
        self.activity_combo.setCurrentIndex(max(found, 0))
        self.activity_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.activity_combo.setMinimumContentsLength(40)
        self.activity_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(_("Tệp:"), row)
        form.addRow(_("Ghi danh vào lớp:"), self.activity_combo)
        self.status = StatusLine()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            _help(
                _(
                    "Người đã có trong cơ sở dữ liệu (cùng số CCCD) không bị tạo lại; nếu chọn "
                    "lớp, mọi người trong danh sách được ghi danh vào lớp đó."
                )
            )
        )
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.dialog: QFileDialog | None = None

    def browse(self) -> None:
        folder = str(settings().value(SETTINGS_FOLDER, "") or "")
        current = self.path_edit.text().strip()
        if current and Path(current).parent.is_dir():
            folder = str(Path(current).parent)
        dialog = QFileDialog(self, _("Chọn tệp danh sách"), folder, _(FILE_FILTER))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self._chosen)
        self.dialog = dialog
        dialog.open()

    def _chosen(self, path: str) -> None:
        if path:
            self.path_edit.setText(path)
            settings().setValue(SETTINGS_FOLDER, str(Path(path).parent))

    def path(self) -> Path | None:
        text = self.path_edit.text().strip().strip('"')
        return Path(text) if text else None

    def activity_id(self) -> int | None:
        value = self.activity_combo.currentData()
        return int(value) if value is not None else None

    def isComplete(self) -> bool:
        return self.path() is not None and not self.status.is_busy

    def validatePage(self) -> bool:
        path = self.path()
        if path is None or self.status.is_busy:
            return False
        if self.owner.loaded_path == path and self.owner.raw_sheets:
            return True
        self.status.busy(_("Đang đọc và phân tích tệp {name}…").format(name=path.name))
        self.completeChanged.emit()
        self.owner.read(path, self._read, self._failed)
        return False

    def _read(self) -> None:
        self.status.clear()
        self.completeChanged.emit()
        if self.owner.loaded_path is not None:
            settings().setValue(SETTINGS_FOLDER, str(self.owner.loaded_path.parent))
        self.owner.next()

    def _failed(self, message: str) -> None:
        self.status.error(message)
        self.completeChanged.emit()


class SheetsPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Chọn trang tính"))
        self.setSubTitle(
            _("Đánh dấu các trang tính có danh sách người. Trang không có dòng tiêu đề bị bỏ.")
        )
        self.list = QListWidget()
        self.list.itemChanged.connect(lambda _item: self.completeChanged.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)

    def initializePage(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        analysis = self.owner.analysis
        for sheet in self.owner.raw_sheets:
            found = analysis.sheets if analysis else ()
            info = next((s for s in found if s.name == sheet.name), None)
            if info is not None and info.header_rows:
                rows = "–".join(str(r) for r in (info.header_rows[0], info.header_rows[-1]))
                if len(info.header_rows) == 1:
                    rows = str(info.header_rows[0])
                text = _("{name} — {n} dòng dữ liệu (tiêu đề ở dòng {rows})").format(
                    name=sheet.name, n=info.rows_read, rows=rows
                )
                checked = True
            else:
                text = _("{name} — {n} dòng, không thấy dòng tiêu đề «Họ và tên»").format(
                    name=sheet.name, n=_filled_rows(sheet)
                )
                checked = analysis is None  # nothing detected anywhere: let the user choose
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, sheet.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.completeChanged.emit()

    def chosen(self) -> list[str]:
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.list.item(i) for i in range(self.list.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_chosen(self, names: Sequence[str]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            wanted = item.data(Qt.ItemDataRole.UserRole) in names
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def isComplete(self) -> bool:
        return bool(self.chosen())


def _filled_rows(sheet: RawSheet) -> int:
    return sum(1 for row in sheet.rows if any(v not in (None, "") for v in row))


FIELDS: tuple[Field, ...] = tuple(LABELS)


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Dòng tiêu đề và các cột"))
        self.setSubTitle(
            _(
                "Chương trình đã tìm dòng tiêu đề và đoán mỗi cột chứa gì. Nếu đoán sai, "
                "chọn lại cột; danh sách được phân tích lại ngay."
            )
        )
        self.sheet_combo = QComboBox()
        self.sheet_combo.currentIndexChanged.connect(lambda _i: self.show_sheet())
        self.detected = QLabel()
        self.header_spin = QSpinBox()
        self.header_spin.setRange(0, 40)
        self.header_spin.setSpecialValueText(_("tự tìm"))
        self.header_spin.setMinimumWidth(
            self.header_spin.fontMetrics().horizontalAdvance("tự tìm") + 48
        )
        self.header_spin.setToolTip(_("Số thứ tự dòng tiêu đề trong bảng tính; 0 là tự tìm"))
        self.header_spin.valueChanged.connect(lambda _v: self._changed())
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Trang tính:")))
        top.addWidget(self.sheet_combo, 1)
        top.addSpacing(12)
        top.addWidget(self.detected)
        top.addSpacing(12)
        top.addWidget(QLabel(_("Dòng tiêu đề:")))
        top.addWidget(self.header_spin)
        self.table = QTableWidget(len(FIELDS), 2)
        self.table.setHorizontalHeaderLabels([_("Thông tin"), _("Lấy từ cột")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().resizeSection(0, 200)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.combos: dict[Field, QComboBox] = {}
        for row, field in enumerate(FIELDS):
            item = QTableWidgetItem(_(LABELS[field]))
            self.table.setItem(row, 0, item)
            combo = QComboBox()
            combo.currentIndexChanged.connect(lambda _i, f=field: self._column_chosen(f))
            self.table.setCellWidget(row, 1, combo)
            self.combos[field] = combo
        self.note = _help(_("Chọn cột hoặc dòng tiêu đề áp dụng cho mọi trang tính đã chọn."))
        self.status = StatusLine()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(350)
        self._timer.timeout.connect(self.replan)
        self._filling = False
        self.problem = ""

    def initializePage(self) -> None:
        self._filling = True
        self.sheet_combo.clear()
        self.sheet_combo.addItems(self.owner.sheets_page.chosen())
        self.header_spin.setValue(self.owner.header_row or 0)
        self._filling = False
        self.replan()

    def replan(self) -> None:
        self._timer.stop()
        self.status.busy(_("Đang phân tích danh sách…"))
        self.completeChanged.emit()
        self.owner.replan(self._planned, self._failed)

    def _planned(self) -> None:
        self.show_sheet()
        preview = self.owner.preview
        assert preview is not None
        self.problem = ""
        unmapped = all(
            s.columns.get(Field.FULL_NAME.value, NO_COLUMN) == NO_COLUMN
            and s.columns.get(Field.GIVEN_NAME.value, NO_COLUMN) == NO_COLUMN
            for s in preview.sheets
            if s.header_rows
        )
        if unmapped:
            self.problem = _("Cần chọn cột «Họ và tên».")
            self.status.error(self.problem)
        else:
            self.status.note(
                _(
                    "{people} dòng người, {skipped} dòng khác (tổng cộng, chữ ký…) sẽ bỏ qua."
                ).format(people=preview.person_rows, skipped=len(preview.skipped))
            )
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        self.status.error(message)
        self.completeChanged.emit()

    def show_sheet(self) -> None:
        preview = self.owner.preview
        name = self.sheet_combo.currentText()
        info = next((s for s in preview.sheets if s.name == name), None) if preview else None
        self._filling = True
        if info is None or not info.header_rows:
            self.detected.setText(_("Không thấy dòng tiêu đề"))
        else:
            self.detected.setText(
                _("Tiêu đề tìm thấy ở dòng {rows}").format(
                    rows="–".join(
                        str(r) for r in sorted({info.header_rows[0], info.header_rows[-1]})
                    )
                )
            )
        headings = info.headings if info else ()
        columns = dict(info.columns) if info else {}
        for field, combo in self.combos.items():
            combo.clear()
            combo.addItem(_("(không có)"), "")
            for col, heading in enumerate(headings):
                letter = column_letter(col)
                combo.addItem(f"{letter} — {heading}" if heading else letter, letter)
            letter = columns.get(field.value, "")
            if letter and letter != NO_COLUMN and combo.findData(letter) < 0:
                combo.addItem(letter, letter)
            combo.setCurrentIndex(max(combo.findData(letter if letter != NO_COLUMN else ""), 0))
            combo.setEnabled(bool(headings))
        self._filling = False

    def _column_chosen(self, field: Field) -> None:
        if self._filling:
            return
        letter = self.combos[field].currentData() or ""
        preview = self.owner.preview
        mapped = any(
            s.columns.get(field.value, NO_COLUMN) != NO_COLUMN
            for s in (preview.sheets if preview else ())
        )
        if letter:
            self.owner.mapping[field.value] = letter
        elif mapped:
            self.owner.mapping[field.value] = NO_COLUMN
        else:
            self.owner.mapping.pop(field.value, None)
        self._changed()

    def _changed(self) -> None:
        if self._filling:
            return
        self.owner.header_row = self.header_spin.value() or None
        self.status.busy(_("Đang phân tích danh sách…"))
        self.completeChanged.emit()
        self._timer.start()

    def isComplete(self) -> bool:
        return (
            self.owner.preview is not None
            and not self.status.is_busy
            and not self._timer.isActive()
            and not self.owner.plan_error
            and not self.problem
        )


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Kết quả từng dòng"))
        self.setSubTitle(
            _(
                "Chưa có gì được ghi. Xem lại từng dòng; với dòng «cần xác nhận», chọn là cùng "
                "người hay người khác, rồi bấm «Nhập vào cơ sở dữ liệu»."
            )
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Nhập vào cơ sở dữ liệu"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.filter = QComboBox()
        self.filter.currentIndexChanged.connect(self._filter)
        self.model = PreviewModel(self)
        self.model.decisions_changed.connect(self._update_summary)
        self.view = self._table()
        self.hold_button = QPushButton(_(DECISION_LABELS["hold"]))
        self.merge_button = QPushButton(_(DECISION_LABELS["merge"]))
        self.new_button = QPushButton(_(DECISION_LABELS["new"]))
        for button, decision in (
            (self.hold_button, "hold"),
            (self.merge_button, "merge"),
            (self.new_button, "new"),
        ):
            button.clicked.connect(lambda _c=False, d=decision: self.decide_selected(d))
        show = QHBoxLayout()
        show.addWidget(QLabel(_("Hiện:")))
        show.addWidget(self.filter)
        show.addStretch(1)
        show.addWidget(QLabel(_("Dòng đang chọn:")))
        show.addWidget(self.hold_button)
        show.addWidget(self.merge_button)
        show.addWidget(self.new_button)
        self.row_detail = QLabel()
        self.row_detail.setWordWrap(True)
        self.row_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.row_detail.setMinimumHeight(self.fontMetrics().lineSpacing() * 2)
        self.row_detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.view.selectionModel().currentRowChanged.connect(self._show_row)
        self.status = StatusLine()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details)
        layout.addLayout(show)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.row_detail)
        layout.addWidget(self.status)

    def initializePage(self) -> None:
        self.model.set_lines(self.owner.lines)
        self.filter.blockSignals(True)
        self.filter.clear()
        for kind, label in FILTERS:
            if kind == "all":
                count = len(self.model.lines)
            elif kind == "warnings":
                count = sum(1 for line in self.model.lines if line.warnings)
            else:
                count = sum(1 for line in self.model.lines if line.fate == kind)
            if kind == "all" or count:
                self.filter.addItem(f"{_(label)} ({count})", kind)
        self.filter.setCurrentIndex(0)
        self.filter.blockSignals(False)
        self.model.set_filter("all")
        self._show_row(QModelIndex(), QModelIndex())
        self.status.clear()
        self._update_summary()
        self._details()

    def _table(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        self.model.modelReset.connect(self._open_editors)  # after the view's own reset
        view.setItemDelegateForColumn(PreviewModel.DECISION, DecisionDelegate(view))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        view.setWordWrap(False)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(28)
        header = view.horizontalHeader()
        for column, width in enumerate((100, 46, 160, 120, 200)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        return view

    def _show_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.row_detail.setText(_("Chọn một dòng để xem đầy đủ lý do."))
            return
        line = self.model.line(current.row())
        look = FATES[line.fate]
        parts = [f"«{line.sheet}», " + _("dòng") + f" {line.row}: {look.glyph} {_(look.label)}"]
        if line.reason:
            parts.append(line.reason)
        if line.warnings:
            parts.append(f"⚠ {line.warnings}")
        self.row_detail.setText(" — ".join(parts))

    def _filter(self) -> None:
        self.model.set_filter(str(self.filter.currentData() or "all"))

    def _open_editors(self) -> None:
        for view_row, i in enumerate(self.model.shown):
            if self.model.lines[i].fate == "possible_duplicate":
                self.view.openPersistentEditor(self.model.index(view_row, PreviewModel.DECISION))

    def decide_selected(self, decision: Decision) -> None:
        rows = {index.row() for index in self.view.selectionModel().selectedRows()}
        for row in sorted(rows):
            self.model.decide(self.model.line(row).ref, decision)
        self._open_editors()  # the combos show the new choice

    def counts(self) -> tuple[int, int, int, int, int]:
        """(imported, duplicates, held, rejected, skipped) with the current decisions."""
        preview = self.owner.preview
        assert preview is not None
        chosen = list(self.model.decisions.values())
        return (
            preview.count("new") + chosen.count("new"),
            preview.count("duplicate") + chosen.count("merge"),
            chosen.count("hold"),
            preview.count("rejected"),
            len(preview.skipped),
        )

    def _update_summary(self) -> None:
        if self.owner.preview is None:
            return
        new, dup, held, rejected, skipped = self.counts()
        total = new + dup + held + rejected
        self.summary.setText(
            "<b>"
            + _(
                "Nhập mới {new}, trùng {dup}, cần xác nhận {held}, từ chối {rejected}, "
                "bỏ qua {skipped} dòng không phải người: {new} + {dup} + {held} + {rejected} "
                "= {total}"
            ).format(new=new, dup=dup, held=held, rejected=rejected, skipped=skipped, total=total)
            + "</b>"
        )

    def _details(self) -> None:
        preview = self.owner.preview
        assert preview is not None
        parts = []
        if preview.repaired:
            fixed = ", ".join(
                f"{_(REPAIR_LABELS.get(kind, kind))} ({n})" for kind, n in preview.repaired.items()
            )
            parts.append(_("Đã tự sửa (số ô): {fixed}.").format(fixed=fixed))
        for warning in preview.sheet_warnings:
            parts.append(f"⚠ «{warning.sheet}»: {warning.message}.")
        row_warnings = sum(1 for line in self.model.lines if line.warnings)
        if row_warnings:
            parts.append(
                _("{n} dòng có cảnh báo (xem cột Lý do, cảnh báo).").format(n=row_warnings)
            )
        self.details.setText("\n".join(parts))
        self.details.setVisible(bool(parts))

    def isComplete(self) -> bool:
        return self.owner.preview is not None and not self.status.is_busy

    def validatePage(self) -> bool:
        if self.owner.outcome is not None:
            return True
        if self.status.is_busy:
            return False
        self.status.busy(_("Đang ghi vào cơ sở dữ liệu…"))
        self.completeChanged.emit()
        self.owner.apply(dict(self.model.decisions), self._applied, self._failed)
        return False

    def _applied(self) -> None:
        self.status.clear()
        self.completeChanged.emit()
        self.owner.next()

    def _failed(self, message: str) -> None:
        self.status.error(message)
        self.completeChanged.emit()


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Đã nhập danh sách"))
        self.setSubTitle(_("Danh sách đã được ghi vào cơ sở dữ liệu."))
        self.setFinalPage(True)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(_("Lưu báo cáo dòng lỗi…"))
        self.save_button.clicked.connect(self.choose_report_path)
        self.save_hint = _help(
            _(
                "Báo cáo (.xlsx) giữ nguyên các ô gốc của những dòng bị từ chối hoặc còn chờ "
                "xác nhận, kèm lý do, để gửi lại cho xã sửa."
            )
        )
        self.status = StatusLine()
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.result_label)
        layout.addSpacing(8)
        layout.addWidget(self.save_hint)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.dialog: QFileDialog | None = None
        self.saved: Path | None = None

    def initializePage(self) -> None:
        result = self.owner.outcome
        assert result is not None
        lines = [
            _("Đã nhập {n} người mới.").format(n=result.imported),
            _("{n} dòng trùng với người đã có hoặc dòng trước: không tạo người mới.").format(
                n=result.duplicates
            ),
        ]
        if result.activity_id is not None:
            lines.append(
                _("Đã ghi danh thêm {n} người vào lớp {activity}.").format(
                    n=result.enrolled, activity=self.owner.activity_label(result.activity_id)
                )
            )
        if result.possible_duplicates:
            lines.append(
                _("{n} dòng còn chờ xác nhận (chưa nhập).").format(n=result.possible_duplicates)
            )
        if result.rejected:
            lines.append(_("{n} dòng bị từ chối (chưa nhập).").format(n=result.rejected))
        self.result_label.setText("\n".join(lines))
        has_report = bool(result.rejected or result.possible_duplicates)
        self.save_button.setVisible(has_report)
        self.save_hint.setVisible(has_report)
        self.status.clear()

    def choose_report_path(self) -> None:
        source = self.owner.loaded_path
        folder = source.parent if source else Path(str(settings().value(SETTINGS_FOLDER, "")))
        stem = source.stem if source else "danh-sach"
        suggested = str(folder / f"{stem} - dòng lỗi.xlsx")
        dialog = QFileDialog(self, _("Lưu báo cáo dòng lỗi"), suggested, _("Bảng tính (*.xlsx)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("xlsx")
        dialog.selectFile(suggested)
        dialog.fileSelected.connect(lambda path: self.save_rejects(Path(path)) if path else None)
        self.dialog = dialog
        dialog.open()

    def save_rejects(self, path: Path) -> None:
        self.status.busy(_("Đang lưu báo cáo…"))
        self.save_button.setEnabled(False)
        self.owner.save_rejects(path, self._saved, self._failed)

    def _saved(self, path: Path) -> None:
        self.saved = path
        self.save_button.setEnabled(True)
        self.status.note(_("Đã lưu báo cáo: {path}").format(path=path))

    def _failed(self, message: str) -> None:
        self.save_button.setEnabled(True)
        self.status.error(message)


# --- the wizard ----------------------------------------------------------------------------


class ImportWizard(QWizard):
    """imported(n) is emitted after a successful import that wrote anything: n new people
    (0 when the rows only enrolled people already known)."""

    imported = Signal(int)

    def __init__(
        self,
        runner: TaskRunner,
        db: Database,
        activities: Sequence[tuple[int, str]] = (),
        activity_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db = db
        self.activities = list(activities)
        self.activity_id = activity_id
        self.loaded_path: Path | None = None
        self.raw_sheets: list[RawSheet] = []
        self.analysis: ImportPreview | None = None
        self.sheet_names: list[str] = []
        self.mapping: dict[str, str] = {}
        self.header_row: int | None = None
        self.preview: ImportPreview | None = None
        self.lines: list[Line] = []
        self.plan_error = ""
        self.outcome: ImportResult | None = None
        self.writing = False
        self._closed = False

        self.setWindowTitle(_("Nhập danh sách học viên"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.file_page = FilePage(self)
        self.sheets_page = SheetsPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.done_page = DonePage(self)
        for page in (
            self.file_page,
            self.sheets_page,
            self.mapping_page,
            self.preview_page,
            self.done_page,
        ):
            self.addPage(page)
        self.resize(1040, 700)

    # --- work on the worker --------------------------------------------------------------
    def _run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[str], None],
    ) -> None:

        def landed(result: Any) -> None:
            if not self._closed:
                done(result)

        def broke(exc: BaseException) -> None:
            if not self._closed:
                failed(error_text(exc))

        self.runner.latest(id(self), work, landed, broke)

    def read(self, path: Path, done: Callable[[], None], failed: Callable[[str], None]) -> None:
        """Read the file and analyse every sheet (what the sheets page shows)."""
        db = self.db

        def work() -> tuple[list[RawSheet], ImportPreview | None]:
            sheets = read_file(path)  # an unreadable file stops here, on the file page
            try:
                with db.read() as s:
                    return sheets, plan_sheets(s, sheets, source=path.name)
            except RosterImportError:
                return sheets, None  # no header found etc.: the columns page can fix it

        def landed(result: tuple[list[RawSheet], ImportPreview | None]) -> None:
            self.raw_sheets, self.analysis = result
            self.loaded_path = path
            self.mapping.clear()
            self.header_row = None
            self.preview = None
            done()

        self._run(work, landed, failed)

    def replan(self, done: Callable[[], None], failed: Callable[[str], None]) -> None:
        """Analyse the chosen sheets with the chosen header row and columns."""
        db = self.db
        names = self.sheets_page.chosen()
        self.sheet_names = names
        sheets = [s for s in self.raw_sheets if s.name in names]
        options = ImportOptions(
            sheets=tuple(names), mapping=dict(self.mapping), header_row=self.header_row
        )
        source = self.loaded_path.name if self.loaded_path else ""

        def work() -> tuple[ImportPreview, list[Line]]:
            with db.read() as s:
                preview = plan_sheets(s, sheets, options, source=source)
            return preview, preview_lines(preview)

        def landed(result: tuple[ImportPreview, list[Line]]) -> None:
            self.preview, self.lines = result
            self.plan_error = ""
            done()

        def broke(message: str) -> None:
            self.plan_error = message
            failed(message)

        self.plan_error = ""
        self._run(work, landed, broke)

    def apply(
        self,
        decisions: dict[RowRef, Decision],
        done: Callable[[], None],
        failed: Callable[[str], None],
    ) -> None:
        """Write the preview in one transaction with the user's decisions."""
        db, preview = self.db, self.preview
        assert preview is not None
        activity_id = self.file_page.activity_id()

        def work() -> ImportResult:
            with db.write() as s:
                return apply_import(s, preview, decisions, activity_id=activity_id)

        def landed(result: ImportResult) -> None:
            self.writing = False
            self.outcome = result
            self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
            if result.created_ids or result.enrolled:
                self.imported.emit(len(result.created_ids))
            done()

        def broke(message: str) -> None:
            self.writing = False
            self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
            failed(message)

        self.writing = True
        self.button(QWizard.WizardButton.CancelButton).setEnabled(False)
        self._run(work, landed, broke)

    def save_rejects(
        self, path: Path, done: Callable[[Path], None], failed: Callable[[str], None]
    ) -> None:
        result = self.outcome
        assert result is not None
        report = result.rejects_report()

        def work() -> Path:
            from reports.rejects import write_rejects

            return write_rejects(report, path)

        self._run(work, done, failed)

    def activity_label(self, activity_id: int) -> str:
        return next((label for aid, label in self.activities if aid == activity_id), "")

    # --- closing ---------------------------------------------------------------------------
    def reject(self) -> None:
        """Cancel: nothing is written (an import already running finishes first)."""
        if self.writing:
            return
        self._closed = True
        super().reject()

    def accept(self) -> None:
        self._closed = True
        super().accept()
