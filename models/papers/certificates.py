"""Giấy chứng nhận hoàn thành khóa bồi dưỡng/tập huấn, numbered in the plan's register.

A learner present at `plan.certificate_min_attendance` % (default 80 %) or more of the taught
buổi of a class of the plan is eligible (one certificate per plan, for the first class they
met it in). The register (table `certificate`) keeps each learner's number: a re-print gives
the same numbers, learners newly eligible get the next ones, a learner no longer eligible keeps
their number (a certificate handed out is not taken back by a reprint) but is not printed.

`build_certificates` writes the new numbers, so it needs a writing session (`db.write()`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from models.entities.enums import Gender, Presence, Role
from models.entities.tables import (
    Activity,
    Attendance,
    Certificate,
    ClassSession,
    Enrollment,
    Person,
    Venue,
)
from models.lookup import get_activity, get_plan
from models.papers.forms import CertificateEntry, CertificateSheet
from models.papers.sign_in import unit_info

__all__ = ["build_certificates", "eligible"]


@dataclass(frozen=True, slots=True)
class _Met:
    person_id: int
    activity_id: int
    attended: int
    taught: int


def eligible(session: Session, plan_id: int, min_percent: int) -> list[_Met]:
    """Learners who met the threshold, in date order of their class then name order; each
    person once (their first class)."""
    taught = dict(
        session.execute(
            select(ClassSession.activity_id, func.count())
            .join(Activity, Activity.id == ClassSession.activity_id)
            .where(Activity.plan_id == plan_id, ClassSession.taught)
            .group_by(ClassSession.activity_id)
        ).all()
    )
    present: Counter[tuple[int, int]] = Counter()
    rows = session.execute(
        select(Enrollment.activity_id, Enrollment.person_id, func.count())
        .join(Attendance, Attendance.enrollment_id == Enrollment.id)
        .join(ClassSession, ClassSession.id == Attendance.session_id)
        .join(Activity, Activity.id == Enrollment.activity_id)
        .where(
            Activity.plan_id == plan_id,
            Enrollment.role == Role.LEARNER,
            Attendance.status == Presence.PRESENT,
            ClassSession.taught,
        )
        .group_by(Enrollment.activity_id, Enrollment.person_id)
    )
    for aid, pid, count in rows:
        present[(aid, pid)] = count
    order = session.execute(
        select(Enrollment.activity_id, Enrollment.person_id)
        .join(Activity, Activity.id == Enrollment.activity_id)
        .join(Person, Person.id == Enrollment.person_id)
        .where(Activity.plan_id == plan_id, Enrollment.role == Role.LEARNER)
        .order_by(Activity.start_date, Activity.code, Person.sort_key, Person.id)
    )
    met: list[_Met] = []
    seen: set[int] = set()
    for aid, pid in order:
        total = taught.get(aid, 0)
        came = present[(aid, pid)]
        # Whole numbers: came / total ≥ min % without rounding a share up.
        if pid in seen or not total or came * 100 < min_percent * total:
            continue
        seen.add(pid)
        met.append(_Met(pid, aid, came, total))
    return met


def _gender(value: Gender | None) -> Literal["M", "F"] | None:
    return None if value is None else "M" if value is Gender.MALE else "F"


def build_certificates(
    session: Session,
    *,
    plan_id: int | None = None,
    activity_id: int | None = None,
    issued_on: dt.date | None = None,
) -> CertificateSheet:
    """The plan's certificates (or those of one class's learners), numbering the new ones.

    A new number is dated `issued_on`, else the last day of the learner's class."""
    if (activity_id is None) == (plan_id is None):
        raise ValueError("give exactly one of activity_id and plan_id")
    if activity_id is not None:
        plan = get_activity(session, activity_id).plan
    else:
        plan = get_plan(session, plan_id)  # type: ignore[arg-type]
    met = eligible(session, plan.id, plan.certificate_min_attendance)
    # Plain rows, not ORM objects: a campaign's register holds 17,000 learners.
    register: dict[int, tuple[int, dt.date]] = {
        pid: (number, day)
        for pid, number, day in session.execute(
            select(Certificate.person_id, Certificate.number, Certificate.issued_on).where(
                Certificate.plan_id == plan.id
            )
        )
    }
    activities = {  # id -> (title, start, end, venue): plain values, read once per class
        aid: (title, start, end, vname or "")
        for aid, title, start, end, vname in session.execute(
            select(Activity.id, Activity.title, Activity.start_date, Activity.end_date, Venue.name)
            .outerjoin(Venue, Venue.id == Activity.venue_id)
            .where(Activity.plan_id == plan.id)
        )
    }
    last = max((number for number, _ in register.values()), default=0)
    added = []
    for m in met:
        if m.person_id not in register:
            last += 1
            day = issued_on or activities[m.activity_id][2]
            register[m.person_id] = (last, day)
            added.append(
                {"plan_id": plan.id, "person_id": m.person_id, "number": last, "issued_on": day}
            )
    if added:
        session.execute(insert(Certificate), added)
    shown = [m for m in met if activity_id is None or m.activity_id == activity_id]
    wanted = {m.person_id for m in shown}
    people = {
        row.id: row
        for row in session.execute(
            select(
                Person.id,
                Person.full_name,
                Person.birth_year,
                Person.gender,
                Person.position,
                Person.village,
                Person.commune,
            )
            .join(Enrollment, Enrollment.person_id == Person.id)
            .join(Activity, Activity.id == Enrollment.activity_id)
            .where(Activity.plan_id == plan.id, Enrollment.role == Role.LEARNER)
        )
        if row.id in wanted
    }
    entries = []
    for m in sorted(shown, key=lambda m: register[m.person_id][0]):
        (number, day), person = register[m.person_id], people[m.person_id]
        title, start, end, venue = activities[m.activity_id]
        entries.append(
            CertificateEntry(
                number=number,
                number_text=f"{number:04d}/GCN-{plan.code}",
                full_name=person.full_name,
                issued_on=day,
                birth_year=person.birth_year,
                gender=_gender(person.gender),
                position=", ".join(
                    p for p in (person.position, person.village, person.commune) if p.strip()
                ),
                activity_title=title,
                start=start,
                end=end,
                venue=venue,
                attended=m.attended,
                taught=m.taught,
            )
        )
    return CertificateSheet(
        unit=unit_info(plan.org_unit),
        plan_title=plan.title,
        plan_code=plan.code,
        min_attendance=plan.certificate_min_attendance,
        entries=tuple(entries),
        new=len(added),
    )


def certificates(
    session: Session,
    activity_id: int | None = None,
    plan_id: int | None = None,
    *,
    date: dt.date | None = None,
) -> CertificateSheet:
    """The certificates as the paper registry builds them (in a writing session: new
    numbers are entered in the register)."""
    return build_certificates(session, plan_id=plan_id, activity_id=activity_id, issued_on=date)
