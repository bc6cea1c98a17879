"""The people page filters by commune, village and class as well as by name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.roster_panel import RosterPanel
from desktop.tasks import TaskRunner
from models.db import Database
from models.entities.tables import Activity, Enrollment, Person


@pytest.fixture
def panel(qtbot: QtBot, demo_url: str) -> Iterator[tuple[RosterPanel, Database, TaskRunner]]:
    db = Database(demo_url)
    runner = TaskRunner()
    roster = RosterPanel(runner)
    qtbot.addWidget(roster)
    roster.resize(900, 600)
    roster.set_database(db)
    with db.read() as s:
        roster.set_activities(
            [
                (a.id, f"{a.code} — {a.title}")
                for a in s.scalars(select(Activity).order_by(Activity.code))
            ]
        )
    roster.show()
    roster.show_everyone()
    _idle(qtbot, runner)
    yield roster, db, runner
    runner.shutdown()
    db.close()


def _idle(qtbot: QtBot, runner: TaskRunner) -> None:
    qtbot.wait(200)  # the filter's debounce
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)


def _choose(combo: object, text: str) -> None:
    index = combo.findText(text)  # type: ignore[attr-defined]
    assert index > 0, text
    combo.setCurrentIndex(index)  # type: ignore[attr-defined]


def test_commune_village_and_class_filters(
    qtbot: QtBot, panel: tuple[RosterPanel, Database, TaskRunner]
) -> None:
    roster, db, runner = panel
    with db.read() as s:
        people = list(s.scalars(select(Person)))
        l02 = next(a for a in s.scalars(select(Activity)) if a.code == "TTDN23-L02")
        in_l02 = set(
            s.scalars(select(Enrollment.person_id).where(Enrollment.activity_id == l02.id))
        )
    assert len(roster.model.ids) == len(people)
    communes = [roster.commune_combo.itemText(i) for i in range(roster.commune_combo.count())]
    assert communes[0] == "Mọi xã" and set(communes[1:]) == {p.commune for p in people}
    assert roster.class_combo.isVisible()

    commune = people[0].commune
    _choose(roster.commune_combo, commune)
    _idle(qtbot, runner)
    assert set(roster.model.ids) == {p.id for p in people if p.commune == commune}
    villages = {roster.village_combo.itemText(i) for i in range(1, roster.village_combo.count())}
    assert villages == {p.village for p in people if p.commune == commune and p.village}

    village = next(p.village for p in people if p.commune == commune and p.village)
    _choose(roster.village_combo, village)
    _idle(qtbot, runner)
    assert set(roster.model.ids) == {
        p.id for p in people if p.commune == commune and p.village == village
    }

    roster.commune_combo.setCurrentIndex(0)  # every commune: every village again
    _idle(qtbot, runner)
    assert roster.village_combo.currentIndex() == 0 and len(roster.model.ids) == len(people)

    _choose(roster.class_combo, f"{l02.code} — {l02.title}")
    _idle(qtbot, runner)
    assert set(roster.model.ids) == in_l02
    first = next(p for p in people if p.id in in_l02)
    roster.filter.setText(first.search_key)  # the name, typed without tones
    _idle(qtbot, runner)
    assert first.id in roster.model.ids and set(roster.model.ids) <= in_l02
    assert roster.count.text() == f"{len(roster.model.ids)} người"


def test_a_class_roster_offers_its_own_communes(
    qtbot: QtBot, panel: tuple[RosterPanel, Database, TaskRunner]
) -> None:
    roster, db, runner = panel
    with db.read() as s:
        l01 = next(a for a in s.scalars(select(Activity)) if a.code == "TTDN23-L01")
        enrolled = select(Enrollment.person_id).where(Enrollment.activity_id == l01.id)
        people = list(s.scalars(select(Person).where(Person.id.in_(enrolled))))
    roster.show_activity(l01.id, l01.code)
    _idle(qtbot, runner)
    assert not roster.class_combo.isVisible()
    communes = {roster.commune_combo.itemText(i) for i in range(1, roster.commune_combo.count())}
    assert communes == {p.commune for p in people}
    commune = people[0].commune
    _choose(roster.commune_combo, commune)
    _idle(qtbot, runner)
    assert set(roster.model.ids) == {p.id for p in people if p.commune == commune}
