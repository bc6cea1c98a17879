"""Settlement from attendance: a class by hand, per-person properties, documents, locking."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.attendance.marks import (
    attendance_grid,
    set_all_present,
    set_attendance_by_cccd,
    set_mark,
    set_session_taught,
)
from models.budget.edit import add_line, record_actual, set_plan_travel, update_line
from models.budget.estimate import estimate_activity
from models.db import Database
from models.errors import MoneyError
from models.lookup import activity_by_code, plan_by_code
from models.norms.store import set_norm_cap
from models.settlement.compute import set_travel_actual, settle_activity, settle_plan
from models.settlement.locking import lock_activity, lock_history, reopen_activity

PLAN, CODE = "KH-TTDN-2023", "TTDN23-L01"
BUN, CA, PHU = "012166565316", "012092282676", "012072923843"  # 64 km, 64 km, 44 km


@pytest.fixture
def db(demo_db: Database) -> Database:
    with demo_db.write() as s:
        set_plan_travel(s, plan_by_code(s, PLAN).id, petrol_price=23_000)  # 4.600 đ/km
    return demo_db


def _activity(db: Database, code: str = CODE) -> int:
    with db.read() as s:
        return activity_by_code(s, code).id


def _hired_hall(db: Database) -> None:
    """Not the Sở's own hall: hired by contract (TT 40/2017 Đ11), a line settled by document."""
    from sqlalchemy import select

    from models.entities.tables import Venue

    with db.write() as s:
        for venue in s.scalars(select(Venue)):
            venue.organiser_owned = False


def _hall_and_banner(db: Database, activity_id: int) -> None:
    """This class hires its hall and a banner: lines settled by document."""
    _hired_hall(db)
    with db.write() as s:
        lines = {line.key: line.line_id for line in estimate_activity(s, activity_id).lines}
        update_line(s, lines["banner"], rate=1_500_000)
        record_actual(s, lines["hall"], 6_000_000, "HĐ số 12/2023/HĐ-TTDN")
        record_actual(s, lines["banner"], 1_500_000, "HĐ số 13/2023/HĐ-TTDN")


