"""Removing plans, classes and enrolments without destroying anything by accident.

A plan or class with no attendance, no payouts (actual amounts, ticket amounts) and no lock
(ever: a reopened one keeps its lock history) can be deleted; `impact` says first what goes
with it, for the confirmation. One with any of these can only be archived: hidden from the
lists, kept in the database and in every total it was part of, until restored. Removing a
person from a class keeps the person. A locked class or plan refuses all of this with the
reason (models.guard).

A deletion returns a `Snapshot` of every row it removed, so the caller can put them back
(models.planning.undo) with their ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, inspect, select
from sqlalchemy.orm import Session

from models.entities.tables import (
    Activity,
    ActivityLockEvent,
    Attendance,
    BudgetLine,
    ClassSession,
    Enrollment,
    Plan,
    PlanLockEvent,
    PlanSupport,
)
from models.errors import UserError
from models.guard import require_plan_unlocked, require_unlocked
from models.lookup import get_activity, get_plan


class RemovalError(UserError):
    """A removal the rules refuse (delete what must be archived, remove a marked person)."""


@dataclass(frozen=True)
class Impact:
    """What removing a plan or class takes with it, and whether it may be deleted."""

    what: str  # "lớp L01 — Lớp tập huấn …"
    activities: int
    sessions: int
    enrollments: int
    budget_lines: int
    attendance: int
    payouts: int  # lines with an actual amount, people with a ticket amount
    ever_locked: bool

    @property
    def deletable(self) -> bool:
        return not (self.attendance or self.payouts or self.ever_locked)

    @property
    def message(self) -> str:
        """The confirmation's sentence (or why only archiving is possible)."""
        parts = []
        if self.activities:
            parts.append(f"{self.activities} lớp/sự kiện")
        parts.append(f"{self.sessions} buổi")
        parts.append(f"{self.enrollments} lượt đăng ký học viên (người vẫn được giữ)")
        parts.append(f"{self.budget_lines} dòng dự toán")
        if self.deletable:
            return f"Xóa {self.what} cùng với: " + ", ".join(parts) + "."
        why = []
        if self.attendance:
            why.append(f"{self.attendance} điểm danh")
        if self.payouts:
            why.append(f"{self.payouts} khoản đã chi")
        if self.ever_locked:
            why.append("đã từng khóa quyết toán")
        return (
            f"{self.what} có {', '.join(why)}: không xóa được, chỉ lưu trữ được (ẩn khỏi danh "
            "sách, vẫn giữ trong cơ sở dữ liệu và trong mọi tổng số; khôi phục được)."
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "what": self.what, "activities": self.activities, "sessions": self.sessions,
            "enrollments": self.enrollments, "budget_lines": self.budget_lines,
            "attendance": self.attendance, "payouts": self.payouts,
            "ever_locked": self.ever_locked, "deletable": self.deletable,
            "message": self.message,
        }  # fmt: skip


def _count(session: Session, stmt: Any) -> int:
    return int(session.scalar(stmt) or 0)


def _impact(session: Session, what: str, activity_ids: list[int], plan_id: int | None) -> Impact:
    ids = activity_ids or [-1]
    lines = select(func.count()).select_from(BudgetLine)
    lines = (
        lines.where(BudgetLine.plan_id == plan_id)
        if plan_id is not None
        else lines.where(BudgetLine.activity_id.in_(ids))
    )
    paid_lines = lines.where(
        BudgetLine.actual_amount.is_not(None), BudgetLine.suppressed.is_(False)
    )
    tickets = select(func.count()).where(
        Enrollment.activity_id.in_(ids), Enrollment.travel_actual.is_not(None)
    )
    marks = (
        select(func.count())
        .select_from(Attendance)
        .join(ClassSession, ClassSession.id == Attendance.session_id)
        .where(ClassSession.activity_id.in_(ids))
    )
    locks = select(func.count()).where(ActivityLockEvent.activity_id.in_(ids))
    plan_locks = (
        _count(session, select(func.count()).where(PlanLockEvent.plan_id == plan_id))
        if plan_id is not None
        else 0
    )
    return Impact(
        what=what,
        activities=len(activity_ids) if plan_id is not None else 0,
        sessions=_count(session, select(func.count()).where(ClassSession.activity_id.in_(ids))),
        enrollments=_count(session, select(func.count()).where(Enrollment.activity_id.in_(ids))),
        budget_lines=_count(session, lines.where(BudgetLine.suppressed.is_(False))),
        attendance=_count(session, marks),
        payouts=_count(session, paid_lines) + _count(session, tickets),
        ever_locked=bool(_count(session, locks) or plan_locks),
    )


def activity_impact(session: Session, activity_id: int) -> Impact:
    a = get_activity(session, activity_id)
    return _impact(session, f"lớp {a.code} — {a.title}", [a.id], None)


def plan_impact(session: Session, plan_id: int) -> Impact:
    plan = get_plan(session, plan_id)
    ids = list(session.scalars(select(Activity.id).where(Activity.plan_id == plan_id)))
    return _impact(session, f"kế hoạch {plan.code} — {plan.title}", ids, plan.id)


# --- snapshots: the rows a deletion removes, to put back ---------------------------------------

