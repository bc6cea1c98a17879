"""Tệp → Nhập lịch buổi truyền thông…: preview every row's fate, write nothing until
"Nhập lịch", then the plan shows its new sessions."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.mainwindow import MainWindow
from desktop.qt import QDialogButtonBox
from desktop.schedule_dialog import ScheduleDialog
from models.db import Database
from tests.models.planning.schedule_fixtures import campaign_plan, messy_schedule


def _menu_action(window: MainWindow, text: str) -> object:
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.text() == text:
                return action
    raise AssertionError(f"no menu action {text}")


def test_schedule_dialog_previews_then_imports(
    qtbot: QtBot, window_factory: object, empty_url: str, tmp_path: Path
) -> None:
    db = Database(empty_url)
    with db.write() as s:
        campaign_plan(s)
    db.close()
    path = messy_schedule(tmp_path / "lich.xlsx")
    window: MainWindow = window_factory(empty_url)  # type: ignore[operator]
    qtbot.waitUntil(lambda: window.plans_page.plans_model.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=10_000)
    _menu_action(window, "Nhập lịch buổi truyền thông…").trigger()  # type: ignore[attr-defined]
    dialog = window.schedule_dialog
    assert isinstance(dialog, ScheduleDialog) and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 13, timeout=10_000)
    assert (
        "Đọc 13 dòng: 3 buổi sẽ được tạo (2 địa điểm mới), 7 dòng bỏ qua, 3 dòng bị từ chối."
        == (dialog.note.text())
    )
    fates = [dialog.table.item(r, 1).text() for r in range(13)]
    assert fates.count("tạo buổi") == 3 and fates.count("từ chối") == 3
    assert "bỏ qua: dòng tổng cộng" in fates
    row10 = next(r for r in range(13) if dialog.table.item(r, 0).text() == "10")
    assert dialog.table.item(row10, 5).text() == "ngày «31/02/2023» không có thật, cột B"
    row8 = next(r for r in range(13) if dialog.table.item(r, 0).text() == "8")
    assert "Nguyễn Văn Lạ" in dialog.table.item(row8, 5).text()  # a warning, still created
    assert dialog.table.item(row8, 3).text() == "02/10/2023 chiều"
    assert window.plans[0].activities == ()  # the preview wrote nothing
    assert ok.isEnabled()
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: len(window.plans[0].activities) == 3, timeout=10_000)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=10_000)
    assert not dialog.isVisible()
    assert [a.code for a in window.plans[0].activities] == [
        "KH-CDTT-B001", "KH-CDTT-B002", "KH-CDTT-B003"
    ]  # fmt: skip


def test_schedule_dialog_says_why_a_file_is_refused(
    qtbot: QtBot, window_factory: object, empty_url: str, tmp_path: Path
) -> None:
    db = Database(empty_url)
    with db.write() as s:
        campaign_plan(s)
    db.close()
    window: MainWindow = window_factory(empty_url)  # type: ignore[operator]
    qtbot.waitUntil(lambda: window.plans_page.plans_model.rowCount() == 1, timeout=10_000)
    window.import_schedule()
    dialog = window.schedule_dialog
    dialog.load(tmp_path / "khong-co.xlsx")
    qtbot.waitUntil(
        lambda: "không tìm thấy tệp khong-co.xlsx" in dialog.note.text(), timeout=10_000
    )
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_sessions_generated_from_a_list_of_places(
    qtbot: QtBot, window_factory: object, empty_url: str, tmp_path: Path
) -> None:
    from desktop.qt import QDate
    from tests.models import roster_fixtures as fx

    db = Database(empty_url)
    with db.write() as s:
        campaign_plan(s)
    db.close()
    places = fx.write_xlsx(tmp_path / "dia-diem.xlsx", {"DS": [
        ["STT", "Địa điểm", "Xã", "Thôn, bản", "Số hộ"],
        [1, "Nhà văn hóa bản Na", "Xã Quài Tở", "Bản Na", 120],
        [2, "Nhà văn hóa bản Lồng", "Xã Quài Tở", "Bản Lồng", 95],
        [3, "Nhà văn hóa bản Hua Sát", "Xã Quài Nưa", "Bản Hua Sát", 80],
    ]})  # fmt: skip
    window: MainWindow = window_factory(empty_url)  # type: ignore[operator]
    qtbot.waitUntil(lambda: window.plans_page.plans_model.rowCount() == 1, timeout=10_000)
    window.import_schedule()
    dialog = window.schedule_dialog
    dialog.first_day.setDate(QDate(2023, 10, 6))  # a Friday: then Monday
    dialog.last_day.setDate(QDate(2023, 10, 9))
    dialog.load_places(places)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10_000)
    days = [dialog.table.item(r, 3).text() for r in range(3)]
    assert days == ["06/10/2023 sáng", "06/10/2023 chiều", "09/10/2023 sáng"]
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: len(window.plans[0].activities) == 3, timeout=10_000)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=10_000)
