"""Who pays each participant category's costs in a plan, and how the category travels.

The class budget pays a category's meals, travel and lodging within the caps, or their own
agency pays them as công tác phí and the class pays nothing but the drinks (TT 40/2017/TT-BTC
Điều 12 khoản 4; TT 36/2018/TT-BTC Điều 5). Travel is by own vehicle per km, a provincial flat
rate per km, or tickets (TT 40/2017/TT-BTC Điều 5), per category and per lecturer.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.budget.rules import (
    CATEGORIES,
    CATEGORY_LABELS,
    DEFAULT_PAYERS,
    PAYER_LABELS,
    PAYERS,
    SUPPORTS,
    plan_payers,
    plan_supports,
    plan_travel_methods,
)
from models.entities.enums import TravelMethod
from models.entities.tables import Enrollment, Person, PlanCategory
from models.errors import MoneyError
from models.guard import require_plan_unlocked, require_unlocked
from models.lookup import get_activity, get_plan


@dataclass(frozen=True)
class CategorySetting:
    """One participant category of a plan as the window and the CLI show it."""

    category: str
    label: str
    payer: str
    payer_label: str
    travel_method: str | None  # the category's own; None: the plan's
    effective_method: str
    supports: tuple[str, ...]  # what the class pays them


def category_settings(session: Session, plan_id: int) -> list[CategorySetting]:
    plan = get_plan(session, plan_id)
    payers, methods = plan_payers(plan), plan_travel_methods(plan)
    own = {row.category: row.travel_method for row in plan.categories}
    supports = plan_supports(plan)
    return [
        CategorySetting(
            category=c,
            label=CATEGORY_LABELS[c],
            payer=payers[c],
            payer_label=PAYER_LABELS[payers[c]],
            travel_method=own.get(c),
            effective_method=methods[c],
            supports=tuple(s for s in SUPPORTS if s in supports[c]),
        )
        for c in CATEGORIES
    ]


def set_plan_category(
    session: Session,
    plan_id: int,
    category: str,
    *,
    payer: str | None = None,
    travel_method: str | None = None,
) -> None:
    """Who pays one category's costs (class budget or their own agency) and how they travel
    ("" : the plan's method). Changing the payer to the agency stops every class support but
    drinks for them; the next estimate follows."""
    plan = get_plan(session, plan_id)
    require_plan_unlocked(plan)
    if category not in CATEGORIES:
        raise MoneyError(f"nhóm người {category!r} không có; chọn: {', '.join(CATEGORIES)}")
    if payer is not None and payer not in PAYERS:
        raise MoneyError(f"người chi trả {payer!r} không có; chọn: {', '.join(PAYERS)}")
    known = [m.value for m in TravelMethod]
    if travel_method and travel_method not in known:
        raise MoneyError(
            f"cách tính tiền đi lại {travel_method!r} không có; chọn một trong: {', '.join(known)}"
        )
    row = next((r for r in plan.categories if r.category == category), None)
    if row is None:
        row = PlanCategory(category=category, payer=DEFAULT_PAYERS[category])
        plan.categories.append(row)
    if payer is not None:
        row.payer = payer
    if travel_method is not None:
        row.travel_method = travel_method or None
    session.flush()


def set_agency_paid(session: Session, activity_id: int, person_id: int, paid: bool) -> None:
    """Record that a person's own agency paid this trip as công tác phí (a travel order settled
    there): the class then pays them nothing but the drinks, so nobody is paid both ways."""
    activity = get_activity(session, activity_id)
    require_unlocked(activity)
    enrollment = session.scalar(
        select(Enrollment).where(
            Enrollment.activity_id == activity_id, Enrollment.person_id == person_id
        )
    )
    if enrollment is None:
        raise MoneyError(f"người số {person_id} không có trong danh sách {activity.code}")
    enrollment.agency_paid = paid
    session.flush()


def set_category_choices(
    session: Session, plan_id: int, payers: dict[str, str], methods: dict[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Save who pays and how each category travels ("": the plan's); returns both as they
    were (for undo)."""
    before = category_settings(session, plan_id)
    old_payers = {c.category: c.payer for c in before}
    old_methods = {c.category: c.travel_method or "" for c in before}
    for category in CATEGORIES:
        payer, method = payers.get(category), methods.get(category)
        if payer == old_payers[category]:
            payer = None
        if method == old_methods[category]:
            method = None
        if payer is not None or method is not None:
            set_plan_category(session, plan_id, category, payer=payer, travel_method=method)
    return old_payers, old_methods


def set_agency_paid_by_cccd(
    session: Session, activity_id: int, cccds: list[str], paid: bool
) -> list[str]:
    """set_agency_paid for the people with these CCCDs; refuses (changing nothing) when a
    CCCD names nobody on the class list. Returns their names."""
    activity = get_activity(session, activity_id)
    wanted = ["".join(c.split()) for c in cccds]
    found = session.execute(
        select(Person.cccd, Person.id)
        .join(Enrollment, Enrollment.person_id == Person.id)
        .where(Enrollment.activity_id == activity_id, Person.cccd.in_(wanted))
    )
    rows = {cccd: pid for cccd, pid in found}  # a Result has keys(): dict() would misread it
    missing = [c for c in wanted if c not in rows]
    if missing:
        raise MoneyError(f"{activity.code}: không có ai với số CCCD {', '.join(missing)}")
    for cccd in wanted:
        set_agency_paid(session, activity_id, rows[cccd], paid)
    return [session.get(Person, rows[c]).full_name for c in wanted]  # type: ignore[union-attr]
