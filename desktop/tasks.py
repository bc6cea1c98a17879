"""One background worker for all database and file work (after Anki's taskman).

Work is serialised on a single thread, so writes never race and the UI thread never waits on
SQLite. Results and errors come back to the main thread as queued signals; no processEvents().
`latest(key, …)` is the one place where a result that arrived after a newer request for the
same view is dropped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from desktop.qt import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")
Failed = Callable[[BaseException], None]
# What travels from the worker to the UI thread: the finished future and its two callbacks.
_Landing = tuple["Future[Any]", Callable[[Any], object], Failed | None]


class Cancelled(Exception):
    """The user pressed Hủy; the job stopped between two steps and wrote no half file."""


class Job(QObject):
    """A long job's side of progress and cancellation; `report` is safe from the worker."""

    progressed = Signal(int, int, str)  # done, total, what is being done

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        self.progressed.emit(done, total, text)  # queued to the UI thread

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Call between steps: raises Cancelled once the user has asked to stop."""
        if self._cancel.is_set():
            raise Cancelled


class TaskRunner(QObject):
    """Runs `Callable[[], T]` on the worker and hands the `T` to a `Callable[[T], None]`."""

    _landed = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="taphuan-worker")
        self._pending = 0
        self._closed = False
        self._generations: dict[Hashable, int] = {}
        self._landed.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.default_error: Failed = lambda exc: log.error("tác vụ lỗi", exc_info=exc)

    @property
    def pending(self) -> int:
        return self._pending

    def run(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], object],
        on_error: Failed | None = None,
    ) -> None:
        """Run `work` on the worker; `on_done(result)` or `on_error(exc)` runs on the UI thread."""
        if self._closed:
            return
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        future = self._executor.submit(work)
        future.add_done_callback(lambda f: self._landed.emit((f, on_done, on_error)))

    def latest(
        self,
        key: Hashable,
        work: Callable[[], T],
        on_done: Callable[[T], object],
        on_error: Failed | None = None,
    ) -> None:
        """Like run(), but only the newest request under `key` is answered.

        A view that reloads on every keystroke or selection asks with its own key (a plain
        value such as `id(self)`, so the runner keeps no widget alive); a result
        (or error) that lands after a newer request under that key is dropped, so a slow
        early query can never overwrite a fast later one. `forget(key)` drops the pending one.
        """
        generation = self._generations.get(key, 0) + 1
        self._generations[key] = generation

        def current() -> bool:
            return self._generations.get(key) == generation

        def done(result: T) -> None:
            if current():
                on_done(result)

        def failed(exc: BaseException) -> None:
            if current():
                (on_error or self.default_error)(exc)

        self.run(work, done, failed)

    def forget(self, key: Hashable) -> None:
        """Drop whatever is still on its way under `key` (the view now shows nothing)."""
        self._generations[key] = self._generations.get(key, 0) + 1

    def run_job(
        self,
        work: Callable[[Job], T],
        on_done: Callable[[T], object],
        on_error: Failed | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Job:
        """Like run(), for long work that reports progress and can be cancelled."""
        job = Job()
        if on_progress is not None:
            job.progressed.connect(on_progress, Qt.ConnectionType.QueuedConnection)
        self.run(lambda: work(job), on_done, on_error)
        return job

    @Slot(object)
    def _deliver(self, payload: _Landing) -> None:
        future, on_done, on_error = payload
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if self._closed or future.cancelled():
            return
        exc = future.exception()
        if exc is not None:
            (on_error or self.default_error)(exc)
        else:
            on_done(future.result())

    def shutdown(self) -> None:
        """Finish the running task, drop the queued ones; called before the app quits."""
        self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)
