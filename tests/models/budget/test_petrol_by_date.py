"""Own-vehicle travel at the petrol price of the trip's date (TT 40/2017/TT-BTC Điều 5 khoản 2
điểm b: "giá xăng tại thời điểm đi công tác"), not one figure for a whole plan."""

from __future__ import annotations

import datetime as dt

from models.budget.edit import set_petrol_price
from models.budget.estimate import estimate_activity
from models.db import Database
from models.lookup import activity_id, plan_by_code


def _km_rate(db: Database, code: str) -> int:
    with db.write() as s:
        est = estimate_activity(s, activity_id(s, code))
    return next(x.rate for x in est.lines if x.key == "travel")


def test_each_class_travels_at_the_price_of_its_dates(demo_url: str) -> None:
    db = Database(demo_url)
    # The demo plan's single price: 23.000 đ/l → 0,2 × 23.000 = 4.600 đ/km everywhere.
    assert _km_rate(db, "TTDN23-L01") == _km_rate(db, "TTDN23-L06") == 4_600
    with db.write() as s:
        plan_id = plan_by_code(s, "KH-TTDN-2023").id
        set_petrol_price(s, plan_id, dt.date(2023, 10, 1), 23_450)  # published 1/10/2023
        set_petrol_price(s, plan_id, dt.date(2023, 10, 31), 22_380)  # and again on 31/10
    # L01 (16/10): 0,2 × 23.450 = 4.690; L06 (2/11): 0,2 × 22.380 = 4.476 đ/km.
    assert _km_rate(db, "TTDN23-L01") == 4_690
    assert _km_rate(db, "TTDN23-L06") == 4_476
    with db.write() as s:
        est = estimate_activity(s, activity_id(s, "TTDN23-L06"))
    travel = next(x for x in est.lines if x.key == "travel")
    assert travel.cap == 4_476 and travel.status == "within_cap"  # checked at its own date
    db.close()
