"""Scenario A as the brief describes it, generated the same way every time."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import func, select

from models.db import Database
from models.demo import scenarios as demo
from models.entities.tables import ClassSession, Enrollment, NormSet, Person, Plan
from models.planning.catalog import list_plans


def test_scenario_a_shape(demo_db: Database) -> None:
    with demo_db.read() as s:
        (plan,) = list_plans(s)
        assert plan.code == demo.PLAN_A
        assert plan.ceiling == 2_053_000_000
        assert plan.decision == "Quyết định số 420/QĐ-UBND ngày 13/03/2023"
        assert len(plan.activities) == 7
        assert [a.enrolled for a in plan.activities] == [40] * 6 + [50]
        assert all(a.sessions == 4 for a in plan.activities)
        assert all((a.end - a.start).days == 1 for a in plan.activities)
        assert {a.venue for a in plan.activities} == {
            "Hội trường Sở Thông tin và Truyền thông tỉnh Lai Châu"
        }
        assert s.scalar(select(func.count()).select_from(Enrollment)) == 290
        assert s.scalar(select(func.count()).select_from(ClassSession)) == 28
        norm_set = s.scalar(select(NormSet).join(Plan, Plan.norm_set_id == NormSet.id))
        assert norm_set is not None and norm_set.code == "TT55-2023-QG"


def test_scenario_a_people_look_real(demo_db: Database) -> None:
    with demo_db.read() as s:
        people = list(s.scalars(select(Person)))
    assert len(people) == 290
    cccds = [p.cccd for p in people]
    assert len(set(cccds)) == 290
    for p in people:
        assert unicodedata.is_normalized("NFC", p.full_name)
        assert len(p.full_name.split()) >= 3
        assert p.cccd is not None and re.fullmatch(r"012[0-3]\d{8}", p.cccd)
        century_gender = int(p.cccd[3])
        assert (century_gender % 2 == 1) == (p.gender is not None and p.gender.value == "F")
        assert p.birth_year is not None and p.cccd[4:6] == f"{p.birth_year % 100:02d}"
        assert p.distance_km is not None and p.distance_km >= 0
        assert p.sort_key and p.search_key
    assert {"Thái", "Mông", "Dao", "Hà Nhì", "Kinh"} <= {p.ethnicity for p in people}
    # 240 village heads are not on the payroll; the 50 leaders are.
    assert sum(not p.salaried for p in people) == 240


def test_scenario_a_is_deterministic(empty_url: str, tmp_path: object) -> None:
    db = Database(empty_url)
    with db.write() as s:
        demo.load_scenario_a(s)
    with db.read() as s:
        first = list(s.scalars(select(Person.full_name).order_by(Person.id)))
    other = Database(f"sqlite:///{tmp_path}/again.sqlite3")  # type: ignore[str-bytes-safe]
    with other.write() as s:
        demo.load_scenario_a(s)
    with other.read() as s:
        assert list(s.scalars(select(Person.full_name).order_by(Person.id))) == first


def test_loading_scenario_a_twice_is_refused(demo_db: Database) -> None:
    try:
        with demo_db.write() as s:
            demo.load_scenario_a(s)
    except demo.DemoExistsError:
        pass
    else:  # pragma: no cover - the assertion below explains
        raise AssertionError("a second scenario A was loaded")
    with demo_db.read() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 290


def test_scenario_b_at_full_size(demo_db: Database) -> None:
    with demo_db.write() as s:
        demo.load_scenario_b(s)
    with demo_db.read() as s:
        plans = {p.code: p for p in list_plans(s)}
    campaign = plans[demo.PLAN_B]
    assert len(campaign.activities) == 113
    assert campaign.enrolled == 17_269
    assert len({a.venue for a in campaign.activities}) == 86
    assert all(a.sessions == 1 and a.kind == "outreach" for a in campaign.activities)
    assert {a.enrolled for a in campaign.activities} == {152, 153}
    with demo_db.read() as s:
        communes = s.scalar(
            select(func.count(func.distinct(Person.commune))).where(Person.province == "Điện Biên")
        )
    assert communes == 18
