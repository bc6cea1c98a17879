"""Khoảng cách theo xã: one distance (km, one way to the venue) for the people of each commune
of a plan who have none yet — what the estimate's travel and lodging need. A long list of
communes scrolls; the buttons stay visible.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import _
from desktop.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from models.people.distances import MAX_KM, CommuneDistance


class DistanceDialog(QDialog):
    def __init__(
        self,
        communes: list[CommuneDistance],
        save: Callable[[dict[str, int]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Khoảng cách theo xã"))
        self.save = save
        self.spins: dict[str, QSpinBox] = {}
        intro = QLabel(
            _(
                "Khoảng cách một chiều từ xã đến nơi học (km), cho những người chưa có. "
                "Để trống (—) thì giữ nguyên."
            )
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        for c in communes:
            spin = QSpinBox()
            spin.setRange(0, MAX_KM)
            spin.setSpecialValueText("—")  # 0: not set here
            spin.setSuffix(" km")
            if len(c.distances) == 1:
                spin.setValue(c.distances[0])
            label = _("{commune}: {n} người, {missing} chưa có").format(
                commune=c.commune or _("(chưa ghi xã)"), n=c.people, missing=c.missing
            )
            form.addRow(label, spin)
            self.spins[c.commune] = spin
        body = QWidget()
        body.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Lưu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(520, 480)

    def values(self) -> dict[str, int]:
        return {commune: spin.value() for commune, spin in self.spins.items() if spin.value()}

    def _accept(self) -> None:
        self.save(self.values())
        self.accept()
