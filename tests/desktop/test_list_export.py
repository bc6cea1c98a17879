"""Xuất ra Excel… (Ctrl+E) on the six lists: the workbook holds the columns and rows shown."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from pytestqt.qtbot import QtBot

from desktop import list_export
from desktop.mainwindow import MainWindow
from desktop.pages.attendance_tab import AttendanceTab
from desktop.pages.budget_tab import BudgetTab
from desktop.pages.settlement_tab import SettlementTab
from desktop.qt import QAbstractItemView, QAction, QApplication, QKeySequence, Qt
from reports.table_xlsx import write_table_xlsx

Factory = Callable[[str], MainWindow]


def _idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=20_000)


def _export(
    view: QAbstractItemView, path: Path, monkeypatch: pytest.MonkeyPatch
) -> openpyxl.worksheet.worksheet.Worksheet:
    """Trigger the view's own action (the one in its context menu, on Ctrl+E)."""
    (action,) = [a for a in view.actions() if a.text() == "Xuất ra Excel…"]
    assert isinstance(action, QAction)
    assert action.shortcut() == QKeySequence("Ctrl+E")
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    monkeypatch.setattr(list_export, "choose_path", lambda _parent, _title: str(path))
    action.trigger()  # read here, written on the export worker
    deadline = time.monotonic() + 20
    while list_export._export_runner().pending and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    assert path.exists(), path
    return openpyxl.load_workbook(path).worksheets[0]


def _check(view: QAbstractItemView, ws: object, row: int = 0) -> None:
    """Headers as the view shows them; the row's cells as the view shows them, numbers as
    numbers."""
    model = view.model()
    columns = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]  # type: ignore[attr-defined]
    shown = [
        str(model.headerData(c, Qt.Orientation.Horizontal) or "").replace("\n", " ")
        for c in columns
    ]
    cells = list(ws.iter_rows(values_only=True))  # type: ignore[attr-defined]
    assert [v or "" for v in cells[0]][: len(shown)] == shown
    assert len(cells) - 1 == model.rowCount()
    values = cells[1 + row]
    for position, column in enumerate(columns):
        text = model.data(model.index(row, column)) or ""
        value = values[position]
        if isinstance(value, int | float):
            digits = str(text).replace(".", "").replace(",", ".").replace("\u00a0", "")
            assert float(digits) == value, (shown[position], text, value)
        elif isinstance(value, dt.datetime):
            assert value.strftime("%d/%m/%Y") in str(text)
        else:
            assert (value or "") == str(text), (shown[position], text, value)


def test_six_lists_export_what_they_show(
    qtbot: QtBot,
    window_factory: Factory,
    demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = window_factory(demo_url)
    qtbot.waitUntil(lambda: window.plans_page.roster.model.rowCount() > 0, timeout=20_000)
    _idle(qtbot, window)

    roster = window.plans_page.roster.table
    ws = _export(roster, tmp_path / "roster.xlsx", monkeypatch)
    _check(roster, ws, 1)

    window.nav.setCurrentRow(2)
    people = window.people_page.table
    qtbot.waitUntil(lambda: people.model().rowCount() == 290, timeout=20_000)
    ws = _export(people, tmp_path / "people.xlsx", monkeypatch)
    _check(people, ws, 5)

    window.nav.setCurrentRow(1)
    page = window.activity_page
    qtbot.waitUntil(lambda: page.chooser.count() == 7, timeout=20_000)
    for kind, view_of, name in (
        (AttendanceTab, lambda t: t.table, "marks"),
        (BudgetTab, lambda t: t.table, "budget"),
        (SettlementTab, lambda t: t.lines_view, "settlement"),
    ):
        index = next(i for i, t in enumerate(page.tab_pages) if isinstance(t, kind))
        page.tabs.setCurrentIndex(index)
        tab = page.tab_pages[index]
        view = view_of(tab)
        qtbot.waitUntil(lambda v=view: v.model().rowCount() > 2, timeout=20_000)
        _idle(qtbot, window)
        ws = _export(view, tmp_path / f"{name}.xlsx", monkeypatch)
        _check(view, ws, 1)
        if kind is BudgetTab:  # amounts are numbers to sum, not text
            numbers = [v for v in ws[2] if isinstance(v.value, int)]  # type: ignore[index]
            assert numbers, [v.value for v in ws[2]]  # type: ignore[index]

    window.nav.setCurrentRow(5)
    norms = window.norms_page.items_view
    qtbot.waitUntil(lambda: norms.model().rowCount() > 2, timeout=20_000)
    ws = _export(norms, tmp_path / "norms.xlsx", monkeypatch)
    _check(norms, ws, 0)


def test_a_list_cell_never_becomes_a_formula(tmp_path: Path) -> None:
    path = write_table_xlsx(
        tmp_path / "t.xlsx",
        ["Họ và tên", "Số tiền", "Ngày"],
        [
            ['=HYPERLINK("http://x","a")', 1_234_567, dt.date(2023, 10, 16)],
            ["Lò Văn Thành", 2, None],
        ],
    )
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws["A2"].value == '=HYPERLINK("http://x","a")' and ws["A2"].data_type == "s"
    assert ws["B2"].value == 1_234_567 and ws["B2"].number_format == "#,##0"
    assert ws["C2"].value == dt.datetime(2023, 10, 16)
    assert ws.freeze_panes == "A2"


def test_figures_are_read_as_the_interface_shows_them() -> None:
    shown = list_export._shown_number
    assert shown("1.234.567") == 1_234_567 and shown("-5.000") == -5000
    assert shown("1983") == 1983
    assert shown("012071000123") is None  # a CCCD keeps its leading zero, as text
    assert shown("1.2345") is None and shown("Theo thực tế") is None
