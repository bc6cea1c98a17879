"""The session's last few undoable actions (Sửa → Hoàn tác, Ctrl+Z).

The core says how to take an action back (models.planning.undo.Undo); this only keeps them
in order and runs the newest in a transaction of its own on the worker. An undo the database
refuses (someone changed the rows since, a mark was made since, the class was locked) is
dropped with its reason: it can never apply later either.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import _
from desktop.qt import QObject, Signal
from desktop.tasks import TaskRunner
from models.db import Database
from models.planning.undo import Undo

LIMIT = 10  # "the last few edits of the session"


class UndoStack(QObject):
    changed = Signal()  # the newest label changed (the menu entry follows it)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._items: list[Undo] = []

    def push(self, undo: Undo) -> None:
        self._items.append(undo)
        del self._items[:-LIMIT]
        self.changed.emit()

    def clear(self) -> None:
        self._items.clear()
        self.changed.emit()

    def text(self) -> str:
        """The menu entry: "Hoàn tác: sửa lớp L01", or plain "Hoàn tác" when empty."""
        if not self._items:
            return _("Hoàn tác")
        return _("Hoàn tác: {what}").format(what=self._items[-1].label)

    def __len__(self) -> int:
        return len(self._items)

    def undo_last(self, db: Database, done: Callable[[str], None]) -> None:
        """Take the newest action back; `done(label)` once it is written."""
        if not self._items:
            return
        undo = self._items.pop()
        self.changed.emit()

        def work() -> str:
            with db.write() as s:
                undo.run(s)
            return undo.label

        self.runner.run(work, done)
