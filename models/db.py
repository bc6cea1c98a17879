"""Where the data lives: the database URL, the engine, migrations and units of work.

One `Database` per open database. Every user action is one transaction (`db.write()`); a failure
rolls the whole action back. Sessions are never shared between threads.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import create_engine, event, inspect, select
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from models.concurrency import GuardedSession

# Session is re-exported so front ends can type a unit of work without importing SQLAlchemy.
__all__ = [
    "DB_ENV",
    "Database",
    "DatabaseOpenError",
    "Session",
    "alembic_config",
    "data_dir",
    "default_url",
    "describe_url",
    "make_engine",
    "upgrade",
]

APP_NAME = "TapHuan"
DB_ENV = "TAPHUAN_DB"


class DatabaseOpenError(Exception):
    """The database cannot be opened or is not a TapHuan database; the message is for users."""


def data_dir() -> Path:
    """The user's data directory (created on demand); TAPHUAN_DATA_DIR overrides it."""
    override = os.environ.get("TAPHUAN_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


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
    return parsed.render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    try:
        parsed: URL = make_url(url)
    except ArgumentError as exc:
        raise DatabaseOpenError(f"địa chỉ cơ sở dữ liệu không hợp lệ: {url}") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            folder = Path(database).expanduser().resolve().parent
            if not folder.is_dir():
                raise DatabaseOpenError(f"thư mục không tồn tại: {folder}")
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        if database and database != ":memory:":
            # WAL lets the window read while a worker writes; it is a property of the file.
            event.listen(engine, "connect", _wal)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def _wal(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("models") / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Create or migrate the schema to the newest revision (one set of migrations for all)."""
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


class Database:
    """An open database: an engine plus a session factory."""

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = url or default_url()
        self.engine = make_engine(self.url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False, class_=GuardedSession)
        if migrate:
            self._migrate()

    def _migrate(self) -> None:
        try:
            with self.engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
            if tables and "alembic_version" not in tables:
                raise DatabaseOpenError(
                    f"{describe_url(self.url)} không phải cơ sở dữ liệu TapHuan "
                    f"(có bảng lạ: {', '.join(sorted(tables)[:3])})"
                )
            upgrade(self.engine)
        except (OperationalError, DatabaseError) as exc:
            reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
            raise DatabaseOpenError(
                f"không mở được cơ sở dữ liệu {describe_url(self.url)}: {reason}"
            ) from exc

    @property
    def description(self) -> str:
        return describe_url(self.url)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One user action: commits at the end, rolls everything back on any error."""
        with self.sessions.begin() as session:
            yield session

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
