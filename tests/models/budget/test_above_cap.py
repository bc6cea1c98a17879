"""A rate above its cap is refused without a reason; messages name the norm item in words."""

from __future__ import annotations

import pickle

import pytest

from models.budget.edit import AboveCapError, add_line, update_line
from models.budget.estimate import ABOVE_CAP, OVERRIDDEN, WITHIN_CAP, estimate_activity
from models.db import Database
from models.lookup import activity_by_code, plan_by_code
from models.norms.store import set_norm_cap


def _meal(db: Database) -> tuple[int, int]:
    with db.write() as s:  # the first estimate generates the lines
        activity_id = activity_by_code(s, "TTDN23-L01").id
        lines = estimate_activity(s, activity_id).lines
    return activity_id, next(line.line_id for line in lines if line.key == "meal")


def _line(db: Database, activity_id: int, line_id: int) -> tuple[int, str, str]:
    with db.read() as s:
        lines = estimate_activity(s, activity_id, refresh=False).lines
    line = next(line for line in lines if line.line_id == line_id)
    return line.rate, line.status, line.override_reason


def test_a_rate_above_the_cap_without_a_reason_changes_nothing(demo_db: Database) -> None:
    activity_id, meal = _meal(demo_db)
    with pytest.raises(AboveCapError) as caught, demo_db.write() as s:
        update_line(s, meal, rate=250_000, description="Tiền ăn (sửa)")
    message = str(caught.value)
    assert "“Hỗ trợ tiền ăn cho học viên”" in message and "MEAL_LEARNER" not in message
    assert "250.000" in message and "200.000" in message
    assert (caught.value.rate, caught.value.cap) == (250_000, 200_000)
    assert _line(demo_db, activity_id, meal) == (200_000, WITHIN_CAP, "")
    # the template and its arguments survive the trip back from the worker
    again = pickle.loads(pickle.dumps(caught.value))
    assert str(again) == message and again.template == caught.value.template


def test_with_a_reason_the_rate_and_the_reason_are_saved_together(demo_db: Database) -> None:
    activity_id, meal = _meal(demo_db)
    reason = "NQ 11/2019/NQ-HĐND tỉnh Lai Châu cho phép mức cao hơn (giả định)"
    with demo_db.write() as s:
        update_line(s, meal, rate=250_000, override_reason=reason)
    assert _line(demo_db, activity_id, meal) == (250_000, OVERRIDDEN, reason)
    with demo_db.write() as s:  # the reason recorded covers the next edit of the rate
        update_line(s, meal, rate=240_000)
    assert _line(demo_db, activity_id, meal)[:2] == (240_000, OVERRIDDEN)


def test_a_line_left_above_a_lowered_cap_can_still_be_edited(demo_db: Database) -> None:
    activity_id, meal = _meal(demo_db)
    with demo_db.write() as s:
        update_line(s, meal, rate=200_000)
        set_norm_cap(s, "TT55-2023-QG", "MEAL_LEARNER", 150_000, source="NQ (giả định)")
    with demo_db.write() as s:  # the rate is unchanged: only the wording moves
        update_line(s, meal, rate=200_000, description="Tiền ăn học viên")
    assert _line(demo_db, activity_id, meal)[:2] == (200_000, ABOVE_CAP)
    with pytest.raises(AboveCapError, match=r"150\.000"), demo_db.write() as s:
        update_line(s, meal, rate=210_000)


def test_a_new_line_priced_by_an_item_above_its_cap_needs_a_reason(demo_db: Database) -> None:
    with demo_db.read() as s:
        plan_id = plan_by_code(s, "KH-TTDN-2023").id
        activity_id = activity_by_code(s, "TTDN23-L01").id
    new = {
        "plan_id": plan_id,
        "activity_id": activity_id,
        "description": "Ăn thêm",
        "quantity": 1,
        "unit": "người",
        "rate": 300_000,
        "norm_code": "MEAL_LEARNER",
    }
    with pytest.raises(AboveCapError), demo_db.write() as s:
        add_line(s, **new)  # type: ignore[arg-type]
    with demo_db.write() as s:
        line_id = add_line(s, **new, override_reason="Giá thực tế tại xã (giả định)")  # type: ignore[arg-type]
    assert _line(demo_db, activity_id, line_id)[:2] == (300_000, OVERRIDDEN)
