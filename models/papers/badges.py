"""Name badges and desk cards (thẻ đeo, biển tên để bàn) with the person's check-in QR code.

The QR code holds the person's 12-digit CCCD number and nothing else: that is what the
check-in box reads (models.attendance.checkin.parse_scan, kind "number"), and it keeps the
code small (21×21 modules) and printable on any laser printer. People without a CCCD get a
card without a code (they are checked in by hand) and a warning.

Pure standard library in the dataclasses, so `reports` may import them; `build_badges` reads the
database with one column query per chunk of 500 classes (scenario B: 113 classes, 17,269 people).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities.enums import Role
from models.entities.tables import Activity, Enrollment, OrgUnit, Person, Plan
from models.lookup import get_activity, get_plan, plan_activity_ids
from models.papers.forms import Badge, BadgeKind, BadgeSheet, check_in_payload
from models.papers.sign_in import unit_info

__all__ = ["build_badges"]


def _position(*parts: str) -> str:
    return ", ".join(p for p in parts if p and p.strip())


def _badges(session: Session, activity_ids: Sequence[int]) -> tuple[list[Badge], int]:
    titles = {
        aid: (code, title)
        for aid, code, title in session.execute(
            select(Activity.id, Activity.code, Activity.title).where(Activity.id.in_(activity_ids))
        )
    }
    per: dict[int, list[Badge]] = defaultdict(list)
    missing = 0
    for start in range(0, len(activity_ids), 500):  # SQLite's bound-parameter limit
        chunk = activity_ids[start : start + 500]
        query = (
            select(
                Enrollment.activity_id,
                Person.full_name,
                Person.cccd,
                Person.position,
                Person.village,
                Person.commune,
            )
            .join(Person, Person.id == Enrollment.person_id)
            .where(Enrollment.activity_id.in_(chunk), Enrollment.role == Role.LEARNER)
            .order_by(Enrollment.activity_id, Person.sort_key, Person.id)
        )
        for aid, name, cccd, position, village, commune in session.execute(query):
            code, title = titles[aid]
            qr = check_in_payload(cccd)
            missing += not qr
            per[aid].append(Badge(name, qr, _position(position, village, commune), code, title))
    return [b for aid in activity_ids for b in per.get(aid, ())], missing


def build_badges(
    session: Session,
    *,
    activity_id: int | None = None,
    plan_id: int | None = None,
    kind: BadgeKind = "badge",
) -> BadgeSheet:
    """Cards for the learners of one class, or of every class of a plan in date order."""
    if (activity_id is None) == (plan_id is None):
        raise ValueError("give exactly one of activity_id and plan_id")
    org: OrgUnit | None
    if activity_id is not None:
        activity = get_activity(session, activity_id)
        ids, title, org = [activity_id], activity.title, activity.plan.org_unit
    else:
        plan: Plan = get_plan(session, plan_id)  # type: ignore[arg-type]
        ids, title, org = plan_activity_ids(session, plan.id), plan.title, plan.org_unit
    badges, missing = _badges(session, ids)
    warnings = (f"{missing} người chưa có số CCCD: thẻ không có mã QR, điểm danh bằng tay",)
    return BadgeSheet(
        unit=unit_info(org),
        title=title,
        badges=tuple(badges),
        kind=kind,
        warnings=warnings if missing else (),
    )


def badges(
    session: Session, activity_id: int | None = None, plan_id: int | None = None
) -> BadgeSheet:
    """Name badges, 10 to an A4 sheet, as the paper registry builds them."""
    return build_badges(session, activity_id=activity_id, plan_id=plan_id, kind="badge")


def desk_cards(
    session: Session, activity_id: int | None = None, plan_id: int | None = None
) -> BadgeSheet:
    """Desk cards, 8 to an A4 sheet, as the paper registry builds them."""
    return build_badges(session, activity_id=activity_id, plan_id=plan_id, kind="desk")
