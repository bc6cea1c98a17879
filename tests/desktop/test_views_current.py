"""Views that stay current: a write refreshes the views that show what it changed, and only
those; opening a view only reads."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.forms import FormDialog
from desktop.mainwindow import MainWindow
from desktop.pages.attendance_tab import AttendanceTab
from desktop.qt import QLineEdit, QPlainTextEdit, Qt
from models.changes import Change

Factory = Callable[[str], MainWindow]


def _idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=30_000)


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


def _attendance_of_l01(
    qtbot: QtBot, window_factory: Factory, url: str
) -> tuple[MainWindow, AttendanceTab]:
    """The window on the Lớp/Sự kiện page, the first class's attendance tab loaded."""
    window = window_factory(url)
    qtbot.waitUntil(lambda: window.activity_page.chooser.count() == 7, timeout=30_000)
    window.nav.setCurrentRow(1)
    page = window.activity_page
    tab = next(t for t in page.tab_pages if isinstance(t, AttendanceTab))
    page.tabs.setCurrentIndex(page.tab_pages.index(tab))
    _idle(qtbot, window)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 40, timeout=20_000)
    return window, tab


def _data_version(path: Path) -> int:
    """SQLite's count of commits made by other connections (PRAGMA data_version)."""
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA data_version").fetchone()[0])
    finally:
        conn.close()


def test_opening_every_view_of_the_campaign_writes_nothing(
    qtbot: QtBot, window_factory: Factory, campaign_url: str
) -> None:
    path = Path(campaign_url.removeprefix("sqlite:///"))
    window = window_factory(campaign_url)
    qtbot.waitUntil(lambda: len(window.plans) == 2, timeout=30_000)
    _idle(qtbot, window)
    watcher = sqlite3.connect(path)  # data_version moves when another connection commits
    before = watcher.execute("PRAGMA data_version").fetchone()[0]
    assert window.db is not None
    heard: list[Change] = []
    window.db.listeners.append(heard.append)
    db, writes = window.db, []
    real_write = db.write

    def counted_write() -> object:
        writes.append(1)
        return real_write()

    db.write = counted_write  # type: ignore[method-assign]

    for row in range(len(window.plans)):  # each plan: its classes, dashboard, plan check
        window.plans_page.plans_view.selectRow(row)
        _idle(qtbot, window)
    page = window.activity_page
    for section in range(window.nav.count()):
        window.nav.setCurrentRow(section)
        _idle(qtbot, window)
        if window.stack.currentWidget() is page:
            for code in ("TTDN23-L01", "CDTT23-B001"):  # a class and a campaign buổi
                chooser = page.chooser
                found = [i for i in range(chooser.count()) if code in chooser.itemText(i)]
                chooser.setCurrentIndex(found[0])
                assert page.activity_id is not None
                for tab in range(page.tabs.count()):
                    page.tabs.setCurrentIndex(tab)
                    _idle(qtbot, window)
    window.show_rollup()
    _idle(qtbot, window)

    assert writes == []  # no view opened a write transaction
    assert heard == []  # and none committed anything
    assert watcher.execute("PRAGMA data_version").fetchone()[0] == before
    watcher.close()


def test_loading_the_demo_fills_the_venue_and_lecturer_pages(
    qtbot: QtBot, window_factory: Factory, empty_url: str
) -> None:
    window = window_factory(empty_url)
    _idle(qtbot, window)
    assert window.venues_page.model.rowCount() == 0
    window.plans_page.demo_button.click()  # from the plan page: the other pages are hidden
    qtbot.waitUntil(lambda: window.venues_page.model.rowCount() > 0, timeout=30_000)
    qtbot.waitUntil(lambda: window.lecturers_page.model.rowCount() > 0, timeout=10_000)
    assert window.plans_page.plans_model.rowCount() == 1


