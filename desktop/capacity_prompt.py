"""Asking why a class may hold more people than its venue seats (models.capacity):
the core's sentence, a reason typed, and the save runs again with it; Hủy writes nothing."""

from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import _
from desktop.qt import QInputDialog, QLineEdit, QWidget


def ask_capacity_reason(parent: QWidget, message: str, then: Callable[[str], None]) -> QInputDialog:
    box = QInputDialog(parent)
    box.setWindowTitle(_("Vượt sức chứa"))
    box.setLabelText(
        message[:1].upper() + message[1:] + "\n\n" + _("Lý do cho vượt (ghi trên lớp):")
    )
    box.setTextEchoMode(QLineEdit.EchoMode.Normal)
    box.setOkButtonText(_("Vẫn ghi danh"))
    box.setCancelButtonText(_("Hủy"))

    def accepted(text: str) -> None:
        if text.strip():
            then(text.strip())

    box.textValueSelected.connect(accepted)
    box.open()
    return box
