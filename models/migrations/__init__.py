"""Alembic migrations: one script per schema change, serving SQLite and PostgreSQL alike."""