def test_a_new_plan_is_listed_and_selected(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    window = window_factory(demo_url)
    qtbot.waitUntil(lambda: window.plans_page.plans_model.rowCount() == 1, timeout=30_000)
    _idle(qtbot, window)
    assert window.current_plan() is not None
    window.plans_page.new_plan_button.click()
    _answer(
        qtbot,
        window.plan_actions,
        code="KH-MOI-2025",
        title="Kế hoạch gõ tay",
        unit_name="Phòng Văn hóa huyện",
    )
    qtbot.waitUntil(lambda: window.plans_page.plans_model.rowCount() == 2, timeout=20_000)
    _idle(qtbot, window)
    chosen = window.current_plan()
    assert chosen is not None and chosen.code == "KH-MOI-2025"


def test_the_locked_message_and_the_last_scan_clear_when_they_no_longer_hold(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    window, tab = _attendance_of_l01(qtbot, window_factory, demo_url)
    page = window.activity_page

    ready = tab.check_in.feedback_title.text()  # "Sẵn sàng quét"
    cccd = tab.grid.rows[0].cccd if tab.grid else ""
    tab.scan_box.setText(cccd)
    qtbot.keyClick(tab.scan_box, Qt.Key.Key_Return)
    _idle(qtbot, window)
    assert tab.check_in.feedback_title.text() != ready  # the last scan is shown

    page.lock()
    _answer(qtbot, page, reason="Đã đối chiếu")
    qtbot.waitUntil(lambda: "Đã khóa sổ" in page.heading.text(), timeout=20_000)
    _idle(qtbot, window)
    assert tab.check_in.feedback_title.text() == ready  # locked: that scan no longer holds
    tab.table.setCurrentIndex(tab.model.index(1, 2))
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert "khóa sổ" in tab.message.text()

    page.reopen()
    _answer(qtbot, page, reason="Bổ sung")
    qtbot.waitUntil(page.lock_button.isEnabled, timeout=20_000)
    _idle(qtbot, window)
    assert not tab.message.isVisibleTo(tab) and tab.message.text() == ""


def test_a_mark_reloads_what_shows_attendance_and_nothing_else(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    window, tab = _attendance_of_l01(qtbot, window_factory, demo_url)

    reloads: dict[str, int] = {}

    def counting(name: str, real: Callable[..., object]) -> Callable[..., object]:
        def call(*args: object) -> object:
            reloads[name] = reloads.get(name, 0) + 1
            return real(*args)

        return call

    for name, owner in (
        ("plans", window),
        ("venues", window.venues_page),
        ("lecturers", window.lecturers_page),
        ("norms", window.norms_page),
        ("people", window.people_page),
    ):
        attribute = "refresh_plans" if owner is window else "reload"
        setattr(owner, attribute, counting(name, getattr(owner, attribute)))
    dashboard = window.plans_page.dashboard
    dashboard.show_plan = counting("dashboard", dashboard.show_plan)  # type: ignore[method-assign]

    tab.table.setCurrentIndex(tab.model.index(0, 2))
    with qtbot.waitSignal(window.hub.changed, timeout=10_000) as blocker:
        qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    _idle(qtbot, window)
    assert blocker.args == [Change.ATTENDANCE]
    assert reloads == {"dashboard": 1}  # the plan's attendance bars; no list, no other page


def test_an_open_rollup_follows_attendance_marked_elsewhere(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    from models.attendance.marks import set_all_present
    from models.lookup import activity_by_code

    window = window_factory(demo_url)
    qtbot.waitUntil(lambda: len(window.plans) == 1, timeout=30_000)
    _idle(qtbot, window)
    window.show_rollup()
    view = window.rollup_dialog.view
    model = view.model

    def present_total() -> str:
        return str(model.data(model.index(model.rowCount() - 1, 3)))

    qtbot.waitUntil(lambda: model.rowCount() > 1 and present_total() == "0", timeout=20_000)
    assert window.db is not None
    with window.db.write() as s:  # as the attendance tab or the command line would
        set_all_present(s, activity_by_code(s, "TTDN23-L01").id, by="test")
    qtbot.waitUntil(lambda: present_total() == "40", timeout=20_000)
    window.rollup_dialog.close()
