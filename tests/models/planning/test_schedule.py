"""Campaign schedules: a messy workbook into outreach sessions, every row accounted for, one
transaction; sessions generated from a list of places."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models.db import Database
from models.entities.enums import ActivityKind, Half
from models.entities.tables import Activity, ClassSession, Venue
from models.errors import ConflictError, LockedError, UserError
from models.planning.generate import generate_sessions, read_places
from models.planning.schedule import (
    ScheduleError,
    apply_schedule,
    plan_schedule,
)
from models.planning.schedule_read import parse_day, parse_half, read_schedule
from models.planning.setup import ActivityInput, VenueInput, create_activity, save_venue
from models.settlement.locking import lock_plan
from tests.models.planning.schedule_fixtures import SHEET, campaign_plan, messy_schedule
from tests.models.roster_fixtures import write_csv


@pytest.fixture
def db(empty_url: str) -> Database:
    return Database(empty_url)


def _counts(db: Database) -> tuple[int, int, int]:
    with db.read() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(t)) or 0
            for t in (Activity, ClassSession, Venue)
        )


def test_messy_schedule_every_row_accounted_for(db: Database, tmp_path: Path) -> None:
    with db.write() as s:
        plan_id, venue_id, lecturer_id = campaign_plan(s)
    path = messy_schedule(tmp_path / "lich.xlsx")
    with db.read() as s:  # the preview writes nothing
        preview = plan_schedule(s, plan_id, path)
    assert _counts(db) == (0, 0, 1)
    with db.write() as s:
        result = apply_schedule(s, preview)
    doc = result.as_json()
    assert list(doc) == ["rows_read", "sessions", "venues_created", "skipped", "rejected",
                         "rejections"]  # fmt: skip
    assert result.reconciled
    assert doc["rows_read"] == doc["sessions"] + len(doc["skipped"]) + doc["rejected"] == 13
    assert (doc["sessions"], doc["venues_created"], doc["rejected"]) == (3, 2, 3)
    kinds = [(x["row"], x["kind"]) for x in doc["skipped"]]
    assert kinds == [(1, "title"), (2, "title"), (6, "numbering"), (13, "total"),
                     (15, "signature"), (16, "signature"), (17, "signature")]  # fmt: skip
    assert doc["rejections"] == [
        {"sheet": SHEET, "row": 10, "column": "B", "reason": "ngày «31/02/2023» không có thật"},
        {"sheet": SHEET, "row": 11, "column": "C",
         "reason": "«Tối» không phải buổi (Sáng hoặc Chiều)"},
        {"sheet": SHEET, "row": 12, "column": "G",
         "reason": "số hộ «nhiều» không phải số nguyên không âm"},
    ]  # fmt: skip
    # The unknown speaker is a warning, not a rejection.
    assert [(w.row, w.column) for w in preview.warnings] == [(8, "H")]
    assert "Nguyễn Văn Lạ" in preview.warnings[0].reason
    with db.read() as s:
        activities = s.scalars(select(Activity).order_by(Activity.code)).all()
        assert [a.code for a in activities] == ["KH-CDTT-B001", "KH-CDTT-B002", "KH-CDTT-B003"]
        assert {a.kind for a in activities} == {ActivityKind.OUTREACH}
        assert [a.expected_count for a in activities] == [153, 152, 160]
        first, second, _third = activities
        # The date merged over two rows is both buổi's; the known venue is reused.
        assert [(x.on_date, x.half) for a in activities[:2] for x in a.sessions] == [
            (dt.date(2023, 10, 2), Half.MORNING), (dt.date(2023, 10, 2), Half.AFTERNOON)
        ]  # fmt: skip
        assert first.venue_id == venue_id and first.sessions[0].venue_id == venue_id
        assert first.sessions[0].lecturer_id == lecturer_id  # "Đ/c LÒ VĂN PẢN"
        assert second.sessions[0].lecturer_id is None
        assert second.venue is not None and second.venue.name == "Nhà văn hóa bản Co Nỏng"
        assert second.sessions[0].venue_id == second.venue_id
        assert s.scalar(select(func.count()).select_from(Venue)) == 3
        assert all(a.plan_id == plan_id for a in activities)


def test_codes_continue_the_plans_outreach_sequence(db: Database, tmp_path: Path) -> None:
    with db.write() as s:
        plan_id, _venue, _lecturer = campaign_plan(s)
        create_activity(
            s,
            ActivityInput(plan_id, "CDTT23-B113", "Buổi 113", dt.date(2023, 12, 1),
                          dt.date(2023, 12, 1), kind=ActivityKind.OUTREACH,
                          halves=(Half.MORNING,)),
        )  # fmt: skip
        create_activity(s, ActivityInput(plan_id, "CDTT23-B114", "Lớp khác", dt.date(2023, 12, 2),
                                         dt.date(2023, 12, 2)))  # fmt: skip
    path = messy_schedule(tmp_path / "lich.xlsx")
    with db.write() as s:
        result = apply_schedule(s, plan_schedule(s, plan_id, path))
    assert [p.code for p in result.preview.sessions] == [
        "CDTT23-B115", "CDTT23-B116", "CDTT23-B117"
    ]  # fmt: skip
    assert result.preview.sessions[0].title.startswith("Buổi truyền thông số 115 tại")


def test_an_error_midway_writes_nothing(db: Database, tmp_path: Path) -> None:
    with db.write() as s:
        plan_id, _venue, _lecturer = campaign_plan(s)
    with db.read() as s:
        preview = plan_schedule(s, plan_id, messy_schedule(tmp_path / "lich.xlsx"))
    # The third session's code taken by the first: the database refuses it at the flush,
    # after the new venues and the first two activities were added.
    sessions = list(preview.sessions)
    sessions[2] = dataclasses.replace(sessions[2], code=sessions[0].code)
    broken = dataclasses.replace(preview, sessions=tuple(sessions))
    with pytest.raises(ConflictError), db.write() as s:
        apply_schedule(s, broken)
    assert _counts(db) == (0, 0, 1)


def test_stale_preview_and_locked_plan_are_refused(db: Database, tmp_path: Path) -> None:
    with db.write() as s:
        plan_id, _venue, _lecturer = campaign_plan(s)
    path = messy_schedule(tmp_path / "lich.xlsx")
    with db.read() as s:
        preview = plan_schedule(s, plan_id, path)
    with db.write() as s:
        save_venue(s, VenueInput("Nhà văn hóa bản Co Nỏng", commune="Xã Quài Tở"))
    with pytest.raises(ScheduleError, match="đã thay đổi sau khi phân tích"), db.write() as s:
        apply_schedule(s, preview)
    with db.write() as s:
        preview = plan_schedule(s, plan_id, path)
        assert preview.venues_created == 1  # the venue added meanwhile is found now
    with db.write() as s:
        lock_plan(s, plan_id, by="kế toán")
    with pytest.raises(LockedError), db.write() as s:
        apply_schedule(s, preview)
    assert _counts(db)[0] == 0


def test_csv_schedule_and_duplicate_buoi(db: Database, tmp_path: Path) -> None:
    with db.write() as s:
        plan_id, _venue, _lecturer = campaign_plan(s)
    rows = [
        ["Ngày", "Buổi", "Địa điểm", "Xã", "Số người dự kiến"],
        ["Sáng thứ Hai 02/10/23", "", "Nhà văn hóa bản Hua Sát", "Xã Quài Tở", "1.530"],
        ["02/10/2023", "S", "nhà văn hóa bản hua sát", "Quài Tở", "150"],
        ["2023-10-03", "Cả ngày", "Nhà văn hóa bản Lốm", "Quài Tở", ""],
        ["", "Chiều", "Nhà văn hóa bản Chua", "Quài Tở", "120"],
    ]
    path = write_csv(tmp_path / "lich.csv", rows)
    with db.write() as s:
        result = apply_schedule(s, plan_schedule(s, plan_id, path))
    doc = result.as_json()
    assert (doc["rows_read"], doc["sessions"], doc["rejected"]) == (4, 2, 2) and result.reconciled
    assert [(r["row"], r["column"]) for r in doc["rejections"]] == [(5, "A"), (3, "C")]
    assert "trùng buổi với dòng 2" in doc["rejections"][1]["reason"]
    assert doc["venues_created"] == 1  # "Xã Quài Tở" and "Quài Tở" are the same commune
    first, whole_day = result.preview.sessions
    assert first.expected == 1530 and first.halves == (Half.MORNING,)
    assert whole_day.halves == (Half.MORNING, Half.AFTERNOON) and whole_day.expected is None


def test_file_without_a_header_is_refused_in_one_line(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", [["Họ và tên", "Năm sinh"], ["Lò Văn A", "1970"]])
    with pytest.raises(UserError) as caught:
        read_schedule(path)
    assert "x.csv" in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(ScheduleError, match="không tìm thấy tệp"):
        read_schedule(tmp_path / "missing.xlsx")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2023, 10, 2, 0, 0), dt.date(2023, 10, 2)),
        (45201, dt.date(2023, 10, 2)),
        ("2/10/2023", dt.date(2023, 10, 2)),
        ("Thứ Hai, 02-10-2023", dt.date(2023, 10, 2)),
        ("29/02/2023", None),
        ("32/1/2023", None),
        ("mười tháng mười", None),
        ("01/01/1990", None),
    ],
)
def test_parse_day(value: object, expected: dt.date | None) -> None:
    day, reason = parse_day(value)  # type: ignore[arg-type]
    assert day == expected and bool(reason) == (expected is None)


def test_parse_half() -> None:
    assert parse_half("Buổi sáng") == (Half.MORNING,)
    assert parse_half("CHIỀU") == (Half.AFTERNOON,)
    assert parse_half("14h00") == (Half.AFTERNOON,)
    assert parse_half("Tối") == ()


def test_generate_sessions_spreads_places_over_weekdays(db: Database) -> None:
    with db.write() as s:
        plan_id, venue_id, _lecturer = campaign_plan(s)
    places = [
        ("Nhà văn hóa bản Hua Sát", "Quài Tở", "Bản Hua Sát", 153),
        ("Nhà văn hóa bản Co Nỏng", "Quài Tở", "Bản Co Nỏng", 152),
        ("", "Quài Tở", "", 10),
        ("Nhà văn hóa bản Lốm", "Quài Tở", "", None),
    ]
    # Fri 6/10 to Mon 9/10/2023: Fri and Mon, 2 buổi each = 4 slots for 3 places.
    with db.write() as s:
        result = generate_sessions(s, plan_id, places, dt.date(2023, 10, 6), dt.date(2023, 10, 9))
    doc = result.as_json()
    assert (doc["rows_read"], doc["sessions"], doc["rejected"], doc["venues_created"]) == (
        4, 3, 1, 2
    )  # fmt: skip
    assert result.reconciled and doc["rejections"][0]["reason"] == "thiếu tên địa điểm"
    with db.read() as s:
        slots = s.execute(
            select(ClassSession.on_date, ClassSession.half, ClassSession.venue_id).order_by(
                ClassSession.on_date, ClassSession.half
            )
        ).all()
    assert [(d.weekday(), h) for d, h, _v in slots] == [
        (4, Half.MORNING), (4, Half.AFTERNOON), (0, Half.MORNING)
    ]  # fmt: skip
    assert slots[0][2] == venue_id
    with pytest.raises(ScheduleError, match="chỉ có 2 buổi cho 3 địa điểm"), db.write() as s:
        generate_sessions(s, plan_id, places, dt.date(2023, 10, 7), dt.date(2023, 10, 9))
    assert _counts(db)[0] == 3


def test_places_are_read_from_a_list_with_a_title_and_a_total(tmp_path: Path) -> None:
    from tests.models import roster_fixtures as fx

    path = fx.write_xlsx(tmp_path / "dia-diem.xlsx", {"DS": [
        ["DANH SÁCH ĐIỂM TRUYỀN THÔNG"],
        ["STT", "Địa điểm", "Xã", "Thôn, bản", "Số hộ"],
        [1, "Nhà văn hóa bản Na", "Xã Quài Tở", "Bản Na", 120],
        [2, "Nhà văn hóa bản Lồng", "Xã Quài Tở", "Bản Lồng", "95"],
        ["", "Tổng cộng", "", "", 215],
    ]})  # fmt: skip
    assert read_places(path) == [
        ("Nhà văn hóa bản Na", "Xã Quài Tở", "Bản Na", 120),
        ("Nhà văn hóa bản Lồng", "Xã Quài Tở", "Bản Lồng", 95),
    ]  # the total row is no place