def test_a_class_settled_by_hand(db: Database) -> None:
    activity_id = _activity(db)
    _hall_and_banner(db, activity_id)
    with db.write() as s:
        set_all_present(s, activity_id, by="Người lập")
        set_attendance_by_cccd(s, activity_id, [BUN], "absent", by="x", session_no=3)
        set_attendance_by_cccd(s, activity_id, [BUN], "absent", by="x", session_no=4)
        set_attendance_by_cccd(s, activity_id, [CA], "absent", by="x", session_no=1)
        set_attendance_by_cccd(s, activity_id, [PHU], "excused", by="x")
        set_session_taught(s, activity_id, 4, False)  # day 2 afternoon (the Phó Cục trưởng)
        result = settle_activity(s, activity_id)

    # Rates are the estimate's: meal 200.000/day (half day 100.000), lodging 350.000/night,
    # travel 4.600/km round trip, drinks 40.000/day (half day 20.000).
    people = {p.cccd: p for p in result.people}
    bun, ca, phu = people[BUN], people[CA], people[PHU]
    # Lò Thị Bun, 64 km, absent all of day 2: 1 day, 1 night (arrived the evening before day 1)
    assert (bun.half_days, bun.days, bun.nights) == (2, "1", 1)
    assert (bun.meal, bun.lodging, bun.travel, bun.total) == (
        200_000,
        350_000,
        2 * 64 * 4_600,  # 588.800
        1_138_800,
    )
    # Hầu Gò Cà, 64 km, absent on day 1 morning: 1,5 days, 2 nights
    assert (ca.half_days, ca.days, ca.nights) == (3, "1,5", 2)
    assert (ca.meal, ca.lodging, ca.travel, ca.total) == (300_000, 700_000, 588_800, 1_588_800)
    # Phu Xá Cà, excused for the whole class: nothing
    assert (phu.days, phu.meal, phu.lodging, phu.travel, phu.total) == ("0", 0, 0, 0, 0)
    others = [p for p in result.people if p.cccd not in (BUN, CA, PHU)]
    assert len(others) == 37
    assert all((p.days, p.meal, p.lodging) == ("2", 400_000, 700_000) for p in others)

    lines = {line.key: line for line in result.lines}
    actual = {k: (v.actual_quantity, v.actual_rate, v.actual_amount) for k, v in lines.items()}
    assert actual == {
        "meal": (37 * 2 + 1 + 1, 200_000, 15_200_000),
        "meal_half": (1, 100_000, 100_000),  # not in the estimate: estimate 0, variance +
        "lodging": (37 * 2 + 1 + 2, 350_000, 26_950_000),
        "travel": (2 * (2_500 - 44), 4_600, 22_595_200),  # everyone who came, round trip
        "drinks": (76, 40_000, 3_040_000),
        "drinks_half": (1, 20_000, 20_000),
        "lecturer_fee_t3": (1, 1_500_000, 1_500_000),  # his buổi (tier 3 too) not taught
        "lecturer_fee_t4": (1, 1_200_000, 1_200_000),
        "lecturer_fee_t5": (1, 800_000, 800_000),
        "lecturer_travel": (0, 4_600, 0),  # did not come
        "lecturer_lodging": (0, 350_000, 0),
        "lecturer_per_diem": (0, 200_000, 0),
        "hall": (None, None, 6_000_000),  # by document
        "banner": (None, None, 1_500_000),
        "stationery": (None, None, 0),
        "printing": (None, None, 0),
        "certificate": (None, None, 0),
    }
    for line in result.lines:
        if line.actual_quantity is not None:
            assert line.actual_amount == line.actual_quantity * (line.actual_rate or 0)
        assert line.variance == line.actual_amount - line.estimate_amount
    assert lines["meal"].estimate_amount == 16_000_000 and lines["meal"].variance == -800_000
    assert lines["hall"].document_ref == "HĐ số 12/2023/HĐ-TTDN"
    assert lines["meal_half"].line_id is None and lines["meal_half"].estimate_amount == 0

    payouts = 15_300_000 + 26_950_000 + 22_595_200  # meal + lodging + travel = 64.845.200
    assert result.payout_total == sum(p.total for p in result.people) == payouts
    total = payouts + 3_060_000 + 3_500_000 + 6_000_000 + 1_500_000  # drinks, fees, hall, banner
    assert result.total == total == 78_905_200
    # The class's estimate (80.090.000) with the hired hall (2 × 3.000.000) and the banner.
    assert result.estimate_total == 80_090_000 + 6_000_000 + 1_500_000
    assert result.total_in_words == ("Bảy mươi tám triệu chín trăm linh năm nghìn hai trăm đồng")
    fees = {lp.tier: (lp.sessions, lp.rate, lp.fee, lp.total) for lp in result.lecturers}
    assert fees == {
        3: (1, 1_500_000, 1_500_000, 1_500_000),
        4: (1, 1_200_000, 1_200_000, 1_200_000),
        5: (1, 800_000, 800_000, 800_000),
    }
    assert result.warnings == ()


def test_people_are_in_vietnamese_name_order(db: Database) -> None:
    activity_id = _activity(db)
    with db.write() as s:
        set_all_present(s, activity_id, by="x")
        result = settle_activity(s, activity_id)
    names = [p.full_name for p in result.people]
    assert names[:3] == ["Lò Thị Bun", "Hầu Gò Cà", "Phu Xá Cà"]
    assert len(names) == 40


