"""Creating plans, activities (and copies of them), venues, lecturers; moving people."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from models.db import Database
from models.entities.enums import Half, PlaceType
from models.entities.tables import Activity, Enrollment
from models.errors import LockedError
from models.planning.catalog import list_plans
from models.planning.setup import (
    ActivityInput,
    LecturerInput,
    PlanInput,
    PlanningError,
    VenueInput,
    copy_activity,
    create_activity,
    create_plan,
    move_people,
    next_activity_code,
    save_lecturer,
    save_venue,
)


def test_a_plan_from_scratch_with_six_copied_classes(empty_url: str) -> None:
    db = Database(empty_url)
    with db.write() as s:
        from models.norms.store import install_shipped

        install_shipped(s)
        plan = create_plan(
            s,
            PlanInput(
                code="KH-01", title="  Tập huấn  kỹ năng truyền thông ", ceiling=500_000_000,
                unit_name="Sở Văn hóa", decision_number="12/QĐ-UBND", norm_set_code="TT55-2023-QG",
            ),
        )  # fmt: skip
        venue = save_venue(s, VenueInput(name="Hội trường A", place_type=PlaceType.CITY))
        teacher = save_lecturer(s, LecturerInput(full_name="Đặng Thu Hà", tier=5))
        first = create_activity(
            s,
            ActivityInput(
                plan_id=plan.id, code="L01", title="Lớp 1", venue_id=venue.id,
                start=dt.date(2024, 5, 6), end=dt.date(2024, 5, 7), lecturer_ids=(teacher.id,),
            ),
        )  # fmt: skip
        assert [(x.on_date.day, x.half) for x in first.sessions] == [
            (6, Half.MORNING), (6, Half.AFTERNOON), (7, Half.MORNING), (7, Half.AFTERNOON),
        ]  # fmt: skip
        code = "L01"
        for week in range(1, 6):
            code = next_activity_code(s, code)
            copy_activity(s, first.id, code, dt.date(2024, 5, 6) + dt.timedelta(weeks=week))
    with db.read() as s:
        (summary,) = list_plans(s)
    assert summary.title == "Tập huấn kỹ năng truyền thông"
    assert [a.code for a in summary.activities] == ["L01", "L02", "L03", "L04", "L05", "L06"]
    assert all(a.sessions == 4 and a.venue == "Hội trường A" for a in summary.activities)
    assert summary.activities[-1].start == dt.date(2024, 6, 10)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (PlanInput(code=" ", title="x"), "Mã kế hoạch"),
        (PlanInput(code="K", title=""), "Tên kế hoạch"),
        (PlanInput(code="K", title="x", ceiling=-5), "Kinh phí"),
        (PlanInput(code="K", title="x", norm_set_code="KHONG"), "bộ định mức"),
    ],
)
def test_bad_plan_input_names_the_field(empty_url: str, data: PlanInput, message: str) -> None:
    db = Database(empty_url)
    with pytest.raises(PlanningError, match=message), db.write() as s:
        create_plan(s, data)


def test_activity_checks(demo_db: Database) -> None:
    with demo_db.read() as s:
        plan_id = s.scalar(select(Activity.plan_id).limit(1))
    assert plan_id is not None
    bad = [
        (ActivityInput(plan_id, "TTDN23-L01", "x", dt.date(2024, 1, 1), dt.date(2024, 1, 1)),
         "đã được dùng"),
        (ActivityInput(plan_id, "N1", "x", dt.date(2024, 1, 2), dt.date(2024, 1, 1)),
         "Ngày kết thúc"),
        (ActivityInput(plan_id, "N1", "", dt.date(2024, 1, 1), dt.date(2024, 1, 1)), "Tên lớp"),
    ]  # fmt: skip
    for data, message in bad:
        with pytest.raises(PlanningError, match=message), demo_db.write() as s:
            create_activity(s, data)


def test_moving_people_between_classes(demo_db: Database) -> None:
    with demo_db.read() as s:
        ids = dict(s.execute(select(Activity.code, Activity.id)).all())
        people = list(
            s.scalars(
                select(Enrollment.person_id).where(Enrollment.activity_id == ids["TTDN23-L01"])
            )
        )[:3]
    with demo_db.write() as s:
        move_people(s, people, ids["TTDN23-L01"], ids["TTDN23-L02"])
    with demo_db.read() as s:
        counts = dict(
            s.execute(
                select(Enrollment.activity_id, func.count()).group_by(Enrollment.activity_id)
            ).all()
        )
    assert counts[ids["TTDN23-L01"]] == 37 and counts[ids["TTDN23-L02"]] == 43


def test_unit_and_funding_round_trip_and_checks(demo_db: Database) -> None:
    from models.planning.setup import UnitAndFunding, save_unit_and_funding, unit_and_funding

    with demo_db.read() as s:
        plan_id = s.scalar(select(Activity.plan_id).limit(1))
    assert plan_id is not None
    with demo_db.read() as s:
        data = unit_and_funding(s, plan_id)
    assert (data.unit_qhns, data.ceiling, data.decision_number) == (
        "1052817", 2_053_000_000, "420/QĐ-UBND",
    )  # fmt: skip
    with pytest.raises(PlanningError, match="Tên đơn vị"), demo_db.write() as s:
        save_unit_and_funding(s, plan_id, UnitAndFunding(unit_name="  "))
    with pytest.raises(PlanningError, match="Kinh phí"), demo_db.write() as s:
        save_unit_and_funding(s, plan_id, UnitAndFunding(unit_name="Sở X", ceiling=-1))
    with demo_db.write() as s:
        save_unit_and_funding(
            s, plan_id, UnitAndFunding(**{**data.__dict__, "head": "  Lò  Văn Pản "})
        )
    with demo_db.read() as s:
        assert unit_and_funding(s, plan_id).head == "Lò Văn Pản"


def test_update_session_checks_lock_and_lecturer(demo_db: Database) -> None:
    from models.planning.setup import session_rows, update_session
    from models.settlement.locking import lock_activity

    with demo_db.read() as s:
        activity_id = s.scalar(select(Activity.id).where(Activity.code == "TTDN23-L02"))
        assert activity_id is not None
        first = session_rows(s, activity_id)[0]
    with pytest.raises(PlanningError, match="giảng viên"), demo_db.write() as s:
        update_session(s, first.session_id, lecturer_id=9999, topic="", taught=True)
    with demo_db.write() as s:
        update_session(s, first.session_id, lecturer_id=None, topic=" Ôn tập ", taught=False)
        lock_activity(s, activity_id, by="test")
    with demo_db.read() as s:
        row = session_rows(s, activity_id)[0]
    assert (row.lecturer, row.topic, row.taught) == ("", "Ôn tập", False)
    with pytest.raises(LockedError, match="đã khóa quyết toán"), demo_db.write() as s:
        update_session(s, first.session_id, lecturer_id=None, topic="", taught=True)
