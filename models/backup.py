"""Copies of a SQLite database: rotating automatic backups, a manual backup, and restore.

Every copy goes through SQLite's online backup API (`sqlite3.Connection.backup`), so it is
consistent even while the window or a CLI command is writing, and includes what still sits in
the WAL. A copy is written to a hidden `.part` file beside its target and renamed into place;
a failure (a full disk, an interrupted copy) removes it and ends with one line.

Automatic copies live in `<data dir>/backups/`, named `<file>-<YYYYmmdd-HHMMSS>-<reason>.sqlite3`;
the newest `KEEP` of each database are kept. PostgreSQL is backed up with pg_dump (README).
Qt-free: the window and the CLI both call this.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import secrets
import sqlite3
from pathlib import Path

from models.errors import UserError, file_error_reason
from models.locations import data_dir, known_revisions

KEEP = 10
STAMP = "%Y%m%d-%H%M%S"


class BackupError(UserError):
    """A backup or a restore that could not be done; nothing has been changed."""


def backups_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return file_error_reason(exc)
    if isinstance(exc, sqlite3.OperationalError) and "disk is full" in str(exc):
        return file_error_reason(OSError(errno.ENOSPC, str(exc)))
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text


def _connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of `source` at `target` (replaced atomically), or BackupError."""
    if not source.is_file():
        raise BackupError(f"không có tệp cơ sở dữ liệu: {source}")
    target = Path(target)
    part = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        src = _connect_ro(source)
        try:
            dest = sqlite3.connect(part)
            try:
                src.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
            finally:
                dest.close()
        finally:
            src.close()
        os.replace(part, target)
    except (OSError, sqlite3.Error) as exc:
        for leftover in (part, part.with_name(part.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise BackupError(f"không sao lưu được vào {target}: {_reason(exc)}") from exc
    return target


def _automatic(source: Path) -> list[Path]:
    """This database's automatic copies, oldest first."""
    return sorted(backups_dir().glob(f"{source.stem}-????????-??????-*.sqlite3"))


def rotating_backup(
    source: Path, reason: str, *, keep: int = KEEP, now: dt.datetime | None = None
) -> Path:
    """An automatic copy in the backups folder; older copies beyond `keep` are removed."""
    stamp = (now or dt.datetime.now()).strftime(STAMP)
    target = backups_dir() / f"{source.stem}-{stamp}-{reason}.sqlite3"
    copy_database(source, target)
    for old in _automatic(source)[:-keep]:
        old.unlink(missing_ok=True)
    return target


def daily_backup(source: Path, *, now: dt.datetime | None = None) -> Path | None:
    """The copy taken when the day's first session opens the database; None if there is one."""
    today = (now or dt.datetime.now()).strftime("%Y%m%d")
    if any(p.name.startswith(f"{source.stem}-{today}-") for p in _automatic(source)):
        return None
    return rotating_backup(source, "hang-ngay", now=now)


def check_database_file(path: Path) -> str:
    """The revision of a TapHuan database file that is whole; BackupError otherwise."""
    if not path.is_file():
        raise BackupError(f"không có tệp: {path}")
    try:
        conn = _connect_ro(path)
        try:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            rows = (
                conn.execute("SELECT version_num FROM alembic_version").fetchall()
                if "alembic_version" in tables
                else []
            )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{path} không phải tệp cơ sở dữ liệu dùng được: {_reason(exc)}") from exc
    if not integrity or integrity[0] != "ok":
        raise BackupError(f"{path} bị hỏng (kiểm tra toàn vẹn không đạt)")
    if not rows:
        raise BackupError(f"{path} không phải cơ sở dữ liệu TapHuan")
    revision = str(rows[0][0])
    if revision not in known_revisions():
        raise BackupError(f"{path} do phiên bản TapHuan mới hơn tạo (phiên bản lược đồ {revision})")
    return revision


def restore(backup: Path, target: Path, *, now: dt.datetime | None = None) -> Path | None:
    """Put `backup` in place of the database `target`, after checking it; the current file is
    kept aside as `<name>.truoc-khoi-phuc-<stamp><suffix>` (returned; None if there was none).

    The copy into `target` goes through the backup API, so it is one step for SQLite: readers
    see the old database or the restored one, never a mix. Close the database first.
    """
    backup, target = Path(backup), Path(target)
    check_database_file(backup)
    if backup.resolve() == target.resolve():
        raise BackupError("tệp khôi phục chính là cơ sở dữ liệu đang dùng")
    aside = None
    if target.is_file() and target.stat().st_size > 0:
        stamp = (now or dt.datetime.now()).strftime(STAMP)
        aside = target.with_name(f"{target.stem}.truoc-khoi-phuc-{stamp}{target.suffix}")
        copy_database(target, aside)
    try:
        src = _connect_ro(backup)
        try:
            dest = sqlite3.connect(target)
            try:
                src.backup(dest)
            finally:
                dest.close()
        finally:
            src.close()
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"không khôi phục được vào {target}: {_reason(exc)}") from exc
    return aside
