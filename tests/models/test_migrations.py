"""Migrations build the schema from empty, match the models, and refuse a foreign database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from models.db import Database, DatabaseOpenError, default_url
from models.entities.columns import Base
from models.locations import alembic_config


def test_migrations_from_empty_build_every_table(empty_url: str) -> None:
    db = Database(empty_url)
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_migrated_schema_matches_the_models(empty_url: str) -> None:
    db = Database(empty_url)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"the models changed without a migration: {diff}"


def test_database_is_at_head_and_opening_again_is_harmless(empty_url: str) -> None:
    db = Database(empty_url)
    head = ScriptDirectory.from_config(alembic_config(db.engine)).get_current_head()
    db.close()
    db = Database(empty_url)
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head


def test_sqlite_runs_with_foreign_keys_and_wal(empty_url: str) -> None:
    db = Database(empty_url)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_default_database_lives_in_the_user_data_folder(tmp_path: Path) -> None:
    url = default_url()
    assert url.startswith("sqlite:///")
    db = Database()
    assert Path(url.removeprefix("sqlite:///")).is_file()
    db.close()


def test_environment_variable_chooses_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "khac.sqlite3"
    monkeypatch.setenv("TAPHUAN_DB", f"sqlite:///{target}")
    Database().close()
    assert target.is_file()


def test_a_foreign_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(DatabaseOpenError, match="không phải cơ sở dữ liệu TapHuan"):
        Database(f"sqlite:///{path}")
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert names == {"invoices"}


def test_a_file_that_is_not_a_database_gives_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "ds.xlsx"
    path.write_bytes(b"PK\x03\x04 not a database at all" * 100)
    with pytest.raises(DatabaseOpenError, match="không mở được cơ sở dữ liệu"):
        Database(f"sqlite:///{path}")


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError, match="thư mục không tồn tại"):
        Database(f"sqlite:///{tmp_path / 'khong-co' / 'x.sqlite3'}")
