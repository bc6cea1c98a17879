"""The first window: Vietnamese navigation, plans, activities, roster, status bar, geometry."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.mainwindow import SECTIONS, MainWindow
from desktop.qt import QAbstractTableModel, QMessageBox, QRect, Qt, QTableView, QTableWidget
from desktop.settings import settings
from models.text.vntext import name_sort_key

Factory = Callable[[str], MainWindow]


def _idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=10_000)


def _loaded(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.plans_page.roster.model.rowCount() > 0, timeout=10_000)
    _idle(qtbot, window)


def test_window_shows_demo_plan_activities_and_roster(
    qtbot: QtBot, window_factory: Factory, demo_url: str, qtmodeltester: ModelTester
) -> None:
    window = window_factory(demo_url)
    _loaded(qtbot, window)
    nav = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert nav == list(SECTIONS) == [
        "Kế hoạch", "Lớp/Sự kiện", "Học viên", "Địa điểm", "Giảng viên", "Định mức", "Báo cáo",
    ]  # fmt: skip
    page = window.plans_page
    assert page.plans_model.rowCount() == 1
    assert page.activities_model.rowCount() == 7
    assert page.roster.model.rowCount() == 40  # the first class is selected
    assert "demo.sqlite3" in window.db_label.text()
    assert not page.empty_banner.isVisible()
    for model in (page.plans_model, page.activities_model, page.roster.model):
        qtmodeltester.check(model)


def test_roster_is_in_vietnamese_name_order_and_filters_without_tones(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    window = window_factory(demo_url)
    _loaded(qtbot, window)
    page = window.plans_page
    page.activities_view.selectRow(6)  # the leaders' class
    qtbot.waitUntil(lambda: page.roster.model.rowCount() == 50, timeout=10_000)
    _idle(qtbot, window)
    model = page.roster.model
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert all(names) and names == sorted(names, key=name_sort_key)

    target = names[17]
    plain = _strip(target).lower()
    page.roster.filter.setText(plain)
    qtbot.waitUntil(lambda: model.rowCount() < 50, timeout=10_000)
    _idle(qtbot, window)
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert target in shown and all(_strip(n).lower() == plain for n in shown)


def test_sorting_is_done_by_the_database(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    window = window_factory(demo_url)
    _loaded(qtbot, window)
    roster = window.plans_page.roster
    roster.table.sortByColumn(6, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: roster.order == ("commune", True), timeout=10_000)
    _idle(qtbot, window)
    communes = [roster.model.index(r, 6).data() for r in range(roster.model.rowCount())]
    assert communes == sorted(communes, reverse=True)


def test_people_section_lists_everyone(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    window = window_factory(demo_url)
    _loaded(qtbot, window)
    window.nav.setCurrentRow(2)
    qtbot.waitUntil(lambda: window.people_page.model.rowCount() == 290, timeout=10_000)
    assert window.people_page.count.text() == "290 người"


def test_empty_database_offers_demo_data_in_one_click(
    qtbot: QtBot, window_factory: Factory, empty_url: str
) -> None:
    window = window_factory(empty_url)
    page = window.plans_page
    qtbot.waitUntil(page.empty_banner.isVisible, timeout=10_000)
    page.demo_button.click()
    qtbot.waitUntil(lambda: page.activities_model.rowCount() == 7, timeout=20_000)
    assert not page.empty_banner.isVisible()
    _idle(qtbot, window)


def test_window_geometry_is_remembered(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    window = window_factory(demo_url)
    _loaded(qtbot, window)
    window.setGeometry(QRect(10, 20, 780, 560))
    window.close()
    assert settings().value("window/geometry") is not None
    again = window_factory(demo_url)
    assert (again.width(), again.height()) == (780, 560)
    _loaded(qtbot, again)


def test_tables_are_model_views(qtbot: QtBot, window_factory: Factory, demo_url: str) -> None:
    window = window_factory(demo_url)
    _loaded(qtbot, window)
    views = window.findChildren(QTableView)
    assert views and not any(isinstance(v, QTableWidget) for v in views)
    assert all(isinstance(v.model(), QAbstractTableModel) for v in views)


def _strip(text: str) -> str:
    from models.text.vntext import strip_tones

    return strip_tones(text)


def test_refreshing_keeps_the_chosen_class(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    window = window_factory(demo_url)
    _loaded(qtbot, window)
    page = window.plans_page
    page.activities_view.selectRow(3)
    _idle(qtbot, window)
    window.refresh_plans()
    _idle(qtbot, window)
    assert page.activities_view.currentIndex().row() == 3
    assert "huyện Nậm Nhùn" in page.roster.title.text()


def test_another_database_can_be_opened_and_is_remembered(
    qtbot: QtBot, window_factory: Factory, demo_url: str, empty_url: str
) -> None:
    from desktop.app import last_database

    window = window_factory(demo_url)
    _loaded(qtbot, window)
    window.open_database(empty_url)
    qtbot.waitUntil(window.plans_page.empty_banner.isVisible, timeout=10_000)
    _idle(qtbot, window)
    assert window.plans_page.plans_model.rowCount() == 0
    assert "empty.sqlite3" in window.db_label.text()
    assert last_database() == empty_url


def test_a_database_that_cannot_be_opened_keeps_the_current_one(
    qtbot: QtBot, window_factory: Factory, demo_url: str, tmp_path: object
) -> None:
    window = window_factory(demo_url)
    _loaded(qtbot, window)
    before = window.db
    window.open_database(f"sqlite:///{tmp_path}/khong-co/x.sqlite3")
    qtbot.waitUntil(lambda: window.findChild(QMessageBox) is not None, timeout=10_000)
    box = window.findChild(QMessageBox)
    assert box is not None and "thư mục không tồn tại" in box.text()
    assert window.db is before and window.plans_page.plans_model.rowCount() == 1
    box.close()
    _idle(qtbot, window)
