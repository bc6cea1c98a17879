"""Errors in the window: a user error shows its message (translated under English); anything
else is a bug, shown as one fixed sentence while its traceback goes to the log file."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop import errors, i18n
from desktop.mainwindow import MainWindow
from desktop.pages import budget_tab
from desktop.pages.budget_tab import BudgetTab
from desktop.qt import QApplication, QMessageBox
from models.i18n_marks import N_
from models.planning.setup import PlanningError
from tests.desktop.test_activity_page import _answer, _open_workspace

Factory = Callable[[str], MainWindow]


@pytest.fixture
def app() -> Iterator[QApplication]:
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    try:
        yield instance
    finally:
        i18n.install(instance, "vi")


def _edit_meal(qtbot: QtBot, window_factory: Factory, url: str) -> tuple[MainWindow, BudgetTab]:
    window = _open_workspace(qtbot, window_factory, url, BudgetTab)
    tab = next(t for t in window.activity_page.tab_pages if isinstance(t, BudgetTab))
    qtbot.waitUntil(lambda: tab.model.rowCount() > 5, timeout=20_000)
    tab.table.selectRow(next(i for i, x in enumerate(tab.model.rows) if x.key == "meal"))
    tab.edit_line()
    _answer(qtbot, tab, rate="150000")
    return window, tab


def _boxes(window: MainWindow) -> list[str]:
    return [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]


@pytest.fixture
def logging_to_file() -> Iterator[None]:
    """The app's log file set up as at start, and taken down again after the test."""
    import logging

    root = logging.getLogger()
    before = list(root.handlers)
    errors.setup_logging()
    yield
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()


@pytest.mark.usefixtures("logging_to_file")
def test_a_bug_in_a_window_action_is_logged_and_shown_as_one_sentence(
    qtbot: QtBot, window_factory: Factory, demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_a: object, **_k: object) -> None:
        raise ValueError("hỏng-bên-trong-42")  # a bug, not a sentence for the user

    monkeypatch.setattr(budget_tab, "update_line", broken)
    window, tab = _edit_meal(qtbot, window_factory, demo_url)
    qtbot.waitUntil(lambda: bool(_boxes(window)), timeout=20_000)
    (shown,) = _boxes(window)
    assert shown == f"Lỗi không mong đợi — chi tiết trong tệp nhật ký {errors.log_path()}"
    assert "hỏng-bên-trong-42" not in shown + tab.message.text()
    log = errors.log_path().read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log
    assert "ValueError: hỏng-bên-trong-42" in log and "in broken" in log


def test_a_user_error_shows_its_message_in_the_interface_language(
    qtbot: QtBot,
    window_factory: Factory,
    demo_url: str,
    monkeypatch: pytest.MonkeyPatch,
    app: QApplication,
) -> None:
    def refused(*_a: object, **_k: object) -> None:
        raise PlanningError(
            N_("mã QHNS {code} đã là của đơn vị «{unit}»"), code="1052817", unit="Sở Văn hóa"
        )

    monkeypatch.setattr(budget_tab, "update_line", refused)
    window, tab = _edit_meal(qtbot, window_factory, demo_url)
    qtbot.waitUntil(lambda: "1052817" in tab.message.text(), timeout=20_000)
    assert tab.message.text() == "mã QHNS 1052817 đã là của đơn vị «Sở Văn hóa»"
    assert not _boxes(window)
    window.close()

    i18n.install(app, "en")
    window, tab = _edit_meal(qtbot, window_factory, demo_url)
    qtbot.waitUntil(lambda: "1052817" in tab.message.text(), timeout=20_000)
    # the template translated, the unit's name (data) kept as it is
    assert tab.message.text() == "QHNS code 1052817 already belongs to «Sở Văn hóa»"


def test_english_counts_labels_and_amounts(app: QApplication) -> None:
    from models.attendance.marks import HALF_LABELS
    from models.entities.enums import Half
    from models.i18n_marks import Text

    label = Text(HALF_LABELS[Half.MORNING], day=1)
    assert (str(label), i18n.tr(label)) == ("Ngày 1 sáng", "Ngày 1 sáng")
    assert i18n.ngettext("{n} buổi", "{n} buổi", 2) == "{n} buổi"
    assert i18n.amount_in_words(1_005_000, "Một triệu không trăm linh năm nghìn đồng").startswith(
        "Một triệu"
    )
    i18n.install(app, "en")
    assert i18n.tr(label) == "Day 1 morning"
    assert i18n.tr(Text(HALF_LABELS[Half.AFTERNOON], day=3)) == "Day 3 afternoon"
    assert i18n.tr("Hội trường UBND xã") == "Hội trường UBND xã"  # data stays as it is
    assert [i18n.ngettext("{n} buổi", "{n} buổi", n).format(n=n) for n in (1, 2)] == [
        "1 session",
        "2 sessions",
    ]
    assert i18n.amount_in_words(1_005_000, "…") == "One million five thousand dong"
    from models.budget.edit import AboveCapError

    above = AboveCapError("Hỗ trợ tiền ăn cho học viên", 250_000, 200_000)
    assert "250.000 đồng" in str(above)  # the core's own text stays Vietnamese
    assert errors.user_text(above) == (
        "The rate of 250,000 dong for “Hỗ trợ tiền ăn cho học viên” is above the cap of "
        "200,000 dong: give the reason for accepting it before saving"
    )
    assert i18n.amount_in_words(2_053_000_000, "…") == "Two billion fifty-three million dong"
