"""The wizard's first pages: the file, the sheets to read, the header row and the columns.

Each page asks the wizard to read or analyse on the worker and shows a busy line meanwhile;
a page is complete only when what it needs has arrived.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop.i18n import N_, _, ngettext
from desktop.importer.host import ImportHost
from desktop.qt import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)
from desktop.settings import settings
from models.roster_import.headers import LABELS, Field
from models.roster_import.read import RawSheet, column_letter

# A column no roster reaches (Excel's last): mapping a field there takes it off the sheet,
# which ImportOptions cannot say otherwise.
NO_COLUMN = "XFD"
SETTINGS_FOLDER = "paths/import"
FILE_FILTER = N_("Bảng tính (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt);;Mọi tệp (*)")


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


def help_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


# --- pages ---------------------------------------------------------------------------------


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportHost) -> None:
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
            help_label(
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
    def __init__(self, wizard: ImportHost) -> None:
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
                text = ngettext(
                    "{name} — {n} dòng có nội dung (tiêu đề ở dòng {rows})",
                    "{name} — {n} dòng có nội dung (tiêu đề ở dòng {rows})",
                    info.rows_read,
                ).format(name=sheet.name, n=info.rows_read, rows=rows)
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
    def __init__(self, wizard: ImportHost) -> None:
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
        self.note = help_label(_("Chọn cột hoặc dòng tiêu đề áp dụng cho mọi trang tính đã chọn."))
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
        self.sheet_combo.addItems(self.owner.chosen_sheets())
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
