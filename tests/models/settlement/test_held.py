"""A plan's rows held for its settlements (models.settlement.held): the same settlements as
read one by one, in a handful of statements whatever the number of classes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, select

from models.attendance.marks import set_all_present, set_mark
from models.budget.edit import record_actual, remove_line
from models.budget.estimate import estimate_activity
from models.db import Database
from models.entities.tables import Attendance, ClassSession, Enrollment, Venue
from models.lookup import activity_by_code, plan_activity_ids, plan_by_code
from models.settlement.compute import settle_activity, settle_plan
from models.settlement.held import holding_plan

PLAN = "KH-TTDN-2023"


@contextmanager
def _statements(db: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


@pytest.fixture
def varied(demo_db: Database) -> Database:
    """Plan A with every kind of row a settlement reads: L01 all present but one person absent
    one buổi and one excused from all; L02 with a single mark; a hired hall settled by its
    invoice; a generated line removed (kept as suppressed); the other classes unmarked."""
    with demo_db.write() as s:
        for venue in s.scalars(select(Venue)):
            venue.organiser_owned = False
    with demo_db.write() as s:
        l01 = activity_by_code(s, "TTDN23-L01")
        set_all_present(s, l01.id, by="test")
        people = s.scalars(
            select(Enrollment).where(Enrollment.activity_id == l01.id).order_by(Enrollment.id)
        ).all()
        buoi = sorted(l01.sessions, key=lambda c: c.id)
        set_mark(s, people[0].id, buoi[0].id, "absent", by="test")
        for c in buoi:
            set_mark(s, people[1].id, c.id, "excused", by="test")
        lines = {line.key: line.line_id for line in estimate_activity(s, l01.id).lines}
        record_actual(s, lines["hall"], 6_000_000, "HĐ số 12/2023/HĐ-TTDN")
        remove_line(s, lines["banner"])
        l02 = activity_by_code(s, "TTDN23-L02")
        first = s.scalars(select(Enrollment).where(Enrollment.activity_id == l02.id)).first()
        assert first is not None
        set_mark(s, first.id, min(c.id for c in l02.sessions), "present", by="test")
    return demo_db


def test_held_settlements_are_those_read_alone(varied: Database) -> None:
    with varied.read() as s:
        ids = plan_activity_ids(s, plan_by_code(s, PLAN).id)
        alone = [settle_activity(s, aid, refresh=False) for aid in ids]
    with varied.read() as s:
        with holding_plan(s, plan_by_code(s, PLAN).id):
            held = [settle_activity(s, aid, refresh=False) for aid in ids]
    assert held == alone
    first = alone[0]
    assert any(p.half_days for p in first.people) and any(not p.half_days for p in first.people)
    assert any(line.key == "hall" and line.actual_amount == 6_000_000 for line in first.lines)
    assert not any(line.key == "banner" for line in first.lines)  # removed: not settled
    assert any("chưa điểm danh" in w for w in alone[2].warnings)  # unmarked, counted


def test_a_plan_is_read_in_a_few_statements_whatever_its_classes(varied: Database) -> None:
    with varied.read() as s:
        pid = plan_by_code(s, PLAN).id
        ids = plan_activity_ids(s, pid)
    with _statements(varied) as alone, varied.read() as s:
        for aid in ids:
            settle_activity(s, aid, refresh=False)
    with _statements(varied) as held, varied.read() as s, holding_plan(s, pid):
        for aid in ids:
            settle_activity(s, aid, refresh=False)
    tables = ("enrollment", "attendance", "budget_line")
    per_class = [q for q in held if any(f"FROM {t}" in q for t in tables)]
    # The held reads of those tables are three, whatever the plan's number of classes
    # (7 here); the double-pay check reads again only for people paid in a class (L01).
    assert len(per_class) <= 3 + 2, "\n".join(q[:150].replace("\n", " ") for q in per_class)
    assert len(held) < len(alone) / 2, (len(held), len(alone))


def test_a_plan_settled_while_reading_holds_its_rows_only_meanwhile(varied: Database) -> None:
    with varied.read() as s:
        pid = plan_by_code(s, PLAN).id
        refreshed = settle_plan(s, pid, refresh=True)
    with _statements(varied) as seen, varied.read() as s:
        read = settle_plan(s, pid, refresh=False)
        assert "settlement.held" not in s.info or s.info["settlement.held"] is None
    assert read == refreshed
    assert len(seen) < 40, len(seen)  # 7 classes: not 7 reads each


def test_holding_the_same_plan_again_reads_nothing(varied: Database) -> None:
    with varied.read() as s:
        pid = plan_by_code(s, PLAN).id
        with holding_plan(s, pid) as outer, _statements(varied) as seen:
            with holding_plan(s, pid) as inner:
                assert inner is outer
        assert seen == []


def test_refreshing_ignores_what_is_held(varied: Database) -> None:
    """Held rows do not follow writes: a settlement that refreshes (in a write) reads the
    database, so a mark given after the plan was held counts."""
    with varied.write() as s:
        l03 = activity_by_code(s, "TTDN23-L03")
        with holding_plan(s, l03.plan_id):
            before = settle_activity(s, l03.id, refresh=True)
            set_all_present(s, l03.id, by="test")
            s.flush()
            after = settle_activity(s, l03.id, refresh=True)
            marks = s.scalar(
                select(Attendance.id)
                .join(ClassSession, ClassSession.id == Attendance.session_id)
                .where(ClassSession.activity_id == l03.id)
                .limit(1)
            )
    assert marks is not None
    assert sum(p.half_days for p in after.people) > sum(p.half_days for p in before.people) == 0
