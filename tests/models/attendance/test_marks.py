"""Attendance: marks per person per session, everyone present as a start, a log of changes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models.attendance.marks import (
    attendance_grid,
    attendance_log,
    set_all_present,
    set_attendance_by_cccd,
    set_attendance_by_person,
    set_mark,
    set_session_taught,
)
from models.db import Database
from models.entities.tables import Attendance, AttendanceChange
from models.errors import MoneyError
from models.lookup import activity_by_code
from models.settlement.locking import lock_activity

CODE = "TTDN23-L01"
BUN, CA, PHU = "012166565316", "012092282676", "012072923843"  # first three in name order


def _id(db: Database) -> int:
    with db.read() as s:
        return activity_by_code(s, CODE).id


def test_everyone_present_then_changes_are_logged(demo_db: Database) -> None:
    activity_id = _id(demo_db)
    with demo_db.write() as s:
        assert set_all_present(s, activity_id, by="Nguyễn Thị Minh Hằng") == 160
        assert set_all_present(s, activity_id, by="Nguyễn Thị Minh Hằng") == 0  # nothing new
        assert (
            set_attendance_by_cccd(s, activity_id, [BUN], "absent", by="Kế toán", session_no=3) == 1
        )
        assert set_attendance_by_cccd(s, activity_id, [CA], "excused", by="Kế toán") == 4
        grid = attendance_grid(s, activity_id)
        log = attendance_log(s, activity_id)
    assert [i.label for i in grid.sessions] == [
        "Ngày 1 sáng",
        "Ngày 1 chiều",
        "Ngày 2 sáng",
        "Ngày 2 chiều",
    ]
    assert [grid.count(n, "present") for n in (1, 2, 3, 4)] == [39, 39, 38, 39]
    assert grid.count(3, "absent") == 1 and grid.count(1, "excused") == 1
    assert grid.unmarked == 0
    rows = {r.cccd: r for r in grid.rows}
    assert rows[BUN].marks == ("present", "present", "absent", "present")
    assert grid.rows[0].cccd == BUN  # Vietnamese name order: Bun, Cà, Cà, …
    assert len(log) == 165
    change = next(c for c in log if c.new_status == "absent")
    assert (change.cccd, change.session_number, change.old_status, change.changed_by) == (
        BUN,
        3,
        "present",
        "Kế toán",
    )
    assert log[0].old_status is None and log[0].changed_at is not None


def test_by_person_id_and_by_grid_cell(demo_db: Database) -> None:
    activity_id = _id(demo_db)
    with demo_db.write() as s:
        grid = attendance_grid(s, activity_id)
        row = grid.rows[1]
        assert set_attendance_by_person(s, activity_id, [row.person_id], "present", by="a") == 4
        assert set_mark(s, row.enrollment_id, grid.sessions[0].session_id, "absent", by="b")
        assert not set_mark(s, row.enrollment_id, grid.sessions[0].session_id, "absent", by="b")
        after = attendance_grid(s, activity_id)
    assert after.rows[1].marks == ("absent", "present", "present", "present")
    assert after.unmarked == 39 * 4


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, a: set_attendance_by_cccd(s, a, [BUN, "012999999999"], "absent", by="x"),
         "CCCD 012999999999 không có trong danh sách lớp TTDN23-L01"),
        (lambda s, a: set_attendance_by_cccd(s, a, [BUN], "absent", by="x", session_no=5),
         "không có buổi 5 \\(có 4 buổi\\)"),
        (lambda s, a: set_attendance_by_cccd(s, a, [BUN], "late", by="x"),
         "trạng thái điểm danh 'late'"),
        (lambda s, a: set_attendance_by_person(s, a, [999_999], "absent", by="x"),
         "người mã số 999999 không có trong danh sách"),
        (lambda s, _a: set_mark(s, 999_999, 1, "absent", by="x"),
         "không có người ghi danh mã số 999999"),
    ],
)  # fmt: skip
def test_bad_marks_change_nothing(demo_db: Database, call: object, message: str) -> None:
    activity_id = _id(demo_db)
    with pytest.raises(MoneyError, match=message), demo_db.write() as s:
        set_all_present(s, activity_id, by="x")  # rolled back with the failing call
        call(s, activity_id)  # type: ignore[operator]
    with demo_db.read() as s:
        assert s.scalar(select(func.count()).select_from(Attendance)) == 0
        assert s.scalar(select(func.count()).select_from(AttendanceChange)) == 0


def test_a_locked_activity_refuses_attendance(demo_db: Database) -> None:
    activity_id = _id(demo_db)
    with demo_db.write() as s:
        set_all_present(s, activity_id, by="x")
        lock_activity(s, activity_id, by="Kế toán trưởng")
    for call in (
        lambda s: set_all_present(s, activity_id, by="x"),
        lambda s: set_attendance_by_cccd(s, activity_id, [BUN], "absent", by="x"),
        lambda s: set_session_taught(s, activity_id, 1, False),
    ):
        with pytest.raises(MoneyError, match="TTDN23-L01 đã khóa quyết toán"), demo_db.write() as s:
            call(s)
    with demo_db.read() as s:
        assert attendance_grid(s, activity_id).count(1, "present") == 40
