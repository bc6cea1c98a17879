"""Meal support for residents at outreach sessions is a maximum the unit may pay, not an
entitlement (TT 40/2017/TT-BTC Điều 12 khoản 4, "theo mức khoán"): off by default for
outreach, switched on per plan."""

from __future__ import annotations

from sqlalchemy import select

from models.budget.edit import set_plan_support
from models.budget.estimate import estimate_activity
from models.budget.rules import DELEGATE_UNSALARIED, MEAL
from models.db import Database
from models.entities.enums import ActivityKind
from models.entities.tables import Activity, Enrollment


def test_outreach_meals_are_off_until_the_plan_switches_them_on(campaign_url: str) -> None:
    db = Database(campaign_url)
    with db.read() as s:
        session = s.scalars(
            select(Activity)
            .join(Enrollment)
            .where(Activity.kind == ActivityKind.OUTREACH)
            .order_by(Activity.code)
        ).first()
        assert session is not None
        activity_id, plan_id = session.id, session.plan_id
    with db.write() as s:
        keys = {line.key for line in estimate_activity(s, activity_id).lines if line.amount}
    assert not any(k.startswith(MEAL) for k in keys)  # a half-day buổi: "meal_half"
    with db.write() as s:
        set_plan_support(s, plan_id, DELEGATE_UNSALARIED, MEAL, True)
    with db.write() as s:
        meals = [x for x in estimate_activity(s, activity_id).lines if x.key.startswith(MEAL)]
    assert meals and meals[0].amount > 0 and meals[0].norm_code.startswith("MEAL_DELEGATE_")
    db.close()


def test_the_organisers_own_hall_is_not_hired_while_it_seats_the_class(demo_url: str) -> None:
    # TT 40/2017/TT-BTC Điều 11: hall hire only when the unit has no venue of its own, or one
    # too small for the participants. TTDN23-L01: 40 people in a hall of 80, 3.000.000/day.
    from models.entities.tables import Venue
    from models.lookup import activity_id

    db = Database(demo_url)

    def hall() -> list[int]:
        with db.write() as s:
            est = estimate_activity(s, activity_id(s, "TTDN23-L01"))
        return [x.amount for x in est.lines if x.key == "hall"]

    assert hall() == []  # scenario A: the Sở's own hall seats the class of 40
    with db.write() as s:
        venue = s.scalar(select(Venue).order_by(Venue.id))
        assert venue is not None
        venue.capacity = 30  # too small for the 40 of the class: hired after all
    assert hall() == [6_000_000]  # 2 days × 3.000.000
    with db.write() as s:
        venue = s.scalar(select(Venue).order_by(Venue.id))
        assert venue is not None
        venue.capacity, venue.organiser_owned = 80, False  # someone else's hall: hired
    assert hall() == [6_000_000]
    db.close()
