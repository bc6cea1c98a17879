"""Editing, deleting, archiving, capacity and undo of plans and classes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from models.capacity import CapacityError, capacity_line
from models.db import Database
from models.entities.enums import Half
from models.entities.tables import (
    Activity,
    AuditEntry,
    BudgetLine,
    ClassSession,
    Enrollment,
    Person,
    Plan,
)
from models.errors import LockedError, StaleEditError
from models.planning import undo
from models.planning.catalog import list_plans
from models.planning.editing import activity_form, plan_form, update_activity, update_plan
from models.planning.removal import RemovalError, activity_impact, plan_impact
from models.planning.setup import (
    ActivityInput,
    LecturerInput,
    PlanInput,
    PlanningError,
    VenueInput,
    create_activity,
    create_plan,
    save_lecturer,
    save_venue,
)

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def db(empty_url: str) -> Iterator[Database]:
    database = Database(empty_url)
    yield database
    database.close()


def _setup(db: Database, people: int = 3, capacity: int | None = 40) -> dict[str, int]:
    with db.write() as s:
        plan = create_plan(s, PlanInput(code="KH-1", title="Tập huấn trưởng bản"))
        hall = save_venue(s, VenueInput(name="Hội trường Sở", capacity=capacity))
        other = save_venue(s, VenueInput(name="Nhà văn hóa bản Na", capacity=10))
        ha = save_lecturer(s, LecturerInput(full_name="Đặng Thu Hà"))
        binh = save_lecturer(s, LecturerInput(full_name="Lê Văn Bình"))
        activity = create_activity(
            s,
            ActivityInput(
                plan_id=plan.id, code="L01", title="Lớp 1", start=MONDAY,
                end=MONDAY + dt.timedelta(days=1), venue_id=hall.id, lecturer_ids=(ha.id,),
            ),
        )  # fmt: skip
        ids = []
        for n in range(people):
            person = Person(full_name=f"Lò Văn {chr(65 + n)}", cccd=f"0110700{n:05d}")
            s.add(person)
            s.flush()
            ids.append(person.id)
            s.add(Enrollment(person_id=person.id, activity_id=activity.id))
        s.add(
            BudgetLine(
                plan_id=plan.id, activity_id=activity.id, description="Nước uống", quantity=3,
                unit="người", rate=20_000, amount=60_000,
            )
        )  # fmt: skip
        return {
            "plan": plan.id, "activity": activity.id, "hall": hall.id, "other": other.id,
            "ha": ha.id, "binh": binh.id, "p0": ids[0] if ids else 0,
        }  # fmt: skip


def _mark(db: Database, activity_id: int) -> None:
    from models.attendance.marks import set_mark

    with db.write() as s:
        e = s.scalars(select(Enrollment).where(Enrollment.activity_id == activity_id)).first()
        first = s.scalars(
            select(ClassSession)
            .where(ClassSession.activity_id == activity_id)
            .order_by(ClassSession.on_date)
        ).first()
        assert e is not None and first is not None
        set_mark(s, e.id, first.id, "present", by="test")


def _days(db: Database, activity_id: int) -> list[tuple[dt.date, Half, int | None]]:
    with db.read() as s:
        return [
            (x.on_date, x.half, x.lecturer_id)
            for x in s.scalars(
                select(ClassSession)
                .where(ClassSession.activity_id == activity_id)
                .order_by(ClassSession.on_date, ClassSession.half)
            )
        ]


# --- editing ---------------------------------------------------------------------------------


def test_a_class_moves_whole_to_new_dates_keeping_its_lecturers(db: Database) -> None:
    ids = _setup(db)
    with db.read() as s:
        form = activity_form(s, ids["activity"])
    later = MONDAY + dt.timedelta(weeks=2)
    with db.write() as s:
        update_activity(
            s, ids["activity"],
            dataclasses.replace(form, title="Lớp 1 (dời)", start=later,
                                end=later + dt.timedelta(days=1), venue_id=ids["other"]),
        )  # fmt: skip
    days = _days(db, ids["activity"])
    assert [d for d, _h, _l in days] == [later, later, later + dt.timedelta(days=1)] * 1 + [
        later + dt.timedelta(days=1)
    ]
    assert {lec for _d, _h, lec in days} == {ids["ha"]}
    with db.read() as s:
        a = s.get(Activity, ids["activity"])
        assert a is not None and a.title == "Lớp 1 (dời)" and a.venue_id == ids["other"]
        assert {x.venue_id for x in a.sessions} == {ids["other"]}


def test_a_longer_class_gains_days_and_a_new_lecturer_list_is_given_in_turn(
    db: Database,
) -> None:
    ids = _setup(db)
    with db.read() as s:
        form = activity_form(s, ids["activity"])
    with db.write() as s:
        update_activity(
            s, ids["activity"],
            dataclasses.replace(form, end=MONDAY + dt.timedelta(days=2),
                                lecturer_ids=(ids["ha"], ids["binh"])),
        )  # fmt: skip
    days = _days(db, ids["activity"])
    assert len(days) == 6 and days[-1][0] == MONDAY + dt.timedelta(days=2)
    assert [lec for _d, _h, lec in days] == [ids["ha"], ids["binh"]] * 3


def test_a_day_with_attendance_cannot_be_dropped_nor_the_class_moved(db: Database) -> None:
    ids = _setup(db)
    _mark(db, ids["activity"])
    with db.read() as s:
        form = activity_form(s, ids["activity"])
    with pytest.raises(PlanningError, match="02/03/2026 đã có điểm danh"), db.write() as s:
        update_activity(s, ids["activity"], dataclasses.replace(
            form, start=MONDAY + dt.timedelta(days=1)))  # fmt: skip
    with db.write() as s:  # shortening from the other end keeps the marked day: allowed
        update_activity(s, ids["activity"], dataclasses.replace(form, end=MONDAY))
    assert [d for d, _h, _l in _days(db, ids["activity"])] == [MONDAY, MONDAY]


def test_a_stale_class_form_is_refused_and_a_taken_code_named(db: Database) -> None:
    ids = _setup(db)
    with db.read() as s:
        form = activity_form(s, ids["activity"])
    with db.write() as s:
        update_activity(s, ids["activity"], dataclasses.replace(form, title="Của người khác"))
    with pytest.raises(StaleEditError, match="đã có người sửa"), db.write() as s:
        update_activity(s, ids["activity"], dataclasses.replace(form, title="Của tôi"))
    with db.write() as s:
        plan = s.get(Plan, ids["plan"])
        assert plan is not None
        create_activity(s, ActivityInput(plan_id=plan.id, code="L02", title="Lớp 2",
                                         start=MONDAY, end=MONDAY))  # fmt: skip
    with db.read() as s:
        fresh = activity_form(s, ids["activity"])
    with pytest.raises(PlanningError, match="mã lớp L02 đã được dùng"), db.write() as s:
        update_activity(s, ids["activity"], dataclasses.replace(fresh, code="L02"))


def test_the_plan_form_saves_the_settings_the_estimate_needs(db: Database) -> None:
    ids = _setup(db)
    with db.read() as s:
        form = plan_form(s, ids["plan"])
    with db.write() as s:
        update_plan(s, ids["plan"], dataclasses.replace(
            form, title="Tập huấn 2026", petrol_price=19_850,
            petrol_price_date=dt.date(2026, 3, 1), travel_method="actual",
        ))  # fmt: skip
    with db.read() as s:
        plan = s.get(Plan, ids["plan"])
        assert plan is not None
        assert (plan.title, plan.petrol_price, plan.travel_method) == (
            "Tập huấn 2026", 19_850, "actual",
        )  # fmt: skip
    with pytest.raises(StaleEditError), db.write() as s:
        update_plan(s, ids["plan"], dataclasses.replace(form, petrol_price=1))


# --- removing --------------------------------------------------------------------------------


def test_a_class_without_records_is_deleted_and_undo_puts_every_row_back(db: Database) -> None:
    ids = _setup(db)
    with db.read() as s:
        impact = activity_impact(s, ids["activity"])
    assert impact.deletable
    assert impact.message.startswith("Xóa lớp L01 — Lớp 1 cùng với: 4 buổi, 3 lượt đăng ký")
    with db.write() as s:
        back = undo.remove_activity(s, ids["activity"])
    with db.read() as s:
        assert s.get(Activity, ids["activity"]) is None
        assert s.scalar(select(func.count()).select_from(Person)) == 3  # people stay
        assert s.scalar(select(func.count()).select_from(BudgetLine)) == 0
        deleted = s.scalars(
            select(AuditEntry.table_name).where(AuditEntry.action == "delete")
        ).all()
        assert "budget_line" in deleted and "activity" in deleted
    assert back.label == "xóa lớp L01"
    with db.write() as s:
        back.run(s)
    with db.read() as s:
        a = s.get(Activity, ids["activity"])
        assert a is not None and len(a.sessions) == 4 and len(a.enrollments) == 3
        assert s.scalar(select(func.count()).select_from(BudgetLine)) == 1


def test_a_class_with_attendance_can_only_be_archived(db: Database) -> None:
    ids = _setup(db)
    _mark(db, ids["activity"])
    with db.read() as s:
        impact = activity_impact(s, ids["activity"])
    assert not impact.deletable and "chỉ lưu trữ được" in impact.message
    with pytest.raises(RemovalError, match="1 điểm danh"), db.write() as s:
        undo.remove_activity(s, ids["activity"])
    with db.write() as s:
        back = undo.archive_activity(s, ids["activity"])
    with db.read() as s:
        (plan,) = list_plans(s)
        assert plan.activities == ()  # hidden from the lists
        assert plan_impact(s, ids["plan"]).attendance == 1  # still in the database
    with db.write() as s:
        back.run(s)
    with db.read() as s:
        assert len(list_plans(s)[0].activities) == 1


def test_a_plan_is_deleted_with_its_classes_or_archived(db: Database) -> None:
    ids = _setup(db)
    with db.write() as s:
        back = undo.remove_plan(s, ids["plan"])
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 0
    with db.write() as s:
        back.run(s)
    _mark(db, ids["activity"])
    with pytest.raises(RemovalError), db.write() as s:
        undo.remove_plan(s, ids["plan"])
    with db.write() as s:
        undo.archive_plan(s, ids["plan"])
    with db.read() as s:
        assert list_plans(s) == []
        assert list_plans(s, include_archived=True)[0].archived


def test_a_locked_class_refuses_edits_and_removal(db: Database) -> None:
    from models.settlement.locking import lock_activity

    ids = _setup(db)
    with db.write() as s:
        lock_activity(s, ids["activity"], by="kế toán")
    with db.read() as s:
        form = activity_form(s, ids["activity"])
    for action in (
        lambda s: update_activity(s, ids["activity"], dataclasses.replace(form, title="x")),
        lambda s: undo.archive_activity(s, ids["activity"]),
        lambda s: undo.remove_activity(s, ids["activity"]),
        lambda s: undo.remove_people(s, ids["activity"], [ids["p0"]]),
    ):
        with pytest.raises(LockedError, match="đã khóa quyết toán"), db.write() as s:
            action(s)


def test_removing_a_person_from_a_class_keeps_the_person(db: Database) -> None:
    ids = _setup(db)
    with db.write() as s:
        back = undo.remove_people(s, ids["activity"], [ids["p0"]])
    with db.read() as s:
        assert s.get(Person, ids["p0"]) is not None
        assert len(s.scalars(select(Enrollment)).all()) == 2
    with db.write() as s:
        back.run(s)
    with db.read() as s:
        assert len(s.scalars(select(Enrollment)).all()) == 3


# --- capacity --------------------------------------------------------------------------------


def test_enrolling_beyond_the_venue_needs_a_reason_kept_on_the_class(db: Database) -> None:
    ids = _setup(db, people=3, capacity=4)
    with db.write() as s:
        extra = [Person(full_name=f"Quàng Thị {c}") for c in "XY"]
        s.add_all(extra)
        s.flush()
        new_ids = [p.id for p in extra]
    with pytest.raises(CapacityError, match="Hội trường Sở có 4 chỗ, lớp đã có 3 người"), \
            db.write() as s:  # fmt: skip
        undo.enroll(s, new_ids, ids["activity"])
    with db.write() as s:
        back = undo.enroll(s, new_ids, ids["activity"], over_capacity_reason="thêm 1 ghế")
    with db.read() as s:
        a = s.get(Activity, ids["activity"])
        assert a is not None
        capacity = a.venue.capacity if a.venue else None
        line = capacity_line(len(a.enrollments), capacity, a.capacity_note)
        assert line == "Vượt sức chứa: 5/4 chỗ — lý do: thêm 1 ghế"
    with db.write() as s:
        back.run(s)
    with db.read() as s:
        assert len(s.scalars(select(Enrollment)).all()) == 3


def test_moving_people_undoes_to_where_they_were(db: Database) -> None:
    ids = _setup(db)
    with db.write() as s:
        second = create_activity(s, ActivityInput(plan_id=ids["plan"], code="L02", title="Lớp 2",
                                                  start=MONDAY, end=MONDAY))  # fmt: skip
        second_id = second.id
        s.add(Enrollment(person_id=ids["p0"], activity_id=second_id))  # already there too
    with db.read() as s:
        everyone = [e.person_id for e in s.scalars(select(Enrollment).where(
            Enrollment.activity_id == ids["activity"]))]  # fmt: skip
    with db.write() as s:
        back = undo.move(s, everyone, ids["activity"], second_id)
    with db.write() as s:
        back.run(s)
    with db.read() as s:
        first = {e.person_id for e in s.scalars(select(Enrollment).where(
            Enrollment.activity_id == ids["activity"]))}  # fmt: skip
        other = {e.person_id for e in s.scalars(select(Enrollment).where(
            Enrollment.activity_id == second_id))}  # fmt: skip
    assert first == set(everyone) and other == {ids["p0"]}


def test_undo_of_an_edit_refuses_when_someone_changed_it_since(db: Database) -> None:
    ids = _setup(db)
    with db.read() as s:
        form = activity_form(s, ids["activity"])
    with db.write() as s:
        back = undo.edit_activity(s, ids["activity"], dataclasses.replace(form, title="Mới"))
    with db.read() as s:
        newer = activity_form(s, ids["activity"])
    with db.write() as s:
        update_activity(s, ids["activity"], dataclasses.replace(newer, title="Người khác"))
    with pytest.raises(StaleEditError), db.write() as s:
        back.run(s)
    with db.read() as s:
        assert activity_form(s, ids["activity"]).title == "Người khác"


def test_a_buoi_edit_is_undone(db: Database) -> None:
    ids = _setup(db)
    with db.read() as s:
        first = s.scalars(
            select(ClassSession).where(ClassSession.activity_id == ids["activity"])
        ).first()
        assert first is not None
        buoi, version = first.id, first.version
    with db.write() as s:
        back = undo.edit_session(s, buoi, lecturer_id=ids["binh"], topic="Chuyển đổi số",
                                 taught=False, expected_version=version)  # fmt: skip
    assert back.label == "sửa buổi 02/03/2026 của lớp L01"
    with db.write() as s:
        back.run(s)
    with db.read() as s:
        row = s.get(ClassSession, buoi)
        assert row is not None and (row.lecturer_id, row.topic, row.taught) == (ids["ha"], "", True)


def test_the_planned_head_count_prices_a_class_before_its_roster_arrives(
    db: Database,
) -> None:
    from models.budget.estimate import estimate_activity
    from models.norms.store import list_norm_sets, set_plan_norm_set

    ids = _setup(db, people=0)
    with db.write() as s:
        set_plan_norm_set(s, ids["plan"], list_norm_sets(s)[0].code)
        form = activity_form(s, ids["activity"])
        update_activity(s, ids["activity"], dataclasses.replace(form, expected_count=40))
        estimate = estimate_activity(s, ids["activity"])
    meals = [line for line in estimate.lines if line.key == "meal"]
    assert meals and meals[0].quantity == 40 * 2  # 40 people × 2 days
    assert any("theo 40 người dự kiến" in w for w in estimate.warnings)
