"""Locks the database keeps: triggers refuse raw SQL against a locked class, unlocking only by
the reopen operation; plan locks; the lock snapshot's checksum — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from models.budget.edit import add_line, update_line
from models.db import Database
from models.errors import LockedError, MoneyError, TamperedError
from models.settlement.compute import settle_activity
from models.settlement.locking import lock_activity, lock_plan, reopen_activity, reopen_plan
from tests.models.integrity.conftest import small_class

RAW = (
    "INSERT INTO attendance (enrollment_id, session_id, status, recorded_by, recorded_at) "
    "SELECT e.id, cs.id, 'present', 'x', CURRENT_TIMESTAMP FROM enrollment e "
    "JOIN class_session cs ON cs.activity_id = e.activity_id WHERE e.activity_id = :a",
    "UPDATE budget_line SET actual_amount = 1 WHERE activity_id = :a",
    "UPDATE budget_line SET quantity = 11, amount = 220000 WHERE activity_id = :a",
    "DELETE FROM enrollment WHERE activity_id = :a",
    "UPDATE enrollment SET travel_actual = 5 WHERE activity_id = :a",
    "UPDATE activity SET locked = false WHERE id = :a",
    "DELETE FROM activity WHERE id = :a",
    "UPDATE activity_lock_event SET snapshot = '{}' WHERE activity_id = :a",
    "DELETE FROM activity_lock_event WHERE activity_id = :a",
    "INSERT INTO activity_lock_event (activity_id, action, by, at, reason, snapshot, checksum) "
    "VALUES (:a, 'reopen', 'x', CURRENT_TIMESTAMP, '', '', '')",
)


@pytest.mark.parametrize("statement", RAW)
def test_raw_sql_against_a_locked_class_is_refused_by_the_database(
    any_db: Database, statement: str
) -> None:
    ids = small_class(any_db)
    with any_db.write() as s:
        lock_activity(s, ids["activity"], by="kế toán")
    with pytest.raises(LockedError, match="cơ sở dữ liệu từ chối"), any_db.engine.begin() as c:
        c.execute(text(statement), {"a": ids["activity"]})


def test_reopen_is_the_way_to_unlock_and_then_writes_pass(any_db: Database) -> None:
    ids = small_class(any_db)
    with any_db.write() as s:
        lock_activity(s, ids["activity"], by="kế toán")
    with any_db.write() as s:
        reopen_activity(s, ids["activity"], by="kế toán", reason="sai số người")
    with any_db.engine.begin() as c:  # unlocked: the same raw SQL is accepted
        c.execute(text(RAW[2]), {"a": ids["activity"]})
    with pytest.raises(LockedError), any_db.engine.begin() as c:  # no lock without its event
        c.execute(text("UPDATE activity SET locked = true WHERE id = :a"), {"a": ids["activity"]})
    with any_db.engine.connect() as c:
        assert not c.execute(text("SELECT locked FROM activity")).scalar()


def test_a_plan_locks_after_its_classes_and_then_its_lines_refuse(any_db: Database) -> None:
    ids = small_class(any_db)
    with pytest.raises(MoneyError, match="còn lớp chưa khóa: L1"), any_db.write() as s:
        lock_plan(s, ids["plan"], by="kế toán")
    with any_db.write() as s:
        lock_activity(s, ids["activity"], by="kế toán")
    with any_db.write() as s:
        lock_plan(s, ids["plan"], by="kế toán")
    with pytest.raises(LockedError, match="kế hoạch KH-1 đã khóa"), any_db.write() as s:
        update_line(s, ids["plan_line"], rate=1)
    with pytest.raises(LockedError, match="kế hoạch KH-1 đã khóa"), any_db.write() as s:
        add_line(s, plan_id=ids["plan"], description="Thêm", quantity=1, unit="", rate=1)
    with pytest.raises(LockedError, match="cơ sở dữ liệu từ chối"), any_db.engine.begin() as c:
        c.execute(text("UPDATE budget_line SET actual_amount = 1 WHERE activity_id IS NULL"))
    with pytest.raises(MoneyError, match="mở khóa kế hoạch trước"), any_db.write() as s:
        reopen_activity(s, ids["activity"], by="kế toán", reason="sửa")
    with any_db.write() as s:
        reopen_plan(s, ids["plan"], by="kế toán", reason="bổ sung chứng từ")
    with any_db.write() as s:
        update_line(s, ids["plan_line"], rate=400_000)


def test_a_snapshot_changed_outside_the_program_is_shown_as_tampering(
    any_db: Database,
) -> None:
    ids = small_class(any_db)
    with any_db.write() as s:
        lock_activity(s, ids["activity"], by="kế toán")
    with any_db.read() as s:
        assert settle_activity(s, ids["activity"], refresh=False).locked  # verified, used
    sqlite = any_db.engine.dialect.name == "sqlite"
    with any_db.engine.begin() as c:  # someone with the file or the server's superuser
        if sqlite:
            c.execute(text("DROP TRIGGER tr_activity_lock_event_guard_update"))
        else:
            c.execute(
                text("ALTER TABLE activity_lock_event DISABLE TRIGGER tr_activity_lock_event_guard")
            )
        c.execute(
            text("UPDATE activity_lock_event SET snapshot = replace(snapshot, '200000', '900000')")
        )
    with pytest.raises(TamperedError, match="đã bị sửa ngoài chương trình"), any_db.read() as s:
        settle_activity(s, ids["activity"], refresh=False)