# Parents before children: the order rows go back in.
# (A deletable plan or class has no marks and no lock events: nothing of those to keep.)
_ORDER: tuple[type[Any], ...] = (
    Plan, PlanSupport, Activity, ClassSession, Enrollment, BudgetLine,
)  # fmt: skip


@dataclass(frozen=True)
class Snapshot:
    """Every row a deletion removed, column by column, in the order they go back."""

    rows: tuple[tuple[type[Any], tuple[dict[str, Any], ...]], ...]


def _values(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in inspect(obj).mapper.column_attrs}


def _take(session: Session, plan_id: int | None, activity_ids: Sequence[int]) -> Snapshot:
    ids = list(activity_ids) or [-1]
    found: dict[type[Any], list[Any]] = {
        Plan: [session.get(Plan, plan_id)] if plan_id is not None else [],
        PlanSupport: list(
            session.scalars(select(PlanSupport).where(PlanSupport.plan_id == plan_id))
        ),
        Activity: list(session.scalars(select(Activity).where(Activity.id.in_(ids)))),
        ClassSession: list(
            session.scalars(select(ClassSession).where(ClassSession.activity_id.in_(ids)))
        ),
        Enrollment: list(
            session.scalars(select(Enrollment).where(Enrollment.activity_id.in_(ids)))
        ),
        BudgetLine: list(
            session.scalars(
                select(BudgetLine).where(
                    BudgetLine.plan_id == plan_id
                    if plan_id is not None
                    else BudgetLine.activity_id.in_(ids)
                )
            )
        ),
    }
    return Snapshot(
        tuple((cls, tuple(_values(o) for o in found[cls] if o is not None)) for cls in _ORDER)
    )


def _delete_lines(session: Session, snapshot: Snapshot) -> None:
    """Budget lines go through the unit of work (the database would cascade them), so the
    audit trail records each one."""
    for cls, rows in snapshot.rows:
        if cls is BudgetLine:
            for row in rows:
                line = session.get(BudgetLine, row["id"])
                if line is not None:
                    session.delete(line)
    session.flush()


def put_back(session: Session, snapshot: Snapshot) -> None:
    """Insert the rows of a snapshot again, with their ids (undo of a deletion)."""
    for cls, rows in snapshot.rows:
        if rows:
            session.execute(insert(cls), [dict(r) for r in rows])
    session.expire_all()
    session.flush()


# --- delete, archive, restore ------------------------------------------------------------------


def delete_activity(session: Session, activity_id: int) -> Snapshot:
    """Delete a class with nothing recorded against it; refused (archive it) otherwise."""
    activity = get_activity(session, activity_id)
    require_unlocked(activity)
    impact = activity_impact(session, activity_id)
    if not impact.deletable:
        raise RemovalError(impact.message)
    snapshot = _take(session, None, [activity_id])
    _delete_lines(session, snapshot)
    session.delete(activity)
    session.flush()
    return snapshot


def delete_plan(session: Session, plan_id: int) -> Snapshot:
    """Delete a plan and its classes when none has attendance, payouts or a lock."""
    plan = get_plan(session, plan_id)
    require_plan_unlocked(plan)
    impact = plan_impact(session, plan_id)
    if not impact.deletable:
        raise RemovalError(impact.message)
    ids = [a.id for a in plan.activities]
    snapshot = _take(session, plan_id, ids)
    _delete_lines(session, snapshot)
    session.delete(plan)
    session.flush()
    return snapshot


def set_activity_archived(session: Session, activity_id: int, archived: bool) -> bool:
    """Archive (hide) or restore a class; returns what it was."""
    activity = get_activity(session, activity_id)
    require_unlocked(activity)
    before = activity.archived
    activity.archived = archived
    session.flush()
    return before


def set_plan_archived(session: Session, plan_id: int, archived: bool) -> bool:
    """Archive (hide) or restore a plan with its classes' lists; returns what it was."""
    plan = get_plan(session, plan_id)
    require_plan_unlocked(plan)
    before = plan.archived
    plan.archived = archived
    session.flush()
    return before


# --- enrolments --------------------------------------------------------------------------------


def unenroll(session: Session, activity_id: int, person_ids: Sequence[int]) -> Snapshot:
    """Take people out of a class (they stay in the database). Refused for someone with a
    mark or a ticket amount in it: those belong to the settlement."""
    activity = get_activity(session, activity_id)
    require_unlocked(activity)
    rows = list(
        session.scalars(
            select(Enrollment).where(
                Enrollment.activity_id == activity_id, Enrollment.person_id.in_(list(person_ids))
            )
        )
    )
    ids = [e.id for e in rows] or [-1]
    marked = session.execute(
        select(Enrollment.person_id)
        .join(Attendance, Attendance.enrollment_id == Enrollment.id)
        .where(Enrollment.id.in_(ids))
        .limit(1)
    ).first()
    paid = any(e.travel_actual is not None for e in rows)
    if marked is not None or paid:
        raise RemovalError(
            f"lớp {activity.code}: có người đã được điểm danh hoặc đã có tiền vé trong lớp; "
            "xóa điểm danh/tiền vé của họ trước rồi mới rút khỏi lớp"
        )
    snapshot = Snapshot(((Enrollment, tuple(_values(e) for e in rows)),))
    for e in rows:
        session.delete(e)
    session.flush()
    return snapshot
