"""Figures for the plan dashboard: money against the ceiling, attendance per activity."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from models.budget.estimate import estimate_plan
from models.entities.enums import Presence
from models.entities.tables import Activity, Attendance, ClassSession, Enrollment


@dataclass(frozen=True)
class ActivityAttendance:
    code: str
    title: str
    expected: int  # enrolled × sessions: every mark there could be
    recorded: int  # marks entered so far
    present: int

    @property
    def rate(self) -> float | None:
        """Share of recorded marks that are "present"; None before any attendance is taken."""
        return self.present / self.recorded if self.recorded else None


@dataclass(frozen=True)
class PlanDashboard:
    plan_id: int
    ceiling: int
    estimate_total: int
    activities: tuple[ActivityAttendance, ...]


def plan_dashboard(session: Session, plan_id: int) -> PlanDashboard:
    """Only reads: the estimate's lines are kept current at write time (models.budget.current)."""
    estimate = estimate_plan(session, plan_id, refresh=False)
    enrolled = dict(
        session.execute(
            select(Enrollment.activity_id, func.count())
            .join(Activity)
            .where(Activity.plan_id == plan_id)
            .group_by(Enrollment.activity_id)
        ).all()
    )
    sessions = dict(
        session.execute(
            select(ClassSession.activity_id, func.count())
            .join(Activity)
            .where(Activity.plan_id == plan_id)
            .group_by(ClassSession.activity_id)
        ).all()
    )
    marks = {
        activity_id: (recorded, present or 0)
        for activity_id, recorded, present in session.execute(
            select(
                Enrollment.activity_id,
                func.count(Attendance.id),
                func.sum(case((Attendance.status == Presence.PRESENT, 1), else_=0)),
            )
            .join(Attendance, Attendance.enrollment_id == Enrollment.id)
            .join(Activity, Activity.id == Enrollment.activity_id)
            .where(Activity.plan_id == plan_id)
            .group_by(Enrollment.activity_id)
        ).all()
    }
    activities = tuple(
        ActivityAttendance(
            code=a.code,
            title=a.title,
            expected=enrolled.get(a.id, 0) * sessions.get(a.id, 0),
            recorded=marks.get(a.id, (0, 0))[0],
            present=marks.get(a.id, (0, 0))[1],
        )
        for a in session.scalars(
            select(Activity).where(Activity.plan_id == plan_id).order_by(Activity.start_date)
        )
    )
    return PlanDashboard(
        plan_id=plan_id,
        ceiling=estimate.ceiling,
        estimate_total=estimate.total,
        activities=activities,
    )
