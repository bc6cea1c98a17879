"""planning: archived plans and activities, the capacity override's reason

Revision ID: 0004_planning
Revises: 0003_integrity
Create Date: 2026-12-04 21:20:00

A plan or activity with attendance, payouts or a lock is archived instead of deleted: hidden
from the lists, kept in every total. An activity enrolled beyond its venue's capacity keeps
the reason the user gave (shown on the class).

Columns are added with ALTER TABLE ADD COLUMN (no table copy on SQLite), so the lock triggers
of 0003_integrity stay in place; `create_guards()` is not needed again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_planning"
down_revision: str | None = "0003_integrity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    false = sa.false()
    op.add_column("plan", sa.Column("archived", sa.Boolean(), server_default=false, nullable=False))
    op.add_column(
        "activity", sa.Column("archived", sa.Boolean(), server_default=false, nullable=False)
    )
    op.add_column(
        "activity",
        sa.Column("capacity_note", sa.String(length=500), server_default="", nullable=False),
    )


def downgrade() -> None:
    from importlib import import_module

    # SQLite's batch mode copies the tables, which the triggers name: drop them first and
    # create them again afterwards.
    guards = import_module("models.migrations.versions.0003_integrity")
    guards.drop_guards()
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_column("capacity_note")
        batch_op.drop_column("archived")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("archived")
    guards.create_guards()
