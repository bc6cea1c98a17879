"""Writes report what they changed, and keep the estimate current so that reading never writes.

The invariant: after any committed write, the stored estimate of every class (what a view reads
with `refresh=False`) is the estimate a refresh would give. Each write below moves some class's
lines (asserted, so a write that moved nothing cannot pass by accident).
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from models.attendance.marks import set_mark
from models.budget.estimate import estimate_plan
from models.budget.payers import set_plan_category
from models.changes import Change
from models.db import Database
from models.entities.enums import LineOrigin
from models.entities.tables import (
    Activity,
    BudgetLine,
    ClassSession,
    Enrollment,
    Lecturer,
    Person,
    Venue,
)
from models.lookup import activity_by_code, plan_by_code
from models.norms.store import set_norm_cap
from models.people.edit import enroll_people
from models.planning.setup import LecturerInput, save_lecturer

PLAN, CODE = "KH-TTDN-2023", "TTDN23-L01"
Figures = dict[int, list[tuple[str, int, int, int]]]


def _figures(s: Any, *, refresh: bool) -> Figures:
    """Every class's lines (and the plan's, under 0) as (key, quantity, rate, amount)."""
    est = estimate_plan(s, plan_by_code(s, PLAN).id, refresh=refresh)
    figures = {
        a.activity_id: [(x.key, x.quantity, x.rate, x.amount) for x in a.lines]
        for a in est.activities
    }
    figures[0] = [(x.key, x.quantity, x.rate, x.amount) for x in est.plan_lines]
    return figures


def _stored(db: Database) -> Figures:
    """What the views show: the stored lines, read only."""
    with db.read() as s:
        return _figures(s, refresh=False)


def _refreshed(db: Database) -> Figures:
    """What a refresh would give, in a transaction rolled back (nothing kept)."""
    s = db.sessions()
    try:
        return _figures(s, refresh=True)
    finally:
        s.rollback()
        s.close()


def _l01(s: Any) -> Activity:
    return activity_by_code(s, CODE)


def _enrol_outsiders(s: Any) -> None:
    inside = select(Enrollment.person_id).where(Enrollment.activity_id == _l01(s).id)
    outsiders = list(s.scalars(select(Person.id).where(Person.id.not_in(inside)).limit(3)))
    assert enroll_people(s, outsiders, _l01(s).id, over_capacity_reason="thêm chỗ") == 3


def _leader(s: Any) -> None:
    lec = s.scalars(select(Lecturer).where(Lecturer.distance_km == 450)).one()
    data = LecturerInput(
        full_name=lec.full_name, tier=lec.tier, title=lec.title, agency=lec.agency,
        salaried=lec.salaried, distance_km=lec.distance_km, cccd=lec.cccd,
        tax_code=lec.tax_code, tax_commitment=lec.tax_commitment,
        travel_method=lec.travel_method, leader=True,
    )  # fmt: skip
    save_lecturer(s, dataclasses.replace(data), lec.id)


def _hired_hall(s: Any) -> None:
    for venue in s.scalars(select(Venue)):
        venue.organiser_owned = False


def _meal_cap(s: Any) -> None:
    # The set pricing the demo's classes, found through any line it prices (after "the agency
    # pays the village heads" there is no meal line left to find it by).
    set_code = (
        s.scalars(select(BudgetLine).where(BudgetLine.norm_item_id.is_not(None)).limit(1))
        .one()
        .norm_item.norm_set.code
    )
    set_norm_cap(s, set_code, "MEAL_LEARNER", 150_000, source="test: a lower cap")


def _drop_a_session(s: Any) -> None:
    s.delete(s.scalars(select(ClassSession).where(ClassSession.activity_id == _l01(s).id)).first())


def _agency_pays(s: Any) -> None:
    set_plan_category(s, plan_by_code(s, PLAN).id, "learner_unsalaried", payer="agency")


WRITES: dict[str, tuple[Callable[[Any], None], Change]] = {
    "enrolling three people": (_enrol_outsiders, Change.PEOPLE | Change.ESTIMATE),
    "a lecturer becomes a leader": (_leader, Change.LECTURERS | Change.ESTIMATE),
    "the halls are hired": (_hired_hall, Change.VENUES | Change.ESTIMATE),
    "a lower meal cap": (_meal_cap, Change.NORMS | Change.ESTIMATE),
    "a buổi removed": (_drop_a_session, Change.PLANS | Change.ESTIMATE),
    "the agency pays the village heads": (_agency_pays, Change.PLANS | Change.ESTIMATE),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_every_write_leaves_the_stored_estimate_current(demo_db: Database, name: str) -> None:
    write, expected = WRITES[name]
    heard: list[Change] = []
    demo_db.listeners.append(heard.append)
    before = _stored(demo_db)
    assert before == _refreshed(demo_db)  # the demo starts current
    with demo_db.write() as s:
        write(s)
    after = _stored(demo_db)
    assert after != before, "the write should have moved some class's lines"
    assert after == _refreshed(demo_db)
    assert heard and expected in heard[-1], heard  # told, with the kinds it changed


def test_marking_attendance_reports_attendance_and_moves_no_line(demo_db: Database) -> None:
    heard: list[Change] = []
    demo_db.listeners.append(heard.append)
    with demo_db.write() as s:
        enrollment = s.scalars(
            select(Enrollment).where(Enrollment.activity_id == _l01(s).id)
        ).first()
        first = s.scalars(
            select(ClassSession).where(ClassSession.activity_id == _l01(s).id)
        ).first()
        assert set_mark(s, enrollment.id, first.id, "present", by="test")
    assert heard == [Change.ATTENDANCE]  # no budget line was rewritten: no ESTIMATE


def test_a_write_that_changes_nothing_tells_nobody(demo_db: Database) -> None:
    heard: list[Change] = []
    demo_db.listeners.append(heard.append)
    with demo_db.write() as s:
        s.scalars(select(Activity)).all()
    assert heard == []


def test_a_failed_write_tells_nobody_and_keeps_nothing(demo_db: Database) -> None:
    heard: list[Change] = []
    demo_db.listeners.append(heard.append)
    before = _stored(demo_db)
    with pytest.raises(RuntimeError), demo_db.write() as s:
        _hired_hall(s)
        s.flush()
        raise RuntimeError("the user's action failed half-way")
    assert heard == []
    assert _stored(demo_db) == before


def test_an_upgraded_database_catches_its_estimates_up(demo_url: str) -> None:
    """Lines written by an older release (here: lines gone stale by a raw edit, as an older
    release left them until a view opened them) are brought current when the file is upgraded."""
    from alembic import command

    from models.locations import alembic_config

    db = Database(demo_url)
    with db.sessions() as raw:  # what an older release might have left behind (no follow-up)
        raw.execute(
            update(BudgetLine)
            .where(BudgetLine.origin == LineOrigin.GENERATED, BudgetLine.quantity_edited.is_(False))
            .values(quantity=1, amount=BudgetLine.rate)
        )
        raw.commit()
    command.downgrade(alembic_config(db.engine), "0007_certificates")
    stale = _stored(db)
    db.close()
    upgraded = Database(demo_url)
    assert _stored(upgraded) != stale
    assert _stored(upgraded) == _refreshed(upgraded)
    upgraded.close()


def _unenrol_one(s: Any) -> None:
    s.delete(s.scalars(select(Enrollment).where(Enrollment.activity_id == _l01(s).id)).first())


def _move_l01(s: Any) -> None:
    activity = _l01(s)
    other = s.scalars(select(Venue).where(Venue.id != activity.venue_id)).first()
    activity.venue_id = other.id if other is not None else None


SEQUENCE_STEPS = {
    **{name: write for name, (write, _kinds) in WRITES.items()},
    "a person leaves the class": _unenrol_one,
    "the class moves to another hall": _move_l01,
}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(st.sampled_from(sorted(SEQUENCE_STEPS)), min_size=2, max_size=4))
def test_any_sequence_of_writes_keeps_the_stored_estimate_current(
    demo_template: Path, tmp_path_factory: pytest.TempPathFactory, steps: list[str]
) -> None:
    target = tmp_path_factory.mktemp("sequence") / "demo.sqlite3"
    shutil.copyfile(demo_template, target)
    db = Database(f"sqlite:///{target}")
    try:
        for name in steps:
            with db.write() as s:
                SEQUENCE_STEPS[name](s)
            assert _stored(db) == _refreshed(db), f"stale after {name!r} in {steps}"
    finally:
        db.close()
