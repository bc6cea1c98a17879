"""models.backup: consistent copies while the app writes, rotation, daily copies, restore."""

from __future__ import annotations

import datetime as dt
import errno
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from models import backup
from models.backup import BackupError
from models.db import Database


def _plans(path: Path) -> list[Any]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT id, code FROM plan ORDER BY id").fetchall()
    finally:
        conn.close()


def _path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def test_a_copy_while_the_app_holds_the_database_has_every_committed_row(
    demo_url: str, tmp_path: Path
) -> None:
    db = Database(demo_url)
    with db.write() as s:  # committed into the WAL, not yet checkpointed into the file
        s.connection().exec_driver_sql("UPDATE plan SET code = 'SAU-KHI-SUA'")
    with db.read() as s:  # and a reader still open during the copy
        s.connection().exec_driver_sql("SELECT count(*) FROM plan").scalar()
        target = backup.copy_database(_path(demo_url), tmp_path / "copy.sqlite3")
    db.close()
    assert [code for _id, code in _plans(target)] == ["SAU-KHI-SUA"]
    assert backup.check_database_file(target)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith((".part", "-journal"))]


def test_rotation_keeps_the_newest_copies(demo_url: str) -> None:
    source = _path(demo_url)
    start = dt.datetime(2026, 12, 1, 8, 0, 0)
    made = [
        backup.rotating_backup(source, "thu", keep=3, now=start + dt.timedelta(minutes=i))
        for i in range(5)
    ]
    assert sorted(p.name for p in backup.backups_dir().iterdir()) == [p.name for p in made[2:]]


def test_the_daily_copy_is_taken_once_a_day(demo_url: str) -> None:
    source = _path(demo_url)
    morning = dt.datetime(2026, 12, 1, 8, 0, 0)
    assert backup.daily_backup(source, now=morning) is not None
    assert backup.daily_backup(source, now=morning.replace(hour=15)) is None
    assert backup.daily_backup(source, now=morning + dt.timedelta(days=1)) is not None
    assert len(list(backup.backups_dir().iterdir())) == 2


def test_opening_for_a_session_takes_the_days_copy(demo_url: str) -> None:
    Database(demo_url, daily_backup=True).close()
    Database(demo_url, daily_backup=True).close()
    (copy,) = backup.backups_dir().iterdir()
    assert copy.name.endswith("-hang-ngay.sqlite3")
    assert _plans(copy) == _plans(_path(demo_url))


def test_a_full_disk_ends_with_one_line_and_no_leftovers(
    demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup.os, "replace", full)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(BackupError) as caught:
        backup.copy_database(_path(demo_url), out / "copy.sqlite3")
    assert "ổ đĩa đã đầy" in str(caught.value) and "\n" not in str(caught.value)
    assert list(out.iterdir()) == []


def test_restore_checks_the_file_and_keeps_the_current_one_aside(
    demo_url: str, empty_url: str, tmp_path: Path
) -> None:
    Database(empty_url).close()  # an empty TapHuan database: the file to restore
    current = _path(demo_url)
    before = _plans(current)
    assert before
    aside = backup.restore(_path(empty_url), current, now=dt.datetime(2026, 12, 1, 9, 30, 0))
    assert aside is not None and aside.name == "demo.truoc-khoi-phuc-20261201-093000.sqlite3"
    assert _plans(aside) == before
    assert _plans(current) == []
    db = Database(demo_url)
    assert db.is_empty()
    db.close()


@pytest.mark.parametrize("kind", ["foreign", "corrupt", "newer", "text"])
def test_restore_refuses_a_bad_file_and_changes_nothing(
    demo_url: str, empty_url: str, tmp_path: Path, kind: str
) -> None:
    bad = tmp_path / "bad.sqlite3"
    if kind == "foreign":
        with sqlite3.connect(bad) as conn:
            conn.execute("CREATE TABLE invoices (id INTEGER)")
        conn.close()
    elif kind == "newer":
        Database(f"sqlite:///{bad}").close()
        with sqlite3.connect(bad) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
        conn.close()
    elif kind == "corrupt":
        Database(f"sqlite:///{bad}").close()
        with sqlite3.connect(bad) as conn:
            conn.execute("PRAGMA journal_mode=DELETE")
        conn.close()
        data = bytearray(bad.read_bytes())
        data[4096 * 2 : 4096 * 2 + 200] = b"\xff" * 200
        bad.write_bytes(bytes(data))
    else:
        bad.write_text("họ tên;CCCD\n", encoding="utf-8")
    current = _path(demo_url)
    before = current.read_bytes()
    with pytest.raises(BackupError) as caught:
        backup.restore(bad, current)
    assert "\n" not in str(caught.value)
    assert current.read_bytes() == before
    assert sorted(p.name for p in current.parent.iterdir() if "khoi-phuc" in p.name) == []
