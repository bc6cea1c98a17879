"""models.planning.clashes: each kind of clash found, named, and placed in time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from models.db import Database
from models.entities.enums import Half
from models.entities.tables import Activity, ClassSession, Enrollment, FundingSource, Person
from models.planning.clashes import check_plan, clashes_of_activity
from models.planning.setup import ActivityInput, VenueInput, create_activity, save_venue
from models.planning.split import apply_split, propose_split
from tests.models.planning.planning_fixtures import plan_with_one_class, pool

MON, TUE = dt.date(2023, 3, 6), dt.date(2023, 3, 7)


def _db(empty_url: str) -> tuple[Database, int, int, list[int]]:
    db = Database(empty_url)
    with db.write() as s:
        plan_id, first, lecturers = plan_with_one_class(s)
    return db, plan_id, first, lecturers


def test_a_plan_typed_properly_has_no_clash(empty_url: str) -> None:
    db, plan_id, _first, _lecturers = _db(empty_url)
    with db.write() as s:
        pool(s)
        apply_split(s, propose_split(s, plan_id, classes=6, limit=40, by="district"))
    with db.read() as s:
        assert check_plan(s, plan_id) == []


def test_venue_and_lecturer_double_booked_in_one_buoi(empty_url: str) -> None:
    db, plan_id, _first, lecturers = _db(empty_url)
    with db.write() as s:
        # The same hall, the same days, the same lecturers in turn: what a careless copy does.
        create_activity(
            s,
            ActivityInput(plan_id, "KH-A-L02", "Lớp 2", MON, TUE, venue_id=1,
                          lecturer_ids=tuple(lecturers)),
        )  # fmt: skip
    with db.read() as s:
        clashes = check_plan(s, plan_id)
    venue = [c for c in clashes if c.kind == "venue"]
    assert len(venue) == 4  # all four buổi
    assert venue[0].activities == ("KH-A-L01", "KH-A-L02")
    assert (venue[0].date, venue[0].buoi) == (MON, "sáng")
    assert venue[0].message == (
        "Hội trường Sở được xếp cho 2 lớp cùng buổi sáng 06/03/2023: KH-A-L01, KH-A-L02"
    )
    teaching = [c for c in clashes if c.kind == "lecturer"]
    assert teaching and all(len(c.people) == 1 for c in teaching)
    assert teaching[0].message.startswith("Giảng viên Giảng viên A dạy 2 lớp cùng buổi")
    with db.read() as s:
        second = s.scalar(select(Activity.id).where(Activity.code == "KH-A-L02"))
        assert second is not None
        assert {c.kind for c in clashes_of_activity(s, second)} == {"venue", "lecturer"}


def test_a_lecturer_in_two_places_on_one_day(empty_url: str) -> None:
    db, plan_id, _first, lecturers = _db(empty_url)
    with db.write() as s:
        other_hall = save_venue(s, VenueInput("Nhà văn hóa Sìn Hồ"))
        create_activity(
            s,
            ActivityInput(plan_id, "KH-A-L02", "Lớp 2", MON, MON, venue_id=other_hall.id,
                          halves=(Half.AFTERNOON,), lecturer_ids=(lecturers[0],)),
        )  # fmt: skip
        # L01's Monday-afternoon lecturer is someone else: only the place clashes.
        s.execute(
            update(ClassSession)
            .where(ClassSession.on_date == MON, ClassSession.half == Half.AFTERNOON,
                   ClassSession.activity_id == 1)
            .values(lecturer_id=lecturers[2])
        )  # fmt: skip
        s.execute(
            update(ClassSession)
            .where(ClassSession.on_date == MON, ClassSession.half == Half.MORNING,
                   ClassSession.activity_id == 1)
            .values(lecturer_id=lecturers[0])
        )  # fmt: skip
    with db.read() as s:
        places = [c for c in check_plan(s, plan_id) if c.kind == "lecturer"]
    assert len(places) == 1 and places[0].buoi is None
    assert "dạy ở 2 nơi trong ngày 06/03/2023" in places[0].message
    assert places[0].people == ("Giảng viên A",)


def test_a_person_in_two_overlapping_classes_capacity_dates_and_no_lecturer(
    empty_url: str,
) -> None:
    db, plan_id, first, _lecturers = _db(empty_url)
    with db.write() as s:
        pool(s, per_district=45, districts=("Tam Đường", "Phong Thổ"))  # 90 people
        people = list(s.scalars(select(Person.id)))
        s.add_all(Enrollment(person_id=p, activity_id=first) for p in people)  # 90 > 80 seats
        hall = save_venue(s, VenueInput("Nhà văn hóa xã", capacity=100))
        late = create_activity(
            s,
            ActivityInput(plan_id, "KH-A-L09", "Lớp 9", dt.date(2023, 12, 30),
                          dt.date(2024, 1, 2), venue_id=hall.id),
        )  # fmt: skip
        s.add(Enrollment(person_id=people[0], activity_id=late.id))
        overlap = create_activity(
            s, ActivityInput(plan_id, "KH-A-L02", "Lớp 2", TUE, TUE, venue_id=hall.id)
        )
        s.add_all(Enrollment(person_id=p, activity_id=overlap.id) for p in people[:3])
        s.execute(update(FundingSource).values(year=2023))
    with db.read() as s:
        clashes = check_plan(s, plan_id)
    kinds = {c.kind for c in clashes}
    assert {"person", "capacity", "dates", "no_lecturer"} <= kinds
    person = next(c for c in clashes if c.kind == "person")
    assert person.activities == ("KH-A-L01", "KH-A-L02") and len(person.people) == 3
    assert person.message.startswith("3 người có tên ở cả KH-A-L01 và KH-A-L02")
    capacity = next(c for c in clashes if c.kind == "capacity")
    assert capacity.message == "KH-A-L01: 90 người ghi danh, Hội trường Sở chỉ chứa 80"
    dates = next(c for c in clashes if c.kind == "dates")
    assert dates.activities == ("KH-A-L09",) and "ngoài năm 2023" in dates.message
    missing = [c for c in clashes if c.kind == "no_lecturer"]
    assert {c.activities for c in missing} == {("KH-A-L09",), ("KH-A-L02",)}
    assert [c.date for c in clashes] == sorted(c.date or dt.date.min for c in clashes)
