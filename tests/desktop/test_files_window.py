"""The window's file features: read-only opening, Sao lưu / Khôi phục, Kết nối máy chủ."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from pytestqt.qtbot import QtBot

from desktop.mainwindow import MainWindow
from desktop.qt import QMessageBox
from desktop.settings import settings
from models import backup
from models.server import KEYRING_SERVICE, parse_server

Factory = Callable[[str], MainWindow]


class MemoryKeyring(KeyringBackend):
    """A credential store for tests: no desktop session, nothing written to disk."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.stored[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.stored.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.stored.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    store = MemoryKeyring()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(previous)


@pytest.fixture
def reported(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import desktop.errors

    messages: list[str] = []

    def capture(_parent: Any, exc: BaseException) -> None:
        messages.append(desktop.errors.message_for(exc))

    monkeypatch.setattr(desktop.errors, "report", capture)
    return messages


def _idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.db is not None and window.runner.pending == 0, timeout=20_000)


def test_a_read_only_file_is_shown_as_such_and_writes_fail_in_one_line(
    qtbot: QtBot, window_factory: Factory, demo_url: str, reported: list[str]
) -> None:
    path = Path(demo_url.removeprefix("sqlite:///"))
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    before = path.read_bytes()
    try:
        window = window_factory(demo_url)
        _idle(qtbot, window)
        assert "chỉ đọc" in window.db_label.text()
        assert window.plans_page.plans_model.rowCount() == 1  # still viewable
        window.load_demo()  # a write
        qtbot.waitUntil(lambda: bool(reported), timeout=10_000)
        assert "chỉ đọc" in reported[0] and "\n" not in reported[0]
    finally:
        path.chmod(0o644)
    assert path.read_bytes() == before


def test_backup_now_and_restore_the_chosen_copy(
    qtbot: QtBot, window_factory: Factory, demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = window_factory(demo_url)
    _idle(qtbot, window)
    window.backup_restore()
    dialog = window.backup_dialog
    assert dialog.copies.count() == 1  # the day's first session took one
    dialog.backup_button.click()
    qtbot.waitUntil(lambda: dialog.copies.count() == 2, timeout=10_000)
    assert dialog.copies.item(0).text().endswith("-thu-cong.sqlite3")

    assert window.db is not None
    with window.db.write() as s:  # a change made after the copy
        s.connection().exec_driver_sql("UPDATE plan SET code = 'DA-SUA'")

    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    dialog.copies.setCurrentRow(0)
    old_db = window.db
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: window.db is not old_db and window.runner.pending == 0, timeout=10_000)
    _idle(qtbot, window)
    assert window.db is not None
    with window.db.read() as s:
        codes = s.connection().exec_driver_sql("SELECT code FROM plan").scalars().all()
    assert codes == ["KH-TTDN-2023"]
    folder = Path(demo_url.removeprefix("sqlite:///")).parent
    (aside,) = [p for p in folder.iterdir() if "truoc-khoi-phuc" in p.name]
    assert backup.check_database_file(aside)


def test_connect_to_the_department_server(
    qtbot: QtBot,
    window_factory: Factory,
    demo_url: str,
    pg_url: str,
    memory_keyring: MemoryKeyring,
) -> None:
    window = window_factory(demo_url)
    _idle(qtbot, window)
    server = parse_server(pg_url)
    assert server is not None
    window.connect_server()
    dialog = window.server_dialog
    dialog.host.setText(server.host)
    dialog.port.setValue(server.port)
    dialog.database.setText(server.database)
    dialog.user.setText(server.user)
    dialog.password.setText("mat-khau-bi-mat")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "Kết nối được: PostgreSQL" in dialog.status.text(), timeout=10_000)

    old_db = window.db
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: window.db is not old_db, timeout=30_000)
    _idle(qtbot, window)
    label = window.db_label.text()
    assert "PostgreSQL" in label and server.host in label and f"người dùng {server.user}" in label
    assert "mat-khau" not in label
    assert window.db is not None and window.db.is_empty()  # the schema was created
    remembered = str(settings().value("database/last"))
    assert remembered.startswith("postgresql") and "mat-khau" not in remembered
    assert memory_keyring.stored[(KEYRING_SERVICE, server.key)] == "mat-khau-bi-mat"
    ini = Path(settings().fileName()).read_text(encoding="utf-8")
    assert "mat-khau" not in ini

    from desktop.app import last_database

    assert last_database() == server.url("mat-khau-bi-mat")  # the next start finds it


def test_a_server_the_user_may_not_change_is_one_line(
    qtbot: QtBot,
    window_factory: Factory,
    demo_url: str,
    pg_url: str,
    memory_keyring: MemoryKeyring,
    reported: list[str],
) -> None:
    import psycopg

    server = parse_server(pg_url)
    assert server is not None
    admin = pg_url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS khach_xem")
        conn.execute("CREATE ROLE khach_xem LOGIN")
        conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    window = window_factory(demo_url)
    _idle(qtbot, window)
    window.connect_server()
    dialog = window.server_dialog
    dialog.host.setText(server.host)
    dialog.port.setValue(server.port)
    dialog.database.setText(server.database)
    dialog.user.setText("khach_xem")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: bool(reported), timeout=30_000)
    assert "không mở được cơ sở dữ liệu" in reported[0] and "\n" not in reported[0]
    assert "khach_xem" in reported[0]
