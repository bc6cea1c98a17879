"""Locking a class and writing its attendance are serialized: the lock either includes the
write or refuses; the locked settlement always equals one computed from stored attendance."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from models.attendance.marks import set_all_present
from models.db import Database
from models.errors import BusyError, LockedError, UserError
from models.settlement.compute import compute_settlement, settle_activity
from models.settlement.locking import lock_activity
from tests.models.integrity.conftest import small_class

WAITING = (
    "SELECT count(*) FROM pg_stat_activity "
    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
)


def _half_days(settlement: object) -> list[int]:
    return [p.half_days for p in settlement.people]  # type: ignore[attr-defined]


def _locked_equals_stored(db: Database, activity_id: int) -> list[int]:
    with db.read() as s:
        kept = settle_activity(s, activity_id, refresh=False)
        fresh = compute_settlement(s, activity_id, refresh=False)
    assert kept.locked
    assert _half_days(kept) == _half_days(fresh)
    return _half_days(kept)


@pytest.mark.postgresql
def test_postgresql_lock_waits_for_the_attendance_being_written(pg_url: str) -> None:
    db = Database(pg_url)
    ids = small_class(db)
    writer = db.sessions()
    writer.begin()
    set_all_present(writer, ids["activity"], by="điểm danh")  # holds the activity's row lock
    outcome: list[BaseException | None] = []

    def lock() -> None:
        try:
            with db.write() as s:
                lock_activity(s, ids["activity"], by="kế toán")
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    locker = threading.Thread(target=lock)
    locker.start()
    with db.engine.connect() as conn:  # wait until the lock is waiting (or has finished)
        while locker.is_alive():
            waiting = conn.execute(text(WAITING)).scalar()
            conn.rollback()  # pg_stat_activity is a snapshot per transaction
            if waiting:
                break
            time.sleep(0.01)
    assert locker.is_alive(), "the lock did not wait for the attendance being written"
    writer.commit()
    writer.close()
    locker.join()
    assert outcome == [None]
    assert _locked_equals_stored(db, ids["activity"]) == [2, 2, 2]  # the write is included
    db.close()


@pytest.mark.postgresql
def test_postgresql_attendance_waiting_for_a_lock_is_refused(pg_url: str) -> None:
    db = Database(pg_url)
    ids = small_class(db)
    locker = db.sessions()
    locker.begin()
    lock_activity(locker, ids["activity"], by="kế toán")  # holds the row until commit
    outcome: list[BaseException | None] = []

    def mark() -> None:
        try:
            with db.write() as s:
                set_all_present(s, ids["activity"], by="điểm danh")
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    writer = threading.Thread(target=mark)
    writer.start()
    with db.engine.connect() as conn:
        while writer.is_alive():
            if conn.execute(text(WAITING)).scalar():
                break
            conn.rollback()
            time.sleep(0.01)
    locker.commit()
    locker.close()
    writer.join()
    assert len(outcome) == 1 and isinstance(outcome[0], LockedError)
    assert _locked_equals_stored(db, ids["activity"]) == [0, 0, 0]
    db.close()


def test_sqlite_lock_during_an_attendance_write_refuses(empty_url: str) -> None:
    db = Database(empty_url)
    ids = small_class(db)
    writer = db.sessions()
    writer.begin()
    set_all_present(writer, ids["activity"], by="điểm danh")  # the write lock is held
    with pytest.raises(BusyError, match="cơ sở dữ liệu đang bận"), db.write() as s:
        s.connection().exec_driver_sql("PRAGMA busy_timeout=50")  # not 5 s in a test
        lock_activity(s, ids["activity"], by="kế toán")
    writer.commit()
    writer.close()
    with db.write() as s:
        lock_activity(s, ids["activity"], by="kế toán")
    assert _locked_equals_stored(db, ids["activity"]) == [2, 2, 2]


def test_sqlite_attendance_read_before_a_lock_cannot_write_after_it(empty_url: str) -> None:
    db = Database(empty_url)
    ids = small_class(db)
    writer = db.sessions()
    writer.begin()
    writer.connection().exec_driver_sql("SELECT count(*) FROM attendance")  # its snapshot
    with db.write() as s:
        lock_activity(s, ids["activity"], by="kế toán")
    with pytest.raises(UserError):  # busy (stale snapshot) or locked: never written
        set_all_present(writer, ids["activity"], by="điểm danh")
        writer.commit()
    writer.rollback()
    writer.close()
    assert _locked_equals_stored(db, ids["activity"]) == [0, 0, 0]
