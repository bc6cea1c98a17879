"""The Qt binding keeps Python's reference counts: a long session must be able to quit.

PySide6 6.12.0 dropped a reference to True on every `Signal.emit()`; after enough emits
(a 12-minute session, or this test suite) the interpreter aborted at exit with
"bool_dealloc: deallocating True or False". pyproject pins a minor without the bug.
"""

from __future__ import annotations

import sys

from desktop.qt import QObject, Signal


class _Emitter(QObject):
    flag = Signal(bool)
    payload = Signal(object)
    bare = Signal()


def test_emitting_signals_leaves_true_and_false_alone() -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.payload.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for i in range(200):
        emitter.flag.emit(i % 2 == 0)
        emitter.payload.emit(i)
        emitter.bare.emit()
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert len(received) == 200
    # A few references may come and go with the interpreter's own work, never 200.
    assert after[0] - before[0] > -20 and after[1] - before[1] > -20, (before, after)
