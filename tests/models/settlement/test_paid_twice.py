"""Nobody is paid twice for one day (TT 40/2017/TT-BTC Điều 3 khoản 4): a person present the
same day in two classes is named, and the class cannot be locked until it is corrected."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from models.attendance.marks import set_all_present, set_attendance_by_cccd
from models.budget.edit import set_plan_travel
from models.db import Database
from models.entities.tables import Activity, Enrollment, Person
from models.errors import MoneyError
from models.lookup import activity_id, plan_by_code
from models.planning.setup import ActivityInput, create_activity
from models.settlement.compute import settle_activity
from models.settlement.locking import lock_activity


def test_a_person_present_in_two_classes_on_one_day_is_named_and_blocks_the_lock(
    demo_url: str,
) -> None:
    db = Database(demo_url)
    with db.write() as s:
        plan = plan_by_code(s, "KH-TTDN-2023")
        set_plan_travel(s, plan.id, petrol_price=23_000)
        first = activity_id(s, "TTDN23-L01")  # 16–17/10/2023
        person = s.scalars(
            select(Person).join(Enrollment).where(Enrollment.activity_id == first)
        ).first()
        assert person is not None and person.cccd
        cccd, name = person.cccd, person.full_name
        day = s.get_one(Activity, first).start_date
        extra = create_activity(s, ActivityInput(plan.id, "TTDN23-X", "Lớp thêm", day, day))
        s.add(Enrollment(person_id=person.id, activity_id=extra.id))
        s.flush()
        extra_id = extra.id
        set_all_present(s, first, by="x")
        set_all_present(s, extra_id, by="x")
        settled = settle_activity(s, first)
    (warning,) = [w for w in settled.warnings if "hai lần" in w]
    assert warning.startswith(f"{name} có mặt cùng ngày ở TTDN23-L01 và lớp khác: 16/10/2023")
    assert "TTDN23-X" in warning
    with pytest.raises(MoneyError, match=f"không khóa được TTDN23-L01: {name}"), db.write() as s:
        lock_activity(s, first, by="Kế toán")
    with db.write() as s:  # the trainer corrects the other class: absent there
        set_attendance_by_cccd(s, extra_id, [cccd], "absent", by="x")
    with db.write() as s:
        assert not [w for w in settle_activity(s, first).warnings if "hai lần" in w]
        lock_activity(s, first, by="Kế toán")
    db.close()


@pytest.fixture(scope="module")
def twin(tmp_path_factory: pytest.TempPathFactory) -> tuple[Database, int, int, list[int]]:
    """Scenario A's class 1 and a second class on its first day holding its first 8 people."""
    from models.demo import scenarios

    path = tmp_path_factory.mktemp("twin") / "twin.sqlite3"
    db = Database(f"sqlite:///{path}")
    with db.write() as s:
        scenarios.load_scenario_a(s)
        plan = plan_by_code(s, "KH-TTDN-2023")
        set_plan_travel(s, plan.id, petrol_price=23_000)
        first = activity_id(s, "TTDN23-L01")
        day = s.get_one(Activity, first).start_date
        extra = create_activity(s, ActivityInput(plan.id, "TTDN23-X", "Lớp thêm", day, day))
        people = list(
            s.scalars(
                select(Enrollment.person_id)
                .where(Enrollment.activity_id == first)
                .order_by(Enrollment.person_id)
                .limit(8)
            )
        )
        s.add_all(Enrollment(person_id=p, activity_id=extra.id) for p in people)
        ids = (first, extra.id)
    return db, ids[0], ids[1], people


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    here=st.lists(st.booleans(), min_size=8, max_size=8),
    there=st.lists(st.booleans(), min_size=8, max_size=8),
)
def test_exactly_those_present_in_both_on_one_day_are_named(
    twin: tuple[Database, int, int, list[int]], here: list[bool], there: list[bool]
) -> None:
    from models.attendance.marks import attendance_grid, set_mark

    db, first, extra, people = twin
    with db.write() as s:
        set_all_present(s, first, by="x")
        grid = {r.person_id: r for r in attendance_grid(s, first).rows}
        day_one = attendance_grid(s, first).sessions[:2]  # the morning and afternoon of day 1
        extra_grid = attendance_grid(s, extra)
        extra_rows = {r.person_id: r for r in extra_grid.rows}
        for pid, present_here, present_there in zip(people, here, there, strict=True):
            for buoi in day_one:
                set_mark(s, grid[pid].enrollment_id, buoi.session_id,
                         "present" if present_here else "absent", by="x")  # fmt: skip
            for buoi in extra_grid.sessions:
                set_mark(s, extra_rows[pid].enrollment_id, buoi.session_id,
                         "present" if present_there else "absent", by="x")  # fmt: skip
        settled = settle_activity(s, first)
        names = {p.person_id: p.full_name for p in settled.people}
        named = {w.split(" có mặt cùng ngày")[0] for w in settled.warnings if "hai lần" in w}
        s.rollback()
    expected = {names[p] for p, a, b in zip(people, here, there, strict=True) if a and b}
    assert named == expected
