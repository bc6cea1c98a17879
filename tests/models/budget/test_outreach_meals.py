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
from models.entities.tables import Activity, Enrollment, Venue


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


def test_delegate_meals_follow_the_organiser_and_the_venue(empty_url: str) -> None:
    """TT 40/2017/TT-BTC Điều 12 khoản 4: (a) 200.000 đ/day at a meeting in an urban district
    of a centrally-run city; (b) 150.000 in a provincial city (a grade-I one included) or a
    district; (c) 100.000 when a commune-level body organises it, wherever it is held."""
    import dataclasses
    import datetime as dt

    from models.budget.estimate import estimate_activity
    from models.entities.enums import ActivityKind, PlaceType
    from models.norms.store import install_shipped
    from models.planning.editing import plan_form, update_plan
    from models.planning.setup import (
        ActivityInput,
        PlanInput,
        VenueInput,
        create_activity,
        create_plan,
        save_venue,
    )

    db = Database(empty_url)
    with db.write() as s:
        install_shipped(s)
        plan = create_plan(s, PlanInput(code="HN", title="Hội nghị", norm_set_code="TT55-2023-QG"))
        hall = save_venue(s, VenueInput(name="Hội trường thành phố loại I",
                                        place_type=PlaceType.URBAN1))  # fmt: skip
        meeting = create_activity(s, ActivityInput(
            plan.id, "HN-1", "Hội nghị", dt.date(2023, 11, 6), dt.date(2023, 11, 6),
            kind=ActivityKind.CONFERENCE, venue_id=hall.id,
        ))  # fmt: skip
        meeting.expected_count = 10
        ids = (plan.id, meeting.id, hall.id)
    plan_id, meeting_id, hall_id = ids

    def meal() -> tuple[str, int]:
        with db.write() as s:
            line = next(x for x in estimate_activity(s, meeting_id).lines if x.key == "meal")
        return line.norm_code, line.rate

    assert meal() == ("MEAL_DELEGATE_CITY", 150_000)  # a grade-I provincial city: point b
    with db.write() as s:
        venue = s.get(Venue, hall_id)
        assert venue is not None
        venue.central_city = True  # an urban district of Hà Nội, say
    assert meal() == ("MEAL_DELEGATE_URBAN1", 200_000)  # point a
    with db.write() as s:  # the same hall, but a commune organises the meeting
        update_plan(s, plan_id, dataclasses.replace(plan_form(s, plan_id),
                                                    organiser_level="commune"))  # fmt: skip
    assert meal() == ("MEAL_DELEGATE_COMMUNE", 100_000)  # point c, wherever it is held
    db.close()


def test_a_campaign_session_is_priced_as_an_outreach_session(campaign_url: str) -> None:
    """Scenario B: organised by the district, residents' meals off by default, the speaker's
    fee, drinks, and the session's own lines: hall, banner, sound hire, leaflets."""
    from models.lookup import plan_by_code

    db = Database(campaign_url)
    with db.read() as s:
        plan = plan_by_code(s, "KH-CDTT-TG-2023")
        assert plan.organiser_level == "district"
        first = s.scalars(
            select(Activity).where(Activity.plan_id == plan.id).order_by(Activity.code)
        ).first()
        assert first is not None
        session_id = first.id
    with db.write() as s:
        est = estimate_activity(s, session_id)
    keys = {line.key for line in est.lines}
    assert {"banner", "sound", "leaflet"} <= keys
    assert not keys & {"stationery", "certificate", "printing", "meal", "meal_half"}
    leaflet = next(x for x in est.lines if x.key == "leaflet")
    assert leaflet.norm_code == "LEAFLET" and leaflet.quantity > 0  # one per person present
    db.close()
