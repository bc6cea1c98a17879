"""models.guard and models.lookup: one lock rule for every write into a class, one lookup."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.attendance.marks import set_all_present
from models.budget.edit import add_line
from models.db import Database
from models.entities.tables import Activity, Enrollment, Person
from models.errors import LockedError, NotFoundError, UserError
from models.lookup import (
    activity_by_code,
    activity_id,
    get_activity,
    person_by_cccd,
    plan_by_code,
    plan_id,
    unit_by_code,
)
from models.people.edit import PersonInput, create_person, enroll_people
from models.planning.setup import move_people, session_rows, update_session
from models.roster_import.apply import apply_import
from models.roster_import.outcome import ImportOptions
from models.roster_import.plan import plan_import
from models.settlement.locking import lock_activity
from tests.models import roster_fixtures as fx

L01, L02 = "TTDN23-L01", "TTDN23-L02"


def _locked(db: Database) -> tuple[int, int]:
    with db.write() as s:
        locked = activity_by_code(s, L01).id
        other = activity_by_code(s, L02).id
        lock_activity(s, locked, by="kế toán")
    return locked, other


def _enrolled(s: Session, activity: int) -> int:
    return s.scalar(select(func.count()).where(Enrollment.activity_id == activity)) or 0


def test_every_write_into_a_locked_class_is_refused_by_the_core(
    demo_db: Database, tmp_path: Path
) -> None:
    locked, other = _locked(demo_db)
    roster = fx.write_xlsx(
        tmp_path / "ds.xlsx",
        {"DS": [["STT", "Họ và tên", "Năm sinh", "Số CCCD"], [1, "Lò Văn Mới", 1980, ""]]},
    )
    with demo_db.read() as s:
        before = _enrolled(s, locked)
        first_session = session_rows(s, locked)[0].session_id
        outsider = s.scalar(
            select(Person.id).where(Person.id.not_in(select(Enrollment.person_id))).limit(1)
        ) or s.scalar(select(Person.id).join(Enrollment).where(Enrollment.activity_id == other))
        assert outsider is not None

    writes: list[Callable[[Session], object]] = [
        lambda s: apply_import(s, plan_import(s, roster, ImportOptions()), activity_id=locked),
        lambda s: enroll_people(s, [outsider], locked),
        lambda s: create_person(s, PersonInput("Lò Thị Hoa"), locked),
        lambda s: move_people(s, [outsider], other, locked),
        lambda s: update_session(s, first_session, lecturer_id=None, topic="x", taught=True),
        lambda s: set_all_present(s, locked, by="x"),
        lambda s: add_line(
            s,
            plan_id=get_activity(s, locked).plan_id,
            description="Văn phòng phẩm",
            quantity=1,
            unit="gói",
            rate=1,
            activity_id=locked,
        ),
    ]
    for write in writes:
        with pytest.raises(LockedError, match=f"{L01} đã khóa quyết toán"), demo_db.write() as s:
            write(s)
    with demo_db.read() as s:
        assert _enrolled(s, locked) == before  # nothing got in


def test_lookups_normalise_codes_once_and_say_what_is_missing(demo_db: Database) -> None:
    decomposed = unicodedata.normalize("NFD", f"  {L01} ")
    with demo_db.read() as s:
        assert activity_by_code(s, decomposed).code == L01
        assert activity_id(s, decomposed) == activity_by_code(s, L01).id
        plan = get_activity(s, activity_id(s, L01)).plan
        assert plan_by_code(s, f" {plan.code}").id == plan_id(s, plan.code) == plan.id
        someone = s.scalar(select(Person).where(Person.cccd.is_not(None)).limit(1))
        assert someone is not None and someone.cccd is not None
        assert person_by_cccd(s, f" {someone.cccd} ") is someone
        assert person_by_cccd(s, "") is None
        assert plan.org_unit is not None
        if plan.org_unit.qhns_code:
            assert unit_by_code(s, plan.org_unit.qhns_code) is plan.org_unit
        assert unit_by_code(s, "KHÔNG-CÓ") is None
        for missing, message in [
            (lambda: activity_by_code(s, "KHONG-CO"), "không có hoạt động mã KHONG-CO"),
            (lambda: get_activity(s, 999_999), "không có hoạt động mã số 999999"),
            (lambda: plan_id(s, "KHONG-CO"), "không có kế hoạch mã KHONG-CO"),
        ]:
            with pytest.raises(NotFoundError, match=message) as caught:
                missing()
            assert isinstance(caught.value, UserError | LookupError)


def test_the_activity_is_found_by_id_for_writes(demo_db: Database) -> None:
    with demo_db.read() as s:
        assert isinstance(get_activity(s, activity_id(s, L02)), Activity)
