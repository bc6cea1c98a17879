"""Locking a settled activity, and reopening it: explicit acts, recorded with who, when, why.

A lock keeps the settlement as it is at that moment (JSON in ActivityLockEvent.snapshot), so
later changes to the roster, the norms or the distances cannot move money already paid; a locked
activity refuses attendance and line edits (models.guard.require_unlocked).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.budget.estimate import ABOVE_CAP
from models.budget.rules import now
from models.entities.enums import LockAction
from models.entities.tables import ActivityLockEvent, PlanLockEvent
from models.errors import MoneyError
from models.guard import require_plan_unlocked, require_unlocked
from models.lookup import get_activity, get_plan
from models.settlement.compute import compute_settlement
from models.settlement.data import checksum, to_json
from models.settlement.double_pay import paid_twice


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
    twice = paid_twice(session, activity, settlement.people)
    if twice:
        raise MoneyError(f"không khóa được {activity.code}: {twice[0]}")
    above = [line.description for line in settlement.lines if line.status == ABOVE_CAP]
    if above:
        raise MoneyError(
            f"không khóa được {activity.code}: dòng vượt định mức chưa ghi lý do: "
            + "; ".join(above)
        )
    frozen = to_json(replace(settlement, locked=True))
    session.add(
        ActivityLockEvent(
            activity_id=activity.id,
            action=LockAction.LOCK,
            by=by,
            at=now(),
            reason=reason,
            snapshot=frozen,
            checksum=checksum(frozen),
        )
    )
    session.flush()  # the event first: the database lets the flag follow only its newest event
    activity.locked = True
    session.flush()


def reopen_activity(session: Session, activity_id: int, *, by: str, reason: str) -> None:
    """Reopen a locked activity: an explicit act, with who, when and why."""
    activity = get_activity(session, activity_id)
    if not activity.locked:
        raise MoneyError(f"hoạt động {activity.code} chưa khóa")
    if not reason.strip():
        raise MoneyError(f"mở khóa {activity.code}: cần ghi lý do")
    plan = get_plan(session, activity.plan_id)
    if plan.locked:
        raise MoneyError(
            f"kế hoạch {plan.code} đã khóa: mở khóa kế hoạch trước khi mở khóa {activity.code}"
        )
    session.add(
        ActivityLockEvent(
            activity_id=activity.id, action=LockAction.REOPEN, by=by, at=now(), reason=reason
        )
    )
    session.flush()
    activity.locked = False
    session.flush()


def lock_plan(session: Session, plan_id: int, *, by: str, reason: str = "") -> None:
    """Lock a plan: its plan-level lines no longer change. Every class must be locked first."""
    plan = get_plan(session, plan_id)
    require_plan_unlocked(plan)
    open_ = [a.code for a in plan.activities if not a.locked]
    if open_:
        raise MoneyError(
            f"không khóa được kế hoạch {plan.code}: còn lớp chưa khóa: " + ", ".join(open_)
        )
    from models.settlement.compute import settle_plan

    settled = settle_plan(session, plan_id, refresh=False)
    frozen = json.dumps(
        [asdict(line) for line in settled.plan_lines], ensure_ascii=False, sort_keys=True
    )
    session.add(
        PlanLockEvent(
            plan_id=plan.id, action=LockAction.LOCK, by=by, at=now(), reason=reason,
            snapshot=frozen, checksum=checksum(frozen),
        )
    )  # fmt: skip
    session.flush()
    plan.locked = True
    session.flush()


def reopen_plan(session: Session, plan_id: int, *, by: str, reason: str) -> None:
    """Reopen a locked plan (its classes stay locked until reopened one by one)."""
    plan = get_plan(session, plan_id)
    if not plan.locked:
        raise MoneyError(f"kế hoạch {plan.code} chưa khóa")
    if not reason.strip():
        raise MoneyError(f"mở khóa kế hoạch {plan.code}: cần ghi lý do")
    session.add(
        PlanLockEvent(plan_id=plan.id, action=LockAction.REOPEN, by=by, at=now(), reason=reason)
    )
    session.flush()
    plan.locked = False
    session.flush()


def lock_history(session: Session, activity_id: int) -> tuple[LockEventView, ...]:
    get_activity(session, activity_id)
    events = session.scalars(
        select(ActivityLockEvent)
        .where(ActivityLockEvent.activity_id == activity_id)
        .order_by(ActivityLockEvent.id)
    )
    return tuple(LockEventView(e.action.value, e.by, e.at, e.reason) for e in events)
