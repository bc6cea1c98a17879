"""models.planning.rollup: a campaign by commune, district and month, adding up exactly."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from models.attendance.marks import set_all_present
from models.entities.tables import Activity, Venue
from models.lookup import activity_id, plan_id
from models.planning.rollup import rollup, total

L01 = "TTDN23-L01"


def test_by_commune_district_and_month_add_up_to_the_plan(demo_db: Any) -> None:
    with demo_db.write() as s:
        set_all_present(s, activity_id(s, L01), by="test")
        pid = plan_id(s, "KH-TTDN-2023")
        by_commune = rollup(s, pid, "commune")
        by_district = rollup(s, pid, "district")
        by_month = rollup(s, pid, "month")
        activities = s.scalar(select(func.count()).where(Activity.plan_id == pid))
        hall = s.scalar(select(Venue.commune).join(Activity).where(Activity.plan_id == pid))
    for rows in (by_commune, by_district, by_month):
        assert total(rows).activities == activities == 7
        assert total(rows).sessions == 28
        assert total(rows).expected == 290  # rosters, no planned counts
        assert total(rows).present == 40  # L01's 40 marked present
        assert total(rows).cost == total(by_commune).cost > 0
    assert [r.key for r in by_commune] == [hall or "(chưa rõ)"]
    assert len(by_district) == 6  # six districts; the leaders count with their largest
    assert all(r.key.startswith("2023-") for r in by_month)
