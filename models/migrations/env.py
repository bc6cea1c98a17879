"""Alembic environment: the engine comes from models.db, one code path for SQLite and PostgreSQL."""

from alembic import context

from models.entities.columns import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # `alembic` run by hand: fall back to the configured URL
    from models.db import default_url, make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or default_url())

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=True,
        compare_type=True,
    )
    context.run_migrations()
