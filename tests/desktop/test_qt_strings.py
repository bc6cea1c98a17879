"""Qt's own strings in Vietnamese, and the ones we did not translate left as Qt wrote them."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.qt import QApplication, QCoreApplication, QDialogButtonBox, QWizard


def test_qt_strings_are_vietnamese_and_the_rest_untouched(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.install(app, "vi")
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == ["Hủy", "Đồng ý"]
    wizard = QWizard()
    qtbot.addWidget(wizard)
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "&Tiếp >"
    # A string the catalog lacks must come back as written, not blank.
    assert QCoreApplication.translate("QFileDialog", "Detail View") == "Dạng chi tiết"
    assert QCoreApplication.translate("QNoSuchContext", "Kept as is") == "Kept as is"


def test_money_is_grouped_for_the_interface_language(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        i18n.install(app, "en")
        assert i18n.money(2_053_000_000) == "2,053,000,000"
    finally:
        i18n.install(app, "vi")
    assert i18n.money(2_053_000_000) == "2.053.000.000"
