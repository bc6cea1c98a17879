"""desktop.tasks: one worker, results on the UI thread, the newest request per key wins."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.qt import QApplication, QThread
from desktop.tasks import Cancelled, Job, TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


def _idle(qtbot: QtBot, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=5000)


def test_result_and_error_arrive_on_the_ui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    seen: list[tuple[object, bool]] = []
    ui = QApplication.instance().thread()  # type: ignore[union-attr]

    def worker_thread() -> bool:
        return QThread.currentThread() is not ui

    runner.run(worker_thread, lambda off_ui: seen.append((off_ui, QThread.currentThread() is ui)))

    def broken() -> int:
        raise ValueError("hỏng")

    errors: list[BaseException] = []
    runner.run(broken, lambda _r: None, errors.append)
    _idle(qtbot, runner)
    assert seen == [(True, True)]
    assert [str(e) for e in errors] == ["hỏng"]


def test_latest_drops_a_result_that_lands_after_a_newer_request(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    release = threading.Event()
    delivered: list[str] = []

    def slow() -> str:
        release.wait(5)
        return "old"

    runner.latest("view", slow, delivered.append)
    runner.latest("view", lambda: "new", delivered.append)
    runner.latest("other", lambda: "other", delivered.append)  # another key is not affected
    release.set()
    _idle(qtbot, runner)
    assert delivered == ["new", "other"]


def test_latest_drops_a_late_error_too_and_forget_drops_everything(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    errors: list[BaseException] = []
    results: list[int] = []

    def broken() -> int:
        raise RuntimeError("cũ")

    runner.latest("view", broken, results.append, errors.append)
    runner.latest("view", lambda: 2, results.append, errors.append)
    runner.latest("view", lambda: 3, results.append, errors.append)
    runner.forget("view")
    _idle(qtbot, runner)
    assert errors == [] and results == []

    runner.latest("view", lambda: 4, results.append)
    _idle(qtbot, runner)
    assert results == [4]


def test_a_job_can_be_cancelled_between_steps(qtbot: QtBot, runner: TaskRunner) -> None:
    started = threading.Event()
    steps: list[int] = []
    errors: list[BaseException] = []

    def work(job: Job) -> int:
        started.set()
        for step in range(1000):
            job.check()
            steps.append(step)
            threading.Event().wait(0.001)
        return len(steps)

    job = runner.run_job(work, lambda _n: None, errors.append)
    assert started.wait(5)
    job.cancel()
    _idle(qtbot, runner)
    assert len(errors) == 1 and isinstance(errors[0], Cancelled)
    assert len(steps) < 1000


def test_nothing_is_delivered_after_shutdown(qtbot: QtBot) -> None:
    runner = TaskRunner()
    delivered: list[int] = []
    runner.run(lambda: 1, delivered.append)
    runner.shutdown()
    runner.run(lambda: 2, delivered.append)  # refused: the app is quitting
    qtbot.wait(50)
    assert delivered == []