def test_unmarked_attendance_counts_as_absent_with_a_warning(db: Database) -> None:
    activity_id = _activity(db)
    with db.write() as s:
        result = settle_activity(s, activity_id)
    assert result.payout_total == 0
    assert any("còn 160 lượt chưa điểm danh" in w for w in result.warnings)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    person=st.integers(min_value=0, max_value=39),
    day=st.sampled_from([0, 1]),
    others=st.lists(
        st.tuples(st.integers(min_value=0, max_value=39), st.integers(min_value=0, max_value=3)),
        max_size=6,
    ),
)
def test_one_more_day_absent_lowers_only_that_persons_meal_by_one_day(
    db: Database, person: int, day: int, others: list[tuple[int, int]]
) -> None:
    activity_id = _activity(db)
    with db.write() as s:
        set_all_present(s, activity_id, by="x")
        grid = attendance_grid(s, activity_id)
        for index, column in others:
            if index != person:
                set_mark(s, grid.rows[index].enrollment_id, grid.sessions[column].session_id,
                         "absent", by="x")  # fmt: skip
        before = {p.person_id: p for p in settle_activity(s, activity_id).people}
        target = grid.rows[person]
        for column in (2 * day, 2 * day + 1):
            set_mark(s, target.enrollment_id, grid.sessions[column].session_id, "absent", by="y")
        after = {p.person_id: p for p in settle_activity(s, activity_id).people}
    daily = 200_000  # the meal line's rate (MEAL_LEARNER)
    assert before[target.person_id].meal - after[target.person_id].meal == daily
    assert after[target.person_id].half_days == before[target.person_id].half_days - 2
    assert {k: v for k, v in before.items() if k != target.person_id} == {
        k: v for k, v in after.items() if k != target.person_id
    }


def test_documents_are_required_for_actual_amounts(db: Database) -> None:
    activity_id = _activity(db)
    _hired_hall(db)
    with db.write() as s:
        hall = next(line for line in estimate_activity(s, activity_id).lines if line.key == "hall")
    with pytest.raises(MoneyError, match="cần số hợp đồng, hóa đơn"), db.write() as s:
        record_actual(s, hall.line_id, 6_000_000, " ")
    with db.write() as s:
        set_all_present(s, activity_id, by="x")
        result = settle_activity(s, activity_id)
    assert (
        'Dòng "Thuê hội trường, thiết bị" (TTDN23-L01): chưa nhập số thực chi.' in result.warnings
    )


def test_travel_by_actual_ticket(db: Database) -> None:
    activity_id = _activity(db)
    with db.write() as s:
        set_plan_travel(s, plan_by_code(s, PLAN).id, method="actual")
        set_all_present(s, activity_id, by="x")
        set_travel_actual(s, activity_id, BUN, 240_000, "Vé xe số 0012345, 0012346")
        with pytest.raises(MoneyError, match="CCCD 012999999999 không có"):
            set_travel_actual(s, activity_id, "012999999999", 1, "v")
        result = settle_activity(s, activity_id)
    people = {p.cccd: p for p in result.people}
    assert people[BUN].travel == 240_000 and people[CA].travel == 0
    travel = next(line for line in result.lines if line.key == "travel")
    assert (travel.actual_quantity, travel.actual_rate, travel.actual_amount) == (80, None, 240_000)


def test_the_plan_settlement_adds_up_against_the_ceiling(db: Database) -> None:
    with db.write() as s:
        plan_id = plan_by_code(s, PLAN).id
        tv = add_line(s, plan_id=plan_id, description="Chương trình truyền hình", quantity=2,
                      unit="chương trình", rate=50_000_000)  # fmt: skip
        record_actual(s, tv, 98_000_000, "HĐ 05/2023/HĐ-PTTH")
        for code in ("TTDN23-L01", "TTDN23-L07"):
            set_all_present(s, activity_by_code(s, code).id, by="x")
        plan = settle_plan(s, plan_id)
    assert len(plan.activities) == 7
    assert plan.total == sum(a.total for a in plan.activities) + 98_000_000
    assert plan.remaining == 2_053_000_000 - plan.total
    assert plan.estimate_total == 549_587_600 + 100_000_000
    (line,) = [x for x in plan.plan_lines if not x.key.startswith("material_")]
    assert (line.estimate_amount, line.actual_amount, line.variance) == (
        100_000_000,
        98_000_000,
        -2_000_000,
    )
    assert len(plan.people) == 290
    l07 = plan.activities[-1]
    assert l07.payout_total == 0  # salaried leaders: no meal, lodging or travel by default


