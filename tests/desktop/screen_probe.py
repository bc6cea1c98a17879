"""Open the main window and every dialog and wizard on a demo database; print where they are.

Run in a subprocess (the screen size and QT_SCALE_FACTOR are read when QApplication starts):
    QT_QPA_PLATFORM=offscreen:configfile=screen.json python -m tests.desktop.screen_probe URL
Prints one JSON document: the available area and, per window, its frame and the rectangles
of its visible buttons, all in global logical pixels. `--shots DIR` also saves a PNG of each.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop import menus, screen_fit
from desktop.qt import QAbstractButton, QApplication, QRect, QWidget


def _rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def _wait(app: QApplication, until: Callable[[], bool], seconds: float = 20.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        if until():
            return True
        time.sleep(0.01)
    return False


def describe(window: QWidget) -> dict[str, Any]:
    buttons = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or not button.text().strip():
            continue
        corner = button.mapToGlobal(button.rect().topLeft())
        buttons.append(
            {
                "text": button.text(),
                "rect": [corner.x(), corner.y(), button.width(), button.height()],
            }
        )
    return {
        "class": type(window).__name__,
        "title": window.windowTitle(),
        "frame": _rect(window.frameGeometry()),
        "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
        "buttons": buttons,
    }


def main(url: str, shots: Path | None) -> int:
    from desktop.mainwindow import MainWindow

    app = QApplication(sys.argv[:1])
    screen_fit.install(app)
    window = MainWindow(url)
    window.show()
    _wait(app, lambda: window.db is not None and bool(window.plans))
    _wait(app, lambda: window.current_activity() is not None)
    out: dict[str, Any] = {
        "available": _rect(screen_fit.available_area(window)),
        "windows": [describe(window)],
    }
    if shots:
        window.grab().save(str(shots / "MainWindow.png"))
        for row in range(window.nav.count()):  # every page, to look at
            window.nav.setCurrentRow(row)
            _wait(app, lambda: False, 0.5)
            window.grab().save(str(shots / f"page-{row}.png"))
        window.nav.setCurrentRow(0)
    db = window.db
    assert db is not None
    plan = window.current_plan()
    activity = window.current_activity()
    assert plan is not None and activity is not None
    edits = window.plan_edits
    openers: list[tuple[str, Callable[[], object]]] = [
        ("new_plan", window.new_plan),
        ("edit_plan", lambda: edits.edit_plan(db, plan.id)),
        ("edit_supports", lambda: edits.edit_supports(db, plan.id, plan.code)),
        ("distances", lambda: edits.set_distances(db, plan.id)),
        ("edit_unit", window.edit_unit),
        ("new_activity", window.new_activity),
        ("edit_activity", lambda: edits.edit_activity(db, activity.id)),
        ("split", window.split_people),
        ("schedule", window.import_schedule),
        ("calendar", window.show_calendar),
        ("rollup", window.show_rollup),
        ("server", window.connect_server),
        ("backup", window.backup_restore),
        ("add_person", window.people_page.add_person),
        ("import_roster", window.people_page.import_roster),
        ("new_venue", lambda: window.venues_page._open(None)),
        ("new_lecturer", lambda: window.lecturers_page._open(None)),
        ("guide", lambda: menus._show_guide(window)),
        ("about", lambda: menus._show_about(window)),
    ]
    for name, opener in openers:
        before = {id(w) for w in app.topLevelWidgets() if w.isVisible()}
        opener()

        def new_windows(before: set[int] = before) -> list[QWidget]:
            return [w for w in app.topLevelWidgets() if w.isVisible() and id(w) not in before]

        if not _wait(app, lambda: bool(new_windows()), 10):
            out["windows"].append({"class": name, "missing": True})
            continue
        _wait(app, lambda: False, 0.2)  # let late data land and the layout settle
        for shown in new_windows():
            info = describe(shown)
            info["opener"] = name
            out["windows"].append(info)
            if shots:
                shown.grab().save(str(shots / f"{name}.png"))
            shown.close()
        _wait(app, lambda: window.runner.pending == 0, 10)
    print(json.dumps(out, ensure_ascii=False))
    window.close()
    return 0


if __name__ == "__main__":
    shots = Path(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--shots" else None
    sys.exit(main(sys.argv[1], shots))
