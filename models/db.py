"""Where the data lives: the database URL, the engine, migrations and units of work.

One `Database` per open database. Every user action is one transaction (`db.write()`); a failure
rolls the whole action back. Sessions are never shared between threads.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, select
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from models import changes
from models.changes import Change
from models.concurrency import GuardedSession
from models.errors import UserError
from models.locations import DB_ENV, alembic_config, data_dir, head_revision, known_revisions

# Session is re-exported so front ends can type a unit of work without importing SQLAlchemy.
__all__ = [
    "DB_ENV",
    "Database",
    "DatabaseOpenError",
    "ReadOnlyDatabaseError",
    "Session",
    "default_url",
    "describe_url",
    "make_engine",
    "sqlite_file",
    "upgrade",
]


class DatabaseOpenError(Exception):
    """The database cannot be opened or is not a TapHuan database; the message is for users."""


class ReadOnlyDatabaseError(UserError):
    """A write into a database opened read-only (the file or its folder is not writable)."""


def default_url() -> str:
    """--db wins over TAPHUAN_DB, which wins over the SQLite file in the user's data folder."""
    env = os.environ.get(DB_ENV)
    if env:
        return env
    return f"sqlite:///{data_dir() / 'taphuan.sqlite3'}"


def describe_url(url: str) -> str:
    """A short, password-free description for the status bar and messages."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite: {parsed.database or '(bộ nhớ)'}"
    if parsed.get_backend_name() == "postgresql":
        host = parsed.host or parsed.query.get("host") or "localhost"
        port = parsed.port or parsed.query.get("port") or 5432
        return (
            f"PostgreSQL: máy chủ {host}:{port}, cơ sở dữ liệu {parsed.database}, "
            f"người dùng {parsed.username or '(mặc định)'}"
        )
    return parsed.render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


_NETWORK_FILESYSTEMS = frozenset({"cifs", "smb3", "smbfs", "nfs", "nfs4", "9p", "sshfs"})


def on_network_share(database: str) -> bool:
    """Whether an SQLite file would live on a network share (a UNC path, a mapped network
    drive on Windows, a CIFS/NFS mount elsewhere): its locking, and WAL, are unsafe there."""
    text = database.replace("/", "\\")
    if text.startswith("\\\\") and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return True  # \\server\share\…
    path = Path(database).expanduser()
    if os.name == "nt":
        import ctypes

        drive = path.resolve().drive
        remote = 4  # DRIVE_REMOTE
        return bool(drive) and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == remote  # type: ignore[attr-defined]
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return False
    folder = str(path.resolve().parent)
    best, kind = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and (
            folder == parts[1] or folder.startswith(parts[1].rstrip("/") + "/")
        ):
            if len(parts[1]) > len(best):
                best, kind = parts[1], parts[2]
    return kind in _NETWORK_FILESYSTEMS


def sqlite_file(url: str) -> Path | None:
    """The SQLite file a URL names, or None (PostgreSQL, in-memory, unparsable)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        return None
    return Path(database).expanduser().resolve()


def _read_only_connect(path: Path) -> Any:
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine; `read_only` opens a SQLite file with mode=ro (nothing is ever written)."""
    try:
        parsed: URL = make_url(url)
    except ArgumentError as exc:
        raise DatabaseOpenError(f"địa chỉ cơ sở dữ liệu không hợp lệ: {url}") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and on_network_share(database):
            raise DatabaseOpenError(
                f"không mở tệp SQLite trên ổ mạng ({database}): SQLite không an toàn khi dùng "
                "chung qua mạng — hãy dùng máy chủ PostgreSQL của đơn vị (--db "
                "postgresql+psycopg://…) hoặc chép tệp về máy này"
            )
        if database and database != ":memory:":
            folder = Path(database).expanduser().resolve().parent
            if not folder.is_dir():
                raise DatabaseOpenError(f"thư mục không tồn tại: {folder}")
        path = sqlite_file(url)
        if read_only and path is not None:
            engine = create_engine("sqlite://", creator=lambda: _read_only_connect(path))
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        if database and database != ":memory:":
            # WAL lets the window read while a worker writes; it is a property of the file.
            event.listen(engine, "connect", _wal)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except (ImportError, NoSuchModuleError) as exc:  # the driver is not installed (or bundled)
        raise DatabaseOpenError(
            f"thiếu trình điều khiển cho {parsed.drivername}: cài gói taphuan[postgresql] "
            f"(psycopg) rồi thử lại ({exc})"
        ) from exc


def _wal(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _not_writable(path: Path) -> bool:
    """The file or its folder cannot be written (by access rights or by mode bits, which also
    holds for an administrator account, so a file marked read-only is treated as such)."""
    for target in (path, path.parent):
        if not os.access(target, os.W_OK):
            return True
        if not os.stat(target).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            return True
    return False


def probe_sqlite(path: Path) -> tuple[set[str], str | None]:
    """The tables and the Alembic revision of a SQLite file, read without changing a byte
    (a read-only connection: no journal-mode switch, nothing created)."""
    if not path.exists() or path.stat().st_size == 0:
        return set(), None
    try:
        conn = _read_only_connect(path)
        try:
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
                revision = str(rows[0][0]) if rows else None
        finally:
            conn.close()
    except sqlite3.Error as exc:
        reason = str(exc).splitlines()[0]
        raise DatabaseOpenError(f"không mở được cơ sở dữ liệu SQLite: {path}: {reason}") from exc
    return tables, revision


def check_revision(label: str, tables: set[str], revision: str | None) -> None:
    """Refuse a database that is not TapHuan's or that a newer TapHuan made."""
    if not tables:
        return
    if "alembic_version" not in tables or revision is None:
        strange = sorted(tables - {"alembic_version"}) or ["alembic_version trống"]
        raise DatabaseOpenError(
            f"{label} không phải cơ sở dữ liệu TapHuan (có bảng lạ: {', '.join(strange[:3])})"
        )
    if revision not in known_revisions():
        raise DatabaseOpenError(
            f"cơ sở dữ liệu do phiên bản TapHuan mới hơn tạo (phiên bản lược đồ {revision}): "
            f"{label}; hãy cài phiên bản TapHuan mới nhất"
        )


