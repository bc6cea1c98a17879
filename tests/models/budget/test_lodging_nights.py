"""Lodging as the law pays it: nights actually stayed (the evening before, between days, the
night after when far participants leave next morning), for learners only with the organiser's
certificate that it could not provide rooms (TT 36/2018/TT-BTC), from a threshold of its own."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select

from models.budget.entitlements import nights
from models.budget.estimate import estimate_activity
from models.db import Database
from models.entities.tables import Enrollment, Person
from models.lookup import activity_id, plan_by_code
from models.planning.editing import plan_form, update_plan

D = dt.date(2023, 10, 16)


def test_nights_actually_stayed() -> None:
    two_days = [D, D + dt.timedelta(days=1)]
    assert nights(two_days, arrive_night_before=True) == 2  # the evening before + between
    assert nights(two_days, arrive_night_before=False) == 1  # between only
    assert nights(two_days, arrive_night_before=True, night_after=True) == 3
    apart = [D, D + dt.timedelta(days=2)]  # came on day 1 and day 3 only: two trips
    assert nights(apart, arrive_night_before=True) == 2
    assert nights([], arrive_night_before=True, night_after=True) == 0


def _lodging(db: Database) -> int:
    with db.write() as s:
        est = estimate_activity(s, activity_id(s, "TTDN23-L01"))
    return next((x.quantity for x in est.lines if x.key == "lodging"), 0)


def _plan(db: Database, **changes: object) -> None:
    with db.write() as s:
        pid = plan_by_code(s, "KH-TTDN-2023").id
        update_plan(s, pid, dataclasses.replace(plan_form(s, pid), **changes))  # type: ignore[arg-type]


def test_the_plan_decides_certificate_night_after_and_threshold(demo_url: str) -> None:
    db = Database(demo_url)
    assert _lodging(db) == 40 * 2  # all 40 live beyond 15 km: the evening before + 1 night
    _plan(db, night_after=True)
    assert _lodging(db) == 40 * 3
    _plan(db, night_after=False, lodging_min_km=65)
    with db.read() as s:
        far = s.scalars(
            select(Person.distance_km)
            .join(Enrollment)
            .where(Enrollment.activity_id == activity_id(s, "TTDN23-L01"))
        ).all()
    assert _lodging(db) == 2 * sum(1 for km in far if km is not None and km >= 65)
    _plan(db, lodging_min_km=None, lodging_certified=False)  # rooms could be provided
    assert _lodging(db) == 0
    db.close()
