"""Adding and editing people by hand (models/people_edit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from models.db import Database
from models.entities.enums import Presence
from models.entities.tables import Activity, Attendance, ClassSession, Enrollment, Person
from models.errors import LockedError, NotFoundError
from models.people.edit import (
    PeopleError,
    PersonInput,
    create_person,
    enroll_people,
    person_activities,
    person_input,
    update_person,
)
from models.people.queries import name_keys
from models.planning.setup import move_people
from models.settlement.locking import lock_activity

TODAY = dt.date(2025, 6, 1)


@pytest.fixture
def db(demo_url: str) -> Iterator[Database]:
    database = Database(demo_url)
    yield database
    database.close()


def _activity(db: Database, code: str) -> Activity:
    with db.read() as s:
        return s.scalars(select(Activity).where(Activity.code == code)).one()


def test_create_normalises_and_keeps_the_keys(db: Database) -> None:
    activity = _activity(db, "TTDN23-L01")
    with db.write() as s:
        pid = create_person(
            s,
            PersonInput(
                "  LÒ   VĂN  THÀNH ",
                gender="M",
                birth_year=1978,
                village="Bản\u00a0Hua  Sát",
                commune="Xa\u0303 Qua\u0300i Tơ\u0309",  # decomposed
                cccd="011 078 012 345",
                phone="+84 912 345 678",
            ),
            activity.id,
            today=TODAY,
        )
    with db.read() as s:
        person = s.get(Person, pid)
        assert person is not None
        assert person.full_name == "Lò Văn Thành"
        assert (person.sort_key, person.search_key) == tuple(name_keys("Lò Văn Thành").values())
        assert (person.village, person.commune) == ("Bản Hua Sát", "Xã Quài Tở")
        assert (person.cccd, person.phone) == ("011078012345", "0912345678")
        enrolled = s.scalars(select(Enrollment.activity_id).where(Enrollment.person_id == pid))
        assert list(enrolled) == [activity.id]
        assert person_input(s, pid).full_name == "Lò Văn Thành"


def test_update_rewrites_the_sort_key(db: Database) -> None:
    with db.write() as s:
        pid = create_person(s, PersonInput("Lò Văn An"), today=TODAY)
        before = s.get(Person, pid).sort_key  # type: ignore[union-attr]
    with db.write() as s:
        update_person(s, pid, PersonInput("Lò Văn Xuân", birth_year=1990), today=TODAY)
    with db.read() as s:
        person = s.get(Person, pid)
        assert person is not None and person.full_name == "Lò Văn Xuân"
        assert person.sort_key == name_keys("Lò Văn Xuân")["sort_key"] != before
        assert person.search_key == "lo van xuan" and person.birth_year == 1990


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (PersonInput("   "), "họ và tên không được để trống"),
        (PersonInput("A B", cccd="12345"), "số CCCD «12345» có 5 chữ số, cần 12"),
        (PersonInput("A B", cccd="11078012345"), "có 11 chữ số, cần 12"),
        (PersonInput("A B", cccd="01107801234x"), "có ký tự không phải chữ số"),
        (PersonInput("A B", phone="12"), "số điện thoại «12» không đúng"),
        (PersonInput("A B", birth_year=2020), "năm sinh 2020 không hợp lý"),
        (PersonInput("A B", gender="X"), "giới tính"),
        (PersonInput("A B", distance_km=-3), "khoảng cách không được âm"),
    ],
)
def test_bad_input_is_a_sentence(db: Database, data: PersonInput, message: str) -> None:
    with pytest.raises(PeopleError, match=message), db.write() as s:
        create_person(s, data, today=TODAY)


def test_a_cccd_belongs_to_one_person(db: Database) -> None:
    with db.read() as s:
        other = s.scalars(select(Person).where(Person.cccd.is_not(None))).first()
        assert other is not None and other.cccd is not None
    expected = f"số CCCD {other.cccd} đã là của {other.full_name} \\(sinh {other.birth_year}"
    with pytest.raises(PeopleError, match=expected), db.write() as s:
        create_person(s, PersonInput("Người Mới", cccd=other.cccd), today=TODAY)
    with db.write() as s:
        pid = create_person(s, PersonInput("Người Mới"), today=TODAY)
    with pytest.raises(PeopleError, match=other.full_name), db.write() as s:
        update_person(s, pid, PersonInput("Người Mới", cccd=other.cccd), today=TODAY)
    with db.write() as s:  # keeping one's own number is fine
        update_person(s, other.id, person_input(s, other.id), today=TODAY)


def test_enroll_and_see_activities_with_attendance(db: Database) -> None:
    first = _activity(db, "TTDN23-L01")
    second = _activity(db, "TTDN23-L02")
    with db.write() as s:
        pid = create_person(s, PersonInput("Giàng A Dế"), first.id, today=TODAY)
        assert enroll_people(s, [pid, pid], second.id) == 1
        assert enroll_people(s, [pid], second.id) == 0  # already there: once
        enrollment = s.scalars(
            select(Enrollment).where(
                Enrollment.person_id == pid, Enrollment.activity_id == first.id
            )
        ).one()
        sessions = s.scalars(select(ClassSession).where(ClassSession.activity_id == first.id)).all()
        for number, session in enumerate(sessions):
            status = Presence.ABSENT if number == 0 else Presence.PRESENT
            s.add(Attendance(enrollment_id=enrollment.id, session_id=session.id, status=status))
    with db.read() as s:
        found = person_activities(s, pid)
    assert [(a.code, a.role, a.attended, a.sessions) for a in found] == [
        ("TTDN23-L01", "learner", len(sessions) - 1, len(sessions)),
        ("TTDN23-L02", "learner", None, found[1].sessions),
    ]
    assert found[0].dates == f"{first.start_date:%d/%m/%Y} – {first.end_date:%d/%m/%Y}"

    with db.write() as s:
        move_people(s, [pid], second.id, _activity(db, "TTDN23-L03").id)
    with db.read() as s:
        assert [a.code for a in person_activities(s, pid)] == ["TTDN23-L01", "TTDN23-L03"]


def test_locked_class_and_unknown_people(db: Database) -> None:
    activity = _activity(db, "TTDN23-L01")
    with db.write() as s:
        lock_activity(s, activity.id, by="kế toán")
    with pytest.raises(LockedError, match="đã khóa quyết toán"), db.write() as s:
        create_person(s, PersonInput("Lò Thị Hoa"), activity.id, today=TODAY)
    with pytest.raises(NotFoundError, match="không có người mã số 999999"), db.write() as s:
        enroll_people(s, [999999], _activity(db, "TTDN23-L02").id)
    with pytest.raises(NotFoundError, match="không có người"), db.read() as s:
        person_activities(s, 999999)
