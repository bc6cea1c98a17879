"""integrity: row versions for optimistic locking

Revision ID: 0003_integrity
Revises: 0002_money
Create Date: 2026-12-04 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_integrity"
down_revision: str | None = "0002_money"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every row a user edits (models.entities.columns.Versioned).
VERSIONED = (
    "org_unit", "funding_source", "norm_set", "norm_item", "plan", "plan_support", "venue",
    "lecturer", "activity", "class_session", "person", "enrollment", "budget_line",
)  # fmt: skip


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )


def downgrade() -> None:
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
