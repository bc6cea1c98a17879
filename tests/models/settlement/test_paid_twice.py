"""Nobody is paid twice for one day (TT 40/2017/TT-BTC Điều 3 khoản 4): a person present the
same day in two classes is named, and the class cannot be locked until it is corrected."""

from __future__ import annotations

import pytest
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
