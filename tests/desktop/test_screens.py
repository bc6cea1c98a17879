"""Small and scaled screens: every window inside the available area, its buttons on screen;
date fields typed after a click."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop import screen_fit
from desktop.forms import DateField, Field, FormDialog
from desktop.qt import QDate, QLineEdit, QPoint, QRect, Qt, QVBoxLayout, QWidget

ROOT = Path(__file__).resolve().parents[2]


def _inside(rect: list[int], area: list[int]) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


def probe(url: str, tmp_path: Path, width: int, height: int, scale: str) -> dict[str, Any]:
    """The screen probe in a fresh process, on an offscreen screen of `width`×`height`."""
    config = tmp_path / f"screen-{width}x{height}.json"
    screen = {"name": "s", "x": 0, "y": 0, "width": width, "height": height, "dpr": 1}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96}]}))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": scale,
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.desktop.screen_probe", url],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


@pytest.mark.parametrize(
    ("width", "height", "scale", "logical"),
    [(1024, 768, "1", (1024, 768)), (1366, 768, "1.5", (911, 512))],
    ids=["1024x768", "1366x768-150%"],
)
def test_every_window_and_its_buttons_lie_inside_the_screen(
    demo_url: str, tmp_path: Path, width: int, height: int, scale: str, logical: tuple[int, int]
) -> None:
    result = probe(demo_url, tmp_path, width, height, scale)
    area = result["available"]
    assert (area[2], area[3]) == logical  # the screen (and the scale) the process really had
    windows = result["windows"]
    assert not [w["class"] for w in windows if w.get("missing")]  # every opener opened one
    opened = {w.get("opener") for w in windows}
    assert {"new_plan", "edit_plan", "add_person", "import_roster", "schedule", "guide"} <= opened
    for window in windows:
        label = f"{window.get('opener')} {window['class']}"
        assert _inside(window["frame"], area), (label, window["frame"], area)
        assert window["buttons"] or window["class"] == "RollupDialog", label
        for button in window["buttons"]:
            assert _inside(button["rect"], area), (label, button)
            assert _inside(button["rect"], window["frame"]), (label, button)


def test_fit_window_shrinks_and_moves_a_window_into_a_small_area(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = FormDialog("Thử", [Field(f"f{i}", f"Trường {i}") for i in range(40)], parent=parent)
    dialog.resize(900, 1400)
    dialog.move(300, 200)
    area = QRect(0, 0, 800, 500)
    screen_fit.fit_window(dialog, area)
    extra_w, extra_h = screen_fit.FRAME_ALLOWANCE
    frame = QRect(dialog.x(), dialog.y(), dialog.width() + extra_w, dialog.height() + extra_h)
    assert area.contains(frame), frame
    dialog.show()
    qtbot.waitExposed(dialog)
    # 40 fields do not fit in 500 pixels: they scroll, and Lưu / Hủy stay inside the dialog.
    ok = dialog.button_ok()
    assert ok.isVisible()
    corner = ok.mapTo(dialog, QPoint(0, 0))
    assert corner.y() + ok.height() <= dialog.height()


def test_a_long_label_wraps_instead_of_widening_the_form(qtbot: QtBot) -> None:
    long_label = "Đơn vị tổ chức xác nhận không bố trí được chỗ nghỉ " * 4
    dialog = FormDialog("Thử", [Field("a", long_label, kind="bool")])
    qtbot.addWidget(dialog)
    assert dialog.minimumSizeHint().width() < 700


@pytest.mark.parametrize(
    ("typed", "x", "expected"),
    [
        ("05/03/2024", 10, QDate(2024, 3, 5)),
        ("05032024", 10, QDate(2024, 3, 5)),
        ("5/3/2024", 10, QDate(2024, 3, 5)),
        ("05/03/2024", 70, QDate(2024, 3, 5)),  # clicked in the year: typing starts at the day
        ("31/1/2024", 70, QDate(2024, 1, 31)),
        ("15.3.2025", 40, QDate(2025, 3, 15)),
    ],
)
def test_a_date_is_typed_after_a_click(qtbot: QtBot, typed: str, x: int, expected: QDate) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    other, field = QLineEdit(), DateField()
    layout.addWidget(other)
    layout.addWidget(field)
    field.setDate(QDate(2026, 12, 4))
    holder.show()
    qtbot.waitExposed(holder)
    other.setFocus()
    editor = field.lineEdit()
    qtbot.mouseClick(editor, Qt.MouseButton.LeftButton, pos=QPoint(x, editor.height() // 2))
    qtbot.wait(10)
    qtbot.keyClicks(field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.date() == expected


def test_form_dates_are_date_fields(qtbot: QtBot) -> None:
    dialog = FormDialog("Thử", [Field("d", "Ngày", kind="date")])
    qtbot.addWidget(dialog)
    assert isinstance(dialog.widgets["d"], DateField)


def test_class_name_and_cccd_stay_readable_at_1024(qtbot: QtBot, demo_url: str) -> None:
    from desktop.mainwindow import MainWindow

    window = MainWindow(demo_url)
    qtbot.addWidget(window)
    window.resize(1024 - 16, 768 - 40)  # as screen_fit leaves it on a 1024×768 screen
    window.show()
    qtbot.waitUntil(lambda: window.current_activity() is not None, timeout=10000)
    classes = window.plans_page.activities_view.horizontalHeader()
    assert classes.sectionSize(2) >= 160  # the class title
    assert classes.sectionSize(2) > classes.sectionSize(5)  # wider than the venue
    roster = window.plans_page.roster.table
    header = roster.horizontalHeader()
    cccd = 7
    assert header.visualIndex(cccd) == 1  # beside the name
    assert header.sectionViewportPosition(cccd) + header.sectionSize(cccd) <= (
        roster.viewport().width()
    )
    window.close()
