"""Creating a plan from scratch in the window: plan, class, copies, venues, lecturers."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from desktop.forms import FormDialog
from desktop.mainwindow import MainWindow
from desktop.qt import QLineEdit, Qt
from models.db import Database
from models.planning.catalog import list_lecturers, list_plans, list_venues

Factory = Callable[[str], MainWindow]


def _idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=10_000)


def _dialog(qtbot: QtBot, holder: object) -> FormDialog:
    qtbot.waitUntil(lambda: getattr(holder, "dialog", None) is not None, timeout=10_000)
    dialog = holder.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, FormDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=10_000)
    return dialog


def _type(dialog: FormDialog, **values: str) -> None:
    for key, text in values.items():
        widget = dialog.widgets[key]
        assert isinstance(widget, QLineEdit)
        widget.clear()
        widget.insert(text)  # like typing: MoneyEdit regroups on textEdited
        widget.textEdited.emit(widget.text())


def test_plan_from_scratch_with_a_copied_class(
    qtbot: QtBot, window_factory: Factory, empty_url: str
) -> None:
    window = window_factory(empty_url)
    qtbot.waitUntil(window.plans_page.empty_banner.isVisible, timeout=10_000)

    window.plans_page.new_plan_button.click()
    dialog = _dialog(qtbot, window.plan_actions)
    _type(dialog, code="KH-2025-01", title="Tập huấn chuyển đổi số cho trưởng bản")
    dialog.button_ok().click()  # a required field is empty: the dialog stays
    assert dialog.isVisible() and "Đơn vị tổ chức" in dialog.error.text()
    _type(dialog, unit_name="Sở Văn hóa tỉnh Điện Biên", ceiling="350000000")
    assert dialog.widgets["ceiling"].text() == "350.000.000"  # type: ignore[attr-defined]
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: window.plans_page.plans_model.rowCount() == 1, timeout=10_000)
    _idle(qtbot, window)

    window.plan_actions.dialog = None
    window.plans_page.new_activity_button.click()
    dialog = _dialog(qtbot, window.plan_actions)
    assert dialog.values()["code"] == "KH-2025-01-L01"
    _type(dialog, title="Lớp 1")
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: window.plans_page.activities_model.rowCount() == 1, timeout=10_000)
    _idle(qtbot, window)

    window.plan_actions.dialog = None
    window.plans_page.activities_view.selectRow(0)
    window.plans_page.copy_activity_button.click()
    dialog = _dialog(qtbot, window.plan_actions)
    assert dialog.values()["code"] == "KH-2025-01-L02"
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: window.plans_page.activities_model.rowCount() == 2, timeout=10_000)
    _idle(qtbot, window)

    db = Database(empty_url)
    with db.read() as s:
        (plan,) = list_plans(s)
    assert plan.ceiling == 350_000_000 and plan.title == "Tập huấn chuyển đổi số cho trưởng bản"
    assert [a.sessions for a in plan.activities] == [4, 4]


def test_a_duplicate_plan_code_is_explained_in_the_dialog(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    window = window_factory(demo_url)
    qtbot.waitUntil(lambda: window.plans_page.plans_model.rowCount() == 1, timeout=10_000)
    _idle(qtbot, window)
    window.plans_page.new_plan_button.click()
    dialog = _dialog(qtbot, window.plan_actions)
    _type(dialog, code="KH-TTDN-2023", title="Trùng mã", unit_name="Sở X")
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: "đã được dùng" in dialog.error.text(), timeout=10_000)
    assert dialog.isVisible() and dialog.values()["title"] == "Trùng mã"  # nothing lost
    _idle(qtbot, window)


def test_venues_and_lecturers_pages(qtbot: QtBot, window_factory: Factory, demo_url: str) -> None:
    window = window_factory(demo_url)
    window.nav.setCurrentRow(3)
    page = window.venues_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.add_button.click()
    dialog = _dialog(qtbot, page)
    _type(dialog, name="Nhà văn hóa bản Hua Sát", province="Điện Biên", daily_hire="1500000")
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)

    window.nav.setCurrentRow(4)
    lecturers = window.lecturers_page
    qtbot.waitUntil(lambda: lecturers.model.rowCount() == 4, timeout=10_000)
    assert lecturers.model.index(0, 0).data() == "Hoàng Thị Lan Anh"  # tier 3 first, by name
    _idle(qtbot, window)
    db = Database(demo_url)
    with db.read() as s:
        venues = {v.name: v for v in list_venues(s)}
        assert venues["Nhà văn hóa bản Hua Sát"].daily_hire == 1_500_000
        assert len(list_lecturers(s)) == 4


def test_norms_page_shows_sources_and_what_to_verify(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    window = window_factory(demo_url)
    window.nav.setCurrentRow(5)
    page = window.norms_page
    qtbot.waitUntil(lambda: page.items_model.rowCount() > 20, timeout=10_000)
    rows = {page.items_model.index(r, 0).data(): r for r in range(page.items_model.rowCount())}
    meal = rows["MEAL_LEARNER"]
    assert page.items_model.index(meal, 2).data() == "200.000"
    assert "TT 55/2023" in page.items_model.index(meal, 5).data()
    drinks = rows["DRINKS"]  # [M] in the brief
    assert page.items_model.index(drinks, 6).data() == "cần kiểm tra"
    assert page.items_model.index(drinks, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert page.items_model.index(meal, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    _idle(qtbot, window)


def test_plan_dashboard_shows_money_and_attendance(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    from sqlalchemy import select

    from models.attendance.marks import set_all_present, set_attendance_by_cccd
    from models.entities.tables import Activity, Enrollment, Person

    db = Database(demo_url)
    with db.write() as s:
        first = s.scalar(select(Activity.id).where(Activity.code == "TTDN23-L01"))
        assert first is not None
        set_all_present(s, first, by="test")
        cccd = s.scalar(
            select(Person.cccd).join(Enrollment).where(Enrollment.activity_id == first).limit(1)
        )
        set_attendance_by_cccd(s, first, [cccd], "absent", by="test")  # 4 of 160 marks
    window = window_factory(demo_url)
    panel = window.plans_page.dashboard
    qtbot.waitUntil(lambda: panel.data is not None, timeout=20_000)
    _idle(qtbot, window)
    assert panel.data is not None
    assert panel.data.ceiling == 2_053_000_000 and panel.data.estimate_total == 549_587_600
    bars = {b.label: b for b in panel.attendance_chart.bars}
    assert bars["TTDN23-L01"].text == "98%"  # 156 / 160
    assert bars["TTDN23-L02"].text == "chưa điểm danh"
    assert panel.money_chart.bars[0].text == "549.587.600 (27%)"
    assert "1.503.412.400" in panel.note.text()


def test_a_provincial_norm_set_is_derived_and_a_cap_edited_with_its_source(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    from desktop.qt import QPlainTextEdit
    from models.norms.store import list_norm_sets

    window = window_factory(demo_url)
    window.nav.setCurrentRow(5)
    page = window.norms_page
    qtbot.waitUntil(lambda: page.sets_model.rowCount() == 2, timeout=10_000)
    _idle(qtbot, window)
    page.derive()
    dialog = _dialog(qtbot, page)
    _type(dialog, code="LAICHAU-NQ11", name="Lai Châu theo NQ 11/2019", province="Lai Châu")
    widget = dialog.widgets["legal_basis"]
    assert isinstance(widget, QPlainTextEdit)
    widget.setPlainText("Nghị quyết 11/2019/NQ-HĐND tỉnh Lai Châu")
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: page.sets_model.rowCount() == 3, timeout=10_000)
    _idle(qtbot, window)

    row = next(r for r, s in enumerate(page.sets_model.rows) if s.code == "LAICHAU-NQ11")
    page.sets_view.selectRow(row)
    item = next(r for r, i in enumerate(page.items_model.rows) if i.code == "MEAL_LEARNER")
    page.items_view.selectRow(item)
    page.dialog = None
    page.edit_cap()
    dialog = _dialog(qtbot, page)
    _type(dialog, cap="150000", source="NQ 11/2019/NQ-HĐND tỉnh Lai Châu, Điều 2")
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: "Đã sửa mức" in page.message.text(), timeout=10_000)
    assert page.message.text() == "Đã sửa mức “Hỗ trợ tiền ăn cho học viên”."
    _idle(qtbot, window)
    db = Database(demo_url)
    with db.read() as s:
        sets = {x.code: x for x in list_norm_sets(s)}
    meal = sets["LAICHAU-NQ11"].item("MEAL_LEARNER")
    assert (meal.cap, meal.source) == (150_000, "NQ 11/2019/NQ-HĐND tỉnh Lai Châu, Điều 2")
    assert sets["TT55-2023-QG"].item("MEAL_LEARNER").cap == 200_000  # the national set untouched


def test_unit_signatories_and_funding_are_edited_and_reach_the_papers(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    from models.lookup import activity_id
    from models.papers.data import UnitInfo
    from models.papers.money import payout_sheet

    window = window_factory(demo_url)
    qtbot.waitUntil(lambda: window.plans_page.plans_model.rowCount() == 1, timeout=10_000)
    _idle(qtbot, window)
    window.plans_page.unit_button.click()
    dialog = _dialog(qtbot, window.plan_actions)
    assert dialog.values()["unit_qhns"] == "1052817"  # the plan's current values are shown
    _type(dialog, chief_accountant="Hoàng Thị Thu Trang", ceiling="2100000000")
    dialog.button_ok().click()
    qtbot.waitUntil(
        lambda: window.plans_page.plans_model.index(0, 2).data() == "2.100.000.000",
        timeout=10_000,
    )
    _idle(qtbot, window)
    db = Database(demo_url)
    with db.read() as s:
        unit: UnitInfo = payout_sheet(
            s, activity_id(s, "TTDN23-L01"), include_zero=True, refresh=False
        ).unit
    assert unit.chief_accountant == "Hoàng Thị Thu Trang" and unit.head == "Lê Đức Thịnh"


def test_a_new_class_gets_its_lecturers_in_turn(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    from sqlalchemy import select

    from desktop.forms import CheckList
    from models.entities.tables import Activity, ClassSession, Lecturer

    window = window_factory(demo_url)
    qtbot.waitUntil(lambda: window.plans_page.activities_model.rowCount() == 7, timeout=10_000)
    _idle(qtbot, window)
    window.plans_page.new_activity_button.click()
    dialog = _dialog(qtbot, window.plan_actions)
    _type(dialog, title="Lớp 8: bổ sung")
    checklist = dialog.widgets["lecturer_ids"]
    assert isinstance(checklist, CheckList) and checklist.count() == 4
    for row in (0, 3):  # tier 2 and tier 5
        checklist.item(row).setCheckState(Qt.CheckState.Checked)
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: window.plans_page.activities_model.rowCount() == 8, timeout=10_000)
    _idle(qtbot, window)
    db = Database(demo_url)
    with db.read() as s:
        names = list(
            s.scalars(
                select(Lecturer.full_name)
                .join(ClassSession, ClassSession.lecturer_id == Lecturer.id)
                .join(Activity)
                .where(Activity.title == "Lớp 8: bổ sung")
                .order_by(ClassSession.on_date, ClassSession.half)
            )
        )
    assert names == ["Hoàng Thị Lan Anh", "Đặng Thu Hà", "Hoàng Thị Lan Anh", "Đặng Thu Hà"]


def test_copying_proposes_the_next_title_and_free_dates_and_warns_of_a_clash(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    import datetime as dt

    from desktop.qt import QDate, QDateEdit

    window = window_factory(demo_url)
    qtbot.waitUntil(lambda: window.plans_page.activities_model.rowCount() == 7, timeout=10_000)
    _idle(qtbot, window)
    window.plans_page.activities_view.selectRow(0)
    first = window.current_activity()
    assert first is not None
    window.plans_page.copy_activity_button.click()
    dialog = _dialog(qtbot, window.plan_actions)
    values = dialog.values()
    assert values["code"] == "TTDN23-L08" and values["title"].startswith("Lớp 8")
    assert values["start"] > first.end  # the hall and the lecturers are free then
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: window.plans_page.activities_model.rowCount() == 8, timeout=10_000)
    _idle(qtbot, window)
    assert window.plan_actions.clash_box is None  # proposed dates: nothing clashes

    window.plan_actions.dialog = None
    window.plans_page.copy_activity_button.click()
    dialog = _dialog(qtbot, window.plan_actions)
    start = dialog.widgets["start"]
    assert isinstance(start, QDateEdit)
    day: dt.date = first.start
    start.setDate(QDate(day.year, day.month, day.day))  # on top of the first class, on purpose
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: window.plan_actions.clash_box is not None, timeout=10_000)
    box = window.plan_actions.clash_box
    assert box is not None and "Hội trường" in box.text() and first.code in box.text()
    box.close()


def test_the_plan_check_lists_clashes_and_opens_the_class(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    from sqlalchemy import select

    from models.entities.tables import Activity
    from models.planning.setup import copy_activity

    with Database(demo_url).write() as s:  # a copy typed over the first class's days
        first = s.scalars(select(Activity).where(Activity.code == "TTDN23-L01")).one()
        copy_activity(s, first.id, "TTDN23-X", first.start_date)
    window = window_factory(demo_url)
    panel = window.plans_page.plan_check
    qtbot.waitUntil(lambda: panel.list.count() > 0, timeout=10_000)
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert any("TTDN23-L01, TTDN23-X" in t and "cùng buổi" in t for t in texts)
    bottom = window.plans_page.bottom
    assert bottom.tabText(bottom.indexOf(panel)) == f"Kiểm tra kế hoạch ({len(texts)})"
    panel.list.itemDoubleClicked.emit(panel.list.item(0))
    qtbot.waitUntil(lambda: window.nav.currentRow() == 1, timeout=5_000)
    current = window.activity_page.current()
    assert current is not None and current.code in texts[0]


def test_splitting_the_pooled_roster_into_six_classes_from_the_window(
    qtbot: QtBot, window_factory: Factory, empty_url: str
) -> None:
    from desktop.split_dialog import SplitDialog
    from tests.models.planning.planning_fixtures import plan_with_one_class, pool

    with Database(empty_url).write() as s:  # what the import wizard leaves: 240 without a class
        plan_with_one_class(s)
        pool(s)
    window = window_factory(empty_url)
    qtbot.waitUntil(lambda: window.plans_page.activities_model.rowCount() == 1, timeout=10_000)
    _idle(qtbot, window)
    window.plans_page.split_button.click()
    dialog = window.split_dialog
    assert isinstance(dialog, SplitDialog) and dialog.isVisible()
    dialog.by.setCurrentIndex(dialog.by.findData("district"))
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 6, timeout=10_000)
    assert [dialog.table.item(r, 2).text() for r in range(6)] == ["40"] * 6
    assert "240 trong 240 người" in dialog.note.text() and "2 nhóm phải tách" in dialog.note.text()
    with Database(empty_url).read() as s:  # the preview wrote nothing
        from sqlalchemy import func, select

        from models.entities.tables import Enrollment

        assert s.scalar(select(func.count()).select_from(Enrollment)) == 0
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: window.plans_page.activities_model.rowCount() == 6, timeout=10_000)
    _idle(qtbot, window)
    assert [a.enrolled for a in window.plans[0].activities] == [40] * 6


def test_a_norm_file_is_imported_after_its_differences_are_shown(
    qtbot: QtBot, window_factory: Factory, demo_url: str, tmp_path: object
) -> None:
    from pathlib import Path

    from desktop.qt import QMessageBox
    from models.norms.store import list_norm_sets
    from tests.models.norms.test_importing import _edited

    path = _edited(Path(str(tmp_path)))
    window = window_factory(demo_url)
    window.nav.setCurrentRow(5)
    page = window.norms_page
    qtbot.waitUntil(lambda: page.sets_model.rowCount() == 2, timeout=10_000)
    _idle(qtbot, window)
    page.import_file(path)
    qtbot.waitUntil(lambda: page.question is not None, timeout=10_000)
    box = page.question
    assert isinstance(box, QMessageBox)
    assert box.text().startswith("Bộ định mức TT55-2023-QG: 2 thay đổi")
    shown = box.informativeText()  # the item in words, never its internal code
    assert "“Hỗ trợ tiền ăn cho học viên”: mức tối đa 200.000 → 230.000" in shown
    assert "MEAL_LEARNER" not in shown + box.detailedText()
    with Database(demo_url).read() as s:  # nothing written while the user reads
        national = next(x for x in list_norm_sets(s) if x.code == "TT55-2023-QG")
        assert national.item("MEAL_LEARNER").cap == 200_000
    next(b for b in box.buttons() if b.text() == "Nhập").click()
    qtbot.waitUntil(lambda: "Đã nhập bộ định mức" in page.message.text(), timeout=10_000)
    _idle(qtbot, window)
    with Database(demo_url).read() as s:
        national = next(x for x in list_norm_sets(s) if x.code == "TT55-2023-QG")
        assert national.item("MEAL_LEARNER").cap == 230_000


def test_editing_a_lecturer_or_venue_keeps_what_the_form_does_not_change(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    """Saving the edit form keeps the tax fields and the venue's flags, and sets a lecturer's
    own travel method and the leader's lodging tier (issue 10)."""
    from desktop.qt import QCheckBox, QComboBox
    from models.planning.setup import LecturerInput, save_lecturer

    db = Database(demo_url)
    with db.write() as s:
        first = list_lecturers(s)[0]
        save_lecturer(s, LecturerInput(full_name=first.full_name, tier=first.tier,
                                       title=first.title, agency=first.agency,
                                       distance_km=first.distance_km, cccd="012345678901",
                                       tax_code="0101234567", tax_commitment=True),
                      first.id)  # fmt: skip
    window = window_factory(demo_url)
    window.nav.setCurrentRow(4)
    lecturers = window.lecturers_page
    qtbot.waitUntil(lambda: lecturers.model.rowCount() == 4, timeout=10_000)
    lecturers.table.selectRow(0)
    lecturers.edit()
    dialog = _dialog(qtbot, lecturers)
    travel = dialog.widgets["travel_method"]
    leader = dialog.widgets["leader"]
    assert isinstance(travel, QComboBox) and isinstance(leader, QCheckBox)
    travel.setCurrentIndex(travel.findData("actual"))
    leader.setChecked(True)
    dialog.button_ok().click()
    _idle(qtbot, window)
    qtbot.waitUntil(lambda: lecturers.dialog is not None and not dialog.isVisible())

    window.nav.setCurrentRow(3)
    venues = window.venues_page
    qtbot.waitUntil(lambda: venues.model.rowCount() == 1, timeout=10_000)
    venues.table.selectRow(0)
    venues.edit()
    dialog = _dialog(qtbot, venues)
    _type(dialog, address="Số 1 đường Trần Hưng Đạo")
    dialog.button_ok().click()
    _idle(qtbot, window)

    with db.read() as s:
        edited = next(x for x in list_lecturers(s) if x.id == first.id)
        venue = list_venues(s)[0]
    assert (edited.cccd, edited.tax_code, edited.tax_commitment) == (
        "012345678901",
        "0101234567",
        True,
    )
    assert (edited.travel_method, edited.leader) == ("actual", True)
    assert venue.organiser_owned and venue.address == "Số 1 đường Trần Hưng Đạo"


