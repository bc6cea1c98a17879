"""An activity is priced by the norm set in force on its dates unless the plan names one; a set
of the plan's province overrides the national one."""

from __future__ import annotations

import datetime as dt

from models.budget.estimate import estimate_activity
from models.db import Database
from models.norms.store import derive_norm_set, install_shipped, set_norm_cap, set_plan_norm_set
from models.planning.setup import ActivityInput, PlanInput, create_activity, create_plan


def _meal_set(db: Database, activity_id: int) -> tuple[str, str]:
    return _priced(db, activity_id)[:2]


def _priced(db: Database, activity_id: int) -> tuple[str, str, str]:
    """The drinks line's set, source and why that set (the window's tooltip says the same)."""
    with db.write() as s:
        est = estimate_activity(s, activity_id)
    drinks = next(x for x in est.lines if x.key == "drinks")
    return drinks.norm_set, drinks.source, drinks.why_set


def test_each_class_is_priced_by_the_set_in_force_on_its_dates(empty_url: str) -> None:
    db = Database(empty_url)
    with db.write() as s:
        install_shipped(s)
        plan = create_plan(
            s,
            PlanInput(
                code="KH-2023", title="Tập huấn 2023", unit_name="Sở VHTTDL", unit_place="Lai Châu"
            ),
        )
        march = create_activity(
            s,
            ActivityInput(plan.id, "L-03", "Lớp tháng 3", dt.date(2023, 3, 6), dt.date(2023, 3, 7)),
        )
        october = create_activity(
            s,
            ActivityInput(
                plan.id, "L-10", "Lớp tháng 10", dt.date(2023, 10, 16), dt.date(2023, 10, 17)
            ),
        )
        march.expected_count = october.expected_count = 30  # priced before the rosters arrive
        ids = (plan.id, march.id, october.id)  # fmt: skip
    plan_id, march_id, october_id = ids
    assert _meal_set(db, march_id)[0] == "TT15-2022-QG"  # before TT 55/2023 took effect
    assert _meal_set(db, october_id)[0] == "TT55-2023-QG"
    assert "bộ định mức chung có hiệu lực vào ngày của lớp" in _priced(db, october_id)[2]

    with db.write() as s:  # the province's own resolution, in force from 1/7/2023
        derive_norm_set(
            s, "TT55-2023-QG", code="LC-NQ-2023", name="Lai Châu", province="Lai Châu",
            legal_basis=["NQ giả định cho kiểm thử"], effective_from=dt.date(2023, 7, 1),
        )  # fmt: skip
        set_norm_cap(s, "LC-NQ-2023", "DRINKS", 30_000, source="NQ tỉnh Lai Châu, Điều 3")
    assert _meal_set(db, october_id) == ("LC-NQ-2023", "NQ tỉnh Lai Châu, Điều 3")
    assert "tỉnh Lai Châu (nghị quyết HĐND)" in _priced(db, october_id)[2]
    assert _meal_set(db, march_id)[0] == "TT15-2022-QG"  # the resolution was not yet in force

    with db.write() as s:  # the plan names a set: every class follows it
        set_plan_norm_set(s, plan_id, "TT55-2023-QG")
    assert _meal_set(db, march_id)[0] == _meal_set(db, october_id)[0] == "TT55-2023-QG"
    assert _priced(db, march_id)[2] == "kế hoạch KH-2023 chọn bộ định mức này"
    db.close()
