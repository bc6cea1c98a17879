"""What the tabs of the activity workspace share: the database, the activity, a `changed` signal,
and running one user action on the worker with its error shown as a sentence. A tab reloads
when the hub reports a write of a kind it `watches`, never because it wrote itself."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from typing import Any

from desktop.errors import is_user_error, user_text
from desktop.forms import Field, FormDialog
from desktop.qt import QLabel, QWidget, Signal
from desktop.tasks import TaskRunner
from models.changes import Change
from models.db import Database
from models.planning.undo import Undo


def current_user() -> str:
    """Who is recorded on attendance changes, overrides and locks (the login name)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user database entry (some containers)
        return "?"


class ActivityTab(QWidget):
    changed = Signal()  # this tab wrote something (the hub refreshes whoever shows it)
    # The kinds of data the tab shows: a write that changed one of them reloads it
    # (desktop.change_hub), and clears a message that may no longer hold.
    watches: Change = Change.PLANS | Change.LOCKS

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db: Database | None = None
        self.activity_id: int | None = None
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.dialog: FormDialog | None = None
        # Where an undoable action's Undo goes (the window's Sửa → Hoàn tác).
        self.undo_sink: Callable[[Undo], None] = lambda _undo: None

    def set_database(self, db: Database | None) -> None:
        self.db = db

    def show_activity(self, activity_id: int | None) -> None:
        self.activity_id = activity_id
        self.reload()

    def reload(self) -> None:  # pragma: no cover - every tab overrides it
        raise NotImplementedError

    def outdated(self, _flags: Change) -> None:
        """Something this tab shows was written: what it said may no longer hold."""
        self.say("")

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.message.setVisible(bool(text))

    def act(
        self,
        work: Callable[[Database], Any],
        done: str = "",
        form: FormDialog | None = None,
        refused: Callable[[BaseException], bool] | None = None,
    ) -> None:
        """Run one user action (one transaction) and refresh; a user error is shown as a line,
        and in `form` reopened with the user's input (a save over someone else's change).
        `refused` sees an error first and returns True when it dealt with it (asked why)."""
        db = self.db
        if db is None:
            return

        def ok(result: object) -> None:
            if isinstance(result, Undo):
                self.undo_sink(result)
            self.say(done)  # the hub has reloaded whatever the write changed
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            if refused is not None and refused(exc):
                return
            if is_user_error(exc):
                text = user_text(exc)
                self.say(text, error=True)
                if form is not None:
                    form.show_error(text[:1].upper() + text[1:])
                    form.open()
            else:
                self.runner.default_error(exc)

        self.runner.run(lambda: work(db), ok, failed)

    def ask(
        self,
        title: str,
        fields: tuple[Field, ...],
        values: dict[str, Any],
        then: Callable[[dict[str, Any]], None],
    ) -> FormDialog:
        dialog = FormDialog(title, fields, values, parent=self)
        dialog.accepted.connect(lambda: then(dialog.values()))
        self.dialog = dialog
        dialog.open()
        return dialog
