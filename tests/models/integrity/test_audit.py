"""The audit trail: who, when, what, old and new values; never deleted by a cascade."""

from __future__ import annotations

import getpass

from sqlalchemy import func, select

from models.attendance.marks import set_all_present
from models.audit import auditing, history_of_activity, history_of_line, history_of_person
from models.budget.edit import record_actual, update_line
from models.db import Database
from models.entities.tables import AuditEntry, Plan
from models.settlement.locking import lock_activity
from tests.models.integrity.conftest import small_class


def test_changes_to_money_attendance_people_and_locks_are_recorded(any_db: Database) -> None:
    ids = small_class(any_db, people=2)
    with any_db.write() as s:
        update_line(s, ids["line"], rate=25_000)
    with any_db.write() as s:
        record_actual(s, ids["plan_line"], 450_000, "HĐ 12/2026")
    with any_db.write() as s:
        set_all_present(s, ids["activity"], by="điểm danh")
    with any_db.write() as s:
        lock_activity(s, ids["activity"], by="kế toán")
    who = "taphuan" if any_db.engine.dialect.name == "postgresql" else getpass.getuser()
    with any_db.read() as s:
        line = history_of_line(s, ids["line"])
        assert [e.action for e in line] == ["insert", "update"]
        assert line[1].old == {"rate": 20_000, "amount": 200_000}
        assert line[1].new == {"rate": 25_000, "amount": 250_000}
        assert line[1].by == who and line[1].what == "sửa dòng dự toán"
        actual = history_of_line(s, ids["plan_line"])[-1]
        assert actual.new["actual_amount"] == 450_000
        story = history_of_activity(s, ids["activity"])
        marks = [e for e in story if e.table == "attendance"]
        assert len(marks) == 4 and all(e.new["status"] == "present" for e in marks)
        assert [e.table for e in story][-2:] == ["activity_lock_event", "activity"]
        person = s.scalar(select(func.min(AuditEntry.person_id)))
        assert person is not None
        mine = history_of_person(s, person)
        assert {e.table for e in mine} == {"person", "enrollment", "attendance"}


def test_the_trail_survives_deleting_what_it_describes(any_db: Database) -> None:
    ids = small_class(any_db)
    with any_db.write() as s:
        plan = s.get(Plan, ids["plan"])
        s.delete(plan)
    with any_db.read() as s:
        story = history_of_activity(s, ids["activity"])
        assert story and story[-1].action == "delete"  # the cascade's deletions recorded too
        assert any(e.action == "insert" for e in story)


def test_auditing_can_be_switched_off(any_db: Database) -> None:
    with auditing(False):
        small_class(any_db)
    with any_db.read() as s:
        assert s.scalar(select(func.count(AuditEntry.id))) == 0
