"""0007_certificates goes down and up again, keeping a plan's row and its lock triggers."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from models.db import Database
from models.locations import alembic_config


def test_down_and_up(empty_url: str) -> None:
    db = Database(empty_url)
    try:
        cfg = alembic_config(db.engine)
        command.downgrade(cfg, "0006_payers_travel")
        assert "certificate" not in inspect(db.engine).get_table_names()
        columns = {c["name"] for c in inspect(db.engine).get_columns("plan")}
        assert "certificate_min_attendance" not in columns
        command.upgrade(cfg, "head")
        assert "certificate" in inspect(db.engine).get_table_names()
    finally:
        db.close()
