"""Both databases for the integrity tests: SQLite always, PostgreSQL where the server runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from models.db import Database
from models.entities.enums import Half
from models.entities.tables import Activity, BudgetLine, ClassSession, Enrollment, Person, Plan


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def any_db(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[Database]:
    if request.param == "sqlite":
        url = request.getfixturevalue("empty_url")
    else:
        url = request.getfixturevalue("pg_url")
    db = Database(url)
    yield db
    db.close()


def small_class(db: Database, people: int = 3) -> dict[str, int]:
    """A plan with one activity of two sessions, `people` enrolled, one activity line and one
    plan-level line: the ids."""
    with db.write() as s:
        plan = Plan(code="KH-1", title="Kế hoạch thử")
        activity = Activity(
            plan=plan, code="L1", title="Lớp 1",
            start_date=dt.date(2026, 10, 16), end_date=dt.date(2026, 10, 16),
        )  # fmt: skip
        s.add_all([plan, activity])
        s.flush()
        for half in (Half.MORNING, Half.AFTERNOON):
            s.add(ClassSession(activity_id=activity.id, on_date=dt.date(2026, 10, 16), half=half))
        for n in range(people):
            person = Person(full_name=f"Giàng A {n}", cccd=f"0120870{n:05d}")
            s.add(person)
            s.flush()
            s.add(Enrollment(person_id=person.id, activity_id=activity.id))
        line = BudgetLine(
            plan_id=plan.id, activity_id=activity.id, description="Nước uống", quantity=10,
            unit="người", rate=20_000, amount=200_000,
        )  # fmt: skip
        plan_line = BudgetLine(
            plan_id=plan.id, description="In tài liệu", quantity=1, unit="bộ", rate=500_000,
            amount=500_000,
        )  # fmt: skip
        s.add_all([line, plan_line])
        s.flush()
        return {
            "plan": plan.id, "activity": activity.id, "line": line.id,
            "plan_line": plan_line.id,
        }  # fmt: skip
