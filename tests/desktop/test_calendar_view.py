"""desktop.calendar_view: a plan's month on one screen, clashes in red, a click to the class."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.calendar_view import CalendarDialog, CalendarView
from desktop.mainwindow import MainWindow
from desktop.qt import QPoint, Qt
from desktop.tasks import TaskRunner
from models.db import Database
from models.demo import scenarios as demo
from models.entities.tables import Activity
from models.lookup import plan_id
from models.planning.setup import ActivityInput, create_activity

Factory = Callable[[str], MainWindow]
SCREEN = (1366, 768)
CHROME = 70  # a title bar and a taskbar at 1366×768


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


@pytest.fixture
def campaign(campaign_url: str) -> Iterator[tuple[Database, int]]:
    db = Database(campaign_url)
    with db.read() as s:
        pid = plan_id(s, demo.PLAN_B)
    yield db, pid
    db.close()


def _loaded(qtbot: QtBot, view: CalendarView, title: str) -> None:
    qtbot.waitUntil(lambda: view.title.text() == title, timeout=20_000)


def test_the_busiest_month_of_scenario_b_fits_a_1366x768_screen(
    qtbot: QtBot, runner: TaskRunner, campaign: tuple[Database, int]
) -> None:
    db, pid = campaign
    dialog = CalendarDialog(runner, db, pid, demo.PLAN_B)
    qtbot.addWidget(dialog)
    view = dialog.view
    _loaded(qtbot, view, "Tháng 10/2023")  # the first month; October and November hold 44
    assert len(view.items()) == 44 and len(view.calendar.weeks) == 6  # type: ignore[union-attr]
    assert [c.text() for c in (view.previous_button, view.next_button)] == [
        "‹ Tháng trước", "Tháng sau ›",
    ]  # fmt: skip
    assert not view.previous_button.isEnabled() and view.next_button.isEnabled()
    needed = dialog.minimumSizeHint()
    assert needed.width() <= SCREEN[0] and needed.height() <= SCREEN[1] - CHROME
    dialog.resize(SCREEN[0], SCREEN[1] - CHROME)
    dialog.show()
    qtbot.waitExposed(dialog)
    items = view.items()
    first_lines = [item.shown_lines()[0] for item in items]
    assert first_lines[:2] == ["S B001  Xã Quài Tở", "C B002  Xã Quài Cang"]
    assert all(not line.endswith("…") for line in first_lines)  # half, class, commune whole
    venues = [item.shown_lines()[1] for item in items]
    assert sum(v.endswith("…") for v in venues) == 0, venues
    assert all(item.height() >= item.sizeHint().height() for item in items)  # nothing squashed
    if os.environ.get("TAPHUAN_SCREENSHOTS"):
        dialog.grab().save(str(Path(os.environ["TAPHUAN_SCREENSHOTS"]) / "lich-ke-hoach.png"))

    view.next_button.click()
    _loaded(qtbot, view, "Tháng 11/2023")
    assert len(view.items()) == 44 and view.previous_button.isEnabled()
    view.next_button.click()
    _loaded(qtbot, view, "Tháng 12/2023")
    assert len(view.items()) == 25 and not view.next_button.isEnabled()
    assert view.summary.text() == "KH-CDTT-TG-2023: 25 buổi trong tháng"


def test_a_clash_is_red_with_the_plan_checks_message(
    qtbot: QtBot, runner: TaskRunner, demo_url: str
) -> None:
    db = Database(demo_url)
    with db.write() as s:
        first = s.scalars(select(Activity).where(Activity.code == "TTDN23-L01")).one()
        create_activity(  # the same hall on the same first day: a careless copy
            s,
            ActivityInput(first.plan_id, "TTDN23-L99", "Lớp chen", first.start_date,
                          first.start_date, venue_id=first.venue_id),
        )  # fmt: skip
        pid, start = first.plan_id, first.start_date
    view = CalendarView(runner)
    qtbot.addWidget(view)
    view.show_plan(db, pid, start)
    _loaded(qtbot, view, f"Tháng {start.month}/{start.year}")
    clashing = [item for item in view.items() if item.entry.clash]
    assert {item.entry.code for item in clashing} >= {"TTDN23-L01", "TTDN23-L99"}
    morning = next(
        i for i in clashing if i.entry.code == "TTDN23-L99" and i.entry.half_letter == "S"
    )
    assert f"cùng buổi sáng {start:%d/%m/%Y}: TTDN23-L01, TTDN23-L99" in morning.toolTip()
    assert "buổi có điểm trùng" in view.summary.text()
    calm = [item for item in view.items() if not item.entry.clash]
    assert calm and all(item.entry.on_date != start for item in calm)
    view.resize(SCREEN[0], SCREEN[1] - CHROME)
    view.show()
    qtbot.waitExposed(view)
    if os.environ.get("TAPHUAN_SCREENSHOTS"):
        view.grab().save(str(Path(os.environ["TAPHUAN_SCREENSHOTS"]) / "lich-trung.png"))
    db.close()


def test_clicking_a_buoi_opens_its_class_in_the_main_window(
    qtbot: QtBot, window_factory: Factory, campaign_url: str
) -> None:
    window = window_factory(campaign_url)
    qtbot.waitUntil(lambda: len(window.plans) == 2, timeout=20_000)
    codes = [p.code for p in window.plans]
    window.plans_page.plans_view.selectRow(codes.index(demo.PLAN_B))
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=20_000)
    window.show_calendar()
    dialog = window.calendar_dialog
    view = dialog.view
    _loaded(qtbot, view, "Tháng 10/2023")
    item = next(i for i in view.items() if i.entry.code == "CDTT23-B007")
    assert item.entry.on_date == dt.date(2023, 10, 5)
    with qtbot.waitSignal(dialog.open_activity, timeout=5000) as opened:
        qtbot.mouseClick(item, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert opened.args == [item.entry.activity_id]
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=20_000)
    assert window.nav.currentRow() == 1  # Lớp/Sự kiện
    current = window.activity_page.current()
    assert current is not None and current.code == "CDTT23-B007"
    dialog.close()


def test_the_calendar_needs_a_chosen_plan(
    qtbot: QtBot, window_factory: Factory, empty_url: str
) -> None:
    window = window_factory(empty_url)
    qtbot.waitUntil(lambda: window.db is not None, timeout=20_000)
    window.show_calendar()
    assert window.statusBar().currentMessage() == "Chọn một kế hoạch trước."
    assert getattr(window, "calendar_dialog", None) is None
