"""Above the cap, the reason is asked for before anything is saved; Cancel saves nothing and
returns to the line's form with what was typed."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.forms import FormDialog
from desktop.mainwindow import MainWindow
from desktop.pages.budget_tab import BudgetTab
from models.budget.estimate import WITHIN_CAP, estimate_activity
from models.db import Database
from models.entities.tables import Activity
from tests.desktop.test_activity_page import _answer, _open_workspace

Factory = Callable[[str], MainWindow]


def test_cancelling_the_reason_saves_nothing_and_keeps_the_typed_rate(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    window = _open_workspace(qtbot, window_factory, demo_url, BudgetTab)
    tab = next(t for t in window.activity_page.tab_pages if isinstance(t, BudgetTab))
    qtbot.waitUntil(lambda: tab.model.rowCount() > 5, timeout=20_000)
    meal = next(i for i, line in enumerate(tab.model.rows) if line.key == "meal")
    tab.table.selectRow(meal)
    tab.edit_line()
    form = tab.dialog
    assert isinstance(form, FormDialog)
    _answer(qtbot, tab, rate="260000")
    qtbot.waitUntil(lambda: tab.dialog is not None, timeout=20_000)
    asked = tab.dialog
    assert isinstance(asked, FormDialog) and asked is not form
    asked.reject()
    qtbot.waitUntil(form.isVisible, timeout=5_000)  # back to the line, the rate as typed
    assert form.values()["rate"] == 260_000
    form.reject()
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=20_000)

    with Database(demo_url).read() as s:
        activity_id = s.scalar(select(Activity.id).where(Activity.code == "TTDN23-L01"))
        line = next(
            x for x in estimate_activity(s, activity_id, refresh=False).lines if x.key == "meal"
        )
    assert (line.rate, line.status, line.override_reason) == (200_000, WITHIN_CAP, "")
    assert tab.model.rows[meal].rate == 200_000
