"""Alembic environment: the engine comes from models.db, one code path for SQLite and PostgreSQL.

All pending migrations run in ONE transaction, so an upgrade interrupted at any point (a crash,
kill -9, a full disk) leaves the database at its old revision. PostgreSQL has transactional DDL;
SQLite has it too, but Python's sqlite3 commits implicitly around DDL, so the migration
connection is switched to manual control (isolation_level=None) and issues its own BEGIN.
"""

from typing import Any

from alembic import context

from models.entities.columns import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # `alembic` run by hand: fall back to the configured URL
    from models.db import default_url, make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or default_url())

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    raw: Any = connection.connection.driver_connection
    if sqlite:
        # Table copies in batch mode must not cascade through foreign keys; the check runs
        # before the commit instead. (The pragma is a no-op inside a transaction.)
        raw.execute("PRAGMA foreign_keys=OFF")
        saved_isolation = raw.isolation_level
        raw.isolation_level = None
    try:
        with connection.begin():
            if sqlite:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                # SQLite cannot ALTER most things: batch mode copies the table instead.
                render_as_batch=True,
                compare_type=True,
                transaction_per_migration=False,
            )
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken is not None:
                    raise RuntimeError(f"migration left a broken foreign key: {tuple(broken)}")
    finally:
        if sqlite:
            raw.isolation_level = saved_isolation
            raw.execute("PRAGMA foreign_keys=ON")
