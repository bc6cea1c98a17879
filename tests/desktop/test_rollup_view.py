"""desktop.rollup_view: the campaign by commune, district or month, with its total row."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from desktop.mainwindow import MainWindow
from desktop.qt import QFont, Qt
from desktop.rollup_view import RollupView, month_key
from models.demo import scenarios as demo

Factory = Callable[[str], MainWindow]


def _column(view: RollupView, column: int) -> list[str]:
    model = view.model
    return [str(model.data(model.index(r, column))) for r in range(model.rowCount())]


def test_the_campaign_by_commune_then_by_month_with_a_total_row(
    qtbot: QtBot, qtmodeltester: object, window_factory: Factory, campaign_url: str
) -> None:
    window = window_factory(campaign_url)
    qtbot.waitUntil(lambda: len(window.plans) == 2, timeout=20_000)
    window.plans_page.plans_view.selectRow([p.code for p in window.plans].index(demo.PLAN_B))
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=20_000)
    window.show_rollup()
    view = window.rollup_dialog.view
    qtbot.waitUntil(lambda: view.model.rowCount() == 18 + 1, timeout=30_000)  # 18 communes
    qtmodeltester.check(view.model)  # type: ignore[attr-defined]
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Xã", "Buổi", "Dự kiến", "Có mặt", "Kinh phí (đồng)"]
    keys = _column(view, 0)
    assert keys[-1] == "Tổng cộng" and all(k.startswith("Xã ") for k in keys[:-1])
    sessions = [int(v) for v in _column(view, 1)]
    assert sum(sessions[:-1]) == sessions[-1] == demo.CAMPAIGN_SESSIONS
    expected = [int(v.replace(".", "")) for v in _column(view, 2)]
    assert sum(expected[:-1]) == expected[-1] == demo.CAMPAIGN_PEOPLE
    assert _column(view, 2)[-1] == "17.269"
    assert _column(view, 3)[-1] == "0"  # nobody marked present yet
    cost = _column(view, 4)[-1]
    assert cost != "0" and "." in cost and "," not in cost  # 12.345.000: dots group thousands
    assert int(cost.replace(".", "")) == sum(int(v.replace(".", "")) for v in _column(view, 4)[:-1])
    total_font = model.data(model.index(model.rowCount() - 1, 0), Qt.ItemDataRole.FontRole)
    assert isinstance(total_font, QFont) and total_font.bold()
    assert model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole) & int(
        Qt.AlignmentFlag.AlignRight
    )

    last = view.table.visualRect(model.index(model.rowCount() - 1, 0))
    assert last.bottom() <= view.table.viewport().height()  # the total seen without scrolling

    view.by.setCurrentIndex(view.by.findData("month"))
    qtbot.waitUntil(lambda: _column(view, 0)[:1] == ["Tháng 10/2023"], timeout=30_000)
    assert _column(view, 0) == ["Tháng 10/2023", "Tháng 11/2023", "Tháng 12/2023", "Tổng cộng"]
    assert _column(view, 1) == ["44", "44", "25", "113"]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Tháng"
    window.rollup_dialog.close()


def test_month_keys_read_as_vietnamese_months() -> None:
    assert month_key("2023-10") == "Tháng 10/2023"
    assert month_key("Xã Quài Tở") == "Xã Quài Tở"
