"""The lock rule, in one place: every write into an activity passes `writable_activity`.

A locked activity (its settlement kept as paid) refuses attendance, enrolments, moves, budget
lines, actuals and imports, whichever front end asks; only models.settlement.locking reopens it,
with a recorded reason. Front ends never check the lock themselves.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from models.entities.tables import Activity
from models.errors import LockedError
from models.lookup import get_activity


def require_unlocked(activity: Activity) -> None:
    if activity.locked:
        raise LockedError(
            f"hoạt động {activity.code} đã khóa quyết toán: điểm danh và số tiền không đổi được "
            "nữa (mở khóa trước, có ghi lý do)"
        )


def writable_activity(session: Session, activity_id: int) -> Activity:
    """The activity, for a write into it: refused with the reason when it is locked."""
    activity = get_activity(session, activity_id)
    require_unlocked(activity)
    return activity
