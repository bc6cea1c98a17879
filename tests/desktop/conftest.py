from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.mainwindow import MainWindow


@pytest.fixture
def window_factory(qtbot: QtBot) -> Iterator[object]:
    made: list[MainWindow] = []

    def make(url: str) -> MainWindow:
        window = MainWindow(url)
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()  # finishes the worker thread before the app goes on
