"""money rules: lecturers' tax fields, venues of the organising unit, treasury codes

Revision ID: 0005_money_rules
Revises: 0004_planning
Create Date: 2026-12-04 21:50:00

A lecturer's fee of 2,000,000 đ or more per payment has 10 % personal income tax withheld
(TT 111/2013/TT-BTC Điều 25 khoản 1 điểm i) unless the lecturer gave the payer a commitment
(mẫu 08/CK-TNCN); the lecturer papers print the CCCD and the tax code.
A venue that belongs to the organising unit is not hired (TT 40/2017/TT-BTC Điều 11: hall
hire only when the unit has no venue, or one too small for the participants).
Treasury codes: the plan's chương, loại–khoản and programme code, and a line's own tiểu mục
when the user changes the norm item's default.
Columns added with ALTER TABLE ADD COLUMN: the lock triggers of 0003 are untouched.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_money_rules"
down_revision: str | None = "0004_planning"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "lecturer", sa.Column("cccd", sa.String(length=12), server_default="", nullable=False)
    )
    op.add_column(
        "lecturer", sa.Column("tax_code", sa.String(length=14), server_default="", nullable=False)
    )
    op.add_column(
        "lecturer",
        sa.Column("tax_commitment", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "venue",
        sa.Column("organiser_owned", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "plan",
        sa.Column("minority_language", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "plan",
        sa.Column(
            "organiser_level", sa.String(length=16), server_default="province", nullable=False
        ),
    )
    op.add_column(
        "venue",
        sa.Column("central_city", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "plan",
        sa.Column("lodging_certified", sa.Boolean(), server_default=sa.true(), nullable=False),
    )
    op.add_column(
        "plan", sa.Column("night_after", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column("plan", sa.Column("lodging_min_km", sa.Integer(), nullable=True))
    op.create_table(
        "petrol_price",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("price >= 0", name=op.f("ck_petrol_price_price_not_negative")),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_petrol_price_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petrol_price")),
        sa.UniqueConstraint("plan_id", "valid_from", name="uq_petrol_price_plan_day"),
    )
    for column, length in (("budget_chapter", 8), ("budget_sector", 16), ("programme_code", 32)):
        op.add_column(
            "plan", sa.Column(column, sa.String(length=length), server_default="", nullable=False)
        )
    op.add_column(
        "budget_line",
        sa.Column("budget_code", sa.String(length=8), server_default="", nullable=False),
    )
    # The documents behind an actual amount (JSON list: kind, number, date, invoice symbol,
    # seller and seller's tax code, amount): a line may have several.
    op.add_column(
        "budget_line", sa.Column("documents", sa.Text(), server_default="", nullable=False)
    )


def downgrade() -> None:
    from importlib import import_module

    op.drop_table("petrol_price")
    # Batch mode copies budget_line and plan, which the lock triggers name: drop them first.
    guards = import_module("models.migrations.versions.0003_integrity")
    guards.drop_guards()
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.drop_column("documents")
        batch_op.drop_column("budget_code")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        for column in ("programme_code", "budget_sector", "budget_chapter", "minority_language",
                       "organiser_level", "lodging_certified", "night_after",
                       "lodging_min_km"):  # fmt: skip
            batch_op.drop_column(column)
    with op.batch_alter_table("venue", schema=None) as batch_op:
        batch_op.drop_column("central_city")
        batch_op.drop_column("organiser_owned")
    with op.batch_alter_table("lecturer", schema=None) as batch_op:
        batch_op.drop_column("tax_commitment")
        batch_op.drop_column("tax_code")
        batch_op.drop_column("cccd")
    guards.create_guards()
