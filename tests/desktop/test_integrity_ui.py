"""Two users in the window: a save over someone else's change keeps the input; histories."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.forms import FormDialog
from desktop.history import HistoryDialog
from desktop.pages.budget_tab import BudgetTab
from desktop.qt import QLineEdit
from models.budget.edit import update_line
from models.db import Database
from models.entities.tables import BudgetLine
from tests.desktop.test_activity_page import Factory, _idle, _open_workspace


def _has_history(widget: object) -> bool:
    return isinstance(getattr(widget, "history", None), HistoryDialog)


def test_a_stale_line_edit_is_refused_and_the_form_keeps_the_input(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    window = _open_workspace(qtbot, window_factory, demo_url, BudgetTab)
    tab = next(t for t in window.activity_page.tab_pages if isinstance(t, BudgetTab))
    qtbot.waitUntil(lambda: tab.model.rowCount() > 5, timeout=20_000)
    meal = next(i for i, line in enumerate(tab.model.rows) if line.key == "meal")
    line_id = tab.model.rows[meal].line_id
    tab.table.selectRow(meal)
    tab.edit_line()
    dialog = tab.dialog
    assert isinstance(dialog, FormDialog)
    db = Database(demo_url)
    with db.write() as s:  # another user saves the same line meanwhile
        update_line(s, line_id, description="Tiền ăn (người khác sửa)")
    rate = dialog.widgets["rate"]
    assert isinstance(rate, QLineEdit)
    rate.setText("190000")
    rate.textEdited.emit(rate.text())
    dialog.button_ok().click()
    qtbot.waitUntil(dialog.isVisible, timeout=20_000)  # reopened with the sentence
    assert "đã có người sửa" in tab.message.text()
    assert dialog.values()["rate"] == 190_000  # the user's input is still there to reapply
    with db.read() as s:
        stored = s.scalar(select(BudgetLine).where(BudgetLine.id == line_id))
        assert stored is not None and stored.description == "Tiền ăn (người khác sửa)"
    dialog.reject()
    _idle(qtbot, window)

    tab.table.selectRow(meal)
    tab.line_history()
    qtbot.waitUntil(
        lambda: isinstance(getattr(tab, "history", None), HistoryDialog), timeout=20_000
    )
    texts = [tab.history.table.item(r, 3).text() for r in range(tab.history.table.rowCount())]
    assert any("Tiền ăn (người khác sửa)" in t for t in texts)

    page = window.activity_page
    page.show_history()
    qtbot.waitUntil(
        lambda: isinstance(getattr(page, "history", None), HistoryDialog), timeout=20_000
    )
    assert page.history.table.rowCount() > 0
    _idle(qtbot, window)
