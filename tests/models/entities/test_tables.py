"""The data model's own guarantees: NFC text, integer money, constraints that hold."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from models.db import Database
from models.entities.tables import Activity, BudgetLine, Enrollment, FundingSource, Person, Plan
from models.errors import ConflictError


@pytest.fixture
def db(empty_url: str) -> Database:
    return Database(empty_url)


def _plan(s: object, code: str = "KH-1") -> Plan:
    plan = Plan(code=code, title="Kế hoạch thử")
    s.add(plan)  # type: ignore[attr-defined]
    return plan


def test_text_is_stored_nfc_and_trimmed(db: Database) -> None:
    decomposed = unicodedata.normalize("NFD", "  Lò Văn Thành ")
    assert decomposed.strip() != "Lò Văn Thành"  # really decomposed
    with db.write() as s:
        s.add(Person(full_name=decomposed, commune=unicodedata.normalize("NFD", "Xã Mồ Sì San")))
    with db.read() as s:
        stored = s.execute(text("SELECT full_name, commune FROM person")).one()
    assert stored == ("Lò Văn Thành", "Xã Mồ Sì San")
    assert unicodedata.is_normalized("NFC", stored[0])


def test_money_is_integer_dong_up_to_trillions(db: Database) -> None:
    with db.write() as s:
        s.add(FundingSource(year=2023, ceiling=2_053_000_000_000))
    with db.read() as s:
        raw = s.execute(text("SELECT ceiling, typeof(ceiling) FROM funding_source")).one()
    assert raw == (2_053_000_000_000, "integer")


@pytest.mark.parametrize("bad", [1.5, 2_053_000_000.0, True])
def test_money_refuses_floats_and_bools(db: Database, bad: object) -> None:
    with pytest.raises(StatementError, match="số nguyên đồng"), db.write() as s:
        s.add(FundingSource(year=2023, ceiling=bad))
    with db.read() as s:
        assert s.scalar(select(FundingSource.id)) is None  # nothing half-written


def test_negative_ceiling_is_refused(db: Database) -> None:
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(FundingSource(year=2023, ceiling=-1))


def test_cccd_must_have_12_digits_and_be_unique(db: Database) -> None:
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(Person(full_name="Giàng A Dế", cccd="12345678901"))
    with db.write() as s:
        s.add(Person(full_name="Giàng A Dế", cccd="012087000123"))
    with pytest.raises(ConflictError, match="cùng số CCCD") as caught, db.write() as s:
        s.add(Person(full_name="Giàng A Dế (trùng)", cccd="012087000123"))
    assert "012087000123" not in str(caught.value) and "Giàng" not in str(caught.value)


def test_budget_line_amount_is_quantity_times_rate(db: Database) -> None:
    with db.write() as s:
        plan = _plan(s)
        s.flush()
        s.add(BudgetLine(plan_id=plan.id, quantity=480, rate=200_000, amount=96_000_000))
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(BudgetLine(plan_id=plan.id, quantity=480, rate=200_000, amount=96_000_001))


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError), db.write() as s:
        s.add(Enrollment(person_id=999, activity_id=999))


def test_activity_dates_must_be_ordered(db: Database) -> None:
    with pytest.raises(IntegrityError), db.write() as s:
        plan = _plan(s)
        s.add(
            Activity(
                plan=plan,
                code="L1",
                title="Lớp 1",
                start_date=dt.date(2023, 10, 17),
                end_date=dt.date(2023, 10, 16),
            )
        )


def test_a_person_is_enrolled_once_per_activity(db: Database) -> None:
    with db.write() as s:
        plan = _plan(s)
        activity = Activity(
            plan=plan, code="L1", title="Lớp 1",
            start_date=dt.date(2023, 10, 16), end_date=dt.date(2023, 10, 17),
        )  # fmt: skip
        person = Person(full_name="Tẩn Láo Lở")
        s.add_all([activity, person])
        s.flush()
        s.add(Enrollment(person_id=person.id, activity_id=activity.id))
    with pytest.raises(ConflictError, match="người này trong lớp"), db.write() as s:
        s.add(Enrollment(person_id=person.id, activity_id=activity.id))


def test_a_failed_action_leaves_nothing_behind(db: Database) -> None:
    with pytest.raises(ConflictError), db.write() as s:
        s.add(Person(full_name="Lỳ Xá Phìn", cccd="012080000001"))
        s.flush()
        s.add(Person(full_name="Lỳ Xá Phìn", cccd="012080000001"))
    with db.read() as s:
        assert s.scalar(select(Person.id)) is None
