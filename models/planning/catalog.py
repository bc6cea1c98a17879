"""Read-only summaries of plans and activities, as plain data for the CLI and the window."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.entities.tables import (
    Activity,
    ClassSession,
    Enrollment,
    FundingSource,
    Lecturer,
    Plan,
    Venue,
)
from models.i18n_marks import N_, Text
from models.text.words import decision_worded, decision_words


@dataclass(frozen=True)
class ActivitySummary:
    id: int
    code: str
    title: str
    kind: str
    start: dt.date
    end: dt.date
    venue: str
    enrolled: int
    sessions: int
    locked: bool
    archived: bool = False
    capacity: int | None = None  # the venue's seats
    capacity_note: str = ""  # why it holds more people than that

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "title": self.title,
            "kind": self.kind,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "venue": self.venue,
            "enrolled": self.enrolled,
            "sessions": self.sessions,
            "locked": self.locked,
            "archived": self.archived,
            "capacity": self.capacity,
            "capacity_note": self.capacity_note,
        }


@dataclass(frozen=True)
class PlanSummary:
    id: int
    code: str
    number: str
    title: str
    ceiling: int
    decision: str
    activities: tuple[ActivitySummary, ...]
    archived: bool = False

    @property
    def enrolled(self) -> int:
        return sum(a.enrolled for a in self.activities)

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "number": self.number,
            "title": self.title,
            "ceiling": self.ceiling,
            "decision": self.decision,
            "enrolled": self.enrolled,
            "archived": self.archived,
            "activities": [a.as_json() for a in self.activities],
        }


def list_plans(
    session: Session, codes: list[str] | None = None, *, include_archived: bool = False
) -> list[PlanSummary]:
    """Every plan (or those named) with its activities, counted in three queries in all.

    Archived plans and classes are left out unless named by code or `include_archived`."""
    shown = include_archived or bool(codes)
    plan_q = select(Plan, FundingSource).outerjoin(FundingSource).order_by(Plan.code)
    if codes:
        plan_q = plan_q.where(Plan.code.in_(codes))
    if not shown:
        plan_q = plan_q.where(Plan.archived.is_(False))
    plans = session.execute(plan_q).all()
    if not plans:
        return []
    plan_ids = [p.id for p, _ in plans]
    enrolled: dict[int, int] = {
        aid: n
        for aid, n in session.execute(
            select(Enrollment.activity_id, func.count())
            .join(Activity)
            .where(Activity.plan_id.in_(plan_ids))
            .group_by(Enrollment.activity_id)
        )
    }
    sessions: dict[int, int] = {
        aid: n
        for aid, n in session.execute(
            select(ClassSession.activity_id, func.count())
            .join(Activity)
            .where(Activity.plan_id.in_(plan_ids))
            .group_by(ClassSession.activity_id)
        )
    }
    activity_q = (
        select(Activity, Venue.name, Venue.capacity)
        .outerjoin(Venue, Activity.venue_id == Venue.id)
        .where(Activity.plan_id.in_(plan_ids))
        .order_by(Activity.start_date, Activity.code)
    )
    if not shown:
        activity_q = activity_q.where(Activity.archived.is_(False))
    rows = session.execute(activity_q).all()
    by_plan: dict[int, list[ActivitySummary]] = {pid: [] for pid in plan_ids}
    for activity, venue_name, capacity in rows:
        by_plan[activity.plan_id].append(
            ActivitySummary(
                id=activity.id,
                code=activity.code,
                title=activity.title,
                kind=activity.kind.value,
                start=activity.start_date,
                end=activity.end_date,
                venue=venue_name or "",
                enrolled=enrolled.get(activity.id, 0),
                sessions=sessions.get(activity.id, 0),
                locked=activity.locked,
                archived=activity.archived,
                capacity=capacity,
                capacity_note=activity.capacity_note,
            )
        )
    return [
        PlanSummary(
            id=plan.id,
            code=plan.code,
            number=plan.number,
            title=plan.title,
            ceiling=fund.ceiling if fund else 0,
            decision=_decision(fund),
            activities=tuple(by_plan[plan.id]),
            archived=plan.archived,
        )
        for plan, fund in plans
    ]


def _decision(fund: FundingSource | None) -> str:
    if fund is None:
        return ""
    if decision_worded(fund.decision_number):  # typed as "Quyết định số …": said once
        return decision_words(fund.decision_number, fund.decision_date)
    if fund.decision_date is None:
        return Text(N_("Quyết định số {number}"), number=fund.decision_number)
    return Text(
        N_("Quyết định số {number} ngày {date}"),
        number=fund.decision_number,
        date=f"{fund.decision_date:%d/%m/%Y}",
    )


@dataclass(frozen=True)
class VenueRow:
    id: int
    name: str
    commune: str
    province: str
    address: str
    place_type: str
    capacity: int | None
    daily_hire: int
    version: int = 0  # as read: a form's save passes it back
    organiser_owned: bool = False
    central_city: bool = False


@dataclass(frozen=True)
class LecturerRow:
    id: int
    full_name: str
    tier: int
    title: str
    agency: str
    salaried: bool
    distance_km: int
    version: int = 0
    cccd: str = ""
    tax_code: str = ""
    tax_commitment: bool = False
    travel_method: str = ""  # "": the plan's method for lecturers
    leader: bool = False


def list_venues(session: Session) -> list[VenueRow]:
    return [
        VenueRow(
            version=v.version,
            id=v.id,
            name=v.name,
            commune=v.commune,
            province=v.province,
            address=v.address,
            place_type=v.place_type.value,
            capacity=v.capacity,
            daily_hire=v.daily_hire,
            organiser_owned=v.organiser_owned,
            central_city=v.central_city,
        )
        for v in session.scalars(select(Venue).order_by(Venue.province, Venue.name))
    ]


def list_lecturers(session: Session) -> list[LecturerRow]:
    return [
        LecturerRow(
            version=x.version,
            id=x.id,
            full_name=x.full_name,
            tier=x.tier,
            title=x.title,
            agency=x.agency,
            salaried=x.salaried,
            distance_km=x.distance_km,
            cccd=x.cccd,
            tax_code=x.tax_code,
            tax_commitment=x.tax_commitment,
            travel_method=x.travel_method or "",
            leader=x.leader,
        )
        for x in session.scalars(select(Lecturer).order_by(Lecturer.tier, Lecturer.full_name))
    ]
