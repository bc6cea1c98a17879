"""One background worker for all database and file work (after Anki's taskman).

Work is serialised on a single thread, so writes never race and the UI thread never waits on
SQLite. Results and errors come back to the main thread as queued signals; no processEvents().
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from desktop.qt import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], object]
Failed = Callable[[BaseException], None]


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
    _landed = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="taphuan-worker")
        self._pending = 0
        self._closed = False
        self._landed.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.default_error: Failed = lambda exc: log.error("tác vụ lỗi", exc_info=exc)

    @property
    def pending(self) -> int:
        return self._pending

    def run(self, work: Callable[[], Any], on_done: Done, on_error: Failed | None = None) -> None:
        """Run `work` on the worker; `on_done(result)` or `on_error(exc)` runs on the UI thread."""
        if self._closed:
            return
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        future = self._executor.submit(work)
        future.add_done_callback(lambda f: self._landed.emit((f, on_done, on_error)))

    def run_job(
        self,
        work: Callable[[Job], Any],
        on_done: Done,
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
    def _deliver(self, payload: tuple[Future[Any], Done, Failed | None]) -> None:
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
