"""People in the roster panel: add, edit, refuse a taken CCCD, move, see a person's classes."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.forms import FormDialog
from desktop.mainwindow import MainWindow
from desktop.person_dialog import PersonDialog
from desktop.qt import QItemSelectionModel, QLineEdit, QSpinBox
from desktop.roster_panel import RosterPanel
from models.db import Database
from models.entities.tables import Activity, Enrollment, Person
from models.people.queries import name_keys

Factory = Callable[[str], MainWindow]


def _idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=10_000)


def _ready(qtbot: QtBot, window: MainWindow) -> RosterPanel:
    roster = window.plans_page.roster
    qtbot.waitUntil(lambda: roster.model.rowCount() == 40, timeout=10_000)
    _idle(qtbot, window)
    activities = [(a.id, f"{a.code} — {a.title}") for a in window.plans[0].activities]
    roster.set_activities(activities)  # what the window does
    return roster


def _dialog(qtbot: QtBot, roster: RosterPanel) -> FormDialog:
    qtbot.waitUntil(lambda: roster.dialog is not None and roster.dialog.isVisible(), timeout=10_000)
    assert roster.dialog is not None
    return roster.dialog


def _type(dialog: FormDialog, **values: str | int) -> None:
    for key, value in values.items():
        widget = dialog.widgets[key]
        if isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        else:
            assert isinstance(widget, QLineEdit)
            widget.setText(str(value))


def _row_of(roster: RosterPanel, name: str) -> int:
    names = [roster.model.index(r, 0).data() for r in range(roster.model.rowCount())]
    return names.index(name)


def test_add_edit_and_a_taken_cccd(qtbot: QtBot, window_factory: Factory, demo_url: str) -> None:
    window = window_factory(demo_url)
    roster = _ready(qtbot, window)
    activity_id = roster.activity_id
    changes: list[bool] = []
    roster.changed.connect(lambda: changes.append(True))

    roster.add_button.click()
    dialog = _dialog(qtbot, roster)
    assert isinstance(dialog, PersonDialog)
    _type(dialog, full_name="  giàng  a  dế ", birth_year=1970, cccd="011070999999")
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: roster.model.rowCount() == 41, timeout=10_000)
    _idle(qtbot, window)
    assert changes
    db = Database(demo_url)
    with db.read() as s:
        person = s.scalars(select(Person).where(Person.cccd == "011070999999")).one()
        assert person.full_name == "Giàng A Dế" and person.birth_year == 1970
        assert s.scalar(
            select(func.count()).where(
                Enrollment.person_id == person.id, Enrollment.activity_id == activity_id
            )
        )
        taken = s.scalars(
            select(Person).where(Person.cccd.is_not(None), Person.id != person.id)
        ).first()
        assert taken is not None

    # edit (double-click): the name changes, and the sort key with it
    roster.dialog = None
    row = _row_of(roster, "Giàng A Dế")
    roster.table.selectRow(row)
    roster.table.doubleClicked.emit(roster.model.index(row, 0))
    dialog = _dialog(qtbot, roster)
    assert dialog.values()["full_name"] == "Giàng A Dế"
    assert isinstance(dialog, PersonDialog) and dialog.activities.rowCount() == 1
    assert dialog.activities.index(0, 0).data() == "TTDN23-L01"
    assert dialog.activities.index(0, 4).data() == "chưa điểm danh"
    _type(dialog, full_name="Giàng A Páo")
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: "Giàng A Páo" in _names(roster), timeout=10_000)
    _idle(qtbot, window)
    with db.read() as s:
        person = s.get(Person, person.id)
        assert person is not None
        assert person.sort_key == name_keys("Giàng A Páo")["sort_key"]

    # someone else's CCCD: refused with a sentence naming that person; nothing typed is lost
    roster.dialog = None
    roster.table.selectRow(_row_of(roster, "Giàng A Páo"))
    roster.edit_button.click()
    dialog = _dialog(qtbot, roster)
    _type(dialog, cccd=taken.cccd or "")
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: taken.full_name in dialog.error.text(), timeout=10_000)
    assert dialog.error.text().startswith(f"Số CCCD {taken.cccd} đã là của {taken.full_name}")
    assert dialog.isVisible() and dialog.values()["cccd"] == taken.cccd
    dialog.reject()
    _idle(qtbot, window)
    with db.read() as s:
        assert s.get(Person, person.id).cccd == "011070999999"  # type: ignore[union-attr]
    db.close()


def _names(roster: RosterPanel) -> list[str]:
    return [roster.model.index(r, 0).data() for r in range(roster.model.rowCount())]


def test_move_two_people_to_another_class(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    window = window_factory(demo_url)
    roster = _ready(qtbot, window)
    source = roster.activity_id
    assert not roster.move_button.isEnabled()  # nobody selected
    selection = roster.table.selectionModel()
    for row in (0, 1):
        selection.select(
            roster.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    moved = roster.selected_ids()
    assert len(moved) == 2 and roster.move_button.isEnabled()
    roster.move_button.click()
    dialog = _dialog(qtbot, roster)
    combo = dialog.widgets["target"]
    labels = [combo.itemText(i) for i in range(combo.count())]  # type: ignore[attr-defined]
    assert len(labels) == 6 and not any(label.startswith("TTDN23-L01 ") for label in labels)
    target = dialog.values()["target"]
    dialog.button_ok().click()
    qtbot.waitUntil(lambda: roster.model.rowCount() == 38, timeout=10_000)
    _idle(qtbot, window)
    db = Database(demo_url)
    with db.read() as s:
        where = Enrollment.person_id.in_(moved)
        assert set(s.scalars(select(Enrollment.activity_id).where(where))) == {target}
        assert s.get(Activity, target) is not None and target != source
    db.close()

    roster.import_button.click()  # the wizard starts on this class
    assert roster.wizard is not None and roster.wizard.file_page.activity_id() == source
    roster.wizard.reject()
    _idle(qtbot, window)


def test_everyone_page_enrolls_and_opens_the_wizard(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    window = window_factory(demo_url)
    _ready(qtbot, window)
    window.nav.setCurrentRow(2)
    people = window.people_page
    qtbot.waitUntil(lambda: people.model.rowCount() > 0, timeout=10_000)
    _idle(qtbot, window)
    assert people.move_button.text() == "Ghi danh vào lớp…"
    people.set_activities([(a.id, a.code) for a in window.plans[0].activities])
    people.import_button.click()
    wizard = people.wizard
    assert wizard is not None and wizard.isVisible()
    assert wizard.file_page.activity_id() is None  # everyone: no class preset
    wizard.reject()
    _idle(qtbot, window)


def test_agency_paid_from_the_roster_and_undone(
    qtbot: QtBot, window_factory: Factory, demo_url: str
) -> None:
    """Marking that a person's agency paid the trip takes their meals off the estimate; Ctrl+Z
    (Hoàn tác) puts them back (issue 10: nobody paid both ways)."""
    from models.budget.estimate import estimate_activity

    window = window_factory(demo_url)
    roster = _ready(qtbot, window)
    activity_id = roster.activity_id
    assert activity_id is not None
    roster.table.selectRow(0)
    person = roster.selected_ids()[0]
    assert roster.agency_paid_action.isEnabled()
    db = Database(demo_url)

    def meals() -> int:
        with db.write() as s:
            lines = estimate_activity(s, activity_id).lines
        return next(x.quantity for x in lines if x.key == "meal")

    before = meals()
    roster.agency_paid_action.trigger()
    _idle(qtbot, window)
    with db.read() as s:
        mark = s.scalars(
            select(Enrollment.agency_paid).where(
                Enrollment.activity_id == activity_id, Enrollment.person_id == person
            )
        ).one()
    assert mark is True and meals() == before - 2
    window.undo_last()
    _idle(qtbot, window)
    assert meals() == before
    db.close()