def upgrade(engine: Engine) -> None:
    """Create or migrate the schema to the newest revision (one set of migrations for all)."""
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


class Database:
    """An open database: an engine plus a session factory."""

    def __init__(
        self,
        url: str | None = None,
        *,
        migrate: bool = True,
        daily_backup: bool = False,
        read_only: bool = False,
    ) -> None:
        """`read_only` opens a SQLite file with mode=ro (another window has it open for
        writing); a file the user may not write is opened so anyway."""
        self.url = url or default_url()
        self.read_only = False
        self.asked_read_only = read_only and sqlite_file(self.url) is not None
        self.path = sqlite_file(self.url)
        tables: set[str] = set()
        revision: str | None = None
        if self.path is not None:
            if self.path.parent.is_dir():
                # Looked at before any connection that could write (WAL, tables) is made.
                tables, revision = probe_sqlite(self.path)
                check_revision(describe_url(self.url), tables, revision)
                self.read_only = self.path.exists() and (
                    self.asked_read_only or _not_writable(self.path)
                )
            if self.read_only and revision != head_revision():
                raise DatabaseOpenError(
                    f"{describe_url(self.url)} chỉ đọc được (không có quyền ghi) "
                    "nhưng cần nâng cấp lên phiên bản mới: hãy mở bằng tài khoản có quyền ghi"
                )
        self.engine = make_engine(self.url, read_only=self.read_only)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False, class_=GuardedSession)
        # Told what each committed write changed (the window's views subscribe through it).
        self.listeners: list[Callable[[Change], None]] = []
        if self.read_only:
            return
        if self.path is not None and tables and daily_backup:
            from models.backup import daily_backup as take_daily

            take_daily(self.path)
        if migrate:
            if self.path is not None and tables and revision != head_revision():
                from models.backup import rotating_backup

                rotating_backup(self.path, "truoc-nang-cap")
            try:
                upgraded = self._migrate()
                self._settle_in(upgraded)
            except BaseException:
                self.engine.dispose()  # no connection left open behind a refused database
                raise

    def _settle_in(self, upgraded: bool) -> None:
        """What a writable database gets at opening, so that views only ever read: the
        shipped norm sets this release brings, and after an upgrade every open class's lines
        brought up to this release's rules."""
        from models.budget.current import refresh_all
        from models.norms.store import install_shipped, shipped_sets_installed

        if not upgraded:
            with self.read() as s:
                if shipped_sets_installed(s):
                    return  # the usual opening: nothing to add
        with self.write() as s:
            install_shipped(s)
            if upgraded:
                refresh_all(s)

    def _migrate(self) -> bool:
        """Bring the schema to head; True when an existing database was upgraded."""
        try:
            with self.engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
                revision = None
                if "alembic_version" in tables:
                    row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
                    revision = str(row[0]) if row else None
            check_revision(describe_url(self.url), tables, revision)
            if revision == head_revision():
                return False
            upgrade(self.engine)
            return revision is not None
        except (OperationalError, DatabaseError) as exc:
            reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
            raise DatabaseOpenError(
                f"không mở được cơ sở dữ liệu {describe_url(self.url)}: {reason}"
            ) from exc

    @property
    def description(self) -> str:
        if self.read_only:
            return f"{describe_url(self.url)} (chỉ đọc)"
        return describe_url(self.url)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One user action: commits at the end, rolls everything back on any error."""
        if self.read_only:
            raise ReadOnlyDatabaseError(
                "cơ sở dữ liệu đang mở chỉ đọc (một cửa sổ TapHuan khác đang dùng tệp này): "
                "không lưu được thay đổi"
                if self.asked_read_only
                else "cơ sở dữ liệu đang mở chỉ đọc (không có quyền ghi tệp): "
                "không lưu được thay đổi"
            )
        with self.sessions.begin() as session:
            yield session
            from models.budget.current import follow_changes

            follow_changes(session, changes.record(session))  # estimates follow, same commit
            done = changes.take(session)
        flags = done.changes
        if flags:
            for listener in list(self.listeners):
                listener(flags)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only look; objects stay usable (detached, not expired) afterwards."""
        session = self.sessions()
        try:
            yield session
        finally:
            session.close()  # ends the transaction without expiring what was loaded

    def is_empty(self) -> bool:
        from models.entities.tables import Plan

        with self.read() as s:
            return s.scalar(select(Plan.id).limit(1)) is None

    def close(self) -> None:
        self.engine.dispose()
