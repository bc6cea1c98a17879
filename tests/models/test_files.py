"""Opening files safely: foreign files untouched, newer databases named, read-only opening,
and migrations that are all-or-nothing with a copy taken first."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import event

from models.backup import backups_dir
from models.db import Database, DatabaseOpenError, ReadOnlyDatabaseError, make_engine
from models.locations import alembic_config, head_revision


def _fingerprint(path: Path) -> tuple[str, int, list[str]]:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    siblings = sorted(p.name for p in path.parent.iterdir())
    return digest, path.stat().st_mtime_ns, siblings


@pytest.mark.parametrize(
    "script",
    [
        "CREATE TABLE invoices (id INTEGER); INSERT INTO invoices VALUES (1);",
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);",
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);"
        "CREATE TABLE invoices (id INTEGER);",
    ],
    ids=["foreign-tables", "empty-alembic-version", "empty-alembic-version-and-tables"],
)
def test_a_foreign_file_is_refused_byte_for_byte_untouched(tmp_path: Path, script: str) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(script)
    conn.close()
    before = _fingerprint(path)
    with pytest.raises(DatabaseOpenError, match="không phải cơ sở dữ liệu TapHuan"):
        Database(f"sqlite:///{path}")
    assert _fingerprint(path) == before  # no WAL switch, no tables, no -wal/-shm files


def test_a_database_from_a_newer_taphuan_says_so(empty_url: str) -> None:
    Database(empty_url).close()
    path = Path(empty_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    conn.close()
    with pytest.raises(DatabaseOpenError) as caught:
        Database(empty_url)
    message = str(caught.value)
    assert "cơ sở dữ liệu do phiên bản TapHuan mới hơn tạo" in message
    assert "\n" not in message


@pytest.fixture
def read_only_file(demo_url: str) -> Iterator[Path]:
    path = Path(demo_url.removeprefix("sqlite:///"))
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    yield path
    path.chmod(0o644)


def test_a_read_only_file_opens_for_viewing_and_refuses_writes(read_only_file: Path) -> None:
    from models.planning.catalog import list_plans

    before = _fingerprint(read_only_file)[0]
    db = Database(f"sqlite:///{read_only_file}")
    assert db.read_only
    assert "chỉ đọc" in db.description
    with db.read() as s:
        assert list_plans(s, None)  # the demo plan can be viewed (and printed)
    with pytest.raises(ReadOnlyDatabaseError, match="chỉ đọc"), db.write():
        pass
    db.close()
    assert hashlib.sha256(read_only_file.read_bytes()).hexdigest() == before


def test_a_read_only_file_in_a_read_only_folder_opens(demo_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "ro.sqlite3"
    shutil.copyfile(demo_url.removeprefix("sqlite:///"), path)
    folder.chmod(0o555)
    try:
        db = Database(f"sqlite:///{path}")
        assert db.read_only
        with db.read() as s:
            assert s.connection().exec_driver_sql("SELECT count(*) FROM plan").scalar()
        db.close()
    finally:
        folder.chmod(0o755)


# --- migrations: all or nothing, a copy first ------------------------------------------------


def _at_first_revision(demo_url: str) -> Path:
    engine = make_engine(demo_url)
    command.downgrade(alembic_config(engine), "0001_initial")
    engine.dispose()
    return Path(demo_url.removeprefix("sqlite:///"))


def _schema_and_data(path: Path) -> tuple[list[Any], list[Any], list[Any]]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        version = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        plans = conn.execute("SELECT * FROM plan ORDER BY id").fetchall()
    finally:
        conn.close()
    return schema, version, plans


@pytest.mark.parametrize("fail_at", [1, 3, 8, 20])
def test_an_interrupted_migration_leaves_the_database_as_it_was(
    demo_url: str, fail_at: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _at_first_revision(demo_url)
    before = _schema_and_data(path)
    assert before[1] == [("0001_initial",)] and before[2]

    import models.db as dbmod

    real = dbmod.make_engine

    def failing_engine(url: str, **kw: Any) -> Any:
        engine = real(url, **kw)
        seen = {"ddl": 0}

        @event.listens_for(engine, "before_cursor_execute")
        def boom(*args: Any) -> None:
            statement = str(args[2]).lstrip().upper()
            if statement.startswith(("CREATE", "ALTER", "DROP", "INSERT INTO _ALEMBIC")):
                seen["ddl"] += 1
                if seen["ddl"] == fail_at:
                    raise OSError("simulated crash")

        return engine

    monkeypatch.setattr(dbmod, "make_engine", failing_engine)
    with pytest.raises(OSError, match="simulated crash"):
        Database(demo_url)
    monkeypatch.undo()
    assert _schema_and_data(path) == before
    db = Database(demo_url)  # and it still upgrades afterwards
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            head_revision()
        )
    db.close()


def test_a_copy_is_taken_before_migrating_a_file_with_data(demo_url: str) -> None:
    path = _at_first_revision(demo_url)
    before = _schema_and_data(path)
    Database(demo_url).close()
    copies = list(backups_dir().glob("*-truoc-nang-cap.sqlite3"))
    assert len(copies) == 1
    assert _schema_and_data(copies[0]) == before


def test_no_copy_for_a_new_or_current_database(empty_url: str, demo_url: str) -> None:
    Database(empty_url).close()
    Database(demo_url).close()
    assert not list(backups_dir().glob("*.sqlite3"))
    assert not os.listdir(backups_dir())


@pytest.mark.postgresql
@pytest.mark.parametrize("fail_at", [2, 6])
def test_an_interrupted_migration_on_postgresql_leaves_it_as_it_was(
    pg_url: str, fail_at: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import inspect

    from models.demo import scenarios as demo

    db = Database(pg_url)
    with db.write() as s:
        demo.load_scenario_a(s)
    command.downgrade(alembic_config(db.engine), "0001_initial")
    with db.engine.connect() as conn:
        before = (
            sorted(inspect(conn).get_table_names()),
            conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar(),
            conn.exec_driver_sql("SELECT count(*) FROM person").scalar(),
        )
    db.close()
    assert before[1] == "0001_initial" and before[2]

    import models.db as dbmod

    real = dbmod.make_engine

    def failing_engine(url: str, **kw: Any) -> Any:
        engine = real(url, **kw)
        seen = {"ddl": 0}

        @event.listens_for(engine, "before_cursor_execute")
        def boom(*args: Any) -> None:
            if str(args[2]).lstrip().upper().startswith(("CREATE", "ALTER", "DROP")):
                seen["ddl"] += 1
                if seen["ddl"] == fail_at:
                    raise OSError("simulated crash")

        return engine

    monkeypatch.setattr(dbmod, "make_engine", failing_engine)
    with pytest.raises(OSError, match="simulated crash"):
        Database(pg_url)
    monkeypatch.undo()
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        after = (
            sorted(inspect(conn).get_table_names()),
            conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar(),
            conn.exec_driver_sql("SELECT count(*) FROM person").scalar(),
        )
    engine.dispose()
    assert after == before
