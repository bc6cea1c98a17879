"""Estimates kept current at write time, so reading one never has to write.

A class's generated lines follow its roster, buổi, venue, lecturers, plan settings and the
norms in force. They used to be brought up to date when a view opened the estimate — a
write for every look, and all 113 classes of a campaign refreshed to show one plan total.
Now the transaction that changes any of those refreshes the lines it moves before it commits
(`Database.write()` calls `follow_changes`), whoever made the change: window, command line,
import or undo. Views read the stored lines (`refresh=False`).

A database opened after an upgrade has every open class refreshed once (`refresh_all`), since
lines written by an older release may lag its rules.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.budget.generate import (
    rebind_manual_lines,
    refresh_activity_lines,
    refresh_plan_lines,
)
from models.changes import Record
from models.entities.tables import Activity, ClassSession, Enrollment, Plan


def _classes(session: Session, rec: Record) -> tuple[set[int], set[int]]:
    """The open classes and plans whose lines the recorded changes may move."""
    if rec.every_class:
        rows = session.execute(select(Activity.id, Activity.plan_id)).all()
        return {a for a, _p in rows}, {p for _a, p in rows}
    activities = set(rec.activities)
    plans = set(rec.plans)
    if plans:
        activities.update(session.scalars(select(Activity.id).where(Activity.plan_id.in_(plans))))
    if rec.people:
        activities.update(
            session.scalars(
                select(Enrollment.activity_id).where(Enrollment.person_id.in_(rec.people))
            )
        )
    if rec.venues:
        activities.update(
            session.scalars(select(Activity.id).where(Activity.venue_id.in_(rec.venues)))
        )
        activities.update(
            session.scalars(
                select(ClassSession.activity_id).where(ClassSession.venue_id.in_(rec.venues))
            )
        )
    if rec.lecturers:
        activities.update(
            session.scalars(
                select(ClassSession.activity_id).where(ClassSession.lecturer_id.in_(rec.lecturers))
            )
        )
    if activities:
        plans.update(session.scalars(select(Activity.plan_id).where(Activity.id.in_(activities))))
    return activities, plans


def follow_changes(session: Session, rec: Record) -> None:
    """Refresh the generated lines of every open class (and plan) the transaction moved."""
    session.flush()  # what is still pending is recorded too
    if not rec.moves_estimates:
        return
    activity_ids, plan_ids = _classes(session, rec)
    existing = set(
        session.scalars(
            select(Activity.id).where(Activity.id.in_(activity_ids), Activity.locked.is_(False))
        )
    )  # a class deleted in this transaction has nothing left to refresh
    for activity_id in sorted(existing):
        refresh_activity_lines(session, activity_id)
    for plan in session.scalars(select(Plan).where(Plan.id.in_(plan_ids))):
        refresh_plan_lines(session, plan)
        rebind_manual_lines(session, plan, None)
    session.flush()


def refresh_all(session: Session) -> int:
    """Every open class and plan brought up to date; returns how many classes."""
    ids = list(session.scalars(select(Activity.id).where(Activity.locked.is_(False))))
    for activity_id in ids:
        refresh_activity_lines(session, activity_id)
    for plan in session.scalars(select(Plan)):
        refresh_plan_lines(session, plan)
        rebind_manual_lines(session, plan, None)
    session.flush()
    return len(ids)
