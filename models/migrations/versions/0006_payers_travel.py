"""who pays each participant category, travel per category and lecturer, lodging tiers

Revision ID: 0006_payers_travel
Revises: 0005_money_rules
Create Date: 2026-12-04 23:40:00

A plan records per participant category who pays their costs (the class budget, or their
own agency as công tác phí) and how they travel; a lecturer may travel by ticket or by km;
a person or lecturer with a position allowance of 1,25 or more has the leader's lodging tier;
a plan pays lodging flat per night or by invoice per room (TT 40/2017/TT-BTC Điều 7); an
enrollment records that the person's agency paid the trip, so the class never pays it twice.
Columns added with ALTER TABLE ADD COLUMN: the lock triggers of 0003 are untouched.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_payers_travel"
down_revision: str | None = "0005_money_rules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FLAGS = (
    ("plan", "lodging_by_invoice"),
    ("lecturer", "leader"),
    ("person", "leader"),
    ("enrollment", "agency_paid"),
)


def upgrade() -> None:
    op.create_table(
        "plan_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("payer", sa.String(length=16), server_default="class", nullable=False),
        sa.Column("travel_method", sa.String(length=16), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("payer IN ('class', 'agency')", name=op.f("ck_plan_category_payer_known")),
        sa.CheckConstraint(
            "travel_method IS NULL OR travel_method IN ('own_vehicle', 'flat_per_km', 'actual')",
            name=op.f("ck_plan_category_category_travel_method_known"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_plan_category_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_category")),
        sa.UniqueConstraint("plan_id", "category", name="uq_plan_category"),
    )
    op.create_index(op.f("ix_plan_category_plan_id"), "plan_category", ["plan_id"])
    op.add_column("lecturer", sa.Column("travel_method", sa.String(length=16), nullable=True))
    for table, column in _FLAGS:
        op.add_column(
            table, sa.Column(column, sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    from importlib import import_module

    op.drop_index(op.f("ix_plan_category_plan_id"), table_name="plan_category")
    op.drop_table("plan_category")
    # Batch mode copies plan and enrollment, which the lock triggers name: drop them first.
    guards = import_module("models.migrations.versions.0003_integrity")
    guards.drop_guards()
    for table, column in _FLAGS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
    with op.batch_alter_table("lecturer", schema=None) as batch_op:
        batch_op.drop_column("travel_method")
    guards.create_guards()
