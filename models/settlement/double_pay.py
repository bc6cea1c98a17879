"""Nobody is paid twice for one day: a person paid by this class (meals, lodging, travel)
who is marked present on the same day in another class would be paid both ways (TT 40/2017
Điều 3 khoản 4: no second payment for days already paid as a learner). The settlement names
each such person; locking refuses until the attendance of one class is corrected."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities.enums import Presence
from models.entities.tables import Activity, Attendance, ClassSession, Enrollment
from models.settlement.data import PersonPayout


def paid_twice(
    session: Session,
    activity: Activity,
    payouts: Iterable[PersonPayout],
    known: Mapping[int, tuple[bool, Collection[dt.date]]] | None = None,
) -> list[str]:
    """One sentence per person paid here who was present the same day in another class, or
    whose own agency paid the trip as công tác phí (paid both ways). `known`: person id ->
    (agency paid, days present here) of the people paid, when the caller has read them."""
    paid = {p.person_id: p for p in payouts if p.total > 0}
    if not paid:
        return []
    if known is None:
        agency = set(
            session.scalars(
                select(Enrollment.person_id).where(
                    Enrollment.activity_id == activity.id,
                    Enrollment.agency_paid.is_(True),
                    Enrollment.person_id.in_(list(paid)),
                )
            )
        )
        here = _present_days(session, activity.id, list(paid))
    else:
        agency = {pid for pid in paid if pid in known and known[pid][0]}
        here = {pid: set(known[pid][1]) for pid in paid if pid in known}
    both_ways = [
        f"{paid[pid].full_name} đã được cơ quan cử đi thanh toán công tác phí cho đợt học này "
        f"mà {activity.code} vẫn chi {paid[pid].total:,} đồng; một người không được hưởng hai "
        "lần — bỏ đánh dấu hoặc chuyển nhóm của họ sang cơ quan chi trả".replace(",", ".")
        for pid in paid
        if pid in agency
    ]
    days = sorted({s.on_date for s in activity.sessions})
    rows = session.execute(
        select(Enrollment.person_id, ClassSession.on_date, Activity.code)
        .join(Attendance, Attendance.enrollment_id == Enrollment.id)
        .join(ClassSession, ClassSession.id == Attendance.session_id)
        .join(Activity, Activity.id == Enrollment.activity_id)
        .where(
            Enrollment.person_id.in_(list(paid)),
            Enrollment.activity_id != activity.id,
            Attendance.status == Presence.PRESENT,
            ClassSession.on_date.in_(days),
        )
        .distinct()
        .order_by(Enrollment.person_id, ClassSession.on_date, Activity.code)
    ).all()
    found: dict[int, list[str]] = {}
    for person_id, day, other in rows:
        if day in here.get(person_id, set()):
            found.setdefault(person_id, []).append(f"{day:%d/%m/%Y} ({other})")
    return both_ways + [
        f"{paid[pid].full_name} có mặt cùng ngày ở {activity.code} và lớp khác: "
        f"{', '.join(where)}; một người không được hưởng hai lần — sửa điểm danh của một lớp"
        for pid, where in found.items()
    ]


def _present_days(session: Session, activity_id: int, people: list[int]) -> dict[int, set[dt.date]]:
    rows = session.execute(
        select(Enrollment.person_id, ClassSession.on_date)
        .join(Attendance, Attendance.enrollment_id == Enrollment.id)
        .join(ClassSession, ClassSession.id == Attendance.session_id)
        .where(
            Enrollment.activity_id == activity_id,
            Enrollment.person_id.in_(people),
            Attendance.status == Presence.PRESENT,
        )
    ).all()
    out: dict[int, set[dt.date]] = {}
    for person_id, day in rows:
        out.setdefault(person_id, set()).add(day)
    return out
