"""A plan's unit is matched by its QHNS code, never silently by name; a typed code is kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models.db import Database
from models.entities.tables import OrgUnit, Plan
from models.planning.setup import (
    PlanInput,
    PlanningError,
    UnitAndFunding,
    create_plan,
    save_unit_and_funding,
    unit_and_funding,
)

DEMO_UNIT = "1052817"  # scenario A's organising unit


def _unit_of(db: Database, plan_code: str) -> tuple[int, str, str]:
    with db.read() as s:
        plan = s.scalars(select(Plan).where(Plan.code == plan_code)).one()
        assert plan.org_unit is not None
        return plan.org_unit.id, plan.org_unit.name, plan.org_unit.qhns_code


def _demo_unit(db: Database) -> tuple[int, str]:
    with db.read() as s:
        unit = s.scalars(select(OrgUnit).where(OrgUnit.qhns_code == DEMO_UNIT)).one()
        return unit.id, unit.name


def test_the_same_name_with_a_new_code_is_a_new_unit_keeping_the_code(demo_db: Database) -> None:
    unit_id, name = _demo_unit(demo_db)
    with demo_db.write() as s:
        create_plan(s, PlanInput(code="KH-2", title="Kế hoạch 2", unit_name=name,
                                 unit_qhns=" 1099999 "))  # fmt: skip
    new_id, new_name, code = _unit_of(demo_db, "KH-2")
    assert (new_name, code) == (name, "1099999") and new_id != unit_id


def test_a_known_code_reuses_its_unit(demo_db: Database) -> None:
    unit_id, name = _demo_unit(demo_db)
    with demo_db.write() as s:
        create_plan(s, PlanInput(code="KH-3", title="x", unit_name=name.upper(),
                                 unit_qhns=DEMO_UNIT))  # fmt: skip
        create_plan(s, PlanInput(code="KH-4", title="y", unit_qhns=DEMO_UNIT))
    assert _unit_of(demo_db, "KH-3")[0] == unit_id == _unit_of(demo_db, "KH-4")[0]


def test_a_name_without_a_code_is_never_matched_to_an_existing_unit(demo_db: Database) -> None:
    unit_id, name = _demo_unit(demo_db)
    with demo_db.write() as s:
        create_plan(s, PlanInput(code="KH-5", title="x", unit_name=name))
    assert _unit_of(demo_db, "KH-5")[0] != unit_id


def test_a_code_belonging_to_another_name_is_refused(demo_db: Database) -> None:
    _unit_id, name = _demo_unit(demo_db)
    with pytest.raises(PlanningError) as caught, demo_db.write() as s:
        create_plan(s, PlanInput(code="KH-6", title="x", unit_name="Phòng Văn hóa huyện",
                                 unit_qhns=DEMO_UNIT))  # fmt: skip
    assert str(caught.value) == (
        f"mã QHNS {DEMO_UNIT} là của đơn vị «{name}», không phải «Phòng Văn hóa huyện»: "
        "sửa tên hoặc mã QHNS"
    )
    assert caught.value.params["code"] == DEMO_UNIT  # the template's arguments, for the window
    with demo_db.read() as s:
        assert s.scalar(select(Plan.id).where(Plan.code == "KH-6")) is None


def test_editing_the_unit_keeps_the_typed_code_and_refuses_another_units(
    demo_db: Database,
) -> None:
    with demo_db.write() as s:
        create_plan(s, PlanInput(code="KH-7", title="x", unit_name="Phòng Văn hóa huyện",
                                 unit_qhns="1077777"))  # fmt: skip
        plan_id = s.scalars(select(Plan.id).where(Plan.code == "KH-7")).one()
    with demo_db.read() as s:
        data = unit_and_funding(s, plan_id)
    with demo_db.write() as s:
        save_unit_and_funding(s, plan_id, UnitAndFunding(**{**data.__dict__,
                                                          "unit_qhns": "1077778"}))  # fmt: skip
    assert _unit_of(demo_db, "KH-7")[2] == "1077778"
    with demo_db.read() as s:
        data = unit_and_funding(s, plan_id)
    with pytest.raises(PlanningError, match="đã là của đơn vị"), demo_db.write() as s:
        save_unit_and_funding(s, plan_id, UnitAndFunding(**{**data.__dict__,
                                                          "unit_qhns": DEMO_UNIT}))  # fmt: skip
    assert _unit_of(demo_db, "KH-7")[2] == "1077778"
