"""desktop.forms.MoneyEdit: grouped as typed, and what is ambiguous refused, never guessed."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.forms import Field, FormDialog, MoneyEdit


def _typed(qtbot: QtBot, keys: str) -> MoneyEdit:
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    for key in keys:
        edit.insert(key)
        edit.textEdited.emit(edit.text())
    return edit


@pytest.mark.parametrize(
    ("keys", "shown", "amount"),
    [
        ("12345", "12.345", 12_345),
        ("250000", "250.000", 250_000),
        ("250.000", "250.000", 250_000),
        ("250.000 đ", "250.000", 250_000),
    ],
)
def test_figures_are_grouped_as_typed(qtbot: QtBot, keys: str, shown: str, amount: int) -> None:
    edit = _typed(qtbot, keys)
    assert (edit.text(), edit.value(), edit.problem("Giá")) == (shown, amount, None)


@pytest.mark.parametrize(
    ("keys", "reason"),
    [
        ("250.000,00", "dấu phẩy"),
        ("25.00", "không đọc được"),
        ("1234.5", "không đọc được"),  # a dot typed after the field grouped 1.234
        ("250k", "chữ số"),
        ("-5", "âm"),
    ],
)
def test_ambiguous_text_stays_as_typed_and_the_form_refuses_it(
    qtbot: QtBot, keys: str, reason: str
) -> None:
    dialog = FormDialog("Giá", (Field("price", "Giá xăng", kind="money"),), {})
    qtbot.addWidget(dialog)
    dialog.show()
    edit = dialog.widgets["price"]
    assert isinstance(edit, MoneyEdit)
    for key in keys:
        edit.insert(key)
        edit.textEdited.emit(edit.text())
    # Nothing reinterpreted behind the user's back (1234 was grouped to 1.234 as typed).
    assert edit.text().replace("1.234.", "1234.") == keys
    dialog.button_ok().click()
    assert dialog.isVisible() and reason in dialog.error.text()
    assert "Giá xăng" in dialog.error.text()
