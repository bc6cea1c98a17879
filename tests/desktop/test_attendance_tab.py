"""The attendance tab: a people × buổi grid edited from the keyboard, "everyone present", and a
check-in box a USB scanner types the CCCD QR code into."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.pages.attendance_grid import AttendanceModel
from desktop.pages.attendance_tab import AttendanceTab
from desktop.qt import QAbstractButton, QItemSelection, QItemSelectionModel, QMessageBox, Qt
from desktop.tasks import TaskRunner
from models.attendance.marks import AttendanceGrid, attendance_grid
from models.db import Database
from models.entities.tables import Activity, Attendance
from models.lookup import activity_by_code
from models.settlement.locking import lock_activity

CODE = "TTDN23-L01"
ANH = "012161753304"  # Cầm Thị Ánh: in TTDN23-L02, not in TTDN23-L01
STATUS = AttendanceModel.STATUS_ROLE


@dataclass
class Setup:
    tab: AttendanceTab
    db: Database
    runner: TaskRunner
    activity_id: int

    def grid(self) -> AttendanceGrid:
        with self.db.read() as s:
            return attendance_grid(s, self.activity_id)

    def marks(self) -> int:
        with self.db.read() as s:
            return s.scalar(select(func.count()).select_from(Attendance)) or 0


def _idle(qtbot: QtBot, setup: Setup) -> None:
    qtbot.waitUntil(lambda: setup.runner.pending == 0, timeout=10_000)


def _open(qtbot: QtBot, demo_url: str, *, locked: bool = False) -> Iterator[Setup]:
    db = Database(demo_url)
    with db.write() as s:
        activity_id = activity_by_code(s, CODE).id
        if locked:
            lock_activity(s, activity_id, by="Kế toán trưởng")
    runner = TaskRunner()
    tab = AttendanceTab(runner, by="Bàn đón tiếp")
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    tab.set_database(db)
    tab.show()
    setup = Setup(tab, db, runner, activity_id)
    tab.show_activity(activity_id)
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0, timeout=10_000)
    _idle(qtbot, setup)
    yield setup
    runner.shutdown()
    db.close()


@pytest.fixture
def setup(qtbot: QtBot, demo_url: str) -> Iterator[Setup]:
    yield from _open(qtbot, demo_url)


@pytest.fixture
def locked_setup(qtbot: QtBot, demo_url: str) -> Iterator[Setup]:
    yield from _open(qtbot, demo_url, locked=True)


def _headers(model: AttendanceModel) -> list[str]:
    return [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]


def _key(qtbot: QtBot, setup: Setup, key: Qt.Key, row: int | None = None, col: int = 2) -> None:
    table = setup.tab.table
    if row is not None:
        table.setCurrentIndex(setup.tab.model.index(row, col))
    qtbot.keyClick(table, key)
    _idle(qtbot, setup)


def _scan(qtbot: QtBot, setup: Setup, text: str) -> None:
    box = setup.tab.scan_box
    box.setText(text)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    _idle(qtbot, setup)


def test_the_grid_is_people_by_sessions(setup: Setup, qtmodeltester: ModelTester) -> None:
    tab, model = setup.tab, setup.tab.model
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (40, 6)
    assert _headers(model) == [
        "Họ và tên",
        "Số CCCD",
        "Ngày 1 sáng\nCó mặt 0/40",
        "Ngày 1 chiều\nCó mặt 0/40",
        "Ngày 2 sáng\nCó mặt 0/40",
        "Ngày 2 chiều\nCó mặt 0/40",
    ]
    first = setup.grid().rows[0]
    assert model.index(0, 0).data() == first.full_name == "Lò Thị Bun"
    assert model.index(0, 1).data() == first.cccd
    cell = model.index(0, 2)
    assert (cell.data(), cell.data(STATUS)) == ("·", None)
    assert "chưa điểm danh" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert [tab.session_combo.itemText(i) for i in range(tab.session_combo.count())] == [
        "Ngày 1 sáng (16/10/2023)",
        "Ngày 1 chiều (16/10/2023)",
        "Ngày 2 sáng (17/10/2023)",
        "Ngày 2 chiều (17/10/2023)",
    ]
    assert tab.current_session() == 1  # nobody marked yet: the first buổi
    assert tab.summary.text() == "40 người · 4 buổi · còn 160 ô chưa điểm danh"
    assert not tab.banner.isVisible() and tab.scan_box.isEnabled()


def test_keys_set_marks_in_the_database(
    qtbot: QtBot, setup: Setup, qtmodeltester: ModelTester
) -> None:
    tab, model = setup.tab, setup.tab.model
    qtmodeltester.check(model)
    with qtbot.waitSignal(tab.changed, timeout=10_000):
        _key(qtbot, setup, Qt.Key.Key_Space, row=0, col=2)
    assert setup.grid().rows[0].marks == ("present", None, None, None)
    assert model.index(0, 2).data() == "✓" and model.index(0, 2).data(STATUS) == "present"
    assert _headers(model)[2] == "Ngày 1 sáng\nCó mặt 1/40"

    assert tab.table.currentIndex() == model.index(1, 2)  # marked: on to the next person
    _key(qtbot, setup, Qt.Key.Key_Space, row=0)  # toggles back: absent
    assert setup.grid().rows[0].marks[0] == "absent" and model.index(0, 2).data() == "✗"
    _key(qtbot, setup, Qt.Key.Key_Space, row=0)
    assert setup.grid().rows[0].marks[0] == "present"

    _key(qtbot, setup, Qt.Key.Key_Return, row=0)  # Enter moves down, writes nothing
    assert tab.table.currentIndex().row() == 1
    _key(qtbot, setup, Qt.Key.Key_P)
    assert tab.table.currentIndex() == model.index(2, 2)
    _key(qtbot, setup, Qt.Key.Key_V, row=2, col=3)
    _key(qtbot, setup, Qt.Key.Key_C, row=3, col=5)
    rows = setup.grid().rows
    assert rows[1].marks == ("excused", None, None, None)
    assert rows[2].marks == (None, "absent", None, None)
    assert rows[3].marks == (None, None, None, "present")
    assert model.index(1, 2).data() == "P" and model.index(3, 5).data() == "✓"
    assert tab.table.currentIndex() == model.index(4, 5)  # refreshed in place, one row down

    # a block of cells: one key, one transaction
    selection = QItemSelection(model.index(4, 4), model.index(9, 4))
    tab.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    tab.table.selectionModel().setCurrentIndex(
        model.index(4, 4), QItemSelectionModel.SelectionFlag.NoUpdate
    )
    _key(qtbot, setup, Qt.Key.Key_V)
    assert [r.marks[2] for r in setup.grid().rows[4:10]] == ["absent"] * 6
    assert setup.marks() == 10

    # a name cell is not a mark
    _key(qtbot, setup, Qt.Key.Key_Space, row=0, col=0)
    assert "Chọn một ô ở cột của buổi học" in tab.message.text()
    assert setup.marks() == 10


def test_everyone_present_fills_only_the_empty_cells(qtbot: QtBot, setup: Setup) -> None:
    tab = setup.tab
    _key(qtbot, setup, Qt.Key.Key_V, row=0, col=2)  # Lò Thị Bun absent at Ngày 1 sáng
    assert tab.fill_session_button.text() == "Điểm danh tất cả có mặt — Ngày 1 sáng"
    assert "giữ nguyên" in tab.fill_session_button.toolTip()
    with qtbot.waitSignal(tab.changed, timeout=10_000):
        tab.fill_session_button.click()
    _idle(qtbot, setup)
    assert tab.message.text() == "Đã ghi có mặt cho 39 ô còn trống."
    grid = setup.grid()
    assert (grid.count(1, "present"), grid.count(1, "absent"), grid.unmarked) == (39, 1, 120)

    tab.fill_all_button.click()
    _idle(qtbot, setup)
    grid = setup.grid()
    assert setup.marks() == 160 and grid.unmarked == 0
    assert [grid.count(n, "present") for n in (1, 2, 3, 4)] == [39, 40, 40, 40]
    assert grid.rows[0].marks == ("absent", "present", "present", "present")
    assert _headers(tab.model)[2:] == [
        "Ngày 1 sáng\nCó mặt 39/40",
        "Ngày 1 chiều\nCó mặt 40/40",
        "Ngày 2 sáng\nCó mặt 40/40",
        "Ngày 2 chiều\nCó mặt 40/40",
    ]
    assert tab.summary.text() == "40 người · 4 buổi · còn 0 ô chưa điểm danh"

    tab.fill_all_button.click()
    _idle(qtbot, setup)
    assert "không có gì thay đổi" in tab.message.text()


def test_scanning_the_qr_code_of_an_enrolled_person(qtbot: QtBot, setup: Setup) -> None:
    tab = setup.tab
    first = setup.grid().rows[0]
    qr = f"{first.cccd}|045123456|{first.full_name}|15041966|Nữ|Bản Nà Tăm, Tam Đường|10052021"
    with qtbot.waitSignal(tab.changed, timeout=10_000):
        _scan(qtbot, setup, qr)
    assert tab.feedback_tone == "ok"
    assert tab.feedback_title.text() == "✓ Lò Thị Bun — có mặt buổi Ngày 1 sáng"
    assert tab.scan_box.text() == ""
    assert setup.grid().rows[0].marks == ("present", None, None, None)
    assert tab.model.index(0, 2).data() == "✓"
    assert tab.table.currentIndex() == tab.model.index(0, 2)  # the row is shown

    _scan(qtbot, setup, qr)  # the same card again
    assert tab.feedback_tone == "warn"
    assert tab.feedback_title.text() == "Lò Thị Bun đã điểm danh rồi (buổi Ngày 1 sáng)"
    assert setup.marks() == 1


def test_typing_a_number_the_way_a_scanner_does(qtbot: QtBot, setup: Setup) -> None:
    tab = setup.tab
    person = setup.grid().rows[5]
    tab.session_combo.setCurrentIndex(2)  # Ngày 2 sáng
    assert tab.model.headerData(4, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole).bold()
    qtbot.keyClicks(tab.scan_box, person.cccd[1:])  # 11 digits: the leading zero lost
    qtbot.keyClick(tab.scan_box, Qt.Key.Key_Return)
    _idle(qtbot, setup)
    assert tab.feedback_title.text() == f"✓ {person.full_name} — có mặt buổi Ngày 2 sáng"
    assert setup.grid().rows[5].marks == (None, None, "present", None)

    # digits typed while the grid has the focus go to the check-in box
    other = setup.grid().rows[6]
    qtbot.keyClicks(tab.table, other.cccd)
    assert tab.scan_box.text() == other.cccd
    qtbot.keyClick(tab.scan_box, Qt.Key.Key_Enter)
    _idle(qtbot, setup)
    assert setup.grid().rows[6].marks == (None, None, "present", None)

    tab.show_activity(setup.activity_id)  # shown again (another tab changed something)
    _idle(qtbot, setup)
    assert tab.current_session() == 3  # the chosen buổi stays chosen


def test_someone_from_another_class_is_refused(qtbot: QtBot, setup: Setup) -> None:
    tab = setup.tab
    with qtbot.assertNotEmitted(tab.changed):
        _scan(qtbot, setup, f"{ANH}|045000111|Cầm Thị Ánh|01011961|Nữ|Nậm Tăm|01012022")
    assert tab.feedback_tone == "bad"
    assert tab.feedback_title.text() == "✗ Không có trong danh sách lớp: Cầm Thị Ánh"
    assert "TTDN23-L02" in tab.feedback_detail.text()
    assert tab.scan_box.text() == ""
    assert setup.marks() == 0

    _scan(qtbot, setup, "xin chào")
    assert tab.feedback_tone == "bad" and tab.feedback_title.text() == "Không nhận ra mã vừa quét"
    assert "không phải mã QR trên CCCD" in tab.feedback_detail.text()
    _scan(qtbot, setup, "011099000001")
    assert "không có trong cơ sở dữ liệu" in tab.feedback_detail.text()
    assert setup.marks() == 0


def test_a_locked_class_is_read_only(qtbot: QtBot, locked_setup: Setup) -> None:
    setup = locked_setup
    tab = setup.tab
    assert tab.banner.isVisible() and "Lớp đã khóa sổ" in tab.banner.text()
    assert not tab.scan_box.isEnabled()
    assert not tab.fill_session_button.isEnabled() and not tab.fill_all_button.isEnabled()
    assert tab.model.rowCount() == 40
    _key(qtbot, setup, Qt.Key.Key_Space, row=0, col=2)
    assert tab.message.text().startswith("Lớp đã khóa sổ: không sửa được điểm danh")
    tab.fill(None)
    _idle(qtbot, setup)
    assert setup.marks() == 0


def test_a_class_locked_meanwhile_refuses_with_a_sentence(qtbot: QtBot, setup: Setup) -> None:
    tab = setup.tab
    with setup.db.write() as s:  # locked from another window
        lock_activity(s, setup.activity_id, by="Kế toán trưởng")
    with qtbot.assertNotEmitted(tab.changed):
        _key(qtbot, setup, Qt.Key.Key_Space, row=0, col=2)
    text = tab.message.text()
    assert text.startswith("Hoạt động TTDN23-L01 đã khóa quyết toán") and text.endswith(".")
    assert "Traceback" not in text
    qtbot.waitUntil(tab.banner.isVisible, timeout=10_000)  # reloaded: now shown read-only
    assert not tab.scan_box.isEnabled()
    assert setup.marks() == 0


def test_no_activity_shows_an_empty_tab(qtbot: QtBot, setup: Setup) -> None:
    tab = setup.tab
    tab.show_activity(None)
    _idle(qtbot, setup)
    assert tab.model.rowCount() == 0 and tab.model.columnCount() == 0
    assert tab.session_combo.count() == 0 and not tab.scan_box.isEnabled()
    assert tab.summary.text() == "Chưa chọn lớp."


# --- the trainer at the door -----------------------------------------------------------------


def _shown(setup: Setup) -> list[str]:
    tab = setup.tab
    return [r.full_name for i, r in enumerate(tab.model.rows) if not tab.table.isRowHidden(i)]


def test_search_by_name_without_tones_or_by_cccd(qtbot: QtBot, setup: Setup) -> None:
    tab = setup.tab
    rows = setup.grid().rows
    assert rows[0].full_name == "Lò Thị Bun"
    qtbot.keyClicks(tab.search_box, "lo thi bun")
    assert _shown(setup) == ["Lò Thị Bun"]
    assert tab.search_count.text() == "1 người khớp"
    assert tab.table.currentIndex() == tab.model.index(0, 2)
    tab.search_box.setText(rows[7].cccd[3:9])  # part of a CCCD
    assert _shown(setup) == [rows[7].full_name]
    qtbot.keyClick(tab.search_box, Qt.Key.Key_Return)  # Enter: into the grid on that person
    assert tab.table.hasFocus() and tab.table.currentIndex() == tab.model.index(7, 2)
    with qtbot.waitSignal(tab.changed, timeout=10_000):
        _key(qtbot, setup, Qt.Key.Key_C)
    assert setup.grid().rows[7].marks[0] == "present"
    tab.search_box.clear()
    assert len(_shown(setup)) == 40 and tab.search_count.text() == ""


def test_a_mark_moves_to_the_next_person_shown(qtbot: QtBot, setup: Setup) -> None:
    tab = setup.tab
    tab.search_box.setText("thi")  # "Thị" in many names, not in all
    shown = [i for i in range(40) if not tab.table.isRowHidden(i)]
    assert 2 < len(shown) < 40
    _key(qtbot, setup, Qt.Key.Key_C, row=shown[0])
    assert tab.table.currentIndex().row() == shown[1]
    _key(qtbot, setup, Qt.Key.Key_V)
    assert tab.table.currentIndex().row() == shown[2]
    marks = [r.marks[0] for r in setup.grid().rows]
    assert (marks[shown[0]], marks[shown[1]]) == ("present", "absent")
    assert marks.count(None) == 38  # the hidden rows between were not touched


def test_the_scan_box_takes_a_name(qtbot: QtBot, setup: Setup) -> None:
    tab = setup.tab
    with qtbot.waitSignal(tab.changed, timeout=10_000):
        _scan(qtbot, setup, "lo thi bun")
    assert tab.feedback_title.text() == "✓ Lò Thị Bun — có mặt buổi Ngày 1 sáng"
    assert setup.grid().rows[0].marks[0] == "present"

    with qtbot.assertNotEmitted(tab.changed):
        _scan(qtbot, setup, "thi")  # several people: the grid shows them, nothing written
    assert tab.feedback_tone == "warn" and "có tên khớp “thi”" in tab.feedback_title.text()
    assert tab.search_box.text() == "thi" and 2 < len(_shown(setup)) < 40
    assert setup.marks() == 1


def test_everyone_present_asks_before_buoi_still_to_come(qtbot: QtBot, setup: Setup) -> None:
    tab = setup.tab
    tab.today = lambda: dt.date(2023, 10, 16)  # Ngày 1 (16/10); Ngày 2 (17/10) is tomorrow
    tab.fill_all_button.click()
    box = tab.confirm_box
    assert box is not None and box.isVisible()
    assert "2 buổi chưa diễn ra (từ 17/10/2023)" in box.text()
    assert setup.marks() == 0  # nothing before the answer
    _button(box, "Chỉ các buổi đã diễn ra").click()
    _idle(qtbot, setup)
    grid = setup.grid()
    assert [grid.count(n, "present") for n in (1, 2, 3, 4)] == [40, 40, 0, 0]

    tab.fill_all_button.click()
    assert tab.confirm_box is not None
    _button(tab.confirm_box, "Hủy").click()
    _idle(qtbot, setup)
    assert setup.marks() == 80

    tab.fill_all_button.click()
    assert tab.confirm_box is not None
    _button(tab.confirm_box, "Cả các buổi chưa diễn ra").click()
    _idle(qtbot, setup)
    assert setup.marks() == 160

    tab.today = lambda: dt.date(2023, 10, 18)  # all past: no question
    tab.confirm_box = None
    tab.fill_all_button.click()
    _idle(qtbot, setup)
    assert tab.confirm_box is None and "không có gì thay đổi" in tab.message.text()


def _button(box: QMessageBox, text: str) -> QAbstractButton:
    return next(b for b in box.buttons() if b.text() == text)


ANH_QR = f"{ANH}|045000111|Cầm Thị Ánh|01011961|Nữ|Nậm Tăm|01012022"


def test_someone_not_on_the_list_is_enrolled_on_the_spot(qtbot: QtBot, setup: Setup) -> None:
    tab = setup.tab
    tab.session_combo.setCurrentIndex(1)  # Ngày 1 chiều
    _scan(qtbot, setup, ANH_QR)
    assert tab.feedback_tone == "bad" and tab.check_in.enroll_button.isVisible()
    tab.check_in.enroll_button.click()
    box = tab.confirm_box
    assert box is not None and "Cầm Thị Ánh" in box.text() and "TTDN23-L01" in box.text()
    _button(box, "Hủy").click()
    _idle(qtbot, setup)
    assert tab.model.rowCount() == 40 and setup.marks() == 0

    tab.check_in.enroll_button.click()
    assert tab.confirm_box is not None
    with qtbot.waitSignal(tab.changed, timeout=10_000):
        _button(tab.confirm_box, "Ghi danh và điểm danh").click()
    _idle(qtbot, setup)
    assert tab.feedback_title.text() == "✓ Cầm Thị Ánh — có mặt buổi Ngày 1 chiều"
    assert not tab.check_in.enroll_button.isVisible()
    row = next(r for r in setup.grid().rows if r.cccd == ANH)
    assert row.marks == (None, "present", None, None) and tab.model.rowCount() == 41


def test_enrolling_at_the_door_beyond_the_seats_asks_why(qtbot: QtBot, setup: Setup) -> None:
    tab = setup.tab
    with setup.db.write() as s:
        activity = s.get(Activity, setup.activity_id)
        assert activity is not None and activity.venue is not None
        activity.venue.capacity = 40  # full
    _scan(qtbot, setup, ANH_QR)
    tab.check_in.enroll_button.click()
    assert tab.confirm_box is not None
    _button(tab.confirm_box, "Ghi danh và điểm danh").click()
    _idle(qtbot, setup)
    assert tab.capacity_box is not None and "40 chỗ" in tab.capacity_box.labelText()
    assert tab.model.rowCount() == 40 and setup.marks() == 0  # nothing until the reason
    tab.capacity_box.setTextValue("Xã cử thêm, ngồi ghế phụ")
    with qtbot.waitSignal(tab.changed, timeout=10_000):
        tab.capacity_box.accept()
    _idle(qtbot, setup)
    assert tab.model.rowCount() == 41 and setup.marks() == 1
    with setup.db.read() as s:
        activity = s.get(Activity, setup.activity_id)
        assert activity is not None and activity.capacity_note == "Xã cử thêm, ngồi ghế phụ"


def test_attendance_from_a_file_in_the_window(qtbot: QtBot, setup: Setup, tmp_path: Path) -> None:
    tab = setup.tab
    rows = setup.grid().rows
    log = tmp_path / "may-quet.txt"
    log.write_text(
        f"{rows[0].cccd}\n{rows[1].cccd} 07:30\n\n{rows[0].cccd}\n{ANH}\nxin chào\n",
        encoding="utf-8",
    )
    tab.session_combo.setCurrentIndex(2)  # no dates in the file: the chosen buổi
    assert tab.file_button.isEnabled()
    with qtbot.waitSignal(tab.changed, timeout=10_000):
        tab.mark_file(log)
    _idle(qtbot, setup)
    text = tab.message.text()
    assert text.startswith(
        "may-quet.txt: 5 dòng — đã ghi 2, đã có từ trước 1, "
        "không có trong danh sách 1, không đọc được 1."
    )
    assert "Dòng 5:" in text and "Dòng 6:" in text
    grid = setup.grid()
    assert [r.marks for r in grid.rows[:2]] == [(None, None, "present", None)] * 2
    assert tab.model.index(0, 4).data() == "✓"


def test_the_grid_workbook_filled_in_comes_back_in_the_window(
    qtbot: QtBot, setup: Setup, tmp_path: Path
) -> None:
    import openpyxl

    from models.attendance.from_file import grid_table
    from reports.attendance_xlsx import write_attendance_xlsx

    columns, rows = grid_table(setup.grid())
    book = write_attendance_xlsx("Điểm danh", columns, rows, tmp_path / "bang.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb.active
    assert ws is not None
    ws["G3"] = "v"  # Lò Thị Bun absent at Ngày 2 chiều
    wb.save(book)
    with qtbot.waitSignal(setup.tab.changed, timeout=10_000):
        setup.tab.mark_file(book)
    _idle(qtbot, setup)
    assert setup.tab.message.text().startswith("bang.xlsx: 40 dòng — đã ghi 1, đã có từ trước 39")
    assert setup.grid().rows[0].marks == (None, None, None, "absent")
