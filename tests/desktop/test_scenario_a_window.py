"""Scenario A built from an empty database through the window alone, as a planner would:
venue and lecturers, the plan and its settings, one class and five copies, a pooled roster of
240 village heads from 8 districts imported, distances by commune, split 6 × 40 by district,
the estimate complete without a missing-setting warning; then a clash made on purpose, seen,
and taken back with Ctrl+Z. Also: edit, archive and delete from the plan page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.distance_dialog import DistanceDialog
from desktop.forms import CheckList, FormDialog
from desktop.mainwindow import MainWindow
from desktop.pages.budget_tab import BudgetTab
from desktop.qt import QComboBox, QDate, QDateEdit, QLineEdit, QSpinBox
from models.db import Database
from models.entities.tables import Activity, Enrollment, Person
from tests.models import roster_fixtures as fx

Factory = Callable[[str], MainWindow]
DISTRICTS = ("Tam Đường", "Phong Thổ", "Sìn Hồ", "Mường Tè", "Than Uyên", "Tân Uyên",
             "Nậm Nhùn", "Thành phố")  # fmt: skip
GIVEN = ("Ánh", "Bình", "Chiến", "Dũng", "Giang", "Hùng", "Khăm", "Lả", "Minh", "Nghĩa")


def _idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=20_000)


def _dialog(qtbot: QtBot, holder: object, attr: str = "dialog") -> FormDialog:
    qtbot.waitUntil(lambda: getattr(holder, attr, None) is not None, timeout=10_000)
    dialog = getattr(holder, attr)
    assert isinstance(dialog, FormDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=10_000)
    return dialog


def _fill(dialog: FormDialog, **values: object) -> None:
    """Type into the form as a user would (text typed, dates typed, choices picked)."""
    for key, value in values.items():
        widget = dialog.widgets[key]
        if isinstance(widget, QLineEdit):
            widget.clear()
            widget.insert(str(value))
            widget.textEdited.emit(widget.text())
        elif isinstance(widget, QDateEdit):
            assert isinstance(value, dt.date)
            widget.setDate(QDate(value.year, value.month, value.day))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))  # type: ignore[call-overload]
        elif isinstance(widget, QComboBox):
            index = widget.findText(str(value))
            assert index >= 0, (key, value)
            widget.setCurrentIndex(index)
        elif isinstance(widget, CheckList):
            widget.set_value(list(value))  # type: ignore[call-overload]
        else:
            raise AssertionError(key)


def _save(qtbot: QtBot, window: MainWindow, dialog: FormDialog) -> None:
    dialog.button_ok().click()
    _idle(qtbot, window)
    assert not dialog.isVisible(), dialog.error.text()


def _pooled_roster(path: Path) -> Path:
    """240 village heads, 30 per district, three communes each, as the communes send them."""
    rows: list[list[object]] = [
        ["UBND TỈNH LAI CHÂU"],
        ["DANH SÁCH TRƯỞNG BẢN, NGƯỜI CÓ UY TÍN THAM GIA TẬP HUẤN"],
        ["STT", "Họ và tên", "Năm sinh", "Dân tộc", "Chức vụ", "Thôn, bản", "Xã", "Huyện",
         "Số CCCD"],
    ]  # fmt: skip
    n = 0
    for d, district in enumerate(DISTRICTS):
        for i in range(30):
            n += 1
            name = f"Lò Văn {GIVEN[i % 10]} {chr(65 + d)}{i:02d}"
            rows.append([
                n, name, 1960 + i, "Thái", "Trưởng bản", f"Bản {i + 1}",
                f"Xã {district} {i % 3 + 1}", f"Huyện {district}", f"0120{60 + i % 30:02d}{n:06d}",
            ])  # fmt: skip
    rows.append(["", "Tổng cộng: 240 người"])
    rows.append(["", "Người lập biểu"])
    return fx.write_xlsx(path, {"Danh sách": rows})


def test_scenario_a_from_an_empty_database_through_the_window(
    qtbot: QtBot, window_factory: Factory, empty_url: str, tmp_path: Path
) -> None:
    window = window_factory(empty_url)
    qtbot.waitUntil(window.plans_page.empty_banner.isVisible, timeout=10_000)
    _idle(qtbot, window)

    # The hall of the Sở and two lecturers.
    window.nav.setCurrentRow(3)
    venues = window.venues_page
    venues.add_button.click()
    dialog = _dialog(qtbot, venues)
    _fill(dialog, name="Hội trường Sở Thông tin và Truyền thông", province="Lai Châu",
          capacity=40)  # fmt: skip
    _save(qtbot, window, dialog)
    window.nav.setCurrentRow(4)
    for name in ("Đặng Thu Hà", "Lê Văn Bình"):
        window.lecturers_page.dialog = None
        window.lecturers_page.add_button.click()
        dialog = _dialog(qtbot, window.lecturers_page)
        _fill(dialog, full_name=name, tier=4)
        _save(qtbot, window, dialog)

    # The plan, then its travel settings (the estimate needs the petrol price).
    window.nav.setCurrentRow(0)
    window.plans_page.new_plan_button.click()
    dialog = _dialog(qtbot, window.plan_actions)
    _fill(
        dialog,
        code="KH-LC-2023",
        title="Tập huấn trưởng bản, người có uy tín",
        unit_name="Sở Thông tin và Truyền thông tỉnh Lai Châu",
        ceiling="1.500.000.000",
        issued_on=dt.date(2023, 2, 1),
        decision_date=dt.date(2023, 1, 15),
    )
    _save(qtbot, window, dialog)  # fmt: skip
    qtbot.waitUntil(lambda: window.plans_page.plans_model.rowCount() == 1, timeout=10_000)
    _idle(qtbot, window)
    window.plan_actions.dialog = None
    window.plans_page.edit_plan_button.click()
    dialog = _dialog(qtbot, window.plan_actions)
    assert dialog.values()["code"] == "KH-LC-2023"
    _fill(dialog, petrol_price="23.450")
    _save(qtbot, window, dialog)

    # One class, typed; five copies with the next dates and titles.
    window.plan_actions.dialog = None
    window.plans_page.new_activity_button.click()
    dialog = _dialog(qtbot, window.plan_actions)
    _fill(dialog, title="Lớp 1", start=dt.date(2023, 3, 6), end=dt.date(2023, 3, 7),
          venue_id="Hội trường Sở Thông tin và Truyền thông")  # fmt: skip
    lecturers = dialog.widgets["lecturer_ids"]
    assert isinstance(lecturers, CheckList)
    lecturers.set_value([lecturers.item(r).data(0x0100) for r in range(lecturers.count())])
    _save(qtbot, window, dialog)
    qtbot.waitUntil(lambda: window.plans_page.activities_model.rowCount() == 1, timeout=10_000)
    classes_shown = window.plans_page.activities_model.rowCount
    for n in range(2, 7):
        _idle(qtbot, window)
        window.plans_page.activities_view.selectRow(n - 2)
        window.plan_actions.dialog = None
        window.plans_page.copy_activity_button.click()
        dialog = _dialog(qtbot, window.plan_actions)
        assert dialog.values()["title"] == f"Lớp {n}"
        _save(qtbot, window, dialog)
        qtbot.waitUntil(partial(lambda want: classes_shown() == want, n), timeout=10_000)
    _idle(qtbot, window)
    classes = window.plans[0].activities
    assert len({a.start for a in classes}) == 6 and len({a.title for a in classes}) == 6
    check = window.plans_page.plan_check.list
    assert [check.item(i).text() for i in range(check.count())] == []  # the hall is free

    # The pooled roster, imported on the list of everyone (no class yet).
    window.nav.setCurrentRow(2)
    people = window.people_page
    _idle(qtbot, window)
    people.import_button.click()
    wizard = people.wizard
    assert wizard is not None
    wizard.file_page.path_edit.setText(str(_pooled_roster(tmp_path / "truong-ban.xlsx")))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.sheets_page, timeout=20_000)
    wizard.next()
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=20_000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.preview_page, timeout=20_000)
    _idle(qtbot, window)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=20_000)
    assert "Đã nhập 240 người mới." in wizard.done_page.result_label.text()
    wizard.accept()
    _idle(qtbot, window)

    # Split 6 × 40 by district into the six classes.
    window.nav.setCurrentRow(0)
    window.plans_page.split_button.click()
    split = window.split_dialog
    assert split is not None
    split.by.setCurrentIndex(split.by.findData("district"))
    split.preview_button.click()
    qtbot.waitUntil(lambda: split.table.rowCount() == 6, timeout=20_000)
    sizes = [split.table.item(r, 2) for r in range(6)]
    assert [x.text() if x else "" for x in sizes] == ["40"] * 6
    split.buttons.accepted.emit()
    _idle(qtbot, window)
    qtbot.waitUntil(lambda: window.plans[0].enrolled == 240, timeout=20_000)

    # Distances by commune: what travel and lodging need.
    window.plans_page.distances_action.trigger()
    qtbot.waitUntil(lambda: window.plan_edits.distance_dialog is not None, timeout=10_000)
    distances = window.plan_edits.distance_dialog
    assert isinstance(distances, DistanceDialog) and len(distances.spins) == 24
    for spin in distances.spins.values():
        spin.setValue(35)
    distances.buttons.accepted.emit()
    _idle(qtbot, window)

    # The estimate of a class: complete, no setting missing.
    window.plans_page.activities_view.selectRow(0)
    window.open_activity()
    page = window.activity_page
    budget = next(t for t in page.tab_pages if isinstance(t, BudgetTab))
    page.tabs.setCurrentIndex(page.tab_pages.index(budget))
    qtbot.waitUntil(lambda: budget.model.rowCount() > 3, timeout=20_000)
    _idle(qtbot, window)
    shown = budget.warnings.text()
    for missing in ("chưa nhập giá xăng", "chưa có khoảng cách", "chưa chọn bộ định mức"):
        assert missing not in shown, shown

    db = Database(empty_url)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 240
        per_class = s.execute(
            select(Activity.code, func.count(Enrollment.id))
            .join(Enrollment).group_by(Activity.code).order_by(Activity.code)
        ).all()  # fmt: skip
        assert [n for _code, n in per_class] == [40] * 6
        assert s.scalar(select(func.count()).where(Person.distance_km.is_(None))) == 0

    # A clash on purpose: class 2 moved onto class 1's days in the same hall.
    window.nav.setCurrentRow(0)
    _idle(qtbot, window)
    window.plans_page.activities_view.selectRow(1)
    window.plan_actions.dialog = None
    window.plans_page.edit_activity_button.click()
    dialog = _dialog(qtbot, window.plan_actions)
    _fill(dialog, start=dt.date(2023, 3, 6), end=dt.date(2023, 3, 7))
    _save(qtbot, window, dialog)
    warned = window.plan_actions.clash_box  # said at once, not only in the plan check
    assert warned is not None and "KH-LC-2023-L01" in warned.text()
    warned.close()
    qtbot.waitUntil(lambda: window.plans_page.plan_check.list.count() > 0, timeout=20_000)
    texts = [window.plans_page.plan_check.list.item(i).text()
             for i in range(window.plans_page.plan_check.list.count())]  # fmt: skip
    assert any("KH-LC-2023-L01" in t and "KH-LC-2023-L02" in t for t in texts), texts

    # Ctrl+Z: the move taken back, the clash gone.
    assert window.undo_stack.text() == "Hoàn tác: sửa lớp KH-LC-2023-L02"
    window.undo_last()
    _idle(qtbot, window)
    qtbot.waitUntil(lambda: window.plans_page.plan_check.list.count() == 0, timeout=20_000)
    with db.read() as s:
        l02 = s.scalar(select(Activity).where(Activity.code == "KH-LC-2023-L02"))
        assert l02 is not None and l02.start_date != dt.date(2023, 3, 6)
    db.close()


def test_delete_asks_first_archive_hides_and_undo_brings_back(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    from desktop.qt import QMessageBox

    window = window_factory(demo_url)
    model = window.plans_page.activities_model
    qtbot.waitUntil(lambda: model.rowCount() > 1, timeout=20_000)
    _idle(qtbot, window)
    count = model.rowCount()
    window.plans_page.activities_view.selectRow(count - 1)
    code = window.current_activity().code  # type: ignore[union-attr]
    window.plans_page.delete_activity_action.trigger()
    qtbot.waitUntil(lambda: window.plan_edits.question is not None, timeout=10_000)
    box = window.plan_edits.question
    assert isinstance(box, QMessageBox)
    assert box.text().startswith(f"Xóa lớp {code}") and "lượt đăng ký" in box.text()
    delete = next(b for b in box.buttons() if b.text() == "Xóa")
    delete.click()
    _idle(qtbot, window)
    qtbot.waitUntil(lambda: model.rowCount() == count - 1, timeout=10_000)

    window.undo_last()  # Ctrl+Z: the class, its buổi and its roster are back
    _idle(qtbot, window)
    qtbot.waitUntil(lambda: model.rowCount() == count, timeout=10_000)
    restored = next(a for a in window.plans[0].activities if a.code == code)
    assert restored.enrolled > 0 and restored.sessions > 0

    window.plans_page.activities_view.selectRow(0)
    window.plans_page.archive_activity_action.trigger()
    _idle(qtbot, window)
    qtbot.waitUntil(lambda: model.rowCount() == count - 1, timeout=10_000)
    window.plans_page.show_archived.setChecked(True)
    _idle(qtbot, window)
    qtbot.waitUntil(lambda: model.rowCount() == count, timeout=10_000)
    assert any("(lưu trữ)" in model.index(r, 0).data() for r in range(count))
