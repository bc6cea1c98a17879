"""Views that stay current: every committed write says what it changed, views subscribe.

The core's unit of work records which kinds of data each transaction wrote
(models.changes.Change) and `Database.write()` tells its listeners after the commit. The hub is
the window's listener: it carries the flags from the worker to the UI thread, and hands them to
each view that subscribed to one of them (after Anki's `operation_did_execute`). A view reloads
when something it shows changed, whoever changed it: itself, another page, a dialog, undo, the
demo loader. Nothing else triggers a reload, so one write never reloads everything.

The flags arrive on the UI thread before the write's own `on_done` (both are queued from the
worker in that order), so a view refreshed by the hub can still show its own confirmation.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.qt import QObject, Qt, Signal, Slot
from models.changes import Change
from models.db import Database

Handler = Callable[[Change], None]


class ChangeHub(QObject):
    changed = Signal(object)  # the Change flags of one committed write, on the UI thread
    _arrived = Signal(object)  # emitted on the worker thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._subscribers: list[tuple[Change, Handler]] = []
        self._watched: Database | None = None
        self._listener: Handler = self._arrived.emit  # one object, so it can be removed
        self._arrived.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)

    def watch(self, db: Database | None) -> None:
        """Follow the writes of `db` (and no longer those of the database it replaces)."""
        old = self._watched
        if old is not None and self._listener in old.listeners:
            old.listeners.remove(self._listener)
        self._watched = db
        if db is not None:
            db.listeners.append(self._listener)

    def subscribe(self, kinds: Change, handler: Handler, owner: QObject | None = None) -> None:
        """`handler(flags)` runs after every write that changed one of `kinds`; with an
        `owner` (a dialog), only while the owner lives."""
        entry = (kinds, handler)
        self._subscribers.append(entry)
        if owner is not None:
            owner.destroyed.connect(lambda *_a: self._drop(entry))

    def _drop(self, entry: tuple[Change, Handler]) -> None:
        if entry in self._subscribers:
            self._subscribers.remove(entry)

    @Slot(object)
    def _dispatch(self, flags: Change) -> None:
        self.changed.emit(flags)
        for kinds, handler in list(self._subscribers):
            if flags & kinds:
                handler(flags)
