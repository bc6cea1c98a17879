"""A small form builder: fields described as data, one dialog for plans, venues, lecturers…

Values come back as plain Python (str, int, bool, date, an enum member); the dialog never
touches the database: the caller turns the values into a models/ input and runs it on the worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop.i18n import _
from desktop.qt import (
    QCheckBox,
    QComboBox,
    QDate,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFocusEvent,
    QFormLayout,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from desktop.screen_fit import scrolling
from models.text.amounts import AmountError, format_amount, parse_amount


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "text"  # text | long | int | money | bool | date | choice | multi
    required: bool = False
    choices: Sequence[tuple[str, Any]] = ()  # (label, value) for "choice"
    minimum: int = 0
    maximum: int = 10**9
    hint: str = ""


class MoneyEdit(QLineEdit):
    """Whole đồng as users type them (250.000, 250000, 250.000 đ); grouped when left.

    Text the core cannot read exactly (250.000,00, 250k, a minus sign) is refused with a
    sentence when the form is saved (models.text.amounts), never quietly reinterpreted.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("0")
        self._ours = ""  # the text last grouped by this field, not typed by the user
        self.textEdited.connect(self._regroup)
        self.editingFinished.connect(self._regroup)

    def _regroup(self, _text: str = "") -> None:
        # Figures are regrouped as they are typed (1234 -> 1.234, then 1.2345 -> 12.345);
        # a dot or a comma the user typed is kept as typed, so "25.00" is refused on saving
        # rather than read as 2.500.
        text = self.text()
        amount: int | None = None
        try:
            amount = parse_amount(text) if text.strip() else None
        except AmountError:
            digits = text.replace(".", "")
            # Only digits typed into a grouped figure: no dot of the user's own.
            ours = self._ours
            if ours and digits.isdigit() and text.count(".") == ours.count("."):
                amount = int(digits)
        if amount is not None and amount >= 0 and format_amount(amount) != text:
            self.set_value(amount)

    def problem(self, label: str) -> str | None:
        """Why the text is not an amount, or None."""
        if not self.text().strip():
            return None
        try:
            parse_amount(self.text(), label=label)
        except AmountError as exc:
            return str(exc)
        return None

    def value(self) -> int:
        """The amount (0 when empty); AmountError when the text is not one."""
        return parse_amount(self.text()) if self.text().strip() else 0

    def set_value(self, amount: int) -> None:
        self._ours = format_amount(amount)
        self.setText(self._ours)


class DateField(QDateEdit):
    """A dd/mm/yyyy date typed after a click (5/3/2024, 05032024, 05.03.2024) or picked in
    the calendar.

    QDateEdit starts typing in whichever section was clicked, and a "/" typed after a section
    that filled itself jumps a second time (05/03 lands in the year). Here a click or Tab
    selects the day, and a separator only ends a section the user is typing in.
    """

    SEPARATORS = frozenset("/.-")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd/MM/yyyy")
        self._typing = False  # digits typed into the current section since it was entered

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.MouseFocusReason, Qt.FocusReason.TabFocusReason):
            self._start()
            # after the click has placed the cursor
            QTimer.singleShot(0, self._start)

    def _start(self) -> None:
        self._typing = False
        self.setSelectedSection(QDateTimeEdit.Section.DaySection)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text and text in self.SEPARATORS:
            index = self.currentSectionIndex()
            if self._typing and index + 1 < self.sectionCount():
                self.setCurrentSectionIndex(index + 1)
                self.setSelectedSection(self.currentSection())
            self._typing = False
            event.accept()
            return
        section = self.currentSection()
        super().keyPressEvent(event)
        if text.isdigit():
            self._typing = self.currentSection() == section  # False once Qt moved on itself


