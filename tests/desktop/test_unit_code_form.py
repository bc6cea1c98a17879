"""The new-plan form: a QHNS code typed for a unit of a known name is kept (a new unit, matched
by code); a code that belongs to another unit is explained in the form, nothing saved."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.mainwindow import MainWindow
from models.db import Database
from models.entities.tables import OrgUnit, Plan
from tests.desktop.test_setup_flows import _dialog, _idle, _type

Factory = Callable[[str], MainWindow]


def test_a_typed_qhns_code_is_kept_and_a_taken_one_is_explained(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    with Database(demo_url).read() as s:
        demo_unit = s.scalars(select(OrgUnit)).one()
        name, demo_code = demo_unit.name, demo_unit.qhns_code
    window = window_factory(demo_url)
    qtbot.waitUntil(lambda: window.plans_page.plans_model.rowCount() == 1, timeout=10_000)
    _idle(qtbot, window)

    window.plans_page.new_plan_button.click()
    dialog = _dialog(qtbot, window.plan_actions)
    _type(dialog, code="KH-2", title="Kế hoạch 2", unit_name="Phòng Văn hóa huyện",
          unit_qhns=demo_code)  # fmt: skip
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: "QHNS" in dialog.error.text(), timeout=10_000)
    assert f"mã QHNS {demo_code} là của đơn vị «{name}»" in dialog.error.text()
    assert dialog.isVisible() and dialog.values()["unit_qhns"] == demo_code  # nothing lost
    _idle(qtbot, window)

    _type(dialog, unit_name=name, unit_qhns="1099999")  # the same name, the unit's new code
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: window.plans_page.plans_model.rowCount() == 2, timeout=10_000)
    _idle(qtbot, window)
    with Database(demo_url).read() as s:
        plan = s.scalars(select(Plan).where(Plan.code == "KH-2")).one()
        assert plan.org_unit is not None
        assert (plan.org_unit.name, plan.org_unit.qhns_code) == (name, "1099999")
        assert s.scalars(select(OrgUnit).where(OrgUnit.qhns_code == demo_code)).one().name == name
