"""Who pays each category, travel per category and per lecturer, the leader's and the
by-invoice lodging tiers (issue 10), each with a hand-computed example on scenario A's class
TTDN23-L01: 40 non-salaried learners, all beyond 15 km (2.500 km one way in all), two days in a
city hall, the evening before included; lodging 350.000 đ/night (LODGING_FLAT_CITY); petrol
23.000 đ/l, so own vehicle 0,2 l × 23.000 = 4.600 đ/km; the Phó Cục trưởng (tier 3) comes
450 km for his two buổi on day 2."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from models.attendance.marks import attendance_grid, set_all_present, set_mark
from models.budget.edit import set_plan_support, set_plan_travel
from models.budget.estimate import EstimateLine, estimate_activity
from models.budget.payers import category_settings, set_agency_paid, set_plan_category
from models.db import Database
from models.entities.tables import Lecturer
from models.errors import MoneyError
from models.lookup import activity_by_code, plan_by_code
from models.planning.editing import plan_form, update_plan
from models.planning.setup import LecturerInput, save_lecturer
from models.settlement.compute import settle_activity
from models.settlement.data import PersonPayout
from models.settlement.double_pay import paid_twice

PLAN, CODE = "KH-TTDN-2023", "TTDN23-L01"


@pytest.fixture
def db(demo_db: Database) -> Database:
    with demo_db.write() as s:
        set_plan_travel(s, plan_by_code(s, PLAN).id, petrol_price=23_000)  # 4.600 đ/km
    return demo_db


def _lines(db: Database) -> dict[str, EstimateLine]:
    with db.write() as s:
        est = estimate_activity(s, activity_by_code(s, CODE).id)
    return {line.key: line for line in est.lines if line.key}


def _plan_id(db: Database) -> int:
    with db.read() as s:
        return plan_by_code(s, PLAN).id


def _far_lecturer(db: Database, **changes: object) -> None:
    """Edit the lecturer who comes from 450 km (the Phó Cục trưởng)."""
    with db.write() as s:
        lec = s.scalars(select(Lecturer).where(Lecturer.distance_km == 450)).one()
        data = LecturerInput(
            full_name=lec.full_name, tier=lec.tier, title=lec.title, agency=lec.agency,
            salaried=lec.salaried, distance_km=lec.distance_km, cccd=lec.cccd,
            tax_code=lec.tax_code, tax_commitment=lec.tax_commitment,
            travel_method=lec.travel_method, leader=lec.leader,
        )  # fmt: skip
        save_lecturer(s, dataclasses.replace(data, **changes), lec.id)  # type: ignore[arg-type]


def test_the_defaults_name_who_pays(db: Database) -> None:
    with db.read() as s:
        rows = {c.category: c for c in category_settings(s, _plan_id(db))}
    assert rows["learner_unsalaried"].payer == "class"  # village heads: a monthly allowance
    assert rows["learner_salaried"].payer == "agency"  # công tác phí from their own agency
    assert rows["learner_salaried"].supports == ("drinks",)
    assert rows["learner_unsalaried"].effective_method == "own_vehicle"


def test_a_category_paid_by_its_agency_gets_only_the_drinks(db: Database) -> None:
    before = _lines(db)
    assert before["meal"].amount == 80 * 200_000
    with db.write() as s:
        set_plan_category(s, _plan_id(db), "learner_unsalaried", payer="agency")
    after = _lines(db)
    assert {"meal", "lodging", "travel"}.isdisjoint(after)  # TT 40/2017 Điều 12 k4: not both
    assert after["drinks"].quantity == 80  # the water served to everyone stays
    with db.write() as s, pytest.raises(MoneyError, match="cơ quan cử đi"):
        set_plan_support(s, _plan_id(db), "learner_unsalaried", "meal", True)


def test_a_category_may_travel_by_ticket_while_the_plan_goes_by_km(db: Database) -> None:
    with db.write() as s:
        set_plan_category(s, _plan_id(db), "learner_unsalaried", travel_method="actual")
    lines = _lines(db)
    assert "travel" not in lines
    ticket = lines["travel_ticket"]  # TT 40/2017 Điều 5 k1: tickets, by document
    assert (ticket.quantity, ticket.unit, ticket.rate, ticket.norm_code) == (
        80,  # 40 people × a round trip
        "lượt",
        0,
        "TRAVEL_PUBLIC",
    )
    # The lecturer still travels by km at the plan's own-vehicle rate: 2 × 450 × 4.600.
    assert lines["lecturer_travel"].amount == 900 * 4_600 == 4_140_000


def test_a_lecturer_by_ticket_is_settled_by_document(db: Database) -> None:
    _far_lecturer(db, travel_method="actual")
    lines = _lines(db)
    assert "lecturer_travel" not in lines
    assert (lines["lecturer_travel_ticket"].quantity, lines["lecturer_travel_ticket"].unit) == (
        2,
        "lượt",
    )
    with db.write() as s:
        activity_id = activity_by_code(s, CODE).id
        set_all_present(s, activity_id, by="x")
        result = settle_activity(s, activity_id)
        far_id = s.scalars(select(Lecturer.id).where(Lecturer.distance_km == 450)).one()
    far = next(lp for lp in result.lecturers if lp.lecturer_id == far_id)
    assert far.travel == 0 and far.lodging == 350_000  # the ticket is on the line, not paid here
    ticket = next(x for x in result.lines if x.key == "lecturer_travel_ticket")
    assert ticket.basis == "document"


def test_the_leaders_lodging_tier(db: Database) -> None:
    _far_lecturer(db, leader=True)  # hệ số phụ cấp chức vụ ≥ 1,25: TT 40/2017 Điều 7 k2 a
    lines = _lines(db)
    assert "lecturer_lodging" not in lines
    leader = lines["lecturer_lodging_leader"]
    assert (leader.quantity, leader.rate, leader.norm_code) == (1, 1_000_000, "LODGING_FLAT_LEADER")


def test_rooms_by_invoice_two_per_room_and_a_leader_alone(db: Database) -> None:
    with db.write() as s:
        pid = _plan_id(db)
        update_plan(s, pid, dataclasses.replace(plan_form(s, pid), lodging_by_invoice=True))
    _far_lecturer(db, leader=True)
    lines = _lines(db)
    assert "lodging" not in lines
    rooms = lines["lodging_room"]  # 80 person-nights, two per room: 40 room-nights
    assert (rooms.quantity, rooms.unit, rooms.rate, rooms.norm_code) == (
        40,
        "phòng/đêm",
        700_000,  # TT 40/2017 Điều 7 k3 c, outside the cities
        "LODGING_INVOICE_OTHER",
    )
    assert rooms.amount == 28_000_000
    single = lines["lecturer_lodging_room_single"]  # Điều 7 k3 b: a leader has a room alone
    assert (single.quantity, single.rate) == (1, 1_100_000)
    with db.write() as s:
        activity_id = activity_by_code(s, CODE).id
        set_all_present(s, activity_id, by="x")
        result = settle_activity(s, activity_id)
    assert all(p.lodging == 0 for p in result.people)  # the hotel is paid, not the learner
    room_line = next(x for x in result.lines if x.key == "lodging_room")
    assert room_line.basis == "document"


def test_a_person_whose_agency_paid_the_trip_is_not_paid_again(db: Database) -> None:
    with db.write() as s:
        activity_id = activity_by_code(s, CODE).id
        grid = attendance_grid(s, activity_id)
        someone = grid.rows[0].person_id
        set_agency_paid(s, activity_id, someone, True)
        set_all_present(s, activity_id, by="x")
        result = settle_activity(s, activity_id)
    paid = {p.person_id: p for p in result.people}
    assert paid[someone].total == 0
    assert sum(1 for p in result.people if p.total > 0) == 39
    assert not any("hai lần" in w for w in result.warnings)


def test_paid_both_ways_is_refused_naming_the_person(db: Database) -> None:
    """The guard itself: a payout to someone whose agency paid them is named (and locking,
    which uses the same check, refuses)."""
    with db.write() as s:
        activity = activity_by_code(s, CODE)
        row = attendance_grid(s, activity.id).rows[0]
        set_agency_paid(s, activity.id, row.person_id, True)
        payout = PersonPayout(
            person_id=row.person_id, cccd="", full_name=row.full_name, position="", village="",
            commune="", role="learner", category="learner_unsalaried", half_days=4, days="2",
            nights=2, meal=400_000, lodging=0, travel=0, per_diem=0, total=400_000,
        )  # fmt: skip
        found = paid_twice(s, activity, [payout])
    assert len(found) == 1 and row.full_name in found[0] and "400.000" in found[0]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    absent=st.sets(st.tuples(st.integers(0, 39), st.integers(0, 3)), max_size=30),
    agency=st.sets(st.integers(0, 39), max_size=5),
)
def test_payouts_are_a_function_of_attendance_and_nobody_is_paid_twice(
    db: Database, absent: set[tuple[int, int]], agency: set[int]
) -> None:
    """Property: a person's payout depends only on their own marks and flags (the same marks
    set in another order give the same payouts), agency-paid people get nothing, and the
    payouts add up to the lines they come from."""
    with db.write() as s:
        activity_id = activity_by_code(s, CODE).id
        grid = attendance_grid(s, activity_id)
        for index, row in enumerate(grid.rows):
            set_agency_paid(s, activity_id, row.person_id, index in agency)
        set_all_present(s, activity_id, by="x")
        for index, column in sorted(absent, reverse=True):
            set_mark(s, grid.rows[index].enrollment_id, grid.sessions[column].session_id,
                     "absent", by="x")  # fmt: skip
        first = settle_activity(s, activity_id)
        set_all_present(s, activity_id, by="y")
        for index, column in sorted(absent):
            set_mark(s, grid.rows[index].enrollment_id, grid.sessions[column].session_id,
                     "absent", by="y")  # fmt: skip
        second = settle_activity(s, activity_id)
    assert first.people == second.people
    agency_people = {grid.rows[i].person_id for i in agency}
    assert all(p.total == 0 for p in first.people if p.person_id in agency_people)
    missed = {i for i, _ in absent}
    for index, row in enumerate(grid.rows):
        p = next(x for x in first.people if x.person_id == row.person_id)
        if index not in missed and index not in agency:
            assert p.meal == 400_000  # two full days at 200.000
    keys = ("meal", "meal_half", "lodging", "travel")
    from_lines = sum(x.actual_amount for x in first.lines if x.key in keys)
    assert from_lines == sum(p.total for p in first.people)
