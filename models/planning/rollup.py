"""A plan rolled up by commune, district or month: sessions, people expected and present, cost.

For a campaign (scenario B: 113 outreach sessions in 18 communes) this is the table the
district reports upward. An activity's commune is its venue's; its district the one most of
its people come from; its month that of its first day. Expected is the planned count (or the
roster when there is none), present the people marked present at least once, cost the
estimate's lines (not suppressed), which the writes that move them keep current
(models.budget.current).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Final, Literal

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from models.entities.enums import Presence
from models.entities.tables import (
    Activity,
    Attendance,
    BudgetLine,
    ClassSession,
    Enrollment,
    Person,
    Venue,
)
from models.errors import UserError
from models.lookup import get_plan

RollupBy = Literal["commune", "district", "month"]
ROLLUPS: Final = ("commune", "district", "month")
UNKNOWN: Final = "(chưa rõ)"


@dataclass(frozen=True)
class RollupRow:
    key: str
    activities: int
    sessions: int
    expected: int
    present: int
    cost: int  # đồng

    def as_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "activities": self.activities,
            "sessions": self.sessions,
            "expected": self.expected,
            "present": self.present,
            "cost": self.cost,
        }


def rollup(session: Session, plan_id: int, by: RollupBy = "commune") -> list[RollupRow]:
    """One row per commune, district or month, in key order, then a total row."""
    if by not in ROLLUPS:
        raise UserError(f"tổng hợp theo «{by}»: chỉ theo xã, huyện hoặc tháng")
    get_plan(session, plan_id)
    activities = session.execute(
        select(Activity.id, Activity.start_date, Activity.expected_count, Venue.commune)
        .outerjoin(Venue, Venue.id == Activity.venue_id)
        .where(Activity.plan_id == plan_id)
    ).all()
    ids = [a[0] for a in activities]
    sessions = dict(
        session.execute(
            select(ClassSession.activity_id, func.count())
            .where(ClassSession.activity_id.in_(ids))
            .group_by(ClassSession.activity_id)
        ).all()
    )
    enrolled = dict(
        session.execute(
            select(Enrollment.activity_id, func.count())
            .where(Enrollment.activity_id.in_(ids))
            .group_by(Enrollment.activity_id)
        ).all()
    )
    present = dict(
        session.execute(
            select(Enrollment.activity_id, func.count(distinct(Enrollment.id)))
            .join(Attendance, Attendance.enrollment_id == Enrollment.id)
            .where(Enrollment.activity_id.in_(ids), Attendance.status == Presence.PRESENT)
            .group_by(Enrollment.activity_id)
        ).all()
    )
    cost = dict(
        session.execute(
            select(BudgetLine.activity_id, func.coalesce(func.sum(BudgetLine.amount), 0))
            .where(BudgetLine.activity_id.in_(ids), BudgetLine.suppressed.is_(False))
            .group_by(BudgetLine.activity_id)
        ).all()
    )
    districts: dict[int, str] = {}
    if by == "district":
        counts: dict[int, Counter[str]] = defaultdict(Counter)
        for activity_id, district, n in session.execute(
            select(Enrollment.activity_id, Person.district, func.count())
            .join(Person, Person.id == Enrollment.person_id)
            .where(Enrollment.activity_id.in_(ids))
            .group_by(Enrollment.activity_id, Person.district)
        ):
            counts[activity_id][district or UNKNOWN] += n
        districts = {aid: c.most_common(1)[0][0] for aid, c in counts.items()}

    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for activity_id, start, expected, commune in activities:
        if by == "commune":
            key = commune or UNKNOWN
        elif by == "district":
            key = districts.get(activity_id, UNKNOWN)
        else:
            key = f"{start:%Y-%m}"
        row = totals[key]
        row[0] += 1
        row[1] += sessions.get(activity_id, 0)
        row[2] += expected if expected is not None else enrolled.get(activity_id, 0)
        row[3] += present.get(activity_id, 0)
        row[4] += int(cost.get(activity_id, 0))
    return [RollupRow(key, *values) for key, values in sorted(totals.items())]


def total(rows: list[RollupRow]) -> RollupRow:
    """The sum of the rows (the table's last line)."""
    return RollupRow(
        "Tổng cộng",
        sum(r.activities for r in rows),
        sum(r.sessions for r in rows),
        sum(r.expected for r in rows),
        sum(r.present for r in rows),
        sum(r.cost for r in rows),
    )