def test_who_pays_and_how_each_category_travels_in_the_window(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    """Chế độ hỗ trợ: the class pays the salaried learners, organisers travel by ticket; an
    agency-paid category cannot keep its meals (issue 10)."""
    from desktop.qt import QComboBox
    from models.budget.payers import category_settings
    from models.lookup import plan_by_code

    window = window_factory(demo_url)
    qtbot.waitUntil(lambda: window.plans_page.plans_model.rowCount() == 1, timeout=10_000)
    _idle(qtbot, window)
    window.plans_page.supports_action.trigger()
    dialog = _dialog(qtbot, window.plan_actions)
    payer = dialog.widgets["learner_salaried_payer"]
    travel = dialog.widgets["organiser_travel"]
    agency = dialog.widgets["learner_unsalaried_payer"]
    assert isinstance(payer, QComboBox) and isinstance(travel, QComboBox)
    assert isinstance(agency, QComboBox)
    payer.setCurrentIndex(payer.findData("class"))
    travel.setCurrentIndex(travel.findData("actual"))
    agency.setCurrentIndex(agency.findData("agency"))  # its meal stays ticked in the grid
    dialog.button_ok().click()
    _idle(qtbot, window)
    db = Database(demo_url)
    with db.read() as s:
        rows = {c.category: c for c in category_settings(s, plan_by_code(s, "KH-TTDN-2023").id)}
    assert rows["learner_salaried"].payer == "class"
    assert rows["organiser"].effective_method == "actual"
    assert rows["learner_unsalaried"].supports == ("drinks",)  # the agency pays the rest
