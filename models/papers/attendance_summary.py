"""Bảng tổng hợp điểm danh theo buổi for the class file: per buổi, how many learners were
present, absent, excused, or not marked yet. Counts come from models.attendance.marks (the
same grid the attendance screen shows), learners only (organisers and support staff are not
counted against the class).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from models.attendance.marks import attendance_grid
from models.entities.enums import Presence, Role
from models.lookup import get_activity
from models.papers.forms import AttendanceSessionRow, AttendanceSummary
from models.papers.sign_in import activity_heading, unit_info

__all__ = ["build_attendance_summary"]


def build_attendance_summary(
    session: Session, *, activity_id: int, date: dt.date | None = None
) -> AttendanceSummary:
    """One class's buổi with their counts; dated on the class's last day unless `date`."""
    activity = get_activity(session, activity_id)
    grid = attendance_grid(session, activity_id)
    learners = [r for r in grid.rows if r.role == Role.LEARNER.value]
    rows = []
    for index, info in enumerate(grid.sessions):
        marks = [r.marks[index] for r in learners]
        rows.append(
            AttendanceSessionRow(
                label=str(info.label),
                date=info.on_date,
                lecturer=info.lecturer,
                present=marks.count(Presence.PRESENT.value),
                absent=marks.count(Presence.ABSENT.value),
                excused=marks.count(Presence.EXCUSED.value),
                unmarked=marks.count(None),
                taught=info.taught,
            )
        )
    return AttendanceSummary(
        unit=unit_info(activity.plan.org_unit),
        heading=activity_heading(activity),
        learners=len(learners),
        rows=tuple(rows),
        date=date or activity.end_date,
    )


def attendance_summary(
    session: Session, activity_id: int, *, date: dt.date | None = None
) -> AttendanceSummary:
    """The attendance summary per buổi, as the paper registry builds it."""
    return build_attendance_summary(session, activity_id=activity_id, date=date)