class CheckList(QListWidget):
    """Several of a list: the values of the checked items, in list order."""

    def __init__(self, choices: Sequence[tuple[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for label, value in choices:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        rows = self.sizeHintForRow(0) * min(len(choices), 6)
        height = max(60, rows + 2 * self.frameWidth() + 4)
        self.setMaximumHeight(height)
        if len(choices) <= 6:  # all of them visible: a crowded form must not squeeze the list
            self.setMinimumHeight(height)

    def value(self) -> list[Any]:
        return [
            self.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.count())
            if self.item(r).checkState() == Qt.CheckState.Checked
        ]

    def set_value(self, values: Sequence[Any]) -> None:
        for r in range(self.count()):
            item = self.item(r)
            checked = item.data(Qt.ItemDataRole.UserRole) in values
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


class FormDialog(QDialog):
    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        values: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.fields = list(fields)
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for f in self.fields:
            widget = self._widget(f)
            self.widgets[f.key] = widget
            label = QLabel(f"{_(f.label)}{' *' if f.required else ''}")
            label.setWordWrap(True)  # a long label wraps; it never widens the dialog
            label.setBuddy(widget)
            form.addRow(label, widget)
            if f.hint:
                hint = QLabel(_(f.hint))
                hint.setWordWrap(True)
                hint.setStyleSheet("color: palette(mid);")
                form.addRow("", hint)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(form), 1)  # a long form scrolls; Lưu and Hủy stay on screen
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        if values:
            self.set_values(values)

    def _widget(self, f: Field) -> QWidget:
        simple: dict[str, type[QWidget]] = {
            "long": QPlainTextEdit,
            "money": MoneyEdit,
            "bool": QCheckBox,
            "text": QLineEdit,
        }
        if f.kind in simple:
            return simple[f.kind]()
        if f.kind == "int":
            spin = QSpinBox()
            spin.setRange(f.minimum, f.maximum)
            return spin
        if f.kind == "multi":
            return CheckList(f.choices)
        if f.kind == "date":
            edit = DateField()
            edit.setDate(QDate.currentDate())
            return edit
        combo = QComboBox()  # "choice"
        # A long choice (a unit's full name) must not widen the dialog past a small screen.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(24)
        for label, value in f.choices:
            combo.addItem(_(label), value)
        return combo

    def set_values(self, values: dict[str, Any]) -> None:
        for key, value in values.items():
            widget = self.widgets.get(key)
            if widget is None or value is None:
                continue
            if isinstance(widget, CheckList):
                widget.set_value(value)
            elif isinstance(widget, MoneyEdit):
                widget.set_value(int(value))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(str(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QDateEdit) and isinstance(value, dt.date):
                widget.setDate(QDate(value.year, value.month, value.day))
            elif isinstance(widget, QComboBox):
                index = widget.findData(value)
                if index >= 0:
                    widget.setCurrentIndex(index)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.widgets.items():
            if isinstance(widget, CheckList):
                out[key] = widget.value()
            elif isinstance(widget, MoneyEdit):
                out[key] = widget.value()
            elif isinstance(widget, QLineEdit):
                out[key] = widget.text().strip()
            elif isinstance(widget, QPlainTextEdit):
                out[key] = widget.toPlainText().strip()
            elif isinstance(widget, QSpinBox):
                out[key] = widget.value()
            elif isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            elif isinstance(widget, QDateEdit):
                out[key] = widget.date().toPython()
            elif isinstance(widget, QComboBox):
                out[key] = widget.currentData()
        return out

    def button_ok(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _check_and_accept(self) -> None:
        wrong = [
            problem
            for f in self.fields
            if isinstance(widget := self.widgets.get(f.key), MoneyEdit)
            and (problem := widget.problem(_(f.label))) is not None
        ]
        if wrong:
            self.show_error(wrong[0])
            return
        values = self.values()
        missing = [f.label for f in self.fields if f.required and values.get(f.key) in ("", None)]
        if missing:
            self.show_error(_("Cần điền: {fields}").format(fields=", ".join(_(m) for m in missing)))
            return
        self.accept()
