"""A filterable, database-sorted people table: an activity's roster or everyone.

Buttons add and edit a person, move the selected people to another class (or, on the list of
everyone, enroll them in one) and open the roster import wizard. Dialogs live on the UI
thread; every read and write runs on the worker. `changed` is emitted after any write (the
window refreshes its plan list: enrolled counts), `imported(n)` after an import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.capacity_prompt import ask_capacity_reason
from desktop.errors import is_user_error, user_text
from desktop.forms import Field, FormDialog
from desktop.history import show_history
from desktop.i18n import _, ngettext
from desktop.list_export import install_list_export
from desktop.qt import (
    QAbstractItemView,
    QAction,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from desktop.tablemodels import PeopleModel
from desktop.tasks import TaskRunner
from models.audit import HistoryEntry, history_of_person
from models.capacity import CapacityError
from models.db import Database
from models.people.edit import (
    PersonActivity,
    PersonInput,
    create_person,
    person_activities,
    person_input,
)
from models.people.queries import (
    FilterChoices,
    PersonRow,
    fetch_rows,
    filter_choices,
    person_ids,
)
from models.planning.undo import (
    Undo,
    edit_person,
    enroll,
    mark_agency_paid,
    move,
    remove_people,
)


class RosterPanel(QWidget):
    changed = Signal()  # people or enrollments were written
    imported = Signal(int)  # an import finished: the number of new people

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db: Database | None = None
        self.activity_id: int | None = None
        self.everyone = False
        self.order = ("name", False)
        self.activities: list[tuple[int, str]] = []
        self.dialog: FormDialog | None = None  # the open person or move dialog
        self.wizard: Any = None  # the open import wizard (desktop.importer.wizard)
        self.reason_box: Any = None  # the open "why beyond the capacity" question
        # Where enrolments, moves and removals hand their Undo (the window's Sửa → Hoàn tác).
        self.undo_sink: Callable[[Undo], None] = lambda _undo: None

        self.title = QLabel()
        self.title.setObjectName("rosterTitle")
        self.title.setWordWrap(True)  # a long class title must not widen the window
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Lọc theo tên (gõ không dấu cũng được) hoặc số CCCD"))
        self.filter.setClearButtonEnabled(True)
        self._build_place_filters()
        self.count = QLabel()
        self.model = PeopleModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        for column, width in enumerate((190, 50, 50, 75, 125, 120, 120, 110, 120)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        # Shown (not stored) beside the name: on a 1024-wide screen the CCCD stays in view.
        header.moveSection(7, 1)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.count)
        buttons = self._build_buttons()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        filters = QHBoxLayout()
        filters.addWidget(self.filter, 1)
        for combo in (self.commune_combo, self.village_combo, self.class_combo):
            filters.addWidget(combo)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self._update_buttons()

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self.reload)
        self.filter.textChanged.connect(lambda _text: self._debounce.start())
        self.changed.connect(self._places_may_have_changed)
        self.model.sort_requested.connect(self._sort)
        self.model.rows_wanted.connect(self._fetch)

    def _build_place_filters(self) -> None:
        """Xã, thôn/bản and lớp beside the name filter; their first item is "every …"."""
        self.choices: FilterChoices | None = None
        self._choices_stale = True  # people were added, edited or the list changed scope
        self.commune_combo = QComboBox()
        self.village_combo = QComboBox()
        self.class_combo = QComboBox()
        tips = (_("Chỉ người ở xã này"), _("Chỉ người ở thôn, bản này"), _("Chỉ học viên lớp này"))
        for combo, tip in zip(
            (self.commune_combo, self.village_combo, self.class_combo), tips, strict=True
        ):
            combo.setToolTip(tip)
            # a long place or class name must not widen the panel past 780 px
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
            combo.currentIndexChanged.connect(lambda _i: self._debounce.start())
        self.commune_combo.currentIndexChanged.connect(self._commune_chosen)
        self._fill_combo(self.commune_combo, _("Mọi xã"), [])
        self._fill_combo(self.village_combo, _("Mọi thôn, bản"), [])
        self._fill_combo(self.class_combo, _("Mọi lớp"), [])
        self.class_combo.hide()

    @staticmethod
    def _fill_combo(combo: QComboBox, every: str, items: list[tuple[str, Any]]) -> None:
        """The items (text, data) after "every …"; the chosen one stays chosen if still there."""
        kept = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(every, None)
        for text, data in items:
            combo.addItem(text, data)
        found = combo.findData(kept) if kept is not None else -1
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    def _places_may_have_changed(self) -> None:
        self._choices_stale = True

    def outdated(self, _flags: object = None) -> None:
        """People, enrolments or classes were written (desktop.change_hub): read again."""
        self._choices_stale = True
        if self.db is not None:
            self.reload()

    def _commune_chosen(self, _index: int = 0) -> None:
        villages = self.choices.villages if self.choices else {}
        commune = self.commune_combo.currentData() or ""
        names = villages.get(commune, ())
        if not commune:  # every commune: a village name alone would mix communes
            self.village_combo.setCurrentIndex(0)
        self._fill_combo(self.village_combo, _("Mọi thôn, bản"), [(v, v) for v in names])

    def _show_choices(self, choices: FilterChoices) -> None:
        self.choices = choices
        self._fill_combo(self.commune_combo, _("Mọi xã"), [(c, c) for c in choices.communes])
        self._commune_chosen()

    def _build_buttons(self) -> QHBoxLayout:
        self.add_button = QPushButton(_("Thêm người…"))
        self.edit_button = QPushButton(_("Sửa…"))
        self.move_button = QPushButton(_("Chuyển sang lớp…"))
        self.import_button = QPushButton(_("Nhập danh sách…"))
        self.add_button.clicked.connect(self.add_person)
        self.edit_button.clicked.connect(self.edit_person)
        # The person's history: a context action on the list (the toolbar is full).
        self.history_action = QAction(_("Lịch sử…"), self.table)
        self.history_action.setToolTip(_("Ai đã sửa thông tin, lớp và điểm danh của người này"))
        self.history_action.triggered.connect(self.person_history)
        self.table.addAction(self.history_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        install_list_export(self.table, _("Danh sách người"))
        self.move_button.clicked.connect(self.move_selected)
        self.remove_action = QAction(_("Rút khỏi lớp"), self.table)
        self.remove_action.setToolTip(
            _("Người vẫn được giữ trong danh sách chung; Ctrl+Z để hoàn tác")
        )
        self.remove_action.triggered.connect(self.remove_selected)
        self.table.addAction(self.remove_action)
        # TT 40/2017: someone whose own agency paid the trip is not paid again by the class.
        self.agency_paid_action = QAction(_("Cơ quan cử đi đã chi công tác phí"), self.table)
        self.agency_paid_action.setToolTip(
            _("Lớp không chi tiền ăn, đi lại, nghỉ cho người này (chỉ nước uống)")
        )
        self.agency_paid_action.triggered.connect(lambda: self.mark_agency_paid(True))
        self.class_paid_action = QAction(_("Bỏ đánh dấu công tác phí"), self.table)
        self.class_paid_action.triggered.connect(lambda: self.mark_agency_paid(False))
        self.table.addActions([self.agency_paid_action, self.class_paid_action])
        self.import_button.clicked.connect(self.import_roster)
        self.table.doubleClicked.connect(lambda _index: self.edit_person())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)

        row = QHBoxLayout()  # under the filter: the panel stays narrow enough for 780 px
        for button in (
            self.add_button,
            self.edit_button,
            self.move_button,
            self.import_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        return row

    def set_database(self, db: Database | None) -> None:
        self.db = db
        self._update_buttons()

    def set_activities(self, activities: list[tuple[int, str]]) -> None:
        """(id, "CODE — title") of the classes the move and import dialogs offer."""
        self.activities = list(activities)
        self._fill_combo(self.class_combo, _("Mọi lớp"), [(t, i) for i, t in activities])
        self._update_buttons()

    def show_activity(self, activity_id: int | None, title: str) -> None:
        self.activity_id = activity_id
        self.everyone = False
        self.title.setText(title)
        self.move_button.setText(_("Chuyển sang lớp…"))
        self.class_combo.hide()  # the roster is one class already
        self._choices_stale = True
        self.reload()

    def show_everyone(self) -> None:
        self.activity_id = None
        self.everyone = True
        self.title.setText(_("Tất cả học viên"))
        self.move_button.setText(_("Ghi danh vào lớp…"))
        self.class_combo.show()
        self._choices_stale = True
        self.reload()

    @Slot(str, bool)
    def _sort(self, key: str, descending: bool) -> None:
        self.order = (key, descending)
        self.reload()

    @Slot()
    def reload(self) -> None:
        db = self.db
        if db is None or (self.activity_id is None and not self.everyone):
            self.runner.forget(id(self))
            self.model.set_ids([])
            self.count.setText("")
            return
        activity_id, text, (order, descending) = self.activity_id, self.filter.text(), self.order
        commune = self.commune_combo.currentData() or ""
        village = self.village_combo.currentData() or ""
        class_id = self.class_combo.currentData() if self.everyone else None
        with_choices = self._choices_stale  # until a load with them lands (a newer one may win)

        def work() -> tuple[list[int], dict[int, PersonRow], FilterChoices | None]:
            with db.read() as s:
                ids = person_ids(
                    s,
                    activity_id=activity_id,
                    text=text,
                    order=order,
                    descending=descending,
                    commune=commune,
                    village=village,
                    class_id=class_id,
                )
                choices = filter_choices(s, activity_id=activity_id) if with_choices else None
                return ids, fetch_rows(s, ids[: PeopleModel.PAGE]), choices

        # A newer filter or sort supersedes this one.
        self.runner.latest(id(self), work, self._loaded)

    def _loaded(self, result: tuple[list[int], dict[int, PersonRow], FilterChoices | None]) -> None:
        ids, rows, choices = result
        if choices is not None:
            self._choices_stale = False
            self._show_choices(choices)
        self.model.set_ids(ids, rows)
        shown = f"{len(ids):,}".replace(",", ".")
        self.count.setText(ngettext("{n} người", "{n} người", len(ids)).format(n=shown))

    @Slot(list)
    def _fetch(self, ids: list[int]) -> None:
        db = self.db
        if db is None:
            return

        def work() -> dict[int, PersonRow]:
            with db.read() as s:
                return fetch_rows(s, ids)

        self.runner.run(work, self.model.add_rows)

    # --- actions ----------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.ids[row] for row in rows if row < len(self.model.ids)]

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.ids):
            return None
        return self.model.ids[index.row()]

    def _targets(self) -> list[tuple[int, str]]:
        return [(aid, label) for aid, label in self.activities if aid != self.activity_id]

    def _update_buttons(self) -> None:
        ready = self.db is not None and (self.activity_id is not None or self.everyone)
        self.add_button.setEnabled(ready)
        self.import_button.setEnabled(ready)
        self.edit_button.setEnabled(ready and self.current_id() is not None)
        self.history_action.setEnabled(ready and self.current_id() is not None)
        self.move_button.setEnabled(ready and bool(self._targets()) and bool(self.selected_ids()))
        in_class = self.db is not None and self.activity_id is not None
        for action in (self.remove_action, self.agency_paid_action, self.class_paid_action):
            action.setEnabled(in_class and bool(self.selected_ids()))

    def _written(self, result: object = None) -> None:
        if isinstance(result, Undo):
            self.undo_sink(result)
        self.changed.emit()  # the hub has the window's views (this one too) read again

    def _save_from(
        self, dialog: FormDialog, save: Callable[[Database, str | None], object]
    ) -> None:
        """Run `save` on the worker; a user error goes back into the dialog, nothing lost.
        Beyond the venue's capacity the user is asked why, and the save runs again with it."""
        db = self.db
        if db is None:
            return

        def failed(exc: BaseException) -> None:
            if isinstance(exc, CapacityError):
                self.reason_box = ask_capacity_reason(self, user_text(exc), again)
            elif is_user_error(exc):
                message = user_text(exc)
                dialog.show_error(message[:1].upper() + message[1:])
                dialog.open()
            else:
                self.runner.default_error(exc)

        def again(reason: str) -> None:
            self.runner.run(lambda: save(db, reason), self._written, failed)

        self.runner.run(lambda: save(db, None), self._written, failed)

    @Slot()
    def add_person(self) -> None:
        from desktop.person_dialog import PersonDialog

        activity_id = self.activity_id
        title = _("Thêm người vào lớp") if activity_id is not None else _("Thêm người")
        dialog = PersonDialog(title, parent=self)

        def save(db: Database, reason: str | None) -> int:
            with db.write() as s:
                return create_person(
                    s, dialog.person_input(), activity_id, over_capacity_reason=reason
                )

        dialog.accepted.connect(lambda: self._save_from(dialog, save))
        self.dialog = dialog
        dialog.open()

    @Slot()
    def edit_person(self) -> None:
        person_id, db = self.current_id(), self.db
        if person_id is None or db is None:
            return

        def load() -> tuple[PersonInput, list[PersonActivity]]:
            with db.read() as s:
                return person_input(s, person_id), person_activities(s, person_id)

        self.runner.run(load, lambda loaded: self._open_person(person_id, *loaded))

    def _open_person(
        self, person_id: int, data: PersonInput, activities: list[PersonActivity]
    ) -> None:
        from desktop.person_dialog import PersonDialog

        dialog = PersonDialog(
            _("Sửa thông tin: {name}").format(name=data.full_name), data, activities, self
        )

        def save(db: Database, _reason: str | None) -> Undo:
            with db.write() as s:
                return edit_person(
                    s, person_id, dialog.person_input(), expected_version=data.version
                )

        dialog.accepted.connect(lambda: self._save_from(dialog, save))
        self.dialog = dialog
        dialog.open()

    @Slot()
    def person_history(self) -> None:
        person_id = self.current_id()
        if person_id is None:
            return

        def load(db: Database) -> list[HistoryEntry]:
            with db.read() as s:
                return history_of_person(s, person_id)

        show_history(self, self.runner, self.db, _("Lịch sử thay đổi của người"), load)

    @Slot()
    def move_selected(self) -> None:
        """Move the selected people to another class (enroll them, on the list of everyone)."""
        ids, source = self.selected_ids(), self.activity_id
        targets = self._targets()
        if not ids or not targets:
            return
        if source is not None:
            title = _("Chuyển {n} người sang lớp khác").format(n=len(ids))
            label = _("Sang lớp")
        else:
            title = _("Ghi danh {n} người vào lớp").format(n=len(ids))
            label = _("Vào lớp")
        choices = [(text, aid) for aid, text in targets]
        field = Field("target", label, kind="choice", choices=choices)
        dialog = FormDialog(title, (field,), parent=self)
        dialog.button_ok().setText(_("Chuyển") if source is not None else _("Ghi danh"))
        combo = dialog.widgets["target"]
        if isinstance(combo, QComboBox):  # long class titles: elide, never push the label out
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(36)

        def save(db: Database, reason: str | None) -> Undo:
            target = int(dialog.values()["target"])
            with db.write() as s:
                if source is None:
                    return enroll(s, ids, target, over_capacity_reason=reason)
                return move(s, ids, source, target, over_capacity_reason=reason)

        dialog.accepted.connect(lambda: self._save_from(dialog, save))
        self.dialog = dialog
        dialog.open()

    @Slot()
    def remove_selected(self) -> None:
        """Take the selected people out of this class (they stay on the list of everyone)."""
        ids, activity_id, db = self.selected_ids(), self.activity_id, self.db
        if not ids or activity_id is None or db is None:
            return

        def work() -> Undo:
            with db.write() as s:
                return remove_people(s, activity_id, ids)

        self.runner.run(work, self._written)

    def mark_agency_paid(self, paid: bool) -> None:
        ids, activity_id, db = self.selected_ids(), self.activity_id, self.db
        if not ids or activity_id is None or db is None:
            return

        def work() -> Undo:
            with db.write() as s:
                return mark_agency_paid(s, activity_id, ids, paid)

        self.runner.run(work, self._written)

    @Slot()
    def import_roster(self) -> None:
        db = self.db
        if db is None:
            return
        from desktop.importer.wizard import ImportWizard

        wizard = ImportWizard(self.runner, db, self.activities, self.activity_id, self)
        wizard.imported.connect(self._imported)
        self.wizard = wizard
        wizard.open()

    def _imported(self, count: int) -> None:
        self.imported.emit(count)
        self.changed.emit()  # the hub has the window's views (this one too) read again
