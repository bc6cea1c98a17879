"""Badges built from the demo: every learner once per class, QR = their CCCD."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from models.entities.enums import Role
from models.entities.tables import Activity, Enrollment, Person
from models.lookup import plan_id
from models.papers.badges import build_badges


def test_plan_badges_match_enrollment(demo_db: Any) -> None:
    from models.demo import scenarios as demo

    with demo_db.read() as s:
        pid = plan_id(s, demo.PLAN_A)
        sheet = build_badges(s, plan_id=pid)
        cccds = s.scalars(
            select(Person.cccd)
            .join(Enrollment, Enrollment.person_id == Person.id)
            .join(Activity, Activity.id == Enrollment.activity_id)
            .where(Activity.plan_id == pid, Enrollment.role == Role.LEARNER)
        ).all()
        aid = s.scalars(select(Activity.id).where(Activity.plan_id == pid)).first()
        one = build_badges(s, activity_id=aid, kind="desk")
    assert len(sheet.badges) == len(cccds) > 0
    assert sorted(b.qr for b in sheet.badges) == sorted(c or "" for c in cccds)
    assert one.per_page == 8 and {b.activity_code for b in one.badges} == {
        one.badges[0].activity_code
    }
