"""Finding plans, activities, people and units by id or by code: the core's one lookup.

A code is normalised once, here (Unicode NFC, surrounding space removed), whoever typed it;
an unknown id or code raises NotFoundError with one sentence for the user. Front ends and the
other core modules look things up through these functions, never with their own query.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities.tables import Activity, OrgUnit, Person, Plan
from models.errors import NotFoundError
from models.text.vntext import nfc


def clean_code(code: str) -> str:
    """A code as stored: NFC, without surrounding space."""
    return nfc(code).strip()


def get_activity(session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFoundError(f"không có hoạt động mã số {activity_id}")
    return activity


def activity_by_code(session: Session, code: str) -> Activity:
    activity = session.scalar(select(Activity).where(Activity.code == clean_code(code)))
    if activity is None:
        raise NotFoundError(f"không có hoạt động mã {clean_code(code)}")
    return activity


def activity_id(session: Session, code: str) -> int:
    """The id of the activity with this code (without loading it)."""
    found = session.scalar(select(Activity.id).where(Activity.code == clean_code(code)))
    if found is None:
        raise NotFoundError(f"không có hoạt động mã {clean_code(code)}")
    return found


def get_plan(session: Session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"không có kế hoạch mã số {plan_id}")
    return plan


def plan_by_code(session: Session, code: str) -> Plan:
    plan = session.scalar(select(Plan).where(Plan.code == clean_code(code)))
    if plan is None:
        raise NotFoundError(f"không có kế hoạch mã {clean_code(code)}")
    return plan


def plan_id(session: Session, code: str) -> int:
    """The id of the plan with this code (without loading it)."""
    found = session.scalar(select(Plan.id).where(Plan.code == clean_code(code)))
    if found is None:
        raise NotFoundError(f"không có kế hoạch mã {clean_code(code)}")
    return found


def plan_activity_ids(session: Session, plan: int) -> list[int]:
    """The plan's activities in print order (start date, then code)."""
    return list(
        session.scalars(
            select(Activity.id)
            .where(Activity.plan_id == plan)
            .order_by(Activity.start_date, Activity.code)
        )
    )


def get_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError(f"không có người mã số {person_id}")
    return person


def person_by_cccd(session: Session, cccd: str) -> Person | None:
    """The person holding this CCCD number, or None (a CCCD is unique when given)."""
    number = clean_code(cccd)
    if not number:
        return None
    return session.scalar(select(Person).where(Person.cccd == number))


def unit_by_code(session: Session, qhns_code: str) -> OrgUnit | None:
    """The organising unit with this budget-relationship code (mã QHNS), or None."""
    code = clean_code(qhns_code)
    if not code:
        return None
    return session.scalars(select(OrgUnit).where(OrgUnit.qhns_code == code).limit(1)).first()
