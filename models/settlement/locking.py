"""Locking a settled activity, and reopening it: explicit acts, recorded with who, when, why.

A lock keeps the settlement as it is at that moment (JSON in ActivityLockEvent.snapshot), so
later changes to the roster, the norms or the distances cannot move money already paid; a locked
activity refuses attendance and line edits (models.guard.require_unlocked).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.budget.estimate import ABOVE_CAP
from models.budget.rules import now
from models.entities.enums import LockAction
from models.entities.tables import ActivityLockEvent
from models.errors import MoneyError
from models.guard import require_unlocked
from models.lookup import get_activity
from models.settlement.compute import compute_settlement
from models.settlement.data import to_json


@dataclass(frozen=True)
class LockEventView:
    action: str  # "lock" | "reopen"
    by: str
    at: dt.datetime
    reason: str


def lock_activity(session: Session, activity_id: int, *, by: str, reason: str = "") -> None:
    """Lock a settled activity: attendance and money no longer change; the settlement as it is
    now is kept. Refused while a line is above its cap without a recorded reason."""
    activity = get_activity(session, activity_id)
    require_unlocked(activity)
    settlement = compute_settlement(session, activity_id, refresh=True)
    above = [line.description for line in settlement.lines if line.status == ABOVE_CAP]
    if above:
        raise MoneyError(
            f"không khóa được {activity.code}: dòng vượt định mức chưa ghi lý do: "
            + "; ".join(above)
        )
    activity.locked = True
    frozen = replace(settlement, locked=True)
    session.add(
        ActivityLockEvent(
            activity_id=activity.id,
            action=LockAction.LOCK,
            by=by,
            at=now(),
            reason=reason,
            snapshot=to_json(frozen),
        )
    )
    session.flush()


def reopen_activity(session: Session, activity_id: int, *, by: str, reason: str) -> None:
    """Reopen a locked activity: an explicit act, with who, when and why."""
    activity = get_activity(session, activity_id)
    if not activity.locked:
        raise MoneyError(f"hoạt động {activity.code} chưa khóa")
    if not reason.strip():
        raise MoneyError(f"mở khóa {activity.code}: cần ghi lý do")
    activity.locked = False
    session.add(
        ActivityLockEvent(
            activity_id=activity.id, action=LockAction.REOPEN, by=by, at=now(), reason=reason
        )
    )
    session.flush()


def lock_history(session: Session, activity_id: int) -> tuple[LockEventView, ...]:
    get_activity(session, activity_id)
    events = session.scalars(
        select(ActivityLockEvent)
        .where(ActivityLockEvent.activity_id == activity_id)
        .order_by(ActivityLockEvent.id)
    )
    return tuple(LockEventView(e.action.value, e.by, e.at, e.reason) for e in events)
