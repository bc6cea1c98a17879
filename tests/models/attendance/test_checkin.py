"""Check-in by scanner: the CCCD QR string, bare numbers, junk; marks written through attendance."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from models.attendance.checkin import check_in, fill_present, parse_scan, toggled
from models.attendance.marks import attendance_grid, attendance_log, set_attendance_by_cccd
from models.db import Database
from models.entities.tables import Attendance
from models.errors import MoneyError
from models.lookup import activity_by_code
from models.settlement.locking import lock_activity

CODE = "TTDN23-L01"
BUN = "012166565316"  # Lò Thị Bun, first in name order in L01
CA = "012092282676"  # Hầu Gò Cà, second
ANH = "012161753304"  # Cầm Thị Ánh, enrolled in TTDN23-L02 only
QR_BUN = f"{BUN}|045123456|Lò Thị Bun|15041966|Nữ|Bản Nà Tăm, Tam Đường, Lai Châu|10052021"


def _id(db: Database, code: str = CODE) -> int:
    with db.read() as s:
        return activity_by_code(s, code).id


def _marks(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Attendance)) or 0


# --- parse_scan ----------------------------------------------------------------------------


def test_a_qr_string_gives_the_cccd_name_and_birth_date() -> None:
    scan = parse_scan(QR_BUN)
    assert scan.valid and scan.kind == "qr"
    assert (scan.cccd, scan.full_name, scan.birth_date) == (BUN, "Lò Thị Bun", dt.date(1966, 4, 15))


@pytest.mark.parametrize(
    "text",
    [
        f"  {QR_BUN}\n",  # the scanner's whitespace around it
        f"{BUN}||Lò Thị Bun|15041966|Nữ||",  # no old CMND, no address
        QR_BUN.replace("Lò Thị Bun", "Lo\u0300 Thi\u0323 Bun"),  # decomposed tone marks
    ],
)
def test_qr_variants(text: str) -> None:
    scan = parse_scan(text)
    assert (scan.kind, scan.cccd, scan.full_name) == ("qr", BUN, "Lò Thị Bun")


def test_a_qr_with_a_bad_birth_date_still_gives_the_cccd() -> None:
    scan = parse_scan(f"{BUN}|||31021966")
    assert (scan.kind, scan.cccd, scan.full_name, scan.birth_date) == ("qr", BUN, "", None)


def test_a_qr_that_lost_its_leading_zero() -> None:
    assert parse_scan(f"{BUN[1:]}||Lò Thị Bun").cccd == BUN


@pytest.mark.parametrize(
    ("text", "cccd"),
    [
        (BUN, BUN),
        (f" {BUN} ", BUN),
        (BUN[1:], BUN),  # Excel dropped the leading zero
        ("012 166 565 316", BUN),
        ("012.166.565.316", BUN),
    ],
)
def test_bare_numbers(text: str, cccd: str) -> None:
    scan = parse_scan(text)
    assert (scan.kind, scan.cccd, scan.full_name, scan.birth_date) == ("number", cccd, "", None)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "chưa có gì để điểm danh"),
        ("   ", "chưa có gì để điểm danh"),
        ("Lò Thị Bun", "không phải mã QR trên CCCD hay số CCCD"),
        ("https://dichvucong.gov.vn/p/home", "không phải mã QR trên CCCD hay số CCCD"),
        ("12345", "12345 có 5 chữ số"),
        ("0121665653161", "có 13 chữ số"),
        ("045123456", "số CMND cũ"),
        ("ABC|045123456|Lò Thị Bun", "không phải của thẻ CCCD"),
        ("12345|045123456|Lò Thị Bun", "không phải của thẻ CCCD"),
        ("０１２１６６５６５３１６", "không phải mã QR"),  # full-width digits are not a number
    ],
)
def test_other_text_is_refused_with_a_reason(text: str, reason: str) -> None:
    scan = parse_scan(text)
    assert not scan.valid and scan.kind == "invalid" and scan.cccd == ""
    assert reason in scan.reason


def test_a_long_junk_text_is_shortened_in_the_reason() -> None:
    scan = parse_scan("x" * 200)
    assert not scan.valid and len(scan.reason) < 120


# --- check_in ------------------------------------------------------------------------------


def test_check_in_marks_present_then_says_already(demo_db: Database) -> None:
    activity_id = _id(demo_db)
    with demo_db.write() as s:
        first = check_in(s, activity_id, 2, QR_BUN, by="Bàn đón tiếp")
    assert (first.status, first.cccd, first.full_name) == ("present", BUN, "Lò Thị Bun")
    assert (first.session_number, first.session_label, first.previous) == (2, "Ngày 1 chiều", None)
    with demo_db.write() as s:
        again = check_in(s, activity_id, 2, BUN[1:], by="Bàn đón tiếp")
    assert (again.status, again.full_name, again.previous) == ("already", "Lò Thị Bun", "present")
    with demo_db.read() as s:
        grid = attendance_grid(s, activity_id)
        log = attendance_log(s, activity_id)
    assert grid.rows[0].cccd == BUN and grid.rows[0].marks == (None, "present", None, None)
    assert _marks(demo_db) == 1
    assert [(c.cccd, c.session_number, c.changed_by) for c in log] == [(BUN, 2, "Bàn đón tiếp")]


def test_someone_marked_absent_who_comes_late_becomes_present(demo_db: Database) -> None:
    activity_id = _id(demo_db)
    with demo_db.write() as s:
        set_attendance_by_cccd(s, activity_id, [BUN], "absent", by="x", session_no=1)
    with demo_db.write() as s:
        result = check_in(s, activity_id, 1, f" {BUN} ", by="x")
    assert (result.status, result.previous) == ("present", "absent")
    with demo_db.read() as s:
        assert attendance_grid(s, activity_id).rows[0].marks[0] == "present"


def test_a_person_of_another_class_is_not_enrolled_and_nothing_is_written(
    demo_db: Database,
) -> None:
    activity_id = _id(demo_db)
    with demo_db.write() as s:
        result = check_in(s, activity_id, 1, f"{ANH}||Cầm Thị Á|01011961|Nữ||", by="x")
    # the database's name wins over what the QR says; the class they are in is named
    assert (result.status, result.cccd, result.full_name) == ("not_enrolled", ANH, "Cầm Thị Ánh")
    assert result.other_classes == ("TTDN23-L02",) and result.known
    assert _marks(demo_db) == 0


def test_a_stranger_is_named_from_the_qr(demo_db: Database) -> None:
    activity_id = _id(demo_db)
    with demo_db.write() as s:
        result = check_in(s, activity_id, 1, "011099000001||Giàng A Páo|01011999|Nam||", by="x")
        bare = check_in(s, activity_id, 1, "011099000001", by="x")
    assert (result.status, result.full_name, result.other_classes) == (
        "not_enrolled",
        "Giàng A Páo",
        (),
    )
    assert (bare.status, bare.cccd, bare.full_name) == ("not_enrolled", "011099000001", "")
    assert not result.known and not bare.known
    assert _marks(demo_db) == 0


def test_junk_is_invalid_with_a_reason(demo_db: Database) -> None:
    activity_id = _id(demo_db)
    with demo_db.write() as s:
        result = check_in(s, activity_id, 1, "xin chào", by="x")
    assert result.status == "invalid" and "không phải mã QR" in result.reason
    assert result.session_label == "Ngày 1 sáng"
    assert _marks(demo_db) == 0


def test_a_session_that_does_not_exist_is_refused(demo_db: Database) -> None:
    activity_id = _id(demo_db)
    with pytest.raises(MoneyError, match="không có buổi 5"), demo_db.write() as s:
        check_in(s, activity_id, 5, BUN, by="x")


def test_a_locked_activity_refuses_check_in(demo_db: Database) -> None:
    activity_id = _id(demo_db)
    with demo_db.write() as s:
        lock_activity(s, activity_id, by="Kế toán trưởng")
    for text in (BUN, "xin chào"):
        with pytest.raises(MoneyError, match="đã khóa"), demo_db.write() as s:
            check_in(s, activity_id, 1, text, by="x")
    with pytest.raises(MoneyError, match="đã khóa"), demo_db.write() as s:
        fill_present(s, activity_id, by="x")
    assert _marks(demo_db) == 0


# --- fill_present, toggled ----------------------------------------------------------------


def test_fill_present_keeps_the_marks_already_there(demo_db: Database) -> None:
    activity_id = _id(demo_db)
    with demo_db.write() as s:
        set_attendance_by_cccd(s, activity_id, [BUN], "absent", by="x", session_no=1)
        set_attendance_by_cccd(s, activity_id, [CA], "excused", by="x")
        assert fill_present(s, activity_id, by="x", session_no=1) == 38
        assert fill_present(s, activity_id, by="x", session_no=1) == 0
        assert fill_present(s, activity_id, by="x") == 117
        grid = attendance_grid(s, activity_id)
    assert grid.unmarked == 0
    assert [grid.count(n, "present") for n in (1, 2, 3, 4)] == [38, 39, 39, 39]
    assert grid.rows[0].marks == ("absent", "present", "present", "present")
    assert grid.rows[1].marks == ("excused",) * 4
    with pytest.raises(MoneyError, match="không có buổi 9"), demo_db.write() as s:
        fill_present(s, activity_id, by="x", session_no=9)


def test_toggled() -> None:
    assert [toggled(m) for m in (None, "present", "absent", "excused")] == [
        "present",
        "absent",
        "present",
        "present",
    ]


# --- at the door: names, enrolling ------------------------------------------------------------


def test_find_rows_by_name_without_tones_or_by_cccd(demo_db: Database) -> None:
    from models.attendance.checkin import find_rows

    with demo_db.read() as s:
        grid = attendance_grid(s, _id(demo_db))
    assert [r.full_name for r in find_rows(grid, "lo thi bun")] == ["Lò Thị Bun"]
    assert [r.full_name for r in find_rows(grid, "LÒ  thị")] == ["Lò Thị Bun", "Lồ Thị Sao"]
    assert [r.cccd for r in find_rows(grid, "166 565")] == [BUN]
    assert find_rows(grid, "zzz") == [] and len(find_rows(grid, " ")) == 40


def test_enrolling_at_the_door(demo_db: Database) -> None:
    from models.attendance.checkin import enroll_and_check_in
    from models.capacity import CapacityError
    from models.entities.tables import Activity

    aid = _id(demo_db)
    with demo_db.write() as s:
        activity = s.get(Activity, aid)
        assert activity is not None and activity.venue is not None
        activity.venue.capacity = 40
    with pytest.raises(CapacityError), demo_db.write() as s:
        enroll_and_check_in(s, aid, 2, ANH, by="t")
    assert _marks(demo_db) == 0
    with demo_db.write() as s:
        result = enroll_and_check_in(s, aid, 2, ANH, by="t", over_capacity_reason="ghế phụ")
    assert (result.status, result.full_name) == ("present", "Cầm Thị Ánh")
    with demo_db.read() as s:
        grid = attendance_grid(s, aid)
    assert len(grid.rows) == 41
    assert next(r for r in grid.rows if r.cccd == ANH).marks == (None, "present", None, None)
    with pytest.raises(MoneyError, match="chưa có trong danh sách học viên"), demo_db.write() as s:
        enroll_and_check_in(s, aid, 1, "011099000001", by="t")


def test_a_locked_class_refuses_enrolling_at_the_door(demo_db: Database) -> None:
    from models.attendance.checkin import enroll_and_check_in

    aid = _id(demo_db)
    with demo_db.write() as s:
        lock_activity(s, aid, by="kt")
    with pytest.raises(MoneyError, match="khóa"), demo_db.write() as s:
        enroll_and_check_in(s, aid, 1, ANH, by="t")
    with demo_db.read() as s:
        assert len(attendance_grid(s, aid).rows) == 40
