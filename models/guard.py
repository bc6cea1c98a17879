"""The lock rule, in one place: every write into an activity passes `writable_activity`.

A locked activity (its settlement kept as paid) refuses attendance, enrolments, moves, budget
lines, actuals and imports, whichever front end asks; only models.settlement.locking reopens it,
with a recorded reason. Front ends never check the lock themselves.

Locking and writing are serialized: the check takes the activity's row lock (SELECT … FOR
UPDATE on PostgreSQL) and reads `locked` as committed, so a lock taken while attendance is being
written waits for that write and includes it, and a write that waits for a lock sees it and is
refused. SQLite serializes writers by itself: a transaction whose snapshot is older than a
commit it would overwrite is refused (BusyError, models.concurrency). The database's triggers
(migration 0003) refuse what slips past the core.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from models.entities.tables import Activity, Plan
from models.errors import LockedError
from models.lookup import get_activity


def require_unlocked(activity: Activity) -> None:
    session = object_session(activity)
    if session is not None and activity.id is not None:
        stored = session.scalar(
            select(Activity.locked).where(Activity.id == activity.id).with_for_update()
        )
        locked = bool(stored) or activity.locked
    else:
        locked = activity.locked
    if locked:
        raise LockedError(
            f"hoạt động {activity.code} đã khóa quyết toán: điểm danh và số tiền không đổi được "
            "nữa (mở khóa trước, có ghi lý do)"
        )


def writable_activity(session: Session, activity_id: int) -> Activity:
    """The activity, for a write into it: refused with the reason when it is locked."""
    activity = get_activity(session, activity_id)
    require_unlocked(activity)
    return activity


def require_plan_unlocked(plan: Plan) -> None:
    """A write into a plan's own lines (activity None): refused once the plan is locked."""
    session = object_session(plan)
    locked = plan.locked
    if session is not None and plan.id is not None:
        stored = session.scalar(select(Plan.locked).where(Plan.id == plan.id).with_for_update())
        locked = bool(stored) or locked
    if locked:
        raise LockedError(
            f"kế hoạch {plan.code} đã khóa quyết toán: các dòng chung của kế hoạch không đổi "
            "được nữa (mở khóa kế hoạch trước, có ghi lý do)"
        )
