"""The activity workspace: a cap violation seen and overridden, settlement, lock and reopen."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.forms import FormDialog
from desktop.mainwindow import MainWindow
from desktop.pages.budget_tab import BudgetTab
from desktop.pages.settlement_tab import SettlementTab
from desktop.qt import QLineEdit, QPlainTextEdit
from models.attendance.marks import set_all_present
from models.budget.estimate import OVERRIDDEN, estimate_activity
from models.db import Database
from models.entities.tables import Activity
from models.settlement.locking import lock_history

Factory = Callable[[str], MainWindow]


def _idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=20_000)


def _open_workspace(qtbot: QtBot, window_factory: Factory, url: str, tab: type) -> MainWindow:
    window = window_factory(url)
    qtbot.waitUntil(lambda: window.activity_page.chooser.count() == 7, timeout=20_000)
    window.nav.setCurrentRow(1)
    page = window.activity_page
    index = next(i for i, t in enumerate(page.tab_pages) if isinstance(t, tab))
    page.tabs.setCurrentIndex(index)
    _idle(qtbot, window)
    return window


def _answer(qtbot: QtBot, holder: object, **values: object) -> None:
    qtbot.waitUntil(lambda: getattr(holder, "dialog", None) is not None, timeout=10_000)
    dialog = holder.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, FormDialog)
    for key, value in values.items():
        widget = dialog.widgets[key]
        if isinstance(widget, QLineEdit):
            widget.setText(str(value))
            widget.textEdited.emit(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(str(value))
    dialog.button_ok().click()
    holder.dialog = None  # type: ignore[attr-defined]


def test_a_cap_violation_is_shown_until_overridden_with_a_reason(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    window = _open_workspace(qtbot, window_factory, demo_url, BudgetTab)
    tab = next(t for t in window.activity_page.tab_pages if isinstance(t, BudgetTab))
    qtbot.waitUntil(lambda: tab.model.rowCount() > 5, timeout=20_000)
    meal = next(i for i, line in enumerate(tab.model.rows) if line.key == "meal")
    assert tab.model.rows[meal].status == "within_cap"
    assert tab.model.index(meal, 7).data().startswith("✓")

    db = Database(demo_url)
    tab.table.selectRow(meal)
    tab.edit_line()
    _answer(qtbot, tab, rate="250000")  # above the 200.000 đ cap of TT 55/2023
    # the reason is asked for before anything is saved, naming the item in words
    qtbot.waitUntil(lambda: tab.dialog is not None, timeout=20_000)
    asked = tab.dialog
    assert isinstance(asked, FormDialog) and "reason" in asked.widgets
    assert "Hỗ trợ tiền ăn cho học viên" in asked.windowTitle()
    assert "“Hỗ trợ tiền ăn cho học viên” vượt mức tối đa 200.000" in asked.error.text()
    assert "MEAL_LEARNER" not in asked.error.text() + asked.windowTitle()
    with db.read() as s:
        activity_id = s.scalar(select(Activity.id).where(Activity.code == "TTDN23-L01"))
        line = next(
            x for x in estimate_activity(s, activity_id, refresh=False).lines if x.key == "meal"
        )
    assert (line.rate, line.override_reason) == (200_000, "")

    _answer(qtbot, tab, reason="NQ 11/2019/NQ-HĐND tỉnh Lai Châu")
    qtbot.waitUntil(lambda: tab.model.rows[meal].status == OVERRIDDEN, timeout=20_000)
    assert tab.model.index(meal, 7).data() == "! vượt, đã ghi lý do"
    assert "vượt định mức</b>" not in tab.totals.text()
    _idle(qtbot, window)

    with db.read() as s:
        activity_id = s.scalar(select(Activity.id).where(Activity.code == "TTDN23-L01"))
        line = next(
            x for x in estimate_activity(s, activity_id, refresh=False).lines if x.key == "meal"
        )
    assert (line.rate, line.amount, line.override_reason) == (
        250_000,
        80 * 250_000,
        "NQ 11/2019/NQ-HĐND tỉnh Lai Châu",
    )


def test_settlement_then_lock_and_recorded_reopen(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    db = Database(demo_url)
    with db.write() as s:
        activity_id = s.scalar(select(Activity.id).where(Activity.code == "TTDN23-L01"))
        set_all_present(s, activity_id, by="test")
    window = _open_workspace(qtbot, window_factory, demo_url, SettlementTab)
    page = window.activity_page
    tab = next(t for t in page.tab_pages if isinstance(t, SettlementTab))
    qtbot.waitUntil(lambda: tab.people_model.rowCount() == 40, timeout=20_000)
    assert tab.settlement is not None and tab.settlement.total > 0
    assert "Bằng chữ:" in tab.totals.text() and tab.totals.text().count("đồng") >= 3

    page.lock()
    _answer(qtbot, page, reason="Đã đối chiếu chứng từ")
    qtbot.waitUntil(lambda: "Đã khóa sổ" in page.heading.text(), timeout=20_000)
    assert not page.lock_button.isEnabled() and page.reopen_button.isEnabled()
    _idle(qtbot, window)

    page.reopen()
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=10_000)
    dialog = page.dialog
    assert dialog is not None
    dialog.button_ok().click()  # no reason given: the dialog refuses and stays open
    assert dialog.isVisible() and "Lý do" in dialog.error.text()
    dialog.reject()
    page.dialog = None
    page.reopen()
    _answer(qtbot, page, reason="Bổ sung hóa đơn hội trường")
    qtbot.waitUntil(page.lock_button.isEnabled, timeout=20_000)
    _idle(qtbot, window)
    with db.read() as s:
        events = lock_history(s, activity_id)
    assert [(e.action, e.reason) for e in events][-2:] == [
        ("lock", "Đã đối chiếu chứng từ"),
        ("reopen", "Bổ sung hóa đơn hội trường"),
    ]


def test_removing_a_line_asks_first(qtbot: QtBot, window_factory: Factory, demo_url: str) -> None:
    from desktop.qt import QMessageBox

    window = _open_workspace(qtbot, window_factory, demo_url, BudgetTab)
    tab = next(t for t in window.activity_page.tab_pages if isinstance(t, BudgetTab))
    qtbot.waitUntil(lambda: tab.model.rowCount() > 5, timeout=20_000)
    drinks = next(i for i, line in enumerate(tab.model.rows) if line.key == "drinks")
    before = tab.model.rowCount()
    tab.table.selectRow(drinks)
    tab.remove_line()
    tab.confirm.done(QMessageBox.StandardButton.No)
    _idle(qtbot, window)
    assert tab.model.rowCount() == before
    tab.table.selectRow(drinks)
    tab.remove_line()
    tab.confirm.done(QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: tab.model.rowCount() == before - 1, timeout=20_000)
    assert all(line.key != "drinks" for line in tab.model.rows)
    _idle(qtbot, window)


def test_a_buoi_not_taught_pays_no_lecturer_fee(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    from desktop.pages.sessions_tab import SessionsTab
    from desktop.qt import QCheckBox
    from models.settlement.compute import settle_activity

    window = _open_workspace(qtbot, window_factory, demo_url, SessionsTab)
    tab = next(t for t in window.activity_page.tab_pages if isinstance(t, SessionsTab))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 4, timeout=20_000)
    assert [r.label for r in tab.model.rows] == [
        "Ngày 1 sáng", "Ngày 1 chiều", "Ngày 2 sáng", "Ngày 2 chiều",
    ]  # fmt: skip
    tab.table.selectRow(3)
    tab.edit()
    qtbot.waitUntil(lambda: tab.dialog is not None, timeout=10_000)
    dialog = tab.dialog
    assert dialog is not None
    taught = dialog.widgets["taught"]
    assert isinstance(taught, QCheckBox) and taught.isChecked()
    taught.setChecked(False)
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: not tab.model.rows[3].taught, timeout=20_000)
    _idle(qtbot, window)
    db = Database(demo_url)
    with db.write() as s:
        activity_id = s.scalar(select(Activity.id).where(Activity.code == "TTDN23-L01"))
        assert activity_id is not None
        fees = sum(x.fee for x in settle_activity(s, activity_id).lecturers)
    assert fees == 5_000_000 - _fee_of_last(db, activity_id)  # four buổi, one not taught


def _fee_of_last(db: Database, activity_id: int) -> int:
    """The tier rate of whoever was to teach the last buổi (it was not taught)."""
    from models.entities.tables import ClassSession, Lecturer

    rates = {2: 1_800_000, 3: 1_500_000, 4: 1_200_000, 5: 800_000}
    with db.read() as s:
        last = s.scalars(
            select(ClassSession)
            .where(ClassSession.activity_id == activity_id)
            .order_by(ClassSession.on_date.desc(), ClassSession.half.desc())
        ).first()
        assert last is not None and last.lecturer_id is not None
        lecturer = s.get(Lecturer, last.lecturer_id)
        assert lecturer is not None
        return rates[lecturer.tier]


def test_the_class_picker_groups_by_plan_and_finds_by_typing(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    from desktop.qt import QStandardItemModel
    from models.demo.scenarios import load_scenario_b

    with Database(demo_url).write() as s:
        load_scenario_b(s)  # the campaign's 113 sessions beside the 7 classes
    window = window_factory(demo_url)
    chooser = window.activity_page.chooser
    qtbot.waitUntil(lambda: chooser.count() == 7 + 113 + 2, timeout=30_000)
    model = chooser.model()
    assert isinstance(model, QStandardItemModel)
    headings = [i for i in range(chooser.count()) if chooser.itemData(i) is None]
    assert len(headings) == 2 and all(not model.item(i).isEnabled() for i in headings)
    codes = sorted(chooser.itemText(i).split(" — ")[0] for i in headings)
    assert codes == ["▸ KH-CDTT-TG-2023", "▸ KH-TTDN-2023"]
    completer = chooser.completer()
    assert completer is not None
    completer.setCompletionPrefix("B113")  # a code typed in the box
    assert completer.completionCount() == 1
    assert "CDTT23-B113" in completer.currentCompletion()
    index = chooser.findText(completer.currentCompletion())
    chooser.setCurrentIndex(index)
    _idle(qtbot, window)
    current = window.activity_page.current()
    assert current is not None and current.code == "CDTT23-B113"


def test_a_line_is_settled_by_two_documents_in_the_window(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    from desktop.qt import QComboBox, QDate, QDateEdit, QLineEdit
    from models.entities.tables import BudgetLine, Venue

    db = Database(demo_url)
    with db.write() as s:
        for venue in s.scalars(select(Venue)):
            venue.organiser_owned = False  # a hired hall, settled by its documents
    window = _open_workspace(qtbot, window_factory, demo_url, SettlementTab)
    tab = next(t for t in window.activity_page.tab_pages if isinstance(t, SettlementTab))
    qtbot.waitUntil(lambda: tab.lines_model.rowCount() > 3, timeout=20_000)
    hall = next(i for i, line in enumerate(tab.lines_model.rows) if line.key == "hall")
    for number, amount, kind in (("12/2023/HĐ", "5.000.000", "contract"),
                                 ("0000123", "1.000.000", "invoice")):  # fmt: skip
        tab.lines_view.selectRow(hall)
        tab.dialog = None
        tab.add_document()
        dialog = tab.dialog
        assert dialog is not None
        combo = dialog.widgets["kind"]
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(kind))
        texts = {"number": number, "amount": amount}
        if kind == "invoice":
            texts |= {"symbol": "1C23TLC", "seller": "Công ty Âm thanh",
                      "seller_tax_code": "6200012345"}  # fmt: skip
        for key, text in texts.items():
            edit = dialog.widgets[key]
            assert isinstance(edit, QLineEdit)
            edit.setText(text)
            edit.textEdited.emit(text)
        day = dialog.widgets["issued_on"]
        assert isinstance(day, QDateEdit)
        day.setDate(QDate(2023, 10, 17))
        dialog.button_ok().click()
        qtbot.waitUntil(lambda: "Đã thêm chứng từ" in tab.message.text(), timeout=20_000)
        _idle(qtbot, window)
        tab.message.setText("")
    with db.read() as s:
        l01 = s.scalar(select(Activity.id).where(Activity.code == "TTDN23-L01"))
        line = s.scalar(
            select(BudgetLine).where(BudgetLine.item_code == "hall", BudgetLine.activity_id == l01)
        )
        assert line is not None and line.actual_amount == 6_000_000
        assert "ký hiệu 1C23TLC ngày 17/10/2023" in line.document_ref