def test_locking_freezes_money_and_reopening_is_recorded(db: Database) -> None:
    activity_id = _activity(db)
    _hall_and_banner(db, activity_id)
    with db.write() as s:
        set_all_present(s, activity_id, by="x")
        lock_activity(s, activity_id, by="Phạm Văn Tuấn")
        locked = settle_activity(s, activity_id)
    # everyone present: the estimate (80.090.000), hall 6.000.000 and banner 1.500.000 by
    # document
    assert locked.locked and locked.total == 87_590_000
    with db.write() as s:  # later changes to the norms cannot move locked money
        set_norm_cap(s, "TT55-2023-QG", "MEAL_LEARNER", 100_000, source="x")
        assert settle_activity(s, activity_id) == locked
        meal = next(line for line in estimate_activity(s, activity_id).lines if line.key == "meal")
        assert meal.rate == 200_000
    with pytest.raises(MoneyError, match="đã khóa"), db.write() as s:
        update_line(s, meal.line_id, rate=1)
    with pytest.raises(MoneyError, match="cần ghi lý do"), db.write() as s:
        reopen_activity(s, activity_id, by="Lê Đức Thịnh", reason=" ")
    with db.write() as s:
        reopen_activity(s, activity_id, by="Lê Đức Thịnh", reason="Sai sót điểm danh buổi 3")
        history = lock_history(s, activity_id)
        reopened = settle_activity(s, activity_id)
    assert [(h.action, h.by) for h in history] == [
        ("lock", "Phạm Văn Tuấn"),
        ("reopen", "Lê Đức Thịnh"),
    ]
    assert history[1].reason == "Sai sót điểm danh buổi 3"
    assert isinstance(history[0].at, dt.datetime)
    assert not reopened.locked
    # reopened: the meal line follows the corrected cap again, 2 days × 100.000
    assert next(p for p in reopened.people if p.cccd == BUN).meal == 200_000


def test_a_line_above_its_cap_blocks_the_lock(db: Database) -> None:
    activity_id = _activity(db)
    with db.write() as s:
        meal = next(line for line in estimate_activity(s, activity_id).lines if line.key == "meal")
        update_line(s, meal.line_id, rate=200_000)  # kept by hand, then the cap is lowered
        set_norm_cap(s, "TT55-2023-QG", "MEAL_LEARNER", 190_000, source="NQ (giả định)")
    with (
        pytest.raises(MoneyError, match="dòng vượt định mức chưa ghi lý do: Hỗ trợ tiền ăn"),
        db.write() as s,
    ):
        lock_activity(s, activity_id, by="x")
    with db.read() as s:
        assert not activity_by_code(s, CODE).locked


def test_without_a_petrol_price_the_settlement_and_its_papers_say_so(demo_db: Database) -> None:
    """A plan typed by hand without a petrol price pays 0 đ/km: the estimate said so, and now
    the settlement and the lecturer paper made from it do too, so nobody prints a list of
    unpaid trips unawares. A plan's settlement names it once, not once per class."""
    from models.papers.money import lecturer_fee_sheet

    missing = "chưa nhập giá xăng"
    aid = _activity(demo_db)
    with demo_db.write() as s:
        set_plan_travel(s, plan_by_code(s, PLAN).id, petrol_price=0)
        set_all_present(s, aid, by="test")
    with demo_db.read() as s:
        settled = settle_activity(s, aid)
        lecturers = lecturer_fee_sheet(s, aid)
        plan = settle_plan(s, plan_by_code(s, PLAN).id)
    assert any(missing in w for w in settled.warnings)
    assert any(missing in w for w in lecturers.warnings)
    assert sum(missing in w for w in plan.warnings) == 1
    assert all(p.travel == 0 for p in settled.people)
