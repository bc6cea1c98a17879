"""models.planning.calendar: a plan's month as weeks × days, its buổi and their clashes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from models.db import Database
from models.demo import scenarios as demo
from models.lookup import plan_id
from models.planning.calendar import plan_calendar, short_codes
from models.planning.setup import ActivityInput, create_activity
from tests.models.planning.planning_fixtures import plan_with_one_class

MON, TUE = dt.date(2023, 3, 6), dt.date(2023, 3, 7)


def _two_classes(empty_url: str) -> tuple[Database, int]:
    """KH-A-L01 Mon 6–Tue 7/3/2023 in Hội trường Sở, and KH-A-L02 there on the Monday too."""
    db = Database(empty_url)
    with db.write() as s:
        pid, _first, lecturers = plan_with_one_class(s)
        create_activity(
            s,
            ActivityInput(pid, "KH-A-L02", "Lớp 2", MON, MON, venue_id=1,
                          lecturer_ids=(lecturers[2],)),
        )  # fmt: skip
    return db, pid


def test_weeks_run_monday_to_sunday_and_cover_the_month(empty_url: str) -> None:
    db, pid = _two_classes(empty_url)
    with db.read() as s:
        cal = plan_calendar(s, pid, dt.date(2023, 3, 17))  # any day picks its month
    assert cal.month == dt.date(2023, 3, 1)
    assert all(len(week) == 7 for week in cal.weeks)
    assert all(day.on_date.weekday() == n for week in cal.weeks for n, day in enumerate(week))
    assert cal.weeks[0][0].on_date == dt.date(2023, 2, 27)  # 1/3/2023 was a Wednesday
    assert cal.weeks[-1][-1].on_date == dt.date(2023, 4, 2)
    in_month = [d.on_date for w in cal.weeks for d in w if d.in_month]
    assert in_month == [dt.date(2023, 3, n) for n in range(1, 32)]
    assert [m.month for m in cal.months] == [dt.date(2023, 3, 1)]
    assert (cal.previous_month, cal.next_month) == (dt.date(2023, 2, 1), dt.date(2023, 4, 1))


def test_a_day_lists_its_buoi_morning_first_with_class_and_venue(empty_url: str) -> None:
    db, pid = _two_classes(empty_url)
    with db.read() as s:
        cal = plan_calendar(s, pid)  # no month: the plan's first
    monday = next(d for w in cal.weeks for d in w if d.on_date == MON)
    assert [(e.half_letter, e.code) for e in monday.entries] == [
        ("S", "KH-A-L01"), ("S", "KH-A-L02"), ("C", "KH-A-L01"), ("C", "KH-A-L02"),
    ]  # fmt: skip
    first = monday.entries[0]
    assert (first.short_code, first.title, first.half, first.venue) == (
        "L01", "Lớp 1", "sáng", "Hội trường Sở",
    )  # fmt: skip
    tuesday = next(d for w in cal.weeks for d in w if d.on_date == TUE)
    assert [(e.half_letter, e.code) for e in tuesday.entries] == [
        ("S", "KH-A-L01"), ("C", "KH-A-L01"),
    ]  # fmt: skip


def test_a_clash_marks_its_buoi_with_the_plan_checks_message(empty_url: str) -> None:
    db, pid = _two_classes(empty_url)
    with db.read() as s:
        cal = plan_calendar(s, pid, MON)
    monday = next(d for w in cal.weeks for d in w if d.on_date == MON)
    assert all(e.clash for e in monday.entries)
    assert (
        "Hội trường Sở được xếp cho 2 lớp cùng buổi sáng 06/03/2023: KH-A-L01, KH-A-L02"
        in monday.entries[0].clashes
    )
    assert not any("buổi sáng" in m for m in monday.entries[2].clashes)  # chiều: its own
    tuesday = next(d for w in cal.weeks for d in w if d.on_date == TUE)
    assert not any(e.clash for e in tuesday.entries)  # L02 is not there on Tuesday
    assert cal.months[0].clashes == 4


def test_an_empty_month_and_codes_without_a_shared_prefix(empty_url: str) -> None:
    db, pid = _two_classes(empty_url)
    with db.read() as s:
        cal = plan_calendar(s, pid, dt.date(2023, 5, 1))
    assert cal.entries == [] and len(cal.weeks) == 5
    assert short_codes(["A1", "B2"]) == {"A1": "A1", "B2": "B2"}
    assert short_codes(["KH-A-L01"]) == {"KH-A-L01": "KH-A-L01"}
    assert short_codes(["CDTT23-B010", "CDTT23-B011"]) == {
        "CDTT23-B010": "B010", "CDTT23-B011": "B011",
    }  # fmt: skip


@contextmanager
def _statements(db: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_scenario_b_months_add_up_to_its_113_buoi_in_few_queries(campaign_url: str) -> None:
    db = Database(campaign_url)
    try:
        with db.read() as s:
            pid = plan_id(s, demo.PLAN_B)
        with _statements(db) as seen, db.read() as s:
            cal = plan_calendar(s, pid)
        # the plan, the buổi, and the plan check's handful of column queries; none per class
        assert len(seen) < 15
        assert [(m.month, m.sessions) for m in cal.months] == [
            (dt.date(2023, 10, 1), 44), (dt.date(2023, 11, 1), 44), (dt.date(2023, 12, 1), 25),
        ]  # fmt: skip
        assert sum(m.sessions for m in cal.months) == demo.CAMPAIGN_SESSIONS
        with db.read() as s:
            months = [plan_calendar(s, pid, m.month) for m in cal.months]
        assert [len(m.entries) for m in months] == [44, 44, 25]
        assert {e.code for m in months for e in m.entries} == {
            f"CDTT23-B{n:03d}" for n in range(1, 114)
        }
        busiest = max(months, key=lambda m: len(m.entries))
        assert max(len(d.entries) for w in busiest.weeks for d in w) == 2
        assert busiest.entries[0].short_code == "B001"
        assert busiest.entries[0].commune.startswith("Xã ")
    finally:
        db.close()
